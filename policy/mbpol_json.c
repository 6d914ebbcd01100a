/*++
/* NAME
/*	mbpol_json 3
/* SUMMARY
/*	per-mailbox policy: reading JSON values with located errors
/* SYNOPSIS
/*	#include "mbpol_impl.h"
/*
/*	int	mbpol_json_fail(P, fmt, ...)
/*	int	mbpol_json_fail_value(P, what, value, hint)
/*	int	mbpol_json_fail_unknown(P, what, word, names)
/*	size_t	mbpol_json_push(P, key, index)
/*	void	mbpol_json_pop(P, saved)
/*	int	mbpol_json_members(P, obj, allowed, more)
/*	int	mbpol_json_bool(P, val, out)
/*	int	mbpol_json_list(P, val, kind, allow_empty, list)
/*	int	mbpol_json_types(P, val, types)
/*	int	mbpol_json_enum(P, val, names, what)
/* DESCRIPTION
/*	The value readers of mbpol_parse(3). P->path is the JSON pointer
/*	(RFC 6901) of the value being read: mbpol_json_push() enters a
/*	member (key) or an array element (key NULL, index) and returns
/*	what mbpol_json_pop() needs to leave it.
/*
/*	mbpol_json_fail() writes "POINTER: message" into P->err unless an
/*	error is already there (the first one is the cause), and returns
/*	-1. The line is printable ASCII: any other byte (a member name of
/*	the file in the pointer) becomes '?'. mbpol_json_fail_value() quotes a value, sanitised (printable
/*	ASCII, at most 64 characters), then an optional hint.
/*	mbpol_json_fail_unknown() adds "(did you mean 'x'?)" when one of
/*	the NULL-terminated names is within two edits of the word.
/*
/*	mbpol_json_members() refuses a member of an object that is
/*	neither in "allowed" nor in "more" (each NULL-terminated, "more"
/*	may be NULL) and checks that "_comment" holds text (a string or
/*	an array of strings).
/*
/*	mbpol_json_bool() reads true or false. mbpol_json_list() reads a
/*	string or an array of strings, each an address (local@domain,
/*	MBPOL_JSON_ADDRESS) or a domain (MBPOL_JSON_DOMAIN) in the syntax
/*	of addr(3), stored lower-cased and owned by P->pol; an empty
/*	array is refused unless allow_empty. mbpol_json_types() reads
/*	mailbox types (PER, ORG, APP, CAB) into a bit mask (1 << type).
/*	mbpol_json_enum() reads one of a few names, case-insensitive,
/*	and returns its index.
/* DIAGNOSTICS
/*	The readers return 0 (mbpol_json_enum(): the index) or -1 after
/*	writing the error.
/*--*/

#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>

#include "mymalloc.h"
#include "vstr.h"
#include "addr.h"
#include "mbpol.h"
#include "mbpol_impl.h"

#define MBPOL_QUOTE_MAX		64	/* characters of a value in an error */

/* mbpol_json_quote - append a value, sanitised and capped */

static void mbpol_json_quote(VSTR *out, const char *value)
{
    const unsigned char *p = (const unsigned char *) value;
    size_t  n;

    vstr_addch(out, '\'');
    for (n = 0; *p && n < MBPOL_QUOTE_MAX; p++, n++)
	vstr_addch(out, (*p >= 0x20 && *p < 0x7f && *p != '\'') ? *p : '?');
    if (*p)
	vstr_cat(out, "...");
    vstr_addch(out, '\'');
}

/* mbpol_json_fail - the first error wins; returns -1 */

int     mbpol_json_fail(MBPOL_PARSER *P, const char *fmt,...)
{
    va_list ap;
    char   *cp;

    if (vstr_len(P->err) == 0) {
	vstr_sprintf(P->err, "%s: ", vstr_len(P->path) ? vstr_str(P->path) : "/");
	va_start(ap, fmt);
	vstr_vsprintf_append(P->err, fmt, ap);
	va_end(ap);
	/* Member names in the pointer are the file's bytes: one ASCII line. */
	for (cp = vstr_str(P->err); *cp; cp++)
	    if ((unsigned char) *cp < 0x20 || (unsigned char) *cp >= 0x7f)
		*cp = '?';
    }
    return (-1);
}

/* mbpol_json_fail_value - an error that quotes a value */

int     mbpol_json_fail_value(MBPOL_PARSER *P, const char *what,
			            const char *value, const char *hint)
{
    VSTR   *q = vstr_alloc(80);

    mbpol_json_quote(q, value);
    mbpol_json_fail(P, "%s %s%s%s", what, vstr_str(q), hint ? " " : "",
	       hint ? hint : "");
    vstr_free(q);
    return (-1);
}

/* mbpol_json_push - enter a member or an array element */

