#ifndef METRICS_H_INCLUDED
#define METRICS_H_INCLUDED

/*++
/* NAME
/*	metrics 3h
/* SUMMARY
/*	the daemon's counters and their Prometheus text form
/* SYNOPSIS
/*	#include "metrics.h"
/* DESCRIPTION
/*	See metrics.c.
/*--*/

#include "vstr.h"
#include "verdict.h"
#include "decide.h"

 /*
  * Where a verdict was applied (label "stage" of the decisions).
  */
typedef enum METRICS_STAGE {
    METRICS_STAGE_MAIL = 0,		/* MAIL FROM: the transaction */
    METRICS_STAGE_RCPT,			/* RCPT TO: one recipient */
    METRICS_STAGE_EOM,			/* end of message: the message */
    METRICS_STAGE_COUNT
} METRICS_STAGE;

extern void metrics_init(void);
extern double metrics_clock(void);

extern void metrics_count_decision(const VERDICT *, DECIDE_DIR, METRICS_STAGE);
extern void metrics_count_reply(const VERDICT *);
extern void metrics_txn_begin(void);
extern void metrics_count_message(const DECIDE_MSG *, int);
extern void metrics_connection(int);
extern void metrics_dir_cache_hit(void);
extern void metrics_dir_lookup(int, double);
extern void metrics_audit_write(int, double);
extern int metrics_conv_write(int);

extern void metrics_render(VSTR *);
extern void metrics_head(VSTR *, const char *, const char *, const char *);
extern void metrics_scalar(VSTR *, const char *, const char *, const char *,
			           long long);
extern void metrics_render_trust(VSTR *);

#endif
