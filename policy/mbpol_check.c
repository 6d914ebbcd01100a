/*++
/* NAME
/*	mbpol_check 3
/* SUMMARY
/*	the per-mailbox rules: facts in, failed rule out
/* SYNOPSIS
/*	#include "mbpol_check.h"
/*
/*	void	mbpol_fail_init(f)
/*	void	mbpol_fail_free(f)
/*	MBPOL_FAIL *f;
/*
/*	int	mbpol_check_rcpt(in, f)
/*	const MBPOL_RCPT_IN *in;
/*	MBPOL_FAIL *f;
/*
/*	int	mbpol_check_eom(in, f)
/*	const MBPOL_EOM_IN *in;
/*	MBPOL_FAIL *f;
/*
/*	int	mbpol_check_null(in, f)
/*	const MBPOL_NULL_IN *in;
/*	MBPOL_FAIL *f;
/*
/*	int	mbpol_check_peer(s, outbound, addr, is_patient, detail)
/*	int	mbpol_check_rcpts(s, count, detail)
/*	int	mbpol_check_size(s, size, detail)
/*	int	mbpol_check_reply_to(s, value, addr, detail)
/*	const MBPOL_SETTINGS *s;
/*	VSTR	*detail;
/* DESCRIPTION
/*	The rules of the per-mailbox policy (mbpol(3)) that the daemon
/*	applies to a recipient's settings, without any I/O: the caller
/*	(mlfi_mbpol(3)) gathers the facts (directory types, selected
/*	settings, headers, size) and turns each failed rule into a
/*	verdict with decide_other(3), whose per-mailbox rule actions and
/*	mode may let the message go on; the next rule is then tested.
/*
/*	mbpol_check_rcpt() tests, at RCPT TO, in this order: dir.error
/*	(a mailbox type unknown, for the recipient or the sender: the
/*	settings could be the wrong ones; action in->on_dir_error),
/*	mbpol.rcpt_class (outbound: allowed_recipients),
/*	mbpol.sender_class (inbound: allowed_senders; not for the null
/*	sender, which mbpol_check_null() judges), mbpol.max_rcpts
/*	(in->count recipients) and mbpol.max_size (a declared SIZE).
/*	mbpol_check_eom() tests, at end of message, mbpol.nil_required,
/*	mbpol.max_size and mbpol.reply_to.
/*
/*	mbpol_check_null() tests, at end of a message from the null
/*	sender, the class rules as if each From author had been the
/*	envelope sender: a null sender is for delivery and disposition
/*	reports (in->report: a real one, report(3), passes), and
/*	anything else would otherwise reach a mailbox closed to its
/*	author (inbound, mbpol.sender_class) or escape the settings
/*	selected by its author (outbound, mbpol.rcpt_class). For each
/*	accepted recipient and author, the settings are selected again
/*	with the author as the sender (address, directory type) and, as
/*	at RCPT TO, an author whose type is unknown is dir.error, then
/*	the class rule of the direction applies. Without any From author
/*	the message has nobody to stand for the sender: inbound, a
/*	recipient whose settings restrict senders refuses it (outbound,
/*	RCPT TO judged that selection). More than MBPOL_NULL_AUTHORS_MAX
/*	authors are not judged one by one (a bound on the work one
/*	message can ask): when the policy restricts the class anywhere
/*	(an author could select those settings), each recipient refuses
/*	the message under its settings. f->s is the settings the rule failed under, for the
/*	caller's decide_other() (their rule actions and mode).
/*
/*	The three start at f->step (0 for
/*	the first call) and return 1 with the first failed rule in f
/*	(its id, the action wanted before the policy's, {addr} and the
/*	French detail of the reply), f->step past it, or 0 when no
/*	further rule fails. {addr} is the recipient as given for the
/*	recipient rules, the sender as given for the sender and size
/*	rules, the address at fault for Reply-To, the author (or "<>")
/*	for mbpol_check_null().
/*
/*	mbpol_fail_init() prepares f (step 0); mbpol_fail_free()
/*	releases its storage.
/*
/*	The mbpol_check_*() setting tests each return 0 when the message
/*	may go, else -1 with the French detail of the rule's reply text.
/*	mbpol_check_peer() tests allowed_recipients (outbound) or
/*	allowed_senders (inbound); mbpol_check_rcpts() the count of
/*	recipients; mbpol_check_size() the size; mbpol_check_reply_to()
/*	a Reply-To header value (the address at fault goes to "addr").
/*--*/

#include <string.h>

#include "hdraddr.h"
#include "mbpol_check.h"

