#ifndef XTEXT_H_INCLUDED
#define XTEXT_H_INCLUDED

/*++
/* NAME
/*	xtext 3h
/* SUMMARY
/*	RFC 3461 xtext decoding of MTA macro values
/* SYNOPSIS
/*	#include "xtext.h"
/* DESCRIPTION
/*	See xtext.c.
/*--*/

#include <stddef.h>

#include "vstr.h"

extern int xtext_decode(const char *, size_t, VSTR *);

#endif
