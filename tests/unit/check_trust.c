/*++
/* NAME
/*	check_trust 1
/* SUMMARY
/*	unit tests for trust(3)
/* SYNOPSIS
/*	check_trust
/* DESCRIPTION
/*	Builds the trust space of the whitelist sample and a generated one
/*	of the real size (6,500 entries, 5,000 domains), then checks exact
/*	whole-domain matching (no parent/child inheritance, case folding),
/*	the builder's validation and merging, and the peer certificate
/*	check with full DNs in every form and with bare CNs.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trust.h"

 /*
  * The entries of samples/listeblanche-sample.xml, in file order.
  */
#define DN_A1	"CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR"
#define DN_A2	"CN=mx2.operateur-a.example, OU=300000000000001, O=OPERATEUR A, ST=Paris (75), C=FR"
#define DN_CH	"CN=smtp.ch-exemple.example,OU=1000000001,O=CENTRE HOSPITALIER EXEMPLE,L=Lyon (69),C=FR"
#define DN_PAT	"CN=smtp.patient-operateur.example,OU=300000000000002,O=CNAM,ST=Paris (75),C=FR"
#define DN_REG	"CN=smtpmss.region.example,OU=1000000003,O=GCS REGION,ST=Rh\xc3\xb4ne (69),C=FR"
#define DN_PAS	"CN=mailin.passerelle.example,OU=300000000000003,O=PASSERELLE,ST=Paris (75),C=FR"

static const char *sample[][2] = {
    {"medecin.mssante.fr", DN_A1},
    {"medecin.mssante.fr", DN_A2},
    {"ch-exemple.mssante.fr", DN_CH},
    {"pharmacie-exemple.mssante.fr", DN_A1},
    {"patient.mssante.fr", DN_PAT},
    {"region.mssante.fr", DN_REG},
    {"ehpad.region.mssante.fr", DN_REG},
    {"UC-EXEMPLE.mssante.fr", DN_A1},
    {"mssante.passerelle.example", DN_PAS},
};

static TRUST *sample_trust;

/* sample_setup - build the sample snapshot */

static void sample_setup(void)
{
    TRUST_BUILDER *bp = trust_builder_create(4);
    size_t  i;

    for (i = 0; i < sizeof(sample) / sizeof(sample[0]); i++)
	ck_assert_int_eq(trust_builder_add(bp, sample[i][0], sample[i][1]), 0);
    sample_trust = trust_builder_finish(bp);
}

/* sample_teardown - free it */

static void sample_teardown(void)
{
    trust_free(sample_trust);
    sample_trust = 0;
}

START_TEST(test_sample_counts)
{
    ck_assert_uint_eq(trust_domain_count(sample_trust), 8);
    ck_assert_uint_eq(trust_dn_count(sample_trust), 9);
}
END_TEST

static const char *listed[] = {
    "medecin.mssante.fr",
    "MEDECIN.MSSANTE.FR",
    "Medecin.MSSante.fr",
    "uc-exemple.mssante.fr",		/* listed as UC-EXEMPLE.mssante.fr */
    "UC-EXEMPLE.mssante.fr",
    "region.mssante.fr",
    "ehpad.region.mssante.fr",		/* listed itself */
    "patient.mssante.fr",
    "mssante.passerelle.example",
};

static const char *not_listed[] = {
    "medecin.mssante.fr.evil.example",
    "evilmssante.fr",
    "x.medecin.mssante.fr",
    "mssante.fr",
    "fr",
    "medecin.mssante.fr.",
    ".medecin.mssante.fr",
    " medecin.mssante.fr",
    "medecin.mssante.f",
    "edecin.mssante.fr",
    "other.region.mssante.fr",		/* parent listed: no inheritance */
    "passerelle.example",
    "medecin-mssante.fr",
    "",
};

START_TEST(test_listed)
{
    ck_assert_msg(trust_contains(sample_trust, listed[_i]), "%s", listed[_i]);
    ck_assert(trust_containsn(sample_trust, listed[_i], strlen(listed[_i])));
}
END_TEST

