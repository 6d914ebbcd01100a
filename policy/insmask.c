/*++
/* NAME
/*	insmask 3
/* SUMMARY
/*	find and mask patient INS in addresses and free text
/* SYNOPSIS
/*	#include "insmask.h"
/*
/*	typedef void (*INSMASK_FN)(void *ctx, const char *ins, size_t len,
/*				VSTR *out);
/*
/*	size_t	insmask_match(const char *s, size_t avail)
/*
/*	int	insmask_patient(const char *domain, const char *addr,
/*				size_t len, VSTR *local)
/*
/*	int	insmask_addr(const char *domain, const char *addr, size_t len,
/*				INSMASK_FN fn, void *ctx, VSTR *out)
/*
/*	size_t	insmask_scrub(const char *domain, const char *text,
/*				size_t len, INSMASK_FN fn, void *ctx,
/*				VSTR *out)
/*
/*	size_t	insmask_scrub_dn(const char *domain, const char *text,
/*				size_t len, INSMASK_FN fn, void *ctx,
/*				VSTR *out)
/*
/*	size_t	insmask_inplace(char *text, size_t len)
/*
/*	void	insmask_cut(void *ctx, const char *ins, size_t len, VSTR *out)
/* DESCRIPTION
/*	A patient's address is <INS>@PatientDomain, and the INS is health
/*	data: it must reach neither the audit trail, nor the log, nor a
/*	header the milter adds, in clear. The audit trail replaces it by
/*	a keyed pseudonym, the log and headers by a cut form; this module
/*	finds what to replace, whatever the spelling, and leaves the
/*	replacement to the caller's INSMASK_FN. It does no I/O and keeps
/*	no state.
/*
/*	Two nets catch an INS. The first reads addresses: an address
/*	whose domain is the patients' domain has its whole local part
/*	replaced, whatever the local part holds (a mistyped INS is
/*	health data too), and whatever the spelling: with or without
/*	angle brackets, blanks inside them, a quoted local part
/*	("253072A07300443"@...), a source route (@a,@b:...), the domain
/*	in any case, with trailing dots. The address is read with
/*	addr_parse(3) when it is valid, else by a tolerant reading that
/*	strips what addr_parse() refuses. The replacement is given the
/*	local part without its quotes (quoted pairs resolved), so that
/*	one mailbox gets one pseudonym however it was written.
/*
/*	The second net, a last line of defence, replaces every INS-shaped
/*	token, anywhere: 13 characters (NIR or NIA without its key) or
/*	15 (with the key), all digits except positions 6-7 which may be
/*	2A or 2B (either case), with no digit right before or right after
/*	it (a longer number is not an INS), whatever else is around it:
/*	blanks, punctuation, letters ("INS=...", "x285...",
/*	"dossier-f288..."). Two exceptions, each kept to what it is for.
/*	A token inside a run of at least INSMASK_HEX_RUN (32) hexadecimal
/*	digits is part of a hash or of a pseudonym (MD5 and longer), which
/*	stays whole; a shorter run is no hash and is cut. A token right
/*	after "OU=" (any case) of a certificate DN is left alone: there
/*	the OU is a structure identifier, 3 + SIRET or 1 + FINESS
/*	(doc/rules.md), 15 digits like an INS, and never an INS; the
/*	operator certificate a sendmail MTA gives whole must stay
/*	readable for an auditor. insmask_scrub_dn() is told that its
/*	value is a DN: an OU attribute starts the value or follows "/",
/*	"+" or ", ". In free text (insmask_scrub(), insmask_inplace():
/*	replies, header values, log lines), the OU must moreover follow
/*	another attribute of the same DN ("O=X/OU=", "CN=x,OU="): a
/*	lone "OU=" ("Subject: OU=2880...") is no DN, and its token is
/*	cut.
/*
/*	insmask_match() returns the length (15 or 13, the longer first)
/*	of the INS-shaped token at the start of the avail bytes at s, or
/*	0. It checks the boundary after the token, not the one before
/*	(the caller knows the previous byte): no digit follows it.
/*
/*	insmask_patient() tells whether the len bytes at addr are an
/*	address in domain (compared without regard to case or trailing
/*	dots); when it is and local is not null, local receives the
/*	local part, unquoted. An empty local part or a null or empty
/*	domain never match.
/*
/*	insmask_addr() writes to out a copy of an envelope address safe
/*	to record: for a patient address, fn's replacement of the local
/*	part, "@", and domain (lower case, without trailing dots);
/*	otherwise the address without one enclosing pair of angle
/*	brackets, with every INS-shaped token replaced by fn. It returns
/*	1 for a patient address, else 0.
/*
/*	insmask_scrub() writes to out a copy of free text (a reply, an
/*	event detail, a header value) in which every patient address's
/*	local part found in it (an "@domain" not followed by more of a
/*	domain name, the local part before it quoted or a dot-atom) and
/*	every other INS-shaped token is replaced by fn. Text is scanned
/*	once: a replacement is never scanned again. It returns the
/*	number of replacements.
/*	insmask_scrub_dn() does the same for a certificate DN (a TLS
/*	subject or issuer), where every OU attribute is exempt.
/*
/*	insmask_inplace() replaces every INS-shaped token of the len
/*	bytes at text by its insmask_cut() form, in place (the cut form
/*	is shorter), without allocating: the logger uses it on every
/*	line, including the out-of-memory report. It returns the new
/*	length.
/*
/*	insmask_cut() is the replacement of the log and of headers: the
/*	first INSMASK_CUT_KEEP characters and "..." ("253..."), a
/*	character other than a letter or a digit shown as "?". It
/*	ignores ctx.
/* SEE ALSO
/*	addr(3), ins(3), audit_ins(3), summary(3)
/*--*/

