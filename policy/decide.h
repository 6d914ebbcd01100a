#ifndef DECIDE_H_INCLUDED
#define DECIDE_H_INCLUDED

/*++
/* NAME
/*	decide 3h
/* SUMMARY
/*	message-level decisions: facts in, verdicts out
/* SYNOPSIS
/*	#include "decide.h"
/* DESCRIPTION
/*	See decide.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "verdict.h"
#include "trust.h"
#include "cidr.h"
#include "addr.h"
#include "report.h"

 /*
  * What the site configured (built from the daemon's configuration). The
  * pointers stay owned by the caller and must outlive every message.
  */
typedef enum DECIDE_PEER_ACTION {
    DECIDE_PEER_REJECT = 0,		/* refuse the message (default) */
    DECIDE_PEER_MONITOR,		/* log and tag, do not refuse */
    DECIDE_PEER_OFF			/* do not check */
} DECIDE_PEER_ACTION;

typedef struct DECIDE_POLICY {
    int     monitor;			/* Mode monitor: never refuse */
    VERDICT_LANG lang;			/* reply texts */
    const char *patient_domain;		/* "patient.mssante.fr" */
    unsigned long long patient_max_size;	/* bytes; 0: no limit */
    DECIDE_PEER_ACTION peer_action;
    const char *const *trusted_issuers;	/* NULL-terminated issuer CNs */
    int     header_checks;		/* From, Reply-To, DNT */
    VERDICT_ACTION on_dir_error;	/* TEMPFAIL, CONTINUE or REJECT */
    VERDICT_ACTION on_internal_error;	/* same */
    const CIDR_LIST *internal_hosts;
    const char *const *internal_daemons;	/* NULL-terminated */
} DECIDE_POLICY;

typedef enum DECIDE_DIR {
    DECIDE_DIR_INBOUND = 0,
    DECIDE_DIR_OUTBOUND
} DECIDE_DIR;

 /*
  * The checks that X-MSSante-Policy and the log report, in that order.
  */
typedef enum DECIDE_CHECK {
    DECIDE_CHK_SENDER = 0,		/* trust.sender_domain */
    DECIDE_CHK_PEER,			/* trust.peer_cert */
    DECIDE_CHK_RCPT,			/* trust.rcpt_domain */
    DECIDE_CHK_INS,			/* ins */
    DECIDE_CHK_SIZE,			/* size.patient */
    DECIDE_CHK_HDR_FROM,		/* trust.header_from */
    DECIDE_CHK_HDR_REPLY_TO,		/* trust.header_reply_to */
    DECIDE_CHK_HDR_DNT,			/* trust.header_dnt */
    DECIDE_CHK_DOC,			/* doc: any doc.* rule (docs_msg.c) */
    DECIDE_CHK_COUNT
} DECIDE_CHECK;

typedef enum DECIDE_RESULT {
    DECIDE_RES_NONE = 0,		/* not evaluated (not reported) */
    DECIDE_RES_PASS,
    DECIDE_RES_FAIL,
    DECIDE_RES_SKIP			/* not applicable (null sender...) */
} DECIDE_RESULT;

#define DECIDE_MAX_RULES	8	/* distinct rule ids kept per message */

 /*
  * Facts about one SMTP connection, set by the milter callbacks. Strings
  * are owned (decide_conn_set() copies them).
  */
typedef struct DECIDE_CONN {
    int     family;			/* CIDR_FAMILY_*, 0 when no IP */
    unsigned char addr[16];
    char   *client;			/* "name[addr]" for logs */
    char   *daemon_name;		/* {daemon_name} */
    char   *tls_version;		/* {tls_version} */
    char   *cert_subject;		/* {cert_subject}: verified peer CN or DN */
    char   *cert_issuer;		/* {cert_issuer}: its issuer CN or DN */
    int     internal;			/* client in InternalHosts */
} DECIDE_CONN;

 /*
  * Facts and outcomes of one transaction (MAIL FROM to end of message).
  */
struct MBPOL_SETTINGS;

