/*++
/* NAME
/*	doccat 3
/* SUMMARY
/*	the category of each document of a message, and its tag header
/* SYNOPSIS
/*	#include "doccat.h"
/*
/*	DOCCAT_RULES *doccat_rules_create(void)
/*	void	doccat_rules_free(DOCCAT_RULES *rules)
/*	DOCCAT_RULE_STATUS doccat_rules_add(DOCCAT_RULES *rules,
/*					const char *sender, const char *name,
/*					const char *code, const char *system)
/*	DOCCAT_RULE_STATUS doccat_rules_parse(DOCCAT_RULES *rules,
/*					const char *line)
/*	size_t	doccat_rules_count(const DOCCAT_RULES *rules)
/*	const char *doccat_rule_status_name(DOCCAT_RULE_STATUS status)
/*
/*	void	doccat_result_init(DOCCAT_RESULT *res)
/*	void	doccat_result_free(DOCCAT_RESULT *res)
/*	void	doccat_resolve(const CATEGORY_TABLE *tab,
/*					const DOCCAT_RULES *rules,
/*					const DOCCAT_INPUT *in, DOCCAT_RESULT *res)
/*	void	doccat_resolve_classes(const CATEGORY_TABLE *classes,
/*					DOCCAT_RESULT *res)
/*	void	doccat_format_header(const DOCCAT_ITEM *item, VSTR *out)
/*	void	doccat_summary(const DOCCAT_RESULT *res, VSTR *out)
/*	const char *doccat_source_name(DOCCAT_SOURCE source)
/*
/*	size_t	doccat_split_codes(const char *value, char ***codes)
/*	void	doccat_free_codes(char **codes, size_t count)
/* DESCRIPTION
/*	doccat_resolve() gives each document of a message its category
/*	(a JDV_J07 type code), taking the sources in this order:
/* .IP 1.
/*	the X-MSS-CODECDA header: one item per code, matched to the XDM
/*	document with the same typeCode (a CDA first) when there is one,
/*	whose code system and class it then borrows;
/* .IP 2.
/*	the typeCode of each remaining document of the XDM metadata;
/* .IP 3.
/*	the configured rules, for attachments outside the archive (PDFs
/*	sent by software without metadata). An attachment whose name is
/*	the name of an XDM document is that document, already counted.
/* .PP
/*	A code not in the table is reported (known = 0, display NULL,
/*	counted in res->unknown and listed in res->unknown_codes), never
/*	replaced by a guess. A document with no category is counted in
/*	res->uncategorized and its name added to res->missing. Codes
/*	and classes are sanitised (printable ASCII, '"' and '\\' become
/*	'?', at most CATEGORY_CODE_MAX octets then "...") because they
/*	come from the sender.
/*
/*	doccat_resolve_classes() then looks each item's class code up
/*	in the TRE_A03 table (by code: the metadata's class scheme is
/*	not kept): a known class gets its label (class_display), an
/*	unknown one is counted in res->unknown_classes and listed in
/*	res->unknown_class_codes. With classes NULL it does nothing:
/*	a class is then neither labelled nor judged.
/*
/*	Rules are tried in the order they were added; the first whose
/*	every given pattern matches wins. sender= is an address (exact,
/*	case-insensitive) or "@domain" (any address of that domain);
/*	name= is a case-insensitive glob (* and ?) on the file name.
/*	doccat_rules_parse() reads "sender=ADDR name=GLOB code=CODE
/*	[system=OID]" (values may be double-quoted); without system= a
/*	code is looked up in the table at resolve time.
/*
/*	doccat_format_header() writes the value of one X-MSSante-Category
/*	header for an item (see README, "Documents and categories"):
/* .nf
/*	code=11488-4; system=2.16.840.1.113883.6.1;
/*	    display="CR ou fiche de consultation ou de visite"; class=10;
/*	    source=xdm
/* .fi
/*	on one line. A display with non-ASCII characters is written as an
/*	RFC 2231 extended parameter (display*=utf-8''CR%20d%27...), so
/*	the header stays 7-bit; an unknown code has no display and ends
/*	with "; status=unknown". The value is at most about 900 octets.
/*
/*	doccat_summary() writes "CODE/source[/unknown],..." for logs.
/*	doccat_split_codes() splits a comma-separated header value into
/*	trimmed, non-empty codes (as written, not sanitised).
/*--*/

