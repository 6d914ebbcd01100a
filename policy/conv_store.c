/*++
/* NAME
/*	conv_store 3
/* SUMMARY
/*	conversation records <-> directory values; conversation key
/* SYNOPSIS
/*	#include "conv_store.h"
/*
/*	const char *conv_store_status_name(status)
/*	CONV_STATUS status;
/*
/*	int	conv_store_status_parse(name, status)
/*	const char *name;
/*	CONV_STATUS *status;
/*
/*	const char *conv_store_how_name(how)
/*	CONV_HOW how;
/*
/*	int	conv_store_how_parse(name, how)
/*	const char *name;
/*	CONV_HOW *how;
/*
/*	int	conv_store_time_format(t, out)
/*	time_t	t;
/*	VSTR	*out;
/*
/*	int	conv_store_time_parse(text, t)
/*	const char *text;
/*	time_t	*t;
/*
/*	int	conv_store_parse(st, state, opened, last, closed, how, why)
/*	CONV_STATE *st;
/*	const char *state, *opened, *last, *closed, *how;
/*	VSTR	*why;
/*
/*	int	conv_store_key_input(mailbox, ins_hmac, out)
/*	const char *mailbox;
/*	const char *ins_hmac;
/*	VSTR	*out;
/*
/*	int	conv_store_assert_filter(st, out)
/*	const CONV_STATE *st;
/*	VSTR	*out;
/* DESCRIPTION
/*	The directory layer keeps one mssConversation entry per
/*	conversation (ldap-schema/mssante.schema): mssConversationState,
/*	mssOpenedAt, mssLastActivity, mssClosedAt, mssClosedHow. These
/*	helpers turn a conv(3) record into those values and back. No I/O.
/*
/*	conv_store_status_name() gives "absent", "open", "closed" or
/*	"unavailable" (for logs); only "open" and "closed" are stored,
/*	and conv_store_status_parse() reads only those, case-insensitive
/*	like the attribute's matching rule. No entry is CONV_ABSENT.
/*
/*	conv_store_how_name() gives "subject-fin", "x-mss-mes",
/*	"expired" or "manual" ("" for CONV_HOW_NONE, which is not
/*	stored); conv_store_how_parse() reads those four.
/*
/*	conv_store_time_format() writes a time_t as an LDAP
/*	GeneralizedTime in UTC, "YYYYMMDDHHMMSSZ" (years 0000-9999).
/*	A time of 0 means "unknown": the caller deletes the attribute
/*	instead of writing 19700101000000Z.
/*	conv_store_time_parse() reads the RFC 4517 form: YYYYMMDDHH,
/*	optional minutes and seconds (60 for a leap second), an optional
/*	fraction (dropped: finer than a time_t), then "Z" or an offset
/*	+hh[mm] / -hh[mm]; dates are checked (no February 30). Neither
/*	depends on the time zone of the process.
/*
/*	conv_store_parse() builds a record from the attribute values
/*	state, opened, last, closed and how (NULL when the attribute is
/*	absent; state is mandatory: an entry without it is corrupt). The
/*	closing values of an open record are ignored: a reopening that
/*	could not delete them leaves them behind, and they must not make
/*	the record look closed.
/*
/*	conv_store_key_input() writes the input of the conversation id
/*	digest (the RDN mssConversationId): the professional mailbox
/*	lower-cased (ASCII), one newline, then the patient INS HMAC as
/*	given (mssPatientInsHmac is case-exact). The caller computes the
/*	HMAC of the INS and the hex SHA-256 of this string with OpenSSL;
/*	the INS itself never enters it. Shell equivalent:
/*	printf '%s\n%s' mailbox hmac | sha256sum.
/*	conv_store_assert_filter() writes the LDAP filter that matches
/*	an entry holding exactly the record st (open or closed): its
/*	state, and each time and the closing reason either equal to the
/*	record's or absent when the record has none. A write sent with
/*	this filter as its assertion (RFC 4528) fails when another writer
/*	changed the entry since it was read, so that a stale decision
/*	never overwrites a newer one (convdir(3)). It returns 0, or -1
/*	when st cannot be stored (absent, unavailable, a time out of
/*	range).
/* DIAGNOSTICS
/*	The _parse() functions, conv_store_time_format() and
/*	conv_store_key_input() return 0 on success, -1 on invalid input
/*	(then the output is unchanged, or empty for a VSTR).
/*	conv_store_parse() returns 0, or -1 with the record set to
/*	CONV_UNAVAILABLE (a corrupt entry is not a state) and the field
/*	at fault in "why" (may be NULL).
/* SEE ALSO
/*	conv(3), the state machine
/*--*/

