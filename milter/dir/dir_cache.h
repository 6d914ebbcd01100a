#ifndef DIR_CACHE_H_INCLUDED
#define DIR_CACHE_H_INCLUDED

/*++
/* NAME
/*	dir_cache 3h
/* SUMMARY
/*	bounded, sharded, expiring cache of mailbox lookups
/* SYNOPSIS
/*	#include "dir_cache.h"
/* DESCRIPTION
/*	See dir_cache.c.
/*--*/

#include <stddef.h>

#include "dir.h"

typedef struct DIR_CACHE DIR_CACHE;

extern DIR_CACHE *dir_cache_create(int, int);
extern int dir_cache_get(DIR_CACHE *, const char *, size_t, DIR_STATUS *, DIR_MAILBOX *);
extern void dir_cache_put(DIR_CACHE *, const char *, size_t, DIR_STATUS, const DIR_MAILBOX *, int);
extern void dir_cache_flush(DIR_CACHE *);
extern void dir_cache_counts(DIR_CACHE *, unsigned long *, unsigned long *);
extern void dir_cache_free(DIR_CACHE *);

#endif
