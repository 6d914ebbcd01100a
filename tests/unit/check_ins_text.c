/*++
/* NAME
/*	check_ins_text 1
/* SUMMARY
/*	unit tests for ins(3): names, texts and descriptions
/* SYNOPSIS
/*	check_ins_text
/* DESCRIPTION
/*	The status names, the French and English texts of every status
/*	(printable US-ASCII, distinct), and the French descriptions of
/*	valid INS: worked values, months, centuries, places, people born
/*	abroad. Validation itself is in check_ins.
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "vstr.h"
#include "ins.h"
#include "ins_util.h"

 /*
  * Names and texts.
  */
START_TEST(test_names)
{
    ck_assert_str_eq(ins_status_name(INS_OK), "ok");
    ck_assert_str_eq(ins_status_name(INS_ERR_LENGTH), "length");
    ck_assert_str_eq(ins_status_name(INS_ERR_CHAR), "char");
    ck_assert_str_eq(ins_status_name(INS_ERR_CATEGORY), "category");
    ck_assert_str_eq(ins_status_name(INS_ERR_MONTH), "month");
    ck_assert_str_eq(ins_status_name(INS_ERR_PLACE), "place");
    ck_assert_str_eq(ins_status_name(INS_ERR_ORDER), "order");
    ck_assert_str_eq(ins_status_name(INS_ERR_KEY), "key");
    ck_assert_str_eq(ins_status_name(INS_ERR_CORSICA_CASE), "corsica_case");
    ck_assert_str_eq(ins_status_name(INS_STATUS_COUNT), "unknown");
    ck_assert_str_eq(ins_status_name((INS_STATUS) - 1), "unknown");
}
END_TEST

/* is_ascii_text - printable US-ASCII only, non-empty */

static int is_ascii_text(const char *s)
{
    if (*s == 0)
	return (0);
    for (; *s; s++)
	if (*s < 0x20 || *s > 0x7e)
	    return (0);
    return (1);
}

START_TEST(test_texts)
{
    int     st, other;

    for (st = 0; st <= INS_STATUS_COUNT; st++) {
	ck_assert_msg(is_ascii_text(ins_status_text_fr((INS_STATUS) st)),
		      "fr %d", st);
	ck_assert_msg(is_ascii_text(ins_status_text_en((INS_STATUS) st)),
		      "en %d", st);
	for (other = 0; other < st && st < INS_STATUS_COUNT; other++) {
	    ck_assert_str_ne(ins_status_text_fr((INS_STATUS) st),
			     ins_status_text_fr((INS_STATUS) other));
	    ck_assert_str_ne(ins_status_name((INS_STATUS) st),
			     ins_status_name((INS_STATUS) other));
	}
    }
    ck_assert_str_eq(ins_status_text_fr(INS_ERR_LENGTH),
		     "le matricule INS doit compter 15 caracteres "
		     "(13 + cle de 2 chiffres)");
    ck_assert_ptr_nonnull(strstr(ins_status_text_fr(INS_ERR_KEY),
				 "la cle de controle (2 derniers chiffres) ne "
				 "correspond pas au matricule"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_fr(INS_ERR_CORSICA_CASE),
				 "2A ou 2B"));
    /* Each text is the one of its status. */
    ck_assert_ptr_nonnull(strstr(ins_status_text_fr(INS_ERR_CHAR),
				 "que des chiffres"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_fr(INS_ERR_CATEGORY),
				 "premier chiffre"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_fr(INS_ERR_MONTH), "mois"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_fr(INS_ERR_PLACE), "lieu"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_fr(INS_ERR_ORDER), "ordre"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_en(INS_ERR_KEY), "key"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_en(INS_ERR_CORSICA_CASE),
				 "upper-case"));
    ck_assert_ptr_nonnull(strstr(ins_status_text_en(INS_ERR_ORDER), "order"));
}
END_TEST

/* test_texts_no_key - the key text never gives the expected key */

START_TEST(test_texts_no_key)
{
    const char *fr = ins_status_text_fr(INS_ERR_KEY);
    const char *en = ins_status_text_en(INS_ERR_KEY);
    const char *p;

    /* No digit at all in the key texts except the "2" of "2 digits". */
    for (p = fr; *p; p++)
	if (*p >= '0' && *p <= '9')
	    ck_assert_msg(*p == '2' && (p[1] == ' '), "digit in: %s", fr);
    for (p = en; *p; p++)
	if (*p >= '0' && *p <= '9')
	    ck_assert_msg(*p == '2' && (p[1] == ' '), "digit in: %s", en);
}
END_TEST

 /*
  * Descriptions.
  */

/* describe - decode s and describe it for current_year */

static void describe(const char *s, int year, const char *want)
{
    INS_INFO info;
    VSTR   *out = vstr_alloc(10);

    ck_assert_msg(ins_util_check(s, &info) == INS_OK, "%s", s);
    vstr_strcpy(out, "previous contents");
    ins_describe_fr(&info, year, out);
    ck_assert_str_eq(vstr_str(out), want);
    vstr_free(out);
}

