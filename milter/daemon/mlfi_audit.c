/*++
/* NAME
/*	mlfi_audit 3
/* SUMMARY
/*	the daemon's audit trail: configuration and callback hooks
/* SYNOPSIS
/*	#include "mlfi_audit.h"
/*
/*	int	mlfi_audit_check(const CFG *cfg, VSTR *err)
/*	int	mlfi_audit_start(const CFG *cfg, uid_t owner, VSTR *err)
/*	void	mlfi_audit_reopen(void)
/*	void	mlfi_audit_stop(void)
/*
/*	MLFI_AUDIT *mlfi_audit_connect(MLFI_AUDIT *ma, const char *addr,
/*				const char *name)
/*	void	mlfi_audit_helo(MLFI_AUDIT *ma, const char *helo,
/*				const DECIDE_CONN *conn, const char *cipher,
/*				const char *verify)
/*	void	mlfi_audit_mail(MLFI_AUDIT *ma, const LIVE *live,
/*				const DECIDE_MSG *msg, const char *sender,
/*				VERDICT_ACTION act, const VERDICT *v)
/*	void	mlfi_audit_rcpt(MLFI_AUDIT *ma, const DECIDE_MSG *msg,
/*				const char *rcpt, const VERDICT *v)
/*	void	mlfi_audit_header(MLFI_AUDIT *ma, const char *name,
/*				const char *value)
/*	int	mlfi_audit_body(const MLFI_AUDIT *ma)
/*	void	mlfi_audit_eom(MLFI_AUDIT *ma, const LIVE *live,
/*				DECIDE_MSG *msg, VERDICT *v)
/*	void	mlfi_audit_end(MLFI_AUDIT *ma, const DECIDE_MSG *msg,
/*				AUDIT_END end)
/*	void	mlfi_audit_free(MLFI_AUDIT *ma)
/*
/*	void	mlfi_audit_document(MLFI_AUDIT *ma, const char *type_code,
/*				const char *class_code)
/*	void	mlfi_audit_patient(MLFI_AUDIT *ma, const char *ins)
/*	void	mlfi_audit_event(MLFI_AUDIT *ma, const char *event,
/*				const char *addr, const char *detail)
/* DESCRIPTION
/*	This module connects the audit trail writer (audit(3), record
/*	format in mssante-milter-audit(5)) to the daemon: it reads the
/*	Audit* keys, opens the trail, and turns what the libmilter
/*	callbacks see into one record per SMTP transaction, including
/*	transactions refused at MAIL FROM, those whose recipients were
/*	all refused, and those the client abandoned.
/*
/*	Process:
/*
/*	mlfi_audit_check() checks the Audit* keys beyond their syntax
/*	(AuditSync value, AuditCheckpoint of 0 or whole seconds,
/*	AuditKeyFile present, loadable and not readable by other users,
/*	directory of AuditLog present); main() calls it for -n and at
/*	startup. It returns 0, or -1 with "file:line: Key: problem" in
/*	err.
/*
/*	mlfi_audit_start() opens the trail when AuditLog is set; main()
/*	calls it after detaching (the writer's sync thread would not
/*	survive a fork) and before dropping privileges (the key file is
/*	root's). When owner is not (uid_t) -1 the log file is given to
/*	that user (through its descriptor, see audit_open()), like the
/*	files the daemon creates itself after a rotation. It returns 0,
/*	or -1 with the reason in err.
/*
/*	mlfi_audit_reopen() follows a log rotation (SIGUSR1 or SIGHUP,
/*	see audit_reopen()); a failure is logged and writing goes on
/*	into the renamed file. mlfi_audit_stop() seals and closes the
/*	trail; hooks called later do nothing.
/*
/*	Connection (the MLFI_AUDIT lives in the callbacks' private data;
/*	every function accepts NULL, which is what mlfi_audit_connect()
/*	returns when the audit trail is off):
/*
/*	mlfi_audit_connect() creates the connection's audit state (ma
/*	NULL) and records the client address and name;
/*	mlfi_audit_helo() the HELO argument and the TLS facts: those of
/*	conn, with the {cipher} and {verify} macros (NULL when absent);
/*	the MTA sends them with each HELO, after STARTTLS too.
/*
/*	mlfi_audit_mail() starts a transaction (after decide_mail()):
/*	sender, direction, mode, SASL login, and the PatientDomain of
/*	live (the configuration in force: a reload applies from the next
/*	transaction); when act refuses MAIL FROM,
/*	the record is written at once with v as the decision.
/*
/*	mlfi_audit_rcpt() records one recipient with its verdict.
/*
/*	mlfi_audit_header() picks up Message-ID (scrubbed of INS-shaped
/*	numbers) and the class of Subject (RFC 2047-decoded) or X-MSS-MES:
/*	closing wins over near-miss, which wins over none. Never the
/*	Subject itself.
/*
/*	mlfi_audit_body() tells whether the body must be counted (the
/*	record has the message size) rather than skipped.
/*
/*	mlfi_audit_eom() writes the record of the message with the final
/*	verdict v; call it last in the end-of-message callback, after
/*	every rule, just before the verdict is applied. When the record
/*	cannot be written and On-AuditError is tempfail, it replaces v
/*	with a 451 4.3.0 tempfail (rule audit.error) and marks msg so
/*	that the log line says so: no decision is applied unrecorded.
/*
/*	mlfi_audit_end() writes the record of a transaction that ended
/*	before the end of the message (end AUDIT_END_ABORT: RSET, a new
/*	MAIL FROM, every recipient refused; AUDIT_END_CLOSE: the
/*	connection closed); it does nothing when no transaction is
/*	pending. msg (may be NULL) gives the queue id. A failure is
/*	logged as an error: the SMTP dialogue of that transaction is
/*	over, nothing can be refused any more.
/*
/*	mlfi_audit_free() releases the connection's audit state.
/*
/*	Hooks for the other features, to call before mlfi_audit_eom():
/*	mlfi_audit_document() adds a document category (XDS typeCode,
/*	classCode), mlfi_audit_patient() the patient a document is
/*	about (the record keeps only its keyed pseudonym),
/*	mlfi_audit_event() a conversation event (name, address,
/*	detail; patient addresses and INS-shaped numbers pseudonymised).
/* DIAGNOSTICS
/*	Failures to write a record are logged with msg_error() with the
/*	queue id; the reason names the file and the system error.
/* SEE ALSO
/*	audit(3), audit_txn(3), mssante-milter-audit(5)
/*--*/

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mymalloc.h"
#include "msg.h"
#include "subject.h"
#include "mime_hdr.h"
#include "mlfi_audit.h"

