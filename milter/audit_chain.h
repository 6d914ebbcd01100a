#ifndef AUDIT_CHAIN_H_INCLUDED
#define AUDIT_CHAIN_H_INCLUDED

/*++
/* NAME
/*	audit_chain 3h
/* SUMMARY
/*	the hash chain of the audit trail, shared by writer and verifier
/* SYNOPSIS
/*	#include "audit_chain.h"
/* DESCRIPTION
/*	See audit_chain.c.
/*--*/

#include <sys/types.h>
#include <jansson.h>

#include "vstr.h"
#include "audit_key.h"

#define AUDIT_FORMAT_VERSION	1
#define AUDIT_CHAIN_ZERO \
	"0000000000000000000000000000000000000000000000000000000000000000"

 /*
  * Record types ("type" member).
  */
#define AUDIT_TYPE_TXN		"txn"
#define AUDIT_TYPE_FILE_START	"file-start"
#define AUDIT_TYPE_RESTART	"restart"
#define AUDIT_TYPE_CHECKPOINT	"checkpoint"

typedef struct AUDIT_LINK {
    long long seq;			/* "seq" */
    const char *prev;			/* "prev": 64 lower-case hex digits */
    const char *type;			/* "type" */
} AUDIT_LINK;

extern void audit_chain_hash(const char *, size_t, char[AUDIT_HEX_LEN + 1]);
extern void audit_chain_mac(const AUDIT_KEY *, long long, const char *,
			            char[AUDIT_HEX_LEN + 1]);
extern int audit_chain_link(json_t *, AUDIT_LINK *);
extern int audit_chain_is_hex(const char *);
extern int audit_chain_tail(int, VSTR *, off_t *);

#endif
