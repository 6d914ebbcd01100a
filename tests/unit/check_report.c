/*++
/* NAME
/*	check_report 1
/* SUMMARY
/*	unit tests for report(3) and the null-sender rules of decide(3)
/* SYNOPSIS
/*	check_report
/* DESCRIPTION
/*	report(3): Content-Type parsing (case, quotes, comments, repeated
/*	parameters), real DSN and MDN bodies fed in chunks of every size,
/*	and messages that only claim to be reports (no machine-readable
/*	part, the wrong one, in the wrong place, two Content-Type headers).
/*	decide(3) with the null sender: a real DSN or MDN passes with any
/*	From; anything else is held to the From rule (forged, missing,
/*	several addresses), to the operator certificate of the From
/*	domain, and lists its From mailboxes for the conversations.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "trust.h"
#include "verdict.h"
#include "report.h"
#include "decide.h"

#define ISSUER	"TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"
#define OP_A	"mx1.operateur-a.example"

#define DSN_CT	"multipart/report; report-type=delivery-status;\r\n\tboundary=\"b1/x\""
#define DSN_BODY \
    "This is a MIME-encapsulated message.\r\n\r\n--b1/x\r\n" \
    "Content-Type: text/plain\r\n\r\nDelivery failed.\r\n\r\n--b1/x\r\n" \
    "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx1\r\n" \
    "\r\nFinal-Recipient: rfc822; a@b\r\nAction: failed\r\nStatus: 5.1.1\r\n" \
    "\r\n--b1/x\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\nhi\r\n" \
    "--b1/x--\r\n"
#define MDN_CT	"Multipart/Report (comment); Report-Type=\"Disposition-Notification\"; boundary=mdn"
#define MDN_BODY \
    "--mdn\nContent-Type: text/plain; charset=utf-8\n\nLu.\n--mdn\n" \
    "Content-Type:\n message/disposition-notification\n\n" \
    "Final-Recipient: rfc822; a@b\nDisposition: manual-action/MDN-sent-manually; displayed\n" \
    "--mdn--\n"

static TRUST *trust;
static DECIDE_POLICY pol;
static DECIDE_CONN conn;
static DECIDE_MSG msg;
static VERDICT v;
static const char *issuers[] = {ISSUER, 0};

/* scan - a whole message through a scanner, body in chunks of step */

static REPORT_TYPE scan(const char *ct, const char *ct2, const char *body,
			        size_t step)
{
    REPORT_SCAN *rs = report_scan_create();
    REPORT_TYPE ret;
    size_t  len = strlen(body), n;

    report_scan_header(rs, "Subject", "x");
    if (ct)
	report_scan_header(rs, "content-type", ct);
    if (ct2)
	report_scan_header(rs, "Content-Type", ct2);
    for (; len > 0; body += n, len -= n) {
	n = len < step ? len : step;
	report_scan_body(rs, body, n);
    }
    ret = report_scan_result(rs);
    report_scan_free(rs);
    return (ret);
}

START_TEST(test_ctype_parse)
{
    VSTR   *t = vstr_alloc(10), *b = vstr_alloc(10), *r = vstr_alloc(10);

    ck_assert_int_eq(report_ctype_parse(DSN_CT, t, b, r), 0);
    ck_assert_str_eq(vstr_str(t), "multipart/report");
    ck_assert_str_eq(vstr_str(b), "b1/x");
    ck_assert_str_eq(vstr_str(r), "delivery-status");
    ck_assert_int_eq(report_ctype_parse(MDN_CT, t, b, r), 0);
    ck_assert_str_eq(vstr_str(t), "multipart/report");
    ck_assert_str_eq(vstr_str(r), "disposition-notification");
    ck_assert_int_eq(report_ctype_parse(" text / plain ;", t, b, r), 0);
    ck_assert_str_eq(vstr_str(t), "text/plain");
    ck_assert_int_eq(report_ctype_parse("multipart/report; boundary=a; boundary=b", t, b, r), -1);
    ck_assert_int_eq(report_ctype_parse("multipart/report; report-type=x; report-type=y", t, b, r), -1);
    ck_assert_int_eq(report_ctype_parse("multipart/report; boundary=\"open", t, b, r), -1);
    ck_assert_int_eq(report_ctype_parse("multipart", t, b, r), -1);
    ck_assert_int_eq(report_ctype_parse("", t, b, r), -1);
    ck_assert_int_eq(report_ctype_parse("a/b; c", t, b, r), -1);
    vstr_free(t);
    vstr_free(b);
    vstr_free(r);
}
END_TEST

