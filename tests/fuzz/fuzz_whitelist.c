/*++
/* NAME
/*	fuzz_whitelist 1
/* SUMMARY
/*	fuzz target for the whitelist reader, mirror_whitelist(3)
/* SYNOPSIS
/*	fuzz_whitelist [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Writes arbitrary bytes as the ANS whitelist (ListeBlancheMSSante
/*	XML) and reads it as mssante-mirror does, then builds its
/*	directory entries and looks up each domain. Invariants: a refused
/*	file comes with a reason; an accepted one has at least one domain,
/*	its domains sorted, lower-cased and each found by
/*	mirror_whitelist_find(), and a 64-digit SHA-256. The signature is
/*	not checked here (mirror_xmlsig(3) works on the parsed document).
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "mirror_whitelist.h"
#include "fuzz_file.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    VSTR   *why = vstr_alloc(64);
    MIRROR_WHITELIST *wl;
    const char *p;
    size_t  i;

    if ((wl = mirror_whitelist_read(fuzz_file(data, len), why)) == 0) {
	fuzz_require(vstr_len(why) > 0);
    } else {
	fuzz_require(wl->nrecs > 0);
	fuzz_require(strlen(wl->sha256) == 64);
	mirror_whitelist_entries(wl, "o=mssante");
	fuzz_require(wl->ndomains > 0 && wl->ndomains <= wl->nrecs);
	for (i = 0; i < wl->ndomains; i++) {
	    for (p = wl->domains[i].domain; *p; p++)
		fuzz_require(!isupper((unsigned char) *p));
	    if (i > 0)
		fuzz_require(strcmp(wl->domains[i - 1].domain, wl->domains[i].domain) < 0);
	    fuzz_require(mirror_whitelist_find(wl, wl->domains[i].domain) == &wl->domains[i]);
	}
	mirror_whitelist_free(wl);
    }
    vstr_free(why);
    return (0);
}
