#ifndef PROGRESS_H_INCLUDED
#define PROGRESS_H_INCLUDED

/*++
/* NAME
/*	progress 3h
/* SUMMARY
/*	progress of a long job on a terminal (writes to a stream)
/* SYNOPSIS
/*	#include "progress.h"
/* DESCRIPTION
/*	See progress.c.
/*--*/

#include <stdio.h>

#include "vstr.h"

 /*
  * When to show progress (a zeroed options structure means off).
  */
#define PROGRESS_OFF	0		/* never (--no-progress) */
#define PROGRESS_AUTO	1		/* when the stream is a terminal */
#define PROGRESS_ON	2		/* always (--progress) */

#define PROGRESS_INTERVAL	0.25	/* seconds between two updates */

typedef struct PROGRESS PROGRESS;

extern PROGRESS *progress_open(int, FILE *, const char *, const char *, long long);
extern void progress_total(PROGRESS *, long long);
extern void progress_update(PROGRESS *, long long, long long);
extern void progress_finish(PROGRESS *);
extern void progress_clock(PROGRESS *, double (*) (void));
extern void progress_format(VSTR *, const char *, long long, long long,
			            long long, double, int);

#endif
