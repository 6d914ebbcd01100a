/*++
/* NAME
/*	audit_txn 3
/* SUMMARY
/*	the facts of one SMTP transaction, built into an audit record
/* SYNOPSIS
/*	#include "audit_txn.h"
/*
/*	AUDIT_TXN *audit_txn_create(const AUDIT_KEY *key,
/*				const char *patient_domain)
/*	void	audit_txn_free(AUDIT_TXN *txn)
/*
/*	void	audit_txn_domain(AUDIT_TXN *txn, const char *patient_domain)
/*
/*	void	audit_txn_connect(AUDIT_TXN *txn, const char *addr,
/*				const char *name)
/*	void	audit_txn_helo(AUDIT_TXN *txn, const char *helo)
/*	void	audit_txn_tls(AUDIT_TXN *txn, const AUDIT_TLS *tls)
/*
/*	void	audit_txn_begin(AUDIT_TXN *txn)
/*	int	audit_txn_pending(const AUDIT_TXN *txn)
/*	void	audit_txn_queue_id(AUDIT_TXN *txn, const char *qid)
/*	void	audit_txn_auth(AUDIT_TXN *txn, const char *login)
/*	void	audit_txn_direction(AUDIT_TXN *txn, const char *direction)
/*	void	audit_txn_mode(AUDIT_TXN *txn, const char *mode)
/*	void	audit_txn_sender(AUDIT_TXN *txn, const char *addr)
/*	void	audit_txn_rcpt(AUDIT_TXN *txn, const char *addr,
/*				const VERDICT *verdict)
/*	void	audit_txn_message_id(AUDIT_TXN *txn, const char *msgid)
/*	void	audit_txn_subject(AUDIT_TXN *txn, SUBJ_CLASS class)
/*	void	audit_txn_document(AUDIT_TXN *txn, const char *type_code,
/*				const char *class_code)
/*	void	audit_txn_patient(AUDIT_TXN *txn, const char *ins)
/*	void	audit_txn_event(AUDIT_TXN *txn, const char *event,
/*				const char *addr, const char *detail)
/*	void	audit_txn_size(AUDIT_TXN *txn, unsigned long long bytes)
/*	void	audit_txn_final(AUDIT_TXN *txn, const VERDICT *verdict)
/*
/*	void	audit_txn_fill(AUDIT_TXN *txn, AUDIT_END end, json_t *rec)
/*	void	audit_txn_done(AUDIT_TXN *txn)
/*	json_t	*audit_txn_string(const char *data, size_t len)
/*	const char *audit_txn_action_name(VERDICT_ACTION action)
/*	const char *audit_txn_end_name(AUDIT_END end)
/* DESCRIPTION
/*	An AUDIT_TXN belongs to one SMTP connection (store it in the
/*	milter's per-connection private data; it needs no lock). The
/*	daemon's callbacks feed it facts as they learn them; audit_write()
/*	turns it into one record per transaction. Every function accepts
/*	a NULL txn and then does nothing, so that the callbacks need no
/*	"is the audit trail enabled" test. A string argument may be NULL
/*	(the fact is then recorded as unknown, JSON null).
/*
/*	Patient data never stays in clear in the object: addresses are
/*	pseudonymised (see audit_ins(3)) and every other string (reply
/*	texts, details, Message-ID, HELO, login, certificate names...)
/*	scrubbed of patient addresses and INS-shaped tokens the moment
/*	they are given (the certificate subject and issuer as DNs, whose
/*	OU attributes stay readable: insmask(3)), with the key given to
/*	audit_txn_create(),
/*	which must outlive the AUDIT_TXN, and its patient_domain (NULL:
/*	"patient.mssante.fr"; the daemon passes its PatientDomain). Every string from outside is
/*	made valid UTF-8 (invalid bytes and NUL become "?") and longer
/*	ones are cut at AUDIT_FIELD_MAX bytes with a visible
/*	"...[cut N bytes]" mark.
/*
/*	audit_txn_create() starts with no connection facts and no
/*	transaction; audit_txn_free() releases it (NULL is fine).
/*	audit_txn_domain() replaces the patients' domain (NULL or empty:
/*	no change); the daemon calls it at each MAIL FROM with the
/*	current configuration's PatientDomain, so that a reload that
/*	changes it takes effect in the trail from the next transaction.
/*
/*	audit_txn_connect() records the client address and name (the
/*	name as the MTA resolved it, "[192.0.2.1]" when unresolved),
/*	audit_txn_helo() the HELO/EHLO argument, audit_txn_tls() the TLS
/*	facts (NULL tls: the connection is not encrypted; "compared" says
/*	what trust.peer_cert compares, "dn" or "cn"). They persist
/*	across the transactions of the connection (STARTTLS may come
/*	after the first).
/*
/*	audit_txn_begin() starts a transaction (call it at MAIL FROM):
/*	clears the previous transaction's facts and starts the clock of
/*	"duration_ms". audit_txn_pending() tells whether a transaction
/*	was begun and not yet written: the daemon calls audit_write()
/*	in its abort and close callbacks when it is, so that a
/*	transaction refused at RCPT, or aborted, is recorded too.
/*
/*	audit_txn_queue_id(), audit_txn_auth() (SASL login name),
/*	audit_txn_direction() ("inbound", "outbound", "internal": the
/*	daemon's vocabulary), audit_txn_mode() (the policy mode, for
/*	example "enforce" or "monitor"), audit_txn_message_id() and
/*	audit_txn_size() (bytes of the message) each set one fact;
/*	a second call replaces the first.
/*
/*	audit_txn_sender() records the envelope sender ("" or "<>" for
/*	the null sender). audit_txn_rcpt() appends one recipient with
/*	its verdict: action, rule id and the reply sent (NULL verdict:
/*	accepted without a rule). VERDICT_CONTINUE is recorded as
/*	"accept": at RCPT both mean the recipient was taken.
/*
/*	audit_txn_subject() records the class of the Subject (or of
/*	X-MSS-MES), never its text: "closing" for SUBJ_FIN, "near-miss"
/*	for every SUBJ_NEAR_* (with "subject_kind" telling which), else
/*	"none".
/*
/*	audit_txn_document() appends a document category (XDS typeCode,
/*	classCode; either may be NULL). audit_txn_patient() appends the
/*	pseudonym of the INS a document is about (never the INS).
/*	audit_txn_event() appends a conversation event: a short name
/*	("conversation.close", "conversation.near-miss"...), the address
/*	concerned (pseudonymised when a patient's), a detail (scrubbed).
/*
/*	audit_txn_final() records the message-level decision. When it
/*	was never called, the record says: "reject" when recipients were
/*	given and all were refused, at least one of them rejected, with
/*	the rule and reply of the first rejected one ("tempfail" and the
/*	first tempfailed one when none was rejected); "aborted" when the
/*	transaction ended before the end of the message; else "accept".
/*
/*	audit_txn_fill() appends the transaction's members to rec, in
/*	the record's fixed order (see mssante-milter-audit(5)), as of
/*	now; audit_txn_done() marks the transaction written.
/*	audit_txn_string() is the sanitiser used for every string.
/*	audit_txn_action_name() and audit_txn_end_name() give the
/*	record's spelling of an action and of an end.
/* SEE ALSO
/*	audit(3), the writer; mssante-milter-audit(5), the record format.
/*--*/

