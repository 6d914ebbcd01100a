/*++
/* NAME
/*	check_audit_writer 1
/* SUMMARY
/*	unit tests of audit(3), the audit trail writer
/* SYNOPSIS
/*	check_audit_writer
/* DESCRIPTION
/*	Each test writes into its own temporary directory and reads the
/*	file back: chain links, sequence numbers, checkpoint MACs,
/*	restart and rotation links, and the failure paths (no key, a key
/*	others can read, no directory, not a regular file, a second
/*	writer, a full file system simulated with RLIMIT_FSIZE, a
/*	rotation whose new file cannot be created).
/*--*/

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vstr.h"
#include "audit.h"
#include "audit_chain.h"
#include "audit_time.h"
#include "audit_util.h"

/* The trail of each test: audit_util(3). */
static AUDIT_FIX fx;
static char *const dir = fx.dir;
static char *const path = fx.path;
static char *const keyfile = fx.keyfile;

#define cf	(fx.cf)
#define why	(fx.why)
#define key	(fx.key)

/* setup - a temporary directory with a key file */

static void setup(void)
{
    audit_util_setup(&fx, "check_audit_writer");
}

/* teardown - remove the directory */

static void teardown(void)
{
    audit_util_teardown(&fx);
}

/* The file read back: audit_util(3). */
typedef AUDIT_LINES LINES;

#define read_lines(file)	audit_util_read(file)
#define free_lines(l)		audit_util_free(l)
#define type_of(l, i)		audit_util_str((l), (i), "type")
#define str_of(l, i, name)	audit_util_str((l), (i), (name))
#define seq_of(l, i)		audit_util_int((l), (i), "seq")

/* hash_of - hash of line i */

static void hash_of(LINES *l, int i, char out[AUDIT_HEX_LEN + 1])
{
    audit_chain_hash(l->text[i], strlen(l->text[i]), out);
}

/* check_chain - links, seq and seal MACs inside one file */

static void check_chain(LINES *l, const char *first_prev)
{
    char    h[AUDIT_HEX_LEN + 1];
    int     i;

    for (i = 0; i < l->count; i++) {
	if (i == 0) {
	    if (first_prev)
		ck_assert_str_eq(str_of(l, 0, "prev"), first_prev);
	} else {
	    hash_of(l, i - 1, h);
	    ck_assert_msg(strcmp(str_of(l, i, "prev"), h) == 0, "line %d bad link", i + 1);
	    ck_assert_int_eq(seq_of(l, i), seq_of(l, i - 1) + 1);
	}
	if (audit_chain_is_seal(type_of(l, i)))
	    ck_assert_msg(audit_util_seal_ok(key, l, i), "line %d: bad seal", i + 1);
	else
	    ck_assert_ptr_null(json_object_get(l->rec[i], "mac"));
	ck_assert_int_eq(json_integer_value(json_object_get(l->rec[i], "v")), 1);
	ck_assert_str_eq(str_of(l, i, "host"), "mx-test");
    }
}

#define write_txn(a, rcpt)	audit_util_txn((a), (rcpt), why)
#define open_ok()		audit_util_open(&fx)

START_TEST(test_defaults_and_parsers)
{
    AUDIT_CONFIG c;
    AUDIT_SYNC s;
    AUDIT_ON_ERROR o;
    int     ms = 0;

    audit_config_init(&c);
    ck_assert_ptr_null(c.path);
    ck_assert_int_eq(c.sync, AUDIT_SYNC_INTERVAL);
    ck_assert_int_eq(c.sync_interval_ms, 1000);
    ck_assert_int_eq(c.checkpoint_s, 300);
    ck_assert_int_eq(c.on_error, AUDIT_ON_ERROR_TEMPFAIL);
    ck_assert_int_eq(c.file_mode, 0640);
    ck_assert_int_eq(audit_sync_parse("every", &s, &ms), 0);
    ck_assert_int_eq(s, AUDIT_SYNC_EVERY);
    ck_assert_int_eq(audit_sync_parse("NONE", &s, &ms), 0);
    ck_assert_int_eq(s, AUDIT_SYNC_NONE);
    ck_assert_int_eq(audit_sync_parse("interval", &s, &ms), 0);
    ck_assert_int_eq(ms, 1000);
    ck_assert_int_eq(audit_sync_parse("2s", &s, &ms), 0);
    ck_assert_int_eq(s, AUDIT_SYNC_INTERVAL);
    ck_assert_int_eq(ms, 2000);
    ck_assert_int_eq(audit_sync_parse("250ms", &s, &ms), 0);
    ck_assert_int_eq(ms, 250);
    ck_assert_int_lt(audit_sync_parse("5ms", &s, &ms), 0);
    ck_assert_int_lt(audit_sync_parse("2h", &s, &ms), 0);
    ck_assert_int_lt(audit_sync_parse("-1s", &s, &ms), 0);
    ck_assert_int_lt(audit_sync_parse("", &s, &ms), 0);
    ck_assert_int_lt(audit_sync_parse("99999999999s", &s, &ms), 0);
    ck_assert_int_eq(audit_on_error_parse("accept", &o), 0);
    ck_assert_int_eq(o, AUDIT_ON_ERROR_ACCEPT);
    ck_assert_int_eq(audit_on_error_parse("tempfail", &o), 0);
    ck_assert_int_eq(o, AUDIT_ON_ERROR_TEMPFAIL);
    ck_assert_int_lt(audit_on_error_parse("ignore", &o), 0);
}
END_TEST

