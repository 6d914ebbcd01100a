/*++
/* NAME
/*	xdm_meta 3
/* SUMMARY
/*	read one IHE XDM METADATA.XML (ebRIM) as a stream
/* SYNOPSIS
/*	#include "xdm_meta.h"
/*
/*	XDM_META *xdm_meta_create(const XDM_LIMITS *lim, XDM_RESULT *res,
/*					const char *subset)
/*	XDM_STATUS xdm_meta_feed(XDM_META *mp, const char *data, size_t len)
/*	XDM_STATUS xdm_meta_end(XDM_META *mp)
/*	void	xdm_meta_free(XDM_META *mp)
/*
/*	XDM_STATUS xdm_meta_parse(const char *data, size_t len,
/*					const XDM_LIMITS *lim, XDM_RESULT *res,
/*					const char *subset)
/*	void	xdm_meta_split_cx(const char *cx, char **id, char **authority)
/* DESCRIPTION
/*	An XDM submission's METADATA.XML lists its documents as ebRIM
/*	ExtrinsicObjects. This module reads it through xdm_xml(3) (no DTD,
/*	no entities, bounded depth and size), fed in chunks as the entry
/*	is decompressed, and appends one XDM_DOC per ExtrinsicObject to
/*	res, with:
/* .IP \(bu
/*	the URI slot (multi-part "1|...", "2|..." values are joined);
/* .IP \(bu
/*	the Classification whose classificationScheme is the typeCode
/*	(nodeRepresentation, its codingScheme slot, its Name), the
/*	classCode and the formatCode;
/* .IP \(bu
/*	the ExternalIdentifier of the patientId scheme: its value (an
/*	HL7 CX "ID^^^&OID&ISO") and, split, its ID and authority OID.
/* .PP
/*	Classifications and identifiers may sit inside their object or
/*	anywhere else (classifiedObject, registryObject): both are
/*	resolved when the document ends. Element local names are matched
/*	whatever their namespace (ebRIM 2.1 and 3.0 share them).
/*
/*	Limits (XDM_LIMITS): max_docs ExtrinsicObjects over the whole
/*	result, 32 times that many classifications and identifiers,
/*	max_value octets per kept value, max_xml octets, max_depth.
/*	Exceeding one is XDM_ERR_XML_LIMIT; nothing is cut silently.
/*
/*	xdm_meta_parse() is the one-buffer convenience (and the fuzz
/*	entry point). xdm_meta_split_cx() splits a CX value; both outputs
/*	are mymalloc'd or NULL.
/* DIAGNOSTICS
/*	The status of the parse; res->status and res->error record the
/*	first error (see xdm(3)).
/*--*/

#include <string.h>

#include "mymalloc.h"
#include "xdm_xml.h"
#include "xdm_meta.h"

typedef enum XDM_META_SLOT {
    XDM_META_SLOT_NONE = 0,
    XDM_META_SLOT_URI,			/* ExtrinsicObject URI */
    XDM_META_SLOT_CODING,		/* Classification codingScheme */
    XDM_META_SLOT_OTHER
} XDM_META_SLOT;

typedef struct XDM_META_EO {
    char   *id;				/* id attribute, or a "#n" stand-in */
    char   *mime_type;
    VSTR   *uri;
} XDM_META_EO;

typedef struct XDM_META_REF {
    char   *target;			/* object the item applies to */
    char   *scheme;
    char   *value;			/* nodeRepresentation / identifier */
    char   *system;			/* codingScheme slot */
    char   *display;			/* Name/LocalizedString */
    int     is_extid;
} XDM_META_REF;

struct XDM_META {
    const XDM_LIMITS *lim;
    XDM_RESULT *res;
    char   *subset;
    XDM_XML *xml;
    XDM_META_EO *eos;
    size_t  neo;
    XDM_META_REF *refs;
    size_t  nref;
    int     eo_depth;			/* depth of the open ExtrinsicObject */
    int     ref_depth;			/* depth of the open Classification */
    int     slot_depth;
    XDM_META_SLOT slot;
    int     in_value;
    int     in_name;
    VSTR   *text;
    VSTR   *attr;
};

/* xdm_meta_attr - attribute copy, stopping on an overlong value */

