/*++
/* NAME
/*	docrules 3
/* SUMMARY
/*	conformance of documents and X-MSS-* headers (Referentiel #2)
/* SYNOPSIS
/*	#include "docrules.h"
/*
/*	void	docrules_config_init(DOCRULES_CONFIG *cfg)
/*	int	docrules_config_set(DOCRULES_CONFIG *cfg, const char *id,
/*					const char *action)
/*	int	docrules_config_set_patient(DOCRULES_CONFIG *cfg,
/*					const char *id, const char *action)
/*	DOCRULES_ACTION docrules_config_action(const DOCRULES_CONFIG *cfg,
/*					DOCRULES_RULE rule, int to_patient)
/*	const DOCRULES_INFO *docrules_info(DOCRULES_RULE rule)
/*	const DOCRULES_INFO *docrules_find(const char *id, DOCRULES_RULE *rule)
/*	const RULE_INFO *docrules_rule(DOCRULES_RULE rule)
/*	int	docrules_patient_only(DOCRULES_RULE rule)
/*	const char *docrules_action_name(DOCRULES_ACTION action)
/*	int	docrules_action_parse(const char *name, DOCRULES_ACTION *action)
/*	VERDICT_ACTION docrules_action_verdict(DOCRULES_ACTION action)
/*
/*	void	docrules_report_init(DOCRULES_REPORT *rep)
/*	void	docrules_report_free(DOCRULES_REPORT *rep)
/*	void	docrules_check(const DOCRULES_CONFIG *cfg,
/*					const DOCRULES_FACTS *facts,
/*					DOCRULES_REPORT *rep)
/*
/*	int	docrules_ins_like(const char *id)
/*	int	docrules_ins_authority(const char *oid)
/*	int	docrules_same_patient(const char *id1, const char *id2)
/* DESCRIPTION
/*	docrules_check() applies the document rules of the Referentiel #2
/*	to the facts the milter gathered about one message and lists
/*	each rule broken, with its configured action and a French
/*	US-ASCII detail. It does no I/O. The rules (ids are stable):
/* .IP doc.codecda
/*	X-MSS-CODECDA is present exactly when an IHE_XDM archive holds a
/*	CDA document, and lists the same codes (as a set).
/* .IP doc.x_mss_ins
/*	With a CDA, X-MSS-INS is present; whenever present it is O or N.
/* .IP doc.x_mss_nil
/*	A message from an applicative (APP) mailbox, or from a sender
/*	the site lists in NilRequired (facts->nil_required), carries a
/*	non-empty X-MSS-NIL (Referentiel #2 ECO.2.4.3 asks it of every
/*	message sent by client software; doc/rules.md).
/* .IP doc.subject_xdm
/*	With an IHE_XDM archive, the Subject starts with "XDM/1.0/DDM+".
/* .IP doc.patient_mismatch
/*	The metadata names one patient, and each patient recipient's INS
/*	is that patient's; documents go to one patient per message. A
/*	document about one patient in another patient's mailbox is the
/*	worst leak there is: reject by default.
/* .IP doc.patient_unverified
/*	Documents to a patient, but no INS in the metadata to compare;
/*	reported only when doc.ins_unqualified is off for patients (it
/*	covers the same fact, see below).
/* .IP doc.category_missing
/*	Documents to a patient each have a category.
/* .IP doc.category_unknown
/*	Every category code is in the JDV_J07 table.
/* .IP doc.ins_unqualified
/*	A message to a patient carries no unqualified identity: neither
/*	X-MSS-INS: N nor an XDM archive whose metadata names no INS-type
/*	patient id. A document cannot be sent to a patient whose INS is
/*	not qualified (doc/rules.md). Between professionals X-MSS-INS: N
/*	is a valid value (doc.x_mss_ins checks it): not reported.
/* .IP doc.class_unknown
/*	Every classCode of the XDM metadata is in the TRE_A03 table
/*	(facts->unknown_classes, counted only when a table is loaded).
/* .IP doc.xdm_unsafe
/*	An archive was refused: zip or XML bomb, or over a limit.
/* .IP doc.xdm_invalid
/*	An archive could not be read (malformed zip or metadata).
/* .PP
/*	When an archive could not be read (xdm_unsafe, xdm_invalid), the
/*	checks that need its content (a CDA for doc.codecda, an INS for
/*	doc.patient_unverified) do not guess: doc.xdm_* reports it.
/*	Details never hold an INS, a name or a Subject (they reach logs):
/*	a recipient is named by its index (DOCRULES_HIT.rcpt_index).
/*
/*	docrules_config_init() sets the default actions: warn for
/*	conformance, reject for doc.patient_mismatch and doc.xdm_unsafe.
/*	A rule has two actions: one for a message with a patient
/*	recipient, one for the others (between professionals). They
/*	are the same but for doc.ins_unqualified, doc.category_missing
/*	and doc.category_unknown, rejected by default towards a patient
/*	(a document to a patient needs a qualified INS and a known
/*	category, doc/rules.md); between professionals doc.category_unknown
/*	is warned about and the other two are not reported at all
/*	(docrules_patient_only(): their action there, warn, is never used).
/*	With cfg->app_strict, a message from an APP mailbox has every
/*	conformance rule at warn raised to reject: software can be held
/*	to the standard without bouncing what humans type.
/*	docrules_config_set() sets one rule's actions, both of them, by
/*	id and action name (off, warn, quarantine, tempfail, reject);
/*	docrules_config_set_patient() only the action towards patients
/*	(call it after docrules_config_set()). docrules_config_action()
/*	gives the action in force for a message with (to_patient != 0)
/*	or without a patient recipient.
/*
/*	docrules_info() gives the id, default action and AppStrict
/*	flag of a rule; docrules_find() looks an id up. The ids, default
/*	actions, reply codes and texts live in the shared rule table,
/*	rule_table.h, like every other rule's (RULE_TABLE_DOC, in the
/*	order of DOCRULES_RULE): docrules_rule() returns that entry.
/*	docrules_patient_only() tells whether a rule concerns only a
/*	message with a patient recipient (doc.patient_unverified,
/*	doc.category_missing, doc.ins_unqualified): such a rule is never
/*	reported between professionals, whatever its action there, and the
/*	manual shows only its action towards a patient (ruledoc(3)).
/*	docrules_action_verdict() maps an action to the shared
/*	VERDICT_ACTION (off and warn continue).
/*
/*	docrules_ins_like() accepts 13 or 15 characters shaped like an
/*	INS (digits, 2A/2B for Corsica; the key is ins.c's business);
/*	docrules_ins_authority() recognises the INS assigning authority
/*	OIDs (NIR, NIA, test and demo: 1.2.250.1.213.1.4.8 to .11);
/*	docrules_same_patient() compares two such ids, case-insensitive
/*	on 2A/2B, on 13 characters when either lacks its key.
/* DIAGNOSTICS
/*	docrules_config_set() and docrules_action_parse() return 0 on
/*	an unknown id or action name, 1 on success.
/*--*/

