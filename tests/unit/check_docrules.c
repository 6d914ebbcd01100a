/*++
/* NAME
/*	check_docrules 1
/* SUMMARY
/*	unit tests for docrules(3)
/* SYNOPSIS
/*	check_docrules
/* DESCRIPTION
/*	Each doc.* rule, positive and negative, the default actions,
/*	the APP tightening, and the absence of INS values in details.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "docrules.h"

#define INS_A	"285037728417346"
#define INS_B	"279035121518989"

static DOCRULES_CONFIG cfg;
static DOCRULES_REPORT rep;

/* setup - fresh configuration and report for each test */

static void setup(void)
{
    docrules_config_init(&cfg);
    docrules_report_init(&rep);
}

/* teardown - release the report */

static void teardown(void)
{
    docrules_report_free(&rep);
}

/* find_hit - the hit for a rule, or NULL */

static const DOCRULES_HIT *find_hit(DOCRULES_RULE rule)
{
    size_t  i;

    for (i = 0; i < rep.count; i++)
	if (rep.hits[i].rule == rule)
	    return (rep.hits + i);
    return (0);
}

/* good_facts - a conforming message: one CDA in XDM to its patient */

static void good_facts(DOCRULES_FACTS *f)
{
    static const char *const codes[] = {"11488-4"};
    static const DOCRULES_PATIENT pats[] = {
	{INS_A, "1.2.250.1.213.1.4.8"}, {INS_A, "1.2.250.1.213.1.4.8"},
    };
    static const char *const rcpt[] = {INS_A};

    memset(f, 0, sizeof(*f));
    f->sender_app = 1;
    f->x_mss_nil = "LOGICIEL-X 4.2";
    f->x_mss_codecda = "11488-4";
    f->x_mss_ins = "O";
    f->subject = "XDM/1.0/DDM+CR de consultation DUPONT Jean 01/01/1980";
    f->xdm_archives = 1;
    f->cda_count = 1;
    f->cda_codes = codes;
    f->cda_code_count = 1;
    f->patients = pats;
    f->patient_count = 2;
    f->rcpt_ins = rcpt;
    f->rcpt_ins_count = 1;
    f->documents = 2;
}

START_TEST(test_conforming)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    docrules_check(&cfg, &f, &rep);
    ck_assert_uint_eq(rep.count, 0);
    ck_assert_int_eq(rep.worst, DOCRULES_OFF);
    ck_assert_int_eq(rep.worst_index, -1);
}
END_TEST

START_TEST(test_no_documents)
{
    DOCRULES_FACTS f;

    memset(&f, 0, sizeof(f));
    docrules_check(&cfg, &f, &rep);
    ck_assert_uint_eq(rep.count, 0);
}
END_TEST

START_TEST(test_codecda_missing)
{
    DOCRULES_FACTS f;
    const DOCRULES_HIT *h;

    good_facts(&f);
    f.x_mss_codecda = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_uint_eq(rep.count, 1);
    h = find_hit(DOCRULES_CODECDA);
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(h->id, "doc.codecda");
    ck_assert_int_eq(h->action, DOCRULES_WARN);
    ck_assert_str_eq(vstr_str(h->detail), "en-tete absent alors que l'archive "
		     "IHE_XDM contient un document CDA, code attendu: 11488-4");
}
END_TEST

START_TEST(test_codecda_without_cda)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.cda_count = 0;
    f.cda_code_count = 0;
    f.x_mss_ins = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_uint_eq(rep.count, 1);
    ck_assert_ptr_nonnull(find_hit(DOCRULES_CODECDA));
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_CODECDA)->detail),
		     "en-tete present sans document CDA dans une archive IHE_XDM");
}
END_TEST