#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "doccat.h"

#define DOCCAT_PATTERN_MAX	512

typedef struct DOCCAT_RULE {
    char   *sender;			/* address or @domain, or NULL */
    char   *name;			/* glob, or NULL */
    char   *code;
    char   *system;			/* or NULL */
} DOCCAT_RULE;

struct DOCCAT_RULES {
    DOCCAT_RULE *rules;
    size_t  count;
};

static const char *const doccat_source_names[DOCCAT_SRC_COUNT] = {
    "header", "xdm", "rule",
};

static const char *const doccat_rule_status_names[DOCCAT_RULE_STATUS_COUNT] = {
    "ok", "syntax", "match", "code", "system", "pattern",
};

/* doccat_source_name - stable name of a source */

const char *doccat_source_name(DOCCAT_SOURCE source)
{
    return ((unsigned) source < DOCCAT_SRC_COUNT ?
	    doccat_source_names[source] : "unknown");
}

/* doccat_rule_status_name - stable name of a rule status */

const char *doccat_rule_status_name(DOCCAT_RULE_STATUS status)
{
    return ((unsigned) status < DOCCAT_RULE_STATUS_COUNT ?
	    doccat_rule_status_names[status] : "unknown");
}

/* doccat_rules_create - empty rule list */

DOCCAT_RULES *doccat_rules_create(void)
{
    return (mycalloc(1, sizeof(DOCCAT_RULES)));
}

/* doccat_rules_free - destroy a rule list; NULL is fine */

void    doccat_rules_free(DOCCAT_RULES *rules)
{
    size_t  i;

    if (rules == 0)
	return;
    for (i = 0; i < rules->count; i++) {
	myfree(rules->rules[i].sender);
	myfree(rules->rules[i].name);
	myfree(rules->rules[i].code);
	myfree(rules->rules[i].system);
    }
    myfree(rules->rules);
    myfree(rules);
}

/* doccat_rules_count - number of rules */

size_t  doccat_rules_count(const DOCCAT_RULES *rules)
{
    return (rules ? rules->count : 0);
}

/* doccat_pattern_ok - non-empty printable pattern of bounded length */

static int doccat_pattern_ok(const char *pat)
{
    size_t  len = strlen(pat), i;

    if (len == 0 || len > DOCCAT_PATTERN_MAX)
	return (0);
    for (i = 0; i < len; i++)
	if ((unsigned char) pat[i] < 0x20 || pat[i] == 0x7f)
	    return (0);
    return (1);
}

/* doccat_rules_add - append one rule */

DOCCAT_RULE_STATUS doccat_rules_add(DOCCAT_RULES *rules, const char *sender,
				            const char *name, const char *code,
				            const char *system)
{
    DOCCAT_RULE *rp;

    if (sender == 0 && name == 0)
	return (DOCCAT_RULE_ERR_MATCH);
    if ((sender && !doccat_pattern_ok(sender))
	|| (name && !doccat_pattern_ok(name)))
	return (DOCCAT_RULE_ERR_PATTERN);
    if (code == 0 || !category_code_valid(code, strlen(code)))
	return (DOCCAT_RULE_ERR_CODE);
    if (system && !category_oid_valid(system, strlen(system)))
	return (DOCCAT_RULE_ERR_SYSTEM);
    rules->rules = myrealloc(rules->rules,
			     (rules->count + 1) * sizeof(*rules->rules));
    rp = rules->rules + rules->count++;
    rp->sender = sender ? mystrdup(sender) : 0;
    rp->name = name ? mystrdup(name) : 0;
    rp->code = mystrdup(code);
    rp->system = system ? mystrdup(system) : 0;
    return (DOCCAT_RULE_OK);
}

