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
#define RULE_SENDER	rule_id(RULE_TRUST_SENDER_DOMAIN)
#define RULE_RCPT	rule_id(RULE_TRUST_RCPT_DOMAIN)
#define RULE_PEER	rule_id(RULE_TRUST_PEER_CERT)
#define RULE_HDR_FROM	rule_id(RULE_TRUST_HEADER_FROM)
#define RULE_HDR_RT	rule_id(RULE_TRUST_HEADER_REPLY_TO)
#define RULE_HDR_DNT	rule_id(RULE_TRUST_HEADER_DNT)
#define RULE_SIZE	rule_id(RULE_SIZE_PATIENT)
#define RULE_DIR	rule_id(RULE_DIR_ERROR)
#define RULE_INTERNAL	rule_id(RULE_INTERNAL_ERROR)
#define RULE_SENDER_SYNTAX	rule_id(RULE_ADDR_SENDER_SYNTAX)
#define RULE_RCPT_SYNTAX	rule_id(RULE_ADDR_RCPT_SYNTAX)

extern void decide_result(DECIDE_MSG *, DECIDE_CHECK, DECIDE_RESULT);
extern void decide_count_refusal(DECIDE_MSG *, VERDICT_ACTION);
extern VERDICT_ACTION decide_finish(const DECIDE_POLICY *, DECIDE_MSG *,
				            VERDICT_ACTION, const char *,
				            const RULE_VARS *, int, VERDICT *);

#endif