struct MLFI_AUDIT {
    AUDIT_TXN *txn;			/* the writer's fact sheet */
    SUBJ_CLASS subject;			/* strongest class seen */
    int     have_msgid;			/* first Message-ID kept */
    VSTR   *buf;
};

#define MLFI_AUDIT_RULE	"audit.error"

 /*
  * The trail. Callbacks may still run while main() stops the daemon: each
  * use of the trail, and of a fact sheet (which uses the trail's key),
  * holds the read lock and checks that the trail is still open.
  */
static pthread_rwlock_t mlfi_audit_lock = PTHREAD_RWLOCK_INITIALIZER;
static AUDIT *mlfi_audit_trail;

/* mlfi_audit_key_name - a key's name, for messages */

static const char *mlfi_audit_key_name(CFG_KEY_ID id)
{
    size_t  count;

    return (cfg_key_table(&count)[id].name);
}

/* mlfi_audit_err - "file:line: Key: problem" */

static int mlfi_audit_err(const CFG *cfg, CFG_KEY_ID id, VSTR *err,
			          const char *problem)
{
    vstr_sprintf(err, "%s:%d: %s: %s", cfg->path ? cfg->path : "-",
		 cfg->line[id], mlfi_audit_key_name(id), problem);
    return (-1);
}

/* mlfi_audit_check - the Audit* keys, beyond their syntax */

