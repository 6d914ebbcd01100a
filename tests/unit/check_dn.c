/*++
/* NAME
/*	check_dn 1
/* SUMMARY
/*	unit tests for dn(3)
/* SYNOPSIS
/*	check_dn
/* DESCRIPTION
/*	Normalisation of the DN forms found in the ANS whitelist sample
/*	(with and without blanks after commas, L instead of ST) and in
/*	MTA reports (OpenSSL oneline, "C = FR, ..." form), escapes, the
/*	canonical order, idempotence, CN extraction and comparison.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "dn.h"

 /*
  * The canonical form of the first sample entry, and the ways it is
  * written.
  */
#define CANON_A1 "C=FR,ST=Paris (75),O=OPERATEUR A,OU=300000000000001,CN=mx1.operateur-a.example"

static const char *forms_a1[] = {
    "CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR",
    "CN=mx1.operateur-a.example, OU=300000000000001, O=OPERATEUR A, ST=Paris (75), C=FR",
    "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=mx1.operateur-a.example",
    "C = FR, ST = Paris (75), O = OPERATEUR A, OU = 300000000000001, CN = mx1.operateur-a.example",
    "C=FR,ST=Paris (75),O=OPERATEUR A,OU=300000000000001,CN=mx1.operateur-a.example",
    "  cn=mx1.operateur-a.example ;ou=300000000000001; o=OPERATEUR   A ;st=Paris (75);c=FR  ",
    "CN = mx1.operateur-a.example , OU = 300000000000001 , O = \"OPERATEUR A\" , ST = Paris (75) , C = FR",
    "commonName=mx1.operateur-a.example,organizationalUnitName=300000000000001,"
    "organizationName=OPERATEUR A,stateOrProvinceName=Paris (75),countryName=FR",
    "2.5.4.3=mx1.operateur-a.example,2.5.4.11=300000000000001,2.5.4.10=OPERATEUR A,"
    "2.5.4.8=Paris (75),2.5.4.6=FR",
    "CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR\\20A,S=Paris (75),C=FR",
    "/C=FR/ST=Paris (75)/O=OPERATEUR\\x20A/OU=300000000000001/CN=mx1.operateur-a.example",
    "CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR,",
};

#define FORMS_A1_GOOD (sizeof(forms_a1) / sizeof(forms_a1[0]))

START_TEST(test_forms_equal)
{
    VSTR   *out = vstr_alloc(10);

    ck_assert_int_eq(dn_normalise(forms_a1[_i], out), 0);
    ck_assert_str_eq(vstr_str(out), CANON_A1);
    ck_assert_int_eq(dn_equal(forms_a1[_i], forms_a1[0]), 1);
    vstr_free(out);
}
END_TEST

START_TEST(test_sample_entries)
{
    VSTR   *out = vstr_alloc(10);

    /* ch-exemple.mssante.fr: L= instead of ST= (inferred: L stands for ST). */
    ck_assert_int_eq(dn_normalise("CN=smtp.ch-exemple.example,OU=1000000001,"
		  "O=CENTRE HOSPITALIER EXEMPLE,L=Lyon (69),C=FR", out), 0);
    ck_assert_str_eq(vstr_str(out), "C=FR,ST=Lyon (69),O=CENTRE HOSPITALIER EXEMPLE,"
		     "OU=1000000001,CN=smtp.ch-exemple.example");
    ck_assert_int_eq(dn_equal("CN=smtp.ch-exemple.example,OU=1000000001,"
			      "O=CENTRE HOSPITALIER EXEMPLE,L=Lyon (69),C=FR",
			      "/C=FR/ST=Lyon (69)/O=CENTRE HOSPITALIER EXEMPLE"
			      "/OU=1000000001/CN=smtp.ch-exemple.example"), 1);
    /* Non-ASCII value (UTF-8 in the XML), and its hex-escaped forms. */
    ck_assert_int_eq(dn_equal("CN=smtpmss.region.example,OU=1000000003,O=GCS REGION,"
			      "ST=Rh\xc3\xb4ne (69),C=FR",
			      "/C=FR/ST=Rh\\xC3\\xB4ne (69)/O=GCS REGION/OU=1000000003"
			      "/CN=smtpmss.region.example"), 1);
    ck_assert_int_eq(dn_equal("CN=smtpmss.region.example,OU=1000000003,O=GCS REGION,"
			      "ST=Rh\xc3\xb4ne (69),C=FR",
			      "CN=smtpmss.region.example,OU=1000000003,O=GCS REGION,"
			      "ST=Rh\\C3\\B4ne (69),C=FR"), 1);
    /* Non-ASCII is compared exactly: no accent folding. */
    ck_assert_int_eq(dn_equal("ST=Rh\xc3\xb4ne (69),C=FR", "ST=Rhone (69),C=FR"), 0);
    vstr_free(out);
}
END_TEST

