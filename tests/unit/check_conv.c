/*++
/* NAME
/*	check_conv 1
/* SUMMARY
/*	unit tests for conv(3) and conv_store(3)
/* SYNOPSIS
/*	check_conv
/* DESCRIPTION
/*	Every transition of the conversation state machine in both
/*	directions: opening, refreshing, closing by Subject and by
/*	X-MSS-MES, reopening, expiry, the pharmacy exception, near misses
/*	under warn, fix and reject, the FIN header of APP mailboxes and
/*	its exceptions, Reply-To redirection, unavailable states, read
/*	receipts (reports) from patients, and
/*	idempotence over every combination of state and facts. Names,
/*	texts and directory values are in check_conv_store.
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

#define T0	1700000000		/* 2023-11-14 22:13:20 UTC */
#define T1	(T0 + 3600)
#define DAY	86400

static CONV_CONFIG cfg;

/* setup - default configuration */

static void setup(void)
{
    conv_config_init(&cfg);
}

/* state - a record */

static CONV_STATE state(CONV_STATUS status, time_t opened, time_t last,
			        time_t closed, CONV_HOW how)
{
    CONV_STATE st;

    conv_state_init(&st, status);
    st.opened_at = opened;
    st.last_activity = last;
    st.closed_at = closed;
    st.closed_how = how;
    return (st);
}

/* out_facts - a plain message from a PER mailbox */

static CONV_OUT out_facts(void)
{
    CONV_OUT f;

    memset(&f, 0, sizeof(f));
    f.sender = "dr.martin@ch-test.mssante.fr";
    f.subject = SUBJ_NONE;
    f.mes = SUBJ_NONE;
    f.replies = CONV_REPLIES_DEFAULT;
    return (f);
}

 /*
  * Outbound transitions.
  */
START_TEST(test_out_open_absent)
{
    CONV_STATE in = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T1, 0, 0);
    CONV_OUT f = out_facts();
    CONV_RESULT r;

    conv_outbound(&cfg, &in, &f, T0, &r);
    ck_assert_int_eq(r.state.last_activity, T1);
    ck_assert_int_eq(r.write, 0);
}
END_TEST

START_TEST(test_out_unavailable)
{
    CONV_STATE in = state(CONV_UNAVAILABLE, 0, 0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
    CONV_RESULT r;

    f.subject = SUBJ_NEAR_PREFIX;
    conv_outbound(&cfg, &in, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_NEAR_MISS | CONV_EV_REFRESHED);
    ck_assert_int_eq(r.state.status, CONV_OPEN);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.tag, 1);
    ck_assert_str_eq(r.rule, CONV_RULE_NEAR_MISS);
    ck_assert_int_eq(r.near, SUBJ_NEAR_PREFIX);
    ck_assert_int_eq(r.near_in_mes, 0);
    ck_assert_int_eq(r.mes_edit, CONV_MES_KEEP);
}
END_TEST

START_TEST(test_near_fix)
{
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
    CONV_RESULT r;

    cfg.near_miss = CONV_NEAR_REJECT;
    f.subject = SUBJ_NEAR_BLANKS;
    ck_assert_int_eq(conv_outbound(&cfg, &in, &f, T1, &r), CONV_DECIDED);
    ck_assert_int_eq(r.events, CONV_EV_NEAR_MISS | CONV_EV_REFUSED);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, CONV_RULE_NEAR_MISS);
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE in = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = out_facts();
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
    CONV_STATE sender_st = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_STATE rt_st = state(CONV_ABSENT, 0, 0, 0, 0);
    const char *rt[] = {"secretariat@ch-test.mssante.fr"};
    const char *party[1];
    CONV_OUT f = out_facts();
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
    ck_assert_str_eq(r.rule, CONV_RULE_NOT_OPENED);
}
END_TEST

 /*
  * Inbound.
  */
START_TEST(test_in_open)
{
    CONV_STATE st = state(CONV_OPEN, T0, T0, 0, 0);
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
    CONV_STATE st = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r;

    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.events, CONV_EV_REFUSED);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_int_eq(r.would, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, CONV_RULE_NOT_OPENED);
    ck_assert_int_eq(r.state.status, CONV_ABSENT);
    ck_assert_int_eq(r.write, 0);
}
END_TEST

