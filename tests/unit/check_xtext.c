/*++
/* NAME
/*	check_xtext 1
/* SUMMARY
/*	unit tests for xtext(3)
/* SYNOPSIS
/*	check_xtext
/* DESCRIPTION
/*	Decoding of the values sendmail gives its milters in
/*	{cert_subject} and {cert_issuer} (RFC 3461 xtext), of both cases
/*	of hex digit, of text that holds no "+", and the refusal of a
/*	"+" that encodes nothing or a NUL byte. The decoded subject is
/*	then the DN of the whitelist for dn(3), which the old code (no
/*	decoding) never matched.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "dn.h"
#include "xtext.h"

static void decodes(const char *in, const char *want)
{
    VSTR   *out = vstr_alloc(4);

    ck_assert_int_eq(xtext_decode(in, strlen(in), out), 0);
    ck_assert_str_eq(vstr_str(out), want);
    ck_assert_uint_eq(vstr_len(out), strlen(want));
    vstr_free(out);
}

static void refuses(const char *in, size_t len)
{
    VSTR   *out = vstr_alloc(4);

    vstr_strcpy(out, "left over");
    ck_assert_int_eq(xtext_decode(in, len, out), -1);
    ck_assert_uint_eq(vstr_len(out), 0);
    vstr_free(out);
}

/*
 * Values as sendmail 8.17.1.9 sent them in tests/integration/sendmail-tls.sh
 * (captured from the milter protocol): parentheses are encoded too, and
 * so is the backslash of OpenSSL's \xC3\xB4 escape of a UTF-8 byte.
 */
#define SM_ISSUER "/C=FR/O=ASIP-SANTE/OU=0002+20187512751/OU=IGC-SANTE+20TEST" \
	"/CN=TEST+20AC+20IGC-SANTE+20ELEMENTAIRE+20ORGANISATIONS"
#define SM_SUBJECT "/C=FR/ST=Paris+20+2875+29/O=OPERATEUR+20A/OU=300000000000001" \
	"/CN=mx1.operateur-a.example"
#define SM_SUBJECT_UTF8 "/C=FR/ST=Rh+5CxC3+5CxB4ne+20+2869+29/O=GCS+20REGION" \
	"/OU=1000000003/CN=smtpmss.region.example"

START_TEST(test_sendmail_values)
{
    decodes(SM_ISSUER, "/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST"
	    "/CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS");
    decodes(SM_SUBJECT, "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001"
	    "/CN=mx1.operateur-a.example");
    /* The \xC3\xB4 escapes come out as OpenSSL wrote them: dn(3) reads them. */
    decodes(SM_SUBJECT_UTF8, "/C=FR/ST=Rh\\xC3\\xB4ne (69)/O=GCS REGION"
	    "/OU=1000000003/CN=smtpmss.region.example");
}
END_TEST

START_TEST(test_decoded_dn_matches)
{
    VSTR   *out = vstr_alloc(4);
    const char *listed = "CN=mx1.operateur-a.example,OU=300000000000001,"
    "O=OPERATEUR A,ST=Paris (75),C=FR";

    /* Without decoding, "+20" is part of the values: no match. */
    ck_assert_int_eq(dn_equal(SM_SUBJECT, listed), 0);
    ck_assert_int_eq(xtext_decode(SM_SUBJECT, strlen(SM_SUBJECT), out), 0);
    ck_assert_int_eq(dn_equal(vstr_str(out), listed), 1);
    /* The whitelist writes the UTF-8 bytes that sendmail escaped. */
    ck_assert_int_eq(xtext_decode(SM_SUBJECT_UTF8, strlen(SM_SUBJECT_UTF8),
				  out), 0);
    ck_assert_int_eq(dn_equal(vstr_str(out), "CN=smtpmss.region.example,"
			      "OU=1000000003,O=GCS REGION,ST=Rh\xc3\xb4ne (69),C=FR"),
		     1);
    ck_assert_int_eq(dn_equal(vstr_str(out), "CN=smtpmss.region.example,"
			      "OU=1000000003,O=GCS REGION,ST=Rhone (69),C=FR"),
		     0);
    vstr_free(out);
}
END_TEST

START_TEST(test_forms)
{
    decodes("", "");
    decodes("mx1.operateur-a.example", "mx1.operateur-a.example");
    decodes("AC+20IGC-SANTE+20ELEMENTAIRE+20ORGANISATIONS",
	    "AC IGC-SANTE ELEMENTAIRE ORGANISATIONS");
    decodes("a+2Bb", "a+b");
    decodes("a+2bb", "a+b");			/* lower-case digits too */
    decodes("+3D+3d=", "===");			/* "=" plain or encoded */
    decodes("+C3+A9", "\xc3\xa9");
    decodes("+7F+01", "\x7f\x01");		/* dn(3) refuses controls */
    decodes("x+2B20", "x+20");			/* decoded once, not twice */
}
END_TEST

START_TEST(test_refusals)
{
    refuses("+", 1);
    refuses("a+2", 3);
    refuses("a+2G", 4);
    refuses("a+G2", 4);
    refuses("a+ 20", 5);
    refuses("a+00b", 5);			/* an encoded NUL */
    refuses("a\0b", 3);			/* a raw NUL */
    /* The length bounds the reading: "+20" cut after "+2". */
    refuses("a+20", 3);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("xtext");
    TCase  *tc = tcase_create("xtext");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_sendmail_values);
    tcase_add_test(tc, test_decoded_dn_matches);
    tcase_add_test(tc, test_forms);
    tcase_add_test(tc, test_refusals);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