START_TEST(test_codecda_differs)
{
    DOCRULES_FACTS f;
    static const char *const two[] = {"11488-4", "34133-9"};

    good_facts(&f);
    f.x_mss_codecda = "11502-2";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_nonnull(find_hit(DOCRULES_CODECDA));
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_CODECDA)->detail),
		     "en-tete 11502-2, codes du CDA 11488-4");
    docrules_report_free(&rep);

    /* Same set in another order, blanks and duplicates: conforming. */
    f.cda_codes = two;
    f.cda_code_count = 2;
    f.cda_count = 2;
    f.x_mss_codecda = " 34133-9 ,11488-4,11488-4";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_CODECDA));
    docrules_report_free(&rep);

    /* A subset is not enough. */
    f.x_mss_codecda = "34133-9";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_nonnull(find_hit(DOCRULES_CODECDA));
    docrules_report_free(&rep);

    /* Empty header value with a CDA: differs. */
    f.x_mss_codecda = "  ";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_nonnull(find_hit(DOCRULES_CODECDA));
    docrules_report_free(&rep);

    /* A CDA whose metadata gives no code: nothing to compare. */
    f.cda_code_count = 0;
    f.x_mss_codecda = "whatever";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_CODECDA));
}
END_TEST

START_TEST(test_codecda_detail_sanitised)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.x_mss_codecda = "a\r\nInjected: \x80";
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_CODECDA)->detail),
		     "en-tete a??Injected: ?, codes du CDA 11488-4");
}
END_TEST

START_TEST(test_x_mss_ins)
{
    DOCRULES_FACTS f;
    static const char *const bad[] = {"o", "Oui", "", "ON", "1"};
    size_t  i;

    good_facts(&f);
    f.x_mss_ins = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_X_MSS_INS)->detail),
		     "en-tete absent avec un document CDA");
    docrules_report_free(&rep);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
	f.x_mss_ins = bad[i];
	docrules_check(&cfg, &f, &rep);
	ck_assert_msg(find_hit(DOCRULES_X_MSS_INS) != 0, "accepted %s", bad[i]);
	docrules_report_free(&rep);
    }
    f.x_mss_ins = " N \r\n";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_X_MSS_INS));
    docrules_report_free(&rep);
    /* No CDA: absence is fine, a bad value is still reported. */
    f.cda_count = 0;
    f.cda_code_count = 0;
    f.x_mss_codecda = 0;
    f.x_mss_ins = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_X_MSS_INS));
    docrules_report_free(&rep);
    f.x_mss_ins = "X";
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_X_MSS_INS)->detail),
		     "valeur \"X\" au lieu de O ou N");
}
END_TEST

START_TEST(test_x_mss_nil)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.x_mss_nil = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_X_MSS_NIL)->detail), "en-tete absent");
    docrules_report_free(&rep);
    f.x_mss_nil = " \t";
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_X_MSS_NIL)->detail), "en-tete vide");
    docrules_report_free(&rep);
    /* Not an APP mailbox: not required. */
    f.sender_app = 0;
    f.x_mss_nil = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_X_MSS_NIL));
}
END_TEST

START_TEST(test_subject_xdm)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.subject = "Compte rendu";
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_SUBJECT_XDM)->detail),
		     "objet sans le prefixe XDM/1.0/DDM+");
    /* The detail never repeats the Subject (it names the patient). */
    docrules_report_free(&rep);
    f.subject = "XDM/1.0/DDM+";
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_SUBJECT_XDM)->detail),
		     "objet sans libelle apres XDM/1.0/DDM+");
    docrules_report_free(&rep);
    f.subject = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_SUBJECT_XDM)->detail), "objet absent");
    docrules_report_free(&rep);
    f.subject = "xdm/1.0/ddm+CR";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_nonnull(find_hit(DOCRULES_SUBJECT_XDM));
    docrules_report_free(&rep);
    /* No archive: any Subject. */
    f.xdm_archives = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_SUBJECT_XDM));
}
END_TEST

