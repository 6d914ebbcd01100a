/*++
/* NAME
/*	check_dir 1
/* SUMMARY
/*	unit tests for dir(3) and dir_cache(3) that need no server
/* SYNOPSIS
/*	check_dir
/* DESCRIPTION
/*	RFC 4515 escaping (every special byte, NUL included), the lookup
/*	cache (hits, negative answers, expiry, LRU eviction, flush, key
/*	length), dir_create() argument checks, and the failure paths with
/*	no server: an unreachable directory gives DIR_TEMPFAIL, never
/*	DIR_NOTFOUND, and the second failure comes at once (backoff).
/*	The lookups against a real slapd are in
/*	tests/integration/mirror-client.sh.
/*--*/

#include <check.h>
#include <ldap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mymalloc.h"
#include "vstr.h"
#include "dir.h"
#include "dir_cache.h"
#include "dir_pool.h"
#include "convdir.h"
#include "trustsnap.h"

/* escape - dir_escape_filter() into a fresh string */

static char *escape(const char *s, size_t len)
{
    VSTR   *v = vstr_alloc(10);

    dir_escape_filter(v, s, len);
    return (vstr_export(v));
}

#define CHECK_ESCAPE(in, len, want) do { \
	char *got = escape((in), (len)); \
	ck_assert_str_eq(got, (want)); \
	myfree(got); \
    } while (0)

START_TEST(test_escape_specials)
{
    CHECK_ESCAPE("*", 1, "\\2a");
    CHECK_ESCAPE("(", 1, "\\28");
    CHECK_ESCAPE(")", 1, "\\29");
    CHECK_ESCAPE("\\", 1, "\\5c");
    CHECK_ESCAPE("\0", 1, "\\00");
    CHECK_ESCAPE("a*b(c)d\\e", 9, "a\\2ab\\28c\\29d\\5ce");
    CHECK_ESCAPE("x)(objectClass=*", 16, "x\\29\\28objectClass=\\2a");
}
END_TEST

START_TEST(test_escape_plain)
{
    CHECK_ESCAPE("jean.exemple@medecin.mssante.fr", 31, "jean.exemple@medecin.mssante.fr");
    CHECK_ESCAPE("", 0, "");
    /* UTF-8 passes through; control characters are escaped. */
    CHECK_ESCAPE("\xc3\xa9", 2, "\xc3\xa9");
    CHECK_ESCAPE("a\nb\x7f", 4, "a\\0ab\\7f");
    /* Bytes after a NUL are kept, escaped or not. */
    CHECK_ESCAPE("a\0*", 3, "a\\00\\2a");
}
END_TEST

START_TEST(test_escape_appends)
{
    VSTR   *v = vstr_alloc(10);

    vstr_strcpy(v, "(mail=");
    dir_escape_filter(v, "*", 1);
    vstr_cat(v, ")");
    ck_assert_str_eq(vstr_str(v), "(mail=\\2a)");
    vstr_free(v);
}
END_TEST

START_TEST(test_cache_hit_miss)
{
    DIR_CACHE *cp = dir_cache_create(100, 4);
    DIR_MAILBOX mb = {"ORG", 1}, out;
    DIR_STATUS st;

    ck_assert_int_eq(dir_cache_get(cp, "a@b", 3, &st, &out), 0);
    dir_cache_put(cp, "a@b", 3, DIR_FOUND, &mb, 60);
    ck_assert_int_eq(dir_cache_get(cp, "a@b", 3, &st, &out), 1);
    ck_assert_int_eq(st, DIR_FOUND);
    ck_assert_str_eq(out.type, "ORG");
    ck_assert_int_eq(out.pharmacy, 1);
    /* The key length counts: a prefix is another key. */
    ck_assert_int_eq(dir_cache_get(cp, "a@b", 2, &st, &out), 0);
    dir_cache_put(cp, "x@y", 3, DIR_NOTFOUND, 0, 60);
    ck_assert_int_eq(dir_cache_get(cp, "x@y", 3, &st, &out), 1);
    ck_assert_int_eq(st, DIR_NOTFOUND);
    /* A replaced answer wins. */
    dir_cache_put(cp, "x@y", 3, DIR_FOUND, &mb, 60);
    ck_assert_int_eq(dir_cache_get(cp, "x@y", 3, &st, &out), 1);
    ck_assert_int_eq(st, DIR_FOUND);
    dir_cache_free(cp);
}
END_TEST

