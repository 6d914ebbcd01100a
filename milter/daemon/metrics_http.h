#ifndef METRICS_HTTP_H_INCLUDED
#define METRICS_HTTP_H_INCLUDED

/*++
/* NAME
/*	metrics_http 3h
/* SUMMARY
/*	the Prometheus endpoint of the daemon (MetricsListen, libmicrohttpd)
/* SYNOPSIS
/*	#include "metrics_http.h"
/* DESCRIPTION
/*	See metrics_http.c.
/*--*/

#include <sys/types.h>

#include "vstr.h"
#include "cfg.h"

extern int metrics_http_check(const CFG *, VSTR *);
extern int metrics_http_open(const CFG *, uid_t, gid_t, VSTR *);
extern int metrics_http_start(VSTR *);
extern void metrics_http_stop(void);

#endif
