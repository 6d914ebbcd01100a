/*++
/* NAME
/*	fuzz_xtext 1
/* SUMMARY
/*	fuzz target for xtext_decode()
/* SYNOPSIS
/*	fuzz_xtext [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes (NUL bytes included: the length is
/*	explicit) to xtext_decode() and checks that a refusal leaves the
/*	output empty, that a decoded value holds no NUL and is never
/*	longer than its input, that text without "+" decodes to itself,
/*	and that re-encoding the decoded bytes the way sendmail does
/*	decodes to them again. A decoded value is then given to
/*	dn_normalise(), as the daemon does with {cert_subject}.
/* DIAGNOSTICS
/*	abort() on a broken invariant (libFuzzer reports a crash).
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "dn.h"
#include "xtext.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* check - abort unless the condition holds */

static void check(int ok)
{
    if (!ok)
	abort();
}

/* encode - xtext as sendmail writes it: blanks, "+" and non-ASCII as +XX */

static void encode(const char *in, size_t len, VSTR *out)
{
    static const char digits[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *) in;
    size_t  i;

    vstr_reset(out);
    for (i = 0; i < len; i++) {
	if (p[i] <= ' ' || p[i] >= 0x7f || p[i] == '+') {
	    vstr_addch(out, '+');
	    vstr_addch(out, digits[p[i] >> 4]);
	    vstr_addch(out, digits[p[i] & 15]);
	} else {
	    vstr_addch(out, p[i]);
	}
    }
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    VSTR   *dec = vstr_alloc(64);
    VSTR   *enc = vstr_alloc(64);
    VSTR   *again = vstr_alloc(64);
    VSTR   *dn = vstr_alloc(64);
    int     r;

    r = xtext_decode((const char *) data, size, dec);
    if (r < 0) {
	check(vstr_len(dec) == 0);
	check(memchr(data, '+', size) != 0 || memchr(data, 0, size) != 0);
    } else {
	check(vstr_len(dec) <= size);
	check(memchr(vstr_str(dec), 0, vstr_len(dec)) == 0);
	if (memchr(data, '+', size) == 0)
	    check(vstr_len(dec) == size
		  && memcmp(vstr_str(dec), data, size) == 0);
	encode(vstr_str(dec), vstr_len(dec), enc);
	check(xtext_decode(vstr_str(enc), vstr_len(enc), again) == 0);
	check(vstr_len(again) == vstr_len(dec)
	      && memcmp(vstr_str(again), vstr_str(dec), vstr_len(dec)) == 0);
	(void) dn_normalise(vstr_str(dec), dn);
    }
    vstr_free(dec);
    vstr_free(enc);
    vstr_free(again);
    vstr_free(dn);
    return (0);
}
