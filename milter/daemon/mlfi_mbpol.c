/*++
/* NAME
/*	mlfi_mbpol 3
/* SUMMARY
/*	per-mailbox policy in the daemon: load, select, apply
/* SYNOPSIS
/*	#include "mlfi_mbpol.h"
/*
/*	void	mlfi_mbpol_base(cfg, s)
/*	const CFG *cfg;
/*	MBPOL_SETTINGS *s;
/*
/*	int	mlfi_mbpol_load(cfg, pol, err)
/*	const CFG *cfg;
/*	MBPOL	**pol;
/*	VSTR	*err;
/*
/*	MBPOL_TYPE mlfi_mbpol_type(dir, addr, status)
/*	DIR_CLIENT *dir;
/*	const char *addr;
/*	DIR_STATUS *status;
/*
/*	int	mlfi_mbpol_is_patient(dpol, addr)
/*	const DECIDE_POLICY *dpol;
/*	const char *addr;
/*
/*	void	mlfi_mbpol_mail(mbp, pol, dir, dpol, msg, sender)
/*	MLFI_MBPOL **mbp;
/*
/*	const MBPOL_SETTINGS *mlfi_mbpol_select(mb, r)
/*	RCPT_FACTS *r;
/*
/*	VERDICT_ACTION mlfi_mbpol_rcpt(mb, dpol, msg, r, v)
/*	const RCPT_FACTS *r;
/*
/*	void	mlfi_mbpol_rcpt_accept(mb, r)
/*	const RCPT_FACTS *r;
/*
/*	void	mlfi_mbpol_header(mb, name, value)
/*
/*	int	mlfi_mbpol_need_body(mb)
/*
/*	void	mlfi_mbpol_message(mb, msg)
/*
/*	VERDICT_ACTION mlfi_mbpol_eom(mb, dpol, msg, v)
/*
/*	void	mlfi_mbpol_force_types(mbp, sender_type, rcpt_type)
/*
/*	void	mlfi_mbpol_end(mb, msg)
/*
/*	void	mlfi_mbpol_free(mb)
/*
/*	int	mlfi_mbpol_require_category(mb)
/*
/*	VERDICT_ACTION mlfi_mbpol_category(mb, dpol, msg, detail, v)
/*	const char *detail;
/*
/*	const MBPOL_SETTINGS *mlfi_mbpol_settings(mb, addr)
/*	const char *addr;
/* DESCRIPTION
/*	This module wires the per-mailbox policy (mbpol(3), the file
/*	named by PolicyFile) into the daemon. Without PolicyFile nothing
/*	here changes a decision.
/*
/*	mlfi_mbpol_base() turns the configuration keys into the policy's
/*	base settings: Mode, PeerCertificate, HeaderChecks,
/*	On-DirectoryError and On-InternalError become the mode and rule
/*	actions under the file's "default" section.
/*	mlfi_mbpol_load() reads and compiles PolicyFile (*pol is NULL
/*	when the key is empty); on error it returns -1 with err naming
/*	the place: "file:line:column: text" for a JSON syntax error,
/*	"file: /json/pointer: text" otherwise.
/*
/*	mlfi_mbpol_type() asks the directory for a mailbox's type (none
/*	when it is not listed or the lookup failed: *status says which).
/*	mlfi_mbpol_is_patient() tells whether an address is in the
/*	patient domain.
/*
/*	The rules themselves (which setting fails, and the French
/*	detail of the reply) are mbpol_check(3)'s: this module gathers
/*	their facts and turns each failed rule into a verdict through
/*	decide_other(3), shared by the daemon and --explain (explain(3)).
/*
/*	The other functions run a transaction. mlfi_mbpol_mail() (MAIL
/*	FROM, before decide_mail()) creates the state in *mbp, looks up
/*	the sender's type and selects the settings without a recipient
/*	for the MAIL FROM rules. At RCPT TO, mlfi_mbpol_select() notes
/*	in the recipient's facts (rcpt(3)) the directory's type and the
/*	settings it selects, and returns them (for an address that does
/*	not parse, the MAIL FROM settings; NULL without a policy): the
/*	caller puts them into msg->mbpol, so that decide(3) applies
/*	their rule actions and mode to the recipient's rules.
/*	mlfi_mbpol_rcpt() (then, before decide_rcpt(), which is called
/*	only when it returns VERDICT_CONTINUE) applies mbpol.rcpt_class,
/*	mbpol.sender_class (not to the null sender), mbpol.max_rcpts and
/*	mbpol.max_size (for a declared SIZE); it writes no state.
/*	mlfi_mbpol_rcpt_accept(), called once the recipient's final
/*	verdict (decide_rcpt() included) accepts it, keeps its settings
/*	for end of message; a refused recipient leaves nothing behind.
/*	mlfi_mbpol_header()
/*	notes X-MSS-NIL and Reply-To. mlfi_mbpol_need_body() tells
/*	whether the body size matters. mlfi_mbpol_message() (end of
/*	message, first) sets msg->mbpol_all to the distinct settings of
/*	the accepted recipients and msg->mbpol to NULL: a rule on the
/*	whole message gets the strictest action they set, whatever the
/*	order of the recipients (decide(3)). mlfi_mbpol_eom() runs after
/*	decide_eom(3), which tells whether a null sender's message is a
/*	real report and gives its From authors (msg->report_type,
/*	msg->authors): for the null sender it first applies
/*	mbpol.sender_class or mbpol.rcpt_class (and dir.error) to each
/*	author as if it were the envelope sender, looking up its type in
/*	the directory (mbpol_check_null(3) decides); then, under each of
/*	the distinct settings mlfi_mbpol_message() listed (so it runs
/*	after it, as stages(3) orders), mbpol.nil_required,
/*	mbpol.max_size and mbpol.reply_to. It and mlfi_mbpol_category()
/*	(below, mbpol.category_required) then leave msg->mbpol NULL
/*	again. mlfi_mbpol_end() forgets the
/*	transaction; mlfi_mbpol_free() the state (NULL is fine).
/*	mlfi_mbpol_force_types() (for --explain) sets the sender and
/*	recipient types instead of asking the directory (-1: ask).
/*
/*	For the documents and conversations glue:
/*	mlfi_mbpol_require_category() tells whether an accepted patient
/*	recipient's settings require a categorised document, and
/*	mlfi_mbpol_category() applies mbpol.category_required (detail
/*	explains what is missing) when the message has none.
/*	mlfi_mbpol_settings() gives the settings of an accepted recipient
/*	("local@domain", as RCPT_FACTS.bare), for patient_replies,
/*	near_miss_fin..., or NULL without a policy.
/* DIAGNOSTICS
/*	mlfi_mbpol_load() reports every error; nothing else fails.
/*--*/

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "addr.h"
#include "rcpt.h"
#include "mbpol_check.h"
#include "mlfi_mbpol.h"

