/*++
/* NAME
/*	category 3
/* SUMMARY
/*	the JDV_J07 document type table (code, code system, display)
/* SYNOPSIS
/*	#include "category.h"
/*
/*	CATEGORY_TABLE *category_table_create(const char *default_system)
/*	void	category_table_free(CATEGORY_TABLE *tab)
/*	CATEGORY_LINE category_table_add_line(CATEGORY_TABLE *tab,
/*					const char *line, size_t len)
/*	size_t	category_table_count(const CATEGORY_TABLE *tab)
/*	const CATEGORY_ENTRY *category_table_entry(const CATEGORY_TABLE *tab,
/*					size_t index)
/*	const char *category_table_version(const CATEGORY_TABLE *tab)
/*
/*	const CATEGORY_ENTRY *category_lookup(const CATEGORY_TABLE *tab,
/*					const char *code, const char *system)
/*	const CATEGORY_ENTRY *category_lookup_code(const CATEGORY_TABLE *tab,
/*					const char *code, int *ambiguous)
/*
/*	const char *category_line_name(CATEGORY_LINE status)
/*	int	category_code_valid(const char *code, size_t len)
/*	int	category_oid_valid(const char *oid, size_t len)
/*	int	category_utf8_valid(const char *str, size_t len)
/* DESCRIPTION
/*	The national list of document types (JDV_J07-XdsTypeCode-CISIS)
/*	is versioned by the ANS, so it is never compiled in: the caller
/*	reads the data file and hands each line to this module, which
/*	does no I/O. The same module also holds the TRE_A03 class list
/*	(two columns, the code system given as default_system).
/*
/*	category_table_create() makes an empty table. default_system is
/*	the code system of lines that have only two columns, or NULL
/*	when every line must name its system.
/*
/*	category_table_add_line() parses one line, without its newline
/*	(a trailing CR is ignored): "code TAB display [TAB system]".
/*	Blank lines and lines starting with '#' are skipped; the first
/*	comment that contains "version " followed by a token gives the
/*	table's version. A rejected line leaves the table unchanged.
/*
/*	category_lookup() finds the entry for (code, system); code
/*	matching is exact (LOINC and TRE_A05 codes are case-sensitive).
/*	category_lookup_code() finds a code whatever its system, for
/*	sources that carry no system (the X-MSS-CODECDA header); when
/*	two systems define the same code, it returns the first and sets
/*	*ambiguous (when not NULL).
/*
/*	category_table_entry() walks the table in (code, system) order.
/*	The table does not change after it is filled, so readers in
/*	several threads need no lock; a reload builds a new table.
/*
/*	category_code_valid() accepts 1 to CATEGORY_CODE_MAX characters
/*	from [A-Za-z0-9._-]; category_oid_valid() a dotted numeric OID
/*	of at most CATEGORY_OID_MAX octets; category_utf8_valid()
/*	well-formed UTF-8 (no overlongs, no surrogates).
/* DIAGNOSTICS
/*	category_table_add_line() returns a CATEGORY_LINE status;
/*	category_line_name() gives its stable name for logs.
/*--*/

#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "category.h"

struct CATEGORY_TABLE {
    CATEGORY_ENTRY *entries;		/* sorted by (code, system) */
    size_t  count;
    size_t  cap;
    char   *default_system;		/* or NULL */
    char   *version;			/* or NULL */
};

static const char *const category_line_names[CATEGORY_LINE_COUNT] = {
    "ok", "skip", "fields", "code", "system", "display", "duplicate",
};

/* category_line_name - stable name of a line status */

const char *category_line_name(CATEGORY_LINE status)
{
    if ((unsigned) status >= CATEGORY_LINE_COUNT)
	return ("unknown");
    return (category_line_names[status]);
}

/* category_code_valid - code syntax */

int     category_code_valid(const char *code, size_t len)
{
    size_t  i;
    unsigned char c;

    if (len == 0 || len > CATEGORY_CODE_MAX)
	return (0);
    for (i = 0; i < len; i++) {
	c = (unsigned char) code[i];
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	      || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
	    return (0);
    }
    return (1);
}

/* category_oid_valid - dotted numeric OID: 1.2.250 */

