/*++
/* NAME
/*	audit_time 3
/* SUMMARY
/*	RFC 3339 UTC time stamps of the audit trail
/* SYNOPSIS
/*	#include "audit_time.h"
/*
/*	void	audit_time_format(const struct timespec *ts, VSTR *out)
/*	int	audit_time_parse(const char *str, long long *ms, int *flags)
/*	void	audit_time_day(long long ms, VSTR *out)
/* DESCRIPTION
/*	Records carry UTC time with milliseconds, "2024-05-01T08:30:00.125Z":
/*	sortable as text, free of the server's time zone and of daylight
/*	saving changes, which matter when an audit spans months.
/*
/*	audit_time_format() writes ts (CLOCK_REALTIME) in that form.
/*
/*	audit_time_parse() reads "YYYY-MM-DD", "YYYY-MM-DDTHH:MM",
/*	"YYYY-MM-DDTHH:MM:SS", with optional fraction of a second, and
/*	with "Z" or a "+HH:MM"/"-HH:MM" offset (no suffix means UTC; a
/*	space may replace the "T"), into milliseconds since the epoch.
/*	flags (may be NULL) receives AUDIT_TIME_DATE_ONLY for a bare date.
/*
/*	audit_time_day() writes the UTC date "YYYY-MM-DD" of ms.
/* DIAGNOSTICS
/*	audit_time_parse() returns -1 for anything it does not read
/*	completely (out-of-range fields included), 0 on success.
/*--*/

#include <string.h>
#include <time.h>

#include "civil.h"
#include "audit_time.h"

/* audit_time_format - RFC 3339 UTC with milliseconds */

void    audit_time_format(const struct timespec *ts, VSTR *out)
{
    struct tm tm;
    time_t  sec = ts->tv_sec;

    (void) gmtime_r(&sec, &tm);
    vstr_sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, ts->tv_nsec / 1000000L);
}

/* audit_time_parse - RFC 3339 (and bare date) to epoch milliseconds */

int     audit_time_parse(const char *str, long long *ms, int *flags)
{
    const char *cp = str;
    int     y, mo, d, h = 0, mi = 0, s = 0, frac = 0, scale = 1000;
    int     oh, om, sign;
    long long off = 0;

    if (flags)
	*flags = 0;
    if (civil_digits(&cp, 4, &y) || *cp++ != '-' || civil_digits(&cp, 2, &mo)
	|| *cp++ != '-' || civil_digits(&cp, 2, &d))
	return (-1);
    if (mo < 1 || mo > 12 || d < 1 || d > civil_month_days(y, mo))
	return (-1);
    if (*cp == 0) {
	if (flags)
	    *flags |= AUDIT_TIME_DATE_ONLY;
    } else {
	if (*cp != 'T' && *cp != 't' && *cp != ' ')
	    return (-1);
	cp++;
	if (civil_digits(&cp, 2, &h) || *cp++ != ':' || civil_digits(&cp, 2, &mi))
	    return (-1);
	if (*cp == ':') {
	    cp++;
	    if (civil_digits(&cp, 2, &s))
		return (-1);
	    if (*cp == '.') {
		cp++;
		if (*cp < '0' || *cp > '9')
		    return (-1);
		/* Keep milliseconds; further digits are read and dropped. */
		while (*cp >= '0' && *cp <= '9') {
		    if (scale > 1) {
			scale /= 10;
			frac += (*cp - '0') * scale;
		    }
		    cp++;
		}
	    }
	}
	if (h > 23 || mi > 59 || s > 60)
	    return (-1);
	if (*cp == 'Z' || *cp == 'z') {
	    cp++;
	} else if (*cp == '+' || *cp == '-') {
	    sign = *cp++ == '-' ? -1 : 1;
	    if (civil_digits(&cp, 2, &oh) || *cp++ != ':' || civil_digits(&cp, 2, &om)
		|| oh > 23 || om > 59)
		return (-1);
	    off = sign * (oh * 3600LL + om * 60LL);
	}
	if (*cp != 0)
	    return (-1);
    }
    *ms = ((civil_days(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + s
	    - off) * 1000LL) + frac;
    return (0);
}

/* audit_time_day - UTC date of epoch milliseconds */

void    audit_time_day(long long ms, VSTR *out)
{
    struct tm tm;
    time_t  sec = (time_t) (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);

    (void) gmtime_r(&sec, &tm);
    vstr_sprintf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday);
}