typedef struct MLFI_MBPOL_RCPT {
    char   *addr;
    const MBPOL_SETTINGS *s;
    MBPOL_TYPE type;			/* the directory's, for a reselection */
    int     patient;
} MLFI_MBPOL_RCPT;

struct MLFI_MBPOL {
    const MBPOL *pol;			/* NULL: no policy, nothing to do */
    DIR_CLIENT *dir;
    VSTR   *sender;			/* "local@domain", "" for <> */
    int     sender_null;		/* MAIL FROM:<> */
    MBPOL_TYPE sender_type;
    int     sender_patient;
    int     sender_dir_fail;		/* type unknown: dir.error */
    MBPOL_DIR mdir;
    MLFI_MBPOL_RCPT *rcpt;		/* accepted recipients */
    size_t  count;
    size_t  cap;
    const MBPOL_SETTINGS **all;		/* their distinct settings (EOM) */
    int     force_sender;		/* explain: type given, or -1 */
    int     force_rcpt;
    int     nil_seen;
    VSTR   *reply_to;			/* Reply-To values, comma-joined */
};

/* mlfi_mbpol_base - the configuration as the policy's base */

void    mlfi_mbpol_base(const CFG *cfg, MBPOL_SETTINGS *s)
{
    static const RULE_ID hdr_rules[] = {
	RULE_TRUST_HEADER_FROM, RULE_TRUST_HEADER_REPLY_TO, RULE_TRUST_HEADER_DNT,
    };
    static const MBPOL_ACTION onerr[] = {
	MBPOL_ACT_TEMPFAIL, MBPOL_ACT_ACCEPT, MBPOL_ACT_REJECT,
    };
    size_t  i;

    mbpol_settings_init(s);
    s->monitor = cfg->mode == CFG_MODE_MONITOR;
    if (cfg->peer_certificate == CFG_PEER_MONITOR)
	(void) mbpol_settings_rule(s, rule_id(RULE_TRUST_PEER_CERT),
				   MBPOL_ACT_MONITOR);
    else if (cfg->peer_certificate == CFG_PEER_OFF)
	(void) mbpol_settings_rule(s, rule_id(RULE_TRUST_PEER_CERT),
				   MBPOL_ACT_ACCEPT);
    for (i = 0; !cfg->header_checks && i < 3; i++)
	(void) mbpol_settings_rule(s, rule_id(hdr_rules[i]), MBPOL_ACT_ACCEPT);
    if (cfg->on_dir_error >= 0 && cfg->on_dir_error < 3)
	(void) mbpol_settings_rule(s, rule_id(RULE_DIR_ERROR),
				   onerr[cfg->on_dir_error]);
    if (cfg->on_internal_error >= 0 && cfg->on_internal_error < 3)
	(void) mbpol_settings_rule(s, rule_id(RULE_INTERNAL_ERROR),
				   onerr[cfg->on_internal_error]);
}

