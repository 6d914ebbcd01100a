/*++
/* NAME
/*	check_insmask 1
/* SUMMARY
/*	unit tests for insmask(3)
/* SYNOPSIS
/*	check_insmask
/* DESCRIPTION
/*	The class of spellings of a patient address (trailing dots,
/*	blanks, no brackets, the domain in any case, a quoted local part,
/*	a source route, 2A/2B, a 13-character INS), INS-shaped tokens in
/*	free text (a Subject, a reply, a detail), their boundaries (other
/*	digits around: kept; letters, hex ones included, punctuation:
/*	replaced; inside a run of 32 hex digits or more, a hash: kept),
/*	the OU of a certificate DN (kept only as an attribute of a DN,
/*	not after a lone "OU="), the in-place cut of the logger, and
/*	another PatientDomain.
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "vstr.h"
#include "insmask.h"

#define DOM	"patient.mssante.fr"

static VSTR *out, *local;

/* tag - INSMASK_FN that shows what it was given: "[local]" */

static void tag(void *ctx, const char *ins, size_t len, VSTR *o)
{
    (void) ctx;
    vstr_addch(o, '[');
    vstr_ncat(o, ins, len);
    vstr_addch(o, ']');
}

/* setup, teardown - scratch strings */

static void setup(void)
{
    out = vstr_alloc(10);
    local = vstr_alloc(10);
}

static void teardown(void)
{
    vstr_free(out);
    vstr_free(local);
}

/* scrub - insmask_scrub() of a C string with tag() */

static size_t scrub(const char *domain, const char *text)
{
    return (insmask_scrub(domain, text, strlen(text), tag, 0, out));
}

/* inplace - insmask_inplace() of a copy; the result in out */

static void inplace(const char *text)
{
    char   *copy = strdup(text);
    size_t  n = insmask_inplace(copy, strlen(copy));

    vstr_reset(out);
    vstr_ncat(out, copy, n);
    free(copy);
}

START_TEST(test_match_shapes)
{
    ck_assert_uint_eq(insmask_match("285037728417346", 15), 15);
    ck_assert_uint_eq(insmask_match("2850377284173", 13), 13);
    ck_assert_uint_eq(insmask_match("253072A07300443", 15), 15);
    ck_assert_uint_eq(insmask_match("253072b07300443>", 16), 15);
    ck_assert_uint_eq(insmask_match("253072B073004", 13), 13);
    ck_assert_uint_eq(insmask_match("2850377284173 46", 16), 13);
    /* A letter after it, hex or not, is a boundary; a digit is not. */
    ck_assert_uint_eq(insmask_match("285037728417346f", 16), 15);
    ck_assert_uint_eq(insmask_match("2850377284173x", 14), 13);
    /* Not INS-shaped: 12 or 14 digits, a letter elsewhere, 2C. */
    ck_assert_uint_eq(insmask_match("285037728417", 12), 0);
    ck_assert_uint_eq(insmask_match("28503772841734", 14), 0);
    ck_assert_uint_eq(insmask_match("2850377284173467", 16), 0);
    ck_assert_uint_eq(insmask_match("25307A207300443", 15), 0);
    ck_assert_uint_eq(insmask_match("253072C07300443", 15), 0);
    ck_assert_uint_eq(insmask_match("A85037728417346", 15), 0);
    ck_assert_uint_eq(insmask_match("", 0), 0);
}
END_TEST

