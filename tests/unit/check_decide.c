/*++
/* NAME
/*	check_decide 1
/* SUMMARY
/*	unit tests for decide(3) and summary(3)
/* SYNOPSIS
/*	check_decide
/* DESCRIPTION
/*	Every rule in both directions and in monitor mode, with the exact
/*	reply codes and texts: direction, sender domain, null sender, peer
/*	certificate (TLS, verification, issuer, CN), recipient domains,
/*	patient INS, patient size (declared and counted), header addresses,
/*	directory failure policies, forged X-MSSante-Policy headers; then
/*	the X-MSSante-Policy value, the log line and address masking.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "trust.h"
#include "cidr.h"
#include "verdict.h"
#include "decide.h"
#include "summary.h"

#define ISSUER	"TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"
#define OP_A	"mx1.operateur-a.example"

static TRUST *trust;
static CIDR_LIST *internal;
static DECIDE_POLICY pol;
static DECIDE_CONN conn;
static DECIDE_MSG msg;
static VERDICT v;
static const char *issuers[] = {ISSUER, "Other CA", 0};
static const char *daemons[] = {"submission", 0};

/* setup - a small trust space and the default policy */

static void setup(void)
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

/* teardown - release */

static void teardown(void)
{
    decide_msg_free(&msg);
    decide_conn_free(&conn);
    verdict_free(&v);
    trust_free(trust);
    cidr_list_free(internal);
}

/* peer - connection facts: client address and TLS state */

static void peer(const char *addr, const char *tls, const char *cn,
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

/* inbound_ok - a verified inbound peer of operator A */

static void inbound_ok(void)
{
    peer("192.0.2.1", "TLSv1.3", OP_A, ISSUER);
}

/* mail - MAIL FROM with optional SIZE */

static VERDICT_ACTION mail(const char *sender, const char *size)
{
    const char *args[2] = {size, 0};

    return (decide_mail(&pol, trust, &msg, sender, args, &v));
}

/* assert_reply - the verdict's codes and text */

static void assert_reply(const char *rule, const char *rcode, const char *xcode,
			         const char *text)
{
    ck_assert_ptr_nonnull(v.rule);
    ck_assert_str_eq(v.rule, rule);
    ck_assert_str_eq(v.rcode, rcode);
    ck_assert_str_eq(v.xcode, xcode);
    if (text)
	ck_assert_str_eq(vstr_str(v.text), text);
}

START_TEST(test_direction)
{
    peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_INBOUND);
    ck_assert_str_eq(msg.dir_reason, "external");
    decide_msg_free(&msg);
    peer("10.1.2.3", 0, 0, 0);
    ck_assert_int_eq(conn.internal, 1);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    ck_assert_str_eq(msg.dir_reason, "internal_host");
    decide_msg_free(&msg);
    peer("::ffff:127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    decide_msg_free(&msg);
    peer("2001:db8::1", 0, 0, 0);
    decide_conn_set(&msg.auth_authen, "jean");
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    ck_assert_str_eq(msg.dir_reason, "auth");
    decide_msg_free(&msg);
    peer("192.0.2.1", 0, 0, 0);
    decide_conn_set(&conn.daemon_name, "submission");
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    ck_assert_str_eq(msg.dir_reason, "daemon");
    decide_conn_set(&conn.daemon_name, "smtpd");
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_INBOUND);
    decide_msg_free(&msg);
    peer(0, 0, 0, 0);
    ck_assert_int_eq(conn.family, 0);
    ck_assert_int_eq(decide_conn_addr(&conn, &pol, "not an address"), -1);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_INBOUND);
}
END_TEST

START_TEST(test_sender_ok)
{
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SENDER], DECIDE_RES_PASS);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_PASS);
    ck_assert_int_eq(msg.sender_ok, 1);
    ck_assert_int_eq(msg.rule_count, 0);
}
END_TEST

