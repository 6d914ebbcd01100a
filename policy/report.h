#ifndef REPORT_H_INCLUDED
#define REPORT_H_INCLUDED

/*++
/* NAME
/*	report 3h
/* SUMMARY
/*	recognise a delivery or disposition report (RFC 3464, RFC 8098)
/* SYNOPSIS
/*	#include "report.h"
/* DESCRIPTION
/*	See report.c.
/*--*/

#include <stddef.h>
#include "vstr.h"

typedef enum REPORT_TYPE {
    REPORT_NONE = 0,			/* not a report (or not yet seen) */
    REPORT_DSN,				/* delivery-status (RFC 3464) */
    REPORT_MDN				/* disposition-notification (RFC 8098) */
} REPORT_TYPE;

typedef struct REPORT_SCAN REPORT_SCAN;

extern int report_ctype_parse(const char *, VSTR *, VSTR *, VSTR *);
extern REPORT_SCAN *report_scan_create(void);
extern void report_scan_free(REPORT_SCAN *);
extern void report_scan_header(REPORT_SCAN *, const char *, const char *);
extern void report_scan_body(REPORT_SCAN *, const char *, size_t);
extern int report_scan_wants_body(const REPORT_SCAN *);
extern REPORT_TYPE report_scan_result(const REPORT_SCAN *);
extern const char *report_type_name(REPORT_TYPE);

#endif
