/*++
/* NAME
/*	units 3
/* SUMMARY
/*	durations and byte counts as written in configuration files
/* SYNOPSIS
/*	#include "units.h"
/*
/*	int	units_time(text, msec)
/*	const char *text;
/*	long	*msec;
/*
/*	int	units_size(text, bytes)
/*	const char *text;
/*	unsigned long long *bytes;
/* DESCRIPTION
/*	The value syntax shared by the daemon's configuration file
/*	(mssante-milter.conf(5)) and the mirror's (mssante-mirror(8)).
/*
/*	units_time() reads a whole number followed by nothing or "s"
/*	(seconds), "ms", "m", "h" or "d", at most a year, into
/*	milliseconds.
/*
/*	units_size() reads a whole number optionally followed by "k", "m"
/*	or "g" (powers of 1024, either case) and an optional "b", at most
/*	1 PiB, into bytes.
/*
/*	Both return 0, or -1 (leaving the result alone) for anything else:
/*	signs, blanks, overflow.
/*--*/

#include <ctype.h>
#include <string.h>

#include "units.h"

/* units_time - duration in milliseconds */

int     units_time(const char *text, long *msec)
{
    const char *cp = text;
    unsigned long long val = 0;
    unsigned long long mult;

    if (!isdigit((unsigned char) *cp))
	return (-1);
    for (; isdigit((unsigned char) *cp); cp++) {
	val = val * 10 + (unsigned long long) (*cp - '0');
	if (val > 100000000000ULL)
	    return (-1);
    }
    if (*cp == 0 || strcmp(cp, "s") == 0)
	mult = 1000;
    else if (strcmp(cp, "ms") == 0)
	mult = 1;
    else if (strcmp(cp, "m") == 0)
	mult = 60 * 1000;
    else if (strcmp(cp, "h") == 0)
	mult = 3600 * 1000;
    else if (strcmp(cp, "d") == 0)
	mult = 86400 * 1000;
    else
	return (-1);
    /* A year is plenty for any interval here and fits every long. */
    if (val * mult > 366ULL * 86400 * 1000)
	return (-1);
    *msec = (long) (val * mult);
    return (0);
}

/* units_size - byte count */

int     units_size(const char *text, unsigned long long *bytes)
{
    const char *cp = text;
    unsigned long long val = 0;
    unsigned shift = 0;

    if (!isdigit((unsigned char) *cp))
	return (-1);
    for (; isdigit((unsigned char) *cp); cp++) {
	val = val * 10 + (unsigned long long) (*cp - '0');
	if (val > (1ULL << 40))
	    return (-1);
    }
    switch (*cp) {
    case 'k':
    case 'K':
	shift = 10, cp++;
	break;
    case 'm':
    case 'M':
	shift = 20, cp++;
	break;
    case 'g':
    case 'G':
	shift = 30, cp++;
	break;
    }
    if (*cp == 'b' || *cp == 'B')
	cp++;
    if (*cp != 0 || (val << shift) >> shift != val || (val << shift) > (1ULL << 50))
	return (-1);
    *bytes = val << shift;
    return (0);
}