#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "vstr.h"
#include "audit_ins.h"
#include "audit_txn.h"

struct AUDIT_TXN {
    const AUDIT_KEY *key;
    char   *patient_domain;
    /* Connection facts. */
    json_t *client_addr;
    json_t *client_name;
    json_t *helo;
    json_t *tls;			/* object, or NULL: no TLS */
    /* Transaction facts. */
    int     pending;
    struct timespec start;		/* CLOCK_MONOTONIC */
    json_t *qid;
    json_t *auth;
    json_t *direction;
    json_t *mode;
    json_t *sender;
    json_t *rcpts;
    json_t *message_id;
    SUBJ_CLASS subject;
    json_t *documents;
    json_t *patients;
    json_t *events;
    long long size;			/* -1: unknown */
    json_t *final_action;		/* NULL: audit_txn_final() not called */
    json_t *final_rule;
    json_t *final_reply;
    VSTR   *tmp;
};

 /*
  * The record's spelling of the actions. It is part of the file format that
  * auditors rely on for years, hence kept here rather than borrowed from a
  * table that may be renamed; it matches verdict_action_name() except for
  * "continue", which the record calls "accept".
  */
static const char *const action_names[] = {
    "accept",				/* VERDICT_CONTINUE */
    "accept",				/* VERDICT_ACCEPT */
    "reject",				/* VERDICT_REJECT */
    "tempfail",				/* VERDICT_TEMPFAIL */
    "discard",				/* VERDICT_DISCARD */
    "quarantine",			/* VERDICT_QUARANTINE */
};
typedef char action_names_match[sizeof(action_names) / sizeof(action_names[0])
			      == VERDICT_ACTION_COUNT ? 1 : -1];

