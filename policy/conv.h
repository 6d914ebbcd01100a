#ifndef CONV_H_INCLUDED
#define CONV_H_INCLUDED

/*++
/* NAME
/*	conv 3h
/* SUMMARY
/*	Mon espace sante conversations: state record and state machine
/* SYNOPSIS
/*	#include "conv.h"
/* DESCRIPTION
/*	See conv.c.
/*--*/

#include <stddef.h>
#include <time.h>
#include "vstr.h"
#include "verdict.h"
#include "subject.h"

 /*
  * What the directory says about one (professional mailbox, patient)
  * pair. CONV_UNAVAILABLE is an input, never a guess: the directory could
  * not be read, so the state is neither open nor closed.
  */
typedef enum CONV_STATUS {
    CONV_ABSENT = 0,			/* no record: never opened */
    CONV_OPEN,
    CONV_CLOSED,
    CONV_UNAVAILABLE,			/* directory error: unknown */
    CONV_STATUS_COUNT
} CONV_STATUS;

typedef enum CONV_HOW {
    CONV_HOW_NONE = 0,			/* not closed */
    CONV_HOW_SUBJECT,			/* "subject-fin": Subject [FIN] */
    CONV_HOW_HEADER,			/* "x-mss-mes": X-MSS-MES: FIN */
    CONV_HOW_EXPIRED,			/* "expired": ConversationExpiry */
    CONV_HOW_MANUAL,			/* "manual": an administrator */
    CONV_HOW_COUNT
} CONV_HOW;

typedef struct CONV_STATE {
    CONV_STATUS status;
    time_t  opened_at;			/* 0: unknown */
    time_t  last_activity;		/* 0: unknown */
    time_t  closed_at;			/* 0: not closed or unknown */
    CONV_HOW closed_how;
} CONV_STATE;

 /*
  * Site configuration. Enumerations are in the order of the suggested
  * configuration values (index = value of a CFG_T_ENUM key).
  */
typedef enum CONV_NEAR_MODE {
    CONV_NEAR_WARN = 0,			/* deliver, tag, log (default) */
    CONV_NEAR_FIX,			/* set X-MSS-MES: FIN: it closes */
    CONV_NEAR_REJECT,			/* 550 5.7.1 with the exact form */
    CONV_NEAR_MODE_COUNT
} CONV_NEAR_MODE;

typedef enum CONV_CHECK {
    CONV_CHECK_REJECT = 0,		/* refuse patient mail (default) */
    CONV_CHECK_MONITOR,			/* log what would be refused */
    CONV_CHECK_OFF,			/* do not check */
    CONV_CHECK_COUNT
} CONV_CHECK;

typedef struct CONV_CONFIG {
    CONV_NEAR_MODE near_miss;		/* NearMissFin */
    CONV_CHECK inbound;			/* ConversationCheck */
    long    expire;			/* seconds of silence; 0: never */
    const char *const *app_replies;	/* AppMailboxReplies, NULL-ended */
} CONV_CONFIG;

 /*
  * Whether a patient may answer this message, from the per-mailbox policy
  * (mbpol "patient_replies"); DEFAULT is the type rule: APP mailboxes get
  * X-MSS-MES: FIN unless listed in AppMailboxReplies.
  */
typedef enum CONV_REPLIES {
    CONV_REPLIES_DEFAULT = 0,
    CONV_REPLIES_ALLOW,
    CONV_REPLIES_DENY
} CONV_REPLIES;

 /*
  * Facts about a message professional -> patient.
  */
typedef struct CONV_OUT {
    const char *sender;			/* envelope sender (exception list) */
    int     sender_app;			/* its directory type is APP */
    SUBJ_CLASS subject;			/* subject_classify() of Subject */
    int     has_mes;			/* an X-MSS-MES header is present */
    SUBJ_CLASS mes;			/* subject_classify_mes() of it */
    CONV_REPLIES replies;
} CONV_OUT;

 /*
  * Facts about a message patient -> professional.
  */
typedef struct CONV_IN {
    int     rcpt_pharmacy;		/* pharmacy ORG mailbox (or policy) */
} CONV_IN;

 /*
  * Events: a message may open and close at once ([FIN] as the first
  * message), or be a near miss that is fixed and closes.
  */
