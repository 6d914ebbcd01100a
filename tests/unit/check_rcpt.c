/*++
/* NAME
/*	check_rcpt 1
/* SUMMARY
/*	unit tests for rcpt(3)
/* SYNOPSIS
/*	check_rcpt
/* DESCRIPTION
/*	The facts of one RCPT TO argument: parse status (the null path
/*	and a missing argument are no address), the bare address, the
/*	patient test (case, other domains, no patient domain) and the
/*	INS result of a patient only; a reused record forgets what the
/*	daemon filled for the previous recipient; decide_rcpt_facts()
/*	agrees with decide_rcpt().
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rcpt.h"
#include "decide.h"

#define PD	"patient.mssante.fr"

START_TEST(test_professional)
{
    RCPT_FACTS r;

    rcpt_facts_init(&r);
    rcpt_facts_set(&r, PD, "<Dr.Who@Hopital.MSSante.fr>");
    ck_assert_int_eq(rcpt_facts_ok(&r), 1);
    ck_assert_int_eq(r.status, ADDR_OK);
    ck_assert_str_eq(r.arg, "<Dr.Who@Hopital.MSSante.fr>");
    ck_assert_str_eq(vstr_str(r.bare), "Dr.Who@hopital.mssante.fr");
    ck_assert_int_eq(r.patient, 0);
    ck_assert_int_eq(r.ins, INS_OK);
    rcpt_facts_free(&r);
}
END_TEST

START_TEST(test_patient)
{
    RCPT_FACTS r;

    rcpt_facts_init(&r);
    rcpt_facts_set(&r, PD, " <285037728417346@Patient.MSSante.FR> ");
    ck_assert_int_eq(rcpt_facts_ok(&r), 1);
    ck_assert_int_eq(r.patient, 1);
    ck_assert_int_eq(r.ins, INS_OK);
    ck_assert_str_eq(vstr_str(r.bare), "285037728417346@patient.mssante.fr");
    ck_assert_str_eq(r.addr.local, "285037728417346");

    /* A bad INS is still a patient; the INS result says why. */
    rcpt_facts_set(&r, PD, "<288091234567823@patient.mssante.fr>");
    ck_assert_int_eq(r.patient, 1);
    ck_assert_int_eq(r.ins, INS_ERR_KEY);
    rcpt_facts_set(&r, PD, "<28503772841734x@patient.mssante.fr>");
    ck_assert_int_eq(r.ins, INS_ERR_CHAR);

    /* A sub-domain, or another patient domain, is not the patients'. */
    rcpt_facts_set(&r, PD, "<288091234567823@x.patient.mssante.fr>");
    ck_assert_int_eq(r.patient, 0);
    ck_assert_int_eq(r.ins, INS_OK);
    rcpt_facts_set(&r, "other.example", "<285037728417346@patient.mssante.fr>");
    ck_assert_int_eq(r.patient, 0);
    rcpt_facts_free(&r);
}
END_TEST

START_TEST(test_no_patient_domain)
{
    RCPT_FACTS r;

    rcpt_facts_init(&r);
    rcpt_facts_set(&r, 0, "<285037728417346@patient.mssante.fr>");
    ck_assert_int_eq(rcpt_facts_ok(&r), 1);
    ck_assert_int_eq(r.patient, 0);
    rcpt_facts_set(&r, "", "<285037728417346@patient.mssante.fr>");
    ck_assert_int_eq(r.patient, 0);
    ck_assert_int_eq(rcpt_is_patient_domain(0, "a.fr"), 0);
    ck_assert_int_eq(rcpt_is_patient_domain("", ""), 0);
    ck_assert_int_eq(rcpt_is_patient_domain("a.fr", 0), 0);
    ck_assert_int_eq(rcpt_is_patient_domain("a.fr", "A.FR"), 1);
    rcpt_facts_free(&r);
}
END_TEST

