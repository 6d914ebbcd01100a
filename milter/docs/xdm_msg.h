#ifndef XDM_MSG_H_INCLUDED
#define XDM_MSG_H_INCLUDED

/*++
/* NAME
/*	xdm_msg 3h
/* SUMMARY
/*	documents of one message: archives, categories, conformance facts
/* SYNOPSIS
/*	#include "xdm_msg.h"
/* DESCRIPTION
/*	See xdm_msg.c.
/*--*/

#include "mime.h"
#include "xdm.h"
#include "xdm_budget.h"
#include "category.h"
#include "doccat.h"
#include "docrules.h"

typedef struct XDM_MSG XDM_MSG;

extern XDM_MSG *xdm_msg_create(void);
extern void xdm_msg_free(XDM_MSG *);
extern size_t xdm_msg_scan(XDM_MSG *, MIME_MSG *, const XDM_LIMITS *,
			           const char *);
extern int xdm_msg_local_error(const XDM_MSG *);
extern int xdm_msg_timed_out(const XDM_MSG *);
extern const XDM_BUDGET *xdm_msg_budget(const XDM_MSG *);
extern size_t xdm_msg_archive_count(const XDM_MSG *);
extern const XDM_RESULT *xdm_msg_archive(const XDM_MSG *, size_t);
extern const DOCCAT_RESULT *xdm_msg_classify(XDM_MSG *, const CATEGORY_TABLE *);
extern const DOCCAT_RESULT *xdm_msg_categorize(XDM_MSG *, MIME_MSG *,
				             const CATEGORY_TABLE *,
				             const DOCCAT_RULES *, const char *);
extern const DOCRULES_FACTS *xdm_msg_facts(XDM_MSG *, MIME_MSG *, int,
				             const char *const *, size_t);

#endif
