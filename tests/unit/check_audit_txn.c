/*++
/* NAME
/*	check_audit_txn 1
/* SUMMARY
/*	unit tests of audit_txn(3), the audit record builder
/* SYNOPSIS
/*	check_audit_txn
/* DESCRIPTION
/*	Builds records as the daemon's callbacks would and checks their
/*	members, their order, the implied final decision, and that no
/*	INS or subject text ever reaches the record.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "audit_key.h"
#include "audit_txn.h"

#define KEY_HEX "6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839"
#define HMAC_285037728417346 \
	"784a80fb81b59481b6770f30ca986f3dbc036dbfc125505d02797fd28df1294e"
#define PATIENT "285037728417346@patient.mssante.fr"

static AUDIT_KEY *key;
static AUDIT_TXN *txn;

/* setup - key and an empty transaction */

static void setup(void)
{
    VSTR   *why = vstr_alloc(10);

    key = audit_key_parse(KEY_HEX, strlen(KEY_HEX), why);
    ck_assert_ptr_nonnull(key);
    vstr_free(why);
    txn = audit_txn_create(key, 0);
}

/* teardown - release */

static void teardown(void)
{
    audit_txn_free(txn);
    audit_key_free(key);
}

/* mkverdict - a verdict as the policy library would fill it */

static VERDICT *mkverdict(VERDICT *v, VERDICT_ACTION action, const char *rule,
			          const char *rcode, const char *xcode,
			          const char *text)
{
    memset(v, 0, sizeof(*v));
    v->action = action;
    v->rule = rule;
    snprintf(v->rcode, sizeof(v->rcode), "%s", rcode);
    snprintf(v->xcode, sizeof(v->xcode), "%s", xcode);
    v->text = vstr_alloc(10);
    vstr_strcpy(v->text, text);
    return (v);
}

/* build - fill a record and return it */

static json_t *build(AUDIT_END end)
{
    json_t *rec = json_object();

    audit_txn_fill(txn, end, rec);
    return (rec);
}

/* member - string member or "(null)" */

static const char *member(json_t *obj, const char *name)
{
    json_t *v = json_object_get(obj, name);

    return (json_is_string(v) ? json_string_value(v) : json_is_null(v) ?
	    "(null)" : "(missing)");
}

/* dump - serialised record (caller frees) */

static char *dump(json_t *rec)
{
    return (json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER));
}

