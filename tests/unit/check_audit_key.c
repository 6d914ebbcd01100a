/*++
/* NAME
/*	check_audit_key 1
/* SUMMARY
/*	unit tests of audit_key(3) and audit_ins(3)
/* SYNOPSIS
/*	check_audit_key
/* DESCRIPTION
/*	The expected HMAC values were computed independently with
/*	openssl(1), with the key "mssante-audit-test-key-0123456789"
/*	(hex below), for example:
/*	printf %s 285037728417346 | openssl dgst -sha256 -hmac
/*	'mssante-audit-test-key-0123456789', which gives the same as
/*	openssl dgst -sha256 -mac HMAC -macopt hexkey:KEY_HEX.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vstr.h"
#include "audit_key.h"
#include "audit_ins.h"

#define KEY_HEX "6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839"
#define HMAC_285037728417346 \
	"784a80fb81b59481b6770f30ca986f3dbc036dbfc125505d02797fd28df1294e"
#define HMAC_253072A07300470 \
	"a2ef2508477fe10768e1dd3352f5ecd3f14d595312fe976ef30094f5912c57d5"
#define KEY_ID "3821404771a80b7d"

static AUDIT_KEY *key;
static VSTR *why, *out;

/* setup - a parsed key and scratch strings */

static void setup(void)
{
    why = vstr_alloc(10);
    out = vstr_alloc(10);
    key = audit_key_parse(KEY_HEX "\n", strlen(KEY_HEX) + 1, why);
    ck_assert_msg(key != 0, "%s", vstr_str(why));
}

/* teardown - release */

static void teardown(void)
{
    audit_key_free(key);
    vstr_free(why);
    vstr_free(out);
}

/* write_file - create a file with given content and mode */

static char *write_file(const char *content, mode_t mode)
{
    char    tmpl[] = "/tmp/check_audit_key.XXXXXX";
    int     fd = mkstemp(tmpl);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, content, strlen(content)), (int) strlen(content));
    close(fd);
    chmod(tmpl, mode);
    return (strdup(tmpl));
}

START_TEST(test_hmac_known_ins)
{
    audit_ins_hmac(key, "285037728417346", 15, out);
    ck_assert_str_eq(vstr_str(out), HMAC_285037728417346);
}
END_TEST

START_TEST(test_hmac_corsica_case)
{
    /* "2a" and "2A" are the same department: same pseudonym. */
    audit_ins_hmac(key, "253072A07300470", 15, out);
    ck_assert_str_eq(vstr_str(out), HMAC_253072A07300470);
    audit_ins_hmac(key, "253072a07300470", 15, out);
    ck_assert_str_eq(vstr_str(out), HMAC_253072A07300470);
}
END_TEST

START_TEST(test_hmac_differs)
{
    audit_ins_hmac(key, "285037728417347", 15, out);
    ck_assert_str_ne(vstr_str(out), HMAC_285037728417346);
    ck_assert_uint_eq(vstr_len(out), 64);
}
END_TEST

START_TEST(test_key_id)
{
    ck_assert_str_eq(audit_key_id(key), KEY_ID);
}
END_TEST

START_TEST(test_key_upper_hex_same)
{
    char    upper[sizeof(KEY_HEX)];
    AUDIT_KEY *k2;
    size_t  i;

    for (i = 0; i < sizeof(KEY_HEX); i++)
	upper[i] = (KEY_HEX[i] >= 'a' && KEY_HEX[i] <= 'f') ?
	    KEY_HEX[i] - 'a' + 'A' : KEY_HEX[i];
    k2 = audit_key_parse(upper, strlen(upper), why);
    ck_assert_ptr_nonnull(k2);
    ck_assert_str_eq(audit_key_id(k2), KEY_ID);
    audit_key_free(k2);
}
END_TEST

START_TEST(test_key_bad)
{
    static const char *bad[] = {
	"", "   \n", "abc", "zz" KEY_HEX, KEY_HEX "0",
	"00112233445566778899aabbccddee",	/* 15 bytes: too short */
	KEY_HEX " " KEY_HEX,			/* blank inside */
    };
    size_t  i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
	vstr_reset(why);
	ck_assert_msg(audit_key_parse(bad[i], strlen(bad[i]), why) == 0,
		      "accepted key %zu", i);
	ck_assert_uint_gt(vstr_len(why), 0);
    }
}
END_TEST

