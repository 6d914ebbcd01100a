/*++
/* NAME
/*	progress 3
/* SUMMARY
/*	progress of a long job on a terminal (writes to a stream)
/* SYNOPSIS
/*	#include "progress.h"
/*
/*	PROGRESS *progress_open(mode, fp, label, unit, total)
/*	int	mode;
/*	FILE	*fp;
/*	const char *label;
/*	const char *unit;
/*	long long total;
/*
/*	void	progress_total(pg, total)
/*	PROGRESS *pg;
/*	long long total;
/*
/*	void	progress_update(pg, count, bytes)
/*	PROGRESS *pg;
/*	long long count;
/*	long long bytes;
/*
/*	void	progress_finish(pg)
/*	PROGRESS *pg;
/*
/*	void	progress_clock(pg, now)
/*	PROGRESS *pg;
/*	double	(*now)(void);
/*
/*	void	progress_format(buf, unit, count, bytes, total, elapsed, final)
/*	VSTR	*buf;
/*	const char *unit;
/*	long long count;
/*	long long bytes;
/*	long long total;
/*	double	elapsed;
/*	int	final;
/* DESCRIPTION
/*	The mirror loads and the audit verification read hundreds of
/*	megabytes; run by hand on a terminal they would look hung for
/*	minutes. This module shows how far such a job is, in place on one
/*	line of fp (it does I/O: in practice on stderr), and says nothing
/*	at all where no one is watching, so that scripts, logs and tests
/*	see the same output as before.
/*
/*	progress_open() returns a handle, or NULL when nothing is to be
/*	shown: mode PROGRESS_OFF, or PROGRESS_AUTO while fp is not a
/*	terminal (PROGRESS_ON shows it anyway, for --progress). Every
/*	other function accepts NULL and then does nothing, so that a
/*	caller's hooks need no test. label names the job ("checking
/*	extraction"); unit names what is counted ("lines", "records"), or
/*	is NULL when the job counts bytes (a download). total is the
/*	number of bytes the job will consume when known (a file size, a
/*	Content-Length), else 0; progress_total() sets it later.
/*
/*	progress_update() records how many units and bytes were done and,
/*	at most every PROGRESS_INTERVAL seconds, rewrites the line: the
/*	label, the count, the rate per second and, with a total, the
/*	percentage and the estimated time left. The line ends with a
/*	carriage return, so that the cursor rests at its start: a warning
/*	printed meanwhile overwrites it rather than being glued to its
/*	end, and the next update starts a new one.
/*
/*	progress_finish() writes the summary (count, elapsed time, mean
/*	rate) over the line, ends it with a newline and releases pg.
/*
/*	progress_clock() replaces the clock (seconds from any origin;
/*	CLOCK_MONOTONIC by default) and restarts the job's time: the unit
/*	tests drive the throttling with it.
/*
/*	progress_format() appends the text after "label: " to buf, for
/*	count units and bytes of which total (0: unknown) after elapsed
/*	seconds; with final, the summary. Counts are grouped by thousands
/*	("12,345 lines, 4,100/s, 63%, ETA 0:07"); without a unit, sizes are
/*	in decimal units ("12.3 MB of 90.0 MB, 4.1 MB/s, 13%, ETA 0:19").
/*	The rate and the estimate need 0.1 s of history: before, they
/*	would be noise.
/* DIAGNOSTICS
/*	Write errors on fp are ignored: progress is decoration, the job's
/*	result does not depend on it.
/*--*/

#include <time.h>
#include <unistd.h>

#include "mymalloc.h"
#include "progress.h"

#define PROGRESS_MIN_ELAPSED	0.1	/* seconds before a rate means much */

struct PROGRESS {
    FILE   *fp;
    char   *label;
    char   *unit;			/* NULL: bytes */
    long long total;			/* bytes; 0: unknown */
    long long count;
    long long bytes;
    double  (*now) (void);
    double  start;
    double  last;			/* last time the line was written */
    size_t  shown;			/* length of the line on screen */
    VSTR   *line;
};

/* progress_monotonic - the default clock */

static double progress_monotonic(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((double) ts.tv_sec + (double) ts.tv_nsec / 1e9);
}

/* progress_group - a count with thousands separators */

static void progress_group(VSTR *buf, long long n)
{
    char    digits[32];
    int     len, i;

    len = snprintf(digits, sizeof(digits), "%lld", n < 0 ? 0 : n);
    for (i = 0; i < len; i++) {
	if (i > 0 && (len - i) % 3 == 0)
	    vstr_addch(buf, ',');
	vstr_addch(buf, digits[i]);
    }
}

/* progress_size - a byte count in decimal units */

