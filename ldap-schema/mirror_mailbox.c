/*++
/* NAME
/*	mirror_mailbox 3
/* SUMMARY
/*	mailbox entry from one or more extraction lines (mssante-mirror)
/* SYNOPSIS
/*	#include "mirror_mailbox.h"
/*
/*	void	mirror_mailbox_init(MIRROR_MAILBOX *mb, const char *path)
/*	void	mirror_mailbox_begin(MIRROR_MAILBOX *mb, const char *base,
/*				const char *id_hex, const MIRROR_LINE *lp)
/*	void	mirror_mailbox_merge(MIRROR_MAILBOX *mb, const MIRROR_LINE *lp)
/*	void	mirror_mailbox_end(MIRROR_MAILBOX *mb, MIRROR_PHARMACY *pp)
/*	void	mirror_mailbox_done(MIRROR_MAILBOX *mb)
/* DESCRIPTION
/*	One mssMailbox entry per address: mirror_mailbox_begin() starts
/*	it from the address's first line (DN mssMailboxId=id_hex,
/*	ou=mailboxes,base; mail as written; mssMailboxType),
/*	mirror_mailbox_merge() adds each further line of the same address
/*	(about 169 addresses of the real file appear on several lines,
/*	one per structure of practice): every other attribute is
/*	multi-valued and collects the distinct values.
/*	mirror_mailbox_end() settles what one value must summarise
/*	(mssDematerialisation: TRUE when any line says true; mssPharmacy:
/*	see mirror_pharmacy(3)) and seals the entry's digest.
/*
/*	Values are stored as the extraction gives them, trimmed; the
/*	address lines L2-L6 are not stored (no lookup needs them).
/*	mssStructureId is "type:id" ("Type identifiant structure", a
/*	colon, "Identification Structure"), or the id alone when the type
/*	is empty. mssPractitionerId is "Identification nationale PP" (the
/*	type digit, 8 RPPS or 0 ADELI, then the number), or the type and
/*	"Identifiant PP" joined when that column is empty.
/* DIAGNOSTICS
/*	A line whose "Type de BAL" differs from the first line's is merged
/*	with a warning; the first line's type is kept.
/*--*/

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "msg.h"
#include "mirror_mailbox.h"

/* mirror_mailbox_init - one-time setup */

void    mirror_mailbox_init(MIRROR_MAILBOX *mb, const char *path)
{
    mb->ep = mirror_entry_create();
    mb->addr = vstr_alloc(64);
    mb->path = path;
}

/* add_line - the attributes of one line */

static void add_line(MIRROR_MAILBOX *mb, const MIRROR_LINE *lp)
{
    MIRROR_ENTRY *ep = mb->ep;
    VSTR   *tmp = vstr_alloc(64);

    if (lp->len[MX_PP_NATIONAL])
	mirror_entry_add(ep, "mssPractitionerId", lp->f[MX_PP_NATIONAL]);
    else if (lp->len[MX_PP_ID]) {
	vstr_sprintf(tmp, "%s%s", lp->f[MX_PP_TYPE], lp->f[MX_PP_ID]);
	mirror_entry_add(ep, "mssPractitionerId", vstr_str(tmp));
    }
    if (lp->len[MX_ST_ID]) {
	if (lp->len[MX_ST_TYPE])
	    vstr_sprintf(tmp, "%s:%s", lp->f[MX_ST_TYPE], lp->f[MX_ST_ID]);
	else
	    vstr_strcpy(tmp, lp->f[MX_ST_ID]);
	mirror_entry_add(ep, "mssStructureId", vstr_str(tmp));
    }
    mirror_entry_add(ep, "mssService", lp->f[MX_SERVICE]);
    mirror_entry_add(ep, "mssCivility", lp->f[MX_CIVILITY]);
    mirror_entry_add(ep, "sn", lp->f[MX_LAST_NAME]);
    mirror_entry_add(ep, "givenName", lp->f[MX_FIRST_NAME]);
    mirror_entry_add(ep, "mssProfessionCategory", lp->f[MX_PROF_CAT]);
    mirror_entry_add(ep, "mssProfessionCategoryLabel", lp->f[MX_PROF_CAT_LABEL]);
    mirror_entry_add(ep, "mssProfessionCode", lp->f[MX_PROF_CODE]);
    mirror_entry_add(ep, "mssProfessionLabel", lp->f[MX_PROF_LABEL]);
    mirror_entry_add(ep, "mssSavoirFaireCode", lp->f[MX_SF_CODE]);
    mirror_entry_add(ep, "mssSavoirFaireLabel", lp->f[MX_SF_LABEL]);
    mirror_entry_add(ep, "mssStructureName", lp->f[MX_ST_NAME]);
    mirror_entry_add(ep, "mssStructureBrand", lp->f[MX_ST_BRAND]);
    mirror_entry_add(ep, "postalCode", lp->f[MX_POSTCODE]);
    mirror_entry_add(ep, "mssDepartment", lp->f[MX_DEPARTMENT]);
    mirror_entry_add(ep, "mssCountry", lp->f[MX_COUNTRY]);
    if (strcasecmp(lp->f[MX_DEMAT], "true") == 0)
	mb->demat = 1;
    vstr_free(tmp);
}

