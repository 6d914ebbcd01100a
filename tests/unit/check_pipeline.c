/*++
/* NAME
/*	check_pipeline 1
/* SUMMARY
/*	unit tests for pipeline(3)
/* SYNOPSIS
/*	check_pipeline
/* DESCRIPTION
/*	The order of the stages of a recipient and of the end of a
/*	message, with stages that note their call and answer as told:
/*	every stage when all continue, the first refusal ending the
/*	sequence, a stale whitelist (enforce and monitor), a refusal in
/*	monitor kept unless the site's rules refuse, a recipient's state
/*	applied or forgotten once and only after its final verdict, the
/*	site rules not judged, stages left out.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "pipeline.h"

 /*
  * What each stage answers, and what was called, in order.
  */
typedef struct TRACE {
    VSTR   *calls;
    VERDICT_ACTION mailbox;		/* refuse: this action */
    int     mailbox_monitored;		/* a rule, but continue */
    VERDICT_ACTION conversation;
    VERDICT_ACTION site;
    VERDICT_ACTION documents;
} TRACE;

static DECIDE_POLICY pol;
static DECIDE_CONN conn;
static DECIDE_MSG msg;
static RCPT_FACTS rf;
static VERDICT v;
static TRACE tr;

static void setup(void)
{
    memset(&pol, 0, sizeof(pol));
    pol.patient_domain = "patient.mssante.fr";
    decide_conn_init(&conn);
    decide_msg_init(&msg, &conn);
    rcpt_facts_init(&rf);
    rcpt_facts_set(&rf, pol.patient_domain, "<a@medecin.mssante.fr>");
    verdict_init(&v);
    memset(&tr, 0, sizeof(tr));
    tr.calls = vstr_alloc(64);
}

static void teardown(void)
{
    vstr_free(tr.calls);
    verdict_free(&v);
    rcpt_facts_free(&rf);
    decide_msg_free(&msg);
    decide_conn_free(&conn);
}

/* note - one call, and its answer: a refusal sets its rule */

static VERDICT_ACTION note(const char *name, VERDICT_ACTION act, VERDICT *vp)
{
    RULE_VARS vars;

    vstr_sprintf_append(tr.calls, "%s%s", vstr_len(tr.calls) ? " " : "", name);
    if (act == VERDICT_CONTINUE)
	return (act);
    memset(&vars, 0, sizeof(vars));
    verdict_set(vp, act, rule_id(RULE_MBPOL_RCPT_CLASS), &vars, VERDICT_LANG_FR);
    return (act);
}

static void st_select(void *ctx, DECIDE_MSG *m, RCPT_FACTS *r)
{
    (void) ctx, (void) m, (void) r;
    (void) note("select", VERDICT_CONTINUE, 0);
}

static VERDICT_ACTION st_mailbox(void *ctx, DECIDE_MSG *m, RCPT_FACTS *r, VERDICT *vp)
{
    RULE_VARS vars;

    (void) ctx, (void) m, (void) r;
    if (tr.mailbox_monitored) {
	/* A refusal the policy puts in monitor: the rule, no refusal. */
	memset(&vars, 0, sizeof(vars));
	verdict_set(vp, VERDICT_REJECT, rule_id(RULE_MBPOL_SENDER_CLASS), &vars,
		    VERDICT_LANG_FR);
	vp->action = VERDICT_CONTINUE;
    }
    return (note("mailbox", tr.mailbox, vp));
}

static VERDICT_ACTION st_conversation(void *ctx, DECIDE_MSG *m, RCPT_FACTS *r,
				              VERDICT *vp)
{
    (void) ctx, (void) m, (void) r;
    return (note("conversation", tr.conversation, vp));
}

static VERDICT_ACTION st_site(void *ctx, DECIDE_MSG *m, RCPT_FACTS *r, VERDICT *vp)
{
    (void) ctx, (void) m, (void) r;
    /* As decide_rcpt_facts(): a new verdict. */
    verdict_reset(vp);
    return (note("site", tr.site, vp));
}

static VERDICT_ACTION st_documents(void *ctx, DECIDE_MSG *m, RCPT_FACTS *r,
				           VERDICT *vp)
{
    (void) ctx, (void) m;
    ck_assert_ptr_null(r);
    return (note("documents", tr.documents, vp));
}

static void st_accepted(void *ctx, RCPT_FACTS *r)
{
    (void) ctx, (void) r;
    (void) note("accepted", VERDICT_CONTINUE, 0);
}

static void st_refused(void *ctx, RCPT_FACTS *r)
{
    (void) ctx, (void) r;
    (void) note("refused", VERDICT_CONTINUE, 0);
}

static void st_settings(void *ctx, DECIDE_MSG *m)
{
    (void) ctx, (void) m;
    (void) note("settings", VERDICT_CONTINUE, 0);
}

/* rcpt - one recipient through every stage */

static int rcpt(int stale, int with_site)
{
    PIPELINE_RCPT p;

    memset(&p, 0, sizeof(p));
    p.stale = stale;
    p.select = st_select;
    p.mailbox = st_mailbox;
    p.conversation = st_conversation;
    p.site = with_site ? st_site : 0;
    p.accepted = st_accepted;
    p.refused = st_refused;
    return (pipeline_rcpt(&pol, &p, 0, &msg, &rf, &v));
}