START_TEST(test_sender_domain)
{
    inbound_ok();
    ck_assert_int_eq(mail("<a@gmail.com>", 0), VERDICT_REJECT);
    assert_reply("trust.sender_domain", "550", "5.7.1",
		 "Expediteur <a@gmail.com> refuse: le domaine gmail.com n'appartient "
		 "pas a l'espace de confiance MSSante (liste blanche ANS). Seule une "
		 "messagerie MSSante peut ecrire a ce destinataire. "
		 "[regle trust.sender_domain]");
    ck_assert_int_eq(msg.action, VERDICT_REJECT);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SENDER], DECIDE_RES_FAIL);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_NONE);
    ck_assert_str_eq(msg.rules[0], "trust.sender_domain");
}
END_TEST

START_TEST(test_sender_outbound)
{
    /* Both directions: an internal host may not send as gmail.com. */
    peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(mail("<a@gmail.com>", 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.sender_domain");
    decide_msg_free(&msg);
    peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_NONE);
}
END_TEST

START_TEST(test_sender_syntax)
{
    inbound_ok();
    ck_assert_int_eq(mail("<a@b@medecin.mssante.fr>", 0), VERDICT_REJECT);
    assert_reply("addr.sender_syntax", "553", "5.1.7", 0);
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "<a@b@medecin.mssante.fr>"));
    decide_msg_free(&msg);
    inbound_ok();
    ck_assert_int_eq(mail(0, 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "addr.sender_syntax");
}
END_TEST

START_TEST(test_null_sender)
{
    inbound_ok();
    ck_assert_int_eq(mail("<>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SENDER], DECIDE_RES_SKIP);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_PASS);
    /*
     * The From of a bounce names the MTA, not a trust-space mailbox: it
     * is judged at end of message, and passes only for a real report
     * (check_report); this one is plain text, so From is checked.
     */
    decide_header(&pol, trust, &msg, "From", "MAILER-DAEMON@mx1.example (Mail Delivery System)");
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_NONE);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_from");
    decide_msg_free(&msg);
    /* Still: TLS and a trusted issuer inbound. */
    peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(mail("<>", 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.peer_cert");
}
END_TEST

START_TEST(test_peer)
{
    static const struct {
	const char *tls, *cn, *issuer, *sender;
	const char *detail;		/* NULL: pass */
    }       cases[] = {
	{0, 0, 0, "<a@medecin.mssante.fr>", "connexion sans TLS"},
	{"", OP_A, ISSUER, "<a@medecin.mssante.fr>", "connexion sans TLS"},
	{"TLSv1.2", 0, 0, "<a@medecin.mssante.fr>", "aucun certificat client verifie"},
	{"TLSv1.2", OP_A, 0, "<a@medecin.mssante.fr>", "aucun certificat client verifie"},
	{"TLSv1.2", OP_A, "R3", "<a@medecin.mssante.fr>",
	"certificat client emis par une autorite non reconnue (R3)"},
	{"TLSv1.2", OP_A, "test ac igc-sante elementaire organisations",
	"<a@medecin.mssante.fr>", 0},
	{"TLSv1.2", OP_A, "Other CA", "<a@medecin.mssante.fr>", 0},
	{"TLSv1.2", "MX1.OPERATEUR-A.EXAMPLE", ISSUER, "<a@medecin.mssante.fr>", 0},
	{"TLSv1.2", OP_A, ISSUER, "<a@ch-exemple.mssante.fr>",
	"le certificat " OP_A " n'est pas celui d'un operateur du domaine "
	"ch-exemple.mssante.fr"},
	{"TLSv1.2", OP_A, ISSUER, "<a@nodn.mssante.fr>",
	"aucun certificat d'operateur liste pour le domaine nodn.mssante.fr"},
	/* Sendmail gives whole DNs, in OpenSSL's "/" form. */
	{"TLSv1.3", "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=" OP_A,
	    "/C=FR/OU=IGC-SANTE/O=ASIP-SANTE/CN=" ISSUER, "<a@medecin.mssante.fr>", 0},
	{"TLSv1.3", "/C=FR/O=OPERATEUR B/CN=" OP_A,
	    "/C=FR/O=ASIP-SANTE/CN=" ISSUER, "<a@medecin.mssante.fr>",
	"le certificat /C=FR/O=OPERATEUR B/CN=" OP_A " n'est pas celui d'un "
	"operateur du domaine medecin.mssante.fr"},
	{"TLSv1.3", OP_A, "/C=FR/O=ASIP-SANTE/OU=IGC-SANTE", "<a@medecin.mssante.fr>",
	"certificat client emis par une autorite non reconnue "
	"(/C=FR/O=ASIP-SANTE/OU=IGC-SANTE)"},
    };
    size_t  i;
    VSTR   *want = vstr_alloc(100);

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
	peer("192.0.2.1", cases[i].tls, cases[i].cn, cases[i].issuer);
	if (cases[i].detail == 0) {
	    ck_assert_msg(mail(cases[i].sender, 0) == VERDICT_CONTINUE, "case %zu", i);
	    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_PASS);
	} else {
	    ck_assert_msg(mail(cases[i].sender, 0) == VERDICT_REJECT, "case %zu", i);
	    vstr_sprintf(want, "Message de %s refuse: %s. Le serveur emetteur doit "
			 "presenter en TLS le certificat IGC-Sante declare pour le "
			 "domaine %.*s dans la liste blanche ANS; contactez votre "
			 "operateur de messagerie. [regle trust.peer_cert]",
			 cases[i].sender, cases[i].detail,
			 (int) strlen(cases[i].sender) - 4, cases[i].sender + 3);
	    assert_reply("trust.peer_cert", "550", "5.7.1", vstr_str(want));
	    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_FAIL);
	}
	decide_msg_free(&msg);
    }
    vstr_free(want);
}
END_TEST