#include <string.h>
#include <strings.h>

#include "civil.h"
#include "vstr.h"
#include "nametab.h"
#include "conv.h"
#include "conv_store.h"

static const char *const conv_store_status_names[CONV_STATUS_COUNT] = {
    "absent", "open", "closed", "unavailable",
};

static const char *const conv_store_how_names[CONV_HOW_COUNT] = {
    "", "subject-fin", "x-mss-mes", "expired", "manual",
};

/* conv_store_status_name - stable name */

const char *conv_store_status_name(CONV_STATUS status)
{
    return ((unsigned) status < CONV_STATUS_COUNT ?
	    conv_store_status_names[status] : "unknown");
}

/* conv_store_status_parse - "open" or "closed", as stored */

int     conv_store_status_parse(const char *name, CONV_STATUS *status)
{
    int     i = nametab_find(conv_store_status_names, CONV_CLOSED + 1,
			       CONV_OPEN, name);

    if (i < 0)
	return (-1);
    *status = (CONV_STATUS) i;
    return (0);
}

/* conv_store_how_name - stable name */

const char *conv_store_how_name(CONV_HOW how)
{
    return ((unsigned) how < CONV_HOW_COUNT ? conv_store_how_names[how] : "unknown");
}

/* conv_store_how_parse - a stored closing reason */

int     conv_store_how_parse(const char *name, CONV_HOW *how)
{
    int     i = nametab_find(conv_store_how_names, CONV_HOW_COUNT, 1, name);

    if (i < 0)
	return (-1);
    *how = (CONV_HOW) i;
    return (0);
}

/* conv_store_time_format - time_t -> "YYYYMMDDHHMMSSZ" */

int     conv_store_time_format(time_t t, VSTR *out)
{
    long long secs = (long long) t;
    long long days, rem, y;
    int     m, d;

    vstr_reset(out);
    days = secs / 86400;
    rem = secs % 86400;
    if (rem < 0) {
	rem += 86400;
	days -= 1;
    }
    civil_date(days, &y, &m, &d);
    if (y < 0 || y > 9999)
	return (-1);
    vstr_sprintf(out, "%04lld%02d%02d%02d%02d%02dZ", y, m, d,
		 (int) (rem / 3600), (int) (rem / 60 % 60), (int) (rem % 60));
    return (0);
}

/* conv_store_time_parse - RFC 4517 GeneralizedTime -> time_t */

int     conv_store_time_parse(const char *text, time_t *t)
{
    const char *cp = text;
    int     cent, yy, mon, day, hour, min = 0, sec = 0;
    int     oh = 0, om = 0, sign = 0;
    long long y, secs;

    if (text == 0 || civil_digits(&cp, 2, &cent) < 0
	|| civil_digits(&cp, 2, &yy) < 0 || civil_digits(&cp, 2, &mon) < 0
	|| civil_digits(&cp, 2, &day) < 0 || civil_digits(&cp, 2, &hour) < 0)
	return (-1);
    if (*cp >= '0' && *cp <= '9') {
	if (civil_digits(&cp, 2, &min) < 0)
	    return (-1);
	if (*cp >= '0' && *cp <= '9' && civil_digits(&cp, 2, &sec) < 0)
	    return (-1);
    }
    if (*cp == '.' || *cp == ',') {
	/* A fraction is finer than a time_t: drop it. */
	if (*++cp < '0' || *cp > '9')
	    return (-1);
	while (*cp >= '0' && *cp <= '9')
	    cp++;
    }
    if (*cp == 'Z') {
	cp++;
    } else if (*cp == '+' || *cp == '-') {
	sign = (*cp++ == '-') ? -1 : 1;
	if (civil_digits(&cp, 2, &oh) < 0 || oh > 23)
	    return (-1);
	if (*cp && civil_digits(&cp, 2, &om) < 0)
	    return (-1);
	if (om > 59)
	    return (-1);
    } else {
	return (-1);
    }
    if (*cp != 0)
	return (-1);
    y = cent * 100 + yy;
    if (mon < 1 || mon > 12 || day < 1 || day > civil_month_days(y, mon)
	|| hour > 23 || min > 59 || sec > 60)
	return (-1);
    secs = civil_days(y, mon, day) * 86400LL + hour * 3600
	+ min * 60 + sec;
    /* Local time = UTC + offset, so UTC = local - offset. */
    secs -= sign * (oh * 3600 + om * 60);
    if ((long long) (time_t) secs != secs)
	return (-1);
    *t = (time_t) secs;
    return (0);
}