/* doccat_next_word - next blank-separated word, quotes allowed */

static const char *doccat_next_word(const char *cp, VSTR *word)
{
    int     quoted = 0;

    vstr_reset(word);
    while (*cp == ' ' || *cp == '\t')
	cp++;
    if (*cp == 0)
	return (0);
    for (; *cp; cp++) {
	if (*cp == '"') {
	    quoted = !quoted;
	} else if (!quoted && (*cp == ' ' || *cp == '\t')) {
	    break;
	} else {
	    vstr_addch(word, *cp);
	}
    }
    return (quoted ? 0 : cp);
}

/* doccat_rules_parse - add a rule written as key=value words */

DOCCAT_RULE_STATUS doccat_rules_parse(DOCCAT_RULES *rules, const char *line)
{
    VSTR   *word = vstr_alloc(64);
    char   *val[4] = {0, 0, 0, 0};
    static const char *const keys[4] = {"sender=", "name=", "code=", "system="};
    DOCCAT_RULE_STATUS status = DOCCAT_RULE_OK;
    const char *cp = line;
    int     k, nwords = 0;

    while (status == DOCCAT_RULE_OK) {
	const char *next = doccat_next_word(cp, word);

	if (next == 0) {
	    /* End of line, or an unterminated quote. */
	    if (*cp != 0 && strspn(cp, " \t") != strlen(cp))
		status = DOCCAT_RULE_ERR_SYNTAX;
	    break;
	}
	cp = next;
	nwords++;
	for (k = 0; k < 4; k++)
	    if (strncmp(vstr_str(word), keys[k], strlen(keys[k])) == 0)
		break;
	if (k == 4 || val[k] != 0)
	    status = DOCCAT_RULE_ERR_SYNTAX;
	else
	    val[k] = mystrdup(vstr_str(word) + strlen(keys[k]));
    }
    if (status == DOCCAT_RULE_OK && nwords == 0)
	status = DOCCAT_RULE_ERR_SYNTAX;
    if (status == DOCCAT_RULE_OK)
	status = doccat_rules_add(rules, val[0], val[1], val[2], val[3]);
    for (k = 0; k < 4; k++)
	myfree(val[k]);
    vstr_free(word);
    return (status);
}

/* doccat_glob - case-insensitive match with * and ? */

static int doccat_glob(const char *pat, const char *str)
{
    const char *star = 0, *retry = 0;

    /* Linear backtracking to the last star: no exponential blow-up. */
    while (*str) {
	if (*pat == '*') {
	    star = ++pat;
	    retry = str;
	} else if (*pat == '?' || (*pat && strncasecmp(pat, str, 1) == 0)) {
	    pat++;
	    str++;
	} else if (star) {
	    pat = star;
	    str = ++retry;
	} else {
	    return (0);
	}
    }
    while (*pat == '*')
	pat++;
    return (*pat == 0);
}

/* doccat_sender_match - address or @domain */

static int doccat_sender_match(const char *pat, const char *sender)
{
    const char *at;

    if (sender == 0)
	return (0);
    if (pat[0] == '@')
	return ((at = strrchr(sender, '@')) != 0 && strcasecmp(at, pat) == 0);
    return (strcasecmp(pat, sender) == 0);
}

/* doccat_basename - last path component of a file name */

static const char *doccat_basename(const char *name)
{
    const char *s1 = strrchr(name, '/'), *s2 = strrchr(name, '\\');

    if (s2 > s1)
	s1 = s2;
    return (s1 ? s1 + 1 : name);
}

/* doccat_sanitize - printable ASCII copy, explicit "..." when cut */

