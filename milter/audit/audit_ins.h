#ifndef AUDIT_INS_H_INCLUDED
#define AUDIT_INS_H_INCLUDED

/*++
/* NAME
/*	audit_ins 3h
/* SUMMARY
/*	patient pseudonyms for the audit trail (keyed HMAC of the INS)
/* SYNOPSIS
/*	#include "audit_ins.h"
/* DESCRIPTION
/*	See audit_ins.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "audit_key.h"

#define AUDIT_PATIENT_DOMAIN	"patient.mssante.fr"
#define AUDIT_HMAC_PREFIX	"hmac:"

extern void audit_ins_hmac(const AUDIT_KEY *, const char *, size_t, VSTR *);
extern int audit_ins_addr(const AUDIT_KEY *, const char *, const char *,
			          size_t, VSTR *);
extern int audit_ins_is_patient(const char *, const char *, size_t);
extern size_t audit_ins_scrub(const AUDIT_KEY *, const char *, const char *,
			              size_t, VSTR *);
extern size_t audit_ins_scrub_dn(const AUDIT_KEY *, const char *, const char *,
				         size_t, VSTR *);

#endif
