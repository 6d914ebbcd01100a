/*++
/* NAME
/*	check_mbpol_check 1
/* SUMMARY
/*	unit tests for mbpol_check(3)
/* SYNOPSIS
/*	check_mbpol_check
/* DESCRIPTION
/*	Each per-mailbox rule passes, fails (with its French detail and
/*	{addr}) and stops at its boundary: allowed recipients and senders
/*	(patients, professionals, domains, addresses, nobody),
/*	max_recipients and max_size at the limit and one past it, a
/*	declared SIZE, X-MSS-NIL, Reply-To (none allowed, lists,
/*	unparsable); the RCPT TO and end-of-message sequences go on past
/*	a failed rule when asked again, in their order, and an unknown
/*	mailbox type is dir.error with the configured action. The null
/*	sender passes allowed_senders at RCPT TO and is judged at end of
/*	message by its From authors, each under the settings selected
/*	with it as the sender: a patient author of a plain message to a
/*	professionals-only mailbox is refused (as the same patient as
/*	envelope sender), a real report and a professional pass, an
/*	author's unknown type is dir.error, a message without author or
/*	with too many is refused where senders are restricted; outbound,
/*	the author's settings restrict the recipients.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mbpol_check.h"

static char *doms[] = {"clinique.fr", "hopital.fr"};
static char *addrs[] = {"chef@labo.fr"};

static MBPOL_SETTINGS s;
static VSTR *detail;
static VSTR *addr;
static RCPT_FACTS r;
static MBPOL_FAIL f;
static MBPOL_RCPT_IN in;

static void setup(void)
{
    mbpol_settings_init(&s);
    detail = vstr_alloc(64);
    addr = vstr_alloc(64);
    rcpt_facts_init(&r);
    mbpol_fail_init(&f);
}

static void teardown(void)
{
    /* The lists are static here: nothing for mbpol_settings_free(). */
    vstr_free(detail);
    vstr_free(addr);
    rcpt_facts_free(&r);
    mbpol_fail_free(&f);
}

/* failed - one failed rule, as expected (NULL: not compared) */

static void failed(int got, const char *rule, const char *want_addr,
		           const char *want_detail)
{
    ck_assert_msg(got == 1, "no failure for %s (%s)", rule, want_addr ? want_addr : "");
    ck_assert_str_eq(f.rule, rule);
    if (want_addr)
	ck_assert_str_eq(f.addr, want_addr);
    if (want_detail)
	ck_assert_str_eq(f.detail, want_detail);
}

START_TEST(test_peer_open)
{
    /* Not restricted: anybody, even without an address. */
    ck_assert_int_eq(mbpol_check_peer(&s, 1, "x@y.fr", 0, detail), 0);
    ck_assert_int_eq(mbpol_check_peer(&s, 0, "", 0, detail), 0);
}
END_TEST

START_TEST(test_peer_recipients)
{
    s.recipients.restricted = 1;
    s.recipients.patients = 1;
    s.recipients.domains.items = doms;
    s.recipients.domains.count = 2;
    s.recipients.addresses.items = addrs;
    s.recipients.addresses.count = 1;
    ck_assert_int_eq(mbpol_check_peer(&s, 1, "1@patient.mssante.fr", 1, detail), 0);
    ck_assert_int_eq(mbpol_check_peer(&s, 1, "dr@hopital.fr", 0, detail), 0);
    ck_assert_int_eq(mbpol_check_peer(&s, 1, "chef@labo.fr", 0, detail), 0);
    ck_assert_int_eq(mbpol_check_peer(&s, 1, "autre@labo.fr", 0, detail), -1);
    ck_assert_str_eq(vstr_str(detail), "destinataires autorises: patients, "
		     "domaines clinique.fr hopital.fr, adresses chef@labo.fr");
    /* The senders' list is another one. */
    ck_assert_int_eq(mbpol_check_peer(&s, 0, "autre@labo.fr", 0, detail), 0);
}
END_TEST

START_TEST(test_peer_senders)
{
    s.senders.restricted = 1;
    s.senders.professionals = 1;
    ck_assert_int_eq(mbpol_check_peer(&s, 0, "dr@hopital.fr", 0, detail), 0);
    ck_assert_int_eq(mbpol_check_peer(&s, 0, "1@patient.mssante.fr", 1, detail), -1);
    ck_assert_str_eq(vstr_str(detail), "expediteurs autorises: professionnels");
    s.senders.professionals = 0;
    ck_assert_int_eq(mbpol_check_peer(&s, 0, "", 0, detail), -1);
    ck_assert_str_eq(vstr_str(detail), "expediteurs autorises: aucun");
}
END_TEST

