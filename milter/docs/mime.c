/*++
/* NAME
/*	mime 3
/* SUMMARY
/*	streaming per-message MIME reader: spool, parse with GMime, parts
/* SYNOPSIS
/*	#include "mime.h"
/*
/*	void	mime_init(void)
/*	void	mime_limits_init(MIME_LIMITS *lim)
/*
/*	MIME_MSG *mime_msg_create(const MIME_LIMITS *lim)
/*	void	mime_msg_free(MIME_MSG *m)
/*	MIME_STATUS mime_msg_header(MIME_MSG *m, const char *name,
/*					const char *value)
/*	MIME_STATUS mime_msg_eoh(MIME_MSG *m)
/*	MIME_STATUS mime_msg_body(MIME_MSG *m, const void *data, size_t len)
/*	MIME_STATUS mime_msg_finish(MIME_MSG *m)
/*
/*	MIME_STATUS mime_msg_status(const MIME_MSG *m)
/*	const char *mime_msg_error(const MIME_MSG *m)
/*	off_t	mime_msg_size(const MIME_MSG *m)
/*	int	mime_msg_on_disk(const MIME_MSG *m)
/*	size_t	mime_msg_header_count(const MIME_MSG *m, const char *name)
/*	const char *mime_msg_header_get(const MIME_MSG *m, const char *name,
/*					size_t nth)
/*	int	mime_msg_headers_complete(const MIME_MSG *m)
/*	const char *mime_msg_subject(MIME_MSG *m)
/*	size_t	mime_msg_part_count(const MIME_MSG *m)
/*	const MIME_PART *mime_msg_part(const MIME_MSG *m, size_t index)
/*	MIME_STATUS mime_msg_extract(MIME_MSG *m, size_t index, int fd,
/*					off_t max, off_t *written)
/*	const char *mime_status_name(MIME_STATUS status)
/* DESCRIPTION
/*	One MIME_MSG per message, fed as libmilter delivers it:
/*	mime_msg_header() from xxfi_header (value as received, folding
/*	kept), mime_msg_eoh() from xxfi_eoh, mime_msg_body() from
/*	xxfi_body, mime_msg_finish() from xxfi_eom; mime_msg_free() from
/*	xxfi_eom, xxfi_abort or xxfi_close. No call blocks on anything
/*	but the local spool.
/*
/*	The message is spooled, never held whole: in memory up to
/*	lim->mem_max, then in a temporary file created in lim->tmpdir
/*	and unlinked at once (nothing is left behind by a crash). While
/*	spooling, mime_scan(3) counts what a parser would build; over a
/*	limit, mime_msg_finish() refuses to parse (MIME_ERR_COMPLEX).
/*	Over lim->max_size the spool is dropped (MIME_ERR_TOO_BIG); the
/*	top-level headers stay available.
/*
/*	mime_msg_finish() parses the spool with GMime in persistent
/*	stream mode: parts are offsets into the spool, not copies. A
/*	message whose top-level headers show a single text part (no
/*	Content-Type or one of type text/*, without a name parameter, no
/*	Content-Disposition) is not parsed: its one part is described
/*	from those headers, as GMime would (it has no MIME structure to
/*	hide anything in, and parsing it is most of the milter's cost for
/*	ordinary mail); mime_msg_extract() parses it on demand. It
/*	then lists the leaf parts (at most lim->max_parts, at most
/*	lim->max_depth deep) with their type, decoded file name (RFC
/*	2231, RFC 2047), disposition, transfer encoding and encoded size.
/*	is_xdm marks a part named IHE_XDM.zip; is_document marks an
/*	attachment (a file name or "attachment" disposition) that is
/*	neither the XDM archive, nor a signature, nor inside a forwarded
/*	message (embedded parts are listed, flagged, not documents).
/*
/*	mime_msg_extract() decodes one part (base64, quoted-printable,
/*	uuencode) into the file descriptor fd, in bounded chunks; over
/*	max decoded octets it stops with MIME_ERR_PART_TOO_BIG.
/*
/*	mime_msg_header_get() gives the nth top-level header of that name
/*	(case-insensitive) as received; mime_msg_header_count() how many
/*	there are (e.g. to remove forged X-MSSante-Category headers).
/*	Headers beyond lim->max_top_headers or lim->max_top_bytes are not
/*	kept; mime_msg_headers_complete() then returns 0. mime_msg_subject()
/*	gives the first Subject unfolded and decoded (mime_hdr(3)), or
/*	NULL when there is none; it is available from the first header on.
/*
/*	mime_init() must run once in the main thread before threads start
/*	(GMime initialisation). mime_limits_init() sets the defaults.
/* DIAGNOSTICS
/*	Every function returns the message's status: the first error
/*	sticks, later calls do nothing more. mime_msg_error() describes
/*	it in English for the log; mime_status_name() names it.
/*--*/

