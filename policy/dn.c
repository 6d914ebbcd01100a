/*++
/* NAME
/*	dn 3
/* SUMMARY
/*	X.500 distinguished name normalisation for operator certificates
/* SYNOPSIS
/*	#include "dn.h"
/*
/*	int	dn_normalise(in, out)
/*	const char *in;
/*	VSTR	*out;
/*
/*	int	dn_cn(in, out)
/*	const char *in;
/*	VSTR	*out;
/*
/*	int	dn_equal(a, b)
/*	const char *a;
/*	const char *b;
/* DESCRIPTION
/*	The ANS whitelist gives each operator's SMTP certificate subject
/*	as a string written by hand more than by a program, and the MTA
/*	reports the subject it verified in yet another form. This module
/*	turns each of them into one canonical string.
/*
/*	dn_normalise() accepts the forms seen in practice:
/* .IP \(bu
/*	RFC 4514 style, most specific first, with or without blanks:
/*	"CN=a,OU=b,O=c,ST=d,C=FR", "CN=a, OU=b, O=c" (";" also separates);
/* .IP \(bu
/*	OpenSSL's -nameopt oneline/RFC 2253 variants: "C = FR, ST = d, O = c";
/* .IP \(bu
/*	OpenSSL's legacy X509_NAME_oneline(): "/C=FR/ST=d/O=c/OU=b/CN=a"
/*	(chosen when the string starts with "/").
/* .PP
/*	Values may use RFC 4514 escapes (\\, \\+ \\" ..., \\XX hex pairs,
/*	and OpenSSL's \\xXX in the "/" form) or be double-quoted. Because
/*	these strings are hand-written, a separator ("," ";" or "/") only
/*	ends a value when it is followed by an attribute type and "=";
/*	otherwise it is part of the value ("O=SOCIETE X, SA" keeps its
/*	comma). "+" is an ordinary character: IGC-Sante server certificates
/*	have no multi-valued RDNs.
/*
/*	Attribute types are upper-cased and their long names and OIDs
/*	mapped to the short ones (commonName and 2.5.4.3 are CN, S is ST,
/*	E and emailAddress are EMAILADDRESS...). Values are trimmed and
/*	each run of blanks becomes one space. The output lists the
/*	attributes in a fixed order, whatever the input order: C, ST, L,
/*	O, OU, CN, then the other types sorted by name; several values of
/*	one type are sorted too (case-insensitively). Sorting, rather
/*	than keeping the input order, is what makes the "/" form (least
/*	specific first) and the RFC 4514 form (most specific first)
/*	compare equal when a type repeats (OU=IGC-SANTE, OU=0002 ...).
/*	The output is "C=FR,ST=Paris (75),O=OPERATEUR A,OU=...,CN=...",
/*	with RFC 4514 escapes where a value needs them; normalising it
/*	again gives the same string.
/*
/*	Inferred behaviour (doc/rules.md, "Operator certificates"): a few whitelist entries write the
/*	locality L= where the certificates carry ST=. A DN that has L and
/*	no ST is given its L as ST, so both spellings compare equal. A DN
/*	that has both keeps both.
/*
/*	Comparison is case-insensitive for ASCII letters in values
/*	(dn_normalise() keeps the case as written, for display): operator
/*	DNs are usually upper-case in certificates but not always in the
/*	whitelist, and no two IGC-Sante subjects differ only by case.
/*	Bytes outside ASCII are compared exactly.
/*
/*	dn_cn() stores the normalised value of the CN attribute. A DN
/*	with no CN, or with more than one (ambiguous), gives -1.
/*
/*	dn_equal() normalises both DNs and compares them as described.
/* DIAGNOSTICS
/*	dn_normalise() and dn_cn() return 0, or -1 when the input is not
/*	a DN (no "type=value", bad escape, unterminated quote, control
/*	character or NUL in a value); then "out" is empty. dn_equal()
/*	returns 1 when both parse and are equal, else 0.
/*--*/

#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "mymalloc.h"
#include "vstr.h"
#include "dn.h"

 /*
  * Canonical output order. Ranks below DN_RANK_OTHER are the known types.
  */
#define DN_RANK_C	0
#define DN_RANK_ST	1
#define DN_RANK_L	2
#define DN_RANK_O	3
#define DN_RANK_OU	4
#define DN_RANK_CN	5
#define DN_RANK_OTHER	6

typedef struct DN_ALIAS {
    const char *name;			/* as written, any case */
    const char *canon;			/* output type */
    int     rank;
} DN_ALIAS;

