#ifndef MIME_SCAN_H_INCLUDED
#define MIME_SCAN_H_INCLUDED

/*++
/* NAME
/*	mime_scan 3h
/* SUMMARY
/*	streaming pre-scan that bounds what a MIME parser would allocate
/* SYNOPSIS
/*	#include "mime_scan.h"
/* DESCRIPTION
/*	See mime_scan.c.
/*--*/

#include <stddef.h>

typedef enum MIME_SCAN_LINE {
    MIME_SCAN_LINE_START = 0,		/* nothing seen on this line yet */
    MIME_SCAN_LINE_DASH,		/* one '-' */
    MIME_SCAN_LINE_NAME,		/* field-name characters so far */
    MIME_SCAN_LINE_FIELD,		/* "name:" seen: a header field */
    MIME_SCAN_LINE_CONT,		/* starts with a blank */
    MIME_SCAN_LINE_OTHER		/* anything else */
} MIME_SCAN_LINE;

typedef struct MIME_SCAN {
    size_t  header_lines;		/* lines that look like "name:" */
    size_t  boundaries;			/* lines that start with "--" */
    size_t  field_len;			/* octets of the current field */
    size_t  max_field_len;		/* longest field so far */
    MIME_SCAN_LINE line;		/* state of the current line */
    int     in_field;			/* continuation lines extend a field */
} MIME_SCAN;

extern void mime_scan_init(MIME_SCAN *);
extern void mime_scan_feed(MIME_SCAN *, const char *, size_t);

#endif