START_TEST(test_scan_real)
{
    size_t  step;

    /* Every chunk size: lines and boundaries split anywhere. */
    for (step = 1; step < sizeof(DSN_BODY); step++) {
	ck_assert_int_eq(scan(DSN_CT, 0, DSN_BODY, step), REPORT_DSN);
	ck_assert_int_eq(scan(MDN_CT, 0, MDN_BODY, step), REPORT_MDN);
    }
    ck_assert_str_eq(report_type_name(REPORT_DSN), "dsn");
    ck_assert_str_eq(report_type_name(REPORT_MDN), "mdn");
    ck_assert_str_eq(report_type_name(REPORT_NONE), "none");
}
END_TEST

START_TEST(test_scan_fake)
{
    /* Claims: nothing in the body, a plain body, the wrong part type. */
    ck_assert_int_eq(scan(DSN_CT, 0, "", 10), REPORT_NONE);
    ck_assert_int_eq(scan(DSN_CT, 0, "Bonjour docteur\r\n", 10), REPORT_NONE);
    ck_assert_int_eq(scan(DSN_CT, 0, MDN_BODY, 10), REPORT_NONE);
    ck_assert_int_eq(scan(MDN_CT, 0, DSN_BODY, 10), REPORT_NONE);
    /* The machine-readable part must be the second one. */
    ck_assert_int_eq(scan("multipart/report; report-type=delivery-status; boundary=z", 0,
			  "--z\r\nContent-Type: message/delivery-status\r\n\r\nx\r\n"
			  "--z\r\nContent-Type: text/plain\r\n\r\ny\r\n--z--\r\n", 7),
		     REPORT_NONE);
    /* ... and come before the closing boundary. */
    ck_assert_int_eq(scan("multipart/report; report-type=delivery-status; boundary=z", 0,
			  "--z\r\n\r\nx\r\n--z--\r\n--z\r\n"
			  "Content-Type: message/delivery-status\r\n\r\n", 7), REPORT_NONE);
    /* Two Content-Type headers, a non-report type, no report-type. */
    ck_assert_int_eq(scan(DSN_CT, "text/plain", DSN_BODY, 10), REPORT_NONE);
    ck_assert_int_eq(scan(0, 0, DSN_BODY, 10), REPORT_NONE);
    ck_assert_int_eq(scan("multipart/mixed; report-type=delivery-status; boundary=\"b1/x\"",
			  0, DSN_BODY, 10), REPORT_NONE);
    ck_assert_int_eq(scan("multipart/report; boundary=\"b1/x\"", 0, DSN_BODY, 10),
		     REPORT_NONE);
    ck_assert_int_eq(scan("multipart/report; report-type=delivery-status", 0,
			  DSN_BODY, 10), REPORT_NONE);
    /* Two Content-Type headers in the second part. */
    ck_assert_int_eq(scan("multipart/report; report-type=delivery-status; boundary=z", 0,
			  "--z\r\n\r\nx\r\n--z\r\nContent-Type: message/delivery-status\r\n"
			  "Content-Type: text/plain\r\n\r\ny\r\n--z--\r\n", 7), REPORT_NONE);
}
END_TEST

START_TEST(test_scan_long_line)
{
    VSTR   *body = vstr_alloc(5000);
    int     i;

    /* An over-long line is no boundary, and memory stays bounded. */
    vstr_cat(body, "--b1/x");
    for (i = 0; i < 2000; i++)
	vstr_addch(body, ' ');
    vstr_cat(body, "\r\nContent-Type: message/delivery-status\r\n\r\n");
    ck_assert_int_eq(scan(DSN_CT, 0, vstr_str(body), 100), REPORT_NONE);
    vstr_free(body);
}
END_TEST

/* setup - a trust space, header checks on, a verified operator-A peer */