START_TEST(test_patient_mismatch)
{
    DOCRULES_FACTS f;
    const DOCRULES_HIT *h;
    static const char *const other[] = {INS_B};

    good_facts(&f);
    f.rcpt_ins = other;
    docrules_check(&cfg, &f, &rep);
    h = find_hit(DOCRULES_PATIENT_MISMATCH);
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(h->action, DOCRULES_REJECT);
    ck_assert_uint_eq(h->rcpt_index, 0);
    ck_assert_int_eq(rep.worst, DOCRULES_REJECT);
    ck_assert_ptr_eq(rep.hits + rep.worst_index, h);
    /* Never an INS in a detail: details reach the logs. */
    ck_assert_ptr_null(strstr(vstr_str(h->detail), INS_A));
    ck_assert_ptr_null(strstr(vstr_str(h->detail), INS_B));
    ck_assert_ptr_null(strstr(vstr_str(h->detail), "2850377"));
}
END_TEST

START_TEST(test_patient_multiple_in_metadata)
{
    DOCRULES_FACTS f;
    static const DOCRULES_PATIENT pats[] = {
	{INS_A, "1.2.250.1.213.1.4.8"}, {INS_B, "1.2.250.1.213.1.4.8"},
    };

    good_facts(&f);
    f.patients = pats;
    f.patient_count = 2;
    /* Even without a patient recipient: one patient per message. */
    f.rcpt_ins_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_PATIENT_MISMATCH)->detail),
		     "les metadonnees XDM citent 2 patients differents; un seul "
		     "patient par message");
}
END_TEST

START_TEST(test_patient_multiple_recipients)
{
    DOCRULES_FACTS f;
    static const char *const rcpts[] = {INS_A, INS_A, INS_B};
    const DOCRULES_HIT *h;

    good_facts(&f);
    f.rcpt_ins = rcpts;
    f.rcpt_ins_count = 3;
    docrules_check(&cfg, &f, &rep);
    h = find_hit(DOCRULES_PATIENT_MISMATCH);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(h->rcpt_index, 2);
    ck_assert_str_eq(vstr_str(h->detail), "documents adresses a 2 patients "
		     "differents; un seul patient par message");
    docrules_report_free(&rep);
    /* The same patient twice is one patient. */
    f.rcpt_ins_count = 2;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_MISMATCH));
}
END_TEST

START_TEST(test_patient_key_and_corsica)
{
    DOCRULES_FACTS f;
    static const DOCRULES_PATIENT pats13[] = {{"2850377284173", 0}};
    static const DOCRULES_PATIENT corsica[] = {{"253072b07300470", "1.2.250.1.213.1.4.9"}};
    static const char *const rc[] = {"253072B07300470"};

    good_facts(&f);
    f.patients = pats13;
    f.patient_count = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_MISMATCH));
    docrules_report_free(&rep);
    f.patients = corsica;
    f.rcpt_ins = rc;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_MISMATCH));
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_UNVERIFIED));
}
END_TEST

START_TEST(test_patient_unverified)
{
    DOCRULES_FACTS f;
    static const DOCRULES_PATIENT ipp[] = {{"IPP12345", "1.2.250.1.999.1"}};
    static const DOCRULES_PATIENT ins_local[] = {{INS_B, "1.2.250.1.999.1"}};

    /* The older rule reports the fact when doc.ins_unqualified is off. */
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.ins_unqualified", "off"), 1);
    good_facts(&f);
    f.patients = ipp;
    f.patient_count = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_MISMATCH));
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_PATIENT_UNVERIFIED)->detail),
		     "l'identifiant patient des metadonnees XDM n'est pas un INS");
    docrules_report_free(&rep);
    /* INS-shaped but from a local authority: not compared. */
    f.patients = ins_local;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_MISMATCH));
    ck_assert_ptr_nonnull(find_hit(DOCRULES_PATIENT_UNVERIFIED));
    docrules_report_free(&rep);
    f.patient_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_PATIENT_UNVERIFIED)->detail),
		     "aucun identifiant patient dans les metadonnees XDM");
    docrules_report_free(&rep);
    /* No patient recipient: nothing to verify. */
    f.rcpt_ins_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_UNVERIFIED));
}
END_TEST

