/*++
/* NAME
/*	check_docs_msg 1
/* SUMMARY
/*	unit tests for docs_msg(3)
/* SYNOPSIS
/*	check_docs_msg
/* DESCRIPTION
/*	The daemon's documents glue without libmilter: whole messages
/*	fed the way libmilter hands them over (headers one by one, body
/*	in chunks) with archives built at run time: the verdict, its
/*	reply, the rule noted for the log, the tags (forged copies are
/*	ownhdr(3)'s: see check_ownhdr), monitor mode, a spool this host
/*	cannot write, Documents off, no table. The configuration checks
/*	are in check_docs_conf.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mymalloc.h"
#include "vstr.h"
#include "cfg.h"
#include "decide.h"
#include "docs_conf.h"
#include "docs_msg.h"
#include "docs_util.h"
#include "docs_conf_util.h"

 /*
  * A transaction: policy, facts, verdict, and the documents state.
  */
typedef struct TXN {
    DECIDE_POLICY pol;
    DECIDE_CONN conn;
    DECIDE_MSG msg;
    VERDICT v;
    DOCS_MSG *d;
    CFG    *cfg;
    DOCS_CONF *dc;
} TXN;

/* txn_start - MAIL FROM and RCPT TO */

static void txn_start(TXN *t, const char *conf_lines, const char *sender,
		              const char *const *rcpts)
{
    memset(t, 0, sizeof(*t));
    t->pol.patient_domain = "patient.mssante.fr";
    t->pol.lang = VERDICT_LANG_FR;
    t->pol.on_dir_error = VERDICT_TEMPFAIL;
    t->pol.on_internal_error = VERDICT_TEMPFAIL;
    decide_conn_init(&t->conn);
    decide_msg_init(&t->msg, &t->conn);
    decide_conn_set(&t->msg.sender, sender);
    verdict_init(&t->v);
    t->dc = docs_conf_util_conf(conf_lines, &t->cfg);
    t->d = docs_msg_create();
    docs_msg_begin(t->d, t->dc, sender);
    for (; rcpts && *rcpts; rcpts++)
	docs_msg_rcpt(t->d, t->pol.patient_domain, *rcpts);
}

/* txn_feed - a whole message: headers one by one, body in chunks */

static void txn_feed(TXN *t, const char *text, size_t chunk)
{
    const char *cp = text, *eol, *colon, *body;
    VSTR   *name = vstr_alloc(32), *value = vstr_alloc(100);
    size_t  len, n;

    while (*cp && *cp != '\n' && strncmp(cp, "\r\n", 2) != 0) {
	colon = strchr(cp, ':');
	ck_assert_ptr_nonnull(colon);
	vstr_ncat(vstr_reset(name), cp, (size_t) (colon - cp));
	vstr_reset(value);
	for (cp = colon + 1; *cp == ' '; cp++)
	     /* void */ ;
	for (;;) {
	    eol = strchr(cp, '\n');
	    vstr_ncat(value, cp, (size_t) (eol - cp));
	    cp = eol + 1;
	    if (*cp != ' ' && *cp != '\t')
		break;
	    vstr_addch(value, '\n');
	}
	if (vstr_len(value) && vstr_str(value)[vstr_len(value) - 1] == '\r')
	    vstr_truncate(value, vstr_len(value) - 1);
	docs_msg_header(t->d, vstr_str(name), vstr_str(value));
    }
    body = cp + (*cp == '\r' ? 2 : 1);
    for (len = strlen(body); len > 0; body += n, len -= n) {
	n = len < chunk ? len : chunk;
	(void) docs_msg_body(t->d, body, n);
    }
    vstr_free(name);
    vstr_free(value);
}

/* txn_msg - a message with an IHE_XDM.zip (or none) */

