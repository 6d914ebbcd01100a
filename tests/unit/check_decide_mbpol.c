/*++
/* NAME
/*	check_decide_mbpol 1
/* SUMMARY
/*	unit tests: per-mailbox rule actions in decide(3), the mbpol rules in rule(3)
/* SYNOPSIS
/*	check_decide_mbpol
/* DESCRIPTION
/*	decide_finish() applies the action that msg->mbpol sets for a
/*	rule (accept, warn, reject, tempfail, monitor) and its mode;
/*	decide_other() refuses a recipient or the message and counts it;
/*	the mbpol.* rows live in the shared rule table.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "trust.h"
#include "verdict.h"
#include "decide.h"
#include "mbpol.h"

static TRUST *trust;
static DECIDE_POLICY pol;
static DECIDE_CONN conn;
static DECIDE_MSG msg;
static VERDICT v;
static MBPOL_SETTINGS set;

/* setup - a trust space, a policy, a transaction, empty settings */

static void setup(void)
{
    TRUST_BUILDER *bp = trust_builder_create(4);

    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr", ""), 0);
    ck_assert_int_eq(trust_builder_add(bp, "patient.mssante.fr", ""), 0);
    trust = trust_builder_finish(bp);
    memset(&pol, 0, sizeof(pol));
    pol.patient_domain = "patient.mssante.fr";
    pol.peer_action = DECIDE_PEER_OFF;
    pol.on_dir_error = VERDICT_TEMPFAIL;
    pol.on_internal_error = VERDICT_TEMPFAIL;
    decide_conn_init(&conn);
    conn.internal = 1;
    decide_msg_init(&msg, &conn);
    verdict_init(&v);
    mbpol_settings_init(&set);
    msg.mbpol = &set;
    ck_assert_int_eq(decide_mail(&pol, trust, &msg, "<a@medecin.mssante.fr>", 0, &v),
		     VERDICT_CONTINUE);
}

static void teardown(void)
{
    mbpol_settings_free(&set);
    verdict_free(&v);
    decide_msg_free(&msg);
    decide_conn_free(&conn);
    trust_free(trust);
}

START_TEST(test_unset_keeps_default)
{
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.example>", &v),
		     VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.rcpt_domain");
    ck_assert_str_eq(v.rcode, "550");
}
END_TEST

START_TEST(test_accept_drops_rule)
{
    ck_assert_int_eq(mbpol_settings_rule(&set, "trust.rcpt_domain", MBPOL_ACT_ACCEPT), 0);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.example>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.rule_count, 0);
    ck_assert_int_eq(msg.accepted, 1);
}
END_TEST

START_TEST(test_warn_notes_rule)
{
    ck_assert_int_eq(mbpol_settings_rule(&set, "trust.rcpt_domain", MBPOL_ACT_WARN), 0);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.example>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.rule_count, 1);
    ck_assert_int_eq(msg.would, VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_tempfail_codes)
{
    ck_assert_int_eq(mbpol_settings_rule(&set, "trust.rcpt_domain", MBPOL_ACT_TEMPFAIL), 0);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.example>", &v),
		     VERDICT_TEMPFAIL);
    ck_assert_str_eq(v.rcode, "451");
    ck_assert_str_eq(v.xcode, "4.7.1");
}
END_TEST

START_TEST(test_monitor_rule)
{
    ck_assert_int_eq(mbpol_settings_rule(&set, "trust.rcpt_domain", MBPOL_ACT_MONITOR), 0);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.example>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.rcpt_domain");
}
END_TEST

START_TEST(test_mode_monitor_and_enforce)
{
    /* The mailbox's mode replaces the configuration's, both ways. */
    set.monitor = 1;
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.example>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    set.monitor = 0;
    pol.monitor = 1;
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<y@gmail.example>", &v),
		     VERDICT_REJECT);
    /* Mode monitor turns even an explicit reject into monitor. */
    set.monitor = 1;
    ck_assert_int_eq(mbpol_settings_rule(&set, "trust.rcpt_domain", MBPOL_ACT_REJECT), 0);
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<z@gmail.example>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(mbpol_effective_action(&set, "trust.rcpt_domain", 0),
		     MBPOL_ACT_MONITOR);
}
END_TEST