#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "doccat.h"
#include "docrules.h"

#define NOIDX	((size_t) -1)

 /*
  * The document rules' rows of the shared table (rule_table.h), in the
  * order of DOCRULES_RULE: their ids and default actions. A conformance
  * rule, raised to reject for APP senders with AppStrict, is one that
  * only warns by default between professionals; the two that reject
  * (doc.patient_mismatch, doc.xdm_unsafe) protect patients whatever the
  * sender.
  */
#define DOCRULES_CONFORMANCE_WARN	1
#define DOCRULES_CONFORMANCE_REJECT	0
#define DOCRULES_ROW(name, id, rc, xc, trc, txc, dflt, pdflt, key, rep, fr, en, doc) \
    {id, DOCRULES_##dflt, DOCRULES_##pdflt, DOCRULES_CONFORMANCE_##dflt},

static const DOCRULES_INFO docrules_table[DOCRULES_RULE_COUNT] = {
    RULE_TABLE_DOC(DOCRULES_ROW)
};

 /*
  * The first document rule of the shared table: DOCRULES_RULE and RULE_ID
  * run in parallel from there.
  */
#define DOCRULES_FIRST	RULE_DOC_CODECDA
_Static_assert(RULE_DOC_CLASS_UNKNOWN - DOCRULES_FIRST + 1 == DOCRULES_RULE_COUNT,
	       "RULE_TABLE_DOC and DOCRULES_RULE differ");

static const char *const docrules_action_names[DOCRULES_ACTION_COUNT] = {
    "off", "warn", "quarantine", "tempfail", "reject",
};

 /*
  * INS assigning authorities (quoted): NIR, NIA, NIR test, NIR demo.
  */
static const char *const docrules_ins_oids[] = {
    "1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9",
    "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11",
};

/* docrules_info - table entry of a rule */

const DOCRULES_INFO *docrules_info(DOCRULES_RULE rule)
{
    return ((unsigned) rule < DOCRULES_RULE_COUNT ? docrules_table + rule : 0);
}

/* docrules_rule - the shared rule table's entry: codes and texts */

const RULE_INFO *docrules_rule(DOCRULES_RULE rule)
{
    return ((unsigned) rule < DOCRULES_RULE_COUNT ?
	    rule_get((RULE_ID) (DOCRULES_FIRST + rule)) : 0);
}

/* docrules_patient_only - a rule about messages to patients only? */

int     docrules_patient_only(DOCRULES_RULE rule)
{
    switch (rule) {
    case DOCRULES_PATIENT_UNVERIFIED:
    case DOCRULES_CATEGORY_MISSING:
    case DOCRULES_INS_UNQUALIFIED:
	return (1);
    default:
	return (0);
    }
}

/* docrules_find - table entry by id */

const DOCRULES_INFO *docrules_find(const char *id, DOCRULES_RULE *rule)
{
    int     i;

    for (i = 0; i < DOCRULES_RULE_COUNT; i++) {
	if (strcmp(docrules_table[i].id, id) == 0) {
	    if (rule)
		*rule = (DOCRULES_RULE) i;
	    return (docrules_table + i);
	}
    }
    return (0);
}

/* docrules_action_name - stable name of an action */

const char *docrules_action_name(DOCRULES_ACTION action)
{
    return ((unsigned) action < DOCRULES_ACTION_COUNT ?
	    docrules_action_names[action] : "unknown");
}

/* docrules_action_parse - action by name */

int     docrules_action_parse(const char *name, DOCRULES_ACTION *action)
{
    int     i;

    for (i = 0; i < DOCRULES_ACTION_COUNT; i++) {
	if (strcasecmp(docrules_action_names[i], name) == 0) {
	    *action = (DOCRULES_ACTION) i;
	    return (1);
	}
    }
    return (0);
}

/* docrules_action_verdict - map onto the shared verdict actions */

VERDICT_ACTION docrules_action_verdict(DOCRULES_ACTION action)
{
    switch (action) {
    case DOCRULES_REJECT:
	return (VERDICT_REJECT);
    case DOCRULES_TEMPFAIL:
	return (VERDICT_TEMPFAIL);
    case DOCRULES_QUARANTINE:
	return (VERDICT_QUARANTINE);
    default:
	return (VERDICT_CONTINUE);
    }
}

/* docrules_config_init - default actions */

void    docrules_config_init(DOCRULES_CONFIG *cfg)
{
    int     i;

    for (i = 0; i < DOCRULES_RULE_COUNT; i++) {
	cfg->action[i] = docrules_table[i].default_action;
	cfg->patient_action[i] = docrules_table[i].patient_default;
    }
    cfg->app_strict = 0;
}

/* docrules_config_put - one rule's action(s) by names */

static int docrules_config_put(DOCRULES_CONFIG *cfg, const char *id,
			               const char *action, int patient_only)
{
    DOCRULES_RULE rule;
    DOCRULES_ACTION act;

    if (docrules_find(id, &rule) == 0 || !docrules_action_parse(action, &act))
	return (0);
    if (!patient_only)
	cfg->action[rule] = act;
    cfg->patient_action[rule] = act;
    return (1);
}

/* docrules_config_set - one rule's actions, for every message */

int     docrules_config_set(DOCRULES_CONFIG *cfg, const char *id,
			            const char *action)
{
    return (docrules_config_put(cfg, id, action, 0));
}

/* docrules_config_set_patient - one rule's action towards patients */

int     docrules_config_set_patient(DOCRULES_CONFIG *cfg, const char *id,
				            const char *action)
{
    return (docrules_config_put(cfg, id, action, 1));
}

/* docrules_config_action - the action in force for one audience */

DOCRULES_ACTION docrules_config_action(const DOCRULES_CONFIG *cfg,
				               DOCRULES_RULE rule, int to_patient)
{
    if ((unsigned) rule >= DOCRULES_RULE_COUNT)
	return (DOCRULES_OFF);
    return (to_patient ? cfg->patient_action[rule] : cfg->action[rule]);
}

/* docrules_report_init - empty report */

void    docrules_report_init(DOCRULES_REPORT *rep)
{
    memset(rep, 0, sizeof(*rep));
    rep->worst_index = -1;
}

/* docrules_report_free - release details */

void    docrules_report_free(DOCRULES_REPORT *rep)
{
    size_t  i;

    for (i = 0; i < rep->count; i++)
	vstr_free(rep->hits[i].detail);
    docrules_report_init(rep);
}

/* docrules_hit - record a broken rule unless it is off */

static VSTR *docrules_hit(const DOCRULES_CONFIG *cfg,
			          const DOCRULES_FACTS *facts,
			          DOCRULES_REPORT *rep, DOCRULES_RULE rule,
			          size_t rcpt_index)
{
    DOCRULES_ACTION action;
    DOCRULES_HIT *hp;

    action = docrules_config_action(cfg, rule, facts->rcpt_ins_count > 0);

    /* What the manual promises, whatever a check below would call. */
    if (action == DOCRULES_OFF
	|| (facts->rcpt_ins_count == 0 && docrules_patient_only(rule)))
	return (0);
    if (cfg->app_strict && facts->sender_app && docrules_table[rule].conformance
	&& action == DOCRULES_WARN)
	action = DOCRULES_REJECT;
    hp = rep->hits + rep->count;
    hp->rule = rule;
    hp->id = docrules_table[rule].id;
    hp->action = action;
    hp->detail = vstr_alloc(64);
    hp->rcpt_index = rcpt_index;
    if (rep->worst_index < 0 || action > rep->worst) {
	rep->worst = action;
	rep->worst_index = (int) rep->count;
    }
    rep->count++;
    return (hp->detail);
}

/* docrules_blank - NULL, empty or only blanks */

static int docrules_blank(const char *str)
{
    return (str == 0 || str[strspn(str, " \t\r\n")] == 0);
}

/* docrules_put_safe - append outside text as printable ASCII, capped */

static void docrules_put_safe(VSTR *out, const char *str, size_t max)
{
    size_t  i;

    for (i = 0; str[i] && i < max; i++)
	vstr_addch(out, ((unsigned char) str[i] < 0x20
			 || (unsigned char) str[i] > 0x7e) ? '?' : str[i]);
    if (str[i])
	vstr_cat(out, "...");
}

/* docrules_in_set - is code in the list? */

static int docrules_in_set(char **set, size_t n, const char *code)
{
    size_t  i;

    for (i = 0; i < n; i++)
	if (strcmp(set[i], code) == 0)
	    return (1);
    return (0);
}

/* docrules_check_codecda - doc.codecda */

static void docrules_check_codecda(const DOCRULES_CONFIG *cfg,
				           const DOCRULES_FACTS *f,
				           DOCRULES_REPORT *rep)
{
    char  **hdr;
    size_t  nhdr, i, nexp = f->cda_code_count;
    int     same = 1;
    VSTR   *d;

    if (f->x_mss_codecda == 0) {
	if (f->cda_count > 0
	    && (d = docrules_hit(cfg, f, rep, DOCRULES_CODECDA, NOIDX)) != 0) {
	    vstr_cat(d, "en-tete absent alors que l'archive IHE_XDM contient "
		     "un document CDA");
	    for (i = 0; i < nexp; i++) {
		vstr_cat(d, i ? "," : ", code attendu: ");
		docrules_put_safe(d, f->cda_codes[i], 64);
	    }
	}
	return;
    }
    if (f->cda_count == 0) {
	/* An unreadable archive may hold the CDA: doc.xdm_* says so. */
	if (f->xdm_unsafe + f->xdm_invalid == 0
	    && (d = docrules_hit(cfg, f, rep, DOCRULES_CODECDA, NOIDX)) != 0)
	    vstr_cat(d, "en-tete present sans document CDA dans une archive "
		     "IHE_XDM");
	return;
    }
    /* Without codes in the metadata there is nothing to compare with. */
    if (nexp == 0)
	return;
    nhdr = doccat_split_codes(f->x_mss_codecda, &hdr);
    for (i = 0; i < nhdr && same; i++)
	same = docrules_in_set((char **) f->cda_codes, nexp, hdr[i]);
    for (i = 0; i < nexp && same; i++)
	same = docrules_in_set(hdr, nhdr, f->cda_codes[i]);
    if (!same && (d = docrules_hit(cfg, f, rep, DOCRULES_CODECDA, NOIDX)) != 0) {
	vstr_cat(d, "en-tete ");
	docrules_put_safe(d, f->x_mss_codecda, 128);
	vstr_cat(d, ", codes du CDA ");
	for (i = 0; i < nexp; i++) {
	    if (i)
		vstr_addch(d, ',');
	    docrules_put_safe(d, f->cda_codes[i], 64);
	}
    }
    doccat_free_codes(hdr, nhdr);
}

/* docrules_header_is - trimmed header value equals one letter */

static int docrules_header_is(const char *v, int letter)
{
    size_t  skip, len;

    if (v == 0)
	return (0);
    skip = strspn(v, " \t");
    len = strlen(v + skip);
    while (len > 0 && strchr(" \t\r\n", v[skip + len - 1]))
	len--;
    return (len == 1 && v[skip] == letter);
}

/* docrules_check_ins_header - doc.x_mss_ins */

static void docrules_check_ins_header(const DOCRULES_CONFIG *cfg,
				              const DOCRULES_FACTS *f,
				              DOCRULES_REPORT *rep)
{
    const char *v = f->x_mss_ins;
    VSTR   *d;

    if (v == 0) {
	if (f->cda_count > 0
	    && (d = docrules_hit(cfg, f, rep, DOCRULES_X_MSS_INS, NOIDX)) != 0)
	    vstr_cat(d, "en-tete absent avec un document CDA");
	return;
    }
    if (docrules_header_is(v, 'O') || docrules_header_is(v, 'N'))
	return;
    if ((d = docrules_hit(cfg, f, rep, DOCRULES_X_MSS_INS, NOIDX)) != 0) {
	vstr_cat(d, "valeur \"");
	docrules_put_safe(d, v, 32);
	vstr_cat(d, "\" au lieu de O ou N");
    }
}

/* docrules_check_unqualified - doc.ins_unqualified from X-MSS-INS: N */

static int docrules_check_unqualified(const DOCRULES_CONFIG *cfg,
				              const DOCRULES_FACTS *f,
				              DOCRULES_REPORT *rep)
{
    VSTR   *d;

    /*
     * Towards a patient only: between professionals N is a valid value.
     * The metadata side of the rule is in docrules_check_patient().
     */
    d = 0;
    if (f->rcpt_ins_count > 0 && docrules_header_is(f->x_mss_ins, 'N')
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_INS_UNQUALIFIED, 0)) != 0)
	vstr_cat(d, "en-tete X-MSS-INS: N, l'INS du patient n'est pas "
		 "qualifie");
    return (d != 0);
}

