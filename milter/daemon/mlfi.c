/*++
/* NAME
/*	mlfi 3
/* SUMMARY
/*	libmilter callbacks: gather facts, ask decide(3), apply the verdict
/* SYNOPSIS
/*	#include "mlfi.h"
/*
/*	struct smfiDesc mlfi_desc;
/* DESCRIPTION
/*	mlfi_desc is the filter description that main() registers with
/*	libmilter. Its callbacks stay thin: each one copies what the MTA
/*	told (addresses, macros, headers) into the DECIDE_CONN and
/*	DECIDE_MSG of the connection, calls the decide(3) function of its
/*	stage with the policy of the connection's configuration and the
/*	transaction's trust snapshot, and applies the verdict through
/*	smfiw(3). No rule lives here.
/*
/*	A connection keeps the configuration (live(3)) it found at
/*	connect time until it closes; a transaction keeps the trust
/*	snapshot it found at MAIL FROM until it ends. A reload therefore
/*	never changes the rules in the middle of a message.
/*
/*	Every transaction ends with one summary line in the log (see
/*	summary(3)): at end of message, when MAIL FROM is refused, on
/*	abort, or when the connection closes or a new MAIL FROM starts
/*	without either; with AuditLog, also one audit record, written by
/*	mlfi_audit(3) hooks (the end-of-message one after every rule).
/*
/*	At end of message, first of all, every received header named
/*	X-MSSante-* (ownhdr(3): the names of the headers the milter adds,
/*	X-MSSante-Policy, -Category, -Document-Rule, -Conversation) is
/*	deleted, whether or not the feature that adds it is on: none can
/*	be trusted. The one exception is X-MSSante-Policy from an
/*	internal host, kept (InternalHosts). Deleting comes before any
/*	rule adds a header, since the MTA's header indexes count the
/*	added ones too. The milter's own X-MSSante-Policy is inserted
/*	last, at the top, above the X-MSSante-Category headers of the
/*	documents (mlfi_docs(3)).
/*
/*	The body callback hands each chunk to the documents code, which
/*	streams it to its spool (Documents), and counts bytes while the
/*	message has a patient recipient, and hands it to decide(3) while
/*	a null-sender message may still prove a report; when nothing
/*	needs the rest of
/*	the body it asks the MTA to skip it, when the MTA can.
/*	The DATA callback exists only so that the MTA does not wait on a
/*	negotiated-away step (see TEST-ENVIRONMENT.md: with inet sockets
/*	that wait meets a delayed ACK).
/* DIAGNOSTICS
/*	A callback without its per-connection data (a libmilter anomaly)
/*	logs an error and tempfails.
/*--*/

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "decide.h"
#include "rcpt.h"
#include "xtext.h"
#include "summary.h"
#include "ownhdr.h"
#include "live.h"
#include "smfiw.h"
#include "mlfi_audit.h"
#include "mlfi_mbpol.h"
#include "mlfi_conv.h"
#include "mlfi_docs.h"
#include "stages.h"
#include "metrics.h"
#include "mlfi.h"

typedef struct MLFI {
    LIVE   *live;			/* configuration of this connection */
    TRUSTSNAP *snap;			/* snapshot of this transaction */
    DECIDE_CONN conn;
    DECIDE_MSG msg;
    int     in_msg;			/* msg is a live transaction */
    int     at_eom;			/* it ends at end of message */
    int     can_skip;			/* MTA accepts SMFIS_SKIP */
    int     nr_hdr;			/* headers get no reply (SMFIP_NR_HDR) */
    char   *j;				/* {j}: the MTA's host name */
    MLFI_AUDIT *audit;			/* audit trail facts; NULL: no trail */
    VERDICT v;
    VSTR   *buf;
    MLFI_MBPOL *mb;			/* per-mailbox policy state */
    MLFI_CONV *conv;			/* conversations of the transaction */
    DOCS_MSG *docs;			/* documents of the transaction */
    RCPT_FACTS rcpt;			/* the recipient of this RCPT TO */
    OWNHDR  own;			/* received X-MSSante-* headers */
} MLFI;

