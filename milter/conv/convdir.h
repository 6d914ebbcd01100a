#ifndef CONVDIR_H_INCLUDED
#define CONVDIR_H_INCLUDED

/*++
/* NAME
/*	convdir 3h
/* SUMMARY
/*	conversation entries in the directory (ou=conversations)
/* SYNOPSIS
/*	#include "convdir.h"
/* DESCRIPTION
/*	See convdir.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "conv.h"
#include "dir.h"
#include "audit_key.h"

typedef struct CONVDIR_KEY {
    char    id[AUDIT_HEX_LEN + 1];	/* mssConversationId */
    char    hmac[AUDIT_HEX_LEN + 1];	/* mssPatientInsHmac */
    VSTR   *mailbox;			/* mssProfessionalMailbox, lower case */
} CONVDIR_KEY;

 /*
  * One entry as convdir_list() gives it; strings are "" when absent.
  */
typedef struct CONVDIR_ENTRY {
    const char *id;
    const char *mailbox;
    const char *hmac;
    const char *addr_enc;		/* mssPatientAddressEnc */
    CONV_STATE state;
} CONVDIR_ENTRY;

typedef int (*CONVDIR_LIST_FN) (const CONVDIR_ENTRY *, void *);

extern void convdir_key_init(CONVDIR_KEY *);
extern void convdir_key_free(CONVDIR_KEY *);
extern int convdir_key_set(CONVDIR_KEY *, const AUDIT_KEY *, const char *,
			           const char *, size_t);
extern DIR_STATUS convdir_read(DIR_CLIENT *, const CONVDIR_KEY *,
			               CONV_STATE *);
typedef enum CONVDIR_WSTATUS {
    CONVDIR_WRITTEN = 0,		/* stored */
    CONVDIR_CONFLICT,			/* the entry changed since it was read */
    CONVDIR_WERROR			/* LDAP failure: nothing stored */
} CONVDIR_WSTATUS;

extern CONVDIR_WSTATUS convdir_write(DIR_CLIENT *, const CONVDIR_KEY *,
				             const CONV_STATE *, const CONV_STATE *,
				             const char *);
extern DIR_STATUS convdir_list(DIR_CLIENT *, const char *, int,
			               CONVDIR_LIST_FN, void *);

#endif