START_TEST(test_full_record)
{
    VERDICT ok, rej, fin;
    AUDIT_TLS tls = {"TLSv1.3", "TLS_AES_256_GCM_SHA384",
	"CN=mx.ch-exemple.mssante.fr,OU=318751275100020,O=CH EXEMPLE,C=FR",
    "CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,C=FR", "OK", "dn"};
    json_t *rec, *r;
    char   *text;

    audit_txn_connect(txn, "192.0.2.10", "mx.ch-exemple.mssante.fr");
    audit_txn_helo(txn, "mx.ch-exemple.mssante.fr");
    audit_txn_tls(txn, &tls);
    audit_txn_begin(txn);
    audit_txn_queue_id(txn, "4VxQ2m3Kz0z");
    audit_txn_direction(txn, "outbound");
    audit_txn_mode(txn, "enforce");
    audit_txn_sender(txn, "<dr.martin@ch-exemple.mssante.fr>");
    audit_txn_rcpt(txn, "<" PATIENT ">", mkverdict(&ok, VERDICT_CONTINUE, 0, "", "", ""));
    audit_txn_rcpt(txn, "<x@gmail.com>", mkverdict(&rej, VERDICT_REJECT,
		       "trust.rcpt_domain", "550", "5.7.1",
		       "adresse x@gmail.com hors espace de confiance"));
    audit_txn_message_id(txn, "<abc@ch-exemple.mssante.fr>");
    audit_txn_subject(txn, SUBJ_FIN);
    audit_txn_document(txn, "11488-4", "10");
    audit_txn_patient(txn, "285037728417346");
    audit_txn_patient(txn, "285037728417346");
    audit_txn_event(txn, "conversation.close", PATIENT, "fermeture par [FIN]");
    audit_txn_size(txn, 12345);
    audit_txn_final(txn, mkverdict(&fin, VERDICT_ACCEPT, 0, "", "", ""));
    ck_assert_int_eq(audit_txn_pending(txn), 1);
    rec = build(AUDIT_END_EOM);

    ck_assert_str_eq(member(rec, "qid"), "4VxQ2m3Kz0z");
    ck_assert_str_eq(member(json_object_get(rec, "client"), "addr"), "192.0.2.10");
    ck_assert_str_eq(member(json_object_get(rec, "client"), "name"), "mx.ch-exemple.mssante.fr");
    ck_assert_str_eq(member(json_object_get(rec, "tls"), "version"), "TLSv1.3");
    ck_assert_str_eq(member(json_object_get(rec, "tls"), "issuer"),
	       "CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,C=FR");
    ck_assert_str_eq(member(json_object_get(rec, "tls"), "compared"), "dn");
    ck_assert_str_eq(member(rec, "direction"), "outbound");
    ck_assert_str_eq(member(rec, "mode"), "enforce");
    ck_assert_str_eq(member(rec, "auth"), "(null)");
    ck_assert_str_eq(member(rec, "sender"), "dr.martin@ch-exemple.mssante.fr");
    ck_assert_uint_eq(json_array_size(json_object_get(rec, "rcpts")), 2);
    r = json_array_get(json_object_get(rec, "rcpts"), 0);
    ck_assert_str_eq(member(r, "addr"), "hmac:" HMAC_285037728417346 "@patient.mssante.fr");
    ck_assert_str_eq(member(r, "action"), "accept");
    ck_assert_str_eq(member(r, "rule"), "(null)");
    ck_assert_str_eq(member(r, "reply"), "(null)");
    r = json_array_get(json_object_get(rec, "rcpts"), 1);
    ck_assert_str_eq(member(r, "addr"), "x@gmail.com");
    ck_assert_str_eq(member(r, "action"), "reject");
    ck_assert_str_eq(member(r, "rule"), "trust.rcpt_domain");
    ck_assert_str_eq(member(r, "reply"),
		     "550 5.7.1 adresse x@gmail.com hors espace de confiance");
    ck_assert_str_eq(member(rec, "message_id"), "<abc@ch-exemple.mssante.fr>");
    ck_assert_str_eq(member(rec, "subject"), "closing");
    ck_assert_str_eq(member(rec, "subject_kind"), "(null)");
    ck_assert_str_eq(member(json_array_get(json_object_get(rec, "documents"), 0), "type"), "11488-4");
    ck_assert_uint_eq(json_array_size(json_object_get(rec, "patients")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(rec, "patients"), 0)),
		     HMAC_285037728417346);
    r = json_array_get(json_object_get(rec, "events"), 0);
    ck_assert_str_eq(member(r, "event"), "conversation.close");
    ck_assert_str_eq(member(r, "addr"), "hmac:" HMAC_285037728417346 "@patient.mssante.fr");
    ck_assert_int_eq(json_integer_value(json_object_get(rec, "size")), 12345);
    ck_assert_str_eq(member(rec, "action"), "accept");
    ck_assert_str_eq(member(rec, "end"), "eom");
    ck_assert(json_is_integer(json_object_get(rec, "duration_ms")));

    /* Nowhere the INS in clear. */
    text = dump(rec);
    ck_assert_ptr_null(strstr(text, "285037728417346"));
    free(text);
    json_decref(rec);
    vstr_free(ok.text);
    vstr_free(rej.text);
    vstr_free(fin.text);
}
END_TEST

