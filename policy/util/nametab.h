#ifndef NAMETAB_H_INCLUDED
#define NAMETAB_H_INCLUDED

/*++
/* NAME
/*	nametab 3h
/* SUMMARY
/*	look up a name in a table of names
/* SYNOPSIS
/*	#include "nametab.h"
/* DESCRIPTION
/*	See nametab.c.
/*--*/

extern int nametab_find(const char *const *, int, int, const char *);

#endif
