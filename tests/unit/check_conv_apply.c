/*++
/* NAME
/*	check_conv_apply 1
/* SUMMARY
/*	unit tests for conv_apply(3)
/* SYNOPSIS
/*	check_conv_apply
/* DESCRIPTION
/*	When the conversation rules apply and in which mode: the
/*	configuration and a mailbox's near_miss_fin (in range or not),
/*	RCPT TO between every kind of sender and recipient, the pharmacy
/*	override, held refusals, AppMailboxes, what end of message checks
/*	for each kind of sender and report, the parties of an outbound
/*	message (trusted, untrusted, patient and duplicate Reply-To), and
/*	the outcome over several pairs (unreadable state, near misses,
/*	NearMissFin=reject, edits, the warn tag).
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "conv_apply.h"

#define PD	"patient.mssante.fr"
#define PAT	"285037728417346@" PD

static const char *const app_boxes[] = {"app@clinique.fr", "@appli.fr", 0};
static const char *const app_replies[] = {"secretariat@clinique.fr", 0};

static CONV_APPLY_CONF conf = {
    PD, CONV_NEAR_FIX, CONV_CHECK_MONITOR, 86400500L, app_boxes, app_replies,
};

/* parse - a parsed address, asserting it parses */

static ADDR parse(const char *text)
{
    ADDR    a;

    ck_assert_int_eq(addr_parse(text, strlen(text), &a), ADDR_OK);
    return (a);
}

START_TEST(test_config)
{
    MBPOL_SETTINGS s;
    CONV_CONFIG cc;

    conv_apply_config(&conf, 0, &cc);
    ck_assert_int_eq(cc.near_miss, CONV_NEAR_FIX);
    ck_assert_int_eq(cc.inbound, CONV_CHECK_MONITOR);
    ck_assert_int_eq(cc.expire, 86400);
    ck_assert_ptr_eq(cc.app_replies, app_replies);
    mbpol_settings_init(&s);
    conv_apply_config(&conf, &s, &cc);	/* -1: the configuration's */
    ck_assert_int_eq(cc.near_miss, CONV_NEAR_FIX);
    s.near_miss_fin = CONV_NEAR_REJECT;
    conv_apply_config(&conf, &s, &cc);
    ck_assert_int_eq(cc.near_miss, CONV_NEAR_REJECT);
    s.near_miss_fin = CONV_NEAR_MODE_COUNT;	/* out of range: ignored */
    conv_apply_config(&conf, &s, &cc);
    ck_assert_int_eq(cc.near_miss, CONV_NEAR_FIX);
    ck_assert_int_eq(conv_apply_replies(0), CONV_REPLIES_DEFAULT);
    s.patient_replies = CONV_REPLIES_DEFAULT + 1;
    ck_assert_int_eq(conv_apply_replies(&s), CONV_REPLIES_DEFAULT + 1);
}
END_TEST

START_TEST(test_rcpt)
{
    RCPT_FACTS r;
    ADDR    pat = parse("<" PAT ">");
    ADDR    pro = parse("<dr@hopital.fr>");
    ADDR    null = parse("<>");
    CONV_APPLY_CONF none = conf;

    rcpt_facts_init(&r);
    rcpt_facts_set(&r, PD, "<dr@clinique.fr>");
    ck_assert_int_eq(conv_apply_rcpt(&conf, &pat, &r), 1);
    ck_assert_int_eq(conv_apply_rcpt(&conf, 0, &r), 0);
    ck_assert_int_eq(conv_apply_rcpt(&conf, &pro, &r), 0);
    ck_assert_int_eq(conv_apply_rcpt(&conf, &null, &r), 0);
    none.patient_domain = "";
    ck_assert_int_eq(conv_apply_rcpt(&none, &pat, &r), 0);
    rcpt_facts_set(&r, PD, "<" PAT ">");
    ck_assert_int_eq(conv_apply_rcpt(&conf, &pat, &r), 0);
    rcpt_facts_set(&r, PD, "<pas une adresse>");
    ck_assert_int_eq(conv_apply_rcpt(&conf, &pat, &r), 0);
    rcpt_facts_free(&r);
}
END_TEST

