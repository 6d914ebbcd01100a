#ifndef PIPELINE_H_INCLUDED
#define PIPELINE_H_INCLUDED

/*++
/* NAME
/*	pipeline 3h
/* SUMMARY
/*	the one order of the decisions of a transaction
/* SYNOPSIS
/*	#include "pipeline.h"
/* DESCRIPTION
/*	See pipeline.c.
/*--*/

#include "decide.h"
#include "rcpt.h"

 /*
  * A stage: the caller's function deciding one recipient (RCPT TO) or the
  * message (end of message, r NULL) from facts it gathered, through
  * decide(3). ctx is the caller's.
  */
typedef VERDICT_ACTION (*PIPELINE_STAGE) (void *ctx, DECIDE_MSG *msg,
					          RCPT_FACTS *r, VERDICT *v);

typedef struct PIPELINE_RCPT {
    int     stale;			/* whitelist past TrustMaxAge: tempfail */
    void    (*select) (void *, DECIDE_MSG *, RCPT_FACTS *);	/* settings */
    PIPELINE_STAGE mailbox;		/* per-mailbox rules, or NULL */
    PIPELINE_STAGE conversation;	/* conversation rules, or NULL */
    PIPELINE_STAGE site;		/* trust, INS, size; NULL: not judged */
    void    (*accepted) (void *, RCPT_FACTS *);	/* apply its state */
    void    (*refused) (void *, RCPT_FACTS *);	/* forget its state */
} PIPELINE_RCPT;

typedef struct PIPELINE_EOM {
    void    (*settings) (void *, DECIDE_MSG *);	/* the message's settings */
    PIPELINE_STAGE site;		/* null sender, size, header addresses */
    PIPELINE_STAGE mailbox;		/* per-mailbox rules */
    PIPELINE_STAGE documents;		/* documents */
    PIPELINE_STAGE conversation;	/* conversations */
} PIPELINE_EOM;

extern int pipeline_rcpt(const DECIDE_POLICY *, const PIPELINE_RCPT *, void *,
			         DECIDE_MSG *, RCPT_FACTS *, VERDICT *);
extern VERDICT_ACTION pipeline_eom(const PIPELINE_EOM *, void *, DECIDE_MSG *,
				           VERDICT *);

#endif
