/*++
/* NAME
/*	decide 3
/* SUMMARY
/*	message-level decisions: facts in, verdicts out
/* SYNOPSIS
/*	#include "decide.h"
/*
/*	DECIDE_DIR decide_direction(pol, msg)
/*
/*	VERDICT_ACTION decide_mail(pol, trust, msg, sender, esmtp_args, v)
/*	const char *sender;
/*	const char *const *esmtp_args;
/*	VERDICT	*v;
/*
/*	VERDICT_ACTION decide_rcpt(pol, trust, msg, rcpt, v)
/*	const char *rcpt;
/*
/*	void	decide_header(pol, trust, msg, name, value)
/*	const char *name;
/*	const char *value;
/*
/*	void	decide_body(msg, len)
/*	size_t	len;
/*
/*	void	decide_body_data(msg, data, len)
/*	const char *data;
/*	size_t	len;
/*
/*	int	decide_wants_body(msg)
/*
/*	VERDICT_ACTION decide_eom(pol, trust, msg, v)
/*
/*	VERDICT_ACTION decide_error(pol, msg, rule, addr, detail, v)
/*	const char *rule;
/*	const char *addr;
/*	const char *detail;
/*
/*	VERDICT_ACTION decide_other(pol, msg, rcpt_stage, want, rule, vars, v)
/*	int	rcpt_stage;
/*	VERDICT_ACTION want;
/*	const RULE_VARS *vars;
/*
/*	VERDICT_ACTION decide_monitor(pol, msg, rcpt_stage, would, rule, vars, v)
/*	VERDICT_ACTION would;
/*
/*	int	decide_strip_policy_headers(msg)

/* DESCRIPTION
/*	This module holds the MSSante rules that apply to one message;
/*	decide_facts(3) creates and releases the DECIDE_CONN and
/*	DECIDE_MSG it works on and names checks, results and directions.
/*	The milter callbacks gather facts (macros, envelope, headers) into
/*	a DECIDE_CONN and a DECIDE_MSG, call the decide_*() function of
/*	their stage with the site policy and the current trust snapshot,
/*	and apply the VERDICT they get back. Nothing here does I/O, so
/*	every rule is unit-tested without libmilter or LDAP.
/*
/*	Each decide_*() stage function returns the action to apply and
/*	fills the verdict (rule, reply codes, reply text in the policy's
/*	language). In monitor mode (pol->monitor), and for the peer
/*	certificate rule when pol->peer_action is DECIDE_PEER_MONITOR, a
/*	failed rule is recorded (msg->rules, msg->would) but the action
/*	returned is VERDICT_CONTINUE: monitor mode never refuses anything,
/*	not even on a directory failure.
/*
/*	decide_direction() classifies the message: outbound when the
/*	client is an internal host, when the client authenticated
/*	({auth_authen} set), or when the MTA service ({daemon_name}) is
/*	one of pol->internal_daemons; inbound otherwise.
/*
/*	decide_mail() (MAIL FROM): without a trust snapshot (trust is
/*	NULL) nothing is checked here and decide_rcpt() applies the
/*	dir.error policy to each recipient, whose reply names it; else the
/*	envelope sender must parse and its domain be in the trust space (the null sender
/*	"<>" of bounces and receipts is allowed); inbound, the peer must
/*	have used TLS with a client certificate that the MTA verified,
/*	issued by one of pol->trusted_issuers and whose CN is one of the
/*	operator certificates listed for the sender's domain (for the null
/*	sender, the issuer check only). The subject and issuer may be
/*	bare CNs (Postfix) or whole DNs (Sendmail): only the issuer's CN
/*	is compared, and trust_peer_check(3) reads both subject forms: a
/*	whole DN is compared with the whole DNCertificatOperateur, a bare
/*	CN with its CN. msg->peer_form records which ("dn" or "cn") when
/*	the subject was compared, for the logs and the audit trail.
/*	esmtp_args (NULL-terminated, may be NULL) is scanned for SIZE=.
/*
/*	decide_rcpt() (RCPT TO, in decide_rcpt.c with decide_rcpt_facts(),
/*	which takes the recipient's facts made once: rcpt(3)): the
/*	recipient domain must be in the trust
/*	space (NULL trust: pol->on_dir_error, rule dir.error); a patient
/*	recipient (pol->patient_domain) must have a valid INS as local
/*	part, and a declared SIZE above pol->patient_max_size refuses it.
/*	A refusal applies to that recipient only.
/*
/*	decide_header() (each header): counts the bytes, counts the
/*	X-MSSante-Policy headers, and with pol->header_checks checks every
/*	address of From, Reply-To and Disposition-Notification-To against
/*	the trust space. The first failure is kept for decide_eom(). For
/*	the null sender, From is kept for decide_eom() instead, and the
/*	headers go to report(3).
/*	A sender in the patient domain is scanned by report(3) too (its
/*	From is checked as usual): a patient's read receipt is accepted
/*	for a closed conversation (conv(3)), so msg->report_type says at
/*	end of message whether the message is a real report.
/*	decide_body() counts body bytes. decide_body_data() hands the body
/*	to report(3) for the null or patient sender; decide_wants_body() tells
/*	whether report(3) still needs it (the caller must not skip it).
/*
/*	decide_eom() (end of message): for the null sender, a real report
/*	(report(3): DSN or MDN) skips the From check; anything else is
/*	ordinary mail whose From stands for the sender: From must name at
/*	least one mailbox, each in the trust space (trust.header_from);
/*	inbound, the verified certificate must be an operator's of each
/*	From domain (trust.peer_cert); and msg->authors lists the From
/*	mailboxes ("local@domain", also for a real report: a patient's
/*	read receipt) for the conversation rules (README,
/*	"Null sender"). Then it refuses the message for the first header
/*	failure, then when it has a patient recipient and exceeds
/*	pol->patient_max_size.
/*
/*	msg->sender_parsed tells that msg->sender_addr holds the parsed
/*	envelope sender, whether or not the sender passed the rules (in
/*	monitor mode, or with a per-mailbox accept, a refused sender's
/*	message goes on and later rules still need to know who sent it).
/*
/*	decide_error() applies pol->on_dir_error (rule "dir.error") or
/*	pol->on_internal_error (any other rule) to a failure of the
/*	milter itself; addr (or NULL) is named in the reply text. The
/*	caller decides what the result applies to (decide_rcpt() uses it
/*	for one recipient when no trust snapshot was ever loaded).
/*
/*	decide_other() applies a rule of another module (per-mailbox
/*	policy...) the same way: with rcpt_stage it refuses one recipient
/*	(counted as decide_rcpt() would), else the message.
/*	decide_monitor() is the same for a rule that the module's own
/*	setting puts in monitor mode (ConversationCheck monitor): the
/*	message goes on, msg->would records what enforce would do, and
/*	a per-mailbox reject or tempfail for the rule still applies.
/*
/*	When msg->mbpol is set (per-mailbox policy, mbpol(3)), the action
/*	it sets for a rule overrides the stage's own: accept drops the
/*	rule, warn records it and delivers, reject and tempfail refuse,
/*	monitor records what the default would do; its mode replaces
/*	pol->monitor. When it is NULL and msg->mbpol_all lists the
/*	settings of the message's accepted recipients (end of message:
/*	a rule on the whole message), the action is the strictest they
/*	set and the mode monitor only when all are
/*	(mbpol_message_action(3)).
/*
/*	decide_strip_policy_headers() tells whether X-MSSante-Policy
/*	headers found in the message must be removed: they can only be
/*	trusted from an internal host.
/* DIAGNOSTICS
/*	No input is fatal: malformed addresses and headers become
/*	refusals with a distinct rule and explanation.
/*--*/

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "vstr.h"
#include "ins.h"
#include "hdraddr.h"
#include "dn.h"
#include "mbpol.h"
#include "decide.h"
#include "decide_impl.h"

