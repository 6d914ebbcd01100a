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
/*	decide.c, decide_rcpt.c: the rule identifiers of the stage rules
/*	and the helpers that record a result and finish a verdict.
/*--*/

#include "decide.h"

 /*
  * Rule identifiers (see rule.c for their codes and texts).
  */
#define RULE_SENDER	"trust.sender_domain"
#define RULE_RCPT	"trust.rcpt_domain"
#define RULE_PEER	"trust.peer_cert"
#define RULE_HDR_FROM	"trust.header_from"
#define RULE_HDR_RT	"trust.header_reply_to"
#define RULE_HDR_DNT	"trust.header_dnt"
#define RULE_SIZE	"size.patient"
#define RULE_DIR	"dir.error"
#define RULE_INTERNAL	"internal.error"
#define RULE_SENDER_SYNTAX	"addr.sender_syntax"
#define RULE_RCPT_SYNTAX	"addr.rcpt_syntax"

extern void decide_result(DECIDE_MSG *, DECIDE_CHECK, DECIDE_RESULT);
extern void decide_count_refusal(DECIDE_MSG *, VERDICT_ACTION);
extern VERDICT_ACTION decide_finish(const DECIDE_POLICY *, DECIDE_MSG *,
				            VERDICT_ACTION, const char *,
				            const RULE_VARS *, int, VERDICT *);

#endif
