/*++
/* NAME
/*	check_docs_conf 1
/* SUMMARY
/*	unit tests for docs_conf(3)
/* SYNOPSIS
/*	check_docs_conf
/* DESCRIPTION
/*	The daemon's documents configuration without libmilter: the
/*	checks of DocumentRules and AppMailboxes (exact error texts),
/*	PatientDocumentRules, the defaults (the action of
/*	doc.unanalysed), AppMailboxes matching, and the table and rules
/*	files (refused whole, the previous ones kept on reload). Whole
/*	messages are in check_docs_msg.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "vstr.h"
#include "cfg.h"
#include "docs_conf.h"
#include "docs_util.h"
#include "docs_conf_util.h"

/* check_err - docs_conf_check() refuses with this exact text */

static void check_err(const char *line, const char *want)
{
    CFG    *cfg = docs_conf_util_cfg(line);
    VSTR   *err = vstr_alloc(100);

    ck_assert_int_eq(docs_conf_check(cfg, err), -1);
    ck_assert_str_eq(vstr_str(err), want);
    vstr_free(err);
    cfg_free(cfg);
}

START_TEST(test_check_values)
{
    CFG    *cfg = docs_conf_util_cfg("DocumentRules doc.codecda = reject, doc.unanalysed=tempfail,"
			   "doc.x_mss_nil=OFF\nAppMailboxes a@b.fr, @app.c.fr\n");
    VSTR   *err = vstr_alloc(100);
    DOCS_CONF *dc;

    ck_assert_int_eq(docs_conf_check(cfg, err), 0);
    dc = docs_conf_create(cfg, (DOCS_CONF *) 0);
    ck_assert_int_eq(dc->rules.action[DOCRULES_CODECDA], DOCRULES_REJECT);
    ck_assert_int_eq(dc->rules.action[DOCRULES_X_MSS_NIL], DOCRULES_OFF);
    ck_assert_int_eq(dc->rules.action[DOCRULES_PATIENT_MISMATCH], DOCRULES_REJECT);
    ck_assert_int_eq(dc->rules.action[DOCRULES_SUBJECT_XDM], DOCRULES_WARN);
    ck_assert_int_eq(docs_conf_unanalysed(dc, 0), DOCRULES_TEMPFAIL);
    ck_assert_int_eq(docs_conf_unanalysed(dc, 1), DOCRULES_TEMPFAIL);
    docs_conf_free(dc);
    cfg_free(cfg);
    vstr_free(err);

    check_err("\n\nDocumentRules doc.codecda",
	      "t.conf:3: DocumentRules: \"doc.codecda\": expected rule=action");
    check_err("DocumentRules doc.codecda=bounce",
	      "t.conf:1: DocumentRules: bounce: expected off, warn, quarantine, "
	      "tempfail or reject");
    check_err("DocumentRules trust.peer_cert=warn",
	      "t.conf:1: DocumentRules: trust.peer_cert: not a document rule "
	      "(doc.codecda, doc.x_mss_ins, doc.x_mss_nil, doc.subject_xdm, "
	      "doc.patient_mismatch, doc.patient_unverified, doc.category_missing, "
	      "doc.category_unknown, doc.xdm_unsafe, doc.xdm_invalid, "
	      "doc.ins_unqualified, doc.class_unknown, doc.unanalysed)");
    check_err("DocumentRules doc.codecda=warn, doc.codecda=reject",
	      "t.conf:1: DocumentRules: doc.codecda given twice");
    check_err("DocumentRules =warn",
	      "t.conf:1: DocumentRules: \"=warn\": expected rule=action");
    check_err("AppMailboxes a@b.fr, noreply",
	      "t.conf:1: AppMailboxes: \"noreply\": expected an address or @domain");
    check_err("AppMailboxes @bad..domain",
	      "t.conf:1: AppMailboxes: \"@bad..domain\": expected an address or @domain");
    check_err("AppMailboxes <a@b.fr>",
	      "t.conf:1: AppMailboxes: \"<a@b.fr>\": expected an address or @domain");
    check_err("NilRequired @ok.fr, logiciel",
	      "t.conf:1: NilRequired: \"logiciel\": expected an address or @domain");
    check_err("PatientDocumentRules doc.codecda=maybe",
	      "t.conf:1: PatientDocumentRules: maybe: expected off, warn, "
	      "quarantine, tempfail or reject");
    /* doc.unanalysed has one action, set by DocumentRules only. */
    check_err("PatientDocumentRules doc.unanalysed=warn",
	      "t.conf:1: PatientDocumentRules: doc.unanalysed: not a document "
	      "rule (doc.codecda, doc.x_mss_ins, doc.x_mss_nil, doc.subject_xdm, "
	      "doc.patient_mismatch, doc.patient_unverified, doc.category_missing, "
	      "doc.category_unknown, doc.xdm_unsafe, doc.xdm_invalid, "
	      "doc.ins_unqualified, doc.class_unknown)");
    check_err("PatientDocumentRules doc.codecda=warn,doc.codecda=warn",
	      "t.conf:1: PatientDocumentRules: doc.codecda given twice");
}
END_TEST