START_TEST(test_peer_modes)
{
    pol.peer_action = DECIDE_PEER_MONITOR;
    peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(mail("<a@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_str_eq(v.rule, "trust.peer_cert");
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_FAIL);
    decide_msg_free(&msg);
    pol.peer_action = DECIDE_PEER_OFF;
    peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(mail("<a@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_NONE);
    ck_assert_int_eq(msg.would, VERDICT_CONTINUE);
    /* Off does not relax the sender domain. */
    decide_msg_free(&msg);
    peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(mail("<a@gmail.com>", 0), VERDICT_REJECT);
}
END_TEST

START_TEST(test_rcpt)
{
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.com>", &v), VERDICT_REJECT);
    assert_reply("trust.rcpt_domain", "550", "5.7.1",
		 "Destinataire <x@gmail.com> refuse: le domaine gmail.com "
		 "n'appartient pas a l'espace de confiance MSSante (liste blanche "
		 "ANS). Verifiez l'adresse dans l'Annuaire Sante. "
		 "[regle trust.rcpt_domain]");
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<m@CH-EXEMPLE.mssante.fr>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<m@x.ch-exemple.mssante.fr>", &v),
		     VERDICT_REJECT);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<a!b@medecin.mssante.fr>", &v),
		     VERDICT_REJECT);
    assert_reply("addr.rcpt_syntax", "550", "5.1.3", 0);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<>", &v), VERDICT_REJECT);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, 0, &v), VERDICT_REJECT);
    ck_assert_int_eq(msg.rcpts, 6);
    ck_assert_int_eq(msg.accepted, 1);
    ck_assert_int_eq(msg.rejected, 5);
    ck_assert_int_eq(msg.result[DECIDE_CHK_RCPT], DECIDE_RES_FAIL);
    /* A recipient refusal is not a message refusal. */
    ck_assert_int_eq(msg.action, VERDICT_CONTINUE);
    ck_assert_int_eq(msg.rule_count, 2);
}
END_TEST

START_TEST(test_ins)
{
    static const struct {
	const char *rcpt;
	const char *rule;		/* NULL: accepted */
    }       cases[] = {
	{"<285037728417346@patient.mssante.fr>", 0},
	{"<253072B07300470@patient.mssante.fr>", 0},
	{"<185079910700104@PATIENT.mssante.fr>", 0},
	{"<288091234567823@patient.mssante.fr>", "ins.key"},
	{"<28503772841734@patient.mssante.fr>", "ins.length"},
	{"<2850377284173466@patient.mssante.fr>", "ins.length"},
	{"<28503772841734x@patient.mssante.fr>", "ins.char"},
	{"<253072a07300443@patient.mssante.fr>", "ins.corsica_case"},
	{"<\"285037728417346\"@patient.mssante.fr>", "ins.length"},
	{"<jean.dupont@patient.mssante.fr>", "ins.length"},
    };
    size_t  i;

    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
	VERDICT_ACTION act = decide_rcpt(&pol, trust, &msg, cases[i].rcpt, &v);

	if (cases[i].rule == 0) {
	    ck_assert_msg(act == VERDICT_CONTINUE, "%s", cases[i].rcpt);
	} else {
	    ck_assert_msg(act == VERDICT_REJECT, "%s", cases[i].rcpt);
	    ck_assert_msg(strcmp(v.rule, cases[i].rule) == 0, "%s: %s", cases[i].rcpt, v.rule);
	    ck_assert_str_eq(v.rcode, "550");
	    ck_assert_str_eq(v.xcode, "5.1.3");
	}
    }
    ck_assert_int_eq(msg.patients, 3);
    ck_assert_str_eq(vstr_str(msg.patient), "<285037728417346@patient.mssante.fr>");
    ck_assert_int_eq(msg.result[DECIDE_CHK_INS], DECIDE_RES_FAIL);
    /* The key text never gives the expected key. */
    (void) decide_rcpt(&pol, trust, &msg, "<288091234567823@patient.mssante.fr>", &v);
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "Adresse patient "
				 "<288091234567823@patient.mssante.fr> invalide: "));
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "[regle ins.key]"));
}
END_TEST