/* docrules_ins_like - 13 or 15 characters shaped like an INS */

int     docrules_ins_like(const char *id)
{
    size_t  len, i;

    if (id == 0 || ((len = strlen(id)) != 13 && len != 15))
	return (0);
    for (i = 0; i < len; i++) {
	if (id[i] >= '0' && id[i] <= '9')
	    continue;
	/* Corsica: 2A / 2B in the department field. */
	if (i == 6 && id[5] == '2' && strchr("AaBb", id[i]))
	    continue;
	return (0);
    }
    return (1);
}

/* docrules_ins_authority - an INS assigning authority OID? */

int     docrules_ins_authority(const char *oid)
{
    size_t  i;

    if (oid == 0)
	return (0);
    for (i = 0; i < sizeof(docrules_ins_oids) / sizeof(docrules_ins_oids[0]); i++)
	if (strcmp(oid, docrules_ins_oids[i]) == 0)
	    return (1);
    return (0);
}

/* docrules_same_patient - compare two INS-shaped ids */

int     docrules_same_patient(const char *id1, const char *id2)
{
    size_t  len1, len2;

    if (!docrules_ins_like(id1) || !docrules_ins_like(id2))
	return (0);
    len1 = strlen(id1);
    len2 = strlen(id2);
    /* A 13-character id lacks its key: compare the matricule only. */
    return (strncasecmp(id1, id2, len1 < len2 ? len1 : len2) == 0);
}