static const char *const subject_kinds[] = {
    0,					/* SUBJ_NONE */
    0,					/* SUBJ_FIN */
    "case",				/* SUBJ_NEAR_CASE */
    "blanks",				/* SUBJ_NEAR_BLANKS */
    "prefix",				/* SUBJ_NEAR_PREFIX */
    "no-brackets",			/* SUBJ_NEAR_NO_BRACKETS */
    "trailing-text",			/* SUBJ_NEAR_TRAILING_TEXT */
    "lookalike",			/* SUBJ_NEAR_LOOKALIKE */
};
typedef char subject_kinds_match[sizeof(subject_kinds) / sizeof(subject_kinds[0])
			       == SUBJ_CLASS_COUNT ? 1 : -1];

/* utf8_seq_len - length of the valid UTF-8 sequence at s, 0 if invalid */

static size_t utf8_seq_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t  need, i;
    unsigned char lo = 0x80, hi = 0xbf;

    if (c >= 0x01 && c < 0x80)
	return (1);
    if (c >= 0xc2 && c <= 0xdf)
	need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
	need = 2;
	if (c == 0xe0)
	    lo = 0xa0;				/* overlong */
	if (c == 0xed)
	    hi = 0x9f;				/* surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
	need = 3;
	if (c == 0xf0)
	    lo = 0x90;				/* overlong */
	if (c == 0xf4)
	    hi = 0x8f;				/* beyond U+10FFFF */
    } else
	return (0);
    if (len < need + 1 || s[1] < lo || s[1] > hi)
	return (0);
    for (i = 2; i <= need; i++)
	if (s[i] < 0x80 || s[i] > 0xbf)
	    return (0);
    return (need + 1);
}

/* audit_txn_string - valid UTF-8, length-capped JSON string */

json_t *audit_txn_string(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *) data;
    VSTR   *out = vstr_alloc(len < AUDIT_FIELD_MAX ? len : AUDIT_FIELD_MAX);
    size_t  i = 0, n;
    json_t *js;

    while (i < len) {
	n = utf8_seq_len(s + i, len - i);
	if (vstr_len(out) + (n ? n : 1) > AUDIT_FIELD_MAX) {
	    vstr_sprintf_append(out, "...[cut %zu bytes]", len - i);
	    break;
	}
	if (n == 0) {
	    vstr_addch(out, '?');
	    i++;
	} else {
	    vstr_ncat(out, data + i, n);
	    i += n;
	}
    }
    js = json_stringn(vstr_str(out), vstr_len(out));
    vstr_free(out);
    if (js == 0)				/* only when out of memory */
	mymalloc(~(size_t) 0);
    return (js);
}

/* str_or_null - JSON string of a string from outside, scrubbed; NULL for NULL */

