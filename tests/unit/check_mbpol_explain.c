/*++
/* NAME
/*	check_mbpol_explain 1
/* SUMMARY
/*	unit tests for mbpol_explain(3)
/* SYNOPSIS
/*	check_mbpol_explain
/* DESCRIPTION
/*	The explanation of a selection in text and in JSON: the query
/*	(sanitised), the selector chosen, why each other selector lost
/*	or did not apply, each setting with its origin, and each rule
/*	with its action, the action under mode monitor and "would".
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <jansson.h>

#include "vstr.h"
#include "conv.h"
#include "mbpol.h"

static VSTR *err;

/* setup - one error buffer per test */

static void setup(void)
{
    err = vstr_alloc(100);
}

/* teardown - release it */

static void teardown(void)
{
    vstr_free(err);
}

/* compile - parse a string with built-in base settings */

static MBPOL *compile(const char *json)
{
    return (mbpol_parse(json, strlen(json), 0, err));
}

/* query - a query */

static MBPOL_QUERY query(const char *sender, MBPOL_TYPE st,
			         const char *rcpt, MBPOL_TYPE rt, MBPOL_DIR dir)
{
    MBPOL_QUERY q;

    q.sender = sender;
    q.sender_type = st;
    q.recipient = rcpt;
    q.recipient_type = rt;
    q.dir = dir;
    return (q);
}

 /*
  * The precedence test policy of check_mbpol: one selector per level,
  * least specific first.
  */
static const char precedence_json[] =
"{\"mailboxes\": ["
" {\"name\": \"dir\", \"match\": {\"direction\": \"outbound\"}},"
" {\"name\": \"type\", \"match\": {\"sender_type\": \"APP\"}},"
" {\"name\": \"domain\", \"match\": {\"sender_domain\": \"ch.mssante.fr\"}},"
" {\"name\": \"type+domain\", \"match\": {\"sender_type\": [\"APP\", \"ORG\"],"
"   \"sender_domain\": \"ch.mssante.fr\"}},"
" {\"name\": \"address\", \"match\": {\"sender\": \"crh@ch.mssante.fr\","
"   \"direction\": \"outbound\"}},"
" {\"name\": \"address2\", \"match\": {\"sender\": [\"x@y.fr\", \"CRH@ch.mssante.fr\"]}},"
" {\"name\": \"rcpt\", \"match\": {\"recipient\": \"pharma@ph.mssante.fr\"}},"
" {\"name\": \"rcpt-type\", \"match\": {\"recipient_type\": \"ORG\","
"   \"direction\": \"inbound\"}}"
"]}";

 /*
  * Explanation.
  */
START_TEST(test_explain_text)
{
    MBPOL  *pol = compile(precedence_json);
    MBPOL_QUERY q = query("crh@ch.mssante.fr", MBPOL_TYPE_APP,
			  "1@patient.mssante.fr", MBPOL_TYPE_NONE,
			  MBPOL_DIR_OUTBOUND);
    VSTR   *out = vstr_alloc(100);
    const char *t;

    ck_assert_ptr_nonnull(pol);
    mbpol_explain_text(pol, &q, out);
    t = vstr_str(out);
    ck_assert_ptr_nonnull(strstr(t, "query: sender=<crh@ch.mssante.fr> (APP) "
				 "recipient=<1@patient.mssante.fr> (none) direction=outbound\n"));
    ck_assert_ptr_nonnull(strstr(t, "selected: /mailboxes/4 \"address\" (level address)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  /mailboxes/0 \"dir\" [direction]: applies, "
				 "but /mailboxes/4 is more specific (address)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  /mailboxes/4 \"address\" [address]: selected\n"));
    ck_assert_ptr_nonnull(strstr(t, "  /mailboxes/5 \"address2\" [address]: applies, "
				 "but /mailboxes/4 comes first at the same level\n"));
    ck_assert_ptr_nonnull(strstr(t, "  /mailboxes/6 \"rcpt\" [address]: no: recipient "
				 "1@patient.mssante.fr not listed\n"));
    ck_assert_ptr_nonnull(strstr(t, "  /mailboxes/7 \"rcpt-type\" [type]: no: direction outbound\n"));
    ck_assert_ptr_nonnull(strstr(t, "  /default [default]: not used\n"));
    ck_assert_ptr_nonnull(strstr(t, "  mode                 enforce (configuration)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  trust.rcpt_domain          reject   (built-in default)\n"));

    /* Outside data is sanitised. */
    q.sender = "a\r\nb@x\xc3\xa9";
    q.sender_type = MBPOL_TYPE_NONE;
    q.dir = MBPOL_DIR_INBOUND;
    mbpol_explain_text(pol, &q, out);
    ck_assert_ptr_nonnull(strstr(vstr_str(out), "sender=<a?" "?b@x?" "?> (none)"));
    ck_assert_ptr_nonnull(strstr(vstr_str(out), "selected: /default (level default)"));
    ck_assert_ptr_nonnull(strstr(vstr_str(out), "  /default [default]: selected (no selector applies)\n"));
    vstr_free(out);
    mbpol_free(pol);
}
END_TEST

