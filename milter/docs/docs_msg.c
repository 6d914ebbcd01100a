/*++
/* NAME
/*	docs_msg 3
/* SUMMARY
/*	the documents of one SMTP transaction: read, categorise, judge
/* SYNOPSIS
/*	#include "docs_msg.h"
/*
/*	DOCS_MSG *docs_msg_create(void)
/*	void	docs_msg_free(DOCS_MSG *d)
/*
/*	void	docs_msg_begin(DOCS_MSG *d, const DOCS_CONF *conf,
/*					const char *sender)
/*	void	docs_msg_rcpt(DOCS_MSG *d, const char *patient_domain,
/*					const char *rcpt)
/*	void	docs_msg_rcpt_facts(DOCS_MSG *d, const RCPT_FACTS *r)
/*	void	docs_msg_header(DOCS_MSG *d, const char *name,
/*					const char *value)
/*	int	docs_msg_body(DOCS_MSG *d, const void *data, size_t len)
/*	VERDICT_ACTION docs_msg_eom(DOCS_MSG *d, const DECIDE_POLICY *pol,
/*					DECIDE_MSG *msg, DIR_CLIENT *dir,
/*					VERDICT *v)
/*	void	docs_msg_end(DOCS_MSG *d)
/*
/*	size_t	docs_msg_tag_count(const DOCS_MSG *d)
/*	const char *docs_msg_tag(const DOCS_MSG *d, size_t index,
/*					const char **name)
/*	const DOCCAT_RESULT *docs_msg_categories(const DOCS_MSG *d)
/*	size_t	docs_msg_patient_ids(const DOCS_MSG *d, const char ***ids)
/*	void	docs_msg_summary(const DOCS_MSG *d, VSTR *out)
/* DESCRIPTION
/*	One DOCS_MSG per SMTP connection, reused by its transactions. It
/*	strings together the documents blocks for the libmilter glue
/*	(mlfi_docs(3)), without knowing libmilter, so that it is tested
/*	with Check: mime(3) reads the message as it streams by,
/*	xdm_msg(3) reads its IHE_XDM archives, doccat(3) gives each
/*	document its category, docrules(3) judges the X-MSS-* headers and
/*	the documents, and decide(3) turns each broken rule into the
/*	transaction's verdict (monitor mode and per-mailbox policy apply
/*	as to every other rule).
/*
/*	docs_msg_begin() starts a transaction (MAIL FROM) with the
/*	documents configuration of the connection and the envelope
/*	sender as given; it does nothing more when conf->enabled is off.
/*	docs_msg_rcpt() records a recipient that was let through;
/*	those in patient_domain are the patients whose INS the XDM
/*	metadata must name. docs_msg_rcpt_facts() does the same with the
/*	recipient's facts (rcpt(3)) made once for every stage.
/*	docs_msg_header() and docs_msg_body() feed
/*	the message; docs_msg_body() returns 0 once the rest of the body
/*	is of no use (documents off, or the message is over
/*	DocumentMaxSize). docs_msg_end() forgets the transaction (its
/*	spool files go); docs_msg_begin() implies it.
/*
/*	docs_msg_eom() does the work at end of message:
/* .IP \(bu
/*	a spool or archive this host could not write (disk full) is
/*	internal.error (On-InternalError, tempfail by default): the
/*	sender's message is not judged by our failure;
/* .IP \(bu
/*	a message over DocumentMaxSize, or beyond the parser's limits,
/*	is doc.unanalysed (docs_conf_unanalysed(): by default refused
/*	like doc.patient_mismatch when it goes to a patient, since that
/*	check could not be made, and delivered with a warning otherwise);
/* .IP \(bu
/*	otherwise each document gets its category, the sender's mailbox
/*	type is found (AppMailboxes, then the directory, only when
/*	AppStrict or doc.x_mss_nil need it: a directory failure applies
/*	On-DirectoryError under AppStrict, and otherwise only means the
/*	APP rules are not applied, with a warning), and every rule
/*	broken goes through decide_other(). {addr} of a reply is the
/*	patient recipient for the patient rules, else the sender.
/* .PP
/*	It returns the action and leaves in v the most severe verdict
/*	(the first of equals). The "doc" check of X-MSSante-Policy is
/*	pass or fail when there was something to check.
/*
/*	docs_msg_tag_count() and docs_msg_tag() give the headers to add
/*	when the message goes on: one X-MSSante-Category per document
/*	(doccat_format_header(); without a table, codes carry neither a
/*	display nor status=unknown), then one X-MSSante-Document-Rule
/*	per rule broken that did not refuse the message:
/* .nf
/*	rule=doc.codecda; action=warn; detail="en-tete absent..."
/* .fi
/*	("action" is warn, quarantine, or in monitor mode would-reject
/*	and the like). At most DOCS_MSG_MAX_TAGS headers (a warning is
/*	logged beyond). Copies of these headers that arrived with the
/*	message are deleted by mlfi(3), with every X-MSSante-* header.
/*
/*	docs_msg_categories() gives the categories (NULL before
/*	docs_msg_eom() or without documents); docs_msg_patient_ids()
/*	the patient ids of the XDM metadata (for audit_txn_patient(),
/*	which pseudonymises them: they are INS); docs_msg_summary() the
/*	doccat_summary() of the categories, for the audit record.
/* DIAGNOSTICS
/*	Problems of the message are verdicts; problems of this host are
/*	logged and become internal.error.
/*--*/

