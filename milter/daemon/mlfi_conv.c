/*++
/* NAME
/*	mlfi_conv 3
/* SUMMARY
/*	the daemon's Mon espace sante conversation checks
/* SYNOPSIS
/*	#include "mlfi_conv.h"
/*
/*	MLFI_CONV *mlfi_conv_create(void)
/*	void	mlfi_conv_free(MLFI_CONV *mc)
/*	void	mlfi_conv_begin(MLFI_CONV *mc)
/*	void	mlfi_conv_dry_run(MLFI_CONV *mc)
/*	VERDICT_ACTION mlfi_conv_rcpt(MLFI_CONV *mc, const LIVE *live,
/*				DECIDE_MSG *msg, const RCPT_FACTS *r,
/*				MLFI_AUDIT *audit, VERDICT *v)
/*	void	mlfi_conv_rcpt_end(MLFI_CONV *mc, const RCPT_FACTS *r,
/*				int accepted)
/*	void	mlfi_conv_header(MLFI_CONV *mc, const char *name,
/*				const char *value)
/*	VERDICT_ACTION mlfi_conv_eom(MLFI_CONV *mc, const LIVE *live,
/*				const MLFI_MBPOL *mb, DECIDE_MSG *msg,
/*				const TRUST *trust, MLFI_AUDIT *audit,
/*				VERDICT *v)
/*	void	mlfi_conv_headers(MLFI_CONV *mc, SMFICTX *ctx)
/*	void	mlfi_conv_commit(MLFI_CONV *mc, const LIVE *live,
/*				const DECIDE_MSG *msg, const VERDICT *v)
/* DESCRIPTION
/*	The glue between the libmilter callbacks, the conversation state
/*	machine (policy/conv(3)) and the directory entries (convdir(3)),
/*	active when Conversations is yes (doc/rules.md).
/*
/*	mlfi_conv_start() (mlfi_conv_key(3)) loads the site key; without
/*	it every function here does nothing.
/*
/*	mlfi_conv_dry_run() makes mc decide without ever writing the
/*	directory (mssante-milter --explain): the close of an expired
/*	conversation, which the daemon writes at once whatever the
/*	message turns out to be, is not written; nothing is committed.
/*
/*	mlfi_conv_rcpt() runs at RCPT TO, before decide_rcpt(). When
/*	conv_apply_rcpt(3) says the recipient's conversation is checked
/*	(a patient sender to a professional mailbox), the recipient is
/*	accepted when their conversation is open or the patient may open
/*	it (conv_apply_pharmacy(3)); else conv.not_opened refuses it (550
/*	5.7.1) as ConversationCheck says (monitor: logged as
/*	would-reject). A conv.closed refusal is held until end of message
/*	when the body may show a read receipt (conv_apply_hold(3)).
/*	mlfi_conv_rcpt_end() gets the recipient's final verdict: accepted,
/*	its pending state is kept for mlfi_conv_commit() and the
/*	recipient recorded (patient or professional) for end of message;
/*	refused by any stage, its pending state is forgotten.
/*
/*	mlfi_conv_header() keeps Subject, X-MSS-MES and Reply-To.
/*
/*	mlfi_conv_eom() runs at end of message, after decide_eom(). A
/*	patient's real report (msg->report_type) is accepted for each
/*	recipient decided at RCPT TO and writes no state; anything else
/*	is refused for a held conv.closed (conv_inbound_eom(3)). It then
/*	reads again the state of every conversation a patient's message
/*	read at RCPT TO: when it changed (a [FIN] accepted on another
/*	connection), conv_replay(3) decides on the new state, and a reply
/*	to a conversation closed meanwhile is refused (conv.closed, as
/*	ConversationCheck says). conv_apply_eom(3) says what else is
/*	checked. A null sender's From patients are checked against every
/*	accepted professional recipient as at RCPT TO (refusing the
/*	message). An outbound message from a professional (or a null
/*	sender's professional From) to patients opens or refreshes the
/*	conversation of each (patient, mailbox the patient answers:
/*	conv_apply_parties(3)); a Subject exactly "[FIN]" after RFC 2047
/*	decoding and unfolding, or X-MSS-MES: FIN, closes it, near misses
/*	following conv_apply_config(3), and X-MSS-MES: FIN is to be added
/*	as conv_outbound(3) says (patient_replies, the APP type from the
/*	directory or AppMailboxes, AppMailboxReplies). The new states are
/*	not written yet, nor the headers edited: mlfi_conv_headers()
/*	applies the edits of an accepted message (ctx NULL: nothing, for
/*	mssante-milter --explain, which changes nothing).
/*
/*	mlfi_conv_commit() runs after the audit record is written (the
/*	last end-of-message hook): only a message that is accepted
/*	(v->action is VERDICT_CONTINUE, monitor included) and therefore on
/*	record writes the states computed at RCPT TO and end of message;
/*	a refused or tempfailed one (audit.error included) changes none.
/*	Every write is conditional on the state it was computed from
/*	(convdir_write(3)); on a conflict the state is read again and
/*	conv_replay(3) applied, up to four times: a professional's state
/*	is written on top of the new one, a patient's reply to a
/*	conversation closed meanwhile writes nothing (logged as an error:
/*	the message was already accepted, the conversation stays closed).
/*	A write that fails then cannot change the verdict any more (the
/*	audit record already says delivered): it is logged as an error
/*	naming the mailbox, and the state stays as it was (an opening
/*	is retried by the next message; a [FIN] that could not be
/*	stored leaves the conversation open: close it with
/*	mssante-conversations(8)).
/*
/*	Under NearMissFin=warn the message is tagged with the header
/*	X-MSSante-Conversation ("near-miss; rule=conv.near_miss_fin;
/*	class=...; action=warn").
/*
/*	Every event is logged with the queue id (the patient appears as
/*	the first 16 hex digits of the INS HMAC, never the INS) and given
/*	to the audit trail (mlfi_audit_event()).
/* DIAGNOSTICS
/*	A directory read failure applies On-DirectoryError (rule
/*	dir.error; tempfail by default): conversation state is never
/*	guessed. A write failure is logged (see mlfi_conv_commit()).
/*--*/