/* docrules_comparable - metadata id usable for the patient check */

static int docrules_comparable(const DOCRULES_PATIENT *p)
{
    if (p->id == 0 || !docrules_ins_like(p->id))
	return (0);
    return (p->authority == 0 || docrules_ins_authority(p->authority));
}

/* docrules_check_patient - doc.patient_mismatch, doc.patient_unverified */

static void docrules_check_patient(const DOCRULES_CONFIG *cfg,
				           const DOCRULES_FACTS *f,
				           DOCRULES_REPORT *rep, int unqualified)
{
    const DOCRULES_PATIENT *first = 0;
    size_t  i, j, distinct = 0, bad_rcpt = NOIDX, nrcpt = 0, other = NOIDX;
    DOCRULES_RULE unverified;
    VSTR   *d;

    for (i = 0; i < f->patient_count; i++) {
	if (!docrules_comparable(f->patients + i))
	    continue;
	if (first == 0)
	    first = f->patients + i;
	for (j = 0; j < i; j++)
	    if (docrules_comparable(f->patients + j)
		&& docrules_same_patient(f->patients[j].id, f->patients[i].id))
		break;
	if (j == i)
	    distinct++;
    }
    if (distinct > 1
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_PATIENT_MISMATCH, NOIDX)) != 0) {
	vstr_sprintf(d, "les metadonnees XDM citent %zu patients differents; "
		     "un seul patient par message", distinct);
	return;
    }
    if (f->rcpt_ins_count == 0 || f->documents == 0)
	return;

    /* Several patient mailboxes: each would see the others' documents. */
    for (i = 1; i < f->rcpt_ins_count; i++) {
	for (j = 0; j < i; j++)
	    if (docrules_same_patient(f->rcpt_ins[i], f->rcpt_ins[j])
		|| strcasecmp(f->rcpt_ins[i], f->rcpt_ins[j]) == 0)
		break;
	if (j == i && nrcpt++ == 0)
	    other = i;
    }
    if (nrcpt > 0
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_PATIENT_MISMATCH, other)) != 0) {
	vstr_sprintf(d, "documents adresses a %zu patients differents; un seul "
		     "patient par message", nrcpt + 1);
	return;
    }
    if (first == 0) {
	if (f->xdm_unsafe + f->xdm_invalid > 0 || unqualified)
	    return;
	/* One fact, one rule: doc.ins_unqualified, unless it is off. */
	unverified = docrules_config_action(cfg, DOCRULES_INS_UNQUALIFIED, 1)
	    == DOCRULES_OFF ? DOCRULES_PATIENT_UNVERIFIED : DOCRULES_INS_UNQUALIFIED;
	if (f->xdm_archives > 0 && f->patient_count == 0
	    && (d = docrules_hit(cfg, f, rep, unverified, 0)) != 0)
	    vstr_cat(d, "aucun identifiant patient dans les metadonnees XDM");
	else if (f->patient_count > 0
		 && (d = docrules_hit(cfg, f, rep, unverified, 0)) != 0)
	    vstr_cat(d, "l'identifiant patient des metadonnees XDM n'est pas "
		     "un INS");
	return;
    }
    for (i = 0; i < f->rcpt_ins_count && bad_rcpt == NOIDX; i++)
	if (!docrules_same_patient(first->id, f->rcpt_ins[i]))
	    bad_rcpt = i;
    if (bad_rcpt != NOIDX
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_PATIENT_MISMATCH,
			     bad_rcpt)) != 0)
	vstr_cat(d, "l'INS des metadonnees XDM differe de celui de l'adresse "
		 "du patient");
}