START_TEST(test_patient_spellings)
{
    static const char *a[] = {
	"<285037728417346@patient.mssante.fr>",
	"285037728417346@patient.mssante.fr",
	"<285037728417346@patient.mssante.fr.>",
	"285037728417346@patient.mssante.fr..",
	"<285037728417346@patient.mssante.fr >",
	" < 285037728417346 @ patient.mssante.fr > ",
	"<285037728417346@Patient.MSSante.FR>",
	"<\"285037728417346\"@patient.mssante.fr>",
	"\"285037728417346\"@PATIENT.MSSANTE.FR.",
	"<\"2850377284\\17346\"@patient.mssante.fr>",
	"<@a.example,@b.example:285037728417346@patient.mssante.fr>",
	"@a.example:285037728417346@patient.mssante.fr.",
	"<285037728417346@patient.mssante.fr",
    };
    size_t  i;

    for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
	ck_assert_msg(insmask_patient(DOM, a[i], strlen(a[i]), local) == 1,
		      "patient: %s", a[i]);
	ck_assert_msg(strcmp(vstr_str(local), "285037728417346") == 0,
		      "%s: local %s", a[i], vstr_str(local));
	ck_assert_int_eq(insmask_addr(DOM, a[i], strlen(a[i]), tag, 0, out), 1);
	ck_assert_str_eq(vstr_str(out), "[285037728417346]@patient.mssante.fr");
    }
    /* Corsica, 13 characters, and a local part that is no INS at all. */
    ck_assert_int_eq(insmask_addr(DOM, "<253072A07300443@patient.mssante.fr.>", 37,
				  tag, 0, out), 1);
    ck_assert_str_eq(vstr_str(out), "[253072A07300443]@patient.mssante.fr");
    ck_assert_int_eq(insmask_addr(DOM, "2530722073004@patient.mssante.fr", 32,
				  tag, 0, out), 1);
    ck_assert_str_eq(vstr_str(out), "[2530722073004]@patient.mssante.fr");
    ck_assert_int_eq(insmask_addr(DOM, "<\"a b\"@patient.mssante.fr>", 26,
				  insmask_cut, 0, out), 1);
    ck_assert_str_eq(vstr_str(out), "a?b...@patient.mssante.fr");
}
END_TEST

START_TEST(test_not_patient)
{
    static const char *a[] = {
	"<m.dupont@medecin.mssante.fr>",
	"m@sub.patient.mssante.fr",
	"m@xpatient.mssante.fr",
	"m@patient.mssante.fr.evil",
	"m@patient.mssante.fr-x",
	"\"m@patient.mssante.fr\"@gmail.com",
	"<>",
	"@patient.mssante.fr",
	"<\"\"@patient.mssante.fr>",
	"patient.mssante.fr",
	"",
    };
    size_t  i;

    for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
	ck_assert_msg(insmask_patient(DOM, a[i], strlen(a[i]), local) == 0,
		      "not patient: %s", a[i]);
	ck_assert_int_eq(insmask_addr(DOM, a[i], strlen(a[i]), tag, 0, out), 0);
    }
    ck_assert_int_eq(insmask_patient(0, "1@patient.mssante.fr", 20, 0), 0);
    ck_assert_int_eq(insmask_patient("", "1@patient.mssante.fr", 20, 0), 0);
    /* One pair of brackets goes; an INS-shaped token is replaced anyway. */
    ck_assert_int_eq(insmask_addr(DOM, "<285037728417346@patient.mssante.fr.evil>",
				  41, tag, 0, out), 0);
    ck_assert_str_eq(vstr_str(out), "[285037728417346]@patient.mssante.fr.evil");
    ck_assert_int_eq(insmask_addr(DOM, "<m.dupont@medecin.mssante.fr>", 29,
				  tag, 0, out), 0);
    ck_assert_str_eq(vstr_str(out), "m.dupont@medecin.mssante.fr");
}
END_TEST

START_TEST(test_scrub_addresses)
{
    ck_assert_uint_eq(scrub(DOM, "550 5.1.1 <285037728417346@patient.mssante.fr.>: "
			    "cle invalide"), 1);
    ck_assert_str_eq(vstr_str(out), "550 5.1.1 <[285037728417346]@patient.mssante.fr.>: "
		     "cle invalide");
    ck_assert_uint_eq(scrub(DOM, "to \"2850 3772\"@Patient.Mssante.FR, "
			    "<@a,@b:12@patient.mssante.fr>"), 2);
    ck_assert_str_eq(vstr_str(out), "to [2850 3772]@patient.mssante.fr, "
		     "<@a,@b:[12]@patient.mssante.fr>");
    /* A lookalike domain keeps its local part (not INS-shaped). */
    ck_assert_uint_eq(scrub(DOM, "x@patient.mssante.fr.evil y@patient.mssante.frx "
			    "@patient.mssante.fr z@patient.mssante.fr-b"), 0);
    /* Another PatientDomain: the default one is no longer special. */
    ck_assert_uint_eq(scrub("patient.test.example", "a@patient.mssante.fr "
			    "b@PATIENT.TEST.EXAMPLE."), 1);
    ck_assert_str_eq(vstr_str(out), "a@patient.mssante.fr "
		     "[b]@patient.test.example.");
}
END_TEST

