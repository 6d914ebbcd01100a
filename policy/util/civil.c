/*++
/* NAME
/*	civil 3
/* SUMMARY
/*	UTC calendar arithmetic without the C library's time zone state
/* SYNOPSIS
/*	#include "civil.h"
/*
/*	long long civil_days(y, m, d)
/*	long long y;
/*	int	m;
/*	int	d;
/*
/*	void	civil_date(days, y, m, d)
/*	long long days;
/*	long long *y;
/*	int	*m;
/*	int	*d;
/*
/*	int	civil_month_days(y, m)
/*
/*	int	civil_digits(cpp, n, val)
/*	const char **cpp;
/*	int	n;
/*	int	*val;
/* DESCRIPTION
/*	The audit trail (RFC 3339) and the conversation state in the
/*	directory (GeneralizedTime) write and read UTC times. timegm() is
/*	not standard and mktime() depends on TZ, so both use these
/*	functions, after H. Hinnant's algorithms for the proleptic
/*	Gregorian calendar.
/*
/*	civil_days() returns the number of days from 1970-01-01 to the
/*	given date (negative before); civil_date() is its inverse.
/*	civil_month_days() gives 28 to 31 (m from 1 to 12).
/*
/*	civil_digits() reads exactly n decimal digits at *cpp into *val
/*	and advances *cpp past them; it returns 0, or -1 (and leaves
/*	*cpp alone) when fewer than n digits are there.
/*--*/

#include "civil.h"

/* civil_days - days since 1970-01-01 */

long long civil_days(long long y, int m, int d)
{
    long long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468);
}

/* civil_date - year, month, day of a day number */

void    civil_date(long long z, long long *y, int *m, int *d)
{
    long long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int) (doy - (153 * mp + 2) / 5 + 1);
    *m = (int) (mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* civil_month_days - 28 to 31 */

int     civil_month_days(long long y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int     leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return (m == 2 && leap ? 29 : days[m - 1]);
}

/* civil_digits - read exactly n decimal digits */

int     civil_digits(const char **cpp, int n, int *val)
{
    const char *cp = *cpp;
    int     v = 0;

    while (n-- > 0) {
	if (*cp < '0' || *cp > '9')
	    return (-1);
	v = v * 10 + (*cp++ - '0');
    }
    *val = v;
    *cpp = cp;
    return (0);
}