START_TEST(test_rcpts)
{
    ck_assert_int_eq(mbpol_check_rcpts(&s, 1000, detail), 0);
    s.max_recipients = 3;
    ck_assert_int_eq(mbpol_check_rcpts(&s, 3, detail), 0);
    ck_assert_int_eq(mbpol_check_rcpts(&s, 4, detail), -1);
    ck_assert_str_eq(vstr_str(detail), "au plus 3");
}
END_TEST

START_TEST(test_size)
{
    ck_assert_int_eq(mbpol_check_size(&s, 1ULL << 40, detail), 0);
    s.max_size = 1000;
    ck_assert_int_eq(mbpol_check_size(&s, 1000, detail), 0);
    ck_assert_int_eq(mbpol_check_size(&s, 1001, detail), -1);
    ck_assert_str_eq(vstr_str(detail), "de 1001 octets (limite 1000)");
}
END_TEST

START_TEST(test_reply_to)
{
    /* Allowed anywhere: not even parsed. */
    ck_assert_int_eq(mbpol_check_reply_to(&s, "((", addr, detail), 0);
    s.reply_to.domains.items = doms;
    s.reply_to.domains.count = 1;
    ck_assert_int_eq(mbpol_check_reply_to(&s, "a@clinique.fr, <b@Clinique.fr>",
					  addr, detail), 0);
    ck_assert_int_eq(mbpol_check_reply_to(&s, "a@clinique.fr, c@ailleurs.fr",
					  addr, detail), -1);
    ck_assert_str_eq(vstr_str(addr), "c@ailleurs.fr");
    ck_assert_str_eq(vstr_str(detail), "reponses autorisees seulement vers: "
		     "domaines clinique.fr");
    /* Unparsable: the whole value is at fault. */
    ck_assert_int_eq(mbpol_check_reply_to(&s, "pas une adresse", addr, detail), -1);
    ck_assert_str_eq(vstr_str(addr), "pas une adresse");
    s.reply_to.allowed = 0;
    s.reply_to.domains.count = 0;
    ck_assert_int_eq(mbpol_check_reply_to(&s, "a@clinique.fr", addr, detail), -1);
    ck_assert_str_eq(vstr_str(detail), "aucune adresse de reponse autorisee");
}
END_TEST

/* rcpt_in - a recipient and its transaction, nothing failing */

static void rcpt_in(const char *rcpt)
{
    rcpt_facts_set(&r, "patient.mssante.fr", rcpt);
    memset(&in, 0, sizeof(in));
    in.s = &s;
    in.dir = MBPOL_DIR_OUTBOUND;
    in.r = &r;
    in.sender = "dr@hopital.fr";
    in.sender_arg = "<dr@hopital.fr>";
    in.count = 1;
    in.declared_size = -1;
    in.on_dir_error = VERDICT_TEMPFAIL;
    f.step = 0;
}

START_TEST(test_rcpt_pass)
{
    rcpt_in("<x@y.fr>");
    s.max_recipients = 1;
    s.max_size = 10;
    in.declared_size = 10;
    ck_assert_int_eq(mbpol_check_rcpt(&in, &f), 0);
}
END_TEST

START_TEST(test_rcpt_sequence)
{
    rcpt_in("<x@y.fr>");
    r.dir_fail = 1;
    s.recipients.restricted = 1;
    s.senders.restricted = 1;		/* inbound only: not tested here */
    s.max_recipients = 1;
    in.count = 2;
    s.max_size = 10;
    in.declared_size = 11;

    failed(mbpol_check_rcpt(&in, &f), "dir.error",
	   "<x@y.fr>", "type de boite aux lettres inconnu");
    ck_assert_int_eq(f.want, VERDICT_TEMPFAIL);

    failed(mbpol_check_rcpt(&in, &f), "mbpol.rcpt_class",
	   "<x@y.fr>", "destinataires autorises: aucun");
    ck_assert_int_eq(f.want, VERDICT_REJECT);

    failed(mbpol_check_rcpt(&in, &f), "mbpol.max_rcpts",
	   "<x@y.fr>", "au plus 1");

    failed(mbpol_check_rcpt(&in, &f), "mbpol.max_size",
	   "<dr@hopital.fr>", "annoncee (SIZE) de 11 octets (limite 10)");

    ck_assert_int_eq(mbpol_check_rcpt(&in, &f), 0);
    ck_assert_int_eq(mbpol_check_rcpt(&in, &f), 0);
}
END_TEST