START_TEST(test_size_declared)
{
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", "SIZE=1001"), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.declared_size, 1001);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_REJECT);
    assert_reply("size.patient", "552", "5.3.4",
		 "Message pour le patient <285037728417346@patient.mssante.fr> "
		 "refuse: taille annoncee (SIZE) de 1001 octets, au-dela de la "
		 "limite de 1000 octets (Mon espace sante refuse les messages de "
		 "plus de 25 Mo). Reduisez ou compressez les pieces jointes, ou "
		 "envoyez-les en plusieurs messages. "
		 "[regle size.patient]");
    /* Only patients are limited. */
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<m@ch-exemple.mssante.fr>", &v),
		     VERDICT_CONTINUE);
    decide_msg_free(&msg);
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", "size=1000"), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_CONTINUE);
    decide_msg_free(&msg);
    /* A malformed SIZE counts as absent; the end of message still counts. */
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", "SIZE=12x"), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.declared_size, -1);
    decide_msg_free(&msg);
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", "SIZE=99999999999999999999999"),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.declared_size, -1);
}
END_TEST

START_TEST(test_size_counted)
{
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "From", "jean@medecin.mssante.fr");	/* 4+23+4 */
    decide_body(&msg, 969);
    ck_assert(msg.size == 1000);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SIZE], DECIDE_RES_PASS);
    decide_body(&msg, 1);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_REJECT);
    assert_reply("size.patient", "552", "5.3.4", 0);
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "taille de 1001 octets"));
    decide_msg_free(&msg);
    /* No patient: no limit. */
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<m@ch-exemple.mssante.fr>", &v),
		     VERDICT_CONTINUE);
    decide_body(&msg, 5000);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SIZE], DECIDE_RES_NONE);
    decide_msg_free(&msg);
    /* 0: unlimited. */
    pol.patient_max_size = 0;
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", "SIZE=999999999"), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_CONTINUE);
    decide_body(&msg, 999999999);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_headers)
{
    static const struct {
	const char *name, *value;
	const char *rule;		/* NULL: pass */
	const char *text;
    }       cases[] = {
	{"From", "Jean <jean@medecin.mssante.fr>", 0, 0},
	{"from", "a@medecin.mssante.fr, b@CH-EXEMPLE.MSSANTE.FR", 0, 0},
	{"Reply-To", "Equipe: a@medecin.mssante.fr, b@ch-exemple.mssante.fr;", 0, 0},
	{"Disposition-Notification-To", "<jean@medecin.mssante.fr>", 0, 0},
	{"To", "x@gmail.com", 0, 0},
	{"From", "Jean <jean@gmail.com>", "trust.header_from",
	"Message refuse: l'adresse jean@gmail.com de l'en-tete From n'appartient "
	"pas a l'espace de confiance MSSante (domaine gmail.com absent de la "
	"liste blanche ANS). L'en-tete From doit etre une adresse MSSante. "
	"[regle trust.header_from]"},
	{"From", "a@medecin.mssante.fr, b@gmail.com", "trust.header_from", 0},
	{"From", "MAILER-DAEMON", "trust.header_from",
	"Message refuse: l'adresse MAILER-DAEMON de l'en-tete From n'appartient "
	"pas a l'espace de confiance MSSante (domaine aucun absent de la "
	"liste blanche ANS). L'en-tete From doit etre une adresse MSSante. "
	"[regle trust.header_from]"},
	{"From", "jean@medecin.mssante.fr (unterminated", "trust.header_from", 0},
	{"Reply-To", "<a@sub.medecin.mssante.fr>", "trust.header_reply_to",
	"Message refuse: l'adresse de reponse a@sub.medecin.mssante.fr (en-tete "
	"Reply-To) n'appartient pas a l'espace de confiance MSSante (domaine "
	"sub.medecin.mssante.fr). Indiquez une adresse MSSante ou supprimez "
	"l'en-tete Reply-To. [regle trust.header_reply_to]"},
	{"Reply-To", "", "trust.header_reply_to", 0},
	{"Disposition-Notification-To", "r@[192.0.2.1]", "trust.header_dnt", 0},
    };
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
	inbound_ok();
	ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
	decide_header(&pol, trust, &msg, cases[i].name, cases[i].value);
	if (cases[i].rule == 0) {
	    ck_assert_msg(decide_eom(&pol, trust, &msg, &v) == VERDICT_CONTINUE,
			  "%s: %s", cases[i].name, cases[i].value);
	} else {
	    ck_assert_msg(decide_eom(&pol, trust, &msg, &v) == VERDICT_REJECT,
			  "%s: %s", cases[i].name, cases[i].value);
	    assert_reply(cases[i].rule, "550", "5.7.1", cases[i].text);
	    ck_assert_int_eq(msg.action, VERDICT_REJECT);
	}
	decide_msg_free(&msg);
    }
}
END_TEST

