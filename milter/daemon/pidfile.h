#ifndef PIDFILE_H_INCLUDED
#define PIDFILE_H_INCLUDED

/*++
/* NAME
/*	pidfile 3h
/* SUMMARY
/*	the daemon's process id file
/* SYNOPSIS
/*	#include "pidfile.h"
/* DESCRIPTION
/*	See pidfile.c.
/*--*/

#include "vstr.h"

extern int pidfile_write(const char *, VSTR *);
extern void pidfile_remove(const char *);

#endif
