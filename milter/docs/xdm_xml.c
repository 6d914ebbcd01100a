/*++
/* NAME
/*	xdm_xml 3
/* SUMMARY
/*	hardened streaming XML (SAX2 push) parser for untrusted documents
/* SYNOPSIS
/*	#include "xdm_xml.h"
/*
/*	XDM_XML	*xdm_xml_create(const XDM_XML_HANDLERS *handlers, void *ctx,
/*					int max_depth, size_t max_bytes,
/*					const char *name)
/*	XDM_STATUS xdm_xml_feed(XDM_XML *xp, const char *data, size_t len)
/*	XDM_STATUS xdm_xml_end(XDM_XML *xp)
/*	void	xdm_xml_stop(XDM_XML *xp, XDM_STATUS status, const char *why)
/*	int	xdm_xml_stopped(const XDM_XML *xp)
/*	int	xdm_xml_depth(const XDM_XML *xp)
/*	const char *xdm_xml_error(const XDM_XML *xp)
/*	int	xdm_xml_attr(int nattr, const char **attrs, const char *name,
/*					VSTR *out, size_t max)
/*	void	xdm_xml_free(XDM_XML *xp)
/* DESCRIPTION
/*	METADATA.XML and CDA documents come from the sender: this module
/*	parses them with libxml2 in SAX2 push mode (nothing is built in
/*	memory, the document is fed in chunks as it is decompressed) and
/*	removes every feature an attacker could use:
/* .IP \(bu
/*	any DOCTYPE stops the parse with XDM_ERR_XML_BOMB before a single
/*	declaration is read: no internal subset, hence no entity to
/*	expand (billion laughs, quadratic blow-up), no external DTD and
/*	no external entity (XXE); neither XML_PARSE_NOENT nor
/*	XML_PARSE_DTDLOAD is ever set, and XML_PARSE_NONET is;
/* .IP \(bu
/*	element nesting over max_depth, or more than max_bytes fed,
/*	stops with XDM_ERR_XML_LIMIT (XML_PARSE_HUGE is never set, so
/*	libxml2's own limits also hold);
/* .IP \(bu
/*	the encoding declaration is ignored (XML_PARSE_IGNORE_ENC): the
/*	documents are UTF-8 (a UTF-16 byte order mark is still honoured),
/*	and no iconv converter is ever run on sender data;
/* .IP \(bu
/*	a well-formedness error stops with XDM_ERR_XML. Errors go to
/*	this module (structured error handler), never to stderr.
/* .PP
/*	The handlers receive local names and namespace URIs (NULL when
/*	none). A handler may call xdm_xml_stop() with XDM_OK to end the
/*	parse early once it knows enough, or with an error status.
/*	xdm_xml_end() finishes the document; its status is that of the
/*	first stop or error. xdm_xml_attr() copies an attribute value
/*	(by local name, '&' restored): it returns 1 when found, 0 when
/*	absent, -1 when longer than max octets (nothing is cut silently).
/*
/*	xdm_init() (see xdm(3)) must have initialised libxml2 before
/*	threads start.
/*--*/

#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "mymalloc.h"
#include "xdm_xml.h"

struct XDM_XML {
    xmlParserCtxtPtr ctxt;
    XDM_XML_HANDLERS handlers;
    void   *ctx;
    XDM_STATUS status;
    VSTR   *error;
    int     stopped;
    int     depth;
    int     max_depth;
    size_t  fed;
    size_t  max_bytes;
};

/* xdm_xml_stop - end the parse with a status (the first one sticks) */

void    xdm_xml_stop(XDM_XML *xp, XDM_STATUS status, const char *why)
{
    if (!xp->stopped) {
	xp->stopped = 1;
	xp->status = status;
	if (why)
	    vstr_strcpy(xp->error, why);
	if (xp->ctxt)
	    xmlStopParser(xp->ctxt);
    }
}

/* xdm_xml_start - element start: depth limit, then the handler */

static void xdm_xml_start(void *user, const xmlChar *local,
			          const xmlChar *prefix, const xmlChar *uri,
			          int nb_ns, const xmlChar **ns, int nb_attr,
			          int nb_def, const xmlChar **attrs)
{
    XDM_XML *xp = user;

    (void) prefix;
    (void) nb_ns;
    (void) ns;
    (void) nb_def;
    if (xp->stopped)
	return;
    if (++xp->depth > xp->max_depth) {
	xdm_xml_stop(xp, XDM_ERR_XML_LIMIT, "XML nesting too deep");
	return;
    }
    if (xp->handlers.start)
	xp->handlers.start(xp->ctx, xp, (const char *) local,
			   (const char *) uri, nb_attr, (const char **) attrs);
}