static json_t *str_or_null(AUDIT_TXN *txn, const char *str)
{
    if (str == 0)
	return (0);
    /* Any string may hold an INS (a login, a HELO name, a Message-ID). */
    audit_ins_scrub(txn->key, txn->patient_domain, str, strlen(str), txn->tmp);
    return (audit_txn_string(vstr_str(txn->tmp), vstr_len(txn->tmp)));
}

/* dn_or_jnull - JSON string of a certificate DN, scrubbed; null for NULL */

static json_t *dn_or_jnull(AUDIT_TXN *txn, const char *dn)
{
    if (dn == 0)
	return (json_null());
    /* Its OU, a structure identifier shaped like an INS, stays readable. */
    audit_ins_scrub_dn(txn->key, txn->patient_domain, dn, strlen(dn), txn->tmp);
    return (audit_txn_string(vstr_str(txn->tmp), vstr_len(txn->tmp)));
}

/* str_or_jnull - str_or_null(), JSON null for NULL */

static json_t *str_or_jnull(AUDIT_TXN *txn, const char *str)
{
    return (str ? str_or_null(txn, str) : json_null());
}

/* set_str - replace one string slot */

static void set_str(AUDIT_TXN *txn, json_t **slot, const char *str)
{
    json_decref(*slot);
    *slot = str_or_null(txn, str);
}

/* addr_json - pseudonymised address */

static json_t *addr_json(AUDIT_TXN *txn, const char *addr)
{
    if (addr == 0)
	return (json_null());
    audit_ins_addr(txn->key, txn->patient_domain, addr, strlen(addr), txn->tmp);
    return (audit_txn_string(vstr_str(txn->tmp), vstr_len(txn->tmp)));
}

/* reply_json - "550 5.7.1 text" of a verdict, scrubbed; null if none */

static json_t *reply_json(AUDIT_TXN *txn, const VERDICT *v)
{
    VSTR   *reply;
    json_t *js;

    if (v == 0 || v->rcode[0] == 0)
	return (json_null());
    reply = vstr_alloc(100);
    vstr_cat(reply, v->rcode);
    if (v->xcode[0])
	vstr_sprintf_append(reply, " %s", v->xcode);
    if (v->text && vstr_len(v->text))
	vstr_sprintf_append(reply, " %s", vstr_str(v->text));
    js = str_or_jnull(txn, vstr_str(reply));
    vstr_free(reply);
    return (js);
}

/* audit_txn_action_name - the record's spelling of an action */

const char *audit_txn_action_name(VERDICT_ACTION action)
{
    if ((int) action < 0 || action >= VERDICT_ACTION_COUNT)
	return ("unknown");
    return (action_names[action]);
}

/* audit_txn_end_name - the record's spelling of an end */

const char *audit_txn_end_name(AUDIT_END end)
{
    switch (end) {
    case AUDIT_END_EOM:
	return ("eom");
    case AUDIT_END_ABORT:
	return ("abort");
    case AUDIT_END_CLOSE:
	return ("close");
    }
    return ("unknown");
}

/* clear_message - forget the facts of the previous transaction */

static void clear_message(AUDIT_TXN *txn)
{
    json_t **slots[] = {&txn->qid, &txn->auth, &txn->direction, &txn->mode,
	&txn->sender, &txn->message_id, &txn->final_action, &txn->final_rule,
    &txn->final_reply};
    size_t  i;

    for (i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
	json_decref(*slots[i]);
	*slots[i] = 0;
    }
    json_array_clear(txn->rcpts);
    json_array_clear(txn->documents);
    json_array_clear(txn->patients);
    json_array_clear(txn->events);
    txn->subject = SUBJ_NONE;
    txn->size = -1;
    txn->pending = 0;
}

/* audit_txn_create - a connection's fact sheet */

