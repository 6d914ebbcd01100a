/*++
/* NAME
/*	fuzz_extract 1
/* SUMMARY
/*	fuzz target for the extraction reader, mirror_extract(3)
/* SYNOPSIS
/*	fuzz_extract [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Writes arbitrary bytes as an Annuaire Sante extraction file and
/*	reads it with mssante-mirror's reader: open (header check), every
/*	line, then a rewind and a second pass (the loader reads the file
/*	twice), and a read_at() of each good line,
/*	which must give the same fields. Invariants: a refused
/*	header or a malformed line comes with a reason; a good line has
/*	its 31 fields NUL-terminated at their stated lengths; both passes
/*	see the same lines, and read_at() gives back the same line; the
/*	SHA-256 is known after the first pass.
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "mirror_extract.h"
#include "fuzz_file.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

/* fuzz_pass - read every line; the count of good lines */

static long fuzz_pass(MIRROR_EXTRACT *xp, VSTR *why, int check_at)
{
    MIRROR_LINE line;
    MIRROR_LINE again;
    long    good = 0;
    int     st;
    int     i;

    while ((st = mirror_extract_next(xp, &line, why)) != MIRROR_EXTRACT_EOF) {
	if (st == MIRROR_EXTRACT_IOERR)
	    abort();				/* a regular file: never */
	if (st == MIRROR_EXTRACT_BAD) {
	    fuzz_require(vstr_len(why) > 0);
	    continue;
	}
	fuzz_require(st == MIRROR_EXTRACT_OK);
	good++;
	for (i = 0; i < MX_NFIELDS; i++)
	    fuzz_require(line.f[i] != 0 && strlen(line.f[i]) == line.len[i]);
	if (check_at) {
	    /* read_at() has its own buffer: line stays valid. */
	    fuzz_require(mirror_extract_read_at(xp, line.offset, line.lineno, &again, why)
			 == MIRROR_EXTRACT_OK);
	    fuzz_require(again.lineno == line.lineno);
	    for (i = 0; i < MX_NFIELDS; i++)
		fuzz_require(again.len[i] == line.len[i]
			     && memcmp(again.f[i], line.f[i], line.len[i]) == 0);
	}
    }
    return (good);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    VSTR   *why = vstr_alloc(64);
    MIRROR_EXTRACT *xp;
    long    first;

    if ((xp = mirror_extract_open(fuzz_file(data, len), why)) == 0) {
	fuzz_require(vstr_len(why) > 0);
    } else {
	first = fuzz_pass(xp, why, 0);
	fuzz_require(mirror_extract_sha256(xp) != 0);
	fuzz_require(mirror_extract_rewind(xp, why) == 0);
	fuzz_require(fuzz_pass(xp, why, 0) == first);
	fuzz_require(mirror_extract_rewind(xp, why) == 0);
	(void) fuzz_pass(xp, why, 1);
	mirror_extract_close(xp);
    }
    vstr_free(why);
    return (0);
}
