/*++
/* NAME
/*	check_conv_in 1
/* SUMMARY
/*	unit tests for conv(3): inbound messages
/* SYNOPSIS
/*	check_conv_in
/* DESCRIPTION
/*	Every transition of the conversation state machine on inbound
/*	messages: open, absent and closed conversations, read receipts
/*	(reports) from patients, monitor mode, unavailable states,
/*	expiry, the pharmacy exception; manual closing; and idempotence
/*	over every combination of state and facts, in both directions.
/*	Outbound messages are in check_conv.
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "vstr.h"
#include "verdict.h"
#include "subject.h"
#include "conv.h"
#include "conv_util.h"

static CONV_CONFIG cfg;

/* setup - default configuration */

static void setup(void)
{
    conv_config_init(&cfg);
}

 /*
  * Inbound.
  */
START_TEST(test_in_open)
{
    CONV_STATE st = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r;

    ck_assert_int_eq(conv_inbound(&cfg, &st, &f, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_REFRESHED);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_ptr_null(r.rule);
    ck_assert_int_eq(r.state.last_activity, T1);
    ck_assert_int_eq(r.write, 1);
}
END_TEST

START_TEST(test_in_absent)
{
    CONV_STATE st = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r;

    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_REFUSED);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_int_eq(r.would, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, rule_id(RULE_CONV_NOT_OPENED));
    ck_assert_int_eq(r.state.status, CONV_ABSENT);
    ck_assert_int_eq(r.write, 0);
}
END_TEST

START_TEST(test_in_closed)
{
    CONV_STATE st = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    CONV_IN f = {0};
    CONV_RESULT r;
    VSTR   *d = vstr_alloc(100);

    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, rule_id(RULE_CONV_CLOSED));
    ck_assert_int_eq(r.write, 0);
    conv_detail(&r, VERDICT_LANG_FR, d);
    ck_assert_str_eq(vstr_str(d),
		     "conversation close le 2023-11-14 22:13 UTC par un objet [FIN]");
    conv_detail(&r, VERDICT_LANG_EN, d);
    ck_assert_str_eq(vstr_str(d),
		     "conversation closed on 2023-11-14 22:13 UTC by a [FIN] subject");
    vstr_free(d);
}
END_TEST

START_TEST(test_in_report_closed)
{
    CONV_STATE st = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    CONV_IN f = {0};
    CONV_RESULT r, e;

    /* At RCPT TO: a closed conversation's refusal waits for the body. */
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(conv_inbound_wait(&r));
    /* A read receipt: accepted, the conversation stays closed. */
    conv_inbound_eom(&st, &r, 1, &e);
    ck_assert_int_eq(e.action, VERDICT_CONTINUE);
    ck_assert_int_eq(e.would, VERDICT_CONTINUE);
    ck_assert_ptr_null(e.rule);
    ck_assert_int_eq(e.write, 0);
    ck_assert_int_eq(e.events, 0);
    ck_assert(conv_state_equal(&e.state, &st));
    /* Ordinary mail: the refusal of RCPT TO, now at end of message. */
    conv_inbound_eom(&st, &r, 0, &e);
    ck_assert_int_eq(e.action, VERDICT_REJECT);
    ck_assert_str_eq(e.rule, rule_id(RULE_CONV_CLOSED));
    ck_assert_int_eq(e.write, 0);
    /* Monitor: delivered, would refuse. */
    cfg.inbound = CONV_CHECK_MONITOR;
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(conv_inbound_wait(&r));
    conv_inbound_eom(&st, &r, 0, &e);
    ck_assert_int_eq(e.action, VERDICT_CONTINUE);
    ck_assert_int_eq(e.would, VERDICT_REJECT);
    ck_assert_str_eq(e.rule, rule_id(RULE_CONV_CLOSED));
    conv_inbound_eom(&st, &r, 1, &e);
    ck_assert_int_eq(e.would, VERDICT_CONTINUE);
    ck_assert_ptr_null(e.rule);
}
END_TEST

START_TEST(test_in_report_absent)
{
    CONV_STATE st = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r, e;

    /* Never wrote to the patient: refused at RCPT TO, report or not. */
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(!conv_inbound_wait(&r));
    conv_inbound_eom(&st, &r, 1, &e);
    ck_assert_int_eq(e.action, VERDICT_REJECT);
    ck_assert_str_eq(e.rule, rule_id(RULE_CONV_NOT_OPENED));
    ck_assert_int_eq(e.write, 0);
    /* A pharmacy: the receipt is accepted and opens nothing. */
    f.rcpt_pharmacy = 1;
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.write, 1);
    conv_inbound_eom(&st, &r, 1, &e);
    ck_assert_int_eq(e.action, VERDICT_CONTINUE);
    ck_assert_int_eq(e.write, 0);
    ck_assert_int_eq(e.state.status, CONV_ABSENT);
}
END_TEST