START_TEST(test_cache_ttl)
{
    DIR_CACHE *cp = dir_cache_create(10, 1);
    DIR_MAILBOX mb = {"PER", 0}, out;
    DIR_STATUS st;

    dir_cache_put(cp, "gone@b", 6, DIR_FOUND, &mb, 0);
    ck_assert_int_eq(dir_cache_get(cp, "gone@b", 6, &st, &out), 0);
    dir_cache_put(cp, "short@b", 7, DIR_FOUND, &mb, 1);
    ck_assert_int_eq(dir_cache_get(cp, "short@b", 7, &st, &out), 1);
    sleep(2);
    ck_assert_int_eq(dir_cache_get(cp, "short@b", 7, &st, &out), 0);
    dir_cache_free(cp);
}
END_TEST

START_TEST(test_cache_lru)
{
    DIR_CACHE *cp = dir_cache_create(3, 1);
    DIR_MAILBOX mb = {"PER", 0}, out;
    DIR_STATUS st;
    unsigned long lookups, hits;

    dir_cache_put(cp, "1", 1, DIR_FOUND, &mb, 60);
    dir_cache_put(cp, "2", 1, DIR_FOUND, &mb, 60);
    dir_cache_put(cp, "3", 1, DIR_FOUND, &mb, 60);
    /* Touch 1: then 2 is the least recently used. */
    ck_assert_int_eq(dir_cache_get(cp, "1", 1, &st, &out), 1);
    dir_cache_put(cp, "4", 1, DIR_FOUND, &mb, 60);
    ck_assert_int_eq(dir_cache_get(cp, "2", 1, &st, &out), 0);
    ck_assert_int_eq(dir_cache_get(cp, "1", 1, &st, &out), 1);
    ck_assert_int_eq(dir_cache_get(cp, "3", 1, &st, &out), 1);
    ck_assert_int_eq(dir_cache_get(cp, "4", 1, &st, &out), 1);
    dir_cache_counts(cp, &lookups, &hits);
    ck_assert_uint_eq(lookups, 5);
    ck_assert_uint_eq(hits, 4);
    dir_cache_flush(cp);
    ck_assert_int_eq(dir_cache_get(cp, "1", 1, &st, &out), 0);
    dir_cache_free(cp);
}
END_TEST

START_TEST(test_cache_bounded)
{
    DIR_CACHE *cp = dir_cache_create(64, 16);
    DIR_MAILBOX mb = {"PER", 0}, out;
    DIR_STATUS st;
    char    key[32];
    int     i, present = 0;

    for (i = 0; i < 10000; i++) {
	snprintf(key, sizeof(key), "user%d@x", i);
	dir_cache_put(cp, key, strlen(key), DIR_FOUND, &mb, 60);
    }
    for (i = 0; i < 10000; i++) {
	snprintf(key, sizeof(key), "user%d@x", i);
	present += dir_cache_get(cp, key, strlen(key), &st, &out);
    }
    /* 16 shards of 4 entries each at most. */
    ck_assert_int_le(present, 64);
    ck_assert_int_gt(present, 0);
    dir_cache_free(cp);
}
END_TEST

