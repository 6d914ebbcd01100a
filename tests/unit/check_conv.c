/*++
/* NAME
/*	check_conv 1
/* SUMMARY
/*	unit tests for conv(3): outbound messages
/* SYNOPSIS
/*	check_conv
/* DESCRIPTION
/*	Every transition of the conversation state machine on outbound
/*	messages: opening, refreshing, closing by Subject and by
/*	X-MSS-MES, reopening, expiry, unavailable states, near misses
/*	under warn, fix and reject, the FIN header of APP mailboxes and
/*	its exceptions, the per-mailbox replies policy and Reply-To
/*	redirection. Inbound messages, manual closing and idempotence
/*	are in check_conv_in; names, texts and directory values in
/*	check_conv_store.
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
  * Outbound transitions.
  */
START_TEST(test_out_open_absent)
{
    CONV_STATE in = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T0, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_OPENED);
    ck_assert_int_eq(r.state.status, CONV_OPEN);
    ck_assert_int_eq(r.state.opened_at, T0);
    ck_assert_int_eq(r.state.last_activity, T0);
    ck_assert_int_eq(r.state.closed_at, 0);
    ck_assert_int_eq(r.write, 1);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_ptr_null(r.rule);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
    ck_assert_int_eq(r.tag, 0);
}
END_TEST

START_TEST(test_out_refresh_open)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_REFRESHED);
    ck_assert_int_eq(r.state.status, CONV_OPEN);
    ck_assert_int_eq(r.state.opened_at, T0);
    ck_assert_int_eq(r.state.last_activity, T1);
    ck_assert_int_eq(r.write, 1);
}
END_TEST

START_TEST(test_out_reopen_closed)
{
    CONV_STATE in = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_OPENED);
    ck_assert_int_eq(r.state.status, CONV_OPEN);
    ck_assert_int_eq(r.state.opened_at, T1);
    ck_assert_int_eq(r.state.closed_at, 0);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_NONE);
}
END_TEST

START_TEST(test_out_close_subject)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    f.subject = SUBJ_FIN;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_CLOSED);
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
    ck_assert_int_eq(r.state.opened_at, T0);
    ck_assert_int_eq(r.state.closed_at, T1);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_SUBJECT);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_out_close_header)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    f.has_mes = 1;
    f.mes = SUBJ_FIN;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_CLOSED);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_HEADER);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
}
END_TEST

START_TEST(test_out_fin_first_message)
{
    CONV_STATE in = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    f.subject = SUBJ_FIN;
    conv_outbound(&cfg, &in, &f, T0, &r);
    ck_assert_int_eq(r.events, CONV_EV_OPENED | CONV_EV_CLOSED);
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
    ck_assert_int_eq(r.state.opened_at, T0);
    ck_assert_int_eq(r.state.closed_at, T0);
}
END_TEST

START_TEST(test_out_fin_already_closed)
{
    CONV_STATE in = conv_util_state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    f.has_mes = 1;
    f.mes = SUBJ_FIN;
    conv_outbound(&cfg, &in, &f, T1, &r);
    /* Still closed, first closing kept; only the activity moves. */
    ck_assert_int_eq(r.events, 0);
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
    ck_assert_int_eq(r.state.closed_at, T0);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_SUBJECT);
    ck_assert_int_eq(r.state.last_activity, T1);
}
END_TEST

START_TEST(test_out_expired_reopens)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    cfg.expire = 30 * DAY;
    conv_outbound(&cfg, &in, &f, T0 + 31 * DAY, &r);
    ck_assert_int_eq(r.events, CONV_EV_OPENED | CONV_EV_EXPIRED);
    ck_assert_int_eq(r.state.opened_at, T0 + 31 * DAY);
    conv_outbound(&cfg, &in, &f, T0 + 29 * DAY, &r);
    ck_assert_int_eq(r.events, CONV_EV_REFRESHED);
}
END_TEST

START_TEST(test_out_clock_backwards)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T1, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    conv_outbound(&cfg, &in, &f, T0, &r);
    ck_assert_int_eq(r.state.last_activity, T1);
    ck_assert_int_eq(r.write, 0);
}
END_TEST

START_TEST(test_out_unavailable)
{
    CONV_STATE in = conv_util_state(CONV_UNAVAILABLE, 0, 0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T0, &r),
		     CONV_STATE_UNAVAILABLE);
    ck_assert_int_eq(r.events, CONV_EV_UNAVAILABLE);
    ck_assert_int_eq(r.state.status, CONV_UNAVAILABLE);
    ck_assert_int_eq(r.write, 0);
    ck_assert_str_eq(r.rule, "dir.error");
    ck_assert_int_eq(r.action, VERDICT_TEMPFAIL);

    /* The header edit is still known: it does not depend on the state. */
    f.sender_app = 1;
    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T0, &r),
		     CONV_STATE_UNAVAILABLE);
    ck_assert_int_eq(r.mes_edit, CONV_MES_ADD);

    /* An out-of-range status is not a state either. */
    in.status = (CONV_STATUS) 42;
    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T0, &r),
		     CONV_STATE_UNAVAILABLE);
}
END_TEST

 /*
  * Near misses.
  */