START_TEST(test_key_too_long)
{
    VSTR   *big = vstr_alloc(600);
    int     i;

    for (i = 0; i < AUDIT_KEY_MAX + 1; i++)
	vstr_cat(big, "ab");
    ck_assert_ptr_null(audit_key_parse(vstr_str(big), vstr_len(big), why));
    vstr_truncate(big, 2 * AUDIT_KEY_MAX);
    {
	AUDIT_KEY *k = audit_key_parse(vstr_str(big), vstr_len(big), why);

	ck_assert_ptr_nonnull(k);
	audit_key_free(k);
    }
    vstr_free(big);
}
END_TEST

START_TEST(test_key_load_ok)
{
    char   *path = write_file(KEY_HEX "\n", 0600);
    AUDIT_KEY *k = audit_key_load(path, AUDIT_KEY_STRICT, why);

    ck_assert_msg(k != 0, "%s", vstr_str(why));
    ck_assert_str_eq(audit_key_id(k), KEY_ID);
    audit_key_free(k);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(test_key_load_world_readable)
{
    char   *path = write_file(KEY_HEX "\n", 0644);
    AUDIT_KEY *k;

    ck_assert_ptr_null(audit_key_load(path, AUDIT_KEY_STRICT, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "chmod"));
    /* The review tool is not strict: the auditor's own copy. */
    k = audit_key_load(path, 0, why);
    ck_assert_ptr_nonnull(k);
    audit_key_free(k);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(test_key_load_missing)
{
    ck_assert_ptr_null(audit_key_load("/nonexistent/key", 0, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "/nonexistent/key"));
    ck_assert_ptr_null(audit_key_load("/tmp", 0, why));
}
END_TEST

START_TEST(test_key_load_garbage)
{
    char   *path = write_file("not a key\n", 0600);

    ck_assert_ptr_null(audit_key_load(path, 0, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), path));
    unlink(path);
    free(path);
}
END_TEST

START_TEST(test_addr_patient)
{
    const char *a = "<285037728417346@patient.mssante.fr>";

    ck_assert_int_eq(audit_ins_addr(key, 0, a, strlen(a), out), 1);
    ck_assert_str_eq(vstr_str(out),
		     "hmac:" HMAC_285037728417346 "@patient.mssante.fr");
}
END_TEST

START_TEST(test_addr_patient_upper_domain)
{
    const char *a = "285037728417346@Patient.MSSante.FR";

    ck_assert_int_eq(audit_ins_addr(key, 0, a, strlen(a), out), 1);
    ck_assert_str_eq(vstr_str(out),
		     "hmac:" HMAC_285037728417346 "@patient.mssante.fr");
    ck_assert_int_eq(audit_ins_is_patient(0, a, strlen(a)), 1);
}
END_TEST

START_TEST(test_addr_professional)
{
    const char *a = "<dr.martin@ch-exemple.mssante.fr>";

    ck_assert_int_eq(audit_ins_addr(key, 0, a, strlen(a), out), 0);
    ck_assert_str_eq(vstr_str(out), "dr.martin@ch-exemple.mssante.fr");
    ck_assert_int_eq(audit_ins_is_patient(0, a, strlen(a)), 0);
}
END_TEST

START_TEST(test_addr_not_patient_lookalikes)
{
    static const char *a[] = {
	"m.dupont@sub.patient.mssante.fr",
	"m.dupont@xpatient.mssante.fr",
	"m.dupont@patient.mssante.fr.evil",
	"m.dupont@patient.mssante.fr-x",
	"@patient.mssante.fr",
	"<@patient.mssante.fr>",
	"patient.mssante.fr",
    };
    const char *ins = "285037728417346@patient.mssante.fr.evil";
    size_t  i;

    for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
	ck_assert_int_eq(audit_ins_addr(key, 0, a[i], strlen(a[i]), out), 0);
	ck_assert_int_eq(audit_ins_is_patient(0, a[i], strlen(a[i])), 0);
    }
    ck_assert_str_eq(vstr_str(out), "patient.mssante.fr");
    /* Not a patient address, but the INS in it is hidden all the same. */
    ck_assert_int_eq(audit_ins_addr(key, 0, ins, strlen(ins), out), 0);
    ck_assert_str_eq(vstr_str(out),
		     "hmac:" HMAC_285037728417346 "@patient.mssante.fr.evil");
}
END_TEST

