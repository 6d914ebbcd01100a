/*++
/* NAME
/*	stages 3
/* SUMMARY
/*	the order of the decisions of a transaction
/* SYNOPSIS
/*	#include "stages.h"
/*
/*	VERDICT_ACTION stages_mail(s, msg, sender, args, v)
/*	const STAGES *s;
/*	DECIDE_MSG *msg;
/*	const char *sender;
/*	const char *const *args;
/*	VERDICT	*v;
/*
/*	int	stages_rcpt(s, msg, r, v)
/*	RCPT_FACTS *r;
/*
/*	void	stages_header(s, msg, name, value)
/*	const char *name;
/*	const char *value;
/*
/*	VERDICT_ACTION stages_eom(s, msg, v)
/* DESCRIPTION
/*	These functions run the stages of one SMTP transaction in their
/*	one fixed order. The daemon's callbacks (mlfi(3)) and
/*	mssante-milter --explain (explain(3)) both call them, so that the
/*	two cannot evaluate a transaction in a different order or skip a
/*	stage the other runs. s says what the transaction is evaluated
/*	with: the configuration (live(3): site policy, directory client,
/*	per-mailbox policy, documents), the trust space of the message
/*	(NULL: not loaded, every recipient gets dir.error), whether the
/*	whitelist is past TrustMaxAge under TrustMaxAgeAction tempfail
/*	(stale), and the per-message state of each stage (conv and audit
/*	may be NULL: feature off, nothing recorded). trust_rules is 1 in
/*	the daemon; --explain sets it to 0 when it has no directory: the
/*	trust-space and INS rules are then not evaluated (it says so) and
/*	the per-mailbox rules run with the types it was given.
/*
/*	stages_mail() (MAIL FROM): the per-mailbox state and the MAIL
/*	FROM settings (mlfi_mbpol_mail), the site's MAIL FROM rules
/*	(decide_mail); an accepted sender starts the documents reader.
/*
/*	stages_rcpt() (RCPT TO, facts made once by rcpt_facts_set(3)):
/*	a stale whitelist tempfails the recipient (dir.error); then the
/*	recipient's per-mailbox settings are selected into msg->mbpol,
/*	and its per-mailbox rules (mlfi_mbpol_rcpt), its conversation
/*	(mlfi_conv_rcpt) and the site's trust, INS and size rules
/*	(decide_rcpt_facts) run; the first that does not continue
/*	decides. A refusal in monitor mode from an earlier stage is the
/*	recipient's verdict unless the site's rules refuse too. Once the
/*	verdict is final, and only then, the recipient's state is
/*	applied: counted by the per-mailbox rules and kept for the
/*	conversation (accepted) or its pending conversation writes
/*	dropped (refused), and its facts given to the documents reader.
/*	The result is 1 when the recipient is accepted.
/*
/*	stages_header() gives one header to every stage that reads it.
/*
/*	stages_eom() (end of message) runs under the settings of every
/*	accepted recipient (mlfi_mbpol_message: the strictest action
/*	any of them sets for a rule, mbpol_message_action(3)), each
/*	recipient's own rules under its own: the site's message rules
/*	(decide_eom: null sender, size towards patients, header
/*	addresses), the per-mailbox rules (mlfi_mbpol_eom), the
/*	documents (mlfi_docs_eom and the per-mailbox category
/*	requirement), then the conversations (mlfi_conv_eom): documents
/*	before conversations, so that a refused message computes no
/*	conversation state. The first stage that does not continue ends
/*	the sequence and its verdict is the message's. Nothing is written
/*	and no header is edited here: the daemon applies the headers and
/*	commits the conversation writes once the verdict is final and on
/*	record; --explain applies neither.
/* SEE ALSO
/*	decide(3), mlfi_mbpol(3), mlfi_conv(3), mlfi_docs(3)
/*--*/

#include <string.h>

#include "mlfi_docs.h"
#include "stages.h"

/* stages_mail - MAIL FROM */

VERDICT_ACTION stages_mail(const STAGES *s, DECIDE_MSG *msg, const char *sender,
			           const char *const *args, VERDICT *v)
{
    VERDICT_ACTION act = VERDICT_CONTINUE;

    mlfi_mbpol_mail(s->mb, s->live->mbpol, s->live->dir, &s->live->pol,
		    msg, sender);
    if (s->trust_rules)
	act = decide_mail(&s->live->pol, s->trust, msg, sender, args, v);
    else
	decide_conn_set(&msg->sender, sender);
    if (act == VERDICT_CONTINUE)
	docs_msg_begin(s->docs, s->live->docs, sender);
    return (act);
}