/* mlfi_mbpol_read - a whole file, NUL bytes included */

static int mlfi_mbpol_read(const char *path, VSTR *text, VSTR *err)
{
    FILE   *fp;
    char    buf[8192];
    size_t  n;
    int     ret = 0;

    vstr_reset(text);
    if ((fp = fopen(path, "r")) == 0) {
	vstr_sprintf(err, "%s: %s", path, strerror(errno));
	return (-1);
    }
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
	vstr_ncat(text, buf, n);
    if (ferror(fp)) {
	vstr_sprintf(err, "%s: read error: %s", path, strerror(errno));
	ret = -1;
    }
    fclose(fp);
    return (ret);
}

/* mlfi_mbpol_load - read and compile PolicyFile */

int     mlfi_mbpol_load(const CFG *cfg, MBPOL **pol, VSTR *err)
{
    MBPOL_SETTINGS base;
    VSTR   *text, *why;
    int     line, column, skip = 0;

    *pol = 0;
    if (cfg->policy_file == 0 || *cfg->policy_file == 0)
	return (0);
    text = vstr_alloc(4096);
    why = vstr_alloc(100);
    if (mlfi_mbpol_read(cfg->policy_file, text, err) == 0) {
	mlfi_mbpol_base(cfg, &base);
	*pol = mbpol_parse(vstr_str(text), vstr_len(text), &base, why);
	mbpol_settings_free(&base);
	if (*pol == 0) {
	    /* Jansson's position becomes the usual file:line:column. */
	    if (sscanf(vstr_str(why), "line %d, column %d: %n", &line,
		       &column, &skip) == 2 && skip > 0)
		vstr_sprintf(err, "%s:%d:%d: %s", cfg->policy_file, line,
			     column, vstr_str(why) + skip);
	    else
		vstr_sprintf(err, "%s: %s", cfg->policy_file, vstr_str(why));
	}
    }
    vstr_free(text);
    vstr_free(why);
    return (*pol ? 0 : -1);
}

/* mlfi_mbpol_type - the directory's type of a mailbox */

MBPOL_TYPE mlfi_mbpol_type(DIR_CLIENT *dir, const char *addr,
			           DIR_STATUS *status)
{
    DIR_MAILBOX mb;
    MBPOL_TYPE type = MBPOL_TYPE_NONE;
    DIR_STATUS st = DIR_NOTFOUND;

    /* A null client answers DIR_TEMPFAIL (dir(3)), never "not found". */
    if (addr != 0 && *addr != 0
	&& (st = dir_mailbox(dir, addr, &mb)) == DIR_FOUND
	&& mbpol_type_parse(mb.type, &type) < 0)
	type = MBPOL_TYPE_NONE;
    if (status)
	*status = st;
    return (type);
}

/* mlfi_mbpol_is_patient - an address of the patient domain? */

