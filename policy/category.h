#ifndef CATEGORY_H_INCLUDED
#define CATEGORY_H_INCLUDED

/*++
/* NAME
/*	category 3h
/* SUMMARY
/*	the JDV_J07 document type table (code, code system, display)
/* SYNOPSIS
/*	#include "category.h"
/* DESCRIPTION
/*	See category.c.
/*--*/

#include <stddef.h>

 /*
  * Code systems of the value set JDV_J07-XdsTypeCode-CISIS, and of the class
  * list TRE_A03 (doc/rules.md, "Document categories").
  */
#define CATEGORY_OID_LOINC	"2.16.840.1.113883.6.1"
#define CATEGORY_OID_TRE_A05	"1.2.250.1.213.1.1.4.12"
#define CATEGORY_OID_TRE_A03	"1.2.250.1.213.1.1.4.1"

#define CATEGORY_CODE_MAX	64	/* octets in a code */
#define CATEGORY_OID_MAX	64	/* octets in a code system OID */
#define CATEGORY_DISPLAY_MAX	256	/* octets in a display name */

typedef struct CATEGORY_ENTRY {
    const char *code;			/* "11488-4", "DISP_AUT" */
    const char *system;			/* code system OID */
    const char *display;		/* UTF-8 display name */
} CATEGORY_ENTRY;

typedef struct CATEGORY_TABLE CATEGORY_TABLE;

typedef enum CATEGORY_LINE {
    CATEGORY_LINE_OK = 0,		/* one entry added */
    CATEGORY_LINE_SKIP,			/* blank line or # comment */
    CATEGORY_LINE_ERR_FIELDS,		/* not code TAB display [TAB system] */
    CATEGORY_LINE_ERR_CODE,		/* empty, too long, or bad characters */
    CATEGORY_LINE_ERR_SYSTEM,		/* not a dotted OID (or none) */
    CATEGORY_LINE_ERR_DISPLAY,		/* empty, too long, control, bad UTF-8 */
    CATEGORY_LINE_ERR_DUPLICATE,	/* (code, system) already present */
    CATEGORY_LINE_COUNT
} CATEGORY_LINE;

extern CATEGORY_TABLE *category_table_create(const char *);
extern void category_table_free(CATEGORY_TABLE *);
extern CATEGORY_LINE category_table_add_line(CATEGORY_TABLE *, const char *,
					             size_t);
extern size_t category_table_count(const CATEGORY_TABLE *);
extern const CATEGORY_ENTRY *category_table_entry(const CATEGORY_TABLE *,
						          size_t);
extern const char *category_table_version(const CATEGORY_TABLE *);
extern const CATEGORY_ENTRY *category_lookup(const CATEGORY_TABLE *,
					             const char *, const char *);
extern const CATEGORY_ENTRY *category_lookup_code(const CATEGORY_TABLE *,
					              const char *, int *);
extern const char *category_line_name(CATEGORY_LINE);
extern int category_code_valid(const char *, size_t);
extern int category_oid_valid(const char *, size_t);
extern int category_utf8_valid(const char *, size_t);

#endif
