/*++
/* NAME
/*	dir_cache 3
/* SUMMARY
/*	bounded, sharded, expiring cache of mailbox lookups
/* SYNOPSIS
/*	#include "dir_cache.h"
/*
/*	DIR_CACHE *dir_cache_create(int size, int shards)
/*	int	dir_cache_get(DIR_CACHE *cp, const char *key, size_t len,
/*				DIR_STATUS *status, DIR_MAILBOX *mb)
/*	void	dir_cache_put(DIR_CACHE *cp, const char *key, size_t len,
/*				DIR_STATUS status, const DIR_MAILBOX *mb,
/*				int ttl)
/*	void	dir_cache_flush(DIR_CACHE *cp)
/*	void	dir_cache_counts(DIR_CACHE *cp, unsigned long *lookups,
/*				unsigned long *hits)
/*	void	dir_cache_free(DIR_CACHE *cp)
/* DESCRIPTION
/*	The directory client remembers the answers of mailbox lookups,
/*	positive (DIR_FOUND with the mailbox) and negative (DIR_NOTFOUND),
/*	each for its own time to live; a failure (DIR_TEMPFAIL) is never
/*	cached. Keys are the caller's lower-cased address (any bytes,
/*	length given).
/*
/*	The cache holds at most size entries, split over shards (a power
/*	of two, 1 to 256), each with its own mutex, hash table and
/*	least-recently-used list: a full shard drops its least recently
/*	used entry. Sharding keeps threads that look up different
/*	addresses from queueing on one lock (see README.md, "Directory
/*	mirror", for the measured difference).
/*
/*	dir_cache_get() returns 1 and fills status and mb on a hit that
/*	has not expired, else 0 (an expired entry is removed). dir_cache_put()
/*	inserts or replaces. dir_cache_flush() empties the cache.
/*	dir_cache_counts() adds up the lookups and hits seen so far.
/*
/*	Times come from CLOCK_MONOTONIC (a clock change does not expire
/*	or revive entries).
/* DIAGNOSTICS
/*	Allocation failure is fatal.
/*--*/

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "dir_cache.h"

typedef struct DIR_CACHE_ENT {
    struct DIR_CACHE_ENT *hnext;	/* hash chain */
    struct DIR_CACHE_ENT *prev;		/* LRU list, most recent first */
    struct DIR_CACHE_ENT *next;
    uint64_t hash;
    time_t  expires;
    DIR_STATUS status;
    DIR_MAILBOX mb;
    size_t  len;
    char    key[1];			/* len bytes, then NUL */
} DIR_CACHE_ENT;

typedef struct DIR_CACHE_SHARD {
    pthread_mutex_t lock;
    DIR_CACHE_ENT **table;
    size_t  mask;			/* table size - 1 */
    size_t  count;
    size_t  max;
    DIR_CACHE_ENT *head;		/* most recently used */
    DIR_CACHE_ENT *tail;
    unsigned long lookups;
    unsigned long hits;
    /* Keep two shards' locks off one cache line. */
    char    pad[64];
} DIR_CACHE_SHARD;

struct DIR_CACHE {
    DIR_CACHE_SHARD *shards;
    unsigned nshards;			/* a power of two */
};

/* now_sec - monotonic seconds */

static time_t now_sec(void)
{
    struct timespec ts;

#ifdef CLOCK_MONOTONIC_COARSE
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
#else
    clock_gettime(CLOCK_MONOTONIC, &ts);
#endif
    return (ts.tv_sec);
}

/* hash_key - FNV-1a, 64 bits */

static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    size_t  i;

    for (i = 0; i < len; i++) {
	h ^= (unsigned char) key[i];
	h *= 1099511628211ULL;
    }
    return (h);
}

/* dir_cache_create - empty cache */

DIR_CACHE *dir_cache_create(int size, int shards)
{
    DIR_CACHE *cp = mymalloc(sizeof(*cp));
    size_t  per, tsize;
    unsigned i;

    if (size < 1)
	size = 1;
    cp->nshards = 1;
    while ((int) cp->nshards < shards && cp->nshards < 256)
	cp->nshards *= 2;
    per = ((size_t) size + cp->nshards - 1) / cp->nshards;
    for (tsize = 16; tsize < per; tsize *= 2)
	 /* void */ ;
    cp->shards = mycalloc(cp->nshards, sizeof(*cp->shards));
    for (i = 0; i < cp->nshards; i++) {
	DIR_CACHE_SHARD *sp = cp->shards + i;

	pthread_mutex_init(&sp->lock, 0);
	sp->table = mycalloc(tsize, sizeof(*sp->table));
	sp->mask = tsize - 1;
	sp->max = per;
    }
    return (cp);
}

/* unlink_ent - remove from the hash chain and the LRU list (lock held) */

static void unlink_ent(DIR_CACHE_SHARD *sp, DIR_CACHE_ENT *ep)
{
    DIR_CACHE_ENT **pp = sp->table + (ep->hash & sp->mask);

    while (*pp != ep)
	pp = &(*pp)->hnext;
    *pp = ep->hnext;
    if (ep->prev)
	ep->prev->next = ep->next;
    else
	sp->head = ep->next;
    if (ep->next)
	ep->next->prev = ep->prev;
    else
	sp->tail = ep->prev;
    sp->count--;
}

