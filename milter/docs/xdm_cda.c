/*++
/* NAME
/*	xdm_cda 3
/* SUMMARY
/*	recognise an HL7 CDA document from its first octets
/* SYNOPSIS
/*	#include "xdm_cda.h"
/*
/*	XDM_CDA	*xdm_cda_create(const XDM_LIMITS *lim)
/*	int	xdm_cda_feed(XDM_CDA *cp, const char *data, size_t len)
/*	XDM_STATUS xdm_cda_end(XDM_CDA *cp, int *is_cda, char **code)
/*	const char *xdm_cda_error(const XDM_CDA *cp)
/*	void	xdm_cda_free(XDM_CDA *cp)
/* DESCRIPTION
/*	A CDA R2 document is an XML document whose root element is
/*	ClinicalDocument in the namespace urn:hl7-org:v3; its document
/*	type is the code attribute of the root's child element code,
/*	which comes within the first few elements. This module reads
/*	only that far: fed the entry's octets in chunks (xdm_xml(3), same
/*	hardening as the metadata), it stops as soon as it knows.
/*
/*	xdm_cda_feed() returns 1 when the answer is known (stop feeding),
/*	0 when it wants more. xdm_cda_end() gives *is_cda and *code
/*	(mymalloc'd, or NULL when absent or not a CDA). The caller bounds
/*	what it feeds (XDM_LIMITS.max_cda_probe); an entry whose root was
/*	not reached by then is not a CDA.
/* DIAGNOSTICS
/*	xdm_cda_end() returns XDM_OK, or XDM_ERR_XML_BOMB (a DOCTYPE) or
/*	XDM_ERR_XML_LIMIT (nesting) from the part read. Malformed XML
/*	does not matter: the entry may be any XML file, and a document
/*	whose root is ClinicalDocument is a CDA even if broken later.
/*--*/

#include <string.h>

#include "mymalloc.h"
#include "xdm_xml.h"
#include "xdm_cda.h"

 /*
  * The code element follows realmCode, typeId, templateId(s) and id:
  * stop looking after this many children of the root.
  */
#define XDM_CDA_MAX_CHILDREN	200

struct XDM_CDA {
    const XDM_LIMITS *lim;
    XDM_XML *xml;
    int     is_cda;
    int     children;
    char   *code;
    VSTR   *attr;
};

/* xdm_cda_start - root element, then the root's code child */

static void xdm_cda_start(void *ctx, XDM_XML *xml, const char *local,
			          const char *uri, int nattr, const char **attrs)
{
    XDM_CDA *cp = ctx;
    int     depth = xdm_xml_depth(xml);
    int     is_v3 = uri && strcmp(uri, XDM_NS_HL7V3) == 0;

    if (depth == 1) {
	cp->is_cda = is_v3 && strcmp(local, "ClinicalDocument") == 0;
	if (!cp->is_cda)
	    xdm_xml_stop(xml, XDM_OK, (char *) 0);
	return;
    }
    if (depth != 2)
	return;
    if (is_v3 && strcmp(local, "code") == 0) {
	if (xdm_xml_attr(nattr, attrs, "code", cp->attr, cp->lim->max_value) > 0)
	    cp->code = mystrdup(vstr_str(cp->attr));
	xdm_xml_stop(xml, XDM_OK, (char *) 0);
    } else if (++cp->children > XDM_CDA_MAX_CHILDREN) {
	xdm_xml_stop(xml, XDM_OK, (char *) 0);
    }
}

static const XDM_XML_HANDLERS xdm_cda_handlers = {
    xdm_cda_start, 0, 0,
};

/* xdm_cda_create - probe for one entry */

XDM_CDA *xdm_cda_create(const XDM_LIMITS *lim)
{
    XDM_CDA *cp = mycalloc(1, sizeof(*cp));

    cp->lim = lim;
    cp->attr = vstr_alloc(32);
    /* The caller stops feeding at max_cda_probe: no size error here. */
    cp->xml = xdm_xml_create(&xdm_cda_handlers, cp, lim->max_depth,
			     (size_t) -1, "CDA");
    return (cp);
}

/* xdm_cda_feed - one chunk; 1 when decided */

int     xdm_cda_feed(XDM_CDA *cp, const char *data, size_t len)
{
    if (!xdm_xml_stopped(cp->xml))
	(void) xdm_xml_feed(cp->xml, data, len);
    return (xdm_xml_stopped(cp->xml));
}

/* xdm_cda_end - the answer */

XDM_STATUS xdm_cda_end(XDM_CDA *cp, int *is_cda, char **code)
{
    XDM_STATUS status;

    if (!xdm_xml_stopped(cp->xml))
	(void) xdm_xml_end(cp->xml);
    status = xdm_xml_end(cp->xml);
    *is_cda = cp->is_cda;
    *code = 0;
    if (cp->is_cda && cp->code) {
	*code = cp->code;
	cp->code = 0;
    }
    /* Only refusals matter: broken XML is simply not a CDA. */
    if (status == XDM_ERR_XML_BOMB || status == XDM_ERR_XML_LIMIT)
	return (status);
    return (XDM_OK);
}

/* xdm_cda_error - why the parse stopped */

const char *xdm_cda_error(const XDM_CDA *cp)
{
    return (xdm_xml_error(cp->xml));
}

/* xdm_cda_free - destroy; NULL is fine */

void    xdm_cda_free(XDM_CDA *cp)
{
    if (cp == 0)
	return;
    xdm_xml_free(cp->xml);
    vstr_free(cp->attr);
    myfree(cp->code);
    myfree(cp);
}
