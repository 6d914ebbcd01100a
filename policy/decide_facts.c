/*++
/* NAME
/*	decide_facts 3
/* SUMMARY
/*	the facts decide(3) works on: connection and transaction records
/* SYNOPSIS
/*	#include "decide.h"
/*
/*	void	decide_conn_init(conn)
/*	void	decide_conn_free(conn)
/*	DECIDE_CONN *conn;
/*
/*	void	decide_conn_set(field, value)
/*	char	**field;
/*	const char *value;
/*
/*	int	decide_conn_addr(conn, pol, text)
/*	DECIDE_CONN *conn;
/*	const DECIDE_POLICY *pol;
/*	const char *text;
/*
/*	int	decide_cert_verified(verify, subject)
/*	const char *verify;
/*	const char *subject;
/*
/*	void	decide_msg_init(msg, conn)
/*	void	decide_msg_free(msg)
/*	DECIDE_MSG *msg;
/*	const DECIDE_CONN *conn;
/*
/*	void	decide_note_rule(msg, rule)
/*	DECIDE_MSG *msg;
/*	const char *rule;
/*
/*	const char *decide_check_name(check)
/*	const char *decide_result_name(result)
/*	const char *decide_dir_name(dir)
/* DESCRIPTION
/*	The milter callbacks keep one DECIDE_CONN per SMTP connection and
/*	one DECIDE_MSG per transaction; decide(3) reads and updates them.
/*	These functions create, fill and release them, apart from the
/*	rules so that decide.c holds rules only.
/*
/*	decide_conn_set() replaces a string the record owns (a copy of
/*	value, or NULL). decide_conn_addr() records the client address
/*	(textual IPv4 or IPv6) and whether it is one of the policy's
/*	InternalHosts; NULL or anything else means "no IP", such as a
/*	local submission: it returns -1 and the client is not internal.
/*
/*	decide_cert_verified() tells whether the client certificate the
/*	MTA describes (the {verify} and {cert_subject} macros, NULL when
/*	absent) may be taken as verified. Sendmail says it in {verify}:
/*	only OK counts. Postfix sends no {verify} and sends the macros
/*	only for a certificate it verified, the subject as its CN. A
/*	subject in sendmail's whole-DN form ("/C=FR/...") without
/*	{verify} comes from a sendmail whose macro list lacks {verify}
/*	(mssante-milter(8), SENDMAIL): it sets the macros for any
/*	certificate, so this one is not taken as verified.
/*
/*	decide_msg_init() starts a transaction with nothing decided yet;
/*	decide_msg_free() releases it. decide_note_rule() adds a rule id
/*	(static storage) to the message's list of failed rules, once; a
/*	full list sets rules_dropped so that logs say some were left out.
/*
/*	decide_check_name(), decide_result_name() and decide_dir_name()
/*	give the stable names used in logs and in X-MSSante-Policy.
/*--*/

#include <arpa/inet.h>
#include <string.h>

#include "mymalloc.h"
#include "vstr.h"
#include "decide.h"

/* The report names of the checks come with the rule table (rule_table.h). */
static const char *const decide_check_names[DECIDE_CHK_COUNT] = {
    RULE_REPORT_SENDER, RULE_REPORT_PEER, RULE_REPORT_RCPT, RULE_REPORT_INS,
    RULE_REPORT_SIZE, RULE_REPORT_HDR_FROM, RULE_REPORT_HDR_REPLY_TO,
    RULE_REPORT_HDR_DNT, RULE_REPORT_DOC,
};

/* decide_check_name - name in logs and X-MSSante-Policy */

const char *decide_check_name(DECIDE_CHECK check)
{
    return ((unsigned) check < DECIDE_CHK_COUNT ?
	    decide_check_names[check] : "unknown");
}

/* decide_result_name - pass, fail, skip */

