/*++
/* NAME
/*	check_metrics 1
/* SUMMARY
/*	unit tests of metrics(3): counters and their Prometheus text
/* SYNOPSIS
/*	check_metrics
/* DESCRIPTION
/*	Each hook moves exactly its sample of metrics_render()'s text:
/*	decisions by rule (none, a table id, other), action (applied,
/*	monitor's would-reject) and stage, MAIL FROM passes not counted;
/*	message results at and before end of message; reply classes;
/*	the directory and audit histograms (the bucket of a 3 ms lookup,
/*	+Inf and count equal); conversation write statuses passed through.
/*	The text has HELP and TYPE before the samples of every metric.
/*	Tests compare before and after, so they also hold without fork.
/*	The endpoint itself is tested by tests/integration/metrics.sh.
/*--*/

#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "verdict.h"
#include "decide.h"
#include "convdir.h"
#include "metrics.h"

/* sample - value of one sample (name and labels as written), 0 if absent */

static unsigned long long sample(const char *name)
{
    VSTR   *text = vstr_alloc(4096);
    const char *cp;
    size_t  len = strlen(name);
    unsigned long long val = 0;

    metrics_render(text);
    for (cp = vstr_str(text); cp && *cp; cp = strchr(cp, '\n'), cp = cp ? cp + 1 : 0) {
	if (strncmp(cp, name, len) == 0 && cp[len] == ' ') {
	    val = strtoull(cp + len + 1, 0, 10);
	    break;
	}
    }
    vstr_free(text);
    return (val);
}

#define DEC(rule, act, dir, stage) \
    "mssante_milter_decisions_total{rule=\"" rule "\",action=\"" act \
    "\",direction=\"" dir "\",stage=\"" stage "\"}"

START_TEST(test_decisions)
{
    VERDICT v;
    unsigned long long none_rcpt = sample(DEC("none", "accept", "inbound", "rcpt"));
    unsigned long long ins = sample(DEC("ins.key", "reject", "outbound", "rcpt"));
    unsigned long long would = sample(DEC("ins.key", "would-reject", "inbound", "eom"));
    unsigned long long other = sample(DEC("other", "tempfail", "inbound", "mail"));
    unsigned long long none_mail = sample(DEC("none", "accept", "inbound", "mail"));

    verdict_init(&v);
    metrics_count_decision(&v, DECIDE_DIR_INBOUND, METRICS_STAGE_MAIL);
    metrics_count_decision(&v, DECIDE_DIR_INBOUND, METRICS_STAGE_RCPT);
    metrics_count_decision(&v, DECIDE_DIR_INBOUND, METRICS_STAGE_RCPT);
    ck_assert_uint_eq(sample(DEC("none", "accept", "inbound", "mail")), none_mail);
    ck_assert_uint_eq(sample(DEC("none", "accept", "inbound", "rcpt")), none_rcpt + 2);

    verdict_set(&v, VERDICT_REJECT, "ins.key", 0, VERDICT_LANG_FR);
    ck_assert_str_eq(v.rule, "ins.key");
    metrics_count_decision(&v, DECIDE_DIR_OUTBOUND, METRICS_STAGE_RCPT);
    ck_assert_uint_eq(sample(DEC("ins.key", "reject", "outbound", "rcpt")), ins + 1);

    /* Monitor mode: the rule and its codes stay, the action does not. */
    v.action = VERDICT_CONTINUE;
    metrics_count_decision(&v, DECIDE_DIR_INBOUND, METRICS_STAGE_EOM);
    ck_assert_uint_eq(sample(DEC("ins.key", "would-reject", "inbound", "eom")), would + 1);

    /* An id outside the table is counted, as other. */
    v.action = VERDICT_TEMPFAIL;
    v.rule = "no.such_rule";
    metrics_count_decision(&v, DECIDE_DIR_INBOUND, METRICS_STAGE_MAIL);
    ck_assert_uint_eq(sample(DEC("other", "tempfail", "inbound", "mail")), other + 1);
    v.rule = 0;
    verdict_free(&v);
}
END_TEST

#define MSG(r)	"mssante_milter_messages_total{result=\"" r "\"}"

