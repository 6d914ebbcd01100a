/*++
/* NAME
/*	sig 3
/* SUMMARY
/*	signal handling beside libmilter: reload and fast stop
/* SYNOPSIS
/*	#include "sig.h"
/*
/*	void	sig_block(void)
/*
/*	void	sig_start(reload, stop)
/*	void	(*reload)(int signo);
/*	void	(*stop)(int signo);
/*
/*	int	sigwait(set, sig)
/*	const sigset_t *set;
/*	int	*sig;
/* DESCRIPTION
/*	libmilter runs its own signal thread, which sigwait()s for SIGHUP,
/*	SIGTERM and SIGINT and stops the milter on any of them. A daemon
/*	that reloads on SIGHUP cannot share those signals with it: when
/*	two threads wait for the same signal, which one gets it is not
/*	specified, so a SIGHUP would sometimes reload and sometimes kill
/*	the daemon (and with libmilter handling SIGTERM, nothing wakes
/*	its listener, which then takes up to 5 seconds to notice).
/*
/*	So this module owns every signal. sig_block() blocks SIGHUP,
/*	SIGUSR1, SIGTERM and SIGINT in the calling thread, before any
/*	other thread exists (every thread inherits the mask), and ignores
/*	SIGPIPE (a peer that closes its socket must not kill the daemon).
/*	sig_start() starts the one thread that waits for them: SIGHUP and
/*	SIGUSR1 call reload(), SIGTERM and SIGINT call stop(); a second
/*	stop signal exits at once.
/*
/*	This module also defines sigwait() for the whole process, which
/*	interposes the C library's (a definition in the executable comes
/*	first in the dynamic symbol lookup, for libmilter.so's calls too).
/*	A sigwait() call whose set contains SIGTERM and SIGHUP (which is
/*	libmilter's signal thread, the only caller) has those signals,
/*	SIGINT and SIGUSR1 removed, and then, left with nothing to wait
/*	for, sleeps forever; any other call behaves as the standard one.
/*	This is deterministic where racing libmilter's thread is not, and
/*	needs no change to libmilter. The daemon's own thread uses
/*	sigwaitinfo(), which is not interposed.
/* DIAGNOSTICS
/*	Failure to create the thread is fatal.
/*--*/

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "sig.h"

static SIG_FN sig_reload_fn;
static SIG_FN sig_stop_fn;

/* sig_set - the signals this module owns */

static void sig_set(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGUSR1);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
}

/* sig_block - block them in this (the first) thread */

void    sig_block(void)
{
    sigset_t set;

    sig_set(&set);
    if (pthread_sigmask(SIG_BLOCK, &set, (sigset_t *) 0) != 0)
	msg_fatal("pthread_sigmask: cannot block signals");
    (void) signal(SIGPIPE, SIG_IGN);
}

/* sig_empty - no signal in the set? */

static int sig_empty(const sigset_t *set)
{
    int     signo;

    for (signo = 1; signo < 65; signo++)
	if (sigismember(set, signo) == 1)
	    return (0);
    return (1);
}

/* sigwait - see DESCRIPTION: keep libmilter away from our signals */

int     sigwait(const sigset_t *set, int *sig)
{
    sigset_t mine = *set;
    int     ret;

    if (sigismember(set, SIGTERM) == 1 && sigismember(set, SIGHUP) == 1) {
	sigdelset(&mine, SIGHUP);
	sigdelset(&mine, SIGTERM);
	sigdelset(&mine, SIGINT);
	sigdelset(&mine, SIGUSR1);
	if (sig_empty(&mine)) {
	    for (;;)
		pause();
	}
    }
    do {
	ret = sigwaitinfo(&mine, (siginfo_t *) 0);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0)
	return (errno);
    *sig = ret;
    return (0);
}

/* sig_main - the signal thread */

static void *sig_main(void *unused)
{
    sigset_t set;
    int     signo, stopping = 0;

    (void) unused;
    sig_set(&set);
    for (;;) {
	if ((signo = sigwaitinfo(&set, (siginfo_t *) 0)) < 0) {
	    if (errno != EINTR)
		msg_warn("sigwaitinfo: %s", strerror(errno));
	    continue;
	}
	switch (signo) {
	case SIGHUP:
	case SIGUSR1:
	    msg_info("signal %s: reloading", signo == SIGHUP ? "HUP" : "USR1");
	    sig_reload_fn(signo);
	    break;
	case SIGTERM:
	case SIGINT:
	    if (stopping++) {
		msg_info("second stop signal: exiting now");
		_exit(1);
	    }
	    msg_info("signal %s: stopping", signo == SIGTERM ? "TERM" : "INT");
	    sig_stop_fn(signo);
	    break;
	}
    }
    /* NOTREACHED */
    return (0);
}

/* sig_start - start the signal thread */

void    sig_start(SIG_FN reload, SIG_FN stop)
{
    pthread_t tid;
    int     err;

    sig_reload_fn = reload;
    sig_stop_fn = stop;
    if ((err = pthread_create(&tid, (pthread_attr_t *) 0, sig_main, (void *) 0)) != 0)
	msg_fatal("cannot start the signal thread: %s", strerror(err));
    (void) pthread_detach(tid);
}