/* mlfi_new - per-connection data */

static MLFI *mlfi_new(SMFICTX *ctx)
{
    MLFI   *m = mycalloc(1, sizeof(*m));

    decide_conn_init(&m->conn);
    verdict_init(&m->v);
    m->buf = vstr_alloc(256);
    m->conv = mlfi_conv_create();
    m->docs = docs_msg_create();
    rcpt_facts_init(&m->rcpt);
    ownhdr_init(&m->own);
    smfiw_setpriv(ctx, m);
    metrics_connection(1);
    return (m);
}

/* mlfi_get - per-connection data, or NULL (logged) */

static MLFI *mlfi_get(SMFICTX *ctx, const char *where)
{
    MLFI   *m = smfiw_getpriv(ctx);

    if (m == 0 || m->live == 0)
	msg_error("%s: no connection context: tempfail", where);
    return (m && m->live ? m : 0);
}

/* mlfi_set_macro - refresh a string from a macro when the MTA sent it */

static void mlfi_set_macro(SMFICTX *ctx, char **field, const char *name)
{
    const char *val = smfiw_macro(ctx, name);

    if (val != 0 && (*field == 0 || strcmp(*field, val) != 0))
	decide_conn_set(field, val);
}

/* mlfi_cert_macro - a certificate macro, decoded from sendmail's xtext */

static void mlfi_cert_macro(SMFICTX *ctx, MLFI *m, char **field,
			            const char *name, int xtext)
{
    const char *val = smfiw_macro(ctx, name);

    if (val == 0 || !xtext) {
	decide_conn_set(field, val);
	return;
    }
    if (xtext_decode(val, strlen(val), m->buf) < 0) {
	/* Not xtext after all: no guess, the peer counts as unverified. */
	msg_warn("%s: %s is not xtext-encoded: \"%.200s\": ignored",
		 m->conn.client ? m->conn.client : "unknown", name, val);
	decide_conn_set(field, 0);
	return;
    }
    decide_conn_set(field, vstr_str(m->buf));
}

/* mlfi_tls_macros - TLS facts (sent with HELO, after STARTTLS again) */

static void mlfi_tls_macros(SMFICTX *ctx, MLFI *m)
{
    /*
     * Postfix sends {cert_subject} and {cert_issuer} only for a client
     * certificate that it verified: their absence after STARTTLS means
     * "no verified certificate", so they are cleared, not kept.
     */
    const char *verify;
    static int warned;

    if (smfiw_macro(ctx, "{tls_version}") == 0)
	return;
    decide_conn_set(&m->conn.tls_version, smfiw_macro(ctx, "{tls_version}"));

    /*
     * Sendmail sets the certificate macros for any certificate, says in
     * {verify} whether it checked it, and xtext-encodes them (RFC 3461:
     * "TEST+20AC+20IGC-SANTE"); Postfix sends no {verify} and plain text.
     * So {verify} tells which MTA speaks (mssante-milter(8), SENDMAIL).
     */
    verify = smfiw_macro(ctx, "{verify}");
    mlfi_cert_macro(ctx, m, &m->conn.cert_subject, "{cert_subject}", verify != 0);
    mlfi_cert_macro(ctx, m, &m->conn.cert_issuer, "{cert_issuer}", verify != 0);
    if (!decide_cert_verified(verify, m->conn.cert_subject)) {
	/* Once: a configuration fault, the same on every connection. */
	if (verify == 0 && !warned) {
	    warned = 1;
	    msg_warn("{cert_subject} in sendmail's form without {verify}: add "
		     "{verify} to confMILTER_MACROS_HELO (mssante-milter(8)); "
		     "client certificates count as not verified");
	}
	decide_conn_set(&m->conn.cert_subject, 0);
	decide_conn_set(&m->conn.cert_issuer, 0);
    }
}

/* mlfi_end_msg - log the transaction once and forget it */