#define CONV_EV_OPENED		(1<<0)	/* absent/closed/expired -> open */
#define CONV_EV_REFRESHED	(1<<1)	/* open -> open */
#define CONV_EV_CLOSED		(1<<2)	/* -> closed */
#define CONV_EV_NEAR_MISS	(1<<3)	/* a closing intent that would not close */
#define CONV_EV_REFUSED		(1<<4)	/* the rules refuse it (see action) */
#define CONV_EV_UNAVAILABLE	(1<<5)	/* state unknown: nothing written */
#define CONV_EV_EXPIRED		(1<<6)	/* open, but silent too long */
#define CONV_EV_FIN_SET		(1<<7)	/* the milter sets X-MSS-MES: FIN */

typedef enum CONV_MES_EDIT {
    CONV_MES_KEEP = 0,			/* leave X-MSS-MES as it is */
    CONV_MES_ADD,			/* add "X-MSS-MES: FIN" */
    CONV_MES_CHANGE			/* change the existing one to "FIN" */
} CONV_MES_EDIT;

typedef struct CONV_RESULT {
    int     events;			/* CONV_EV_* */
    CONV_STATE state;			/* the new state */
    int     write;			/* state differs: write it */
    VERDICT_ACTION action;		/* CONTINUE, REJECT or TEMPFAIL */
    VERDICT_ACTION would;		/* what enforce mode would do */
    const char *rule;			/* rule id, or NULL */
    SUBJ_CLASS near;			/* near-miss class, or SUBJ_NONE */
    int     near_in_mes;		/* ... found in X-MSS-MES */
    CONV_MES_EDIT mes_edit;
    const char *fin_reason;		/* "near_miss_fix", "app_mailbox", ... */
    int     tag;			/* warn: tag the message */
} CONV_RESULT;

 /*
  * A message decided on a state that changed before its write: what
  * conv_replay() needs to apply it again (doc/rules.md, "Mon espace sante conversations").
  */
typedef struct CONV_REPLAY {
    int     outbound;			/* professional -> patient */
    CONV_IN in;				/* facts of patient -> professional */
    CONV_OUT out;			/* facts of professional -> patient */
    time_t  when;			/* time of the first decision */
} CONV_REPLAY;

typedef enum CONV_REPLAY_STATUS {
    CONV_REPLAY_WRITE = 0,		/* write res->state, asserting the state */
    CONV_REPLAY_NONE,			/* the state already says it: no write */
    CONV_REPLAY_REFUSED,		/* the rules now refuse the message */
    CONV_REPLAY_UNAVAILABLE		/* the state is unknown */
} CONV_REPLAY_STATUS;

#define CONV_DECIDED		1
#define CONV_STATE_UNAVAILABLE	0

extern void conv_config_init(CONV_CONFIG *);
extern void conv_state_init(CONV_STATE *, CONV_STATUS);
extern int conv_outbound(const CONV_CONFIG *, const CONV_STATE *,
			         const CONV_OUT *, time_t, CONV_RESULT *);
extern int conv_inbound(const CONV_CONFIG *, const CONV_STATE *,
			        const CONV_IN *, time_t, CONV_RESULT *);
extern int conv_inbound_wait(const CONV_RESULT *);
extern void conv_inbound_eom(const CONV_STATE *, const CONV_RESULT *, int,
			             CONV_RESULT *);
extern int conv_close(const CONV_STATE *, CONV_HOW, time_t, CONV_RESULT *);
extern CONV_REPLAY_STATUS conv_replay(const CONV_CONFIG *, const CONV_STATE *,
				              const CONV_REPLAY *, CONV_RESULT *);
extern size_t conv_parties(const char *, const char *const *, size_t,
			           const char **);
extern int conv_app_exception(const CONV_CONFIG *, const char *);
extern void conv_detail(const CONV_RESULT *, VERDICT_LANG, VSTR *);
extern void conv_events_str(int, VSTR *);
extern const char *conv_event_audit_name(int);

extern const char *conv_near_mode_name(CONV_NEAR_MODE);
extern int conv_near_mode_parse(const char *, CONV_NEAR_MODE *);
extern const char *conv_check_name(CONV_CHECK);
extern int conv_check_parse(const char *, CONV_CHECK *);
extern int conv_state_equal(const CONV_STATE *, const CONV_STATE *);

extern const RULE_INFO *conv_rule_table(size_t *);
extern const RULE_INFO *conv_rule_find(const char *);

#endif