START_TEST(test_addr_patient_spellings)
{
    /* One mailbox, one pseudonym, however the MTA or the client spelt it. */
    static const char *a[] = {
	"<285037728417346@patient.mssante.fr.>",
	"285037728417346@patient.mssante.fr.",
	"<285037728417346@patient.mssante.fr >",
	"< 285037728417346@patient.mssante.fr>",
	" 285037728417346@patient.mssante.fr\t",
	"285037728417346@PATIENT.mssante.Fr",
	"<\"285037728417346\"@patient.mssante.fr>",
	"\"28503772841\\7346\"@patient.mssante.fr",
	"<@relay.example,@mx.example:285037728417346@patient.mssante.fr>",
	"@relay.example:285037728417346@Patient.Mssante.FR..",
	"285037728417346@patient.mssante.fr>",
    };
    const char *corsica = "<\"253072a07300470\"@patient.mssante.fr.>";
    const char *typo = "x y@patient.mssante.fr.";
    size_t  i;

    for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
	ck_assert_msg(audit_ins_addr(key, 0, a[i], strlen(a[i]), out) == 1, "%s", a[i]);
	ck_assert_str_eq(vstr_str(out),
			 "hmac:" HMAC_285037728417346 "@patient.mssante.fr");
	ck_assert_int_eq(audit_ins_is_patient(0, a[i], strlen(a[i])), 1);
    }
    /* Corsica, and a mistyped INS: hidden too, never in clear. */
    ck_assert_int_eq(audit_ins_addr(key, 0, corsica, strlen(corsica), out), 1);
    ck_assert_str_eq(vstr_str(out),
		     "hmac:" HMAC_253072A07300470 "@patient.mssante.fr");
    ck_assert_int_eq(audit_ins_addr(key, 0, typo, strlen(typo), out), 1);
    ck_assert_ptr_null(strstr(vstr_str(out), "x y"));
}
END_TEST

START_TEST(test_scrub_spellings)
{
    const char *t = "550 5.1.1 <\"285037728417346\"@patient.mssante.fr.>: refus; "
    "<@a.example,@b.example:253072A07300470@PATIENT.MSSANTE.FR>; "
    "Subject: resultats de 2850377284173 (cle 46)";

    ck_assert_uint_eq(audit_ins_scrub(key, 0, t, strlen(t), out), 3);
    ck_assert_ptr_null(strstr(vstr_str(out), "2850377284173"));
    ck_assert_ptr_null(strstr(vstr_str(out), "253072A"));
    ck_assert_ptr_nonnull(strstr(vstr_str(out), "<hmac:" HMAC_285037728417346
				 "@patient.mssante.fr.>: refus"));
    ck_assert_ptr_nonnull(strstr(vstr_str(out), ":hmac:" HMAC_253072A07300470
				 "@patient.mssante.fr>"));
}
END_TEST

START_TEST(test_addr_other_patient_domain)
{
    const char *a = "<285037728417346@Patient.Test-MSSante.fr>";
    const char *t = "refus: 285037728417346@patient.test-mssante.fr";

    /* A site with another PatientDomain: that one is pseudonymised. */
    ck_assert_int_eq(audit_ins_addr(key, "patient.test-mssante.fr", a,
				    strlen(a), out), 1);
    ck_assert_str_eq(vstr_str(out),
		     "hmac:" HMAC_285037728417346 "@patient.test-mssante.fr");
    ck_assert_int_eq(audit_ins_is_patient("patient.test-mssante.fr", a, strlen(a)), 1);
    ck_assert_int_eq(audit_ins_is_patient(0, a, strlen(a)), 0);
    ck_assert_uint_eq(audit_ins_scrub(key, "patient.test-mssante.fr", t,
				      strlen(t), out), 1);
    ck_assert_str_eq(vstr_str(out), "refus: hmac:" HMAC_285037728417346
		     "@patient.test-mssante.fr");
}
END_TEST

