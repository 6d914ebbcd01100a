#ifndef ADDR_H_INCLUDED
#define ADDR_H_INCLUDED

/*++
/* NAME
/*	addr 3h
/* SUMMARY
/*	envelope address parser (RFC 5321), fail closed
/* SYNOPSIS
/*	#include "addr.h"
/* DESCRIPTION
/*	See addr.c.
/*--*/

#include <stddef.h>

 /*
  * RFC 5321 section 4.5.3.1 limits. The buffers below are sized to them and
  * longer input is REJECTED with a distinct status, never truncated.
  */
#define ADDR_LOCAL_MAX		64	/* octets, quotes included */
#define ADDR_DOMAIN_MAX		255	/* octets */
#define ADDR_LABEL_MAX		63	/* octets per label */
#define ADDR_PATH_MAX		256	/* octets, brackets included */

typedef enum ADDR_STATUS {
    ADDR_OK = 0,
    ADDR_ERR_EMPTY,			/* nothing, or only blanks */
    ADDR_ERR_SYNTAX,			/* anything else malformed */
    ADDR_ERR_BRACKETS,			/* unbalanced or misplaced < > */
    ADDR_ERR_SOURCE_ROUTE,		/* <@a,@b:user@d> */
    ADDR_ERR_ROUTING,			/* % or ! in an unquoted local part */
    ADDR_ERR_MULTIPLE_AT,		/* more than one @ outside quotes */
    ADDR_ERR_NO_AT,			/* no domain at all */
    ADDR_ERR_EMPTY_LOCAL,		/* @domain */
    ADDR_ERR_EMPTY_DOMAIN,		/* user@ */
    ADDR_ERR_BAD_LOCAL,			/* dot-atom rules: leading/double dot... */
    ADDR_ERR_BAD_QUOTE,			/* unterminated quote, bad escape */
    ADDR_ERR_BAD_DOMAIN,		/* label syntax, empty label, leading hyphen */
    ADDR_ERR_TRAILING_DOT,		/* user@domain. */
    ADDR_ERR_ADDRESS_LITERAL,		/* user@[192.0.2.1]: no trust-space domain */
    ADDR_ERR_CONTROL_CHAR,		/* CTL, DEL, NUL anywhere */
    ADDR_ERR_NON_ASCII,			/* 8-bit byte (SMTPUTF8): A-labels only */
    ADDR_ERR_LOCAL_TOO_LONG,		/* > ADDR_LOCAL_MAX */
    ADDR_ERR_DOMAIN_TOO_LONG,		/* > ADDR_DOMAIN_MAX */
    ADDR_ERR_LABEL_TOO_LONG,		/* > ADDR_LABEL_MAX */
    ADDR_ERR_PATH_TOO_LONG,		/* > ADDR_PATH_MAX */
    ADDR_STATUS_COUNT
} ADDR_STATUS;

typedef struct ADDR {
    int     null_sender;		/* "<>": local and domain are empty */
    int     quoted;			/* local part was a quoted-string */
    size_t  local_len;
    size_t  domain_len;
    char    local[ADDR_LOCAL_MAX + 1];	/* as written, quotes kept, case kept */
    char    domain[ADDR_DOMAIN_MAX + 1];	/* lower-cased */
} ADDR;

extern ADDR_STATUS addr_parse(const char *, size_t, ADDR *);
extern ADDR_STATUS addr_domain_check(const char *, size_t);
extern const char *addr_status_name(ADDR_STATUS);
extern const char *addr_status_text_fr(ADDR_STATUS);
extern const char *addr_status_text_en(ADDR_STATUS);

#endif