static int xdm_meta_attr(XDM_META *mp, int nattr, const char **attrs,
			         const char *name)
{
    int     r = xdm_xml_attr(nattr, attrs, name, mp->attr, mp->lim->max_value);

    if (r < 0)
	xdm_xml_stop(mp->xml, XDM_ERR_XML_LIMIT, "XML attribute value too long");
    return (r > 0);
}

/* xdm_meta_new_ref - a Classification or ExternalIdentifier */

static XDM_META_REF *xdm_meta_new_ref(XDM_META *mp, int nattr,
				              const char **attrs, int is_extid)
{
    XDM_META_REF *rp;

    if (mp->nref >= mp->lim->max_docs * 32) {
	xdm_xml_stop(mp->xml, XDM_ERR_XML_LIMIT, "too many classifications");
	return (0);
    }
    mp->refs = myrealloc(mp->refs, (mp->nref + 1) * sizeof(*rp));
    rp = mp->refs + mp->nref++;
    memset(rp, 0, sizeof(*rp));
    rp->is_extid = is_extid;
    if (xdm_meta_attr(mp, nattr, attrs, is_extid ? "registryObject" :
		      "classifiedObject") && vstr_len(mp->attr))
	rp->target = mystrdup(vstr_str(mp->attr));
    else if (mp->eo_depth)
	rp->target = mystrdup(mp->eos[mp->neo - 1].id);
    if (xdm_meta_attr(mp, nattr, attrs, is_extid ? "identificationScheme" :
		      "classificationScheme"))
	rp->scheme = mystrdup(vstr_str(mp->attr));
    if (xdm_meta_attr(mp, nattr, attrs, is_extid ? "value" : "nodeRepresentation"))
	rp->value = mystrdup(vstr_str(mp->attr));
    return (rp);
}

/* xdm_meta_start - element start */

static void xdm_meta_start(void *ctx, XDM_XML *xml, const char *local,
			           const char *uri, int nattr, const char **attrs)
{
    XDM_META *mp = ctx;
    int     depth = xdm_xml_depth(xml);
    XDM_META_EO *ep;

    (void) uri;
    if (strcmp(local, "ExtrinsicObject") == 0 && mp->eo_depth == 0) {
	if (mp->res->ndocs + mp->neo >= mp->lim->max_docs) {
	    xdm_xml_stop(xml, XDM_ERR_XML_LIMIT, "too many documents");
	    return;
	}
	mp->eos = myrealloc(mp->eos, (mp->neo + 1) * sizeof(*ep));
	ep = mp->eos + mp->neo++;
	memset(ep, 0, sizeof(*ep));
	ep->uri = vstr_alloc(32);
	if (xdm_meta_attr(mp, nattr, attrs, "id") && vstr_len(mp->attr)) {
	    ep->id = mystrdup(vstr_str(mp->attr));
	} else {
	    vstr_sprintf(mp->attr, "#%zu", mp->neo);
	    ep->id = mystrdup(vstr_str(mp->attr));
	}
	if (xdm_meta_attr(mp, nattr, attrs, "mimeType"))
	    ep->mime_type = mystrdup(vstr_str(mp->attr));
	mp->eo_depth = depth;
    } else if ((strcmp(local, "Classification") == 0
		|| strcmp(local, "ExternalIdentifier") == 0) && mp->ref_depth == 0) {
	if (xdm_meta_new_ref(mp, nattr, attrs, local[0] == 'E') != 0)
	    mp->ref_depth = depth;
    } else if (strcmp(local, "Slot") == 0 && mp->slot_depth == 0) {
	mp->slot_depth = depth;
	mp->slot = XDM_META_SLOT_OTHER;
	if (xdm_meta_attr(mp, nattr, attrs, "name")) {
	    if (mp->ref_depth && strcmp(vstr_str(mp->attr), "codingScheme") == 0)
		mp->slot = XDM_META_SLOT_CODING;
	    else if (!mp->ref_depth && mp->eo_depth
		     && strcmp(vstr_str(mp->attr), "URI") == 0)
		mp->slot = XDM_META_SLOT_URI;
	}
    } else if (strcmp(local, "Value") == 0 && mp->slot_depth
	       && mp->slot != XDM_META_SLOT_OTHER) {
	mp->in_value = 1;
	vstr_reset(mp->text);
    } else if (strcmp(local, "Name") == 0 && mp->ref_depth) {
	mp->in_name = 1;
    } else if (strcmp(local, "LocalizedString") == 0 && mp->in_name
	       && !mp->refs[mp->nref - 1].display
	       && xdm_meta_attr(mp, nattr, attrs, "value")) {
	mp->refs[mp->nref - 1].display = mystrdup(vstr_str(mp->attr));
    }
}