static const DN_ALIAS dn_aliases[] = {
    {"C", "C", DN_RANK_C},
    {"countryName", "C", DN_RANK_C},
    {"2.5.4.6", "C", DN_RANK_C},
    {"ST", "ST", DN_RANK_ST},
    {"S", "ST", DN_RANK_ST},
    {"stateOrProvinceName", "ST", DN_RANK_ST},
    {"2.5.4.8", "ST", DN_RANK_ST},
    {"L", "L", DN_RANK_L},
    {"localityName", "L", DN_RANK_L},
    {"2.5.4.7", "L", DN_RANK_L},
    {"O", "O", DN_RANK_O},
    {"organizationName", "O", DN_RANK_O},
    {"2.5.4.10", "O", DN_RANK_O},
    {"OU", "OU", DN_RANK_OU},
    {"organizationalUnitName", "OU", DN_RANK_OU},
    {"2.5.4.11", "OU", DN_RANK_OU},
    {"CN", "CN", DN_RANK_CN},
    {"commonName", "CN", DN_RANK_CN},
    {"2.5.4.3", "CN", DN_RANK_CN},
    {"E", "EMAILADDRESS", DN_RANK_OTHER},
    {"emailAddress", "EMAILADDRESS", DN_RANK_OTHER},
    {"1.2.840.113549.1.9.1", "EMAILADDRESS", DN_RANK_OTHER},
    {0, 0, 0},
};

typedef struct DN_AVA {
    int     rank;
    size_t  seq;			/* input position, last tie-break */
    const char *canon;			/* static type name, or NULL */
    size_t  type_off;			/* else the upper-cased type in scratch */
    size_t  val_off;			/* value in scratch, NUL-terminated */
    size_t  val_len;
    const char *type;			/* pointers, set after parsing */
    const char *val;
} DN_AVA;

typedef struct DN_PARSE {
    VSTR   *scratch;			/* types and values, NUL-separated */
    DN_AVA *avas;
    size_t  count;
    size_t  cap;
} DN_PARSE;

#define DN_IS_BLANK(c)	((c) == ' ' || (c) == '\t')
#define DN_IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define DN_IS_ALPHA(c)	(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define DN_UPPER(c)	(((c) >= 'a' && (c) <= 'z') ? (c) - ('a' - 'A') : (c))
#define DN_IS_CTRL(c)	((c) < 0x20 || (c) == 0x7f)

/* dn_casecmp - ASCII case-insensitive comparison, locale-independent */

static int dn_casecmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *) a;
    const unsigned char *q = (const unsigned char *) b;
    int     ca, cb;

    for (;;) {
	ca = DN_UPPER(*p);
	cb = DN_UPPER(*q);
	if (ca != cb || ca == 0)
	    return (ca - cb);
	p++, q++;
    }
}

/* dn_type_len - length of an attribute type token at p, or 0 */

static size_t dn_type_len(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *q = p;

    if (q < end && DN_IS_ALPHA(*q)) {
	while (q < end && (DN_IS_ALPHA(*q) || DN_IS_DIGIT(*q) || *q == '-'))
	    q++;
    } else if (q < end && DN_IS_DIGIT(*q)) {
	for (;;) {
	    while (q < end && DN_IS_DIGIT(*q))
		q++;
	    if (q + 1 < end && *q == '.' && DN_IS_DIGIT(q[1]))
		q++;
	    else
		break;
	}
    }
    return ((size_t) (q - p));
}

/* dn_skip_blanks - advance over blanks */

static const unsigned char *dn_skip_blanks(const unsigned char *p,
					           const unsigned char *end)
{
    while (p < end && DN_IS_BLANK(*p))
	p++;
    return (p);
}

/* dn_rdn_starts - does "type =" start at p? */

static int dn_rdn_starts(const unsigned char *p, const unsigned char *end)
{
    size_t  n;

    p = dn_skip_blanks(p, end);
    if ((n = dn_type_len(p, end)) == 0)
	return (0);
    p = dn_skip_blanks(p + n, end);
    return (p < end && *p == '=');
}

/* dn_put - append one value byte, collapsing blanks */

static void dn_put(VSTR *sp, size_t val_off, int c, int *pending)
{
    if (c == ' ' || c == '\t') {
	if (vstr_len(sp) > val_off)
	    *pending = 1;
	return;
    }
    if (*pending) {
	vstr_addch(sp, ' ');
	*pending = 0;
    }
    vstr_addch(sp, c);
}