static char *txn_msg(const char *headers, const char *zip, size_t zlen)
{
    VSTR   *m = vstr_alloc(4096);

    vstr_sprintf(m, "%sMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
		 "boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
		 "Compte rendu joint.\r\n", headers);
    if (zip) {
	vstr_cat(m, "--b\r\nContent-Type: application/zip; name=\"IHE_XDM.zip\"\r\n"
		 "Content-Disposition: attachment; filename=\"IHE_XDM.zip\"\r\n"
		 "Content-Transfer-Encoding: base64\r\n\r\n");
	docs_util_base64(zip, zlen, m);
    }
    vstr_cat(m, "--b--\r\n");
    return (vstr_export(m));
}

/* txn_run - feed the standard archive with headers, end of message */

static VERDICT_ACTION txn_run(TXN *t, const char *headers)
{
    size_t  zlen;
    char   *zip = docs_util_xdm_zip(&zlen);
    char   *msg = txn_msg(headers, zip, zlen);
    VERDICT_ACTION act;

    txn_feed(t, msg, 65535);
    act = docs_msg_eom(t->d, &t->pol, &t->msg, (DIR_CLIENT *) 0, &t->v);
    myfree(zip);
    myfree(msg);
    return (act);
}

/* txn_end - free everything */

static void txn_end(TXN *t)
{
    docs_msg_free(t->d);
    docs_conf_free(t->dc);
    cfg_free(t->cfg);
    verdict_free(&t->v);
    decide_msg_free(&t->msg);
    decide_conn_free(&t->conn);
}

/* tag - the nth added header of a name, or NULL */

static const char *tag(const DOCS_MSG *d, const char *want, size_t nth)
{
    const char *name, *value;
    size_t  i;

    for (i = 0; (value = docs_msg_tag(d, i, &name)) != 0; i++)
	if (strcmp(name, want) == 0 && nth-- == 0)
	    return (value);
    return (0);
}

/* noted - is a rule in the log line's list? */

static int noted(const DECIDE_MSG *msg, const char *rule)
{
    int     i;

    for (i = 0; i < msg->rule_count; i++)
	if (strcmp(msg->rules[i], rule) == 0)
	    return (1);
    return (0);
}

#define OK_HEADERS(from, to) \
    "From: <" from ">\r\nTo: <" to ">\r\n" \
    "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean\r\n" \
    "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: O\r\nX-MSS-NIL: DPI 1.0\r\n"

static const char *const to_patient[] = {"<" INS_A "@patient.mssante.fr>", 0};
static const char *const to_other[] = {"<" INS_B "@patient.mssante.fr>", 0};
static const char *const to_pro[] = {"<" PRO ">", 0};

START_TEST(test_conformant)
{
    TXN     t;
    const char **ids;

    txn_start(&t, "AppMailboxes " APP "\nAppStrict yes\n", "<" APP ">", to_patient);
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(APP, INS_A "@patient.mssante.fr")
		     "X-MSSante-Category: code=FORGED\r\n"
		     "X-MSSante-Category: code=FORGED2\r\n"
		     "x-mssante-document-rule: rule=x\r\n"), VERDICT_CONTINUE);
    ck_assert_int_eq(t.v.action, VERDICT_CONTINUE);
    ck_assert_int_eq(t.msg.rule_count, 0);
    ck_assert_int_eq(t.msg.result[DECIDE_CHK_DOC], DECIDE_RES_PASS);
    ck_assert_uint_eq(docs_msg_tag_count(t.d), 1);
    ck_assert_str_eq(tag(t.d, DOCCAT_HEADER, 0),
		     "code=11488-4; system=2.16.840.1.113883.6.1; display=\"CR ou "
		     "fiche de consultation ou de visite\"; class=10; source=header");
    ck_assert_uint_eq(docs_msg_patient_ids(t.d, &ids), 1);
    ck_assert_str_eq(ids[0], INS_A);
    ck_assert_uint_eq(docs_msg_categories(t.d)->count, 1);
    /* A new transaction forgets the old one. */
    docs_msg_begin(t.d, t.dc, "<" PRO ">");
    ck_assert_uint_eq(docs_msg_tag_count(t.d), 0);
    ck_assert_ptr_null(docs_msg_categories(t.d));
    txn_end(&t);
}
END_TEST