/* xdm_xml_end_elem - element end */

static void xdm_xml_end_elem(void *user, const xmlChar *local,
			             const xmlChar *prefix, const xmlChar *uri)
{
    XDM_XML *xp = user;

    (void) prefix;
    if (xp->stopped)
	return;
    if (xp->handlers.end)
	xp->handlers.end(xp->ctx, xp, (const char *) local, (const char *) uri);
    xp->depth--;
}

/* xdm_xml_chars - character data */

static void xdm_xml_chars(void *user, const xmlChar *text, int len)
{
    XDM_XML *xp = user;

    if (!xp->stopped && xp->handlers.text && len > 0)
	xp->handlers.text(xp->ctx, xp, (const char *) text, (size_t) len);
}

/* xdm_xml_doctype - any DOCTYPE: refuse before reading a declaration */

static void xdm_xml_doctype(void *user, const xmlChar *name,
			            const xmlChar *ext_id, const xmlChar *sys_id)
{
    (void) name;
    (void) ext_id;
    (void) sys_id;
    xdm_xml_stop((XDM_XML *) user, XDM_ERR_XML_BOMB,
		 "DOCTYPE refused (DTD, entities)");
}

/* xdm_xml_entity_decl - never reached after a DOCTYPE stop; belt and braces */

static void xdm_xml_entity_decl(void *user, const xmlChar *name, int type,
				        const xmlChar *public_id,
				        const xmlChar *system_id,
				        xmlChar *content)
{
    (void) name;
    (void) type;
    (void) public_id;
    (void) system_id;
    (void) content;
    xdm_xml_stop((XDM_XML *) user, XDM_ERR_XML_BOMB,
		 "entity declaration refused");
}

/* xdm_xml_get_entity - no entity is ever defined */

static xmlEntityPtr xdm_xml_get_entity(void *user, const xmlChar *name)
{
    (void) user;
    (void) name;
    return (0);
}

/* xdm_xml_serror - structured errors: keep the first fatal one */

static void xdm_xml_serror(void *user, xmlErrorPtr err)
{
    XDM_XML *xp = user;
    VSTR   *why;

    if (xp == 0 || err == 0 || err->level < XML_ERR_ERROR || xp->stopped)
	return;
    why = vstr_alloc(64);
    vstr_sprintf(why, "XML error %d at line %d", err->code, err->line);
    xdm_xml_stop(xp, err->code == XML_ERR_ENTITY_LOOP ?
		 XDM_ERR_XML_BOMB : XDM_ERR_XML, vstr_str(why));
    vstr_free(why);
}

/* xdm_xml_create - parser for one document */

XDM_XML *xdm_xml_create(const XDM_XML_HANDLERS *handlers, void *ctx,
			        int max_depth, size_t max_bytes,
			        const char *name)
{
    XDM_XML *xp = mycalloc(1, sizeof(*xp));
    xmlSAXHandler sax;

    xp->handlers = *handlers;
    xp->ctx = ctx;
    xp->max_depth = max_depth;
    xp->max_bytes = max_bytes;
    xp->error = vstr_alloc(64);
    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = xdm_xml_start;
    sax.endElementNs = xdm_xml_end_elem;
    sax.characters = xdm_xml_chars;
    sax.cdataBlock = xdm_xml_chars;
    sax.internalSubset = xdm_xml_doctype;
    sax.externalSubset = xdm_xml_doctype;
    sax.entityDecl = xdm_xml_entity_decl;
    sax.getEntity = xdm_xml_get_entity;
    sax.getParameterEntity = xdm_xml_get_entity;
    sax.serror = xdm_xml_serror;
    xp->ctxt = xmlCreatePushParserCtxt(&sax, xp, (const char *) 0, 0, name);
    if (xp->ctxt == 0)
	xdm_xml_stop(xp, XDM_ERR_XML, "cannot create XML parser");
    else
	/* NONET; never NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
	/* XDM metadata is UTF-8: IGNORE_ENC keeps iconv out of reach. */
	(void) xmlCtxtUseOptions(xp->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR
				 | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA
				 | XML_PARSE_IGNORE_ENC);
    return (xp);
}

/* xdm_xml_quiet - swallow libxml2's unstructured messages */

