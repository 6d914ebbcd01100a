/*++
/* NAME
/*	check_decide 1
/* SUMMARY
/*	unit tests for decide(3): the connection and the envelope
/* SYNOPSIS
/*	check_decide
/* DESCRIPTION
/*	Every rule of the connection and the envelope in both directions,
/*	with the exact reply codes and texts: direction, sender domain,
/*	null sender, peer certificate (TLS, verification, issuer, CN),
/*	recipient domains, patient INS, patient size (declared and
/*	counted); and the names of checks, results and directions. The
/*	message stage and summary(3) are in check_decide_msg.
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
#include "decide_util.h"

START_TEST(test_direction)
{
    decide_util_peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_INBOUND);
    ck_assert_str_eq(msg.dir_reason, "external");
    decide_msg_free(&msg);
    decide_util_peer("10.1.2.3", 0, 0, 0);
    ck_assert_int_eq(conn.internal, 1);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    ck_assert_str_eq(msg.dir_reason, "internal_host");
    decide_msg_free(&msg);
    decide_util_peer("::ffff:127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    decide_msg_free(&msg);
    decide_util_peer("2001:db8::1", 0, 0, 0);
    decide_conn_set(&msg.auth_authen, "jean");
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    ck_assert_str_eq(msg.dir_reason, "auth");
    decide_msg_free(&msg);
    decide_util_peer("192.0.2.1", 0, 0, 0);
    decide_conn_set(&conn.daemon_name, "submission");
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_OUTBOUND);
    ck_assert_str_eq(msg.dir_reason, "daemon");
    decide_conn_set(&conn.daemon_name, "smtpd");
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_INBOUND);
    decide_msg_free(&msg);
    decide_util_peer(0, 0, 0, 0);
    ck_assert_int_eq(conn.family, 0);
    ck_assert_int_eq(decide_conn_addr(&conn, &pol, "not an address"), -1);
    ck_assert_int_eq(decide_direction(&pol, &msg), DECIDE_DIR_INBOUND);
}
END_TEST

START_TEST(test_sender_ok)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SENDER], DECIDE_RES_PASS);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_PASS);
    ck_assert_int_eq(msg.sender_ok, 1);
    ck_assert_int_eq(msg.rule_count, 0);
}
END_TEST

START_TEST(test_sender_domain)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<a@gmail.com>", 0), VERDICT_REJECT);
    decide_util_assert_reply("trust.sender_domain", "550", "5.7.1",
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
    decide_util_peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<a@gmail.com>", 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.sender_domain");
    decide_msg_free(&msg);
    decide_util_peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_NONE);
}
END_TEST

START_TEST(test_sender_syntax)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<a@b@medecin.mssante.fr>", 0),
		     VERDICT_REJECT);
    decide_util_assert_reply("addr.sender_syntax", "553", "5.1.7", 0);
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "<a@b@medecin.mssante.fr>"));
    decide_msg_free(&msg);
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail(0, 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "addr.sender_syntax");
}
END_TEST

START_TEST(test_null_sender)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<>", 0), VERDICT_CONTINUE);
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
    decide_util_peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<>", 0), VERDICT_REJECT);
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
	decide_util_peer("192.0.2.1", cases[i].tls, cases[i].cn,
			 cases[i].issuer);
	if (cases[i].detail == 0) {
	    ck_assert_msg(decide_util_mail(cases[i].sender, 0) == VERDICT_CONTINUE, "case %zu", i);
	    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_PASS);
	} else {
	    ck_assert_msg(decide_util_mail(cases[i].sender, 0) == VERDICT_REJECT, "case %zu", i);
	    vstr_sprintf(want, "Message de %s refuse: %s. Le serveur emetteur doit "
			 "presenter en TLS le certificat IGC-Sante declare pour le "
			 "domaine %.*s dans la liste blanche ANS; contactez votre "
			 "operateur de messagerie. [regle trust.peer_cert]",
			 cases[i].sender, cases[i].detail,
			 (int) strlen(cases[i].sender) - 4, cases[i].sender + 3);
	    decide_util_assert_reply("trust.peer_cert", "550", "5.7.1",
				     vstr_str(want));
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
    decide_util_peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<a@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_str_eq(v.rule, "trust.peer_cert");
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_FAIL);
    decide_msg_free(&msg);
    pol.peer_action = DECIDE_PEER_OFF;
    decide_util_peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<a@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_NONE);
    ck_assert_int_eq(msg.would, VERDICT_CONTINUE);
    /* Off does not relax the sender domain. */
    decide_msg_free(&msg);
    decide_util_peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<a@gmail.com>", 0), VERDICT_REJECT);
}
END_TEST

START_TEST(test_rcpt)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.com>", &v), VERDICT_REJECT);
    decide_util_assert_reply("trust.rcpt_domain", "550", "5.7.1",
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
    decide_util_assert_reply("addr.rcpt_syntax", "550", "5.1.3", 0);
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

    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
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
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", "SIZE=1001"),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.declared_size, 1001);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_REJECT);
    decide_util_assert_reply("size.patient", "552", "5.3.4",
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
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", "size=1000"),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_CONTINUE);
    decide_msg_free(&msg);
    /* A malformed SIZE counts as absent; the end of message still counts. */
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", "SIZE=12x"),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.declared_size, -1);
    decide_msg_free(&msg);
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", "SIZE=99999999999999999999999"),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.declared_size, -1);
}
END_TEST

START_TEST(test_size_counted)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "From", "jean@medecin.mssante.fr");	/* 4+23+4 */
    decide_body(&msg, 969);
    ck_assert(msg.size == 1000);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SIZE], DECIDE_RES_PASS);
    decide_body(&msg, 1);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_REJECT);
    decide_util_assert_reply("size.patient", "552", "5.3.4", 0);
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "taille de 1001 octets"));
    decide_msg_free(&msg);
    /* No patient: no limit. */
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<m@ch-exemple.mssante.fr>", &v),
		     VERDICT_CONTINUE);
    decide_body(&msg, 5000);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_SIZE], DECIDE_RES_NONE);
    decide_msg_free(&msg);
    /* 0: unlimited. */
    pol.patient_max_size = 0;
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", "SIZE=999999999"), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<285037728417346@patient.mssante.fr>",
				 &v), VERDICT_CONTINUE);
    decide_body(&msg, 999999999);
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_cert_verified)
{
    /* Sendmail: {verify} says it, only OK counts. */
    ck_assert_int_eq(decide_cert_verified("OK", "/C=FR/CN=mx.example"), 1);
    ck_assert_int_eq(decide_cert_verified("FAIL", "/C=FR/CN=mx.example"), 0);
    ck_assert_int_eq(decide_cert_verified("NO", 0), 0);
    /* Postfix: no {verify}, the CN of a verified certificate, or nothing. */
    ck_assert_int_eq(decide_cert_verified(0, "mx.example"), 1);
    ck_assert_int_eq(decide_cert_verified(0, 0), 1);
    /* Sendmail's DN without {verify}: any certificate, not taken. */
    ck_assert_int_eq(decide_cert_verified(0, "/C=FR/CN=mx.example"), 0);
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

    tcase_add_checked_fixture(tc, decide_util_setup, decide_util_teardown);
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
    tcase_add_test(tc, test_cert_verified);
    tcase_add_test(tc, test_names);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