#include <string.h>
#include <strings.h>
#include <time.h>

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "addr.h"
#include "subject.h"
#include "conv.h"
#include "conv_store.h"
#include "dir.h"
#include "audit_key.h"
#include "mime_hdr.h"
#include "smfiw.h"
#include "convdir.h"
#include "convcrypt.h"
#include "convpend.h"
#include "conv_apply.h"
#include "mlfi_conv.h"

#define MC_MES		"X-MSS-MES"
#define MC_TAG		"X-MSSante-Conversation"

struct MLFI_CONV {
    VSTR   *subject;
    int     has_subject;
    VSTR   *mes;
    int     mes_count;
    VSTR   *reply_to;
    int     has_reply_to;
    char  **patients;			/* accepted patient recipients */
    size_t  npat;
    char  **pros;			/* accepted other recipients */
    size_t  npro;
    CONVPEND *pend;			/* decisions, states to write */
    size_t  rcpt_mark;			/* from here: this RCPT TO's writes */
    int     dry_run;			/* --explain: never write the directory */
    CONV_MES_EDIT edit;			/* X-MSS-MES edit, end of message */
    VSTR   *tag;			/* X-MSSante-Conversation, or empty */
    VSTR   *tmp;
    VSTR   *detail;
};

/* mlfi_conv_create - per-connection state */

MLFI_CONV *mlfi_conv_create(void)
{
    MLFI_CONV *mc = mycalloc(1, sizeof(*mc));

    mc->subject = vstr_alloc(64);
    mc->mes = vstr_alloc(16);
    mc->reply_to = vstr_alloc(64);
    mc->tmp = vstr_alloc(64);
    mc->detail = vstr_alloc(64);
    mc->tag = vstr_alloc(64);
    mc->pend = convpend_create();
    return (mc);
}

/* mlfi_conv_dry_run - decide, but never write the directory (--explain) */

void    mlfi_conv_dry_run(MLFI_CONV *mc)
{
    if (mc != 0)
	mc->dry_run = 1;
}

/* mc_drop_writes - forget the pending writes from index mark on */

static void mc_drop_writes(MLFI_CONV *mc, size_t mark)
{
    convpend_drop(mc->pend, mark);
    mc->rcpt_mark = convpend_count(mc->pend);
}

/* mlfi_conv_begin - a new transaction */

