#ifndef AUDIT_UTIL_H_INCLUDED
#define AUDIT_UTIL_H_INCLUDED

/*++
/* NAME
/*	audit_util 3h
/* SUMMARY
/*	test helpers: an audit file read back, line by line
/* SYNOPSIS
/*	#include "audit_util.h"
/* DESCRIPTION
/*	See audit_util.c.
/*--*/

#include <jansson.h>
#include "vstr.h"
#include "audit.h"

 /*
  * A test's trail: a temporary directory, a key file, a configuration.
  */
typedef struct AUDIT_FIX {
    char    dir[64];
    char    path[128];			/* DIR/audit.log */
    char    keyfile[128];		/* DIR/audit.key, mode 0600 */
    AUDIT_CONFIG cf;			/* host mx-test, AuditSync none */
    VSTR   *why;
    AUDIT_KEY *key;			/* the key of keyfile */
} AUDIT_FIX;

#define AUDIT_UTIL_KEY_HEX \
	"6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839"

extern void audit_util_setup(AUDIT_FIX *, const char *);
extern void audit_util_teardown(AUDIT_FIX *);
extern AUDIT *audit_util_open(AUDIT_FIX *);
extern int audit_util_txn(AUDIT *, const char *, VSTR *);

typedef struct AUDIT_LINES {
    int     count;
    char  **text;			/* each line, without its newline */
    json_t **rec;			/* each line, parsed */
} AUDIT_LINES;

extern AUDIT_LINES *audit_util_read(const char *);
extern void audit_util_free(AUDIT_LINES *);
extern const char *audit_util_str(AUDIT_LINES *, int, const char *);
extern long long audit_util_int(AUDIT_LINES *, int, const char *);
extern int audit_util_seal_ok(const AUDIT_KEY *, AUDIT_LINES *, int);

#endif
