#ifndef AUDIT_KEY_H_INCLUDED
#define AUDIT_KEY_H_INCLUDED

/*++
/* NAME
/*	audit_key 3h
/* SUMMARY
/*	the audit trail's site key: loading and HMAC-SHA256
/* SYNOPSIS
/*	#include "audit_key.h"
/* DESCRIPTION
/*	See audit_key.c.
/*--*/

#include <stddef.h>
#include "vstr.h"

#define AUDIT_KEY_MIN		16	/* bytes: 32 hex digits */
#define AUDIT_KEY_MAX		256	/* bytes: 512 hex digits */
#define AUDIT_HEX_LEN		64	/* hex digits of one SHA-256 value */

typedef struct AUDIT_KEY AUDIT_KEY;

#define AUDIT_KEY_STRICT	(1<<0)	/* refuse a key file others can read */

extern AUDIT_KEY *audit_key_load(const char *, int, VSTR *);
extern AUDIT_KEY *audit_key_parse(const char *, size_t, VSTR *);
extern void audit_key_free(AUDIT_KEY *);
extern void audit_key_hmac(const AUDIT_KEY *, const void *, size_t,
			           char[AUDIT_HEX_LEN + 1]);
extern const char *audit_key_id(const AUDIT_KEY *);

#endif