/* stages_stale - TrustMaxAgeAction tempfail on a whitelist past TrustMaxAge */

static VERDICT_ACTION stages_stale(const STAGES *s, DECIDE_MSG *msg,
				           const char *rcpt, VERDICT *v)
{
    RULE_VARS vars;

    memset(&vars, 0, sizeof(vars));
    vars.addr = rcpt;
    vars.detail = "liste blanche perimee";
    return (decide_other(&s->live->pol, msg, 1, VERDICT_TEMPFAIL,
			 rule_id(RULE_DIR_ERROR), &vars, v));
}

/* stages_site_rcpt - the site's rules, after a monitored refusal or none */

static VERDICT_ACTION stages_site_rcpt(const STAGES *s, DECIDE_MSG *msg,
				               const RCPT_FACTS *r, VERDICT *v)
{
    VERDICT_ACTION act;
    VERDICT mon;

    if (!s->trust_rules) {
	/* Not evaluated (--explain without a directory): counted as passed. */
	msg->accepted++;
	return (VERDICT_CONTINUE);
    }
    if (v->rule == 0)
	return (decide_rcpt_facts(&s->live->pol, s->trust, msg, r, v));
    /* decide_rcpt_facts() starts a new verdict: keep the monitored one. */
    verdict_init(&mon);
    verdict_copy(&mon, v);
    act = decide_rcpt_facts(&s->live->pol, s->trust, msg, r, v);
    if (v->rule == 0)
	verdict_copy(v, &mon);
    verdict_free(&mon);
    return (act);
}

/* stages_rcpt - RCPT TO; 1: accepted */

int     stages_rcpt(const STAGES *s, DECIDE_MSG *msg, RCPT_FACTS *r, VERDICT *v)
{
    VERDICT_ACTION act;
    int     accepted;

    /* A new verdict: the previous recipient's must not carry over. */
    verdict_reset(v);
    act = s->stale ? stages_stale(s, msg, r->arg, v) : VERDICT_CONTINUE;
    if (act == VERDICT_CONTINUE) {
	/* Its rules apply under its per-mailbox settings (mlfi_mbpol(3)). */
	msg->mbpol = mlfi_mbpol_select(*s->mb, r);
	act = mlfi_mbpol_rcpt(*s->mb, &s->live->pol, msg, r, v);
    }
    if (act == VERDICT_CONTINUE)
	act = mlfi_conv_rcpt(s->conv, s->live, msg, r, s->audit, v);
    if (act == VERDICT_CONTINUE)
	act = stages_site_rcpt(s, msg, r, v);
    /* The verdict is final: only now does the recipient change state. */
    accepted = (act == VERDICT_CONTINUE);
    if (accepted)
	mlfi_mbpol_rcpt_accept(*s->mb, r);
    mlfi_conv_rcpt_end(s->conv, r, accepted);
    if (accepted)
	docs_msg_rcpt_facts(s->docs, r);
    return (accepted);
}

/* stages_header - one header to every stage that reads it */

void    stages_header(const STAGES *s, DECIDE_MSG *msg, const char *name,
		              const char *value)
{
    mlfi_mbpol_header(*s->mb, name, value);
    mlfi_conv_header(s->conv, name, value);
    decide_header(&s->live->pol, s->trust, msg, name, value);
    mlfi_audit_header(s->audit, name, value);
    docs_msg_header(s->docs, name, value);
}

/* stages_eom - the end-of-message decisions, in order */

VERDICT_ACTION stages_eom(const STAGES *s, DECIDE_MSG *msg, VERDICT *v)
{
    VERDICT_ACTION act;

    /* Rules on the whole message: every accepted recipient's settings. */
    mlfi_mbpol_message(*s->mb, msg);
    act = decide_eom(&s->live->pol, s->trust, msg, v);
    if (act == VERDICT_CONTINUE)
	act = mlfi_mbpol_eom(*s->mb, &s->live->pol, msg, v);
    /* Documents before conversations: a refused message changes no state. */
    if (act == VERDICT_CONTINUE)
	act = mlfi_docs_eom(s->docs, &s->live->pol, s->live->docs, s->live->dir,
			    *s->mb, s->audit, msg, v);
    if (act == VERDICT_CONTINUE)
	act = mlfi_conv_eom(s->conv, s->live, *s->mb, msg, s->trust,
			    s->audit, v);
    return (act);
}
