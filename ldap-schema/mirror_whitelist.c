/*++
/* NAME
/*	mirror_whitelist 3
/* SUMMARY
/*	the ANS whitelist (liste blanche) as directory entries
/* SYNOPSIS
/*	#include "mirror_whitelist.h"
/*
/*	MIRROR_WHITELIST *mirror_whitelist_read(const char *path, VSTR *why)
/*	void	mirror_whitelist_entries(MIRROR_WHITELIST *wl, const char *base)
/*	MIRROR_WL_DOMAIN *mirror_whitelist_find(MIRROR_WHITELIST *wl,
/*				const char *domain)
/*	void	mirror_whitelist_free(MIRROR_WHITELIST *wl)
/*	int	mirror_whitelist_time(const char *iso, char *gt, size_t len)
/* DESCRIPTION
/*	mirror_whitelist_read() reads the whole file (at most
/*	MIRROR_WHITELIST_MAXSIZE bytes; the real one is about 3 MB),
/*	computes its SHA-256 and parses it with libxml2: no network
/*	(XML_PARSE_NONET), no entity substitution (no XML_PARSE_NOENT),
/*	no DTD loading, default size limits (no XML_PARSE_HUGE), and a
/*	document with a DOCTYPE is refused outright, so no entity can
/*	expand. The structure must be
/*
/*	    <ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">
/*	      <DateDeGeneration>ISO 8601</DateDeGeneration>
/*	      <ListeDomaines> <Domaine> <Nom/> <Description/>
/*	        <DNCertificatOperateur/> <ResponsableContact/>
/*	        <SupportContact/> <DateMAJ/> </Domaine> ... </ListeDomaines>
/*	      <ds:Signature/>
/*	    </ListeBlancheMSSante>
/*
/*	Unknown elements are ignored (the ANS may add some). A Domaine
/*	whose Nom is not a plain LDH domain name is skipped with a
/*	warning (it could not be matched anyway); a DNCertificatOperateur
/*	that dn_normalise() rejects is kept raw only, with a warning, and
/*	then matches no certificate. A list without any domain is refused.
/*	The signature is checked separately (mirror_xmlsig(3)) on wl->doc.
/*
/*	mirror_whitelist_entries() groups the Domaine elements by
/*	lower-cased domain (a domain appears once per operator
/*	certificate, up to 5 times) into one mssTrustedDomain entry each,
/*	DN mssDomain=DOMAIN,ou=domains,BASE, with every DN normalised and
/*	raw, the certificate CNs, descriptions, contacts and the latest
/*	DateMAJ, sealed with its digest. mirror_whitelist_find() finds a
/*	domain's entry by lower-cased name.
/*
/*	mirror_whitelist_time() converts an ISO 8601 time with a Z or
/*	+hh:mm suffix to LDAP GeneralizedTime in UTC (YYYYMMDDhhmmssZ).
/* DIAGNOSTICS
/*	mirror_whitelist_read() returns null with a reason in why for an
/*	unreadable, oversized, malformed or truncated file.
/*	mirror_whitelist_time() returns -1 for a malformed time.
/*--*/

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <openssl/evp.h>

#include "mymalloc.h"
#include "msg.h"
#include "dn.h"
#include "mirror_whitelist.h"

#define WL_NS	"https://listeblanche.mssante.fr/schema"

struct MIRROR_WL_REC {
    char   *domain;			/* lower-cased */
    char   *spelling;			/* as written */
    char   *desc;
    char   *dn;				/* raw */
    char   *resp;
    char   *support;
    char    maj[20];			/* GeneralizedTime or "" */
    long    line;			/* of the Domaine element */
    size_t  order;			/* document order, for a stable sort */
};

/* mirror_whitelist_time - ISO 8601 (Z or offset) to GeneralizedTime UTC */

int     mirror_whitelist_time(const char *iso, char *gt, size_t len)
{
    struct tm tm;
    const char *cp;
    int     n = 0, oh = 0, om = 0, sign = 0;
    time_t  t;

    memset(&tm, 0, sizeof(tm));
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
	       &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6
	|| n != 19)
	return (-1);
    cp = iso + n;
    if (*cp == '.')				/* fraction: dropped */
	for (cp++; isdigit((unsigned char) *cp); cp++)
	     /* void */ ;
    if (*cp == 'Z' && cp[1] == 0)
	sign = 0;
    else if ((*cp == '+' || *cp == '-') && sscanf(cp + 1, "%2d:%2d%n", &oh, &om, &n) == 2
	     && n == 5 && cp[6] == 0)
	sign = *cp == '+' ? 1 : -1;
    else
	return (-1);
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31
	|| tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 || oh > 23 || om > 59)
	return (-1);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    t = timegm(&tm) - sign * (oh * 3600 + om * 60);
    if (gmtime_r(&t, &tm) == 0 || strftime(gt, len, "%Y%m%d%H%M%SZ", &tm) == 0)
	return (-1);
    return (0);
}