START_TEST(test_headers_first_failure)
{
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "Reply-To", "x@evil.example");
    decide_header(&pol, trust, &msg, "From", "y@evil.example");
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_reply_to");
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_FAIL);
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_REPLY_TO], DECIDE_RES_FAIL);
    decide_msg_free(&msg);
    /* HeaderChecks no */
    pol.header_checks = 0;
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "From", "y@evil.example");
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_NONE);
}
END_TEST

START_TEST(test_policy_headers)
{
    inbound_ok();
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_strip_policy_headers(&msg), 0);
    decide_header(&pol, trust, &msg, "X-MSSante-Policy", "forged");
    decide_header(&pol, trust, &msg, "x-mssante-policy", "forged");
    ck_assert_int_eq(msg.policy_headers, 2);
    ck_assert_int_eq(decide_strip_policy_headers(&msg), 1);
    decide_msg_free(&msg);
    peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "X-MSSante-Policy", "upstream");
    ck_assert_int_eq(decide_strip_policy_headers(&msg), 0);
    decide_msg_free(&msg);
    /* Authenticated but not internal: its header is not trusted. */
    peer("198.51.100.1", 0, 0, 0);
    decide_conn_set(&msg.auth_authen, "jean");
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "X-MSSante-Policy", "forged");
    ck_assert_int_eq(decide_strip_policy_headers(&msg), 1);
}
END_TEST

