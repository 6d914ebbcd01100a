/*++
/* NAME
/*	report 3
/* SUMMARY
/*	recognise a delivery or disposition report (RFC 3464, RFC 8098)
/* SYNOPSIS
/*	#include "report.h"
/*
/*	int	report_ctype_parse(value, type, boundary, report_type)
/*	const char *value;
/*	VSTR	*type;
/*	VSTR	*boundary;
/*	VSTR	*report_type;
/*
/*	REPORT_SCAN *report_scan_create(void)
/*	void	report_scan_free(rs)
/*	REPORT_SCAN *rs;
/*
/*	void	report_scan_header(rs, name, value)
/*	const char *name;
/*	const char *value;
/*
/*	void	report_scan_body(rs, data, len)
/*	const char *data;
/*	size_t	len;
/*
/*	int	report_scan_wants_body(rs)
/*	REPORT_TYPE report_scan_result(rs)
/*	const REPORT_SCAN *rs;
/*
/*	const char *report_type_name(type)
/*	REPORT_TYPE type;
/* DESCRIPTION
/*	A message with the null sender "<>" is legitimate when it is a
/*	delivery status notification (RFC 3464) or a message disposition
/*	notification (RFC 8098). Anything else sent with the null sender
/*	must meet the rules of ordinary mail (README, "Null sender"), so
/*	that "<>" is no way around them. This module tells a real report
/*	from a message that merely says it is one; nothing here does I/O.
/*
/*	A message is a real report when all of the following hold: it has
/*	exactly one top-level Content-Type header; that header says
/*	multipart/report with a boundary and a report-type of
/*	delivery-status or disposition-notification (ASCII case does not
/*	matter, quoted values and comments are read as RFC 2045 says);
/*	and the second body part, as the RFCs require, has the matching
/*	machine-readable type: message/delivery-status (or the RFC 6533
/*	message/global-delivery-status) for a DSN,
/*	message/disposition-notification (or
/*	message/global-disposition-notification) for an MDN.
/*
/*	report_ctype_parse() reads a Content-Type value: the media type
/*	lower-cased ("multipart/report"), the boundary parameter as
/*	written and the report-type parameter lower-cased ("" when
/*	absent). It returns 0, or -1 for a malformed value or a repeated
/*	parameter (a value that could be read two ways is no report).
/*
/*	report_scan_create() starts a scan for one message;
/*	report_scan_header() takes each top-level header (only
/*	Content-Type matters); report_scan_body() takes the body in
/*	chunks of any size as the MTA sends it (CRLF or LF line ends).
/*	report_scan_wants_body() tells whether the body can still change
/*	the result (the header announced a report whose machine-readable
/*	part has not been seen yet). report_scan_result() gives the type
/*	of a real report, else REPORT_NONE. Memory stays bounded: a body
/*	line longer than 1000 octets is no boundary and no part header.
/*
/*	report_type_name() gives "dsn", "mdn" or "none" for logs.
/* SEE ALSO
/*	decide(3), which applies it to null-sender messages
/*--*/

#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "vstr.h"
#include "report.h"

#define RS_LINE_MAX	1000		/* RFC 5322 line limit, CRLF aside */

typedef enum RS_STATE {
    RS_PREAMBLE = 0,			/* before the first boundary */
    RS_HEADERS,				/* the headers of a body part */
    RS_PART,				/* the content of a body part */
    RS_DONE				/* after the closing boundary */
} RS_STATE;

struct REPORT_SCAN {
    int     ctype_count;		/* top-level Content-Type headers */
    REPORT_TYPE declared;		/* what the top-level header says */
    REPORT_TYPE found;			/* what the second part confirms */
    RS_STATE state;
    int     part;			/* body parts started */
    int     in_ctype;			/* last part header: Content-Type */
    int     ctype_seen;			/* this part has a Content-Type */
    int     line_long;			/* current line over RS_LINE_MAX */
    VSTR   *boundary;
    VSTR   *line;			/* body line being read */
    VSTR   *part_ctype;			/* Content-Type of the current part */
    VSTR   *type;			/* scratch for report_ctype_parse() */
    VSTR   *rtype;
    VSTR   *b2;
};

/* report_cfws - skip blanks, line breaks and (nested) comments */

static const char *report_cfws(const char *cp)
{
    int     depth;

    for (;;) {
	while (*cp == ' ' || *cp == '\t' || *cp == '\r' || *cp == '\n')
	    cp++;
	if (*cp != '(')
	    return (cp);
	for (depth = 0; *cp; cp++) {
	    if (*cp == '\\' && cp[1] != 0)
		cp++;
	    else if (*cp == '(')
		depth++;
	    else if (*cp == ')' && --depth == 0)
		break;
	}
	if (*cp == 0)
	    return (cp);
	cp++;
    }
}

