/*++
/* NAME
/*	mime_scan 3
/* SUMMARY
/*	streaming pre-scan that bounds what a MIME parser would allocate
/* SYNOPSIS
/*	#include "mime_scan.h"
/*
/*	void	mime_scan_init(MIME_SCAN *scan)
/*	void	mime_scan_feed(MIME_SCAN *scan, const char *data, size_t len)
/* DESCRIPTION
/*	GMime keeps part contents on disk but builds every header and
/*	every part in memory. A 20 MB message made of four million
/*	"a:b" lines, or of one header folded over a million lines, would
/*	cost hundreds of megabytes there. This module watches the message
/*	as it is spooled, in chunks of any size, and counts upper bounds
/*	of what the parser would build, so the caller can refuse to parse
/*	before allocating:
/* .IP header_lines
/*	lines that start with a field name followed by ':' (a base64
/*	body never has one: ':' is not in its alphabet);
/* .IP boundaries
/*	lines that start with "--" (each MIME part needs one);
/* .IP max_field_len
/*	the longest header field, its continuation lines included.
/* .PP
/*	The counts are over-estimates (a text line "Note: x" counts as a
/*	header), never under-estimates. Lines end at LF; a CR is a byte
/*	of the line.
/*--*/

#include <string.h>

#include "mime_scan.h"

/* mime_scan_init - start of a message */

void    mime_scan_init(MIME_SCAN *scan)
{
    memset(scan, 0, sizeof(*scan));
    scan->line = MIME_SCAN_LINE_START;
}

/* mime_scan_name_char - RFC 5322 ftext: printable ASCII except ':' */

static int mime_scan_name_char(unsigned char c)
{
    return (c >= 33 && c <= 126 && c != ':');
}

/* mime_scan_grow - account one octet of a header field */

static void mime_scan_grow(MIME_SCAN *scan)
{
    scan->field_len++;
    if (scan->field_len > scan->max_field_len)
	scan->max_field_len = scan->field_len;
}

/* mime_scan_feed - account a chunk */

void    mime_scan_feed(MIME_SCAN *scan, const char *data, size_t len)
{
    const unsigned char *cp = (const unsigned char *) data;
    const unsigned char *end = cp + len;
    const unsigned char *nl;
    unsigned char c;

    while (cp < end) {
	c = *cp;
	switch (scan->line) {
	case MIME_SCAN_LINE_START:
	    if (c == '\n' || c == '\r') {
		/* An empty line ends any header field. */
		scan->in_field = 0;
		scan->line = (c == '\n') ? MIME_SCAN_LINE_START : MIME_SCAN_LINE_OTHER;
		cp++;
		continue;
	    }
	    if (c == ' ' || c == '\t') {
		scan->line = MIME_SCAN_LINE_CONT;
	    } else if (c == '-') {
		scan->in_field = 0;
		scan->field_len = 0;
		scan->line = MIME_SCAN_LINE_DASH;
	    } else if (mime_scan_name_char(c)) {
		scan->in_field = 0;
		scan->field_len = 0;
		scan->line = MIME_SCAN_LINE_NAME;
	    } else {
		scan->in_field = 0;
		scan->line = MIME_SCAN_LINE_OTHER;
	    }
	    if (scan->in_field || scan->line == MIME_SCAN_LINE_NAME
		|| scan->line == MIME_SCAN_LINE_DASH)
		mime_scan_grow(scan);
	    cp++;
	    continue;
	case MIME_SCAN_LINE_DASH:
	    if (c == '-') {
		scan->boundaries++;
		scan->line = MIME_SCAN_LINE_OTHER;
		cp++;
		continue;
	    }
	    /* "-x": may still be a field name such as "-X-Foo:". */
	    scan->line = MIME_SCAN_LINE_NAME;
	    continue;
	case MIME_SCAN_LINE_NAME:
	    if (c == ':') {
		scan->header_lines++;
		scan->in_field = 1;
		scan->line = MIME_SCAN_LINE_FIELD;
		mime_scan_grow(scan);
		cp++;
	    } else if (c == '\n') {
		scan->line = MIME_SCAN_LINE_START;
		cp++;
	    } else if (mime_scan_name_char(c)) {
		mime_scan_grow(scan);
		cp++;
	    } else {
		scan->line = MIME_SCAN_LINE_OTHER;
	    }
	    continue;
	case MIME_SCAN_LINE_FIELD:
	case MIME_SCAN_LINE_CONT:
	    /* Count the rest of the line in one step. */
	    nl = memchr(cp, '\n', (size_t) (end - cp));
	    if (scan->in_field) {
		size_t  n = (size_t) ((nl ? nl : end) - cp);

		scan->field_len += n;
		if (scan->field_len > scan->max_field_len)
		    scan->max_field_len = scan->field_len;
	    }
	    if (nl == 0) {
		cp = end;
	    } else {
		scan->line = MIME_SCAN_LINE_START;
		cp = nl + 1;
	    }
	    continue;
	case MIME_SCAN_LINE_OTHER:
	    nl = memchr(cp, '\n', (size_t) (end - cp));
	    if (nl == 0) {
		cp = end;
	    } else {
		scan->line = MIME_SCAN_LINE_START;
		cp = nl + 1;
	    }
	    continue;
	}
    }
}
