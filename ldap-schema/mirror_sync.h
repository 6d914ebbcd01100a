#ifndef MIRROR_SYNC_H_INCLUDED
#define MIRROR_SYNC_H_INCLUDED

/*++
/* NAME
/*	mirror_sync 3h
/* SUMMARY
/*	mssante-mirror sync: bring a live directory in line with the files
/* SYNOPSIS
/*	#include "mirror_sync.h"
/* DESCRIPTION
/*	See mirror_sync.c.
/*--*/

#include "mirror_run.h"

#include <ldap.h>

extern int mirror_sync_run(MIRROR_RUN *);
extern int mirror_sync_connect(MIRROR_RUN *, LDAP **);

#endif
