#ifndef DOCS_MSG_H_INCLUDED
#define DOCS_MSG_H_INCLUDED

/*++
/* NAME
/*	docs_msg 3h
/* SUMMARY
/*	the documents of one SMTP transaction: read, categorise, judge
/* SYNOPSIS
/*	#include "docs_msg.h"
/* DESCRIPTION
/*	See docs_msg.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "verdict.h"
#include "decide.h"
#include "dir.h"
#include "doccat.h"
#include "docs_conf.h"

#define DOCS_MSG_RULE_HEADER	"X-MSSante-Document-Rule"
#define DOCS_MSG_MAX_TAGS	200	/* headers added per message */

typedef struct DOCS_MSG DOCS_MSG;

extern DOCS_MSG *docs_msg_create(void);
extern void docs_msg_free(DOCS_MSG *);
extern void docs_msg_begin(DOCS_MSG *, const DOCS_CONF *, const char *);
extern void docs_msg_end(DOCS_MSG *);
struct RCPT_FACTS;

extern void docs_msg_rcpt(DOCS_MSG *, const char *, const char *);
extern void docs_msg_rcpt_facts(DOCS_MSG *, const struct RCPT_FACTS *);
extern void docs_msg_header(DOCS_MSG *, const char *, const char *);
extern int docs_msg_body(DOCS_MSG *, const void *, size_t);
extern VERDICT_ACTION docs_msg_eom(DOCS_MSG *, const DECIDE_POLICY *,
				           DECIDE_MSG *, DIR_CLIENT *,
				           VERDICT *);
extern size_t docs_msg_tag_count(const DOCS_MSG *);
extern const char *docs_msg_tag(const DOCS_MSG *, size_t, const char **);
extern const DOCCAT_RESULT *docs_msg_categories(const DOCS_MSG *);
extern size_t docs_msg_patient_ids(const DOCS_MSG *, const char ***);
extern void docs_msg_summary(const DOCS_MSG *, VSTR *);

#endif
