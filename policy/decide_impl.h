#ifndef DECIDE_IMPL_H_INCLUDED
#define DECIDE_IMPL_H_INCLUDED

/*++
/* NAME
/*	decide_impl 3h
/* SUMMARY
/*	what the decide(3) modules share, not for their callers
/* SYNOPSIS
/*	#include "decide_impl.h"
/* DESCRIPTION
/*	decide.c, decide_rcpt.c: the helpers that record a result and
/*	finish a verdict (rules are named by their RULE_* enum).
/*--*/

#include "decide.h"

extern void decide_result(DECIDE_MSG *, DECIDE_CHECK, DECIDE_RESULT);
extern void decide_count_refusal(DECIDE_MSG *, VERDICT_ACTION);
extern VERDICT_ACTION decide_finish(const DECIDE_POLICY *, DECIDE_MSG *,
				            VERDICT_ACTION, const char *,
				            const RULE_VARS *, int, VERDICT *);

#endif