#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "msg.h"
#include "addr.h"
#include "rcpt.h"
#include "mime.h"
#include "xdm_msg.h"
#include "docs_msg.h"

#define DOCS_MSG_DETAIL_MAX	300	/* octets of a rule header's detail */

typedef struct DOCS_TAG {
    const char *name;			/* static header name */
    char   *value;
} DOCS_TAG;

struct DOCS_MSG {
    const DOCS_CONF *conf;		/* NULL: no transaction, or off */
    char   *sender;			/* local@domain, or NULL */
    MIME_MSG *mime;
    int     eoh;			/* mime_msg_eoh() done */
    XDM_MSG *xm;
    const DOCCAT_RESULT *cats;		/* points into xm */
    char  **rcpt_ins;			/* local parts of patient recipients */
    char  **rcpt_addr;			/* their addresses */
    size_t  rcpt_count;
    DOCS_TAG *tags;
    size_t  tag_count;
    const char **patient_ids;		/* XDM metadata, point into xm */
    size_t  patient_count;
    VSTR   *tmp;
};

/* docs_msg_create - per-connection state */

DOCS_MSG *docs_msg_create(void)
{
    DOCS_MSG *d = mycalloc(1, sizeof(*d));

    d->tmp = vstr_alloc(256);
    return (d);
}

/* docs_msg_end - forget the transaction */

void    docs_msg_end(DOCS_MSG *d)
{
    size_t  i;

    if (d == 0)
	return;
    mime_msg_free(d->mime);
    xdm_msg_free(d->xm);
    for (i = 0; i < d->rcpt_count; i++) {
	myfree(d->rcpt_ins[i]);
	myfree(d->rcpt_addr[i]);
    }
    myfree(d->rcpt_ins);
    myfree(d->rcpt_addr);
    for (i = 0; i < d->tag_count; i++)
	myfree(d->tags[i].value);
    myfree(d->tags);
    myfree(d->patient_ids);
    myfree(d->sender);
    d->conf = 0;
    d->sender = 0;
    d->mime = 0;
    d->eoh = 0;
    d->xm = 0;
    d->cats = 0;
    d->rcpt_ins = d->rcpt_addr = 0;
    d->rcpt_count = 0;
    d->tags = 0;
    d->tag_count = 0;
    d->patient_ids = 0;
    d->patient_count = 0;
}

/* docs_msg_free - destroy; NULL is fine */

void    docs_msg_free(DOCS_MSG *d)
{
    if (d == 0)
	return;
    docs_msg_end(d);
    vstr_free(d->tmp);
    myfree(d);
}

/* docs_msg_begin - a new transaction */

void    docs_msg_begin(DOCS_MSG *d, const DOCS_CONF *conf, const char *sender)
{
    ADDR    addr;

    docs_msg_end(d);
    if (conf == 0 || !conf->enabled)
	return;
    d->conf = conf;
    if (sender != 0 && addr_parse(sender, strlen(sender), &addr) == ADDR_OK
	&& !addr.null_sender) {
	vstr_sprintf(d->tmp, "%s@%s", addr.local, addr.domain);
	d->sender = mystrdup(vstr_str(d->tmp));
    }
    d->mime = mime_msg_create(&conf->mime);
}

