#ifndef MIRROR_FETCH_H_INCLUDED
#define MIRROR_FETCH_H_INCLUDED

/*++
/* NAME
/*	mirror_fetch 3h
/* SUMMARY
/*	one conditional HTTPS download of an ANS file (libcurl)
/* SYNOPSIS
/*	#include "mirror_fetch.h"
/* DESCRIPTION
/*	See mirror_fetch.c.
/*--*/

#include "vstr.h"

typedef struct MIRROR_FETCH_OPTS {
    const char *ca_file;		/* null: the system's CA bundle */
    long    connect_ms;			/* connect timeout */
    long    total_ms;			/* whole transfer timeout */
    unsigned long long max_size;	/* refuse a larger body */
    int     progress;			/* PROGRESS_OFF, _AUTO or _ON */
    const char *label;			/* of the progress line */
} MIRROR_FETCH_OPTS;

#define MIRROR_FETCH_NEW	1	/* a new body was written */
#define MIRROR_FETCH_SAME	0	/* 304: the cached copy is current */
#define MIRROR_FETCH_FAIL	(-1)

extern int mirror_fetch_init(void);
extern int mirror_fetch(const MIRROR_FETCH_OPTS *, const char *, const char *,
			        const char *, const char *, VSTR *);
extern void mirror_fetch_shutdown(void);

#endif
