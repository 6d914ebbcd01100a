#ifndef MIRROR_XMLSIG_H_INCLUDED
#define MIRROR_XMLSIG_H_INCLUDED

/*++
/* NAME
/*	mirror_xmlsig 3h
/* SUMMARY
/*	verify the whitelist's enveloped XML-DSig signature
/* SYNOPSIS
/*	#include "mirror_xmlsig.h"
/* DESCRIPTION
/*	See mirror_xmlsig.c.
/*--*/

#include <libxml/tree.h>

#include "vstr.h"

extern int mirror_xmlsig_init(void);
extern int mirror_xmlsig_verify(xmlDocPtr, const char *, const char *, VSTR *, VSTR *);
extern const char *mirror_xmlsig_issuer(void);
extern void mirror_xmlsig_shutdown(void);

#endif
