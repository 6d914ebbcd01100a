/*++
/* NAME
/*	mirror_entry 3
/* SUMMARY
/*	one directory entry under construction (mssante-mirror)
/* SYNOPSIS
/*	#include "mirror_entry.h"
/*
/*	MIRROR_ENTRY *mirror_entry_create(void)
/*	void	mirror_entry_reset(MIRROR_ENTRY *ep)
/*	void	mirror_entry_free(MIRROR_ENTRY *ep)
/*	void	mirror_entry_add(MIRROR_ENTRY *ep, const char *attr,
/*				const char *value)
/*	void	mirror_entry_addn(MIRROR_ENTRY *ep, const char *attr,
/*				const char *value, size_t len)
/*	void	mirror_entry_set(MIRROR_ENTRY *ep, const char *attr,
/*				const char *value)
/*	const MIRROR_ATTR *mirror_entry_find(const MIRROR_ENTRY *ep,
/*				const char *attr)
/*	void	mirror_entry_digest(const MIRROR_ENTRY *ep, char *hex)
/*	void	mirror_entry_seal(MIRROR_ENTRY *ep)
/*	int	mirror_entry_ldif(const MIRROR_ENTRY *ep, FILE *fp)
/*	void	mirror_entry_ldif_value(FILE *fp, const char *attr,
/*				const char *value)
/* DESCRIPTION
/*	An entry is a DN and its attributes in the order they were first
/*	added (the loaders add them in schema order, so the LDIF is stable).
/*	The attribute name is a static string and is not copied.
/*
/*	mirror_entry_add() and mirror_entry_addn() append a value after
/*	trimming outer blanks; an empty value is ignored, and so is a
/*	value equal to one already present under the comparison slapd
/*	would use (case folded, inner blanks squeezed, except for the
/*	case-exact attributes), because slapd refuses an add or a modify
/*	that carries the same value twice. Folding covers ASCII and the
/*	Latin-1 letters of French; other scripts are compared exactly.
/*	mirror_entry_set() replaces every value of an attribute.
/*
/*	mirror_entry_digest() writes into hex (MIRROR_DIGEST_HEX + 1
/*	bytes) the first 16 bytes, in hex, of SHA-256 over the attributes
/*	(mssEntryDigest excluded) with their values sorted, so the digest
/*	does not depend on the order of the extraction lines.
/*	mirror_entry_seal() stores that digest in mssEntryDigest; sync
/*	compares it with the directory's copy instead of reading every
/*	attribute of 535,000 entries.
/*
/*	mirror_entry_ldif() prints one LDIF record (RFC 2849): values that
/*	are not SAFE-STRINGs (non-ASCII, leading blank or colon or '<',
/*	trailing blank) are base64-encoded; lines are not folded.
/* DIAGNOSTICS
/*	mirror_entry_ldif() returns -1 on a write error.
/*--*/

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "hex.h"
#include "mymalloc.h"
#include "mirror_entry.h"

 /*
  * Attributes whose EQUALITY rule is case-exact: two spellings that differ
  * only by case are distinct values there.
  */
static const char *const mirror_entry_exact[] = {
    "mssDomainSpelling", "mssOperatorDN", "mssOperatorDNRaw",
    "mssEntryDigest", "mssWhitelistFile", "mssExtractionFile",
    "mssPatientInsHmac", 0,
};

/* mirror_entry_create - empty entry */

MIRROR_ENTRY *mirror_entry_create(void)
{
    MIRROR_ENTRY *ep = mycalloc(1, sizeof(*ep));

    ep->dn = vstr_alloc(128);
    return (ep);
}

/* mirror_entry_reset - forget the DN and every value, keep the memory */

void    mirror_entry_reset(MIRROR_ENTRY *ep)
{
    size_t  i, j;

    for (i = 0; i < ep->nattrs; i++) {
	for (j = 0; j < ep->attrs[i].nvals; j++)
	    myfree(ep->attrs[i].vals[j]);
	ep->attrs[i].nvals = 0;
    }
    ep->nattrs = 0;
    vstr_reset(ep->dn);
}

/* mirror_entry_free - destroy */

void    mirror_entry_free(MIRROR_ENTRY *ep)
{
    size_t  i;

    if (ep == 0)
	return;
    mirror_entry_reset(ep);
    for (i = 0; i < ep->cap; i++)
	myfree(ep->attrs[i].vals);
    myfree(ep->attrs);
    vstr_free(ep->dn);
    myfree(ep);
}

/* fold - one byte (or a Latin-1 letter's second UTF-8 byte) to lower case */

static int fold(const unsigned char *s, int fold_case)
{
    if (!fold_case)
	return (*s);
    return (tolower(*s));
}

/* same_value - equal under squeezed blanks and (optionally) folded case */