START_TEST(test_create_checks)
{
    DIR_CONFIG cfg;

    memset(&cfg, 0, sizeof(cfg));
    ck_assert_ptr_null(dir_create(0));
    ck_assert_ptr_null(dir_create(&cfg));
    cfg.uri = "ldap://127.0.0.1:1";
    ck_assert_ptr_null(dir_create(&cfg));	/* no base */
    cfg.base = "o=mssante";
    cfg.uri = "http://example.org/";
    ck_assert_ptr_null(dir_create(&cfg));
    cfg.uri = "ldapi://%2Ftmp%2Fnone";
    dir_free(dir_create(&cfg));
}
END_TEST

START_TEST(test_uri_check)
{
    static const char *const bad[] = {
	"", "not-a-uri", "ldap:/", "ldap://", "127.0.0.1:389", "ldap://h:99999/",
	"ldap://h:-1/", "ldap://h:abc/", "ldapi://relative", "ldap://h/o=x",
	"ldap://h/??sub", "ldap://a b/", "ldap://h/\n", "http://h/", 0,
    };
    static const char *const good[] = {
	"ldap://127.0.0.1/", "ldap://127.0.0.1:389", "ldaps://h:636/",
	"ldap://[::1]:389/", "ldapi://%2Fvar%2Frun%2Fslapd%2Fldapi/", "ldapi:///", 0,
    };
    VSTR   *why = vstr_alloc(10);
    DIR_CONFIG cfg;
    int     i;

    memset(&cfg, 0, sizeof(cfg));
    cfg.base = "o=mssante";
    for (i = 0; bad[i]; i++) {
	ck_assert_msg(dir_uri_check(bad[i], why) < 0, "accepted \"%s\"", bad[i]);
	ck_assert_int_gt(vstr_len(why), 0);
	cfg.uri = bad[i];
	ck_assert_ptr_null(dir_create(&cfg));
    }
    for (i = 0; good[i]; i++)
	ck_assert_msg(dir_uri_check(good[i], why) == 0, "refused \"%s\": %s",
		      good[i], vstr_str(why));
    vstr_free(why);
}
END_TEST

/* No client (none could be built): every path is a directory error. */

START_TEST(test_null_client_is_tempfail)
{
    DIR_MAILBOX mb;
    DIR_FRESHNESS fr;
    TRUST  *trust;
    int     why = 0;

    ck_assert_int_eq(dir_mailbox(0, "a@b.mssante.fr", &mb), DIR_TEMPFAIL);
    ck_assert_int_eq(dir_trust_load(0, &trust), DIR_TEMPFAIL);
    /* The mirror's dates: unknown (0), never left as they were. */
    memset(&fr, 0x55, sizeof(fr));
    ck_assert_int_eq(dir_trust_freshness(0, &fr), DIR_TEMPFAIL);
    ck_assert(fr.wl_generated == 0 && fr.ex_generated == 0 && fr.wl_loaded == 0
	      && fr.ex_loaded == 0);
    memset(&fr, 0x55, sizeof(fr));
    trustsnap_freshness(0, &fr);
    ck_assert(fr.wl_generated == 0 && fr.ex_generated == 0 && fr.wl_loaded == 0
	      && fr.ex_loaded == 0);
    ck_assert_ptr_null(dir_conn_pool(0));
    ck_assert_ptr_null(dir_pool_get(dir_conn_pool(0), &why));
    ck_assert_int_eq(why, LDAP_UNAVAILABLE);
    ck_assert_str_eq(dir_base_dn(0), "");
}
END_TEST

/* The conversation state through a null client: unavailable, never absent. */

START_TEST(test_null_client_conversation)
{
    CONVDIR_KEY key;
    CONV_STATE st;

    convdir_key_init(&key);
    memset(key.id, 'a', sizeof(key.id) - 1);
    key.id[sizeof(key.id) - 1] = 0;
    ck_assert_int_eq(convdir_read(0, &key, &st), DIR_TEMPFAIL);
    ck_assert_int_eq(st.status, CONV_UNAVAILABLE);
    convdir_key_free(&key);
}
END_TEST

