#ifndef MIRROR_ENTRY_H_INCLUDED
#define MIRROR_ENTRY_H_INCLUDED

/*++
/* NAME
/*	mirror_entry 3h
/* SUMMARY
/*	one directory entry under construction (mssante-mirror)
/* SYNOPSIS
/*	#include "mirror_entry.h"
/* DESCRIPTION
/*	See mirror_entry.c.
/*--*/

#include <stdio.h>
#include <stddef.h>

#include "vstr.h"

typedef struct MIRROR_ATTR {
    const char *name;			/* static schema name */
    int     fold_case;			/* equality ignores case */
    char  **vals;			/* distinct values, in order added */
    size_t  nvals;
    size_t  cap;
} MIRROR_ATTR;

typedef struct MIRROR_ENTRY {
    VSTR   *dn;
    MIRROR_ATTR *attrs;			/* fixed order: the schema's */
    size_t  nattrs;
    size_t  cap;
} MIRROR_ENTRY;

#define MIRROR_DIGEST_HEX	32	/* hex digits stored in mssEntryDigest */

extern MIRROR_ENTRY *mirror_entry_create(void);
extern void mirror_entry_reset(MIRROR_ENTRY *);
extern void mirror_entry_free(MIRROR_ENTRY *);
extern void mirror_entry_add(MIRROR_ENTRY *, const char *, const char *);
extern void mirror_entry_addn(MIRROR_ENTRY *, const char *, const char *, size_t);
extern void mirror_entry_set(MIRROR_ENTRY *, const char *, const char *);
extern const MIRROR_ATTR *mirror_entry_find(const MIRROR_ENTRY *, const char *);
extern void mirror_entry_digest(const MIRROR_ENTRY *, char *);
extern void mirror_entry_seal(MIRROR_ENTRY *);
extern int mirror_entry_ldif(const MIRROR_ENTRY *, FILE *);
extern void mirror_entry_ldif_value(FILE *, const char *, const char *);

#endif