#include <string.h>
#include <strings.h>

#include "vstr.h"
#include "addr.h"
#include "insmask.h"

#define INSMASK_SHORT	13		/* NIR/NIA without its key */
#define INSMASK_LONG	15		/* with its 2-digit key */

#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define IS_ALPHA(c)	(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define IS_HEX(c)	(IS_DIGIT(c) || ((c) >= 'a' && (c) <= 'f') \
			 || ((c) >= 'A' && (c) <= 'F'))
#define IS_BLANK(c)	((unsigned char) (c) <= ' ')

#define INSMASK_HEX_RUN	32		/* hex digits of the shortest hash kept */

 /*
  * What the scanner remembers of the input bytes before the current one
  * (in place, the output overwrites them).
  */
typedef struct INSMASK_STATE {
    size_t  hexrun;			/* hex digits right before */
    int     digit;			/* the byte right before is a digit */
} INSMASK_STATE;

/* insmask_shape - are the n bytes at s an INS-shaped token? */

static int insmask_shape(const char *s, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
	if (i == 5 && s[5] == '2' && s[6] != 0 && strchr("AaBb", s[6]) != 0) {
	    i++;				/* Corsica: 2A, 2B */
	    continue;
	}
	if (!IS_DIGIT(s[i]))
	    return (0);
    }
    return (1);
}

/* insmask_dn_ou - does the output end with "OU=" of a certificate DN? */

static int insmask_dn_ou(const char *o, size_t m, int dn)
{
    size_t  p, q, name;

    if (m < 3 || (o[m - 3] != 'O' && o[m - 3] != 'o')
	|| (o[m - 2] != 'U' && o[m - 2] != 'u') || o[m - 1] != '=')
	return (0);
    /* An attribute starts there: at the start, after "/", "+" or ", ". */
    for (p = q = m - 3; q > 0 && o[q - 1] == ' '; q--)
	 /* void */ ;
    if (q == 0)
	return (dn);
    if (!(o[q - 1] == ',' || (q == p && (o[q - 1] == '/' || o[q - 1] == '+'))))
	return (0);
    if (dn)
	return (1);

    /*
     * In free text (a log line, a reply), only inside a DN: an attribute
     * "NAME=value" right before the separator, NAME a whole word.
     */
    for (q--; q > 0 && strchr("/,+=\"\n", o[q - 1]) == 0; q--)
	 /* void */ ;
    if (q == 0 || o[q - 1] != '=')
	return (0);
    for (q--, name = 0; q > 0 && IS_ALPHA(o[q - 1]); q--)
	name++;
    return (name > 0 && (q == 0 || !(IS_DIGIT(o[q - 1]) || IS_ALPHA(o[q - 1])
				     || o[q - 1] == '-' || o[q - 1] == '_')));
}

