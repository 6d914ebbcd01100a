#ifndef MIRROR_PHARMACY_H_INCLUDED
#define MIRROR_PHARMACY_H_INCLUDED

/*++
/* NAME
/*	mirror_pharmacy 3h
/* SUMMARY
/*	which ORG mailboxes belong to a pharmacy (mssante-mirror)
/* SYNOPSIS
/*	#include "mirror_pharmacy.h"
/* DESCRIPTION
/*	See mirror_pharmacy.c.
/*--*/

#include "vstr.h"
#include "mirror_entry.h"

#define MIRROR_PHARMACY_DEFAULT_RE	"PHARMACIE"

typedef struct MIRROR_PHARMACY MIRROR_PHARMACY;

extern MIRROR_PHARMACY *mirror_pharmacy_create(const char *, VSTR *);
extern int mirror_pharmacy_load(MIRROR_PHARMACY *, const char *, VSTR *);
extern int mirror_pharmacy_decide(MIRROR_PHARMACY *, const char *, const MIRROR_ENTRY *);
extern void mirror_pharmacy_report(MIRROR_PHARMACY *);
extern void mirror_pharmacy_free(MIRROR_PHARMACY *);

#endif