START_TEST(test_dir_error)
{
    static const struct {
	VERDICT_ACTION on_error, want;
	const char *rcode, *xcode;
    }       cases[] = {
	{VERDICT_TEMPFAIL, VERDICT_TEMPFAIL, "451", "4.4.3"},
	{VERDICT_REJECT, VERDICT_REJECT, "550", "5.4.3"},
	{VERDICT_CONTINUE, VERDICT_CONTINUE, "", ""},
    };
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
	pol.on_dir_error = cases[i].on_error;
	inbound_ok();
	/* No snapshot: MAIL passes, each recipient gets the policy. */
	ck_assert_int_eq(decide_mail(&pol, 0, &msg, "<a@gmail.com>", 0, &v), VERDICT_CONTINUE);
	ck_assert_int_eq(decide_rcpt(&pol, 0, &msg, "<b@gmail.com>", &v), cases[i].want);
	ck_assert_str_eq(v.rcode, cases[i].rcode);
	ck_assert_str_eq(v.xcode, cases[i].xcode);
	if (cases[i].want == VERDICT_TEMPFAIL)
	    ck_assert_str_eq(vstr_str(v.text), "Destinataire <b@gmail.com>: "
			     "verification impossible, annuaire momentanement "
			     "indisponible (liste blanche de l'espace de confiance "
			     "non chargee). Reessayez plus tard; si le probleme "
			     "persiste, contactez l'administrateur de la messagerie "
			     "destinataire. [regle dir.error]");
	ck_assert_str_eq(msg.rules[0], "dir.error");
	decide_header(&pol, 0, &msg, "From", "x@gmail.com");
	ck_assert_int_eq(decide_eom(&pol, 0, &msg, &v), VERDICT_CONTINUE);
	decide_msg_free(&msg);
    }
    pol.on_internal_error = VERDICT_TEMPFAIL;
    inbound_ok();
    ck_assert_int_eq(decide_error(&pol, &msg, "internal.error", 0, "test", &v),
		     VERDICT_TEMPFAIL);
    assert_reply("internal.error", "451", "4.3.0", 0);
}
END_TEST