void    mlfi_conv_begin(MLFI_CONV *mc)
{
    size_t  i;

    if (mc == 0)
	return;
    mc->has_subject = mc->mes_count = mc->has_reply_to = 0;
    vstr_reset(mc->subject);
    vstr_reset(mc->mes);
    vstr_reset(mc->reply_to);
    mc->edit = CONV_MES_KEEP;
    vstr_reset(mc->tag);
    for (i = 0; i < mc->npat; i++)
	myfree(mc->patients[i]);
    myfree(mc->patients);
    mc->patients = 0;
    mc->npat = 0;
    for (i = 0; i < mc->npro; i++)
	myfree(mc->pros[i]);
    myfree(mc->pros);
    mc->pros = 0;
    mc->npro = 0;
    mc_drop_writes(mc, 0);
}

/* mlfi_conv_free - release */

void    mlfi_conv_free(MLFI_CONV *mc)
{
    if (mc == 0)
	return;
    mlfi_conv_begin(mc);
    vstr_free(mc->subject);
    vstr_free(mc->mes);
    vstr_free(mc->reply_to);
    vstr_free(mc->tmp);
    vstr_free(mc->detail);
    vstr_free(mc->tag);
    convpend_free(mc->pend);
    myfree(mc);
}

/* mc_active - is the feature on? (the same for every connection) */

static int mc_active(void)
{
    /* Not "live->dir != 0": without a client the checks tempfail (dir(3)). */
    return (mlfi_conv_key() != 0);
}

/* mc_conf - what conv_apply(3) needs of the configuration */

static void mc_conf(const LIVE *live, CONV_APPLY_CONF *conf)
{
    conf->patient_domain = live->pol.patient_domain;
    conf->near_miss = live->cfg->near_miss_fin;
    conf->check = live->cfg->conversation_check;
    conf->expiry_ms = live->cfg->conversation_expiry;
    conf->app_mailboxes = (const char *const *) live->cfg->app_mailboxes;
    conf->app_replies = (const char *const *) live->cfg->app_mailbox_replies;
}

/* mc_log - one line per conversation event */

static void mc_log(const DECIDE_MSG *msg, const CONVDIR_KEY *key,
		           const CONV_RESULT *res, const char *dir, VSTR *tmp)
{
    conv_events_str(res->events, tmp);
    msg_info("%s: conversation %s mailbox=%s patient=hmac:%.16s id=%.16s "
	     "events=%s state=%s%s%s", msg->queue_id ? msg->queue_id : "NOQUEUE",
	     dir, vstr_str(key->mailbox), key->hmac, key->id, vstr_str(tmp),
	     conv_store_status_name(res->state.status),
	     res->rule ? " rule=" : "", res->rule ? res->rule : "");
}

/* mc_audit - the events of one result, for the audit record */

static void mc_audit(MLFI_AUDIT *audit, const CONVDIR_KEY *key,
		             const CONV_RESULT *res, const char *patient,
		             VSTR *tmp)
{
    const char *name;
    int     i;

    if (audit == 0)
	return;
    vstr_sprintf(tmp, "mailbox=%s id=%s%s%s", vstr_str(key->mailbox), key->id,
		 res->rule ? " rule=" : "", res->rule ? res->rule : "");
    if (res->fin_reason)
	vstr_sprintf_append(tmp, " fin=%s", res->fin_reason);
    for (i = 0; (name = conv_event_audit_name(i)) != 0; i++)
	if (res->events & (1 << i))
	    mlfi_audit_event(audit, name, patient, vstr_str(tmp));
}

/* mc_dir_error - On-DirectoryError for a conversation */

static VERDICT_ACTION mc_dir_error(const LIVE *live, DECIDE_MSG *msg,
				           int rcpt_stage, const char *addr,
				           VERDICT *v)
{
    RULE_VARS vars;

    memset(&vars, 0, sizeof(vars));
    vars.addr = addr;
    vars.detail = live->pol.lang == VERDICT_LANG_EN ?
	"conversation state unreadable in the directory" :
	"etat de la conversation illisible dans l'annuaire";
    return (decide_other(&live->pol, msg, rcpt_stage, live->pol.on_dir_error,
			 rule_id(RULE_DIR_ERROR), &vars, v));
}

