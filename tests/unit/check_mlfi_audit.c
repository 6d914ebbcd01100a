/*++
/* NAME
/*	check_mlfi_audit 1
/* SUMMARY
/*	unit tests of mlfi_audit(3), the daemon's audit trail hooks
/* SYNOPSIS
/*	check_mlfi_audit
/* DESCRIPTION
/*	The checks of the Audit* keys (-n), and the hooks driven as the
/*	libmilter callbacks drive them, without libmilter: each test
/*	opens a trail in its own temporary directory, plays one or more
/*	transactions, closes the trail and reads the records back: the
/*	facts of an accepted message, a refusal at MAIL FROM, a
/*	transaction aborted or closed early, the class of the Subject,
/*	the hooks of the other features, the tempfail (or not, with
/*	On-AuditError accept) of a message whose record cannot be
/*	written (RLIMIT_FSIZE), reopening after a rotation, and hooks
/*	called after the trail was closed.
/*--*/

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>

#include "vstr.h"
#include "cfg.h"
#include "live.h"
#include "mlfi_audit.h"

#define KEY_HEX "6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839"
#define PATIENT "253072A07300443@patient.mssante.fr"
#define PRO	"jean.exemple@medecin.mssante.fr"

static char dir[64];
static char path[128];
static char keyfile[128];
static VSTR *err;
static CFG *cfg;
static LIVE live;
static DECIDE_CONN conn;
static DECIDE_MSG msg;
static VERDICT v;

/* write_key - a key file with a mode */

static void write_key(const char *file, int mode)
{
    FILE   *fp = fopen(file, "w");

    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "%s\n", KEY_HEX);
    fclose(fp);
    ck_assert_int_eq(chmod(file, mode), 0);
}

/* setup - a temporary directory with a key file */

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/check_mlfi_audit.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/audit.log", dir);
    snprintf(keyfile, sizeof(keyfile), "%s/audit.key", dir);
    write_key(keyfile, 0600);
    err = vstr_alloc(10);
    cfg = 0;
    verdict_init(&v);
    decide_conn_init(&conn);
    decide_msg_init(&msg, &conn);
}

/* teardown - close the trail, remove the directory */