START_TEST(test_codecda_warn_and_strict)
{
    TXN     t;

    /*
     * AppStrict and no directory client: the sender's type is unknown, a
     * directory error (On-DirectoryError: 451), never "not an APP".
     */
    txn_start(&t, "AppMailboxes " APP "\nAppStrict yes\n", "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\nSubject: XDM/1.0/DDM+CR X\r\n"
			     "X-MSS-CODECDA: 11502-2\r\nX-MSS-INS: O\r\n"),
		     VERDICT_TEMPFAIL);
    ck_assert_str_eq(t.v.rule, "dir.error");
    ck_assert_str_eq(t.v.rcode, "451");
    txn_end(&t);

    /* A person (no lookup needed without AppStrict): warned, delivered, tagged. */
    txn_start(&t, "AppMailboxes " APP "\n", "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\nSubject: XDM/1.0/DDM+CR X\r\n"
			     "X-MSS-CODECDA: 11502-2\r\nX-MSS-INS: O\r\n"),
		     VERDICT_CONTINUE);
    ck_assert(noted(&t.msg, "doc.codecda"));
    ck_assert_int_eq(t.msg.result[DECIDE_CHK_DOC], DECIDE_RES_FAIL);
    ck_assert_str_eq(tag(t.d, DOCS_MSG_RULE_HEADER, 0),
		     "rule=doc.codecda; action=warn; detail=\"en-tete 11502-2, "
		     "codes du CDA 11488-4\"");
    txn_end(&t);

    /* The same from an APP mailbox, AppStrict: rejected, reply exact. */
    txn_start(&t, "AppMailboxes " APP "\nAppStrict yes\n", "<" APP ">", to_pro);
    ck_assert_int_eq(txn_run(&t, "From: <" APP ">\r\nSubject: XDM/1.0/DDM+CR X\r\n"
			     "X-MSS-CODECDA: 11502-2\r\nX-MSS-INS: O\r\n"
			     "X-MSS-NIL: DPI 1.0\r\n"), VERDICT_REJECT);
    ck_assert_str_eq(t.v.rule, "doc.codecda");
    ck_assert_str_eq(t.v.rcode, "550");
    ck_assert_str_eq(t.v.xcode, "5.6.0");
    ck_assert_str_eq(vstr_str(t.v.text),
		     "Message de <" APP "> refuse: en-tete X-MSS-CODECDA non "
		     "conforme (en-tete 11502-2, codes du CDA 11488-4). Il doit "
		     "lister les codes des documents CDA de l'archive IHE_XDM; "
		     "corrigez le logiciel emetteur. [regle doc.codecda]");
    ck_assert_int_eq(t.msg.action, VERDICT_REJECT);
    ck_assert_ptr_null(tag(t.d, DOCS_MSG_RULE_HEADER, 0));
    txn_end(&t);

    /* DocumentRules off: not even noted. */
    txn_start(&t, "DocumentRules doc.codecda=off\n", "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\nSubject: XDM/1.0/DDM+CR X\r\n"
			     "X-MSS-CODECDA: 11502-2\r\nX-MSS-INS: O\r\n"),
		     VERDICT_CONTINUE);
    ck_assert(!noted(&t.msg, "doc.codecda"));
    ck_assert_int_eq(t.msg.result[DECIDE_CHK_DOC], DECIDE_RES_PASS);
    txn_end(&t);
}
END_TEST

START_TEST(test_patient_mismatch)
{
    TXN     t;

    txn_start(&t, "", "<" PRO ">", to_other);
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, INS_B "@patient.mssante.fr")),
		     VERDICT_REJECT);
    ck_assert_str_eq(t.v.rule, "doc.patient_mismatch");
    ck_assert_str_eq(t.v.rcode, "550");
    ck_assert_str_eq(t.v.xcode, "5.7.1");
    ck_assert_ptr_nonnull(strstr(vstr_str(t.v.text), "que le destinataire "
				 INS_B "@patient.mssante.fr ("));
    ck_assert_ptr_null(strstr(vstr_str(t.v.text), INS_A));
    txn_end(&t);

    /* Monitor mode: delivered, the tag and the policy say what it would do. */
    txn_start(&t, "", "<" PRO ">", to_other);
    t.pol.monitor = 1;
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, INS_B "@patient.mssante.fr")),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(t.msg.would, VERDICT_REJECT);
    ck_assert_ptr_nonnull(tag(t.d, DOCS_MSG_RULE_HEADER, 0));
    ck_assert_int_eq(strncmp(tag(t.d, DOCS_MSG_RULE_HEADER, 0),
			     "rule=doc.patient_mismatch; action=would-reject; ", 48), 0);
    txn_end(&t);
}
END_TEST