/* mc_refuse - apply a conversation rule (monitor: would refuse), log it */

static VERDICT_ACTION mc_refuse(MLFI_CONV *mc, const LIVE *live,
				        DECIDE_MSG *msg, int rcpt_stage,
				        const char *addr, const CONVDIR_KEY *key,
				        const CONV_RESULT *res, const char *patient,
				        const char *what, MLFI_AUDIT *audit,
				        VERDICT *v)
{
    RULE_VARS vars;
    VERDICT_ACTION act;
    VSTR   *buf = vstr_alloc(64);

    conv_detail(res, live->pol.lang, mc->detail);
    memset(&vars, 0, sizeof(vars));
    vars.addr = addr;
    vars.detail = vstr_str(mc->detail);
    /* ConversationCheck monitor: delivered, recorded as would-reject. */
    if (res->action == VERDICT_CONTINUE && res->would != VERDICT_CONTINUE)
	act = decide_monitor(&live->pol, msg, rcpt_stage, res->would, res->rule,
			     &vars, v);
    else
	act = decide_other(&live->pol, msg, rcpt_stage, res->action, res->rule,
			   &vars, v);
    vstr_sprintf(buf, "%s%s", what, act == VERDICT_CONTINUE ? " (would refuse)" : "");
    mc_log(msg, key, res, vstr_str(buf), mc->detail);
    mc_audit(audit, key, res, patient, mc->detail);
    vstr_free(buf);
    return (act);
}

/* mc_hold - the last decision's refusal waits for end of message */

static void mc_hold(MLFI_CONV *mc)
{
    CONVPEND_ENTRY *w = convpend_get(mc->pend, convpend_count(mc->pend) - 1);

    /* Written already when it was an expiry close (mc_inbound). */
    w->write = 0;
    w->st = w->read = w->rcpt.state;
    w->held = 1;
}

/* mc_inbound - one (patient, professional mailbox) pair */

static VERDICT_ACTION mc_inbound(MLFI_CONV *mc, const LIVE *live,
				         const MBPOL_SETTINGS *s, DECIDE_MSG *msg,
				         const ADDR *pa, const char *bare,
				         const char *rcpt, int rcpt_stage,
				         int report, MLFI_AUDIT *audit,
				         VERDICT *v)
{
    CONV_APPLY_CONF conf;
    CONV_CONFIG cc;
    CONV_STATE st;
    CONV_IN facts;
    CONV_RESULT res;
    CONVDIR_KEY key;
    DIR_MAILBOX mb;
    DIR_STATUS ds;
    VERDICT_ACTION act = VERDICT_CONTINUE;
    VSTR   *patient;
    CONV_REPLAY redo;
    CONV_RESULT first;
    time_t  now = time((time_t *) 0);
    int     decided, hold;

    mc_conf(live, &conf);
    conv_apply_config(&conf, s, &cc);
    memset(&facts, 0, sizeof(facts));
    ds = dir_mailbox(live->dir, bare, &mb);
    facts.rcpt_pharmacy = conv_apply_pharmacy(s, ds == DIR_FOUND && mb.pharmacy);
    convdir_key_init(&key);
    if (convdir_key_set(&key, mlfi_conv_key(), bare, pa->local, pa->local_len) != 0) {
	convdir_key_free(&key);
	return (VERDICT_CONTINUE);
    }
    if (ds == DIR_TEMPFAIL)
	conv_state_init(&st, CONV_UNAVAILABLE);
    else
	(void) convdir_read(live->dir, &key, &st);
    patient = vstr_alloc(64);
    rcpt_bare(pa, patient);
    decided = conv_inbound(&cc, &st, &facts, now, &res);
    /* report > 0: known to be a report; < 0: known at end of message. */
    if (decided == CONV_DECIDED && report > 0) {
	first = res;
	conv_inbound_eom(&st, &first, 1, &res);
    }
    hold = conv_apply_hold(decided, report, msg->report != 0, &res);
    if (hold && res.write && !mc->dry_run)
	/* The expiry close is true whatever the message turns out to be. */
	(void) convpend_write(live->dir, mlfi_conv_crypt(), &key, &st, &res.state,
			      vstr_str(patient), mc->tmp);
    if (decided == CONV_STATE_UNAVAILABLE) {
	mc_log(msg, &key, &res, "inbound", mc->detail);
	act = mc_dir_error(live, msg, rcpt_stage, rcpt, v);
    } else if (res.rule != 0 && !hold) {
	/* The expiry close; a conflict: another message wrote first. */
	if (res.write && !mc->dry_run)
	    (void) convpend_write(live->dir, mlfi_conv_crypt(), &key, &st, &res.state,
				  vstr_str(patient), mc->tmp);
	act = mc_refuse(mc, live, msg, rcpt_stage, rcpt, &key, &res,
			vstr_str(patient), "inbound", audit, v);
    } else {
	/* Kept even without a write: end of message checks the state again. */
	memset(&redo, 0, sizeof(redo));
	redo.in = facts;
	redo.when = now;
	convpend_push(mc->pend, &key, &st, &res, vstr_str(patient), &cc, &redo,
		      rcpt_stage);
	if (hold)
	    mc_hold(mc);
	mc_log(msg, &key, &res, hold ? "inbound (closed: refused at end of "
	       "message unless a report)" : "inbound", mc->detail);
	if (!hold)
	    mc_audit(audit, &key, &res, vstr_str(patient), mc->detail);
    }
    vstr_free(patient);
    convdir_key_free(&key);
    return (act);
}