START_TEST(test_not_listed)
{
    ck_assert_msg(!trust_contains(sample_trust, not_listed[_i]), "%s", not_listed[_i]);
    ck_assert(!trust_containsn(sample_trust, not_listed[_i], strlen(not_listed[_i])));
}
END_TEST

START_TEST(test_containsn)
{
    static const char nul[] = "medecin.mssante.fr\0.evil.example";

    /* The length is what counts, in both directions. */
    ck_assert(trust_containsn(sample_trust, "medecin.mssante.fr.evil.example", 18));
    ck_assert(!trust_containsn(sample_trust, nul, sizeof(nul) - 1));
    ck_assert(!trust_containsn(sample_trust, "medecin.mssante.fr", 17));
    ck_assert(!trust_containsn(sample_trust, "medecin.mssante.fr", 0));
    ck_assert(!trust_containsn(sample_trust, 0, 5));
    ck_assert(!trust_contains(sample_trust, 0));
    ck_assert(!trust_contains(0, "medecin.mssante.fr"));
    ck_assert(!trust_containsn(0, "medecin.mssante.fr", 18));
}
END_TEST

START_TEST(test_builder_validation)
{
    TRUST_BUILDER *bp = trust_builder_create(0);
    TRUST  *tp;
    char    big[300];

    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    ck_assert_int_eq(trust_builder_add(bp, 0, DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "", DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "  ", DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "a..mssante.fr", DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "u@medecin.mssante.fr", DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr.", DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "[192.0.2.1]", DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "m\xc3\xa9" "decin.mssante.fr", DN_A1), -1);
    ck_assert_int_eq(trust_builder_add(bp, "-x.mssante.fr", 0), -1);
    ck_assert_int_eq(trust_builder_add(bp, "a b.mssante.fr", 0), -1);
    ck_assert_int_eq(trust_builder_add(bp, big, 0), -1);
    tp = trust_builder_finish(bp);
    ck_assert_uint_eq(trust_domain_count(tp), 0);
    ck_assert_uint_eq(trust_dn_count(tp), 0);
    ck_assert(!trust_contains(tp, "a..mssante.fr"));
    trust_free(tp);
}
END_TEST

START_TEST(test_builder_merge)
{
    TRUST_BUILDER *bp = trust_builder_create(0);
    TRUST  *tp;
    const char *const *dns;
    size_t  n;

    /* XML white space around the name is not part of it. */
    ck_assert_int_eq(trust_builder_add(bp, "\n   Medecin.MSSante.fr \r\n", DN_A1), 0);
    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr", DN_A1), 0);
    ck_assert_int_eq(trust_builder_add(bp, "MEDECIN.mssante.fr",
	 "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=MX1.operateur-a.example"), 0);
    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr", DN_A2), 0);
    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr", 0), 0);
    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr", "  "), 0);
    /* An unparsable DN: -2, the domain stays. */
    ck_assert_int_eq(trust_builder_add(bp, "nodn.mssante.fr", "not a dn"), -2);
    ck_assert_int_eq(trust_builder_add(bp, "bare.mssante.fr", 0), 0);
    tp = trust_builder_finish(bp);
    ck_assert_uint_eq(trust_domain_count(tp), 3);
    ck_assert_uint_eq(trust_dn_count(tp), 2);
    ck_assert(trust_contains(tp, "medecin.mssante.fr"));
    ck_assert(trust_contains(tp, "nodn.mssante.fr"));
    ck_assert(trust_contains(tp, "bare.mssante.fr"));

    dns = trust_domain_dns(tp, "MEDECIN.mssante.fr", &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(dns[0], "C=FR,ST=Paris (75),O=OPERATEUR A,OU=300000000000001,"
		     "CN=mx1.operateur-a.example");
    ck_assert_str_eq(dns[1], "C=FR,ST=Paris (75),O=OPERATEUR A,OU=300000000000001,"
		     "CN=mx2.operateur-a.example");
    dns = trust_domain_dns(tp, "bare.mssante.fr", &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(trust_domain_dns(tp, "evil.example", &n));
    ck_assert_uint_eq(n, 0);

    ck_assert_int_eq(trust_peer_check(tp, "nodn.mssante.fr", DN_A1), TRUST_PEER_NO_DN);
    ck_assert_int_eq(trust_peer_check(tp, "bare.mssante.fr", "mx1.operateur-a.example"),
		     TRUST_PEER_NO_DN);
    trust_free(tp);
}
END_TEST

START_TEST(test_builder_abandon)
{
    TRUST_BUILDER *bp = trust_builder_create(10);

    ck_assert_int_eq(trust_builder_add(bp, "medecin.mssante.fr", DN_A1), 0);
    ck_assert_int_eq(trust_builder_add(bp, "ch-exemple.mssante.fr", DN_CH), 0);
    trust_builder_free(bp);			/* valgrind: no leak */
    trust_builder_free(0);
    trust_free(0);
}
END_TEST

START_TEST(test_peer_full_dn)
{
    const TRUST *tp = sample_trust;

    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", DN_A1), TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", DN_A2), TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr",
		     "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=mx2.operateur-a.example"),
		     TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "MEDECIN.mssante.fr",
		     "C = FR, ST = Paris (75), O = OPERATEUR A, OU = 300000000000001, "
		     "CN = mx1.operateur-a.example"), TRUST_PEER_MATCH);
    /* The whitelist says L=, the certificate ST=: inferred equal. */
    ck_assert_int_eq(trust_peer_check(tp, "ch-exemple.mssante.fr",
		     "/C=FR/ST=Lyon (69)/O=CENTRE HOSPITALIER EXEMPLE/OU=1000000001"
		     "/CN=smtp.ch-exemple.example"), TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "region.mssante.fr",
		     "/C=FR/ST=Rh\\xC3\\xB4ne (69)/O=GCS REGION/OU=1000000003"
		     "/CN=smtpmss.region.example"), TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "uc-exemple.mssante.fr", DN_A1), TRUST_PEER_MATCH);

    /* Another operator's certificate, valid elsewhere in the space. */
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", DN_PAT), TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "patient.mssante.fr", DN_A1), TRUST_PEER_MISMATCH);
    /* mx2 is listed for medecin only. */
    ck_assert_int_eq(trust_peer_check(tp, "pharmacie-exemple.mssante.fr", DN_A2),
		     TRUST_PEER_MISMATCH);
    /* Same CN, other attributes. */
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr",
		     "CN=mx1.operateur-a.example,OU=300000000000001,O=EVIL,ST=Paris (75),C=FR"),
		     TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr",
		     "CN=mx1.operateur-a.example"), TRUST_PEER_MISMATCH);
    /* Contains "=" but does not parse. */
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "CN=\"mx1"),
		     TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "="),
		     TRUST_PEER_MISMATCH);
}
END_TEST