START_TEST(test_explain_monitor)
{
    static const char json[] =
    "{\"mailboxes\": [{\"name\": \"rodage\", \"match\": {\"recipient_type\": \"ORG\"},"
    " \"mode\": \"monitor\", \"max_size\": \"1k\", \"allowed_senders\": {\"professionals\": true},"
    " \"reply_to\": {\"domains\": \"a.fr\"},"
    " \"rules\": {\"doc.x_mss_nil\": \"reject\", \"ins.key\": \"warn\", \"conv.closed\": \"monitor\"}}]}";
    MBPOL  *pol = compile(json);
    MBPOL_QUERY q = query("1@patient.mssante.fr", MBPOL_TYPE_NONE,
			  "svc@ch.mssante.fr", MBPOL_TYPE_ORG, MBPOL_DIR_INBOUND);
    VSTR   *out = vstr_alloc(100);
    const char *t;
    json_t *root, *rules, *item, *settings;
    json_error_t jerr;
    size_t  i;
    int     seen = 0;

    ck_assert_msg(pol != 0, "%s", vstr_str(err));
    mbpol_explain_text(pol, &q, out);
    t = vstr_str(out);
    ck_assert_ptr_nonnull(strstr(t, "  mode                 monitor (/mailboxes/0/mode)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  max_size             1024 bytes (/mailboxes/0/max_size)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  allowed_senders      professionals (/mailboxes/0/allowed_senders)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  reply_to             only to domains a.fr (/mailboxes/0/reply_to)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  doc.x_mss_nil              monitor  (would reject; /mailboxes/0/mode)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  ins.key                    warn     (/mailboxes/0/rules/ins.key)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  conv.closed                monitor  (would reject; /mailboxes/0/rules/conv.closed)\n"));
    ck_assert_ptr_nonnull(strstr(t, "  dir.error                  monitor  (would tempfail; /mailboxes/0/mode)\n"));

    mbpol_explain_json(pol, &q, out);
    root = json_loads(vstr_str(out), 0, &jerr);
    ck_assert_msg(root != 0, "%s", jerr.text);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "selected"), "path")),
		     "/mailboxes/0");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "selected"), "level")),
		     "type");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "query"), "recipient_type")),
		     "ORG");
    ck_assert(json_is_true(json_object_get(json_array_get(json_object_get(root, "candidates"), 0),
					   "selected")));
    settings = json_object_get(root, "settings");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(settings, "max_size"), "value")), 1024);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(settings, "mode"), "from")),
		     "/mailboxes/0/mode");
    ck_assert(json_is_null(json_object_get(json_object_get(settings, "patient_replies"), "value")));
    ck_assert(json_is_false(json_object_get(json_object_get(json_object_get(settings, "allowed_senders"),
							    "value"), "patients")));
    ck_assert(json_is_object(json_object_get(json_object_get(settings, "reply_to"), "value")));
    rules = json_object_get(root, "rules");
    json_array_foreach(rules, i, item) {
	if (strcmp(json_string_value(json_object_get(item, "id")), "doc.x_mss_nil") == 0) {
	    ck_assert_str_eq(json_string_value(json_object_get(item, "set")), "reject");
	    ck_assert_str_eq(json_string_value(json_object_get(item, "action")), "monitor");
	    ck_assert_str_eq(json_string_value(json_object_get(item, "would")), "reject");
	    seen++;
	}
	if (strcmp(json_string_value(json_object_get(item, "id")), "ins.key") == 0) {
	    ck_assert_ptr_null(json_object_get(item, "would"));
	    seen++;
	}
    }
    ck_assert_int_eq(seen, 2);
    json_decref(root);

    /* The default section in JSON. */
    q.recipient_type = MBPOL_TYPE_PER;
    mbpol_explain_json(pol, &q, out);
    root = json_loads(vstr_str(out), 0, &jerr);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "selected"), "path")),
		     "/default");
    ck_assert(json_is_false(json_object_get(json_array_get(json_object_get(root, "candidates"), 0),
					    "applies")));
    ck_assert(json_is_null(json_object_get(json_object_get(json_object_get(root, "settings"),
						       "allowed_senders"), "value")));
    ck_assert(json_is_true(json_object_get(json_object_get(json_object_get(root, "settings"),
						       "reply_to"), "value")));
    json_decref(root);
    vstr_free(out);
    mbpol_free(pol);
}
END_TEST

/* mbpol_explain_suite - all tests */

static Suite *mbpol_explain_suite(void)
{
    Suite  *s = suite_create("mbpol_explain");
    TCase  *tc;

    tc = tcase_create("explain");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_explain_text);
    tcase_add_test(tc, test_explain_monitor);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(mbpol_explain_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