START_TEST(test_monitor)
{
    VSTR   *out = vstr_alloc(100);

    pol.monitor = 1;
    peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(mail("<a@gmail.com>", 0), VERDICT_CONTINUE);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_str_eq(v.rule, "trust.sender_domain");
    ck_assert_str_eq(v.rcode, "550");
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<b@gmail.com>", &v), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<288091234567823@patient.mssante.fr>",
				 &v), VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "From", "x@gmail.com");
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    ck_assert_int_eq(msg.action, VERDICT_CONTINUE);
    ck_assert_int_eq(msg.accepted, 2);
    ck_assert_int_eq(msg.rejected, 0);
    summary_policy_header(&pol, &msg, "mx.example", out);
    ck_assert_str_eq(vstr_str(out), "host=mx.example; mode=monitor; dir=inbound; "
		     "trust.sender_domain=fail; trust.rcpt_domain=fail; ins=fail; "
		     "size.patient=pass; trust.header_from=fail; result=would-reject");
    summary_log_line(&pol, &msg, out);
    ck_assert_str_eq(vstr_str(out), "NOQUEUE: from=<a@gmail.com> dir=inbound(external) "
		     "client=client.example[192.0.2.1] rcpts=2 accepted=2 rejected=0 tempfailed=0 "
		     "[trust.sender_domain,trust.rcpt_domain,ins.key,trust.header_from] "
		     "action=continue would=reject mode=monitor");
    decide_msg_free(&msg);
    /* Monitor never refuses, not even when the directory is down. */
    inbound_ok();
    ck_assert_int_eq(decide_mail(&pol, 0, &msg, "<a@medecin.mssante.fr>", 0, &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, 0, &msg, "<b@medecin.mssante.fr>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.would, VERDICT_TEMPFAIL);
    summary_policy_header(&pol, &msg, "mx.example", out);
    ck_assert_str_eq(vstr_str(out), "host=mx.example; mode=monitor; dir=inbound; "
		     "result=would-tempfail");
    vstr_free(out);
}
END_TEST

START_TEST(test_summary)
{
    VSTR   *out = vstr_alloc(100);

    inbound_ok();
    decide_conn_set(&msg.queue_id, "3F2A1B");
    ck_assert_int_eq(mail("<jean@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    (void) decide_rcpt(&pol, trust, &msg, "<m@ch-exemple.mssante.fr>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<x@gmail.com>", &v);
    decide_header(&pol, trust, &msg, "From", "jean@medecin.mssante.fr");
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    summary_policy_header(&pol, &msg, "mx1.example; injected=1", out);
    ck_assert_str_eq(vstr_str(out), "host=mx1.example??injected?1; mode=enforce; "
		     "dir=inbound; trust.sender_domain=pass; trust.peer_cert=pass; "
		     "trust.rcpt_domain=fail; trust.header_from=pass; result=accept");
    summary_log_line(&pol, &msg, out);
    ck_assert_str_eq(vstr_str(out), "3F2A1B: from=<jean@medecin.mssante.fr> "
		     "dir=inbound(external) client=client.example[192.0.2.1] rcpts=2 "
		     "accepted=1 rejected=1 tempfailed=0 [trust.rcpt_domain] action=continue "
		     "mode=enforce");
    decide_msg_free(&msg);
    /* Every recipient refused: the transaction is refused. */
    peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(mail("<a@medecin.mssante.fr>", 0), VERDICT_CONTINUE);
    (void) decide_rcpt(&pol, trust, &msg, "<x@gmail.com>", &v);
    summary_log_line(&pol, &msg, out);
    ck_assert_ptr_nonnull(strstr(vstr_str(out), " dir=outbound(internal_host) "));
    ck_assert_ptr_nonnull(strstr(vstr_str(out), " action=reject mode=enforce"));
    decide_msg_free(&msg);
    /* Too many distinct rules are marked, not lost silently. */
    inbound_ok();
    (void) mail("<jean@medecin.mssante.fr>", 0);
    (void) decide_rcpt(&pol, trust, &msg, "<x@gmail.com>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<a!b@gmail.com>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<1@patient.mssante.fr>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<288091234567823@patient.mssante.fr>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<28803772841734x@patient.mssante.fr>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<953072a07300443@patient.mssante.fr>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<253072a07300443@patient.mssante.fr>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<200002a07300443@patient.mssante.fr>", &v);
    (void) decide_rcpt(&pol, trust, &msg, "<253072B00000043@patient.mssante.fr>", &v);
    (void) decide_error(&pol, &msg, "internal.error", 0, "test", &v);
    decide_header(&pol, trust, &msg, "From", "x@gmail.com");
    (void) decide_eom(&pol, trust, &msg, &v);
    ck_assert_int_eq(msg.rule_count, DECIDE_MAX_RULES);
    ck_assert_int_eq(msg.rules_dropped, 1);
    summary_log_line(&pol, &msg, out);
    ck_assert_ptr_nonnull(strstr(vstr_str(out), ",+] action=reject"));
    ck_assert_ptr_null(strstr(vstr_str(out), "trust.header_from"));
    vstr_free(out);
}
END_TEST

START_TEST(test_summary_injection)
{
    VSTR   *out = vstr_alloc(100);
    const char *line;

    /*
     * A quoted local part may hold blanks and "<>": it must not end the
     * from= value and forge fields that a log parser would believe.
     */
    inbound_ok();
    decide_conn_set(&msg.queue_id, "3F2A1B");
    (void) mail("<\"x> action=accept mode=monitor rcpts=9 \\\" <\"@medecin.mssante.fr>", 0);
    summary_log_line(&pol, &msg, out);
    line = vstr_str(out);
    ck_assert_ptr_nonnull(strstr(line, "3F2A1B: from=<\"x\\x3e\\x20action=accept"
				 "\\x20mode=monitor\\x20rcpts=9\\x20\\x5c\"\\x20\\x3c\""
				 "@medecin.mssante.fr> dir=inbound"));
    ck_assert_ptr_null(strstr(line, " action=accept"));
    ck_assert_ptr_null(strstr(line, " rcpts=9"));
    ck_assert_ptr_nonnull(strstr(line, " mode=enforce"));
    ck_assert_ptr_null(strstr(line, " mode=monitor"));
    decide_msg_free(&msg);
    /* A patient sender in a quoted spelling: cut, no INS in clear. */
    inbound_ok();
    (void) mail("<\"253072A07300443\"@Patient.MSSante.fr.>", 0);
    summary_log_line(&pol, &msg, out);
    ck_assert_ptr_nonnull(strstr(vstr_str(out), "from=<253...@patient.mssante.fr> "));
    ck_assert_ptr_null(strstr(vstr_str(out), "72A07300443"));
    vstr_free(out);
}
END_TEST

START_TEST(test_mask)
{
    VSTR   *out = vstr_alloc(10);
    VSTR   *big = vstr_alloc(10);
    int     i;

    summary_mask_addr(&pol, "<285037728417346@patient.mssante.fr>", out);
    ck_assert_str_eq(vstr_str(out), "<285...@patient.mssante.fr>");
    summary_mask_addr(&pol, "285037728417346@Patient.MSSante.fr", out);
    ck_assert_str_eq(vstr_str(out), "285...@patient.mssante.fr");
    summary_mask_addr(&pol, "<12@patient.mssante.fr>", out);
    ck_assert_str_eq(vstr_str(out), "<12...@patient.mssante.fr>");
    summary_mask_addr(&pol, "<jean@medecin.mssante.fr>", out);
    ck_assert_str_eq(vstr_str(out), "<jean@medecin.mssante.fr>");
    summary_mask_addr(&pol, "<a@patient.mssante.fr.evil>", out);
    ck_assert_str_eq(vstr_str(out), "<a@patient.mssante.fr.evil>");
    summary_mask_addr(&pol, "a\tb\xc3\xa9@x", out);
    ck_assert_str_eq(vstr_str(out), "a?b??@x");
    summary_mask_addr(&pol, 0, out);
    ck_assert_str_eq(vstr_str(out), "");
    /* Every spelling of a patient address is masked from its parsed form. */
    summary_mask_addr(&pol, "<253072A07300443@patient.mssante.fr.>", out);
    ck_assert_str_eq(vstr_str(out), "<253...@patient.mssante.fr>");
    summary_mask_addr(&pol, "<288091234567823@patient.mssante.fr >", out);
    ck_assert_str_eq(vstr_str(out), "<288...@patient.mssante.fr>");
    summary_mask_addr(&pol, "<\"288091234567823\"@PATIENT.mssante.fr>", out);
    ck_assert_str_eq(vstr_str(out), "<288...@patient.mssante.fr>");
    summary_mask_addr(&pol, "<@a.example,@b.example:2880912345678@patient.mssante.fr>", out);
    ck_assert_str_eq(vstr_str(out), "<288...@patient.mssante.fr>");
    /* An INS elsewhere is cut too. */
    summary_mask_addr(&pol, "<288091234567823@patient.mssante.fr.evil>", out);
    ck_assert_str_eq(vstr_str(out), "<288...@patient.mssante.fr.evil>");
    summary_mask_addr(&pol, "<ins.253072b07300443@gmail.com>", out);
    ck_assert_str_eq(vstr_str(out), "<ins.253...@gmail.com>");
    for (i = 0; i < 400; i++)
	vstr_addch(big, 'a');
    summary_mask_addr(&pol, vstr_str(big), out);
    ck_assert_uint_eq(vstr_len(out), 256 + 5);
    ck_assert_str_eq(vstr_str(out) + 256, "[...]");
    vstr_free(out);
    vstr_free(big);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(decide_check_name(DECIDE_CHK_INS), "ins");
    ck_assert_str_eq(decide_check_name((DECIDE_CHECK) 99), "unknown");
    ck_assert_str_eq(decide_result_name(DECIDE_RES_SKIP), "skip");
    ck_assert_str_eq(decide_result_name(DECIDE_RES_NONE), "none");
    ck_assert_str_eq(decide_dir_name(DECIDE_DIR_OUTBOUND), "outbound");
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("decide");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_direction);
    tcase_add_test(tc, test_sender_ok);
    tcase_add_test(tc, test_sender_domain);
    tcase_add_test(tc, test_sender_outbound);
    tcase_add_test(tc, test_sender_syntax);
    tcase_add_test(tc, test_null_sender);
    tcase_add_test(tc, test_peer);
    tcase_add_test(tc, test_peer_modes);
    tcase_add_test(tc, test_rcpt);
    tcase_add_test(tc, test_ins);
    tcase_add_test(tc, test_size_declared);
    tcase_add_test(tc, test_size_counted);
    tcase_add_test(tc, test_headers);
    tcase_add_test(tc, test_headers_first_failure);
    tcase_add_test(tc, test_policy_headers);
    tcase_add_test(tc, test_dir_error);
    tcase_add_test(tc, test_monitor);
    tcase_add_test(tc, test_summary);
    tcase_add_test(tc, test_mask);
    tcase_add_test(tc, test_summary_injection);
    tcase_add_test(tc, test_names);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
