#ifndef VERDICT_H_INCLUDED
#define VERDICT_H_INCLUDED

/*++
/* NAME
/*	verdict 3h
/* SUMMARY
/*	one type for every decision; the table of rules and reply texts
/* SYNOPSIS
/*	#include "verdict.h"
/* DESCRIPTION
/*	See verdict.c and rule.c; the rules themselves are in rule_table.h.
/*--*/

#include "vstr.h"
#include "rule_table.h"

typedef enum VERDICT_ACTION {
    VERDICT_CONTINUE = 0,		/* no objection, go on */
    VERDICT_ACCEPT,			/* accept now, skip further checks */
    VERDICT_REJECT,			/* 5xx */
    VERDICT_TEMPFAIL,			/* 4xx */
    VERDICT_DISCARD,			/* accept and drop silently */
    VERDICT_QUARANTINE,			/* accept and hold in the MTA's queue */
    VERDICT_ACTION_COUNT
} VERDICT_ACTION;

 /*
  * Every rule, by name: RULE_TRUST_RCPT_DOMAIN... (rule_table.h).
  */
typedef enum RULE_ID {
#define RULE_ENUM_ROW(name, id, rc, xc, trc, txc, dflt, pdflt, key, rep, fr, en, doc) \
    RULE_##name,
    RULE_TABLE(RULE_ENUM_ROW)
#undef RULE_ENUM_ROW
    RULE_COUNT
} RULE_ID;

 /*
  * A rule's built-in action (rule_table.h, the dflt column).
  */
typedef enum RULE_DEFAULT {
    RULE_DEF_KEY = 0,			/* decided by its configuration key */
    RULE_DEF_WARN,			/* log, audit and deliver */
    RULE_DEF_TEMPFAIL,			/* 4xx */
    RULE_DEF_REJECT			/* 5xx */
} RULE_DEFAULT;

 /*
  * A rule: the stable identifier shared by logs, audit records, the policy
  * file and the documentation, its default reply codes, and its reply text
  * templates. Templates expand {addr}, {domain}, {detail} and {rule}; values
  * are sanitised (non-printable or non-ASCII bytes become '?', length
  * capped) because they may come from the sender.
  */
typedef struct RULE_INFO {
    const char *id;			/* trust.rcpt_domain */
    const char *rcode;			/* permanent reply: "550" */
    const char *xcode;			/* "5.7.1" */
    const char *temp_rcode;		/* when tempfailed instead: "451" */
    const char *temp_xcode;		/* "4.7.1" */
    const char *text_fr;		/* French template (the default) */
    const char *text_en;		/* English template */
    const char *doc;			/* one English sentence for the manual */
    RULE_DEFAULT dflt;			/* built-in action */
    RULE_DEFAULT patient_dflt;		/* ... with a patient recipient */
    const char *key;			/* configuration key, or NULL */
    const char *report;			/* X-MSSante-Policy check, or NULL */
} RULE_INFO;

typedef struct RULE_VARS {
    const char *addr;			/* the address at fault, or NULL */
    const char *domain;			/* its domain, or NULL */
    const char *detail;			/* rule-specific explanation, or NULL */
} RULE_VARS;

typedef enum VERDICT_LANG {
    VERDICT_LANG_FR = 0,
    VERDICT_LANG_EN
} VERDICT_LANG;

typedef struct VERDICT {
    VERDICT_ACTION action;
    const char *rule;			/* RULE_INFO id (static), or NULL */
    char    rcode[4];			/* "550", "" when no reply */
    char    xcode[12];			/* "5.7.1", "" when no reply */
    VSTR   *text;			/* US-ASCII, no CR/LF; "" when no reply */
} VERDICT;

extern const RULE_INFO *rule_get(RULE_ID);
extern const char *rule_id(RULE_ID);
extern const RULE_INFO *rule_find(const char *);
extern const char *rule_default_name(RULE_DEFAULT);
extern const RULE_INFO *rule_table(size_t *);
extern void rule_expand(const char *, const RULE_VARS *, VSTR *);
extern void rule_format(const RULE_INFO *, VERDICT_LANG, const RULE_VARS *, VSTR *);

extern void verdict_init(VERDICT *);
extern void verdict_free(VERDICT *);
extern void verdict_reset(VERDICT *);
extern void verdict_set(VERDICT *, VERDICT_ACTION, const char *,
			        const RULE_VARS *, VERDICT_LANG);
extern void verdict_copy(VERDICT *, const VERDICT *);
extern int verdict_merge(VERDICT *, const VERDICT *);
extern int verdict_severity(VERDICT_ACTION);
extern const char *verdict_action_name(VERDICT_ACTION);
extern int verdict_action_parse(const char *, VERDICT_ACTION *);

#endif