/* decide_result - record a check result; a failure sticks */

void    decide_result(DECIDE_MSG *msg, DECIDE_CHECK check, DECIDE_RESULT res)
{
    if (msg->result[check] != DECIDE_RES_FAIL)
	msg->result[check] = res;
}

/* decide_count_refusal - a refused recipient: for good, or for now */

void    decide_count_refusal(DECIDE_MSG *msg, VERDICT_ACTION act)
{
    if (act == VERDICT_TEMPFAIL)
	msg->tempfailed++;
    else
	msg->rejected++;
}

/* decide_finish - turn a wanted action into the verdict to apply */

VERDICT_ACTION decide_finish(const DECIDE_POLICY *pol, DECIDE_MSG *msg,
			             VERDICT_ACTION want, const char *rule,
			             const RULE_VARS *vars, int monitor,
			             VERDICT *v)
{
    /*
     * The verdict is filled even when it is not applied, so that the
     * caller can log what enforce mode would have said.
     */
    int     mode_monitor = msg->mbpol ? msg->mbpol->monitor : pol->monitor;
    MBPOL_ACTION set = MBPOL_ACT_UNSET;

    verdict_reset(v);
    if (rule != 0 && msg->mbpol != 0)
	set = mbpol_rule_action(msg->mbpol, rule, (int *) 0);
    else if (msg->mbpol_count > 0)
	/* A message-wide rule: the strictest of its recipients' settings. */
	set = mbpol_message_action(msg->mbpol_all, msg->mbpol_count,
				   rule ? rule : "", &mode_monitor);
    if (rule != 0) {
	switch (set) {
	case MBPOL_ACT_ACCEPT:
	    return (VERDICT_CONTINUE);
	case MBPOL_ACT_WARN:
	    want = VERDICT_CONTINUE;
	    break;
	case MBPOL_ACT_REJECT:
	    want = VERDICT_REJECT;
	    monitor = 0;
	    break;
	case MBPOL_ACT_TEMPFAIL:
	    want = VERDICT_TEMPFAIL;
	    monitor = 0;
	    break;
	case MBPOL_ACT_MONITOR:
	    if (want == VERDICT_CONTINUE)
		want = mbpol_action_verdict(mbpol_builtin_action(rule));
	    monitor = 1;
	    break;
	default:
	    break;
	}
    }
    if (rule != 0)
	decide_note_rule(msg, rule);
    if (want == VERDICT_CONTINUE || rule == 0)
	return (VERDICT_CONTINUE);
    verdict_set(v, want, rule, vars, pol->lang);
    if (mode_monitor || monitor) {
	/* Rule, codes and text stay for the log; the action does not. */
	if (verdict_severity(want) > verdict_severity(msg->would))
	    msg->would = want;
	v->action = VERDICT_CONTINUE;
	return (VERDICT_CONTINUE);
    }
    return (v->action);
}