static char *doccat_sanitize(const char *str, int keep_space)
{
    VSTR   *out = vstr_alloc(32);
    size_t  i;

    for (i = 0; str[i] && i < CATEGORY_CODE_MAX; i++) {
	unsigned char c = (unsigned char) str[i];

	if (c == ' ' && keep_space)
	    vstr_addch(out, c);
	else
	    vstr_addch(out, (c < 0x21 || c > 0x7e || c == '"' || c == '\\'
			     || c == ';') ? '?' : c);
    }
    if (str[i])
	vstr_cat(out, "...");
    return (vstr_export(out));
}

/* doccat_result_init - empty result */

void    doccat_result_init(DOCCAT_RESULT *res)
{
    memset(res, 0, sizeof(*res));
    res->missing = vstr_alloc(64);
    res->unknown_codes = vstr_alloc(64);
    res->unknown_class_codes = vstr_alloc(16);
}

/* doccat_result_free - release a result's contents */

void    doccat_result_free(DOCCAT_RESULT *res)
{
    size_t  i;

    for (i = 0; i < res->count; i++) {
	myfree(res->items[i].document);
	myfree(res->items[i].code);
	myfree(res->items[i].system);
	myfree(res->items[i].display);
	myfree(res->items[i].class_code);
	myfree(res->items[i].class_display);
    }
    myfree(res->items);
    vstr_free(res->missing);
    vstr_free(res->unknown_codes);
    vstr_free(res->unknown_class_codes);
    memset(res, 0, sizeof(*res));
}

/* doccat_list_add - append to a comma-separated list */

static void doccat_list_add(VSTR *list, const char *word)
{
    char   *clean = doccat_sanitize(word, 1);

    if (vstr_len(list))
	vstr_addch(list, ',');
    vstr_cat(list, clean);
    myfree(clean);
}

/* doccat_add_item - look the code up and append one item */

static void doccat_add_item(const CATEGORY_TABLE *tab, DOCCAT_RESULT *res,
			            DOCCAT_SOURCE source, const char *document,
			            const char *code, const char *system,
			            const char *class_code)
{
    const CATEGORY_ENTRY *ep;
    DOCCAT_ITEM *ip;

    res->items = myrealloc(res->items, (res->count + 1) * sizeof(*ip));
    ip = res->items + res->count++;
    memset(ip, 0, sizeof(*ip));
    ip->source = source;
    ip->document = document ? mystrdup(document) : 0;
    ip->code = doccat_sanitize(code, 0);
    ip->class_code = class_code && *class_code ? doccat_sanitize(class_code, 0) : 0;
    if (system && *system) {
	ep = category_lookup(tab, code, system);
    } else {
	ep = category_lookup_code(tab, code, (int *) 0);
    }
    if (ep) {
	ip->known = 1;
	ip->system = mystrdup(ep->system);
	ip->display = mystrdup(ep->display);
    } else {
	/* Report, never invent: keep the sender's system if it is an OID. */
	if (system && category_oid_valid(system, strlen(system)))
	    ip->system = mystrdup(system);
	res->unknown++;
	doccat_list_add(res->unknown_codes, code);
    }
}

/* doccat_split_codes - comma-separated codes, trimmed, empties skipped */

size_t  doccat_split_codes(const char *value, char ***codes)
{
    size_t  count = 0, len;
    const char *cp = value, *end;

    *codes = 0;
    if (value == 0)
	return (0);
    for (;;) {
	while (*cp == ' ' || *cp == '\t' || *cp == '\r' || *cp == '\n')
	    cp++;
	end = cp + strcspn(cp, ",");
	len = (size_t) (end - cp);
	while (len > 0 && (cp[len - 1] == ' ' || cp[len - 1] == '\t'
			   || cp[len - 1] == '\r' || cp[len - 1] == '\n'))
	    len--;
	if (len > 0) {
	    *codes = myrealloc(*codes, (count + 1) * sizeof(char *));
	    (*codes)[count++] = mystrndup(cp, len);
	}
	if (*end == 0)
	    break;
	cp = end + 1;
    }
    return (count);
}

