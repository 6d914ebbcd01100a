#ifndef MIME_H_INCLUDED
#define MIME_H_INCLUDED

/*++
/* NAME
/*	mime 3h
/* SUMMARY
/*	streaming per-message MIME reader: spool, parse with GMime, parts
/* SYNOPSIS
/*	#include "mime.h"
/* DESCRIPTION
/*	See mime.c.
/*--*/

#include <stddef.h>
#include <sys/types.h>

typedef struct MIME_LIMITS {
    size_t  mem_max;			/* spool in memory up to this */
    off_t   max_size;			/* whole message */
    size_t  max_header_lines;		/* "name:" lines (pre-scan) */
    size_t  max_field;			/* octets in one header field */
    size_t  max_boundaries;		/* "--" lines (pre-scan) */
    size_t  max_parts;			/* leaf parts kept */
    int     max_depth;			/* nesting of multiparts/messages */
    size_t  max_top_headers;		/* top-level headers kept */
    size_t  max_top_bytes;		/* their total size */
    const char *tmpdir;			/* spool directory, NULL: $TMPDIR, /tmp */
} MIME_LIMITS;

typedef enum MIME_STATUS {
    MIME_OK = 0,
    MIME_ERR_IO,			/* spool file: create, write, read */
    MIME_ERR_TOO_BIG,			/* message over max_size */
    MIME_ERR_COMPLEX,			/* pre-scan: too many lines, long field */
    MIME_ERR_PARSE,			/* GMime built no message */
    MIME_ERR_PARTS,			/* over max_parts or max_depth */
    MIME_ERR_STATE,			/* call out of order */
    MIME_ERR_NO_PART,			/* no such part, or not a leaf */
    MIME_ERR_PART_TOO_BIG,		/* decoded part over its limit */
    MIME_STATUS_COUNT
} MIME_STATUS;

typedef struct MIME_PART {
    char   *path;			/* "1.2": position in the tree */
    int     depth;			/* 0 for a single-part message */
    int     embedded;			/* inside a message/rfc822 part */
    char   *content_type;		/* "application/zip", lower case */
    char   *filename;			/* decoded UTF-8, or NULL */
    char   *disposition;		/* "attachment", "inline", or NULL */
    char   *encoding;			/* "base64", "7bit"..., or NULL */
    off_t   encoded_size;		/* octets of content in the message */
    int     is_xdm;			/* file name IHE_XDM.zip (any case) */
    int     is_document;		/* an attachment, not a text body */
} MIME_PART;

typedef struct MIME_MSG MIME_MSG;

extern void mime_init(void);
extern void mime_limits_init(MIME_LIMITS *);
extern MIME_MSG *mime_msg_create(const MIME_LIMITS *);
extern void mime_msg_free(MIME_MSG *);
extern MIME_STATUS mime_msg_header(MIME_MSG *, const char *, const char *);
extern MIME_STATUS mime_msg_eoh(MIME_MSG *);
extern MIME_STATUS mime_msg_body(MIME_MSG *, const void *, size_t);
extern MIME_STATUS mime_msg_finish(MIME_MSG *);
extern MIME_STATUS mime_msg_status(const MIME_MSG *);
extern const char *mime_msg_error(const MIME_MSG *);
extern off_t mime_msg_size(const MIME_MSG *);
extern int mime_msg_on_disk(const MIME_MSG *);
extern size_t mime_msg_header_count(const MIME_MSG *, const char *);
extern const char *mime_msg_header_get(const MIME_MSG *, const char *, size_t);
extern int mime_msg_headers_complete(const MIME_MSG *);
extern const char *mime_msg_subject(MIME_MSG *);
extern size_t mime_msg_part_count(const MIME_MSG *);
extern const MIME_PART *mime_msg_part(const MIME_MSG *, size_t);
extern MIME_STATUS mime_msg_extract(MIME_MSG *, size_t, int, off_t, off_t *);
extern const char *mime_status_name(MIME_STATUS);

#endif
