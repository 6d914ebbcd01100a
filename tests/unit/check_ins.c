/*++
/* NAME
/*	check_ins 1
/* SUMMARY
/*	unit tests for ins(3)
/* SYNOPSIS
/*	check_ins
/* DESCRIPTION
/*	Every worked value of doc/rules.md (the INS), one minimal example
/*	per error status, the boundaries of each field, the order in which
/*	errors are reported, the key against an independent reference
/*	computation, and the French descriptions.
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "vstr.h"
#include "ins.h"

/* ref_key - independent key computation (string substitution + strtoull) */

static int ref_key(const char *s)
{
    char    buf[14];

    memcpy(buf, s, 13);
    buf[13] = 0;
    if (buf[5] == '2' && buf[6] == 'A')
	buf[5] = '1', buf[6] = '9';
    else if (buf[5] == '2' && buf[6] == 'B')
	buf[5] = '1', buf[6] = '8';
    return ((int) (97 - strtoull(buf, 0, 10) % 97));
}

/* with_key - body of 13 characters plus its correct key, in buf[16] */

static const char *with_key(const char *body, char *buf)
{
    ck_assert_uint_eq(strlen(body), 13);
    snprintf(buf, 16, "%s%02d", body, ref_key(body));
    return (buf);
}

/* check - ins_check on a NUL-terminated string */

static INS_STATUS check(const char *s, INS_INFO *info)
{
    return (ins_check(s, strlen(s), info));
}

 /*
  * Worked values of doc/rules.md, "Patient addresses and the INS".
  */
START_TEST(test_worked_woman_77)
{
    INS_INFO info;

    ck_assert_int_eq(check("285037728417346", &info), INS_OK);
    ck_assert_int_eq(info.category, 2);
    ck_assert_int_eq(info.sex, 2);
    ck_assert_int_eq(info.birth_year2, 85);
    ck_assert_int_eq(info.birth_month, 3);
    ck_assert_int_eq(info.month_kind, INS_MONTH_KNOWN);
    ck_assert_int_eq(info.place_kind, INS_PLACE_DEPARTMENT);
    ck_assert_str_eq(info.department, "77");
    ck_assert_str_eq(info.commune, "284");
    ck_assert_str_eq(info.country, "");
    ck_assert_int_eq(info.order, 173);
    ck_assert_int_eq(info.key, 46);
}
END_TEST

START_TEST(test_worked_51)
{
    INS_INFO info;

    ck_assert_int_eq(check("279035121518989", &info), INS_OK);
    ck_assert_int_eq(info.sex, 2);
    ck_assert_int_eq(info.birth_year2, 79);
    ck_assert_int_eq(info.birth_month, 3);
    ck_assert_str_eq(info.department, "51");
    ck_assert_str_eq(info.commune, "215");
    ck_assert_int_eq(info.order, 189);
    ck_assert_int_eq(info.key, 89);
}
END_TEST

START_TEST(test_worked_abroad)
{
    INS_INFO info;

    ck_assert_int_eq(check("295109912611193", &info), INS_OK);
    ck_assert_int_eq(info.sex, 2);
    ck_assert_int_eq(info.birth_year2, 95);
    ck_assert_int_eq(info.birth_month, 10);
    ck_assert_int_eq(info.place_kind, INS_PLACE_ABROAD);
    ck_assert_str_eq(info.department, "99");
    ck_assert_str_eq(info.country, "126");
    ck_assert_str_eq(info.commune, "");
    ck_assert_int_eq(info.order, 111);
    ck_assert_int_eq(info.key, 93);
}
END_TEST

