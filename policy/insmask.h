#ifndef INSMASK_H_INCLUDED
#define INSMASK_H_INCLUDED

/*++
/* NAME
/*	insmask 3h
/* SUMMARY
/*	find and mask patient INS in addresses and free text
/* SYNOPSIS
/*	#include "insmask.h"
/* DESCRIPTION
/*	See insmask.c.
/*--*/

#include <stddef.h>
#include "vstr.h"

 /*
  * How one INS (or a patient address's local part) is replaced: the
  * function appends the replacement of the len bytes at ins to out.
  */
typedef void (*INSMASK_FN) (void *, const char *, size_t, VSTR *);

extern size_t insmask_match(const char *, size_t);
extern int insmask_patient(const char *, const char *, size_t, VSTR *);
extern int insmask_addr(const char *, const char *, size_t, INSMASK_FN,
			        void *, VSTR *);
extern size_t insmask_scrub(const char *, const char *, size_t, INSMASK_FN,
			            void *, VSTR *);
extern size_t insmask_scrub_dn(const char *, const char *, size_t, INSMASK_FN,
			               void *, VSTR *);
extern size_t insmask_inplace(char *, size_t);
extern void insmask_cut(void *, const char *, size_t, VSTR *);

#define INSMASK_CUT_KEEP	3	/* characters insmask_cut() shows */

#endif
