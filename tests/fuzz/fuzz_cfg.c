/*++
/* NAME
/*	fuzz_cfg 1
/* SUMMARY
/*	fuzz target for the configuration file parser, cfg_parse_string(3)
/* SYNOPSIS
/*	fuzz_cfg [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to cfg_parse_string() as the text of a
/*	mssante-milter.conf(5) file and checks the invariants of
/*	cfg(3): a refused file leaves a one-line error naming the file,
/*	"name:line: ...", with no control character; an accepted one
/*	leaves no error, and parsing the same text again gives a
/*	configuration that cfg_restart_changes() finds identical.
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "cfg.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_require - abort when an invariant does not hold */

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

/* fuzz_one_line - no line break or other control character */

static int fuzz_one_line(const char *s)
{
    for (; *s; s++)
	if ((unsigned char) *s < 0x20 && *s != '\t')
	    return (0);
    return (1);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    char   *text;
    VSTR   *err = vstr_alloc(64);
    VSTR   *names = vstr_alloc(64);
    CFG    *cfg;
    CFG    *again;

    /* The parser reads a C string, as cfg_load() gives it a file's text. */
    text = malloc(len + 1);
    fuzz_require(text != 0);
    memcpy(text, data, len);
    text[len] = 0;

    cfg = cfg_parse_string("fuzz.conf", text, err);
    if (cfg == 0) {
	fuzz_require(strncmp(vstr_str(err), "fuzz.conf:", 10) == 0);
	fuzz_require(fuzz_one_line(vstr_str(err)));
    } else {
	/* Deterministic: the same text gives the same configuration. */
	again = cfg_parse_string("fuzz.conf", text, err);
	fuzz_require(again != 0);
	fuzz_require(cfg_restart_changes(cfg, again, names) == 0);
	cfg_free(again);
	cfg_free(cfg);
    }
    free(text);
    vstr_free(names);
    vstr_free(err);
    return (0);
}