#define MC_STEP_DIR		0
#define MC_STEP_RCPT_CLASS	1
#define MC_STEP_SENDER_CLASS	2
#define MC_STEP_MAX_RCPTS	3
#define MC_STEP_SIZE		4
#define MC_STEP_RCPT_END	5

#define MC_STEP_NIL		0
#define MC_STEP_EOM_SIZE	1
#define MC_STEP_REPLY_TO	2
#define MC_STEP_EOM_END		3

/* mbpol_check_list_text - "a, b" */

static void mbpol_check_list_text(VSTR *out, const char *what,
				          const MBPOL_LIST *l, int *n)
{
    size_t  i;

    if (l->count == 0)
	return;
    vstr_sprintf_append(out, "%s%s ", (*n)++ ? ", " : "", what);
    for (i = 0; i < l->count; i++)
	vstr_sprintf_append(out, "%s%s", i ? " " : "", l->items[i]);
}

/* mbpol_check_peer_text - "expediteurs autorises: ..." */

static void mbpol_check_peer_text(const MBPOL_PEERS *p, int outbound,
				          VSTR *detail)
{
    int     n = 0;

    vstr_sprintf_append(detail, "%s autorises: ", outbound ? "destinataires" :
			"expediteurs");
    if (p->patients)
	vstr_sprintf_append(detail, "%spatients", n++ ? ", " : "");
    if (p->professionals)
	vstr_sprintf_append(detail, "%sprofessionnels", n++ ? ", " : "");
    mbpol_check_list_text(detail, "domaines", &p->domains, &n);
    mbpol_check_list_text(detail, "adresses", &p->addresses, &n);
    if (n == 0)
	vstr_cat(detail, "aucun");
}

/* mbpol_check_peer - allowed_recipients or allowed_senders */

int     mbpol_check_peer(const MBPOL_SETTINGS *s, int outbound,
			         const char *addr, int is_patient, VSTR *detail)
{
    const MBPOL_PEERS *p = outbound ? &s->recipients : &s->senders;

    if (mbpol_peer_allowed(p, addr, is_patient))
	return (0);
    vstr_reset(detail);
    mbpol_check_peer_text(p, outbound, detail);
    return (-1);
}

/* mbpol_check_rcpts - max_recipients */

int     mbpol_check_rcpts(const MBPOL_SETTINGS *s, unsigned long count,
			          VSTR *detail)
{
    if (s->max_recipients == 0 || count <= s->max_recipients)
	return (0);
    vstr_sprintf(detail, "au plus %lu", s->max_recipients);
    return (-1);
}

/* mbpol_check_size - max_size */

int     mbpol_check_size(const MBPOL_SETTINGS *s, unsigned long long size,
			         VSTR *detail)
{
    if (s->max_size == 0 || size <= s->max_size)
	return (0);
    vstr_sprintf(detail, "de %llu octets (limite %llu)", size, s->max_size);
    return (-1);
}

/* mbpol_check_reply_to - may this Reply-To redirect answers? */

int     mbpol_check_reply_to(const MBPOL_SETTINGS *s, const char *value,
			             VSTR *addr, VSTR *detail)
{
    HDRADDR_LIST *list;
    size_t  i;
    int     n = 0, ret = 0;

    if (s->reply_to.allowed && s->reply_to.domains.count == 0
	&& s->reply_to.addresses.count == 0)
	return (0);
    list = hdraddr_list_create();
    vstr_strcpy(addr, value);
    if (hdraddr_parse(value, strlen(value), list) != HDRADDR_OK) {
	ret = -1;
    } else {
	for (i = 0; i < list->count && ret == 0; i++) {
	    vstr_sprintf(addr, "%s@%s", list->addr[i].local, list->addr[i].domain);
	    if (!mbpol_reply_to_allowed(s, vstr_str(addr)))
		ret = -1;
	}
    }
    if (ret < 0) {
	if (!s->reply_to.allowed) {
	    vstr_strcpy(detail, "aucune adresse de reponse autorisee");
	} else {
	    vstr_strcpy(detail, "reponses autorisees seulement vers: ");
	    mbpol_check_list_text(detail, "domaines", &s->reply_to.domains, &n);
	    mbpol_check_list_text(detail, "adresses", &s->reply_to.addresses, &n);
	}
    }
    hdraddr_list_free(list);
    return (ret);
}

/* mbpol_fail_init - nothing failed yet */

void    mbpol_fail_init(MBPOL_FAIL *f)
{
    memset(f, 0, sizeof(*f));
    f->buf = vstr_alloc(64);
    f->abuf = vstr_alloc(64);
}

/* mbpol_fail_free - release */

