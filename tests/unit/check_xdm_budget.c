/*++
/* NAME
/*	check_xdm_budget 1
/* SUMMARY
/*	unit tests for the cost limits of IHE_XDM archives: xdm_budget(3),
/*	the ratio floor of xdm(3), the per-message budget of xdm_msg(3)
/* SYNOPSIS
/*	check_xdm_budget
/* DESCRIPTION
/*	Archives are built at run time with libzip (docs_util(3)). The
/*	ratio limit applies to every entry past a 64 KB floor (it used to
/*	start at 1 MB, so that a 100 KB archive of many 900 KB entries
/*	was read whole); a message's archives share one budget: archives,
/*	entries, inflated octets and time, charged as the work goes.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mymalloc.h"
#include "vstr.h"
#include "mime.h"
#include "xdm.h"
#include "xdm_budget.h"
#include "xdm_msg.h"
#include "docs_util.h"

static XDM_LIMITS lim;

/* setup - library initialisation and default limits */

static void setup(void)
{
    xdm_init();
    xdm_limits_init(&lim);
}

/* spaces_xml - an XML document of len octets, mostly blanks */

static char *spaces_xml(size_t len)
{
    char   *buf = mymalloc(len);

    memset(buf, ' ', len);
    memcpy(buf, "<a>", 3);
    memcpy(buf + len - 4, "</a>", 4);
    return (buf);
}

/* noise_xml - an XML document of len octets that compresses badly */

static char *noise_xml(size_t len)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned long seed = 42;
    char   *buf = mymalloc(len);
    size_t  i;

    for (i = 0; i < len; i++) {
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	buf[i] = letters[(seed >> 33) % 62];
    }
    memcpy(buf, "<a>", 3);
    memcpy(buf + len - 4, "</a>", 4);
    return (buf);
}

/* metadata_zip - an archive whose METADATA.XML is xml (freed) */

static char *metadata_zip(char *xml, size_t xlen, size_t *zlen)
{
    DOCS_UTIL_ENTRY e[1] = {{"IHE_XDM/SUBSET01/METADATA.XML", 0, 0}};
    char   *zip;

    e[0].data = xml;
    e[0].len = xlen;
    zip = docs_util_zip(e, 1, zlen, 0);
    myfree(xml);
    return (zip);
}

/* read_one - one archive, with a budget or none */

static XDM_RESULT *read_one(const char *zip, size_t len, XDM_BUDGET *b)
{
    XDM_RESULT *res = xdm_result_create();
    FILE   *fp = tmpfile();

    ck_assert_uint_eq(fwrite(zip, 1, len, fp), len);
    fflush(fp);
    (void) xdm_read_fd_budget(fileno(fp), &lim, b, res);
    fclose(fp);
    return (res);
}

START_TEST(test_ratio_every_entry)
{
    size_t  len;
    char   *zip;
    XDM_RESULT *res;

    /* 512 KB of blanks in ~1 KB: under the old 1 MB threshold, read whole. */
    zip = metadata_zip(spaces_xml(512 * 1024), 512 * 1024, &len);
    ck_assert_uint_lt(len, 4096);
    res = read_one(zip, len, 0);
    ck_assert_int_eq(res->status, XDM_ERR_ZIP_BOMB);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "ratio"));
    xdm_result_free(res);
    myfree(zip);

    /* A tiny entry with a high ratio stays under the floor: read. */
    zip = metadata_zip(spaces_xml(60 * 1024), 60 * 1024, &len);
    ck_assert_uint_gt(60 * 1024 / len, 100);
    res = read_one(zip, len, 0);
    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_uint_eq(res->nsubsets, 1);
    xdm_result_free(res);
    myfree(zip);
}
END_TEST