START_TEST(test_category_rules)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.uncategorized = 1;
    f.unknown = 2;
    f.unknown_codes = "ZZZ,\x01YYY";
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_CATEGORY_MISSING)->detail),
		     "1 document(s) sur 2 sans categorie");
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_CATEGORY_UNKNOWN)->detail),
		     "code(s) ZZZ,?YYY");
    /* Towards a patient both are mandatory: reject by default. */
    ck_assert_int_eq(find_hit(DOCRULES_CATEGORY_MISSING)->action, DOCRULES_REJECT);
    ck_assert_int_eq(find_hit(DOCRULES_CATEGORY_UNKNOWN)->action, DOCRULES_REJECT);
    ck_assert_int_eq(rep.worst, DOCRULES_REJECT);
    docrules_report_free(&rep);
    /* Not to a patient: a missing category is allowed, unknown warned. */
    f.rcpt_ins_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_CATEGORY_MISSING));
    ck_assert_int_eq(find_hit(DOCRULES_CATEGORY_UNKNOWN)->action, DOCRULES_WARN);
    ck_assert_int_eq(rep.worst, DOCRULES_WARN);
    docrules_report_free(&rep);
    /* DocumentRules sets both audiences; PatientDocumentRules one. */
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.category_unknown", "warn"), 1);
    f.rcpt_ins_count = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_CATEGORY_UNKNOWN)->action, DOCRULES_WARN);
    ck_assert_int_eq(find_hit(DOCRULES_CATEGORY_MISSING)->action, DOCRULES_REJECT);
    docrules_report_free(&rep);
    ck_assert_int_eq(docrules_config_set_patient(&cfg, "doc.category_missing",
						 "tempfail"), 1);
    ck_assert_int_eq(docrules_config_set_patient(&cfg, "doc.nope", "warn"), 0);
    ck_assert_int_eq(docrules_config_set_patient(&cfg, "doc.codecda", "x"), 0);
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_CATEGORY_MISSING)->action, DOCRULES_TEMPFAIL);
    ck_assert_int_eq(docrules_config_action(&cfg, DOCRULES_CATEGORY_MISSING, 0),
		     DOCRULES_WARN);
    ck_assert_int_eq(docrules_config_action(&cfg, DOCRULES_RULE_COUNT, 1),
		     DOCRULES_OFF);
    docrules_report_free(&rep);
    /* Patient-only: an action between professionals changes nothing. */
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.category_missing", "reject"), 1);
    f.rcpt_ins_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_CATEGORY_MISSING));
    ck_assert_int_eq(docrules_patient_only(DOCRULES_CATEGORY_MISSING), 1);
    ck_assert_int_eq(docrules_patient_only(DOCRULES_INS_UNQUALIFIED), 1);
    ck_assert_int_eq(docrules_patient_only(DOCRULES_PATIENT_UNVERIFIED), 1);
    ck_assert_int_eq(docrules_patient_only(DOCRULES_CATEGORY_UNKNOWN), 0);
    ck_assert_int_eq(docrules_patient_only(DOCRULES_PATIENT_MISMATCH), 0);
}
END_TEST

/* test_ins_unqualified - X-MSS-INS: N or no INS id, towards a patient */