/* decide_direction - inbound or outbound, and why */

DECIDE_DIR decide_direction(const DECIDE_POLICY *pol, DECIDE_MSG *msg)
{
    const char *const *cpp;
    const DECIDE_CONN *conn = msg->conn;

    msg->dir = DECIDE_DIR_OUTBOUND;
    if (conn != 0 && conn->internal) {
	msg->dir_reason = "internal_host";
	return (msg->dir);
    }
    if (msg->auth_authen != 0 && *msg->auth_authen != 0) {
	msg->dir_reason = "auth";
	return (msg->dir);
    }
    if (conn != 0 && conn->daemon_name != 0 && pol->internal_daemons != 0) {
	for (cpp = pol->internal_daemons; *cpp; cpp++) {
	    if (strcmp(*cpp, conn->daemon_name) == 0) {
		msg->dir_reason = "daemon";
		return (msg->dir);
	    }
	}
    }
    msg->dir_reason = "external";
    return (msg->dir = DECIDE_DIR_INBOUND);
}

/* decide_error - the directory or the milter itself failed */

VERDICT_ACTION decide_error(const DECIDE_POLICY *pol, DECIDE_MSG *msg,
			            const char *rule, const char *addr,
			            const char *detail, VERDICT *v)
{
    RULE_VARS vars;
    VERDICT_ACTION want;

    memset(&vars, 0, sizeof(vars));
    vars.addr = addr;
    vars.detail = detail;
    if (rule == 0 || strcmp(rule, rule_id(RULE_DIR_ERROR)) == 0) {
	rule = rule_id(RULE_DIR_ERROR);
	want = pol->on_dir_error;
    } else {
	want = pol->on_internal_error;
    }
    return (decide_finish(pol, msg, want, rule, &vars, 0, v));
}

