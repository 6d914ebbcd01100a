#ifndef LIVE_H_INCLUDED
#define LIVE_H_INCLUDED

/*++
/* NAME
/*	live 3h
/* SUMMARY
/*	the daemon's current configuration and trust snapshot, reloadable
/* SYNOPSIS
/*	#include "live.h"
/* DESCRIPTION
/*	See live.c.
/*--*/

#include "cfg.h"
#include "decide.h"
#include "dir.h"
#include "trust.h"
#include "trustsnap.h"
#include "mbpol.h"
#include "docs_conf.h"

typedef struct LIVE {
    int     refs;			/* protected by the module lock */
    unsigned long generation;		/* 1, 2, ... per reload */
    CFG    *cfg;
    DECIDE_POLICY pol;			/* points into cfg */
    DIR_CLIENT *dir;
    char   *hostname;			/* for X-MSSante-Policy */
    MBPOL  *mbpol;			/* PolicyFile, or NULL */
    DOCS_CONF *docs;			/* documents (docs_conf(3)) */
} LIVE;

extern int live_read_secret(const char *, VSTR *, VSTR *);
extern void live_start(CFG *, const char *);
extern LIVE *live_acquire(void);
extern void live_release(LIVE *);
extern int live_trust_refresh(void);
extern int live_reload(const char *);
extern void live_refresh_start(void);
extern void live_stop(void);
extern void live_policy(const CFG *, DECIDE_POLICY *);

#endif