int     category_oid_valid(const char *oid, size_t len)
{
    size_t  i;
    int     digits = 0;

    if (len == 0 || len > CATEGORY_OID_MAX)
	return (0);
    for (i = 0; i < len; i++) {
	if (oid[i] >= '0' && oid[i] <= '9') {
	    digits++;
	} else if (oid[i] == '.' && digits > 0) {
	    digits = 0;
	} else {
	    return (0);
	}
    }
    return (digits > 0);
}

/* category_utf8_valid - well-formed UTF-8 */

int     category_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *) str;
    size_t  i = 0, n, k;
    unsigned long cp;

    while (i < len) {
	if (s[i] < 0x80) {
	    i++;
	    continue;
	}
	if (s[i] >= 0xc2 && s[i] <= 0xdf) {
	    n = 1;
	    cp = s[i] & 0x1f;
	} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
	    n = 2;
	    cp = s[i] & 0x0f;
	} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
	    n = 3;
	    cp = s[i] & 0x07;
	} else {
	    return (0);
	}
	if (len - i <= n)
	    return (0);
	for (k = 1; k <= n; k++) {
	    if ((s[i + k] & 0xc0) != 0x80)
		return (0);
	    cp = (cp << 6) | (s[i + k] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
	    || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
	    return (0);
	i += n + 1;
    }
    return (1);
}

/* category_table_create - empty table */

CATEGORY_TABLE *category_table_create(const char *default_system)
{
    CATEGORY_TABLE *tab = mycalloc(1, sizeof(*tab));

    tab->default_system = default_system ? mystrdup(default_system) : 0;
    return (tab);
}

/* category_table_free - destroy a table; NULL is fine */

void    category_table_free(CATEGORY_TABLE *tab)
{
    size_t  i;

    if (tab == 0)
	return;
    for (i = 0; i < tab->count; i++) {
	myfree((void *) tab->entries[i].code);
	myfree((void *) tab->entries[i].system);
	myfree((void *) tab->entries[i].display);
    }
    myfree(tab->entries);
    myfree(tab->default_system);
    myfree(tab->version);
    myfree(tab);
}

/* category_cmp - order entries by code, then system */

static int category_cmp(const char *code1, const char *sys1,
			        const char *code2, const char *sys2)
{
    int     r;

    if ((r = strcmp(code1, code2)) != 0)
	return (r);
    return (strcmp(sys1, sys2));
}

/* category_find_first - index of the first entry with code >= key */

static size_t category_find_first(const CATEGORY_TABLE *tab, const char *code,
				          const char *system)
{
    size_t  lo = 0, hi = tab->count, mid;

    while (lo < hi) {
	mid = lo + (hi - lo) / 2;
	if (category_cmp(tab->entries[mid].code, tab->entries[mid].system,
			 code, system) < 0)
	    lo = mid + 1;
	else
	    hi = mid;
    }
    return (lo);
}

/* category_parse_version - remember "version TOKEN" from a comment */

static void category_parse_version(CATEGORY_TABLE *tab, const char *line,
				           size_t len)
{
    const char *p, *end = line + len, *start;
    static const char key[] = "version ";

    if (tab->version)
	return;
    for (p = line; p + sizeof(key) - 1 < end; p++) {
	if (memcmp(p, key, sizeof(key) - 1) != 0)
	    continue;
	start = p + sizeof(key) - 1;
	for (p = start; p < end && p - start < 64
	     && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')
		 || (*p >= 'A' && *p <= 'Z') || *p == '.' || *p == '-'); p++)
	     /* void */ ;
	if (p > start)
	    tab->version = mystrndup(start, (size_t) (p - start));
	return;
    }
}

/* category_display_valid - printable UTF-8, no control characters */

static int category_display_valid(const char *str, size_t len)
{
    size_t  i;

    if (len == 0 || len > CATEGORY_DISPLAY_MAX)
	return (0);
    for (i = 0; i < len; i++)
	if ((unsigned char) str[i] < 0x20 || str[i] == 0x7f)
	    return (0);
    /* A display that starts or ends with blanks is a broken file. */
    if (str[0] == ' ' || str[len - 1] == ' ')
	return (0);
    return (category_utf8_valid(str, len));
}

/* category_table_add_line - parse and add one line */