START_TEST(test_pharmacy_hold)
{
    MBPOL_SETTINGS s;
    CONV_RESULT res;

    ck_assert_int_eq(conv_apply_pharmacy(0, 1), 1);
    ck_assert_int_eq(conv_apply_pharmacy(0, 0), 0);
    mbpol_settings_init(&s);
    ck_assert_int_eq(conv_apply_pharmacy(&s, 1), 1);
    s.patients_may_start = 0;
    ck_assert_int_eq(conv_apply_pharmacy(&s, 1), 0);
    s.patients_may_start = 1;
    ck_assert_int_eq(conv_apply_pharmacy(&s, 0), 1);

    memset(&res, 0, sizeof(res));
    res.rule = rule_id(RULE_CONV_CLOSED);
    ck_assert_int_eq(conv_apply_hold(CONV_DECIDED, -1, 1, &res), 1);
    ck_assert_int_eq(conv_apply_hold(CONV_STATE_UNAVAILABLE, -1, 1, &res), 0);
    ck_assert_int_eq(conv_apply_hold(CONV_DECIDED, 0, 1, &res), 0);
    ck_assert_int_eq(conv_apply_hold(CONV_DECIDED, 1, 1, &res), 0);
    ck_assert_int_eq(conv_apply_hold(CONV_DECIDED, -1, 0, &res), 0);
    res.rule = "conv.not_opened";
    ck_assert_int_eq(conv_apply_hold(CONV_DECIDED, -1, 1, &res), 0);
}
END_TEST

START_TEST(test_app_listed)
{
    ck_assert_int_eq(conv_apply_app_listed(&conf, "app@clinique.fr"), 1);
    ck_assert_int_eq(conv_apply_app_listed(&conf, "APP@Clinique.fr"), 1);
    ck_assert_int_eq(conv_apply_app_listed(&conf, "x@clinique.fr"), 0);
    ck_assert_int_eq(conv_apply_app_listed(&conf, "x@appli.fr"), 1);
    ck_assert_int_eq(conv_apply_app_listed(&conf, "x@sous.appli.fr"), 0);
    ck_assert_int_eq(conv_apply_app_listed(&conf, "appli.fr"), 0);
}
END_TEST

START_TEST(test_eom)
{
    static const char *const authors[] = {"<" PAT ">", "bad", "dr@hopital.fr",
    "autre@hopital.fr"};
    CONV_APPLY_EOM e;
    ADDR    null = parse("<>");
    ADDR    pro = parse("<Dr@Hopital.fr>");
    ADDR    pat = parse("<" PAT ">");

    e.author = vstr_alloc(10);
    conv_apply_eom(&conf, 0, REPORT_NONE, authors, 4, &e);
    ck_assert_int_eq(e.null_inbound, 0);
    ck_assert_uint_eq(vstr_len(e.author), 0);

    conv_apply_eom(&conf, &null, REPORT_NONE, authors, 4, &e);
    ck_assert_int_eq(e.null_inbound, 1);
    ck_assert_int_eq(e.null_report, 0);
    ck_assert_str_eq(vstr_str(e.author), "dr@hopital.fr");

    conv_apply_eom(&conf, &null, REPORT_MDN, authors, 4, &e);
    ck_assert_int_eq(e.null_inbound, 1);
    ck_assert_int_eq(e.null_report, 1);
    ck_assert_uint_eq(vstr_len(e.author), 0);

    /* A delivery report's From is a mail system: nothing. */
    conv_apply_eom(&conf, &null, REPORT_DSN, authors, 4, &e);
    ck_assert_int_eq(e.null_inbound, 0);
    ck_assert_uint_eq(vstr_len(e.author), 0);

    conv_apply_eom(&conf, &pro, REPORT_NONE, authors, 4, &e);
    ck_assert_int_eq(e.null_inbound, 0);
    ck_assert_str_eq(vstr_str(e.author), "Dr@hopital.fr");

    conv_apply_eom(&conf, &pat, REPORT_NONE, authors, 4, &e);
    ck_assert_int_eq(e.null_inbound, 0);
    ck_assert_uint_eq(vstr_len(e.author), 0);
    vstr_free(e.author);
}
END_TEST

