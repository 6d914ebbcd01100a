#ifndef MBPOL_CHECK_H_INCLUDED
#define MBPOL_CHECK_H_INCLUDED

/*++
/* NAME
/*	mbpol_check 3h
/* SUMMARY
/*	the per-mailbox rules: facts in, failed rule out
/* SYNOPSIS
/*	#include "mbpol_check.h"
/* DESCRIPTION
/*	See mbpol_check.c.
/*--*/

#include "vstr.h"
#include "verdict.h"
#include "mbpol.h"
#include "rcpt.h"

 /*
  * What RCPT TO knows of one recipient and its transaction.
  */
typedef struct MBPOL_RCPT_IN {
    const MBPOL_SETTINGS *s;		/* the recipient's settings */
    MBPOL_DIR dir;			/* of the transaction */
    const RCPT_FACTS *r;		/* the recipient (dir_fail included) */
    const char *sender;			/* "local@domain", "" for <> */
    int     sender_null;		/* <>: judged at end (mbpol_check_null) */
    int     sender_patient;		/* in the patients' domain */
    int     sender_dir_fail;		/* sender type lookup failed */
    const char *sender_arg;		/* MAIL FROM as given, "<>" if none */
    unsigned long count;		/* recipients with this one */
    long long declared_size;		/* ESMTP SIZE, -1 when absent */
    VERDICT_ACTION on_dir_error;	/* the action of dir.error */
} MBPOL_RCPT_IN;

 /*
  * What end of message knows, for one recipient's settings.
  */
typedef struct MBPOL_EOM_IN {
    const MBPOL_SETTINGS *s;
    int     nil_seen;			/* X-MSS-NIL present */
    unsigned long long size;		/* bytes counted */
    const char *reply_to;		/* Reply-To values joined, "" if none */
    const char *sender_arg;		/* MAIL FROM as given, "<>" if none */
} MBPOL_EOM_IN;

 /*
  * A From author of a null sender's message, as for an envelope sender.
  */
typedef struct MBPOL_AUTHOR {
    const char *addr;			/* "local@domain" */
    MBPOL_TYPE type;			/* the directory's */
    int     patient;			/* in the patients' domain */
    int     dir_fail;			/* type lookup failed */
} MBPOL_AUTHOR;

 /*
  * An accepted recipient: what its settings were selected from.
  */
typedef struct MBPOL_NULL_RCPT {
    const char *addr;			/* "local@domain" */
    MBPOL_TYPE type;			/* the directory's */
    int     patient;			/* in the patients' domain */
    const MBPOL_SETTINGS *s;		/* selected at RCPT TO */
} MBPOL_NULL_RCPT;

 /* More From authors are not judged one by one (mbpol_check_null). */
#define MBPOL_NULL_AUTHORS_MAX	32

 /*
  * What end of message knows of a message from the null sender.
  */
typedef struct MBPOL_NULL_IN {
    const MBPOL *pol;
    MBPOL_DIR dir;			/* of the transaction */
    int     report;			/* a real DSN or MDN (report(3)) */
    const MBPOL_AUTHOR *authors;	/* its From mailboxes */
    size_t  nauthors;
    const MBPOL_NULL_RCPT *rcpts;	/* the accepted recipients */
    size_t  nrcpts;
    VERDICT_ACTION on_dir_error;	/* the action of dir.error */
} MBPOL_NULL_IN;

 /*
  * One failed rule, for decide_other(); step says where the next call
  * goes on (0 to start).
  */
typedef struct MBPOL_FAIL {
    int     step;			/* next rule to test */
    const char *rule;			/* the failed rule (static id) */
    VERDICT_ACTION want;		/* its action before the policy's */
    const char *addr;			/* {addr} of the reply */
    const char *detail;			/* French detail, or NULL */
    VSTR   *buf;			/* storage of detail */
    VSTR   *abuf;			/* storage of addr */
    const MBPOL_SETTINGS *s;		/* mbpol_check_null: settings it failed */
} MBPOL_FAIL;

extern void mbpol_fail_init(MBPOL_FAIL *);
extern void mbpol_fail_free(MBPOL_FAIL *);
extern int mbpol_check_rcpt(const MBPOL_RCPT_IN *, MBPOL_FAIL *);
extern int mbpol_check_eom(const MBPOL_EOM_IN *, MBPOL_FAIL *);
extern int mbpol_check_null(const MBPOL_NULL_IN *, MBPOL_FAIL *);

 /* Each setting's test: 0 when allowed, else -1 and the detail. */
extern int mbpol_check_peer(const MBPOL_SETTINGS *, int, const char *,
			            int, VSTR *);
extern int mbpol_check_rcpts(const MBPOL_SETTINGS *, unsigned long, VSTR *);
extern int mbpol_check_size(const MBPOL_SETTINGS *, unsigned long long,
			            VSTR *);
extern int mbpol_check_reply_to(const MBPOL_SETTINGS *, const char *,
				        VSTR *, VSTR *);

#endif
