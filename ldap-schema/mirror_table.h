#ifndef MIRROR_TABLE_H_INCLUDED
#define MIRROR_TABLE_H_INCLUDED

/*++
/* NAME
/*	mirror_table 3h
/* SUMMARY
/*	compact table of mailbox ids for the two-pass loader
/* SYNOPSIS
/*	#include "mirror_table.h"
/* DESCRIPTION
/*	See mirror_table.c.
/*--*/

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MIRROR_ID_LEN	16		/* bytes of SHA-256 kept */
#define MIRROR_DIG_LEN	8		/* bytes of the entry digest kept */

#define MIRROR_SLOT_IN_FILE	(1<<0)	/* the extraction has the address */
#define MIRROR_SLOT_IN_DIR	(1<<1)	/* the directory has the entry */
#define MIRROR_SLOT_HAS_DIG	(1<<2)	/* dig holds the directory's digest */
#define MIRROR_SLOT_DONE	(1<<3)	/* entry written in the second pass */
#define MIRROR_SLOT_NEW		(1<<7)	/* just created by mirror_table_enter */

typedef struct MIRROR_SLOT {
    unsigned char id[MIRROR_ID_LEN];
    unsigned char dig[MIRROR_DIG_LEN];
    off_t   off;			/* first good line of the address */
    uint32_t count;			/* good lines with the address */
    uint32_t flags;			/* 0: free slot */
} MIRROR_SLOT;

typedef struct MIRROR_TABLE MIRROR_TABLE;

extern MIRROR_TABLE *mirror_table_create(size_t);
extern MIRROR_SLOT *mirror_table_lookup(MIRROR_TABLE *, const unsigned char *);
extern MIRROR_SLOT *mirror_table_enter(MIRROR_TABLE *, const unsigned char *);
extern size_t mirror_table_size(const MIRROR_TABLE *);
extern size_t mirror_table_capacity(const MIRROR_TABLE *);
extern MIRROR_SLOT *mirror_table_slot(MIRROR_TABLE *, size_t);
extern void mirror_table_free(MIRROR_TABLE *);
extern void mirror_table_id(const char *, size_t, unsigned char *);
extern int mirror_table_unhex(const char *, unsigned char *, size_t);

#endif
