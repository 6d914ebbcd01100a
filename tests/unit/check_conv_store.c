/*++
/* NAME
/*	check_conv_store 1
/* SUMMARY
/*	unit tests for conv_store(3) and the texts of conv(3)
/* SYNOPSIS
/*	check_conv_store
/* DESCRIPTION
/*	The strings that leave the conversation state machine: reply
/*	details, event and configuration names, the rule table; then the
/*	directory values of conv_store(3): state and closing names,
/*	GeneralizedTime in both directions (dates, offsets, fractions,
/*	leap seconds and years, limits), records with corrupt values,
/*	and the conversation key input; then the writes conditional on
/*	the state read: the assertion filter, and conv_replay() of a
/*	message whose conversation changed before its write (a patient's
/*	reply after a [FIN] that came in between is refused, a
/*	professional's message is applied to the new state).
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
#include "conv_store.h"
#include "conv_util.h"

static CONV_CONFIG cfg;

/* setup - default configuration */

static void setup(void)
{
    conv_config_init(&cfg);
}

/* ascii_only - US-ASCII printable text */

static int ascii_only(const char *s)
{
    for (; *s; s++)
	if ((unsigned char) *s < 0x20 || (unsigned char) *s > 0x7e)
	    return (0);
    return (1);
}

 /*
  * Texts, names and rules.
  */
START_TEST(test_detail_near)
{
    CONV_STATE st = conv_util_state(CONV_OPEN, T0, T0, 0, 0);
    CONV_OUT f = conv_util_out_facts();
    CONV_RESULT r;
    VSTR   *d = vstr_alloc(10);

    f.subject = SUBJ_NEAR_CASE;
    conv_outbound(&cfg, &st, &f, T1, &r);
    conv_detail(&r, VERDICT_LANG_FR, d);
    ck_assert_str_eq(vstr_str(d), subject_class_text_fr(SUBJ_NEAR_CASE));
    ck_assert_ptr_nonnull(strstr(vstr_str(d), "[FIN]"));
    f.subject = SUBJ_NONE;
    f.has_mes = 1;
    f.mes = SUBJ_NEAR_CASE;
    conv_outbound(&cfg, &st, &f, T1, &r);
    conv_detail(&r, VERDICT_LANG_FR, d);
    ck_assert_str_eq(vstr_str(d), subject_class_text_mes_fr(SUBJ_NEAR_CASE));
    conv_detail(&r, VERDICT_LANG_EN, d);
    ck_assert_str_eq(vstr_str(d), subject_class_text_en(SUBJ_NEAR_CASE));

    /* Other rules, and none. */
    r.rule = rule_id(RULE_CONV_NOT_OPENED);
    conv_detail(&r, VERDICT_LANG_FR, d);
    ck_assert_ptr_nonnull(strstr(vstr_str(d), "aucune conversation"));
    r.rule = rule_id(RULE_DIR_ERROR);
    conv_detail(&r, VERDICT_LANG_FR, d);
    ck_assert_ptr_nonnull(strstr(vstr_str(d), "annuaire"));
    r.rule = 0;
    conv_detail(&r, VERDICT_LANG_FR, d);
    ck_assert_str_eq(vstr_str(d), "");
    /* A closed record without a date or reason. */
    r.rule = rule_id(RULE_CONV_CLOSED);
    r.state = conv_util_state(CONV_CLOSED, 0, 0, 0, CONV_HOW_NONE);
    conv_detail(&r, VERDICT_LANG_FR, d);
    ck_assert_str_eq(vstr_str(d), "conversation close");
    vstr_free(d);
}
END_TEST