/* big_run - a message of about 300 KB to the recipients */

static VERDICT_ACTION big_run(TXN *t)
{
    VSTR   *m = vstr_alloc(400000);
    VERDICT_ACTION act;
    size_t  i;

    vstr_cat(m, "From: <" PRO ">\r\nSubject: gros\r\n\r\n");
    for (i = 0; i < 5000; i++)
	vstr_cat(m, "0123456789012345678901234567890123456789012345678901234567890\r\n");
    txn_feed(t, vstr_str(m), 65535);
    act = docs_msg_eom(t->d, &t->pol, &t->msg, (DIR_CLIENT *) 0, &t->v);
    vstr_free(m);
    return (act);
}

START_TEST(test_unanalysed)
{
    TXN     t;

    txn_start(&t, "DocumentMaxSize 100k\n", "<" PRO ">", to_pro);
    ck_assert_int_eq(big_run(&t), VERDICT_CONTINUE);
    ck_assert(noted(&t.msg, "doc.unanalysed"));
    ck_assert_str_eq(tag(t.d, DOCS_MSG_RULE_HEADER, 0),
		     "rule=doc.unanalysed; action=warn; detail=\"message de plus "
		     "de 102400 octets\"");
    ck_assert_ptr_null(tag(t.d, DOCCAT_HEADER, 0));
    txn_end(&t);

    txn_start(&t, "DocumentMaxSize 100k\n", "<" PRO ">", to_patient);
    ck_assert_int_eq(big_run(&t), VERDICT_REJECT);
    ck_assert_str_eq(t.v.rcode, "552");
    ck_assert_str_eq(t.v.xcode, "5.3.4");
    ck_assert_ptr_nonnull(strstr(vstr_str(t.v.text), "Message pour " INS_A
				 "@patient.mssante.fr refuse: trop volumineux"));
    txn_end(&t);

    txn_start(&t, "DocumentMaxSize 100k\nDocumentRules doc.unanalysed=tempfail\n",
	      "<" PRO ">", to_pro);
    ck_assert_int_eq(big_run(&t), VERDICT_TEMPFAIL);
    ck_assert_str_eq(t.v.rcode, "451");
    ck_assert_str_eq(t.v.xcode, "4.3.4");
    txn_end(&t);
}
END_TEST

START_TEST(test_local_error)
{
    TXN     t;
    VSTR   *lines = vstr_alloc(100);

    /* The spool directory is gone: our failure, not the sender's. */
    vstr_sprintf(lines, "DocumentSpool %s/gone\n", docs_conf_util_dir());
    txn_start(&t, vstr_str(lines), "<" PRO ">", to_pro);
    ck_assert_int_eq(big_run(&t), VERDICT_TEMPFAIL);
    ck_assert_str_eq(t.v.rule, "internal.error");
    ck_assert_str_eq(t.v.rcode, "451");
    txn_end(&t);

    /* A small message stays in memory, its archive cannot be decoded. */
    txn_start(&t, vstr_str(lines), "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, PRO)), VERDICT_TEMPFAIL);
    ck_assert_str_eq(t.v.rule, "internal.error");
    ck_assert_ptr_nonnull(strstr(vstr_str(t.v.text), "espace de travail des documents"));
    ck_assert(!noted(&t.msg, "doc.xdm_invalid"));
    txn_end(&t);

    /* On-InternalError accept: delivered, untagged, the rule logged. */
    txn_start(&t, vstr_str(lines), "<" PRO ">", to_pro);
    t.pol.on_internal_error = VERDICT_CONTINUE;
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, PRO)), VERDICT_CONTINUE);
    ck_assert(noted(&t.msg, "internal.error"));
    txn_end(&t);
    vstr_free(lines);
}
END_TEST