int     mlfi_mbpol_is_patient(const DECIDE_POLICY *dpol, const char *addr)
{
    const char *at = addr ? strrchr(addr, '@') : 0;

    return (at != 0 && rcpt_is_patient_domain(dpol->patient_domain, at + 1));
}

/* mlfi_mbpol_norm - "local@domain" of an envelope address, or -1 */

static int mlfi_mbpol_norm(const char *text, VSTR *out, int *null_sender)
{
    ADDR    a;

    vstr_reset(out);
    *null_sender = 0;
    if (text == 0 || addr_parse(text, strlen(text), &a) != ADDR_OK)
	return (-1);
    if (!a.null_sender)
	vstr_sprintf(out, "%s@%s", a.local, a.domain);
    *null_sender = a.null_sender;
    return (0);
}

/* mlfi_mbpol_reset - forget the transaction */

static void mlfi_mbpol_reset(MLFI_MBPOL *mb)
{
    size_t  i;

    for (i = 0; i < mb->count; i++)
	myfree(mb->rcpt[i].addr);
    mb->count = 0;
    mb->nil_seen = 0;
    mb->sender_dir_fail = 0;
    mb->sender_null = 0;
    mb->sender_type = MBPOL_TYPE_NONE;
    vstr_reset(mb->sender);
    vstr_reset(mb->reply_to);
}

/* mlfi_mbpol_query - the selection query for one recipient */

static const MBPOL_SETTINGS *mlfi_mbpol_query(MLFI_MBPOL *mb, const char *rcpt,
					              MBPOL_TYPE rtype)
{
    MBPOL_QUERY q;

    q.sender = vstr_str(mb->sender);
    q.sender_type = mb->sender_type;
    q.recipient = rcpt;
    q.recipient_type = rtype;
    q.dir = mb->mdir;
    return (mbpol_select(mb->pol, &q, (MBPOL_MATCH *) 0));
}

/* mlfi_mbpol_mail - MAIL FROM */

void    mlfi_mbpol_mail(MLFI_MBPOL **mbp, const MBPOL *pol, DIR_CLIENT *dir,
			        const DECIDE_POLICY *dpol, DECIDE_MSG *msg,
			        const char *sender)
{
    MLFI_MBPOL *mb = *mbp;
    DIR_STATUS st = DIR_NOTFOUND;

    msg->mbpol = 0;
    if (mb == 0 && pol == 0)
	return;
    if (mb == 0) {
	mb = *mbp = mycalloc(1, sizeof(*mb));
	mb->sender = vstr_alloc(64);
	mb->reply_to = vstr_alloc(64);
	mb->force_sender = mb->force_rcpt = -1;
    }
    mlfi_mbpol_reset(mb);
    if ((mb->pol = pol) == 0)
	return;
    mb->dir = dir;
    mb->mdir = decide_direction(dpol, msg) == DECIDE_DIR_OUTBOUND ?
	MBPOL_DIR_OUTBOUND : MBPOL_DIR_INBOUND;
    /* A bad sender is decide_mail()'s to refuse. */
    if (mlfi_mbpol_norm(sender, mb->sender, &mb->sender_null) < 0)
	vstr_reset(mb->sender);
    if (vstr_len(mb->sender) > 0) {
	mb->sender_type = mb->force_sender >= 0 ? (MBPOL_TYPE) mb->force_sender :
	    mlfi_mbpol_type(dir, vstr_str(mb->sender), &st);
	mb->sender_dir_fail = (st == DIR_TEMPFAIL);
	mb->sender_patient = mlfi_mbpol_is_patient(dpol, vstr_str(mb->sender));
    }
    msg->mbpol = mlfi_mbpol_query(mb, "", MBPOL_TYPE_NONE);
}

/* mlfi_mbpol_apply - one failed rule through decide(3) */

static VERDICT_ACTION mlfi_mbpol_apply(const DECIDE_POLICY *dpol,
				               DECIDE_MSG *msg, int rcpt_stage,
				               const MBPOL_FAIL *f, VERDICT *v)
{
    RULE_VARS vars;

    memset(&vars, 0, sizeof(vars));
    vars.addr = f->addr;
    vars.detail = f->detail;
    return (decide_other(dpol, msg, rcpt_stage, f->want, f->rule, &vars, v));
}

/* mlfi_mbpol_select - RCPT TO: the recipient's type and settings */