/* mlfi_conv_rcpt - patient -> professional: is the conversation open? */

VERDICT_ACTION mlfi_conv_rcpt(MLFI_CONV *mc, const LIVE *live,
			              DECIDE_MSG *msg, const RCPT_FACTS *r,
			              MLFI_AUDIT *audit, VERDICT *v)
{
    CONV_APPLY_CONF conf;

    /* mc->rcpt_mark: set by mlfi_conv_begin() and mlfi_conv_rcpt_end(). */
    if (mc == 0 || !mc_active())
	return (VERDICT_CONTINUE);
    /* The null sender is judged at end of message, from its From. */
    mc_conf(live, &conf);
    if (!conv_apply_rcpt(&conf, msg->sender_parsed ? &msg->sender_addr : 0, r))
	return (VERDICT_CONTINUE);
    return (mc_inbound(mc, live, r->settings, msg, &msg->sender_addr,
		       vstr_str(r->bare), r->arg, 1, -1, audit, v));
}

/* mlfi_conv_rcpt_end - the recipient's final verdict: keep or drop */

void    mlfi_conv_rcpt_end(MLFI_CONV *mc, const RCPT_FACTS *r, int accepted)
{
    if (mc == 0)
	return;
    /* Refused (by any stage): its conversation does not change. */
    if (!accepted) {
	mc_drop_writes(mc, mc->rcpt_mark);
	return;
    }
    mc->rcpt_mark = convpend_count(mc->pend);
    if (!mc_active() || !rcpt_facts_ok(r))
	return;
    /* The others: for a null sender whose From is a patient (EOM). */
    if (r->patient) {
	mc->patients = myrealloc(mc->patients, (mc->npat + 1) * sizeof(char *));
	mc->patients[mc->npat++] = mystrdup(vstr_str(r->bare));
    } else {
	mc->pros = myrealloc(mc->pros, (mc->npro + 1) * sizeof(char *));
	mc->pros[mc->npro++] = mystrdup(vstr_str(r->bare));
    }
}

/* mlfi_conv_header - keep the headers the rules read */

void    mlfi_conv_header(MLFI_CONV *mc, const char *name, const char *value)
{
    if (mc == 0 || name == 0 || value == 0)
	return;
    /* The blanks after the colon are syntax, not part of the value. */
    while (*value == ' ' || *value == '\t')
	value++;
    if (strcasecmp(name, "Subject") == 0 && !mc->has_subject) {
	mime_hdr_decode(value, mc->subject);
	mc->has_subject = 1;
    } else if (strcasecmp(name, MC_MES) == 0) {
	if (mc->mes_count++ == 0)
	    mime_hdr_unfold(value, mc->mes);
    } else if (strcasecmp(name, "Reply-To") == 0) {
	if (mc->has_reply_to++)
	    vstr_addch(mc->reply_to, ',');
	mime_hdr_unfold(value, mc->tmp);
	vstr_cat(mc->reply_to, vstr_str(mc->tmp));
    }
}