START_TEST(test_member_order)
{
    static const char *order[] = {
	"qid", "client", "auth", "direction", "mode", "tls", "sender", "rcpts",
	"message_id", "subject", "subject_kind", "documents", "patients",
	"events", "size", "action", "rule", "reply", "end", "duration_ms",
    };
    json_t *rec;
    const char *name;
    json_t *v;
    size_t  i = 0;

    audit_txn_begin(txn);
    rec = build(AUDIT_END_ABORT);
    json_object_foreach(rec, name, v) {
	ck_assert_uint_lt(i, sizeof(order) / sizeof(order[0]));
	ck_assert_str_eq(name, order[i]);
	i++;
    }
    ck_assert_uint_eq(i, sizeof(order) / sizeof(order[0]));
    /* Unknown facts are null, not missing. */
    ck_assert_str_eq(member(rec, "qid"), "(null)");
    ck_assert_str_eq(member(rec, "tls"), "(null)");
    ck_assert(json_is_null(json_object_get(rec, "size")));
    ck_assert_str_eq(member(rec, "action"), "aborted");
    ck_assert_str_eq(member(rec, "end"), "abort");
    json_decref(rec);
}
END_TEST

START_TEST(test_null_txn_is_noop)
{
    VERDICT v;
    AUDIT_TLS tls = {0, 0, 0, 0, 0, 0};

    mkverdict(&v, VERDICT_REJECT, "x", "550", "5.7.1", "t");
    audit_txn_connect(0, "a", "b");
    audit_txn_helo(0, "h");
    audit_txn_tls(0, &tls);
    audit_txn_begin(0);
    audit_txn_queue_id(0, "q");
    audit_txn_auth(0, "a");
    audit_txn_direction(0, "d");
    audit_txn_mode(0, "m");
    audit_txn_sender(0, "s");
    audit_txn_rcpt(0, "r", &v);
    audit_txn_message_id(0, "m");
    audit_txn_subject(0, SUBJ_FIN);
    audit_txn_document(0, "t", "c");
    audit_txn_patient(0, "285037728417346");
    audit_txn_event(0, "e", "a", "d");
    audit_txn_size(0, 1);
    audit_txn_final(0, &v);
    audit_txn_done(0);
    ck_assert_int_eq(audit_txn_pending(0), 0);
    audit_txn_free(0);
    vstr_free(v.text);
}
END_TEST

START_TEST(test_pending)
{
    ck_assert_int_eq(audit_txn_pending(txn), 0);
    audit_txn_begin(txn);
    ck_assert_int_eq(audit_txn_pending(txn), 1);
    audit_txn_done(txn);
    ck_assert_int_eq(audit_txn_pending(txn), 0);
}
END_TEST

START_TEST(test_begin_keeps_connection)
{
    VERDICT v;
    json_t *rec;

    audit_txn_connect(txn, "192.0.2.1", "[192.0.2.1]");
    audit_txn_begin(txn);
    audit_txn_sender(txn, "a@b.mssante.fr");
    audit_txn_rcpt(txn, "c@d.mssante.fr", mkverdict(&v, VERDICT_REJECT, "r", "550", "", "no"));
    audit_txn_subject(txn, SUBJ_NEAR_PREFIX);
    audit_txn_begin(txn);
    rec = build(AUDIT_END_EOM);
    ck_assert_str_eq(member(json_object_get(rec, "client"), "addr"), "192.0.2.1");
    ck_assert_str_eq(member(rec, "sender"), "(null)");
    ck_assert_uint_eq(json_array_size(json_object_get(rec, "rcpts")), 0);
    ck_assert_str_eq(member(rec, "subject"), "none");
    ck_assert_str_eq(member(rec, "action"), "accept");
    json_decref(rec);
    vstr_free(v.text);
}
END_TEST

