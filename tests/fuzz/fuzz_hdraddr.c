/*++
/* NAME
/*	fuzz_hdraddr 1
/* SUMMARY
/*	fuzz target for hdraddr(3)
/* SYNOPSIS
/*	fuzz_hdraddr [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes to hdraddr_parse() as a header value, then
/*	checks what the parser promises: on success at least one mailbox,
/*	each with a non-empty lower-case domain and no control byte. Any
/*	violation aborts (a crash for libFuzzer).
/*--*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hdraddr.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    HDRADDR_STATUS status;
    size_t  i;
    const char *cp;

    status = hdraddr_parse((const char *) data, size, list);
    if ((unsigned) status >= HDRADDR_STATUS_COUNT)
	abort();
    if (status == HDRADDR_OK) {
	if (list->count == 0 || list->count > HDRADDR_MAX_ADDRS)
	    abort();
	for (i = 0; i < list->count; i++) {
	    if (list->addr[i].domain[0] == 0 || list->addr[i].local[0] == 0)
		abort();
	    for (cp = list->addr[i].domain; *cp; cp++)
		if ((*cp >= 'A' && *cp <= 'Z') || (unsigned char) *cp < 0x20)
		    abort();
	}
    }
    hdraddr_list_free(list);
    return (0);
}