START_TEST(test_worked_corsica)
{
    INS_INFO info;

    ck_assert_int_eq(check("253072B07300470", &info), INS_OK);
    ck_assert_int_eq(info.place_kind, INS_PLACE_CORSICA);
    ck_assert_str_eq(info.department, "2B");
    ck_assert_str_eq(info.commune, "073");
    ck_assert_int_eq(info.order, 4);
    ck_assert_int_eq(info.key, 70);
    ck_assert_int_eq(info.birth_month, 7);

    ck_assert_int_eq(check("253072A07300443", &info), INS_OK);
    ck_assert_int_eq(info.place_kind, INS_PLACE_CORSICA);
    ck_assert_str_eq(info.department, "2A");
    ck_assert_int_eq(info.key, 43);

    ck_assert_int_eq(check("175062A00401291", &info), INS_OK);
    ck_assert_int_eq(info.sex, 1);
    ck_assert_int_eq(info.birth_year2, 75);
    ck_assert_int_eq(info.birth_month, 6);
    ck_assert_str_eq(info.department, "2A");
    ck_assert_str_eq(info.commune, "004");
    ck_assert_int_eq(info.order, 12);
    ck_assert_int_eq(info.key, 91);
    /* Substituting 20 for 2A would give key 64: it must be refused. */
    ck_assert_int_eq(check("175062A00401264", 0), INS_ERR_KEY);
}
END_TEST

START_TEST(test_worked_key_97_and_04)
{
    INS_INFO info;

    ck_assert_int_eq(check("292037511204697", &info), INS_OK);
    ck_assert_int_eq(info.key, 97);
    ck_assert_int_eq(info.order, 46);
    ck_assert_int_eq(check("185079910700104", &info), INS_OK);
    ck_assert_int_eq(info.key, 4);
    ck_assert_int_eq(info.sex, 1);
    ck_assert_int_eq(info.place_kind, INS_PLACE_ABROAD);
    ck_assert_str_eq(info.country, "107");
    ck_assert_int_eq(info.order, 1);
}
END_TEST

START_TEST(test_worked_overseas)
{
    INS_INFO info;

    ck_assert_int_eq(check("192039741104293", &info), INS_OK);
    ck_assert_int_eq(info.sex, 1);
    ck_assert_int_eq(info.birth_year2, 92);
    ck_assert_int_eq(info.place_kind, INS_PLACE_OVERSEAS);
    ck_assert_str_eq(info.department, "974");
    ck_assert_str_eq(info.commune, "11");
    ck_assert_int_eq(info.order, 42);
    ck_assert_int_eq(info.key, 93);
}
END_TEST

START_TEST(test_worked_invalid_keys)
{
    ck_assert_int_eq(check("288091234567823", 0), INS_ERR_KEY);
    ck_assert_int_eq(check("253097812634581", 0), INS_ERR_KEY);
    ck_assert_int_eq(check("284058832102530", 0), INS_ERR_KEY);
    /* And their correct keys, computed here independently. */
    ck_assert_int_eq(ins_key("288091234567823", 15), 94);
    ck_assert_int_eq(ins_key("253097812634581", 15), 43);
    ck_assert_int_eq(ins_key("284058832102530", 15), 32);
    ck_assert_int_eq(check("288091234567894", 0), INS_OK);
    ck_assert_int_eq(check("253097812634543", 0), INS_OK);
    ck_assert_int_eq(check("284058832102532", 0), INS_OK);
}
END_TEST

/* test_corsica_1976 - department 20: born in Corsica before 1976 */

START_TEST(test_corsica_1976)
{
    INS_INFO info;

    /*
     * Keys computed on the 13 digits as written (no substitution):
     * 1650620004012 mod 97 = 28, key 69; 2450120123045 -> 32;
     * 1721220000999 -> 22; 1550520113001 -> 97.
     */
    ck_assert_int_eq(check("165062000401269", &info), INS_OK);
    ck_assert_int_eq(info.place_kind, INS_PLACE_CORSICA_1976);
    ck_assert_str_eq(info.department, "20");
    ck_assert_str_eq(info.commune, "004");
    ck_assert_int_eq(info.key, 69);
    ck_assert_int_eq(check("245012012304532", 0), INS_OK);
    ck_assert_int_eq(check("172122000099922", 0), INS_OK);
    ck_assert_int_eq(check("155052011300197", 0), INS_OK);
    ck_assert_int_eq(ins_key("1650620004012", 13), 69);

    /* The key of 2A/2B (19/18 substituted) is not the key of 20. */
    ck_assert_int_eq(check("165062A00401269", 0), INS_ERR_KEY);
    ck_assert_int_eq(check("165062000401291", 0), INS_ERR_KEY);
    ck_assert_int_eq(check("165062000401268", 0), INS_ERR_KEY);
    /* 00 stays refused, whatever the key. */
    ck_assert_int_eq(check("165060000401200", 0), INS_ERR_PLACE);
}
END_TEST