START_TEST(test_peer_bare_cn)
{
    const TRUST *tp = sample_trust;

    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "mx1.operateur-a.example"),
		     TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "MX2.Operateur-A.example"),
		     TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", " mx1.operateur-a.example\t"),
		     TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "ch-exemple.mssante.fr", "smtp.ch-exemple.example"),
		     TRUST_PEER_MATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "smtp.ch-exemple.example"),
		     TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "mx1.operateur-a.example.evil"),
		     TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "mx1.operateur-a.exampl"),
		     TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "x"),
		     TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", "*.operateur-a.example"),
		     TRUST_PEER_MISMATCH);
}
END_TEST

START_TEST(test_peer_other)
{
    const TRUST *tp = sample_trust;

    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", 0), TRUST_PEER_NO_CERT);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", ""), TRUST_PEER_NO_CERT);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr", " \t"), TRUST_PEER_NO_CERT);
    /* No certificate is reported first, whatever the domain. */
    ck_assert_int_eq(trust_peer_check(tp, "evil.example", 0), TRUST_PEER_NO_CERT);
    ck_assert_int_eq(trust_peer_check(tp, "evil.example", DN_A1), TRUST_PEER_UNKNOWN_DOMAIN);
    ck_assert_int_eq(trust_peer_check(tp, "x.medecin.mssante.fr", DN_A1),
		     TRUST_PEER_UNKNOWN_DOMAIN);
    ck_assert_int_eq(trust_peer_check(tp, 0, DN_A1), TRUST_PEER_UNKNOWN_DOMAIN);
    ck_assert_int_eq(trust_peer_check(0, "medecin.mssante.fr", DN_A1),
		     TRUST_PEER_UNKNOWN_DOMAIN);
}
END_TEST

