#ifndef MIRROR_LDIF_H_INCLUDED
#define MIRROR_LDIF_H_INCLUDED

/*++
/* NAME
/*	mirror_ldif 3h
/* SUMMARY
/*	mssante-mirror ldif: the whole mirror as LDIF for slapadd
/* SYNOPSIS
/*	#include "mirror_ldif.h"
/* DESCRIPTION
/*	See mirror_ldif.c.
/*--*/

#include <stdio.h>

#include "mirror_run.h"

extern int mirror_ldif_write(MIRROR_RUN *, FILE *);

#endif
