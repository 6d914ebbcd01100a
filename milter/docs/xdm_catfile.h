#ifndef XDM_CATFILE_H_INCLUDED
#define XDM_CATFILE_H_INCLUDED

/*++
/* NAME
/*	xdm_catfile 3h
/* SUMMARY
/*	load the JDV_J07 (or TRE_A03) table file
/* SYNOPSIS
/*	#include "xdm_catfile.h"
/* DESCRIPTION
/*	See xdm_catfile.c.
/*--*/

#include "vstr.h"
#include "category.h"

#define XDM_CATFILE_TYPECODE	"jdv-j07-typecode.tsv"
#define XDM_CATFILE_CLASSCODE	"tre-a03-classcode.tsv"

extern CATEGORY_TABLE *xdm_catfile_load(const char *, const char *, VSTR *);

#endif