START_TEST(test_events_str)
{
    VSTR   *v = vstr_alloc(10);

    conv_events_str(0, v);
    ck_assert_str_eq(vstr_str(v), "none");
    conv_events_str(CONV_EV_OPENED | CONV_EV_CLOSED, v);
    ck_assert_str_eq(vstr_str(v), "opened,closed");
    conv_events_str(CONV_EV_NEAR_MISS | CONV_EV_FIN_SET | CONV_EV_REFUSED
		    | CONV_EV_UNAVAILABLE | CONV_EV_EXPIRED
		    | CONV_EV_REFRESHED, v);
    ck_assert_str_eq(vstr_str(v),
	     "refreshed,near_miss,refused,unavailable,expired,fin_set");
    vstr_free(v);
}
END_TEST

START_TEST(test_config_names)
{
    CONV_NEAR_MODE m = CONV_NEAR_WARN;
    CONV_CHECK c = CONV_CHECK_REJECT;

    ck_assert_int_eq(conv_near_mode_parse("FIX", &m), 0);
    ck_assert_int_eq(m, CONV_NEAR_FIX);
    ck_assert_int_eq(conv_near_mode_parse("reject", &m), 0);
    ck_assert_int_eq(m, CONV_NEAR_REJECT);
    ck_assert_int_eq(conv_near_mode_parse("rejet", &m), -1);
    ck_assert_int_eq(conv_near_mode_parse(0, &m), -1);
    ck_assert_int_eq(m, CONV_NEAR_REJECT);
    ck_assert_str_eq(conv_near_mode_name(CONV_NEAR_WARN), "warn");
    ck_assert_str_eq(conv_near_mode_name((CONV_NEAR_MODE) 9), "unknown");
    ck_assert_int_eq(conv_check_parse("monitor", &c), 0);
    ck_assert_int_eq(c, CONV_CHECK_MONITOR);
    ck_assert_int_eq(conv_check_parse("Off", &c), 0);
    ck_assert_int_eq(c, CONV_CHECK_OFF);
    ck_assert_int_eq(conv_check_parse("warn", &c), -1);
    ck_assert_str_eq(conv_check_name(CONV_CHECK_REJECT), "reject");
    ck_assert_str_eq(conv_check_name((CONV_CHECK) 9), "unknown");
    conv_config_init(&cfg);
    ck_assert_int_eq(cfg.near_miss, CONV_NEAR_WARN);
    ck_assert_int_eq(cfg.inbound, CONV_CHECK_REJECT);
}
END_TEST

START_TEST(test_rules)
{
    const RULE_INFO *t;
    size_t  n, i;

    t = conv_rule_table(&n);
    ck_assert_uint_eq(n, 3);
    for (i = 0; i < n; i++) {
	ck_assert_ptr_eq(conv_rule_find(t[i].id), t + i);
	ck_assert_str_eq(t[i].rcode, "550");
	ck_assert_str_eq(t[i].xcode, "5.7.1");
	ck_assert(ascii_only(t[i].text_fr));
	ck_assert(ascii_only(t[i].text_en));
	ck_assert_ptr_nonnull(strstr(t[i].text_fr, "{detail}"));
	ck_assert_ptr_nonnull(strstr(t[i].text_fr, "{rule}"));
    }
    ck_assert_ptr_null(conv_rule_find("conv.nope"));
    ck_assert_ptr_null(conv_rule_find(0));
}
END_TEST

 /*
  * conv_store: directory values.
  */
typedef struct TIME_CASE {
    const char *text;
    int     ok;
    long long want;
} TIME_CASE;