START_TEST(test_peer_form)
{
    const TRUST *tp = sample_trust;

    /* Sendmail gives the whole subject: the whole DN is compared. */
    ck_assert_int_eq(trust_peer_form(DN_A1), TRUST_FORM_DN);
    ck_assert_int_eq(trust_peer_form("/C=FR/ST=Paris (75)/O=OPERATEUR A"
		     "/OU=300000000000001/CN=mx1.operateur-a.example"), TRUST_FORM_DN);
    ck_assert_str_eq(trust_form_name(TRUST_FORM_DN), "dn");
    /* Postfix gives the CN: the CN is compared. */
    ck_assert_int_eq(trust_peer_form("mx1.operateur-a.example"), TRUST_FORM_CN);
    ck_assert_int_eq(trust_peer_form(" mx1.operateur-a.example "), TRUST_FORM_CN);
    ck_assert_str_eq(trust_form_name(TRUST_FORM_CN), "cn");
    ck_assert_int_eq(trust_peer_form(0), TRUST_FORM_NONE);
    ck_assert_int_eq(trust_peer_form(""), TRUST_FORM_NONE);
    ck_assert_int_eq(trust_peer_form(" \t"), TRUST_FORM_NONE);
    ck_assert_ptr_null(trust_form_name(TRUST_FORM_NONE));

    /*
     * The same operator CN with another organisation (the ANS probe
     * cert-cn-diff-dn): the whole DN refuses it, the CN alone cannot.
     */
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr",
		     "/C=FR/ST=Paris (75)/O=AUTRE OPERATEUR/OU=300000000000099"
		     "/CN=mx1.operateur-a.example"), TRUST_PEER_MISMATCH);
    ck_assert_int_eq(trust_peer_check(tp, "medecin.mssante.fr",
		     "mx1.operateur-a.example"), TRUST_PEER_MATCH);
}
END_TEST

START_TEST(test_peer_names)
{
    static const char *want[] = {"match", "no_cert", "unknown_domain", "no_dn", "mismatch"};
    int     i;

    for (i = TRUST_PEER_MATCH; i <= TRUST_PEER_MISMATCH; i++)
	ck_assert_str_eq(trust_peer_name(i), want[i]);
    ck_assert_str_eq(trust_peer_name((TRUST_PEER) 42), "unknown");
}
END_TEST

 /*
  * A generated snapshot of the real size: 5,000 domains, 340 operators,
  * 6,500 entries (domains 0-299 have 5 operators, 300-599 have 2).
  */
#define BIG_DOMAINS	5000
#define BIG_OPERATORS	340

/* big_domain - the name of domain i */

static void big_domain(char *buf, size_t len, int i)
{
    if (i % 7 == 0)
	snprintf(buf, len, "Etab-%04d.Region-%d.MSSante.fr", i, i % 13);
    else if (i % 11 == 0)
	snprintf(buf, len, "mss-%04d.xn--hpital-9ua.example", i);
    else
	snprintf(buf, len, "etab-%04d.mssante.fr", i);
}

/* big_dn - the DN of operator k */

static void big_dn(char *buf, size_t len, int k, int oneline)
{
    if (oneline)
	snprintf(buf, len, "/C=FR/ST=Paris (75)/O=OPERATEUR %03d/OU=3%014d/CN=mx.op%03d.example",
		 k, k, k);
    else
	snprintf(buf, len, "CN=mx.op%03d.example,%sOU=3%014d,O=OPERATEUR %03d,%s=Paris (75),C=FR",
		 k, k % 2 ? " " : "", k, k, k % 17 == 0 ? "L" : "ST");
}