AUDIT_TXN *audit_txn_create(const AUDIT_KEY *key, const char *patient_domain)
{
    AUDIT_TXN *txn = mycalloc(1, sizeof(*txn));

    txn->key = key;
    txn->patient_domain = mystrdup(patient_domain && *patient_domain ?
				   patient_domain : AUDIT_PATIENT_DOMAIN);
    txn->rcpts = json_array();
    txn->documents = json_array();
    txn->patients = json_array();
    txn->events = json_array();
    if (!txn->rcpts || !txn->documents || !txn->patients || !txn->events)
	mymalloc(~(size_t) 0);			/* dies with a message */
    txn->tmp = vstr_alloc(100);
    clear_message(txn);
    (void) clock_gettime(CLOCK_MONOTONIC, &txn->start);
    return (txn);
}

/* audit_txn_free - release */

void    audit_txn_free(AUDIT_TXN *txn)
{
    if (txn == 0)
	return;
    clear_message(txn);
    json_decref(txn->client_addr);
    json_decref(txn->client_name);
    json_decref(txn->helo);
    json_decref(txn->tls);
    json_decref(txn->rcpts);
    json_decref(txn->documents);
    json_decref(txn->patients);
    json_decref(txn->events);
    vstr_free(txn->tmp);
    myfree(txn->patient_domain);
    myfree(txn);
}

/* audit_txn_domain - the patients' domain from now on */

void    audit_txn_domain(AUDIT_TXN *txn, const char *patient_domain)
{
    if (txn == 0 || patient_domain == 0 || *patient_domain == 0
	|| strcmp(patient_domain, txn->patient_domain) == 0)
	return;
    myfree(txn->patient_domain);
    txn->patient_domain = mystrdup(patient_domain);
}

/* audit_txn_connect - client address and name */

void    audit_txn_connect(AUDIT_TXN *txn, const char *addr, const char *name)
{
    if (txn) {
	set_str(txn, &txn->client_addr, addr);
	set_str(txn, &txn->client_name, name);
    }
}

/* audit_txn_helo - HELO/EHLO argument */

void    audit_txn_helo(AUDIT_TXN *txn, const char *helo)
{
    if (txn)
	set_str(txn, &txn->helo, helo);
}

/* audit_txn_tls - TLS facts, NULL for none */

void    audit_txn_tls(AUDIT_TXN *txn, const AUDIT_TLS *tls)
{
    if (txn == 0)
	return;
    json_decref(txn->tls);
    txn->tls = 0;
    if (tls == 0)
	return;
    txn->tls = json_object();
    json_object_set_new(txn->tls, "version", str_or_jnull(txn, tls->version));
    json_object_set_new(txn->tls, "cipher", str_or_jnull(txn, tls->cipher));
    json_object_set_new(txn->tls, "subject", dn_or_jnull(txn, tls->subject));
    json_object_set_new(txn->tls, "issuer", dn_or_jnull(txn, tls->issuer));
    json_object_set_new(txn->tls, "verify", str_or_jnull(txn, tls->verify));
    json_object_set_new(txn->tls, "compared", str_or_jnull(txn, tls->compared));
}

/* audit_txn_begin - start a transaction */

void    audit_txn_begin(AUDIT_TXN *txn)
{
    if (txn) {
	clear_message(txn);
	txn->pending = 1;
	(void) clock_gettime(CLOCK_MONOTONIC, &txn->start);
    }
}

/* audit_txn_pending - begun and not written? */

int     audit_txn_pending(const AUDIT_TXN *txn)
{
    return (txn ? txn->pending : 0);
}

/* audit_txn_done - mark written */

void    audit_txn_done(AUDIT_TXN *txn)
{
    if (txn)
	txn->pending = 0;
}

/* audit_txn_queue_id - MTA queue id */

void    audit_txn_queue_id(AUDIT_TXN *txn, const char *qid)
{
    if (txn)
	set_str(txn, &txn->qid, qid);
}

/* audit_txn_auth - SASL login */

void    audit_txn_auth(AUDIT_TXN *txn, const char *login)
{
    if (txn)
	set_str(txn, &txn->auth, login);
}

