/*++
/* NAME
/*	mymalloc 3
/* SUMMARY
/*	memory allocation that never returns NULL
/* SYNOPSIS
/*	#include "mymalloc.h"
/*
/*	void	*mymalloc(size_t size)
/*	void	*mycalloc(size_t nmemb, size_t size)
/*	void	*myrealloc(void *ptr, size_t size)
/*	char	*mystrdup(const char *str)
/*	char	*mystrndup(const char *str, size_t len)
/*	void	myfree(void *ptr)
/*
/*	void	mymalloc_set_fail(MYMALLOC_FAIL_FN fn)
/* DESCRIPTION
/*	These wrappers remove the "allocation failed" error path from
/*	every caller: they either succeed or terminate the process.
/*	A milter that runs out of memory cannot decide anything safely;
/*	the MTA's milter_default_action (tempfail) and its queue keep the
/*	mail, so dying is the conservative choice (the Postfix model).
/*
/*	mystrndup() copies at most len bytes and always NUL-terminates.
/*	mycalloc() checks the multiplication for overflow.
/*
/*	mymalloc_set_fail() installs the function called before the
/*	process aborts (the daemon logs through syslog there). The
/*	default writes one line to stderr. The function should not
/*	return; if it does, abort() follows.
/* DIAGNOSTICS
/*	Out of memory or a size overflow: the fail function, then abort().
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "mymalloc.h"

static void mymalloc_default_fail(const char *what, size_t size)
{
    fprintf(stderr, "fatal: %s: out of memory allocating %zu bytes\n",
	    what, size);
}

static MYMALLOC_FAIL_FN mymalloc_fail = mymalloc_default_fail;

/* mymalloc_set_fail - install the out-of-memory reporter */

void    mymalloc_set_fail(MYMALLOC_FAIL_FN fn)
{
    mymalloc_fail = fn ? fn : mymalloc_default_fail;
}

/* mymalloc_die - report and terminate */

static void mymalloc_die(const char *what, size_t size)
{
    mymalloc_fail(what, size);
    abort();
}

/* mymalloc - allocate or die */

void   *mymalloc(size_t size)
{
    void   *p;

    /* malloc(0) may return NULL legitimately; ask for one byte instead. */
    if ((p = malloc(size ? size : 1)) == 0)
	mymalloc_die("mymalloc", size);
    return (p);
}

/* mycalloc - allocate zeroed memory or die */

void   *mycalloc(size_t nmemb, size_t size)
{
    void   *p;

    if (size != 0 && nmemb > SIZE_MAX / size)
	mymalloc_die("mycalloc (overflow)", SIZE_MAX);
    if ((p = calloc(nmemb ? nmemb : 1, size ? size : 1)) == 0)
	mymalloc_die("mycalloc", nmemb * size);
    return (p);
}

/* myrealloc - resize or die */

void   *myrealloc(void *ptr, size_t size)
{
    void   *p;

    if ((p = realloc(ptr, size ? size : 1)) == 0)
	mymalloc_die("myrealloc", size);
    return (p);
}

/* mystrdup - copy a string or die */

char   *mystrdup(const char *str)
{
    size_t  len = strlen(str);
    char   *p = mymalloc(len + 1);

    memcpy(p, str, len + 1);
    return (p);
}

/* mystrndup - copy at most len bytes of a string or die */

char   *mystrndup(const char *str, size_t len)
{
    const char *end = memchr(str, 0, len);
    char   *p;

    if (end)
	len = (size_t) (end - str);
    p = mymalloc(len + 1);
    memcpy(p, str, len);
    p[len] = 0;
    return (p);
}

/* myfree - release memory; NULL is fine */

void    myfree(void *ptr)
{
    free(ptr);
}