/* xdm_meta_uri_part - add one URI value ("n|text" parts are joined) */

static void xdm_meta_uri_part(XDM_META_EO *ep, const char *val)
{
    const char *cp = val;

    while (*cp >= '0' && *cp <= '9')
	cp++;
    if (cp > val && *cp == '|')
	vstr_cat(ep->uri, cp + 1);
    else if (vstr_len(ep->uri) == 0)
	vstr_cat(ep->uri, val);
}

/* xdm_meta_end_elem - element end */

static void xdm_meta_end_elem(void *ctx, XDM_XML *xml, const char *local,
			              const char *uri)
{
    XDM_META *mp = ctx;
    int     depth = xdm_xml_depth(xml);

    (void) uri;
    (void) local;
    if (mp->in_value && strcmp(local, "Value") == 0) {
	mp->in_value = 0;
	if (mp->slot == XDM_META_SLOT_URI)
	    xdm_meta_uri_part(mp->eos + mp->neo - 1, vstr_str(mp->text));
	else if (mp->slot == XDM_META_SLOT_CODING
		 && mp->refs[mp->nref - 1].system == 0)
	    mp->refs[mp->nref - 1].system = mystrdup(vstr_str(mp->text));
    } else if (depth == mp->slot_depth) {
	mp->slot_depth = 0;
	mp->slot = XDM_META_SLOT_NONE;
    } else if (mp->in_name && strcmp(local, "Name") == 0) {
	mp->in_name = 0;
    } else if (depth == mp->ref_depth) {
	mp->ref_depth = 0;
    } else if (depth == mp->eo_depth) {
	mp->eo_depth = 0;
    }
}

/* xdm_meta_text - character data of a kept Value */

static void xdm_meta_text(void *ctx, XDM_XML *xml, const char *text, size_t len)
{
    XDM_META *mp = ctx;

    if (!mp->in_value)
	return;
    if (vstr_len(mp->text) + len > mp->lim->max_value) {
	xdm_xml_stop(xml, XDM_ERR_XML_LIMIT, "XML value too long");
	return;
    }
    vstr_ncat(mp->text, text, len);
}

static const XDM_XML_HANDLERS xdm_meta_handlers = {
    xdm_meta_start, xdm_meta_end_elem, xdm_meta_text,
};

/* xdm_meta_create - parser for one METADATA.XML */

XDM_META *xdm_meta_create(const XDM_LIMITS *lim, XDM_RESULT *res,
			          const char *subset)
{
    XDM_META *mp = mycalloc(1, sizeof(*mp));

    mp->lim = lim;
    mp->res = res;
    mp->subset = mystrdup(subset ? subset : "");
    mp->text = vstr_alloc(64);
    mp->attr = vstr_alloc(64);
    mp->xml = xdm_xml_create(&xdm_meta_handlers, mp, lim->max_depth,
			     lim->max_xml, "METADATA.XML");
    return (mp);
}

/* xdm_meta_fail - copy a parse error into the result */

static XDM_STATUS xdm_meta_fail(XDM_META *mp, XDM_STATUS status)
{
    if (status != XDM_OK)
	xdm_result_fail(mp->res, status, "%s/METADATA.XML: %s", mp->subset,
			xdm_xml_error(mp->xml));
    return (status);
}

/* xdm_meta_feed - one chunk */

XDM_STATUS xdm_meta_feed(XDM_META *mp, const char *data, size_t len)
{
    return (xdm_meta_fail(mp, xdm_xml_feed(mp->xml, data, len)));
}

/* xdm_meta_split_cx - "ID^^^&OID&ISO" into ID and OID */

