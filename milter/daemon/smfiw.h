#ifndef SMFIW_H_INCLUDED
#define SMFIW_H_INCLUDED

/*++
/* NAME
/*	smfiw 3h
/* SUMMARY
/*	thin wrapper around the libmilter calls of the callbacks
/* SYNOPSIS
/*	#include "smfiw.h"
/* DESCRIPTION
/*	See smfiw.c.
/*--*/

#include <libmilter/mfapi.h>
#include "vstr.h"
#include "verdict.h"

extern const char *smfiw_macro(SMFICTX *, const char *);
extern sfsistat smfiw_apply(SMFICTX *, const VERDICT *);
extern void smfiw_escape(const char *, VSTR *);
extern int smfiw_insheader(SMFICTX *, int, const char *, const char *);
extern int smfiw_delheader(SMFICTX *, const char *, int);
extern void smfiw_setpriv(SMFICTX *, void *);
extern void *smfiw_getpriv(SMFICTX *);
extern void smfiw_symlist(SMFICTX *);

#endif