/* to_front - mark most recently used (lock held) */

static void to_front(DIR_CACHE_SHARD *sp, DIR_CACHE_ENT *ep)
{
    if (sp->head == ep)
	return;
    ep->prev->next = ep->next;
    if (ep->next)
	ep->next->prev = ep->prev;
    else
	sp->tail = ep->prev;
    ep->prev = 0;
    ep->next = sp->head;
    sp->head->prev = ep;
    sp->head = ep;
}

/* find - entry for key (lock held) */

static DIR_CACHE_ENT *find(DIR_CACHE_SHARD *sp, uint64_t h, const char *key, size_t len)
{
    DIR_CACHE_ENT *ep;

    for (ep = sp->table[h & sp->mask]; ep; ep = ep->hnext)
	if (ep->hash == h && ep->len == len && memcmp(ep->key, key, len) == 0)
	    return (ep);
    return (0);
}

/* shard_of - the shard for a hash: top bits, the table uses the low ones */

static DIR_CACHE_SHARD *shard_of(DIR_CACHE *cp, uint64_t h)
{
    return (cp->shards + ((h >> 56) & (cp->nshards - 1)));
}

/* dir_cache_get - a live answer, or 0 */

int     dir_cache_get(DIR_CACHE *cp, const char *key, size_t len,
		              DIR_STATUS *status, DIR_MAILBOX *mb)
{
    uint64_t h = hash_key(key, len);
    DIR_CACHE_SHARD *sp = shard_of(cp, h);
    DIR_CACHE_ENT *ep;
    int     hit = 0;

    pthread_mutex_lock(&sp->lock);
    sp->lookups++;
    if ((ep = find(sp, h, key, len)) != 0) {
	if (ep->expires > now_sec()) {
	    *status = ep->status;
	    *mb = ep->mb;
	    to_front(sp, ep);
	    sp->hits++;
	    hit = 1;
	} else {
	    unlink_ent(sp, ep);
	    myfree(ep);
	}
    }
    pthread_mutex_unlock(&sp->lock);
    return (hit);
}

/* dir_cache_put - insert or replace */

void    dir_cache_put(DIR_CACHE *cp, const char *key, size_t len,
		              DIR_STATUS status, const DIR_MAILBOX *mb, int ttl)
{
    uint64_t h = hash_key(key, len);
    DIR_CACHE_SHARD *sp = shard_of(cp, h);
    DIR_CACHE_ENT *ep, *old = 0, *evict = 0;

    if (ttl <= 0)
	return;
    /* Allocate outside the lock. */
    ep = mymalloc(offsetof(DIR_CACHE_ENT, key) + len + 1);
    memcpy(ep->key, key, len);
    ep->key[len] = 0;
    ep->len = len;
    ep->hash = h;
    ep->status = status;
    if (mb)
	ep->mb = *mb;
    else
	memset(&ep->mb, 0, sizeof(ep->mb));
    ep->expires = now_sec() + ttl;
    pthread_mutex_lock(&sp->lock);
    if ((old = find(sp, h, key, len)) != 0)
	unlink_ent(sp, old);
    else if (sp->count >= sp->max && sp->tail) {
	evict = sp->tail;
	unlink_ent(sp, evict);
    }
    ep->hnext = sp->table[h & sp->mask];
    sp->table[h & sp->mask] = ep;
    ep->prev = 0;
    ep->next = sp->head;
    if (sp->head)
	sp->head->prev = ep;
    else
	sp->tail = ep;
    sp->head = ep;
    sp->count++;
    pthread_mutex_unlock(&sp->lock);
    myfree(old);
    myfree(evict);
}

/* dir_cache_flush - forget everything */

void    dir_cache_flush(DIR_CACHE *cp)
{
    unsigned i;

    for (i = 0; i < cp->nshards; i++) {
	DIR_CACHE_SHARD *sp = cp->shards + i;
	DIR_CACHE_ENT *ep, *next;

	pthread_mutex_lock(&sp->lock);
	for (ep = sp->head; ep; ep = next) {
	    next = ep->next;
	    myfree(ep);
	}
	memset(sp->table, 0, (sp->mask + 1) * sizeof(*sp->table));
	sp->head = sp->tail = 0;
	sp->count = 0;
	pthread_mutex_unlock(&sp->lock);
    }
}

/* dir_cache_counts - lookups and hits so far */

void    dir_cache_counts(DIR_CACHE *cp, unsigned long *lookups, unsigned long *hits)
{
    unsigned i;

    *lookups = *hits = 0;
    for (i = 0; i < cp->nshards; i++) {
	pthread_mutex_lock(&cp->shards[i].lock);
	*lookups += cp->shards[i].lookups;
	*hits += cp->shards[i].hits;
	pthread_mutex_unlock(&cp->shards[i].lock);
    }
}

/* dir_cache_free - destroy */

void    dir_cache_free(DIR_CACHE *cp)
{
    unsigned i;

    if (cp == 0)
	return;
    dir_cache_flush(cp);
    for (i = 0; i < cp->nshards; i++) {
	pthread_mutex_destroy(&cp->shards[i].lock);
	myfree(cp->shards[i].table);
    }
    myfree(cp->shards);
    myfree(cp);
}