void    mbpol_fail_free(MBPOL_FAIL *f)
{
    vstr_free(f->buf);
    vstr_free(f->abuf);
    f->buf = f->abuf = 0;
}

/* mbpol_fail_set - one failed rule */

static int mbpol_fail_set(MBPOL_FAIL *f, int step, const char *rule,
			          VERDICT_ACTION want, const char *addr,
			          const char *detail)
{
    f->step = step + 1;
    f->rule = rule;
    f->want = want;
    f->addr = addr;
    f->detail = detail;
    f->s = 0;
    return (1);
}

/* mbpol_check_rcpt - RCPT TO: the next failed recipient rule */

int     mbpol_check_rcpt(const MBPOL_RCPT_IN *in, MBPOL_FAIL *f)
{
    const MBPOL_SETTINGS *s = in->s;
    const char *rcpt = in->r->arg;
    int     step;

    for (step = f->step; step < MC_STEP_RCPT_END; step++) {
	switch (step) {
	case MC_STEP_DIR:
	    /* An unknown type would select the wrong settings: never guess. */
	    if (in->r->dir_fail || in->sender_dir_fail)
		return (mbpol_fail_set(f, step, rule_id(RULE_DIR_ERROR),
				       in->on_dir_error,
				       rcpt, "type de boite aux lettres inconnu"));
	    break;
	case MC_STEP_RCPT_CLASS:
	    if (in->dir == MBPOL_DIR_OUTBOUND
		&& mbpol_check_peer(s, 1, vstr_str(in->r->bare), in->r->patient,
				    f->buf) < 0)
		return (mbpol_fail_set(f, step, rule_id(RULE_MBPOL_RCPT_CLASS),
				       VERDICT_REJECT, rcpt, vstr_str(f->buf)));
	    break;
	case MC_STEP_SENDER_CLASS:
	    if (in->dir == MBPOL_DIR_INBOUND && !in->sender_null
		&& mbpol_check_peer(s, 0, in->sender, in->sender_patient,
				    f->buf) < 0)
		return (mbpol_fail_set(f, step,
				       rule_id(RULE_MBPOL_SENDER_CLASS),
				       VERDICT_REJECT, in->sender_arg,
				       vstr_str(f->buf)));
	    break;
	case MC_STEP_MAX_RCPTS:
	    if (mbpol_check_rcpts(s, in->count, f->buf) < 0)
		return (mbpol_fail_set(f, step, rule_id(RULE_MBPOL_MAX_RCPTS),
				       VERDICT_REJECT, rcpt, vstr_str(f->buf)));
	    break;
	case MC_STEP_SIZE:
	    if (in->declared_size >= 0
		&& mbpol_check_size(s, (unsigned long long) in->declared_size,
				    f->buf) < 0) {
		vstr_sprintf(f->abuf, "annoncee (SIZE) %s", vstr_str(f->buf));
		return (mbpol_fail_set(f, step, rule_id(RULE_MBPOL_MAX_SIZE),
				       VERDICT_REJECT, in->sender_arg,
				       vstr_str(f->abuf)));
	    }
	    break;
	}
    }
    f->step = step;
    return (0);
}

/* mbpol_check_eom - end of message: the next failed rule */

int     mbpol_check_eom(const MBPOL_EOM_IN *in, MBPOL_FAIL *f)
{
    const MBPOL_SETTINGS *s = in->s;
    int     step;

    for (step = f->step; step < MC_STEP_EOM_END; step++) {
	switch (step) {
	case MC_STEP_NIL:
	    if (s->require_nil && !in->nil_seen)
		return (mbpol_fail_set(f, step, rule_id(RULE_MBPOL_NIL_REQUIRED),
				       VERDICT_REJECT, in->sender_arg,
				       (const char *) 0));
	    break;
	case MC_STEP_EOM_SIZE:
	    if (mbpol_check_size(s, in->size, f->buf) < 0)
		return (mbpol_fail_set(f, step, rule_id(RULE_MBPOL_MAX_SIZE),
				       VERDICT_REJECT, in->sender_arg,
				       vstr_str(f->buf)));
	    break;
	case MC_STEP_REPLY_TO:
	    if (*in->reply_to
		&& mbpol_check_reply_to(s, in->reply_to, f->abuf, f->buf) < 0)
		return (mbpol_fail_set(f, step, rule_id(RULE_MBPOL_REPLY_TO),
				       VERDICT_REJECT, vstr_str(f->abuf),
				       vstr_str(f->buf)));
	    break;
	}
    }
    f->step = step;
    return (0);
}

