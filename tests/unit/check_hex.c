/*++
/* NAME
/*	check_hex 1
/* SUMMARY
/*	unit tests for hex(3)
/* SYNOPSIS
/*	check_hex
/* DESCRIPTION
/*	Encoding is lower-case and NUL-terminated; decoding accepts both
/*	cases, refuses odd lengths and non-digits, and stops at a NUL
/*	instead of reading past a short string.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

START_TEST(test_digit)
{
    ck_assert_int_eq(hex_digit('0'), 0);
    ck_assert_int_eq(hex_digit('9'), 9);
    ck_assert_int_eq(hex_digit('a'), 10);
    ck_assert_int_eq(hex_digit('F'), 15);
    ck_assert_int_eq(hex_digit('g'), -1);
    ck_assert_int_eq(hex_digit(0), -1);
    ck_assert_int_eq(hex_digit(0xff), -1);
}
END_TEST

START_TEST(test_roundtrip)
{
    unsigned char bin[4] = {0x00, 0x7f, 0xa5, 0xff}, back[4];
    char    out[9];

    memset(out, 'x', sizeof(out));
    hex_encode(bin, sizeof(bin), out);
    ck_assert_str_eq(out, "007fa5ff");
    ck_assert_int_eq(hex_decode(out, 8, back), 4);
    ck_assert_int_eq(memcmp(bin, back, 4), 0);
    ck_assert_int_eq(hex_decode("007FA5FF", 8, back), 4);
    ck_assert_int_eq(memcmp(bin, back, 4), 0);
    hex_encode(bin, 0, out);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_refusals)
{
    unsigned char back[4];

    ck_assert_int_eq(hex_decode("abc", 3, back), -1);
    ck_assert_int_eq(hex_decode("0g", 2, back), -1);
    ck_assert_int_eq(hex_decode("00 1", 4, back), -1);
    /* A short string fails at its NUL, whatever length is claimed. */
    ck_assert_int_eq(hex_decode("ab", 8, back), -1);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("hex");
    TCase  *tc = tcase_create("hex");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_digit);
    tcase_add_test(tc, test_roundtrip);
    tcase_add_test(tc, test_refusals);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