START_TEST(test_rcpt_order)
{
    ck_assert_int_eq(rcpt(0, 1), 1);
    ck_assert_str_eq(vstr_str(tr.calls), "select mailbox conversation site accepted");
    ck_assert_ptr_null(v.rule);
}
END_TEST

START_TEST(test_rcpt_first_refusal)
{
    tr.mailbox = VERDICT_REJECT;
    ck_assert_int_eq(rcpt(0, 1), 0);
    ck_assert_str_eq(vstr_str(tr.calls), "select mailbox refused");
    ck_assert_str_eq(v.rule, "mbpol.rcpt_class");
    vstr_reset(tr.calls);
    tr.mailbox = VERDICT_CONTINUE;
    tr.conversation = VERDICT_TEMPFAIL;
    ck_assert_int_eq(rcpt(0, 1), 0);
    ck_assert_str_eq(vstr_str(tr.calls), "select mailbox conversation refused");
    ck_assert_int_eq(v.action, VERDICT_TEMPFAIL);
}
END_TEST

START_TEST(test_rcpt_new_verdict)
{
    /* The previous recipient's refusal does not carry over. */
    verdict_set(&v, VERDICT_REJECT, "trust.rcpt_domain", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(rcpt(0, 1), 1);
    ck_assert_ptr_null(v.rule);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_rcpt_stale)
{
    ck_assert_int_eq(rcpt(1, 1), 0);
    ck_assert_str_eq(vstr_str(tr.calls), "refused");
    ck_assert_str_eq(v.rule, "dir.error");
    ck_assert_str_eq(v.rcode, "451");
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "liste blanche perimee"));
    /* In monitor the stale whitelist is noted and the stages still run. */
    vstr_reset(tr.calls);
    pol.monitor = 1;
    ck_assert_int_eq(rcpt(1, 1), 1);
    ck_assert_str_eq(vstr_str(tr.calls), "select mailbox conversation site accepted");
    ck_assert_str_eq(v.rule, "dir.error");
    ck_assert_int_eq(msg.would, VERDICT_TEMPFAIL);
}
END_TEST

START_TEST(test_rcpt_monitored_kept)
{
    tr.mailbox_monitored = 1;
    ck_assert_int_eq(rcpt(0, 1), 1);
    ck_assert_str_eq(v.rule, "mbpol.sender_class");
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    /* Unless the site's rules refuse: theirs is the verdict. */
    tr.site = VERDICT_REJECT;
    ck_assert_int_eq(rcpt(0, 1), 0);
    ck_assert_str_eq(v.rule, "mbpol.rcpt_class");
    ck_assert_int_eq(v.action, VERDICT_REJECT);
}
END_TEST

START_TEST(test_rcpt_not_judged)
{
    /* --explain without a directory: counted as the site would. */
    ck_assert_int_eq(rcpt(0, 0), 1);
    ck_assert_str_eq(vstr_str(tr.calls), "select mailbox conversation accepted");
    ck_assert_int_eq(msg.accepted, 1);
}
END_TEST

START_TEST(test_rcpt_stages_left_out)
{
    PIPELINE_RCPT p;

    memset(&p, 0, sizeof(p));
    p.site = st_site;
    ck_assert_int_eq(pipeline_rcpt(&pol, &p, 0, &msg, &rf, &v), 1);
    ck_assert_str_eq(vstr_str(tr.calls), "site");
}
END_TEST

/* eom - the end of message through every stage */

static VERDICT_ACTION eom(void)
{
    PIPELINE_EOM p;

    p.settings = st_settings;
    p.site = st_site;
    p.mailbox = st_mailbox;
    p.documents = st_documents;
    p.conversation = st_conversation;
    return (pipeline_eom(&p, 0, &msg, &v));
}

START_TEST(test_eom_order)
{
    ck_assert_int_eq(eom(), VERDICT_CONTINUE);
    ck_assert_str_eq(vstr_str(tr.calls), "settings site mailbox documents conversation");
}
END_TEST

START_TEST(test_eom_documents_before_conversations)
{
    tr.documents = VERDICT_REJECT;
    ck_assert_int_eq(eom(), VERDICT_REJECT);
    /* A refused message computes no conversation state. */
    ck_assert_str_eq(vstr_str(tr.calls), "settings site mailbox documents");
    vstr_reset(tr.calls);
    tr.site = VERDICT_TEMPFAIL;
    ck_assert_int_eq(eom(), VERDICT_TEMPFAIL);
    ck_assert_str_eq(vstr_str(tr.calls), "settings site");
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("pipeline");
    TCase  *tc = tcase_create("order");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rcpt_order);
    tcase_add_test(tc, test_rcpt_first_refusal);
    tcase_add_test(tc, test_rcpt_new_verdict);
    tcase_add_test(tc, test_rcpt_stale);
    tcase_add_test(tc, test_rcpt_monitored_kept);
    tcase_add_test(tc, test_rcpt_not_judged);
    tcase_add_test(tc, test_rcpt_stages_left_out);
    tcase_add_test(tc, test_eom_order);
    tcase_add_test(tc, test_eom_documents_before_conversations);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