START_TEST(test_addr_null_sender)
{
    ck_assert_int_eq(audit_ins_addr(key, 0, "<>", 2, out), 0);
    ck_assert_str_eq(vstr_str(out), "");
}
END_TEST

START_TEST(test_scrub_reply)
{
    const char *t = "550 5.1.1 <285037728417346@patient.mssante.fr>: cle INS invalide";

    ck_assert_uint_eq(audit_ins_scrub(key, 0, t, strlen(t), out), 1);
    ck_assert_str_eq(vstr_str(out), "550 5.1.1 <hmac:" HMAC_285037728417346
		     "@patient.mssante.fr>: cle INS invalide");
}
END_TEST

START_TEST(test_scrub_bare_ins)
{
    const char *t = "INS 253072A07300470 inconnu; INS=285037728417346.";

    ck_assert_uint_eq(audit_ins_scrub(key, 0, t, strlen(t), out), 2);
    ck_assert_str_eq(vstr_str(out), "INS hmac:" HMAC_253072A07300470
		     " inconnu; INS=hmac:" HMAC_285037728417346 ".");
}
END_TEST

START_TEST(test_scrub_short_ins_address)
{
    /* A mistyped INS (too short) in a patient address: still hidden. */
    const char *t = "adresse 2850377284@patient.mssante.fr refusee";

    ck_assert_uint_eq(audit_ins_scrub(key, 0, t, strlen(t), out), 1);
    ck_assert_ptr_null(strstr(vstr_str(out), "2850377284"));
}
END_TEST

START_TEST(test_scrub_keeps_other_text)
{
    const char *t = "451 4.7.1 RPPS 810002345678, file 4VxQ2m3Kz0z, essayez plus tard";

    ck_assert_uint_eq(audit_ins_scrub(key, 0, t, strlen(t), out), 0);
    ck_assert_str_eq(vstr_str(out), t);
}
END_TEST

START_TEST(test_scrub_no_rescan)
{
    /* The hex just written must not be scrubbed again. */
    const char *t = "285037728417346 285037728417346";

    ck_assert_uint_eq(audit_ins_scrub(key, 0, t, strlen(t), out), 2);
    ck_assert_str_eq(vstr_str(out), "hmac:" HMAC_285037728417346
		     " hmac:" HMAC_285037728417346);
}
END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("audit_key");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_hmac_known_ins);
    tcase_add_test(tc, test_hmac_corsica_case);
    tcase_add_test(tc, test_hmac_differs);
    tcase_add_test(tc, test_key_id);
    tcase_add_test(tc, test_key_upper_hex_same);
    tcase_add_test(tc, test_key_bad);
    tcase_add_test(tc, test_key_too_long);
    tcase_add_test(tc, test_key_load_ok);
    tcase_add_test(tc, test_key_load_world_readable);
    tcase_add_test(tc, test_key_load_missing);
    tcase_add_test(tc, test_key_load_garbage);
    tcase_add_test(tc, test_addr_patient);
    tcase_add_test(tc, test_addr_patient_upper_domain);
    tcase_add_test(tc, test_addr_professional);
    tcase_add_test(tc, test_addr_not_patient_lookalikes);
    tcase_add_test(tc, test_addr_patient_spellings);
    tcase_add_test(tc, test_scrub_spellings);
    tcase_add_test(tc, test_addr_other_patient_domain);
    tcase_add_test(tc, test_addr_null_sender);
    tcase_add_test(tc, test_scrub_reply);
    tcase_add_test(tc, test_scrub_bare_ins);
    tcase_add_test(tc, test_scrub_short_ins_address);
    tcase_add_test(tc, test_scrub_keeps_other_text);
    tcase_add_test(tc, test_scrub_no_rescan);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