/* decide_esmtp_size - the SIZE= parameter, or -1 */

static long long decide_esmtp_size(const char *const *args)
{
    const char *cp;
    long long val = 0;

    if (args == 0)
	return (-1);
    for (; *args; args++) {
	if (strncasecmp(*args, "SIZE=", 5) != 0)
	    continue;
	cp = *args + 5;
	if (*cp == 0)
	    return (-1);
	for (; *cp; cp++) {
	    if (*cp < '0' || *cp > '9' || val > (0x7fffffffffffffffLL - 9) / 10)
		return (-1);
	    val = val * 10 + (*cp - '0');
	}
	return (val);
    }
    return (-1);
}

/* decide_issuer_trusted - is the issuer CN one of the configured ones? */

static int decide_issuer_trusted(const DECIDE_POLICY *pol, const char *issuer)
{
    const char *const *cpp;
    VSTR   *cn = 0;
    int     found = 0;

    /*
     * Postfix gives the issuer's CN; Sendmail gives its whole DN, of which
     * only the CN is compared. A DN without exactly one CN never matches.
     */
    if (pol->trusted_issuers == 0)
	return (0);
    if (strchr(issuer, '=') != 0) {
	cn = vstr_alloc(64);
	if (dn_cn(issuer, cn) < 0) {
	    vstr_free(cn);
	    return (0);
	}
	issuer = vstr_str(cn);
    }
    for (cpp = pol->trusted_issuers; *cpp && !found; cpp++)
	if (strcasecmp(*cpp, issuer) == 0)
	    found = 1;
    vstr_free(cn);
    return (found);
}

/* decide_peer_domain - is the certificate an operator's of the domain? */

static void decide_peer_domain(const TRUST *trust, const char *domain,
			               const char *subject, VSTR *detail)
{
    TRUST_PEER tp;

    vstr_reset(detail);
    if ((tp = trust_peer_check(trust, domain, subject)) == TRUST_PEER_MATCH)
	return;
    if (tp == TRUST_PEER_NO_DN)
	vstr_sprintf(detail, "aucun certificat d'operateur liste pour "
		     "le domaine %s", domain);
    else
	vstr_sprintf(detail, "le certificat %s n'est pas celui d'un "
		     "operateur du domaine %s", subject, domain);
}

/* decide_peer - check the inbound peer's TLS client certificate */

