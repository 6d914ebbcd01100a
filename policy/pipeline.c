/*++
/* NAME
/*	pipeline 3
/* SUMMARY
/*	the one order of the decisions of a transaction
/* SYNOPSIS
/*	#include "pipeline.h"
/*
/*	int	pipeline_rcpt(pol, p, ctx, msg, r, v)
/*	const DECIDE_POLICY *pol;
/*	const PIPELINE_RCPT *p;
/*	void	*ctx;
/*	DECIDE_MSG *msg;
/*	RCPT_FACTS *r;
/*	VERDICT	*v;
/*
/*	VERDICT_ACTION pipeline_eom(p, ctx, msg, v)
/*	const PIPELINE_EOM *p;
/* DESCRIPTION
/*	This module owns the order in which the stages of a transaction
/*	decide and how their verdicts combine; the stages themselves are
/*	the caller's (the daemon's stages(3) wires the per-mailbox,
/*	conversation, documents and site rules, which gather their facts
/*	from the directory and the message), so that this order and
/*	this combination are the same for the daemon and --explain and
/*	are unit-tested here. A NULL stage is skipped.
/*
/*	pipeline_rcpt() decides one recipient whose facts (rcpt(3)) were
/*	made once: a new verdict; a whitelist past TrustMaxAge (p->stale)
/*	tempfails it (dir.error, "liste blanche perimee"); then its
/*	per-mailbox settings are selected (p->select, into msg->mbpol)
/*	and the per-mailbox rules, the conversation rules and the site's
/*	trust, INS and size rules decide, in that order. The first stage
/*	that does not continue decides. A refusal that an earlier stage
/*	turned into monitor (the verdict has a rule but continues) stays
/*	the recipient's verdict unless a later stage sets a rule of its
/*	own. Without p->site (mssante-milter --explain without a
/*	directory), the recipient counts as accepted by the site rules.
/*	Once the verdict is final, and only then, the recipient's state
/*	is applied: p->accepted for an accepted recipient, p->refused for
/*	a refused one (its pending writes are forgotten). The result is
/*	1 when the recipient is accepted.
/*
/*	pipeline_eom() decides the message at its end: p->settings first
/*	(the settings a rule on the whole message runs under), then the
/*	site's message rules, the per-mailbox rules, the documents and
/*	the conversations, in that order: documents before conversations,
/*	so that a refused message computes no conversation state. The
/*	first stage that does not continue ends the sequence; its
/*	verdict is the message's. Nothing is written here: the caller
/*	edits headers and commits the conversation writes only once the
/*	verdict is final and on record.
/* SEE ALSO
/*	decide(3), stages(3)
/*--*/

#include <string.h>

#include "pipeline.h"

/* pipeline_stale - TrustMaxAgeAction tempfail on a stale whitelist */

static VERDICT_ACTION pipeline_stale(const DECIDE_POLICY *pol, DECIDE_MSG *msg,
				             const RCPT_FACTS *r, VERDICT *v)
{
    RULE_VARS vars;

    memset(&vars, 0, sizeof(vars));
    vars.addr = r->arg;
    vars.detail = "liste blanche perimee";
    return (decide_other(pol, msg, 1, VERDICT_TEMPFAIL, rule_id(RULE_DIR_ERROR),
			 &vars, v));
}

/* pipeline_site - the site's rules after a monitored refusal, or none */

static VERDICT_ACTION pipeline_site(const PIPELINE_RCPT *p, void *ctx,
				            DECIDE_MSG *msg, RCPT_FACTS *r,
				            VERDICT *v)
{
    VERDICT_ACTION act;
    VERDICT mon;

    if (p->site == 0) {
	msg->accepted++;
	return (VERDICT_CONTINUE);
    }
    if (v->rule == 0)
	return (p->site(ctx, msg, r, v));
    /* The site's stage starts a new verdict: keep the monitored one. */
    verdict_init(&mon);
    verdict_copy(&mon, v);
    act = p->site(ctx, msg, r, v);
    if (v->rule == 0)
	verdict_copy(v, &mon);
    verdict_free(&mon);
    return (act);
}

/* pipeline_rcpt - one recipient; 1: accepted */

int     pipeline_rcpt(const DECIDE_POLICY *pol, const PIPELINE_RCPT *p,
		              void *ctx, DECIDE_MSG *msg, RCPT_FACTS *r,
		              VERDICT *v)
{
    VERDICT_ACTION act;

    verdict_reset(v);
    act = p->stale ? pipeline_stale(pol, msg, r, v) : VERDICT_CONTINUE;
    if (act == VERDICT_CONTINUE && p->select)
	p->select(ctx, msg, r);
    if (act == VERDICT_CONTINUE && p->mailbox)
	act = p->mailbox(ctx, msg, r, v);
    if (act == VERDICT_CONTINUE && p->conversation)
	act = p->conversation(ctx, msg, r, v);
    if (act == VERDICT_CONTINUE)
	act = pipeline_site(p, ctx, msg, r, v);
    /* The verdict is final: only now does the recipient change state. */
    if (act == VERDICT_CONTINUE) {
	if (p->accepted)
	    p->accepted(ctx, r);
	return (1);
    }
    if (p->refused)
	p->refused(ctx, r);
    return (0);
}

/* pipeline_eom - the end-of-message decisions, in order */

VERDICT_ACTION pipeline_eom(const PIPELINE_EOM *p, void *ctx, DECIDE_MSG *msg,
			            VERDICT *v)
{
    const PIPELINE_STAGE order[] = {
	p->site, p->mailbox, p->documents, p->conversation,
    };
    VERDICT_ACTION act = VERDICT_CONTINUE;
    size_t  i;

    if (p->settings)
	p->settings(ctx, msg);
    for (i = 0; act == VERDICT_CONTINUE && i < sizeof(order) / sizeof(order[0]); i++)
	if (order[i])
	    act = order[i](ctx, msg, (RCPT_FACTS *) 0, v);
    return (act);
}
