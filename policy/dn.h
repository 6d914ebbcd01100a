#ifndef DN_H_INCLUDED
#define DN_H_INCLUDED

/*++
/* NAME
/*	dn 3h
/* SUMMARY
/*	X.500 distinguished name normalisation for operator certificates
/* SYNOPSIS
/*	#include "dn.h"
/* DESCRIPTION
/*	See dn.c.
/*--*/

#include "vstr.h"

extern int dn_normalise(const char *, VSTR *);
extern int dn_cn(const char *, VSTR *);
extern int dn_equal(const char *, const char *);

#endif
