#ifndef XDM_CDA_H_INCLUDED
#define XDM_CDA_H_INCLUDED

/*++
/* NAME
/*	xdm_cda 3h
/* SUMMARY
/*	recognise an HL7 CDA document from its first octets
/* SYNOPSIS
/*	#include "xdm_cda.h"
/* DESCRIPTION
/*	See xdm_cda.c.
/*--*/

#include "xdm.h"

typedef struct XDM_CDA XDM_CDA;

extern XDM_CDA *xdm_cda_create(const XDM_LIMITS *);
extern int xdm_cda_feed(XDM_CDA *, const char *, size_t);
extern XDM_STATUS xdm_cda_end(XDM_CDA *, int *, char **);
extern const char *xdm_cda_error(const XDM_CDA *);
extern void xdm_cda_free(XDM_CDA *);

#endif