static void teardown(void)
{
    struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
    char    cmd[200];

    mlfi_audit_stop();
    (void) setrlimit(RLIMIT_FSIZE, &rl);
    decide_msg_free(&msg);
    decide_conn_free(&conn);
    verdict_free(&v);
    cfg_free(cfg);
    vstr_free(err);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* load - a configuration: the audit keys of the directory, then extra */

static CFG *load(const char *extra)
{
    VSTR   *text = vstr_alloc(200);
    CFG    *c;

    vstr_sprintf(text, "AuditLog %s\nAuditKeyFile %s\nAuditSync none\n"
		 "Hostname mx-unit\n%s", path, keyfile, extra);
    c = cfg_parse_string("test.conf", vstr_str(text), err);
    ck_assert_msg(c != 0, "cfg: %s", vstr_str(err));
    vstr_free(text);
    return (c);
}

/* start - open the trail with cfg, and the LIVE the hooks read */

static void start(const char *extra)
{
    cfg = load(extra);
    ck_assert_msg(mlfi_audit_start(cfg, (uid_t) -1, err) == 0, "start: %s",
		  vstr_str(err));
    memset(&live, 0, sizeof(live));
    live.cfg = cfg;
    live.pol.monitor = cfg->mode == CFG_MODE_MONITOR;
    live.pol.lang = VERDICT_LANG_FR;
}

/* records - the records of a file, as a JSON array */

static json_t *records(const char *file)
{
    json_t *all = json_array();
    FILE   *fp = fopen(file, "r");
    char   *buf = 0;
    size_t  cap = 0;
    ssize_t n;
    json_t *rec;

    ck_assert_msg(fp != 0, "open %s: %s", file, strerror(errno));
    while ((n = getline(&buf, &cap, fp)) > 0) {
	ck_assert_int_eq(buf[n - 1], '\n');
	ck_assert_ptr_nonnull(rec = json_loads(buf, 0, 0));
	json_array_append_new(all, rec);
    }
    free(buf);
    fclose(fp);
    return (all);
}

/* txn - the index-th transaction record of the trail (after closing it) */

static json_t *txn(json_t *all, int index)
{
    size_t  i;
    json_t *rec;

    json_array_foreach(all, i, rec) {
	if (strcmp(json_string_value(json_object_get(rec, "type")), "txn") == 0
	    && index-- == 0)
	    return (rec);
    }
    ck_abort_msg("no transaction record %d", index);
    return (0);
}

/* count_txn - transaction records */

static int count_txn(json_t *all)
{
    size_t  i;
    json_t *rec;
    int     n = 0;

    json_array_foreach(all, i, rec)
	n += strcmp(json_string_value(json_object_get(rec, "type")), "txn") == 0;
    return (n);
}

/* str - a string member, "" for null */

static const char *str(json_t *obj, const char *name)
{
    json_t *js = json_object_get(obj, name);

    ck_assert_msg(js != 0, "no member %s", name);
    return (json_is_string(js) ? json_string_value(js) : "");
}

/* mail - begin a transaction from sender, logged in as login (or NULL) */

static void mail_auth(MLFI_AUDIT *ma, const char *sender, const char *login)
{
    decide_msg_free(&msg);
    decide_msg_init(&msg, &conn);
    decide_conn_set(&msg.sender, sender);
    decide_conn_set(&msg.auth_authen, login);
    msg.dir = DECIDE_DIR_OUTBOUND;
    verdict_reset(&v);
    mlfi_audit_mail(ma, &live, &msg, sender, VERDICT_CONTINUE, &v);
}

/* mail - begin a transaction from sender */

static void mail(MLFI_AUDIT *ma, const char *sender)
{
    mail_auth(ma, sender, 0);
}

/* file_has - does the file contain text? */

static int file_has(const char *file, const char *text)
{
    VSTR   *all = vstr_alloc(1000);
    FILE   *fp = fopen(file, "r");
    char    buf[4096];
    size_t  n;
    int     found;

    ck_assert_ptr_nonnull(fp);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
	vstr_ncat(all, buf, n);
    fclose(fp);
    found = strstr(vstr_str(all), text) != 0;
    vstr_free(all);
    return (found);
}

START_TEST(test_check_off)
{
    MLFI_AUDIT *ma;

    cfg = cfg_parse_string("test.conf", "", err);
    ck_assert_ptr_nonnull(cfg);
    ck_assert_int_eq(mlfi_audit_check(cfg, err), 0);
    ck_assert_int_eq(mlfi_audit_start(cfg, (uid_t) -1, err), 0);
    /* No trail: no state, and every hook accepts NULL. */
    ck_assert_ptr_null(ma = mlfi_audit_connect(0, "192.0.2.1", "mx"));
    ck_assert_int_eq(mlfi_audit_body(ma), 0);
    mlfi_audit_helo(ma, "h", &conn, 0, 0);
    mlfi_audit_mail(ma, &live, &msg, "<a@b>", VERDICT_CONTINUE, &v);
    mlfi_audit_rcpt(ma, &msg, "<c@d>", &v);
    mlfi_audit_header(ma, "Subject", "[FIN]");
    mlfi_audit_document(ma, "11488-4", "10");
    mlfi_audit_patient(ma, "253072A07300443");
    mlfi_audit_event(ma, "conversation.close", PATIENT, "x");
    live.cfg = cfg;
    mlfi_audit_eom(ma, &live, &msg, &v);
    mlfi_audit_end(ma, &msg, AUDIT_END_CLOSE);
    mlfi_audit_reopen();
    mlfi_audit_free(ma);
    ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(test_check_errors)
{
    VSTR   *text = vstr_alloc(100);
    CFG    *c;

    /* A bad AuditSync, a checkpoint below the second. */
    c = cfg_parse_string("test.conf", "AuditLog /tmp/x.log\nAuditKeyFile /tmp/k\n"
			 "AuditSync sometimes\n", err);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(mlfi_audit_check(c, err), -1);
    ck_assert_str_eq(vstr_str(err), "test.conf:3: AuditSync: expected every, "
		     "interval, none, or an interval from 10ms to 1h such as "
		     "200ms or 5s");
    cfg_free(c);
    c = cfg_parse_string("test.conf", "AuditCheckpoint 1500ms\n", err);
    ck_assert_int_eq(mlfi_audit_check(c, err), -1);
    ck_assert_str_eq(vstr_str(err), "test.conf:1: AuditCheckpoint: expected 0 "
		     "or a whole number of seconds");
    cfg_free(c);

    /* AuditLog without a key. */
    vstr_sprintf(text, "AuditLog %s\n", path);
    c = cfg_parse_string("test.conf", vstr_str(text), err);
    ck_assert_int_eq(mlfi_audit_check(c, err), -1);
    ck_assert_str_eq(vstr_str(err), "test.conf:1: AuditLog: needs AuditKeyFile (the site key)");
    cfg_free(c);

    /* A directory that does not exist; a file in place of the directory. */
    vstr_sprintf(text, "AuditLog %s/nodir/audit.log\nAuditKeyFile %s\n", dir, keyfile);
    c = cfg_parse_string("test.conf", vstr_str(text), err);
    ck_assert_int_eq(mlfi_audit_check(c, err), -1);
    ck_assert_ptr_nonnull(strstr(vstr_str(err), "test.conf:1: AuditLog: directory "));
    ck_assert_ptr_nonnull(strstr(vstr_str(err), "No such file or directory"));
    cfg_free(c);
    vstr_sprintf(text, "AuditLog %s/audit.key/audit.log\nAuditKeyFile %s\n", dir, keyfile);
    c = cfg_parse_string("test.conf", vstr_str(text), err);
    ck_assert_int_eq(mlfi_audit_check(c, err), -1);
    ck_assert_ptr_nonnull(strstr(vstr_str(err), "is not a directory"));
    cfg_free(c);

    /* A key others can read; no key file. */
    ck_assert_int_eq(chmod(keyfile, 0644), 0);
    c = load("");
    ck_assert_int_eq(mlfi_audit_check(c, err), -1);
    ck_assert_ptr_nonnull(strstr(vstr_str(err), "test.conf:2: AuditKeyFile: "));
    ck_assert_int_eq(mlfi_audit_start(c, (uid_t) -1, err), -1);
    ck_assert_int_eq(access(path, F_OK), -1);
    cfg_free(c);
    ck_assert_int_eq(unlink(keyfile), 0);
    c = load("");
    ck_assert_int_eq(mlfi_audit_check(c, err), -1);
    ck_assert_ptr_nonnull(strstr(vstr_str(err), "test.conf:2: AuditKeyFile: "));
    cfg_free(c);

    /* Good. */
    write_key(keyfile, 0640);
    c = load("AuditCheckpoint 0\nOn-AuditError accept\n");
    ck_assert_msg(mlfi_audit_check(c, err) == 0, "%s", vstr_str(err));
    cfg_free(c);
    vstr_free(text);
}
END_TEST

START_TEST(test_accepted_message)
{
    MLFI_AUDIT *ma;
    json_t *all, *rec, *r, *tls;
    RULE_VARS vars = {PATIENT, "patient.mssante.fr", "la cle"};

    start("");
    ck_assert_ptr_nonnull(ma = mlfi_audit_connect(0, "192.0.2.7", "mx.example"));
    ck_assert_int_eq(mlfi_audit_body(ma), 1);
    decide_conn_set(&conn.tls_version, "TLSv1.3");
    decide_conn_set(&conn.cert_subject, "mx1.operateur-a.example");
    decide_conn_set(&conn.cert_issuer, "TEST AC IGC-SANTE");
    mlfi_audit_helo(ma, "client.example", &conn, "TLS_AES_256_GCM_SHA384", 0);
    mail_auth(ma, "<" PRO ">", "jean");
    mlfi_audit_rcpt(ma, &msg, "<cardiologie@ch-exemple.mssante.fr>", &v);
    verdict_set(&v, VERDICT_REJECT, "ins.key", &vars, VERDICT_LANG_FR);
    decide_conn_set(&msg.queue_id, "4VqXYZ");
    mlfi_audit_rcpt(ma, &msg, "<" PATIENT ">", &v);
    mlfi_audit_header(ma, "Subject", "=?UTF-8?B?W0ZJTl0=?=");
    mlfi_audit_header(ma, "Message-ID", " <253072A07300443.1@mua.example> ");
    mlfi_audit_header(ma, "Message-ID", "<second@mua.example>");
    mlfi_audit_document(ma, "11488-4", "10");
    mlfi_audit_patient(ma, "253072A07300443");
    mlfi_audit_event(ma, "conversation.close", "<" PATIENT ">", "closed by 253072A07300443");
    msg.size = 4321;
    verdict_reset(&v);
    mlfi_audit_eom(ma, &live, &msg, &v);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    mlfi_audit_end(ma, &msg, AUDIT_END_CLOSE);	/* nothing pending */
    mlfi_audit_free(ma);
    mlfi_audit_stop();

    all = records(path);
    ck_assert_int_eq(count_txn(all), 1);
    ck_assert_str_eq(str(json_array_get(all, 0), "type"), "file-start");
    ck_assert_str_eq(str(json_array_get(all, json_array_size(all) - 1), "type"), "checkpoint");
    rec = txn(all, 0);
    ck_assert_str_eq(str(rec, "host"), "mx-unit");
    ck_assert_str_eq(str(rec, "qid"), "4VqXYZ");
    ck_assert_str_eq(str(json_object_get(rec, "client"), "addr"), "192.0.2.7");
    ck_assert_str_eq(str(json_object_get(rec, "client"), "name"), "mx.example");
    ck_assert_str_eq(str(json_object_get(rec, "client"), "helo"), "client.example");
    ck_assert_str_eq(str(rec, "auth"), "jean");
    ck_assert_str_eq(str(rec, "direction"), "outbound");
    ck_assert_str_eq(str(rec, "mode"), "enforce");
    tls = json_object_get(rec, "tls");
    ck_assert_str_eq(str(tls, "version"), "TLSv1.3");
    ck_assert_str_eq(str(tls, "cipher"), "TLS_AES_256_GCM_SHA384");
    ck_assert_str_eq(str(tls, "subject"), "mx1.operateur-a.example");
    ck_assert_str_eq(str(tls, "issuer"), "TEST AC IGC-SANTE");
    /* Postfix's bare CN: the CN is what trust.peer_cert compares. */
    ck_assert_str_eq(str(tls, "compared"), "cn");
    ck_assert_str_eq(str(rec, "sender"), PRO);
    ck_assert_int_eq(json_array_size(json_object_get(rec, "rcpts")), 2);
    r = json_array_get(json_object_get(rec, "rcpts"), 0);
    ck_assert_str_eq(str(r, "addr"), "cardiologie@ch-exemple.mssante.fr");
    ck_assert_str_eq(str(r, "action"), "accept");
    r = json_array_get(json_object_get(rec, "rcpts"), 1);
    ck_assert_str_eq(str(r, "action"), "reject");
    ck_assert_str_eq(str(r, "rule"), "ins.key");
    ck_assert(strncmp(str(r, "addr"), "hmac:", 5) == 0);
    ck_assert(strncmp(str(r, "reply"), "550 5.1.3 ", 10) == 0);
    /* The first Message-ID, blanks trimmed, its INS-shaped part scrubbed. */
    ck_assert(strncmp(str(rec, "message_id"), "<hmac:", 6) == 0);
    ck_assert_ptr_nonnull(strstr(str(rec, "message_id"), ".1@mua.example>"));
    ck_assert_str_eq(str(rec, "subject"), "closing");
    ck_assert_int_eq(json_array_size(json_object_get(rec, "documents")), 1);
    ck_assert_str_eq(str(json_array_get(json_object_get(rec, "documents"), 0), "type"), "11488-4");
    ck_assert_int_eq(json_array_size(json_object_get(rec, "patients")), 1);
    ck_assert_int_eq(json_array_size(json_object_get(rec, "events")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(rec, "size")), 4321);
    ck_assert_str_eq(str(rec, "action"), "accept");
    ck_assert_str_eq(str(rec, "end"), "eom");
    json_decref(all);
    /* Never the INS in clear, never the Subject. */
    ck_assert(!file_has(path, "253072A07300443"));
    ck_assert(!file_has(path, "[FIN]"));
}
END_TEST

START_TEST(test_mail_refused)
{
    MLFI_AUDIT *ma;
    json_t *all, *rec;
    RULE_VARS vars = {"<x@cabinet.example>", "cabinet.example", 0};

    start("Mode monitor\n");
    ma = mlfi_audit_connect(0, "192.0.2.8", "[192.0.2.8]");
    decide_conn_set(&msg.sender, "<x@cabinet.example>");
    verdict_set(&v, VERDICT_REJECT, "trust.sender_domain", &vars, VERDICT_LANG_FR);
    mlfi_audit_mail(ma, &live, &msg, "<x@cabinet.example>", VERDICT_REJECT, &v);
    /* Written at once: closing the connection adds nothing. */
    mlfi_audit_end(ma, &msg, AUDIT_END_CLOSE);
    mlfi_audit_free(ma);
    mlfi_audit_stop();
    all = records(path);
    ck_assert_int_eq(count_txn(all), 1);
    rec = txn(all, 0);
    ck_assert_str_eq(str(rec, "sender"), "x@cabinet.example");
    ck_assert_str_eq(str(rec, "mode"), "monitor");
    ck_assert_str_eq(str(rec, "action"), "reject");
    ck_assert_str_eq(str(rec, "rule"), "trust.sender_domain");
    ck_assert(strncmp(str(rec, "reply"), "550 5.7.1 Expediteur <x@cabinet.example>", 40) == 0);
    ck_assert_str_eq(str(rec, "end"), "abort");
    ck_assert(json_is_null(json_object_get(rec, "tls")));
    json_decref(all);
}
END_TEST

START_TEST(test_ended_early)
{
    MLFI_AUDIT *ma;
    json_t *all, *rec;
    RULE_VARS vars = {"<d@gmail.example>", "gmail.example", 0};

    start("");
    ma = mlfi_audit_connect(0, "192.0.2.9", "[192.0.2.9]");
    /* 1: every recipient refused, then RSET. */
    mail(ma, "<" PRO ">");
    verdict_set(&v, VERDICT_REJECT, "trust.rcpt_domain", &vars, VERDICT_LANG_FR);
    mlfi_audit_rcpt(ma, &msg, "<d@gmail.example>", &v);
    mlfi_audit_end(ma, &msg, AUDIT_END_ABORT);
    mlfi_audit_end(ma, &msg, AUDIT_END_ABORT);	/* written once */
    /* 2: a recipient accepted, then a new MAIL FROM. */
    mail(ma, "<" PRO ">");
    mlfi_audit_rcpt(ma, &msg, "<cardiologie@ch-exemple.mssante.fr>", &v);
    mlfi_audit_header(ma, "Subject", "RE: [FIN]");
    /* 3: the new transaction, then the connection closes. */
    mail(ma, "<" PRO ">");
    mlfi_audit_end(ma, &msg, AUDIT_END_CLOSE);
    mlfi_audit_free(ma);
    mlfi_audit_stop();
    all = records(path);
    ck_assert_int_eq(count_txn(all), 3);
    rec = txn(all, 0);
    ck_assert_str_eq(str(rec, "action"), "reject");
    ck_assert_str_eq(str(rec, "rule"), "trust.rcpt_domain");
    ck_assert_str_eq(str(rec, "end"), "abort");
    rec = txn(all, 1);
    ck_assert_str_eq(str(rec, "action"), "aborted");
    ck_assert_str_eq(str(rec, "subject"), "near-miss");
    ck_assert_str_eq(str(rec, "subject_kind"), "prefix");
    ck_assert_str_eq(str(rec, "end"), "abort");
    rec = txn(all, 2);
    ck_assert_str_eq(str(rec, "action"), "aborted");
    ck_assert_str_eq(str(rec, "subject"), "none");
    ck_assert_int_eq(json_array_size(json_object_get(rec, "rcpts")), 0);
    ck_assert_str_eq(str(rec, "end"), "close");
    json_decref(all);
}
END_TEST

 /*
  * Headers seen in a transaction, and the class recorded: closing wins
  * over near-miss, which wins over none.
  */
typedef struct SUBJ_CASE {
    const char *h1, *v1, *h2, *v2;
    const char *subject, *kind;
} SUBJ_CASE;

static const SUBJ_CASE subj_cases[] = {
    {"Subject", "[FIN]", 0, 0, "closing", ""},
    {"Subject", "[fin]", "X-MSS-MES", "FIN", "closing", ""},
    {"X-MSS-MES", "FIN", "Subject", "[fin]", "closing", ""},
    {"Subject", "Compte rendu", "subject", "[Fin]", "near-miss", "case"},
    {"Subject", "RE: [FIN]", "Subject", "[fin]", "near-miss", "prefix"},
    {"Subject", "=?ISO-8859-1?Q?r=E9sultats?=", 0, 0, "none", ""},
    {"Subject", "[FIN]\n merci", 0, 0, "near-miss", "trailing-text"},
};

START_TEST(test_subject_class)
{
    const SUBJ_CASE *sc = subj_cases + _i;
    MLFI_AUDIT *ma;
    json_t *all, *rec;

    start("");
    ma = mlfi_audit_connect(0, "192.0.2.10", "x");
    mail(ma, "<" PRO ">");
    mlfi_audit_header(ma, sc->h1, sc->v1);
    if (sc->h2)
	mlfi_audit_header(ma, sc->h2, sc->v2);
    mlfi_audit_eom(ma, &live, &msg, &v);
    mlfi_audit_free(ma);
    mlfi_audit_stop();
    all = records(path);
    rec = txn(all, 0);
    ck_assert_str_eq(str(rec, "subject"), sc->subject);
    ck_assert_str_eq(str(rec, "subject_kind"), sc->kind);
    json_decref(all);
}
END_TEST

/* full_disk - the next write to the trail fails, as on a full disk */

static void full_disk(off_t size)
{
    struct rlimit rl;

    /*
     * The limit applies to every file of the process, Check's own message
     * file included: no assertion may run until space_again().
     */
    rl.rlim_cur = (rlim_t) size;
    rl.rlim_max = RLIM_INFINITY;
    (void) setrlimit(RLIMIT_FSIZE, &rl);
}

/* space_again - lift the limit */

static void space_again(void)
{
    struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};

    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

/* log_size - the trail's size now */

static off_t log_size(void)
{
    struct stat st;

    ck_assert_int_eq(stat(path, &st), 0);
    return (st.st_size);
}

START_TEST(test_write_error_tempfail)
{
    MLFI_AUDIT *ma;
    json_t *all;
    VERDICT rej;
    VERDICT_ACTION msg_action;
    int     rule_count;
    RULE_VARS vars = {"<d@gmail.example>", "gmail.example", 0};
    off_t   size;

    start("");
    ma = mlfi_audit_connect(0, "192.0.2.11", "x");
    verdict_init(&rej);
    size = log_size();
    full_disk(size);
    /* Ended early: only logged. */
    mail(ma, "<" PRO ">");
    verdict_set(&v, VERDICT_REJECT, "trust.rcpt_domain", &vars, VERDICT_LANG_FR);
    mlfi_audit_rcpt(ma, &msg, "<d@gmail.example>", &v);
    mlfi_audit_end(ma, &msg, AUDIT_END_ABORT);
    /* A rejection is tempfailed too: it must not be applied unrecorded. */
    mail(ma, "<" PRO ">");
    verdict_set(&rej, VERDICT_REJECT, "trust.header_from", &vars, VERDICT_LANG_FR);
    mlfi_audit_eom(ma, &live, &msg, &rej);
    /* At end of message: the verdict becomes a tempfail. */
    mail(ma, "<" PRO ">");
    decide_conn_set(&msg.queue_id, "QID1");
    mlfi_audit_rcpt(ma, &msg, "<cardiologie@ch-exemple.mssante.fr>", &v);
    mlfi_audit_eom(ma, &live, &msg, &v);
    msg_action = msg.action;
    rule_count = msg.rule_count;
    space_again();

    ck_assert_int_eq(log_size(), size);
    ck_assert_int_eq(rej.action, VERDICT_TEMPFAIL);
    ck_assert_str_eq(rej.rule, "audit.error");
    ck_assert_int_eq(v.action, VERDICT_TEMPFAIL);
    ck_assert_str_eq(v.rule, "audit.error");
    ck_assert_str_eq(v.rcode, "451");
    ck_assert_str_eq(v.xcode, "4.3.0");
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "Message de <" PRO "> differe"));
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "[regle audit.error]"));
    ck_assert_int_eq(msg_action, VERDICT_TEMPFAIL);
    ck_assert_int_eq(rule_count, 1);
    ck_assert_str_eq(msg.rules[0], "audit.error");
    verdict_free(&rej);

    /* Space again: writing resumes, with nothing half-written. */
    mail(ma, "<" PRO ">");
    verdict_reset(&v);
    mlfi_audit_eom(ma, &live, &msg, &v);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    mlfi_audit_free(ma);
    mlfi_audit_stop();
    all = records(path);
    ck_assert_int_eq(count_txn(all), 1);
    json_decref(all);
}
END_TEST