START_TEST(test_subject_classes)
{
    json_t *rec;

    audit_txn_begin(txn);
    audit_txn_subject(txn, SUBJ_NEAR_PREFIX);
    rec = build(AUDIT_END_EOM);
    ck_assert_str_eq(member(rec, "subject"), "near-miss");
    ck_assert_str_eq(member(rec, "subject_kind"), "prefix");
    json_decref(rec);
    audit_txn_subject(txn, SUBJ_NEAR_LOOKALIKE);
    rec = build(AUDIT_END_EOM);
    ck_assert_str_eq(member(rec, "subject_kind"), "lookalike");
    json_decref(rec);
    audit_txn_subject(txn, (SUBJ_CLASS) 99);	/* ignored */
    rec = build(AUDIT_END_EOM);
    ck_assert_str_eq(member(rec, "subject_kind"), "lookalike");
    json_decref(rec);
}
END_TEST

START_TEST(test_implied_all_refused)
{
    VERDICT v1, v2;
    json_t *rec;

    audit_txn_begin(txn);
    audit_txn_rcpt(txn, "a@gmail.com", mkverdict(&v1, VERDICT_TEMPFAIL,
		       "dir.tempfail", "451", "4.7.1", "annuaire indisponible"));
    audit_txn_rcpt(txn, "b@gmail.com", mkverdict(&v2, VERDICT_REJECT,
		    "trust.rcpt_domain", "550", "5.7.1", "hors espace"));
    rec = build(AUDIT_END_ABORT);
    ck_assert_str_eq(member(rec, "action"), "reject");
    ck_assert_str_eq(member(rec, "rule"), "trust.rcpt_domain");
    ck_assert_str_eq(member(rec, "reply"), "550 5.7.1 hors espace");
    json_decref(rec);
    vstr_free(v1.text);
    vstr_free(v2.text);
}
END_TEST

START_TEST(test_implied_tempfail_only)
{
    VERDICT v;
    json_t *rec;

    audit_txn_begin(txn);
    audit_txn_rcpt(txn, "a@x.mssante.fr", mkverdict(&v, VERDICT_TEMPFAIL,
		       "dir.tempfail", "451", "4.7.1", "plus tard"));
    rec = build(AUDIT_END_CLOSE);
    ck_assert_str_eq(member(rec, "action"), "tempfail");
    ck_assert_str_eq(member(rec, "end"), "close");
    json_decref(rec);
    vstr_free(v.text);
}
END_TEST

START_TEST(test_implied_some_accepted)
{
    VERDICT v;
    json_t *rec;

    audit_txn_begin(txn);
    audit_txn_rcpt(txn, "a@x.mssante.fr", 0);
    audit_txn_rcpt(txn, "b@gmail.com", mkverdict(&v, VERDICT_REJECT, "r", "550", "", "non"));
    rec = build(AUDIT_END_ABORT);
    ck_assert_str_eq(member(rec, "action"), "aborted");
    json_decref(rec);
    rec = build(AUDIT_END_EOM);
    ck_assert_str_eq(member(rec, "action"), "accept");
    ck_assert_str_eq(member(rec, "rule"), "(null)");
    json_decref(rec);
    vstr_free(v.text);
}
END_TEST

START_TEST(test_final_reply_scrubbed)
{
    VERDICT v;
    json_t *rec;
    char   *text;

    audit_txn_begin(txn);
    audit_txn_final(txn, mkverdict(&v, VERDICT_REJECT, "patient.ins_key",
				   "550", "5.1.1", "adresse " PATIENT
				   " refusee: cle INS 285037728417346 fausse"));
    rec = build(AUDIT_END_EOM);
    ck_assert_str_eq(member(rec, "action"), "reject");
    ck_assert_str_eq(member(rec, "rule"), "patient.ins_key");
    ck_assert_str_eq(member(rec, "reply"), "550 5.1.1 adresse hmac:"
		     HMAC_285037728417346 "@patient.mssante.fr refusee: cle INS hmac:"
		     HMAC_285037728417346 " fausse");
    text = dump(rec);
    ck_assert_ptr_null(strstr(text, "285037728417346"));
    free(text);
    json_decref(rec);
    vstr_free(v.text);
}
END_TEST