static void mlfi_end_msg(MLFI *m)
{
    if (!m->in_msg)
	return;
    mlfi_audit_end(m->audit, &m->msg, AUDIT_END_ABORT);
    metrics_count_message(&m->msg, m->at_eom);
    summary_log_line(&m->live->pol, &m->msg, m->buf);
    msg_info("%s", vstr_str(m->buf));
    mlfi_mbpol_end(m->mb, &m->msg);
    docs_msg_end(m->docs);
    decide_msg_free(&m->msg);
    ownhdr_reset(&m->own);
    trustsnap_release(m->snap);
    m->snap = 0;
    m->in_msg = m->at_eom = 0;
}

/* mlfi_queue_id - pick up {i} as soon as the MTA has one */

static void mlfi_queue_id(SMFICTX *ctx, MLFI *m)
{
    if (m->in_msg && m->msg.queue_id == 0)
	mlfi_set_macro(ctx, &m->msg.queue_id, "i");
}

/* mlfi_log_peer - verbose trace: which form of the subject was compared */

static void mlfi_log_peer(MLFI *m)
{
    if (!msg_verbose || m->msg.peer_form == 0)
	return;
    msg_info("%s: trust.peer_cert: %s compared: subject \"%.300s\" "
	     "with the operator certificates of %s: %s",
	     m->msg.queue_id ? m->msg.queue_id : "NOQUEUE",
	     strcmp(m->msg.peer_form, "dn") == 0 ? "whole DN (dn)" : "CN (cn)",
	     m->conn.cert_subject, m->msg.sender_addr.domain,
	     decide_result_name(m->msg.result[DECIDE_CHK_PEER]));
}

/* mlfi_log_verdict - verbose trace of one refusal (or would-be refusal) */

static void mlfi_log_verdict(MLFI *m, const char *stage, const char *addr)
{
    if (!msg_verbose || m->v.rule == 0)
	return;
    summary_mask_addr(&m->live->pol, addr ? addr : "", m->buf);
    msg_info("%s: %s %s %s: %s %s %s", m->msg.queue_id ? m->msg.queue_id : "NOQUEUE",
	     m->v.action == VERDICT_CONTINUE ? "would refuse" :
	     verdict_action_name(m->v.action), stage, vstr_str(m->buf),
	     m->v.rule, m->v.rcode, m->v.xcode);
}

/* mlfi_negotiate - actions and protocol steps */

static sfsistat mlfi_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
			               unsigned long f2, unsigned long f3,
			               unsigned long *pf0, unsigned long *pf1,
			               unsigned long *pf2, unsigned long *pf3)
{
    MLFI   *m = smfiw_getpriv(ctx) ? smfiw_getpriv(ctx) : mlfi_new(ctx);
    unsigned long want = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE;

    (void) f2;
    (void) f3;
    if ((f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS)) != (SMFIF_ADDHDRS | SMFIF_CHGHDRS))
	msg_warn("the MTA does not let the milter add or delete headers: "
		 "X-MSSante-Policy cannot be set");
    *pf0 = f0 & want;
    if (f0 & SMFIF_SETSYMLIST) {
	*pf0 |= SMFIF_SETSYMLIST;
	smfiw_symlist(ctx);
    }
    /*
     * No reply per header: the header callback never refuses (the header
     * rules apply at end of message), so the MTA need not wait for it.
     */
    *pf1 = f1 & (SMFIP_SKIP | SMFIP_NOUNKNOWN | SMFIP_NOEOH | SMFIP_NR_HDR);
    m->can_skip = (f1 & SMFIP_SKIP) != 0;
    m->nr_hdr = (f1 & SMFIP_NR_HDR) != 0;
    *pf2 = *pf3 = 0;
    return (SMFIS_CONTINUE);
}

/* mlfi_connect - a new SMTP client */

