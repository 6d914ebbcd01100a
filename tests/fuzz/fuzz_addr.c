/*++
/* NAME
/*	fuzz_addr 1
/* SUMMARY
/*	fuzz target for addr_parse()
/* SYNOPSIS
/*	fuzz_addr [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to addr_parse() and checks the invariants
/*	of a successful parse: the domain is lower-case and passes
/*	addr_domain_check(), every length is within the RFC 5321 limits,
/*	no control or 8-bit byte survives, the lengths match the strings,
/*	and "<local@domain>" parses back to the same address.
/* DIAGNOSTICS
/*	abort() on a broken invariant (libFuzzer reports a crash).
/*--*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* check - abort unless the condition holds */

static void check(int ok)
{
    if (!ok)
	abort();
}

/* clean - printable ASCII only */

static int clean(const char *s, size_t len)
{
    size_t  i;

    for (i = 0; i < len; i++)
	if ((unsigned char) s[i] < 0x20 || (unsigned char) s[i] >= 0x7f)
	    return (0);
    return (1);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ADDR    addr, again;
    ADDR_STATUS status;
    char    path[ADDR_PATH_MAX + 8];
    size_t  i, n;

    status = addr_parse((const char *) data, size, &addr);
    check((unsigned) status < ADDR_STATUS_COUNT);
    check(addr_status_name(status) != 0 && addr_status_text_fr(status) != 0);
    if (status != ADDR_OK) {
	check(addr.local_len == 0 && addr.domain_len == 0);
	check(addr.local[0] == 0 && addr.domain[0] == 0);
	return (0);
    }
    if (addr.null_sender) {
	check(addr.local_len == 0 && addr.domain_len == 0);
	return (0);
    }
    check(addr.local_len > 0 && addr.local_len <= ADDR_LOCAL_MAX);
    check(addr.domain_len > 0 && addr.domain_len <= ADDR_DOMAIN_MAX);
    check(addr.local_len + addr.domain_len + 3 <= ADDR_PATH_MAX);
    check(strlen(addr.local) == addr.local_len);
    check(strlen(addr.domain) == addr.domain_len);
    check(clean(addr.local, addr.local_len) && clean(addr.domain, addr.domain_len));
    for (i = 0; i < addr.domain_len; i++)
	check(addr.domain[i] < 'A' || addr.domain[i] > 'Z');
    check(addr_domain_check(addr.domain, addr.domain_len) == ADDR_OK);
    check(addr.quoted == (addr.local[0] == '"'));
    if (!addr.quoted)
	check(strpbrk(addr.local, "%!@\"") == 0);

    n = (size_t) snprintf(path, sizeof(path), "<%s@%s>", addr.local, addr.domain);
    check(n < sizeof(path));
    check(addr_parse(path, n, &again) == ADDR_OK);
    check(strcmp(again.local, addr.local) == 0);
    check(strcmp(again.domain, addr.domain) == 0);
    return (0);
}
