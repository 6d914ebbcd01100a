/*++
/* NAME
/*	xdm_msg 3
/* SUMMARY
/*	documents of one message: archives, categories, conformance facts
/* SYNOPSIS
/*	#include "xdm_msg.h"
/*
/*	XDM_MSG	*xdm_msg_create(void)
/*	void	xdm_msg_free(XDM_MSG *xm)
/*	size_t	xdm_msg_scan(XDM_MSG *xm, MIME_MSG *m,
/*					const XDM_LIMITS *lim, const char *tmpdir)
/*	int	xdm_msg_local_error(const XDM_MSG *xm)
/*	int	xdm_msg_timed_out(const XDM_MSG *xm)
/*	const XDM_BUDGET *xdm_msg_budget(const XDM_MSG *xm)
/*	size_t	xdm_msg_archive_count(const XDM_MSG *xm)
/*	const XDM_RESULT *xdm_msg_archive(const XDM_MSG *xm, size_t index)
/*	const DOCCAT_RESULT *xdm_msg_categorize(XDM_MSG *xm, MIME_MSG *m,
/*					const CATEGORY_TABLE *tab,
/*					const DOCCAT_RULES *rules,
/*					const char *sender)
/*	const DOCCAT_RESULT *xdm_msg_classify(XDM_MSG *xm,
/*					const CATEGORY_TABLE *classes)
/*	const DOCRULES_FACTS *xdm_msg_facts(XDM_MSG *xm, MIME_MSG *m,
/*					int sender_app,
/*					const char *const *rcpt_ins,
/*					size_t rcpt_count)
/* DESCRIPTION
/*	The glue between the parsers and the pure decisions, for the
/*	end-of-message callback, after mime_msg_finish():
/* .nf
/*	xm = xdm_msg_create();
/*	xdm_msg_scan(xm, m, &xdm_limits, tmpdir);
/*	cats = xdm_msg_categorize(xm, m, table, rules, envelope_sender);
/*	facts = xdm_msg_facts(xm, m, sender_is_app, patient_ins, n);
/*	docrules_check(&cfg, facts, &report);
/*	for each cats->items[i]: doccat_format_header() -> X-MSSante-Category
/*	xdm_msg_free(xm);
/* .fi
/*	xdm_msg_scan() decodes each IHE_XDM.zip part of the message (not
/*	those inside a forwarded message) into an unlinked temporary file
/*	in tmpdir (NULL: $TMPDIR or /tmp), at most lim->max_archive
/*	octets, and reads it with xdm(3). It returns the number of
/*	archives; xdm_msg_archive() gives each one's result (documents,
/*	status, English error for the log). xdm_msg_local_error() is true
/*	when one could not be read because of this host (temporary file,
/*	disk: XDM_ERR_IO): tempfail the message rather than judge it;
/*	such an archive counts neither as unsafe nor as invalid.
/*
/*	xdm_msg_classify(), after xdm_msg_categorize(), gives each
/*	document's class its TRE_A03 label (doccat_resolve_classes()).
/*
/*	The archives of one message share one budget (xdm_budget(3), the
/*	lim->msg_* limits), started by xdm_msg_scan(): past
/*	msg_max_archives the next archives are not decoded at all, and a
/*	spent budget stops the current read and skips the rest. Over the
/*	archive, entry or inflated-octet limits an archive is unsafe
/*	(XDM_ERR_BUDGET: doc.xdm_unsafe); over the time limit
/*	xdm_msg_timed_out() is true (XDM_ERR_TIME, neither unsafe nor
/*	invalid: tempfail, like a local error). xdm_msg_budget() tells
/*	what the message spent.
/*
/*	xdm_msg_categorize() resolves every document's category with
/*	doccat(3): the X-MSS-CODECDA header, the archives' metadata, then
/*	the rules for the other attachments (MIME_PART.is_document).
/*
/*	xdm_msg_facts() fills the facts for docrules(3) from the headers,
/*	the decoded Subject, the archives and the categories. sender_app
/*	says the sender's mailbox is of type APP (from the directory);
/*	rcpt_ins lists the INS (local parts) of the recipients in the
/*	patients' domain. The facts point into xm and m: use them before
/*	freeing either. Hit rcpt_index values index rcpt_ins.
/*--*/

#include "config.h"			/* _GNU_SOURCE: mkostemp() */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mymalloc.h"
#include "vstr.h"
#include "xdm_msg.h"

struct XDM_MSG {
    XDM_BUDGET budget;			/* the message's archives, together */
    XDM_RESULT **archives;
    size_t  narchives;
    DOCCAT_XDM_DOC *cat_docs;
    const char **attachments;
    DOCCAT_INPUT cat_in;
    DOCCAT_RESULT cat;
    int     categorized;
    DOCRULES_PATIENT *patients;
    const char **cda_codes;
    DOCRULES_FACTS facts;
};

/* xdm_msg_create - empty */

XDM_MSG *xdm_msg_create(void)
{
    XDM_MSG *xm = mycalloc(1, sizeof(*xm));

    doccat_result_init(&xm->cat);
    return (xm);
}

