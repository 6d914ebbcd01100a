/*++
/* NAME
/*	ownhdr 3
/* SUMMARY
/*	received copies of the headers the milter adds (X-MSSante-*)
/* SYNOPSIS
/*	#include "ownhdr.h"
/*
/*	int	ownhdr_is_own(const char *name)
/*
/*	void	ownhdr_init(OWNHDR *oh)
/*	int	ownhdr_note(OWNHDR *oh, const char *name)
/*	void	ownhdr_reset(OWNHDR *oh)
/* DESCRIPTION
/*	Every header the milter adds is named X-MSSante-something
/*	(X-MSSante-Policy, X-MSSante-Category, X-MSSante-Document-Rule,
/*	X-MSSante-Conversation). A recipient's software believes them,
/*	so a copy that arrives with the message is a forgery: the milter
/*	deletes every received header of that prefix, present or future
/*	ones alike, before it adds its own (see mssante-milter(8) for the
/*	one exception, X-MSSante-Policy from an internal host). This
/*	module counts the received copies, one entry per name.
/*
/*	ownhdr_is_own() tells whether a header name starts with
/*	OWNHDR_PREFIX (compared without regard to case, as MTAs compare
/*	header names).
/*
/*	ownhdr_init() makes an empty list. ownhdr_note() counts one
/*	received header when it is one of the milter's, and returns 1
/*	then, else 0; names equal but for case share one entry (the
/*	MTA's header index counts them together), which keeps the first
/*	spelling. oh->items[0..oh->len) are the entries, in the order
/*	first seen. ownhdr_reset() empties the list (next transaction)
/*	and releases its memory.
/*--*/

#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "ownhdr.h"

/* ownhdr_is_own - a name of the milter's headers? */

int     ownhdr_is_own(const char *name)
{
    return (name != 0 && strncasecmp(name, OWNHDR_PREFIX,
				     sizeof(OWNHDR_PREFIX) - 1) == 0);
}

/* ownhdr_init - empty list */

void    ownhdr_init(OWNHDR *oh)
{
    oh->items = 0;
    oh->len = oh->size = 0;
}

/* ownhdr_note - count one received header */

int     ownhdr_note(OWNHDR *oh, const char *name)
{
    size_t  i;

    if (!ownhdr_is_own(name))
	return (0);
    for (i = 0; i < oh->len; i++) {
	if (strcasecmp(oh->items[i].name, name) == 0) {
	    oh->items[i].count++;
	    return (1);
	}
    }
    if (oh->len == oh->size) {
	oh->size = oh->size ? 2 * oh->size : 4;
	oh->items = myrealloc(oh->items, oh->size * sizeof(*oh->items));
    }
    oh->items[oh->len].name = mystrdup(name);
    oh->items[oh->len].count = 1;
    oh->len++;
    return (1);
}

/* ownhdr_reset - forget, release */

void    ownhdr_reset(OWNHDR *oh)
{
    size_t  i;

    for (i = 0; i < oh->len; i++)
	myfree(oh->items[i].name);
    myfree(oh->items);
    ownhdr_init(oh);
}
