/*++
/* NAME
/*	fuzz_mime 1
/* SUMMARY
/*	fuzz target for the MIME reader and the documents chain
/* SYNOPSIS
/*	fuzz_mime [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Splits the input as an MTA would (header fields up to the first
/*	empty line, then the body), feeds it to mime(3) in chunks whose
/*	size the input size chooses (memory or disk spool), decodes every
/*	header with mime_hdr(3), extracts every part, then runs the whole
/*	chain: xdm_msg(3) on any IHE_XDM.zip part, doccat(3), docrules(3)
/*	and the tag header. Checks the invariants: the decoded Subject
/*	has no NUL before its end, a tag header is one US-ASCII line.
/* DIAGNOSTICS
/*	abort() on a broken invariant (libFuzzer reports a crash).
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "mymalloc.h"
#include "vstr.h"
#include "mime.h"
#include "mime_hdr.h"
#include "xdm_msg.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* check - abort unless the condition holds */

static void check(int ok)
{
    if (!ok)
	abort();
}

/* feed_headers - "name: value" lines, folding kept as LF */

static const char *feed_headers(MIME_MSG *m, const char *cp, const char *end,
				        VSTR *hdr_decoded)
{
    VSTR   *name = vstr_alloc(32), *value = vstr_alloc(64);
    const char *eol, *colon;

    while (cp < end && *cp != '\n' && !(*cp == '\r' && cp + 1 < end && cp[1] == '\n')) {
	eol = memchr(cp, '\n', (size_t) (end - cp));
	if (eol == 0)
	    eol = end;
	colon = memchr(cp, ':', (size_t) (eol - cp));
	vstr_reset(name);
	vstr_reset(value);
	if (colon == 0) {
	    vstr_cat(name, "X-Junk");
	    colon = cp - 1;
	} else {
	    vstr_ncat(name, cp, (size_t) (colon - cp));
	}
	vstr_ncat(value, colon + 1, (size_t) (eol - colon - 1));
	cp = eol < end ? eol + 1 : end;
	while (cp < end && (*cp == ' ' || *cp == '\t')) {
	    eol = memchr(cp, '\n', (size_t) (end - cp));
	    if (eol == 0)
		eol = end;
	    vstr_addch(value, '\n');
	    vstr_ncat(value, cp, (size_t) (eol - cp));
	    cp = eol < end ? eol + 1 : end;
	}
	/* libmilter hands C strings: a NUL ends the value. */
	(void) mime_msg_header(m, vstr_str(name), vstr_str(value));
	mime_hdr_decode(vstr_str(value), hdr_decoded);
	check(strlen(vstr_str(hdr_decoded)) == vstr_len(hdr_decoded));
    }
    if (cp < end)
	cp += (*cp == '\r') ? 2 : 1;
    vstr_free(name);
    vstr_free(value);
    return (cp > end ? end : cp);
}

/* LLVMFuzzerTestOneInput - one input */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    static CATEGORY_TABLE *tab;
    const char *cp = (const char *) data, *end = cp + size;
    MIME_LIMITS lim;
    XDM_LIMITS xlim;
    MIME_MSG *m;
    XDM_MSG *xm;
    const DOCCAT_RESULT *cats;
    DOCRULES_CONFIG cfg;
    DOCRULES_REPORT rep;
    const char *rcpt[1] = {"285037728417346"};
    VSTR   *tmp = vstr_alloc(64);
    size_t  chunk, n, i;
    int     fd;
    const char *subj;

    if (!initialised) {
	mime_init();
	xdm_init();
	tab = category_table_create((char *) 0);
	(void) category_table_add_line(tab, "11488-4\tCR\t2.16.840.1.113883.6.1", 32);
	initialised = 1;
    }
    if (size == 0) {
	vstr_free(tmp);
	return (0);
    }
    mime_limits_init(&lim);
    /* The size picks the chunk size and the spool threshold. */
    chunk = 1 + (size % 64) * 97;
    lim.mem_max = (size & 64) ? 64 : 1024 * 1024;
    lim.max_parts = 200;
    m = mime_msg_create(&lim);
    cp = feed_headers(m, cp, end, tmp);
    (void) mime_msg_eoh(m);
    while (cp < end) {
	n = (size_t) (end - cp) < chunk ? (size_t) (end - cp) : chunk;
	(void) mime_msg_body(m, cp, n);
	cp += n;
    }
    (void) mime_msg_finish(m);
    if ((subj = mime_msg_subject(m)) != 0)
	check(strchr(subj, 0) != 0);
    fd = open("/dev/null", O_WRONLY);
    for (i = 0; i < mime_msg_part_count(m); i++)
	(void) mime_msg_extract(m, i, fd, 1024 * 1024, (off_t *) 0);
    (void) close(fd);

    xdm_limits_init(&xlim);
    xlim.max_archive = 1024 * 1024;
    xm = xdm_msg_create();
    (void) xdm_msg_scan(xm, m, &xlim, (char *) 0);
    cats = xdm_msg_categorize(xm, m, tab, (DOCCAT_RULES *) 0, "a@b.mssante.fr");
    for (i = 0; i < cats->count; i++) {
	const char *h;

	doccat_format_header(cats->items + i, tmp);
	for (h = vstr_str(tmp); *h; h++)
	    check(*h >= 0x20 && *h < 0x7f);
	check(vstr_len(tmp) < 998);
    }
    docrules_config_init(&cfg);
    docrules_report_init(&rep);
    docrules_check(&cfg, xdm_msg_facts(xm, m, (int) (size & 1), rcpt, 1), &rep);
    docrules_report_free(&rep);
    xdm_msg_free(xm);
    mime_msg_free(m);
    vstr_free(tmp);
    return (0);
}
