#ifndef HDRADDR_H_INCLUDED
#define HDRADDR_H_INCLUDED

/*++
/* NAME
/*	hdraddr 3h
/* SUMMARY
/*	RFC 5322 address-list parser for From, Reply-To and similar headers
/* SYNOPSIS
/*	#include "hdraddr.h"
/* DESCRIPTION
/*	See hdraddr.c.
/*--*/

#include <stddef.h>

#define HDRADDR_MAX_ADDRS	1000	/* mailboxes per header value */

typedef enum HDRADDR_STATUS {
    HDRADDR_OK = 0,
    HDRADDR_ERR_EMPTY,			/* no mailbox at all */
    HDRADDR_ERR_SYNTAX,			/* anything else malformed */
    HDRADDR_ERR_UNTERMINATED,		/* quote, comment, <, [ left open */
    HDRADDR_ERR_NO_DOMAIN,		/* mailbox without @domain */
    HDRADDR_ERR_CONTROL,		/* control character outside quotes */
    HDRADDR_ERR_TOO_MANY,		/* more than HDRADDR_MAX_ADDRS */
    HDRADDR_STATUS_COUNT
} HDRADDR_STATUS;

typedef struct HDRADDR {
    char   *local;			/* as written, quotes kept */
    char   *domain;			/* lower-cased; "[...]" for a literal */
} HDRADDR;

typedef struct HDRADDR_LIST {
    HDRADDR *addr;
    size_t  count;
    size_t  cap;
} HDRADDR_LIST;

extern HDRADDR_LIST *hdraddr_list_create(void);
extern void hdraddr_list_reset(HDRADDR_LIST *);
extern void hdraddr_list_free(HDRADDR_LIST *);
extern HDRADDR_STATUS hdraddr_parse(const char *, size_t, HDRADDR_LIST *);
extern const char *hdraddr_status_name(HDRADDR_STATUS);
extern const char *hdraddr_status_text_fr(HDRADDR_STATUS);

#endif