/* mirror_mailbox_begin - a new entry from the address's first line */

void    mirror_mailbox_begin(MIRROR_MAILBOX *mb, const char *base,
			             const char *id_hex, const MIRROR_LINE *lp)
{
    MIRROR_ENTRY *ep = mb->ep;
    const char *cp;

    mirror_entry_reset(ep);
    vstr_sprintf(ep->dn, "mssMailboxId=%s,ou=mailboxes,%s", id_hex, base);
    vstr_reset(mb->addr);
    for (cp = lp->f[MX_ADDRESS]; *cp; cp++)
	vstr_addch(mb->addr, tolower((unsigned char) *cp));
    snprintf(mb->type, sizeof(mb->type), "%s", lp->f[MX_TYPE_BAL]);
    mb->demat = 0;
    mb->pharmacy = 0;
    mirror_entry_add(ep, "objectClass", "mssMailbox");
    mirror_entry_add(ep, "mssMailboxId", id_hex);
    mirror_entry_add(ep, "mail", lp->f[MX_ADDRESS]);
    mirror_entry_add(ep, "mssMailboxType", lp->f[MX_TYPE_BAL]);
    add_line(mb, lp);
}

/* mirror_mailbox_merge - another line of the same address */

void    mirror_mailbox_merge(MIRROR_MAILBOX *mb, const MIRROR_LINE *lp)
{
    if (strcmp(lp->f[MX_TYPE_BAL], mb->type) != 0)
	msg_warn("%s: line %ld: %s is %s here but %s on its first line; keeping %s",
		 mb->path, lp->lineno, vstr_str(mb->addr), lp->f[MX_TYPE_BAL],
		 mb->type, mb->type);
    add_line(mb, lp);
}

/* mirror_mailbox_end - summary attributes and digest */

void    mirror_mailbox_end(MIRROR_MAILBOX *mb, MIRROR_PHARMACY *pp)
{
    mirror_entry_set(mb->ep, "mssDematerialisation", mb->demat ? "TRUE" : "FALSE");
    mb->pharmacy = pp ? mirror_pharmacy_decide(pp, vstr_str(mb->addr), mb->ep) : 0;
    mirror_entry_set(mb->ep, "mssPharmacy", mb->pharmacy ? "TRUE" : "FALSE");
    mirror_entry_seal(mb->ep);
}

/* mirror_mailbox_done - release */

void    mirror_mailbox_done(MIRROR_MAILBOX *mb)
{
    mirror_entry_free(mb->ep);
    vstr_free(mb->addr);
}
