/*++
/* NAME
/*	trust 3
/* SUMMARY
/*	immutable trust-space snapshot (whitelisted domains, operator DNs)
/* SYNOPSIS
/*	#include "trust.h"
/*
/*	TRUST_BUILDER *trust_builder_create(size_hint)
/*	size_t	size_hint;
/*
/*	int	trust_builder_add(bp, domain, dn)
/*	TRUST_BUILDER *bp;
/*	const char *domain;
/*	const char *dn;
/*
/*	TRUST	*trust_builder_finish(bp)
/*	TRUST_BUILDER *bp;
/*
/*	void	trust_builder_free(bp)
/*	TRUST_BUILDER *bp;
/*
/*	int	trust_contains(tp, domain)
/*	const TRUST *tp;
/*	const char *domain;
/*
/*	int	trust_containsn(tp, domain, len)
/*	const TRUST *tp;
/*	const char *domain;
/*	size_t	len;
/*
/*	TRUST_PEER trust_peer_check(tp, domain, subject)
/*	const TRUST *tp;
/*	const char *domain;
/*	const char *subject;
/*
/*	const char *trust_peer_name(status)
/*	TRUST_PEER status;
/*
/*	TRUST_FORM trust_peer_form(subject)
/*	const char *subject;
/*
/*	const char *trust_form_name(form)
/*	TRUST_FORM form;
/*
/*	const char *const *trust_domain_dns(tp, domain, count)
/*	const TRUST *tp;
/*	const char *domain;
/*	size_t	*count;
/*
/*	size_t	trust_domain_count(tp)
/*	const TRUST *tp;
/*
/*	size_t	trust_dn_count(tp)
/*	const TRUST *tp;
/*
/*	void	trust_free(tp)
/*	TRUST	*tp;
/* DESCRIPTION
/*	A TRUST is one snapshot of the MSSante trust space: the set of
/*	whitelisted mail domains (about 5,000) and, for each, the subject
/*	DNs of its operators' SMTP certificates. It is built once by a
/*	TRUST_BUILDER and never changes afterwards, so any number of
/*	threads may read it without locks; the daemon publishes a new
/*	snapshot by swapping one pointer and frees the old one when no
/*	reader can hold it any more.
/*
/*	trust_builder_create() starts a builder; size_hint is the expected
/*	number of distinct domains (0 is fine: the table grows).
/*
/*	trust_builder_add() adds one whitelist entry. The domain must
/*	satisfy addr_domain_check(3) once surrounding white space is
/*	removed; it is stored lower-case (the whitelist has at least one
/*	upper-case entry). Adding a domain again merges the entries. When
/*	dn is not NULL nor empty, it is normalised with dn_normalise(3) and
/*	added to the domain's operator DNs unless an equal DN is already
/*	there.
/*
/*	trust_builder_finish() returns the immutable snapshot and consumes
/*	the builder. trust_builder_free() abandons a builder that was not
/*	finished (after a load error).
/*
/*	trust_contains() and trust_containsn() (explicit length, input need
/*	not be NUL-terminated) tell whether a domain is listed. The match
/*	is exact and case-insensitive on the whole domain: a listed parent
/*	does not admit its subdomains, a listed subdomain does not admit
/*	its parent, and a trailing dot or any other byte makes a different
/*	domain. The lookup is one hash and, on average, one comparison.
/*
/*	trust_peer_check() checks the TLS client certificate subject that
/*	the MTA verified on an inbound connection against the DNs listed
/*	for the sender's domain. "subject" is either a full DN (it
/*	contains "="; any form dn_normalise(3) reads), compared as
/*	normalised DNs, or a bare common name (Postfix's {cert_subject}
/*	macro holds only the peer CN), compared case-insensitively with the
/*	CN of each listed DN. The caller must pass only a subject that the
/*	MTA verified against the IGC-Sante CAs: this module cannot tell.
/*	Checks are made in this order: no subject (NULL, empty or blank),
/*	unknown domain, domain listed without any DN, then the comparison.
/*
/*	trust_peer_name() returns a stable short name for logs and audit
/*	records.
/*
/*	trust_peer_form() tells which comparison trust_peer_check() makes
/*	for a subject: TRUST_FORM_DN (it contains "=": the whole DN is
/*	compared with each listed DNCertificatOperateur, as Sendmail
/*	gives the whole subject), TRUST_FORM_CN (only the CN is compared,
/*	as Postfix gives only the CN), or TRUST_FORM_NONE (NULL, empty or
/*	blank: nothing to compare). trust_form_name() names it for logs
/*	and audit records: "dn", "cn", or NULL for TRUST_FORM_NONE.
/*
/*	trust_domain_dns() returns the normalised DNs listed for a domain
/*	(for diagnostics), or NULL with *count = 0 when it is not listed.
/*
/*	trust_domain_count() and trust_dn_count() count distinct domains
/*	and distinct (domain, DN) pairs.
/* DIAGNOSTICS
/*	trust_builder_add() returns 0 when the entry was added; -1 when the
/*	domain is invalid (nothing is added); -2 when the domain was added
/*	but its DN could not be parsed (the DN is dropped: peer checks for
/*	that domain then fail closed unless another DN matches). NULL
/*	snapshots and domains are treated as empty: nothing is contained.
/*--*/

