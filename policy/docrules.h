#ifndef DOCRULES_H_INCLUDED
#define DOCRULES_H_INCLUDED

/*++
/* NAME
/*	docrules 3h
/* SUMMARY
/*	conformance of documents and X-MSS-* headers (Referentiel #2)
/* SYNOPSIS
/*	#include "docrules.h"
/* DESCRIPTION
/*	See docrules.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "verdict.h"

typedef enum DOCRULES_RULE {
    DOCRULES_CODECDA = 0,		/* doc.codecda */
    DOCRULES_X_MSS_INS,			/* doc.x_mss_ins */
    DOCRULES_X_MSS_NIL,			/* doc.x_mss_nil */
    DOCRULES_SUBJECT_XDM,		/* doc.subject_xdm */
    DOCRULES_PATIENT_MISMATCH,		/* doc.patient_mismatch */
    DOCRULES_PATIENT_UNVERIFIED,	/* doc.patient_unverified */
    DOCRULES_CATEGORY_MISSING,		/* doc.category_missing */
    DOCRULES_CATEGORY_UNKNOWN,		/* doc.category_unknown */
    DOCRULES_XDM_UNSAFE,		/* doc.xdm_unsafe */
    DOCRULES_XDM_INVALID,		/* doc.xdm_invalid */
    DOCRULES_INS_UNQUALIFIED,		/* doc.ins_unqualified */
    DOCRULES_CLASS_UNKNOWN,		/* doc.class_unknown */
    DOCRULES_RULE_COUNT
} DOCRULES_RULE;

typedef enum DOCRULES_ACTION {
    DOCRULES_OFF = 0,			/* rule not checked */
    DOCRULES_WARN,			/* log and audit, deliver */
    DOCRULES_QUARANTINE,		/* hold in the MTA queue */
    DOCRULES_TEMPFAIL,			/* 4xx */
    DOCRULES_REJECT,			/* 5xx */
    DOCRULES_ACTION_COUNT
} DOCRULES_ACTION;

 /*
  * What this module adds to a rule of the shared table (rule_table.h holds
  * the id, default actions, reply codes and texts): its default action as
  * a DOCRULES_ACTION, and whether AppStrict tightens it.
  */
typedef struct DOCRULES_INFO {
    const char *id;			/* doc.patient_mismatch */
    DOCRULES_ACTION default_action;	/* between professionals */
    DOCRULES_ACTION patient_default;	/* a message to a patient */
    int     conformance;		/* tightened for APP senders */
} DOCRULES_INFO;

typedef struct DOCRULES_CONFIG {
    DOCRULES_ACTION action[DOCRULES_RULE_COUNT];	/* professionals */
    DOCRULES_ACTION patient_action[DOCRULES_RULE_COUNT];	/* to a patient */
    int     app_strict;			/* APP senders: warn becomes reject */
} DOCRULES_CONFIG;

typedef struct DOCRULES_PATIENT {
    const char *id;			/* CX ID part: "285037728417346" */
    const char *authority;		/* assigning authority OID, or NULL */
} DOCRULES_PATIENT;

 /*
  * What the milter learned about one message. NULL header pointers mean
  * "header absent"; counts are zero when there is nothing.
  */
typedef struct DOCRULES_FACTS {
    int     sender_app;			/* sender mailbox is of type APP */
    int     nil_required;		/* sender listed in NilRequired */
    const char *x_mss_nil;		/* X-MSS-NIL value */
    const char *x_mss_codecda;		/* X-MSS-CODECDA value */
    const char *x_mss_ins;		/* X-MSS-INS value */
    const char *subject;		/* decoded, unfolded Subject */
    size_t  xdm_archives;		/* IHE_XDM.zip attachments */
    size_t  xdm_unsafe;			/* refused: bomb, over a limit */
    size_t  xdm_invalid;		/* unreadable: malformed */
    const char *xdm_unsafe_error;	/* first refusal reason, or NULL */
    const char *xdm_invalid_error;	/* first read error, or NULL */
    size_t  cda_count;			/* CDA documents in the archives */
    const char *const *cda_codes;	/* their codes (X-MSS-CODECDA) */
    size_t  cda_code_count;
    const DOCRULES_PATIENT *patients;	/* patient ids of the metadata */
    size_t  patient_count;
    const char *const *rcpt_ins;	/* local parts of patient recipients */
    size_t  rcpt_ins_count;
    size_t  documents;			/* documents (doccat) */
    size_t  uncategorized;		/* ... without a category */
    size_t  unknown;			/* ... with a code not in JDV_J07 */
    const char *unknown_codes;		/* those codes, comma-separated */
    size_t  unknown_classes;		/* classCodes not in TRE_A03 */
    const char *unknown_class_codes;	/* those codes, comma-separated */
} DOCRULES_FACTS;

typedef struct DOCRULES_HIT {
    DOCRULES_RULE rule;
    const char *id;			/* static rule id */
    DOCRULES_ACTION action;		/* after the APP tightening */
    VSTR   *detail;			/* French US-ASCII, no INS, no names */
    size_t  rcpt_index;			/* index in facts->rcpt_ins, or -1 */
} DOCRULES_HIT;

typedef struct DOCRULES_REPORT {
    DOCRULES_HIT hits[DOCRULES_RULE_COUNT];	/* at most one per rule */
    size_t  count;
    DOCRULES_ACTION worst;		/* DOCRULES_OFF when no hit */
    int     worst_index;		/* hit with the worst action, or -1 */
} DOCRULES_REPORT;

extern void docrules_config_init(DOCRULES_CONFIG *);
extern int docrules_config_set(DOCRULES_CONFIG *, const char *, const char *);
extern int docrules_config_set_patient(DOCRULES_CONFIG *, const char *,
				               const char *);
extern DOCRULES_ACTION docrules_config_action(const DOCRULES_CONFIG *,
					              DOCRULES_RULE, int);
extern const DOCRULES_INFO *docrules_info(DOCRULES_RULE);
extern const DOCRULES_INFO *docrules_find(const char *, DOCRULES_RULE *);
extern const RULE_INFO *docrules_rule(DOCRULES_RULE);
extern int docrules_patient_only(DOCRULES_RULE);
extern const char *docrules_action_name(DOCRULES_ACTION);
extern int docrules_action_parse(const char *, DOCRULES_ACTION *);
extern VERDICT_ACTION docrules_action_verdict(DOCRULES_ACTION);

extern void docrules_report_init(DOCRULES_REPORT *);
extern void docrules_report_free(DOCRULES_REPORT *);
extern void docrules_check(const DOCRULES_CONFIG *, const DOCRULES_FACTS *,
			           DOCRULES_REPORT *);
extern int docrules_ins_like(const char *);
extern int docrules_ins_authority(const char *);
extern int docrules_same_patient(const char *, const char *);

#endif
