#ifndef MBPOL_H_INCLUDED
#define MBPOL_H_INCLUDED

/*++
/* NAME
/*	mbpol 3h
/* SUMMARY
/*	per-mailbox policy: settings, selection, explanation
/* SYNOPSIS
/*	#include "mbpol.h"
/* DESCRIPTION
/*	See mbpol.c, mbpol_parse.c and mbpol_explain.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "verdict.h"
#include "conv.h"

 /*
  * What a policy says about one rule. UNSET: nothing was said, the rule
  * keeps its built-in default (mbpol_builtin_action()).
  */
typedef enum MBPOL_ACTION {
    MBPOL_ACT_UNSET = 0,
    MBPOL_ACT_ACCEPT,			/* the rule is not applied */
    MBPOL_ACT_WARN,			/* deliver, tag, log */
    MBPOL_ACT_REJECT,			/* 5xx */
    MBPOL_ACT_TEMPFAIL,			/* 4xx */
    MBPOL_ACT_MONITOR,			/* deliver, log what enforce would do */
    MBPOL_ACTION_COUNT
} MBPOL_ACTION;

 /*
  * Mailbox types of the directory (JDV_J139); NONE: not in the directory
  * (a patient, another site, a red-listed or APP mailbox not mirrored).
  */
typedef enum MBPOL_TYPE {
    MBPOL_TYPE_NONE = 0,
    MBPOL_TYPE_PER,
    MBPOL_TYPE_ORG,
    MBPOL_TYPE_APP,
    MBPOL_TYPE_CAB,
    MBPOL_TYPE_COUNT
} MBPOL_TYPE;

typedef enum MBPOL_DIR {		/* same values as DECIDE_DIR */
    MBPOL_DIR_INBOUND = 0,
    MBPOL_DIR_OUTBOUND,
    MBPOL_DIR_COUNT
} MBPOL_DIR;

 /*
  * Precedence of selectors, most specific first.
  */
typedef enum MBPOL_LEVEL {
    MBPOL_LEVEL_ADDRESS = 0,		/* "sender" or "recipient" */
    MBPOL_LEVEL_TYPE_DOMAIN,		/* a *_type and a *_domain */
    MBPOL_LEVEL_DOMAIN,			/* "sender_domain", "recipient_domain" */
    MBPOL_LEVEL_TYPE,			/* "sender_type", "recipient_type" */
    MBPOL_LEVEL_DIRECTION,		/* "direction" alone */
    MBPOL_LEVEL_DEFAULT,		/* the "default" section */
    MBPOL_LEVEL_COUNT
} MBPOL_LEVEL;

 /*
  * The settings, in the order the explanation lists them.
  */
typedef enum MBPOL_FIELD {
    MBPOL_F_MODE = 0,
    MBPOL_F_RECIPIENTS,
    MBPOL_F_SENDERS,
    MBPOL_F_REQUIRE_CATEGORY,
    MBPOL_F_REQUIRE_NIL,
    MBPOL_F_PATIENT_REPLIES,
    MBPOL_F_PATIENTS_MAY_START,
    MBPOL_F_NEAR_MISS_FIN,
    MBPOL_F_MAX_SIZE,
    MBPOL_F_MAX_RECIPIENTS,
    MBPOL_F_REPLY_TO,
    MBPOL_F_COUNT
} MBPOL_FIELD;

 /*
  * Where a value comes from: the daemon's configuration, the "default"
  * section, or selector N of "mailboxes" (N >= 0).
  */
#define MBPOL_FROM_CONFIG	(-2)
#define MBPOL_FROM_DEFAULT	(-1)

typedef struct MBPOL_LIST {		/* lower-cased strings */
    char  **items;
    size_t  count;
} MBPOL_LIST;

typedef struct MBPOL_PEERS {		/* allowed correspondents */
    int     restricted;			/* 0: anybody (the rest is unused) */
    int     patients;			/* patient addresses */
    int     professionals;		/* any other address */
    MBPOL_LIST domains;			/* these domains */
    MBPOL_LIST addresses;		/* these addresses */
} MBPOL_PEERS;

typedef struct MBPOL_REPLY_TO {
    int     allowed;			/* 0: no Reply-To may redirect */
    MBPOL_LIST domains;			/* non-empty lists: only there */
    MBPOL_LIST addresses;
} MBPOL_REPLY_TO;

typedef struct MBPOL_RULE {
    const char *id;			/* static id from a rule table */
    MBPOL_ACTION action;
    int     origin;			/* MBPOL_FROM_* or selector */
} MBPOL_RULE;