/* docs_msg_rcpt_facts - a recipient let through, its facts made once */

void    docs_msg_rcpt_facts(DOCS_MSG *d, const RCPT_FACTS *r)
{
    if (d->conf == 0 || !r->patient)
	return;
    d->rcpt_ins = myrealloc(d->rcpt_ins, (d->rcpt_count + 1) * sizeof(char *));
    d->rcpt_addr = myrealloc(d->rcpt_addr, (d->rcpt_count + 1) * sizeof(char *));
    d->rcpt_ins[d->rcpt_count] = mystrdup(r->addr.local);
    d->rcpt_addr[d->rcpt_count] = mystrdup(vstr_str(r->bare));
    d->rcpt_count++;
}

/* docs_msg_rcpt - a recipient let through, as the MTA gave it */

void    docs_msg_rcpt(DOCS_MSG *d, const char *patient_domain, const char *rcpt)
{
    RCPT_FACTS r;

    if (d->conf == 0 || rcpt == 0)
	return;
    rcpt_facts_init(&r);
    rcpt_facts_set(&r, patient_domain, rcpt);
    docs_msg_rcpt_facts(d, &r);
    rcpt_facts_free(&r);
}

/* docs_msg_header - one header of the message */

void    docs_msg_header(DOCS_MSG *d, const char *name, const char *value)
{
    if (name == 0)
	return;
    if (d->conf != 0)
	(void) mime_msg_header(d->mime, name, value ? value : "");
}

/* docs_msg_body - one chunk; 0 when no more is needed */

int     docs_msg_body(DOCS_MSG *d, const void *data, size_t len)
{
    if (d->conf == 0)
	return (0);
    /* libmilter's end-of-headers step is negotiated away: do it here. */
    if (!d->eoh) {
	(void) mime_msg_eoh(d->mime);
	d->eoh = 1;
    }
    return (mime_msg_body(d->mime, data, len) == MIME_OK);
}

/* docs_msg_add_tag - one header to add, within the cap */

static void docs_msg_add_tag(DOCS_MSG *d, const char *name, const char *value)
{
    if (d->tag_count >= DOCS_MSG_MAX_TAGS) {
	if (d->tag_count++ == DOCS_MSG_MAX_TAGS)
	    msg_warn("more than %d document headers for one message: the "
		     "others are not added (the audit record has them all)",
		     DOCS_MSG_MAX_TAGS);
	return;
    }
    d->tags = myrealloc(d->tags, (d->tag_count + 1) * sizeof(*d->tags));
    d->tags[d->tag_count].name = name;
    d->tags[d->tag_count].value = mystrdup(value);
    d->tag_count++;
}

/* docs_msg_rule_tag - X-MSSante-Document-Rule for a rule let through */

static void docs_msg_rule_tag(DOCS_MSG *d, const char *rule, const char *action,
			              const char *detail)
{
    const char *cp;
    size_t  n;

    vstr_sprintf(d->tmp, "rule=%s; action=%s; detail=\"", rule, action);
    for (cp = detail ? detail : "", n = 0; *cp && n < DOCS_MSG_DETAIL_MAX; cp++, n++) {
	if (*cp == '"' || *cp == '\\')
	    vstr_addch(d->tmp, '\\');
	vstr_addch(d->tmp, (*cp >= 0x20 && *cp < 0x7f) ? *cp : '?');
    }
    vstr_cat(d->tmp, *cp ? "...\"" : "\"");
    docs_msg_add_tag(d, DOCS_MSG_RULE_HEADER, vstr_str(d->tmp));
}

/* docs_msg_sender_addr - the sender for a reply, "<>" when none */

static const char *docs_msg_sender_addr(const DOCS_MSG *d, const DECIDE_MSG *msg)
{
    return (msg->sender && *msg->sender ? msg->sender : d->sender ? d->sender : "<>");
}

/* docs_msg_noted - did decide(3) record the rule? */

static int docs_msg_noted(const DECIDE_MSG *msg, const char *rule)
{
    int     i;

    for (i = 0; i < msg->rule_count; i++)
	if (strcmp(msg->rules[i], rule) == 0)
	    return (1);
    return (msg->rules_dropped);
}