/* insmask_match - length of the INS-shaped token at s, or 0 */

size_t  insmask_match(const char *s, size_t avail)
{
    static const size_t lens[] = {INSMASK_LONG, INSMASK_SHORT};
    size_t  i, n;

    if (avail < INSMASK_SHORT || !IS_DIGIT(s[0]))
	return (0);
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
	n = lens[i];
	if (n <= avail && insmask_shape(s, n)
	    && (n == avail || !IS_DIGIT(s[n])))
	    return (n);
    }
    return (0);
}

/* insmask_next - at s: a token to replace (*replace), or bytes to keep */

static size_t insmask_next(const char *s, size_t avail, const char *done,
			           size_t ndone, int dn, INSMASK_STATE *st,
			           int *replace)
{
    size_t  n = 1, i, run;

    *replace = 0;
    if (!st->digit && IS_DIGIT(s[0])) {
	for (run = 0; run < avail && IS_HEX((unsigned char) s[run]); run++)
	     /* void */ ;
	/* A hash or a pseudonym, kept whole: a long run of hex digits. */
	if (st->hexrun + run >= INSMASK_HEX_RUN)
	    n = run;
	else if ((i = insmask_match(s, avail)) != 0
		 && !insmask_dn_ou(done, ndone, dn)) {
	    n = i;
	    *replace = 1;
	}
    }
    for (i = 0; i < n; i++) {
	st->hexrun = IS_HEX((unsigned char) s[i]) ? st->hexrun + 1 : 0;
	st->digit = IS_DIGIT(s[i]);
    }
    return (n);
}

/* insmask_cut - "253...": the replacement of the log and headers */

void    insmask_cut(void *ctx, const char *ins, size_t len, VSTR *out)
{
    size_t  i;

    (void) ctx;
    for (i = 0; i < len && i < INSMASK_CUT_KEEP; i++)
	vstr_addch(out, IS_DIGIT(ins[i]) || IS_ALPHA(ins[i]) ? ins[i] : '?');
    vstr_cat(out, "...");
}

/* insmask_inplace - INS-shaped tokens cut in place, no allocation */

size_t  insmask_inplace(char *text, size_t len)
{
    INSMASK_STATE st = {0, 0};
    size_t  r = 0, w = 0, n;
    int     replace;

    /*
     * The cut form (6 bytes) is shorter than a token (13 or 15): the
     * writer never overtakes the reader. What was written before w is
     * the output, which the DN test reads; st keeps the input's bytes.
     */
    while (r < len) {
	n = insmask_next(text + r, len - r, text, w, 0, &st, &replace);
	if (replace) {
	    memmove(text + w, text + r, INSMASK_CUT_KEEP);
	    memcpy(text + w + INSMASK_CUT_KEEP, "...", 3);
	    w += INSMASK_CUT_KEEP + 3;
	} else {
	    memmove(text + w, text + r, n);
	    w += n;
	}
	r += n;
    }
    return (w);
}

/* insmask_runs - copy text, INS-shaped tokens replaced by fn */

static size_t insmask_runs(const char *text, size_t len, int dn,
			           INSMASK_FN fn, void *ctx, VSTR *out)
{
    INSMASK_STATE st = {0, 0};
    size_t  i = 0, n, count = 0;
    int     replace;

    while (i < len) {
	n = insmask_next(text + i, len - i, vstr_str(out), vstr_len(out),
			 dn, &st, &replace);
	if (replace) {
	    fn(ctx, text + i, n, out);
	    count++;
	} else {
	    vstr_ncat(out, text + i, n);
	}
	i += n;
    }
    return (count);
}

/* insmask_trim - drop blanks (and control bytes) at both ends */

static void insmask_trim(const char **s, size_t *n)
{
    while (*n > 0 && IS_BLANK((*s)[0])) {
	(*s)++;
	(*n)--;
    }
    while (*n > 0 && IS_BLANK((*s)[*n - 1]))
	(*n)--;
}

/* insmask_domain_len - length of a domain without its trailing dots */