/* doccat_free_codes - release doccat_split_codes() output */

void    doccat_free_codes(char **codes, size_t count)
{
    size_t  i;

    for (i = 0; i < count; i++)
	myfree(codes[i]);
    myfree(codes);
}

/* doccat_rule_find - first rule matching this attachment */

static const DOCCAT_RULE *doccat_rule_find(const DOCCAT_RULES *rules,
					           const char *sender,
					           const char *name)
{
    size_t  i;
    const DOCCAT_RULE *rp;

    if (rules == 0)
	return (0);
    for (i = 0; i < rules->count; i++) {
	rp = rules->rules + i;
	if (rp->sender && !doccat_sender_match(rp->sender, sender))
	    continue;
	if (rp->name && (name == 0 || !doccat_glob(rp->name, name)))
	    continue;
	return (rp);
    }
    return (0);
}

/* doccat_covered_by_xdm - is this attachment an XDM document? */

static int doccat_covered_by_xdm(const DOCCAT_INPUT *in, const char *name)
{
    size_t  i;

    for (i = 0; i < in->xdm_count; i++)
	if (in->xdm[i].name
	    && strcasecmp(doccat_basename(in->xdm[i].name),
			  doccat_basename(name)) == 0)
	    return (1);
    return (0);
}

/* doccat_resolve - categories of every document, in source order */

void    doccat_resolve(const CATEGORY_TABLE *tab, const DOCCAT_RULES *rules,
		               const DOCCAT_INPUT *in, DOCCAT_RESULT *res)
{
    char  **codes;
    size_t  ncodes, i, j, best;
    char   *covered = in->xdm_count ? mycalloc(in->xdm_count, 1) : 0;
    const DOCCAT_XDM_DOC *dp;
    const DOCCAT_RULE *rp;
    const char *name;

    /* 1. X-MSS-CODECDA: each code claims the XDM document it names. */
    ncodes = doccat_split_codes(in->codecda, &codes);
    for (i = 0; i < ncodes; i++) {
	best = in->xdm_count;
	for (j = 0; j < in->xdm_count; j++) {
	    dp = in->xdm + j;
	    if (covered[j] || dp->type_code == 0
		|| strcmp(dp->type_code, codes[i]) != 0)
		continue;
	    if (best == in->xdm_count || (dp->is_cda && !in->xdm[best].is_cda))
		best = j;
	}
	if (best < in->xdm_count) {
	    dp = in->xdm + best;
	    covered[best] = 1;
	    doccat_add_item(tab, res, DOCCAT_SRC_HEADER, dp->name, codes[i],
			    dp->type_system, dp->class_code);
	} else {
	    doccat_add_item(tab, res, DOCCAT_SRC_HEADER, (char *) 0, codes[i],
			    (char *) 0, (char *) 0);
	}
    }
    doccat_free_codes(codes, ncodes);

    /* 2. The XDM metadata, for the documents the header did not name. */
    for (j = 0; j < in->xdm_count; j++) {
	res->documents++;
	if (covered[j])
	    continue;
	dp = in->xdm + j;
	if (dp->type_code && *dp->type_code) {
	    doccat_add_item(tab, res, DOCCAT_SRC_XDM, dp->name, dp->type_code,
			    dp->type_system, dp->class_code);
	} else {
	    res->uncategorized++;
	    doccat_list_add(res->missing, dp->name ? dp->name : "(xdm)");
	}
    }
    myfree(covered);

    /* 3. Configured rules, for attachments outside the archive. */
    for (i = 0; i < in->attachment_count; i++) {
	name = in->attachments[i];
	if (name && doccat_covered_by_xdm(in, name))
	    continue;
	res->documents++;
	if ((rp = doccat_rule_find(rules, in->sender,
				   name ? doccat_basename(name) : 0)) != 0) {
	    doccat_add_item(tab, res, DOCCAT_SRC_RULE, name, rp->code,
			    rp->system, (char *) 0);
	} else {
	    res->uncategorized++;
	    doccat_list_add(res->missing, name ? name : "(sans nom)");
	}
    }
}

