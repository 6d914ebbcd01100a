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
/*	These functions run one SMTP transaction through the decision
/*	pipeline (pipeline(3), in policy/: the order of the stages and
/*	how their verdicts combine) with the daemon's stages wired in.
/*	The daemon's callbacks (mlfi(3)) and mssante-milter --explain
/*	(explain(3)) both call them, so that the two cannot evaluate a
/*	transaction in a different order or skip a stage the other runs.
/*	s says what the transaction is evaluated with: the configuration
/*	(live(3): site policy, directory client, per-mailbox policy,
/*	documents), the trust space of the message (NULL: not loaded,
/*	every recipient gets dir.error), whether the whitelist is past
/*	TrustMaxAge under TrustMaxAgeAction tempfail (stale), and the
/*	per-message state of each stage (conv and audit may be NULL:
/*	feature off, nothing recorded). trust_rules is 1 in the daemon;
/*	--explain sets it to 0 when it has no directory: the trust-space
/*	and INS rules are then not evaluated (it says so) and the
/*	per-mailbox rules run with the types it was given.
/*
/*	stages_mail() (MAIL FROM): the per-mailbox state and the MAIL
/*	FROM settings (mlfi_mbpol_mail), the site's MAIL FROM rules
/*	(decide_mail); an accepted sender starts the documents reader.
/*
/*	stages_rcpt() (RCPT TO, facts made once by rcpt_facts_set(3)):
/*	pipeline_rcpt(3) with the recipient's per-mailbox settings
/*	(mlfi_mbpol_select), its per-mailbox rules (mlfi_mbpol_rcpt),
/*	its conversation (mlfi_conv_rcpt) and the site's rules
/*	(decide_rcpt_facts). An accepted recipient is counted by the
/*	per-mailbox rules, kept for the conversations and given to the
/*	documents reader; a refused one has its pending conversation
/*	writes dropped. The result is 1 when the recipient is accepted.
/*
/*	stages_header() gives one header to every stage that reads it.
/*
/*	stages_eom() (end of message): pipeline_eom(3) under the settings
/*	of every accepted recipient (mlfi_mbpol_message), with the
/*	site's message rules (decide_eom), the per-mailbox rules
/*	(mlfi_mbpol_eom), the documents (mlfi_docs_eom) and the
/*	conversations (mlfi_conv_eom). Nothing is written and no header
/*	is edited here: the daemon applies the headers and commits the
/*	conversation writes once the verdict is final and on record;
/*	--explain applies neither.
/* SEE ALSO
/*	pipeline(3), decide(3), mlfi_mbpol(3), mlfi_conv(3), mlfi_docs(3)
/*--*/

#include <string.h>

#include "pipeline.h"
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

/* stages_select - the recipient's per-mailbox settings (mlfi_mbpol(3)) */

static void stages_select(void *ctx, DECIDE_MSG *msg, RCPT_FACTS *r)
{
    const STAGES *s = ctx;

    msg->mbpol = mlfi_mbpol_select(*s->mb, r);
}

/* stages_mailbox - the recipient's per-mailbox rules */

static VERDICT_ACTION stages_mailbox(void *ctx, DECIDE_MSG *msg,
				             RCPT_FACTS *r, VERDICT *v)
{
    const STAGES *s = ctx;

    return (r ? mlfi_mbpol_rcpt(*s->mb, &s->live->pol, msg, r, v) :
	    mlfi_mbpol_eom(*s->mb, &s->live->pol, msg, v));
}

/* stages_conversation - the conversation rules (mlfi_conv(3)) */

static VERDICT_ACTION stages_conversation(void *ctx, DECIDE_MSG *msg,
					          RCPT_FACTS *r, VERDICT *v)
{
    const STAGES *s = ctx;

    return (r ? mlfi_conv_rcpt(s->conv, s->live, msg, r, s->audit, v) :
	    mlfi_conv_eom(s->conv, s->live, *s->mb, msg, s->trust, s->audit, v));
}

/* stages_site - the site's rules (decide(3)) */

static VERDICT_ACTION stages_site(void *ctx, DECIDE_MSG *msg, RCPT_FACTS *r,
				          VERDICT *v)
{
    const STAGES *s = ctx;

    return (r ? decide_rcpt_facts(&s->live->pol, s->trust, msg, r, v) :
	    decide_eom(&s->live->pol, s->trust, msg, v));
}

/* stages_accepted - an accepted recipient's state */

static void stages_accepted(void *ctx, RCPT_FACTS *r)
{
    const STAGES *s = ctx;

    mlfi_mbpol_rcpt_accept(*s->mb, r);
    mlfi_conv_rcpt_end(s->conv, r, 1);
    docs_msg_rcpt_facts(s->docs, r);
}

/* stages_refused - a refused recipient leaves nothing behind */

static void stages_refused(void *ctx, RCPT_FACTS *r)
{
    const STAGES *s = ctx;

    mlfi_conv_rcpt_end(s->conv, r, 0);
}

/* stages_rcpt - RCPT TO; 1: accepted */

int     stages_rcpt(const STAGES *s, DECIDE_MSG *msg, RCPT_FACTS *r, VERDICT *v)
{
    PIPELINE_RCPT p;

    memset(&p, 0, sizeof(p));
    p.stale = s->stale;
    p.select = stages_select;
    p.mailbox = stages_mailbox;
    p.conversation = stages_conversation;
    /* --explain without a directory: not judged, as its output says. */
    p.site = s->trust_rules ? stages_site : 0;
    p.accepted = stages_accepted;
    p.refused = stages_refused;
    return (pipeline_rcpt(&s->live->pol, &p, (void *) s, msg, r, v));
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

/* stages_settings - a rule on the whole message: every recipient's settings */

static void stages_settings(void *ctx, DECIDE_MSG *msg)
{
    const STAGES *s = ctx;

    mlfi_mbpol_message(*s->mb, msg);
}

/* stages_documents - the documents (mlfi_docs(3)) */

static VERDICT_ACTION stages_documents(void *ctx, DECIDE_MSG *msg,
				               RCPT_FACTS *unused, VERDICT *v)
{
    const STAGES *s = ctx;

    (void) unused;
    return (mlfi_docs_eom(s->docs, &s->live->pol, s->live->docs, s->live->dir,
			  *s->mb, s->audit, msg, v));
}

/* stages_eom - the end-of-message decisions (pipeline(3)) */

VERDICT_ACTION stages_eom(const STAGES *s, DECIDE_MSG *msg, VERDICT *v)
{
    PIPELINE_EOM p;

    p.settings = stages_settings;
    p.site = stages_site;
    p.mailbox = stages_mailbox;
    p.documents = stages_documents;
    p.conversation = stages_conversation;
    return (pipeline_eom(&p, (void *) s, msg, v));
}
