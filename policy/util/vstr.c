/*++
/* NAME
/*	vstr 3
/* SUMMARY
/*	growable, always NUL-terminated strings
/* SYNOPSIS
/*	#include "vstr.h"
/*
/*	VSTR	*vstr_alloc(size_t init)
/*	void	vstr_free(VSTR *vp)
/*	VSTR	*vstr_reset(VSTR *vp)
/*	VSTR	*vstr_cat(VSTR *vp, const char *str)
/*	VSTR	*vstr_ncat(VSTR *vp, const char *data, size_t len)
/*	VSTR	*vstr_addch(VSTR *vp, int ch)
/*	VSTR	*vstr_strcpy(VSTR *vp, const char *str)
/*	VSTR	*vstr_sprintf(VSTR *vp, const char *fmt, ...)
/*	VSTR	*vstr_sprintf_append(VSTR *vp, const char *fmt, ...)
/*	VSTR	*vstr_vsprintf_append(VSTR *vp, const char *fmt, va_list ap)
/*	VSTR	*vstr_truncate(VSTR *vp, size_t len)
/*	char	*vstr_export(VSTR *vp)
/* DESCRIPTION
/*	A VSTR is the Postfix VSTRING idea in miniature: every string
/*	built from outside data grows as needed, so nothing is silently
/*	truncated into a fixed buffer. The buffer is NUL-terminated after
/*	every operation; vstr_str() and vstr_len() give access.
/*
/*	vstr_ncat() appends exactly len bytes (which may include NUL bytes;
/*	vstr_len() then counts them). vstr_truncate() shortens, never
/*	grows. vstr_export() hands the buffer to the caller (free it with
/*	myfree()) and destroys the VSTR.
/* DIAGNOSTICS
/*	Allocation failure is fatal (see mymalloc(3)).
/*--*/

#include <stdio.h>
#include <string.h>
#include <stdint.h>

#include "mymalloc.h"
#include "vstr.h"

/* vstr_grow - make room for at least "need" more bytes plus the NUL */

static void vstr_grow(VSTR *vp, size_t need)
{
    size_t  want;

    if (need > SIZE_MAX - vp->len - 1)
	mymalloc(SIZE_MAX);			/* dies with a message */
    want = vp->len + need + 1;
    if (want <= vp->cap)
	return;
    /* Doubling keeps appends amortised O(1). */
    while (vp->cap < want)
	vp->cap = vp->cap > SIZE_MAX / 2 ? want : vp->cap * 2;
    vp->buf = myrealloc(vp->buf, vp->cap);
}

/* vstr_alloc - create an empty string */

VSTR   *vstr_alloc(size_t init)
{
    VSTR   *vp = mymalloc(sizeof(*vp));

    vp->cap = init < 16 ? 16 : init + 1;
    vp->buf = mymalloc(vp->cap);
    vp->buf[0] = 0;
    vp->len = 0;
    return (vp);
}

/* vstr_free - destroy a string; NULL is fine */

void    vstr_free(VSTR *vp)
{
    if (vp) {
	myfree(vp->buf);
	myfree(vp);
    }
}

/* vstr_reset - empty the string, keep the buffer */

VSTR   *vstr_reset(VSTR *vp)
{
    vp->len = 0;
    vp->buf[0] = 0;
    return (vp);
}

/* vstr_ncat - append len bytes */

VSTR   *vstr_ncat(VSTR *vp, const char *data, size_t len)
{
    vstr_grow(vp, len);
    if (len)
	memcpy(vp->buf + vp->len, data, len);
    vp->len += len;
    vp->buf[vp->len] = 0;
    return (vp);
}

/* vstr_cat - append a string */

VSTR   *vstr_cat(VSTR *vp, const char *str)
{
    return (vstr_ncat(vp, str, strlen(str)));
}

/* vstr_addch - append one byte */

VSTR   *vstr_addch(VSTR *vp, int ch)
{
    char    c = (char) ch;

    return (vstr_ncat(vp, &c, 1));
}

/* vstr_strcpy - replace the contents */

VSTR   *vstr_strcpy(VSTR *vp, const char *str)
{
    return (vstr_cat(vstr_reset(vp), str));
}

/* vstr_vsprintf_append - formatted append, growing as needed */

VSTR   *vstr_vsprintf_append(VSTR *vp, const char *fmt, va_list ap)
{
    va_list ap2;
    int     n;

    va_copy(ap2, ap);
    n = vsnprintf(vp->buf + vp->len, vp->cap - vp->len, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
	/* Encoding error: keep the string as it was, still terminated. */
	vp->buf[vp->len] = 0;
	return (vp);
    }
    if ((size_t) n >= vp->cap - vp->len) {
	vstr_grow(vp, (size_t) n);
	va_copy(ap2, ap);
	(void) vsnprintf(vp->buf + vp->len, vp->cap - vp->len, fmt, ap2);
	va_end(ap2);
    }
    vp->len += (size_t) n;
    return (vp);
}

/* vstr_sprintf_append - formatted append */

VSTR   *vstr_sprintf_append(VSTR *vp, const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    vstr_vsprintf_append(vp, fmt, ap);
    va_end(ap);
    return (vp);
}

/* vstr_sprintf - formatted replace */

VSTR   *vstr_sprintf(VSTR *vp, const char *fmt,...)
{
    va_list ap;

    vstr_reset(vp);
    va_start(ap, fmt);
    vstr_vsprintf_append(vp, fmt, ap);
    va_end(ap);
    return (vp);
}

/* vstr_truncate - shorten to len bytes */

VSTR   *vstr_truncate(VSTR *vp, size_t len)
{
    if (len < vp->len) {
	vp->len = len;
	vp->buf[len] = 0;
    }
    return (vp);
}

/* vstr_export - hand over the buffer, destroy the VSTR */

char   *vstr_export(VSTR *vp)
{
    char   *buf = vp->buf;

    myfree(vp);
    return (buf);
}
