#ifndef DOCS_CONF_H_INCLUDED
#define DOCS_CONF_H_INCLUDED

/*++
/* NAME
/*	docs_conf 3h
/* SUMMARY
/*	the documents configuration of one daemon configuration
/* SYNOPSIS
/*	#include "docs_conf.h"
/* DESCRIPTION
/*	See docs_conf.c.
/*--*/

#include "vstr.h"
#include "cfg.h"
#include "mime.h"
#include "xdm.h"
#include "category.h"
#include "doccat.h"
#include "docrules.h"

typedef struct DOCS_REF DOCS_REF;

 /*
  * doc.unanalysed is not a docrules(3) rule (nothing was analysed): its
  * action lives here. DOCS_CONF_UNANALYSED_AUTO is its default.
  */
#define DOCS_CONF_UNANALYSED_AUTO	(-1)

typedef struct DOCS_CONF {
    int     enabled;			/* Documents */
    char   *spool;			/* DocumentSpool, NULL: default */
    MIME_LIMITS mime;			/* DocumentMaxSize, spool */
    XDM_LIMITS xdm;
    DOCRULES_CONFIG rules;		/* DocumentRules, AppStrict */
    int     unanalysed;			/* DOCRULES_ACTION, or _AUTO */
    char  **app_mailboxes;		/* AppMailboxes, NULL-terminated */
    char  **nil_required;		/* NilRequired, NULL-terminated */
    const CATEGORY_TABLE *table;	/* NULL: codes are not judged */
    const CATEGORY_TABLE *classes;	/* TRE_A03, NULL: not judged */
    char   *table_path;			/* where it came from, or NULL */
    const DOCCAT_RULES *cat_rules;	/* NULL: no rule */
    DOCS_REF *table_ref;		/* private */
    DOCS_REF *rules_ref;		/* private */
    DOCS_REF *class_ref;		/* private */
} DOCS_CONF;

extern int docs_conf_check(const CFG *, VSTR *);
extern int docs_conf_check_files(const CFG *, VSTR *);
extern DOCS_CONF *docs_conf_create(const CFG *, const DOCS_CONF *);
extern void docs_conf_free(DOCS_CONF *);
extern const char *docs_conf_table_path(const CFG *);
extern int docs_conf_app_listed(const DOCS_CONF *, const char *);
extern int docs_conf_nil_listed(const DOCS_CONF *, const char *);
extern DOCRULES_ACTION docs_conf_unanalysed(const DOCS_CONF *, int);

#endif