/* mbpol_check_null_class - the class rule of the direction failed */

static int mbpol_check_null_class(const MBPOL_NULL_IN *in, MBPOL_FAIL *f,
				          int step, const MBPOL_NULL_RCPT *r,
				          const MBPOL_SETTINGS *s)
{
    int     out = (in->dir == MBPOL_DIR_OUTBOUND);
    const MBPOL_PEERS *p = out ? &s->recipients : &s->senders;

    /* f->buf may hold why already; then the class, if restricted. */
    if (vstr_len(f->buf) > 0 && p->restricted)
	vstr_cat(f->buf, "; ");
    if (vstr_len(f->buf) == 0 || p->restricted)
	mbpol_check_peer_text(p, out, f->buf);
    if (out)
	vstr_sprintf(f->abuf, "<%s>", r->addr);
    (void) mbpol_fail_set(f, step, out ? rule_id(RULE_MBPOL_RCPT_CLASS) :
			  rule_id(RULE_MBPOL_SENDER_CLASS), VERDICT_REJECT,
			  vstr_str(f->abuf), vstr_str(f->buf));
    f->s = s;
    return (1);
}

/* mbpol_check_null_pair - one recipient and one author (NULL: none) */

static int mbpol_check_null_pair(const MBPOL_NULL_IN *in, MBPOL_FAIL *f,
				         int step, const MBPOL_NULL_RCPT *r,
				         const MBPOL_AUTHOR *a)
{
    const MBPOL_SETTINGS *s;
    MBPOL_QUERY q;

    vstr_reset(f->buf);
    vstr_sprintf(f->abuf, "<%s>", a ? a->addr : "");
    /* Too many authors to judge: any could select restricted settings. */
    if (in->nauthors > MBPOL_NULL_AUTHORS_MAX) {
	if (step % 2 == 0)
	    return (0);
	vstr_sprintf(f->buf, "expediteur vide et plus de %d auteurs (From)",
		     MBPOL_NULL_AUTHORS_MAX);
	return (mbpol_check_null_class(in, f, step, r, r->s));
    }
    q.sender = a ? a->addr : "";
    q.sender_type = a ? a->type : MBPOL_TYPE_NONE;
    q.recipient = r->addr;
    q.recipient_type = r->type;
    q.dir = in->dir;
    s = mbpol_select(in->pol, &q, (MBPOL_MATCH *) 0);
    if (step % 2 == 0) {
	/* As at RCPT TO: an unknown type could select the wrong settings. */
	if (a != 0 && a->dir_fail) {
	    (void) mbpol_fail_set(f, step, rule_id(RULE_DIR_ERROR),
				  in->on_dir_error,
				  vstr_str(f->abuf), "type de boite aux lettres inconnu");
	    f->s = s;
	    return (1);
	}
	return (0);
    }
    if (in->dir == MBPOL_DIR_OUTBOUND) {
	/* Without an author RCPT TO judged the same selection. */
	if (a != 0 && !mbpol_peer_allowed(&s->recipients, r->addr, r->patient))
	    return (mbpol_check_null_class(in, f, step, r, s));
    } else if (a == 0) {
	if (s->senders.restricted) {
	    vstr_strcpy(f->buf, "expediteur vide sans auteur (From)");
	    return (mbpol_check_null_class(in, f, step, r, s));
	}
    } else if (!mbpol_peer_allowed(&s->senders, a->addr, a->patient)) {
	return (mbpol_check_null_class(in, f, step, r, s));
    }
    return (0);
}

/* mbpol_check_null - end of message from <>: the authors as senders */

int     mbpol_check_null(const MBPOL_NULL_IN *in, MBPOL_FAIL *f)
{
    size_t  na, pairs, k;
    int     step, one;

    if (in->pol == 0 || in->report
	|| (in->nauthors > MBPOL_NULL_AUTHORS_MAX
	    && !mbpol_restricts_peers(in->pol, in->dir == MBPOL_DIR_OUTBOUND)))
	return (0);
    /* Two steps per (recipient, author) pair: dir.error, then the class. */
    one = (in->nauthors == 0 || in->nauthors > MBPOL_NULL_AUTHORS_MAX);
    na = one ? 1 : in->nauthors;
    pairs = in->nrcpts * na;
    for (step = f->step; step >= 0 && (size_t) step / 2 < pairs; step++) {
	k = (size_t) step / 2;
	if (mbpol_check_null_pair(in, f, step, in->rcpts + k / na, one ?
				  (const MBPOL_AUTHOR *) 0 : in->authors + k % na))
	    return (1);
    }
    f->step = step;
    return (0);
}
