#ifndef MIRROR_STATUS_H_INCLUDED
#define MIRROR_STATUS_H_INCLUDED

/*++
/* NAME
/*	mirror_status 3h
/* SUMMARY
/*	mssante-mirror status: the mirror's ages, for a monitoring check
/* SYNOPSIS
/*	#include "mirror_status.h"
/* DESCRIPTION
/*	See mirror_status.c.
/*--*/

#include "mirror_conf.h"

 /*
  * Nagios plugin exit statuses.
  */
#define MIRROR_STATUS_OK	0
#define MIRROR_STATUS_WARNING	1
#define MIRROR_STATUS_CRITICAL	2
#define MIRROR_STATUS_UNKNOWN	3

extern int mirror_status_run(const MIRROR_CONF *);

#endif
