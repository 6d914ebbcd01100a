/*++
/* NAME
/*	ruledoc 3
/* SUMMARY
/*	the rule lists of the manual and the README, from the table
/* SYNOPSIS
/*	#include "ruledoc.h"
/*
/*	int	ruledoc_dump(fp, format)
/*	FILE	*fp;
/*	const char *format;
/* DESCRIPTION
/*	ruledoc_dump() writes to "fp" the list of every rule of the shared
/*	table (rule_table.h, through rule_table()), in its order: id, reply
/*	codes, built-in action, the key that changes it, the check of the
/*	X-MSSante-Policy header that reports it, and its sentence. A
/*	document rule about messages to patients only
/*	(docrules_patient_only(3)) shows only its action towards a patient. With
/*	"format" "man" it writes troff for the RULES section of
/*	mssante-milter(8); with "md" a Markdown table for README.md. This is
/*	the hidden option --dump-rules=man|md; "make update-rules" puts the
/*	output between the BEGIN RULES and END RULES markers of both files
/*	and tests/integration/milter-daemon.sh checks that they hold exactly
/*	this text.
/* DIAGNOSTICS
/*	ruledoc_dump() returns 0, or -1 for an unknown format (nothing is
/*	written).
/* SEE ALSO
/*	rule(3), the table of rules
/*--*/

#include <string.h>

#include "verdict.h"
#include "docrules.h"
#include "cfg.h"
#include "ruledoc.h"

/* ruledoc_md_text - Markdown text: no table separator, no markup */

static void ruledoc_md_text(FILE *fp, const char *text)
{
    const char *cp;

    for (cp = text; *cp; cp++) {
	if (strchr("|*`<>\\", *cp))
	    fputc('\\', fp);
	fputc(*cp, fp);
    }
}

/* ruledoc_key - a configuration key, as code */

static void ruledoc_key(FILE *fp, const char *key, int md)
{
    if (md) {
	fprintf(fp, "`%s`", key);
    } else {
	fputs("\\fB", fp);
	cfg_troff(fp, key);
	fputs("\\fR", fp);
    }
}

/* ruledoc_patient_only - a document rule never reported between pros? */

static int ruledoc_patient_only(const RULE_INFO *rp)
{
    DOCRULES_RULE rule;

    return (docrules_find(rp->id, &rule) != 0 && docrules_patient_only(rule));
}

/* ruledoc_default - "reject", "warn, reject towards a patient"... */

static void ruledoc_default(FILE *fp, const RULE_INFO *rp, int md)
{
    const char *on = md ? "**" : "\\fB";
    const char *off = md ? "**" : "\\fR";

    if (rp->dflt == RULE_DEF_KEY) {
	fputs("set by ", fp);
	ruledoc_key(fp, rp->key ? rp->key : "PolicyFile", md);
	return;
    }

    /*
     * A rule that is never reported between professionals has no action
     * there worth showing: its dflt column is not what happens.
     */
    if (ruledoc_patient_only(rp)) {
	fprintf(fp, "%s%s%s towards a patient only", on,
		rule_default_name(rp->patient_dflt), off);
    } else {
	fprintf(fp, "%s%s%s", on, rule_default_name(rp->dflt), off);
	if (rp->patient_dflt != rp->dflt)
	    fprintf(fp, ", %s%s%s towards a patient", on,
		    rule_default_name(rp->patient_dflt), off);
    }
    if (rp->key) {
	fputs(" (", fp);
	ruledoc_key(fp, rp->key, md);
	fputc(')', fp);
    }
}

/* ruledoc_man - one rule, troff */

static void ruledoc_man(FILE *fp, const RULE_INFO *rp)
{
    fputs(".TP\n.BR ", fp);
    cfg_troff(fp, rp->id);
    fprintf(fp, " \" (%s %s; tempfail %s %s)\"\n", rp->rcode, rp->xcode,
	    rp->temp_rcode, rp->temp_xcode);
    cfg_troff(fp, rp->doc);
    fputs("\nDefault: ", fp);
    ruledoc_default(fp, rp, 0);
    if (rp->report) {
	fputs("; in X\\-MSSante\\-Policy as \\fB", fp);
	cfg_troff(fp, rp->report);
	fputs("\\fR", fp);
    }
    fputs(".\n", fp);
}

/* ruledoc_md - one rule, a row of a Markdown table */

static void ruledoc_md(FILE *fp, const RULE_INFO *rp)
{
    fprintf(fp, "| `%s` | ", rp->id);
    ruledoc_md_text(fp, rp->doc);
    fprintf(fp, " | %s %s / %s %s | ", rp->rcode, rp->xcode,
	    rp->temp_rcode, rp->temp_xcode);
    ruledoc_default(fp, rp, 1);
    fputs(rp->report ? " | `" : " | -", fp);
    if (rp->report)
	fprintf(fp, "%s`", rp->report);
    fputs(" |\n", fp);
}

/* ruledoc_dump - the whole list */

int     ruledoc_dump(FILE *fp, const char *format)
{
    const RULE_INFO *tab;
    size_t  n, i;
    int     md;

    if (strcmp(format, "md") == 0)
	md = 1;
    else if (strcmp(format, "man") == 0)
	md = 0;
    else
	return (-1);
    tab = rule_table(&n);
    if (md)
	fputs("| rule | when | reply (reject / tempfail) | default action"
	      " | `X-MSSante-Policy` |\n|---|---|---|---|---|\n", fp);
    for (i = 0; i < n; i++)
	(md ? ruledoc_md : ruledoc_man) (fp, tab + i);
    return (0);
}
