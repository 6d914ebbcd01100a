#ifndef CONV_UTIL_H_INCLUDED
#define CONV_UTIL_H_INCLUDED

/*++
/* NAME
/*	conv_util 3h
/* SUMMARY
/*	test helpers: conversation states and outbound facts
/* SYNOPSIS
/*	#include "conv_util.h"
/* DESCRIPTION
/*	See conv_util.c.
/*--*/

#include <time.h>
#include "conv.h"

 /*
  * The times of the tests.
  */
#define T0	1700000000		/* 2023-11-14 22:13:20 UTC */
#define T1	(T0 + 3600)
#define DAY	86400

extern CONV_STATE conv_util_state(CONV_STATUS, time_t, time_t, time_t,
				          CONV_HOW);
extern CONV_OUT conv_util_out_facts(void);

#endif