/* mc_is_app - APP mailbox: directory type, or AppMailboxes */

static DIR_STATUS mc_is_app(const LIVE *live, const CONV_APPLY_CONF *conf,
			            const char *sender, int *app)
{
    DIR_MAILBOX mb;
    DIR_STATUS ds;

    if ((*app = conv_apply_app_listed(conf, sender)) != 0)
	return (DIR_FOUND);
    ds = dir_mailbox(live->dir, sender, &mb);
    *app = (ds == DIR_FOUND && strcmp(mb.type, "APP") == 0);
    return (ds);
}

/* mlfi_conv_headers - the X-MSS-MES edit and the tag, once accepted */

void    mlfi_conv_headers(MLFI_CONV *mc, SMFICTX *ctx)
{
    int     i;

    if (mc == 0 || ctx == 0)
	return;
    /* Delete from the last so that the indexes stay valid. */
    for (i = mc->mes_count; mc->edit == CONV_MES_CHANGE && i >= 1; i--)
	(void) smfiw_delheader(ctx, MC_MES, i);
    if (mc->edit != CONV_MES_KEEP)
	(void) smfiw_insheader(ctx, 0, MC_MES, "FIN");
    if (vstr_len(mc->tag) > 0)
	(void) smfiw_insheader(ctx, 0, MC_TAG, vstr_str(mc->tag));
}

/* mlfi_conv_commit - an accepted message on record: write its states */

void    mlfi_conv_commit(MLFI_CONV *mc, const LIVE *live, const DECIDE_MSG *msg,
			         const VERDICT *v)
{
    if (mc == 0)
	return;
    if (v->action == VERDICT_CONTINUE && mc_active())
	convpend_commit(mc->pend, live->dir, mlfi_conv_crypt(), msg->queue_id);
    mc_drop_writes(mc, 0);
}

/* mc_verify - states read at RCPT TO: did they change since? */

static VERDICT_ACTION mc_verify(MLFI_CONV *mc, const LIVE *live,
				        DECIDE_MSG *msg, MLFI_AUDIT *audit,
				        VERDICT *v)
{
    CONVPEND_ENTRY *w;
    CONV_STATE now;
    CONV_RESULT res;
    size_t  i;
    VERDICT_ACTION act = VERDICT_CONTINUE;

    for (i = 0; i < convpend_count(mc->pend) && act == VERDICT_CONTINUE; i++) {
	w = convpend_get(mc->pend, i);
	if (!w->at_rcpt)
	    continue;
	if (convdir_read(live->dir, &w->key, &now) == DIR_TEMPFAIL)
	    return (mc_dir_error(live, msg, 0, vstr_str(w->key.mailbox), v));
	if (conv_state_equal(&now, &w->read))
	    continue;
	switch (conv_replay(&w->cc, &now, &w->redo, &res)) {
	case CONV_REPLAY_UNAVAILABLE:
	    return (mc_dir_error(live, msg, 0, vstr_str(w->key.mailbox), v));
	case CONV_REPLAY_REFUSED:
	    /* A [FIN] (or an expiry) came in while this message was sent. */
	    act = mc_refuse(mc, live, msg, 0, vstr_str(w->key.mailbox), &w->key,
			    &res, w->patient, "inbound, changed meanwhile",
			    audit, v);
	    w->write = 0;
	    break;
	case CONV_REPLAY_NONE:
	case CONV_REPLAY_WRITE:
	    w->write = res.write;
	    w->st = res.state;
	    break;
	}
	w->read = now;
    }
    return (act);
}

/* mc_held - a patient's message: a report, or mail (held refusals) */