START_TEST(test_messages)
{
    DECIDE_MSG msg;
    unsigned long long acc = sample(MSG("accept"));
    unsigned long long rej = sample(MSG("reject"));
    unsigned long long tmp = sample(MSG("tempfail"));
    unsigned long long abo = sample(MSG("aborted"));
    unsigned long long open = sample("mssante_milter_transactions_open");

    memset(&msg, 0, sizeof(msg));
    /* Accepted at end of message. */
    metrics_txn_begin();
    ck_assert_uint_eq(sample("mssante_milter_transactions_open"), open + 1);
    msg.rcpts = msg.accepted = 1;
    metrics_count_message(&msg, 1);
    ck_assert_uint_eq(sample("mssante_milter_transactions_open"), open);
    ck_assert_uint_eq(sample(MSG("accept")), acc + 1);
    /* Every recipient refused, the worst for now. */
    metrics_txn_begin();
    msg.rcpts = 2;
    msg.accepted = 0;
    msg.rcpt_worst = VERDICT_TEMPFAIL;
    metrics_count_message(&msg, 0);
    ck_assert_uint_eq(sample(MSG("tempfail")), tmp + 1);
    /* Abandoned with a recipient accepted. */
    metrics_txn_begin();
    msg.accepted = 1;
    metrics_count_message(&msg, 0);
    ck_assert_uint_eq(sample(MSG("aborted")), abo + 1);
    /* Refused at MAIL FROM, and at end of message. */
    metrics_txn_begin();
    msg.rcpts = msg.accepted = 0;
    msg.action = VERDICT_REJECT;
    metrics_count_message(&msg, 0);
    metrics_txn_begin();
    metrics_count_message(&msg, 1);
    ck_assert_uint_eq(sample(MSG("reject")), rej + 2);
    ck_assert_uint_eq(sample("mssante_milter_transactions_open"), open);
}
END_TEST

#define REPLY(c) "mssante_milter_smtp_replies_total{class=\"" c "\"}"

START_TEST(test_replies)
{
    VERDICT v;
    unsigned long long c2 = sample(REPLY("2xx"));
    unsigned long long c4 = sample(REPLY("4xx"));
    unsigned long long c5 = sample(REPLY("5xx"));

    verdict_init(&v);
    metrics_count_reply(&v);
    verdict_set(&v, VERDICT_QUARANTINE, "doc.codecda", 0, VERDICT_LANG_FR);
    metrics_count_reply(&v);
    verdict_set(&v, VERDICT_REJECT, "trust.rcpt_domain", 0, VERDICT_LANG_FR);
    metrics_count_reply(&v);
    verdict_set(&v, VERDICT_TEMPFAIL, "dir.error", 0, VERDICT_LANG_FR);
    metrics_count_reply(&v);
    /* dir.error rejected gets 550: a 5xx. */
    verdict_set(&v, VERDICT_REJECT, "dir.error", 0, VERDICT_LANG_FR);
    metrics_count_reply(&v);
    ck_assert_uint_eq(sample(REPLY("2xx")), c2 + 2);
    ck_assert_uint_eq(sample(REPLY("4xx")), c4 + 1);
    ck_assert_uint_eq(sample(REPLY("5xx")), c5 + 2);
    verdict_free(&v);
}
END_TEST

#define DIRH	"mssante_milter_directory_lookup_duration_seconds"

START_TEST(test_directory)
{
    unsigned long long b25 = sample(DIRH "_bucket{le=\"0.0025\"}");
    unsigned long long b5 = sample(DIRH "_bucket{le=\"0.005\"}");
    unsigned long long inf = sample(DIRH "_bucket{le=\"+Inf\"}");
    unsigned long long hits = sample("mssante_milter_directory_cache_hits_total");
    unsigned long long miss = sample("mssante_milter_directory_cache_misses_total");
    unsigned long long errs = sample("mssante_milter_directory_errors_total");
    unsigned long long all = sample("mssante_milter_directory_lookups_total");

    metrics_dir_cache_hit();
    /* 3 ms ago: after the 2.5 ms bucket, within the 5 ms one. */
    metrics_dir_lookup(0, metrics_clock() - 0.003);
    metrics_dir_lookup(1, metrics_clock() - 100);
    ck_assert_uint_eq(sample(DIRH "_bucket{le=\"0.0025\"}"), b25);
    ck_assert_uint_eq(sample(DIRH "_bucket{le=\"0.005\"}"), b5 + 1);
    ck_assert_uint_eq(sample(DIRH "_bucket{le=\"10\"}"), b5 + 1);
    ck_assert_uint_eq(sample(DIRH "_bucket{le=\"+Inf\"}"), inf + 2);
    ck_assert_uint_eq(sample(DIRH "_count"), inf + 2);
    ck_assert_uint_ge(sample(DIRH "_sum"), 100);
    ck_assert_uint_eq(sample("mssante_milter_directory_cache_hits_total"), hits + 1);
    ck_assert_uint_eq(sample("mssante_milter_directory_cache_misses_total"), miss + 2);
    ck_assert_uint_eq(sample("mssante_milter_directory_errors_total"), errs + 1);
    ck_assert_uint_eq(sample("mssante_milter_directory_lookups_total"), all + 3);
}
END_TEST

#define CONV(r)	"mssante_milter_conversation_writes_total{result=\"" r "\"}"

