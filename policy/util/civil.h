#ifndef CIVIL_H_INCLUDED
#define CIVIL_H_INCLUDED

/*++
/* NAME
/*	civil 3h
/* SUMMARY
/*	UTC calendar arithmetic without the C library's time zone state
/* SYNOPSIS
/*	#include "civil.h"
/* DESCRIPTION
/*	See civil.c.
/*--*/

extern long long civil_days(long long, int, int);
extern void civil_date(long long, long long *, int *, int *);
extern int civil_month_days(long long, int);
extern int civil_digits(const char **, int, int *);

#endif