const char *decide_result_name(DECIDE_RESULT res)
{
    switch (res) {
    case DECIDE_RES_PASS:
	return ("pass");
    case DECIDE_RES_FAIL:
	return ("fail");
    case DECIDE_RES_SKIP:
	return ("skip");
    default:
	return ("none");
    }
}

/* decide_dir_name - inbound, outbound */

const char *decide_dir_name(DECIDE_DIR dir)
{
    return (dir == DECIDE_DIR_OUTBOUND ? "outbound" : "inbound");
}

/* decide_conn_init - empty connection facts */

void    decide_conn_init(DECIDE_CONN *conn)
{
    memset(conn, 0, sizeof(*conn));
}

/* decide_conn_free - release the strings */

void    decide_conn_free(DECIDE_CONN *conn)
{
    myfree(conn->client);
    myfree(conn->daemon_name);
    myfree(conn->tls_version);
    myfree(conn->cert_subject);
    myfree(conn->cert_issuer);
    decide_conn_init(conn);
}

/* decide_cert_verified - may the described client certificate count? */

int     decide_cert_verified(const char *verify, const char *subject)
{
    if (verify != 0)
	return (strcmp(verify, "OK") == 0);
    return (subject == 0 || *subject != '/');
}

/* decide_conn_set - replace an owned string */

void    decide_conn_set(char **field, const char *value)
{
    myfree(*field);
    *field = value ? mystrdup(value) : 0;
}

/* decide_conn_addr - client address and internal flag */

int     decide_conn_addr(DECIDE_CONN *conn, const DECIDE_POLICY *pol,
			         const char *text)
{
    conn->family = 0;
    conn->internal = 0;
    memset(conn->addr, 0, sizeof(conn->addr));
    if (text == 0)
	return (-1);
    if (inet_pton(AF_INET, text, conn->addr) == 1)
	conn->family = CIDR_FAMILY_INET;
    else if (inet_pton(AF_INET6, text, conn->addr) == 1)
	conn->family = CIDR_FAMILY_INET6;
    else
	return (-1);
    conn->internal = cidr_list_match(pol->internal_hosts, conn->family,
				     conn->addr);
    return (0);
}

/* decide_msg_init - start a transaction */

void    decide_msg_init(DECIDE_MSG *msg, const DECIDE_CONN *conn)
{
    memset(msg, 0, sizeof(*msg));
    msg->conn = conn;
    msg->declared_size = -1;
    msg->dir_reason = "external";
    msg->action = VERDICT_CONTINUE;
    msg->would = VERDICT_CONTINUE;
    msg->rcpt_worst = VERDICT_CONTINUE;
    msg->hdr_addr = vstr_alloc(64);
    msg->hdr_domain = vstr_alloc(64);
    msg->hdr_detail = vstr_alloc(64);
    msg->patient = vstr_alloc(32);
    msg->tmp = vstr_alloc(32);
}

/* decide_msg_free - release a transaction */

void    decide_msg_free(DECIDE_MSG *msg)
{
    myfree(msg->queue_id);
    myfree(msg->auth_authen);
    myfree(msg->sender);
    vstr_free(msg->hdr_addr);
    vstr_free(msg->hdr_domain);
    vstr_free(msg->hdr_detail);
    vstr_free(msg->patient);
    vstr_free(msg->tmp);
    report_scan_free(msg->report);
    vstr_free(msg->null_from);
    while (msg->nauthors > 0)
	myfree(msg->authors[--msg->nauthors]);
    myfree(msg->authors);
    memset(msg, 0, sizeof(*msg));
}

/* decide_note_rule - remember a failed rule once */

void    decide_note_rule(DECIDE_MSG *msg, const char *rule)
{
    int     i;

    for (i = 0; i < msg->rule_count; i++)
	if (strcmp(msg->rules[i], rule) == 0)
	    return;
    if (msg->rule_count < DECIDE_MAX_RULES)
	msg->rules[msg->rule_count++] = rule;
    else
	msg->rules_dropped = 1;
}