START_TEST(test_write_error_accept)
{
    MLFI_AUDIT *ma;
    VERDICT_ACTION msg_action;

    start("On-AuditError accept\n");
    ma = mlfi_audit_connect(0, "192.0.2.12", "x");
    full_disk(log_size());
    mail(ma, "<" PRO ">");
    mlfi_audit_eom(ma, &live, &msg, &v);
    msg_action = msg.action;
    space_again();
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_ptr_null(v.rule);
    ck_assert_int_eq(msg_action, VERDICT_CONTINUE);
    mlfi_audit_free(ma);
}
END_TEST

START_TEST(test_reopen_and_stop)
{
    MLFI_AUDIT *ma, *late;
    json_t *all, *rec;
    char    old[160];

    start("");
    ma = mlfi_audit_connect(0, "192.0.2.13", "x");
    mail(ma, "<" PRO ">");
    mlfi_audit_eom(ma, &live, &msg, &v);
    snprintf(old, sizeof(old), "%s.1", path);
    ck_assert_int_eq(rename(path, old), 0);
    mlfi_audit_reopen();
    mail(ma, "<" PRO ">");
    mlfi_audit_eom(ma, &live, &msg, &v);
    mail(ma, "<" PRO ">");
    mlfi_audit_stop();
    /* After the stop: no record, no crash, and no new state. */
    mlfi_audit_rcpt(ma, &msg, "<" PATIENT ">", &v);
    mlfi_audit_eom(ma, &live, &msg, &v);
    mlfi_audit_end(ma, &msg, AUDIT_END_CLOSE);
    ck_assert_ptr_eq(mlfi_audit_connect(ma, "192.0.2.13", "x"), ma);
    ck_assert_ptr_null(late = mlfi_audit_connect(0, "192.0.2.14", "y"));
    mlfi_audit_free(ma);

    all = records(old);
    ck_assert_int_eq(count_txn(all), 1);
    ck_assert_str_eq(str(json_array_get(all, json_array_size(all) - 1), "type"), "checkpoint");
    json_decref(all);
    all = records(path);
    rec = json_array_get(all, 0);
    ck_assert_str_eq(str(rec, "type"), "file-start");
    ck_assert_str_eq(str(rec, "reason"), "reopen");
    ck_assert_int_eq(count_txn(all), 1);
    json_decref(all);
}
END_TEST

/* mlfi_audit_suite - all tests */

static Suite *mlfi_audit_suite(void)
{
    Suite  *s = suite_create("mlfi_audit");
    TCase  *tc;

    tc = tcase_create("check");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_check_off);
    tcase_add_test(tc, test_check_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("records");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_accepted_message);
    tcase_add_test(tc, test_mail_refused);
    tcase_add_test(tc, test_ended_early);
    tcase_add_loop_test(tc, test_subject_class, 0,
			sizeof(subj_cases) / sizeof(subj_cases[0]));
    tcase_add_test(tc, test_write_error_tempfail);
    tcase_add_test(tc, test_write_error_accept);
    tcase_add_test(tc, test_reopen_and_stop);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(mlfi_audit_suite());
    int     failed;

    /* A write beyond RLIMIT_FSIZE must fail with EFBIG, not kill us. */
    signal(SIGXFSZ, SIG_IGN);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
