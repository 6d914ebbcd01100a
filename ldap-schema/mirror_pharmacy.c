/*++
/* NAME
/*	mirror_pharmacy 3
/* SUMMARY
/*	which ORG mailboxes belong to a pharmacy (mssante-mirror)
/* SYNOPSIS
/*	#include "mirror_pharmacy.h"
/*
/*	MIRROR_PHARMACY *mirror_pharmacy_create(const char *regex, VSTR *why)
/*	int	mirror_pharmacy_load(MIRROR_PHARMACY *pp, const char *path,
/*				VSTR *why)
/*	int	mirror_pharmacy_decide(MIRROR_PHARMACY *pp, const char *addr,
/*				const MIRROR_ENTRY *ep)
/*	void	mirror_pharmacy_report(MIRROR_PHARMACY *pp)
/*	void	mirror_pharmacy_free(MIRROR_PHARMACY *pp)
/* DESCRIPTION
/*	Since May 2023 a Mon espace sante patient may start a conversation
/*	with a pharmacy's ORG mailbox. The extraction has no pharmacy
/*	column, so the loader infers the flag (mssPharmacy):
/*
/*	1. the list file, when given, decides first: one address a line
/*	   marks it a pharmacy; "!address" marks it NOT a pharmacy (to
/*	   correct the rule below); '#' starts a comment.
/*	2. else the rule: an ORG mailbox whose "Raison Sociale", "Enseigne
/*	   commerciale" or address domain matches the extended regular
/*	   expression (case-insensitive; default PHARMACIE). A null regex
/*	   turns the rule off (list only).
/*	3. else not a pharmacy (PER, APP, CAB mailboxes never are by rule).
/*
/*	Limits: a pharmacy whose names and domain do not contain the word
/*	is missed (add it to the list); a hospital structure named
/*	"PHARMACIE ..." (a PUI, a central pharmacy) would be flagged (list
/*	it with "!"). The rule reads only the extraction: FINESS category
/*	codes (620: pharmacie d'officine) would be exact but are not in it.
/*
/*	mirror_pharmacy_decide() takes the lower-cased address and the
/*	entry being built (its mssMailboxType, mssStructureName and
/*	mssStructureBrand). mirror_pharmacy_report() warns about listed
/*	addresses that no line of the extraction used.
/* DIAGNOSTICS
/*	mirror_pharmacy_create() returns null for a bad regex and
/*	mirror_pharmacy_load() -1 for an unreadable file, with why set.
/*--*/

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "msg.h"
#include "mirror_pharmacy.h"

typedef struct PHARMACY_ITEM {
    char   *addr;			/* lower-cased */
    int     yes;			/* 0: "!address" */
    int     used;
    long    lineno;
} PHARMACY_ITEM;

struct MIRROR_PHARMACY {
    regex_t re;
    int     have_re;
    PHARMACY_ITEM *items;		/* sorted by addr after load */
    size_t  nitems;
    char   *path;
};

/* mirror_pharmacy_create - rule with an ERE, or none */

MIRROR_PHARMACY *mirror_pharmacy_create(const char *regex, VSTR *why)
{
    MIRROR_PHARMACY *pp = mycalloc(1, sizeof(*pp));
    int     err;

    if (regex && *regex) {
	if ((err = regcomp(&pp->re, regex, REG_EXTENDED | REG_ICASE | REG_NOSUB)) != 0) {
	    char    buf[256];

	    regerror(err, &pp->re, buf, sizeof(buf));
	    vstr_sprintf(why, "pharmacy regex \"%s\": %s", regex, buf);
	    myfree(pp);
	    return (0);
	}
	pp->have_re = 1;
    }
    return (pp);
}

/* cmp_item - qsort/bsearch by address */

static int cmp_item(const void *a, const void *b)
{
    return (strcmp(((const PHARMACY_ITEM *) a)->addr, ((const PHARMACY_ITEM *) b)->addr));
}

/* mirror_pharmacy_load - read the explicit list */