/* audit_txn_direction - inbound, outbound... */

void    audit_txn_direction(AUDIT_TXN *txn, const char *direction)
{
    if (txn)
	set_str(txn, &txn->direction, direction);
}

/* audit_txn_mode - policy mode */

void    audit_txn_mode(AUDIT_TXN *txn, const char *mode)
{
    if (txn)
	set_str(txn, &txn->mode, mode);
}

/* audit_txn_sender - envelope sender */

void    audit_txn_sender(AUDIT_TXN *txn, const char *addr)
{
    if (txn) {
	json_decref(txn->sender);
	txn->sender = addr ? addr_json(txn, addr) : 0;
    }
}

/* audit_txn_rcpt - one recipient and its verdict */

void    audit_txn_rcpt(AUDIT_TXN *txn, const char *addr, const VERDICT *v)
{
    json_t *r;

    if (txn == 0)
	return;
    r = json_object();
    json_object_set_new(r, "addr", addr_json(txn, addr));
    json_object_set_new(r, "action", json_string(audit_txn_action_name(
				      v ? v->action : VERDICT_CONTINUE)));
    json_object_set_new(r, "rule", str_or_jnull(txn, v ? v->rule : 0));
    json_object_set_new(r, "reply", reply_json(txn, v));
    json_array_append_new(txn->rcpts, r);
}

/* audit_txn_message_id - Message-ID header */

void    audit_txn_message_id(AUDIT_TXN *txn, const char *msgid)
{
    if (txn)
	set_str(txn, &txn->message_id, msgid);
}

/* audit_txn_subject - class of the Subject, never its text */

void    audit_txn_subject(AUDIT_TXN *txn, SUBJ_CLASS class)
{
    if (txn && (int) class >= 0 && class < SUBJ_CLASS_COUNT)
	txn->subject = class;
}

/* audit_txn_document - one document category */

void    audit_txn_document(AUDIT_TXN *txn, const char *type_code,
			           const char *class_code)
{
    json_t *d;

    if (txn == 0)
	return;
    d = json_object();
    json_object_set_new(d, "type", str_or_jnull(txn, type_code));
    json_object_set_new(d, "class", str_or_jnull(txn, class_code));
    json_array_append_new(txn->documents, d);
}

/* audit_txn_patient - pseudonym of a patient a document is about */

void    audit_txn_patient(AUDIT_TXN *txn, const char *ins)
{
    size_t  i;
    json_t *v;

    if (txn == 0 || ins == 0)
	return;
    audit_ins_hmac(txn->key, ins, strlen(ins), txn->tmp);
    json_array_foreach(txn->patients, i, v) {
	if (strcmp(json_string_value(v), vstr_str(txn->tmp)) == 0)
	    return;				/* one patient, many documents */
    }
    json_array_append_new(txn->patients, json_string(vstr_str(txn->tmp)));
}

/* audit_txn_event - one conversation event */

void    audit_txn_event(AUDIT_TXN *txn, const char *event, const char *addr,
			        const char *detail)
{
    json_t *e;

    if (txn == 0)
	return;
    e = json_object();
    json_object_set_new(e, "event", str_or_jnull(txn, event));
    json_object_set_new(e, "addr", addr_json(txn, addr));
    json_object_set_new(e, "detail", str_or_jnull(txn, detail));
    json_array_append_new(txn->events, e);
}

/* audit_txn_size - message size in bytes */

void    audit_txn_size(AUDIT_TXN *txn, unsigned long long bytes)
{
    if (txn)
	txn->size = bytes > (unsigned long long) 1 << 62 ?
	    (long long) 1 << 62 : (long long) bytes;
}

/* audit_txn_final - message-level decision */

void    audit_txn_final(AUDIT_TXN *txn, const VERDICT *v)
{
    if (txn == 0)
	return;
    json_decref(txn->final_action);
    json_decref(txn->final_rule);
    json_decref(txn->final_reply);
    txn->final_action = json_string(audit_txn_action_name(
					v ? v->action : VERDICT_CONTINUE));
    txn->final_rule = str_or_jnull(txn, v ? v->rule : 0);
    txn->final_reply = reply_json(txn, v);
}

