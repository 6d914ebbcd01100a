#ifndef MIRROR_RUN_H_INCLUDED
#define MIRROR_RUN_H_INCLUDED

/*++
/* NAME
/*	mirror_run 3h
/* SUMMARY
/*	one mssante-mirror run: options, checked inputs, shared entries
/* SYNOPSIS
/*	#include "mirror_run.h"
/* DESCRIPTION
/*	See mirror_run.c.
/*--*/

#include "vstr.h"
#include "mirror_entry.h"
#include "mirror_load.h"
#include "mirror_pharmacy.h"
#include "mirror_whitelist.h"

 /*
  * Exit statuses (documented in mssante-mirror(8)).
  */
#define MIRROR_EXIT_OK		0
#define MIRROR_EXIT_ERROR	1	/* I/O, LDAP, or a partial sync */
#define MIRROR_EXIT_USAGE	2
#define MIRROR_EXIT_WHITELIST	3	/* whitelist refused */
#define MIRROR_EXIT_EXTRACTION	4	/* extraction refused */
#define MIRROR_EXIT_MASS_DELETE	5	/* too many deletions refused */
#define MIRROR_EXIT_DOWNLOAD	6	/* update: a download failed */
#define MIRROR_EXIT_BUSY	7	/* update: another run holds the lock */

typedef struct MIRROR_RUN {
    /* Options. */
    const char *base;
    const char *whitelist;
    const char *extraction;
    const char *ca;
    const char *signer;
    const char *signer_dn;		/* whole DN of the signer (update) */
    const char *signer_issuer;		/* whole DN of its issuer (update) */
    int     no_verify;
    int     no_rollback;		/* refuse files older than the loaded ones */
    int     whitelist_only;		/* prepare: no extraction (TLS policy) */
    const char *pharmacies;
    const char *pharmacy_re;
    long    max_bad;
    int     max_delete_pct;
    const char *uri;
    const char *bind_dn;
    const char *password_file;
    int     dry_run;
    int     verbose;
    int     progress;			/* PROGRESS_OFF, _AUTO or _ON */
    /* Checked inputs. */
    MIRROR_WHITELIST *wl;
    MIRROR_LOAD *load;
    MIRROR_PHARMACY *pp;
    VSTR   *signer_subject;
    int     verified;
    /* What cn=metadata held before a sync (empty for ldif). */
    VSTR   *prev_wl_sha256;
    VSTR   *prev_wl_loaded;
    VSTR   *prev_ex_sha256;
    VSTR   *prev_ex_loaded;
} MIRROR_RUN;

extern int mirror_run_prepare(MIRROR_RUN *);
extern int mirror_run_base_entry(MIRROR_RUN *, MIRROR_ENTRY *, VSTR *);
extern void mirror_run_container(MIRROR_RUN *, MIRROR_ENTRY *, const char *);
extern void mirror_run_metadata(MIRROR_RUN *, MIRROR_ENTRY *);
extern int mirror_run_extraction_date(const char *, char *, size_t);
extern void mirror_run_finish(MIRROR_RUN *);

#endif