#include "config.h"			/* _GNU_SOURCE: mkostemp() */

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <gmime/gmime.h>

#include "mymalloc.h"
#include "vstr.h"
#include "mime_scan.h"
#include "mime_hdr.h"
#include "mime.h"

#define MIME_CHUNK	65536

struct MIME_MSG {
    MIME_LIMITS lim;
    char   *tmpdir;
    MIME_STATUS status;
    VSTR   *error;
    int     phase;			/* 0 headers, 1 body, 2 finished */
    VSTR   *mem;			/* spool while small, or NULL */
    int     fd;				/* spool file, or -1 */
    off_t   size;			/* octets received */
    off_t   body_start;			/* size at end of headers */
    int     spilled;			/* the spool went to a file */
    MIME_SCAN scan;
    char  **hnames, **hvalues;		/* top-level headers kept */
    size_t  hcount, hbytes;
    int     hcomplete;
    VSTR   *subject;
    int     subject_done;
    GMimeMessage *gmsg;
    MIME_PART *parts;
    GMimePart **gparts;
    size_t  nparts;
};

static const char *const mime_status_names[MIME_STATUS_COUNT] = {
    "ok", "io", "too_big", "complex", "parse", "parts", "state",
    "no_part", "part_too_big",
};

/* mime_status_name - stable name of a status */

const char *mime_status_name(MIME_STATUS status)
{
    return ((unsigned) status < MIME_STATUS_COUNT ?
	    mime_status_names[status] : "unknown");
}

/* mime_init - process-wide GMime initialisation */

void    mime_init(void)
{
    mime_hdr_init();
}

/* mime_limits_init - defaults */

void    mime_limits_init(MIME_LIMITS *lim)
{
    lim->mem_max = 256 * 1024;
    lim->max_size = 64 * 1024 * 1024;
    lim->max_header_lines = 100000;
    lim->max_field = 1024 * 1024;
    lim->max_boundaries = 20000;
    lim->max_parts = 1000;
    lim->max_depth = 32;
    lim->max_top_headers = 1000;
    lim->max_top_bytes = 1024 * 1024;
    lim->tmpdir = 0;
}

static void mime_free_parts(MIME_MSG *);
static MIME_STATUS mime_fail(MIME_MSG *, MIME_STATUS, const char *,...)
	__attribute__((format(printf, 3, 4)));

/* mime_fail - record the first error */

static MIME_STATUS mime_fail(MIME_MSG *m, MIME_STATUS status,
			             const char *fmt,...)
{
    va_list ap;

    if (m->status == MIME_OK) {
	m->status = status;
	va_start(ap, fmt);
	vstr_reset(m->error);
	vstr_vsprintf_append(m->error, fmt, ap);
	va_end(ap);
    }
    return (m->status);
}

/* mime_msg_create - empty message */

MIME_MSG *mime_msg_create(const MIME_LIMITS *lim)
{
    MIME_MSG *m = mycalloc(1, sizeof(*m));
    const char *dir;

    mime_init();
    if (lim)
	m->lim = *lim;
    else
	mime_limits_init(&m->lim);
    dir = m->lim.tmpdir ? m->lim.tmpdir : getenv("TMPDIR");
    m->tmpdir = mystrdup(dir && *dir ? dir : "/tmp");
    m->lim.tmpdir = m->tmpdir;
    m->error = vstr_alloc(64);
    m->mem = vstr_alloc(4096);
    m->fd = -1;
    m->hcomplete = 1;
    mime_scan_init(&m->scan);
    return (m);
}

