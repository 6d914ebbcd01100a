/*++
/* NAME
/*	fuzz_dn 1
/* SUMMARY
/*	fuzz target for dn_normalise()
/* SYNOPSIS
/*	fuzz_dn [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary text (cut at the first NUL, as a C string would be)
/*	to dn_normalise(), dn_cn() and dn_equal(), and checks that a
/*	normalised DN normalises to itself, holds no control character,
/*	equals its input under dn_equal(), and that its CN (when there is
/*	exactly one) is the same before and after normalisation.
/* DIAGNOSTICS
/*	abort() on a broken invariant (libFuzzer reports a crash).
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "vstr.h"
#include "dn.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* check - abort unless the condition holds */

static void check(int ok)
{
    if (!ok)
	abort();
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char   *in = mystrndup((const char *) data, size);
    VSTR   *once = vstr_alloc(64);
    VSTR   *twice = vstr_alloc(64);
    VSTR   *cn1 = vstr_alloc(64);
    VSTR   *cn2 = vstr_alloc(64);
    const unsigned char *p;
    int     r1, c1;

    r1 = dn_normalise(in, once);
    c1 = dn_cn(in, cn1);
    if (r1 < 0) {
	check(vstr_len(once) == 0);
	check(c1 < 0);
	check(dn_equal(in, in) == 0);
    } else {
	for (p = (const unsigned char *) vstr_str(once); *p; p++)
	    check(*p >= 0x20 && *p != 0x7f);
	check(strlen(vstr_str(once)) == vstr_len(once));
	check(dn_normalise(vstr_str(once), twice) == 0);
	check(strcmp(vstr_str(once), vstr_str(twice)) == 0);
	check(dn_equal(in, vstr_str(once)) == 1);
	check(dn_cn(vstr_str(once), cn2) == c1);
	if (c1 == 0)
	    check(strcmp(vstr_str(cn1), vstr_str(cn2)) == 0);
    }
    vstr_free(once);
    vstr_free(twice);
    vstr_free(cn1);
    vstr_free(cn2);
    myfree(in);
    return (0);
}
