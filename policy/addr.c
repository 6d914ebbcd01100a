/*++
/* NAME
/*	addr 3
/* SUMMARY
/*	envelope address parser (RFC 5321), fail closed
/* SYNOPSIS
/*	#include "addr.h"
/*
/*	ADDR_STATUS addr_parse(input, len, ap)
/*	const char *input;
/*	size_t	len;
/*	ADDR	*ap;
/*
/*	ADDR_STATUS addr_domain_check(domain, len)
/*	const char *domain;
/*	size_t	len;
/*
/*	const char *addr_status_name(status)
/*	ADDR_STATUS status;
/*
/*	const char *addr_status_text_fr(status)
/*	ADDR_STATUS status;
/*
/*	const char *addr_status_text_en(status)
/*	ADDR_STATUS status;
/* DESCRIPTION
/*	addr_parse() parses one envelope address as an MTA hands it to a
/*	milter in argv[0] of the envfrom or envrcpt callback: "<local@domain>",
/*	with or without the angle brackets, with surrounding blanks (space,
/*	tab) tolerated. The input is "len" bytes and need not be
/*	NUL-terminated; an embedded NUL is an error, not an end.
/*
/*	"<>" is the null sender: ADDR_OK with ap->null_sender set and empty
/*	local and domain parts. The caller decides where a null sender is
/*	acceptable (MAIL FROM only).
/*
/*	The local part is a dot-atom or a quoted-string (RFC 5321 4.1.2);
/*	it is stored as written, quotes and case kept, and ap->quoted says
/*	which form it had. A quoted-string may hold "@", blanks, "%", "!"
/*	and quoted pairs such as \\". Callers that do not want to rely on
/*	the MTA's handling of quoted local parts (Postfix's
/*	resolve_dequoted_address) can refuse ap->quoted addresses.
/*	The domain is stored lower-cased.
/*
/*	The parser fails closed: everything that two programs could read
/*	differently is refused with a distinct status rather than guessed:
/*	source routes, "%" and "!" in an unquoted local part, several "@"
/*	outside quotes, empty parts, leading, trailing or doubled dots,
/*	control characters or NUL anywhere, any 8-bit byte (SMTPUTF8 is not
/*	supported: internationalised domains must be written as A-labels),
/*	address literals, blanks inside the brackets, label or length
/*	limits exceeded, and a domain whose last label is all digits (a
/*	dotted quad without brackets). Nothing is ever truncated.
/*
/*	When several problems are present the status is the first found
/*	in this order: empty input; a control or 8-bit byte anywhere;
/*	brackets; source route; a malformed quoted-string (or "" as local
/*	part); "%" or "!" in an unquoted local part; no "@"; several "@";
/*	empty domain; other local part syntax, then its length; the domain
/*	(literal, trailing dot, labels, last label all digits, then its
/*	length); finally the whole path length (its brackets counted even
/*	when the MTA omitted them).
/*
/*	A successful parse classifies each byte once (one table lookup),
/*	allocates nothing and is reentrant; only a failed parse scans the
/*	input a second time, to rank a control or 8-bit byte first.
/*
/*	addr_domain_check() applies the domain rules of addr_parse() to a
/*	bare domain name (no "@"); it is what the trust-space loader uses,
/*	so that a listed domain is exactly one that addr_parse() can
/*	produce (case aside).
/*
/*	addr_status_name() returns a stable short name for logs and audit
/*	records ("source_route", "routing", ...). addr_status_text_fr()
/*	and addr_status_text_en() return a short explanation (French in
/*	US-ASCII) meant for the {detail} of a reply text.
/* DIAGNOSTICS
/*	addr_parse() returns ADDR_OK or the ADDR_ERR_* status of the first
/*	problem found; on error ap holds empty parts. Unknown status values
/*	give the name "unknown".
/*--*/

#include <string.h>

#include "addr.h"

#define ADDR_IS_BLANK(c)	((c) == ' ' || (c) == '\t')

 /*
  * Byte classes, one table lookup per byte (the parser runs for every
  * recipient of every message). Bits: 1 control or DEL, 2 8-bit, 4 RFC
  * 5322 atext, 8 ASCII letter or digit, 16 digit, 32 upper-case letter,
  * 64 routing character ("%", "!"), 128 letter, digit or hyphen (LDH).
  */