START_TEST(test_actions)
{
    ck_assert_str_eq(audit_txn_action_name(VERDICT_CONTINUE), "accept");
    ck_assert_str_eq(audit_txn_action_name(VERDICT_ACCEPT), "accept");
    ck_assert_str_eq(audit_txn_action_name(VERDICT_REJECT), "reject");
    ck_assert_str_eq(audit_txn_action_name(VERDICT_TEMPFAIL), "tempfail");
    ck_assert_str_eq(audit_txn_action_name(VERDICT_DISCARD), "discard");
    ck_assert_str_eq(audit_txn_action_name(VERDICT_QUARANTINE), "quarantine");
    ck_assert_str_eq(audit_txn_action_name(VERDICT_ACTION_COUNT), "unknown");
    ck_assert_str_eq(audit_txn_end_name(AUDIT_END_EOM), "eom");
    ck_assert_str_eq(audit_txn_end_name(AUDIT_END_CLOSE), "close");
}
END_TEST

START_TEST(test_string_utf8)
{
    json_t *s;

    s = audit_txn_string("caf\xc3\xa9", 5);	/* valid UTF-8 kept */
    ck_assert_str_eq(json_string_value(s), "caf\xc3\xa9");
    json_decref(s);
    s = audit_txn_string("a\xff" "b\xc3" "c\xed\xa0\x80" "d", 9);
    ck_assert_str_eq(json_string_value(s), "a?b?c???d");
    json_decref(s);
    s = audit_txn_string("a\0b", 3);		/* NUL */
    ck_assert_str_eq(json_string_value(s), "a?b");
    json_decref(s);
    s = audit_txn_string("\xf0\x9f\x98\x80", 4);	/* 4-byte sequence */
    ck_assert_uint_eq(json_string_length(s), 4);
    json_decref(s);
    s = audit_txn_string("\xc0\xaf", 2);	/* overlong */
    ck_assert_str_eq(json_string_value(s), "??");
    json_decref(s);
}
END_TEST

START_TEST(test_string_cut)
{
    VSTR   *big = vstr_alloc(5000);
    json_t *s;
    int     i;

    for (i = 0; i < AUDIT_FIELD_MAX + 100; i++)
	vstr_addch(big, 'x');
    s = audit_txn_string(vstr_str(big), vstr_len(big));
    ck_assert_ptr_nonnull(strstr(json_string_value(s), "...[cut 100 bytes]"));
    ck_assert_uint_eq(json_string_length(s), AUDIT_FIELD_MAX + strlen("...[cut 100 bytes]"));
    json_decref(s);
    vstr_truncate(big, AUDIT_FIELD_MAX);
    s = audit_txn_string(vstr_str(big), vstr_len(big));
    ck_assert_uint_eq(json_string_length(s), AUDIT_FIELD_MAX);
    json_decref(s);
    vstr_free(big);
}
END_TEST

START_TEST(test_control_chars_escaped)
{
    json_t *rec;
    char   *text;

    audit_txn_begin(txn);
    audit_txn_message_id(txn, "<a\nb\r\"c\">");
    rec = build(AUDIT_END_EOM);
    text = dump(rec);
    /* One record, one line: no raw newline may reach the file. */
    ck_assert_ptr_null(strchr(text, '\n'));
    ck_assert_ptr_null(strchr(text, '\r'));
    free(text);
    json_decref(rec);
}
END_TEST

START_TEST(test_patient_domain)
{
    AUDIT_TXN *t2 = audit_txn_create(key, "patient.test-mssante.fr");
    json_t *rec = json_object();
    char   *text;

    audit_txn_begin(t2);
    audit_txn_rcpt(t2, "285037728417346@patient.test-mssante.fr", 0);
    audit_txn_fill(t2, AUDIT_END_EOM, rec);
    text = dump(rec);
    ck_assert_ptr_null(strstr(text, "285037728417346"));
    ck_assert_ptr_nonnull(strstr(text, "hmac:" HMAC_285037728417346 "@patient.test-mssante.fr"));
    free(text);
    json_decref(rec);
    audit_txn_free(t2);
}
END_TEST