/* doccat_is_token - RFC 2045 token characters only */

static int doccat_is_token(const char *str)
{
    if (*str == 0)
	return (0);
    for (; *str; str++)
	if ((unsigned char) *str <= 0x20 || (unsigned char) *str >= 0x7f
	    || strchr("()<>@,;:\\\"/[]?=", *str))
	    return (0);
    return (1);
}

/* doccat_put_param - "; name=value", quoted or RFC 2231 as needed */

static void doccat_put_param(VSTR *out, const char *name, const char *value)
{
    const unsigned char *cp;
    int     ascii = 1;

    if (vstr_len(out))
	vstr_cat(out, "; ");
    for (cp = (const unsigned char *) value; *cp; cp++)
	if (*cp < 0x20 || *cp >= 0x7f)
	    ascii = 0;
    if (ascii && doccat_is_token(value)) {
	vstr_sprintf_append(out, "%s=%s", name, value);
    } else if (ascii) {
	vstr_sprintf_append(out, "%s=\"", name);
	for (cp = (const unsigned char *) value; *cp; cp++) {
	    if (*cp == '"' || *cp == '\\')
		vstr_addch(out, '\\');
	    vstr_addch(out, *cp);
	}
	vstr_addch(out, '"');
    } else {
	/* RFC 2231 extended parameter keeps the header 7-bit and lossless. */
	vstr_sprintf_append(out, "%s*=utf-8''", name);
	for (cp = (const unsigned char *) value; *cp; cp++) {
	    if (*cp > 0x20 && *cp < 0x7f && !strchr("()<>@,;:\\\"/[]?=*'%", *cp))
		vstr_addch(out, *cp);
	    else
		vstr_sprintf_append(out, "%%%02X", *cp);
	}
    }
}

/* doccat_resolve_classes - label each class, count the unknown ones */

void    doccat_resolve_classes(const CATEGORY_TABLE *classes, DOCCAT_RESULT *res)
{
    const CATEGORY_ENTRY *ep;
    DOCCAT_ITEM *ip;
    size_t  i;

    if (classes == 0)
	return;
    for (i = 0; i < res->count; i++) {
	ip = res->items + i;
	if (ip->class_code == 0 || ip->class_display != 0)
	    continue;
	if ((ep = category_lookup_code(classes, ip->class_code, (int *) 0)) != 0) {
	    ip->class_display = mystrdup(ep->display);
	} else {
	    res->unknown_classes++;
	    doccat_list_add(res->unknown_class_codes, ip->class_code);
	}
    }
}

/* doccat_format_header - value of one X-MSSante-Category header */

void    doccat_format_header(const DOCCAT_ITEM *item, VSTR *out)
{
    vstr_reset(out);
    doccat_put_param(out, "code", item->code);
    if (item->system)
	doccat_put_param(out, "system", item->system);
    if (item->display)
	doccat_put_param(out, "display", item->display);
    if (item->class_code)
	doccat_put_param(out, "class", item->class_code);
    if (item->class_display)
	doccat_put_param(out, "class_display", item->class_display);
    doccat_put_param(out, "source", doccat_source_name(item->source));
    if (!item->known)
	doccat_put_param(out, "status", "unknown");
}

/* doccat_summary - one-line list for logs: CODE/source[/unknown],... */

void    doccat_summary(const DOCCAT_RESULT *res, VSTR *out)
{
    size_t  i;

    vstr_reset(out);
    for (i = 0; i < res->count; i++)
	vstr_sprintf_append(out, "%s%s/%s%s", i ? "," : "",
			    res->items[i].code,
			    doccat_source_name(res->items[i].source),
			    res->items[i].known ? "" : "/unknown");
    if (res->uncategorized)
	vstr_sprintf_append(out, "%suncategorized=%zu", res->count ? "," : "",
			    res->uncategorized);
}