START_TEST(test_open_needs_key)
{
    cf.key_file = 0;
    ck_assert_ptr_null(audit_open(&cf, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "AuditKeyFile"));
    cf.key_file = keyfile;
    chmod(keyfile, 0644);
    ck_assert_ptr_null(audit_open(&cf, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "chmod"));
    ck_assert_int_ne(access(path, F_OK), 0);	/* nothing created */
}
END_TEST

START_TEST(test_open_unwritable)
{
    cf.path = "/nonexistent-dir/audit.log";
    ck_assert_ptr_null(audit_open(&cf, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "cannot open"));
    cf.path = dir;				/* a directory */
    ck_assert_ptr_null(audit_open(&cf, why));
    cf.path = "/dev/full";			/* not a regular file */
    ck_assert_ptr_null(audit_open(&cf, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "regular file"));
}
END_TEST

START_TEST(test_second_writer_refused)
{
    AUDIT  *a = open_ok();

    ck_assert_ptr_null(audit_open(&cf, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "locked"));
    audit_close(a);
}
END_TEST

START_TEST(test_write_chain)
{
    AUDIT  *a = open_ok();
    LINES  *l;
    struct stat st;

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    ck_assert_int_eq(write_txn(a, "c@d.mssante.fr"), 0);
    ck_assert_int_eq(write_txn(a, "285037728417346@patient.mssante.fr"), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(l->count, 5);
    ck_assert_str_eq(type_of(l, 0), "file-start");
    ck_assert_str_eq(str_of(l, 0, "reason"), "start");
    ck_assert_str_eq(str_of(l, 0, "key_id"), "3821404771a80b7d");
    ck_assert_int_eq(seq_of(l, 0), 0);
    ck_assert_str_eq(type_of(l, 1), "txn");
    ck_assert_int_eq(json_integer_value(json_object_get(l->rec[0], "checkpoint_s")), 300);
    ck_assert_str_eq(type_of(l, 4), "checkpoint");
    ck_assert_str_eq(str_of(l, 4, "reason"), "stop");
    /* Records since the last seal: the file-start is one. */
    ck_assert_int_eq(json_integer_value(json_object_get(l->rec[4], "records")), 3);
    check_chain(l, AUDIT_CHAIN_ZERO);
    ck_assert_ptr_null(strstr(l->text[3], "285037728417346"));
    free_lines(l);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
}
END_TEST

START_TEST(test_record_time_and_seq_last)
{
    AUDIT  *a = open_ok();
    LINES  *l;
    const char *text;
    long long ms;

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(audit_time_parse(str_of(l, 1, "time"), &ms, 0), 0);
    ck_assert_int_eq(strlen(str_of(l, 1, "time")), 24);
    /* seq and prev close every record: the writer appends them. */
    text = l->text[1];
    ck_assert_ptr_nonnull(strstr(text, ",\"seq\":1,\"prev\":\""));
    ck_assert_int_eq(text[strlen(text) - 1], '}');
    free_lines(l);
}
END_TEST

/* fake_clock - a fixed time for the clock hook */

static void fake_clock(struct timespec *ts)
{
    ts->tv_sec = 1714552200;
    ts->tv_nsec = 125000000;
}

START_TEST(test_clock_hook)
{
    AUDIT  *a;
    LINES  *l;

    cf.clock = fake_clock;
    a = open_ok();
    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_str_eq(str_of(l, 1, "time"), "2024-05-01T08:30:00.125Z");
    free_lines(l);
}
END_TEST

START_TEST(test_restart_links_tail)
{
    AUDIT  *a = open_ok();
    LINES  *l;
    char    h[AUDIT_HEX_LEN + 1];

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_close(a);
    a = open_ok();
    ck_assert_int_eq(write_txn(a, "c@d.mssante.fr"), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(l->count, 6);
    ck_assert_str_eq(type_of(l, 3), "restart");
    ck_assert_str_eq(str_of(l, 3, "last_record"), "ok");
    ck_assert_int_eq(json_integer_value(json_object_get(l->rec[3], "cut_bytes")), 0);
    hash_of(l, 2, h);
    ck_assert_str_eq(str_of(l, 3, "prev"), h);
    check_chain(l, AUDIT_CHAIN_ZERO);
    free_lines(l);
}
END_TEST

START_TEST(test_partial_tail_cut)
{
    AUDIT  *a = open_ok();
    LINES  *l;
    int     fd;

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_close(a);
    fd = open(path, O_WRONLY | O_APPEND);
    ck_assert_int_eq(write(fd, "{\"v\":1,\"par", 11), 11);
    close(fd);
    a = open_ok();
    audit_close(a);
    l = read_lines(path);
    ck_assert_str_eq(type_of(l, 3), "restart");
    ck_assert_int_eq(json_integer_value(json_object_get(l->rec[3], "cut_bytes")), 11);
    check_chain(l, AUDIT_CHAIN_ZERO);
    free_lines(l);
}
END_TEST

START_TEST(test_rotation)
{
    AUDIT  *a = open_ok();
    LINES  *l1, *l2;
    char    old[160], h[AUDIT_HEX_LEN + 1];

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    ck_assert_int_eq(write_txn(a, "c@d.mssante.fr"), 0);
    snprintf(old, sizeof(old), "%s.1", path);
    ck_assert_int_eq(rename(path, old), 0);
    /* Records written between rename and reopen go to the old file. */
    ck_assert_int_eq(write_txn(a, "e@f.mssante.fr"), 0);
    ck_assert_int_eq(audit_reopen(a, why), 0);
    ck_assert_int_eq(write_txn(a, "g@h.mssante.fr"), 0);
    audit_close(a);
    l1 = read_lines(old);
    l2 = read_lines(path);
    ck_assert_int_eq(l1->count, 5);			/* start, 3 txn, checkpoint */
    ck_assert_str_eq(type_of(l1, 4), "checkpoint");
    ck_assert_str_eq(type_of(l2, 0), "file-start");
    ck_assert_str_eq(str_of(l2, 0, "reason"), "reopen");
    hash_of(l1, l1->count - 1, h);
    ck_assert_str_eq(str_of(l2, 0, "prev"), h);
    ck_assert_int_eq(seq_of(l2, 0), seq_of(l1, l1->count - 1) + 1);
    check_chain(l1, AUDIT_CHAIN_ZERO);
    check_chain(l2, h);
    free_lines(l1);
    free_lines(l2);
}
END_TEST

START_TEST(test_reopen_same_file_noop)
{
    AUDIT  *a = open_ok();
    LINES  *l;

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    ck_assert_int_eq(audit_reopen(a, why), 0);
    ck_assert_int_eq(audit_reopen(a, why), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(l->count, 3);
    free_lines(l);
}
END_TEST

START_TEST(test_reopen_copytruncate)
{
    AUDIT  *a = open_ok();
    LINES  *l;

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    ck_assert_int_eq(truncate(path, 0), 0);
    ck_assert_int_eq(audit_reopen(a, why), 0);
    ck_assert_int_eq(write_txn(a, "c@d.mssante.fr"), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_str_eq(type_of(l, 0), "file-start");
    ck_assert_str_eq(str_of(l, 0, "reason"), "truncated");
    check_chain(l, 0);
    free_lines(l);
}
END_TEST

START_TEST(test_reopen_fails_keeps_old)
{
    AUDIT  *a = open_ok();
    LINES  *l;
    char    moved[96], moved_log[160];

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    /* The whole directory goes away: the new file cannot be created. */
    snprintf(moved, sizeof(moved), "%s.moved", dir);
    ck_assert_int_eq(rename(dir, moved), 0);
    ck_assert_int_lt(audit_reopen(a, why), 0);
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "cannot open"));
    ck_assert_int_eq(write_txn(a, "c@d.mssante.fr"), 0);
    audit_close(a);
    snprintf(moved_log, sizeof(moved_log), "%s/audit.log", moved);
    l = read_lines(moved_log);
    ck_assert_int_eq(l->count, 5);		/* start, txn, cp, txn, cp */
    check_chain(l, AUDIT_CHAIN_ZERO);
    free_lines(l);
    ck_assert_int_eq(rename(moved, dir), 0);
}
END_TEST

START_TEST(test_start_links_previous_generation)
{
    AUDIT  *a = open_ok();
    LINES  *l1, *l2;
    char    old[160], h[AUDIT_HEX_LEN + 1];

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_close(a);
    snprintf(old, sizeof(old), "%s.1", path);
    ck_assert_int_eq(rename(path, old), 0);	/* rotated while stopped */
    a = open_ok();
    audit_close(a);
    l1 = read_lines(old);
    l2 = read_lines(path);
    hash_of(l1, l1->count - 1, h);
    ck_assert_str_eq(type_of(l2, 0), "file-start");
    ck_assert_str_eq(str_of(l2, 0, "prev"), h);
    ck_assert_str_eq(str_of(l2, 0, "prev_file"), old);
    ck_assert_int_eq(seq_of(l2, 0), seq_of(l1, l1->count - 1) + 1);
    free_lines(l1);
    free_lines(l2);
}
END_TEST

START_TEST(test_disk_full)
{
    AUDIT  *a = open_ok();
    struct rlimit rl;
    struct stat before, after;
    LINES  *l;

    signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    ck_assert_int_eq(stat(path, &before), 0);
    /* Room for 50 more bytes: the next record does not fit. */
    getrlimit(RLIMIT_FSIZE, &rl);
    rl.rlim_cur = before.st_size + 50;
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    ck_assert_int_lt(write_txn(a, "c@d.mssante.fr"), 0);
    ck_assert_uint_gt(vstr_len(why), 0);
    ck_assert_int_eq(stat(path, &after), 0);
    ck_assert_int_eq(after.st_size, before.st_size);	/* no partial line */
    ck_assert_int_lt(write_txn(a, "e@f.mssante.fr"), 0);
    rl.rlim_cur = rl.rlim_max;
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    ck_assert_int_eq(write_txn(a, "g@h.mssante.fr"), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(l->count, 4);		/* start, txn, txn, cp */
    check_chain(l, AUDIT_CHAIN_ZERO);
    free_lines(l);
}
END_TEST

static time_t tick_now = 1714552200;

/* tick_clock - a clock the test moves */

static void tick_clock(struct timespec *ts)
{
    ts->tv_sec = tick_now;
    ts->tv_nsec = 0;
}

START_TEST(test_checkpoint_explicit_and_interval)
{
    AUDIT  *a;
    LINES  *l;

    cf.checkpoint_s = 10;
    cf.clock = tick_clock;
    a = open_ok();
    ck_assert_int_eq(audit_checkpoint(a, why), 0);	/* file-start is a seal */
    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    ck_assert_int_eq(audit_checkpoint(a, why), 0);	/* seals the txn */
    ck_assert_int_eq(audit_checkpoint(a, why), 0);	/* nothing new: none */
    tick_now += 9;
    ck_assert_int_eq(audit_tick(a, why), 0);		/* not due yet */
    tick_now += 1;
    ck_assert_int_eq(audit_tick(a, why), 0);		/* due, nothing new */
    tick_now += 11;
    ck_assert_int_eq(write_txn(a, "c@d.mssante.fr"), 0);	/* checkpoint first */
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(l->count, 7);
    ck_assert_str_eq(type_of(l, 1), "txn");
    ck_assert_str_eq(type_of(l, 2), "checkpoint");
    ck_assert_int_eq(json_integer_value(json_object_get(l->rec[2], "records")), 1);
    ck_assert_str_eq(type_of(l, 3), "checkpoint");
    ck_assert_str_eq(str_of(l, 3, "reason"), "interval");
    ck_assert_int_eq(json_integer_value(json_object_get(l->rec[3], "records")), 0);
    ck_assert_str_eq(type_of(l, 4), "checkpoint");
    ck_assert_str_eq(type_of(l, 5), "txn");
    ck_assert_str_eq(type_of(l, 6), "checkpoint");
    ck_assert_str_eq(str_of(l, 6, "reason"), "stop");
    check_chain(l, AUDIT_CHAIN_ZERO);
    free_lines(l);
}
END_TEST

START_TEST(test_sync_modes)
{
    AUDIT  *a;
    LINES  *l;

    cf.sync = AUDIT_SYNC_EVERY;
    a = open_ok();
    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_close(a);
    cf.sync = AUDIT_SYNC_INTERVAL;
    cf.sync_interval_ms = 10;
    a = open_ok();
    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    usleep(50000);
    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(l->count, 7);
    check_chain(l, AUDIT_CHAIN_ZERO);
    free_lines(l);
}
END_TEST

#define THREADS	4
#define PER_THREAD 100

/* writer_thread - many writes at once */

static void *writer_thread(void *arg)
{
    AUDIT  *a = arg;
    VSTR   *w = vstr_alloc(10);
    int     i, fails = 0;

    for (i = 0; i < PER_THREAD; i++) {
	AUDIT_TXN *txn = audit_new_txn(a);

	audit_txn_begin(txn);
	audit_txn_rcpt(txn, "x@y.mssante.fr", 0);
	fails += audit_write(a, txn, AUDIT_END_EOM, w) < 0;
	audit_txn_free(txn);
    }
    vstr_free(w);
    return ((void *) (long) fails);
}

START_TEST(test_threads)
{
    AUDIT  *a;
    pthread_t t[THREADS];
    void   *ret;
    LINES  *l;
    int     i;

    cf.sync = AUDIT_SYNC_INTERVAL;
    cf.sync_interval_ms = 10;
    a = open_ok();
    for (i = 0; i < THREADS; i++)
	ck_assert_int_eq(pthread_create(&t[i], 0, writer_thread, a), 0);
    for (i = 0; i < THREADS; i++) {
	pthread_join(t[i], &ret);
	ck_assert_int_eq((long) ret, 0);
    }
    audit_close(a);
    l = read_lines(path);
    ck_assert_int_eq(l->count, THREADS * PER_THREAD + 2);
    check_chain(l, AUDIT_CHAIN_ZERO);
    free_lines(l);
}
END_TEST

START_TEST(test_null_audit)
{
    AUDIT_TXN *txn = audit_txn_create(key, 0);

    audit_txn_begin(txn);
    ck_assert_int_eq(audit_write(0, txn, AUDIT_END_EOM, why), 0);
    ck_assert_int_eq(audit_txn_pending(txn), 0);
    ck_assert_int_eq(audit_write(0, 0, AUDIT_END_EOM, why), 0);
    ck_assert_ptr_null(audit_key(0));
    ck_assert_int_eq(audit_reopen(0, why), 0);
    ck_assert_int_eq(audit_checkpoint(0, why), 0);
    audit_close(0);
    audit_txn_free(txn);
}
END_TEST

START_TEST(test_head)
{
    AUDIT  *a = open_ok();
    LINES  *l;
    long long seq;
    char    head[AUDIT_HEX_LEN + 1], h[AUDIT_HEX_LEN + 1];

    ck_assert_int_eq(write_txn(a, "a@b.mssante.fr"), 0);
    audit_head(a, &seq, head);
    ck_assert_int_eq(seq, 2);
    l = read_lines(path);
    hash_of(l, 1, h);
    ck_assert_str_eq(head, h);
    free_lines(l);
    audit_close(a);
}
END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("audit_writer");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_defaults_and_parsers);
    tcase_add_test(tc, test_open_needs_key);
    tcase_add_test(tc, test_open_unwritable);
    tcase_add_test(tc, test_second_writer_refused);
    tcase_add_test(tc, test_write_chain);
    tcase_add_test(tc, test_record_time_and_seq_last);
    tcase_add_test(tc, test_clock_hook);
    tcase_add_test(tc, test_restart_links_tail);
    tcase_add_test(tc, test_partial_tail_cut);
    tcase_add_test(tc, test_rotation);
    tcase_add_test(tc, test_reopen_same_file_noop);
    tcase_add_test(tc, test_reopen_copytruncate);
    tcase_add_test(tc, test_reopen_fails_keeps_old);
    tcase_add_test(tc, test_start_links_previous_generation);
    tcase_add_test(tc, test_disk_full);
    tcase_add_test(tc, test_checkpoint_explicit_and_interval);
    tcase_add_test(tc, test_sync_modes);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_null_audit);
    tcase_add_test(tc, test_head);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