/* mime_drop_spool - release the spool after a fatal condition */

static void mime_drop_spool(MIME_MSG *m)
{
    vstr_free(m->mem);
    m->mem = 0;
    if (m->fd >= 0)
	(void) close(m->fd);
    m->fd = -1;
}

/* mime_msg_free - destroy; NULL is fine */

void    mime_msg_free(MIME_MSG *m)
{
    size_t  j;

    if (m == 0)
	return;
    mime_free_parts(m);
    if (m->gmsg)
	g_object_unref(m->gmsg);
    for (j = 0; j < m->hcount; j++) {
	myfree(m->hnames[j]);
	myfree(m->hvalues[j]);
    }
    myfree(m->hnames);
    myfree(m->hvalues);
    vstr_free(m->subject);
    mime_drop_spool(m);
    vstr_free(m->error);
    myfree(m->tmpdir);
    myfree(m);
}

/* mime_write_all - write(2) until done */

static int mime_write_all(int fd, const char *data, size_t len)
{
    ssize_t n;

    while (len > 0) {
	if ((n = write(fd, data, len)) < 0) {
	    if (errno == EINTR)
		continue;
	    return (-1);
	}
	data += n;
	len -= (size_t) n;
    }
    return (0);
}

/* mime_spill - move the memory spool to an unlinked temporary file */

static int mime_spill(MIME_MSG *m)
{
    VSTR   *path = vstr_alloc(128);
    int     fd;

    vstr_sprintf(path, "%s/mssante-mime.XXXXXX", m->tmpdir);
    if ((fd = mkostemp(vstr_str(path), O_CLOEXEC)) < 0) {
	mime_fail(m, MIME_ERR_IO, "spool: create in %s: %s", m->tmpdir,
		  strerror(errno));
	vstr_free(path);
	return (-1);
    }
    /* Unlinked at once: a crash or a kill leaves nothing behind. */
    (void) unlink(vstr_str(path));
    vstr_free(path);
    if (mime_write_all(fd, vstr_str(m->mem), vstr_len(m->mem)) < 0) {
	mime_fail(m, MIME_ERR_IO, "spool: write: %s", strerror(errno));
	(void) close(fd);
	return (-1);
    }
    m->fd = fd;
    m->spilled = 1;
    vstr_free(m->mem);
    m->mem = 0;
    return (0);
}

/* mime_spool - append to the spool, pre-scan, enforce the size limit */

static MIME_STATUS mime_spool(MIME_MSG *m, const char *data, size_t len)
{
    m->size += (off_t) len;
    if (m->status != MIME_OK)
	return (m->status);
    if (m->size > m->lim.max_size) {
	mime_drop_spool(m);
	return (mime_fail(m, MIME_ERR_TOO_BIG, "message over %lld octets",
			  (long long) m->lim.max_size));
    }
    mime_scan_feed(&m->scan, data, len);
    if (m->mem && vstr_len(m->mem) + len > m->lim.mem_max && mime_spill(m) < 0) {
	mime_drop_spool(m);
	return (m->status);
    }
    if (m->mem) {
	vstr_ncat(m->mem, data, len);
    } else if (mime_write_all(m->fd, data, len) < 0) {
	mime_fail(m, MIME_ERR_IO, "spool: write: %s", strerror(errno));
	mime_drop_spool(m);
    }
    return (m->status);
}

/* mime_keep_header - remember a top-level header, within limits */

static void mime_keep_header(MIME_MSG *m, const char *name, const char *value)
{
    size_t  len = strlen(name) + strlen(value);

    if (m->hcount >= m->lim.max_top_headers
	|| m->hbytes + len > m->lim.max_top_bytes) {
	m->hcomplete = 0;
	return;
    }
    m->hnames = myrealloc(m->hnames, (m->hcount + 1) * sizeof(char *));
    m->hvalues = myrealloc(m->hvalues, (m->hcount + 1) * sizeof(char *));
    m->hnames[m->hcount] = mystrdup(name);
    m->hvalues[m->hcount] = mystrdup(value);
    m->hcount++;
    m->hbytes += len;
}