START_TEST(test_ins_unqualified)
{
    DOCRULES_FACTS f;
    static const DOCRULES_PATIENT ipp[] = {{"IPP12345", "1.2.250.1.999.1"}};
    static const char *const spellings[] = {"N", " N", "N\r\n", "\tN  "};
    size_t  i;

    /* X-MSS-INS: N to a patient, however it is spaced: reject. */
    for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
	good_facts(&f);
	f.x_mss_ins = spellings[i];
	docrules_check(&cfg, &f, &rep);
	ck_assert_int_eq(find_hit(DOCRULES_INS_UNQUALIFIED)->action, DOCRULES_REJECT);
	ck_assert_str_eq(vstr_str(find_hit(DOCRULES_INS_UNQUALIFIED)->detail),
			 "en-tete X-MSS-INS: N, l'INS du patient n'est pas qualifie");
	ck_assert_uint_eq(find_hit(DOCRULES_INS_UNQUALIFIED)->rcpt_index, 0);
	ck_assert_ptr_null(find_hit(DOCRULES_X_MSS_INS));
	docrules_report_free(&rep);
    }
    /* Even with no document at all: the header says it. */
    good_facts(&f);
    f.x_mss_ins = "N";
    f.xdm_archives = f.cda_count = f.documents = f.patient_count = 0;
    f.x_mss_codecda = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_nonnull(find_hit(DOCRULES_INS_UNQUALIFIED));
    docrules_report_free(&rep);
    /* O, or another letter, is not N. */
    good_facts(&f);
    f.x_mss_ins = "n";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_INS_UNQUALIFIED));
    ck_assert_ptr_nonnull(find_hit(DOCRULES_X_MSS_INS));
    docrules_report_free(&rep);
    /* Between professionals N is a valid value: nothing. */
    good_facts(&f);
    f.x_mss_ins = "N";
    f.rcpt_ins_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(rep.count, 0);
    docrules_report_free(&rep);
    /* XDM metadata without an INS-type patient id, to a patient. */
    good_facts(&f);
    f.patients = ipp;
    f.patient_count = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_INS_UNQUALIFIED)->action, DOCRULES_REJECT);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_INS_UNQUALIFIED)->detail),
		     "l'identifiant patient des metadonnees XDM n'est pas un INS");
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_UNVERIFIED));
    docrules_report_free(&rep);
    f.patient_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_INS_UNQUALIFIED)->detail),
		     "aucun identifiant patient dans les metadonnees XDM");
    docrules_report_free(&rep);
    /* Both at once: one hit, the header's; the patient check still runs. */
    f.x_mss_ins = "N";
    f.patients = ipp;
    f.patient_count = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_INS_UNQUALIFIED)->detail),
		     "en-tete X-MSS-INS: N, l'INS du patient n'est pas qualifie");
    ck_assert_int_eq(rep.count, 1);
    docrules_report_free(&rep);
    /* Configurable like every doc.* rule, towards patients. */
    ck_assert_int_eq(docrules_config_set_patient(&cfg, "doc.ins_unqualified",
						 "warn"), 1);
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_INS_UNQUALIFIED)->action, DOCRULES_WARN);
}
END_TEST

/* test_class_and_nil - doc.class_unknown, NilRequired senders */

START_TEST(test_class_and_nil)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.unknown_classes = 2;
    f.unknown_class_codes = "99,\x7f";
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_CLASS_UNKNOWN)->action, DOCRULES_WARN);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_CLASS_UNKNOWN)->detail),
		     "classe(s) 99,?");
    docrules_report_free(&rep);
    /* A person's mailbox need not carry X-MSS-NIL, a listed one must. */
    good_facts(&f);
    f.sender_app = 0;
    f.x_mss_nil = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_X_MSS_NIL));
    docrules_report_free(&rep);
    f.nil_required = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_X_MSS_NIL)->detail), "en-tete absent");
    docrules_report_free(&rep);
    f.x_mss_nil = " ";
    docrules_check(&cfg, &f, &rep);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_X_MSS_NIL)->detail), "en-tete vide");
    docrules_report_free(&rep);
    f.x_mss_nil = "LOGICIEL-X 4.2";
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_X_MSS_NIL));
}
END_TEST

START_TEST(test_xdm_errors)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.xdm_unsafe = 1;
    f.xdm_unsafe_error = "bombe zip: taux de compression 1030 > 100";
    f.xdm_invalid = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_XDM_UNSAFE)->action, DOCRULES_REJECT);
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_XDM_UNSAFE)->detail),
		     "bombe zip: taux de compression 1030 > 100");
    ck_assert_str_eq(vstr_str(find_hit(DOCRULES_XDM_INVALID)->detail),
		     "archive illisible");
    docrules_report_free(&rep);
    /* Unreadable archive: no CDA, no INS found, but no guess either. */
    f.cda_count = 0;
    f.cda_code_count = 0;
    f.patient_count = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_ptr_null(find_hit(DOCRULES_CODECDA));
    ck_assert_ptr_null(find_hit(DOCRULES_PATIENT_UNVERIFIED));
    ck_assert_ptr_nonnull(find_hit(DOCRULES_XDM_UNSAFE));
}
END_TEST

