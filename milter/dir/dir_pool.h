#ifndef DIR_POOL_H_INCLUDED
#define DIR_POOL_H_INCLUDED

/*++
/* NAME
/*	dir_pool 3h
/* SUMMARY
/*	bounded pool of LDAP connections with reconnect backoff
/* SYNOPSIS
/*	#include "dir_pool.h"
/* DESCRIPTION
/*	See dir_pool.c.
/*--*/

#include <ldap.h>

typedef struct DIR_POOL DIR_POOL;

typedef struct DIR_POOL_CONFIG {
    const char *uri;
    const char *bind_dn;		/* null: anonymous */
    const char *bind_password;
    int     size;			/* connections */
    int     timeout_ms;			/* connect, bind, wait for a connection */
    int     retry_max_ms;		/* backoff ceiling */
} DIR_POOL_CONFIG;

typedef struct DIR_CONN {
    LDAP   *ld;				/* null: not connected */
    int     fresh;			/* no operation succeeded on it yet */
    int     in_use;
} DIR_CONN;

extern DIR_POOL *dir_pool_create(const DIR_POOL_CONFIG *);
extern DIR_CONN *dir_pool_get(DIR_POOL *, int *);
extern void dir_pool_put(DIR_POOL *, DIR_CONN *, int);
extern int dir_pool_is_conn_error(int);
extern unsigned long dir_pool_connects(DIR_POOL *);
extern void dir_pool_free(DIR_POOL *);

#define DIR_POOL_OK		0	/* the operation worked */
#define DIR_POOL_BROKEN		1	/* connection-level failure: drop it */

#endif
