#ifndef AUDIT_TXN_H_INCLUDED
#define AUDIT_TXN_H_INCLUDED

/*++
/* NAME
/*	audit_txn 3h
/* SUMMARY
/*	the facts of one SMTP transaction, built into an audit record
/* SYNOPSIS
/*	#include "audit_txn.h"
/* DESCRIPTION
/*	See audit_txn.c.
/*--*/

#include <jansson.h>

#include "verdict.h"
#include "subject.h"
#include "audit_key.h"

typedef struct AUDIT_TXN AUDIT_TXN;

 /*
  * TLS facts of the connection, as the MTA's macros give them ({tls_version},
  * {cipher}, {cert_subject}, {cert_issuer}, {verify}); NULL when unknown.
  */
typedef struct AUDIT_TLS {
    const char *version;
    const char *cipher;
    const char *subject;
    const char *issuer;
    const char *verify;
    const char *compared;		/* "dn", "cn": see trust_form_name() */
} AUDIT_TLS;

 /*
  * How the transaction ended, recorded as "end".
  */
typedef enum AUDIT_END {
    AUDIT_END_EOM = 0,			/* end of message: the final decision */
    AUDIT_END_ABORT,			/* RSET, new MAIL, all RCPT refused... */
    AUDIT_END_CLOSE			/* connection closed mid-transaction */
} AUDIT_END;

#define AUDIT_FIELD_MAX	2048		/* bytes kept of one outside string */

extern AUDIT_TXN *audit_txn_create(const AUDIT_KEY *, const char *);
extern void audit_txn_free(AUDIT_TXN *);
extern void audit_txn_domain(AUDIT_TXN *, const char *);

/* Connection facts: kept across the transactions of one connection. */
extern void audit_txn_connect(AUDIT_TXN *, const char *, const char *);
extern void audit_txn_helo(AUDIT_TXN *, const char *);
extern void audit_txn_tls(AUDIT_TXN *, const AUDIT_TLS *);

/* Transaction facts: cleared by audit_txn_begin(). */
extern void audit_txn_begin(AUDIT_TXN *);
extern int audit_txn_pending(const AUDIT_TXN *);
extern void audit_txn_queue_id(AUDIT_TXN *, const char *);
extern void audit_txn_auth(AUDIT_TXN *, const char *);
extern void audit_txn_direction(AUDIT_TXN *, const char *);
extern void audit_txn_mode(AUDIT_TXN *, const char *);
extern void audit_txn_sender(AUDIT_TXN *, const char *);
extern void audit_txn_rcpt(AUDIT_TXN *, const char *, const VERDICT *);
extern void audit_txn_message_id(AUDIT_TXN *, const char *);
extern void audit_txn_subject(AUDIT_TXN *, SUBJ_CLASS);
extern void audit_txn_document(AUDIT_TXN *, const char *, const char *);
extern void audit_txn_patient(AUDIT_TXN *, const char *);
extern void audit_txn_event(AUDIT_TXN *, const char *, const char *,
			            const char *);
extern void audit_txn_size(AUDIT_TXN *, unsigned long long);
extern void audit_txn_final(AUDIT_TXN *, const VERDICT *);

/* For the writer (and the tests). */
extern void audit_txn_fill(AUDIT_TXN *, AUDIT_END, json_t *);
extern void audit_txn_done(AUDIT_TXN *);
extern json_t *audit_txn_string(const char *, size_t);
extern const char *audit_txn_action_name(VERDICT_ACTION);
extern const char *audit_txn_end_name(AUDIT_END);

#endif
