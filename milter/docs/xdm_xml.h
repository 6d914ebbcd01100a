#ifndef XDM_XML_H_INCLUDED
#define XDM_XML_H_INCLUDED

/*++
/* NAME
/*	xdm_xml 3h
/* SUMMARY
/*	hardened streaming XML (SAX2 push) parser for untrusted documents
/* SYNOPSIS
/*	#include "xdm_xml.h"
/* DESCRIPTION
/*	See xdm_xml.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "xdm.h"

typedef struct XDM_XML XDM_XML;

 /*
  * Attributes as libxml2's SAX2 gives them: five pointers per attribute
  * (localname, prefix, URI, value, end); the value is not terminated.
  */
typedef struct XDM_XML_HANDLERS {
    void    (*start) (void *, XDM_XML *, const char *, const char *, int,
		              const char **);
    void    (*end) (void *, XDM_XML *, const char *, const char *);
    void    (*text) (void *, XDM_XML *, const char *, size_t);
} XDM_XML_HANDLERS;

extern XDM_XML *xdm_xml_create(const XDM_XML_HANDLERS *, void *, int, size_t,
			               const char *);
extern XDM_STATUS xdm_xml_feed(XDM_XML *, const char *, size_t);
extern XDM_STATUS xdm_xml_end(XDM_XML *);
extern void xdm_xml_stop(XDM_XML *, XDM_STATUS, const char *);
extern int xdm_xml_stopped(const XDM_XML *);
extern int xdm_xml_depth(const XDM_XML *);
extern const char *xdm_xml_error(const XDM_XML *);
extern int xdm_xml_attr(int, const char **, const char *, VSTR *, size_t);
extern void xdm_xml_free(XDM_XML *);

#endif