/* conv_store_fail - a record the directory holds but cannot be used */

static int conv_store_fail(CONV_STATE *st, VSTR *why, const char *what,
			           const char *value)
{
    conv_state_init(st, CONV_UNAVAILABLE);
    if (why) {
	vstr_sprintf(why, "%s ", what);
	if (value == 0) {
	    vstr_cat(why, "missing");
	} else {
	    const unsigned char *p;

	    vstr_cat(why, "'");
	    for (p = (const unsigned char *) value; *p && p - (const unsigned char *) value < 64; p++)
		vstr_addch(why, *p >= 0x20 && *p < 0x7f ? *p : '?');
	    vstr_cat(why, *p ? "...' invalid" : "' invalid");
	}
    }
    return (-1);
}

/* conv_store_parse - attribute values -> record */

int     conv_store_parse(CONV_STATE *st, const char *state,
			         const char *opened, const char *last,
			         const char *closed, const char *how,
			         VSTR *why)
{
    CONV_STATE new;

    conv_state_init(&new, CONV_ABSENT);
    if (conv_store_status_parse(state, &new.status) < 0)
	return (conv_store_fail(st, why, "state", state));
    if (opened && conv_store_time_parse(opened, &new.opened_at) < 0)
	return (conv_store_fail(st, why, "opened", opened));
    if (last && conv_store_time_parse(last, &new.last_activity) < 0)
	return (conv_store_fail(st, why, "last activity", last));
    if (new.status == CONV_CLOSED) {
	if (closed && conv_store_time_parse(closed, &new.closed_at) < 0)
	    return (conv_store_fail(st, why, "closed", closed));
	if (how && conv_store_how_parse(how, &new.closed_how) < 0)
	    return (conv_store_fail(st, why, "closed how", how));
    }
    *st = new;
    if (why)
	vstr_reset(why);
    return (0);
}

/* conv_store_key_input - what the conversation id digests */

int     conv_store_key_input(const char *mailbox, const char *ins_hmac, VSTR *out)
{
    const unsigned char *p;

    vstr_reset(out);
    if (mailbox == 0 || *mailbox == 0 || ins_hmac == 0 || *ins_hmac == 0)
	return (-1);
    /* The newline separates: neither part may hold one, or a control. */
    for (p = (const unsigned char *) mailbox; *p; p++)
	if (*p < 0x20 || *p >= 0x7f)
	    return (-1);
    for (p = (const unsigned char *) ins_hmac; *p; p++)
	if (*p <= 0x20 || *p >= 0x7f)
	    return (-1);
    for (p = (const unsigned char *) mailbox; *p; p++)
	vstr_addch(out, (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
    vstr_addch(out, '\n');
    vstr_cat(out, ins_hmac);
    return (0);
}

/* conv_store_assert_time - one time attribute: equal, or absent */

static int conv_store_assert_time(const char *attr, time_t t, VSTR *tmp,
				          VSTR *out)
{
    if (t <= 0) {
	vstr_sprintf_append(out, "(!(%s=*))", attr);
	return (0);
    }
    if (conv_store_time_format(t, tmp) != 0)
	return (-1);
    vstr_sprintf_append(out, "(%s=%s)", attr, vstr_str(tmp));
    return (0);
}

/* conv_store_assert_filter - the entry holds exactly this record */

int     conv_store_assert_filter(const CONV_STATE *st, VSTR *out)
{
    VSTR   *tmp;
    int     ret = 0;

    vstr_reset(out);
    if (st->status != CONV_OPEN && st->status != CONV_CLOSED)
	return (-1);
    tmp = vstr_alloc(20);
    vstr_sprintf(out, "(&(mssConversationState=%s)",
		 conv_store_status_name(st->status));
    if (conv_store_assert_time("mssOpenedAt", st->opened_at, tmp, out) != 0
	|| conv_store_assert_time("mssLastActivity", st->last_activity, tmp, out) != 0
	|| conv_store_assert_time("mssClosedAt", st->closed_at, tmp, out) != 0)
	ret = -1;
    /* The reason names are fixed ASCII words: nothing to escape. */
    if (st->closed_how > CONV_HOW_NONE && st->closed_how < CONV_HOW_COUNT)
	vstr_sprintf_append(out, "(mssClosedHow=%s)", conv_store_how_name(st->closed_how));
    else
	vstr_cat(out, "(!(mssClosedHow=*))");
    vstr_cat(out, ")");
    vstr_free(tmp);
    if (ret != 0)
	vstr_reset(out);
    return (ret);
}