/* mime_name_ok - a header name that cannot change the spool's structure */

static int mime_name_ok(const char *name)
{
    const unsigned char *cp;

    if (*name == 0)
	return (0);
    for (cp = (const unsigned char *) name; *cp; cp++)
	if (*cp < 33 || *cp > 126 || *cp == ':')
	    return (0);
    return (1);
}

/* mime_msg_header - one top-level header, value as libmilter gives it */

MIME_STATUS mime_msg_header(MIME_MSG *m, const char *name, const char *value)
{
    VSTR   *line;
    const char *cp;

    if (m->phase != 0)
	return (mime_fail(m, MIME_ERR_STATE, "header after end of headers"));
    mime_keep_header(m, name, value);
    if (!mime_name_ok(name))
	return (m->status);
    line = vstr_alloc(strlen(name) + strlen(value) + 8);
    vstr_sprintf(line, "%s: ", name);
    for (cp = value; *cp; cp++) {
	if (*cp == '\r' && cp[1] == '\n')
	    continue;
	if (*cp == '\n' || *cp == '\r') {
	    vstr_cat(line, "\r\n");
	    /* A break not followed by a blank would start a new header. */
	    if (cp[1] != ' ' && cp[1] != '\t')
		vstr_addch(line, ' ');
	    continue;
	}
	vstr_addch(line, *cp);
    }
    vstr_cat(line, "\r\n");
    mime_spool(m, vstr_str(line), vstr_len(line));
    vstr_free(line);
    return (m->status);
}

/* mime_msg_eoh - end of the top-level headers */

MIME_STATUS mime_msg_eoh(MIME_MSG *m)
{
    if (m->phase != 0)
	return (mime_fail(m, MIME_ERR_STATE, "end of headers twice"));
    m->phase = 1;
    (void) mime_spool(m, "\r\n", 2);
    m->body_start = m->size;
    return (m->status);
}

/* mime_msg_body - one body chunk */

MIME_STATUS mime_msg_body(MIME_MSG *m, const void *data, size_t len)
{
    if (m->phase == 0)
	mime_msg_eoh(m);
    if (m->phase != 1)
	return (mime_fail(m, MIME_ERR_STATE, "body after end of message"));
    return (mime_spool(m, data, len));
}

/* mime_add_part - describe one leaf part */

static void mime_add_part(MIME_MSG *m, GMimePart *part, const char *path,
			          int depth, int embedded)
{
    GMimeObject *obj = GMIME_OBJECT(part);
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    const char *fn = g_mime_part_get_filename(part);
    const char *disp = g_mime_object_get_disposition(obj);
    const char *base;
    MIME_PART *mp;
    char   *mt, *cp;
    gint64  len;

    m->parts = myrealloc(m->parts, (m->nparts + 1) * sizeof(*m->parts));
    m->gparts = myrealloc(m->gparts, (m->nparts + 1) * sizeof(*m->gparts));
    mp = m->parts + m->nparts;
    memset(mp, 0, sizeof(*mp));
    m->gparts[m->nparts++] = g_object_ref(part);
    mp->path = mystrdup(path);
    mp->depth = depth;
    mp->embedded = embedded;
    mt = ct ? g_mime_content_type_get_mime_type(ct) : 0;
    mp->content_type = mystrdup(mt ? mt : "text/plain");
    g_free(mt);
    for (cp = mp->content_type; *cp; cp++)
	if (*cp >= 'A' && *cp <= 'Z')
	    *cp += 'a' - 'A';
    mp->filename = fn ? mystrdup(fn) : 0;
    mp->disposition = disp ? mystrdup(disp) : 0;
    mp->encoding = enc != GMIME_CONTENT_ENCODING_DEFAULT ?
	mystrdup(g_mime_content_encoding_to_string(enc)) : 0;
    if (dw && g_mime_data_wrapper_get_stream(dw)
	&& (len = g_mime_stream_length(g_mime_data_wrapper_get_stream(dw))) > 0)
	mp->encoded_size = (off_t) len;
    if (fn) {
	base = strrchr(fn, '/');
	base = base ? base + 1 : fn;
	mp->is_xdm = strcasecmp(base, "IHE_XDM.zip") == 0;
    }
    mp->is_document = !mp->is_xdm && !embedded
	&& (fn != 0 || (disp && strcasecmp(disp, "attachment") == 0))
	&& strcmp(mp->content_type, "application/pkcs7-signature") != 0
	&& strcmp(mp->content_type, "application/x-pkcs7-signature") != 0
	&& strcmp(mp->content_type, "application/pgp-signature") != 0;
}