int     mlfi_audit_check(const CFG *cfg, VSTR *err)
{
    AUDIT_SYNC sync;
    AUDIT_ON_ERROR on;
    AUDIT_KEY *key;
    VSTR   *why;
    struct stat st;
    char   *dir, *slash;
    int     interval, ret = 0;

    if (audit_sync_parse(cfg->audit_sync, &sync, &interval) < 0)
	return (mlfi_audit_err(cfg, CFG_KEY_audit_sync, err, "expected every, "
			       "interval, none, or an interval from 10ms to 1h "
			       "such as 200ms or 5s"));
    if (cfg->audit_checkpoint % 1000 != 0)
	return (mlfi_audit_err(cfg, CFG_KEY_audit_checkpoint, err,
			       "expected 0 or a whole number of seconds"));
    if (audit_on_error_parse(cfg->raw[CFG_KEY_on_audit_error], &on) < 0)
	return (mlfi_audit_err(cfg, CFG_KEY_on_audit_error, err,
			       "expected tempfail or accept"));
    if (*cfg->audit_log == 0)
	return (0);
    if (*cfg->audit_key_file == 0)
	return (mlfi_audit_err(cfg, CFG_KEY_audit_log, err,
			       "needs AuditKeyFile (the site key)"));

    /* Only a directory that exists: the writer creates the file. */
    dir = mystrdup(cfg->audit_log);
    if ((slash = strrchr(dir, '/')) != 0)
	*(slash == dir ? slash + 1 : slash) = 0;
    why = vstr_alloc(100);
    if (stat(dir, &st) < 0)
	vstr_sprintf(why, "directory %s: %s", dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
	vstr_sprintf(why, "%s is not a directory", dir);
    if (vstr_len(why) > 0) {
	ret = mlfi_audit_err(cfg, CFG_KEY_audit_log, err, vstr_str(why));
    } else if ((key = audit_key_load(cfg->audit_key_file, AUDIT_KEY_STRICT, why)) == 0) {
	ret = mlfi_audit_err(cfg, CFG_KEY_audit_key_file, err, vstr_str(why));
    } else {
	audit_key_free(key);
    }
    vstr_free(why);
    myfree(dir);
    return (ret);
}

/* mlfi_audit_start - open the trail */

int     mlfi_audit_start(const CFG *cfg, uid_t owner, VSTR *err)
{
    AUDIT_CONFIG ac;
    AUDIT  *trail;
    VSTR   *why;

    if (*cfg->audit_log == 0)
	return (0);
    if (mlfi_audit_check(cfg, err) < 0)
	return (-1);

    /* The Subject decoder (GMime) must be set up before threads start. */
    mime_hdr_init();
    audit_config_init(&ac);
    ac.path = cfg->audit_log;
    ac.key_file = cfg->audit_key_file;
    (void) audit_sync_parse(cfg->audit_sync, &ac.sync, &ac.sync_interval_ms);
    ac.checkpoint_s = (int) (cfg->audit_checkpoint / 1000);
    (void) audit_on_error_parse(cfg->raw[CFG_KEY_on_audit_error], &ac.on_error);
    ac.host = *cfg->hostname ? cfg->hostname : 0;
    ac.patient_domain = cfg->patient_domain;
    ac.owner = owner;
    why = vstr_alloc(100);
    if ((trail = audit_open(&ac, why)) == 0) {
	vstr_sprintf(err, "%s: %s", mlfi_audit_key_name(CFG_KEY_audit_log),
		     vstr_str(why));
	vstr_free(why);
	return (-1);
    }
    vstr_free(why);
    pthread_rwlock_wrlock(&mlfi_audit_lock);
    mlfi_audit_trail = trail;
    pthread_rwlock_unlock(&mlfi_audit_lock);
    msg_info("audit trail: %s (AuditSync %s, AuditCheckpoint %lds)",
	     cfg->audit_log, cfg->audit_sync, cfg->audit_checkpoint / 1000);
    return (0);
}

/* mlfi_audit_reopen - follow a rotation */

void    mlfi_audit_reopen(void)
{
    VSTR   *why;

    pthread_rwlock_rdlock(&mlfi_audit_lock);
    if (mlfi_audit_trail != 0) {
	why = vstr_alloc(100);
	if (audit_reopen(mlfi_audit_trail, why) < 0)
	    msg_error("audit: %s; records go on into the previous file",
		      vstr_str(why));
	vstr_free(why);
    }
    pthread_rwlock_unlock(&mlfi_audit_lock);
}

/* mlfi_audit_stop - seal and close the trail */

void    mlfi_audit_stop(void)
{
    pthread_rwlock_wrlock(&mlfi_audit_lock);
    audit_close(mlfi_audit_trail);
    mlfi_audit_trail = 0;
    pthread_rwlock_unlock(&mlfi_audit_lock);
}

/* mlfi_audit_hold - lock the trail for one hook; 0 when it is closed */

static int mlfi_audit_hold(const MLFI_AUDIT *ma)
{
    if (ma == 0)
	return (0);
    pthread_rwlock_rdlock(&mlfi_audit_lock);
    if (mlfi_audit_trail == 0) {
	pthread_rwlock_unlock(&mlfi_audit_lock);
	return (0);
    }
    return (1);
}

/* mlfi_audit_release - end of one hook */

static void mlfi_audit_release(void)
{
    pthread_rwlock_unlock(&mlfi_audit_lock);
}

/* mlfi_audit_connect - a connection's audit state */

MLFI_AUDIT *mlfi_audit_connect(MLFI_AUDIT *ma, const char *addr,
			               const char *name)
{
    AUDIT_TXN *txn;

    if (ma == 0) {
	pthread_rwlock_rdlock(&mlfi_audit_lock);
	txn = audit_new_txn(mlfi_audit_trail);
	pthread_rwlock_unlock(&mlfi_audit_lock);
	if (txn == 0)
	    return (0);
	ma = mycalloc(1, sizeof(*ma));
	ma->txn = txn;
	ma->buf = vstr_alloc(100);
    }
    if (mlfi_audit_hold(ma)) {
	audit_txn_connect(ma->txn, addr, name);
	mlfi_audit_release();
    }
    return (ma);
}

/* mlfi_audit_helo - HELO argument and TLS facts */

void    mlfi_audit_helo(MLFI_AUDIT *ma, const char *helo, const DECIDE_CONN *conn,
			        const char *cipher, const char *verify)
{
    AUDIT_TLS tls;

    if (!mlfi_audit_hold(ma))
	return;
    audit_txn_helo(ma->txn, helo);
    if (conn->tls_version == 0) {
	audit_txn_tls(ma->txn, 0);
    } else {
	tls.version = conn->tls_version;
	tls.cipher = cipher;
	tls.subject = conn->cert_subject;
	tls.issuer = conn->cert_issuer;
	tls.verify = verify;
	/* Whole DN (Sendmail) or CN (Postfix): what trust.peer_cert compares. */
	tls.compared = trust_form_name(trust_peer_form(conn->cert_subject));
	audit_txn_tls(ma->txn, &tls);
    }
    mlfi_audit_release();
}

/* mlfi_audit_write - write the pending record; lock held */

static int mlfi_audit_write(MLFI_AUDIT *ma, const DECIDE_MSG *msg,
			            AUDIT_END end)
{
    if (msg != 0 && msg->queue_id != 0)
	audit_txn_queue_id(ma->txn, msg->queue_id);
    audit_txn_subject(ma->txn, ma->subject);
    return (audit_write(mlfi_audit_trail, ma->txn, end, ma->buf));
}

/* mlfi_audit_end_locked - record a transaction ended early; lock held */

static void mlfi_audit_end_locked(MLFI_AUDIT *ma, const DECIDE_MSG *msg,
				          AUDIT_END end)
{
    if (!audit_txn_pending(ma->txn))
	return;
    if (mlfi_audit_write(ma, msg, end) < 0)
	msg_error("%s: audit: the transaction (ended by %s) is not recorded: %s",
		  msg && msg->queue_id ? msg->queue_id : "NOQUEUE",
		  audit_txn_end_name(end), vstr_str(ma->buf));
}

/* mlfi_audit_end - record a transaction that ended before its message */

void    mlfi_audit_end(MLFI_AUDIT *ma, const DECIDE_MSG *msg, AUDIT_END end)
{
    if (!mlfi_audit_hold(ma))
	return;
    mlfi_audit_end_locked(ma, msg, end);
    mlfi_audit_release();
}

/* mlfi_audit_mail - a new transaction */

void    mlfi_audit_mail(MLFI_AUDIT *ma, const LIVE *lp, const DECIDE_MSG *msg,
			        const char *sender, VERDICT_ACTION act,
			        const VERDICT *v)
{
    if (!mlfi_audit_hold(ma))
	return;
    mlfi_audit_end_locked(ma, 0, AUDIT_END_ABORT);
    audit_txn_begin(ma->txn);
    /* The current PatientDomain: a reload may have changed it. */
    audit_txn_domain(ma->txn, lp->pol.patient_domain);
    ma->subject = SUBJ_NONE;
    ma->have_msgid = 0;
    audit_txn_sender(ma->txn, sender ? sender : "");
    audit_txn_direction(ma->txn, decide_dir_name(msg->dir));
    audit_txn_mode(ma->txn, lp->pol.monitor ? "monitor" : "enforce");
    audit_txn_auth(ma->txn, msg->auth_authen);
    if (act != VERDICT_CONTINUE) {
	/* Refused at MAIL FROM: the transaction ends here. */
	audit_txn_final(ma->txn, v);
	if (mlfi_audit_write(ma, msg, AUDIT_END_ABORT) < 0)
	    msg_error("%s: audit: the refusal of MAIL FROM is not recorded: %s",
		      msg->queue_id ? msg->queue_id : "NOQUEUE", vstr_str(ma->buf));
    }
    mlfi_audit_release();
}

/* mlfi_audit_rcpt - one recipient and its verdict */

void    mlfi_audit_rcpt(MLFI_AUDIT *ma, const DECIDE_MSG *msg, const char *rcpt,
			        const VERDICT *v)
{
    if (!mlfi_audit_hold(ma))
	return;
    if (msg->queue_id != 0)
	audit_txn_queue_id(ma->txn, msg->queue_id);
    audit_txn_rcpt(ma->txn, rcpt, v);
    mlfi_audit_release();
}

/* mlfi_audit_subject - keep the strongest class: closing, near-miss, none */

static void mlfi_audit_subject(MLFI_AUDIT *ma, SUBJ_CLASS class)
{
    if (ma->subject == SUBJ_FIN || class == SUBJ_NONE)
	return;
    if (class == SUBJ_FIN || ma->subject == SUBJ_NONE)
	ma->subject = class;
}

/* mlfi_audit_header - Message-ID, and the class of the Subject */

void    mlfi_audit_header(MLFI_AUDIT *ma, const char *name, const char *value)
{
    const char *start, *end;
    VSTR   *clean;

    if (ma == 0 || value == 0)
	return;
    if (strcasecmp(name, "Subject") == 0) {
	/* No lock: the trail is not used; GMime was set up at start. */
	mime_hdr_decode(value, ma->buf);
	mlfi_audit_subject(ma, subject_classify(vstr_str(ma->buf),
						vstr_len(ma->buf)));
    } else if (strcasecmp(name, "X-MSS-MES") == 0) {
	mime_hdr_unfold(value, ma->buf);
	mlfi_audit_subject(ma, subject_classify_mes(vstr_str(ma->buf),
						    vstr_len(ma->buf)));
    } else if (strcasecmp(name, "Message-ID") == 0 && !ma->have_msgid
	       && mlfi_audit_hold(ma)) {
	mime_hdr_unfold(value, ma->buf);
	for (start = vstr_str(ma->buf); *start == ' ' || *start == '\t'; start++)
	     /* void */ ;
	for (end = start + strlen(start); end > start && (end[-1] == ' '
						      || end[-1] == '\t'); end--)
	     /* void */ ;
	/*
	 * A Message-ID made by a patient's software might hold an INS:
	 * audit_txn(3) scrubs every string it is given.
	 */
	clean = vstr_alloc((size_t) (end - start) + 1);
	vstr_ncat(clean, start, (size_t) (end - start));
	audit_txn_message_id(ma->txn, vstr_str(clean));
	vstr_free(clean);
	ma->have_msgid = 1;
	mlfi_audit_release();
    }
}

/* mlfi_audit_body - must the body be counted? */

int     mlfi_audit_body(const MLFI_AUDIT *ma)
{
    return (ma != 0);
}

/* mlfi_audit_eom - record the decision; tempfail when it cannot be */

void    mlfi_audit_eom(MLFI_AUDIT *ma, const LIVE *lp, DECIDE_MSG *msg,
		               VERDICT *v)
{
    AUDIT_ON_ERROR on;
    RULE_VARS vars;
    const char *qid;

    if (!mlfi_audit_hold(ma))
	return;
    if (!audit_txn_pending(ma->txn)) {
	mlfi_audit_release();
	return;
    }
    audit_txn_size(ma->txn, msg->size);
    audit_txn_final(ma->txn, v);
    if (mlfi_audit_write(ma, msg, AUDIT_END_EOM) == 0) {
	mlfi_audit_release();
	return;
    }
    mlfi_audit_release();
    qid = msg->queue_id ? msg->queue_id : "NOQUEUE";
    if (audit_on_error_parse(lp->cfg->raw[CFG_KEY_on_audit_error], &on) == 0
	&& on == AUDIT_ON_ERROR_ACCEPT) {
	msg_error("%s: audit: the decision (%s) is applied but not recorded "
		  "(On-AuditError accept): %s", qid,
		  audit_txn_action_name(v->action), vstr_str(ma->buf));
	return;
    }
    msg_error("%s: audit: the record cannot be written, message tempfailed "
	      "instead of %s: %s", qid, audit_txn_action_name(v->action),
	      vstr_str(ma->buf));
    memset(&vars, 0, sizeof(vars));
    vars.addr = msg->sender;
    verdict_set(v, VERDICT_TEMPFAIL, MLFI_AUDIT_RULE, &vars, lp->pol.lang);
    msg->action = VERDICT_TEMPFAIL;
    decide_note_rule(msg, MLFI_AUDIT_RULE);
}

/* mlfi_audit_free - release a connection's audit state */

void    mlfi_audit_free(MLFI_AUDIT *ma)
{
    if (ma == 0)
	return;
    audit_txn_free(ma->txn);
    vstr_free(ma->buf);
    myfree(ma);
}

/* mlfi_audit_document - hook: one document category */

void    mlfi_audit_document(MLFI_AUDIT *ma, const char *type_code,
			            const char *class_code)
{
    if (!mlfi_audit_hold(ma))
	return;
    audit_txn_document(ma->txn, type_code, class_code);
    mlfi_audit_release();
}

/* mlfi_audit_patient - hook: a patient a document is about */

void    mlfi_audit_patient(MLFI_AUDIT *ma, const char *ins)
{
    if (!mlfi_audit_hold(ma))
	return;
    audit_txn_patient(ma->txn, ins);
    mlfi_audit_release();
}

/* mlfi_audit_event - hook: one conversation event */

void    mlfi_audit_event(MLFI_AUDIT *ma, const char *event, const char *addr,
			         const char *detail)
{
    if (!mlfi_audit_hold(ma))
	return;
    audit_txn_event(ma->txn, event, addr, detail);
    mlfi_audit_release();
}
