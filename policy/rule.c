/*++
/* NAME
/*	rule 3
/* SUMMARY
/*	the table of rules: stable ids, reply codes and reply texts
/* SYNOPSIS
/*	#include "verdict.h"
/*
/*	const RULE_INFO *rule_get(rule)
/*	RULE_ID	rule;
/*
/*	const char *rule_id(rule)
/*	RULE_ID	rule;
/*
/*	const RULE_INFO *rule_find(id)
/*	const char *id;
/*
/*	const RULE_INFO *rule_table(count)
/*	size_t	*count;
/*
/*	const char *rule_default_name(dflt)
/*	RULE_DEFAULT dflt;
/*
/*	void	rule_expand(template, vars, out)
/*	const char *template;
/*	const RULE_VARS *vars;
/*	VSTR	*out;
/*
/*	void	rule_format(rp, lang, vars, out)
/*	const RULE_INFO *rp;
/*	VERDICT_LANG lang;
/*	const RULE_VARS *vars;
/*	VSTR	*out;
/* DESCRIPTION
/*	Every decision the milter takes names one rule of this table,
/*	built from the X-macro RULE_TABLE (rule_table.h, which says what
/*	each column means). Code names a rule by its enum
/*	(RULE_TRUST_RCPT_DOMAIN); its id (trust.rcpt_domain) is shared by
/*	the logs, the audit records, the policy file and the manual: never
/*	rename one. Each rule has default permanent reply codes (used when
/*	the configured action is reject), temporary ones (used when it is
/*	tempfail), a French reply text (the default, US-ASCII as RFC 5321
/*	requires), an English one, one sentence for the manual, its
/*	built-in action, the configuration key that changes it, and the
/*	X-MSSante-Policy check that reports it.
/*
/*	rule_get() returns the rule "rule", or NULL when it is out of
/*	range. rule_id() returns its id: the table's static string, the
/*	one a VERDICT, a log line and an audit record point to (NULL out
/*	of range).
/*
/*	rule_find() returns the rule with this id, or NULL: for the ids
/*	that configuration and policy files name as strings.
/*
/*	rule_table() returns the whole table and its size (RULE_COUNT),
/*	indexed by RULE_ID.
/*
/*	rule_default_name() names a built-in action: "key", "warn",
/*	"tempfail", "reject" ("unknown" out of range).
/*
/*	rule_expand() replaces the contents of "out" with "template" in
/*	which {addr}, {domain} and {detail} are replaced by the values of
/*	"vars" (a NULL "vars" or value gives "-"), and {rule} by the id of
/*	the rule that owns the template (or "-" for a template that is not
/*	in the table). Any other brace is copied as is; nothing is ever
/*	interpreted as a printf(3) format. Values may come from the sender,
/*	so each is sanitised: every byte outside printable US-ASCII
/*	(control characters, CR, LF, NUL cannot occur in a C string, 8-bit
/*	bytes) becomes "?", and a value longer than RULE_VALUE_MAX bytes is
/*	cut to RULE_VALUE_MAX bytes ending in "...". The template gets the
/*	same byte sanitising, so the result never holds CR or LF.
/*
/*	rule_format() expands the text of rule "rp" in language "lang",
/*	with {rule} its id.
/*
/*	Note for the milter layer: libmilter's smfi_setreply() treats "%"
/*	as a format character; a text that reaches it must have each "%"
/*	doubled there (values such as quoted local parts may contain one).
/* SEE ALSO
/*	rule_table(3h), the rules
/*	verdict(3), combining decisions
/*--*/

#include <string.h>

#include "vstr.h"
#include "verdict.h"

#define RULE_VALUE_MAX	256		/* bytes per expanded value */

 /*
  * One array per text, not a literal in each row: distinct objects have
  * distinct addresses (the INS rules share their text), so that
  * rule_expand() can tell which rule owns a text.
  */
#define RULE_TEXTS(name, id, rc, xc, trc, txc, dflt, pdflt, key, rep, fr, en, doc) \
    static const char rule_##name##_fr[] = fr; \
    static const char rule_##name##_en[] = en;

RULE_TABLE(RULE_TEXTS)

