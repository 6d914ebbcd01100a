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

 /*
  * Why a checkpoint was written ("reason" member). "rotate" and "stop"
  * close a file: the last record of a rotated file, or of a daemon that
  * stopped cleanly. See mssante-milter-audit(5).
  */
#define AUDIT_CP_INTERVAL	"interval"	/* AuditCheckpoint timer */
#define AUDIT_CP_ROTATE		"rotate"	/* the file was rotated */
#define AUDIT_CP_STOP		"stop"		/* clean shutdown */

typedef struct AUDIT_LINK {
    long long seq;			/* "seq" */
    const char *prev;			/* "prev": 64 lower-case hex digits */
    const char *type;			/* "type" */
} AUDIT_LINK;

extern void audit_chain_hash(const char *, size_t, char[AUDIT_HEX_LEN + 1]);
extern void audit_chain_seal(const AUDIT_KEY *, const char *, size_t,
			             long long, const char *, char[AUDIT_HEX_LEN + 1]);
extern int audit_chain_seal_body(const char *, size_t, const char *, long long,
				         const char *, size_t *);
extern int audit_chain_is_seal(const char *);
extern int audit_chain_link(json_t *, AUDIT_LINK *);
extern int audit_chain_is_hex(const char *);
extern int audit_chain_tail(int, VSTR *, off_t *);

#endif