int     mirror_pharmacy_load(MIRROR_PHARMACY *pp, const char *path, VSTR *why)
{
    FILE   *fp;
    VSTR   *line = vstr_alloc(100);
    int     ch;
    long    lineno = 0;
    size_t  cap = 0, i;

    if ((fp = fopen(path, "r")) == 0) {
	vstr_sprintf(why, "open %s: %s", path, strerror(errno));
	vstr_free(line);
	return (-1);
    }
    pp->path = mystrdup(path);
    do {
	char   *cp, *end;
	int     yes = 1;

	vstr_reset(line);
	while ((ch = getc(fp)) != EOF && ch != '\n')
	    vstr_addch(line, tolower(ch));
	lineno++;
	cp = vstr_str(line);
	if ((end = strchr(cp, '#')) != 0)
	    *end = 0;
	while (isspace((unsigned char) *cp))
	    cp++;
	end = cp + strlen(cp);
	while (end > cp && isspace((unsigned char) end[-1]))
	    *--end = 0;
	if (*cp == '!')
	    yes = 0, cp++;
	if (*cp == 0)
	    continue;
	if (strchr(cp, '@') == 0 || strpbrk(cp, " \t")) {
	    msg_warn("%s: line %ld: not an address, ignored: %s", path, lineno, cp);
	    continue;
	}
	if (pp->nitems == cap) {
	    cap = cap ? 2 * cap : 64;
	    pp->items = myrealloc(pp->items, cap * sizeof(*pp->items));
	}
	pp->items[pp->nitems].addr = mystrdup(cp);
	pp->items[pp->nitems].yes = yes;
	pp->items[pp->nitems].used = 0;
	pp->items[pp->nitems].lineno = lineno;
	pp->nitems++;
    } while (ch != EOF);
    if (ferror(fp)) {
	vstr_sprintf(why, "read %s: %s", path, strerror(errno));
	fclose(fp);
	vstr_free(line);
	return (-1);
    }
    fclose(fp);
    vstr_free(line);
    qsort(pp->items, pp->nitems, sizeof(*pp->items), cmp_item);
    for (i = 1; i < pp->nitems; i++)
	if (strcmp(pp->items[i].addr, pp->items[i - 1].addr) == 0)
	    msg_warn("%s: line %ld: %s listed twice", path,
		     pp->items[i].lineno, pp->items[i].addr);
    return (0);
}

/* match_attr - any value of the attribute matches the rule */

static int match_attr(MIRROR_PHARMACY *pp, const MIRROR_ENTRY *ep, const char *name)
{
    const MIRROR_ATTR *ap = mirror_entry_find(ep, name);
    size_t  i;

    for (i = 0; ap && i < ap->nvals; i++)
	if (regexec(&pp->re, ap->vals[i], 0, 0, 0) == 0)
	    return (1);
    return (0);
}

/* mirror_pharmacy_decide - list first, then the rule */

int     mirror_pharmacy_decide(MIRROR_PHARMACY *pp, const char *addr,
			               const MIRROR_ENTRY *ep)
{
    PHARMACY_ITEM key, *ip;
    const MIRROR_ATTR *type;
    const char *domain;

    if (pp->nitems) {
	key.addr = (char *) addr;
	ip = bsearch(&key, pp->items, pp->nitems, sizeof(*pp->items), cmp_item);
	if (ip) {
	    ip->used = 1;
	    return (ip->yes);
	}
    }
    if (!pp->have_re)
	return (0);
    type = mirror_entry_find(ep, "mssMailboxType");
    if (type == 0 || strcmp(type->vals[0], "ORG") != 0)
	return (0);
    domain = strrchr(addr, '@');
    return ((domain && regexec(&pp->re, domain + 1, 0, 0, 0) == 0)
	    || match_attr(pp, ep, "mssStructureName")
	    || match_attr(pp, ep, "mssStructureBrand"));
}

/* mirror_pharmacy_report - listed addresses absent from the extraction */

void    mirror_pharmacy_report(MIRROR_PHARMACY *pp)
{
    size_t  i;

    for (i = 0; i < pp->nitems; i++)
	if (!pp->items[i].used)
	    msg_warn("%s: line %ld: %s is not in the extraction",
		     pp->path, pp->items[i].lineno, pp->items[i].addr);
}

/* mirror_pharmacy_free - destroy */

void    mirror_pharmacy_free(MIRROR_PHARMACY *pp)
{
    size_t  i;

    if (pp == 0)
	return;
    if (pp->have_re)
	regfree(&pp->re);
    for (i = 0; i < pp->nitems; i++)
	myfree(pp->items[i].addr);
    myfree(pp->items);
    myfree(pp->path);
    myfree(pp);
}
