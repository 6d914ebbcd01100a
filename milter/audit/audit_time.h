#ifndef AUDIT_TIME_H_INCLUDED
#define AUDIT_TIME_H_INCLUDED

/*++
/* NAME
/*	audit_time 3h
/* SUMMARY
/*	RFC 3339 UTC time stamps of the audit trail
/* SYNOPSIS
/*	#include "audit_time.h"
/* DESCRIPTION
/*	See audit_time.c.
/*--*/

#include <time.h>
#include "vstr.h"

#define AUDIT_TIME_DATE_ONLY	(1<<0)	/* audit_time_parse: "YYYY-MM-DD" */

extern void audit_time_format(const struct timespec *, VSTR *);
extern int audit_time_parse(const char *, long long *, int *);
extern void audit_time_day(long long, VSTR *);

#endif