/* text - trimmed text content of an element (caller frees) */

static char *text(xmlNodePtr node)
{
    xmlChar *raw = xmlNodeGetContent(node);
    const char *cp = raw ? (const char *) raw : "";
    size_t  len;
    char   *out;

    while (isspace((unsigned char) *cp))
	cp++;
    len = strlen(cp);
    while (len > 0 && isspace((unsigned char) cp[len - 1]))
	len--;
    out = mystrndup(cp, len);
    xmlFree(raw);
    return (out);
}

/* is_elem - an element of the whitelist namespace with this name */

static int is_elem(xmlNodePtr node, const char *name)
{
    return (node->type == XML_ELEMENT_NODE
	    && xmlStrcmp(node->name, (const xmlChar *) name) == 0
	    && node->ns && xmlStrcmp(node->ns->href, (const xmlChar *) WL_NS) == 0);
}

/* domain_ok - LDH labels, lower-cased in place */

static int domain_ok(char *d)
{
    size_t  label = 0, total = strlen(d);
    char   *cp;

    if (total == 0 || total > 253)
	return (0);
    for (cp = d; *cp; cp++) {
	*cp = (char) tolower((unsigned char) *cp);
	if (*cp == '.') {
	    if (label == 0 || cp[-1] == '-')
		return (0);
	    label = 0;
	} else if (isalnum((unsigned char) *cp) || (*cp == '-' && label > 0)) {
	    if (++label > 63)
		return (0);
	} else
	    return (0);
    }
    return (label > 0 && cp[-1] != '-');
}

/* read_domain - one Domaine element, or 0 to skip it */

static int read_domain(MIRROR_WHITELIST *wl, xmlNodePtr dom, MIRROR_WL_REC *rp)
{
    xmlNodePtr n;
    char   *maj = 0;

    memset(rp, 0, sizeof(*rp));
    rp->line = xmlGetLineNo(dom);
    for (n = dom->children; n; n = n->next) {
	char  **slot = is_elem(n, "Nom") ? &rp->spelling :
	is_elem(n, "Description") ? &rp->desc :
	is_elem(n, "DNCertificatOperateur") ? &rp->dn :
	is_elem(n, "ResponsableContact") ? &rp->resp :
	is_elem(n, "SupportContact") ? &rp->support :
	is_elem(n, "DateMAJ") ? &maj : 0;

	if (slot == 0)
	    continue;
	if (*slot) {
	    msg_warn("%s: line %ld: second <%s> in a Domaine, ignored",
		     wl->path, (long) xmlGetLineNo(n), (const char *) n->name);
	    continue;
	}
	*slot = text(n);
    }
    if (maj && *maj && mirror_whitelist_time(maj, rp->maj, sizeof(rp->maj)) < 0)
	msg_warn("%s: line %ld: DateMAJ \"%.40s\" is not ISO 8601, ignored",
		 wl->path, rp->line, maj);
    myfree(maj);
    rp->domain = mystrdup(rp->spelling ? rp->spelling : "");
    if (!domain_ok(rp->domain)) {
	msg_warn("%s: line %ld: Domaine with a missing or invalid Nom \"%.80s\": skipped",
		 wl->path, rp->line, rp->spelling ? rp->spelling : "");
	return (0);
    }
    return (1);
}

/* free_rec - release one record's strings */

static void free_rec(MIRROR_WL_REC *rp)
{
    myfree(rp->domain);
    myfree(rp->spelling);
    myfree(rp->desc);
    myfree(rp->dn);
    myfree(rp->resp);
    myfree(rp->support);
}

/* read_file - the whole file, bounded, and its SHA-256 */

