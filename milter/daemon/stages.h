#ifndef STAGES_H_INCLUDED
#define STAGES_H_INCLUDED

/*++
/* NAME
/*	stages 3h
/* SUMMARY
/*	the order of the end-of-message decisions
/* SYNOPSIS
/*	#include "stages.h"
/* DESCRIPTION
/*	See stages.c.
/*--*/

#include "decide.h"
#include "dir.h"
#include "docs_conf.h"
#include "docs_msg.h"
#include "mlfi_audit.h"
#include "mlfi_mbpol.h"

typedef struct STAGES_EOM {
    const DECIDE_POLICY *pol;		/* the site policy (live_policy) */
    const TRUST *trust;			/* the trust space, or NULL */
    MLFI_MBPOL *mb;			/* per-mailbox policy of the message */
    DOCS_MSG *docs;			/* documents of the message */
    const DOCS_CONF *docs_conf;		/* documents configuration, or NULL */
    DIR_CLIENT *dir;			/* directory client, or NULL */
    MLFI_AUDIT *audit;			/* audit hooks, or NULL */
} STAGES_EOM;

extern VERDICT_ACTION stages_eom(const STAGES_EOM *, DECIDE_MSG *, VERDICT *);

#endif
