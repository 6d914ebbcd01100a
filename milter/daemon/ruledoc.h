#ifndef RULEDOC_H_INCLUDED
#define RULEDOC_H_INCLUDED

/*++
/* NAME
/*	ruledoc 3h
/* SUMMARY
/*	the rule lists of the manual and the README, from the table
/* SYNOPSIS
/*	#include "ruledoc.h"
/* DESCRIPTION
/*	See ruledoc.c.
/*--*/

#include <stdio.h>

extern int ruledoc_dump(FILE *, const char *);

#endif