START_TEST(test_rcpt_inbound)
{
    rcpt_in("<x@y.fr>");
    in.dir = MBPOL_DIR_INBOUND;
    in.sender_dir_fail = 1;
    in.on_dir_error = VERDICT_REJECT;
    s.recipients.restricted = 1;	/* outbound only: not tested here */
    s.senders.restricted = 1;
    s.senders.patients = 1;
    failed(mbpol_check_rcpt(&in, &f), "dir.error", 0, 0);
    ck_assert_int_eq(f.want, VERDICT_REJECT);
    failed(mbpol_check_rcpt(&in, &f), "mbpol.sender_class",
	   "<dr@hopital.fr>", "expediteurs autorises: patients");
    ck_assert_int_eq(mbpol_check_rcpt(&in, &f), 0);

    /* A patient sender passes. */
    f.step = 0;
    in.sender_dir_fail = 0;
    in.sender_patient = 1;
    ck_assert_int_eq(mbpol_check_rcpt(&in, &f), 0);
}
END_TEST

START_TEST(test_rcpt_null_sender)
{
    /* <> passes here even where "<>" is no allowed sender: see test_null. */
    rcpt_in("<x@y.fr>");
    in.dir = MBPOL_DIR_INBOUND;
    in.sender = "";
    in.sender_null = 1;
    in.sender_arg = "<>";
    s.senders.restricted = 1;
    s.senders.patients = 1;
    ck_assert_int_eq(mbpol_check_rcpt(&in, &f), 0);
    f.step = 0;
    in.sender_null = 0;
    failed(mbpol_check_rcpt(&in, &f), "mbpol.sender_class", "<>", 0);
}
END_TEST

START_TEST(test_rcpt_patient_class)
{
    s.recipients.restricted = 1;
    s.recipients.patients = 1;
    rcpt_in("<285037728417346@patient.mssante.fr>");
    ck_assert_int_eq(mbpol_check_rcpt(&in, &f), 0);
    rcpt_in("<dr@hopital.fr>");
    failed(mbpol_check_rcpt(&in, &f), "mbpol.rcpt_class", 0, 0);
}
END_TEST

START_TEST(test_eom)
{
    MBPOL_EOM_IN e;

    memset(&e, 0, sizeof(e));
    e.s = &s;
    e.size = 11;
    e.reply_to = "";
    e.sender_arg = "<>";
    ck_assert_int_eq(mbpol_check_eom(&e, &f), 0);

    f.step = 0;
    s.require_nil = 1;
    s.max_size = 10;
    s.reply_to.allowed = 0;
    e.reply_to = "r@ailleurs.fr";
    failed(mbpol_check_eom(&e, &f), "mbpol.nil_required", "<>", 0);
    ck_assert_ptr_null(f.detail);
    failed(mbpol_check_eom(&e, &f), "mbpol.max_size",
	   0, "de 11 octets (limite 10)");
    failed(mbpol_check_eom(&e, &f), "mbpol.reply_to",
	   "r@ailleurs.fr", "aucune adresse de reponse autorisee");
    ck_assert_int_eq(mbpol_check_eom(&e, &f), 0);

    /* At the limit, with X-MSS-NIL and no Reply-To: nothing fails. */
    f.step = 0;
    e.nil_seen = 1;
    e.size = 10;
    e.reply_to = "";
    ck_assert_int_eq(mbpol_check_eom(&e, &f), 0);
}
END_TEST

#define PAT	"285037728417346@patient.mssante.fr"
#define PRO	"jean.exemple@medecin.mssante.fr"

 /*
  * The audit's policy: a professionals-only mailbox, and an address-level
  * selector that lets one patient write to another mailbox (a reselection
  * with the author as sender finds it; the RCPT TO one with <> does not).
  */
