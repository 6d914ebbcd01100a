/*++
/* NAME
/*	fuzz_trail 1
/* SUMMARY
/*	fuzz target for mssante-audit's trail reader and chain check
/* SYNOPSIS
/*	fuzz_trail [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Writes arbitrary bytes as an audit trail file
/*	(mssante-milter-audit(5)) and runs what mssante-audit(1) runs on
/*	a trail it did not write: review_read_next() over every line,
/*	with the filters (review_filter_match() with every type, with
/*	a time range, a rule prefix and an action list), the record time
/*	and the statistics of "report"; then review_verify() with a
/*	fixed key, as "verify --key-file". Invariants: each line's bytes
/*	have the stated length, its number grows by one, only the last
/*	one may lack its newline, a line with no record says why; the
/*	chain check ends with a verdict, and a broken chain names its
/*	problem.
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "vstr.h"
#include "audit_key.h"
#include "review.h"
#include "fuzz_file.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

/* fuzz_read - every line through the readers of "show" and "report" */

static void fuzz_read(char *path)
{
    REVIEW_READER *rd = review_read_open(&path, 1);
    REVIEW_STATS *stats = review_stats_create();
    REVIEW_FILTER all;
    REVIEW_FILTER some;
    REVIEW_LINE line;
    long    last = 0;
    int     st;
    int     incomplete = 0;

    review_filter_init(&all);
    all.all_types = 1;
    review_filter_init(&some);
    some.since = 0;
    some.until = LLONG_MAX / 2;
    some.rule = "doc.*";
    some.actions = "reject,tempfail";
    while ((st = review_read_next(rd, &line)) == 1) {
	fuzz_require(!incomplete);
	fuzz_require(line.lineno == last + 1);
	last = line.lineno;
	fuzz_require(line.text != 0 && memchr(line.text, '\n', line.len) == 0);
	incomplete = !line.complete;
	if (line.rec == 0) {
	    fuzz_require(line.error != 0);
	    continue;
	}
	(void) review_filter_match(&all, line.rec);
	(void) review_filter_match(&some, line.rec);
	(void) review_record_time(line.rec);
	if (review_filter_match(&all, line.rec))
	    review_stats_add(stats, line.rec);
    }
    fuzz_require(st == 0);
    (void) review_stats_total(stats);
    review_stats_free(stats);
    review_read_close(rd);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static const char hex[] =
    "6d7373616e74652d61756469742d66757a7a2d6b65792d303132333435363738";
    static AUDIT_KEY *key;
    char   *path = (char *) fuzz_file(data, len);
    REVIEW_VERIFY vr;
    REVIEW_VERIFY_OPTS opts;
    VSTR   *err;

    if (key == 0) {
	err = vstr_alloc(64);
	key = audit_key_parse(hex, sizeof(hex) - 1, err);
	fuzz_require(key != 0);
	vstr_free(err);
    }
    fuzz_read(path);
    memset(&vr, 0, sizeof(vr));
    memset(&opts, 0, sizeof(opts));
    opts.key = key;
    (void) review_verify(&path, 1, &opts, &vr);
    fuzz_require(vr.ok || (vr.problem != 0 && vstr_len(vr.problem) > 0));
    review_verify_free(&vr);
    return (0);
}