static const TIME_CASE time_cases[] = {
    {"19700101000000Z", 1, 0},
    {"20231114221320Z", 1, 1700000000},
    {"20240229120000Z", 1, 1709208000},
    {"2024022912Z", 1, 1709208000},
    {"202402291200Z", 1, 1709208000},
    {"20240229130000+0100", 1, 1709208000},
    {"20240229110000-01", 1, 1709208000},
    {"20240229120000.123Z", 1, 1709208000},
    {"20240229120000,5Z", 1, 1709208000},
    {"19691231235959Z", 1, -1},
    {"20161231235960Z", 1, 1483228800},	/* leap second */
    {"99991231235959Z", 1, 253402300799LL},
    {"20230229120000Z", 0, 0},		/* not a leap year */
    {"21000229120000Z", 0, 0},		/* nor 2100 */
    {"20000229120000Z", 1, 951825600},	/* 2000 is */
    {"20241301000000Z", 0, 0},
    {"20240001000000Z", 0, 0},
    {"20240100000000Z", 0, 0},
    {"20240101240000Z", 0, 0},
    {"20240101006000Z", 0, 0},
    {"20240101000061Z", 0, 0},
    {"20240101000000", 0, 0},		/* no zone */
    {"20240101000000z", 0, 0},
    {"20240101000000ZZ", 0, 0},
    {"20240101000000+2400", 0, 0},
    {"20240101000000+0160", 0, 0},
    {"20240101000000+1", 0, 0},
    {"20240101000000.Z", 0, 0},
    {"2024010100000Z", 0, 0},		/* odd digit */
    {"202401010Z", 0, 0},
    {"2024-01-01T00:00:00Z", 0, 0},
    {"", 0, 0},
    {" 20240101000000Z", 0, 0},
};

#define NTIME (sizeof(time_cases) / sizeof(time_cases[0]))

START_TEST(test_time_parse)
{
    const TIME_CASE *tc = time_cases + _i;
    time_t  t = 12345;

    if (tc->ok) {
	ck_assert_msg(conv_store_time_parse(tc->text, &t) == 0, "%s", tc->text);
	ck_assert_msg((long long) t == tc->want, "%s: %lld", tc->text,
		      (long long) t);
    } else {
	ck_assert_msg(conv_store_time_parse(tc->text, &t) == -1, "%s", tc->text);
	ck_assert_int_eq(t, 12345);
    }
}
END_TEST

START_TEST(test_time_format)
{
    static const long long values[] = {0, 1, 59, 86399, 86400, 951782400,
	951868800, 1700000000, 1709208000, 4102444800LL, 253402300799LL,
    -1, -86400, -2208988800LL};
    VSTR   *v = vstr_alloc(16);
    size_t  i;
    time_t  back;

    ck_assert_int_eq(conv_store_time_format(0, v), 0);
    ck_assert_str_eq(vstr_str(v), "19700101000000Z");
    ck_assert_int_eq(conv_store_time_format(1700000000, v), 0);
    ck_assert_str_eq(vstr_str(v), "20231114221320Z");
    ck_assert_int_eq(conv_store_time_format(-1, v), 0);
    ck_assert_str_eq(vstr_str(v), "19691231235959Z");
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
	ck_assert_int_eq(conv_store_time_format((time_t) values[i], v), 0);
	ck_assert_uint_eq(vstr_len(v), 15);
	ck_assert_int_eq(conv_store_time_parse(vstr_str(v), &back), 0);
	ck_assert_int_eq((long long) back, values[i]);
    }
    ck_assert_int_eq(conv_store_time_format((time_t) 253402300800LL, v), -1);
    ck_assert_str_eq(vstr_str(v), "");
    ck_assert_int_eq(conv_store_time_format((time_t) -62167219201LL, v), -1);
    vstr_free(v);
}
END_TEST