START_TEST(test_app_strict)
{
    DOCRULES_FACTS f;

    good_facts(&f);
    f.x_mss_nil = 0;
    f.subject = "CR";
    cfg.app_strict = 1;
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.subject_xdm", "off"), 1);
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_X_MSS_NIL)->action, DOCRULES_REJECT);
    /* Off stays off. */
    ck_assert_ptr_null(find_hit(DOCRULES_SUBJECT_XDM));
    docrules_report_free(&rep);
    /* A human's mailbox keeps warn. */
    f.sender_app = 0;
    f.x_mss_codecda = 0;
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_CODECDA)->action, DOCRULES_WARN);
    docrules_report_free(&rep);
    /* Quarantine is not raised. */
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.codecda", "quarantine"), 1);
    f.sender_app = 1;
    docrules_check(&cfg, &f, &rep);
    ck_assert_int_eq(find_hit(DOCRULES_CODECDA)->action, DOCRULES_QUARANTINE);
    ck_assert_int_eq(rep.worst, DOCRULES_REJECT);
}
END_TEST

START_TEST(test_config)
{
    DOCRULES_RULE r;
    DOCRULES_ACTION a;
    int     i;

    ck_assert_int_eq(cfg.action[DOCRULES_PATIENT_MISMATCH], DOCRULES_REJECT);
    ck_assert_int_eq(cfg.action[DOCRULES_CATEGORY_MISSING], DOCRULES_WARN);
    ck_assert_int_eq(cfg.patient_action[DOCRULES_CATEGORY_MISSING], DOCRULES_REJECT);
    ck_assert_int_eq(cfg.patient_action[DOCRULES_CATEGORY_UNKNOWN], DOCRULES_REJECT);
    ck_assert_int_eq(cfg.patient_action[DOCRULES_INS_UNQUALIFIED], DOCRULES_REJECT);
    ck_assert_int_eq(cfg.patient_action[DOCRULES_CLASS_UNKNOWN], DOCRULES_WARN);
    ck_assert_int_eq(cfg.patient_action[DOCRULES_CODECDA], DOCRULES_WARN);
    ck_assert_int_eq(cfg.action[DOCRULES_CODECDA], DOCRULES_WARN);
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.category_missing", "WARN"), 1);
    ck_assert_int_eq(cfg.patient_action[DOCRULES_CATEGORY_MISSING], DOCRULES_WARN);
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.category_missing", "REJECT"), 1);
    ck_assert_int_eq(cfg.action[DOCRULES_CATEGORY_MISSING], DOCRULES_REJECT);
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.nope", "reject"), 0);
    ck_assert_int_eq(docrules_config_set(&cfg, "doc.codecda", "bounce"), 0);
    ck_assert_ptr_nonnull(docrules_find("doc.xdm_unsafe", &r));
    ck_assert_int_eq(r, DOCRULES_XDM_UNSAFE);
    ck_assert_ptr_null(docrules_find("doc", &r));
    ck_assert_int_eq(docrules_action_parse("tempfail", &a), 1);
    ck_assert_int_eq(docrules_action_verdict(a), VERDICT_TEMPFAIL);
    ck_assert_int_eq(docrules_action_verdict(DOCRULES_WARN), VERDICT_CONTINUE);
    ck_assert_int_eq(docrules_action_verdict(DOCRULES_REJECT), VERDICT_REJECT);
    ck_assert_int_eq(docrules_action_verdict(DOCRULES_QUARANTINE), VERDICT_QUARANTINE);
    ck_assert_str_eq(docrules_action_name(DOCRULES_QUARANTINE), "quarantine");
    ck_assert_str_eq(docrules_action_name((DOCRULES_ACTION) 42), "unknown");
    ck_assert_ptr_null(docrules_info(DOCRULES_RULE_COUNT));
    ck_assert_ptr_null(docrules_rule(DOCRULES_RULE_COUNT));
    /* Every rule's codes and texts come from the shared table, rule.c. */
    for (i = 0; i < DOCRULES_RULE_COUNT; i++) {
	const DOCRULES_INFO *ip = docrules_info((DOCRULES_RULE) i);
	const RULE_INFO *rp = docrules_rule((DOCRULES_RULE) i);
	const char *cp;

	ck_assert_ptr_nonnull(ip);
	ck_assert_msg(rp != 0, "%s: not in rule.c", ip->id);
	ck_assert_str_eq(rp->id, ip->id);
	ck_assert_ptr_eq(rule_find(ip->id), rp);
	ck_assert_int_eq(strncmp(ip->id, "doc.", 4), 0);
	for (cp = rp->text_fr; *cp; cp++)
	    ck_assert_msg((unsigned char) *cp >= 0x20 && (unsigned char) *cp < 0x7f,
			  "%s: non-ASCII template", ip->id);
	ck_assert_ptr_nonnull(strstr(rp->text_fr, "{rule}"));
	ck_assert_ptr_nonnull(strstr(rp->text_fr, "{detail}"));
	ck_assert_int_eq(rp->rcode[0], '5');
	ck_assert_int_eq(rp->temp_rcode[0], '4');
    }
    ck_assert_str_eq(docrules_rule(DOCRULES_PATIENT_MISMATCH)->xcode, "5.7.1");
    ck_assert_str_eq(docrules_rule(DOCRULES_XDM_UNSAFE)->rcode, "552");
}
END_TEST

