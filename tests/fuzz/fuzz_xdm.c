/*++
/* NAME
/*	fuzz_xdm 1
/* SUMMARY
/*	fuzz target for the IHE_XDM archive reader
/* SYNOPSIS
/*	fuzz_xdm [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to xdm_read_buffer() as a zip archive, with
/*	limits small enough that a bomb is caught quickly, and checks the
/*	result: a status in range, documents only from read subsets,
/*	every CDA code listed once.
/* DIAGNOSTICS
/*	abort() on a broken invariant (libFuzzer reports a crash).
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xdm.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* check - abort unless the condition holds */

static void check(int ok)
{
    if (!ok)
	abort();
}

/* LLVMFuzzerTestOneInput - one input */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    XDM_LIMITS lim;
    XDM_RESULT *res;
    size_t  i, j;

    xdm_init();
    xdm_limits_init(&lim);
    lim.max_entry_size = 4 * 1024 * 1024;
    lim.max_total = 16 * 1024 * 1024;
    res = xdm_result_create();
    (void) xdm_read_buffer(data, size, &lim, res);
    check((unsigned) res->status < XDM_STATUS_COUNT);
    check((res->status == XDM_OK) == (vstr_len(res->error) == 0));
    check(res->ndocs == 0 || res->nsubsets > 0);
    check(res->ndocs <= lim.max_docs);
    for (i = 0; i < res->ncda_codes; i++)
	for (j = i + 1; j < res->ncda_codes; j++)
	    check(strcmp(res->cda_codes[i], res->cda_codes[j]) != 0);
    xdm_result_free(res);
    return (0);
}
