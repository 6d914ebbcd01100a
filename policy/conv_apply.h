#ifndef CONV_APPLY_H_INCLUDED
#define CONV_APPLY_H_INCLUDED

/*++
/* NAME
/*	conv_apply 3h
/* SUMMARY
/*	when the conversation rules apply, and in which mode
/* SYNOPSIS
/*	#include "conv_apply.h"
/* DESCRIPTION
/*	See conv_apply.c.
/*--*/

#include <stddef.h>

#include "vstr.h"
#include "addr.h"
#include "trust.h"
#include "report.h"
#include "mbpol.h"
#include "rcpt.h"
#include "conv.h"

typedef struct CONV_APPLY_CONF {	/* the daemon's configuration */
    const char *patient_domain;		/* PatientDomain */
    int     near_miss;			/* NearMissFin (CONV_NEAR_MODE) */
    int     check;			/* ConversationCheck (CONV_CHECK) */
    long    expiry_ms;			/* ConversationExpiry, milliseconds */
    const char *const *app_mailboxes;	/* AppMailboxes, NULL-ended */
    const char *const *app_replies;	/* AppMailboxReplies, NULL-ended */
} CONV_APPLY_CONF;

typedef struct CONV_APPLY_EOM {		/* what end of message checks */
    int     null_inbound;		/* the From patients of a null sender */
    int     null_report;		/* ... a disposition notification */
    VSTR   *author;			/* outbound: who opens and closes */
} CONV_APPLY_EOM;

typedef struct CONV_APPLY_PARTIES {	/* the mailboxes a patient answers */
    char  **rt;				/* trusted Reply-To mailboxes */
    size_t  nrt;
    const char **parties;		/* conv_parties(3) */
    size_t  count;
} CONV_APPLY_PARTIES;

typedef struct CONV_APPLY_OUTCOME {	/* an outbound message, all pairs */
    VERDICT_ACTION act;			/* REJECT: NearMissFin=reject */
    CONV_MES_EDIT edit;			/* the X-MSS-MES edit */
    const char *near_addr;		/* the first near miss's patient */
    CONV_RESULT near_res;		/* its result */
    const char *unavail_addr;		/* a patient whose state is unreadable */
} CONV_APPLY_OUTCOME;

extern void conv_apply_config(const CONV_APPLY_CONF *, const MBPOL_SETTINGS *,
			              CONV_CONFIG *);
extern int conv_apply_rcpt(const CONV_APPLY_CONF *, const ADDR *,
			           const RCPT_FACTS *);
extern int conv_apply_pharmacy(const MBPOL_SETTINGS *, int);
extern int conv_apply_hold(int, int, int, const CONV_RESULT *);
extern CONV_REPLIES conv_apply_replies(const MBPOL_SETTINGS *);
extern int conv_apply_app_listed(const CONV_APPLY_CONF *, const char *);
extern void conv_apply_eom(const CONV_APPLY_CONF *, const ADDR *,
			           REPORT_TYPE, const char *const *, size_t,
			           CONV_APPLY_EOM *);
extern void conv_apply_parties(const CONV_APPLY_CONF *, const char *,
			               const char *, size_t, const TRUST *,
			               CONV_APPLY_PARTIES *);
extern void conv_apply_parties_free(CONV_APPLY_PARTIES *);
extern void conv_apply_outcome_init(CONV_APPLY_OUTCOME *);
extern int conv_apply_outcome_add(CONV_APPLY_OUTCOME *, int,
				          const CONV_RESULT *, const char *);
extern int conv_apply_outcome_tag(const CONV_APPLY_OUTCOME *, VSTR *);

#endif
