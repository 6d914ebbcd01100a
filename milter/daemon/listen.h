#ifndef LISTEN_H_INCLUDED
#define LISTEN_H_INCLUDED

/*++
/* NAME
/*	listen 3h
/* SUMMARY
/*	the milter socket: parse, bind through libmilter, tune, clean up
/* SYNOPSIS
/*	#include "listen.h"
/* DESCRIPTION
/*	See listen.c.
/*--*/

#include <sys/types.h>
#include "vstr.h"

typedef struct LISTEN {
    int     family;			/* AF_UNIX, AF_INET or AF_INET6 */
    char   *spec;			/* as configured */
    char   *conn;			/* the text given to libmilter */
    char   *path;			/* unix socket path */
    char   *host;			/* inet host, NULL: any */
    int     port;			/* inet port */
    dev_t   dev;			/* the unix socket we created */
    ino_t   ino;
    int     created;
} LISTEN;

extern LISTEN *listen_parse(const char *, VSTR *);
extern int listen_open(LISTEN *, unsigned, uid_t, gid_t, VSTR *);
extern void listen_poke(const LISTEN *);
extern void listen_cleanup(LISTEN *);
extern void listen_free(LISTEN *);

#endif
