#ifndef MYMALLOC_H_INCLUDED
#define MYMALLOC_H_INCLUDED

/*++
/* NAME
/*	mymalloc 3h
/* SUMMARY
/*	memory allocation that never returns NULL
/* SYNOPSIS
/*	#include "mymalloc.h"
/* DESCRIPTION
/*	See mymalloc.c.
/*--*/

#include <stddef.h>

extern void *mymalloc(size_t);
extern void *mycalloc(size_t, size_t);
extern void *myrealloc(void *, size_t);
extern char *mystrdup(const char *);
extern char *mystrndup(const char *, size_t);
extern void myfree(void *);

typedef void (*MYMALLOC_FAIL_FN) (const char *what, size_t size);
extern void mymalloc_set_fail(MYMALLOC_FAIL_FN);

#endif