static size_t insmask_domain_len(const char *d, size_t n)
{
    while (n > 0 && d[n - 1] == '.')
	n--;
    return (n);
}

/* insmask_same_domain - domain d equal to the patients' domain? */

static int insmask_same_domain(const char *domain, const char *d, size_t n)
{
    size_t  dl = insmask_domain_len(domain, strlen(domain));

    n = insmask_domain_len(d, n);
    return (dl > 0 && n == dl && strncasecmp(d, domain, dl) == 0);
}

/* insmask_unquote - a local part without its quotes */

static void insmask_unquote(const char *s, size_t n, VSTR *out)
{
    size_t  i;

    vstr_reset(out);
    if (n < 2 || s[0] != '"' || s[n - 1] != '"') {
	vstr_ncat(out, s, n);
	return;
    }
    for (i = 1; i < n - 1; i++) {
	if (s[i] == '\\' && i + 1 < n - 1)
	    i++;
	vstr_addch(out, s[i]);
    }
}

/* insmask_unquoted_at - offset of the last "@" outside quotes, or -1 */

static long insmask_unquoted_at(const char *s, size_t n, int stop_at_colon)
{
    long    at = -1;
    int     quoted = 0;
    size_t  i;

    for (i = 0; i < n; i++) {
	if (quoted && s[i] == '\\')
	    i++;
	else if (s[i] == '"')
	    quoted = !quoted;
	else if (!quoted && s[i] == '@')
	    at = (long) i;
	else if (!quoted && stop_at_colon && s[i] == ':')
	    return ((long) i);
    }
    return (at);
}

/* insmask_tolerant - read what addr_parse() refuses; 1: patient */

static int insmask_tolerant(const char *domain, const char *a, size_t n,
			            VSTR *local)
{
    long    at;

    insmask_trim(&a, &n);
    if (n > 0 && a[0] == '<') {
	a++;
	n--;
    }
    if (n > 0 && a[n - 1] == '>')
	n--;
    insmask_trim(&a, &n);
    /* A source route "@a,@b:" ends at the first colon outside quotes. */
    if (n > 0 && a[0] == '@') {
	if ((at = insmask_unquoted_at(a, n, 1)) < 0 || a[at] != ':')
	    return (0);
	a += at + 1;
	n -= (size_t) at + 1;
	insmask_trim(&a, &n);
    }
    if ((at = insmask_unquoted_at(a, n, 0)) <= 0)
	return (0);
    {
	const char *d = a + at + 1;
	size_t  dn = n - (size_t) at - 1;
	size_t  ln = (size_t) at;

	insmask_trim(&d, &dn);
	if (!insmask_same_domain(domain, d, dn))
	    return (0);
	insmask_trim(&a, &ln);
	if (ln == 0 || (ln == 2 && a[0] == '"' && a[1] == '"'))
	    return (0);
	if (local)
	    insmask_unquote(a, ln, local);
    }
    return (1);
}

/* insmask_patient - is this an address in the patients' domain? */

int     insmask_patient(const char *domain, const char *addr, size_t len,
			        VSTR *local)
{
    ADDR    ap;

    if (domain == 0 || *domain == 0 || addr == 0)
	return (0);
    if (addr_parse(addr, len, &ap) == ADDR_OK) {
	if (ap.null_sender || ap.local_len == 0
	    || !insmask_same_domain(domain, ap.domain, ap.domain_len))
	    return (0);
	if (local)
	    insmask_unquote(ap.local, ap.local_len, local);
	return (1);
    }
    return (insmask_tolerant(domain, addr, len, local));
}

/* insmask_put_domain - "@" and the patients' domain, canonical */

static void insmask_put_domain(const char *domain, VSTR *out)
{
    size_t  i, n = insmask_domain_len(domain, strlen(domain));

    vstr_addch(out, '@');
    for (i = 0; i < n; i++)
	vstr_addch(out, domain[i] >= 'A' && domain[i] <= 'Z' ?
		   domain[i] - 'A' + 'a' : domain[i]);
}

/* insmask_addr - an envelope address safe to record */

