/*++
/* NAME
/*	fuzz_insmask 1
/* SUMMARY
/*	fuzz target for insmask(3)
/* SYNOPSIS
/*	fuzz_insmask [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to insmask_scrub(), insmask_addr(),
/*	insmask_patient() and insmask_inplace() and checks invariants:
/*	no INS-shaped token survives a scrub (a second pass of the
/*	in-place cut changes nothing), the in-place cut and the scrub
/*	without a domain give the same text, a patient address always
/*	comes out as "replacement@domain", and the count of replacements
/*	agrees with the markers written. A broken invariant aborts, which
/*	libFuzzer (or the replay driver under ASan) reports as a crash.
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "insmask.h"

#define DOM	"patient.mssante.fr"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_require - abort when an invariant does not hold */

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

/* fuzz_clean - a second in-place pass changes nothing */

static void fuzz_clean(const VSTR *v)
{
    char   *copy = malloc(vstr_len(v) + 1);

    fuzz_require(copy != 0);
    memcpy(copy, vstr_str(v), vstr_len(v) + 1);
    fuzz_require(insmask_inplace(copy, vstr_len(v)) == vstr_len(v));
    fuzz_require(memcmp(copy, vstr_str(v), vstr_len(v)) == 0);
    free(copy);
}

/* fuzz_marker - INSMASK_FN writing one NUL-free marker byte */

static void fuzz_marker(void *ctx, const char *ins, size_t len, VSTR *out)
{
    (void) ins;
    (void) len;
    ++*(size_t *) ctx;
    vstr_cat(out, "#");
}

/* LLVMFuzzerTestOneInput - one input */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *) data;
    VSTR   *out = vstr_alloc(size + 1);
    VSTR   *out2 = vstr_alloc(size + 1);
    VSTR   *local = vstr_alloc(64);
    char   *copy = malloc(size + 1);
    size_t  n, calls = 0, count;
    int     patient;

    fuzz_require(copy != 0);

    /* The logger's cut equals the scrub without a domain. */
    memcpy(copy, s, size);
    n = insmask_inplace(copy, size);
    fuzz_require(n <= size);
    (void) insmask_scrub(0, s, size, insmask_cut, 0, out);
    fuzz_require(vstr_len(out) == n && memcmp(vstr_str(out), copy, n) == 0);
    fuzz_clean(out);

    /*
     * With a domain: no INS-shaped token left. The marker "#" is used
     * here, not the cut: the cut of a quoted local part may show digits
     * that the text before it continues (12 digits, then "3...").
     */
    (void) insmask_scrub(DOM, s, size, insmask_cut, 0, out);
    count = insmask_scrub(DOM, s, size, fuzz_marker, &calls, out2);
    fuzz_require(count == calls);
    fuzz_clean(out2);

    /* An address: a patient's comes out as "replacement@domain". */
    patient = insmask_patient(DOM, s, size, local);
    calls = 0;
    fuzz_require(insmask_addr(DOM, s, size, fuzz_marker, &calls, out) == patient);
    if (patient) {
	fuzz_require(vstr_len(local) > 0);
	fuzz_require(calls == 1 && strcmp(vstr_str(out), "#@" DOM) == 0);
    }
    (void) insmask_addr(DOM, s, size, insmask_cut, 0, out);
    fuzz_clean(out);

    free(copy);
    vstr_free(out);
    vstr_free(out2);
    vstr_free(local);
    return (0);
}
