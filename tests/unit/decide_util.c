/*++
/* NAME
/*	decide_util 3
/* SUMMARY
/*	test helpers: the fixture of the decide(3) tests
/* SYNOPSIS
/*	#include "decide_util.h"
/*
/*	TRUST	*trust;
/*	CIDR_LIST *internal;
/*	DECIDE_POLICY pol;
/*	DECIDE_CONN conn;
/*	DECIDE_MSG msg;
/*	VERDICT	v;
/*
/*	void	decide_util_setup(void)
/*
/*	void	decide_util_teardown(void)
/*
/*	void	decide_util_peer(addr, tls, cn, issuer)
/*	const char *addr;
/*	const char *tls;
/*	const char *cn;
/*	const char *issuer;
/*
/*	void	decide_util_inbound_ok(void)
/*
/*	VERDICT_ACTION decide_util_mail(sender, size)
/*	const char *sender;
/*	const char *size;
/*
/*	void	decide_util_assert_reply(rule, rcode, xcode, text)
/*	const char *rule;
/*	const char *rcode;
/*	const char *xcode;
/*	const char *text;
/* DESCRIPTION
/*	The decide(3) tests (check_decide, check_decide_msg) work on one
/*	fixture: a trust space, the internal networks, a policy, a
/*	connection, a message and a verdict.
/*
/*	decide_util_setup() builds a small trust space (four domains, one
/*	without a certificate DN) and the default policy (French replies,
/*	patient size limit 1000, peer certificates enforced, header
/*	checks on, tempfail on directory and internal errors, the
/*	loopback and 10/8 networks internal, the "submission" daemon
/*	internal); decide_util_teardown() releases it all.
/*
/*	decide_util_peer() starts a connection with these facts: client
/*	address, TLS version, certificate subject and issuer (each may
/*	be NULL), and a message on it. decide_util_inbound_ok() is a
/*	verified inbound peer of operator A.
/*
/*	decide_util_mail() decides MAIL FROM with an optional SIZE.
/*
/*	decide_util_assert_reply() fails the test unless the verdict has
/*	this rule, these codes and, unless text is NULL, this text.
/*--*/

#include <check.h>
#include <string.h>

#include "vstr.h"
#include "decide_util.h"

TRUST  *trust;
CIDR_LIST *internal;
DECIDE_POLICY pol;
DECIDE_CONN conn;
DECIDE_MSG msg;
VERDICT v;
static const char *issuers[] = {ISSUER, "Other CA", 0};
static const char *daemons[] = {"submission", 0};

/* decide_util_setup - a small trust space and the default policy */

void    decide_util_setup(void)
{
    TRUST_BUILDER *bp = trust_builder_create(8);
    const char *why;
    size_t  where;

    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr",
	"CN=" OP_A ",OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR"), 0);
    ck_assert_int_eq(trust_builder_add(bp, "ch-exemple.mssante.fr",
	"CN=smtp.ch-exemple.example,OU=1000000001,O=CH,L=Lyon (69),C=FR"), 0);
    ck_assert_int_eq(trust_builder_add(bp, "patient.mssante.fr",
	"CN=smtp.patient.example,OU=3,O=CNAM,C=FR"), 0);
    ck_assert_int_eq(trust_builder_add(bp, "nodn.mssante.fr", ""), 0);
    trust = trust_builder_finish(bp);
    internal = cidr_list_create();
    ck_assert_int_eq(cidr_list_parse(internal, "127.0.0.0/8, ::1/128, 10.0.0.0/8",
				     &why, &where), 0);
    memset(&pol, 0, sizeof(pol));
    pol.lang = VERDICT_LANG_FR;
    pol.patient_domain = "patient.mssante.fr";
    pol.patient_max_size = 1000;
    pol.peer_action = DECIDE_PEER_REJECT;
    pol.trusted_issuers = issuers;
    pol.header_checks = 1;
    pol.on_dir_error = VERDICT_TEMPFAIL;
    pol.on_internal_error = VERDICT_TEMPFAIL;
    pol.internal_hosts = internal;
    pol.internal_daemons = daemons;
    decide_conn_init(&conn);
    verdict_init(&v);
}

/* decide_util_teardown - release */

void    decide_util_teardown(void)
{
    decide_msg_free(&msg);
    decide_conn_free(&conn);
    verdict_free(&v);
    trust_free(trust);
    cidr_list_free(internal);
}

/* decide_util_peer - connection facts: client address and TLS state */

void    decide_util_peer(const char *addr, const char *tls, const char *cn,
			             const char *issuer)
{
    decide_conn_free(&conn);
    (void) decide_conn_addr(&conn, &pol, addr);
    decide_conn_set(&conn.client, "client.example[192.0.2.1]");
    decide_conn_set(&conn.tls_version, tls);
    decide_conn_set(&conn.cert_subject, cn);
    decide_conn_set(&conn.cert_issuer, issuer);
    decide_msg_init(&msg, &conn);
}

/* decide_util_inbound_ok - a verified inbound peer of operator A */

void    decide_util_inbound_ok(void)
{
    decide_util_peer("192.0.2.1", "TLSv1.3", OP_A, ISSUER);
}

/* decide_util_mail - MAIL FROM with optional SIZE */

VERDICT_ACTION decide_util_mail(const char *sender, const char *size)
{
    const char *args[2] = {size, 0};

    return (decide_mail(&pol, trust, &msg, sender, args, &v));
}

/* decide_util_assert_reply - the verdict's codes and text */

void    decide_util_assert_reply(const char *rule, const char *rcode,
			             const char *xcode, const char *text)
{
    ck_assert_ptr_nonnull(v.rule);
    ck_assert_str_eq(v.rule, rule);
    ck_assert_str_eq(v.rcode, rcode);
    ck_assert_str_eq(v.xcode, xcode);
    if (text)
	ck_assert_str_eq(vstr_str(v.text), text);
}