/* docrules_check - every rule, in table order */

void    docrules_check(const DOCRULES_CONFIG *cfg, const DOCRULES_FACTS *f,
		               DOCRULES_REPORT *rep)
{
    VSTR   *d;
    static const char prefix[] = "XDM/1.0/DDM+";

    docrules_check_codecda(cfg, f, rep);
    docrules_check_ins_header(cfg, f, rep);
    if ((f->sender_app || f->nil_required) && docrules_blank(f->x_mss_nil)
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_X_MSS_NIL, NOIDX)) != 0)
	vstr_cat(d, f->x_mss_nil ? "en-tete vide" : "en-tete absent");
    if (f->xdm_archives > 0
	&& (f->subject == 0 || strncmp(f->subject, prefix, sizeof(prefix) - 1) != 0
	    || docrules_blank(f->subject + sizeof(prefix) - 1))
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_SUBJECT_XDM, NOIDX)) != 0)
	vstr_cat(d, f->subject == 0 ? "objet absent" :
		 strncmp(f->subject, prefix, sizeof(prefix) - 1) != 0 ?
		 "objet sans le prefixe XDM/1.0/DDM+" :
		 "objet sans libelle apres XDM/1.0/DDM+");
    /* At most one hit per rule: the header wins over the metadata. */
    docrules_check_patient(cfg, f, rep, docrules_check_unqualified(cfg, f, rep));
    if (f->rcpt_ins_count > 0 && f->uncategorized > 0
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_CATEGORY_MISSING, 0)) != 0)
	vstr_sprintf(d, "%zu document(s) sur %zu sans categorie",
		     f->uncategorized, f->documents);
    if (f->unknown > 0
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_CATEGORY_UNKNOWN, NOIDX)) != 0) {
	vstr_cat(d, "code(s) ");
	docrules_put_safe(d, f->unknown_codes ? f->unknown_codes : "?", 200);
    }
    if (f->unknown_classes > 0
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_CLASS_UNKNOWN, NOIDX)) != 0) {
	vstr_cat(d, "classe(s) ");
	docrules_put_safe(d, f->unknown_class_codes ?
			  f->unknown_class_codes : "?", 200);
    }
    if (f->xdm_unsafe > 0
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_XDM_UNSAFE, NOIDX)) != 0)
	docrules_put_safe(d, f->xdm_unsafe_error ? f->xdm_unsafe_error :
			  "limite depassee", 200);
    if (f->xdm_invalid > 0
	&& (d = docrules_hit(cfg, f, rep, DOCRULES_XDM_INVALID, NOIDX)) != 0)
	docrules_put_safe(d, f->xdm_invalid_error ? f->xdm_invalid_error :
			  "archive illisible", 200);
}