START_TEST(test_budget_entries)
{
    DOCS_UTIL_ENTRY e[12];
    char    names[12][40];
    XDM_BUDGET b;
    XDM_RESULT *res;
    size_t  len, i;
    char   *zip, *meta = docs_util_file("metadata-cda.xml", &len);

    e[0].name = "IHE_XDM/SUBSET01/METADATA.XML";
    e[0].data = meta;
    e[0].len = len;
    for (i = 1; i < 12; i++) {
	snprintf(names[i], sizeof(names[i]), "IHE_XDM/SUBSET01/F%02zu.TXT", i);
	e[i].name = names[i];
	e[i].data = "x";
	e[i].len = 1;
    }
    zip = docs_util_zip(e, 12, &len, 0);
    lim.msg_max_entries = 20;
    xdm_budget_start(&b, &lim);
    res = read_one(zip, len, &b);
    ck_assert_int_eq(res->status, XDM_OK);
    xdm_result_free(res);
    /* The second archive takes the message over 20 entries. */
    res = read_one(zip, len, &b);
    ck_assert_int_eq(res->status, XDM_ERR_BUDGET);
    ck_assert_int_eq(xdm_status_unsafe(res->status), 1);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "more than 20 zip entries"));
    ck_assert_uint_eq(res->nsubsets, 0);
    xdm_result_free(res);
    /* Spent: a third fails at once, whatever it holds. */
    res = read_one("not a zip", 9, &b);
    ck_assert_int_eq(res->status, XDM_ERR_BUDGET);
    xdm_result_free(res);
    myfree(zip);
    myfree(meta);
}
END_TEST

START_TEST(test_budget_inflated)
{
    size_t  len;
    char   *zip = metadata_zip(noise_xml(600 * 1024), 600 * 1024, &len);
    XDM_BUDGET b;
    XDM_RESULT *res;

    lim.msg_max_inflated = 1024 * 1024;
    xdm_budget_start(&b, &lim);
    res = read_one(zip, len, &b);
    /* Not well-formed as XML (no markup inside), but read whole. */
    ck_assert_int_ne(res->status, XDM_ERR_BUDGET);
    ck_assert_uint_eq(b.inflated, 600 * 1024);
    xdm_result_free(res);
    /* The second stops at the first chunk past 1 MB, not at its end. */
    res = read_one(zip, len, &b);
    ck_assert_int_eq(res->status, XDM_ERR_BUDGET);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "decompressed"));
    ck_assert_uint_le(b.inflated, 1024 * 1024 + 65536);
    xdm_result_free(res);
    myfree(zip);
}
END_TEST

START_TEST(test_budget_time)
{
    size_t  len;
    char   *zip = metadata_zip(spaces_xml(60 * 1024), 60 * 1024, &len);
    XDM_BUDGET b;
    XDM_RESULT *res;

    lim.msg_max_ms = 500;
    xdm_budget_start(&b, &lim);
    res = read_one(zip, len, &b);
    ck_assert_int_eq(res->status, XDM_OK);
    xdm_result_free(res);
    /* As if 1 s had gone by: the next chunk stops the read. */
    b.start_ms -= 1000;
    res = read_one(zip, len, &b);
    ck_assert_int_eq(res->status, XDM_ERR_TIME);
    ck_assert_int_eq(xdm_status_unsafe(res->status), 0);
    ck_assert_int_eq(xdm_status_stops(res->status), 1);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "may take 500 ms"));
    xdm_result_free(res);
    ck_assert_int_eq(xdm_budget_archive(&b, res = xdm_result_create()), XDM_ERR_TIME);
    xdm_result_free(res);
    ck_assert_str_eq(xdm_status_name(XDM_ERR_TIME), "time");
    ck_assert_str_eq(xdm_status_name(XDM_ERR_BUDGET), "budget");
    /* A null budget never fails; 0 is no limit. */
    ck_assert_int_eq(xdm_budget_inflate(0, (uint64_t) 1 << 40, 0), XDM_OK);
    lim.msg_max_ms = 0;
    xdm_budget_start(&b, &lim);
    b.start_ms -= 1000000;
    res = read_one(zip, len, &b);
    ck_assert_int_eq(res->status, XDM_OK);
    xdm_result_free(res);
    myfree(zip);
}
END_TEST

/* scan - a message of n copies of one archive through xdm_msg_scan() */

