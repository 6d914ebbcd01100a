#ifndef MIRROR_TLSPOL_H_INCLUDED
#define MIRROR_TLSPOL_H_INCLUDED

/*++
/* NAME
/*	mirror_tlspol 3h
/* SUMMARY
/*	a Postfix smtp_tls_policy_maps table from the whitelist
/* SYNOPSIS
/*	#include "mirror_tlspol.h"
/* DESCRIPTION
/*	See mirror_tlspol.c.
/*--*/

#include <stdio.h>

#include "mirror_whitelist.h"

extern int mirror_tlspol_write(const MIRROR_WHITELIST *, const char *, const char *, FILE *);
extern int mirror_tlspol_file(const MIRROR_WHITELIST *, const char *, const char *);
extern void mirror_tlspol_main_cf(const char *, const char *, FILE *);

#endif
