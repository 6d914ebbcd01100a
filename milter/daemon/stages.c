/*++
/* NAME
/*	stages 3
/* SUMMARY
/*	the order of the end-of-message decisions
/* SYNOPSIS
/*	#include "stages.h"
/*
/*	VERDICT_ACTION stages_eom(s, msg, v)
/*	const STAGES_EOM *s;
/*	DECIDE_MSG *msg;
/*	VERDICT	*v;
/* DESCRIPTION
/*	stages_eom() runs, in their one fixed order, the decisions taken
/*	at the end of a message that change nothing outside it: the
/*	site's message rules (decide_eom: null sender, size towards
/*	patients, header addresses), the per-mailbox rules
/*	(mlfi_mbpol_eom), then the documents (docs_msg_eom and the
/*	per-mailbox category requirement). The first stage that does not
/*	continue ends the sequence and its verdict is the message's.
/*
/*	The daemon's end-of-message callback (mlfi(3)) and mssante-milter
/*	--explain (explain(3)) both call this function, so that the two
/*	cannot evaluate a message in a different order or skip a stage
/*	the other runs. The conversation stage comes after it in the
/*	daemon only: it reads and writes the directory's conversation
/*	state, which --explain does not touch.
/*
/*	A NULL docs_conf is a configuration without the documents
/*	feature; a NULL audit records nothing.
/* SEE ALSO
/*	decide(3), mlfi_mbpol(3), mlfi_docs(3)
/*--*/

#include "mlfi_docs.h"
#include "stages.h"

/* stages_eom - the end-of-message decisions, in order */

VERDICT_ACTION stages_eom(const STAGES_EOM *s, DECIDE_MSG *msg, VERDICT *v)
{
    VERDICT_ACTION act;

    act = decide_eom(s->pol, s->trust, msg, v);
    if (act == VERDICT_CONTINUE)
	act = mlfi_mbpol_eom(s->mb, s->pol, msg, v);
    /* Documents before conversations: a refused message changes no state. */
    if (act == VERDICT_CONTINUE)
	act = mlfi_docs_eom(s->docs, s->pol, s->docs_conf, s->dir, s->mb,
			    s->audit, msg, v);
    return (act);
}