#define RULE_ROW(name, id, rc, xc, trc, txc, dflt, pdflt, key, rep, fr, en, doc) \
    [RULE_##name] = {id, rc, xc, trc, txc, rule_##name##_fr, rule_##name##_en, \
		     doc, RULE_DEF_##dflt, RULE_DEF_##pdflt, key, RULE_REPORT_##rep},

static const RULE_INFO rule_info[RULE_COUNT] = {
    RULE_TABLE(RULE_ROW)
};

static const char *const rule_default_names[] = {
    [RULE_DEF_KEY] = "key",
    [RULE_DEF_WARN] = "warn",
    [RULE_DEF_TEMPFAIL] = "tempfail",
    [RULE_DEF_REJECT] = "reject",
};

/* rule_get - a rule by name */

const RULE_INFO *rule_get(RULE_ID rule)
{
    return ((unsigned) rule < RULE_COUNT ? rule_info + rule : 0);
}

/* rule_id - the stable id of a rule */

const char *rule_id(RULE_ID rule)
{
    return ((unsigned) rule < RULE_COUNT ? rule_info[rule].id : 0);
}

/* rule_default_name - name of a built-in action */

const char *rule_default_name(RULE_DEFAULT dflt)
{
    return ((unsigned) dflt <= RULE_DEF_REJECT ?
	    rule_default_names[dflt] : "unknown");
}

/* rule_find - look up a rule by id */

const RULE_INFO *rule_find(const char *id)
{
    size_t  i;

    if (id == 0)
	return (0);
    for (i = 0; i < RULE_COUNT; i++)
	if (strcmp(rule_info[i].id, id) == 0)
	    return (rule_info + i);
    return (0);
}

/* rule_table - the whole table */

const RULE_INFO *rule_table(size_t *count)
{
    *count = RULE_COUNT;
    return (rule_info);
}

/* rule_put_value - append a sanitised, length-capped value */

static void rule_put_value(VSTR *out, const char *value)
{
    const unsigned char *p;
    size_t  n;

    if (value == 0)
	value = "-";
    for (p = (const unsigned char *) value, n = 0; *p; p++, n++) {
	if (n == RULE_VALUE_MAX - 3 && strlen((const char *) p) > 3) {
	    vstr_cat(out, "...");
	    return;
	}
	vstr_addch(out, (*p >= 0x20 && *p < 0x7f) ? *p : '?');
    }
}

/* rule_expand_id - expand a template with an explicit rule id */

static void rule_expand_id(const char *template, const char *id,
			           const RULE_VARS *vars, VSTR *out)
{
    static const RULE_VARS none;
    const unsigned char *p;

    if (vars == 0)
	vars = &none;
    vstr_reset(out);
    if (template == 0)
	return;
    for (p = (const unsigned char *) template; *p; p++) {
	if (*p == '{') {
	    if (strncmp((const char *) p, "{addr}", 6) == 0) {
		rule_put_value(out, vars->addr);
		p += 5;
		continue;
	    }
	    if (strncmp((const char *) p, "{domain}", 8) == 0) {
		rule_put_value(out, vars->domain);
		p += 7;
		continue;
	    }
	    if (strncmp((const char *) p, "{detail}", 8) == 0) {
		rule_put_value(out, vars->detail);
		p += 7;
		continue;
	    }
	    if (strncmp((const char *) p, "{rule}", 6) == 0) {
		rule_put_value(out, id);
		p += 5;
		continue;
	    }
	}
	vstr_addch(out, (*p >= 0x20 && *p < 0x7f) ? *p : '?');
    }
}

/* rule_expand - expand a template */

void    rule_expand(const char *template, const RULE_VARS *vars, VSTR *out)
{
    const char *id = 0;
    size_t  i;

    /* {rule} is the owner of the template, found by identity. */
    for (i = 0; i < RULE_COUNT && id == 0; i++)
	if (template == rule_info[i].text_fr || template == rule_info[i].text_en)
	    id = rule_info[i].id;
    rule_expand_id(template, id, vars, out);
}

/* rule_format - expand a rule's text in one language */

void    rule_format(const RULE_INFO *rp, VERDICT_LANG lang,
		            const RULE_VARS *vars, VSTR *out)
{
    rule_expand_id(lang == VERDICT_LANG_EN ? rp->text_en : rp->text_fr,
		   rp->id, vars, out);
}