static char *read_file(MIRROR_WHITELIST *wl, size_t *lenp, VSTR *why)
{
    struct stat st;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen, i;
    char   *buf;
    size_t  got = 0;
    ssize_t n;
    int     fd;

    if ((fd = open(wl->path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
	vstr_sprintf(why, "open %s: %s", wl->path, strerror(errno));
	if (fd >= 0)
	    close(fd);
	return (0);
    }
    if (!S_ISREG(st.st_mode) || st.st_size > MIRROR_WHITELIST_MAXSIZE) {
	vstr_sprintf(why, "%s: not a regular file of at most %d bytes",
		     wl->path, MIRROR_WHITELIST_MAXSIZE);
	close(fd);
	return (0);
    }
    buf = mymalloc((size_t) st.st_size + 1);
    while (got < (size_t) st.st_size
	   && (n = read(fd, buf + got, (size_t) st.st_size - got)) != 0) {
	if (n < 0 && errno == EINTR)
	    continue;
	if (n < 0) {
	    vstr_sprintf(why, "read %s: %s", wl->path, strerror(errno));
	    close(fd);
	    myfree(buf);
	    return (0);
	}
	got += (size_t) n;
    }
    close(fd);
    buf[got] = 0;
    EVP_Digest(buf, got, md, &mdlen, EVP_sha256(), 0);
    for (i = 0; i < mdlen && i < 32; i++)
	sprintf(wl->sha256 + 2 * i, "%02x", md[i]);
    *lenp = got;
    return (buf);
}

/* parse - libxml2 with the safe options, error text into why */

static xmlDocPtr parse(MIRROR_WHITELIST *wl, const char *buf, size_t len, VSTR *why)
{
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    const xmlError *err;

    if ((ctxt = xmlNewParserCtxt()) == 0)
	mymalloc((size_t) -1);			/* dies with a message */
    doc = xmlCtxtReadMemory(ctxt, buf, (int) len, wl->path, 0,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == 0 || !ctxt->wellFormed) {
	err = xmlCtxtGetLastError(ctxt);
	vstr_sprintf(why, "%s: malformed or truncated XML", wl->path);
	if (err && err->message)
	    vstr_sprintf_append(why, " (line %d: %.*s)", err->line,
				(int) strcspn(err->message, "\n"), err->message);
	if (doc)
	    xmlFreeDoc(doc);
	doc = 0;
    }
    xmlFreeParserCtxt(ctxt);
    return (doc);
}

/* mirror_whitelist_read - parse and check the list */

MIRROR_WHITELIST *mirror_whitelist_read(const char *path, VSTR *why)
{
    MIRROR_WHITELIST *wl = mycalloc(1, sizeof(*wl));
    xmlNodePtr root, n, d;
    char   *buf, *gen = 0;
    size_t  len, cap = 0;
    int     lists = 0;

    wl->path = mystrdup(path);
    if ((buf = read_file(wl, &len, why)) == 0)
	goto fail;
    wl->doc = parse(wl, buf, len, why);
    myfree(buf);
    if (wl->doc == 0)
	goto fail;
    if (wl->doc->intSubset || wl->doc->extSubset) {
	vstr_sprintf(why, "%s: a DOCTYPE is not allowed in the whitelist", path);
	goto fail;
    }
    root = xmlDocGetRootElement(wl->doc);
    if (root == 0 || !is_elem(root, "ListeBlancheMSSante")) {
	vstr_sprintf(why, "%s: the root element is not ListeBlancheMSSante in namespace %s",
		     path, WL_NS);
	goto fail;
    }
    for (n = root->children; n; n = n->next) {
	if (is_elem(n, "DateDeGeneration") && gen == 0)
	    gen = text(n);
	if (!is_elem(n, "ListeDomaines"))
	    continue;
	lists++;
	for (d = n->children; d; d = d->next) {
	    if (!is_elem(d, "Domaine"))
		continue;
	    if (wl->nrecs == cap) {
		cap = cap ? 2 * cap : 1024;
		wl->recs = myrealloc(wl->recs, cap * sizeof(*wl->recs));
	    }
	    if (read_domain(wl, d, wl->recs + wl->nrecs)) {
		wl->recs[wl->nrecs].order = wl->nrecs;
		wl->nrecs++;
	    } else {
		free_rec(wl->recs + wl->nrecs);
		wl->skipped++;
	    }
	}
    }
    if (gen == 0 || mirror_whitelist_time(gen, wl->generated, sizeof(wl->generated)) < 0) {
	vstr_sprintf(why, "%s: missing or malformed DateDeGeneration", path);
	goto fail;
    }
    if (lists != 1) {
	vstr_sprintf(why, "%s: %d ListeDomaines elements, expected one", path, lists);
	goto fail;
    }
    if (wl->nrecs == 0) {
	vstr_sprintf(why, "%s: no usable Domaine: refusing an empty whitelist", path);
	goto fail;
    }
    wl->entries = (long) wl->nrecs;
    myfree(gen);
    return (wl);

fail:
    myfree(gen);
    mirror_whitelist_free(wl);
    return (0);
}

/* cmp_rec - by domain, then document order */

static int cmp_rec(const void *a, const void *b)
{
    const MIRROR_WL_REC *ra = a, *rb = b;
    int     c = strcmp(ra->domain, rb->domain);

    return (c ? c : ra->order < rb->order ? -1 : ra->order > rb->order);
}

/* add_dn - normalised form, raw form, CN */

static void add_dn(MIRROR_WHITELIST *wl, MIRROR_ENTRY *ep, const MIRROR_WL_REC *rp,
		           VSTR *tmp)
{
    if (rp->dn == 0 || *rp->dn == 0)
	return;
    mirror_entry_add(ep, "mssOperatorDNRaw", rp->dn);
    if (dn_normalise(rp->dn, tmp) != 0) {
	msg_warn("%s: line %ld: %s: DNCertificatOperateur \"%.200s\" cannot be"
		 " parsed: kept raw only, it will match no certificate",
		 wl->path, rp->line, rp->domain, rp->dn);
	return;
    }
    mirror_entry_add(ep, "mssOperatorDN", vstr_str(tmp));
    if (dn_cn(rp->dn, tmp) == 0)
	mirror_entry_add(ep, "mssOperatorCN", vstr_str(tmp));
}

/* mirror_whitelist_entries - one sealed entry per domain */

void    mirror_whitelist_entries(MIRROR_WHITELIST *wl, const char *base)
{
    VSTR   *tmp = vstr_alloc(256);
    size_t  i, j;

    qsort(wl->recs, wl->nrecs, sizeof(*wl->recs), cmp_rec);
    wl->domains = mycalloc(wl->nrecs, sizeof(*wl->domains));
    for (i = 0; i < wl->nrecs; i = j) {
	MIRROR_WL_DOMAIN *dp = wl->domains + wl->ndomains++;
	MIRROR_ENTRY *ep = mirror_entry_create();
	const char *latest = "";

	dp->domain = mystrdup(wl->recs[i].domain);
	dp->ep = ep;
	vstr_sprintf(ep->dn, "mssDomain=%s,ou=domains,%s", dp->domain, base);
	mirror_entry_add(ep, "objectClass", "mssTrustedDomain");
	mirror_entry_add(ep, "mssDomain", dp->domain);
	for (j = i; j < wl->nrecs && strcmp(wl->recs[j].domain, dp->domain) == 0; j++) {
	    MIRROR_WL_REC *rp = wl->recs + j;

	    mirror_entry_add(ep, "mssDomainSpelling", rp->spelling);
	    if (rp->desc)
		mirror_entry_add(ep, "description", rp->desc);
	    add_dn(wl, ep, rp, tmp);
	    if (rp->resp)
		mirror_entry_add(ep, "mssResponsibleContact", rp->resp);
	    if (rp->support)
		mirror_entry_add(ep, "mssSupportContact", rp->support);
	    if (strcmp(rp->maj, latest) > 0)
		latest = rp->maj;
	}
	if (*latest)
	    mirror_entry_add(ep, "mssLastUpdate", latest);
	mirror_entry_seal(ep);
    }
    vstr_free(tmp);
}

/* cmp_domain - bsearch by domain */

static int cmp_domain(const void *key, const void *elem)
{
    return (strcmp((const char *) key, ((const MIRROR_WL_DOMAIN *) elem)->domain));
}

/* mirror_whitelist_find - a domain's entry */

MIRROR_WL_DOMAIN *mirror_whitelist_find(MIRROR_WHITELIST *wl, const char *domain)
{
    return (bsearch(domain, wl->domains, wl->ndomains, sizeof(*wl->domains), cmp_domain));
}

/* mirror_whitelist_free - destroy */

void    mirror_whitelist_free(MIRROR_WHITELIST *wl)
{
    size_t  i;

    if (wl == 0)
	return;
    for (i = 0; i < wl->nrecs; i++)
	free_rec(wl->recs + i);
    for (i = 0; i < wl->ndomains; i++) {
	myfree(wl->domains[i].domain);
	mirror_entry_free(wl->domains[i].ep);
    }
    myfree(wl->recs);
    myfree(wl->domains);
    if (wl->doc)
	xmlFreeDoc(wl->doc);
    myfree(wl->path);
    myfree(wl);
}