static VERDICT_ACTION mc_held(MLFI_CONV *mc, const LIVE *live,
			              DECIDE_MSG *msg, MLFI_AUDIT *audit,
			              VERDICT *v)
{
    CONVPEND_ENTRY *w;
    CONV_RESULT res;
    size_t  i;
    int     report = (msg->report_type != REPORT_NONE);
    VERDICT_ACTION act = VERDICT_CONTINUE;

    for (i = 0; i < convpend_count(mc->pend) && act == VERDICT_CONTINUE; i++) {
	w = convpend_get(mc->pend, i);
	if (!w->at_rcpt || (!report && !w->held))
	    continue;
	conv_inbound_eom(&w->read, &w->rcpt, report, &res);
	/* Decided now: nothing to check again, nothing to write. */
	w->at_rcpt = w->held = 0;
	w->write = 0;
	if (report) {
	    vstr_sprintf(mc->tmp, "inbound %s report (state kept)",
			 report_type_name(msg->report_type));
	    mc_log(msg, &w->key, &res, vstr_str(mc->tmp), mc->detail);
	    continue;
	}
	/* The reply text of RCPT TO, which named the recipient so. */
	vstr_sprintf(mc->tmp, "<%s>", vstr_str(w->key.mailbox));
	act = mc_refuse(mc, live, msg, 0, vstr_str(mc->tmp), &w->key, &res,
			w->patient, "inbound", audit, v);
    }
    return (act);
}

/* mc_null_inbound - null sender, From a patient: patient -> professionals */

static VERDICT_ACTION mc_null_inbound(MLFI_CONV *mc, const LIVE *live,
				              const MLFI_MBPOL *mbp, DECIDE_MSG *msg,
				              int report, MLFI_AUDIT *audit,
				              VERDICT *v)
{
    ADDR    pa;
    size_t  i, j;
    VERDICT_ACTION act = VERDICT_CONTINUE;

    for (i = 0; i < msg->nauthors && act == VERDICT_CONTINUE; i++) {
	if (addr_parse(msg->authors[i], strlen(msg->authors[i]), &pa) != ADDR_OK
	    || pa.null_sender
	    || !rcpt_is_patient_domain(live->pol.patient_domain, pa.domain))
	    continue;
	for (j = 0; j < mc->npro && act == VERDICT_CONTINUE; j++)
	    act = mc_inbound(mc, live, mlfi_mbpol_settings(mbp, mc->pros[j]),
			     msg, &pa, mc->pros[j], mc->pros[j], 0, report,
			     audit, v);
    }
    return (act);
}

/* mc_outbound_pair - one (patient, party) pair of an outbound message */

static void mc_outbound_pair(MLFI_CONV *mc, const LIVE *live,
			             const DECIDE_MSG *msg, MLFI_AUDIT *audit,
			             const CONV_CONFIG *cc, const CONV_OUT *facts,
			             const char *pat, const char *party,
			             time_t now, CONV_APPLY_OUTCOME *o)
{
    const char *at = strrchr(pat, '@');
    CONVDIR_KEY key;
    CONV_STATE st;
    CONV_RESULT res;
    CONV_REPLAY redo;
    int     decided;

    convdir_key_init(&key);
    if (at == 0 || convdir_key_set(&key, mlfi_conv_key(), party, pat,
				   (size_t) (at - pat)) != 0) {
	convdir_key_free(&key);
	return;
    }
    (void) convdir_read(live->dir, &key, &st);
    decided = conv_outbound(cc, &st, facts, now, &res);
    if (conv_apply_outcome_add(o, decided, &res, pat)) {
	/* Written by mlfi_conv_commit(), once accepted and on record. */
	memset(&redo, 0, sizeof(redo));
	redo.outbound = 1;
	redo.out = *facts;
	redo.when = now;
	convpend_push(mc->pend, &key, &st, &res, pat, cc, &redo, 0);
    }
    mc_log(msg, &key, &res, "outbound", mc->detail);
    mc_audit(audit, &key, &res, pat, mc->detail);
    convdir_key_free(&key);
}

/* mc_outbound - professional -> patients: pending writes, header edits */