static const char *const worked_valid[] = {
    "165062000401269", "245012012304532",
    "285037728417346", "279035121518989", "295109912611193",
    "253072B07300470", "253072A07300443", "175062A00401291",
    "292037511204697", "185079910700104", "192039741104293",
};

#define NWORKED (sizeof(worked_valid) / sizeof(worked_valid[0]))

/* test_every_wrong_key - all 99 other keys of each worked value fail */

START_TEST(test_every_wrong_key)
{
    const char *good = worked_valid[_i];
    char    buf[16];
    int     key, right = atoi(good + 13);

    ck_assert_int_eq(ins_key(good, 15), right);
    ck_assert_int_eq(ins_key(good, 13), right);
    for (key = 0; key <= 99; key++) {
	snprintf(buf, sizeof(buf), "%.13s%02d", good, key);
	ck_assert_int_eq(check(buf, 0), key == right ? INS_OK : INS_ERR_KEY);
    }
}
END_TEST

 /*
  * One minimal example per status.
  */
START_TEST(test_length)
{
    char    buf[40];
    size_t  len;

    ck_assert_int_eq(ins_check("", 0, 0), INS_ERR_LENGTH);
    ck_assert_int_eq(ins_check(0, 15, 0), INS_ERR_LENGTH);
    /* Every length but 15, over a string of valid characters. */
    memset(buf, 0, sizeof(buf));
    snprintf(buf, sizeof(buf), "285037728417346285037728417346");
    for (len = 0; len <= 30; len++)
	ck_assert_int_eq(ins_check(buf, len, 0),
			 len == 15 ? INS_OK : INS_ERR_LENGTH);
    /* Old 13-character provisional numbers (no key). */
    ck_assert_int_eq(check("7850377284173", 0), INS_ERR_LENGTH);
    ck_assert_int_eq(check("8850377284173", 0), INS_ERR_LENGTH);
    /* Blanks are not trimmed: the caller gives the local part. */
    ck_assert_int_eq(check(" 285037728417346", 0), INS_ERR_LENGTH);
    ck_assert_int_eq(check("285037728417346 ", 0), INS_ERR_LENGTH);
    ck_assert_int_eq(check("2 85 03 77 284 173 46", 0), INS_ERR_LENGTH);
}
END_TEST

START_TEST(test_length_before_char)
{
    ck_assert_int_eq(check("X", 0), INS_ERR_LENGTH);
    ck_assert_int_eq(check("28503772841734XY", 0), INS_ERR_LENGTH);
}
END_TEST