START_TEST(test_l_and_st)
{
    VSTR   *out = vstr_alloc(10);

    /* Both present: both kept, in canonical order. */
    ck_assert_int_eq(dn_normalise("CN=x,L=Lyon,ST=Rhone,C=FR", out), 0);
    ck_assert_str_eq(vstr_str(out), "C=FR,ST=Rhone,L=Lyon,CN=x");
    ck_assert_int_eq(dn_equal("CN=x,L=Lyon,ST=Rhone,C=FR", "CN=x,ST=Lyon,C=FR"), 0);
    ck_assert_int_eq(dn_equal("CN=x,L=Lyon,C=FR", "CN=x,ST=Lyon,C=FR"), 1);
    ck_assert_int_eq(dn_equal("CN=x,localityName=Lyon,C=FR", "CN=x,ST=Lyon,C=FR"), 1);
    ck_assert_int_eq(dn_equal("CN=x,L=Lyon,C=FR", "CN=x,ST=Paris,C=FR"), 0);
    vstr_free(out);
}
END_TEST

START_TEST(test_case)
{
    /* Types and ASCII letters of values compare case-insensitively. */
    ck_assert_int_eq(dn_equal("cn=MX1.Operateur-A.example,o=operateur a,c=fr",
			      "CN=mx1.operateur-a.example,O=OPERATEUR A,C=FR"), 1);
    ck_assert_int_eq(dn_equal("Cn=x,cN=y", "CN=Y,CN=X"), 1);
}
END_TEST

START_TEST(test_differences)
{
    const char *a = forms_a1[0];

    ck_assert_int_eq(dn_equal(a, "CN=mx1.operateur-a.example.evil,OU=300000000000001,"
			      "O=OPERATEUR A,ST=Paris (75),C=FR"), 0);
    ck_assert_int_eq(dn_equal(a, "CN=mx1.operateur-a.example,OU=300000000000001,"
			      "O=OPERATEUR B,ST=Paris (75),C=FR"), 0);
    /* A missing or an extra attribute makes a different DN. */
    ck_assert_int_eq(dn_equal(a, "CN=mx1.operateur-a.example,OU=300000000000001,"
			      "O=OPERATEUR A,C=FR"), 0);
    ck_assert_int_eq(dn_equal(a, "CN=mx1.operateur-a.example,OU=300000000000001,"
			      "O=OPERATEUR A,ST=Paris (75),C=FR,E=x@y.example"), 0);
    ck_assert_int_eq(dn_equal(a, "CN=mx1.operateur-a.example,CN=evil.example,"
			      "OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR"), 0);
    /* Blanks inside a value matter (collapsed, not removed). */
    ck_assert_int_eq(dn_equal("O=OPERATEUR A", "O=OPERATEURA"), 0);
    /* Unparsable DNs are never equal, not even to themselves. */
    ck_assert_int_eq(dn_equal("garbage", "garbage"), 0);
    ck_assert_int_eq(dn_equal(0, a), 0);
}
END_TEST