static VERDICT_ACTION mc_outbound(MLFI_CONV *mc, const LIVE *live,
			              const MLFI_MBPOL *mbp, DECIDE_MSG *msg,
			              const TRUST *trust, MLFI_AUDIT *audit,
			              const char *author, VERDICT *v)
{
    const MBPOL_SETTINGS *s;
    CONV_CONFIG cc;
    CONV_OUT facts;
    CONV_APPLY_CONF conf;
    CONV_APPLY_PARTIES pt;
    CONV_APPLY_OUTCOME o;
    RULE_VARS vars;
    size_t  i, j;
    int     app;
    time_t  now = time((time_t *) 0);

    mc_conf(live, &conf);
    memset(&facts, 0, sizeof(facts));
    facts.sender = author;
    if (mc_is_app(live, &conf, author, &app) == DIR_TEMPFAIL)
	return (mc_dir_error(live, msg, 0, msg->sender, v));
    facts.sender_app = app;
    facts.subject = mc->has_subject ?
	subject_classify(vstr_str(mc->subject), vstr_len(mc->subject)) : SUBJ_NONE;
    facts.has_mes = mc->mes_count > 0;
    facts.mes = facts.has_mes ?
	subject_classify_mes(vstr_str(mc->mes), vstr_len(mc->mes)) : SUBJ_NONE;

    /* The mailboxes the patient answers: MSSante Reply-To, else the sender. */
    conv_apply_parties(&conf, author, mc->has_reply_to ?
		       vstr_str(mc->reply_to) : 0, vstr_len(mc->reply_to),
		       trust, &pt);
    conv_apply_outcome_init(&o);
    for (i = 0; i < mc->npat && o.act == VERDICT_CONTINUE; i++) {
	/* The settings of this (sender, patient) pair. */
	s = mlfi_mbpol_settings(mbp, mc->patients[i]);
	conv_apply_config(&conf, s, &cc);
	facts.replies = conv_apply_replies(s);
	for (j = 0; j < pt.count && o.act == VERDICT_CONTINUE; j++)
	    mc_outbound_pair(mc, live, msg, audit, &cc, &facts,
			     mc->patients[i], pt.parties[j], now, &o);
    }
    if (o.near_addr != 0) {
	/* warn: tagged (rule listed); fix: listed too; reject: refused. */
	conv_detail(&o.near_res, live->pol.lang, mc->detail);
	memset(&vars, 0, sizeof(vars));
	vars.addr = o.near_addr;
	vars.detail = vstr_str(mc->detail);
	o.act = decide_other(&live->pol, msg, 0, o.act,
			     rule_id(RULE_CONV_NEAR_MISS_FIN),
			     &vars, v);
    }
    if (o.act == VERDICT_CONTINUE && o.unavail_addr != 0)
	o.act = mc_dir_error(live, msg, 0, o.unavail_addr, v);
    if (o.act == VERDICT_CONTINUE)
	mc->edit = o.edit;
    /* NearMissFin=warn: the tag says why the conversation stays open. */
    if (o.act == VERDICT_CONTINUE && !conv_apply_outcome_tag(&o, mc->tag))
	vstr_reset(mc->tag);
    conv_apply_parties_free(&pt);
    return (o.act);
}

/* mlfi_conv_eom - end of message: both directions, states read again */

VERDICT_ACTION mlfi_conv_eom(MLFI_CONV *mc, const LIVE *live,
			             const MLFI_MBPOL *mbp, DECIDE_MSG *msg,
			             const TRUST *trust, MLFI_AUDIT *audit,
			             VERDICT *v)
{
    VERDICT_ACTION act;
    CONV_APPLY_CONF conf;
    CONV_APPLY_EOM e;

    if (mc == 0 || !mc_active())
	return (VERDICT_CONTINUE);
    /* A patient's report changes nothing; mail refused if closed. */
    if ((act = mc_held(mc, live, msg, audit, v)) != VERDICT_CONTINUE)
	return (act);
    /* A patient's message whose conversation closed after RCPT TO. */
    if ((act = mc_verify(mc, live, msg, audit, v)) != VERDICT_CONTINUE)
	return (act);
    if (!msg->sender_parsed)
	return (VERDICT_CONTINUE);

    /*
     * The null sender of anything but a report (decide(3) lists its From
     * in msg->authors): a patient's From is checked like a patient's
     * envelope sender, a professional's From opens and closes like one.
     */
    mc_conf(live, &conf);
    e.author = vstr_alloc(64);
    conv_apply_eom(&conf, &msg->sender_addr, msg->report_type,
		   (const char *const *) msg->authors, msg->nauthors, &e);
    if (e.null_inbound)
	act = mc_null_inbound(mc, live, mbp, msg, e.null_report, audit, v);
    if (act == VERDICT_CONTINUE && vstr_len(e.author) > 0
	&& msg->dir == DECIDE_DIR_OUTBOUND && mc->npat > 0)
	act = mc_outbound(mc, live, mbp, msg, trust, audit,
			  vstr_str(e.author), v);
    vstr_free(e.author);
    return (act);
}