START_TEST(test_near_warn)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    f.subject = SUBJ_NEAR_PREFIX;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_NEAR_MISS | CONV_EV_REFRESHED);
    ck_assert_int_eq(r.state.status, CONV_OPEN);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.tag, 1);
    ck_assert_str_eq(r.rule, rule_id(RULE_CONV_NEAR_MISS_FIN));
    ck_assert_int_eq(r.near, SUBJ_NEAR_PREFIX);
    ck_assert_int_eq(r.near_in_mes, 0);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
}
END_TEST

START_TEST(test_near_fix)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    cfg.near_miss = CONV_NEAR_FIX;
    f.subject = SUBJ_NEAR_CASE;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_NEAR_MISS | CONV_EV_FIN_SET
		     | CONV_EV_CLOSED);
    ck_assert_int_eq(r.mes_edit, CONV_MES_ADD);
    ck_assert_str_eq(r.fin_reason, "near_miss_fix");
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_HEADER);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.tag, 0);

    /* A near-miss X-MSS-MES value is changed, not doubled. */
    f.subject = SUBJ_NONE;
    f.has_mes = 1;
    f.mes = SUBJ_NEAR_CASE;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.mes_edit, CONV_MES_CHANGE);
    ck_assert_int_eq(r.near_in_mes, 1);
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
}
END_TEST

START_TEST(test_near_reject)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    cfg.near_miss = CONV_NEAR_REJECT;
    f.subject = SUBJ_NEAR_BLANKS;
    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_NEAR_MISS | CONV_EV_REFUSED);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, rule_id(RULE_CONV_NEAR_MISS_FIN));
    ck_assert_int_eq(r.write, 0);
    ck_assert(conv_state_equal(&r.state, &in));

    /* Refused whatever the directory says. */
    in.status = CONV_UNAVAILABLE;
    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
}
END_TEST

START_TEST(test_near_in_mes_and_exact)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    cfg.near_miss = CONV_NEAR_REJECT;
    /* Exact Subject, near-miss header: it closes, no near miss. */
    f.subject = SUBJ_FIN;
    f.has_mes = 1;
    f.mes = SUBJ_NEAR_CASE;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_CLOSED);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_SUBJECT);

    /* Near-miss Subject, exact header: closes by the header. */
    f.subject = SUBJ_NEAR_TRAILING_TEXT;
    f.mes = SUBJ_FIN;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_CLOSED);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_HEADER);

    /* Near miss in the header only. */
    f.subject = SUBJ_NONE;
    f.mes = SUBJ_NEAR_TRAILING_TEXT;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_int_eq(r.near_in_mes, 1);

    /* A header value seen only when the header is present. */
    f.has_mes = 0;
    f.mes = SUBJ_FIN;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_REFRESHED);
}
END_TEST

 /*
  * Replies: APP mailboxes, the exception list, the per-mailbox policy.
  */
START_TEST(test_app_fin_added)
{
    CONV_STATE in = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    f.sender = "crh_noreply@ch-test.mssante.fr";
    f.sender_app = 1;
    conv_outbound(&cfg, &in, &f, T0, &r);
    ck_assert_int_eq(r.events, CONV_EV_FIN_SET | CONV_EV_OPENED
		     | CONV_EV_CLOSED);
    ck_assert_int_eq(r.mes_edit, CONV_MES_ADD);
    ck_assert_str_eq(r.fin_reason, "app_mailbox");
    ck_assert_int_eq(r.state.status, CONV_CLOSED);
    ck_assert_int_eq(r.state.closed_how, CONV_HOW_HEADER);

    /* Another X-MSS-MES value is replaced by FIN. */
    f.has_mes = 1;
    f.mes = SUBJ_NONE;
    conv_outbound(&cfg, &in, &f, T0, &r);
    ck_assert_int_eq(r.mes_edit, CONV_MES_CHANGE);

    /* Already FIN: nothing to edit. */
    f.mes = SUBJ_FIN;
    conv_outbound(&cfg, &in, &f, T0, &r);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
    ck_assert_int_eq(r.events & CONV_EV_FIN_SET, 0);
}
END_TEST

START_TEST(test_app_exception)
{
    static const char *const list[] = {
	"Secretariat-App@CH-Test.mssante.fr", "@labo.mssante.fr", 0,
    };
    CONV_STATE in = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    cfg.app_replies = list;
    f.sender_app = 1;
    f.sender = "secretariat-app@ch-test.mssante.fr";
    conv_outbound(&cfg, &in, &f, T0, &r);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
    ck_assert_int_eq(r.events, CONV_EV_OPENED);

    f.sender = "resultats@LABO.mssante.fr";
    ck_assert_int_eq(conv_app_exception(&cfg, f.sender), 1);
    ck_assert_int_eq(conv_app_exception(&cfg, "x@sub.labo.mssante.fr"), 0);
    ck_assert_int_eq(conv_app_exception(&cfg, "secretariat-app@ch-test2.mssante.fr"), 0);
    ck_assert_int_eq(conv_app_exception(&cfg, ""), 0);
    ck_assert_int_eq(conv_app_exception(&cfg, 0), 0);
    cfg.app_replies = 0;
    ck_assert_int_eq(conv_app_exception(&cfg, f.sender), 0);
}
END_TEST