/* big_ops - the operators of domain i */

static int big_ops(int i, int *ops)
{
    int     n = i < 300 ? 5 : i < 600 ? 2 : 1, j;

    for (j = 0; j < n; j++)
	ops[j] = (i * 7 + j * 31) % BIG_OPERATORS;
    return (n);
}

START_TEST(test_big)
{
    TRUST_BUILDER *bp = trust_builder_create(0);	/* forces growth */
    TRUST  *tp;
    char    dom[100], dn[200], probe[120];
    int     ops[5], i, j, n, entries = 0;

    for (i = 0; i < BIG_DOMAINS; i++) {
	big_domain(dom, sizeof(dom), i);
	n = big_ops(i, ops);
	for (j = 0; j < n; j++) {
	    big_dn(dn, sizeof(dn), ops[j], 0);
	    ck_assert_int_eq(trust_builder_add(bp, dom, dn), 0);
	    entries++;
	}
    }
    ck_assert_int_eq(entries, 6500);
    tp = trust_builder_finish(bp);
    ck_assert_uint_eq(trust_domain_count(tp), BIG_DOMAINS);
    ck_assert_uint_eq(trust_dn_count(tp), 6500);

    for (i = 0; i < BIG_DOMAINS; i++) {
	big_domain(dom, sizeof(dom), i);
	ck_assert_msg(trust_contains(tp, dom), "%s", dom);
	snprintf(probe, sizeof(probe), "x.%s", dom);
	ck_assert(!trust_contains(tp, probe));
	snprintf(probe, sizeof(probe), "%s.evil.example", dom);
	ck_assert(!trust_contains(tp, probe));
	snprintf(probe, sizeof(probe), "%s.", dom);
	ck_assert(!trust_contains(tp, probe));
	ck_assert(!trust_containsn(tp, dom + 1, strlen(dom) - 1));

	n = big_ops(i, ops);
	for (j = 0; j < n; j++) {
	    big_dn(dn, sizeof(dn), ops[j], 1);
	    ck_assert_int_eq(trust_peer_check(tp, dom, dn), TRUST_PEER_MATCH);
	    snprintf(probe, sizeof(probe), "mx.op%03d.example", ops[j]);
	    ck_assert_int_eq(trust_peer_check(tp, dom, probe), TRUST_PEER_MATCH);
	}
	/* An operator not listed for this domain. */
	big_dn(dn, sizeof(dn), (ops[0] + 1) % BIG_OPERATORS, 1);
	if (n == 1 || i >= 600)
	    ck_assert_int_eq(trust_peer_check(tp, dom, dn), TRUST_PEER_MISMATCH);
    }
    for (i = BIG_DOMAINS; i < BIG_DOMAINS + 2000; i++) {
	big_domain(dom, sizeof(dom), i);
	ck_assert(!trust_contains(tp, dom));
    }
    trust_free(tp);
}
END_TEST

/* trust_suite - all tests */

static Suite *trust_suite(void)
{
    Suite  *s = suite_create("trust");
    TCase  *tc;

    tc = tcase_create("sample");
    tcase_add_checked_fixture(tc, sample_setup, sample_teardown);
    tcase_add_test(tc, test_sample_counts);
    tcase_add_loop_test(tc, test_listed, 0, sizeof(listed) / sizeof(listed[0]));
    tcase_add_loop_test(tc, test_not_listed, 0, sizeof(not_listed) / sizeof(not_listed[0]));
    tcase_add_test(tc, test_containsn);
    tcase_add_test(tc, test_peer_full_dn);
    tcase_add_test(tc, test_peer_bare_cn);
    tcase_add_test(tc, test_peer_other);
    tcase_add_test(tc, test_peer_form);
    tcase_add_test(tc, test_peer_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("builder");
    tcase_add_test(tc, test_builder_validation);
    tcase_add_test(tc, test_builder_merge);
    tcase_add_test(tc, test_builder_abandon);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_big);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(trust_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
