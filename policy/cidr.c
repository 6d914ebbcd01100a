/*++
/* NAME
/*	cidr 3
/* SUMMARY
/*	IPv4 and IPv6 network lists (CIDR notation)
/* SYNOPSIS
/*	#include "cidr.h"
/*
/*	CIDR_LIST *cidr_list_create(void)
/*
/*	int	cidr_list_add(list, spec, why)
/*	CIDR_LIST *list;
/*	const char *spec;
/*	const char **why;
/*
/*	int	cidr_list_parse(list, text, why, where)
/*	CIDR_LIST *list;
/*	const char *text;
/*	const char **why;
/*	size_t	*where;
/*
/*	int	cidr_list_match(list, family, addr)
/*	const CIDR_LIST *list;
/*	int	family;
/*	const unsigned char *addr;
/*
/*	int	cidr_list_match_str(list, text)
/*	const CIDR_LIST *list;
/*	const char *text;
/*
/*	size_t	cidr_list_count(list)
/*	const CIDR_LIST *list;
/*
/*	void	cidr_list_free(list)
/*	CIDR_LIST *list;
/* DESCRIPTION
/*	A CIDR_LIST is a set of IPv4 and IPv6 networks, such as the
/*	InternalHosts of the daemon. It knows nothing of mail.
/*
/*	cidr_list_add() adds one network: an address ("192.0.2.1",
/*	"2001:db8::1", a host), or an address and a prefix length
/*	("10.0.0.0/8", "2001:db8::/32"). An IPv6 address may be written
/*	in brackets ("[::1]/128", the Postfix notation). Host bits set
/*	below the prefix ("127.0.0.1/8") are ignored, as Postfix does,
/*	because the intent is unambiguous. It returns 0, or -1 with
/*	*why set to a static English explanation.
/*
/*	cidr_list_parse() adds every network of a list separated by
/*	commas and/or blanks; on error it returns -1 with *why set and
/*	*where the offset of the offending item in text. Networks added
/*	before the error stay in the list. An empty text is an empty list.
/*
/*	cidr_list_match() tells whether an address (4 bytes for
/*	CIDR_FAMILY_INET, 16 for CIDR_FAMILY_INET6, network byte order)
/*	belongs to one of the networks. An IPv4-mapped IPv6 address
/*	(::ffff:192.0.2.1) also matches the IPv4 networks, because a
/*	dual-stack MTA reports IPv4 clients that way.
/*	cidr_list_match_str() does the same for a textual address and
/*	returns 0 for anything that is not an address.
/*
/*	cidr_list_count() returns the number of networks.
/*	cidr_list_free() releases a list; NULL is fine.
/* DIAGNOSTICS
/*	Bad input is reported through the return value, never fatal.
/*--*/

#include <arpa/inet.h>
#include <string.h>

#include "mymalloc.h"
#include "cidr.h"

typedef struct CIDR_ENTRY {
    int     family;			/* CIDR_FAMILY_INET or _INET6 */
    unsigned prefix;			/* bits */
    unsigned char net[16];		/* host bits cleared */
} CIDR_ENTRY;

struct CIDR_LIST {
    CIDR_ENTRY *ent;
    size_t  count;
    size_t  cap;
};

/* cidr_list_create - empty list */

CIDR_LIST *cidr_list_create(void)
{
    CIDR_LIST *list = mymalloc(sizeof(*list));

    list->ent = 0;
    list->count = list->cap = 0;
    return (list);
}

/* cidr_list_free - release */

void    cidr_list_free(CIDR_LIST *list)
{
    if (list) {
	myfree(list->ent);
	myfree(list);
    }
}

/* cidr_list_count - number of networks */

size_t  cidr_list_count(const CIDR_LIST *list)
{
    return (list ? list->count : 0);
}

/* cidr_mask - clear the bits below the prefix */

static void cidr_mask(unsigned char *bytes, size_t len, unsigned prefix)
{
    size_t  i;

    for (i = 0; i < len; i++) {
	if (prefix >= 8) {
	    prefix -= 8;
	} else {
	    bytes[i] &= (unsigned char) (0xff << (8 - prefix));
	    prefix = 0;
	}
    }
}

/* cidr_list_add - add one network */