START_TEST(test_replies_policy)
{
    CONV_STATE in = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;

    /* The policy allows replies to an APP mailbox. */
    f.sender_app = 1;
    f.replies = CONV_REPLIES_ALLOW;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
    ck_assert_int_eq(r.state.status, CONV_OPEN);

    /* The policy denies replies to a PER mailbox. */
    f.sender_app = 0;
    f.replies = CONV_REPLIES_DENY;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.mes_edit, CONV_MES_ADD);
    ck_assert_str_eq(r.fin_reason, "no_replies");
    ck_assert_int_eq(r.state.status, CONV_CLOSED);

    /* A forced FIN honours a near miss: no tag, no refusal. */
    cfg.near_miss = CONV_NEAR_REJECT;
    f.subject = SUBJ_NEAR_CASE;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.events, CONV_EV_NEAR_MISS | CONV_EV_FIN_SET
		     | CONV_EV_CLOSED);
    ck_assert_int_eq(r.tag, 0);
}
END_TEST

START_TEST(test_parties)
{
    const char *out[4];
    const char *rt[] = {"secretariat@ch-test.mssante.fr", "",
    "SECRETARIAT@ch-test.mssante.fr", "dr.b@ch-test.mssante.fr"};

    ck_assert_uint_eq(conv_parties("dr.a@x.mssante.fr", 0, 0, out), 1);
    ck_assert_str_eq(out[0], "dr.a@x.mssante.fr");
    ck_assert_uint_eq(conv_parties("dr.a@x.mssante.fr", rt, 1, out), 1);
    ck_assert_str_eq(out[0], "secretariat@ch-test.mssante.fr");
    ck_assert_uint_eq(conv_parties("dr.a@x.mssante.fr", rt, 4, out), 2);
    ck_assert_str_eq(out[1], "dr.b@ch-test.mssante.fr");
    ck_assert_uint_eq(conv_parties("dr.a@x.mssante.fr", rt + 1, 1, out), 1);
    ck_assert_str_eq(out[0], "dr.a@x.mssante.fr");
    ck_assert_uint_eq(conv_parties("", 0, 0, out), 0);
    ck_assert_uint_eq(conv_parties(0, 0, 0, out), 0);
}
END_TEST

START_TEST(test_reply_to_redirection)
{
    /*
     * The Reply-To mailbox owns the conversation: its record opens, and
     * the patient's answer to it is accepted, while the sender's
     * record is untouched.
     */
    CONV_STATE sender_st = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_STATE rt_st = conv_util_state(CONV_ABSENT, 0, 0, 0, 0);
    const char *rt[] = {"secretariat@ch-test.mssante.fr"};
    const char *party[1];
    CONV_OUT f = conv_util_out_facts();
    CONV_IN in = {0};
    CONV_RESULT r;

    ck_assert_uint_eq(conv_parties(f.sender, rt, 1, party), 1);
    ck_assert_str_eq(party[0], rt[0]);
    conv_outbound(&cfg, &rt_st, &f, T0, &r);
    rt_st = r.state;
    ck_assert_int_eq(rt_st.status, CONV_OPEN);
    conv_inbound(&cfg, &rt_st, &in, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    conv_inbound(&cfg, &sender_st, &in, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, rule_id(RULE_CONV_NOT_OPENED));
}
END_TEST

/* conv_suite - outbound, near misses, replies */

static Suite *conv_suite(void)
{
    Suite  *s = suite_create("conv");
    TCase  *tc;

    tc = tcase_create("outbound");
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_out_open_absent);
    tcase_add_test(tc, test_out_refresh_open);
    tcase_add_test(tc, test_out_reopen_closed);
    tcase_add_test(tc, test_out_close_subject);
    tcase_add_test(tc, test_out_close_header);
    tcase_add_test(tc, test_out_fin_first_message);
    tcase_add_test(tc, test_out_fin_already_closed);
    tcase_add_test(tc, test_out_expired_reopens);
    tcase_add_test(tc, test_out_clock_backwards);
    tcase_add_test(tc, test_out_unavailable);
    suite_add_tcase(s, tc);

    tc = tcase_create("near_miss");
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_near_warn);
    tcase_add_test(tc, test_near_fix);
    tcase_add_test(tc, test_near_reject);
    tcase_add_test(tc, test_near_in_mes_and_exact);
    suite_add_tcase(s, tc);

    tc = tcase_create("replies");
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_app_fin_added);
    tcase_add_test(tc, test_app_exception);
    tcase_add_test(tc, test_replies_policy);
    tcase_add_test(tc, test_parties);
    tcase_add_test(tc, test_reply_to_redirection);
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