START_TEST(test_ins_helpers)
{
    ck_assert_int_eq(docrules_ins_like(INS_A), 1);
    ck_assert_int_eq(docrules_ins_like("2850377284173"), 1);
    ck_assert_int_eq(docrules_ins_like("253072A07300443"), 1);
    ck_assert_int_eq(docrules_ins_like("28503772841734"), 0);
    ck_assert_int_eq(docrules_ins_like("2850377284173X6"), 0);
    ck_assert_int_eq(docrules_ins_like("285A37728417346"), 0);
    ck_assert_int_eq(docrules_ins_like(""), 0);
    ck_assert_int_eq(docrules_ins_like((char *) 0), 0);
    ck_assert_int_eq(docrules_ins_authority("1.2.250.1.213.1.4.8"), 1);
    ck_assert_int_eq(docrules_ins_authority("1.2.250.1.213.1.4.11"), 1);
    ck_assert_int_eq(docrules_ins_authority("1.2.250.1.213.1.4.2"), 0);
    ck_assert_int_eq(docrules_ins_authority((char *) 0), 0);
    ck_assert_int_eq(docrules_same_patient(INS_A, INS_A), 1);
    ck_assert_int_eq(docrules_same_patient(INS_A, INS_B), 0);
    ck_assert_int_eq(docrules_same_patient("2850377284173", INS_A), 1);
    ck_assert_int_eq(docrules_same_patient("IPP", "IPP"), 0);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("docrules");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_conforming);
    tcase_add_test(tc, test_no_documents);
    tcase_add_test(tc, test_codecda_missing);
    tcase_add_test(tc, test_codecda_without_cda);
    tcase_add_test(tc, test_codecda_differs);
    tcase_add_test(tc, test_codecda_detail_sanitised);
    tcase_add_test(tc, test_x_mss_ins);
    tcase_add_test(tc, test_x_mss_nil);
    tcase_add_test(tc, test_subject_xdm);
    tcase_add_test(tc, test_patient_mismatch);
    tcase_add_test(tc, test_patient_multiple_in_metadata);
    tcase_add_test(tc, test_patient_multiple_recipients);
    tcase_add_test(tc, test_patient_key_and_corsica);
    tcase_add_test(tc, test_patient_unverified);
    tcase_add_test(tc, test_category_rules);
    tcase_add_test(tc, test_ins_unqualified);
    tcase_add_test(tc, test_class_and_nil);
    tcase_add_test(tc, test_xdm_errors);
    tcase_add_test(tc, test_app_strict);
    tcase_add_test(tc, test_config);
    tcase_add_test(tc, test_ins_helpers);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