static VERDICT_ACTION decide_peer(const DECIDE_POLICY *pol, const TRUST *trust,
				          DECIDE_MSG *msg, VERDICT *v)
{
    const DECIDE_CONN *conn = msg->conn;
    VSTR   *detail;
    RULE_VARS vars;
    VERDICT_ACTION act;

    if (pol->peer_action == DECIDE_PEER_OFF || msg->dir != DECIDE_DIR_INBOUND)
	return (VERDICT_CONTINUE);
    detail = vstr_alloc(100);
    memset(&vars, 0, sizeof(vars));
    if (!msg->sender_addr.null_sender) {
	vars.domain = msg->sender_addr.domain;
	vars.addr = msg->sender;
    }
    if (conn == 0 || conn->tls_version == 0 || *conn->tls_version == 0) {
	vstr_strcpy(detail, "connexion sans TLS");
    } else if (conn->cert_subject == 0 || *conn->cert_subject == 0
	       || conn->cert_issuer == 0 || *conn->cert_issuer == 0) {
	vstr_strcpy(detail, "aucun certificat client verifie");
    } else if (!decide_issuer_trusted(pol, conn->cert_issuer)) {
	vstr_sprintf(detail, "certificat client emis par une autorite non "
		     "reconnue (%s)", conn->cert_issuer);
    } else {
	/* Whole DN (sendmail) or CN (Postfix): for the log and the audit. */
	msg->peer_form = trust_form_name(trust_peer_form(conn->cert_subject));
	if (msg->sender_addr.null_sender)
	    /* Tied to the From domains at end of message (decide_null_eom). */
	    vstr_reset(detail);
	else
	    decide_peer_domain(trust, msg->sender_addr.domain,
			       conn->cert_subject, detail);
    }
    if (vstr_len(detail) == 0) {
	decide_result(msg, DECIDE_CHK_PEER, DECIDE_RES_PASS);
	act = VERDICT_CONTINUE;
    } else {
	decide_result(msg, DECIDE_CHK_PEER, DECIDE_RES_FAIL);
	vars.detail = vstr_str(detail);
	act = decide_finish(pol, msg, VERDICT_REJECT,
			    rule_id(RULE_TRUST_PEER_CERT), &vars,
			    pol->peer_action == DECIDE_PEER_MONITOR, v);
    }
    vstr_free(detail);
    return (act);
}

/* decide_mail - MAIL FROM */

VERDICT_ACTION decide_mail(const DECIDE_POLICY *pol, const TRUST *trust,
			           DECIDE_MSG *msg, const char *sender,
			           const char *const *esmtp_args, VERDICT *v)
{
    RULE_VARS vars;
    ADDR_STATUS status;
    VERDICT_ACTION act;

    verdict_reset(v);
    decide_conn_set(&msg->sender, sender ? sender : "");
    msg->declared_size = decide_esmtp_size(esmtp_args);
    (void) decide_direction(pol, msg);
    memset(&vars, 0, sizeof(vars));
    vars.addr = msg->sender;
    status = addr_parse(msg->sender, strlen(msg->sender), &msg->sender_addr);
    msg->sender_parsed = (status == ADDR_OK);

    /*
     * The null sender is for reports only: whether this is one is known
     * at end of message (decide_null_eom), from its headers and body.
     */
    if (msg->sender_parsed && msg->sender_addr.null_sender && msg->report == 0) {
	msg->report = report_scan_create();
	msg->null_from = vstr_alloc(64);
    }

    /*
     * A patient's report (a read receipt) is accepted for a closed
     * conversation (conv(3)): the conversation rules need its type too.
     */
    if (msg->sender_parsed && !msg->sender_addr.null_sender && msg->report == 0
	&& pol->patient_domain != 0
	&& strcasecmp(msg->sender_addr.domain, pol->patient_domain) == 0)
	msg->report = report_scan_create();

    /*
     * Without a snapshot nothing can be checked; the dir.error policy is
     * applied to each recipient, whose reply text names it.
     */
    if (trust == 0) {
	act = VERDICT_CONTINUE;
    } else if (status != ADDR_OK) {
	decide_result(msg, DECIDE_CHK_SENDER, DECIDE_RES_FAIL);
	vars.detail = addr_status_text_fr(status);
	act = decide_finish(pol, msg, VERDICT_REJECT,
			    rule_id(RULE_ADDR_SENDER_SYNTAX),
			    &vars, 0, v);
    } else if (msg->sender_addr.null_sender) {
	decide_result(msg, DECIDE_CHK_SENDER, DECIDE_RES_SKIP);
	msg->sender_ok = 1;
	act = decide_peer(pol, trust, msg, v);
    } else if (!trust_containsn(trust, msg->sender_addr.domain,
				msg->sender_addr.domain_len)) {
	decide_result(msg, DECIDE_CHK_SENDER, DECIDE_RES_FAIL);
	vars.domain = msg->sender_addr.domain;
	act = decide_finish(pol, msg, VERDICT_REJECT,
			    rule_id(RULE_TRUST_SENDER_DOMAIN), &vars, 0, v);
    } else {
	decide_result(msg, DECIDE_CHK_SENDER, DECIDE_RES_PASS);
	msg->sender_ok = 1;
	act = decide_peer(pol, trust, msg, v);
    }
    if (verdict_severity(act) > verdict_severity(msg->action))
	msg->action = act;
    return (act);
}

