/*++
/* NAME
/*	check_progress 1
/* SUMMARY
/*	unit tests for progress(3)
/* SYNOPSIS
/*	check_progress
/* DESCRIPTION
/*	The text of a line (counts grouped by thousands, rate, percentage,
/*	estimate, byte sizes, the summary), and the handle driven by a
/*	fake clock into a memory stream: lines at most every
/*	PROGRESS_INTERVAL, each ending with a carriage return and blanking
/*	a longer previous one, the summary ending with a newline, and
/*	nothing at all where no terminal is watching.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "progress.h"

/* fmt - progress_format() into a fresh string */

static char *fmt(const char *unit, long long count, long long bytes,
		         long long total, double elapsed, int final)
{
    VSTR   *buf = vstr_alloc(10);

    progress_format(buf, unit, count, bytes, total, elapsed, final);
    return (vstr_export(buf));
}

#define CK_FMT(want, unit, count, bytes, total, elapsed, final) do { \
	char *got_ = fmt(unit, count, bytes, total, elapsed, final); \
	ck_assert_str_eq(got_, want); \
	myfree(got_); \
    } while (0)

START_TEST(test_counts)
{
    /* 63,000 of 100,000 bytes in 3 s: 37,000 more take 1.76 s. */
    CK_FMT("12,345 lines, 4,115/s, 63%, ETA 0:02", "lines", 12345, 63000, 100000, 3.0, 0);
    CK_FMT("0 lines", "lines", 0, 0, 0, 0.0, 0);
    CK_FMT("999 records, 999/s", "records", 999, 0, 0, 1.0, 0);
    CK_FMT("1,000 records, 500/s", "records", 1000, 0, 0, 2.0, 0);
    CK_FMT("1,234,567,890 entries", "entries", 1234567890LL, 0, 0, 0.0, 0);
    /* No rate nor estimate before 0.1 s of history; the percentage yes. */
    CK_FMT("5 lines, 10%", "lines", 5, 10, 100, 0.05, 0);
    /* An estimate needs bytes done. */
    CK_FMT("0 lines, 0/s, 0%", "lines", 0, 0, 100, 1.0, 0);
    /* A file that grew: capped at 100%, no estimate. */
    CK_FMT("7 lines, 7/s, 100%", "lines", 7, 150, 100, 1.0, 0);
}
END_TEST

START_TEST(test_eta)
{
    /* 1% in 60 s: 99 minutes left. */
    CK_FMT("1 lines, 0/s, 1%, ETA 1:39:00", "lines", 1, 1, 100, 60.0, 0);
    CK_FMT("10 lines, 1/s, 50%, ETA 0:10", "lines", 10, 50, 100, 10.0, 0);
    CK_FMT("10 lines, 2/s, 90%, ETA 0:01", "lines", 10, 90, 100, 5.0, 0);
}
END_TEST

START_TEST(test_bytes)
{
    CK_FMT("512 B", 0, 0, 512, 0, 0.0, 0);
    CK_FMT("12.3 MB of 90.0 MB, 4.1 MB/s, 13%, ETA 0:19", 0, 0, 12300000,
	   90000000, 3.0, 0);
    CK_FMT("1.5 kB, 1.5 kB/s", 0, 0, 1500, 0, 1.0, 0);
    CK_FMT("2.0 GB, 1.0 GB/s", 0, 0, 2000000000LL, 0, 2.0, 0);
    CK_FMT("90.0 MB in 0:22, 4.1 MB/s", 0, 0, 90000000, 90000000, 22.0, 1);
}
END_TEST

START_TEST(test_final)
{
    CK_FMT("535,000 lines in 0:12, 44,583/s", "lines", 535000, 1, 2, 12.0, 1);
    CK_FMT("3 records in 0:00", "records", 3, 10, 100, 0.01, 1);
    CK_FMT("7 lines in 1:01:01, 0/s", "lines", 7, 0, 0, 3661.0, 1);
}
END_TEST

 /*
  * A clock the test moves by hand.
  */
