#ifndef DOCS_UTIL_H_INCLUDED
#define DOCS_UTIL_H_INCLUDED

/*++
/* NAME
/*	docs_util 3h
/* SUMMARY
/*	test helpers: data files, zip archives and MIME messages in memory
/* SYNOPSIS
/*	#include "docs_util.h"
/* DESCRIPTION
/*	See docs_util.c.
/*--*/

#include <stddef.h>
#include "vstr.h"

typedef struct DOCS_UTIL_ENTRY {
    const char *name;
    const void *data;			/* NULL: len zero octets */
    size_t  len;
} DOCS_UTIL_ENTRY;

extern char *docs_util_file(const char *, size_t *);
extern char *docs_util_zip(const DOCS_UTIL_ENTRY *, size_t, size_t *, int);
extern char *docs_util_xdm_zip(size_t *);
extern void docs_util_base64(const char *, size_t, VSTR *);
extern void docs_util_xdm_parts(VSTR *, const char *, size_t, int);

#endif
