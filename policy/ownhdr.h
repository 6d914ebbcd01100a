#ifndef OWNHDR_H_INCLUDED
#define OWNHDR_H_INCLUDED

/*++
/* NAME
/*	ownhdr 3h
/* SUMMARY
/*	received copies of the headers the milter adds (X-MSSante-*)
/* SYNOPSIS
/*	#include "ownhdr.h"
/* DESCRIPTION
/*	See ownhdr.c.
/*--*/

#include <stddef.h>

#define OWNHDR_PREFIX	"X-MSSante-"

typedef struct OWNHDR_ITEM {
    char   *name;			/* as first received */
    int     count;			/* copies received */
} OWNHDR_ITEM;

typedef struct OWNHDR {
    OWNHDR_ITEM *items;
    size_t  len;
    size_t  size;
} OWNHDR;

extern int ownhdr_is_own(const char *);
extern void ownhdr_init(OWNHDR *);
extern int ownhdr_note(OWNHDR *, const char *);
extern void ownhdr_reset(OWNHDR *);

#endif