START_TEST(test_documents_off)
{
    TXN     t;

    txn_start(&t, "Documents no\n", "<" PRO ">", to_other);
    ck_assert_int_eq(docs_msg_body(t.d, "x", 1), 0);
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, INS_B "@patient.mssante.fr")
			     "X-MSSante-Category: code=FORGED\r\n"),
		     VERDICT_CONTINUE);
    ck_assert_uint_eq(docs_msg_tag_count(t.d), 0);
    ck_assert_int_eq(t.msg.result[DECIDE_CHK_DOC], DECIDE_RES_NONE);
    txn_end(&t);
}
END_TEST

/* test_ins_unqualified - X-MSS-INS: N to a patient is refused */

START_TEST(test_ins_unqualified)
{
    TXN     t;

    txn_start(&t, "", "<" PRO ">", to_patient);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\nTo: <" INS_A
			     "@patient.mssante.fr>\r\n"
			     "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean\r\n"
			     "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS:  N \r\n"),
		     VERDICT_REJECT);
    ck_assert_str_eq(t.v.rule, "doc.ins_unqualified");
    ck_assert_str_eq(t.v.rcode, "550");
    ck_assert_str_eq(t.v.xcode, "5.7.1");
    ck_assert_str_eq(vstr_str(t.v.text),
		     "Message refuse: l'identite du patient " INS_A
		     "@patient.mssante.fr n'est pas qualifiee (en-tete X-MSS-INS: "
		     "N, l'INS du patient n'est pas qualifie); un document ne peut "
		     "pas etre envoye a un patient sans INS qualifie. Qualifiez "
		     "l'identite avec le teleservice INSi, puis renvoyez le "
		     "document avec X-MSS-INS: O et l'INS dans les metadonnees XDM. "
		     "[regle doc.ins_unqualified]");
    txn_end(&t);

    /* The same message between professionals: N is a valid value. */
    txn_start(&t, "", "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\nTo: <" PRO ">\r\n"
			     "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean\r\n"
			     "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: N\r\n"),
		     VERDICT_CONTINUE);
    ck_assert(!noted(&t.msg, "doc.ins_unqualified"));
    txn_end(&t);

    /* Configurable: warned and delivered with its tag. */
    txn_start(&t, "PatientDocumentRules doc.ins_unqualified=warn\n",
	      "<" PRO ">", to_patient);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\n"
			     "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean\r\n"
			     "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: N\r\n"),
		     VERDICT_CONTINUE);
    ck_assert_int_eq(strncmp(tag(t.d, DOCS_MSG_RULE_HEADER, 0),
			     "rule=doc.ins_unqualified; action=warn; ", 39), 0);
    txn_end(&t);
}
END_TEST

/* test_nil_required - NilRequired holds a person's sender to X-MSS-NIL */

START_TEST(test_nil_required)
{
    TXN     t;

    txn_start(&t, "NilRequired @medecin.mssante.fr\n", "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\nTo: <" PRO ">\r\n"
			     "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean\r\n"
			     "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: O\r\n"),
		     VERDICT_CONTINUE);
    /* Warned (the default action), tagged. */
    ck_assert(noted(&t.msg, "doc.x_mss_nil"));
    ck_assert_int_eq(strncmp(tag(t.d, DOCS_MSG_RULE_HEADER, 0),
			     "rule=doc.x_mss_nil; action=warn; detail=\"en-tete "
			     "absent\"", 51), 0);
    txn_end(&t);

    /* Refused when the site says so: the reply fits a person's sender. */
    txn_start(&t, "NilRequired @medecin.mssante.fr\n"
	      "DocumentRules doc.x_mss_nil=reject\n", "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, "From: <" PRO ">\r\nTo: <" PRO ">\r\n"
			     "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean\r\n"
			     "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: O\r\n"),
		     VERDICT_REJECT);
    ck_assert_str_eq(t.v.rule, "doc.x_mss_nil");
    ck_assert_str_eq(vstr_str(t.v.text),
		     "Message de <" PRO "> refuse: X-MSS-NIL (en-tete absent). Le "
		     "logiciel expediteur doit indiquer sa reference dans "
		     "l'en-tete X-MSS-NIL, exige d'une boite applicative et des "
		     "expediteurs que la messagerie designe; corrigez le "
		     "logiciel emetteur. [regle doc.x_mss_nil]");
    txn_end(&t);

    /* Another domain is not listed. */
    txn_start(&t, "NilRequired @app.mssante.fr, dpi@ch-exemple.mssante.fr\n",
	      "<" PRO ">", to_pro);
    (void) txn_run(&t, "From: <" PRO ">\r\nTo: <" PRO ">\r\n"
		   "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean\r\n"
		   "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: O\r\n");
    ck_assert(!noted(&t.msg, "doc.x_mss_nil"));
    txn_end(&t);
}
END_TEST