START_TEST(test_repeated_types)
{
    VSTR   *out = vstr_alloc(10);

    /* The ANS CA: two OUs, in opposite orders in the two main forms. */
    ck_assert_int_eq(dn_equal("CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,"
			      "OU=0002 187512751,O=ASIP-SANTE,C=FR",
			      "/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE"
			      "/CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"), 1);
    ck_assert_int_eq(dn_normalise("OU=b,OU=A,OU=c", out), 0);
    ck_assert_str_eq(vstr_str(out), "OU=A,OU=b,OU=c");
    /* Other types: after CN, sorted by type. */
    ck_assert_int_eq(dn_normalise("serialNumber=42,CN=x,DC=example,emailAddress=a@b", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=x,DC=example,EMAILADDRESS=a@b,SERIALNUMBER=42");
    vstr_free(out);
}
END_TEST

START_TEST(test_escapes)
{
    VSTR   *out = vstr_alloc(10);

    ck_assert_int_eq(dn_normalise("CN=a\\,b,O=\"SOCIETE X, SA\",C=FR", out), 0);
    ck_assert_str_eq(vstr_str(out), "C=FR,O=SOCIETE X\\, SA,CN=a\\,b");
    /* An unescaped comma not followed by "type=" stays in the value. */
    ck_assert_int_eq(dn_equal("O=SOCIETE X, SA,C=FR", "O=SOCIETE X\\, SA,C=FR"), 1);
    ck_assert_int_eq(dn_equal("O=SOCIETE X, SA,C=FR", "O=\"SOCIETE X, SA\",C=FR"), 1);
    /* "/" is an ordinary character outside the oneline form... */
    ck_assert_int_eq(dn_normalise("O=A/B,C=FR", out), 0);
    ck_assert_str_eq(vstr_str(out), "C=FR,O=A/B");
    /* ...and in it unless followed by "type=". */
    ck_assert_int_eq(dn_normalise("/C=FR/O=A/B", out), 0);
    ck_assert_str_eq(vstr_str(out), "C=FR,O=A/B");
    ck_assert_int_eq(dn_normalise("/C=FR/O=A, B", out), 0);
    ck_assert_str_eq(vstr_str(out), "C=FR,O=A\\, B");
    /* Specials are escaped in the output; hex pairs decoded. */
    ck_assert_int_eq(dn_normalise("CN=#x,O=a+b<c>;OU=\\41\\42", out), 0);
    ck_assert_str_eq(vstr_str(out), "O=a\\+b\\<c\\>,OU=AB,CN=\\#x");
    ck_assert_int_eq(dn_normalise("CN=a\\\\b\\\"c", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=a\\\\b\\\"c");
    ck_assert_int_eq(dn_normalise("CN=\"q\\\"uote\"", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=q\\\"uote");
    /* Escaped and quoted blanks are trimmed and collapsed like others. */
    ck_assert_int_eq(dn_normalise("CN=\\ x\\20\\20y\\ ", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=x y");
    ck_assert_int_eq(dn_normalise("CN=\"  x   y \"", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=x y");
    ck_assert_int_eq(dn_normalise("CN=x\ty", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=x y");
    /* Text after a separator that is not "type=" is kept, escaped. */
    ck_assert_int_eq(dn_normalise("CN=x,garbage", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=x\\,garbage");
    ck_assert_int_eq(dn_normalise("CN=x;=y", out), 0);
    ck_assert_str_eq(vstr_str(out), "CN=x\\;\\=y");
    /* Empty values. */
    ck_assert_int_eq(dn_normalise("CN=,OU=", out), 0);
    ck_assert_str_eq(vstr_str(out), "OU=,CN=");
    vstr_free(out);
}
END_TEST

static const char *bad_dns[] = {
    "",
    "   ",
    "/",
    "garbage",
    "CN",
    "=x",
    "1.=x",
    "-CN=x",
    "CN=a\\",				/* dangling escape */
    "CN=\"abc",				/* unterminated quote */
    "CN=\"a\"b",			/* junk after the quote */
    "CN=a\\00b",			/* escaped NUL */
    "CN=a\\0ab",			/* escaped LF */
    "CN=a\\09b",			/* escaped tab */
    "CN=a\rb",				/* raw CR */
    "CN=a\nO=b",			/* raw LF */
    "CN=a\x7f",				/* DEL */
    "CN=\"a\x01\"",
    "/CN=a\\x00",
};

START_TEST(test_bad)
{
    VSTR   *out = vstr_alloc(10);

    vstr_strcpy(out, "stale");
    ck_assert_msg(dn_normalise(bad_dns[_i], out) == -1, "accepted: \"%s\" -> \"%s\"",
		  bad_dns[_i], vstr_str(out));
    ck_assert_str_eq(vstr_str(out), "");
    vstr_strcpy(out, "stale");
    ck_assert_int_eq(dn_cn(bad_dns[_i], out), -1);
    ck_assert_str_eq(vstr_str(out), "");
    vstr_free(out);
}
END_TEST

START_TEST(test_null)
{
    VSTR   *out = vstr_alloc(10);

    ck_assert_int_eq(dn_normalise(0, out), -1);
    ck_assert_int_eq(dn_cn(0, out), -1);
    vstr_free(out);
}
END_TEST

START_TEST(test_idempotent)
{
    static const char *inputs[] = {
	"CN=a\\,b,O=\"SOCIETE X, SA\",C=FR",
	"O=SOCIETE X, SA,C=FR",
	"CN=#x,O=a+b<c>;OU=\\41\\42",
	"CN=a\\\\b\\\"c,OU=,DC=z,DC=a",
	"/C=FR/O=A, B/CN=x\\xC3\\xA9",
	"CN=x,L=Lyon,C=FR",
	"CN=x,L=Lyon,ST=Rhone,C=FR",
	"CN=a=b,O==",
	"CN=x;y,O=a,",
    };
    VSTR   *once = vstr_alloc(10);
    VSTR   *twice = vstr_alloc(10);
    size_t  i;

    for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
	ck_assert_int_eq(dn_normalise(inputs[i], once), 0);
	ck_assert_int_eq(dn_normalise(vstr_str(once), twice), 0);
	ck_assert_str_eq(vstr_str(once), vstr_str(twice));
	ck_assert_int_eq(dn_equal(inputs[i], vstr_str(once)), 1);
    }
    for (i = 0; i < FORMS_A1_GOOD; i++) {
	ck_assert_int_eq(dn_normalise(forms_a1[i], once), 0);
	ck_assert_int_eq(dn_normalise(vstr_str(once), twice), 0);
	ck_assert_str_eq(vstr_str(once), vstr_str(twice));
    }
    vstr_free(once);
    vstr_free(twice);
}
END_TEST

START_TEST(test_cn)
{
    VSTR   *out = vstr_alloc(10);

    ck_assert_int_eq(dn_cn(forms_a1[0], out), 0);
    ck_assert_str_eq(vstr_str(out), "mx1.operateur-a.example");
    ck_assert_int_eq(dn_cn(forms_a1[2], out), 0);
    ck_assert_str_eq(vstr_str(out), "mx1.operateur-a.example");
    ck_assert_int_eq(dn_cn("commonName = \"a, b\" ,C=FR", out), 0);
    ck_assert_str_eq(vstr_str(out), "a, b");
    ck_assert_int_eq(dn_cn("CN=  spaced   out ", out), 0);
    ck_assert_str_eq(vstr_str(out), "spaced out");
    /* No CN, or two: no answer. */
    ck_assert_int_eq(dn_cn("O=OPERATEUR A,C=FR", out), -1);
    ck_assert_str_eq(vstr_str(out), "");
    ck_assert_int_eq(dn_cn("CN=a,CN=b,C=FR", out), -1);
    ck_assert_str_eq(vstr_str(out), "");
    vstr_free(out);
}
END_TEST

START_TEST(test_long)
{
    size_t  n = 200000, i;
    char   *buf = malloc(n + 1);
    VSTR   *out = vstr_alloc(10);

    /* Many attributes: parsing stays linear enough and sorting works. */
    for (i = 0; i + 5 <= n; i += 5)
	memcpy(buf + i, i % 10 ? "OU=b," : "OU=a,", 5);
    buf[i] = 0;
    ck_assert_int_eq(dn_normalise(buf, out), 0);
    ck_assert_uint_eq(vstr_len(out), n - 1);
    ck_assert_int_eq(strncmp(vstr_str(out), "OU=a,OU=a,", 10), 0);
    free(buf);
    vstr_free(out);
}
END_TEST

/* dn_suite - all tests */

static Suite *dn_suite(void)
{
    Suite  *s = suite_create("dn");
    TCase  *tc;

    tc = tcase_create("normalise");
    tcase_add_loop_test(tc, test_forms_equal, 0, FORMS_A1_GOOD);
    tcase_add_test(tc, test_sample_entries);
    tcase_add_test(tc, test_l_and_st);
    tcase_add_test(tc, test_case);
    tcase_add_test(tc, test_differences);
    tcase_add_test(tc, test_repeated_types);
    tcase_add_test(tc, test_escapes);
    tcase_add_loop_test(tc, test_bad, 0, sizeof(bad_dns) / sizeof(bad_dns[0]));
    tcase_add_test(tc, test_null);
    tcase_add_test(tc, test_idempotent);
    tcase_add_test(tc, test_cn);
    tcase_add_test(tc, test_long);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(dn_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