#define ADDR_C_CTL	1
#define ADDR_C_8BIT	2
#define ADDR_C_ATEXT	4
#define ADDR_C_LETDIG	8
#define ADDR_C_DIGIT	16
#define ADDR_C_UPPER	32
#define ADDR_C_ROUTE	64
#define ADDR_C_LDH	128

static const unsigned char addr_class[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x00 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x10 */
    0, 68, 0, 4, 4, 68, 4, 4, 0, 0, 4, 4, 0, 132, 0, 4,	/*  !"#$%&'()*+,-./ */
    156, 156, 156, 156, 156, 156, 156, 156,	/* 0-7 */
    156, 156, 0, 0, 0, 4, 0, 4,		/* 89:;<=>? */
    0, 172, 172, 172, 172, 172, 172, 172,	/* @A-G */
    172, 172, 172, 172, 172, 172, 172, 172,	/* H-O */
    172, 172, 172, 172, 172, 172, 172, 172,	/* P-W */
    172, 172, 172, 0, 0, 0, 4, 4,		/* XYZ[\]^_ */
    4, 140, 140, 140, 140, 140, 140, 140,	/* `a-g */
    140, 140, 140, 140, 140, 140, 140, 140,	/* h-o */
    140, 140, 140, 140, 140, 140, 140, 140,	/* p-w */
    140, 140, 140, 4, 4, 4, 4, 1,		/* xyz{|}~ DEL */
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,	/* 0x80 */
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,	/* 0xf0 */
};

#define ADDR_CLASS(c, bits)	(addr_class[(unsigned char) (c)] & (bits))

/* addr_scan_bytes - refuse control characters and 8-bit bytes */

static ADDR_STATUS addr_scan_bytes(const unsigned char *s, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++)
	if (ADDR_CLASS(s[i], ADDR_C_CTL | ADDR_C_8BIT))
	    return (ADDR_CLASS(s[i], ADDR_C_CTL) ?
		    ADDR_ERR_CONTROL_CHAR : ADDR_ERR_NON_ASCII);
    return (ADDR_OK);
}

/* addr_check_labels - domain rules; control and 8-bit bytes fail too */

static ADDR_STATUS addr_check_labels(const unsigned char *d, size_t n)
{
    const unsigned char *p = d;
    const unsigned char *end = d + n;
    const unsigned char *label;
    int     cls, digits;

    if (n == 0)
	return (ADDR_ERR_EMPTY_DOMAIN);
    if (d[0] == '[')
	return (ADDR_ERR_ADDRESS_LITERAL);
    if (d[n - 1] == '.')
	return (ADDR_ERR_TRAILING_DOT);

    for (;;) {
	/* One label: letters, digits, hyphens. */
	for (label = p, digits = ADDR_C_DIGIT; p < end
	     && ((cls = addr_class[*p]) & ADDR_C_LDH); p++)
	    digits &= cls;
	if (p < end && *p != '.') {
	    if (*p == '<' || *p == '>')
		return (ADDR_ERR_BRACKETS);
	    if (*p == '[' || *p == ']')
		return (ADDR_ERR_ADDRESS_LITERAL);
	    return (ADDR_ERR_BAD_DOMAIN);
	}
	if (p == label)
	    return (ADDR_ERR_BAD_DOMAIN);	/* empty label */
	if (p - label > ADDR_LABEL_MAX)
	    return (ADDR_ERR_LABEL_TOO_LONG);
	if (label[0] == '-' || p[-1] == '-')
	    return (ADDR_ERR_BAD_DOMAIN);
	if (p == end)
	    break;
	p++;					/* the dot */
    }

    /*
     * A last label made of digits only is never a top-level domain: it is
     * an IPv4 address written without brackets, which some software would
     * connect to directly. Refuse it like an address literal.
     */
    if (digits)
	return (ADDR_ERR_BAD_DOMAIN);
    if (n > ADDR_DOMAIN_MAX)
	return (ADDR_ERR_DOMAIN_TOO_LONG);
    return (ADDR_OK);
}