#include <string.h>
#include <stdint.h>

#include "mymalloc.h"
#include "vstr.h"
#include "addr.h"
#include "dn.h"
#include "trust.h"

typedef struct TRUST_DOMAIN {
    char   *name;			/* lower-case */
    size_t  len;
    uint64_t hash;
    char  **dns;			/* normalised DNs */
    char  **cns;			/* their CN, or NULL */
    size_t  dn_count;
} TRUST_DOMAIN;

struct TRUST {
    TRUST_DOMAIN *domains;
    size_t  count;
    size_t  cap;			/* allocated domains */
    size_t  dn_total;
    size_t *slots;			/* domain index + 1; 0 = free */
    size_t  mask;			/* slot count - 1 (a power of 2) */
};

struct TRUST_BUILDER {
    TRUST  *tp;
    VSTR   *tmp;
};

#define TRUST_LOWER(c)	(((c) >= 'A' && (c) <= 'Z') ? (c) + ('a' - 'A') : (c))
#define TRUST_IS_SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')

/* trust_hash - case-insensitive hash, eight bytes at a time */

static uint64_t trust_hash(const char *s, size_t len)
{
    const uint64_t fold = 0x2020202020202020ULL;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
    uint64_t w;
    size_t  i;

    /*
     * OR-ing 0x20 into each byte maps "A" and "a" to the same value (it
     * also merges a few non-letters, which only costs a comparison): two
     * case-insensitively equal names always get the same hash.
     */
    while (len >= 8) {
	memcpy(&w, s, 8);
	h = (h ^ (w | fold)) * 0xff51afd7ed558ccdULL;
	h ^= h >> 32;
	s += 8;
	len -= 8;
    }
    if (len > 0) {
	/* Byte by byte: right on any endianness. */
	for (w = 0, i = 0; i < len; i++)
	    w |= (uint64_t) ((unsigned char) s[i] | 0x20) << (8 * i);
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return (h);
}

/* trust_caseeq - ASCII case-insensitive equality of len bytes */

static int trust_caseeq(const char *lower, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t  i;

    for (i = 0; i < len; i++)
	if ((unsigned char) lower[i] != TRUST_LOWER(p[i]))
	    return (0);
    return (1);
}

/* trust_strcaseeq - ASCII case-insensitive equality of two strings */

static int trust_strcaseeq(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *) a;
    const unsigned char *q = (const unsigned char *) b;

    for (; TRUST_LOWER(*p) == TRUST_LOWER(*q); p++, q++)
	if (*p == 0)
	    return (1);
    return (0);
}

/* trust_find - look up a domain; NULL when absent */

static TRUST_DOMAIN *trust_find(const TRUST *tp, const char *name, size_t len,
				        uint64_t hash)
{
    size_t  i, slot;
    TRUST_DOMAIN *dp;

    for (i = (size_t) hash & tp->mask; (slot = tp->slots[i]) != 0;
	 i = (i + 1) & tp->mask) {
	dp = tp->domains + slot - 1;
	if (dp->hash == hash && dp->len == len && trust_caseeq(dp->name, name, len))
	    return (dp);
    }
    return (0);
}

/* trust_rehash - grow the slot table to keep it at most half full */

static void trust_rehash(TRUST *tp, size_t want)
{
    size_t  nslots = 16, i, j;

    while (nslots < want * 2)
	nslots *= 2;
    if (tp->slots && nslots <= tp->mask + 1)
	return;
    if (tp->slots)
	myfree(tp->slots);
    tp->slots = mycalloc(nslots, sizeof(*tp->slots));
    tp->mask = nslots - 1;
    for (i = 0; i < tp->count; i++) {
	for (j = (size_t) tp->domains[i].hash & tp->mask; tp->slots[j];
	     j = (j + 1) & tp->mask)
	     /* void */ ;
	tp->slots[j] = i + 1;
    }
}

/* trust_builder_create - start a new snapshot */

TRUST_BUILDER *trust_builder_create(size_t size_hint)
{
    TRUST_BUILDER *bp = mymalloc(sizeof(*bp));
    TRUST  *tp = mycalloc(1, sizeof(*tp));

    if (size_hint > 1000000)
	size_hint = 1000000;			/* a hint, not a promise */
    tp->cap = size_hint ? size_hint : 16;
    tp->domains = mymalloc(tp->cap * sizeof(*tp->domains));
    trust_rehash(tp, tp->cap);
    bp->tp = tp;
    bp->tmp = vstr_alloc(128);
    return (bp);
}