/* decide_header_addrs - check every address of one header */

static void decide_header_addrs(const TRUST *trust,
				        DECIDE_MSG *msg, DECIDE_CHECK check,
				        const char *rule, const char *value)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    HDRADDR_STATUS status;
    size_t  i;
    int     failed = 0;

    status = hdraddr_parse(value, strlen(value), list);
    if (status != HDRADDR_OK) {
	/* No address to name: quote the header itself. */
	failed = 1;
	if (msg->hdr_rule == 0) {
	    vstr_strcpy(msg->hdr_addr, value);
	    vstr_strcpy(msg->hdr_domain, status == HDRADDR_ERR_NO_DOMAIN
			|| status == HDRADDR_ERR_EMPTY ? "aucun" : "illisible");
	    vstr_strcpy(msg->hdr_detail, hdraddr_status_text_fr(status));
	}
    } else {
	for (i = 0; i < list->count && !failed; i++) {
	    if (trust_contains(trust, list->addr[i].domain))
		continue;
	    failed = 1;
	    if (msg->hdr_rule == 0) {
		vstr_sprintf(msg->hdr_addr, "%s@%s", list->addr[i].local,
			     list->addr[i].domain);
		vstr_strcpy(msg->hdr_domain, list->addr[i].domain);
		vstr_sprintf(msg->hdr_detail, "le domaine %s n'appartient pas "
			     "a l'espace de confiance", list->addr[i].domain);
	    }
	}
    }
    if (failed) {
	decide_result(msg, check, DECIDE_RES_FAIL);
	if (msg->hdr_rule == 0)
	    msg->hdr_rule = rule;
    } else {
	decide_result(msg, check, DECIDE_RES_PASS);
    }
    hdraddr_list_free(list);
}

/* decide_header - one header */

void    decide_header(const DECIDE_POLICY *pol, const TRUST *trust,
		              DECIDE_MSG *msg, const char *name, const char *value)
{
    if (name == 0)
	name = "";
    if (value == 0)
	value = "";
    /* name ": " value CRLF */
    msg->size += strlen(name) + strlen(value) + 4;
    if (strcasecmp(name, DECIDE_POLICY_HEADER) == 0)
	msg->policy_headers++;
    /* Null sender: From is judged at end of message (decide_null_eom). */
    if (msg->report != 0) {
	report_scan_header(msg->report, name, value);
	if (msg->null_from != 0 && strcasecmp(name, "From") == 0) {
	    if (msg->null_from_count++ > 0)
		vstr_addch(msg->null_from, ',');
	    vstr_cat(msg->null_from, value);
	}
    }
    if (!pol->header_checks || trust == 0)
	return;
    if (strcasecmp(name, "From") == 0) {
	if (msg->null_from == 0)
	    decide_header_addrs(trust, msg, DECIDE_CHK_HDR_FROM,
				rule_id(RULE_TRUST_HEADER_FROM), value);
    } else if (strcasecmp(name, "Reply-To") == 0) {
	decide_header_addrs(trust, msg, DECIDE_CHK_HDR_REPLY_TO,
			    rule_id(RULE_TRUST_HEADER_REPLY_TO), value);
    } else if (strcasecmp(name, "Disposition-Notification-To") == 0) {
	decide_header_addrs(trust, msg, DECIDE_CHK_HDR_DNT,
			    rule_id(RULE_TRUST_HEADER_DNT), value);
    }
}