typedef struct MBPOL_SETTINGS {
    int     monitor;			/* never refuse, log "would" */
    MBPOL_PEERS recipients;		/* who this mailbox may write to */
    MBPOL_PEERS senders;		/* who may write to this mailbox */
    int     require_category;		/* to patients: a categorised document */
    int     require_nil;		/* X-MSS-NIL on every message */
    CONV_REPLIES patient_replies;	/* DEFAULT: the APP type rule */
    int     patients_may_start;		/* -1: the directory (pharmacy) */
    int     near_miss_fin;		/* -1: NearMissFin; else CONV_NEAR_MODE */
    unsigned long long max_size;	/* bytes; 0: no limit */
    unsigned long max_recipients;	/* 0: no limit */
    MBPOL_REPLY_TO reply_to;
    MBPOL_RULE *rules;			/* rules with an action set */
    size_t  rule_count;
    int     origin[MBPOL_F_COUNT];	/* MBPOL_FROM_* or selector */
} MBPOL_SETTINGS;

 /*
  * One message (or one recipient of it) as the daemon sees it.
  */
typedef struct MBPOL_QUERY {
    const char *sender;			/* "local@domain", "" for <> */
    MBPOL_TYPE sender_type;
    const char *recipient;
    MBPOL_TYPE recipient_type;
    MBPOL_DIR dir;
} MBPOL_QUERY;

typedef struct MBPOL_MATCH {
    const MBPOL_SETTINGS *settings;	/* effective settings */
    int     selector;			/* index, or MBPOL_FROM_DEFAULT */
    MBPOL_LEVEL level;
    const char *name;			/* the selector's "name", or "" */
    const char *path;			/* "/mailboxes/3" or "/default" */
} MBPOL_MATCH;

typedef struct MBPOL MBPOL;		/* a compiled, immutable policy */

 /* mbpol.c */
#define MBPOL_RULE_IDS_MAX	128	/* room for every known rule id */

extern void mbpol_settings_init(MBPOL_SETTINGS *);
extern void mbpol_settings_free(MBPOL_SETTINGS *);
extern int mbpol_settings_rule(MBPOL_SETTINGS *, const char *, MBPOL_ACTION);
extern MBPOL_ACTION mbpol_rule_action(const MBPOL_SETTINGS *, const char *,
				              int *);
extern MBPOL_ACTION mbpol_effective_action(const MBPOL_SETTINGS *,
					           const char *, int *);
extern const char *mbpol_rule_known(const char *);
extern size_t mbpol_rule_ids(const char **, size_t);
extern MBPOL_ACTION mbpol_builtin_action(const char *);
extern MBPOL_ACTION mbpol_message_action(const MBPOL_SETTINGS *const *, size_t,
					         const char *, int *);
extern VERDICT_ACTION mbpol_action_verdict(MBPOL_ACTION);
extern int mbpol_peer_allowed(const MBPOL_PEERS *, const char *, int);
extern int mbpol_reply_to_allowed(const MBPOL_SETTINGS *, const char *);
extern const MBPOL_SETTINGS *mbpol_select(const MBPOL *, const MBPOL_QUERY *,
					          MBPOL_MATCH *);
extern size_t mbpol_selector_count(const MBPOL *);
extern int mbpol_restricts_peers(const MBPOL *, int);
extern void mbpol_free(MBPOL *);
extern const char *mbpol_action_name(MBPOL_ACTION);
extern int mbpol_action_parse(const char *, MBPOL_ACTION *);
extern const char *mbpol_type_name(MBPOL_TYPE);
extern int mbpol_type_parse(const char *, MBPOL_TYPE *);
extern const char *mbpol_dir_name(MBPOL_DIR);
extern const char *mbpol_level_name(MBPOL_LEVEL);
extern const char *mbpol_field_name(MBPOL_FIELD);
extern const RULE_INFO *mbpol_rule_table(size_t *);
extern const RULE_INFO *mbpol_rule_find(const char *);

 /* mbpol_parse.c */
extern MBPOL *mbpol_parse(const char *, size_t, const MBPOL_SETTINGS *,
			          VSTR *);
extern int mbpol_parse_size(const char *, unsigned long long *);

 /* mbpol_explain.c */
extern void mbpol_explain_text(const MBPOL *, const MBPOL_QUERY *, VSTR *);
extern void mbpol_explain_json(const MBPOL *, const MBPOL_QUERY *, VSTR *);

#endif
