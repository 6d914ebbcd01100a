#ifndef STAGES_H_INCLUDED
#define STAGES_H_INCLUDED

/*++
/* NAME
/*	stages 3h
/* SUMMARY
/*	the order of the decisions of a transaction
/* SYNOPSIS
/*	#include "stages.h"
/* DESCRIPTION
/*	See stages.c.
/*--*/

#include "decide.h"
#include "rcpt.h"
#include "live.h"
#include "docs_msg.h"
#include "mlfi_audit.h"
#include "mlfi_conv.h"
#include "mlfi_mbpol.h"

typedef struct STAGES {
    const LIVE *live;			/* configuration, directory, policies */
    const TRUST *trust;			/* the message's trust space, or NULL */
    int     stale;			/* whitelist past TrustMaxAge: tempfail */
    int     trust_rules;		/* 0: --explain without a directory */
    MLFI_MBPOL **mb;			/* per-mailbox policy of the message */
    MLFI_CONV *conv;			/* conversations, or NULL */
    DOCS_MSG *docs;			/* documents of the message */
    MLFI_AUDIT *audit;			/* audit hooks, or NULL */
} STAGES;

extern VERDICT_ACTION stages_mail(const STAGES *, DECIDE_MSG *, const char *,
				          const char *const *, VERDICT *);
extern int stages_rcpt(const STAGES *, DECIDE_MSG *, RCPT_FACTS *, VERDICT *);
extern void stages_header(const STAGES *, DECIDE_MSG *, const char *,
			          const char *);
extern VERDICT_ACTION stages_eom(const STAGES *, DECIDE_MSG *, VERDICT *);

#endif
