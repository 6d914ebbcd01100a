/*++
/* NAME
/*	nametab 3
/* SUMMARY
/*	look up a name in a table of names
/* SYNOPSIS
/*	#include "nametab.h"
/*
/*	int	nametab_find(names, count, first, name)
/*	const char *const *names;
/*	int	count;
/*	int	first;
/*	const char *name;
/* DESCRIPTION
/*	Enumerations that travel as text (configuration values, states
/*	stored in the directory) keep their names in an array indexed by
/*	the enumeration; nametab_find() is the reverse mapping, shared so
/*	that every such parser compares the same way.
/*
/*	It returns the index (from first to count - 1) of the entry equal
/*	to name, ignoring ASCII case. first lets a table keep a leading
/*	entry that must never match (an empty "none" name, say).
/* DIAGNOSTICS
/*	-1 when name is NULL or in no entry.
/*--*/

#include <strings.h>

#include "nametab.h"

/* nametab_find - index of a name, case-insensitive, or -1 */

int     nametab_find(const char *const *names, int count, int first,
		             const char *name)
{
    int     i;

    for (i = first; name != 0 && i < count; i++)
	if (strcasecmp(names[i], name) == 0)
	    return (i);
    return (-1);
}