static const char null_policy[] =
"{ \"version\": 1, \"mailboxes\": ["
"  { \"name\": \"pros only\","
"    \"match\": { \"recipient\": \"" PRO "\", \"direction\": \"inbound\" },"
"    \"allowed_senders\": { \"patients\": false, \"professionals\": true } },"
"  { \"name\": \"one patient\","
"    \"match\": { \"recipient\": \"svc@ch.mssante.fr\","
"                 \"sender\": \"" PAT "\" },"
"    \"allowed_senders\": { \"patients\": true } },"
"  { \"name\": \"service\","
"    \"match\": { \"recipient\": \"svc@ch.mssante.fr\" },"
"    \"allowed_senders\": { \"professionals\": true } },"
"  { \"name\": \"app\","
"    \"match\": { \"sender\": \"app@ch.mssante.fr\", \"direction\": \"outbound\" },"
"    \"allowed_recipients\": { \"patients\": true } },"
"  { \"name\": \"APP senders refused\","
"    \"match\": { \"recipient\": \"app-closed@ch.mssante.fr\","
"                 \"sender_type\": \"APP\" },"
"    \"allowed_senders\": { \"addresses\": \"chef@labo.fr\" } } ] }";

static MBPOL *null_pol;
static MBPOL_AUTHOR au[MBPOL_NULL_AUTHORS_MAX + 1];
static MBPOL_NULL_RCPT rc[2];
static MBPOL_NULL_IN nin;

/* null_in - <> to rcpt, one plain message from one author */

static void null_in(const char *rcpt, const char *author, int patient)
{
    VSTR   *err = vstr_alloc(64);

    if (null_pol == 0)
	null_pol = mbpol_parse(null_policy, strlen(null_policy), 0, err);
    ck_assert_msg(null_pol != 0, "%s", vstr_str(err));
    vstr_free(err);
    memset(au, 0, sizeof(au));
    memset(rc, 0, sizeof(rc));
    memset(&nin, 0, sizeof(nin));
    rc[0].addr = rcpt;
    rc[0].s = mbpol_select(null_pol, &(MBPOL_QUERY) {
	"", MBPOL_TYPE_NONE, rcpt, MBPOL_TYPE_PER, MBPOL_DIR_INBOUND}, 0);
    rc[0].type = MBPOL_TYPE_PER;
    au[0].addr = author;
    au[0].patient = patient;
    nin.pol = null_pol;
    nin.dir = MBPOL_DIR_INBOUND;
    nin.authors = au;
    nin.nauthors = author ? 1 : 0;
    nin.rcpts = rc;
    nin.nrcpts = 1;
    nin.on_dir_error = VERDICT_TEMPFAIL;
    f.step = 0;
}

START_TEST(test_null)
{
    /* The audit's case: the patient in From, a plain message. */
    null_in(PRO, PAT, 1);
    failed(mbpol_check_null(&nin, &f), "mbpol.sender_class", "<" PAT ">",
	   "expediteurs autorises: professionnels");
    ck_assert_ptr_nonnull(f.s);
    ck_assert_int_eq(f.s->senders.professionals, 1);
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);

    /* The same From in a real DSN or MDN: nothing to judge. */
    null_in(PRO, PAT, 1);
    nin.report = 1;
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);

    /* A professional author; outbound, the senders' class does not apply. */
    null_in(PRO, "dr@hopital.fr", 0);
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    null_in(PRO, PAT, 1);
    nin.dir = MBPOL_DIR_OUTBOUND;
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    null_in(PRO, PAT, 1);
    nin.pol = 0;
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
}
END_TEST

START_TEST(test_null_reselect)
{
    /* Selected with <>, the service admits professionals only ... */
    null_in("svc@ch.mssante.fr", PAT, 1);
    ck_assert_int_eq(rc[0].s->senders.patients, 0);
    /* ... but this patient as sender selects the address-level entry. */
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    null_in("svc@ch.mssante.fr", "123456789012345@patient.mssante.fr", 1);
    failed(mbpol_check_null(&nin, &f), "mbpol.sender_class",
	   "<123456789012345@patient.mssante.fr>", 0);

    /* The author's directory type selects too. */
    null_in("app-closed@ch.mssante.fr", "robot@ch.mssante.fr", 0);
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    au[0].type = MBPOL_TYPE_APP;
    f.step = 0;
    failed(mbpol_check_null(&nin, &f), "mbpol.sender_class",
	   "<robot@ch.mssante.fr>", "expediteurs autorises: adresses chef@labo.fr");
}
END_TEST