START_TEST(test_domain_change_and_every_string_scrubbed)
{
    json_t *rec;
    char   *text;
    AUDIT_TLS tls = {"TLSv1.3", "x", "CN=285037728417346", "CA", "OK", "dn"};

    /* Connection facts and strings from outside: INS-shaped tokens go. */
    audit_txn_connect(txn, "192.0.2.1", "h285037728417346.example");
    audit_txn_helo(txn, "285037728417346.example");
    audit_txn_tls(txn, &tls);
    audit_txn_begin(txn);
    audit_txn_auth(txn, "285037728417346");
    audit_txn_queue_id(txn, "QID");
    /* A reload changed PatientDomain: the next transaction uses it. */
    audit_txn_domain(txn, "patient.test.example");
    audit_txn_sender(txn, "<2850377284@Patient.Test.Example.>");
    audit_txn_rcpt(txn, "<\"dupont\"@patient.test.example>", 0);
    audit_txn_event(txn, "conversation.open", "x", "2850377284@patient.test.example, "
		    "INS 2850377284173");
    rec = build(AUDIT_END_EOM);
    text = dump(rec);
    ck_assert_ptr_null(strstr(text, "2850377284"));
    ck_assert_ptr_null(strstr(text, "dupont"));
    ck_assert_ptr_nonnull(strstr(text, "\"helo\":\"hmac:" HMAC_285037728417346 ".example\""));
    ck_assert_ptr_nonnull(strstr(text, "\"auth\":\"hmac:" HMAC_285037728417346 "\""));
    ck_assert_ptr_nonnull(strstr(text, "@patient.test.example\""));
    free(text);
    json_decref(rec);
    /* NULL or empty: no change. */
    audit_txn_domain(txn, 0);
    audit_txn_domain(txn, "");
    audit_txn_begin(txn);
    audit_txn_rcpt(txn, "<x@patient.test.example>", 0);
    rec = build(AUDIT_END_EOM);
    text = dump(rec);
    ck_assert_ptr_null(strstr(text, "\"x@"));
    free(text);
    json_decref(rec);
}
END_TEST

START_TEST(test_size_and_replace)
{
    json_t *rec;

    audit_txn_begin(txn);
    audit_txn_queue_id(txn, "A");
    audit_txn_queue_id(txn, "B");
    audit_txn_size(txn, ~0ULL);
    rec = build(AUDIT_END_EOM);
    ck_assert_str_eq(member(rec, "qid"), "B");
    ck_assert_int_gt(json_integer_value(json_object_get(rec, "size")), 0);
    json_decref(rec);
}
END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("audit_txn");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_full_record);
    tcase_add_test(tc, test_member_order);
    tcase_add_test(tc, test_null_txn_is_noop);
    tcase_add_test(tc, test_pending);
    tcase_add_test(tc, test_begin_keeps_connection);
    tcase_add_test(tc, test_subject_classes);
    tcase_add_test(tc, test_implied_all_refused);
    tcase_add_test(tc, test_implied_tempfail_only);
    tcase_add_test(tc, test_implied_some_accepted);
    tcase_add_test(tc, test_final_reply_scrubbed);
    tcase_add_test(tc, test_actions);
    tcase_add_test(tc, test_string_utf8);
    tcase_add_test(tc, test_string_cut);
    tcase_add_test(tc, test_control_chars_escaped);
    tcase_add_test(tc, test_patient_domain);
    tcase_add_test(tc, test_domain_change_and_every_string_scrubbed);
    tcase_add_test(tc, test_size_and_replace);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
