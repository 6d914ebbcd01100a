#ifndef SUMMARY_H_INCLUDED
#define SUMMARY_H_INCLUDED

/*++
/* NAME
/*	summary 3h
/* SUMMARY
/*	X-MSSante-Policy header value and per-message log line
/* SYNOPSIS
/*	#include "summary.h"
/* DESCRIPTION
/*	See summary.c.
/*--*/

#include "vstr.h"
#include "decide.h"

extern void summary_policy_header(const DECIDE_POLICY *, const DECIDE_MSG *,
				          const char *, VSTR *);
extern void summary_log_line(const DECIDE_POLICY *, const DECIDE_MSG *,
			             VSTR *);
extern void summary_mask_addr(const DECIDE_POLICY *, const char *, VSTR *);

#endif