/* mime_walk - list the leaf parts, depth first, within limits */

static void mime_walk(MIME_MSG *m, GMimeObject *obj, const char *path,
		              int depth, int embedded)
{
    VSTR   *child;
    int     i, n;

    if (obj == 0 || m->status != MIME_OK)
	return;
    if (depth > m->lim.max_depth) {
	mime_fail(m, MIME_ERR_PARTS, "MIME nesting deeper than %d",
		  m->lim.max_depth);
	return;
    }
    if (GMIME_IS_MULTIPART(obj)) {
	child = vstr_alloc(32);
	n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
	for (i = 0; i < n && m->status == MIME_OK; i++) {
	    vstr_sprintf(child, "%s%s%d", path, *path ? "." : "", i + 1);
	    mime_walk(m, g_mime_multipart_get_part(GMIME_MULTIPART(obj), i),
		      vstr_str(child), depth + 1, embedded);
	}
	vstr_free(child);
    } else if (GMIME_IS_MESSAGE_PART(obj)) {
	GMimeMessage *inner =
	g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));

	if (inner)
	    mime_walk(m, g_mime_message_get_mime_part(inner), path,
		      depth + 1, 1);
    } else if (GMIME_IS_PART(obj)) {
	if (m->nparts >= m->lim.max_parts) {
	    mime_fail(m, MIME_ERR_PARTS, "more than %zu MIME parts",
		      m->lim.max_parts);
	    return;
	}
	mime_add_part(m, GMIME_PART(obj), *path ? path : "1", depth, embedded);
    }
}

static MIME_STATUS mime_parse(MIME_MSG *);

/* mime_text_type - "text/subtype" of a plain Content-Type value, or NULL */

static char *mime_text_type(const char *value)
{
    static const char tspecials[] = "()<>@,;:\\\"/[]?=";
    const char *cp = value;
    const char *sub;
    char   *type;

    /* Anything unusual (comments, a name) goes to the full parser. */
    if (strcasestr(value, "name") != 0)
	return (0);
    cp += strspn(cp, " \t\r\n");
    if (strncasecmp(cp, "text/", 5) != 0)
	return (0);
    for (sub = cp += 5; *cp > 0x20 && *cp < 0x7f && !strchr(tspecials, *cp); cp++)
	 /* void */ ;
    if (cp == sub)
	return (0);
    type = mymalloc(cp - sub + 6);
    memcpy(type, "text/", 5);
    memcpy(type + 5, sub, cp - sub);
    type[cp - sub + 5] = 0;
    cp += strspn(cp, " \t\r\n");
    if (*cp != 0 && *cp != ';') {
	myfree(type);
	return (0);
    }
    return (type);
}

/* mime_simple_text - describe a single-part text message without GMime */