static sfsistat mlfi_connect(SMFICTX *ctx, char *hostname, _SOCK_ADDR *sa)
{
    MLFI   *m = smfiw_getpriv(ctx) ? smfiw_getpriv(ctx) : mlfi_new(ctx);
    char    addr[INET6_ADDRSTRLEN];
    const char *cp;

    if (m->live == 0 && (m->live = live_acquire()) == 0) {
	msg_error("mlfi_connect: no configuration: tempfail");
	return (SMFIS_TEMPFAIL);
    }
    addr[0] = 0;
    if (sa != 0 && sa->sa_family == AF_INET)
	(void) inet_ntop(AF_INET, &((struct sockaddr_in *) sa)->sin_addr,
			 addr, sizeof(addr));
    else if (sa != 0 && sa->sa_family == AF_INET6)
	(void) inet_ntop(AF_INET6, &((struct sockaddr_in6 *) sa)->sin6_addr,
			 addr, sizeof(addr));
    (void) decide_conn_addr(&m->conn, &m->live->pol, addr[0] ? addr : 0);

    /* The client name goes into logs: keep it printable. */
    vstr_reset(m->buf);
    /* Postfix passes "[addr]" when the client has no verified name. */
    if (hostname == 0 || *hostname == 0 || *hostname == '[')
	hostname = "unknown";
    for (cp = hostname; *cp && vstr_len(m->buf) < 256; cp++)
	vstr_addch(m->buf, (*cp > 0x20 && *cp < 0x7f && *cp != '[') ? *cp : '?');
    vstr_sprintf_append(m->buf, "[%s]", addr[0] ? addr : "local");
    decide_conn_set(&m->conn.client, vstr_str(m->buf));
    m->audit = mlfi_audit_connect(m->audit, addr[0] ? addr : 0, hostname);
    mlfi_set_macro(ctx, &m->conn.daemon_name, "{daemon_name}");
    mlfi_set_macro(ctx, &m->j, "j");
    mlfi_tls_macros(ctx, m);
    if (msg_verbose)
	msg_info("connect from %s%s", m->conn.client,
		 m->conn.internal ? " (internal host)" : "");
    return (SMFIS_CONTINUE);
}

/* mlfi_helo - HELO/EHLO: TLS macros come with it */

static sfsistat mlfi_helo(SMFICTX *ctx, char *helo)
{
    MLFI   *m = mlfi_get(ctx, "mlfi_helo");

    if (m == 0)
	return (SMFIS_TEMPFAIL);
    mlfi_tls_macros(ctx, m);
    mlfi_audit_helo(m->audit, helo, &m->conn, smfiw_macro(ctx, "{cipher}"),
		    smfiw_macro(ctx, "{verify}"));
    return (SMFIS_CONTINUE);
}

/* mlfi_stages - what this transaction's stages(3) read and update */

static void mlfi_stages(MLFI *m, STAGES *st)
{
    st->live = m->live;
    st->trust = trustsnap_trust(m->snap);
    /* Read by RCPT TO only (mlfi_envrcpt): no lock and clock per header. */
    st->stale = 0;
    st->trust_rules = 1;
    st->mb = &m->mb;
    st->conv = m->conv;
    st->docs = m->docs;
    st->audit = m->audit;
}

/* mlfi_envfrom - MAIL FROM: a new transaction */

static sfsistat mlfi_envfrom(SMFICTX *ctx, char **argv)
{
    MLFI   *m = mlfi_get(ctx, "mlfi_envfrom");
    VERDICT_ACTION act;
    STAGES  st;

    if (m == 0)
	return (SMFIS_TEMPFAIL);
    mlfi_end_msg(m);
    mlfi_tls_macros(ctx, m);
    decide_msg_init(&m->msg, &m->conn);
    mlfi_conv_begin(m->conv);
    m->in_msg = 1;
    metrics_txn_begin();
    mlfi_queue_id(ctx, m);
    mlfi_set_macro(ctx, &m->msg.auth_authen, "{auth_authen}");
    m->snap = trustsnap_get();
    mlfi_stages(m, &st);
    act = stages_mail(&st, &m->msg, argv[0],
		      (const char *const *) (argv[0] ? argv + 1 : argv), &m->v);
    mlfi_log_verdict(m, "MAIL FROM", argv[0]);
    mlfi_log_peer(m);
    mlfi_audit_mail(m->audit, m->live, &m->msg, argv[0], act, &m->v);
    metrics_count_decision(&m->v, m->msg.dir, METRICS_STAGE_MAIL);
    if (act != VERDICT_CONTINUE)
	mlfi_end_msg(m);
    return (smfiw_apply(ctx, &m->v));
}