START_TEST(test_in_closed)
{
    CONV_STATE st = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    CONV_IN f = {0};
    CONV_RESULT r;
    VSTR   *d = vstr_alloc(100);

    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, CONV_RULE_CLOSED);
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
    CONV_STATE st = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
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
    ck_assert_str_eq(e.rule, CONV_RULE_CLOSED);
    ck_assert_int_eq(e.write, 0);
    /* Monitor: delivered, would refuse. */
    cfg.inbound = CONV_CHECK_MONITOR;
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(conv_inbound_wait(&r));
    conv_inbound_eom(&st, &r, 0, &e);
    ck_assert_int_eq(e.action, VERDICT_CONTINUE);
    ck_assert_int_eq(e.would, VERDICT_REJECT);
    ck_assert_str_eq(e.rule, CONV_RULE_CLOSED);
    conv_inbound_eom(&st, &r, 1, &e);
    ck_assert_int_eq(e.would, VERDICT_CONTINUE);
    ck_assert_ptr_null(e.rule);
}
END_TEST

START_TEST(test_in_report_absent)
{
    CONV_STATE st = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r, e;

    /* Never wrote to the patient: refused at RCPT TO, report or not. */
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(!conv_inbound_wait(&r));
    conv_inbound_eom(&st, &r, 1, &e);
    ck_assert_int_eq(e.action, VERDICT_REJECT);
    ck_assert_str_eq(e.rule, CONV_RULE_NOT_OPENED);
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
    CONV_STATE st = state(CONV_OPEN, T0, T0, 0, 0);
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
    st = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert(!conv_inbound_wait(&r));
}
END_TEST

START_TEST(test_in_monitor_off)
{
    CONV_STATE st = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_HEADER);
    CONV_IN f = {0};
    CONV_RESULT r;

    cfg.inbound = CONV_CHECK_MONITOR;
    conv_inbound(&cfg, &st, &f, T1, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    ck_assert_int_eq(r.would, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, CONV_RULE_CLOSED);
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
    CONV_STATE st = state(CONV_UNAVAILABLE, 0, 0, 0, 0);
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
    CONV_STATE st = state(CONV_OPEN, T0, T0, 0, 0);
    CONV_IN f = {0};
    CONV_RESULT r, r2;

    cfg.expire = 7 * DAY;
    conv_inbound(&cfg, &st, &f, T0 + 6 * DAY, &r);
    ck_assert_int_eq(r.action, VERDICT_CONTINUE);
    conv_inbound(&cfg, &st, &f, T0 + 8 * DAY, &r);
    ck_assert_int_eq(r.events, CONV_EV_EXPIRED | CONV_EV_CLOSED | CONV_EV_REFUSED);
    ck_assert_int_eq(r.action, VERDICT_REJECT);
    ck_assert_str_eq(r.rule, CONV_RULE_CLOSED);
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
    CONV_STATE st = state(CONV_ABSENT, 0, 0, 0, 0);
    CONV_IN f = {1};
    CONV_OUT o = out_facts();
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
    st = state(CONV_OPEN, T0, T0, 0, 0);
    conv_inbound(&cfg, &st, &f, T0 + 2 * DAY, &r);
    ck_assert_int_eq(r.events, CONV_EV_OPENED | CONV_EV_EXPIRED);
}
END_TEST

START_TEST(test_close_manual)
{
    CONV_STATE st = state(CONV_OPEN, T0, T0, 0, 0);
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

    states[0] = state(CONV_ABSENT, 0, 0, 0, 0);
    states[1] = state(CONV_OPEN, T0, T0, 0, 0);
    states[2] = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_SUBJECT);
    states[3] = state(CONV_OPEN, T0 - 40 * DAY, T0 - 40 * DAY, 0, 0);
    states[4] = state(CONV_CLOSED, T0, T0, T0, CONV_HOW_EXPIRED);
    for (exp = 0; exp < 2; exp++) {
	cfg.expire = exp ? 30 * DAY : 0;
	for (mode = 0; mode < CONV_NEAR_MODE_COUNT; mode++) {
	    cfg.near_miss = (CONV_NEAR_MODE) mode;
	    for (s = 0; s < 5; s++) {
		for (a = 0; a < 4; a++) for (b = 0; b < 4; b++)
		    for (h = 0; h < 2; h++) for (app = 0; app < 2; app++)
			for (rep = 0; rep < 3; rep++) {
			    CONV_OUT f = out_facts();

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

/* conv_suite - all tests */

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
