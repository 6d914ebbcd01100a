/*++
/* NAME
/*	check_ownhdr 1
/* SUMMARY
/*	unit tests for ownhdr(3)
/* SYNOPSIS
/*	check_ownhdr
/* DESCRIPTION
/*	Every X-MSSante-* name is the milter's (the four it adds today
/*	and any other), in any case, one entry per name whatever its
/*	case; other headers (X-MSS-MES, a lookalike) are not counted.
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdlib.h>
#include <check.h>

#include "ownhdr.h"

START_TEST(test_names)
{
    ck_assert_int_eq(ownhdr_is_own("X-MSSante-Policy"), 1);
    ck_assert_int_eq(ownhdr_is_own("X-MSSante-Category"), 1);
    ck_assert_int_eq(ownhdr_is_own("X-MSSante-Document-Rule"), 1);
    ck_assert_int_eq(ownhdr_is_own("X-MSSante-Conversation"), 1);
    ck_assert_int_eq(ownhdr_is_own("x-mssante-conversation"), 1);
    ck_assert_int_eq(ownhdr_is_own("X-MSSante-Future"), 1);
    ck_assert_int_eq(ownhdr_is_own("X-MSS-MES"), 0);
    ck_assert_int_eq(ownhdr_is_own("X-MSSante"), 0);
    ck_assert_int_eq(ownhdr_is_own("X-MSSanteX-Policy"), 0);
    ck_assert_int_eq(ownhdr_is_own("Subject"), 0);
    ck_assert_int_eq(ownhdr_is_own(0), 0);
}
END_TEST

START_TEST(test_counts)
{
    OWNHDR  oh;

    ownhdr_init(&oh);
    ck_assert_int_eq(ownhdr_note(&oh, "X-MSSante-Conversation"), 1);
    ck_assert_int_eq(ownhdr_note(&oh, "Subject"), 0);
    ck_assert_int_eq(ownhdr_note(&oh, "x-mssante-CONVERSATION"), 1);
    ck_assert_int_eq(ownhdr_note(&oh, "X-MSSante-Policy"), 1);
    ck_assert_int_eq(ownhdr_note(&oh, "X-MSSante-Category"), 1);
    ck_assert_int_eq(ownhdr_note(&oh, "X-MSSante-Document-Rule"), 1);
    ck_assert_int_eq(ownhdr_note(&oh, "X-MSSante-A"), 1);
    ck_assert_int_eq(ownhdr_note(&oh, "X-MSSante-Conversation"), 1);
    ck_assert_uint_eq(oh.len, 5);
    ck_assert_str_eq(oh.items[0].name, "X-MSSante-Conversation");
    ck_assert_int_eq(oh.items[0].count, 3);
    ck_assert_str_eq(oh.items[1].name, "X-MSSante-Policy");
    ck_assert_int_eq(oh.items[1].count, 1);
    ownhdr_reset(&oh);
    ck_assert_uint_eq(oh.len, 0);
    ck_assert_int_eq(ownhdr_note(&oh, "X-MSSante-Policy"), 1);
    ck_assert_uint_eq(oh.len, 1);
    ownhdr_reset(&oh);
}
END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("ownhdr");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_counts);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
