#ifndef XDM_META_H_INCLUDED
#define XDM_META_H_INCLUDED

/*++
/* NAME
/*	xdm_meta 3h
/* SUMMARY
/*	read one IHE XDM METADATA.XML (ebRIM) as a stream
/* SYNOPSIS
/*	#include "xdm_meta.h"
/* DESCRIPTION
/*	See xdm_meta.c.
/*--*/

#include "xdm.h"

typedef struct XDM_META XDM_META;

extern XDM_META *xdm_meta_create(const XDM_LIMITS *, XDM_RESULT *, const char *);
extern XDM_STATUS xdm_meta_feed(XDM_META *, const char *, size_t);
extern XDM_STATUS xdm_meta_end(XDM_META *);
extern void xdm_meta_free(XDM_META *);
extern XDM_STATUS xdm_meta_parse(const char *, size_t, const XDM_LIMITS *,
				         XDM_RESULT *, const char *);
extern void xdm_meta_split_cx(const char *, char **, char **);

#endif
