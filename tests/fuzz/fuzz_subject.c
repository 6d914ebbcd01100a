/*++
/* NAME
/*	fuzz_subject 1
/* SUMMARY
/*	fuzz target for subject(3)
/* SYNOPSIS
/*	fuzz_subject [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Feeds arbitrary bytes (invalid UTF-8 included) to
/*	subject_classify() and subject_classify_mes() and checks
/*	invariants: a class in range with a name and texts, SUBJ_FIN only
/*	for the exact forms, and the same answer twice.
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "subject.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_require - abort when an invariant does not hold */

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

/* fuzz_class_ok - a class in range, with a name and texts */

static void fuzz_class_ok(SUBJ_CLASS cls)
{
    fuzz_require((unsigned) cls < SUBJ_CLASS_COUNT);
    fuzz_require(strcmp(subject_class_name(cls), "unknown") != 0);
    fuzz_require(subject_class_text_fr(cls) != 0);
    fuzz_require(subject_class_text_en(cls) != 0);
    fuzz_require(subject_class_text_mes_fr(cls) != 0);
}

/* LLVMFuzzerTestOneInput - one input */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *) data;
    SUBJ_CLASS subj, mes;
    size_t  b = 0, e = size;

    subj = subject_classify(s, size);
    fuzz_class_ok(subj);
    fuzz_require((subj == SUBJ_FIN) == (size == 5 && memcmp(s, "[FIN]", 5) == 0));
    fuzz_require(subject_classify(s, size) == subj);

    mes = subject_classify_mes(s, size);
    fuzz_class_ok(mes);
    while (b < e && s[b] && strchr(" \t\r\n", s[b]))
	b++;
    while (e > b && s[e - 1] && strchr(" \t\r\n", s[e - 1]))
	e--;
    fuzz_require((mes == SUBJ_FIN) == (e - b == 3 && memcmp(s + b, "FIN", 3) == 0));
    return (0);
}