const MBPOL_SETTINGS *mlfi_mbpol_select(MLFI_MBPOL *mb, RCPT_FACTS *r)
{
    DIR_STATUS st = DIR_NOTFOUND;

    if (mb == 0 || mb->pol == 0)
	return (0);
    /* decide_rcpt() refuses the syntax, under the MAIL FROM settings. */
    if (!rcpt_facts_ok(r))
	return (mlfi_mbpol_query(mb, "", MBPOL_TYPE_NONE));
    r->type = mb->force_rcpt >= 0 ? (MBPOL_TYPE) mb->force_rcpt :
	mlfi_mbpol_type(mb->dir, vstr_str(r->bare), &st);
    r->dir_fail = (st == DIR_TEMPFAIL);
    return (r->settings = mlfi_mbpol_query(mb, vstr_str(r->bare), r->type));
}

/* mlfi_mbpol_rcpt - RCPT TO: the recipient rules */

VERDICT_ACTION mlfi_mbpol_rcpt(MLFI_MBPOL *mb, const DECIDE_POLICY *dpol,
			               DECIDE_MSG *msg, const RCPT_FACTS *r,
			               VERDICT *v)
{
    MBPOL_RCPT_IN in;
    MBPOL_FAIL f;
    VERDICT_ACTION act = VERDICT_CONTINUE;

    if (mb == 0 || mb->pol == 0 || r->settings == 0)
	return (VERDICT_CONTINUE);
    in.s = r->settings;
    in.dir = mb->mdir;
    in.r = r;
    in.sender = vstr_str(mb->sender);
    in.sender_null = mb->sender_null;
    in.sender_patient = mb->sender_patient;
    in.sender_dir_fail = mb->sender_dir_fail;
    in.sender_arg = msg->sender && *msg->sender ? msg->sender : "<>";
    in.count = (unsigned long) msg->accepted + 1;
    in.declared_size = msg->declared_size;
    in.on_dir_error = dpol->on_dir_error;
    mbpol_fail_init(&f);
    while (act == VERDICT_CONTINUE && mbpol_check_rcpt(&in, &f))
	act = mlfi_mbpol_apply(dpol, msg, 1, &f, v);
    mbpol_fail_free(&f);
    return (act);
}

/* mlfi_mbpol_rcpt_accept - the recipient is accepted: keep its settings */

void    mlfi_mbpol_rcpt_accept(MLFI_MBPOL *mb, const RCPT_FACTS *r)
{
    /* Without settings mlfi_mbpol_rcpt() did not judge it (no policy). */
    if (mb == 0 || mb->pol == 0 || r->settings == 0)
	return;
    if (mb->count == mb->cap) {
	mb->cap = mb->cap ? 2 * mb->cap : 4;
	mb->rcpt = myrealloc(mb->rcpt, mb->cap * sizeof(*mb->rcpt));
    }
    mb->rcpt[mb->count].addr = mystrdup(vstr_str(r->bare));
    mb->rcpt[mb->count].s = r->settings;
    mb->rcpt[mb->count].type = r->type;
    mb->rcpt[mb->count].patient = r->patient;
    mb->count++;
}

/* mlfi_mbpol_header - note X-MSS-NIL and Reply-To */

void    mlfi_mbpol_header(MLFI_MBPOL *mb, const char *name, const char *value)
{
    if (mb == 0 || mb->pol == 0 || name == 0)
	return;
    if (strcasecmp(name, "X-MSS-NIL") == 0) {
	mb->nil_seen = 1;
    } else if (strcasecmp(name, "Reply-To") == 0) {
	if (vstr_len(mb->reply_to) > 0)
	    vstr_cat(mb->reply_to, ", ");
	vstr_cat(mb->reply_to, value ? value : "");
    }
}

/* mlfi_mbpol_need_body - does an accepted recipient limit the size? */

int     mlfi_mbpol_need_body(const MLFI_MBPOL *mb)
{
    size_t  i;

    for (i = 0; mb != 0 && mb->pol != 0 && i < mb->count; i++)
	if (mb->rcpt[i].s->max_size > 0)
	    return (1);
    return (0);
}

/* mlfi_mbpol_seen - were these settings already checked? */