size_t  mbpol_json_push(MBPOL_PARSER *P, const char *key, size_t index)
{
    size_t  saved = vstr_len(P->path);
    const char *cp;

    vstr_addch(P->path, '/');
    if (key == 0) {
	vstr_sprintf_append(P->path, "%zu", index);
	return (saved);
    }
    /* RFC 6901 escapes: ~ is ~0, / is ~1. */
    for (cp = key; *cp; cp++) {
	if (*cp == '~')
	    vstr_cat(P->path, "~0");
	else if (*cp == '/')
	    vstr_cat(P->path, "~1");
	else
	    vstr_addch(P->path, *cp);
    }
    return (saved);
}

/* mbpol_json_pop - leave it */

void    mbpol_json_pop(MBPOL_PARSER *P, size_t saved)
{
    vstr_truncate(P->path, saved);
}

/* mbpol_json_distance - edit distance, capped: for "did you mean" */

static size_t mbpol_json_distance(const char *a, const char *b)
{
    size_t  la = strlen(a), lb = strlen(b), i, j;
    size_t  row[64], prev, tmp;

    if (la >= sizeof(row) / sizeof(row[0]) || lb >= sizeof(row) / sizeof(row[0]))
	return ((size_t) -1);
    for (j = 0; j <= lb; j++)
	row[j] = j;
    for (i = 1; i <= la; i++) {
	prev = row[0];
	row[0] = i;
	for (j = 1; j <= lb; j++) {
	    tmp = row[j];
	    row[j] = (a[i - 1] == b[j - 1]) ? prev :
		1 + (prev < row[j] ? (prev < row[j - 1] ? prev : row[j - 1]) :
		     (row[j] < row[j - 1] ? row[j] : row[j - 1]));
	    prev = tmp;
	}
    }
    return (row[lb]);
}

/* mbpol_json_nearest - the closest name within 2 edits, or NULL */

static const char *mbpol_json_nearest(const char *word, const char *const *names)
{
    const char *best = 0;
    size_t  d, best_d = 3;

    for (; *names; names++) {
	if ((d = mbpol_json_distance(word, *names)) < best_d) {
	    best_d = d;
	    best = *names;
	}
    }
    return (best);
}

/* mbpol_json_fail_unknown - unknown name, with a suggestion */

int     mbpol_json_fail_unknown(MBPOL_PARSER *P, const char *what,
			              const char *word, const char *const *names)
{
    const char *near = mbpol_json_nearest(word, names);
    VSTR   *hint = vstr_alloc(80);

    if (near)
	vstr_sprintf(hint, "(did you mean '%s'?)", near);
    mbpol_json_fail_value(P, what, word, near ? vstr_str(hint) : 0);
    vstr_free(hint);
    return (-1);
}

/* mbpol_json_members - refuse members not in the list */

int     mbpol_json_members(MBPOL_PARSER *P, json_t *obj,
			               const char *const *allowed,
			               const char *const *more)
{
    const char *key;
    json_t *val;
    const char *const *cpp;
    const char *names[64];
    size_t  n = 0, saved;

    for (cpp = allowed; *cpp && n < 63; cpp++)
	names[n++] = *cpp;
    for (cpp = more; cpp && *cpp && n < 63; cpp++)
	names[n++] = *cpp;
    names[n] = 0;
    json_object_foreach(obj, key, val) {
	for (cpp = names; *cpp && strcmp(*cpp, key) != 0; cpp++)
	     /* void */ ;
	if (*cpp == 0) {
	    saved = mbpol_json_push(P, key, 0);
	    mbpol_json_fail_unknown(P, "unknown member", key, names);
	    mbpol_json_pop(P, saved);
	    return (-1);
	}
	if (strcmp(key, "_comment") == 0) {
	    size_t  i;
	    json_t *c;

	    /* A comment is text: a string or an array of strings. */
	    if (json_is_string(val))
		continue;
	    saved = mbpol_json_push(P, key, 0);
	    if (!json_is_array(val)) {
		mbpol_json_fail(P, "a comment must be a string or an array of strings");
		mbpol_json_pop(P, saved);
		return (-1);
	    }
	    json_array_foreach(val, i, c) {
		if (!json_is_string(c)) {
		    mbpol_json_push(P, 0, i);
		    mbpol_json_fail(P, "a comment must be a string or an array of strings");
		    mbpol_json_pop(P, saved);
		    return (-1);
		}
	    }
	    mbpol_json_pop(P, saved);
	}
    }
    return (0);
}

/* mbpol_json_bool - a JSON boolean */

int     mbpol_json_bool(MBPOL_PARSER *P, json_t *val, int *out)
{
    if (!json_is_boolean(val))
	return (mbpol_json_fail(P, "must be true or false"));
    *out = json_is_true(val);
    return (0);
}

/* mbpol_json_lower - an owned lower-cased copy */

static char *mbpol_json_lower(MBPOL_PARSER *P, const char *s)
{
    char   *copy = mbpol_strdup(P->pol, s);
    char   *cp;

    for (cp = copy; *cp; cp++)
	if (*cp >= 'A' && *cp <= 'Z')
	    *cp = *cp - 'A' + 'a';
    return (copy);
}

