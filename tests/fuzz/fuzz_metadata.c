/*++
/* NAME
/*	fuzz_metadata 1
/* SUMMARY
/*	fuzz target for METADATA.XML and CDA recognition
/* SYNOPSIS
/*	fuzz_metadata [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to xdm_meta(3), once whole and once in
/*	chunks of a size the first octet chooses, and to the CDA probe
/*	xdm_cda(3). Checks: when both parses succeed, the same documents
/*	either way; a document has an id; a CDA code only comes with a
/*	CDA.
/* DIAGNOSTICS
/*	abort() on a broken invariant (libFuzzer reports a crash).
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "xdm.h"
#include "xdm_meta.h"
#include "xdm_cda.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* check - abort unless the condition holds */

static void check(int ok)
{
    if (!ok)
	abort();
}

/* same - two optional strings are equal */

static int same(const char *a, const char *b)
{
    return ((a == 0 && b == 0) || (a && b && strcmp(a, b) == 0));
}

/* LLVMFuzzerTestOneInput - one input */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    XDM_LIMITS lim;
    XDM_RESULT *whole, *chunked;
    XDM_STATUS s1, s2;
    XDM_META *mp;
    XDM_CDA *cp;
    const char *text = (const char *) data;
    size_t  chunk, i, n;
    int     is_cda;
    char   *code;

    xdm_init();
    xdm_limits_init(&lim);
    lim.max_xml = 1024 * 1024;
    whole = xdm_result_create();
    s1 = xdm_meta_parse(text, size, &lim, whole, "S");
    chunked = xdm_result_create();
    mp = xdm_meta_create(&lim, chunked, "S");
    chunk = size ? 1 + data[0] % 61 : 1;
    for (s2 = XDM_OK, i = 0; i < size && s2 == XDM_OK; i += n) {
	n = size - i < chunk ? size - i : chunk;
	s2 = xdm_meta_feed(mp, text + i, n);
    }
    if (s2 == XDM_OK)
	s2 = xdm_meta_end(mp);
    xdm_meta_free(mp);
    /*
     * libxml2's push parser may judge malformed input differently at
     * different chunk boundaries (comments split across chunks): compare
     * what both parses accepted, which is what this code builds.
     */
    if (s1 == XDM_OK && s2 == XDM_OK)
	check(whole->ndocs == chunked->ndocs);
    for (i = 0; s1 == XDM_OK && s2 == XDM_OK && i < whole->ndocs; i++) {
	check(whole->docs[i].id != 0);
	check(same(whole->docs[i].type_code, chunked->docs[i].type_code));
	check(same(whole->docs[i].patient_id, chunked->docs[i].patient_id));
	check(same(whole->docs[i].uri, chunked->docs[i].uri));
    }
    xdm_result_free(whole);
    xdm_result_free(chunked);

    cp = xdm_cda_create(&lim);
    (void) xdm_cda_feed(cp, text, size);
    (void) xdm_cda_end(cp, &is_cda, &code);
    check(code == 0 || is_cda);
    myfree(code);
    xdm_cda_free(cp);
    return (0);
}