/* set_copy - add a member: a copy of a slot, or null */

static void set_copy(json_t *rec, const char *name, json_t *slot)
{
    json_object_set_new(rec, name, slot ? json_deep_copy(slot) : json_null());
}

/* implied_final - the decision when audit_txn_final() was not called */

static void implied_final(AUDIT_TXN *txn, AUDIT_END end, json_t *rec)
{
    json_t *r, *first_reject = 0, *first_tempfail = 0, *cause;
    size_t  i;
    int     accepted = 0;

    json_array_foreach(txn->rcpts, i, r) {
	const char *a = json_string_value(json_object_get(r, "action"));

	if (strcmp(a, "reject") == 0) {
	    if (first_reject == 0)
		first_reject = r;
	} else if (strcmp(a, "tempfail") == 0) {
	    if (first_tempfail == 0)
		first_tempfail = r;
	} else {
	    accepted = 1;
	}
    }
    /* All refused: the client got nothing through, say why. */
    if ((cause = first_reject ? first_reject : first_tempfail) != 0 && !accepted) {
	json_object_set_new(rec, "action",
			    json_string(first_reject ? "reject" : "tempfail"));
	set_copy(rec, "rule", json_object_get(cause, "rule"));
	set_copy(rec, "reply", json_object_get(cause, "reply"));
	return;
    }
    json_object_set_new(rec, "action", json_string(end == AUDIT_END_EOM ?
						   "accept" : "aborted"));
    json_object_set_new(rec, "rule", json_null());
    json_object_set_new(rec, "reply", json_null());
}

/* audit_txn_fill - append the transaction's members */

void    audit_txn_fill(AUDIT_TXN *txn, AUDIT_END end, json_t *rec)
{
    struct timespec now;
    json_t *client;
    long long ms;

    set_copy(rec, "qid", txn->qid);
    client = json_object();
    set_copy(client, "addr", txn->client_addr);
    set_copy(client, "name", txn->client_name);
    set_copy(client, "helo", txn->helo);
    json_object_set_new(rec, "client", client);
    set_copy(rec, "auth", txn->auth);
    set_copy(rec, "direction", txn->direction);
    set_copy(rec, "mode", txn->mode);
    set_copy(rec, "tls", txn->tls);
    set_copy(rec, "sender", txn->sender);
    json_object_set_new(rec, "rcpts", json_deep_copy(txn->rcpts));
    set_copy(rec, "message_id", txn->message_id);
    json_object_set_new(rec, "subject", json_string(
		txn->subject == SUBJ_NONE ? "none" : txn->subject == SUBJ_FIN ?
						      "closing" : "near-miss"));
    json_object_set_new(rec, "subject_kind", subject_kinds[txn->subject] ?
		   json_string(subject_kinds[txn->subject]) : json_null());
    json_object_set_new(rec, "documents", json_deep_copy(txn->documents));
    json_object_set_new(rec, "patients", json_deep_copy(txn->patients));
    json_object_set_new(rec, "events", json_deep_copy(txn->events));
    json_object_set_new(rec, "size", txn->size >= 0 ?
			json_integer(txn->size) : json_null());
    if (txn->final_action) {
	set_copy(rec, "action", txn->final_action);
	set_copy(rec, "rule", txn->final_rule);
	set_copy(rec, "reply", txn->final_reply);
    } else {
	implied_final(txn, end, rec);
    }
    json_object_set_new(rec, "end", json_string(audit_txn_end_name(end)));
    (void) clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (now.tv_sec - txn->start.tv_sec) * 1000LL
	+ (now.tv_nsec - txn->start.tv_nsec) / 1000000L;
    json_object_set_new(rec, "duration_ms", json_integer(ms < 0 ? 0 : ms));
}