typedef struct DECIDE_MSG {
    const DECIDE_CONN *conn;
    const struct MBPOL_SETTINGS *mbpol;	/* per-mailbox settings, or NULL */
    /* At end of message: every accepted recipient's (mbpol_message_action) */
    const struct MBPOL_SETTINGS *const *mbpol_all;
    size_t  mbpol_count;
    char   *queue_id;			/* {i}, NULL until known */
    char   *auth_authen;		/* {auth_authen} */
    char   *sender;			/* as given, for logs */
    ADDR    sender_addr;		/* parsed */
    int     sender_ok;			/* parsed and not refused */
    int     sender_parsed;		/* sender_addr holds the parsed sender */
    REPORT_SCAN *report;		/* null or patient sender: a real report? */
    REPORT_TYPE report_type;		/* its result at end of message */
    VSTR   *null_from;			/* null sender: the From values */
    int     null_from_count;		/* null sender: From headers seen */
    char  **authors;			/* null sender: From mailboxes */
    size_t  nauthors;
    long long declared_size;		/* ESMTP SIZE=, -1 when absent */
    DECIDE_DIR dir;
    const char *dir_reason;		/* "internal_host", "auth", ... */
    const char *peer_form;		/* "dn"/"cn" compared by trust.peer_cert */
    int     rcpts;			/* RCPT commands seen */
    int     accepted;
    int     rejected;			/* refused for good */
    int     tempfailed;			/* refused for now (4xx) */
    int     patients;			/* accepted patient recipients */
    unsigned long long size;		/* header and body bytes counted */
    int     policy_headers;		/* X-MSSante-Policy headers seen */
    DECIDE_RESULT result[DECIDE_CHK_COUNT];
    const char *rules[DECIDE_MAX_RULES];	/* failed rules, static ids */
    int     rule_count;
    int     rules_dropped;		/* more than DECIDE_MAX_RULES */
    VERDICT_ACTION action;		/* outcome of the transaction */
    VERDICT_ACTION rcpt_worst;		/* most severe recipient refusal */
    VERDICT_ACTION would;		/* monitor: what enforce would do */
    const char *hdr_rule;		/* first header failure, or NULL */
    VSTR   *hdr_addr;			/* its address */
    VSTR   *hdr_domain;			/* its domain */
    VSTR   *hdr_detail;			/* its explanation */
    VSTR   *patient;			/* first patient recipient */
    VSTR   *tmp;			/* scratch */
} DECIDE_MSG;

extern void decide_conn_init(DECIDE_CONN *);
extern void decide_conn_free(DECIDE_CONN *);
extern void decide_conn_set(char **, const char *);
extern int decide_cert_verified(const char *, const char *);
extern int decide_conn_addr(DECIDE_CONN *, const DECIDE_POLICY *,
			            const char *);

extern void decide_msg_init(DECIDE_MSG *, const DECIDE_CONN *);
extern void decide_msg_free(DECIDE_MSG *);
extern void decide_note_rule(DECIDE_MSG *, const char *);

extern DECIDE_DIR decide_direction(const DECIDE_POLICY *, DECIDE_MSG *);
extern VERDICT_ACTION decide_mail(const DECIDE_POLICY *, const TRUST *,
				          DECIDE_MSG *, const char *,
				          const char *const *, VERDICT *);
struct RCPT_FACTS;

extern VERDICT_ACTION decide_rcpt(const DECIDE_POLICY *, const TRUST *,
				          DECIDE_MSG *, const char *,
				          VERDICT *);
extern VERDICT_ACTION decide_rcpt_facts(const DECIDE_POLICY *, const TRUST *,
				               DECIDE_MSG *, const struct RCPT_FACTS *,
				               VERDICT *);
extern void decide_header(const DECIDE_POLICY *, const TRUST *,
			          DECIDE_MSG *, const char *, const char *);
extern void decide_body(DECIDE_MSG *, size_t);
extern void decide_body_data(DECIDE_MSG *, const char *, size_t);
extern int decide_wants_body(const DECIDE_MSG *);
extern VERDICT_ACTION decide_eom(const DECIDE_POLICY *, const TRUST *,
				         DECIDE_MSG *, VERDICT *);
extern VERDICT_ACTION decide_error(const DECIDE_POLICY *, DECIDE_MSG *,
				           const char *, const char *,
				           const char *, VERDICT *);
extern VERDICT_ACTION decide_other(const DECIDE_POLICY *, DECIDE_MSG *, int,
				           VERDICT_ACTION, const char *,
				           const RULE_VARS *, VERDICT *);
extern VERDICT_ACTION decide_monitor(const DECIDE_POLICY *, DECIDE_MSG *, int,
				             VERDICT_ACTION, const char *,
				             const RULE_VARS *, VERDICT *);
extern int decide_strip_policy_headers(const DECIDE_MSG *);
extern const char *decide_check_name(DECIDE_CHECK);
extern const char *decide_result_name(DECIDE_RESULT);
extern const char *decide_dir_name(DECIDE_DIR);

#define DECIDE_POLICY_HEADER	"X-MSSante-Policy"

#endif
