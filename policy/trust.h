#ifndef TRUST_H_INCLUDED
#define TRUST_H_INCLUDED

/*++
/* NAME
/*	trust 3h
/* SUMMARY
/*	immutable trust-space snapshot (whitelisted domains, operator DNs)
/* SYNOPSIS
/*	#include "trust.h"
/* DESCRIPTION
/*	See trust.c.
/*--*/

#include <stddef.h>

typedef struct TRUST TRUST;
typedef struct TRUST_BUILDER TRUST_BUILDER;

typedef enum TRUST_PEER {
    TRUST_PEER_MATCH = 0,		/* subject matches a DN of the domain */
    TRUST_PEER_NO_CERT,			/* no (verified) subject given */
    TRUST_PEER_UNKNOWN_DOMAIN,		/* domain not in the trust space */
    TRUST_PEER_NO_DN,			/* domain listed without any DN */
    TRUST_PEER_MISMATCH			/* subject matches no DN of the domain */
} TRUST_PEER;

typedef enum TRUST_FORM {
    TRUST_FORM_NONE = 0,		/* no subject */
    TRUST_FORM_CN,			/* bare CN (Postfix): CNs compared */
    TRUST_FORM_DN			/* whole DN (Sendmail): DNs compared */
} TRUST_FORM;

extern TRUST_BUILDER *trust_builder_create(size_t);
extern int trust_builder_add(TRUST_BUILDER *, const char *, const char *);
extern TRUST *trust_builder_finish(TRUST_BUILDER *);
extern void trust_builder_free(TRUST_BUILDER *);

extern int trust_contains(const TRUST *, const char *);
extern int trust_containsn(const TRUST *, const char *, size_t);
extern TRUST_PEER trust_peer_check(const TRUST *, const char *, const char *);
extern const char *trust_peer_name(TRUST_PEER);
extern TRUST_FORM trust_peer_form(const char *);
extern const char *trust_form_name(TRUST_FORM);
extern const char *const *trust_domain_dns(const TRUST *, const char *, size_t *);
extern size_t trust_domain_count(const TRUST *);
extern size_t trust_dn_count(const TRUST *);
extern void trust_free(TRUST *);

#endif