/* addr_domain_check - validate a bare domain name */

ADDR_STATUS addr_domain_check(const char *domain, size_t len)
{
    const unsigned char *d = (const unsigned char *) domain;
    ADDR_STATUS status;

    if (d == 0 || len == 0)
	return (ADDR_ERR_EMPTY_DOMAIN);
    if ((status = addr_scan_bytes(d, len)) != ADDR_OK)
	return (status);
    return (addr_check_labels(d, len));
}

/* addr_quoted_local - the extent of a quoted-string local part */

static ADDR_STATUS addr_quoted_local(const unsigned char *s, size_t n,
				             size_t *local_len)
{
    size_t  i;

    /* Quoted-string: qtextSMTP or quoted-pairSMTP (RFC 5321 4.1.2). */
    for (i = 1; /* void */ ; i++) {
	if (i >= n || ADDR_CLASS(s[i], ADDR_C_CTL | ADDR_C_8BIT))
	    return (ADDR_ERR_BAD_QUOTE);
	if (s[i] == '\\') {
	    if (++i >= n || ADDR_CLASS(s[i], ADDR_C_CTL | ADDR_C_8BIT))
		return (ADDR_ERR_BAD_QUOTE);
	} else if (s[i] == '"') {
	    break;
	}
    }
    *local_len = i + 1;
    if (*local_len == n)
	return (ADDR_ERR_NO_AT);
    if (s[*local_len] != '@')
	return (ADDR_ERR_BAD_QUOTE);
    if (*local_len == 2)
	return (ADDR_ERR_EMPTY_LOCAL);		/* "" is legal but means nothing */
    return (ADDR_OK);
}

/* addr_dot_atom_local - scan an unquoted local part; *later: its syntax */

static ADDR_STATUS addr_dot_atom_local(const unsigned char *s, size_t local_len,
				               ADDR_STATUS *later)
{
    size_t  i;
    int     routing = 0, cls;

    /*
     * Dot-atom, in one pass. The "percent hack" and UUCP bang paths route
     * mail through the domain to a destination that the trust check never
     * sees: they are reported before anything but brackets; other
     * local-part errors wait their turn (*later).
     */
    *later = ADDR_OK;
    for (i = 0; i < local_len; i++) {
	cls = addr_class[s[i]];
	if (cls & ADDR_C_ATEXT) {
	    routing |= cls & ADDR_C_ROUTE;
	} else if (s[i] == '.') {
	    if ((i == 0 || i + 1 == local_len || s[i + 1] == '.') && !*later)
		*later = ADDR_ERR_BAD_LOCAL;
	} else if (s[i] == '<' || s[i] == '>') {
	    return (ADDR_ERR_BRACKETS);
	} else if (!*later) {
	    *later = (s[i] == '"' || s[i] == '\\') ?
		ADDR_ERR_BAD_QUOTE : ADDR_ERR_BAD_LOCAL;
	}
    }
    if (routing)
	return (ADDR_ERR_ROUTING);
    return (ADDR_OK);
}

/* addr_parse_path - the parser proper, on trimmed input */