/* test_patient_rules - PatientDocumentRules over DocumentRules */

START_TEST(test_patient_rules)
{
    CFG    *cfg;
    DOCS_CONF *dc;

    dc = docs_conf_util_conf("DocumentRules doc.category_unknown=quarantine, "
		   "doc.codecda=reject\nPatientDocumentRules "
		   "doc.codecda=warn, doc.patient_mismatch=tempfail\n", &cfg);
    ck_assert_int_eq(dc->rules.action[DOCRULES_CATEGORY_UNKNOWN], DOCRULES_QUARANTINE);
    ck_assert_int_eq(dc->rules.patient_action[DOCRULES_CATEGORY_UNKNOWN],
		     DOCRULES_QUARANTINE);
    ck_assert_int_eq(dc->rules.action[DOCRULES_CODECDA], DOCRULES_REJECT);
    ck_assert_int_eq(dc->rules.patient_action[DOCRULES_CODECDA], DOCRULES_WARN);
    ck_assert_int_eq(dc->rules.patient_action[DOCRULES_CATEGORY_MISSING],
		     DOCRULES_REJECT);
    ck_assert_int_eq(dc->rules.patient_action[DOCRULES_INS_UNQUALIFIED],
		     DOCRULES_REJECT);
    /* doc.unanalysed follows the patient check towards a patient. */
    ck_assert_int_eq(docs_conf_unanalysed(dc, 1), DOCRULES_TEMPFAIL);
    docs_conf_free(dc);
    cfg_free(cfg);
}
END_TEST

START_TEST(test_defaults)
{
    CFG    *cfg;
    DOCS_CONF *dc = docs_conf_util_conf("", &cfg);

    ck_assert_int_eq(dc->enabled, 1);
    ck_assert_ptr_nonnull(dc->table);
    ck_assert_ptr_null(dc->cat_rules);
    ck_assert_int_eq(dc->rules.app_strict, 0);
    ck_assert_int_eq(dc->mime.max_size, 64 * 1024 * 1024);
    /* doc.unanalysed: the patient check's action for a patient, else warn. */
    ck_assert_int_eq(docs_conf_unanalysed(dc, 1), DOCRULES_REJECT);
    ck_assert_int_eq(docs_conf_unanalysed(dc, 0), DOCRULES_WARN);
    docs_conf_free(dc);
    cfg_free(cfg);
    dc = docs_conf_util_conf("DocumentRules doc.patient_mismatch=quarantine\n",
			     &cfg);
    ck_assert_int_eq(docs_conf_unanalysed(dc, 1), DOCRULES_QUARANTINE);
    ck_assert_int_eq(docs_conf_unanalysed(dc, 0), DOCRULES_WARN);
    docs_conf_free(dc);
    cfg_free(cfg);
}
END_TEST

START_TEST(test_app_listed)
{
    CFG    *cfg;
    DOCS_CONF *dc = docs_conf_util_conf("AppMailboxes DPI@CH-Exemple.mssante.fr, @app.mssante.fr\n", &cfg);

    ck_assert_int_eq(docs_conf_app_listed(dc, APP), 1);
    ck_assert_int_eq(docs_conf_app_listed(dc, "x@app.mssante.fr"), 1);
    ck_assert_int_eq(docs_conf_app_listed(dc, "x@APP.mssante.fr"), 1);
    ck_assert_int_eq(docs_conf_app_listed(dc, "x@sub.app.mssante.fr"), 0);
    ck_assert_int_eq(docs_conf_app_listed(dc, "dpi2@ch-exemple.mssante.fr"), 0);
    ck_assert_int_eq(docs_conf_app_listed(dc, "noreply@ch-exemple.mssante.fr"), 0);
    ck_assert_int_eq(docs_conf_app_listed(dc, "nodomain"), 0);
    ck_assert_int_eq(docs_conf_app_listed(dc, (char *) 0), 0);
    docs_conf_free(dc);
    cfg_free(cfg);
}
END_TEST

