#ifndef CONVCRYPT_H_INCLUDED
#define CONVCRYPT_H_INCLUDED

/*++
/* NAME
/*	convcrypt 3h
/* SUMMARY
/*	encrypt a patient address for the conversation directory
/* SYNOPSIS
/*	#include "convcrypt.h"
/* DESCRIPTION
/*	See convcrypt.c.
/*--*/

#include "vstr.h"
#include "audit_key.h"

typedef struct CONVCRYPT CONVCRYPT;

#define CONVCRYPT_PREFIX	"v1:"

extern CONVCRYPT *convcrypt_create(const AUDIT_KEY *);
extern void convcrypt_free(CONVCRYPT *);
extern int convcrypt_seal(const CONVCRYPT *, const char *, const char *, VSTR *);
extern int convcrypt_open(const CONVCRYPT *, const char *, const char *, VSTR *);

#endif