/* docs_msg_apply - one broken rule through decide(3) */

static VERDICT_ACTION docs_msg_apply(DOCS_MSG *d, const DECIDE_POLICY *pol,
				             DECIDE_MSG *msg,
				             DOCRULES_ACTION want,
				             const char *rule, const char *addr,
				             const char *detail, VERDICT *v)
{
    VERDICT tv;
    RULE_VARS vars;
    VERDICT_ACTION act;
    VSTR   *name = vstr_alloc(20);

    if (want == DOCRULES_OFF) {
	vstr_free(name);
	return (VERDICT_CONTINUE);
    }
    memset(&vars, 0, sizeof(vars));
    vars.addr = addr;
    vars.detail = detail;
    verdict_init(&tv);
    act = decide_other(pol, msg, 0, docrules_action_verdict(want), rule, &vars, &tv);
    if (act == VERDICT_CONTINUE && !docs_msg_noted(msg, rule)) {
	/* The per-mailbox policy dropped the rule (accept). */
    } else if (act == VERDICT_CONTINUE || act == VERDICT_QUARANTINE) {
	/* What was done, or in monitor mode what would have been. */
	if (act == VERDICT_QUARANTINE)
	    vstr_strcpy(name, "quarantine");
	else if (tv.rule != 0 && verdict_severity(docrules_action_verdict(want))
		 > verdict_severity(VERDICT_CONTINUE))
	    vstr_sprintf(name, "would-%s",
			 verdict_action_name(docrules_action_verdict(want)));
	else
	    vstr_strcpy(name, "warn");
	docs_msg_rule_tag(d, rule, vstr_str(name), detail);
    }
    if (act != VERDICT_CONTINUE || docs_msg_noted(msg, rule))
	msg->result[DECIDE_CHK_DOC] = DECIDE_RES_FAIL;
    (void) verdict_merge(v, &tv);
    verdict_free(&tv);
    vstr_free(name);
    return (act);
}

/* docs_msg_unanalysed - the message could not be read */

static VERDICT_ACTION docs_msg_unanalysed(DOCS_MSG *d, const DECIDE_POLICY *pol,
				              DECIDE_MSG *msg, MIME_STATUS st,
				                  VERDICT *v)
{
    const char *addr = d->rcpt_count ? d->rcpt_addr[0] : docs_msg_sender_addr(d, msg);
    VSTR   *detail = vstr_alloc(64);
    VERDICT_ACTION act;

    switch (st) {
    case MIME_ERR_TOO_BIG:
	vstr_sprintf(detail, "message de plus de %lld octets",
		     (long long) d->conf->mime.max_size);
	break;
    case MIME_ERR_PARTS:
	vstr_strcpy(detail, "trop de parties MIME ou imbrication trop profonde");
	break;
    case MIME_ERR_PARSE:
	vstr_strcpy(detail, "structure MIME illisible");
	break;
    default:
	vstr_strcpy(detail, "structure MIME trop complexe (lignes d'en-tete, "
		    "separateurs ou champ trop long)");
	break;
    }
    if (msg_verbose)
	msg_info("%s: documents not analysed: %s",
		 msg->queue_id ? msg->queue_id : "NOQUEUE", mime_msg_error(d->mime));
    act = docs_msg_apply(d, pol, msg, docs_conf_unanalysed(d->conf, d->rcpt_count > 0),
			 rule_id(RULE_DOC_UNANALYSED), addr, vstr_str(detail), v);
    vstr_free(detail);
    return (act);
}

/* docs_msg_log_archives - why each archive was not read, for the operator */

static void docs_msg_log_archives(DOCS_MSG *d, const char *qid)
{
    const XDM_RESULT *res;
    size_t  i;

    for (i = 0; (res = xdm_msg_archive(d->xm, i)) != 0; i++)
	if (res->status != XDM_OK)
	    msg_info("%s: IHE_XDM archive %zu: %s: %s", qid ? qid : "NOQUEUE",
		     i + 1, xdm_status_name(res->status), vstr_str(res->error));
}

/* docs_msg_local_error - our spool failed: internal.error */

