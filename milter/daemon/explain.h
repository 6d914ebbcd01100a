#ifndef EXPLAIN_H_INCLUDED
#define EXPLAIN_H_INCLUDED

/*++
/* NAME
/*	explain 3h
/* SUMMARY
/*	mssante-milter --explain: what the policy does with a message
/* SYNOPSIS
/*	#include "explain.h"
/* DESCRIPTION
/*	See explain.c.
/*--*/

extern int explain_wanted(int, char **);
extern int explain_main(int, char **);

#endif