static int mlfi_mbpol_seen(const MLFI_MBPOL *mb, size_t i)
{
    size_t  j;

    for (j = 0; j < i; j++)
	if (mb->rcpt[j].s == mb->rcpt[i].s)
	    return (1);
    return (0);
}

/* mlfi_mbpol_message - end of message: the settings of the whole message */

void    mlfi_mbpol_message(MLFI_MBPOL *mb, DECIDE_MSG *msg)
{
    size_t  i, n = 0;

    /* No recipient's settings in particular: each accepted one's. */
    msg->mbpol = 0;
    msg->mbpol_all = 0;
    msg->mbpol_count = 0;
    if (mb == 0 || mb->pol == 0 || mb->count == 0)
	return;
    mb->all = myrealloc(mb->all, mb->count * sizeof(*mb->all));
    for (i = 0; i < mb->count; i++)
	if (!mlfi_mbpol_seen(mb, i))
	    mb->all[n++] = mb->rcpt[i].s;
    msg->mbpol_all = mb->all;
    msg->mbpol_count = n;
}

/* mlfi_mbpol_null - end of message from <>: its From authors as senders */

static VERDICT_ACTION mlfi_mbpol_null(MLFI_MBPOL *mb, const DECIDE_POLICY *dpol,
				              DECIDE_MSG *msg, VERDICT *v)
{
    VERDICT_ACTION act = VERDICT_CONTINUE;
    MBPOL_NULL_IN in;
    MBPOL_AUTHOR *au;
    MBPOL_NULL_RCPT *rc;
    MBPOL_FAIL f;
    DIR_STATUS st;
    size_t  i;

    memset(&in, 0, sizeof(in));
    in.pol = mb->pol;
    in.dir = mb->mdir;
    in.report = (msg->report_type != REPORT_NONE);
    in.nauthors = msg->nauthors;
    in.on_dir_error = dpol->on_dir_error;
    in.nrcpts = mb->count;
    in.authors = au = mycalloc(msg->nauthors + 1, sizeof(*au));
    in.rcpts = rc = mycalloc(mb->count + 1, sizeof(*rc));
    /* The facts of each author, as mlfi_mbpol_mail() for a sender. */
    for (i = 0; i < msg->nauthors; i++) {
	au[i].addr = msg->authors[i];
	au[i].patient = mlfi_mbpol_is_patient(dpol, au[i].addr);
	/* Directory lookups only where mbpol_check_null() reads them. */
	if (in.report || msg->nauthors > MBPOL_NULL_AUTHORS_MAX)
	    continue;
	st = DIR_NOTFOUND;
	au[i].type = mb->force_sender >= 0 ? (MBPOL_TYPE) mb->force_sender :
	    mlfi_mbpol_type(mb->dir, au[i].addr, &st);
	au[i].dir_fail = (st == DIR_TEMPFAIL);
    }
    for (i = 0; i < mb->count; i++) {
	rc[i].addr = mb->rcpt[i].addr;
	rc[i].type = mb->rcpt[i].type;
	rc[i].patient = mb->rcpt[i].patient;
	rc[i].s = mb->rcpt[i].s;
    }
    mbpol_fail_init(&f);
    while (act == VERDICT_CONTINUE && mbpol_check_null(&in, &f)) {
	msg->mbpol = f.s;
	act = mlfi_mbpol_apply(dpol, msg, 0, &f, v);
    }
    /* Back to the whole message's settings (mlfi_mbpol_message). */
    msg->mbpol = 0;
    mbpol_fail_free(&f);
    myfree(au);
    myfree(rc);
    return (act);
}

/* mlfi_mbpol_eom - end of message: the null sender, NIL, size, Reply-To */

