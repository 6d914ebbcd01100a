#ifndef PRIVS_H_INCLUDED
#define PRIVS_H_INCLUDED

/*++
/* NAME
/*	privs 3h
/* SUMMARY
/*	run-as user lookup and privilege drop
/* SYNOPSIS
/*	#include "privs.h"
/* DESCRIPTION
/*	See privs.c.
/*--*/

#include <sys/types.h>
#include "vstr.h"

typedef struct PRIVS {
    char   *user;			/* login name */
    uid_t   uid;
    gid_t   gid;
} PRIVS;

extern int privs_lookup(const char *, PRIVS *, VSTR *);
extern int privs_drop(const PRIVS *, VSTR *);
extern void privs_free(PRIVS *);

#endif
