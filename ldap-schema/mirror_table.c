/*++
/* NAME
/*	mirror_table 3
/* SUMMARY
/*	compact table of mailbox ids for the two-pass loader
/* SYNOPSIS
/*	#include "mirror_table.h"
/*
/*	MIRROR_TABLE *mirror_table_create(size_t hint)
/*	MIRROR_SLOT *mirror_table_lookup(MIRROR_TABLE *tp,
/*				const unsigned char *id)
/*	MIRROR_SLOT *mirror_table_enter(MIRROR_TABLE *tp,
/*				const unsigned char *id)
/*	size_t	mirror_table_size(const MIRROR_TABLE *tp)
/*	size_t	mirror_table_capacity(const MIRROR_TABLE *tp)
/*	MIRROR_SLOT *mirror_table_slot(MIRROR_TABLE *tp, size_t i)
/*	void	mirror_table_free(MIRROR_TABLE *tp)
/*
/*	void	mirror_table_id(const char *addr, size_t len,
/*				unsigned char *id)
/*	int	mirror_table_unhex(const char *hex, unsigned char *bin,
/*				size_t len)
/* DESCRIPTION
/*	Merging the duplicated addresses of a 535,000-line extraction
/*	and comparing it with the directory need one record per address,
/*	not the lines themselves: this open-addressing table keeps 40
/*	bytes per address (the id, the directory's digest prefix, the
/*	offset of the first line, a line count and flags), about 40 MB
/*	at the real size with the load factor kept under 3/4.
/*
/*	The id of an address is the first MIRROR_ID_LEN bytes of SHA-256
/*	over the lower-cased address (mirror_table_id()); it is also the
/*	entry's RDN value (mssMailboxId, in hex) and, being a hash, the
/*	table's own hash.
/*
/*	mirror_table_enter() returns the slot of id, creating it when
/*	absent with flags MIRROR_SLOT_NEW (the caller then sets its own);
/*	it may move every slot: pointers from earlier calls go stale.
/*	mirror_table_slot() gives slot i (0 <= i < capacity) for a walk;
/*	free slots have flags 0.
/*
/*	mirror_table_unhex() reads exactly 2*len hex digits (and then the
/*	end of the string) and returns 0, or -1 for anything else; ids
/*	are written with hex_encode(3).
/* DIAGNOSTICS
/*	Allocation failure is fatal.
/*--*/

#include <ctype.h>
#include <string.h>

#include <openssl/evp.h>

#include "hex.h"
#include "mymalloc.h"
#include "mirror_table.h"

struct MIRROR_TABLE {
    MIRROR_SLOT *slots;
    size_t  cap;			/* a power of two */
    size_t  used;
};

/* slot_hash - the id is a SHA-256 prefix: any 8 bytes of it will do */

static size_t slot_hash(const unsigned char *id)
{
    size_t  h = 0;
    int     i;

    for (i = 0; i < 8; i++)
	h = (h << 8) | id[i];
    return (h);
}

/* mirror_table_create - empty table sized for about hint ids */

MIRROR_TABLE *mirror_table_create(size_t hint)
{
    MIRROR_TABLE *tp = mymalloc(sizeof(*tp));

    tp->cap = 1024;
    while (tp->cap < hint + hint / 2)
	tp->cap *= 2;
    tp->slots = mycalloc(tp->cap, sizeof(*tp->slots));
    tp->used = 0;
    return (tp);
}

/* probe - the slot holding id, or the free slot where it would go */

static MIRROR_SLOT *probe(MIRROR_SLOT *slots, size_t cap, const unsigned char *id)
{
    size_t  i = slot_hash(id) & (cap - 1);

    while (slots[i].flags != 0 && memcmp(slots[i].id, id, MIRROR_ID_LEN) != 0)
	i = (i + 1) & (cap - 1);
    return (slots + i);
}

/* grow - double the capacity */

static void grow(MIRROR_TABLE *tp)
{
    MIRROR_SLOT *old = tp->slots;
    size_t  i, ocap = tp->cap;

    tp->cap *= 2;
    tp->slots = mycalloc(tp->cap, sizeof(*tp->slots));
    for (i = 0; i < ocap; i++)
	if (old[i].flags != 0)
	    *probe(tp->slots, tp->cap, old[i].id) = old[i];
    myfree(old);
}

/* mirror_table_lookup - slot of id, or null */

MIRROR_SLOT *mirror_table_lookup(MIRROR_TABLE *tp, const unsigned char *id)
{
    MIRROR_SLOT *sp = probe(tp->slots, tp->cap, id);

    return (sp->flags ? sp : 0);
}

/* mirror_table_enter - slot of id, created if needed */

MIRROR_SLOT *mirror_table_enter(MIRROR_TABLE *tp, const unsigned char *id)
{
    MIRROR_SLOT *sp = probe(tp->slots, tp->cap, id);

    if (sp->flags)
	return (sp);
    if (4 * (tp->used + 1) > 3 * tp->cap) {
	grow(tp);
	sp = probe(tp->slots, tp->cap, id);
    }
    memset(sp, 0, sizeof(*sp));
    memcpy(sp->id, id, MIRROR_ID_LEN);
    sp->flags = MIRROR_SLOT_NEW;
    tp->used++;
    return (sp);
}

/* mirror_table_size - ids entered */

size_t  mirror_table_size(const MIRROR_TABLE *tp)
{
    return (tp->used);
}

/* mirror_table_capacity - slots, for a walk */

size_t  mirror_table_capacity(const MIRROR_TABLE *tp)
{
    return (tp->cap);
}

/* mirror_table_slot - slot i */

MIRROR_SLOT *mirror_table_slot(MIRROR_TABLE *tp, size_t i)
{
    return (i < tp->cap ? tp->slots + i : 0);
}

/* mirror_table_free - destroy */

void    mirror_table_free(MIRROR_TABLE *tp)
{
    if (tp) {
	myfree(tp->slots);
	myfree(tp);
    }
}

/* mirror_table_id - id of an address (SHA-256 of its lower-cased form) */

void    mirror_table_id(const char *addr, size_t len, unsigned char *id)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen;
    char   *low = mymalloc(len + 1);
    size_t  i;

    for (i = 0; i < len; i++)
	low[i] = (char) tolower((unsigned char) addr[i]);
    EVP_Digest(low, len, md, &mdlen, EVP_sha256(), 0);
    memcpy(id, md, MIRROR_ID_LEN);
    myfree(low);
}

/* mirror_table_unhex - exactly 2*len hex digits to binary */

int     mirror_table_unhex(const char *hex, unsigned char *bin, size_t len)
{
    /* hex_decode() stops at the NUL of a short string; a long one fails here. */
    return (hex_decode(hex, 2 * len, bin) >= 0 && hex[2 * len] == 0 ? 0 : -1);
}