static int same_value(const char *a, const char *b, int fold_case)
{
    const unsigned char *p = (const unsigned char *) a;
    const unsigned char *q = (const unsigned char *) b;

    for (;;) {
	/* Inner runs of blanks compare as one blank (values are trimmed). */
	if (*p == ' ' && *q == ' ') {
	    while (*p == ' ')
		p++;
	    while (*q == ' ')
		q++;
	    continue;
	}
	if (*p == 0 || *q == 0)
	    return (*p == *q);
	/* UTF-8 Latin-1 capitals U+00C0..U+00DE (not U+00D7) fold by +0x20. */
	if (fold_case && p[0] == 0xc3 && q[0] == 0xc3 && p[1] && q[1]) {
	    int     c1 = p[1], c2 = q[1];

	    if (c1 >= 0x80 && c1 <= 0x9e && c1 != 0x97)
		c1 += 0x20;
	    if (c2 >= 0x80 && c2 <= 0x9e && c2 != 0x97)
		c2 += 0x20;
	    if (c1 != c2)
		return (0);
	    p += 2, q += 2;
	    continue;
	}
	if (fold(p, fold_case) != fold(q, fold_case))
	    return (0);
	p++, q++;
    }
}

/* is_exact - case-exact attribute? */

static int is_exact(const char *name)
{
    const char *const *cpp;

    for (cpp = mirror_entry_exact; *cpp; cpp++)
	if (strcmp(*cpp, name) == 0)
	    return (1);
    return (0);
}

/* find_or_add_attr - the attribute slot, created at the end if new */

static MIRROR_ATTR *find_or_add_attr(MIRROR_ENTRY *ep, const char *name)
{
    MIRROR_ATTR *ap;
    size_t  i;

    /* Callers pass the same literals: pointers first, then the text. */
    for (i = 0; i < ep->nattrs; i++)
	if (ep->attrs[i].name == name)
	    return (ep->attrs + i);
    for (i = 0; i < ep->nattrs; i++)
	if (strcmp(ep->attrs[i].name, name) == 0)
	    return (ep->attrs + i);
    if (ep->nattrs == ep->cap) {
	size_t  ncap = ep->cap ? ep->cap * 2 : 32;

	ep->attrs = myrealloc(ep->attrs, ncap * sizeof(*ep->attrs));
	memset(ep->attrs + ep->cap, 0, (ncap - ep->cap) * sizeof(*ep->attrs));
	ep->cap = ncap;
    }
    ap = ep->attrs + ep->nattrs++;
    ap->name = name;
    ap->fold_case = !is_exact(name);
    ap->nvals = 0;
    return (ap);
}

/* mirror_entry_addn - append one value, trimmed and deduplicated */

void    mirror_entry_addn(MIRROR_ENTRY *ep, const char *name,
			          const char *value, size_t len)
{
    MIRROR_ATTR *ap;
    char   *copy;
    size_t  i;

    while (len > 0 && (*value == ' ' || *value == '\t'))
	value++, len--;
    while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
	len--;
    if (len == 0)
	return;
    copy = mystrndup(value, len);
    ap = find_or_add_attr(ep, name);
    for (i = 0; i < ap->nvals; i++) {
	if (same_value(ap->vals[i], copy, ap->fold_case)) {
	    myfree(copy);
	    return;
	}
    }
    if (ap->nvals == ap->cap) {
	ap->cap = ap->cap ? ap->cap * 2 : 2;
	ap->vals = myrealloc(ap->vals, ap->cap * sizeof(*ap->vals));
    }
    ap->vals[ap->nvals++] = copy;
}

/* mirror_entry_add - append one NUL-terminated value */

void    mirror_entry_add(MIRROR_ENTRY *ep, const char *name, const char *value)
{
    mirror_entry_addn(ep, name, value, strlen(value));
}

/* mirror_entry_set - replace every value of an attribute */

void    mirror_entry_set(MIRROR_ENTRY *ep, const char *name, const char *value)
{
    MIRROR_ATTR *ap = find_or_add_attr(ep, name);
    size_t  i;

    for (i = 0; i < ap->nvals; i++)
	myfree(ap->vals[i]);
    ap->nvals = 0;
    mirror_entry_add(ep, name, value);
}

/* mirror_entry_find - attribute by name, or null */

const MIRROR_ATTR *mirror_entry_find(const MIRROR_ENTRY *ep, const char *name)
{
    size_t  i;

    for (i = 0; i < ep->nattrs; i++)
	if (strcmp(ep->attrs[i].name, name) == 0 && ep->attrs[i].nvals > 0)
	    return (ep->attrs + i);
    return (0);
}

/* cmp_str - qsort callback for string pointers */

