/*++
/* NAME
/*	fuzz_ins 1
/* SUMMARY
/*	fuzz target for ins(3)
/* SYNOPSIS
/*	fuzz_ins [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to ins_check() and ins_key() and checks
/*	invariants: a status in range, a valid matricule only of digits
/*	(and 2A/2B) whose key ins_key() agrees with, decoded fields in
/*	range, and an ASCII description. A broken invariant aborts, which
/*	libFuzzer (or the replay driver under ASan) reports as a crash.
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "ins.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_require - abort when an invariant does not hold */

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

/* LLVMFuzzerTestOneInput - one input */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *) data;
    INS_INFO info;
    INS_STATUS st;
    VSTR   *out;
    size_t  i;
    int     key;

    st = ins_check(s, size, &info);
    fuzz_require((unsigned) st < INS_STATUS_COUNT);
    fuzz_require(ins_status_name(st) != 0 && ins_status_text_fr(st) != 0
		 && ins_status_text_en(st) != 0);
    key = ins_key(s, size);
    fuzz_require(key == -1 || (key >= 1 && key <= 97));
    fuzz_require(size == INS_LEN || st == INS_ERR_LENGTH);
    if (st != INS_OK)
	return (0);

    for (i = 0; i < size; i++)
	fuzz_require((s[i] >= '0' && s[i] <= '9')
		     || (i == 6 && (s[i] == 'A' || s[i] == 'B')));
    fuzz_require(key == info.key);
    fuzz_require(info.category >= 1 && info.category <= 4);
    fuzz_require(info.sex == 1 || info.sex == 2);
    fuzz_require(info.birth_year2 >= 0 && info.birth_year2 <= 99);
    fuzz_require(info.birth_month >= 0 && info.birth_month <= 12);
    fuzz_require(info.order >= 1 && info.order <= 999);
    fuzz_require(memchr(info.department, 0, sizeof(info.department)) != 0);
    fuzz_require(memchr(info.commune, 0, sizeof(info.commune)) != 0);
    fuzz_require(memchr(info.country, 0, sizeof(info.country)) != 0);

    out = vstr_alloc(64);
    ins_describe_fr(&info, 2025, out);
    for (i = 0; i < vstr_len(out); i++)
	fuzz_require(vstr_str(out)[i] >= 0x20 && vstr_str(out)[i] < 0x7f);
    ins_describe_fr(&info, 0, out);
    fuzz_require(vstr_len(out) > 0);
    vstr_free(out);
    return (0);
}