START_TEST(test_other_rcpt)
{
    RULE_VARS vars = {"<b@medecin.mssante.fr>", 0, "destinataires autorises: patients"};

    ck_assert_int_eq(decide_other(&pol, &msg, 1, VERDICT_REJECT, "mbpol.rcpt_class",
				  &vars, &v), VERDICT_REJECT);
    ck_assert_str_eq(v.rcode, "550");
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "destinataires autorises: patients"));
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "[regle mbpol.rcpt_class]"));
    ck_assert_int_eq(msg.rcpts, 1);
    ck_assert_int_eq(msg.rejected, 1);
    ck_assert_int_eq(msg.rcpt_worst, VERDICT_REJECT);
    ck_assert_int_eq(msg.action, VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_other_message_monitor)
{
    RULE_VARS vars = {"<a@medecin.mssante.fr>", 0, 0};

    set.monitor = 1;
    ck_assert_int_eq(decide_other(&pol, &msg, 0, VERDICT_REJECT, "mbpol.nil_required",
				  &vars, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    ck_assert_int_eq(msg.rcpts, 0);
    set.monitor = 0;
    ck_assert_int_eq(decide_other(&pol, &msg, 0, VERDICT_REJECT, "mbpol.max_size",
				  &vars, &v), VERDICT_REJECT);
    ck_assert_str_eq(v.rcode, "552");
    ck_assert_int_eq(msg.action, VERDICT_REJECT);
}
END_TEST

/* test_monitor_other - a module's own monitor setting (ConversationCheck) */

START_TEST(test_monitor_other)
{
    RULE_VARS vars = {"<285037728417346@patient.mssante.fr>", 0, "pas de conversation"};

    /* Enforce mode, no per-mailbox override: recorded, never refused. */
    msg.mbpol = 0;
    ck_assert_int_eq(decide_monitor(&pol, &msg, 1, VERDICT_REJECT, "conv.not_opened",
				    &vars, &v), VERDICT_CONTINUE);
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    ck_assert_int_eq(msg.rejected, 0);
    ck_assert_int_eq(msg.rcpt_worst, VERDICT_CONTINUE);
    /* A per-mailbox reject for the rule still applies. */
    msg.mbpol = &set;
    ck_assert_int_eq(mbpol_settings_rule(&set, "conv.not_opened", MBPOL_ACT_REJECT), 0);
    ck_assert_int_eq(decide_monitor(&pol, &msg, 1, VERDICT_REJECT, "conv.not_opened",
				    &vars, &v), VERDICT_REJECT);
    ck_assert_str_eq(v.rcode, "550");
    ck_assert_int_eq(msg.rejected, 1);
}
END_TEST

START_TEST(test_no_settings)
{
    msg.mbpol = 0;
    pol.monitor = 1;
    ck_assert_int_eq(decide_rcpt(&pol, trust, &msg, "<x@gmail.example>", &v),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
}
END_TEST

/* message_rule - a rule on the whole message under settings a then b */

static VERDICT_ACTION message_rule(const MBPOL_SETTINGS *a, const MBPOL_SETTINGS *b)
{
    const MBPOL_SETTINGS *all[2];
    RULE_VARS vars;

    all[0] = a;
    all[1] = b;
    memset(&vars, 0, sizeof(vars));
    msg.mbpol = 0;
    msg.mbpol_all = all;
    msg.mbpol_count = 2;
    return (decide_other(&pol, &msg, 0, VERDICT_REJECT, "trust.header_from",
			 &vars, &v));
}

START_TEST(test_message_strictest)
{
    MBPOL_SETTINGS mon, lax;

    /* One mailbox in monitor, one enforcing: refused, in either order. */
    mbpol_settings_init(&mon);
    mbpol_settings_init(&lax);
    mon.monitor = 1;
    ck_assert_int_eq(message_rule(&mon, &set), VERDICT_REJECT);
    ck_assert_int_eq(message_rule(&set, &mon), VERDICT_REJECT);
    /* A mailbox that drops the rule does not relax the other's default. */
    ck_assert_int_eq(mbpol_settings_rule(&lax, "trust.header_from", MBPOL_ACT_ACCEPT), 0);
    ck_assert_int_eq(message_rule(&lax, &set), VERDICT_REJECT);
    ck_assert_int_eq(message_rule(&set, &lax), VERDICT_REJECT);
    /* Both lenient: the strictest of accept and warn, warn. */
    ck_assert_int_eq(mbpol_settings_rule(&set, "trust.header_from", MBPOL_ACT_WARN), 0);
    ck_assert_int_eq(message_rule(&lax, &set), VERDICT_CONTINUE);
    ck_assert_ptr_null(v.rule);
    ck_assert_int_eq(mbpol_message_action((const MBPOL_SETTINGS *const[]) {&lax, &set},
					  2, "trust.header_from", 0), MBPOL_ACT_WARN);
    /* Monitor only when every mailbox is. */
    ck_assert_int_eq(message_rule(&mon, &mon), VERDICT_CONTINUE);
    ck_assert_str_eq(v.rule, "trust.header_from");
    ck_assert_int_eq(msg.would, VERDICT_REJECT);
    mbpol_settings_free(&mon);
    mbpol_settings_free(&lax);
    msg.mbpol_count = 0;
}
END_TEST

START_TEST(test_rule_table_block)
{
    size_t  n, all, i;
    const RULE_INFO *t = mbpol_rule_table(&n);
    const RULE_INFO *r = rule_table(&all);

    ck_assert_uint_eq(n, 7);
    ck_assert(t >= r && t + n <= r + all);
    for (i = 0; i < n; i++) {
	ck_assert_ptr_eq(rule_find(t[i].id), t + i);
	ck_assert_ptr_eq(mbpol_rule_find(t[i].id), t + i);
	ck_assert_int_eq(mbpol_builtin_action(t[i].id), MBPOL_ACT_REJECT);
    }
    ck_assert_ptr_null(mbpol_rule_find("trust.rcpt_domain"));
    ck_assert_ptr_null(mbpol_rule_find("mbpol.nothing"));
    ck_assert_str_eq(rule_find("mbpol.max_rcpts")->temp_rcode, "452");
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("decide_mbpol");
    TCase  *tc = tcase_create("actions");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unset_keeps_default);
    tcase_add_test(tc, test_accept_drops_rule);
    tcase_add_test(tc, test_warn_notes_rule);
    tcase_add_test(tc, test_tempfail_codes);
    tcase_add_test(tc, test_monitor_rule);
    tcase_add_test(tc, test_mode_monitor_and_enforce);
    tcase_add_test(tc, test_other_rcpt);
    tcase_add_test(tc, test_other_message_monitor);
    tcase_add_test(tc, test_monitor_other);
    tcase_add_test(tc, test_no_settings);
    tcase_add_test(tc, test_message_strictest);
    tcase_add_test(tc, test_rule_table_block);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
