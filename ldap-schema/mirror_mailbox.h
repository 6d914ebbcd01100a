#ifndef MIRROR_MAILBOX_H_INCLUDED
#define MIRROR_MAILBOX_H_INCLUDED

/*++
/* NAME
/*	mirror_mailbox 3h
/* SUMMARY
/*	mailbox entry from one or more extraction lines (mssante-mirror)
/* SYNOPSIS
/*	#include "mirror_mailbox.h"
/* DESCRIPTION
/*	See mirror_mailbox.c.
/*--*/

#include "vstr.h"
#include "mirror_entry.h"
#include "mirror_extract.h"
#include "mirror_pharmacy.h"

typedef struct MIRROR_MAILBOX {
    MIRROR_ENTRY *ep;			/* the entry being built */
    VSTR   *addr;			/* lower-cased address */
    char    type[4];			/* of the first line */
    int     demat;			/* some line says true */
    int     pharmacy;			/* result of mirror_mailbox_end() */
    const char *path;			/* for diagnostics */
} MIRROR_MAILBOX;

extern void mirror_mailbox_init(MIRROR_MAILBOX *, const char *);
extern void mirror_mailbox_begin(MIRROR_MAILBOX *, const char *, const char *, const MIRROR_LINE *);
extern void mirror_mailbox_merge(MIRROR_MAILBOX *, const MIRROR_LINE *);
extern void mirror_mailbox_end(MIRROR_MAILBOX *, MIRROR_PHARMACY *);
extern void mirror_mailbox_done(MIRROR_MAILBOX *);

#endif