/* trust_add_domain - find or insert a validated lower-case domain */

static TRUST_DOMAIN *trust_add_domain(TRUST *tp, const char *name, size_t len)
{
    uint64_t hash = trust_hash(name, len);
    TRUST_DOMAIN *dp;

    if ((dp = trust_find(tp, name, len, hash)) != 0)
	return (dp);
    if (tp->count == tp->cap) {
	tp->cap *= 2;
	tp->domains = myrealloc(tp->domains, tp->cap * sizeof(*tp->domains));
    }
    dp = tp->domains + tp->count++;
    dp->name = mystrndup(name, len);
    dp->len = len;
    dp->hash = hash;
    dp->dns = dp->cns = 0;
    dp->dn_count = 0;
    if (tp->count * 2 > tp->mask + 1)
	trust_rehash(tp, tp->count);
    else {
	size_t  i;

	for (i = (size_t) hash & tp->mask; tp->slots[i]; i = (i + 1) & tp->mask)
	     /* void */ ;
	tp->slots[i] = tp->count;
    }
    return (dp);
}

/* trust_builder_add - add one whitelist entry */

int     trust_builder_add(TRUST_BUILDER *bp, const char *domain, const char *dn)
{
    TRUST  *tp = bp->tp;
    TRUST_DOMAIN *dp;
    const char *start, *end;
    size_t  len, i;
    VSTR   *cn;

    if (domain == 0)
	return (-1);
    /* XML text content may carry white space around the name. */
    for (start = domain; TRUST_IS_SPACE(*start); start++)
	 /* void */ ;
    for (end = start + strlen(start); end > start && TRUST_IS_SPACE(end[-1]); end--)
	 /* void */ ;
    len = (size_t) (end - start);
    if (addr_domain_check(start, len) != ADDR_OK)
	return (-1);
    vstr_reset(bp->tmp);
    for (i = 0; i < len; i++)
	vstr_addch(bp->tmp, TRUST_LOWER((unsigned char) start[i]));
    dp = trust_add_domain(tp, vstr_str(bp->tmp), len);

    if (dn == 0)
	return (0);
    for (start = dn; TRUST_IS_SPACE(*start); start++)
	 /* void */ ;
    if (*start == 0)
	return (0);
    if (dn_normalise(start, bp->tmp) < 0)
	return (-2);
    for (i = 0; i < dp->dn_count; i++)
	if (trust_strcaseeq(dp->dns[i], vstr_str(bp->tmp)))
	    return (0);				/* duplicate */
    dp->dns = myrealloc(dp->dns, (dp->dn_count + 1) * sizeof(*dp->dns));
    dp->cns = myrealloc(dp->cns, (dp->dn_count + 1) * sizeof(*dp->cns));
    dp->dns[dp->dn_count] = mystrdup(vstr_str(bp->tmp));
    /* The CN is kept lower-cased: it only serves bare-CN comparisons. */
    cn = vstr_alloc(64);
    if (dn_cn(vstr_str(bp->tmp), cn) == 0) {
	for (i = 0; i < vstr_len(cn); i++)
	    vstr_str(cn)[i] = TRUST_LOWER((unsigned char) vstr_str(cn)[i]);
	dp->cns[dp->dn_count] = vstr_export(cn);
    } else {
	dp->cns[dp->dn_count] = 0;
	vstr_free(cn);
    }
    dp->dn_count++;
    tp->dn_total++;
    return (0);
}

/* trust_builder_finish - freeze the snapshot, consume the builder */

TRUST  *trust_builder_finish(TRUST_BUILDER *bp)
{
    TRUST  *tp = bp->tp;

    vstr_free(bp->tmp);
    myfree(bp);
    return (tp);
}

/* trust_builder_free - abandon an unfinished builder */

void    trust_builder_free(TRUST_BUILDER *bp)
{
    if (bp)
	trust_free(trust_builder_finish(bp));
}

/* trust_containsn - is this domain (len bytes) listed? */

int     trust_containsn(const TRUST *tp, const char *domain, size_t len)
{
    if (tp == 0 || domain == 0 || len == 0 || len > ADDR_DOMAIN_MAX)
	return (0);
    return (trust_find(tp, domain, len, trust_hash(domain, len)) != 0);
}

/* trust_contains - is this domain listed? */

int     trust_contains(const TRUST *tp, const char *domain)
{
    if (domain == 0)
	return (0);
    return (trust_containsn(tp, domain, strlen(domain)));
}

/* trust_lookup - the entry of a NUL-terminated domain, or NULL */