static ADDR_STATUS addr_parse_path(const unsigned char *s, size_t n, ADDR *ap)
{
    const unsigned char *at;
    const unsigned char *dom;
    size_t  local_len, dom_len, i;
    ADDR_STATUS status, local_err = ADDR_OK;

    /* Angle brackets: both or none. */
    if (s[0] == '<') {
	if (n < 2 || s[n - 1] != '>')
	    return (ADDR_ERR_BRACKETS);
	s++;
	n -= 2;
	if (n == 0) {
	    ap->null_sender = 1;
	    return (ADDR_OK);
	}
	if (ADDR_IS_BLANK(s[0]) || ADDR_IS_BLANK(s[n - 1]))
	    return (ADDR_ERR_SYNTAX);
    } else if (s[n - 1] == '>') {
	return (ADDR_ERR_BRACKETS);
    }

    /*
     * A source route (RFC 5321 4.1.2 obsolete "A-d-l:") starts with "@".
     * Servers must ignore it, relays may not: refuse it.
     */
    if (s[0] == '@') {
	if (memchr(s, ':', n) != 0 || memchr(s, ',', n) != 0)
	    return (ADDR_ERR_SOURCE_ROUTE);
	return (ADDR_ERR_EMPTY_LOCAL);
    }

    if (s[0] == '"') {
	if ((status = addr_quoted_local(s, n, &local_len)) != ADDR_OK)
	    return (status);
	at = s + local_len;
	ap->quoted = 1;
    } else {
	at = memchr(s, '@', n);
	local_len = at ? (size_t) (at - s) : n;
	if ((status = addr_dot_atom_local(s, local_len, &local_err)) != ADDR_OK)
	    return (status);
	if (at == 0)
	    return (ADDR_ERR_NO_AT);
    }

    dom = at + 1;
    dom_len = n - (size_t) (dom - s);
    if (memchr(dom, '@', dom_len) != 0)
	return (ADDR_ERR_MULTIPLE_AT);
    if (dom_len == 0)
	return (ADDR_ERR_EMPTY_DOMAIN);
    if (local_err != ADDR_OK)
	return (local_err);
    if (local_len > ADDR_LOCAL_MAX)
	return (ADDR_ERR_LOCAL_TOO_LONG);
    if ((status = addr_check_labels(dom, dom_len)) != ADDR_OK)
	return (status);
    /* RFC 5321 4.5.3.1.3: the path counts its brackets. */
    if (n + 2 > ADDR_PATH_MAX)
	return (ADDR_ERR_PATH_TOO_LONG);

    /* Only letters, digits, "-" and "." remain: "| 0x20" lower-cases. */
    for (i = 0; i < dom_len; i++)
	ap->domain[i] = dom[i] | 0x20;
    ap->domain[dom_len] = 0;
    ap->domain_len = dom_len;
    memcpy(ap->local, s, local_len);
    ap->local[local_len] = 0;
    ap->local_len = local_len;
    return (ADDR_OK);
}

/* addr_parse - parse one envelope address */

ADDR_STATUS addr_parse(const char *input, size_t len, ADDR *ap)
{
    const unsigned char *s = (const unsigned char *) input;
    size_t  n = len;
    ADDR_STATUS status, byte_status;

    ap->null_sender = 0;
    ap->quoted = 0;
    ap->local_len = ap->domain_len = 0;
    ap->local[0] = ap->domain[0] = 0;

    if (s == 0)
	return (ADDR_ERR_EMPTY);

    /* Surrounding blanks are tolerated; nothing else is trimmed. */
    while (n > 0 && ADDR_IS_BLANK(s[0]))
	s++, n--;
    while (n > 0 && ADDR_IS_BLANK(s[n - 1]))
	n--;
    if (n == 0)
	return (ADDR_ERR_EMPTY);

    /*
     * A control or 8-bit byte anywhere is reported in preference to any
     * other problem, so that logs name the most suspicious one. A valid
     * address cannot contain one (every byte of it was classified on the
     * way), so the extra scan is made only on the error path.
     */
    if ((status = addr_parse_path(s, n, ap)) != ADDR_OK) {
	if ((byte_status = addr_scan_bytes(s, n)) != ADDR_OK)
	    status = byte_status;
	ap->quoted = ap->null_sender = 0;
    }
    return (status);
}

 /*
  * Names and texts, indexed by status. Names are part of the log and audit
  * format: never rename one.
  */
typedef struct ADDR_STATUS_INFO {
    const char *name;
    const char *text_fr;
    const char *text_en;
} ADDR_STATUS_INFO;