START_TEST(test_store_names)
{
    CONV_STATUS s = CONV_ABSENT;
    CONV_HOW h = CONV_HOW_NONE;
    int     i;

    ck_assert_int_eq(conv_store_status_parse("open", &s), 0);
    ck_assert_int_eq(s, CONV_OPEN);
    ck_assert_int_eq(conv_store_status_parse("CLOSED", &s), 0);
    ck_assert_int_eq(s, CONV_CLOSED);
    ck_assert_int_eq(conv_store_status_parse("absent", &s), -1);
    ck_assert_int_eq(conv_store_status_parse("unavailable", &s), -1);
    ck_assert_int_eq(conv_store_status_parse("", &s), -1);
    ck_assert_int_eq(conv_store_status_parse(0, &s), -1);
    ck_assert_int_eq(s, CONV_CLOSED);
    ck_assert_str_eq(conv_store_status_name(CONV_OPEN), "open");
    ck_assert_str_eq(conv_store_status_name(CONV_UNAVAILABLE), "unavailable");
    ck_assert_str_eq(conv_store_status_name((CONV_STATUS) 7), "unknown");
    for (i = CONV_HOW_SUBJECT; i < CONV_HOW_COUNT; i++) {
	ck_assert_int_eq(conv_store_how_parse(conv_store_how_name((CONV_HOW) i), &h), 0);
	ck_assert_int_eq(h, i);
    }
    ck_assert_str_eq(conv_store_how_name(CONV_HOW_SUBJECT), "subject-fin");
    ck_assert_str_eq(conv_store_how_name(CONV_HOW_HEADER), "x-mss-mes");
    ck_assert_str_eq(conv_store_how_name(CONV_HOW_NONE), "");
    ck_assert_int_eq(conv_store_how_parse("", &h), -1);
    ck_assert_int_eq(conv_store_how_parse("fin", &h), -1);
    ck_assert_str_eq(conv_store_how_name((CONV_HOW) 9), "unknown");
}
END_TEST

START_TEST(test_store_parse)
{
    CONV_STATE st;
    VSTR   *why = vstr_alloc(10);

    ck_assert_int_eq(conv_store_parse(&st, "closed", "20231114221320Z",
				      "20231114231320Z", "20231114231320Z",
				      "subject-fin", why), 0);
    ck_assert_int_eq(st.status, CONV_CLOSED);
    ck_assert_int_eq(st.opened_at, T0);
    ck_assert_int_eq(st.last_activity, T1);
    ck_assert_int_eq(st.closed_at, T1);
    ck_assert_int_eq(st.closed_how, CONV_HOW_SUBJECT);
    ck_assert_str_eq(vstr_str(why), "");

    /* Leftovers of a reopening are ignored, even invalid ones. */
    ck_assert_int_eq(conv_store_parse(&st, "open", "20231114221320Z", 0,
				      "garbage", "bogus", why), 0);
    ck_assert_int_eq(st.status, CONV_OPEN);
    ck_assert_int_eq(st.closed_at, 0);
    ck_assert_int_eq(st.closed_how, CONV_HOW_NONE);
    ck_assert_int_eq(st.last_activity, 0);

    ck_assert_int_eq(conv_store_parse(&st, 0, 0, 0, 0, 0, why), -1);
    ck_assert_int_eq(st.status, CONV_UNAVAILABLE);
    ck_assert_str_eq(vstr_str(why), "state missing");
    ck_assert_int_eq(conv_store_parse(&st, "ouvert", 0, 0, 0, 0, why), -1);
    ck_assert_str_eq(vstr_str(why), "state 'ouvert' invalid");
    ck_assert_int_eq(conv_store_parse(&st, "open", "2023", 0, 0, 0, why), -1);
    ck_assert_str_eq(vstr_str(why), "opened '2023' invalid");
    ck_assert_int_eq(conv_store_parse(&st, "open", 0, "x\ty", 0, 0, why), -1);
    ck_assert_str_eq(vstr_str(why), "last activity 'x?y' invalid");
    ck_assert_int_eq(conv_store_parse(&st, "closed", 0, 0, "1", 0, why), -1);
    ck_assert_str_eq(vstr_str(why), "closed '1' invalid");
    ck_assert_int_eq(conv_store_parse(&st, "closed", 0, 0, 0, "oops", 0), -1);
    ck_assert_int_eq(st.status, CONV_UNAVAILABLE);
    ck_assert_int_eq(conv_store_parse(&st, "closed", 0, 0, 0, "oops", why), -1);
    ck_assert_str_eq(vstr_str(why), "closed how 'oops' invalid");
    vstr_free(why);
}
END_TEST