START_TEST(test_not_an_address)
{
    RCPT_FACTS r;

    rcpt_facts_init(&r);
    ck_assert_int_eq(rcpt_facts_ok(&r), 0);
    ck_assert_str_eq(r.arg, "");
    rcpt_facts_set(&r, PD, "<>");
    ck_assert_int_eq(r.status, ADDR_ERR_EMPTY);
    ck_assert_int_eq(rcpt_facts_ok(&r), 0);
    ck_assert_str_eq(vstr_str(r.bare), "");
    ck_assert_int_eq(r.patient, 0);
    rcpt_facts_set(&r, PD, 0);
    ck_assert_int_eq(r.status, ADDR_ERR_EMPTY);
    ck_assert_str_eq(r.arg, "");
    rcpt_facts_set(&r, PD, "<a@b@patient.mssante.fr>");
    ck_assert_int_eq(r.status, ADDR_ERR_MULTIPLE_AT);
    ck_assert_int_eq(r.patient, 0);
    ck_assert_str_eq(vstr_str(r.bare), "");
    rcpt_facts_free(&r);
    rcpt_facts_free(&r);		/* twice is harmless */
}
END_TEST

START_TEST(test_reuse)
{
    RCPT_FACTS r;
    MBPOL_SETTINGS s;

    rcpt_facts_init(&r);
    rcpt_facts_set(&r, PD, "<a@b.fr>");
    r.type = MBPOL_TYPE_NONE + 1;
    r.dir_fail = 1;
    r.settings = &s;
    rcpt_facts_set(&r, PD, "<c@d.fr>");
    ck_assert_int_eq(r.type, MBPOL_TYPE_NONE);
    ck_assert_int_eq(r.dir_fail, 0);
    ck_assert_ptr_null(r.settings);
    ck_assert_str_eq(vstr_str(r.bare), "c@d.fr");
    rcpt_facts_free(&r);
}
END_TEST

/* decide_rcpt_facts() and decide_rcpt() give the same verdict */

static const char *const same[] = {
    "<a@b.fr>", "<285037728417346@patient.mssante.fr>", "<a@c.fr>",
    "<253072B07300470@patient.mssante.fr>",
    "<288091234567823@patient.mssante.fr>", "<>", "bad", "",
};

START_TEST(test_decide_same)
{
    TRUST_BUILDER *bp = trust_builder_create(4);
    TRUST  *trust;
    DECIDE_POLICY pol;
    DECIDE_CONN conn;
    DECIDE_MSG m1, m2;
    VERDICT v1, v2;
    RCPT_FACTS r;

    ck_assert_int_eq(trust_builder_add(bp, "b.fr", ""), 0);
    ck_assert_int_eq(trust_builder_add(bp, PD, ""), 0);
    trust = trust_builder_finish(bp);
    memset(&pol, 0, sizeof(pol));
    pol.lang = VERDICT_LANG_FR;
    pol.patient_domain = PD;
    pol.patient_max_size = 1000;
    pol.on_dir_error = VERDICT_TEMPFAIL;
    decide_conn_init(&conn);
    decide_msg_init(&m1, &conn);
    decide_msg_init(&m2, &conn);
    verdict_init(&v1);
    verdict_init(&v2);
    rcpt_facts_init(&r);
    rcpt_facts_set(&r, PD, same[_i]);
    /* A declared size over the patients' limit: size.patient too. */
    m1.declared_size = m2.declared_size = _i == 1 ? 2000 : -1;
    ck_assert_int_eq(decide_rcpt(&pol, trust, &m1, same[_i], &v1),
		     decide_rcpt_facts(&pol, trust, &m2, &r, &v2));
    ck_assert_int_eq(m1.accepted, m2.accepted);
    ck_assert_int_eq(m1.patients, m2.patients);
    ck_assert_str_eq(vstr_str(m1.patient), vstr_str(m2.patient));
    ck_assert_str_eq(v1.rule ? v1.rule : "", v2.rule ? v2.rule : "");
    ck_assert_str_eq(vstr_str(v1.text), vstr_str(v2.text));
    rcpt_facts_free(&r);
    verdict_free(&v1);
    verdict_free(&v2);
    decide_msg_free(&m1);
    decide_msg_free(&m2);
    decide_conn_free(&conn);
    trust_free(trust);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("rcpt");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_professional);
    tcase_add_test(tc, test_patient);
    tcase_add_test(tc, test_no_patient_domain);
    tcase_add_test(tc, test_not_an_address);
    tcase_add_test(tc, test_reuse);
    tcase_add_loop_test(tc, test_decide_same, 0, sizeof(same) / sizeof(same[0]));
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
