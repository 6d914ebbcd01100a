#ifndef MIME_HDR_H_INCLUDED
#define MIME_HDR_H_INCLUDED

/*++
/* NAME
/*	mime_hdr 3h
/* SUMMARY
/*	unfold and decode header values (RFC 5322, RFC 2047)
/* SYNOPSIS
/*	#include "mime_hdr.h"
/* DESCRIPTION
/*	See mime_hdr.c.
/*--*/

#include "vstr.h"

extern void mime_hdr_init(void);
extern void mime_hdr_unfold(const char *, VSTR *);
extern void mime_hdr_decode(const char *, VSTR *);

#endif