CATEGORY_LINE category_table_add_line(CATEGORY_TABLE *tab, const char *line,
				              size_t len)
{
    const char *field[4];
    size_t  flen[4];
    size_t  nfield = 0, i, start = 0, pos;
    const char *system;
    size_t  syslen;
    CATEGORY_ENTRY *ep;
    char   *code_copy, *sys_copy;

    if (len > 0 && line[len - 1] == '\r')
	len--;
    for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
	 /* void */ ;
    if (i == len)
	return (CATEGORY_LINE_SKIP);
    if (line[i] == '#') {
	category_parse_version(tab, line + i, len - i);
	return (CATEGORY_LINE_SKIP);
    }
    for (i = 0; i <= len; i++) {
	if (i == len || line[i] == '\t') {
	    if (nfield == 4)
		return (CATEGORY_LINE_ERR_FIELDS);
	    field[nfield] = line + start;
	    flen[nfield] = i - start;
	    nfield++;
	    start = i + 1;
	}
    }
    if (nfield < 2 || nfield > 3)
	return (CATEGORY_LINE_ERR_FIELDS);
    if (!category_code_valid(field[0], flen[0]))
	return (CATEGORY_LINE_ERR_CODE);
    if (!category_display_valid(field[1], flen[1]))
	return (CATEGORY_LINE_ERR_DISPLAY);
    if (nfield == 3) {
	system = field[2];
	syslen = flen[2];
    } else if (tab->default_system) {
	system = tab->default_system;
	syslen = strlen(system);
    } else {
	return (CATEGORY_LINE_ERR_SYSTEM);
    }
    if (!category_oid_valid(system, syslen))
	return (CATEGORY_LINE_ERR_SYSTEM);

    code_copy = mystrndup(field[0], flen[0]);
    sys_copy = mystrndup(system, syslen);
    pos = category_find_first(tab, code_copy, sys_copy);
    if (pos < tab->count
	&& category_cmp(tab->entries[pos].code, tab->entries[pos].system,
			code_copy, sys_copy) == 0) {
	myfree(code_copy);
	myfree(sys_copy);
	return (CATEGORY_LINE_ERR_DUPLICATE);
    }
    if (tab->count == tab->cap) {
	tab->cap = tab->cap ? tab->cap * 2 : 64;
	tab->entries = myrealloc(tab->entries, tab->cap * sizeof(*ep));
    }
    /* Sorted insertion: the table is small and filled once per reload. */
    memmove(tab->entries + pos + 1, tab->entries + pos,
	    (tab->count - pos) * sizeof(*ep));
    ep = tab->entries + pos;
    ep->code = code_copy;
    ep->system = sys_copy;
    ep->display = mystrndup(field[1], flen[1]);
    tab->count++;
    return (CATEGORY_LINE_OK);
}

/* category_table_count - number of entries */

size_t  category_table_count(const CATEGORY_TABLE *tab)
{
    return (tab->count);
}

/* category_table_entry - entry by index, NULL past the end */

const CATEGORY_ENTRY *category_table_entry(const CATEGORY_TABLE *tab,
					           size_t index)
{
    return (index < tab->count ? tab->entries + index : 0);
}

/* category_table_version - the version read from a comment, or NULL */

const char *category_table_version(const CATEGORY_TABLE *tab)
{
    return (tab->version);
}

/* category_lookup - entry for (code, system), or NULL */

const CATEGORY_ENTRY *category_lookup(const CATEGORY_TABLE *tab,
				              const char *code,
				              const char *system)
{
    size_t  pos;

    if (tab == 0 || code == 0 || system == 0)
	return (0);
    pos = category_find_first(tab, code, system);
    if (pos < tab->count
	&& category_cmp(tab->entries[pos].code, tab->entries[pos].system,
			code, system) == 0)
	return (tab->entries + pos);
    return (0);
}

/* category_lookup_code - entry for a code in any system, or NULL */

const CATEGORY_ENTRY *category_lookup_code(const CATEGORY_TABLE *tab,
					           const char *code,
					           int *ambiguous)
{
    size_t  pos;

    if (ambiguous)
	*ambiguous = 0;
    if (tab == 0 || code == 0)
	return (0);
    /* The empty system sorts before every OID. */
    pos = category_find_first(tab, code, "");
    if (pos >= tab->count || strcmp(tab->entries[pos].code, code) != 0)
	return (0);
    if (ambiguous && pos + 1 < tab->count
	&& strcmp(tab->entries[pos + 1].code, code) == 0)
	*ambiguous = 1;
    return (tab->entries + pos);
}
