#ifndef UNITS_H_INCLUDED
#define UNITS_H_INCLUDED

/*++
/* NAME
/*	units 3h
/* SUMMARY
/*	durations and byte counts as written in configuration files
/* SYNOPSIS
/*	#include "units.h"
/* DESCRIPTION
/*	See units.c.
/*--*/

extern int units_time(const char *, long *);
extern int units_size(const char *, unsigned long long *);

#endif