START_TEST(test_in_report_open)
{
    CONV_STATE st = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r, e;

    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(!conv_inbound_wait(&r));
    ck_assert_int_eq(r.write, 1);
    /* A read receipt does not refresh the last activity. */
    conv_inbound_eom(&st, &r, 1, &e);
    ck_assert_int_eq(e.action, VERDICT_CONTINUE);
    ck_assert_int_eq(e.write, 0);
    ck_assert_int_eq(e.events, 0);
    ck_assert_int_eq(e.state.last_activity, T0);
    /* A reply does. */
    conv_inbound_eom(&st, &r, 0, &e);
    ck_assert_int_eq(e.write, 1);
    ck_assert_int_eq(e.state.last_activity, T1);
    ck_assert_int_eq(e.events, CONV_EV_REFRESHED);
    /* Expired meanwhile: closed (written at RCPT TO), the receipt accepted. */
    cfg.expire = 7 * DAY;
    conv_inbound(&cfg, &st, &f, T0 + 8 * DAY, &r);
    ck_assert(conv_inbound_wait(&r));
    conv_inbound_eom(&r.state, &r, 1, &e);
    ck_assert_int_eq(e.action, VERDICT_CONTINUE);
    ck_assert_int_eq(e.write, 0);
    /* Check off: nothing to wait for. */
    cfg.expire = 0;
    cfg.inbound = CONV_CHECK_OFF;
    st = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(!conv_inbound_wait(&r));
}
END_TEST

START_TEST(test_in_monitor_off)
{
    CONV_STATE st = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_HEADER);
    CONV_IN f = {0};
    CONV_RESULT r;

    cfg.inbound = CONV_CHECK_MONITOR;
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.would, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, rule_id(RULE_CONV_CLOSED));
    ck_assert_int_eq(r.events, CONV_EV_REFUSED);
    ck_assert_int_eq(r.write, 0);

    cfg.inbound = CONV_CHECK_OFF;
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.would, VERDICT_CONTINUE);
    ck_assert_ptr_null(r.rule);
    ck_assert_int_eq(r.events, 0);

    /* Off does not need the state. */
    st.status = CONV_UNAVAILABLE;
    ck_assert_int_eq(conv_inbound(&cfg, &st, &f, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_UNAVAILABLE);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_in_unavailable)
{
    CONV_STATE st = conv_util_state(CONV_UNAVAILABLE, 0, 0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r;

    ck_assert_int_eq(conv_inbound(&cfg, &st, &f, T1, &r),
		     CONV_STATE_UNAVAILABLE);
    ck_assert_int_eq(r.events, CONV_EV_UNAVAILABLE);
    ck_assert_str_eq(r.rule, "dir.error");
    ck_assert_int_eq(r.action, VERDICT_TEMPFAIL);
    ck_assert_int_eq(r.write, 0);
}
END_TEST

START_TEST(test_in_expired)
{
    CONV_STATE st = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r, r2;

    cfg.expire = 7 * DAY;
    conv_inbound(&cfg, &st, &f, T0 + 6 * DAY, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    conv_inbound(&cfg, &st, &f, T0 + 8 * DAY, &r);
    ck_assert_int_eq(r.events, CONV_EV_EXPIRED | CONV_EV_CLOSED | CONV_EV_REFUSED);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, rule_id(RULE_CONV_CLOSED));
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_EXPIRED);
    ck_assert_int_eq(r.state.closed_at, T0 + 7 * DAY);
    ck_assert_int_eq(r.write, 1);
    /* A later replay writes the same closing time. */
    conv_inbound(&cfg, &st, &f, T0 + 9 * DAY, &r2);
    ck_assert(conv_state_equal(&r.state, &r2.state));
    conv_inbound(&cfg, &r.state, &f, T0 + 9 * DAY, &r2);
    ck_assert_int_eq(r2.write, 0);
    /* The last activity counts, not the opening. */
    st.last_activity = T0 + 5 * DAY;
    conv_inbound(&cfg, &st, &f, T0 + 8 * DAY, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_pharmacy)
{
    CONV_STATE st = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_IN f = {1};
    CONV_OUT o = conv_util_out_facts();
    CONV_RESULT r;

    /* The patient may start. */
    ck_assert_int_eq(conv_inbound(&cfg, &st, &f, T0, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_OPENED);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.state.status, CONV_OPEN);
    st = r.state;
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_REFRESHED);
    st = r.state;
    /* The pharmacy closes it with [FIN]. */
    o.subject = SUBJ_FIN;
    conv_outbound(&cfg, &st, &o, T1 + 10, &r);
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
    st = r.state;
    /* The patient may open a new one. */
    conv_inbound(&cfg, &st, &f, T1 + 20, &r);
    ck_assert_int_eq(r.events, CONV_EV_OPENED);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.state.opened_at, T1 + 20);
    ck_assert_int_eq(r.state.closed_at, 0);
    /* The same closed conversation refuses a non-pharmacy. */
    f.rcpt_pharmacy = 0;
    conv_inbound(&cfg, &st, &f, T1 + 20, &r);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    /* A pharmacy does not need the state. */
    f.rcpt_pharmacy = 1;
    st.status = CONV_UNAVAILABLE;
    ck_assert_int_eq(conv_inbound(&cfg, &st, &f, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_UNAVAILABLE);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.write, 0);
    /* Expired pharmacy conversation: a new one. */
    cfg.expire = DAY;
    st = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    conv_inbound(&cfg, &st, &f, T0 + 2 * DAY, &r);
    ck_assert_int_eq(r.events, CONV_EV_OPENED | CONV_EV_EXPIRED);
}
END_TEST