START_TEST(test_files_and_reload)
{
    VSTR   *tab = vstr_alloc(100), *rules = vstr_alloc(100), *text = vstr_alloc(100);
    VSTR   *err = vstr_alloc(100), *real = vstr_alloc(100);
    CFG    *cfg, *cfg2;
    DOCS_CONF *dc, *dc2;
    char   *good;

    good = docs_util_file("../../../milter/docs/data/jdv-j07-typecode.tsv",
			  (size_t *) 0);
    docs_conf_util_file("jdv.tsv", good, tab);
    docs_conf_util_file("rules",
			"# comment\n\nsender=@labo.mssante.fr name=\"CR_*.pdf\" "
	       "code=11502-2\n", rules);
    vstr_sprintf(text, "CategoryTable %s\nCategoryRules %s\n", vstr_str(tab),
		 vstr_str(rules));
    cfg = docs_conf_util_cfg(vstr_str(text));
    ck_assert_int_eq(docs_conf_check_files(cfg, err), 0);
    dc = docs_conf_create(cfg, (DOCS_CONF *) 0);
    ck_assert_ptr_nonnull(dc->table);
    ck_assert_ptr_nonnull(dc->cat_rules);
    ck_assert_uint_eq(doccat_rules_count(dc->cat_rules), 1);
    ck_assert_str_eq(dc->table_path, vstr_str(tab));

    /* Both files broken: refused by the check; a reload keeps the old. */
    docs_conf_util_file("jdv.tsv",
			"11488-4\tCR\t2.16.840.1.113883.6.1\nbad line\n", tab);
    docs_conf_util_file("rules", "sender=@x.fr name=a code=11502-2\nname=b\n",
			rules);
    cfg2 = docs_conf_util_cfg(vstr_str(text));
    ck_assert_int_eq(docs_conf_check_files(cfg2, err), -1);
    vstr_sprintf(real, "t.conf:1: CategoryTable: %s, line 2: fields", vstr_str(tab));
    ck_assert_str_eq(vstr_str(err), vstr_str(real));
    dc2 = docs_conf_create(cfg2, dc);
    ck_assert_ptr_eq(dc2->table, dc->table);
    ck_assert_ptr_eq(dc2->cat_rules, dc->cat_rules);
    /* The old configuration goes first: the shared table must survive. */
    docs_conf_free(dc);
    cfg_free(cfg);
    ck_assert_ptr_nonnull(category_lookup_code(dc2->table, "11488-4", (int *) 0));
    ck_assert_str_eq(dc2->table_path, vstr_str(tab));

    /* Only the rules file broken: the check names its line. */
    docs_conf_util_file("jdv.tsv", good, tab);
    ck_assert_int_eq(docs_conf_check_files(cfg2, err), -1);
    vstr_sprintf(real, "t.conf:2: CategoryRules: %s, line 2: code", vstr_str(rules));
    ck_assert_str_eq(vstr_str(err), vstr_str(real));

    /* A missing explicit table is an error; without a previous, none. */
    vstr_sprintf(text, "CategoryTable %s/none.tsv\n", docs_conf_util_dir());
    cfg = docs_conf_util_cfg(vstr_str(text));
    ck_assert_int_eq(docs_conf_check_files(cfg, err), -1);
    ck_assert_ptr_nonnull(strstr(vstr_str(err), "none.tsv: No such file"));
    dc = docs_conf_create(cfg, (DOCS_CONF *) 0);
    ck_assert_ptr_null(dc->table);
    docs_conf_free(dc);
    cfg_free(cfg);

    /* DocumentSpool must be a directory. */
    vstr_sprintf(text, "DocumentSpool %s/gone\n", docs_conf_util_dir());
    cfg = docs_conf_util_cfg(vstr_str(text));
    ck_assert_int_eq(docs_conf_check_files(cfg, err), -1);
    vstr_sprintf(real, "t.conf:1: DocumentSpool: %s/gone: not a directory",
		 docs_conf_util_dir());
    ck_assert_str_eq(vstr_str(err), vstr_str(real));
    cfg_free(cfg);

    /* Documents off: nothing is loaded nor checked. */
    vstr_sprintf(text, "Documents no\nCategoryTable %s/none.tsv\n",
		 docs_conf_util_dir());
    cfg = docs_conf_util_cfg(vstr_str(text));
    ck_assert_int_eq(docs_conf_check_files(cfg, err), 0);
    dc = docs_conf_create(cfg, (DOCS_CONF *) 0);
    ck_assert_int_eq(dc->enabled, 0);
    ck_assert_ptr_null(dc->table);
    docs_conf_free(dc);
    cfg_free(cfg);

    docs_conf_free(dc2);
    cfg_free(cfg2);
    myfree(good);
    vstr_free(tab);
    vstr_free(rules);
    vstr_free(text);
    vstr_free(err);
    vstr_free(real);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("docs_conf");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    mime_init();
    xdm_init();
    tcase_add_checked_fixture(tc, docs_conf_util_setup,
			      docs_conf_util_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_check_values);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_app_listed);
    tcase_add_test(tc, test_files_and_reload);
    tcase_add_test(tc, test_patient_rules);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
