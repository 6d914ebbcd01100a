#ifndef XDM_BUDGET_H_INCLUDED
#define XDM_BUDGET_H_INCLUDED

/*++
/* NAME
/*	xdm_budget 3h
/* SUMMARY
/*	what reading the IHE_XDM archives of one message may cost
/* SYNOPSIS
/*	#include "xdm_budget.h"
/* DESCRIPTION
/*	See xdm_budget.c.
/*--*/

#include "xdm.h"

typedef struct XDM_BUDGET {
    /* Limits, from XDM_LIMITS (0: none). */
    size_t  max_archives;
    uint64_t max_entries;
    uint64_t max_inflated;
    long    max_ms;
    /* Spent so far. */
    size_t  archives;
    uint64_t entries;
    uint64_t inflated;
    long long start_ms;			/* CLOCK_MONOTONIC */
    int     over;			/* a limit was reached: stop */
} XDM_BUDGET;

extern void xdm_budget_start(XDM_BUDGET *, const XDM_LIMITS *);
extern XDM_STATUS xdm_budget_archive(XDM_BUDGET *, XDM_RESULT *);
extern XDM_STATUS xdm_budget_entries(XDM_BUDGET *, uint64_t, XDM_RESULT *);
extern XDM_STATUS xdm_budget_inflate(XDM_BUDGET *, uint64_t, XDM_RESULT *);
extern XDM_STATUS xdm_budget_time(XDM_BUDGET *, XDM_RESULT *);
extern long xdm_budget_elapsed_ms(const XDM_BUDGET *);

#endif