START_TEST(test_scrub_free_text)
{
    /* A Subject, a detail: the INS is found between any punctuation. */
    ck_assert_uint_eq(scrub(DOM, "Resultats INS:285037728417346, "
			    "nir=2530722073004; (253072b07300443) x2850377284173"), 4);
    ck_assert_str_eq(vstr_str(out), "Resultats INS:[285037728417346], "
		     "nir=[2530722073004]; ([253072b07300443]) x[2850377284173]");
    /* Hashes, pseudonyms, longer numbers, phone numbers: kept. */
    ck_assert_uint_eq(scrub(DOM, "hmac:784a80fb81b59481b6770f30ca986f3dbc036dbfc125505d "
			    "28503772841734 "
			    "2850377284173467 0102030405 RPPS 810002345678"), 0);
    /* Glued to letters, hex ones included: cut. */
    ck_assert_uint_eq(scrub(DOM, "a2850377284173 2850377284173e"), 2);
    ck_assert_str_eq(vstr_str(out), "a[2850377284173] [2850377284173]e");
    /* No domain: only the INS-shaped tokens. */
    ck_assert_uint_eq(scrub(0, "285037728417346@patient.mssante.fr x@patient.mssante.fr"), 1);
    ck_assert_str_eq(vstr_str(out), "[285037728417346]@patient.mssante.fr "
		     "x@patient.mssante.fr");
    ck_assert_uint_eq(scrub(DOM, ""), 0);
    ck_assert_str_eq(vstr_str(out), "");
}
END_TEST

START_TEST(test_cut_and_inplace)
{
    vstr_reset(out);
    insmask_cut(0, "253072A07300443", 15, out);
    ck_assert_str_eq(vstr_str(out), "253...");
    vstr_reset(out);
    insmask_cut(0, "\"2", 2, out);
    ck_assert_str_eq(vstr_str(out), "?2...");
    inplace("from=<253072A07300443@patient.mssante.fr.> nir 2850377284173, "
	    "id=784a80fb81b594812850377284173");
    ck_assert_str_eq(vstr_str(out), "from=<253...@patient.mssante.fr.> nir 285..., "
		     "id=784a80fb81b594812850377284173");
    inplace("285037728417346");
    ck_assert_str_eq(vstr_str(out), "285...");
    inplace("2850377284173462850377284173");
    ck_assert_str_eq(vstr_str(out), "2850377284173462850377284173");
    inplace("");
    ck_assert_str_eq(vstr_str(out), "");
}
END_TEST

/* test_dn_ou - a DN's OU (3 + SIRET, 1 + FINESS) is not an INS */

START_TEST(test_dn_ou)
{
    static const char dn[] = "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001"
	"/CN=mx1.operateur-a.example";
    static const char rfc[] = "CN=alb.mssante.fr,ou=347976684200724,O=X,C=FR";

    inplace(dn);
    ck_assert_str_eq(vstr_str(out), dn);
    inplace(rfc);
    ck_assert_str_eq(vstr_str(out), rfc);
    ck_assert_uint_eq(scrub(DOM, dn), 0);
    ck_assert_str_eq(vstr_str(out), dn);
    /* Anywhere else the same digits are cut: OU is the only exception. */
    inplace("OU 300000000000001 O=300000000000001 OU=x 285037728417346");
    ck_assert_str_eq(vstr_str(out), "OU 300... O=300... OU=x 285...");
    ck_assert_uint_eq(scrub(DOM, "CN=285037728417346,OU=2850377284173"), 1);
    ck_assert_str_eq(vstr_str(out), "CN=[285037728417346],OU=2850377284173");
}
END_TEST

/* test_hex_run - only a hash (32 hex digits or more) keeps its digits */