static double fake_now;

static double fake_clock(void)
{
    return (fake_now);
}

 /*
  * A memory stream standing for stderr.
  */
typedef struct SINK {
    char   *buf;
    size_t  len;
    FILE   *fp;
} SINK;

static void sink_open(SINK *sk)
{
    sk->buf = 0;
    sk->len = 0;
    sk->fp = open_memstream(&sk->buf, &sk->len);
    ck_assert_ptr_nonnull(sk->fp);
}

/* sink_text - everything written so far */

static const char *sink_text(SINK *sk)
{
    fflush(sk->fp);
    return (sk->buf ? sk->buf : "");
}

static void sink_close(SINK *sk)
{
    fclose(sk->fp);
    free(sk->buf);
}

START_TEST(test_throttle)
{
    SINK    sk;
    PROGRESS *pg;
    long long i;

    sink_open(&sk);
    fake_now = 100.0;
    pg = progress_open(PROGRESS_ON, sk.fp, "checking", "lines", 1000);
    ck_assert_ptr_nonnull(pg);
    progress_clock(pg, fake_clock);
    /* 0.1 s apart: a line every third update (0.3 s >= 0.25 s). */
    for (i = 1; i <= 6; i++) {
	fake_now = 100.0 + 0.1 * (double) i;
	progress_update(pg, i * 100, i * 100);
	if (i == 1 || i == 2)
	    ck_assert_str_eq(sink_text(&sk), "");
    }
    ck_assert_str_eq(sink_text(&sk),
		     "checking: 300 lines, 1,000/s, 30%, ETA 0:01\r"
		     "checking: 600 lines, 1,000/s, 60%, ETA 0:00\r");
    /* A shorter line blanks the end of the longer one before it. */
    progress_total(pg, 0);
    fake_now = 100.9;
    progress_update(pg, 700, 700);
    ck_assert_str_eq(sink_text(&sk),
		     "checking: 300 lines, 1,000/s, 30%, ETA 0:01\r"
		     "checking: 600 lines, 1,000/s, 60%, ETA 0:00\r"
		     "checking: 700 lines, 778/s                 \r");
    fake_now = 101.0;
    progress_finish(pg);
    ck_assert_str_eq(sink_text(&sk) + 3 * 44,
		     "checking: 700 lines in 0:01, 700/s\n");
    sink_close(&sk);
}
END_TEST

START_TEST(test_quiet)
{
    SINK    sk;
    PROGRESS *pg;

    sink_open(&sk);

    /* A memory stream is no terminal: automatic means silent. */
    ck_assert_ptr_null(progress_open(PROGRESS_AUTO, sk.fp, "x", "lines", 0));
    ck_assert_ptr_null(progress_open(PROGRESS_OFF, sk.fp, "x", "lines", 0));
    pg = 0;
    progress_clock(pg, fake_clock);
    progress_total(pg, 10);
    progress_update(pg, 1, 1);
    progress_finish(pg);
    ck_assert_str_eq(sink_text(&sk), "");
    sink_close(&sk);
}
END_TEST

START_TEST(test_short_job)
{
    SINK    sk;
    PROGRESS *pg;

    sink_open(&sk);

    /* Done before the first interval: the summary alone. */
    fake_now = 5.0;
    pg = progress_open(PROGRESS_ON, sk.fp, "download", 0, 0);
    progress_clock(pg, fake_clock);
    fake_now = 5.2;
    progress_update(pg, 0, 4000);
    fake_now = 5.24;
    progress_finish(pg);
    ck_assert_str_eq(sink_text(&sk), "download: 4.0 kB in 0:00, 16.7 kB/s\n");
    sink_close(&sk);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("progress");
    TCase  *tc = tcase_create("progress");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_counts);
    tcase_add_test(tc, test_eta);
    tcase_add_test(tc, test_bytes);
    tcase_add_test(tc, test_final);
    tcase_add_test(tc, test_throttle);
    tcase_add_test(tc, test_quiet);
    tcase_add_test(tc, test_short_job);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