static VERDICT_ACTION docs_msg_local_error(DOCS_MSG *d, const DECIDE_POLICY *pol,
				              DECIDE_MSG *msg, const char *why,
				                   const char *detail, VERDICT *v)
{
    RULE_VARS vars;

    msg_warn("%s: documents: %s", msg->queue_id ? msg->queue_id : "NOQUEUE", why);
    memset(&vars, 0, sizeof(vars));
    vars.addr = docs_msg_sender_addr(d, msg);
    vars.detail = detail ? detail : "espace de travail des documents indisponible";
    return (decide_other(pol, msg, 0, pol->on_internal_error,
			 rule_id(RULE_INTERNAL_ERROR),
			 &vars, v));
}

/* docs_msg_sender_app - is the sender an APP mailbox? -1: unknown */

static int docs_msg_sender_app(DOCS_MSG *d, DIR_CLIENT *dir, const char *qid)
{
    DIR_MAILBOX mb;

    if (d->sender == 0)
	return (0);
    if (docs_conf_app_listed(d->conf, d->sender))
	return (1);
    /* Only look it up when the type changes something. */
    if (!d->conf->rules.app_strict
	&& d->conf->rules.action[DOCRULES_X_MSS_NIL] == DOCRULES_OFF
	&& d->conf->rules.patient_action[DOCRULES_X_MSS_NIL] == DOCRULES_OFF)
	return (0);
    /* A null client answers DIR_TEMPFAIL (dir(3)): "unknown", not "not APP". */
    switch (dir_mailbox(dir, d->sender, &mb)) {
    case DIR_FOUND:
	return (strcmp(mb.type, "APP") == 0);
    case DIR_NOTFOUND:
	return (0);
    default:
	msg_warn("%s: type of sender mailbox unknown (directory unavailable)",
		 qid ? qid : "NOQUEUE");
	return (-1);
    }
}

/* docs_msg_tag_categories - one X-MSSante-Category per document */

static void docs_msg_tag_categories(DOCS_MSG *d)
{
    DOCCAT_ITEM item;
    size_t  i;

    for (i = 0; d->cats && i < d->cats->count; i++) {
	item = d->cats->items[i];
	/* Without a table a code is not judged: no status=unknown. */
	if (d->conf->table == 0)
	    item.known = 1;
	doccat_format_header(&item, d->tmp);
	docs_msg_add_tag(d, DOCCAT_HEADER, vstr_str(d->tmp));
    }
}

/* docs_msg_collect_patients - patient ids of the metadata */

static void docs_msg_collect_patients(DOCS_MSG *d)
{
    const XDM_RESULT *res;
    size_t  i, j, n = 0;

    for (i = 0; (res = xdm_msg_archive(d->xm, i)) != 0; i++)
	n += res->ndocs;
    d->patient_ids = mycalloc(n + 1, sizeof(char *));
    for (i = 0; (res = xdm_msg_archive(d->xm, i)) != 0; i++)
	for (j = 0; j < res->ndocs; j++)
	    if (res->docs[j].patient_id != 0)
		d->patient_ids[d->patient_count++] = res->docs[j].patient_id;
}

/* docs_msg_eom - end of message: read, categorise, judge */