START_TEST(test_hex_run)
{
    /* The audit's spellings: a short hex run is no hash. */
    ck_assert_uint_eq(scrub(DOM, "dossier-f288091234567823 e253072A07300443 "
			    "ref:253072A07300443a"), 3);
    ck_assert_str_eq(vstr_str(out), "dossier-f[288091234567823] "
		     "e[253072A07300443] ref:[253072A07300443]a");
    inplace("log 253072A07300443 and e288091234567823 and dossier-f288091234567823");
    ck_assert_str_eq(vstr_str(out), "log 253... and e288... and dossier-f288...");
    /* 31 hex digits: cut; 32 (MD5) and 64 (SHA-256): a hash, kept. */
    ck_assert_uint_eq(scrub(DOM, "abcdef288091234567823abcdefabcd"), 1);
    ck_assert_str_eq(vstr_str(out), "abcdef[288091234567823]abcdefabcd");
    ck_assert_uint_eq(scrub(DOM, "abcdef288091234567823abcdefabcde "
			    "id=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 "
			    "0123456789abcdef0123456789abcdef2880912345678"), 0);
    inplace("x-abcdef288091234567823abcdefabcde-y");
    ck_assert_str_eq(vstr_str(out), "x-abcdef288091234567823abcdefabcde-y");
    inplace("x-abcdef288091234567823abcdefabcd-y");
    ck_assert_str_eq(vstr_str(out), "x-abcdef288...abcdefabcd-y");
}
END_TEST

/* test_ou_free_text - "OU=" exempts only an attribute of a DN */

START_TEST(test_ou_free_text)
{
    static const char reply[] = "le certificat /C=FR/ST=Paris (75)/O=INCONNU/"
	"OU=300000000000009/CN=mx9.inconnu.example n'est pas celui";
    static const char rfc[] = "operators: \"CN=mx1.operateur-a.example, "
	"OU=300000000000001, O=OPERATEUR A\"";

    /* The audit's spellings: a lone OU= is no DN. */
    ck_assert_uint_eq(scrub(DOM, "Subject: OU=288091234567823"), 1);
    ck_assert_str_eq(vstr_str(out), "Subject: OU=[288091234567823]");
    inplace("Subject OU=253072A07300443 (ou=288091234567823)");
    ck_assert_str_eq(vstr_str(out), "Subject OU=253... (ou=288...)");
    inplace("x,OU=2880912345678: no attribute before the comma");
    ck_assert_str_eq(vstr_str(out), "x,OU=288...: no attribute before the comma");
    ck_assert_uint_eq(scrub(DOM, "OU=288091234567823/CN=x"), 1);
    ck_assert_uint_eq(scrub(DOM, "a/OU=288091234567823 (1)=b,OU=288091234567823"), 2);
    /* Inside a DN, in a reply or a log line: kept. */
    ck_assert_uint_eq(scrub(DOM, reply), 0);
    ck_assert_str_eq(vstr_str(out), reply);
    inplace(reply);
    ck_assert_str_eq(vstr_str(out), reply);
    inplace(rfc);
    ck_assert_str_eq(vstr_str(out), rfc);
}
END_TEST

/* test_scrub_dn - a value known to be a DN: every OU attribute */

START_TEST(test_scrub_dn)
{
    static const char *const dns[] = {
	"OU=300000000000001,CN=mx1.operateur-a.example",
	"/OU=300000000000001/CN=mx1.operateur-a.example",
	"CN=x+OU=300000000000001",
	"/C=FR/O=X/OU=300000000000001/CN=a",
    };
    size_t  i;

    for (i = 0; i < sizeof(dns) / sizeof(dns[0]); i++) {
	ck_assert_uint_eq(insmask_scrub_dn(DOM, dns[i], strlen(dns[i]), tag, 0, out), 0);
	ck_assert_str_eq(vstr_str(out), dns[i]);
    }
    /* Any other INS in a DN is cut, and an OU that is no attribute. */
    ck_assert_uint_eq(insmask_scrub_dn(DOM, "CN=288091234567823,O=xOU=288091234567823",
				       40, tag, 0, out), 2);
    ck_assert_str_eq(vstr_str(out), "CN=[288091234567823],O=xOU=[288091234567823]");
    /* The same values as free text: the first two are no DN there. */
    ck_assert_uint_eq(scrub(DOM, dns[0]), 1);
    ck_assert_uint_eq(scrub(DOM, dns[1]), 1);
}
END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("insmask");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_match_shapes);
    tcase_add_test(tc, test_patient_spellings);
    tcase_add_test(tc, test_not_patient);
    tcase_add_test(tc, test_scrub_addresses);
    tcase_add_test(tc, test_scrub_free_text);
    tcase_add_test(tc, test_cut_and_inplace);
    tcase_add_test(tc, test_dn_ou);
    tcase_add_test(tc, test_hex_run);
    tcase_add_test(tc, test_ou_free_text);
    tcase_add_test(tc, test_scrub_dn);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