static const TRUST_DOMAIN *trust_lookup(const TRUST *tp, const char *domain)
{
    size_t  len;

    if (tp == 0 || domain == 0 || (len = strlen(domain)) == 0
	|| len > ADDR_DOMAIN_MAX)
	return (0);
    return (trust_find(tp, domain, len, trust_hash(domain, len)));
}

/* trust_peer_check - does the verified peer subject match the domain? */

TRUST_PEER trust_peer_check(const TRUST *tp, const char *domain,
			            const char *subject)
{
    const TRUST_DOMAIN *dp;
    const char *start, *end;
    TRUST_PEER status = TRUST_PEER_MISMATCH;
    TRUST_FORM form;
    VSTR   *norm;
    size_t  i, len;

    if ((form = trust_peer_form(subject)) == TRUST_FORM_NONE)
	return (TRUST_PEER_NO_CERT);
    for (start = subject; TRUST_IS_SPACE(*start); start++)
	 /* void */ ;
    if ((dp = trust_lookup(tp, domain)) == 0)
	return (TRUST_PEER_UNKNOWN_DOMAIN);
    if (dp->dn_count == 0)
	return (TRUST_PEER_NO_DN);

    if (form == TRUST_FORM_DN) {
	norm = vstr_alloc(128);
	if (dn_normalise(start, norm) == 0)
	    for (i = 0; i < dp->dn_count; i++)
		if (trust_strcaseeq(dp->dns[i], vstr_str(norm))) {
		    status = TRUST_PEER_MATCH;
		    break;
		}
	vstr_free(norm);
    } else {
	for (end = start + strlen(start); TRUST_IS_SPACE(end[-1]); end--)
	     /* void */ ;
	len = (size_t) (end - start);
	for (i = 0; i < dp->dn_count; i++)
	    if (dp->cns[i] && strlen(dp->cns[i]) == len
		&& trust_caseeq(dp->cns[i], start, len)) {
		status = TRUST_PEER_MATCH;
		break;
	    }
    }
    return (status);
}

/* trust_peer_form - whole DN or bare CN? */

TRUST_FORM trust_peer_form(const char *subject)
{
    const char *cp;

    if (subject == 0)
	return (TRUST_FORM_NONE);
    for (cp = subject; TRUST_IS_SPACE(*cp); cp++)
	 /* void */ ;
    if (*cp == 0)
	return (TRUST_FORM_NONE);
    return (strchr(cp, '=') != 0 ? TRUST_FORM_DN : TRUST_FORM_CN);
}

/* trust_form_name - "dn", "cn" or NULL */

const char *trust_form_name(TRUST_FORM form)
{
    switch (form) {
    case TRUST_FORM_DN:
	return ("dn");
    case TRUST_FORM_CN:
	return ("cn");
    case TRUST_FORM_NONE:
	break;
    }
    return (0);
}

/* trust_peer_name - stable short name */

const char *trust_peer_name(TRUST_PEER status)
{
    switch (status) {
    case TRUST_PEER_MATCH:
	return ("match");
    case TRUST_PEER_NO_CERT:
	return ("no_cert");
    case TRUST_PEER_UNKNOWN_DOMAIN:
	return ("unknown_domain");
    case TRUST_PEER_NO_DN:
	return ("no_dn");
    case TRUST_PEER_MISMATCH:
	return ("mismatch");
    }
    return ("unknown");
}

/* trust_domain_dns - the normalised DNs listed for a domain */

const char *const *trust_domain_dns(const TRUST *tp, const char *domain,
				            size_t *count)
{
    const TRUST_DOMAIN *dp = trust_lookup(tp, domain);

    *count = dp ? dp->dn_count : 0;
    return (dp ? (const char *const *) dp->dns : 0);
}

/* trust_domain_count - distinct domains */

size_t  trust_domain_count(const TRUST *tp)
{
    return (tp ? tp->count : 0);
}

/* trust_dn_count - distinct (domain, DN) pairs */

size_t  trust_dn_count(const TRUST *tp)
{
    return (tp ? tp->dn_total : 0);
}

/* trust_free - destroy a snapshot; NULL is fine */

void    trust_free(TRUST *tp)
{
    size_t  i, j;
    TRUST_DOMAIN *dp;

    if (tp == 0)
	return;
    for (i = 0; i < tp->count; i++) {
	dp = tp->domains + i;
	for (j = 0; j < dp->dn_count; j++) {
	    myfree(dp->dns[j]);
	    if (dp->cns[j])
		myfree(dp->cns[j]);
	}
	if (dp->dns) {
	    myfree(dp->dns);
	    myfree(dp->cns);
	}
	myfree(dp->name);
    }
    myfree(tp->domains);
    myfree(tp->slots);
    myfree(tp);
}