START_TEST(test_parties)
{
    TRUST_BUILDER *bp = trust_builder_create(4);
    TRUST  *trust;
    CONV_APPLY_PARTIES pt;
    const char *rt = "a@clinique.fr, " PAT ", x@gmail.com, A@clinique.fr, "
	"b@hopital.fr";

    ck_assert_int_eq(trust_builder_add(bp, "clinique.fr", ""), 0);
    ck_assert_int_eq(trust_builder_add(bp, "hopital.fr", ""), 0);
    ck_assert_int_eq(trust_builder_add(bp, PD, ""), 0);
    trust = trust_builder_finish(bp);

    conv_apply_parties(&conf, "dr@hopital.fr", 0, 0, trust, &pt);
    ck_assert_uint_eq(pt.count, 1);
    ck_assert_str_eq(pt.parties[0], "dr@hopital.fr");
    conv_apply_parties_free(&pt);

    conv_apply_parties(&conf, "dr@hopital.fr", rt, strlen(rt), trust, &pt);
    ck_assert_uint_eq(pt.count, 2);
    ck_assert_str_eq(pt.parties[0], "a@clinique.fr");
    ck_assert_str_eq(pt.parties[1], "b@hopital.fr");
    conv_apply_parties_free(&pt);

    /* Nothing usable, or no trust space: the sender. */
    conv_apply_parties(&conf, "dr@hopital.fr", "x@gmail.com", 11, trust, &pt);
    ck_assert_uint_eq(pt.count, 1);
    ck_assert_str_eq(pt.parties[0], "dr@hopital.fr");
    conv_apply_parties_free(&pt);
    conv_apply_parties(&conf, "dr@hopital.fr", rt, strlen(rt), 0, &pt);
    ck_assert_str_eq(pt.parties[0], "dr@hopital.fr");
    conv_apply_parties_free(&pt);
    conv_apply_parties(&conf, "dr@hopital.fr", "((", 2, trust, &pt);
    ck_assert_str_eq(pt.parties[0], "dr@hopital.fr");
    conv_apply_parties_free(&pt);
    conv_apply_parties_free(&pt);	/* twice is harmless */
    trust_free(trust);
}
END_TEST

START_TEST(test_outcome)
{
    CONV_APPLY_OUTCOME o;
    CONV_RESULT res;
    VSTR   *tag = vstr_alloc(10);

    conv_apply_outcome_init(&o);
    ck_assert_int_eq(o.act, VERDICT_CONTINUE);
    ck_assert_int_eq(conv_apply_outcome_tag(&o, tag), 0);
    memset(&res, 0, sizeof(res));

    ck_assert_int_eq(conv_apply_outcome_add(&o, CONV_DECIDED, &res, "p1"), 0);
    res.write = 1;
    ck_assert_int_eq(conv_apply_outcome_add(&o, CONV_DECIDED, &res, "p2"), 1);
    /* Unreadable: never written, remembered. */
    ck_assert_int_eq(conv_apply_outcome_add(&o, CONV_STATE_UNAVAILABLE, &res,
					    "p3"), 0);
    ck_assert_str_eq(o.unavail_addr, "p3");

    /* The first near miss is kept; its edit and tag too. */
    res.events = CONV_EV_NEAR_MISS;
    res.mes_edit = CONV_MES_ADD;
    res.near = SUBJ_NEAR_CASE;
    res.tag = 1;
    ck_assert_int_eq(conv_apply_outcome_add(&o, CONV_DECIDED, &res, "p4"), 1);
    res.tag = 0;
    (void) conv_apply_outcome_add(&o, CONV_DECIDED, &res, "p5");
    ck_assert_str_eq(o.near_addr, "p4");
    ck_assert_int_eq(o.edit, CONV_MES_ADD);
    ck_assert_int_eq(o.act, VERDICT_CONTINUE);
    ck_assert_int_eq(conv_apply_outcome_tag(&o, tag), 1);
    ck_assert_str_eq(vstr_str(tag), "near-miss; rule=conv.near_miss_fin; "
		     "class=near.case; action=warn");

    /* NearMissFin=reject: refused, whatever came first. */
    res.action = VERDICT_REJECT;
    ck_assert_int_eq(conv_apply_outcome_add(&o, CONV_DECIDED, &res, "p6"), 0);
    ck_assert_int_eq(o.act, VERDICT_REJECT);
    ck_assert_str_eq(o.near_addr, "p6");
    ck_assert_int_eq(conv_apply_outcome_tag(&o, tag), 0);
    vstr_free(tag);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("conv_apply");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_config);
    tcase_add_test(tc, test_rcpt);
    tcase_add_test(tc, test_pharmacy_hold);
    tcase_add_test(tc, test_app_listed);
    tcase_add_test(tc, test_eom);
    tcase_add_test(tc, test_parties);
    tcase_add_test(tc, test_outcome);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
