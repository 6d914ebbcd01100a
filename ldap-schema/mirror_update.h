#ifndef MIRROR_UPDATE_H_INCLUDED
#define MIRROR_UPDATE_H_INCLUDED

/*++
/* NAME
/*	mirror_update 3h
/* SUMMARY
/*	mssante-mirror update and fetch: download, verify, then sync
/* SYNOPSIS
/*	#include "mirror_update.h"
/* DESCRIPTION
/*	See mirror_update.c.
/*--*/

#include "mirror_conf.h"

#define MIRROR_UPDATE_SYNC	0	/* update: fetch, verify, sync */
#define MIRROR_UPDATE_FETCH	1	/* fetch: fetch and verify only */

extern int mirror_update_run(const MIRROR_CONF *, int, int, int, int);

#endif
