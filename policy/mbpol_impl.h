#ifndef MBPOL_IMPL_H_INCLUDED
#define MBPOL_IMPL_H_INCLUDED

/*++
/* NAME
/*	mbpol_impl 3h
/* SUMMARY
/*	per-mailbox policy: the compiled form, private to mbpol*.c
/* SYNOPSIS
/*	#include "mbpol_impl.h"
/* DESCRIPTION
/*	A compiled policy is immutable once mbpol_parse() returns it:
/*	every thread may select from it without locks, and a reload
/*	builds a new one. Every string and array it holds is recorded in
/*	"owned" and freed by mbpol_free(), so that the effective settings
/*	of each selector may share lists with the section that set them.
/*--*/

#include <jansson.h>
#include "vstr.h"
#include "mbpol.h"

typedef struct MBPOL_SPEC {		/* every condition present must hold */
    MBPOL_LIST sender;			/* addresses */
    MBPOL_LIST recipient;
    MBPOL_LIST sender_domain;
    MBPOL_LIST recipient_domain;
    unsigned sender_types;		/* 1 << MBPOL_TYPE_x; 0: any */
    unsigned recipient_types;
    int     dir;			/* MBPOL_DIR, or -1: any */
} MBPOL_SPEC;

typedef struct MBPOL_SELECTOR {
    char   *name;			/* "" when the file names none */
    char   *path;			/* "/mailboxes/3" */
    MBPOL_LEVEL level;
    MBPOL_SPEC spec;
    MBPOL_SETTINGS eff;			/* config <- default <- this */
} MBPOL_SELECTOR;

struct MBPOL {
    MBPOL_SETTINGS def;			/* config <- default section */
    MBPOL_SELECTOR *sel;
    size_t  count;
    void  **owned;			/* freed by mbpol_free() */
    size_t  owned_count;
    size_t  owned_cap;
};

 /*
  * The state of mbpol_parse() while it reads the file (mbpol_json.c).
  */
typedef struct MBPOL_PARSER {
    MBPOL  *pol;			/* being built */
    VSTR   *path;			/* JSON pointer of the current value */
    VSTR   *err;			/* the first error */
    int     origin;			/* section being read: MBPOL_FROM_* or index */
} MBPOL_PARSER;

#define MBPOL_JSON_ADDRESS	1
#define MBPOL_JSON_DOMAIN	2

extern int mbpol_json_fail(MBPOL_PARSER *, const char *,...)
	__attribute__((format(printf, 2, 3)));
extern int mbpol_json_fail_value(MBPOL_PARSER *, const char *, const char *,
				         const char *);
extern int mbpol_json_fail_unknown(MBPOL_PARSER *, const char *, const char *,
				           const char *const *);
extern size_t mbpol_json_push(MBPOL_PARSER *, const char *, size_t);
extern void mbpol_json_pop(MBPOL_PARSER *, size_t);
extern int mbpol_json_members(MBPOL_PARSER *, json_t *, const char *const *,
			              const char *const *);
extern int mbpol_json_bool(MBPOL_PARSER *, json_t *, int *);
extern int mbpol_json_list(MBPOL_PARSER *, json_t *, int, int, MBPOL_LIST *);
extern int mbpol_json_types(MBPOL_PARSER *, json_t *, unsigned *);
extern int mbpol_json_enum(MBPOL_PARSER *, json_t *, const char *const *,
			           const char *);

extern MBPOL *mbpol_alloc(void);
extern void *mbpol_own(MBPOL *, void *);
extern char *mbpol_strdup(MBPOL *, const char *);
extern void mbpol_list_copy(MBPOL *, MBPOL_LIST *, const MBPOL_LIST *);
extern void mbpol_settings_copy(MBPOL *, MBPOL_SETTINGS *,
				        const MBPOL_SETTINGS *);
extern int mbpol_list_has(const MBPOL_LIST *, const char *);
extern const char *mbpol_domain_of(const char *);
extern int mbpol_spec_match(const MBPOL_SPEC *, const MBPOL_QUERY *, VSTR *);
extern const MBPOL_SELECTOR *mbpol_selector(const MBPOL *, size_t);

#endif