static void progress_size(VSTR *buf, double n)
{
    static const char *const units[] = {"kB", "MB", "GB", "TB", 0};
    int     i;

    if (n < 1000) {
	vstr_sprintf_append(buf, "%lld B", n < 0 ? 0LL : (long long) n);
	return;
    }
    for (i = 0, n /= 1000; n >= 1000 && units[i + 1]; i++)
	n /= 1000;
    vstr_sprintf_append(buf, "%.1f %s", n, units[i]);
}

/* progress_time - seconds as M:SS or H:MM:SS */

static void progress_time(VSTR *buf, double secs)
{
    long long s = secs < 0 ? 0 : (long long) (secs + 0.5);

    if (s >= 3600)
	vstr_sprintf_append(buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
	vstr_sprintf_append(buf, "%lld:%02lld", s / 60, s % 60);
}

/* progress_format - the text of one line */

void    progress_format(VSTR *buf, const char *unit, long long count,
			        long long bytes, long long total, double elapsed,
			        int final)
{
    int     rated = elapsed >= PROGRESS_MIN_ELAPSED;

    if (unit) {
	progress_group(buf, count);
	vstr_sprintf_append(buf, " %s", unit);
    } else {
	progress_size(buf, (double) bytes);
	if (total > 0 && !final) {
	    vstr_cat(buf, " of ");
	    progress_size(buf, (double) total);
	}
    }
    if (final) {
	vstr_cat(buf, " in ");
	progress_time(buf, elapsed);
    }
    if (rated) {
	vstr_cat(buf, ", ");
	if (unit)
	    progress_group(buf, (long long) ((double) count / elapsed + 0.5));
	else
	    progress_size(buf, (double) bytes / elapsed);
	vstr_cat(buf, "/s");
    }
    if (final || total <= 0)
	return;
    /* A file may grow while it is read: never more than 100%. */
    vstr_sprintf_append(buf, ", %lld%%", bytes <= 0 ? 0 : bytes >= total ?
			100 : bytes * 100 / total);
    if (rated && bytes > 0 && bytes < total) {
	vstr_cat(buf, ", ETA ");
	progress_time(buf, elapsed * (double) (total - bytes) / (double) bytes);
    }
}

/* progress_show - rewrite the line */

static void progress_show(PROGRESS *pg, double now, int final)
{
    size_t  len;

    vstr_sprintf(pg->line, "%s: ", pg->label);
    progress_format(pg->line, pg->unit, pg->count, pg->bytes, pg->total,
		    now - pg->start, final);
    len = vstr_len(pg->line);
    /* Blank what a longer previous line left on the screen. */
    while (vstr_len(pg->line) < pg->shown)
	vstr_addch(pg->line, ' ');
    vstr_addch(pg->line, final ? '\n' : '\r');
    pg->shown = final ? 0 : len;
    (void) fwrite(vstr_str(pg->line), 1, vstr_len(pg->line), pg->fp);
    (void) fflush(pg->fp);
}

/* progress_open - start a job, or decide to say nothing */

PROGRESS *progress_open(int mode, FILE *fp, const char *label, const char *unit,
			        long long total)
{
    PROGRESS *pg;

    if (mode == PROGRESS_OFF || (mode == PROGRESS_AUTO && !isatty(fileno(fp))))
	return (0);
    pg = mycalloc(1, sizeof(*pg));
    pg->fp = fp;
    pg->label = mystrdup(label);
    pg->unit = unit ? mystrdup(unit) : 0;
    pg->total = total;
    pg->line = vstr_alloc(100);
    progress_clock(pg, progress_monotonic);
    return (pg);
}

/* progress_clock - replace the clock, restart the time */

void    progress_clock(PROGRESS *pg, double (*now) (void))
{
    if (pg == 0)
	return;
    pg->now = now;
    pg->start = pg->last = now();
}

/* progress_total - the size became known */

void    progress_total(PROGRESS *pg, long long total)
{
    if (pg)
	pg->total = total;
}

/* progress_update - record, and show at most every PROGRESS_INTERVAL */

void    progress_update(PROGRESS *pg, long long count, long long bytes)
{
    double  now;

    if (pg == 0)
	return;
    pg->count = count;
    pg->bytes = bytes;
    if ((now = pg->now()) - pg->last < PROGRESS_INTERVAL)
	return;
    pg->last = now;
    progress_show(pg, now, 0);
}

/* progress_finish - the summary line, and release */

void    progress_finish(PROGRESS *pg)
{
    if (pg == 0)
	return;
    progress_show(pg, pg->now(), 1);
    myfree(pg->label);
    myfree(pg->unit);
    vstr_free(pg->line);
    myfree(pg);
}