/* mbpol_json_domain - a domain of the trust space's syntax */

static int mbpol_json_domain(MBPOL_PARSER *P, const char *s)
{
    ADDR_STATUS st = addr_domain_check(s, strlen(s));

    if (st != ADDR_OK) {
	VSTR   *hint = vstr_alloc(60);

	vstr_sprintf(hint, "(%s)", addr_status_text_en(st));
	mbpol_json_fail_value(P, "invalid domain", s, vstr_str(hint));
	vstr_free(hint);
	return (-1);
    }
    return (0);
}

/* mbpol_json_address - local@domain */

static int mbpol_json_address(MBPOL_PARSER *P, const char *s)
{
    const char *at = strrchr(s, '@');
    const unsigned char *p;
    ADDR_STATUS st;

    if (at == 0 || at == s)
	return (mbpol_json_fail_value(P, "invalid address", s,
				 "(expected local@domain)"));
    for (p = (const unsigned char *) s; p < (const unsigned char *) at; p++)
	if (*p <= 0x20 || *p >= 0x7f)
	    return (mbpol_json_fail_value(P, "invalid address", s,
				     "(blank, control or non-ASCII character)"));
    if ((st = addr_domain_check(at + 1, strlen(at + 1))) != ADDR_OK) {
	VSTR   *hint = vstr_alloc(60);

	vstr_sprintf(hint, "(%s)", addr_status_text_en(st));
	mbpol_json_fail_value(P, "invalid address", s, vstr_str(hint));
	vstr_free(hint);
	return (-1);
    }
    return (0);
}

/* mbpol_json_list - a string or an array of addresses or domains */

int     mbpol_json_list(MBPOL_PARSER *P, json_t *val, int kind, int allow_empty,
		              MBPOL_LIST *out)
{
    size_t  i, n, saved;
    json_t *item;
    const char *s;

    if (json_is_string(val)) {
	n = 1;
    } else if (json_is_array(val)) {
	n = json_array_size(val);
    } else {
	return (mbpol_json_fail(P, "must be a string or an array of strings"));
    }
    if (n == 0 && !allow_empty)
	return (mbpol_json_fail(P, "empty list"));
    out->count = 0;
    out->items = n ? mbpol_own(P->pol, mymalloc(n * sizeof(char *))) : 0;
    for (i = 0; i < n; i++) {
	item = json_is_string(val) ? val : json_array_get(val, i);
	saved = json_is_string(val) ? vstr_len(P->path) : mbpol_json_push(P, 0, i);
	if (!json_is_string(item)) {
	    mbpol_json_fail(P, "must be a string");
	    mbpol_json_pop(P, saved);
	    return (-1);
	}
	s = json_string_value(item);
	if ((kind == MBPOL_JSON_ADDRESS ? mbpol_json_address(P, s)
	     : mbpol_json_domain(P, s)) < 0) {
	    mbpol_json_pop(P, saved);
	    return (-1);
	}
	out->items[out->count++] = mbpol_json_lower(P, s);
	mbpol_json_pop(P, saved);
    }
    return (0);
}

/* mbpol_json_types - a string or an array of mailbox types */

int     mbpol_json_types(MBPOL_PARSER *P, json_t *val, unsigned *out)
{
    static const char *const names[] = {"PER", "ORG", "APP", "CAB", 0};
    size_t  i, n, saved;
    json_t *item;
    MBPOL_TYPE type;

    if (json_is_string(val))
	n = 1;
    else if (json_is_array(val))
	n = json_array_size(val);
    else
	return (mbpol_json_fail(P, "must be a string or an array of strings"));
    if (n == 0)
	return (mbpol_json_fail(P, "empty list"));
    *out = 0;
    for (i = 0; i < n; i++) {
	item = json_is_string(val) ? val : json_array_get(val, i);
	saved = json_is_string(val) ? vstr_len(P->path) : mbpol_json_push(P, 0, i);
	if (!json_is_string(item)) {
	    mbpol_json_fail(P, "must be a string");
	} else if (mbpol_type_parse(json_string_value(item), &type) < 0) {
	    mbpol_json_fail_unknown(P, "unknown mailbox type", json_string_value(item),
			       names);
	} else {
	    *out |= 1u << type;
	    mbpol_json_pop(P, saved);
	    continue;
	}
	mbpol_json_pop(P, saved);
	return (-1);
    }
    return (0);
}

/* mbpol_json_enum - one of a few names */

int     mbpol_json_enum(MBPOL_PARSER *P, json_t *val,
			             const char *const *names, const char *what)
{
    int     i;

    if (!json_is_string(val))
	return (mbpol_json_fail(P, "must be a string"));
    for (i = 0; names[i]; i++)
	if (strcasecmp(names[i], json_string_value(val)) == 0)
	    return (i);
    return (mbpol_json_fail_unknown(P, what, json_string_value(val), names));
}