int     cidr_list_add(CIDR_LIST *list, const char *spec, const char **why)
{
    char    host[64];
    const char *slash;
    const char *start = spec;
    size_t  hlen;
    CIDR_ENTRY ent;
    unsigned max;

    if (spec == 0 || *spec == 0) {
	*why = "empty network";
	return (-1);
    }
    slash = strchr(spec, '/');
    hlen = slash ? (size_t) (slash - spec) : strlen(spec);
    if (hlen >= 2 && spec[0] == '[' && spec[hlen - 1] == ']') {
	start = spec + 1;
	hlen -= 2;
    }
    /* inet_pton() wants a C string; the longest valid address fits. */
    if (hlen == 0 || hlen >= sizeof(host)) {
	*why = "malformed address";
	return (-1);
    }
    memcpy(host, start, hlen);
    host[hlen] = 0;
    memset(&ent, 0, sizeof(ent));
    if (strchr(host, ':') != 0) {
	if (inet_pton(AF_INET6, host, ent.net) != 1) {
	    *why = "malformed IPv6 address";
	    return (-1);
	}
	ent.family = CIDR_FAMILY_INET6;
	max = 128;
    } else {
	if (start != spec) {
	    *why = "brackets around an IPv4 address";
	    return (-1);
	}
	if (inet_pton(AF_INET, host, ent.net) != 1) {
	    *why = "malformed IPv4 address";
	    return (-1);
	}
	ent.family = CIDR_FAMILY_INET;
	max = 32;
    }
    ent.prefix = max;
    if (slash) {
	const char *cp = slash + 1;
	unsigned val = 0;

	if (*cp == 0) {
	    *why = "missing prefix length after /";
	    return (-1);
	}
	for (; *cp; cp++) {
	    if (*cp < '0' || *cp > '9' || (val = val * 10 + (unsigned) (*cp - '0')) > max) {
		*why = "bad prefix length";
		return (-1);
	    }
	}
	ent.prefix = val;
    }
    cidr_mask(ent.net, ent.family == CIDR_FAMILY_INET ? 4 : 16, ent.prefix);
    if (list->count == list->cap) {
	list->cap = list->cap ? list->cap * 2 : 4;
	list->ent = myrealloc(list->ent, list->cap * sizeof(*list->ent));
    }
    list->ent[list->count++] = ent;
    return (0);
}

/* cidr_list_parse - add a comma/blank separated list */

int     cidr_list_parse(CIDR_LIST *list, const char *text, const char **why,
			        size_t *where)
{
    const char *cp = text;
    const char *sep = ", \t\r\n";

    while (*cp) {
	size_t  len;
	char   *item;
	int     ret;

	cp += strspn(cp, sep);
	if ((len = strcspn(cp, sep)) == 0)
	    break;
	item = mystrndup(cp, len);
	ret = cidr_list_add(list, item, why);
	myfree(item);
	if (ret < 0) {
	    *where = (size_t) (cp - text);
	    return (-1);
	}
	cp += len;
    }
    return (0);
}

/* cidr_prefix_equal - compare the first "bits" bits */

static int cidr_prefix_equal(const unsigned char *a, const unsigned char *b,
			             unsigned bits)
{
    size_t  whole = bits / 8;
    unsigned rest = bits % 8;

    if (memcmp(a, b, whole) != 0)
	return (0);
    if (rest == 0)
	return (1);
    return (((a[whole] ^ b[whole]) & (0xff << (8 - rest))) == 0);
}

/* cidr_list_match - is the address in one of the networks? */

int     cidr_list_match(const CIDR_LIST *list, int family,
			        const unsigned char *addr)
{
    static const unsigned char v4mapped[12] =
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    const unsigned char *v4 = 0;
    size_t  i;

    if (list == 0 || addr == 0)
	return (0);
    if (family == CIDR_FAMILY_INET)
	v4 = addr;
    else if (family == CIDR_FAMILY_INET6) {
	if (memcmp(addr, v4mapped, sizeof(v4mapped)) == 0)
	    v4 = addr + 12;
    } else
	return (0);

    for (i = 0; i < list->count; i++) {
	const CIDR_ENTRY *ep = list->ent + i;

	if (ep->family == CIDR_FAMILY_INET6 && family == CIDR_FAMILY_INET6) {
	    if (cidr_prefix_equal(ep->net, addr, ep->prefix))
		return (1);
	} else if (ep->family == CIDR_FAMILY_INET && v4 != 0) {
	    if (cidr_prefix_equal(ep->net, v4, ep->prefix))
		return (1);
	}
    }
    return (0);
}

/* cidr_list_match_str - same, for a textual address */

int     cidr_list_match_str(const CIDR_LIST *list, const char *text)
{
    unsigned char buf[16];

    if (text == 0)
	return (0);
    if (inet_pton(AF_INET, text, buf) == 1)
	return (cidr_list_match(list, CIDR_FAMILY_INET, buf));
    if (inet_pton(AF_INET6, text, buf) == 1)
	return (cidr_list_match(list, CIDR_FAMILY_INET6, buf));
    return (0);
}