/* report_tchar - an RFC 2045 token character */

static int report_tchar(int c)
{
    return (c > 32 && c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == 0);
}

/* report_token - a token, optionally lower-cased; NULL when empty */

static const char *report_token(const char *cp, VSTR *out, int lower)
{
    const char *start = cp;

    for (; report_tchar((unsigned char) *cp); cp++)
	vstr_addch(out, lower && *cp >= 'A' && *cp <= 'Z' ? *cp + 32 : *cp);
    return (cp == start ? 0 : cp);
}

/* report_value - a parameter value: token or quoted-string */

static const char *report_value(const char *cp, VSTR *out, int lower)
{
    if (*cp != '"')
	return (report_token(cp, out, lower));
    for (cp++; *cp && *cp != '"'; cp++) {
	if (*cp == '\\' && cp[1] != 0)
	    cp++;
	vstr_addch(out, lower && *cp >= 'A' && *cp <= 'Z' ? *cp + 32 : *cp);
    }
    return (*cp == '"' ? cp + 1 : 0);
}

/* report_ctype_parse - media type, boundary and report-type */

int     report_ctype_parse(const char *value, VSTR *type, VSTR *boundary,
			           VSTR *rtype)
{
    const char *cp;
    VSTR   *attr = vstr_alloc(32);
    VSTR   *val = vstr_alloc(64);
    int     seen_b = 0, seen_r = 0, ret = -1;

    vstr_reset(type);
    vstr_reset(boundary);
    vstr_reset(rtype);
    if ((cp = report_token(report_cfws(value), type, 1)) == 0)
	goto out;
    cp = report_cfws(cp);
    if (*cp++ != '/')
	goto out;
    vstr_addch(type, '/');
    if ((cp = report_token(report_cfws(cp), type, 1)) == 0)
	goto out;
    for (;;) {
	cp = report_cfws(cp);
	if (*cp == 0)
	    break;
	if (*cp++ != ';')
	    goto out;
	cp = report_cfws(cp);
	/* A trailing ";" is common and harmless. */
	if (*cp == 0)
	    break;
	vstr_reset(attr);
	vstr_reset(val);
	if ((cp = report_token(cp, attr, 1)) == 0)
	    goto out;
	cp = report_cfws(cp);
	if (*cp++ != '=')
	    goto out;
	cp = report_cfws(cp);
	if (strcmp(vstr_str(attr), "boundary") == 0) {
	    if (seen_b++ || (cp = report_value(cp, boundary, 0)) == 0)
		goto out;
	} else if (strcmp(vstr_str(attr), "report-type") == 0) {
	    if (seen_r++ || (cp = report_value(cp, rtype, 1)) == 0)
		goto out;
	} else if ((cp = report_value(cp, val, 0)) == 0) {
	    goto out;
	}
    }
    ret = 0;
out:
    vstr_free(attr);
    vstr_free(val);
    return (ret);
}

/* report_scan_create - a scan for one message */

REPORT_SCAN *report_scan_create(void)
{
    REPORT_SCAN *rs = mycalloc(1, sizeof(*rs));

    rs->boundary = vstr_alloc(72);
    rs->line = vstr_alloc(128);
    rs->part_ctype = vstr_alloc(64);
    rs->type = vstr_alloc(32);
    rs->rtype = vstr_alloc(32);
    rs->b2 = vstr_alloc(72);
    return (rs);
}

/* report_scan_free - release */

void    report_scan_free(REPORT_SCAN *rs)
{
    if (rs == 0)
	return;
    vstr_free(rs->boundary);
    vstr_free(rs->line);
    vstr_free(rs->part_ctype);
    vstr_free(rs->type);
    vstr_free(rs->rtype);
    vstr_free(rs->b2);
    myfree(rs);
}

/* report_scan_header - the top-level Content-Type */

void    report_scan_header(REPORT_SCAN *rs, const char *name, const char *value)
{
    if (rs == 0 || name == 0 || strcasecmp(name, "Content-Type") != 0)
	return;
    /* Two Content-Type headers: readers disagree on which counts. */
    if (rs->ctype_count++ > 0 || value == 0) {
	rs->declared = REPORT_NONE;
	return;
    }
    if (report_ctype_parse(value, rs->type, rs->boundary, rs->rtype) != 0
	|| strcmp(vstr_str(rs->type), "multipart/report") != 0
	|| vstr_len(rs->boundary) == 0 || vstr_len(rs->boundary) > 200)
	return;
    if (strcmp(vstr_str(rs->rtype), "delivery-status") == 0)
	rs->declared = REPORT_DSN;
    else if (strcmp(vstr_str(rs->rtype), "disposition-notification") == 0)
	rs->declared = REPORT_MDN;
}

