/*++
/* NAME
/*	msg 3
/* SUMMARY
/*	diagnostics ladder: info, warning, error, fatal, panic
/* SYNOPSIS
/*	#include "msg.h"
/*
/*	int	msg_verbose;
/*
/*	void	msg_open(const char *ident, int facility, int where)
/*
/*	void	msg_filter(MSG_FILTER_FN filter)
/*	void	msg_info(const char *fmt, ...)
/*	void	msg_warn(const char *fmt, ...)
/*	void	msg_error(const char *fmt, ...)
/*	void	msg_fatal(const char *fmt, ...)
/*	void	msg_panic(const char *fmt, ...)
/* DESCRIPTION
/*	The Postfix diagnostics ladder. msg_info() reports normal events
/*	(one summary line per message); msg_warn() a problem that was
/*	worked around; msg_error() a recoverable error; msg_fatal() a
/*	condition that prevents going on: it logs and exits with status 1
/*	(configuration errors, unusable files); msg_panic() an impossible
/*	state (a bug): it logs and aborts, leaving a core for the developer.
/*
/*	msg_open() chooses the destinations: MSG_TO_STDERR, MSG_TO_SYSLOG
/*	or both, with the syslog identifier and facility (LOG_MAIL for the
/*	daemon, so lines land beside Postfix's). Before msg_open(),
/*	messages go to stderr. Lines are written whole with one write so
/*	threads do not interleave them. msg_open() also routes mymalloc()
/*	failures through msg_fatal's reporter.
/*
/*	The caller names the function or the queue id in the text; this
/*	module adds only the severity prefix ("warning: ", "error: "...).
/*
/*	msg_filter() installs a last-line-of-defence rewrite applied in
/*	place to every line before it is written: it returns the new
/*	length and must neither allocate nor log. Every program of the
/*	package installs insmask_inplace() (policy/insmask.c: INS-shaped
/*	tokens cut to "253...") first thing in main(), so no INS reaches
/*	the log in clear whatever a caller put in a line. The hook keeps
/*	this utility free of the health-data rules it serves.
/*--*/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "mymalloc.h"
#include "msg.h"

int     msg_verbose = 0;

static MSG_FILTER_FN msg_filter_fn;

static int msg_where = MSG_TO_STDERR;
static const char *msg_ident = "mssante-milter";

/* msg_filter - install the rewrite applied to every line */

void    msg_filter(MSG_FILTER_FN filter)
{
    msg_filter_fn = filter;
}

/* msg_oom - out-of-memory reporter for mymalloc */

static void msg_oom(const char *what, size_t size)
{
    msg_error("fatal: %s: out of memory allocating %zu bytes", what, size);
}

/* msg_open - choose the destinations */

void    msg_open(const char *ident, int facility, int where)
{
    msg_ident = ident;
    msg_where = where;
    if (where & MSG_TO_SYSLOG)
	openlog(ident, LOG_PID | LOG_NDELAY, facility);
    mymalloc_set_fail(msg_oom);
}

/* msg_emit - one line to each destination */

static void msg_emit(int prio, const char *prefix, const char *fmt, va_list ap)
{
    char    line[2048];
    int     n, saved_errno = errno;
    size_t  len;

    /*
     * A fixed buffer is acceptable here only because an over-long
     * diagnostic is visibly marked as cut, never silently truncated, and
     * because the out-of-memory path must not allocate.
     */
    n = snprintf(line, sizeof(line), "%s", prefix);
    errno = saved_errno;
    if (n >= 0 && (size_t) n < sizeof(line))
	(void) vsnprintf(line + n, sizeof(line) - (size_t) n, fmt, ap);
    len = strlen(line);
    if (len == sizeof(line) - 1)
	memcpy(line + sizeof(line) - 6, "[...]", 5);

    /*
     * Last line of defence (msg_filter): in place, without allocating,
     * since this also runs for the out-of-memory report.
     */
    if (msg_filter_fn)
	line[msg_filter_fn(line, len)] = 0;
    if (msg_where & MSG_TO_SYSLOG)
	syslog(prio, "%s", line);
    if (msg_where & MSG_TO_STDERR) {
	char    out[2200];
	int     m = snprintf(out, sizeof(out), "%s: %s\n", msg_ident, line);

	if (m > 0)
	    (void) write(STDERR_FILENO, out, (size_t) m < sizeof(out) ?
			 (size_t) m : sizeof(out) - 1);
    }
}

/* msg_vprintf - log at a syslog priority */

void    msg_vprintf(int prio, const char *fmt, va_list ap)
{
    const char *prefix = prio <= LOG_CRIT ? "panic: " : prio <= LOG_ERR ?
    "error: " : prio == LOG_WARNING ? "warning: " : "";

    msg_emit(prio, prefix, fmt, ap);
}

/* msg_info - normal event */

void    msg_info(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_emit(LOG_INFO, "", fmt, ap);
    va_end(ap);
}

/* msg_warn - problem worked around */

void    msg_warn(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_emit(LOG_WARNING, "warning: ", fmt, ap);
    va_end(ap);
}

/* msg_error - recoverable error */

void    msg_error(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_emit(LOG_ERR, "error: ", fmt, ap);
    va_end(ap);
}

/* msg_fatal - cannot go on: log and exit 1 */

void    msg_fatal(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_emit(LOG_CRIT, "fatal: ", fmt, ap);
    va_end(ap);
    exit(1);
}

/* msg_panic - impossible state: log and abort */

void    msg_panic(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_emit(LOG_CRIT, "panic: ", fmt, ap);
    va_end(ap);
    abort();
}
