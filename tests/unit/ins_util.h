#ifndef INS_UTIL_H_INCLUDED
#define INS_UTIL_H_INCLUDED

/*++
/* NAME
/*	ins_util 3h
/* SUMMARY
/*	test helpers: INS built with their key, checked as strings
/* SYNOPSIS
/*	#include "ins_util.h"
/* DESCRIPTION
/*	See ins_util.c.
/*--*/

#include "ins.h"

extern int ins_util_ref_key(const char *);
extern const char *ins_util_with_key(const char *, char *);
extern INS_STATUS ins_util_check(const char *, INS_INFO *);

#endif
