#ifndef SIG_H_INCLUDED
#define SIG_H_INCLUDED

/*++
/* NAME
/*	sig 3h
/* SUMMARY
/*	signal handling beside libmilter: reload and fast stop
/* SYNOPSIS
/*	#include "sig.h"
/* DESCRIPTION
/*	See sig.c.
/*--*/

typedef void (*SIG_FN) (int);

extern void sig_block(void);
extern void sig_start(SIG_FN, SIG_FN);

#endif