/* report_part_type - does the second part confirm the report type? */

static REPORT_TYPE report_part_type(REPORT_SCAN *rs)
{
    const char *t;

    if (report_ctype_parse(vstr_str(rs->part_ctype), rs->type, rs->b2,
			   rs->rtype) != 0)
	return (REPORT_NONE);
    t = vstr_str(rs->type);
    if (strcmp(t, "message/delivery-status") == 0
	|| strcmp(t, "message/global-delivery-status") == 0)
	return (REPORT_DSN);
    if (strcmp(t, "message/disposition-notification") == 0
	|| strcmp(t, "message/global-disposition-notification") == 0)
	return (REPORT_MDN);
    return (REPORT_NONE);
}

/* report_blanks - only transport padding left? */

static int report_blanks(const char *cp, size_t len)
{
    while (len > 0 && (*cp == ' ' || *cp == '\t'))
	cp++, len--;
    return (len == 0);
}

/* report_line - one body line, line end removed */

static void report_line(REPORT_SCAN *rs, const char *line, size_t len)
{
    size_t  blen = vstr_len(rs->boundary);
    const char *rest;

    if (len >= 2 + blen && line[0] == '-' && line[1] == '-'
	&& memcmp(line + 2, vstr_str(rs->boundary), blen) == 0) {
	rest = line + 2 + blen;
	len -= 2 + blen;
	if (len >= 2 && rest[0] == '-' && rest[1] == '-'
	    && report_blanks(rest + 2, len - 2)) {
	    rs->state = RS_DONE;
	    return;
	}
	if (report_blanks(rest, len)) {
	    rs->part++;
	    rs->state = RS_HEADERS;
	    rs->in_ctype = rs->ctype_seen = 0;
	    vstr_reset(rs->part_ctype);
	    return;
	}
    }
    if (rs->state != RS_HEADERS)
	return;
    if (len == 0) {
	/* End of the part's headers: only the second part is looked at. */
	if (rs->part == 2 && rs->ctype_seen == 1
	    && report_part_type(rs) == rs->declared)
	    rs->found = rs->declared;
	rs->state = RS_PART;
    } else if (line[0] == ' ' || line[0] == '\t') {
	if (rs->in_ctype) {
	    vstr_addch(rs->part_ctype, ' ');
	    vstr_ncat(rs->part_ctype, line, len);
	}
    } else if ((rs->in_ctype = (len >= 13 && strncasecmp(line, "Content-Type:", 13) == 0))) {
	rs->ctype_seen++;
	vstr_ncat(rs->part_ctype, line + 13, len - 13);
    }
}

/* report_scan_body - a chunk of the body */

void    report_scan_body(REPORT_SCAN *rs, const char *data, size_t len)
{
    const char *nl;
    size_t  n;

    while (len > 0 && report_scan_wants_body(rs)) {
	nl = memchr(data, '\n', len);
	n = nl ? (size_t) (nl - data) : len;
	if (!rs->line_long) {
	    if (vstr_len(rs->line) + n > RS_LINE_MAX + 1)
		rs->line_long = 1;
	    else
		vstr_ncat(rs->line, data, n);
	}
	if (nl != 0) {
	    n++;
	    if (!rs->line_long) {
		if (vstr_len(rs->line) > 0
		    && vstr_str(rs->line)[vstr_len(rs->line) - 1] == '\r')
		    vstr_truncate(rs->line, vstr_len(rs->line) - 1);
		report_line(rs, vstr_str(rs->line), vstr_len(rs->line));
	    }
	    vstr_reset(rs->line);
	    rs->line_long = 0;
	}
	data += n;
	len -= n;
    }
}

/* report_scan_wants_body - can the body still change the result? */

int     report_scan_wants_body(const REPORT_SCAN *rs)
{
    return (rs != 0 && rs->ctype_count == 1 && rs->declared != REPORT_NONE
	    && rs->found == REPORT_NONE && rs->state != RS_DONE && rs->part <= 2);
}

/* report_scan_result - the type of a real report, or REPORT_NONE */

REPORT_TYPE report_scan_result(const REPORT_SCAN *rs)
{
    if (rs == 0 || rs->ctype_count != 1)
	return (REPORT_NONE);
    return (rs->found);
}

/* report_type_name - for logs */

const char *report_type_name(REPORT_TYPE type)
{
    switch (type) {
    case REPORT_DSN:
	return ("dsn");
    case REPORT_MDN:
	return ("mdn");
    default:
	return ("none");
    }
}