/* xdm_msg_free - destroy; NULL is fine */

void    xdm_msg_free(XDM_MSG *xm)
{
    size_t  i;

    if (xm == 0)
	return;
    for (i = 0; i < xm->narchives; i++)
	xdm_result_free(xm->archives[i]);
    myfree(xm->archives);
    myfree(xm->cat_docs);
    myfree(xm->attachments);
    doccat_result_free(&xm->cat);
    myfree(xm->patients);
    myfree(xm->cda_codes);
    myfree(xm);
}

/* xdm_msg_tempfile - unlinked temporary file, or -1 */

static int xdm_msg_tempfile(const char *tmpdir, VSTR *why)
{
    VSTR   *path = vstr_alloc(64);
    const char *dir = tmpdir ? tmpdir : getenv("TMPDIR");
    int     fd;

    vstr_sprintf(path, "%s/mssante-xdm.XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkostemp(vstr_str(path), O_CLOEXEC)) < 0)
	vstr_sprintf(why, "create %s: %s", vstr_str(path), strerror(errno));
    else
	(void) unlink(vstr_str(path));
    vstr_free(path);
    return (fd);
}

/* xdm_msg_scan - read every IHE_XDM.zip part */

size_t  xdm_msg_scan(XDM_MSG *xm, MIME_MSG *m, const XDM_LIMITS *lim,
		             const char *tmpdir)
{
    const MIME_PART *mp;
    XDM_RESULT *res;
    MIME_STATUS ms;
    VSTR   *why = vstr_alloc(64);
    off_t   written;
    size_t  i;
    int     fd;

    xdm_budget_start(&xm->budget, lim);
    for (i = 0; i < mime_msg_part_count(m); i++) {
	mp = mime_msg_part(m, i);
	if (!mp->is_xdm || mp->embedded)
	    continue;
	res = xdm_result_create();
	xm->archives = myrealloc(xm->archives,
				 (xm->narchives + 1) * sizeof(*xm->archives));
	xm->archives[xm->narchives++] = res;
	/* Over budget: not even decoded. */
	if (xdm_budget_archive(&xm->budget, res) != XDM_OK)
	    continue;
	if ((fd = xdm_msg_tempfile(tmpdir, why)) < 0) {
	    xdm_result_fail(res, XDM_ERR_IO, "%s", vstr_str(why));
	    continue;
	}
	ms = mime_msg_extract(m, i, fd, lim->max_archive, &written);
	if (ms == MIME_ERR_PART_TOO_BIG)
	    xdm_result_fail(res, XDM_ERR_TOO_BIG, "part %s: archive over %lld "
			    "octets", mp->path, (long long) lim->max_archive);
	else if (ms != MIME_OK)
	    xdm_result_fail(res, XDM_ERR_IO, "part %s: %s", mp->path,
			    mime_status_name(ms));
	else
	    (void) xdm_read_fd_budget(fd, lim, &xm->budget, res);
	(void) close(fd);
    }
    vstr_free(why);
    return (xm->narchives);
}

/* xdm_msg_any - does an archive have this status? */

static int xdm_msg_any(const XDM_MSG *xm, XDM_STATUS status)
{
    size_t  i;

    for (i = 0; i < xm->narchives; i++)
	if (xm->archives[i]->status == status)
	    return (1);
    return (0);
}

/* xdm_msg_local_error - did reading fail on our side (spool, disk)? */

int     xdm_msg_local_error(const XDM_MSG *xm)
{
    return (xdm_msg_any(xm, XDM_ERR_IO));
}

/* xdm_msg_timed_out - did the message's time run out? */

int     xdm_msg_timed_out(const XDM_MSG *xm)
{
    return (xdm_msg_any(xm, XDM_ERR_TIME));
}

/* xdm_msg_budget - what the message's archives spent */

const XDM_BUDGET *xdm_msg_budget(const XDM_MSG *xm)
{
    return (&xm->budget);
}

/* xdm_msg_archive_count - archives read */

size_t  xdm_msg_archive_count(const XDM_MSG *xm)
{
    return (xm->narchives);
}

/* xdm_msg_archive - one archive's result, NULL past the end */

const XDM_RESULT *xdm_msg_archive(const XDM_MSG *xm, size_t index)
{
    return (index < xm->narchives ? xm->archives[index] : 0);
}

/* xdm_msg_classify - label the classes of the categorised documents */

const DOCCAT_RESULT *xdm_msg_classify(XDM_MSG *xm, const CATEGORY_TABLE *classes)
{
    if (xm->categorized)
	doccat_resolve_classes(classes, &xm->cat);
    return (&xm->cat);
}

/* xdm_msg_categorize - every document's category */

const DOCCAT_RESULT *xdm_msg_categorize(XDM_MSG *xm, MIME_MSG *m,
				                const CATEGORY_TABLE *tab,
				                const DOCCAT_RULES *rules,
				                const char *sender)
{
    size_t  i, j, ndocs = 0, natt = 0;
    const XDM_DOC *dp;
    const MIME_PART *mp;

    if (xm->categorized) {
	doccat_result_free(&xm->cat);
	doccat_result_init(&xm->cat);
    }
    xm->categorized = 1;
    myfree(xm->cat_docs);
    myfree(xm->attachments);
    for (i = 0; i < xm->narchives; i++)
	ndocs += xm->archives[i]->ndocs;
    xm->cat_docs = mycalloc(ndocs + 1, sizeof(*xm->cat_docs));
    for (ndocs = 0, i = 0; i < xm->narchives; i++) {
	for (j = 0; j < xm->archives[i]->ndocs; j++, ndocs++) {
	    dp = xm->archives[i]->docs + j;
	    xm->cat_docs[ndocs].name = dp->uri;
	    xm->cat_docs[ndocs].type_code = dp->type_code;
	    xm->cat_docs[ndocs].type_system = dp->type_system;
	    xm->cat_docs[ndocs].class_code = dp->class_code;
	    xm->cat_docs[ndocs].is_cda = dp->is_cda;
	}
    }
    xm->attachments = mycalloc(mime_msg_part_count(m) + 1, sizeof(char *));
    for (i = 0; i < mime_msg_part_count(m); i++) {
	mp = mime_msg_part(m, i);
	if (mp->is_document)
	    xm->attachments[natt++] = mp->filename;
    }
    memset(&xm->cat_in, 0, sizeof(xm->cat_in));
    xm->cat_in.codecda = mime_msg_header_get(m, "X-MSS-CODECDA", 0);
    xm->cat_in.xdm = xm->cat_docs;
    xm->cat_in.xdm_count = ndocs;
    xm->cat_in.attachments = xm->attachments;
    xm->cat_in.attachment_count = natt;
    xm->cat_in.sender = sender;
    doccat_resolve(tab, rules, &xm->cat_in, &xm->cat);
    return (&xm->cat);
}

/* xdm_msg_facts - facts for docrules_check() */

const DOCRULES_FACTS *xdm_msg_facts(XDM_MSG *xm, MIME_MSG *m, int sender_app,
				            const char *const *rcpt_ins,
				            size_t rcpt_count)
{
    DOCRULES_FACTS *f = &xm->facts;
    const XDM_RESULT *res;
    size_t  i, j, npat = 0, ncodes = 0, k;

    memset(f, 0, sizeof(*f));
    f->sender_app = sender_app;
    f->x_mss_nil = mime_msg_header_get(m, "X-MSS-NIL", 0);
    f->x_mss_codecda = mime_msg_header_get(m, "X-MSS-CODECDA", 0);
    f->x_mss_ins = mime_msg_header_get(m, "X-MSS-INS", 0);
    f->subject = mime_msg_subject(m);
    f->xdm_archives = xm->narchives;
    myfree(xm->patients);
    myfree(xm->cda_codes);
    for (i = 0; i < xm->narchives; i++) {
	npat += xm->archives[i]->ndocs;
	ncodes += xm->archives[i]->ncda_codes;
    }
    xm->patients = mycalloc(npat + 1, sizeof(*xm->patients));
    xm->cda_codes = mycalloc(ncodes + 1, sizeof(char *));
    for (npat = 0, ncodes = 0, i = 0; i < xm->narchives; i++) {
	res = xm->archives[i];
	if (res->status == XDM_ERR_IO || res->status == XDM_ERR_TIME) {
	    /* Our disk or our time: xdm_msg_local_error(), _timed_out(). */
	} else if (res->status != XDM_OK) {
	    if (xdm_status_unsafe(res->status)) {
		if (f->xdm_unsafe++ == 0)
		    f->xdm_unsafe_error = xdm_status_text_fr(res->status);
	    } else if (f->xdm_invalid++ == 0) {
		f->xdm_invalid_error = xdm_status_text_fr(res->status);
	    }
	}
	f->cda_count += res->cda_count;
	for (j = 0; j < res->ndocs; j++) {
	    if (res->docs[j].patient_id == 0)
		continue;
	    xm->patients[npat].id = res->docs[j].patient_id;
	    xm->patients[npat].authority = res->docs[j].patient_authority;
	    npat++;
	}
	for (j = 0; j < res->ncda_codes; j++) {
	    for (k = 0; k < ncodes; k++)
		if (strcmp(xm->cda_codes[k], res->cda_codes[j]) == 0)
		    break;
	    if (k == ncodes)
		xm->cda_codes[ncodes++] = res->cda_codes[j];
	}
    }
    f->patients = xm->patients;
    f->patient_count = npat;
    f->cda_codes = xm->cda_codes;
    f->cda_code_count = ncodes;
    f->rcpt_ins = rcpt_ins;
    f->rcpt_ins_count = rcpt_count;
    if (xm->categorized) {
	f->documents = xm->cat.documents;
	f->uncategorized = xm->cat.uncategorized;
	f->unknown = xm->cat.unknown;
	f->unknown_codes = vstr_str(xm->cat.unknown_codes);
	f->unknown_classes = xm->cat.unknown_classes;
	f->unknown_class_codes = vstr_str(xm->cat.unknown_class_codes);
    }
    return (f);
}
