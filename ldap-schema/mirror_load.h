#ifndef MIRROR_LOAD_H_INCLUDED
#define MIRROR_LOAD_H_INCLUDED

/*++
/* NAME
/*	mirror_load 3h
/* SUMMARY
/*	two passes over the extraction: index, then one entry per address
/* SYNOPSIS
/*	#include "mirror_load.h"
/* DESCRIPTION
/*	See mirror_load.c.
/*--*/

#include "vstr.h"
#include "mirror_extract.h"
#include "mirror_table.h"
#include "mirror_mailbox.h"
#include "mirror_pharmacy.h"

typedef struct MIRROR_DUP {
    unsigned char id[MIRROR_ID_LEN];
    off_t   off;
    long    lineno;
} MIRROR_DUP;

typedef struct MIRROR_LOAD {
    const char *path;
    long long size;			/* of the file, for the progress line */
    int     progress;			/* PROGRESS_OFF, _AUTO or _ON */
    MIRROR_EXTRACT *xp;
    MIRROR_TABLE *table;
    MIRROR_DUP *dups;			/* second and later lines of an address */
    size_t  ndups;
    size_t  dupcap;
    long    good_lines;
    long    bad_lines;
    long    mailboxes;			/* distinct addresses */
    long    pharmacies;			/* flagged by the second pass */
} MIRROR_LOAD;

typedef int (*MIRROR_LOAD_FN) (MIRROR_MAILBOX *, MIRROR_SLOT *, void *);

extern MIRROR_LOAD *mirror_load_open(const char *, VSTR *);
extern int mirror_load_scan(MIRROR_LOAD *, long, VSTR *);
extern int mirror_load_emit(MIRROR_LOAD *, const char *, MIRROR_PHARMACY *, MIRROR_LOAD_FN, void *, VSTR *);
extern void mirror_load_close(MIRROR_LOAD *);

#endif