START_TEST(test_describe_worked)
{
    describe("285037728417346", 2025,
	     "une femme, nee en mars 1985, nee dans le departement 77");
    describe("253072A07300443", 2025,
	     "une femme, nee en juillet 1953, nee en Corse-du-Sud (2A)");
    describe("253072B07300470", 2025,
	     "une femme, nee en juillet 1953, nee en Haute-Corse (2B)");
    describe("192039741104293", 2025,
	     "un homme, ne en mars 1992, ne dans le departement d'outre-mer 974");
    describe("295109912611193", 2025,
	     "une femme, nee en octobre 1995, nee a l'etranger (pays INSEE 126)");
    describe("185079910700104", 2025,
	     "un homme, ne en juillet 1985, ne a l'etranger (pays INSEE 107)");
}
END_TEST

START_TEST(test_describe_month)
{
    char    buf[16];

    describe(ins_util_with_key("2852077284173", buf), 2025,
	     "une femme, nee en 1985, mois inconnu, nee dans le departement 77");
    describe(ins_util_with_key("1859977284173", buf), 2025,
	     "un homme, ne en 1985, mois inconnu, ne dans le departement 77");
    describe(ins_util_with_key("2853177284173", buf), 2025,
	     "une femme, nee en 1985, mois non renseigne (etat civil "
	     "incomplet), nee dans le departement 77");
    describe(ins_util_with_key("2851277284173", buf), 2025,
	     "une femme, nee en decembre 1985, nee dans le departement 77");
    describe(ins_util_with_key("2850877284173", buf), 2025,
	     "une femme, nee en aout 1985, nee dans le departement 77");
}
END_TEST

START_TEST(test_describe_century)
{
    char    buf[16];

    describe(ins_util_with_key("2250377284173", buf), 2025,
	     "une femme, nee en mars 2025, nee dans le departement 77");
    describe(ins_util_with_key("2260377284173", buf), 2025,
	     "une femme, nee en mars 1926, nee dans le departement 77");
    describe(ins_util_with_key("2000377284173", buf), 2025,
	     "une femme, nee en mars 2000, nee dans le departement 77");
    describe(ins_util_with_key("2990377284173", buf), 2100,
	     "une femme, nee en mars 2099, nee dans le departement 77");
    describe(ins_util_with_key("2010377284173", buf), 2100,
	     "une femme, nee en mars 2001, nee dans le departement 77");
    describe(ins_util_with_key("2000377284173", buf), 2100,
	     "une femme, nee en mars 2100, nee dans le departement 77");
    describe(ins_util_with_key("2850377284173", buf), 0,
	     "une femme, nee en mars 85 (siecle inconnu), nee dans le "
	     "departement 77");
    describe(ins_util_with_key("2050377284173", buf), -5,
	     "une femme, nee en mars 05 (siecle inconnu), nee dans le "
	     "departement 77");
}
END_TEST

START_TEST(test_describe_places)
{
    char    buf[16];

    describe(ins_util_with_key("1850398745173", buf), 2025,
	     "un homme, ne en mars 1985, ne dans la collectivite d'outre-mer 987");
    describe(ins_util_with_key("1850398445173", buf), 2025,
	     "un homme, ne en mars 1985, ne dans le territoire d'outre-mer 984");
    describe(ins_util_with_key("1850397645173", buf), 2025,
	     "un homme, ne en mars 1985, ne dans le departement d'outre-mer 976");
    describe(ins_util_with_key("1550391284173", buf), 2025,
	     "un homme, ne en mars 1955, ne en Algerie avant l'independance "
	     "(code 91)");
    describe(ins_util_with_key("1550395284173", buf), 2025,
	     "un homme, ne en mars 1955, ne au Maroc avant l'independance "
	     "(code 95)");
    describe(ins_util_with_key("1550396284173", buf), 2025,
	     "un homme, ne en mars 1955, ne en Tunisie avant l'independance "
	     "(code 96)");
    describe(ins_util_with_key("1680391284173", buf), 2025,
	     "un homme, ne en mars 1968, ne dans le departement 91");
    describe(ins_util_with_key("1670391284173", buf), 2025,
	     "un homme, ne en mars 1967, ne en Algerie avant l'independance "
	     "(code 91)");
    describe(ins_util_with_key("2850301284173", buf), 2025,
	     "une femme, nee en mars 1985, nee dans le departement 01");
    describe("165062000401269", 2025,
	     "un homme, ne en juin 1965, ne en Corse (avant 1976)");
    /* "20" and "12" in 2025: 2020 and 2012 are after 1976, so 19xx. */
    describe(ins_util_with_key("2200620004012", buf), 2025,
	     "une femme, nee en juin 1920, nee en Corse (avant 1976)");
    describe(ins_util_with_key("1120620004012", buf), 2025,
	     "un homme, ne en juin 1912, ne en Corse (avant 1976)");
}
END_TEST

START_TEST(test_describe_foreign)
{
    char    buf[16];

    describe(ins_util_with_key("3850377284173", buf), 2025,
	     "un homme (etranger en cours d'immatriculation), ne en mars "
	     "1985, ne dans le departement 77");
    describe(ins_util_with_key("4850377284173", buf), 2025,
	     "une femme (etrangere en cours d'immatriculation), nee en mars "
	     "1985, nee dans le departement 77");
}
END_TEST

static Suite *ins_suite(void)
{
    Suite  *s = suite_create("ins_text");
    TCase  *tc;

    tc = tcase_create("texts");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_texts);
    tcase_add_test(tc, test_texts_no_key);
    tcase_add_test(tc, test_describe_worked);
    tcase_add_test(tc, test_describe_month);
    tcase_add_test(tc, test_describe_century);
    tcase_add_test(tc, test_describe_places);
    tcase_add_test(tc, test_describe_foreign);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(ins_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