START_TEST(test_key_input)
{
    VSTR   *v = vstr_alloc(10);

    ck_assert_int_eq(conv_store_key_input("Dr.Martin@CH-Test.mssante.fr",
					  "a1B2c3", v), 0);
    ck_assert_str_eq(vstr_str(v), "dr.martin@ch-test.mssante.fr\na1B2c3");
    ck_assert_int_eq(conv_store_key_input("\"a b\"@x.mssante.fr", "ff", v), 0);
    ck_assert_str_eq(vstr_str(v), "\"a b\"@x.mssante.fr\nff");
    ck_assert_int_eq(conv_store_key_input("a\n@x", "ff", v), -1);
    ck_assert_str_eq(vstr_str(v), "");
    ck_assert_int_eq(conv_store_key_input("a@x", "f f", v), -1);
    ck_assert_int_eq(conv_store_key_input("a@x", "ff\n", v), -1);
    ck_assert_int_eq(conv_store_key_input("\xc3\xa9@x", "ff", v), -1);
    ck_assert_int_eq(conv_store_key_input("", "ff", v), -1);
    ck_assert_int_eq(conv_store_key_input("a@x", "", v), -1);
    ck_assert_int_eq(conv_store_key_input(0, "ff", v), -1);
    ck_assert_int_eq(conv_store_key_input("a@x", 0, v), -1);
    vstr_free(v);
}
END_TEST

/* conv_store_suite - all tests */

 /*
  * Writes conditional on the state read.
  */
START_TEST(test_assert_filter)
{
    VSTR   *f = vstr_alloc(10);
    CONV_STATE st;

    conv_state_init(&st, CONV_OPEN);
    st.opened_at = T0;
    st.last_activity = T1;
    ck_assert_int_eq(conv_store_assert_filter(&st, f), 0);
    ck_assert_str_eq(vstr_str(f), "(&(mssConversationState=open)"
		     "(mssOpenedAt=20231114221320Z)(mssLastActivity=20231114231320Z)"
		     "(!(mssClosedAt=*))(!(mssClosedHow=*)))");
    st.status = CONV_CLOSED;
    st.closed_at = T1;
    st.closed_how = CONV_HOW_SUBJECT;
    st.opened_at = 0;
    ck_assert_int_eq(conv_store_assert_filter(&st, f), 0);
    ck_assert_str_eq(vstr_str(f), "(&(mssConversationState=closed)"
		     "(!(mssOpenedAt=*))(mssLastActivity=20231114231320Z)"
		     "(mssClosedAt=20231114231320Z)(mssClosedHow=subject-fin))");
    /* Nothing to assert for a record that is not stored. */
    st.status = CONV_ABSENT;
    ck_assert_int_eq(conv_store_assert_filter(&st, f), -1);
    ck_assert_int_eq(vstr_len(f), 0);
    st.status = CONV_UNAVAILABLE;
    ck_assert_int_eq(conv_store_assert_filter(&st, f), -1);
    vstr_free(f);
}
END_TEST

