/*++
/* NAME
/*	xdm_budget 3
/* SUMMARY
/*	what reading the IHE_XDM archives of one message may cost
/* SYNOPSIS
/*	#include "xdm_budget.h"
/*
/*	void	xdm_budget_start(XDM_BUDGET *b, const XDM_LIMITS *lim)
/*	XDM_STATUS xdm_budget_archive(XDM_BUDGET *b, XDM_RESULT *res)
/*	XDM_STATUS xdm_budget_entries(XDM_BUDGET *b, uint64_t n,
/*					XDM_RESULT *res)
/*	XDM_STATUS xdm_budget_inflate(XDM_BUDGET *b, uint64_t n,
/*					XDM_RESULT *res)
/*	XDM_STATUS xdm_budget_time(XDM_BUDGET *b, XDM_RESULT *res)
/*	long	xdm_budget_elapsed_ms(const XDM_BUDGET *b)
/* DESCRIPTION
/*	The limits of xdm(3) bound one archive; a message may carry many
/*	archives (each part named IHE_XDM.zip), so without a total a
/*	message of many small costly archives kept a thread busy for
/*	minutes, long after the MTA's milter timeout had given up on the
/*	answer. A budget is the per-message total, charged as the work
/*	goes by xdm_msg(3) and xdm(3):
/* .IP archives
/*	xdm_budget_archive(), once per archive before it is decoded:
/*	more than lim->msg_max_archives fails with XDM_ERR_BUDGET;
/* .IP entries
/*	xdm_budget_entries(), with each archive's entry count before its
/*	directory is walked: more than lim->msg_max_entries in all;
/* .IP "inflated octets"
/*	xdm_budget_inflate(), with each decompressed chunk: more than
/*	lim->msg_max_inflated octets in all (it checks the time too);
/* .IP time
/*	xdm_budget_time(): more than lim->msg_max_ms milliseconds (wall
/*	clock, monotonic) since xdm_budget_start() fails with
/*	XDM_ERR_TIME. The milter's callbacks for one connection run in
/*	one libmilter thread, so the MTA's abort or close cannot reach
/*	the end-of-message work while it runs: this deadline, below the
/*	MTA's milter timeout (Postfix milter_content_timeout, 300 s by
/*	default), is what stops the work once nobody waits for it.
/* .PP
/*	XDM_ERR_BUDGET is the sender's doing (doc.xdm_unsafe, like the
/*	other limits); XDM_ERR_TIME may be the host's load, so the daemon
/*	tempfails it (internal.error) rather than refuse the message.
/*	Once a limit is reached, every later call fails at once (b->over),
/*	so the remaining archives are not opened. A null budget never
/*	fails; 0 in a limit means none.
/*
/*	xdm_budget_elapsed_ms() gives the time spent since the start.
/* DIAGNOSTICS
/*	Each function returns XDM_OK or the status it recorded in res
/*	(xdm_result_fail(): the first error of res stays).
/*--*/

#include <time.h>

#include "xdm_budget.h"

/* xdm_budget_now - monotonic milliseconds */

static long long xdm_budget_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* xdm_budget_start - the message's work begins */

void    xdm_budget_start(XDM_BUDGET *b, const XDM_LIMITS *lim)
{
    b->max_archives = lim->msg_max_archives;
    b->max_entries = lim->msg_max_entries;
    b->max_inflated = lim->msg_max_inflated;
    b->max_ms = lim->msg_max_ms;
    b->archives = 0;
    b->entries = 0;
    b->inflated = 0;
    b->over = 0;
    b->start_ms = xdm_budget_now();
}

/* xdm_budget_elapsed_ms - time spent */

long    xdm_budget_elapsed_ms(const XDM_BUDGET *b)
{
    return (b ? (long) (xdm_budget_now() - b->start_ms) : 0);
}

/* xdm_budget_over - a limit was reached before: fail again */

static XDM_STATUS xdm_budget_over(XDM_BUDGET *b, XDM_RESULT *res)
{
    return (xdm_result_fail(res, b->over == XDM_ERR_TIME ? XDM_ERR_TIME :
			    XDM_ERR_BUDGET, "not read: the message's %s budget "
			    "is spent", b->over == XDM_ERR_TIME ? "time" :
			    "documents"));
}

/* xdm_budget_time - the deadline */

XDM_STATUS xdm_budget_time(XDM_BUDGET *b, XDM_RESULT *res)
{
    long    spent;

    if (b == 0)
	return (XDM_OK);
    if (b->over)
	return (xdm_budget_over(b, res));
    if (b->max_ms > 0 && (spent = xdm_budget_elapsed_ms(b)) > b->max_ms) {
	b->over = XDM_ERR_TIME;
	return (xdm_result_fail(res, XDM_ERR_TIME, "stopped after %ld ms: the "
				"message's archives may take %ld ms", spent,
				b->max_ms));
    }
    return (XDM_OK);
}

/* xdm_budget_archive - one more archive */

XDM_STATUS xdm_budget_archive(XDM_BUDGET *b, XDM_RESULT *res)
{
    if (b == 0)
	return (XDM_OK);
    if (b->over)
	return (xdm_budget_over(b, res));
    if (b->max_archives > 0 && ++b->archives > b->max_archives) {
	b->over = XDM_ERR_BUDGET;
	return (xdm_result_fail(res, XDM_ERR_BUDGET, "more than %zu IHE_XDM "
				"archives in the message", b->max_archives));
    }
    return (xdm_budget_time(b, res));
}

/* xdm_budget_charge - add to one counter, fail past its limit */

static XDM_STATUS xdm_budget_charge(XDM_BUDGET *b, uint64_t *spent, uint64_t n,
				            uint64_t max, const char *what,
				            XDM_RESULT *res)
{
    if (b == 0)
	return (XDM_OK);
    if (b->over)
	return (xdm_budget_over(b, res));
    *spent += n;
    if (max > 0 && *spent > max) {
	b->over = XDM_ERR_BUDGET;
	return (xdm_result_fail(res, XDM_ERR_BUDGET, "more than %llu %s",
				(unsigned long long) max, what));
    }
    return (xdm_budget_time(b, res));
}

/* xdm_budget_entries - entries of one more archive */

XDM_STATUS xdm_budget_entries(XDM_BUDGET *b, uint64_t n, XDM_RESULT *res)
{
    return (xdm_budget_charge(b, b ? &b->entries : 0, n, b ? b->max_entries : 0,
			      "zip entries in the message's archives", res));
}

/* xdm_budget_inflate - octets just decompressed */

XDM_STATUS xdm_budget_inflate(XDM_BUDGET *b, uint64_t n, XDM_RESULT *res)
{
    return (xdm_budget_charge(b, b ? &b->inflated : 0, n, b ? b->max_inflated : 0,
			      "octets decompressed from the message's archives", res));
}