START_TEST(test_audit_conv)
{
    unsigned long long ok = sample("mssante_milter_audit_writes_total");
    unsigned long long bad = sample("mssante_milter_audit_write_errors_total");
    unsigned long long n = sample("mssante_milter_audit_write_duration_seconds_count");
    unsigned long long w = sample(CONV("written"));
    unsigned long long c = sample(CONV("conflict"));
    unsigned long long e = sample(CONV("error"));

    metrics_audit_write(0, metrics_clock());
    metrics_audit_write(-1, metrics_clock());
    ck_assert_uint_eq(sample("mssante_milter_audit_writes_total"), ok + 1);
    ck_assert_uint_eq(sample("mssante_milter_audit_write_errors_total"), bad + 1);
    ck_assert_uint_eq(sample("mssante_milter_audit_write_duration_seconds_count"), n + 2);
    ck_assert_int_eq(metrics_conv_write(CONVDIR_WRITTEN), CONVDIR_WRITTEN);
    ck_assert_int_eq(metrics_conv_write(CONVDIR_CONFLICT), CONVDIR_CONFLICT);
    ck_assert_int_eq(metrics_conv_write(CONVDIR_WERROR), CONVDIR_WERROR);
    ck_assert_uint_eq(sample(CONV("written")), w + 1);
    ck_assert_uint_eq(sample(CONV("conflict")), c + 1);
    ck_assert_uint_eq(sample(CONV("error")), e + 1);
}
END_TEST

/* base - a sample's metric: name without labels and histogram suffix */

static void base(const char *line, const char *types, char *out, size_t size)
{
    size_t  len = strcspn(line, "{ ");
    static const char *const sfx[] = {"_bucket", "_sum", "_count"};
    size_t  i, sl;

    (void) snprintf(out, size, "%.*s", (int) len, line);
    for (i = 0; i < 3; i++) {
	sl = strlen(sfx[i]);
	if (len > sl && strcmp(out + len - sl, sfx[i]) == 0) {
	    char    want[200];

	    (void) snprintf(want, sizeof(want), "\n%.*s histogram\n", (int) (len - sl), out);
	    if (strstr(types, want))
		out[len - sl] = 0;
	}
    }
}

START_TEST(test_format)
{
    VSTR   *text = vstr_alloc(4096);
    VSTR   *types = vstr_alloc(1024);
    char    help[256], type[256], name[200], *line, *nl;
    VERDICT v;

    verdict_init(&v);
    metrics_count_decision(&v, DECIDE_DIR_INBOUND, METRICS_STAGE_RCPT);
    verdict_free(&v);
    metrics_render(text);
    ck_assert(vstr_len(text) > 0 && vstr_str(text)[vstr_len(text) - 1] == '\n');
    ck_assert_ptr_nonnull(strstr(vstr_str(text), "\nmssante_milter_build_info{version=\""
				 PACKAGE_VERSION "\"} 1\n"));
    /* Every TYPE, as "\nNAME TYPE\n", to find histogram names. */
    vstr_cat(types, "\n");
    for (line = vstr_str(text); (nl = strchr(line, '\n')) != 0; line = nl + 1)
	if (strncmp(line, "# TYPE ", 7) == 0) {
	    vstr_ncat(types, line + 7, (size_t) (nl - line - 7));
	    vstr_cat(types, "\n");
	}
    for (line = vstr_str(text); (nl = strchr(line, '\n')) != 0; line = nl + 1) {
	if (line[0] == '#') {
	    ck_assert(strncmp(line, "# HELP mssante_milter_", 22) == 0
		      || strncmp(line, "# TYPE mssante_milter_", 22) == 0);
	    continue;
	}
	ck_assert_msg(strncmp(line, "mssante_milter_", 15) == 0, "%.80s", line);
	base(line, vstr_str(types), name, sizeof(name));
	(void) snprintf(help, sizeof(help), "# HELP %s ", name);
	(void) snprintf(type, sizeof(type), "# TYPE %s ", name);
	/* Both come before the sample, HELP first. */
	ck_assert_msg(strstr(vstr_str(text), help) != 0
		      && strstr(vstr_str(text), help) < strstr(vstr_str(text), type)
		      && strstr(vstr_str(text), type) < line, "no HELP/TYPE for %s", name);
    }
    vstr_free(types);
    vstr_free(text);
}
END_TEST

static Suite *metrics_suite(void)
{
    Suite  *s = suite_create("metrics");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_decisions);
    tcase_add_test(tc, test_messages);
    tcase_add_test(tc, test_replies);
    tcase_add_test(tc, test_directory);
    tcase_add_test(tc, test_audit_conv);
    tcase_add_test(tc, test_format);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(metrics_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