START_TEST(test_close_manual)
{
    CONV_STATE st = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_RESULT r;

    ck_assert_int_eq(conv_close(&st, CONV_HOW_MANUAL, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_CLOSED);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_MANUAL);
    ck_assert_int_eq(r.state.closed_at, T1);
    ck_assert_int_eq(r.write, 1);
    conv_close(&st, CONV_HOW_NONE, T1, &r);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_MANUAL);
    st = r.state;
    conv_close(&st, CONV_HOW_EXPIRED, T1 + 5, &r);
    ck_assert_int_eq(r.events, 0);
    ck_assert_int_eq(r.write, 0);
    st.status = CONV_ABSENT;
    conv_close(&st, CONV_HOW_MANUAL, T1, &r);
    ck_assert_int_eq(r.write, 0);
    st.status = CONV_UNAVAILABLE;
    ck_assert_int_eq(conv_close(&st, CONV_HOW_MANUAL, T1, &r),
		     CONV_STATE_UNAVAILABLE);
}
END_TEST

 /*
  * Idempotence: for every state, facts and configuration, applying the
  * same message twice at the same time gives the first result, and the
  * second application writes nothing.
  */
START_TEST(test_idempotence)
{
    static const SUBJ_CLASS subj[] = {SUBJ_NONE, SUBJ_FIN, SUBJ_NEAR_CASE,
    SUBJ_NEAR_PREFIX};
    CONV_STATE states[5];
    size_t  s, a, b, h, app, rep, mode, ph, exp;
    CONV_RESULT r1, r2;
    int     checked = 0;

    states[0] = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    states[1] = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    states[2] = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    states[3] = conv_util_state(CONV_OPEN, T0 - 40 * DAY, T0 - 40 * DAY, 0, 0);
    states[4] = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_EXPIRED);
    for (exp = 0; exp < 2; exp++) {
	cfg.expire = exp ? 30 * DAY : 0;
	for (mode = 0; mode < CONV_NEAR_MODE_COUNT; mode++) {
	    cfg.near_miss = (CONV_NEAR_MODE) mode;
	    for (s = 0; s < 5; s++) {
		for (a = 0; a < 4; a++) for (b = 0; b < 4; b++)
		    for (h = 0; h < 2; h++) for (app = 0; app < 2; app++)
			for (rep = 0; rep < 3; rep++) {
			    CONV_OUT f = conv_util_out_facts();

			    f.subject = subj[a];
			    f.mes = subj[b];
			    f.has_mes = (int) h;
			    f.sender_app = (int) app;
			    f.replies = (CONV_REPLIES) rep;
			    conv_outbound(&cfg, states + s, &f, T1, &r1);
			    conv_outbound(&cfg, &r1.state, &f, T1, &r2);
			    ck_assert(conv_state_equal(&r1.state, &r2.state));
			    ck_assert_int_eq(r2.write, 0);
			    ck_assert_int_eq(r1.action, r2.action);
			    checked++;
			}
		for (ph = 0; ph < 2; ph++) {
		    CONV_IN f = {(int) ph};

		    conv_inbound(&cfg, states + s, &f, T1, &r1);
		    conv_inbound(&cfg, &r1.state, &f, T1, &r2);
		    ck_assert(conv_state_equal(&r1.state, &r2.state));
		    ck_assert_int_eq(r2.write, 0);
		    ck_assert_int_eq(r1.action, r2.action);
		    checked++;
		}
	    }
	}
    }
    ck_assert_int_gt(checked, 5000);
}
END_TEST

/* conv_suite - inbound, manual closing, idempotence */

static Suite *conv_suite(void)
{
    Suite  *s = suite_create("conv_in");
    TCase  *tc;

    tc = tcase_create("inbound");
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_in_open);
    tcase_add_test(tc, test_in_absent);
    tcase_add_test(tc, test_in_closed);
    tcase_add_test(tc, test_in_report_closed);
    tcase_add_test(tc, test_in_report_absent);
    tcase_add_test(tc, test_in_report_open);
    tcase_add_test(tc, test_in_monitor_off);
    tcase_add_test(tc, test_in_unavailable);
    tcase_add_test(tc, test_in_expired);
    tcase_add_test(tc, test_pharmacy);
    tcase_add_test(tc, test_close_manual);
    tcase_add_test(tc, test_idempotence);
    suite_add_tcase(s, tc);

    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(conv_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