VERDICT_ACTION docs_msg_eom(DOCS_MSG *d, const DECIDE_POLICY *pol,
			            DECIDE_MSG *msg, DIR_CLIENT *dir, VERDICT *v)
{
    DOCRULES_FACTS facts;
    DOCRULES_REPORT rep;
    const DOCRULES_HIT *hp;
    MIME_STATUS st;
    const char *addr;
    VERDICT_ACTION act = VERDICT_CONTINUE;
    size_t  i;
    int     app;

    verdict_reset(v);
    if (d->conf == 0)
	return (VERDICT_CONTINUE);
    if (!d->eoh) {
	(void) mime_msg_eoh(d->mime);
	d->eoh = 1;
    }
    st = mime_msg_finish(d->mime);
    if (st == MIME_ERR_IO || st == MIME_ERR_STATE)
	return (docs_msg_local_error(d, pol, msg, mime_msg_error(d->mime), 0, v));
    if (st != MIME_OK)
	return (docs_msg_unanalysed(d, pol, msg, st, v));

    d->xm = xdm_msg_create();
    (void) xdm_msg_scan(d->xm, d->mime, &d->conf->xdm, d->conf->spool);
    docs_msg_log_archives(d, msg->queue_id);
    if (xdm_msg_local_error(d->xm))
	return (docs_msg_local_error(d, pol, msg, "cannot spool an IHE_XDM archive",
				     0, v));
    /* The MTA would have given up: stop, and let the sender retry later. */
    if (xdm_msg_timed_out(d->xm)) {
	VSTR   *why = vstr_alloc(100);

	vstr_sprintf(why, "reading the IHE_XDM archives stopped after %ld ms "
		     "(DocumentTimeLimit %ld ms)",
		     xdm_budget_elapsed_ms(xdm_msg_budget(d->xm)),
		     d->conf->xdm.msg_max_ms);
	act = docs_msg_local_error(d, pol, msg, vstr_str(why),
			     xdm_status_text_fr(XDM_ERR_TIME), v);
	vstr_free(why);
	return (act);
    }
    d->cats = xdm_msg_categorize(d->xm, d->mime, d->conf->table,
				 d->conf->cat_rules, d->sender);
    d->cats = xdm_msg_classify(d->xm, d->conf->classes);
    docs_msg_collect_patients(d);
    if ((app = docs_msg_sender_app(d, dir, msg->queue_id)) < 0) {
	if (d->conf->rules.app_strict) {
	    RULE_VARS vars;

	    memset(&vars, 0, sizeof(vars));
	    vars.addr = docs_msg_sender_addr(d, msg);
	    vars.detail = "type de la boite emettrice inconnu";
	    return (decide_other(pol, msg, 0, pol->on_dir_error,
				 rule_id(RULE_DIR_ERROR),
				 &vars, v));
	}
	app = 0;
    }
    facts = *xdm_msg_facts(d->xm, d->mime, app,
			   (const char *const *) d->rcpt_ins, d->rcpt_count);
    if (d->conf->table == 0)
	facts.unknown = 0;
    facts.nil_required = docs_conf_nil_listed(d->conf, d->sender);
    docrules_report_init(&rep);
    docrules_check(&d->conf->rules, &facts, &rep);
    docs_msg_tag_categories(d);
    for (i = 0; i < rep.count; i++) {
	hp = rep.hits + i;
	if (hp->rcpt_index < d->rcpt_count)
	    addr = d->rcpt_addr[hp->rcpt_index];
	else if (d->rcpt_count > 0 && (hp->rule == DOCRULES_PATIENT_MISMATCH
				       || hp->rule == DOCRULES_PATIENT_UNVERIFIED
				       || hp->rule == DOCRULES_INS_UNQUALIFIED
				       || hp->rule == DOCRULES_CATEGORY_MISSING))
	    addr = d->rcpt_addr[0];
	else
	    addr = docs_msg_sender_addr(d, msg);
	(void) docs_msg_apply(d, pol, msg, hp->action, hp->id, addr,
			      vstr_str(hp->detail), v);
    }
    if (rep.count == 0 && (facts.documents > 0 || facts.xdm_archives > 0
			   || facts.x_mss_codecda || facts.x_mss_ins || app))
	msg->result[DECIDE_CHK_DOC] = DECIDE_RES_PASS;
    docrules_report_free(&rep);
    act = v->action;
    return (act);
}

/* docs_msg_tag_count - headers to add */

size_t  docs_msg_tag_count(const DOCS_MSG *d)
{
    return (d->tag_count < DOCS_MSG_MAX_TAGS ? d->tag_count : DOCS_MSG_MAX_TAGS);
}

/* docs_msg_tag - one header to add: value, and its name */

const char *docs_msg_tag(const DOCS_MSG *d, size_t index, const char **name)
{
    if (index >= docs_msg_tag_count(d))
	return (0);
    if (name)
	*name = d->tags[index].name;
    return (d->tags[index].value);
}

/* docs_msg_categories - the categories, or NULL */

const DOCCAT_RESULT *docs_msg_categories(const DOCS_MSG *d)
{
    return (d->cats);
}

/* docs_msg_patient_ids - patient ids of the XDM metadata */

size_t  docs_msg_patient_ids(const DOCS_MSG *d, const char ***ids)
{
    *ids = d->patient_ids;
    return (d->patient_count);
}

/* docs_msg_summary - categories for a log or audit line */

void    docs_msg_summary(const DOCS_MSG *d, VSTR *out)
{
    vstr_reset(out);
    if (d->cats)
	doccat_summary(d->cats, out);
}