static const ADDR_STATUS_INFO addr_status_info[ADDR_STATUS_COUNT] = {
    [ADDR_OK] = {"ok",
	"adresse valide",
    "valid address"},
    [ADDR_ERR_EMPTY] = {"empty",
	"adresse vide",
    "empty address"},
    [ADDR_ERR_SYNTAX] = {"syntax",
	"syntaxe d'adresse invalide (espaces dans les chevrons?)",
    "invalid address syntax (blanks inside the angle brackets?)"},
    [ADDR_ERR_BRACKETS] = {"brackets",
	"chevrons < > mal places ou non apparies",
    "misplaced or unbalanced angle brackets"},
    [ADDR_ERR_SOURCE_ROUTE] = {"source_route",
	"routage par la source (@relais:) interdit",
    "source route (@relay:) not allowed"},
    [ADDR_ERR_ROUTING] = {"routing",
	"caractere de routage % ou ! interdit dans la partie locale",
    "routing character % or ! not allowed in the local part"},
    [ADDR_ERR_MULTIPLE_AT] = {"multiple_at",
	"plusieurs @ hors guillemets",
    "more than one @ outside quotes"},
    [ADDR_ERR_NO_AT] = {"no_at",
	"pas de @ ni de domaine",
    "no @ and no domain"},
    [ADDR_ERR_EMPTY_LOCAL] = {"empty_local",
	"partie locale (avant @) vide",
    "empty local part (before @)"},
    [ADDR_ERR_EMPTY_DOMAIN] = {"empty_domain",
	"domaine (apres @) vide",
    "empty domain (after @)"},
    [ADDR_ERR_BAD_LOCAL] = {"bad_local",
	"partie locale invalide (point en tete, en fin ou double, caractere interdit)",
    "invalid local part (leading, trailing or double dot, forbidden character)"},
    [ADDR_ERR_BAD_QUOTE] = {"bad_quote",
	"guillemets mal formes dans la partie locale",
    "malformed quotes in the local part"},
    [ADDR_ERR_BAD_DOMAIN] = {"bad_domain",
	"nom de domaine invalide (caractere interdit, label vide, tiret en tete ou en fin)",
    "invalid domain name (forbidden character, empty label, leading or trailing hyphen)"},
    [ADDR_ERR_TRAILING_DOT] = {"trailing_dot",
	"point final apres le domaine",
    "trailing dot after the domain"},
    [ADDR_ERR_ADDRESS_LITERAL] = {"address_literal",
	"adresse IP a la place du domaine",
    "IP address literal instead of a domain"},
    [ADDR_ERR_CONTROL_CHAR] = {"control_char",
	"caractere de controle ou NUL dans l'adresse",
    "control character or NUL in the address"},
    [ADDR_ERR_NON_ASCII] = {"non_ascii",
	"caractere non ASCII (accent?): seules les adresses ASCII sont acceptees",
    "non-ASCII character (accent?): only ASCII addresses are accepted"},
    [ADDR_ERR_LOCAL_TOO_LONG] = {"local_too_long",
	"partie locale de plus de 64 caracteres",
    "local part longer than 64 characters"},
    [ADDR_ERR_DOMAIN_TOO_LONG] = {"domain_too_long",
	"domaine de plus de 255 caracteres",
    "domain longer than 255 characters"},
    [ADDR_ERR_LABEL_TOO_LONG] = {"label_too_long",
	"element de domaine de plus de 63 caracteres",
    "domain label longer than 63 characters"},
    [ADDR_ERR_PATH_TOO_LONG] = {"path_too_long",
	"adresse de plus de 256 caracteres",
    "address longer than 256 characters"},
};

/* addr_status_lookup - bounds-checked table access */

static const ADDR_STATUS_INFO *addr_status_lookup(ADDR_STATUS status)
{
    if ((unsigned) status >= ADDR_STATUS_COUNT)
	return (0);
    return (addr_status_info + status);
}

/* addr_status_name - stable short name */

const char *addr_status_name(ADDR_STATUS status)
{
    const ADDR_STATUS_INFO *ip = addr_status_lookup(status);

    return (ip ? ip->name : "unknown");
}

/* addr_status_text_fr - French explanation, US-ASCII */

const char *addr_status_text_fr(ADDR_STATUS status)
{
    const ADDR_STATUS_INFO *ip = addr_status_lookup(status);

    return (ip ? ip->text_fr : "erreur d'adresse inconnue");
}

/* addr_status_text_en - English explanation */

const char *addr_status_text_en(ADDR_STATUS status)
{
    const ADDR_STATUS_INFO *ip = addr_status_lookup(status);

    return (ip ? ip->text_en : "unknown address error");
}
