#ifndef SAFEFILE_H_INCLUDED
#define SAFEFILE_H_INCLUDED

/*++
/* NAME
/*	safefile 3h
/* SUMMARY
/*	open and hand over files without following planted links
/* SYNOPSIS
/*	#include "safefile.h"
/* DESCRIPTION
/*	See safefile.c.
/*--*/

#include <sys/types.h>
#include <sys/stat.h>
#include "vstr.h"

#define SAFEFILE_KEEP_UID	((uid_t) -1)

extern int safefile_open(const char *, int, mode_t, uid_t, VSTR *);
extern int safefile_give(const char *, mode_t, uid_t, gid_t, mode_t,
			         struct stat *, VSTR *);

#endif