static void setup(void)
{
    TRUST_BUILDER *bp = trust_builder_create(4);

    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr",
	"CN=" OP_A ",OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR"), 0);
    ck_assert_int_eq(trust_builder_add(bp, "ch-exemple.mssante.fr",
	"CN=smtp.ch-exemple.example,OU=1000000001,O=CH,L=Lyon (69),C=FR"), 0);
    ck_assert_int_eq(trust_builder_add(bp, "patient.mssante.fr",
	"CN=smtp.patient.example,OU=3,O=CNAM,C=FR"), 0);
    trust = trust_builder_finish(bp);
    memset(&pol, 0, sizeof(pol));
    pol.lang = VERDICT_LANG_FR;
    pol.patient_domain = "patient.mssante.fr";
    pol.peer_action = DECIDE_PEER_REJECT;
    pol.trusted_issuers = issuers;
    pol.header_checks = 1;
    pol.on_dir_error = VERDICT_TEMPFAIL;
    pol.on_internal_error = VERDICT_TEMPFAIL;
    decide_conn_init(&conn);
    decide_conn_set(&conn.client, "mx1[192.0.2.1]");
    decide_conn_set(&conn.tls_version, "TLSv1.3");
    decide_conn_set(&conn.cert_subject, OP_A);
    decide_conn_set(&conn.cert_issuer, ISSUER);
    decide_msg_init(&msg, &conn);
    verdict_init(&v);
}

static void teardown(void)
{
    decide_msg_free(&msg);
    decide_conn_free(&conn);
    verdict_free(&v);
    trust_free(trust);
}

/* run_msg - one message from sender: headers (name, value pairs), body */