static void xdm_xml_quiet(void *ctx, const char *fmt,...)
{
    (void) ctx;
    (void) fmt;
}

/* xdm_xml_chunk - one xmlParseChunk() call, errors kept off stderr */

static void xdm_xml_chunk(XDM_XML *xp, const char *data, int len, int last)
{
    xmlGenericErrorFunc saved_fn = xmlGenericError;
    void   *saved_ctx = xmlGenericErrorContext;
    int     rc;

    /*
     * The encoding and I/O layers report through the generic handler,
     * which is per thread: silence it for this call only, so that other
     * libxml2 users in the process keep theirs.
     */
    xmlSetGenericErrorFunc((void *) 0, xdm_xml_quiet);
    rc = xmlParseChunk(xp->ctxt, data, len, last);
    xmlSetGenericErrorFunc(saved_ctx, saved_fn);
    if (!xp->stopped && (rc != 0 || xp->ctxt->wellFormed == 0))
	xdm_xml_stop(xp, XDM_ERR_XML, "XML not well-formed");
}

/* xdm_xml_feed - parse one chunk */

XDM_STATUS xdm_xml_feed(XDM_XML *xp, const char *data, size_t len)
{
    if (xp->stopped)
	return (xp->status);
    if (len > xp->max_bytes - xp->fed) {
	xdm_xml_stop(xp, XDM_ERR_XML_LIMIT, "XML document too large");
	return (xp->status);
    }
    xp->fed += len;
    /* libxml2 takes an int length: feed in bounded pieces. */
    while (len > 0 && !xp->stopped) {
	int     n = len > 65536 ? 65536 : (int) len;

	xdm_xml_chunk(xp, data, n, 0);
	data += n;
	len -= (size_t) n;
    }
    return (xp->stopped ? xp->status : XDM_OK);
}

/* xdm_xml_end - end of document */

XDM_STATUS xdm_xml_end(XDM_XML *xp)
{
    if (xp->stopped)
	return (xp->status);
    xdm_xml_chunk(xp, (const char *) 0, 0, 1);
    if (!xp->stopped) {
	xp->stopped = 1;
	xp->status = XDM_OK;
    }
    return (xp->status);
}

/* xdm_xml_stopped - has the parse ended? */

int     xdm_xml_stopped(const XDM_XML *xp)
{
    return (xp->stopped);
}

/* xdm_xml_depth - current element depth (1 inside the root) */

int     xdm_xml_depth(const XDM_XML *xp)
{
    return (xp->depth);
}

/* xdm_xml_error - why the parse stopped, "" when it did not */

const char *xdm_xml_error(const XDM_XML *xp)
{
    return (vstr_str(xp->error));
}

/* xdm_xml_unescape_amp - undo libxml2's "&#38;" for '&' in attributes */

static void xdm_xml_unescape_amp(const char *val, size_t len, VSTR *out)
{
    size_t  i;

    /*
     * Without entity substitution (XML_PARSE_NOENT is never set) libxml2
     * hands an attribute's '&' (from &amp; or &#38;) as the text "&#38;";
     * every other character reference arrives decoded.
     */
    for (i = 0; i < len; i++) {
	if (val[i] == '&' && len - i >= 5 && memcmp(val + i, "&#38;", 5) == 0) {
	    vstr_addch(out, '&');
	    i += 4;
	} else {
	    vstr_addch(out, val[i]);
	}
    }
}

/* xdm_xml_attr - copy an attribute value by local name */

int     xdm_xml_attr(int nattr, const char **attrs, const char *name,
		             VSTR *out, size_t max)
{
    int     i;
    size_t  len;

    for (i = 0; i < nattr; i++) {
	if (strcmp(attrs[5 * i], name) != 0)
	    continue;
	len = (size_t) (attrs[5 * i + 4] - attrs[5 * i + 3]);
	vstr_reset(out);
	xdm_xml_unescape_amp(attrs[5 * i + 3], len, out);
	return (vstr_len(out) > max ? -1 : 1);
    }
    return (0);
}

/* xdm_xml_free - destroy; NULL is fine */

void    xdm_xml_free(XDM_XML *xp)
{
    if (xp == 0)
	return;
    if (xp->ctxt) {
	if (xp->ctxt->myDoc)
	    xmlFreeDoc(xp->ctxt->myDoc);
	xmlFreeParserCtxt(xp->ctxt);
    }
    vstr_free(xp->error);
    myfree(xp);
}