/* mlfi_envrcpt - RCPT TO: refusals apply to this recipient only */

static sfsistat mlfi_envrcpt(SMFICTX *ctx, char **argv)
{
    MLFI   *m = mlfi_get(ctx, "mlfi_envrcpt");
    STAGES  st;

    if (m == 0)
	return (SMFIS_TEMPFAIL);
    if (!m->in_msg)
	return (SMFIS_CONTINUE);
    mlfi_queue_id(ctx, m);
    /* Parsed once: every stage reads the same facts (rcpt(3)). */
    rcpt_facts_set(&m->rcpt, m->live->pol.patient_domain, argv[0]);
    mlfi_stages(m, &st);
    st.stale = m->live->cfg->trust_max_age_action == CFG_STALE_TEMPFAIL
	&& trustsnap_stale(m->snap);
    (void) stages_rcpt(&st, &m->msg, &m->rcpt, &m->v);
    mlfi_log_verdict(m, "RCPT TO", argv[0]);
    mlfi_audit_rcpt(m->audit, &m->msg, argv[0], &m->v);
    metrics_count_decision(&m->v, m->msg.dir, METRICS_STAGE_RCPT);
    return (smfiw_apply(ctx, &m->v));
}

/* mlfi_data - DATA: nothing to decide, see DESCRIPTION */

static sfsistat mlfi_data(SMFICTX *ctx)
{
    MLFI   *m = mlfi_get(ctx, "mlfi_data");

    if (m == 0)
	return (SMFIS_TEMPFAIL);
    mlfi_queue_id(ctx, m);
    return (SMFIS_CONTINUE);
}

/* mlfi_header - one header; never refuses (see mlfi_negotiate) */

static sfsistat mlfi_header(SMFICTX *ctx, char *name, char *value)
{
    MLFI   *m = mlfi_get(ctx, "mlfi_header");
    STAGES  st;

    /* Without a context, end of message tempfails. */
    if (m == 0)
	return (SMFIS_CONTINUE);
    if (m->in_msg) {
	mlfi_stages(m, &st);
	stages_header(&st, &m->msg, name, value);
	(void) ownhdr_note(&m->own, name);
    }
    return (m->nr_hdr ? SMFIS_NOREPLY : SMFIS_CONTINUE);
}

/* mlfi_body - count bytes while the size matters */

static sfsistat mlfi_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    MLFI   *m = mlfi_get(ctx, "mlfi_body");

    if (m == 0)
	return (SMFIS_TEMPFAIL);
    /* The documents code reads the body as it streams by (docs_msg(3)). */
    if (m->in_msg)
	decide_body_data(&m->msg, (const char *) chunk, len);
    if (!m->in_msg || (!docs_msg_body(m->docs, chunk, len)
		       && (m->msg.patients == 0 || m->live->pol.patient_max_size == 0)
		       && !mlfi_audit_body(m->audit)
		       && !mlfi_mbpol_need_body(m->mb)
		       && !decide_wants_body(&m->msg)))
	return (m->can_skip ? SMFIS_SKIP : SMFIS_CONTINUE);
    decide_body(&m->msg, len);
    return (SMFIS_CONTINUE);
}

/* mlfi_strip_own - delete the received X-MSSante-* headers */

static void mlfi_strip_own(MLFI *m, SMFICTX *ctx)
{
    const OWNHDR_ITEM *it;
    size_t  k;
    int     i;

    /*
     * By index: items is null when no X-MSSante-* header came, and null +
     * 0 is undefined behaviour (clang's UBSan stops the daemon there,
     * tests/integration/fault-client-drop.sh on a clang sanitizer build).
     */
    for (k = 0; k < m->own.len; k++) {
	it = m->own.items + k;
	/* Only an internal host's X-MSSante-Policy is kept. */
	if (strcasecmp(it->name, DECIDE_POLICY_HEADER) == 0
	    && !decide_strip_policy_headers(&m->msg))
	    continue;
	/* Delete from the last so that the indexes stay valid. */
	for (i = it->count; i >= 1; i--)
	    (void) smfiw_delheader(ctx, it->name, i);
    }
}