START_TEST(test_unreachable_is_tempfail)
{
    DIR_CONFIG cfg;
    DIR_CLIENT *dp;
    DIR_MAILBOX mb;
    DIR_STATS st;
    TRUST  *trust = (TRUST *) 1;
    struct timespec t0, t1;

    memset(&cfg, 0, sizeof(cfg));
    cfg.uri = "ldap://127.0.0.1:1";		/* nothing listens there */
    cfg.base = "o=mssante";
    cfg.timeout_ms = 500;
    cfg.retry_max_ms = 60000;
    dp = dir_create(&cfg);
    ck_assert_ptr_nonnull(dp);
    ck_assert_int_eq(dir_mailbox(dp, "jean@medecin.mssante.fr", &mb), DIR_TEMPFAIL);
    /* Within the backoff, no connection is tried: the answer is immediate. */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(dir_mailbox(dp, "other@medecin.mssante.fr", &mb), DIR_TEMPFAIL);
    ck_assert_int_eq(dir_trust_load(dp, &trust), DIR_TEMPFAIL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_ptr_null(trust);
    ck_assert_int_lt((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000, 200);
    /* Failures are not cached: still a failure, not an answer. */
    ck_assert_int_eq(dir_mailbox(dp, "jean@medecin.mssante.fr", &mb), DIR_TEMPFAIL);
    dir_stats(dp, &st);
    ck_assert_uint_eq(st.cache_hits, 0);
    ck_assert_uint_ge(st.ldap_errors, 3);
    ck_assert_uint_eq(st.reconnects, 1);
    dir_free(dp);
}
END_TEST

START_TEST(test_no_query_needed)
{
    DIR_CONFIG cfg;
    DIR_CLIENT *dp;
    DIR_MAILBOX mb;

    memset(&cfg, 0, sizeof(cfg));
    cfg.uri = "ldap://127.0.0.1:1";
    cfg.base = "o=mssante";
    dp = dir_create(&cfg);
    /* Addresses that cannot be in the mirror need no server. */
    ck_assert_int_eq(dir_mailbox(dp, "", &mb), DIR_NOTFOUND);
    ck_assert_int_eq(dir_mailbox(dp, 0, &mb), DIR_NOTFOUND);
    ck_assert_int_eq(dir_mailbox_len(dp, "a@b\0x", 5, &mb), DIR_NOTFOUND);
    ck_assert_int_eq(dir_mailbox_len(dp, "a\r\n@b", 5, &mb), DIR_NOTFOUND);
    ck_assert_int_eq(dir_mailbox(0, "a@b", &mb), DIR_TEMPFAIL);
    dir_free(dp);
}
END_TEST

START_TEST(test_status_names)
{
    ck_assert_str_eq(dir_status_name(DIR_FOUND), "found");
    ck_assert_str_eq(dir_status_name(DIR_NOTFOUND), "not found");
    ck_assert_str_eq(dir_status_name(DIR_TEMPFAIL), "directory error");
}
END_TEST

/* dir_suite - the tests */

static Suite *dir_suite(void)
{
    Suite  *s = suite_create("dir");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_escape_specials);
    tcase_add_test(tc, test_escape_plain);
    tcase_add_test(tc, test_escape_appends);
    tcase_add_test(tc, test_cache_hit_miss);
    tcase_add_test(tc, test_cache_ttl);
    tcase_add_test(tc, test_cache_lru);
    tcase_add_test(tc, test_cache_bounded);
    tcase_add_test(tc, test_create_checks);
    tcase_add_test(tc, test_uri_check);
    tcase_add_test(tc, test_null_client_is_tempfail);
    tcase_add_test(tc, test_null_client_conversation);
    tcase_add_test(tc, test_unreachable_is_tempfail);
    tcase_add_test(tc, test_no_query_needed);
    tcase_add_test(tc, test_status_names);
    suite_add_tcase(s, tc);
    return (s);
}

/* main - run the suite */

int     main(void)
{
    SRunner *sr = srunner_create(dir_suite());
    int     failed;

    (void) signal(SIGPIPE, SIG_IGN);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