START_TEST(test_replay)
{
    CONV_STATE open, closed, absent;
    CONV_REPLAY m;
    CONV_RESULT res;

    conv_state_init(&open, CONV_OPEN);
    open.opened_at = open.last_activity = T0;
    closed = open;
    closed.status = CONV_CLOSED;
    closed.closed_at = T0 + 10;
    closed.closed_how = CONV_HOW_SUBJECT;
    conv_state_init(&absent, CONV_ABSENT);

    /* A patient's reply decided on "open"; a [FIN] came in between. */
    memset(&m, 0, sizeof(m));
    m.when = T1;
    ck_assert_int_eq(conv_replay(&cfg, &closed, &m, &res), CONV_REPLAY_REFUSED);
    ck_assert_str_eq(res.rule, rule_id(RULE_CONV_CLOSED));
    ck_assert_int_eq(res.action, VERDICT_REJECT);
    ck_assert_int_eq(res.write, 0);
    /* Monitor: delivered, still no reopening. */
    cfg.inbound = CONV_CHECK_MONITOR;
    ck_assert_int_eq(conv_replay(&cfg, &closed, &m, &res), CONV_REPLAY_REFUSED);
    ck_assert_int_eq(res.action, VERDICT_CONTINUE);
    ck_assert_int_eq(res.would, VERDICT_REJECT);
    ck_assert_int_eq(res.write, 0);
    cfg.inbound = CONV_CHECK_REJECT;
    /* The entry was deleted meanwhile: not opened by the patient. */
    ck_assert_int_eq(conv_replay(&cfg, &absent, &m, &res), CONV_REPLAY_REFUSED);
    ck_assert_str_eq(res.rule, rule_id(RULE_CONV_NOT_OPENED));
    /* Refreshed by another reply: this one refreshes on top of it. */
    open.last_activity = T0 + 5;
    ck_assert_int_eq(conv_replay(&cfg, &open, &m, &res), CONV_REPLAY_WRITE);
    ck_assert_int_eq(res.state.status, CONV_OPEN);
    ck_assert_int_eq(res.state.last_activity, T1);
    /* Already at least as recent: nothing to write. */
    open.last_activity = T1;
    ck_assert_int_eq(conv_replay(&cfg, &open, &m, &res), CONV_REPLAY_NONE);
    /* A pharmacy may be written to first: opened again. */
    m.in.rcpt_pharmacy = 1;
    ck_assert_int_eq(conv_replay(&cfg, &closed, &m, &res), CONV_REPLAY_WRITE);
    ck_assert_int_eq(res.state.status, CONV_OPEN);

    /* A professional's message is never refused by the new state. */
    memset(&m, 0, sizeof(m));
    m.outbound = 1;
    m.when = T1;
    m.out.sender = "dr@ch.mssante.fr";
    ck_assert_int_eq(conv_replay(&cfg, &closed, &m, &res), CONV_REPLAY_WRITE);
    ck_assert_int_eq(res.state.status, CONV_OPEN);
    ck_assert_int_eq(res.state.opened_at, T1);
    m.out.subject = SUBJ_FIN;
    /* [FIN] on top of another [FIN]: still closed, at the first time. */
    ck_assert_int_eq(conv_replay(&cfg, &closed, &m, &res), CONV_REPLAY_WRITE);
    ck_assert_int_eq(res.state.status, CONV_CLOSED);
    ck_assert_int_eq(res.state.closed_at, T0 + 10);
    ck_assert_int_eq(conv_replay(&cfg, &absent, &m, &res), CONV_REPLAY_WRITE);
    ck_assert_int_eq(res.state.status, CONV_CLOSED);
    absent.status = CONV_UNAVAILABLE;
    ck_assert_int_eq(conv_replay(&cfg, &absent, &m, &res), CONV_REPLAY_UNAVAILABLE);
}
END_TEST

static Suite *conv_store_suite(void)
{
    Suite  *s = suite_create("conv_store");
    TCase  *tc;

    tc = tcase_create("texts");
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_detail_near);
    tcase_add_test(tc, test_events_str);
    tcase_add_test(tc, test_config_names);
    tcase_add_test(tc, test_rules);
    suite_add_tcase(s, tc);

    tc = tcase_create("store");
    tcase_add_loop_test(tc, test_time_parse, 0, (int) NTIME);
    tcase_add_test(tc, test_time_format);
    tcase_add_test(tc, test_store_names);
    tcase_add_test(tc, test_store_parse);
    tcase_add_test(tc, test_key_input);
    suite_add_tcase(s, tc);

    tc = tcase_create("conditional");
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_assert_filter);
    tcase_add_test(tc, test_replay);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(conv_store_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