VERDICT_ACTION mlfi_mbpol_eom(MLFI_MBPOL *mb, const DECIDE_POLICY *dpol,
			              DECIDE_MSG *msg, VERDICT *v)
{
    VERDICT_ACTION act = VERDICT_CONTINUE;
    MBPOL_EOM_IN in;
    MBPOL_FAIL f;
    size_t  i;

    if (mb == 0 || mb->pol == 0)
	return (VERDICT_CONTINUE);
    if (mb->sender_null && (act = mlfi_mbpol_null(mb, dpol, msg, v))
	!= VERDICT_CONTINUE)
	return (act);
    in.nil_seen = mb->nil_seen;
    in.size = msg->size;
    in.reply_to = vstr_str(mb->reply_to);
    in.sender_arg = msg->sender && *msg->sender ? msg->sender : "<>";
    mbpol_fail_init(&f);
    /* Each distinct settings once: mlfi_mbpol_message() listed them. */
    for (i = 0; i < msg->mbpol_count && act == VERDICT_CONTINUE; i++) {
	in.s = msg->mbpol = msg->mbpol_all[i];
	f.step = 0;
	while (act == VERDICT_CONTINUE && mbpol_check_eom(&in, &f))
	    act = mlfi_mbpol_apply(dpol, msg, 0, &f, v);
    }
    /* Back to the whole message's settings (mlfi_mbpol_message). */
    msg->mbpol = 0;
    mbpol_fail_free(&f);
    return (act);
}

/* mlfi_mbpol_require_category - must the message carry a category? */

int     mlfi_mbpol_require_category(const MLFI_MBPOL *mb)
{
    size_t  i;

    for (i = 0; mb != 0 && mb->pol != 0 && i < mb->count; i++)
	if (mb->rcpt[i].patient && mb->rcpt[i].s->require_category)
	    return (1);
    return (0);
}

/* mlfi_mbpol_category - no categorised document: mbpol.category_required */

VERDICT_ACTION mlfi_mbpol_category(MLFI_MBPOL *mb, const DECIDE_POLICY *dpol,
				           DECIDE_MSG *msg, const char *detail,
				           VERDICT *v)
{
    VERDICT_ACTION act = VERDICT_CONTINUE;
    RULE_VARS vars;
    size_t  i;

    if (mb == 0 || mb->pol == 0)
	return (VERDICT_CONTINUE);
    memset(&vars, 0, sizeof(vars));
    for (i = 0; i < mb->count && act == VERDICT_CONTINUE; i++) {
	if (!mb->rcpt[i].patient || !mb->rcpt[i].s->require_category)
	    continue;
	msg->mbpol = mb->rcpt[i].s;
	vars.addr = mb->rcpt[i].addr;
	vars.detail = detail ? detail : "aucun document categorise";
	act = decide_other(dpol, msg, 0, VERDICT_REJECT,
			   rule_id(RULE_MBPOL_CATEGORY_REQUIRED),
			   &vars, v);
    }
    msg->mbpol = 0;
    return (act);
}

/* mlfi_mbpol_settings - the settings of an accepted recipient */

const MBPOL_SETTINGS *mlfi_mbpol_settings(const MLFI_MBPOL *mb,
					          const char *rcpt)
{
    size_t  i;

    for (i = 0; mb != 0 && mb->pol != 0 && i < mb->count; i++)
	if (strcasecmp(mb->rcpt[i].addr, rcpt) == 0)
	    return (mb->rcpt[i].s);
    return (0);
}

/* mlfi_mbpol_force_types - explain: types given instead of the directory */

void    mlfi_mbpol_force_types(MLFI_MBPOL **mbp, int sender_type, int rcpt_type)
{
    if (*mbp == 0) {
	*mbp = mycalloc(1, sizeof(**mbp));
	(*mbp)->sender = vstr_alloc(64);
	(*mbp)->reply_to = vstr_alloc(64);
    }
    (*mbp)->force_sender = sender_type;
    (*mbp)->force_rcpt = rcpt_type;
}

/* mlfi_mbpol_end - the transaction is over */

void    mlfi_mbpol_end(MLFI_MBPOL *mb, DECIDE_MSG *msg)
{
    if (mb != 0)
	mlfi_mbpol_reset(mb);
    if (msg != 0) {
	msg->mbpol = 0;
	msg->mbpol_all = 0;
	msg->mbpol_count = 0;
    }
}

/* mlfi_mbpol_free - release the state; NULL is fine */

void    mlfi_mbpol_free(MLFI_MBPOL *mb)
{
    if (mb == 0)
	return;
    mlfi_mbpol_reset(mb);
    if (mb->rcpt)
	myfree(mb->rcpt);
    if (mb->all)
	myfree((void *) mb->all);
    vstr_free(mb->sender);
    vstr_free(mb->reply_to);
    myfree(mb);
}