void    xdm_meta_split_cx(const char *cx, char **id, char **authority)
{
    const char *cp, *comp4, *amp1, *amp2;
    int     i;

    *id = *authority = 0;
    if (cx == 0)
	return;
    cp = strchr(cx, '^');
    *id = cp ? mystrndup(cx, (size_t) (cp - cx)) : mystrdup(cx);
    /* CX.4, assigning authority: namespace&universal id&type. */
    for (i = 0, comp4 = cx; i < 3 && comp4; i++)
	if ((comp4 = strchr(comp4, '^')) != 0)
	    comp4++;
    if (comp4 == 0 || (amp1 = strchr(comp4, '&')) == 0)
	return;
    amp1++;
    amp2 = amp1 + strcspn(amp1, "&^");
    if (amp2 > amp1)
	*authority = mystrndup(amp1, (size_t) (amp2 - amp1));
}

/* xdm_meta_apply - attach a classification or identifier to its document */

static void xdm_meta_apply(XDM_DOC *dp, const XDM_META_REF *rp)
{
    if (rp->scheme == 0 || rp->value == 0)
	return;
    if (rp->is_extid) {
	if (strcmp(rp->scheme, XDM_UUID_PATIENTID) == 0 && dp->patient_cx == 0) {
	    dp->patient_cx = mystrdup(rp->value);
	    xdm_meta_split_cx(rp->value, &dp->patient_id, &dp->patient_authority);
	}
    } else if (strcmp(rp->scheme, XDM_UUID_TYPECODE) == 0) {
	if (dp->type_code == 0) {
	    dp->type_code = mystrdup(rp->value);
	    dp->type_system = rp->system ? mystrdup(rp->system) : 0;
	    dp->type_display = rp->display ? mystrdup(rp->display) : 0;
	}
    } else if (strcmp(rp->scheme, XDM_UUID_CLASSCODE) == 0) {
	if (dp->class_code == 0) {
	    dp->class_code = mystrdup(rp->value);
	    dp->class_system = rp->system ? mystrdup(rp->system) : 0;
	}
    } else if (strcmp(rp->scheme, XDM_UUID_FORMATCODE) == 0) {
	if (dp->format_code == 0)
	    dp->format_code = mystrdup(rp->value);
    }
}

/* xdm_meta_end - end of document: one XDM_DOC per ExtrinsicObject */

XDM_STATUS xdm_meta_end(XDM_META *mp)
{
    XDM_STATUS status = xdm_meta_fail(mp, xdm_xml_end(mp->xml));
    XDM_DOC *dp;
    size_t  i, j;

    if (status != XDM_OK)
	return (status);
    for (i = 0; i < mp->neo; i++) {
	dp = xdm_result_add_doc(mp->res);
	dp->subset = mystrdup(mp->subset);
	dp->id = mystrdup(mp->eos[i].id);
	dp->mime_type = mp->eos[i].mime_type ? mystrdup(mp->eos[i].mime_type) : 0;
	dp->uri = vstr_len(mp->eos[i].uri) ? mystrdup(vstr_str(mp->eos[i].uri)) : 0;
	for (j = 0; j < mp->nref; j++)
	    if (mp->refs[j].target && strcmp(mp->refs[j].target, dp->id) == 0)
		xdm_meta_apply(dp, mp->refs + j);
    }
    return (XDM_OK);
}

/* xdm_meta_free - destroy; NULL is fine */

void    xdm_meta_free(XDM_META *mp)
{
    size_t  i;

    if (mp == 0)
	return;
    for (i = 0; i < mp->neo; i++) {
	myfree(mp->eos[i].id);
	myfree(mp->eos[i].mime_type);
	vstr_free(mp->eos[i].uri);
    }
    for (i = 0; i < mp->nref; i++) {
	myfree(mp->refs[i].target);
	myfree(mp->refs[i].scheme);
	myfree(mp->refs[i].value);
	myfree(mp->refs[i].system);
	myfree(mp->refs[i].display);
    }
    myfree(mp->eos);
    myfree(mp->refs);
    xdm_xml_free(mp->xml);
    vstr_free(mp->text);
    vstr_free(mp->attr);
    myfree(mp->subset);
    myfree(mp);
}

/* xdm_meta_parse - one METADATA.XML in a buffer */

XDM_STATUS xdm_meta_parse(const char *data, size_t len, const XDM_LIMITS *lim,
			          XDM_RESULT *res, const char *subset)
{
    XDM_META *mp = xdm_meta_create(lim, res, subset);
    XDM_STATUS status = xdm_meta_feed(mp, data, len);

    if (status == XDM_OK)
	status = xdm_meta_end(mp);
    xdm_meta_free(mp);
    return (status);
}
