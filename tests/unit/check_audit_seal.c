/*++
/* NAME
/*	check_audit_seal 1
/* SUMMARY
/*	unit tests of the audit writer's seals: timer, closing, anchors
/* SYNOPSIS
/*	check_audit_seal
/* DESCRIPTION
/*	The seals of audit(3), as mssante-milter-audit(5) describes
/*	them: the timer writes a checkpoint every AuditCheckpoint seconds
/*	even when no record comes (a quiet period is sealed); a rotated
/*	file always ends with a checkpoint of reason rotate, even right
/*	after another checkpoint, and a closed one with reason stop;
/*	file-start and restart records are seals too (MAC over the
/*	record, the interval in force); every seal's seq and head go to
/*	the log, which mssante-audit verify --anchor reads.
/*--*/

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vstr.h"
#include "audit.h"
#include "audit_chain.h"
#include "audit_time.h"
#include "audit_util.h"

/* The trail of each test: audit_util(3). */
static AUDIT_FIX fx;

#define dir	(fx.dir)
#define path	(fx.path)
#define cf	(fx.cf)
#define why	(fx.why)
#define key	(fx.key)

/* setup - a temporary directory with a key file */

static void setup(void)
{
    audit_util_setup(&fx, "check_audit_seal");
}

/* teardown - remove the directory */

static void teardown(void)
{
    audit_util_teardown(&fx);
}

#define str_of(l, i, name)	audit_util_str((l), (i), (name))
#define int_of(l, i, name)	audit_util_int((l), (i), (name))
#define seal_ok(l, i)		audit_util_seal_ok(key, (l), (i))

#define write_txn(a)	audit_util_txn((a), "b@c.mssante.fr", why)
#define open_ok()	audit_util_open(&fx)

/* time_of - "time" of line i in ms */

static long long time_of(AUDIT_LINES *l, int i)
{
    long long ms = 0;

    ck_assert_int_eq(audit_time_parse(str_of(l, i, "time"), &ms, 0), 0);
    return (ms);
}

