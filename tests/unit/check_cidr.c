/*++
/* NAME
/*	check_cidr 1
/* SUMMARY
/*	unit tests for cidr(3)
/* SYNOPSIS
/*	check_cidr
/* DESCRIPTION
/*	Networks and hosts in IPv4 and IPv6, prefix boundaries, host bits
/*	set below the prefix, IPv4-mapped IPv6 clients, list parsing with
/*	commas and blanks, and every kind of malformed network.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"

/* list_of - a list from text, asserting it parses */

static CIDR_LIST *list_of(const char *text)
{
    CIDR_LIST *list = cidr_list_create();
    const char *why = 0;
    size_t  where = 0;

    ck_assert_msg(cidr_list_parse(list, text, &why, &where) == 0,
		  "parse \"%s\": %s", text, why ? why : "?");
    return (list);
}

START_TEST(test_defaults)
{
    CIDR_LIST *list = list_of("127.0.0.1/8, ::1/128");

    ck_assert_uint_eq(cidr_list_count(list), 2);
    ck_assert_int_eq(cidr_list_match_str(list, "127.0.0.1"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "127.255.255.254"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "128.0.0.1"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "126.255.255.255"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "::1"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "::2"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "::ffff:127.0.0.1"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "::ffff:10.0.0.1"), 0);
    cidr_list_free(list);
}
END_TEST

START_TEST(test_prefixes)
{
    CIDR_LIST *list = list_of("192.0.2.0/25 10.1.2.3 2001:db8::/33 [fe80::]/10");

    ck_assert_int_eq(cidr_list_match_str(list, "192.0.2.0"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "192.0.2.127"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "192.0.2.128"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "10.1.2.3"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "10.1.2.4"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "2001:db8:7fff::1"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "2001:db8:8000::1"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "fe80::1"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "febf::1"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "fec0::1"), 0);
    cidr_list_free(list);
}
END_TEST

START_TEST(test_zero_and_full)
{
    CIDR_LIST *all4 = list_of("0.0.0.0/0");
    CIDR_LIST *all6 = list_of("::/0");

    ck_assert_int_eq(cidr_list_match_str(all4, "203.0.113.9"), 1);
    ck_assert_int_eq(cidr_list_match_str(all4, "2001:db8::1"), 0);
    ck_assert_int_eq(cidr_list_match_str(all4, "::ffff:203.0.113.9"), 1);
    ck_assert_int_eq(cidr_list_match_str(all6, "2001:db8::1"), 1);
    /* An IPv4 client is not matched by an IPv6 network list. */
    ck_assert_int_eq(cidr_list_match_str(all6, "203.0.113.9"), 0);
    cidr_list_free(all4);
    cidr_list_free(all6);
}
END_TEST

START_TEST(test_host_bits)
{
    CIDR_LIST *list = list_of("10.9.8.7/16");

    ck_assert_int_eq(cidr_list_match_str(list, "10.9.0.1"), 1);
    ck_assert_int_eq(cidr_list_match_str(list, "10.10.0.1"), 0);
    cidr_list_free(list);
}
END_TEST

START_TEST(test_bytes)
{
    CIDR_LIST *list = list_of("198.51.100.0/24");
    unsigned char in[4] = {198, 51, 100, 7};
    unsigned char out[4] = {198, 51, 101, 7};

    ck_assert_int_eq(cidr_list_match(list, CIDR_FAMILY_INET, in), 1);
    ck_assert_int_eq(cidr_list_match(list, CIDR_FAMILY_INET, out), 0);
    ck_assert_int_eq(cidr_list_match(list, 99, in), 0);
    ck_assert_int_eq(cidr_list_match(0, CIDR_FAMILY_INET, in), 0);
    ck_assert_int_eq(cidr_list_match(list, CIDR_FAMILY_INET, 0), 0);
    cidr_list_free(list);
}
END_TEST

START_TEST(test_empty)
{
    CIDR_LIST *list = list_of("  , ,");

    ck_assert_uint_eq(cidr_list_count(list), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "127.0.0.1"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, "not an address"), 0);
    ck_assert_int_eq(cidr_list_match_str(list, 0), 0);
    cidr_list_free(list);
}
END_TEST

static const struct {
    const char *text;
    size_t  where;
}       bad[] = {
    {"10.0.0.0/33", 0},
    {"::/129", 0},
    {"10.0.0.0/", 0},
    {"10.0.0.0/8x", 0},
    {"10.0.0.0/-1", 0},
    {"10.0.0", 0},
    {"10.0.0.256", 0},
    {"host.example", 0},
    {"[10.0.0.1]", 0},
    {"2001:db8:::1", 0},
    {"127.0.0.1/8, 10.0.0.0/99", 13},
    {"127.0.0.1 /8", 10},
    {"01234567890123456789012345678901234567890123456789012345678901234567890", 0},
};

START_TEST(test_bad)
{
    CIDR_LIST *list = cidr_list_create();
    const char *why = 0;
    size_t  where = 999;

    ck_assert_int_eq(cidr_list_parse(list, bad[_i].text, &why, &where), -1);
    ck_assert_ptr_nonnull(why);
    ck_assert_uint_eq(where, bad[_i].where);
    cidr_list_free(list);
}
END_TEST

START_TEST(test_add_errors)
{
    CIDR_LIST *list = cidr_list_create();
    const char *why = 0;

    ck_assert_int_eq(cidr_list_add(list, "", &why), -1);
    ck_assert_str_eq(why, "empty network");
    ck_assert_int_eq(cidr_list_add(list, 0, &why), -1);
    ck_assert_int_eq(cidr_list_add(list, "1.2.3.4/32", &why), 0);
    ck_assert_uint_eq(cidr_list_count(list), 1);
    cidr_list_free(list);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("cidr");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_prefixes);
    tcase_add_test(tc, test_zero_and_full);
    tcase_add_test(tc, test_host_bits);
    tcase_add_test(tc, test_bytes);
    tcase_add_test(tc, test_empty);
    tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, test_add_errors);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