/* dn_escape - decode the escape after a backslash; -1 when invalid */

static int dn_escape(const unsigned char **pp, const unsigned char *end,
		             int oneline)
{
    const unsigned char *p = *pp;
    int     hi, lo;

    if (p >= end)
	return (-1);
    /* OpenSSL's oneline form writes \xC3\xA9. */
    if (oneline && *p == 'x' && p + 2 < end
	&& (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0) {
	*pp = p + 3;
	return (hi << 4 | lo);
    }
    if (p + 1 < end && (hi = hex_digit(p[0])) >= 0
	&& (lo = hex_digit(p[1])) >= 0) {
	*pp = p + 2;
	return (hi << 4 | lo);
    }
    *pp = p + 1;
    return (*p);
}

/* dn_add_ava - record one attribute type, return its slot */

static DN_AVA *dn_add_ava(DN_PARSE *dp, const unsigned char *type, size_t len)
{
    const DN_ALIAS *ap;
    DN_AVA *avp;
    size_t  i;

    if (dp->count == dp->cap) {
	dp->cap = dp->cap ? dp->cap * 2 : 8;
	dp->avas = myrealloc(dp->avas, dp->cap * sizeof(*dp->avas));
    }
    avp = dp->avas + dp->count;
    avp->seq = dp->count++;
    avp->canon = 0;
    avp->rank = DN_RANK_OTHER;
    for (ap = dn_aliases; ap->name; ap++) {
	if (strlen(ap->name) != len)
	    continue;
	for (i = 0; i < len; i++)
	    if (DN_UPPER(type[i]) != DN_UPPER((unsigned char) ap->name[i]))
		break;
	if (i == len) {
	    avp->canon = ap->canon;
	    avp->rank = ap->rank;
	    break;
	}
    }
    avp->type_off = vstr_len(dp->scratch);
    if (avp->canon == 0)
	for (i = 0; i < len; i++)
	    vstr_addch(dp->scratch, DN_UPPER(type[i]));
    vstr_addch(dp->scratch, 0);
    return (avp);
}

/* dn_value - parse one value up to its end; -1 on error */

static int dn_value(DN_PARSE *dp, DN_AVA *avp, const unsigned char **pp,
		            const unsigned char *end, const char *seps,
		            int oneline)
{
    const unsigned char *p = *pp;
    VSTR   *sp = dp->scratch;
    int     pending = 0;
    int     c;

    avp->val_off = vstr_len(sp);
    p = dn_skip_blanks(p, end);

    if (p < end && *p == '"') {
	for (p++; /* void */ ; ) {
	    if (p >= end)
		return (-1);			/* unterminated */
	    c = *p++;
	    if (c == '"')
		break;
	    if (c == '\\') {
		if ((c = dn_escape(&p, end, oneline)) < 0 || DN_IS_CTRL(c))
		    return (-1);
	    } else if (DN_IS_CTRL(c) && c != '\t') {
		return (-1);
	    }
	    dn_put(sp, avp->val_off, c, &pending);
	}
	p = dn_skip_blanks(p, end);
	if (p < end && strchr(seps, *p) == 0)
	    return (-1);			/* junk after the quotes */
    } else {
	while (p < end) {
	    c = *p;
	    if (strchr(seps, c) != 0
		&& (dn_skip_blanks(p + 1, end) == end
		    || dn_rdn_starts(p + 1, end)))
		break;
	    p++;
	    if (c == '\\') {
		if ((c = dn_escape(&p, end, oneline)) < 0)
		    return (-1);
		/* A decoded control character is refused, even a tab. */
		if (DN_IS_CTRL(c))
		    return (-1);
	    } else if (DN_IS_CTRL(c) && c != '\t') {
		return (-1);
	    }
	    dn_put(sp, avp->val_off, c, &pending);
	}
    }
    avp->val_len = vstr_len(sp) - avp->val_off;
    vstr_addch(sp, 0);
    *pp = p;
    return (0);
}

/* dn_ava_cmp - canonical order */

static int dn_ava_cmp(const void *a, const void *b)
{
    const DN_AVA *x = a;
    const DN_AVA *y = b;
    int     r;

    if (x->rank != y->rank)
	return (x->rank - y->rank);
    if ((r = strcmp(x->type, y->type)) != 0)
	return (r);
    if ((r = dn_casecmp(x->val, y->val)) != 0)
	return (r);
    if ((r = strcmp(x->val, y->val)) != 0)
	return (r);
    return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* dn_parse - split a DN into sorted attributes; -1 when unparsable */

static int dn_parse(const char *in, DN_PARSE *dp)
{
    const unsigned char *p = (const unsigned char *) in;
    const unsigned char *end;
    const char *seps = ",;";
    int     oneline = 0;
    size_t  n, i, st_count = 0;
    DN_AVA *avp;

    dp->scratch = vstr_alloc(64);
    dp->avas = 0;
    dp->count = dp->cap = 0;
    if (p == 0)
	return (-1);
    end = p + strlen(in);
    p = dn_skip_blanks(p, end);
    if (p < end && *p == '/') {
	oneline = 1;
	seps = "/";
	p++;
    }
    for (;;) {
	p = dn_skip_blanks(p, end);
	if ((n = dn_type_len(p, end)) == 0)
	    return (-1);
	avp = dn_add_ava(dp, p, n);
	p = dn_skip_blanks(p + n, end);
	if (p >= end || *p != '=')
	    return (-1);
	p++;
	if (dn_value(dp, avp, &p, end, seps, oneline) < 0)
	    return (-1);
	if (p >= end)
	    break;
	p++;					/* the separator */
	if (dn_skip_blanks(p, end) == end)
	    break;				/* tolerate one trailing separator */
    }

    for (i = 0; i < dp->count; i++) {
	avp = dp->avas + i;
	avp->type = avp->canon ? avp->canon : vstr_str(dp->scratch) + avp->type_off;
	avp->val = vstr_str(dp->scratch) + avp->val_off;
	st_count += avp->rank == DN_RANK_ST;
    }
    /* Inferred: a lone L stands for ST (see DESCRIPTION). */
    if (st_count == 0)
	for (i = 0; i < dp->count; i++)
	    if (dp->avas[i].rank == DN_RANK_L) {
		dp->avas[i].rank = DN_RANK_ST;
		dp->avas[i].type = "ST";
	    }
    qsort(dp->avas, dp->count, sizeof(*dp->avas), dn_ava_cmp);
    return (0);
}

/* dn_parse_free - release parser storage */

static void dn_parse_free(DN_PARSE *dp)
{
    vstr_free(dp->scratch);
    if (dp->avas)
	myfree(dp->avas);
}

/* dn_normalise - canonical form of a DN */

int     dn_normalise(const char *in, VSTR *out)
{
    DN_PARSE dp;
    const DN_AVA *avp;
    const unsigned char *v;
    size_t  i;

    vstr_reset(out);
    if (dn_parse(in, &dp) < 0) {
	dn_parse_free(&dp);
	return (-1);
    }
    for (i = 0; i < dp.count; i++) {
	avp = dp.avas + i;
	if (i > 0)
	    vstr_addch(out, ',');
	vstr_cat(out, avp->type);
	vstr_addch(out, '=');
	for (v = (const unsigned char *) avp->val; *v; v++) {
	    if (strchr("\\,;+\"<>=", *v) != 0
		|| (*v == '#' && v == (const unsigned char *) avp->val))
		vstr_addch(out, '\\');
	    vstr_addch(out, *v);
	}
    }
    dn_parse_free(&dp);
    return (0);
}

/* dn_cn - the single CN of a DN */

int     dn_cn(const char *in, VSTR *out)
{
    DN_PARSE dp;
    const DN_AVA *found = 0;
    size_t  i;
    int     ret = 0;

    vstr_reset(out);
    if (dn_parse(in, &dp) < 0) {
	dn_parse_free(&dp);
	return (-1);
    }
    for (i = 0; i < dp.count; i++) {
	if (dp.avas[i].rank != DN_RANK_CN)
	    continue;
	if (found) {
	    ret = -1;				/* two CNs: which one? */
	    break;
	}
	found = dp.avas + i;
    }
    if (found == 0)
	ret = -1;
    if (ret == 0)
	vstr_ncat(out, found->val, found->val_len);
    dn_parse_free(&dp);
    return (ret);
}

/* dn_equal - compare two DNs after normalisation */

int     dn_equal(const char *a, const char *b)
{
    VSTR   *na = vstr_alloc(128);
    VSTR   *nb = vstr_alloc(128);
    int     ret;

    ret = dn_normalise(a, na) == 0 && dn_normalise(b, nb) == 0
	&& dn_casecmp(vstr_str(na), vstr_str(nb)) == 0;
    vstr_free(na);
    vstr_free(nb);
    return (ret);
}