static int mime_simple_text(MIME_MSG *m)
{
    const char *ct = mime_msg_header_get(m, "Content-Type", 0);
    const char *cte = mime_msg_header_get(m, "Content-Transfer-Encoding", 0);
    GMimeContentEncoding enc = GMIME_CONTENT_ENCODING_DEFAULT;
    MIME_PART *mp;
    char   *type = 0;
    char   *cp;

    if (!m->hcomplete || mime_msg_header_count(m, "Content-Disposition") > 0
	|| mime_msg_header_count(m, "Content-Type") > 1
	|| mime_msg_header_count(m, "Content-Transfer-Encoding") > 1
	|| (ct != 0 && (type = mime_text_type(ct)) == 0))
	return (0);
    if (cte != 0) {
	if (strpbrk(cte, "\r\n") != 0) {
	    myfree(type);
	    return (0);
	}
	enc = g_mime_content_encoding_from_string(cte);
    }
    m->parts = mycalloc(1, sizeof(*m->parts));
    m->gparts = mycalloc(1, sizeof(*m->gparts));
    m->nparts = 1;
    mp = m->parts;
    mp->path = mystrdup("1");
    mp->content_type = type ? type : mystrdup("text/plain");
    for (cp = mp->content_type; *cp; cp++)
	if (*cp >= 'A' && *cp <= 'Z')
	    *cp += 'a' - 'A';
    mp->encoding = enc != GMIME_CONTENT_ENCODING_DEFAULT ?
	mystrdup(g_mime_content_encoding_to_string(enc)) : 0;
    mp->encoded_size = m->size - m->body_start;
    return (1);
}

/* mime_free_parts - forget the list of parts */

static void mime_free_parts(MIME_MSG *m)
{
    size_t  i;

    for (i = 0; i < m->nparts; i++) {
	myfree(m->parts[i].path);
	myfree(m->parts[i].content_type);
	myfree(m->parts[i].filename);
	myfree(m->parts[i].disposition);
	myfree(m->parts[i].encoding);
	if (m->gparts[i])
	    g_object_unref(m->gparts[i]);
    }
    myfree(m->parts);
    myfree(m->gparts);
    m->parts = 0;
    m->gparts = 0;
    m->nparts = 0;
}

/* mime_msg_finish - end of message: parse the spool and list parts */

MIME_STATUS mime_msg_finish(MIME_MSG *m)
{
    if (m->phase == 0)
	mime_msg_eoh(m);
    if (m->phase == 2)
	return (mime_fail(m, MIME_ERR_STATE, "end of message twice"));
    m->phase = 2;
    if (m->status != MIME_OK)
	return (m->status);
    if (m->scan.header_lines > m->lim.max_header_lines)
	return (mime_fail(m, MIME_ERR_COMPLEX, "more than %zu header lines",
			  m->lim.max_header_lines));
    if (m->scan.boundaries > m->lim.max_boundaries)
	return (mime_fail(m, MIME_ERR_COMPLEX, "more than %zu boundary lines",
			  m->lim.max_boundaries));
    if (m->scan.max_field_len > m->lim.max_field)
	return (mime_fail(m, MIME_ERR_COMPLEX, "a header field over %zu octets",
			  m->lim.max_field));
    if (mime_simple_text(m))
	return (m->status);
    return (mime_parse(m));
}

/* mime_parse - parse the spool with GMime and list the parts */

static MIME_STATUS mime_parse(MIME_MSG *m)
{
    GMimeStream *stream;
    GMimeParser *parser;

    mime_free_parts(m);
    if (m->mem) {
	stream = g_mime_stream_mem_new_with_buffer(vstr_str(m->mem),
						   vstr_len(m->mem));
	vstr_free(m->mem);
	m->mem = 0;
    } else {
	if (lseek(m->fd, 0, SEEK_SET) < 0)
	    return (mime_fail(m, MIME_ERR_IO, "spool: seek: %s", strerror(errno)));
	/* The stream owns the descriptor from now on. */
	stream = g_mime_stream_fs_new(m->fd);
	m->fd = -1;
    }
    parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    g_mime_parser_set_persist_stream(parser, TRUE);
    m->gmsg = g_mime_parser_construct_message(parser, (GMimeParserOptions *) 0);
    g_object_unref(parser);
    g_object_unref(stream);
    if (m->gmsg == 0)
	return (mime_fail(m, MIME_ERR_PARSE, "no MIME message could be parsed"));
    mime_walk(m, g_mime_message_get_mime_part(m->gmsg), "", 0, 0);
    return (m->status);
}

/* mime_msg_extract - decode one part into fd, at most max octets */

