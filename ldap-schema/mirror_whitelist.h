#ifndef MIRROR_WHITELIST_H_INCLUDED
#define MIRROR_WHITELIST_H_INCLUDED

/*++
/* NAME
/*	mirror_whitelist 3h
/* SUMMARY
/*	the ANS whitelist (liste blanche) as directory entries
/* SYNOPSIS
/*	#include "mirror_whitelist.h"
/* DESCRIPTION
/*	See mirror_whitelist.c.
/*--*/

#include <libxml/tree.h>

#include "vstr.h"
#include "mirror_entry.h"

typedef struct MIRROR_WL_DOMAIN {
    char   *domain;			/* lower-cased */
    MIRROR_ENTRY *ep;			/* built by mirror_whitelist_entries() */
} MIRROR_WL_DOMAIN;

typedef struct MIRROR_WL_REC MIRROR_WL_REC;

typedef struct MIRROR_WHITELIST {
    char   *path;
    char    sha256[2 * 32 + 1];		/* of the file, hex */
    char    generated[20];		/* DateDeGeneration, GeneralizedTime */
    long    entries;			/* Domaine elements kept */
    long    skipped;			/* Domaine elements skipped */
    MIRROR_WL_DOMAIN *domains;		/* sorted by domain */
    size_t  ndomains;
    xmlDocPtr doc;			/* kept for mirror_xmlsig_verify() */
    MIRROR_WL_REC *recs;		/* one per Domaine element */
    size_t  nrecs;
} MIRROR_WHITELIST;

#define MIRROR_WHITELIST_MAXSIZE	(64 * 1024 * 1024)

extern MIRROR_WHITELIST *mirror_whitelist_read(const char *, VSTR *);
extern void mirror_whitelist_entries(MIRROR_WHITELIST *, const char *);
extern MIRROR_WL_DOMAIN *mirror_whitelist_find(MIRROR_WHITELIST *, const char *);
extern void mirror_whitelist_free(MIRROR_WHITELIST *);
extern int mirror_whitelist_time(const char *, char *, size_t);

#endif