/* test_class_table - TRE_A03: labels, unknown classes, reload */

START_TEST(test_class_table)
{
    TXN     t;
    VSTR   *path = vstr_alloc(100), *lines = vstr_alloc(200);
    VSTR   *err = vstr_alloc(100), *real = vstr_alloc(100);
    CFG    *cfg;
    DOCS_CONF *dc;

    /* The installed table: class 10 is "Compte rendu". */
    vstr_sprintf(lines, "ClassTable %s\n",
		 docs_conf_util_path("milter/docs/data/tre-a03-classcode.tsv",
				     path));
    txn_start(&t, vstr_str(lines), "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, PRO)), VERDICT_CONTINUE);
    ck_assert_str_eq(tag(t.d, DOCCAT_HEADER, 0),
		     "code=11488-4; system=2.16.840.1.113883.6.1; display=\"CR ou "
		     "fiche de consultation ou de visite\"; class=10; "
		     "class_display=\"Compte rendu\"; source=header");
    ck_assert(!noted(&t.msg, "doc.class_unknown"));
    txn_end(&t);

    /* A table without class 10: doc.class_unknown, warn by default. */
    docs_conf_util_file("a03.tsv", "11\tSynthese\n", path);
    vstr_sprintf(lines, "ClassTable %s\n", vstr_str(path));
    txn_start(&t, vstr_str(lines), "<" PRO ">", to_pro);
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, PRO)), VERDICT_CONTINUE);
    ck_assert(noted(&t.msg, "doc.class_unknown"));
    ck_assert_str_eq(tag(t.d, DOCS_MSG_RULE_HEADER, 0),
		     "rule=doc.class_unknown; action=warn; detail=\"classe(s) 10\"");
    dc = t.dc;
    t.dc = 0;

    /* A broken table: -n refuses it, a reload keeps the previous one. */
    docs_conf_util_file("a03.tsv", "11\tSynthese\nno tab here\n", path);
    cfg = docs_conf_util_cfg(vstr_str(lines));
    ck_assert_int_eq(docs_conf_check_files(cfg, err), -1);
    vstr_sprintf(real, "t.conf:1: ClassTable: %s, line 2: fields", vstr_str(path));
    ck_assert_str_eq(vstr_str(err), vstr_str(real));
    t.dc = docs_conf_create(cfg, dc);
    ck_assert_ptr_eq(t.dc->classes, dc->classes);
    docs_conf_free(dc);
    ck_assert_ptr_nonnull(category_lookup_code(t.dc->classes, "11", (int *) 0));
    cfg_free(cfg);
    txn_end(&t);
    vstr_free(path);
    vstr_free(lines);
    vstr_free(err);
    vstr_free(real);
}
END_TEST

