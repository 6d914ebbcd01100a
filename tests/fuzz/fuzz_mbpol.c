/*++
/* NAME
/*	fuzz_mbpol 1
/* SUMMARY
/*	fuzz target for the JSON policy parser, mbpol_parse(3)
/* SYNOPSIS
/*	fuzz_mbpol [libFuzzer options] [CORPUS...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to mbpol_parse() and checks invariants: a
/*	refused policy has a one-line US-ASCII error that starts with a
/*	position ("line ") or a JSON pointer ("/"); an accepted one has
/*	no error, selects settings for a few messages (the selected
/*	selector applies to the message, and no selector of a more
/*	specific level does), and explains them in text and in JSON that
/*	parses back.
/* DIAGNOSTICS
/*	abort() on a broken invariant.
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "vstr.h"
#include "mbpol.h"
#include "mbpol_impl.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_require - abort when an invariant does not hold */

static void fuzz_require(int ok)
{
    if (!ok)
	abort();
}

/* fuzz_ascii_line - printable US-ASCII, no line break */

static int fuzz_ascii_line(const char *s)
{
    for (; *s; s++)
	if ((unsigned char) *s < 0x20 || (unsigned char) *s >= 0x7f)
	    return (0);
    return (1);
}

/* fuzz_query - select and explain one message */

static void fuzz_query(const MBPOL *pol, const MBPOL_QUERY *q, VSTR *out)
{
    MBPOL_MATCH m;
    const MBPOL_SETTINGS *s;
    json_t *root;
    size_t  i;

    s = mbpol_select(pol, q, &m);
    fuzz_require(s != 0 && s == m.settings);
    fuzz_require(m.selector >= -1 && (m.selector < 0
			|| (size_t) m.selector < mbpol_selector_count(pol)));
    fuzz_require((m.selector < 0) == (m.level == MBPOL_LEVEL_DEFAULT));
    fuzz_require(m.path[0] == '/');
    if (m.selector >= 0)
	fuzz_require(mbpol_spec_match(&mbpol_selector(pol, (size_t) m.selector)->spec,
				      q, 0));
    for (i = 0; i < mbpol_selector_count(pol); i++) {
	const MBPOL_SELECTOR *sel = mbpol_selector(pol, i);

	if (mbpol_spec_match(&sel->spec, q, 0))
	    fuzz_require(sel->level > m.level || (sel->level == m.level
					     && (int) i >= m.selector));
    }
    (void) mbpol_effective_action(s, "trust.rcpt_domain", 0);
    (void) mbpol_peer_allowed(&s->recipients, q->recipient, 1);
    (void) mbpol_reply_to_allowed(s, q->sender);
    mbpol_explain_text(pol, q, out);
    fuzz_require(strstr(vstr_str(out), m.path) != 0);
    mbpol_explain_json(pol, q, out);
    root = json_loads(vstr_str(out), 0, 0);
    fuzz_require(root != 0);
    json_decref(root);
}

/* LLVMFuzzerTestOneInput - one input */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const MBPOL_QUERY queries[] = {
	{"crh@ch.mssante.fr", MBPOL_TYPE_APP, "285037728417346@patient.mssante.fr",
	MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND},
	{"285037728417346@patient.mssante.fr", MBPOL_TYPE_NONE,
	"contact@pharma.mssante.fr", MBPOL_TYPE_ORG, MBPOL_DIR_INBOUND},
	{"", MBPOL_TYPE_NONE, "a@b.fr", MBPOL_TYPE_PER, MBPOL_DIR_INBOUND},
	{"a@b.fr", MBPOL_TYPE_CAB, "a@b.fr", MBPOL_TYPE_CAB, MBPOL_DIR_OUTBOUND},
    };
    VSTR   *err = vstr_alloc(64);
    VSTR   *out = vstr_alloc(256);
    MBPOL  *pol;
    size_t  i;

    pol = mbpol_parse((const char *) data, size, 0, err);
    if (pol == 0) {
	fuzz_require(vstr_len(err) > 0 && fuzz_ascii_line(vstr_str(err)));
	fuzz_require(strncmp(vstr_str(err), "line ", 5) == 0
		     || vstr_str(err)[0] == '/');
    } else {
	fuzz_require(vstr_len(err) == 0);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
	    fuzz_query(pol, queries + i, out);
	mbpol_free(pol);
    }
    vstr_free(err);
    vstr_free(out);
    return (0);
}
