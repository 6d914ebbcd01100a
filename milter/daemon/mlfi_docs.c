/*++
/* NAME
/*	mlfi_docs 3
/* SUMMARY
/*	libmilter glue of the documents feature
/* SYNOPSIS
/*	#include "mlfi_docs.h"
/*
/*	VERDICT_ACTION mlfi_docs_eom(DOCS_MSG *d, const LIVE *live,
/*					MLFI_MBPOL *mb, MLFI_AUDIT *ma,
/*					DECIDE_MSG *msg, VERDICT *v)
/*	void	mlfi_docs_headers(DOCS_MSG *d, SMFICTX *ctx)
/*	void	mlfi_docs_log(DOCS_MSG *d, const char *queue_id)
/* DESCRIPTION
/*	The callbacks of mlfi(3) feed a DOCS_MSG (docs_msg(3)) per
/*	connection: docs_msg_begin() at MAIL FROM, docs_msg_rcpt() for
/*	each recipient let through, docs_msg_header() and
/*	docs_msg_body() as the message streams by, docs_msg_eom() at
/*	end of message after decide_eom(), docs_msg_end() when the
/*	transaction ends. This module holds what needs libmilter or
/*	the other features' glue.
/*
/*	mlfi_docs_eom() runs docs_msg_eom() with the connection's
/*	configuration and directory client, gives the audit record the
/*	category of each document and the (pseudonymised) patient of the
/*	XDM metadata, then applies mbpol.category_required (mlfi_mbpol(3))
/*	when a patient recipient's per-mailbox policy requires every
/*	document to be categorised and one is not (or there is none, or
/*	Documents is off: then nothing is known, and the policy's
/*	requirement is not met).
/*
/*	mlfi_docs_headers(), at end of message when the message goes on
/*	(delivered or quarantined), inserts the message's own
/*	X-MSSante-Category and X-MSSante-Document-Rule headers at the top,
/*	in document order. The copies that came with the message were
/*	deleted before by mlfi(3), with every X-MSSante-* header (only
/*	this milter may write them: a sender could otherwise pass a
/*	forged category to the recipient's software). Call it before the
/*	X-MSSante-Policy header is inserted at the top, so that that one
/*	stays first.
/*
/*	mlfi_docs_log() logs, with -v, the categories of the message.
/* DIAGNOSTICS
/*	smfiw(3) logs a header change that libmilter refuses.
/*--*/

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "smfiw.h"
#include "mlfi_docs.h"

/* mlfi_docs_eom - end of message: documents, audit, per-mailbox policy */

VERDICT_ACTION mlfi_docs_eom(DOCS_MSG *d, const DECIDE_POLICY *pol,
			             const DOCS_CONF *conf, DIR_CLIENT *dir,
			             MLFI_MBPOL *mb, MLFI_AUDIT *ma,
			             DECIDE_MSG *msg, VERDICT *v)
{
    const DOCCAT_RESULT *cats;
    const char **ids;
    VERDICT_ACTION act;
    VSTR   *detail;
    size_t  i, n;

    act = docs_msg_eom(d, pol, msg, dir, v);
    if ((cats = docs_msg_categories(d)) != 0)
	for (i = 0; i < cats->count; i++)
	    mlfi_audit_document(ma, cats->items[i].code, cats->items[i].class_code);
    for (n = docs_msg_patient_ids(d, &ids), i = 0; i < n; i++)
	mlfi_audit_patient(ma, ids[i]);
    mlfi_docs_log(d, msg->queue_id);
    if (act != VERDICT_CONTINUE || !mlfi_mbpol_require_category(mb))
	return (act);
    detail = vstr_alloc(64);
    if (conf == 0 || !conf->enabled)
	vstr_strcpy(detail, "analyse des documents desactivee (Documents no)");
    else if (cats == 0 || cats->count == 0)
	vstr_strcpy(detail, "aucun document categorise");
    else if (cats->uncategorized > 0)
	vstr_sprintf(detail, "%zu document(s) sur %zu sans categorie",
		     cats->uncategorized, cats->documents);
    if (vstr_len(detail) > 0)
	act = mlfi_mbpol_category(mb, pol, msg, vstr_str(detail), v);
    vstr_free(detail);
    return (act);
}

/* mlfi_docs_headers - add ours (mlfi(3) deleted the received copies) */

void    mlfi_docs_headers(DOCS_MSG *d, SMFICTX *ctx)
{
    const char *name;
    const char *value;
    size_t  n;

    /* Each is inserted at the top: walk backwards to keep the order. */
    for (n = docs_msg_tag_count(d); n >= 1; n--)
	if ((value = docs_msg_tag(d, n - 1, &name)) != 0)
	    (void) smfiw_insheader(ctx, 0, name, value);
}

/* mlfi_docs_log - verbose: the categories */

void    mlfi_docs_log(DOCS_MSG *d, const char *queue_id)
{
    VSTR   *buf;

    if (!msg_verbose || docs_msg_categories(d) == 0)
	return;
    buf = vstr_alloc(100);
    docs_msg_summary(d, buf);
    msg_info("%s: documents: %s", queue_id ? queue_id : "NOQUEUE",
	     vstr_len(buf) ? vstr_str(buf) : "none");
    vstr_free(buf);
}
