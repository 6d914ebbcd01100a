/*++
/* NAME
/*	audit_timer 3
/* SUMMARY
/*	the audit trail's timer thread: interval sync and checkpoints
/* SYNOPSIS
/*	#include "audit_private.h"
/*
/*	void	audit_timer_start(audit)
/*	AUDIT	*audit;
/*
/*	void	audit_timer_stop(audit)
/*	AUDIT	*audit;
/* DESCRIPTION
/*	This module is part of the audit trail writer (audit(3)), which
/*	calls it; it has no other user.
/*
/*	audit_timer_start() starts the timer thread when one is needed:
/*	with AuditSync "interval" it forces written records to the disk
/*	every sync interval, and with an AuditCheckpoint interval and the
/*	real clock it writes the interval's checkpoints (a caller's own
/*	clock does not advance with real time: it calls audit_tick()
/*	instead). Call it once the file is open, after fork()/daemon().
/*
/*	audit_timer_stop() stops the thread, if one runs, and waits for
/*	it. Call it before the last checkpoint and the close.
/* DIAGNOSTICS
/*	A sync that fails is logged with msg_error(). A checkpoint that
/*	cannot be written is logged with msg_error() and tried again after
/*	min(AuditCheckpoint, 10 s). msg_fatal() when the thread cannot be
/*	created.
/* SEE ALSO
/*	audit(3)
/*--*/

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "audit_private.h"

/* mono_in - the CLOCK_MONOTONIC time ms from now */

static void mono_in(struct timespec *ts, long long ms)
{
    (void) clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += (time_t) (ms / 1000);
    ts->tv_nsec += (long) (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
	ts->tv_sec++;
	ts->tv_nsec -= 1000000000L;
    }
}

/* mono_until - ms from now to a CLOCK_MONOTONIC time (negative: past) */

static long long mono_until(const struct timespec *ts)
{
    struct timespec now;

    (void) clock_gettime(CLOCK_MONOTONIC, &now);
    return ((long long) (ts->tv_sec - now.tv_sec) * 1000
	    + (ts->tv_nsec - now.tv_nsec) / 1000000);
}

/* seal_wait_ms - ms until the timer's next checkpoint; lock held */

static long long seal_wait_ms(AUDIT *a)
{
    long long full = a->checkpoint_s * 1000LL;
    long long left = full - (audit_now_ms(a) - a->last_seal_ms);
    long long retry = mono_until(&a->cp_retry);

    if (left > full)				/* the clock went back */
	left = full;
    if (retry > left)
	left = retry;
    return (left < 0 ? 0 : left);
}

/* timer_tick - write the checkpoint due, if any; lock held */

static void timer_tick(AUDIT *a, VSTR *why)
{
    if (!audit_checkpoint_due(a) || mono_until(&a->cp_retry) > 0)
	return;
    if (audit_write_checkpoint(a, AUDIT_CP_INTERVAL, why) < 0) {
	/* A full disk: try again soon, without flooding the log. */
	msg_error("audit: cannot write a checkpoint: %s", vstr_str(why));
	mono_in(&a->cp_retry, a->checkpoint_s < 10 ? a->checkpoint_s * 1000LL : 10000);
    }
}

/* timer_main - sync at the AuditSync interval, seal at AuditCheckpoint */

static void *timer_main(void *arg)
{
    AUDIT  *a = arg;
    struct timespec wake, next_sync;
    VSTR   *why = vstr_alloc(100);
    long long wait, left;
    int     fd;

    /*
     * fdatasync() runs on a dup of the descriptor, outside the lock: a
     * slow disk then delays no audit_write(), and audit_reopen() may close
     * the original meanwhile. The checkpoint is written under the lock,
     * like any record: it is one write().
     */
    pthread_mutex_lock(&a->lock);
    mono_in(&next_sync, a->sync_interval_ms);
    while (!a->stop) {
	wait = a->sync == AUDIT_SYNC_INTERVAL ? mono_until(&next_sync) : LLONG_MAX;
	if (a->cp_timer && (left = seal_wait_ms(a)) < wait)
	    wait = left;
	if (wait > 0) {
	    mono_in(&wake, wait);
	    while (!a->stop && pthread_cond_timedwait(&a->cond, &a->lock,
						      &wake) != ETIMEDOUT)
		 /* void */ ;
	}
	if (a->stop)
	    break;
	if (a->cp_timer)
	    timer_tick(a, why);
	if (a->sync != AUDIT_SYNC_INTERVAL || mono_until(&next_sync) > 0)
	    continue;
	mono_in(&next_sync, a->sync_interval_ms);
	if (!a->dirty)
	    continue;
	a->dirty = 0;
	fd = dup(a->fd);
	pthread_mutex_unlock(&a->lock);
	if (fd < 0 || fdatasync(fd) < 0)
	    msg_error("audit: cannot sync audit log %s: %s", a->path,
		      strerror(errno));
	if (fd >= 0)
	    (void) close(fd);
	pthread_mutex_lock(&a->lock);
    }
    pthread_mutex_unlock(&a->lock);
    vstr_free(why);
    return (0);
}
/* audit_timer_start - start the thread, if the configuration needs one */

void    audit_timer_start(AUDIT *a)
{
    /* A caller's own clock does not advance with real time: no timer. */
    a->cp_timer = a->checkpoint_s > 0 && a->clock == 0;
    if (a->sync == AUDIT_SYNC_INTERVAL || a->cp_timer) {
	if (pthread_create(&a->timer, 0, timer_main, a) != 0)
	    msg_fatal("audit_open: cannot create the timer thread");
	a->have_timer = 1;
    }
}

/* audit_timer_stop - stop the thread and wait for it */

void    audit_timer_stop(AUDIT *a)
{
    if (a->have_timer) {
	pthread_mutex_lock(&a->lock);
	a->stop = 1;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->timer, 0);
    }
}