/* decide_body - count body bytes */

void    decide_body(DECIDE_MSG *msg, size_t len)
{
    msg->size += len;
}

/* decide_body_data - the body, for the report check of a null sender */

void    decide_body_data(DECIDE_MSG *msg, const char *data, size_t len)
{
    report_scan_body(msg->report, data, len);
}

/* decide_wants_body - does the report check still need the body? */

int     decide_wants_body(const DECIDE_MSG *msg)
{
    return (report_scan_wants_body(msg->report));
}

/* decide_null_eom - null sender: a real report, or ordinary mail */

static VERDICT_ACTION decide_null_eom(const DECIDE_POLICY *pol,
				              const TRUST *trust,
				              DECIDE_MSG *msg, VERDICT *v)
{
    const DECIDE_CONN *conn = msg->conn;
    HDRADDR_LIST *list;
    RULE_VARS vars;
    VSTR   *detail;
    size_t  i;
    VERDICT_ACTION act = VERDICT_CONTINUE;

    /* A patient's read receipt is checked against conversations too. */
    list = hdraddr_list_create();
    if (msg->null_from_count > 0 && msg->authors == 0
	&& hdraddr_parse(vstr_str(msg->null_from), vstr_len(msg->null_from),
			 list) == HDRADDR_OK) {
	msg->authors = mycalloc(list->count + 1, sizeof(char *));
	for (i = 0; i < list->count; i++) {
	    vstr_sprintf(msg->tmp, "%s@%s", list->addr[i].local, list->addr[i].domain);
	    msg->authors[msg->nauthors++] = mystrdup(vstr_str(msg->tmp));
	}
    }
    if ((msg->report_type = report_scan_result(msg->report)) != REPORT_NONE) {
	if (pol->header_checks && trust != 0)
	    decide_result(msg, DECIDE_CHK_HDR_FROM, DECIDE_RES_SKIP);
	hdraddr_list_free(list);
	return (VERDICT_CONTINUE);
    }

    /*
     * Anything else: From stands for the sender, for the header rule,
     * the operator certificate and the conversations (msg->authors).
     */
    if (pol->header_checks && trust != 0)
	decide_header_addrs(trust, msg, DECIDE_CHK_HDR_FROM,
			    rule_id(RULE_TRUST_HEADER_FROM),
			    msg->null_from_count ? vstr_str(msg->null_from) : "");
    if (trust != 0 && msg->hdr_rule == 0 && pol->peer_action != DECIDE_PEER_OFF
	&& msg->dir == DECIDE_DIR_INBOUND
	&& msg->result[DECIDE_CHK_PEER] == DECIDE_RES_PASS) {
	detail = vstr_alloc(100);
	for (i = 0; i < list->count && act == VERDICT_CONTINUE; i++) {
	    decide_peer_domain(trust, list->addr[i].domain, conn->cert_subject,
			       detail);
	    if (vstr_len(detail) == 0)
		continue;
	    decide_result(msg, DECIDE_CHK_PEER, DECIDE_RES_FAIL);
	    memset(&vars, 0, sizeof(vars));
	    vars.domain = list->addr[i].domain;
	    vstr_sprintf(msg->tmp, "%s@%s", list->addr[i].local, list->addr[i].domain);
	    vars.addr = vstr_str(msg->tmp);
	    vars.detail = vstr_str(detail);
	    act = decide_finish(pol, msg, VERDICT_REJECT,
				rule_id(RULE_TRUST_PEER_CERT), &vars,
				pol->peer_action == DECIDE_PEER_MONITOR, v);
	}
	vstr_free(detail);
    }
    hdraddr_list_free(list);
    return (act);
}

/* decide_eom - end of message */