/* mlfi_eom - end of message: header rules, size, X-MSSante-Policy */

static sfsistat mlfi_eom(SMFICTX *ctx)
{
    MLFI   *m = mlfi_get(ctx, "mlfi_eom");
    VERDICT_ACTION act;
    STAGES  st;
    const char *host;
    sfsistat status;

    if (m == 0)
	return (SMFIS_TEMPFAIL);
    if (!m->in_msg)
	return (SMFIS_CONTINUE);
    mlfi_queue_id(ctx, m);
    mlfi_strip_own(m, ctx);
    mlfi_stages(m, &st);
    act = stages_eom(&st, &m->msg, &m->v);
    mlfi_log_verdict(m, "end of message from", m->msg.sender);
    if (act == VERDICT_CONTINUE || act == VERDICT_QUARANTINE) {
	mlfi_conv_headers(m->conv, ctx);
	mlfi_docs_headers(m->docs, ctx);
	host = *m->live->cfg->hostname ? m->live->hostname :
	    m->j ? m->j : m->live->hostname;
	summary_policy_header(&m->live->pol, &m->msg, host, m->buf);
	(void) smfiw_insheader(ctx, 0, DECIDE_POLICY_HEADER, vstr_str(m->buf));
    }
    /* Last, after every rule: a verdict that cannot be recorded is not applied. */
    mlfi_audit_eom(m->audit, m->live, &m->msg, &m->v);
    /* Conversation state changes only for an accepted message on record. */
    mlfi_conv_commit(m->conv, m->live, &m->msg, &m->v);
    metrics_count_decision(&m->v, m->msg.dir, METRICS_STAGE_EOM);
    m->at_eom = 1;
    status = smfiw_apply(ctx, &m->v);
    mlfi_end_msg(m);
    return (status);
}

/* mlfi_abort - the MTA abandoned the transaction */

static sfsistat mlfi_abort(SMFICTX *ctx)
{
    MLFI   *m = smfiw_getpriv(ctx);

    if (m != 0 && m->live != 0)
	mlfi_end_msg(m);
    return (SMFIS_CONTINUE);
}

/* mlfi_close - end of the connection */

static sfsistat mlfi_close(SMFICTX *ctx)
{
    MLFI   *m = smfiw_getpriv(ctx);

    if (m == 0)
	return (SMFIS_CONTINUE);
    metrics_connection(-1);
    mlfi_audit_end(m->audit, m->in_msg ? &m->msg : 0, AUDIT_END_CLOSE);
    if (m->live != 0)
	mlfi_end_msg(m);
    mlfi_audit_free(m->audit);
    docs_msg_free(m->docs);
    rcpt_facts_free(&m->rcpt);
    mlfi_mbpol_free(m->mb);
    mlfi_conv_free(m->conv);
    ownhdr_reset(&m->own);
    smfiw_setpriv(ctx, 0);
    decide_conn_free(&m->conn);
    verdict_free(&m->v);
    vstr_free(m->buf);
    myfree(m->j);
    live_release(m->live);
    myfree(m);
    return (SMFIS_CONTINUE);
}

struct smfiDesc mlfi_desc = {
    "mssante-milter",			/* filter name */
    SMFI_VERSION,			/* version code */
    SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE,	/* flags */
    mlfi_connect,			/* connection info filter */
    mlfi_helo,				/* SMTP HELO command filter */
    mlfi_envfrom,			/* envelope sender filter */
    mlfi_envrcpt,			/* envelope recipient filter */
    mlfi_header,			/* header filter */
    0,					/* end of header */
    mlfi_body,				/* body block filter */
    mlfi_eom,				/* end of message */
    mlfi_abort,				/* message aborted */
    mlfi_close,				/* connection cleanup */
    0,					/* unknown SMTP commands */
    mlfi_data,				/* DATA command */
    mlfi_negotiate,			/* option negotiation */
};
