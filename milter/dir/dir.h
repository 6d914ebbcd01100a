#ifndef DIR_H_INCLUDED
#define DIR_H_INCLUDED

/*++
/* NAME
/*	dir 3h
/* SUMMARY
/*	directory client: the LDAP mirror of the trust space (pooled, cached)
/* SYNOPSIS
/*	#include "dir.h"
/* DESCRIPTION
/*	See dir.c. Every LDAP failure is DIR_TEMPFAIL, never DIR_NOTFOUND.
/*--*/

#include <stddef.h>

#include <time.h>

#include "trust.h"
#include "vstr.h"

typedef struct DIR DIR_CLIENT;

typedef enum DIR_STATUS {
    DIR_FOUND = 0,
    DIR_NOTFOUND,
    DIR_TEMPFAIL
} DIR_STATUS;

typedef struct DIR_CONFIG {
    const char *uri;			/* ldapi://... or ldap://host:port */
    const char *base;			/* base DN of the mirror */
    const char *bind_dn;		/* NULL: anonymous */
    const char *bind_password;		/* read from a file by the caller */
    int     timeout_ms;			/* per query, default 2000 */
    int     pool_size;			/* connections, default 4 */
    int     cache_size;			/* entries, default 10000 */
    int     cache_ttl;			/* seconds, found, default 300 */
    int     cache_neg_ttl;		/* seconds, not found, default 60 */
    /* Added fields: 0 selects the default. */
    int     cache_shards;		/* cache locks, default 16; 1: one mutex */
    int     retry_max_ms;		/* reconnect backoff ceiling, default 5000 */
    int     trust_timeout_ms;		/* dir_trust_load(), default 10000 */
} DIR_CONFIG;

typedef struct DIR_MAILBOX {
    char    type[4];			/* "PER", "ORG", "APP", "CAB" */
    int     pharmacy;			/* ORG mailbox of a pharmacy */
} DIR_MAILBOX;

extern DIR_CLIENT *dir_create(const DIR_CONFIG *);
extern void dir_free(DIR_CLIENT *);
extern DIR_STATUS dir_mailbox(DIR_CLIENT *, const char *, DIR_MAILBOX *);
extern DIR_STATUS dir_trust_load(DIR_CLIENT *, TRUST **);

typedef struct DIR_FRESHNESS {
    time_t  wl_generated;		/* whitelist DateDeGeneration */
    time_t  ex_generated;		/* the time in the extraction's name */
    time_t  wl_loaded;			/* when each was loaded into the mirror */
    time_t  ex_loaded;
} DIR_FRESHNESS;				/* 0: not recorded */

extern DIR_STATUS dir_trust_freshness(DIR_CLIENT *, DIR_FRESHNESS *);
extern const char *dir_status_name(DIR_STATUS);

/* Added functions. */
extern DIR_STATUS dir_mailbox_len(DIR_CLIENT *, const char *, size_t, DIR_MAILBOX *);
extern VSTR *dir_escape_filter(VSTR *, const char *, size_t);

typedef struct DIR_STATS {
    unsigned long lookups;		/* dir_mailbox() calls */
    unsigned long cache_hits;
    unsigned long ldap_queries;
    unsigned long ldap_errors;		/* queries that ended in DIR_TEMPFAIL */
    unsigned long reconnects;		/* connections opened */
} DIR_STATS;

extern void dir_stats(DIR_CLIENT *, DIR_STATS *);
extern void dir_flush(DIR_CLIENT *);

/* Added for modules that write (convdir.c): the client's own pool. */
struct DIR_POOL;
extern struct DIR_POOL *dir_conn_pool(DIR_CLIENT *);
extern const char *dir_base_dn(DIR_CLIENT *);
extern int dir_timeout_ms(DIR_CLIENT *);
extern int dir_uri_check(const char *, VSTR *);

#endif
