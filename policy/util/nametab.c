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
/*	to name, ignoring ASCII case only: the comparison does not depend
/*	on the locale, so a configuration means the same thing whatever
/*	LC_CTYPE a library may have set. first lets a table keep a leading
/*	entry that must never match (an empty "none" name, say).
/* DIAGNOSTICS
/*	-1 when name is NULL or in no entry.
/*--*/

#include "nametab.h"

/* nametab_eq - ASCII case-insensitive equality */

static int nametab_eq(const char *a, const char *b)
{
    int     ca, cb;

    do {
	ca = (unsigned char) *a++;
	cb = (unsigned char) *b++;
	if (ca >= 'A' && ca <= 'Z')
	    ca += 'a' - 'A';
	if (cb >= 'A' && cb <= 'Z')
	    cb += 'a' - 'A';
	if (ca != cb)
	    return (0);
    } while (ca != 0);
    return (1);
}

/* nametab_find - index of a name, case-insensitive, or -1 */

int     nametab_find(const char *const *names, int count, int first,
		             const char *name)
{
    int     i;

    for (i = first; name != 0 && i < count; i++)
	if (nametab_eq(names[i], name))
	    return (i);
    return (-1);
}