START_TEST(test_char)
{
    ck_assert_int_eq(check("28503772841734X", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("X85037728417346", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("2850377 8417346", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("285037728417-46", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("2850377284173+6", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("28503772841734\xff", 0), INS_ERR_CHAR);
    ck_assert_int_eq(ins_check("28503772841\0" "346", 15, 0), INS_ERR_CHAR);
    /* A or B only at position 7, and only after a 2. */
    ck_assert_int_eq(check("253071A07300443", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("25307A207300443", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("253072A0730A443", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("253072AA7300443", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("253072C07300443", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("253072c07300443", 0), INS_ERR_CHAR);
    ck_assert_int_eq(check("A53072A07300443", 0), INS_ERR_CHAR);
    /* Full-width digits are bytes, not digits. */
    ck_assert_int_eq(check("285037728417\xef\xbc\x93", 0), INS_ERR_CHAR);
}
END_TEST

START_TEST(test_corsica_case)
{
    ck_assert_int_eq(check("253072b07300470", 0), INS_ERR_CORSICA_CASE);
    ck_assert_int_eq(check("253072a07300443", 0), INS_ERR_CORSICA_CASE);
    ck_assert_int_eq(check("175062a00401291", 0), INS_ERR_CORSICA_CASE);
    /* Wrong key too: the case is still reported first. */
    ck_assert_int_eq(check("175062a00401200", 0), INS_ERR_CORSICA_CASE);
    /* A character error elsewhere comes before. */
    ck_assert_int_eq(check("175062a0040129X", 0), INS_ERR_CHAR);
    /* The case comes before the category. */
    ck_assert_int_eq(check("975062a00401291", 0), INS_ERR_CORSICA_CASE);
    ck_assert_int_eq(ins_key("253072a07300443", 15), -1);
}
END_TEST

START_TEST(test_category)
{
    char    buf[16], body[14];
    int     d;

    for (d = 0; d <= 9; d++) {
	snprintf(body, sizeof(body), "%d850377284173", d);
	with_key(body, buf);
	ck_assert_int_eq(check(buf, 0), d >= 1 && d <= 4 ? INS_OK :
			 INS_ERR_CATEGORY);
    }
}
END_TEST

START_TEST(test_category_sex)
{
    INS_INFO info;
    char    buf[16];

    ck_assert_int_eq(check(with_key("3850377284173", buf), &info), INS_OK);
    ck_assert_int_eq(info.category, 3);
    ck_assert_int_eq(info.sex, 1);
    ck_assert_int_eq(check(with_key("4850377284173", buf), &info), INS_OK);
    ck_assert_int_eq(info.category, 4);
    ck_assert_int_eq(info.sex, 2);
    /* Category before month, place, order and key. */
    ck_assert_int_eq(check("085007700000000", 0), INS_ERR_CATEGORY);
}
END_TEST

/* test_month - every month value 00-99 */

START_TEST(test_month)
{
    INS_INFO info;
    char    buf[16], body[14];
    int     m;

    for (m = 0; m <= 99; m++) {
	INS_STATUS want;
	INS_MONTH_KIND kind = INS_MONTH_KNOWN;

	if (m >= 1 && m <= 12)
	    want = INS_OK, kind = INS_MONTH_KNOWN;
	else if ((m >= 20 && m <= 30) || m >= 50)
	    want = INS_OK, kind = INS_MONTH_UNKNOWN;
	else if (m >= 31 && m <= 42)
	    want = INS_OK, kind = INS_MONTH_INCOMPLETE;
	else
	    want = INS_ERR_MONTH;
	snprintf(body, sizeof(body), "285%02d77284173", m);
	ck_assert_int_eq(check(with_key(body, buf), &info), want);
	if (want == INS_OK) {
	    ck_assert_int_eq(info.month_kind, kind);
	    ck_assert_int_eq(info.birth_month, kind == INS_MONTH_KNOWN ? m : 0);
	}
    }
}
END_TEST

START_TEST(test_month_boundaries)
{
    char    buf[16];

    ck_assert_int_eq(check(with_key("2850077284173", buf), 0), INS_ERR_MONTH);
    ck_assert_int_eq(check(with_key("2850177284173", buf), 0), INS_OK);
    ck_assert_int_eq(check(with_key("2851277284173", buf), 0), INS_OK);
    ck_assert_int_eq(check(with_key("2851377284173", buf), 0), INS_ERR_MONTH);
    ck_assert_int_eq(check(with_key("2851977284173", buf), 0), INS_ERR_MONTH);
    ck_assert_int_eq(check(with_key("2852077284173", buf), 0), INS_OK);
    ck_assert_int_eq(check(with_key("2854277284173", buf), 0), INS_OK);
    ck_assert_int_eq(check(with_key("2854377284173", buf), 0), INS_ERR_MONTH);
    ck_assert_int_eq(check(with_key("2854977284173", buf), 0), INS_ERR_MONTH);
    ck_assert_int_eq(check(with_key("2855077284173", buf), 0), INS_OK);
    ck_assert_int_eq(check(with_key("2859977284173", buf), 0), INS_OK);
    /* Month before place. */
    ck_assert_int_eq(check(with_key("2851300284173", buf), 0), INS_ERR_MONTH);
}
END_TEST

/* test_departments - every 2-digit department code */

START_TEST(test_departments)
{
    INS_INFO info;
    char    buf[16], body[14];
    int     d;

    for (d = 0; d <= 96; d++) {
	snprintf(body, sizeof(body), "28503%02d284173", d);
	ck_assert_int_eq(check(with_key(body, buf), &info),
			 d == 0 ? INS_ERR_PLACE : INS_OK);
	if (d != 0) {
	    ck_assert_int_eq(info.place_kind, d == 20 ?
			     INS_PLACE_CORSICA_1976 : INS_PLACE_DEPARTMENT);
	    ck_assert_int_eq(atoi(info.department), d);
	    ck_assert_str_eq(info.commune, "284");
	}
    }
}
END_TEST

/* test_overseas - every 3-digit code 970-989 */

START_TEST(test_overseas)
{
    INS_INFO info;
    char    buf[16], body[14];
    int     c;

    for (c = 970; c <= 989; c++) {
	snprintf(body, sizeof(body), "28503%03d45173", c);
	ck_assert_int_eq(check(with_key(body, buf), &info),
			 c == 970 ? INS_ERR_PLACE : INS_OK);
	if (c != 970) {
	    ck_assert_int_eq(info.place_kind, INS_PLACE_OVERSEAS);
	    ck_assert_int_eq(atoi(info.department), c);
	    ck_assert_str_eq(info.commune, "45");
	}
    }
}
END_TEST

START_TEST(test_abroad)
{
    INS_INFO info;
    char    buf[16];

    ck_assert_int_eq(check(with_key("2850399000173", buf), 0), INS_ERR_PLACE);
    ck_assert_int_eq(check(with_key("2850399099173", buf), 0), INS_ERR_PLACE);
    ck_assert_int_eq(check(with_key("2850399100173", buf), &info), INS_OK);
    ck_assert_str_eq(info.country, "100");
    ck_assert_int_eq(check(with_key("2850399999173", buf), &info), INS_OK);
    ck_assert_str_eq(info.country, "999");
    ck_assert_str_eq(info.department, "99");
    ck_assert_int_eq(info.place_kind, INS_PLACE_ABROAD);
}
END_TEST

START_TEST(test_place_before_order)
{
    char    buf[16];

    ck_assert_int_eq(check(with_key("2850320284000", buf), 0), INS_ERR_ORDER);
    ck_assert_int_eq(check(with_key("2850300284000", buf), 0), INS_ERR_PLACE);
    ck_assert_int_eq(check(with_key("2850397045000", buf), 0), INS_ERR_PLACE);
}
END_TEST

START_TEST(test_order)
{
    INS_INFO info;
    char    buf[16];

    ck_assert_int_eq(check(with_key("2850377284000", buf), 0), INS_ERR_ORDER);
    ck_assert_int_eq(check(with_key("2850377284001", buf), &info), INS_OK);
    ck_assert_int_eq(info.order, 1);
    ck_assert_int_eq(check(with_key("2850377284999", buf), &info), INS_OK);
    ck_assert_int_eq(info.order, 999);
    /* Order before key. */
    ck_assert_int_eq(check("285037728400000", 0), INS_ERR_ORDER);
}
END_TEST

START_TEST(test_key_range)
{
    /* 00, 98 and 99 never are keys, whatever the body. */
    ck_assert_int_eq(check("285037728417300", 0), INS_ERR_KEY);
    ck_assert_int_eq(check("285037728417398", 0), INS_ERR_KEY);
    ck_assert_int_eq(check("285037728417399", 0), INS_ERR_KEY);
    /* A swap of two digits of the body changes the key. */
    ck_assert_int_eq(check("258037728417346", 0), INS_ERR_KEY);
    /* 2A and 2B are different places. */
    ck_assert_int_eq(check("253072A07300470", 0), INS_ERR_KEY);
    ck_assert_int_eq(check("253072B07300443", 0), INS_ERR_KEY);
}
END_TEST

START_TEST(test_ins_key_args)
{
    ck_assert_int_eq(ins_key(0, 13), -1);
    ck_assert_int_eq(ins_key("2850377284173", 12), -1);
    ck_assert_int_eq(ins_key("2850377284173", 14), -1);
    ck_assert_int_eq(ins_key("28503772841734", 14), -1);
    ck_assert_int_eq(ins_key("2850377284173", 13), 46);
    ck_assert_int_eq(ins_key("285037728417399", 15), 46);
    ck_assert_int_eq(ins_key("2850377284173XY", 15), 46);
    ck_assert_int_eq(ins_key("28503772841X3", 13), -1);
    ck_assert_int_eq(ins_key("253072A073004", 13), 43);
    ck_assert_int_eq(ins_key("253072B073004", 13), 70);
}
END_TEST

/* test_key_reference - ins_key against ref_key over many bodies */

START_TEST(test_key_reference)
{
    unsigned long long x = 88172645463325252ULL;
    char    body[14], buf[16];
    int     n, i;

    for (n = 0; n < 20000; n++) {
	for (i = 0; i < 13; i++) {
	    /* xorshift64: deterministic, no libc rand() state. */
	    x ^= x << 13;
	    x ^= x >> 7;
	    x ^= x << 17;
	    body[i] = (char) ('0' + x % 10);
	}
	body[13] = 0;
	if (n % 3 == 1)
	    body[5] = '2', body[6] = (n % 2) ? 'A' : 'B';
	ck_assert_int_eq(ins_key(body, 13), ref_key(body));
	/* Structure-valid bodies must then pass with their own key. */
	body[0] = '1' + (char) (n % 4);
	body[3] = '0', body[4] = '1' + (char) (n % 9);
	if (body[5] == '0' && body[6] == '0')
	    body[6] = '1';
	if (body[5] == '2' && body[6] == '0')
	    body[6] = '1';
	if (body[5] == '9' && (body[6] == '7' || body[6] == '8'))
	    body[7] = '1';
	if (body[5] == '9' && body[6] == '9' && body[7] == '0')
	    body[7] = '1';
	if (body[10] == '0' && body[11] == '0' && body[12] == '0')
	    body[12] = '7';
	ck_assert_msg(check(with_key(body, buf), 0) == INS_OK, "%s", buf);
    }
}
END_TEST

START_TEST(test_no_nul_needed)
{
    /* The 15 bytes are followed by more digits: only len counts. */
    const char *s = "28503772841734612345";

    ck_assert_int_eq(ins_check(s, 15, 0), INS_OK);
    ck_assert_int_eq(ins_check(s, 16, 0), INS_ERR_LENGTH);
}
END_TEST

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

    ck_assert_msg(check(s, &info) == INS_OK, "%s", s);
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

    describe(with_key("2852077284173", buf), 2025,
	     "une femme, nee en 1985, mois inconnu, nee dans le departement 77");
    describe(with_key("1859977284173", buf), 2025,
	     "un homme, ne en 1985, mois inconnu, ne dans le departement 77");
    describe(with_key("2853177284173", buf), 2025,
	     "une femme, nee en 1985, mois non renseigne (etat civil "
	     "incomplet), nee dans le departement 77");
    describe(with_key("2851277284173", buf), 2025,
	     "une femme, nee en decembre 1985, nee dans le departement 77");
    describe(with_key("2850877284173", buf), 2025,
	     "une femme, nee en aout 1985, nee dans le departement 77");
}
END_TEST

START_TEST(test_describe_century)
{
    char    buf[16];

    describe(with_key("2250377284173", buf), 2025,
	     "une femme, nee en mars 2025, nee dans le departement 77");
    describe(with_key("2260377284173", buf), 2025,
	     "une femme, nee en mars 1926, nee dans le departement 77");
    describe(with_key("2000377284173", buf), 2025,
	     "une femme, nee en mars 2000, nee dans le departement 77");
    describe(with_key("2990377284173", buf), 2100,
	     "une femme, nee en mars 2099, nee dans le departement 77");
    describe(with_key("2010377284173", buf), 2100,
	     "une femme, nee en mars 2001, nee dans le departement 77");
    describe(with_key("2000377284173", buf), 2100,
	     "une femme, nee en mars 2100, nee dans le departement 77");
    describe(with_key("2850377284173", buf), 0,
	     "une femme, nee en mars 85 (siecle inconnu), nee dans le "
	     "departement 77");
    describe(with_key("2050377284173", buf), -5,
	     "une femme, nee en mars 05 (siecle inconnu), nee dans le "
	     "departement 77");
}
END_TEST

START_TEST(test_describe_places)
{
    char    buf[16];

    describe(with_key("1850398745173", buf), 2025,
	     "un homme, ne en mars 1985, ne dans la collectivite d'outre-mer 987");
    describe(with_key("1850398445173", buf), 2025,
	     "un homme, ne en mars 1985, ne dans le territoire d'outre-mer 984");
    describe(with_key("1850397645173", buf), 2025,
	     "un homme, ne en mars 1985, ne dans le departement d'outre-mer 976");
    describe(with_key("1550391284173", buf), 2025,
	     "un homme, ne en mars 1955, ne en Algerie avant l'independance "
	     "(code 91)");
    describe(with_key("1550395284173", buf), 2025,
	     "un homme, ne en mars 1955, ne au Maroc avant l'independance "
	     "(code 95)");
    describe(with_key("1550396284173", buf), 2025,
	     "un homme, ne en mars 1955, ne en Tunisie avant l'independance "
	     "(code 96)");
    describe(with_key("1680391284173", buf), 2025,
	     "un homme, ne en mars 1968, ne dans le departement 91");
    describe(with_key("1670391284173", buf), 2025,
	     "un homme, ne en mars 1967, ne en Algerie avant l'independance "
	     "(code 91)");
    describe(with_key("2850301284173", buf), 2025,
	     "une femme, nee en mars 1985, nee dans le departement 01");
    describe("165062000401269", 2025,
	     "un homme, ne en juin 1965, ne en Corse (avant 1976)");
    /* "20" and "12" in 2025: 2020 and 2012 are after 1976, so 19xx. */
    describe(with_key("2200620004012", buf), 2025,
	     "une femme, nee en juin 1920, nee en Corse (avant 1976)");
    describe(with_key("1120620004012", buf), 2025,
	     "un homme, ne en juin 1912, ne en Corse (avant 1976)");
}
END_TEST

START_TEST(test_describe_foreign)
{
    char    buf[16];

    describe(with_key("3850377284173", buf), 2025,
	     "un homme (etranger en cours d'immatriculation), ne en mars "
	     "1985, ne dans le departement 77");
    describe(with_key("4850377284173", buf), 2025,
	     "une femme (etrangere en cours d'immatriculation), nee en mars "
	     "1985, nee dans le departement 77");
}
END_TEST

static Suite *ins_suite(void)
{
    Suite  *s = suite_create("ins");
    TCase  *tc;

    tc = tcase_create("worked");
    tcase_add_test(tc, test_worked_woman_77);
    tcase_add_test(tc, test_worked_51);
    tcase_add_test(tc, test_worked_abroad);
    tcase_add_test(tc, test_worked_corsica);
    tcase_add_test(tc, test_worked_key_97_and_04);
    tcase_add_test(tc, test_worked_overseas);
    tcase_add_test(tc, test_worked_invalid_keys);
    tcase_add_loop_test(tc, test_every_wrong_key, 0, (int) NWORKED);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, test_length);
    tcase_add_test(tc, test_length_before_char);
    tcase_add_test(tc, test_char);
    tcase_add_test(tc, test_corsica_case);
    tcase_add_test(tc, test_category);
    tcase_add_test(tc, test_category_sex);
    tcase_add_test(tc, test_month);
    tcase_add_test(tc, test_month_boundaries);
    tcase_add_test(tc, test_departments);
    tcase_add_test(tc, test_overseas);
    tcase_add_test(tc, test_abroad);
    tcase_add_test(tc, test_place_before_order);
    tcase_add_test(tc, test_corsica_1976);
    tcase_add_test(tc, test_order);
    tcase_add_test(tc, test_key_range);
    tcase_add_test(tc, test_ins_key_args);
    tcase_add_test(tc, test_key_reference);
    tcase_add_test(tc, test_no_nul_needed);
    suite_add_tcase(s, tc);

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