START_TEST(test_null_outbound)
{
    /* Outbound, the author's settings: allowed_recipients. */
    null_in(PRO, "app@ch.mssante.fr", 0);
    nin.dir = MBPOL_DIR_OUTBOUND;
    failed(mbpol_check_null(&nin, &f), "mbpol.rcpt_class", "<" PRO ">",
	   "destinataires autorises: patients");
    ck_assert_int_eq(f.s->recipients.patients, 1);
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    null_in(PAT, "app@ch.mssante.fr", 0);
    nin.dir = MBPOL_DIR_OUTBOUND;
    rc[0].patient = 1;
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    /* No author: RCPT TO judged the same selection. */
    null_in(PRO, 0, 0);
    nin.dir = MBPOL_DIR_OUTBOUND;
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    /* Too many: the policy restricts recipients somewhere. */
    null_in(PRO, "app@ch.mssante.fr", 0);
    nin.dir = MBPOL_DIR_OUTBOUND;
    nin.nauthors = MBPOL_NULL_AUTHORS_MAX + 1;
    failed(mbpol_check_null(&nin, &f), "mbpol.rcpt_class", "<" PRO ">",
	   "expediteur vide et plus de 32 auteurs (From)");
}
END_TEST

START_TEST(test_null_authors)
{
    size_t  i;

    /* Each author, for each recipient; an unknown type is dir.error. */
    null_in(PRO, "dr@hopital.fr", 0);
    au[0].dir_fail = 1;
    au[1].addr = PAT;
    au[1].patient = 1;
    nin.nauthors = 2;
    rc[1] = rc[0];
    rc[1].addr = "autre@medecin.mssante.fr";
    nin.nrcpts = 2;
    failed(mbpol_check_null(&nin, &f), "dir.error", "<dr@hopital.fr>",
	   "type de boite aux lettres inconnu");
    ck_assert_int_eq(f.want, VERDICT_TEMPFAIL);
    failed(mbpol_check_null(&nin, &f), "mbpol.sender_class", "<" PAT ">", 0);
    /* The second recipient: its settings could be other ones too ... */
    failed(mbpol_check_null(&nin, &f), "dir.error", "<dr@hopital.fr>", 0);
    /* ... but they are the default's: nobody restricted. */
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);

    /* No author: nobody stands for the sender where senders are restricted. */
    null_in(PRO, 0, 0);
    failed(mbpol_check_null(&nin, &f), "mbpol.sender_class", "<>",
	   "expediteur vide sans auteur (From); expediteurs autorises: "
	   "professionnels");
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    null_in("autre@medecin.mssante.fr", 0, 0);
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);

    /* Too many authors: refused where restricted, without a lookup. */
    null_in(PRO, "dr@hopital.fr", 0);
    for (i = 0; i <= MBPOL_NULL_AUTHORS_MAX; i++)
	au[i].addr = "dr@hopital.fr";
    nin.nauthors = MBPOL_NULL_AUTHORS_MAX + 1;
    failed(mbpol_check_null(&nin, &f), "mbpol.sender_class", "<>",
	   "expediteur vide et plus de 32 auteurs (From); expediteurs "
	   "autorises: professionnels");
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
    /* Even where <> selected open settings: an author could select others. */
    null_in("autre@medecin.mssante.fr", "dr@hopital.fr", 0);
    nin.nauthors = MBPOL_NULL_AUTHORS_MAX + 1;
    failed(mbpol_check_null(&nin, &f), "mbpol.sender_class", "<>",
	   "expediteur vide et plus de 32 auteurs (From)");
    ck_assert_int_eq(mbpol_check_null(&nin, &f), 0);
}
END_TEST

int     main(void)
{
    Suite  *su = suite_create("mbpol_check");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_peer_open);
    tcase_add_test(tc, test_peer_recipients);
    tcase_add_test(tc, test_peer_senders);
    tcase_add_test(tc, test_rcpts);
    tcase_add_test(tc, test_size);
    tcase_add_test(tc, test_reply_to);
    tcase_add_test(tc, test_rcpt_pass);
    tcase_add_test(tc, test_rcpt_sequence);
    tcase_add_test(tc, test_rcpt_inbound);
    tcase_add_test(tc, test_rcpt_null_sender);
    tcase_add_test(tc, test_rcpt_patient_class);
    tcase_add_test(tc, test_eom);
    tcase_add_test(tc, test_null);
    tcase_add_test(tc, test_null_reselect);
    tcase_add_test(tc, test_null_outbound);
    tcase_add_test(tc, test_null_authors);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (null_pol)
	mbpol_free(null_pol);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
