#ifndef AUDIT_PRIVATE_H_INCLUDED
#define AUDIT_PRIVATE_H_INCLUDED

/*++
/* NAME
/*	audit_private 3h
/* SUMMARY
/*	the audit trail writer's state, shared by its own modules
/* SYNOPSIS
/*	#include "audit_private.h"
/* DESCRIPTION
/*	The AUDIT structure and the few writer functions that the timer
/*	thread (audit_timer(3)) calls back into audit(3). Other modules
/*	use audit.h only.
/*--*/

#include <pthread.h>
#include <sys/types.h>
#include <time.h>

#include "audit.h"
#include "audit_chain.h"

struct AUDIT {
    pthread_mutex_t lock;		/* everything below */
    char   *path;
    AUDIT_KEY *key;
    char   *host;
    AUDIT_SYNC sync;
    int     sync_interval_ms;
    int     checkpoint_s;
    int     file_mode;
    uid_t   owner;
    void    (*clock) (struct timespec *);
    char   *patient_domain;
    int     fd;
    dev_t   dev;
    ino_t   ino;
    off_t   size;			/* bytes of complete lines */
    int     broken;			/* a partial line could not be cut */
    long long seq;			/* seq of the next record */
    char    head[AUDIT_HEX_LEN + 1];	/* hash of the last line */
    long long since_cp;			/* records since the last seal */
    long long last_seal_ms;		/* its "time", epoch ms */
    /* The timer thread: sync and checkpoints. */
    pthread_cond_t cond;
    pthread_t timer;
    int     have_timer;
    int     cp_timer;			/* it writes the checkpoints */
    struct timespec cp_retry;		/* CLOCK_MONOTONIC: not before */
    int     stop;
    int     dirty;			/* written, not yet synced */
};

 /*
  * audit.c, for audit_timer.c; the lock is held.
  */
extern long long audit_now_ms(AUDIT *);
extern int audit_checkpoint_due(AUDIT *);
extern int audit_write_checkpoint(AUDIT *, const char *, VSTR *);

 /*
  * audit_timer.c
  */
extern void audit_timer_start(AUDIT *);
extern void audit_timer_stop(AUDIT *);

#endif