START_TEST(test_timer_seals_quiet_period)
{
    AUDIT  *a;
    AUDIT_LINES *l;
    char    logname[160], anchor[200];
    FILE   *fp;
    char   *log = 0;
    size_t  cap = 0;
    int     i, saved, fd, cps = 0;

    /* The log (stderr) is where syslog's copy of the heads would be. */
    snprintf(logname, sizeof(logname), "%s/log", dir);
    fd = open(logname, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    saved = dup(2);
    dup2(fd, 2);
    close(fd);
    cf.checkpoint_s = 1;
    a = open_ok();
    ck_assert_int_eq(write_txn(a), 0);
    usleep(3500000);			/* quiet: no record comes */
    l = audit_util_read(path);			/* while it runs */
    dup2(saved, 2);
    close(saved);
    ck_assert_str_eq(str_of(l, 1, "type"), "txn");
    for (i = 2; i < l->count; i++) {
	ck_assert_str_eq(str_of(l, i, "type"), "checkpoint");
	ck_assert_str_eq(str_of(l, i, "reason"), "interval");
	ck_assert_int_eq(int_of(l, i, "records"), i == 2 ? 1 : 0);
	ck_assert_msg(seal_ok(l, i), "line %d: bad MAC", i + 1);
	/* One a second, by the records' clock: no gap left unsealed. */
	ck_assert_int_le(time_of(l, i) - time_of(l, i - 1), 2500);
	cps++;
    }
    ck_assert_int_ge(cps, 2);

    /* Every seal's head is in the log, as verify --anchor reads it. */
    fp = fopen(logname, "r");
    ck_assert_int_gt(getdelim(&log, &cap, 0, fp), 0);
    fclose(fp);
    for (i = 0; i < l->count; i++) {
	char    h[AUDIT_HEX_LEN + 1];

	if (i == 1)
	    continue;
	audit_chain_hash(l->text[i], strlen(l->text[i]), h);
	snprintf(anchor, sizeof(anchor), "seq %lld, head %s", int_of(l, i, "seq"), h);
	ck_assert_msg(strstr(log, anchor) != 0, "no \"%s\" in the log", anchor);
    }
    free(log);
    audit_util_free(l);
    audit_close(a);
}
END_TEST

START_TEST(test_no_timer_without_interval)
{
    AUDIT  *a;
    AUDIT_LINES *l;

    cf.checkpoint_s = 0;
    a = open_ok();
    ck_assert_int_eq(write_txn(a), 0);
    usleep(1200000);
    l = audit_util_read(path);
    ck_assert_int_eq(l->count, 2);		/* file-start, txn */
    ck_assert_int_eq(int_of(l, 0, "checkpoint_s"), 0);
    audit_util_free(l);
    audit_close(a);
}
END_TEST

START_TEST(test_closing_checkpoints)
{
    AUDIT  *a;
    AUDIT_LINES *l1, *l2, *l3;
    char    old1[160], old2[160];
    int     i;

    snprintf(old1, sizeof(old1), "%s.1", path);
    snprintf(old2, sizeof(old2), "%s.2", path);
    a = open_ok();
    ck_assert_int_eq(write_txn(a), 0);
    /* Rotated right after a checkpoint: still closed, with reason rotate. */
    ck_assert_int_eq(audit_checkpoint(a, why), 0);
    ck_assert_int_eq(rename(path, old2), 0);
    ck_assert_int_eq(audit_reopen(a, why), 0);
    /* Rotated with nothing but its file-start. */
    ck_assert_int_eq(rename(path, old1), 0);
    ck_assert_int_eq(audit_reopen(a, why), 0);
    ck_assert_int_eq(write_txn(a), 0);
    audit_close(a);
    l1 = audit_util_read(old2);
    l2 = audit_util_read(old1);
    l3 = audit_util_read(path);
    ck_assert_int_eq(l1->count, 4);		/* start, txn, interval, rotate */
    ck_assert_str_eq(str_of(l1, 2, "reason"), "interval");
    ck_assert_str_eq(str_of(l1, 3, "type"), "checkpoint");
    ck_assert_str_eq(str_of(l1, 3, "reason"), "rotate");
    ck_assert_int_eq(int_of(l1, 3, "records"), 0);
    ck_assert_int_eq(l2->count, 2);		/* file-start, rotate */
    ck_assert_str_eq(str_of(l2, 1, "reason"), "rotate");
    ck_assert_str_eq(str_of(l3, l3->count - 1, "type"), "checkpoint");
    ck_assert_str_eq(str_of(l3, l3->count - 1, "reason"), "stop");
    for (i = 0; i < l1->count; i++)
	if (i != 1)
	    ck_assert_msg(seal_ok(l1, i), "%s line %d: bad MAC", old2, i + 1);
    ck_assert(seal_ok(l2, 0) && seal_ok(l2, 1));
    ck_assert(seal_ok(l3, 0) && seal_ok(l3, l3->count - 1));
    audit_util_free(l1);
    audit_util_free(l2);
    audit_util_free(l3);
}
END_TEST

START_TEST(test_start_records_are_seals)
{
    AUDIT  *a;
    AUDIT_LINES *l;

    cf.checkpoint_s = 120;
    a = open_ok();
    ck_assert_int_eq(write_txn(a), 0);
    audit_close(a);
    a = open_ok();				/* restart on the same file */
    audit_close(a);
    l = audit_util_read(path);
    ck_assert_int_eq(l->count, 5);
    ck_assert_str_eq(str_of(l, 0, "type"), "file-start");
    ck_assert_int_eq(int_of(l, 0, "checkpoint_s"), 120);
    ck_assert(seal_ok(l, 0));
    ck_assert_str_eq(str_of(l, 3, "type"), "restart");
    ck_assert_int_eq(int_of(l, 3, "checkpoint_s"), 120);
    ck_assert(seal_ok(l, 3));
    ck_assert_ptr_null(json_object_get(l->rec[1], "mac"));
    /* A changed member breaks the MAC: the seal covers itself. */
    l->text[3][strstr(l->text[3], "\"checkpoint_s\":120") - l->text[3] + 15] = '9';
    ck_assert(!seal_ok(l, 3));
    audit_util_free(l);
}
END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("audit_seal");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_timer_seals_quiet_period);
    tcase_add_test(tc, test_no_timer_without_interval);
    tcase_add_test(tc, test_closing_checkpoints);
    tcase_add_test(tc, test_start_records_are_seals);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