static XDM_MSG *scan(const char *zip, size_t zlen, int n, MIME_MSG **mp)
{
    MIME_LIMITS mlim;
    MIME_MSG *m;
    XDM_MSG *xm = xdm_msg_create();
    VSTR   *body = vstr_alloc(zlen * 2);

    docs_util_xdm_parts(body, zip, zlen, n);
    vstr_cat(body, "--b--\r\n");
    mime_limits_init(&mlim);
    m = mime_msg_create(&mlim);
    mime_msg_header(m, "MIME-Version", "1.0");
    mime_msg_header(m, "Content-Type", "multipart/mixed; boundary=\"b\"");
    mime_msg_eoh(m);
    mime_msg_body(m, vstr_str(body), vstr_len(body));
    ck_assert_int_eq(mime_msg_finish(m), MIME_OK);
    (void) xdm_msg_scan(xm, m, &lim, 0);
    vstr_free(body);
    *mp = m;
    return (xm);
}

START_TEST(test_msg_archives)
{
    size_t  zlen, i;
    char   *zip = docs_util_xdm_zip(&zlen);
    const char *rcpt[1] = {"285037728417346"};
    const DOCRULES_FACTS *f;
    MIME_MSG *m;
    XDM_MSG *xm;

    /* Ten archives are read; the eleventh and twelfth are not opened. */
    xm = scan(zip, zlen, 12, &m);
    ck_assert_uint_eq(xdm_msg_archive_count(xm), 12);
    for (i = 0; i < 10; i++)
	ck_assert_int_eq(xdm_msg_archive(xm, i)->status, XDM_OK);
    for (i = 10; i < 12; i++) {
	ck_assert_int_eq(xdm_msg_archive(xm, i)->status, XDM_ERR_BUDGET);
	ck_assert_uint_eq(xdm_msg_archive(xm, i)->nentries, 0);
    }
    ck_assert_ptr_nonnull(strstr(vstr_str(xdm_msg_archive(xm, 10)->error),
				 "more than 10 IHE_XDM archives"));
    ck_assert_int_eq(xdm_msg_timed_out(xm), 0);
    f = xdm_msg_facts(xm, m, 0, rcpt, 1);
    ck_assert_uint_eq(f->xdm_unsafe, 2);
    ck_assert_str_eq(f->xdm_unsafe_error, "analyse trop couteuse: trop d'archives, "
		     "de fichiers ou de donnees a decompresser dans le message");
    xdm_msg_free(xm);
    mime_msg_free(m);
    myfree(zip);
}
END_TEST

START_TEST(test_msg_time)
{
    size_t  zlen;
    const char *rcpt[1] = {"285037728417346"};
    const DOCRULES_FACTS *f;
    MIME_MSG *m;
    XDM_MSG *xm;
    char   *zip;

    /* Three 1 MB archives cannot be decoded and read in 1 ms. */
    zip = metadata_zip(noise_xml(1024 * 1024), 1024 * 1024, &zlen);
    lim.msg_max_ms = 1;
    xm = scan(zip, zlen, 3, &m);
    ck_assert_int_eq(xdm_msg_timed_out(xm), 1);
    ck_assert_int_eq(xdm_msg_archive(xm, 2)->status, XDM_ERR_TIME);
    /* Our time, not the sender's archive: neither unsafe nor invalid. */
    f = xdm_msg_facts(xm, m, 0, rcpt, 1);
    ck_assert_uint_eq(f->xdm_unsafe + f->xdm_invalid, 0);
    ck_assert_str_eq(xdm_status_text_fr(XDM_ERR_TIME),
		     "analyse des documents interrompue: delai depasse");
    xdm_msg_free(xm);
    mime_msg_free(m);
    myfree(zip);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("xdm_budget");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_ratio_every_entry);
    tcase_add_test(tc, test_budget_entries);
    tcase_add_test(tc, test_budget_inflated);
    tcase_add_test(tc, test_budget_time);
    tcase_add_test(tc, test_msg_archives);
    tcase_add_test(tc, test_msg_time);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