MIME_STATUS mime_msg_extract(MIME_MSG *m, size_t index, int fd, off_t max,
			             off_t *written)
{
    GMimeDataWrapper *dw;
    GMimeStream *src, *filt;
    GMimeContentEncoding enc;
    GMimeFilter *dec;
    char   *buf;
    ssize_t n;
    off_t   total = 0;
    MIME_STATUS status = MIME_OK;

    if (written)
	*written = 0;
    if (index >= m->nparts || m->phase != 2)
	return (MIME_ERR_NO_PART);
    /* A part described from the headers alone: parse now. */
    if (m->gparts[index] == 0 && (mime_parse(m) != MIME_OK || index >= m->nparts))
	return (MIME_ERR_NO_PART);
    if ((dw = g_mime_part_get_content(m->gparts[index])) == 0
	|| (src = g_mime_data_wrapper_get_stream(dw)) == 0)
	return (MIME_OK);
    if (g_mime_stream_reset(src) < 0)
	return (MIME_ERR_IO);
    filt = g_mime_stream_filter_new(src);
    enc = g_mime_data_wrapper_get_encoding(dw);
    if (enc == GMIME_CONTENT_ENCODING_BASE64
	|| enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
	|| enc == GMIME_CONTENT_ENCODING_UUENCODE) {
	dec = g_mime_filter_basic_new(enc, FALSE);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(filt), dec);
	g_object_unref(dec);
    }
    buf = mymalloc(MIME_CHUNK);
    while ((n = g_mime_stream_read(filt, buf, MIME_CHUNK)) > 0) {
	if (total + n > max) {
	    status = MIME_ERR_PART_TOO_BIG;
	    break;
	}
	if (mime_write_all(fd, buf, (size_t) n) < 0) {
	    status = MIME_ERR_IO;
	    break;
	}
	total += n;
    }
    if (n < 0 && status == MIME_OK)
	status = MIME_ERR_IO;
    myfree(buf);
    g_object_unref(filt);
    if (written)
	*written = total;
    return (status);
}

/* mime_msg_status - the first error, or MIME_OK */

MIME_STATUS mime_msg_status(const MIME_MSG *m)
{
    return (m->status);
}

/* mime_msg_error - what went wrong, "" when nothing */

const char *mime_msg_error(const MIME_MSG *m)
{
    return (vstr_str(m->error));
}

/* mime_msg_size - octets received (headers as spooled, and body) */

off_t   mime_msg_size(const MIME_MSG *m)
{
    return (m->size);
}

/* mime_msg_on_disk - was the spool moved to a file? */

int     mime_msg_on_disk(const MIME_MSG *m)
{
    return (m->spilled);
}

/* mime_msg_header_count - top-level headers of that name */

size_t  mime_msg_header_count(const MIME_MSG *m, const char *name)
{
    size_t  i, n = 0;

    for (i = 0; i < m->hcount; i++)
	if (strcasecmp(m->hnames[i], name) == 0)
	    n++;
    return (n);
}

/* mime_msg_header_get - nth top-level header of that name, or NULL */

const char *mime_msg_header_get(const MIME_MSG *m, const char *name, size_t nth)
{
    size_t  i;

    for (i = 0; i < m->hcount; i++)
	if (strcasecmp(m->hnames[i], name) == 0 && nth-- == 0)
	    return (m->hvalues[i]);
    return (0);
}

/* mime_msg_headers_complete - were all top-level headers kept? */

int     mime_msg_headers_complete(const MIME_MSG *m)
{
    return (m->hcomplete);
}

/* mime_msg_subject - first Subject, unfolded and decoded, or NULL */

const char *mime_msg_subject(MIME_MSG *m)
{
    const char *raw;

    if (!m->subject_done) {
	if ((raw = mime_msg_header_get(m, "Subject", 0)) == 0)
	    return (0);
	m->subject = vstr_alloc(strlen(raw) + 1);
	mime_hdr_decode(raw, m->subject);
	m->subject_done = 1;
    }
    return (vstr_str(m->subject));
}

/* mime_msg_part_count - leaf parts listed */

size_t  mime_msg_part_count(const MIME_MSG *m)
{
    return (m->nparts);
}

/* mime_msg_part - one leaf part, NULL past the end */

const MIME_PART *mime_msg_part(const MIME_MSG *m, size_t index)
{
    return (index < m->nparts ? m->parts + index : 0);
}
