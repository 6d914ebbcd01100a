/*++
/* NAME
/*	check_decide_msg 1
/* SUMMARY
/*	unit tests for decide(3) and summary(3): the message
/* SYNOPSIS
/*	check_decide_msg
/* DESCRIPTION
/*	The message stage of decide(3), with the exact reply codes and
/*	texts: header addresses, directory failure policies, forged
/*	X-MSSante-Policy headers, monitor mode; then summary(3): the
/*	X-MSSante-Policy value, the log line (not forgeable) and address
/*	masking. The connection and the envelope are in check_decide.
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
#include "decide_util.h"

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
	decide_util_inbound_ok();
	ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
			 VERDICT_CONTINUE);
	decide_header(&pol, trust, &msg, cases[i].name, cases[i].value);
	if (cases[i].rule == 0) {
	    ck_assert_msg(decide_eom(&pol, trust, &msg, &v) == VERDICT_CONTINUE,
			  "%s: %s", cases[i].name, cases[i].value);
	} else {
	    ck_assert_msg(decide_eom(&pol, trust, &msg, &v) == VERDICT_REJECT,
			  "%s: %s", cases[i].name, cases[i].value);
	    decide_util_assert_reply(cases[i].rule, "550", "5.7.1",
				     cases[i].text);
	    ck_assert_int_eq(msg.action, VERDICT_REJECT);
	}
	decide_msg_free(&msg);
    }
}
END_TEST

START_TEST(test_headers_first_failure)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "Reply-To", "x@evil.example");
    decide_header(&pol, trust, &msg, "From", "y@evil.example");
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_reply_to");
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_FAIL);
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_REPLY_TO], DECIDE_RES_FAIL);
    decide_msg_free(&msg);
    /* HeaderChecks no */
    pol.header_checks = 0;
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "From", "y@evil.example");
    ck_assert_int_eq(decide_eom(&pol, trust, &msg, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_NONE);
}
END_TEST

START_TEST(test_policy_headers)
{
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(decide_strip_policy_headers(&msg), 0);
    decide_header(&pol, trust, &msg, "X-MSSante-Policy", "forged");
    decide_header(&pol, trust, &msg, "x-mssante-policy", "forged");
    ck_assert_int_eq(msg.policy_headers, 2);
    ck_assert_int_eq(decide_strip_policy_headers(&msg), 1);
    decide_msg_free(&msg);
    decide_util_peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    decide_header(&pol, trust, &msg, "X-MSSante-Policy", "upstream");
    ck_assert_int_eq(decide_strip_policy_headers(&msg), 0);
    decide_msg_free(&msg);
    /* Authenticated but not internal: its header is not trusted. */
    decide_util_peer("198.51.100.1", 0, 0, 0);
    decide_conn_set(&msg.auth_authen, "jean");
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
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
	decide_util_inbound_ok();
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
    decide_util_inbound_ok();
    ck_assert_int_eq(decide_error(&pol, &msg, "internal.error", 0, "test", &v),
		     VERDICT_TEMPFAIL);
    decide_util_assert_reply("internal.error", "451", "4.3.0", 0);
}
END_TEST

START_TEST(test_monitor)
{
    VSTR   *out = vstr_alloc(100);

    pol.monitor = 1;
    decide_util_peer("192.0.2.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<a@gmail.com>", 0), VERDICT_CONTINUE);
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
    decide_util_inbound_ok();
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

    decide_util_inbound_ok();
    decide_conn_set(&msg.queue_id, "3F2A1B");
    ck_assert_int_eq(decide_util_mail("<jean@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
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
    decide_util_peer("127.0.0.1", 0, 0, 0);
    ck_assert_int_eq(decide_util_mail("<a@medecin.mssante.fr>", 0),
		     VERDICT_CONTINUE);
    (void) decide_rcpt(&pol, trust, &msg, "<x@gmail.com>", &v);
    summary_log_line(&pol, &msg, out);
    ck_assert_ptr_nonnull(strstr(vstr_str(out), " dir=outbound(internal_host) "));
    ck_assert_ptr_nonnull(strstr(vstr_str(out), " action=reject mode=enforce"));
    decide_msg_free(&msg);
    /* Too many distinct rules are marked, not lost silently. */
    decide_util_inbound_ok();
    (void) decide_util_mail("<jean@medecin.mssante.fr>", 0);
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
    decide_util_inbound_ok();
    decide_conn_set(&msg.queue_id, "3F2A1B");
    (void) decide_util_mail("<\"x> action=accept mode=monitor rcpts=9 \\\" <\"@medecin.mssante.fr>", 0);
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
    decide_util_inbound_ok();
    (void) decide_util_mail("<\"253072A07300443\"@Patient.MSSante.fr.>", 0);
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

int     main(void)
{
    Suite  *s = suite_create("decide_msg");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, decide_util_setup, decide_util_teardown);
    tcase_add_test(tc, test_headers);
    tcase_add_test(tc, test_headers_first_failure);
    tcase_add_test(tc, test_policy_headers);
    tcase_add_test(tc, test_dir_error);
    tcase_add_test(tc, test_monitor);
    tcase_add_test(tc, test_summary);
    tcase_add_test(tc, test_mask);
    tcase_add_test(tc, test_summary_injection);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
