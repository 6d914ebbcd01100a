#ifndef DOCCAT_H_INCLUDED
#define DOCCAT_H_INCLUDED

/*++
/* NAME
/*	doccat 3h
/* SUMMARY
/*	the category of each document of a message, and its tag header
/* SYNOPSIS
/*	#include "doccat.h"
/* DESCRIPTION
/*	See doccat.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "category.h"

#define DOCCAT_HEADER	"X-MSSante-Category"

typedef enum DOCCAT_SOURCE {
    DOCCAT_SRC_HEADER = 0,		/* X-MSS-CODECDA */
    DOCCAT_SRC_XDM,			/* IHE_XDM METADATA.XML typeCode */
    DOCCAT_SRC_RULE,			/* a configured rule */
    DOCCAT_SRC_COUNT
} DOCCAT_SOURCE;

 /*
  * One document described by an XDM archive's metadata. Every pointer may
  * be NULL when the metadata lacks it.
  */
typedef struct DOCCAT_XDM_DOC {
    const char *name;			/* URI inside the subset */
    const char *type_code;		/* typeCode nodeRepresentation */
    const char *type_system;		/* its codingScheme slot */
    const char *class_code;		/* classCode nodeRepresentation */
    int     is_cda;			/* a CDA document */
} DOCCAT_XDM_DOC;

typedef struct DOCCAT_INPUT {
    const char *codecda;		/* X-MSS-CODECDA value, NULL if absent */
    const DOCCAT_XDM_DOC *xdm;		/* documents of the XDM archives */
    size_t  xdm_count;
    const char *const *attachments;	/* file names of other documents */
    size_t  attachment_count;
    const char *sender;			/* envelope sender, NULL if none */
} DOCCAT_INPUT;

typedef struct DOCCAT_ITEM {
    char   *document;			/* XDM URI or file name, or NULL */
    char   *code;			/* sanitised: printable ASCII */
    char   *system;			/* OID, or NULL when not known */
    char   *display;			/* UTF-8, NULL when the code is unknown */
    char   *class_code;			/* sanitised, or NULL */
    char   *class_display;		/* TRE_A03 label, or NULL */
    DOCCAT_SOURCE source;
    int     known;			/* (code, system) is in the table */
} DOCCAT_ITEM;

typedef struct DOCCAT_RESULT {
    DOCCAT_ITEM *items;			/* one per categorised document */
    size_t  count;
    size_t  documents;			/* documents seen */
    size_t  uncategorized;		/* documents without a category */
    size_t  unknown;			/* items whose code is not in the table */
    VSTR   *missing;			/* names of uncategorised documents */
    VSTR   *unknown_codes;		/* the unknown codes, comma-separated */
    size_t  unknown_classes;		/* class codes not in TRE_A03 */
    VSTR   *unknown_class_codes;	/* those codes, comma-separated */
} DOCCAT_RESULT;

typedef struct DOCCAT_RULES DOCCAT_RULES;

typedef enum DOCCAT_RULE_STATUS {
    DOCCAT_RULE_OK = 0,
    DOCCAT_RULE_ERR_SYNTAX,		/* not key=value words, unknown key */
    DOCCAT_RULE_ERR_MATCH,		/* neither sender= nor name= */
    DOCCAT_RULE_ERR_CODE,		/* missing or malformed code */
    DOCCAT_RULE_ERR_SYSTEM,		/* malformed system OID */
    DOCCAT_RULE_ERR_PATTERN,		/* empty or overlong pattern */
    DOCCAT_RULE_STATUS_COUNT
} DOCCAT_RULE_STATUS;

extern DOCCAT_RULES *doccat_rules_create(void);
extern void doccat_rules_free(DOCCAT_RULES *);
extern DOCCAT_RULE_STATUS doccat_rules_add(DOCCAT_RULES *, const char *,
				             const char *, const char *,
					           const char *);
extern DOCCAT_RULE_STATUS doccat_rules_parse(DOCCAT_RULES *, const char *);
extern size_t doccat_rules_count(const DOCCAT_RULES *);
extern const char *doccat_rule_status_name(DOCCAT_RULE_STATUS);

extern void doccat_result_init(DOCCAT_RESULT *);
extern void doccat_result_free(DOCCAT_RESULT *);
extern void doccat_resolve(const CATEGORY_TABLE *, const DOCCAT_RULES *,
			           const DOCCAT_INPUT *, DOCCAT_RESULT *);
extern void doccat_resolve_classes(const CATEGORY_TABLE *, DOCCAT_RESULT *);
extern void doccat_format_header(const DOCCAT_ITEM *, VSTR *);
extern void doccat_summary(const DOCCAT_RESULT *, VSTR *);
extern const char *doccat_source_name(DOCCAT_SOURCE);
extern size_t doccat_split_codes(const char *, char ***);
extern void doccat_free_codes(char **, size_t);

#endif