int     insmask_addr(const char *domain, const char *addr, size_t len,
		             INSMASK_FN fn, void *ctx, VSTR *out)
{
    VSTR   *local = vstr_alloc(ADDR_LOCAL_MAX);
    int     patient;

    vstr_reset(out);
    if ((patient = insmask_patient(domain, addr, len, local)) != 0) {
	fn(ctx, vstr_str(local), vstr_len(local), out);
	insmask_put_domain(domain, out);
    } else {
	if (len >= 2 && addr[0] == '<' && addr[len - 1] == '>') {
	    addr++;
	    len -= 2;
	}
	(void) insmask_runs(addr, len, 0, fn, ctx, out);
    }
    vstr_free(local);
    return (patient);
}

/* insmask_is_atext - a byte of an unquoted local part (dots included) */

static int insmask_is_atext(int c)
{
    return (IS_DIGIT(c) || IS_ALPHA(c) || (c != 0 && strchr("!#$%&'*+-/=?^_`{|}~.", c)));
}

/* insmask_find_at - next "@domain" at or after pos, or len */

static size_t insmask_find_at(const char *text, size_t len, size_t pos,
			              const char *domain, size_t dl,
			              size_t *end)
{
    const char *p;
    size_t  at, k;

    while (pos < len && (p = memchr(text + pos, '@', len - pos)) != 0) {
	at = (size_t) (p - text);
	pos = at + 1;
	if (len - pos < dl || strncasecmp(text + pos, domain, dl) != 0)
	    continue;
	/* Not "@patient.mssante.fr.evil" nor "@patient.mssante.fr-x". */
	for (k = pos + dl; k < len && text[k] == '.'; k++)
	     /* void */ ;
	if (k < len && (IS_DIGIT(text[k]) || IS_ALPHA(text[k]) || text[k] == '-'))
	    continue;
	*end = pos + dl;
	return (at);
    }
    return (len);
}

/* insmask_local_start - where the local part before "@" begins */

static size_t insmask_local_start(const char *text, size_t lo, size_t at)
{
    size_t  q;

    if (at > lo && text[at - 1] == '"') {
	for (q = at - 1; q > lo; q--)
	    if (text[q - 1] == '"' && (q - 1 == lo || text[q - 2] != '\\'))
		return (q - 1);
	return (at);				/* no opening quote */
    }
    for (q = at; q > lo && insmask_is_atext((unsigned char) text[q - 1]); q--)
	 /* void */ ;
    return (q);
}

/* insmask_scrub_mode - free text or a DN without any INS in clear */

static size_t insmask_scrub_mode(const char *domain, const char *text,
				         size_t len, int dn, INSMASK_FN fn,
				         void *ctx, VSTR *out)
{
    size_t  i = 0, at, end = 0, start, count = 0;
    size_t  dl = domain ? insmask_domain_len(domain, strlen(domain)) : 0;
    VSTR   *local;

    vstr_reset(out);
    if (dl == 0)
	return (insmask_runs(text, len, dn, fn, ctx, out));
    local = vstr_alloc(ADDR_LOCAL_MAX);
    while ((at = insmask_find_at(text, len, i, domain, dl, &end)) < len) {
	start = insmask_local_start(text, i, at);
	if (start == at) {
	    count += insmask_runs(text + i, end - i, dn, fn, ctx, out);
	} else {
	    count += insmask_runs(text + i, start - i, dn, fn, ctx, out);
	    insmask_unquote(text + start, at - start, local);
	    fn(ctx, vstr_str(local), vstr_len(local), out);
	    insmask_put_domain(domain, out);
	    count++;
	}
	i = end;
    }
    count += insmask_runs(text + i, len - i, dn, fn, ctx, out);
    vstr_free(local);
    return (count);
}

/* insmask_scrub - free text without any INS in clear */

size_t  insmask_scrub(const char *domain, const char *text, size_t len,
		              INSMASK_FN fn, void *ctx, VSTR *out)
{
    return (insmask_scrub_mode(domain, text, len, 0, fn, ctx, out));
}

/* insmask_scrub_dn - a certificate DN without any INS in clear */

size_t  insmask_scrub_dn(const char *domain, const char *text, size_t len,
			         INSMASK_FN fn, void *ctx, VSTR *out)
{
    return (insmask_scrub_mode(domain, text, len, 1, fn, ctx, out));
}