static int cmp_str(const void *a, const void *b)
{
    return (strcmp(*(char *const *) a, *(char *const *) b));
}

/* cmp_attr - qsort callback for attribute pointers, by name */

static int cmp_attr(const void *a, const void *b)
{
    return (strcmp((*(MIRROR_ATTR * const *) a)->name,
		   (*(MIRROR_ATTR * const *) b)->name));
}

/* digest_item - hash one length-prefixed item */

static void digest_item(EVP_MD_CTX *ctx, const char *s)
{
    unsigned char len[4];
    size_t  n = strlen(s);

    len[0] = (unsigned char) (n >> 24);
    len[1] = (unsigned char) (n >> 16);
    len[2] = (unsigned char) (n >> 8);
    len[3] = (unsigned char) n;
    EVP_DigestUpdate(ctx, len, 4);
    EVP_DigestUpdate(ctx, s, n);
}

/* mirror_entry_digest - order-independent content digest, in hex */

void    mirror_entry_digest(const MIRROR_ENTRY *ep, char *hex)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen;
    const MIRROR_ATTR **attrs;
    char  **vals = 0;
    size_t  i, j, nattrs = 0, vcap = 0;

    if (ctx == 0)
	mymalloc((size_t) -1);			/* dies with a message */
    EVP_DigestInit_ex(ctx, EVP_sha256(), 0);
    /* The format version: a change of layout rewrites every entry once. */
    digest_item(ctx, "mssante-mirror-1");
    digest_item(ctx, vstr_str(ep->dn));
    attrs = mymalloc((ep->nattrs + 1) * sizeof(*attrs));
    for (i = 0; i < ep->nattrs; i++)
	if (ep->attrs[i].nvals > 0 && strcmp(ep->attrs[i].name, "mssEntryDigest"))
	    attrs[nattrs++] = ep->attrs + i;
    qsort(attrs, nattrs, sizeof(*attrs), cmp_attr);
    for (i = 0; i < nattrs; i++) {
	digest_item(ctx, attrs[i]->name);
	if (attrs[i]->nvals > vcap) {
	    vcap = attrs[i]->nvals;
	    vals = myrealloc(vals, vcap * sizeof(*vals));
	}
	memcpy(vals, attrs[i]->vals, attrs[i]->nvals * sizeof(*vals));
	qsort(vals, attrs[i]->nvals, sizeof(*vals), cmp_str);
	for (j = 0; j < attrs[i]->nvals; j++)
	    digest_item(ctx, vals[j]);
	digest_item(ctx, "");
    }
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    myfree(vals);
    myfree(attrs);
    hex_encode(md, MIRROR_DIGEST_HEX / 2, hex);
}

/* mirror_entry_seal - store the content digest in mssEntryDigest */

void    mirror_entry_seal(MIRROR_ENTRY *ep)
{
    char    hex[MIRROR_DIGEST_HEX + 1];

    mirror_entry_digest(ep, hex);
    mirror_entry_set(ep, "mssEntryDigest", hex);
}

/* safe_string - RFC 2849 SAFE-STRING, and no trailing blank */

static int safe_string(const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t  len = strlen(s);

    if (len == 0)
	return (1);
    if (*p == ' ' || *p == ':' || *p == '<' || p[len - 1] == ' ')
	return (0);
    for (; *p; p++)
	if (*p >= 0x80 || *p == '\n' || *p == '\r')
	    return (0);
    return (1);
}

/* mirror_entry_ldif_value - one "attr: value" or "attr:: base64" line */

void    mirror_entry_ldif_value(FILE *fp, const char *name, const char *value)
{
    size_t  len = strlen(value);
    unsigned char *b64;

    /* fputs, not fprintf: this writes 535,000 entries. */
    fputs(name, fp);
    if (safe_string(value)) {
	fputs(": ", fp);
	fputs(value, fp);
	putc('\n', fp);
	return;
    }
    b64 = mymalloc(4 * ((len + 2) / 3) + 1);
    EVP_EncodeBlock(b64, (const unsigned char *) value, (int) len);
    fputs(":: ", fp);
    fputs((char *) b64, fp);
    putc('\n', fp);
    myfree(b64);
}

/* mirror_entry_ldif - print one LDIF record followed by a blank line */

int     mirror_entry_ldif(const MIRROR_ENTRY *ep, FILE *fp)
{
    size_t  i, j;

    mirror_entry_ldif_value(fp, "dn", vstr_str(ep->dn));
    for (i = 0; i < ep->nattrs; i++)
	for (j = 0; j < ep->attrs[i].nvals; j++)
	    mirror_entry_ldif_value(fp, ep->attrs[i].name, ep->attrs[i].vals[j]);
    fputc('\n', fp);
    return (ferror(fp) ? -1 : 0);
}