START_TEST(test_no_table)
{
    TXN     t;
    VSTR   *lines = vstr_alloc(100);

    /* Codes without a table: tagged, not judged. */
    memset(&t, 0, sizeof(t));
    vstr_sprintf(lines, "CategoryTable %s/none.tsv\n", docs_conf_util_dir());
    t.pol.patient_domain = "patient.mssante.fr";
    decide_conn_init(&t.conn);
    decide_msg_init(&t.msg, &t.conn);
    verdict_init(&t.v);
    t.cfg = docs_conf_util_cfg(vstr_str(lines));
    t.dc = docs_conf_create(t.cfg, (DOCS_CONF *) 0);
    t.d = docs_msg_create();
    docs_msg_begin(t.d, t.dc, "<" PRO ">");
    ck_assert_int_eq(txn_run(&t, OK_HEADERS(PRO, PRO)), VERDICT_CONTINUE);
    ck_assert_str_eq(tag(t.d, DOCCAT_HEADER, 0),
		     "code=11488-4; system=2.16.840.1.113883.6.1; class=10; source=header");
    ck_assert(!noted(&t.msg, "doc.category_unknown"));
    txn_end(&t);
    vstr_free(lines);
}
END_TEST

START_TEST(test_zip_bomb)
{
    TXN     t;
    size_t  mlen, zlen;
    char   *meta = docs_util_file("metadata-pdf.xml", &mlen);
    DOCS_UTIL_ENTRY e[2] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", 0, 0},
	{"IHE_XDM/SUBSET01/BIO0001.PDF", 0, 2000000},
    };
    char   *zip, *msg;

    e[0].data = meta;
    e[0].len = mlen;
    zip = docs_util_zip(e, 2, &zlen, 0);
    msg = txn_msg("From: <" PRO ">\r\nSubject: XDM/1.0/DDM+CR X\r\n", zip, zlen);
    txn_start(&t, "", "<" PRO ">", to_pro);
    txn_feed(&t, msg, 1000);
    ck_assert_int_eq(docs_msg_eom(t.d, &t.pol, &t.msg, (DIR_CLIENT *) 0, &t.v),
		     VERDICT_REJECT);
    ck_assert_str_eq(t.v.rule, "doc.xdm_unsafe");
    ck_assert_str_eq(t.v.rcode, "552");
    txn_end(&t);
    myfree(meta);
    myfree(zip);
    myfree(msg);
}
END_TEST

START_TEST(test_not_begun)
{
    DOCS_MSG *d = docs_msg_create();
    DECIDE_POLICY pol;
    DECIDE_CONN conn;
    DECIDE_MSG msg;
    VERDICT v;

    /* Calls outside a transaction do nothing and do not crash. */
    memset(&pol, 0, sizeof(pol));
    decide_conn_init(&conn);
    decide_msg_init(&msg, &conn);
    verdict_init(&v);
    docs_msg_rcpt(d, "patient.mssante.fr", "<" INS_A "@patient.mssante.fr>");
    docs_msg_header(d, "Subject", "x");
    ck_assert_int_eq(docs_msg_body(d, "x", 1), 0);
    ck_assert_int_eq(docs_msg_eom(d, &pol, &msg, (DIR_CLIENT *) 0, &v), VERDICT_CONTINUE);
    ck_assert_ptr_null(docs_msg_tag(d, 0, (const char **) 0));
    docs_msg_end(d);
    docs_msg_free(d);
    docs_msg_free((DOCS_MSG *) 0);
    docs_conf_free((DOCS_CONF *) 0);
    verdict_free(&v);
    decide_msg_free(&msg);
    decide_conn_free(&conn);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("docs_msg");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    mime_init();
    xdm_init();
    tcase_add_checked_fixture(tc, docs_conf_util_setup,
			      docs_conf_util_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_conformant);
    tcase_add_test(tc, test_codecda_warn_and_strict);
    tcase_add_test(tc, test_patient_mismatch);
    tcase_add_test(tc, test_unanalysed);
    tcase_add_test(tc, test_local_error);
    tcase_add_test(tc, test_documents_off);
    tcase_add_test(tc, test_no_table);
    tcase_add_test(tc, test_ins_unqualified);
    tcase_add_test(tc, test_nil_required);
    tcase_add_test(tc, test_class_table);
    tcase_add_test(tc, test_zip_bomb);
    tcase_add_test(tc, test_not_begun);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
