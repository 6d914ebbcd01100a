#ifndef TRUSTSNAP_H_INCLUDED
#define TRUSTSNAP_H_INCLUDED

/*++
/* NAME
/*	trustsnap 3h
/* SUMMARY
/*	the current trust snapshot: reference-counted, refreshed, swapped
/* SYNOPSIS
/*	#include "trustsnap.h"
/* DESCRIPTION
/*	See trustsnap.c.
/*--*/

#include <time.h>

#include "trust.h"
#include "dir.h"

typedef struct TRUSTSNAP TRUSTSNAP;

extern TRUSTSNAP *trustsnap_get(void);
extern const TRUST *trustsnap_trust(const TRUSTSNAP *);
extern time_t trustsnap_loaded(const TRUSTSNAP *);
extern unsigned long trustsnap_generation(const TRUSTSNAP *);
extern void trustsnap_freshness(const TRUSTSNAP *, DIR_FRESHNESS *);
extern void trustsnap_set_max_age(long);
extern int trustsnap_stale(const TRUSTSNAP *);
extern void trustsnap_release(TRUSTSNAP *);
extern int trustsnap_refresh(DIR_CLIENT *);
extern int trustsnap_failures(void);
extern int trustsnap_start(DIR_CLIENT *, int, int);
extern void trustsnap_stop(void);
extern void trustsnap_clear(void);

#endif