VERDICT_ACTION decide_eom(const DECIDE_POLICY *pol, const TRUST *trust,
			          DECIDE_MSG *msg, VERDICT *v)
{
    RULE_VARS vars;
    VERDICT_ACTION act = VERDICT_CONTINUE;

    verdict_reset(v);
    memset(&vars, 0, sizeof(vars));
    if (msg->null_from != 0)
	act = decide_null_eom(pol, trust, msg, v);
    else if (msg->report != 0)
	msg->report_type = report_scan_result(msg->report);
    if (act == VERDICT_CONTINUE && trust != 0 && msg->hdr_rule != 0) {
	vars.addr = vstr_str(msg->hdr_addr);
	vars.domain = vstr_str(msg->hdr_domain);
	vars.detail = vstr_str(msg->hdr_detail);
	act = decide_finish(pol, msg, VERDICT_REJECT, msg->hdr_rule, &vars, 0, v);
    }
    if (act == VERDICT_CONTINUE && msg->patients > 0) {
	if (pol->patient_max_size > 0 && msg->size > pol->patient_max_size) {
	    decide_result(msg, DECIDE_CHK_SIZE, DECIDE_RES_FAIL);
	    vars.addr = vstr_str(msg->patient);
	    vars.domain = pol->patient_domain;
	    vstr_sprintf(msg->tmp, "de %llu octets, au-dela de la limite de "
			 "%llu octets", msg->size, pol->patient_max_size);
	    vars.detail = vstr_str(msg->tmp);
	    act = decide_finish(pol, msg, VERDICT_REJECT,
				rule_id(RULE_SIZE_PATIENT), &vars, 0, v);
	} else {
	    decide_result(msg, DECIDE_CHK_SIZE, DECIDE_RES_PASS);
	}
    }
    if (verdict_severity(act) > verdict_severity(msg->action))
	msg->action = act;
    return (act);
}

/* decide_other_mode - decide_other() with a rule-level monitor flag */

static VERDICT_ACTION decide_other_mode(const DECIDE_POLICY *pol,
				              DECIDE_MSG *msg, int rcpt_stage,
				              VERDICT_ACTION want, const char *rule,
				              const RULE_VARS *vars, int monitor,
				              VERDICT *v)
{
    VERDICT_ACTION act = decide_finish(pol, msg, want, rule, vars, monitor, v);

    /* A recipient let through goes on to decide_rcpt(), which counts it. */
    if (rcpt_stage && act != VERDICT_CONTINUE) {
	msg->rcpts++;
	decide_count_refusal(msg, act);
	if (verdict_severity(act) > verdict_severity(msg->rcpt_worst))
	    msg->rcpt_worst = act;
    } else if (!rcpt_stage && verdict_severity(act) > verdict_severity(msg->action)) {
	msg->action = act;
    }
    return (act);
}

/* decide_other - a rule of another module fired */

VERDICT_ACTION decide_other(const DECIDE_POLICY *pol, DECIDE_MSG *msg,
			            int rcpt_stage, VERDICT_ACTION want,
			            const char *rule, const RULE_VARS *vars,
			            VERDICT *v)
{
    return (decide_other_mode(pol, msg, rcpt_stage, want, rule, vars, 0, v));
}

/* decide_monitor - a rule of another module in monitor mode fired */

VERDICT_ACTION decide_monitor(const DECIDE_POLICY *pol, DECIDE_MSG *msg,
			              int rcpt_stage, VERDICT_ACTION would,
			              const char *rule, const RULE_VARS *vars,
			              VERDICT *v)
{
    return (decide_other_mode(pol, msg, rcpt_stage, would, rule, vars, 1, v));
}

/* decide_strip_policy_headers - must incoming X-MSSante-Policy go? */

int     decide_strip_policy_headers(const DECIDE_MSG *msg)
{
    return (msg->policy_headers > 0
	    && (msg->conn == 0 || !msg->conn->internal));
}