static VERDICT_ACTION run_msg(const char *sender, const char *const *hdrs,
			              const char *body)
{
    decide_msg_free(&msg);
    decide_msg_init(&msg, &conn);
    ck_assert_int_eq(decide_mail(&pol, trust, &msg, sender, 0, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<jean@medecin.mssante.fr>", &v),
		     VERDICT_CONTINUE);
    for (; hdrs && hdrs[0]; hdrs += 2)
	decide_header(&pol, trust, &msg, hdrs[0], hdrs[1]);
    if (body && decide_wants_body(&msg))
	decide_body_data(&msg, body, strlen(body));
    return (decide_eom(&pol, trust, &msg, &v));
}

/* null_msg - a null-sender message */

static VERDICT_ACTION null_msg(const char *const *hdrs, const char *body)
{
    return (run_msg("<>", hdrs, body));
}

START_TEST(test_null_reports)
{
    const char *dsn[] = {"From", "MAILER-DAEMON@mx1.example (Mail Delivery System)",
    "Content-Type", DSN_CT, 0};
    const char *mdn[] = {"From", "someone@elsewhere.example", "Content-Type", MDN_CT, 0};

    ck_assert_int_eq(null_msg(dsn, DSN_BODY), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.report_type, REPORT_DSN);
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_SKIP);
    /* Listed for the conversations (a patient's read receipt). */
    ck_assert_uint_eq(msg.nauthors, 1);
    ck_assert_str_eq(msg.authors[0], "MAILER-DAEMON@mx1.example");
    ck_assert_int_eq(null_msg(mdn, MDN_BODY), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.report_type, REPORT_MDN);
    ck_assert_uint_eq(msg.nauthors, 1);
    ck_assert_str_eq(msg.authors[0], "someone@elsewhere.example");
    /* The same headers without the report's body: From is checked. */
    ck_assert_int_eq(null_msg(dsn, "Bonjour\r\n"), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_from");
    ck_assert_int_eq(msg.report_type, REPORT_NONE);
}
END_TEST

START_TEST(test_null_not_report)
{
    const char *forged[] = {"From", "Dr X <x@gmail.com>", 0};
    const char *pat[] = {"From", "<285037728417346@patient.mssante.fr>", "Subject", "hi", 0};
    const char *two[] = {"From", "a@medecin.mssante.fr", "from", "b@evil.example", 0};
    const char *other_op[] = {"From", "a@ch-exemple.mssante.fr", 0};

    ck_assert_int_eq(null_msg(forged, "x\r\n"), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_from");
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "x@gmail.com"));
    /* No From at all: nothing names the sender. */
    ck_assert_int_eq(null_msg(0, "x\r\n"), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_from");
    /* Every From header counts. */
    ck_assert_int_eq(null_msg(two, 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_from");
    /* A trust-space From: accepted, listed for the conversations. */
    ck_assert_int_eq(null_msg(pat, 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.peer_cert");
    decide_conn_set(&conn.cert_subject, "smtp.patient.example");
    ck_assert_int_eq(null_msg(pat, 0), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_PASS);
    ck_assert_uint_eq(msg.nauthors, 1);
    ck_assert_str_eq(msg.authors[0], "285037728417346@patient.mssante.fr");
    /* The certificate is an operator's of the From domain, or refused. */
    ck_assert_int_eq(null_msg(other_op, 0), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.peer_cert");
    ck_assert_int_eq(msg.result[DECIDE_CHK_PEER], DECIDE_RES_FAIL);
    /* Header checks off: no refusal, the From still names the sender. */
    pol.header_checks = 0;
    pol.peer_action = DECIDE_PEER_OFF;
    ck_assert_int_eq(null_msg(forged, 0), VERDICT_CONTINUE);
    ck_assert_uint_eq(msg.nauthors, 1);
    ck_assert_str_eq(msg.authors[0], "x@gmail.com");
}
END_TEST

/* patient_msg - the same, from a patient's envelope sender */

static VERDICT_ACTION patient_msg(const char *const *hdrs, const char *body)
{
    decide_conn_set(&conn.cert_subject, "smtp.patient.example");
    return (run_msg("<285037728417346@Patient.MSSante.fr>", hdrs, body));
}

START_TEST(test_patient_reports)
{
    const char *mdn[] = {"From", "285037728417346@patient.mssante.fr",
    "Content-Type", MDN_CT, 0};
    const char *dsn[] = {"From", "MAILER-DAEMON@patient.mssante.fr",
    "Content-Type", DSN_CT, 0};
    const char *forged[] = {"From", "x@gmail.com", "Content-Type", MDN_CT, 0};

    /* A patient's read receipt: its type is known at end of message. */
    ck_assert_int_eq(patient_msg(mdn, MDN_BODY), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.report_type, REPORT_MDN);
    ck_assert_int_eq(msg.result[DECIDE_CHK_HDR_FROM], DECIDE_RES_PASS);
    ck_assert_uint_eq(msg.nauthors, 0);
    ck_assert_int_eq(patient_msg(dsn, DSN_BODY), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.report_type, REPORT_DSN);
    /* Without the machine-readable part: ordinary mail. */
    ck_assert_int_eq(patient_msg(mdn, "Lu.\r\n"), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.report_type, REPORT_NONE);
    /* Its From is checked as usual, report or not. */
    ck_assert_int_eq(patient_msg(forged, MDN_BODY), VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.header_from");
}
END_TEST

START_TEST(test_sender_parsed)
{
    /* Refused (or let through by monitor mode), still a parsed sender. */
    ck_assert_int_eq(decide_mail(&pol, trust, &msg, "<1@gmail.com>", 0, &v), VERDICT_REJECT);
    ck_assert_int_eq(msg.sender_ok, 0);
    ck_assert_int_eq(msg.sender_parsed, 1);
    decide_msg_free(&msg);
    decide_msg_init(&msg, &conn);
    ck_assert_int_eq(decide_mail(&pol, trust, &msg, "<a@b@c>", 0, &v), VERDICT_REJECT);
    ck_assert_int_eq(msg.sender_parsed, 0);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("report");
    TCase  *tc = tcase_create("report");
    TCase  *tn = tcase_create("null_sender");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_ctype_parse);
    tcase_add_test(tc, test_scan_real);
    tcase_add_test(tc, test_scan_fake);
    tcase_add_test(tc, test_scan_long_line);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(tn, setup, teardown);
    tcase_add_test(tn, test_null_reports);
    tcase_add_test(tn, test_null_not_report);
    tcase_add_test(tn, test_patient_reports);
    tcase_add_test(tn, test_sender_parsed);
    suite_add_tcase(s, tn);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
