/*++
/* NAME
/*	mime_hdr 3
/* SUMMARY
/*	unfold and decode header values (RFC 5322, RFC 2047)
/* SYNOPSIS
/*	#include "mime_hdr.h"
/*
/*	void	mime_hdr_init(void)
/*	void	mime_hdr_unfold(const char *raw, VSTR *out)
/*	void	mime_hdr_decode(const char *raw, VSTR *out)
/* DESCRIPTION
/*	mime_hdr_init() initialises GMime once per process; call it from
/*	the main thread before any other thread starts (g_mime_init() is
/*	not thread-safe). Later calls do nothing.
/*
/*	mime_hdr_unfold() removes the line breaks of a folded header
/*	value (RFC 5322 section 2.2.3: a CRLF, or a bare LF as libmilter
/*	passes them, followed by a blank) and keeps everything else,
/*	blanks included: " [FIN] " must stay distinguishable from
/*	"[FIN]" (GMime's own unfold trims, so it is not used). A line
/*	break not followed by a blank (never sent by an MTA) is removed
/*	as well rather than kept inside the value.
/*
/*	mime_hdr_decode() unfolds, then decodes RFC 2047 encoded words
/*	with GMime into UTF-8 (unknown charsets lose their 8-bit
/*	characters; raw 8-bit text is read as UTF-8, else Latin-1). This
/*	is the Subject the conversations feature compares with "[FIN]":
/*	"=?UTF-8?B?W0ZJTl0=?=" decodes to "[FIN]". A NUL decoded from an
/*	encoded word comes out as '?', so a C string never hides a tail;
/*	control characters other than NUL (an encoded CR or LF) are kept
/*	for the classifier to see. Base64 words without their '='
/*	padding, which some mailers write, are padded first so their
/*	last characters are not lost.
/*--*/

#include <pthread.h>
#include <string.h>
#include <gmime/gmime.h>

#include "mime_hdr.h"

static pthread_once_t mime_hdr_once = PTHREAD_ONCE_INIT;

/* mime_hdr_init_once - the one g_mime_init() */

static void mime_hdr_init_once(void)
{
    g_mime_init();
}

/* mime_hdr_init - initialise GMime once */

void    mime_hdr_init(void)
{
    (void) pthread_once(&mime_hdr_once, mime_hdr_init_once);
}

/* mime_hdr_unfold - remove folding line breaks, keep blanks */

void    mime_hdr_unfold(const char *raw, VSTR *out)
{
    const char *cp;

    vstr_reset(out);
    for (cp = raw; *cp; cp++) {
	if (*cp == '\r' && cp[1] == '\n')
	    continue;
	if (*cp == '\n' || *cp == '\r')
	    continue;
	vstr_addch(out, *cp);
    }
}

/* mime_hdr_find - "?=" within at most max octets, or NULL */

static const char *mime_hdr_find(const char *cp, size_t max)
{
    size_t  i;

    for (i = 0; i + 1 < max && cp[i] && cp[i + 1]; i++)
	if (cp[i] == '?' && cp[i + 1] == '=')
	    return (cp + i);
    return (0);
}

 /*
  * Encoded words are at most 75 octets (RFC 2047); be lenient but bounded,
  * so that a hostile header of many "=?" costs linear time.
  */
#define MIME_HDR_CHARSET_MAX	64
#define MIME_HDR_WORD_MAX	1024

/* mime_hdr_pad_words - add the '=' padding missing in B-encoded words */

static void mime_hdr_pad_words(const char *in, VSTR *out)
{
    const char *cp = in, *q1, *text, *endw;
    size_t  tlen, i;

    vstr_reset(out);
    while (*cp) {
	/* =?charset?B?text?= ; anything else is copied as is. */
	q1 = 0;
	if (cp[0] == '=' && cp[1] == '?') {
	    for (i = 2; i < MIME_HDR_CHARSET_MAX && cp[i] && cp[i] != '?'
		 && cp[i] != ' '; i++)
		 /* void */ ;
	    if (cp[i] == '?')
		q1 = cp + i;
	}
	if (q1 == 0 || (q1[1] != 'B' && q1[1] != 'b') || q1[2] != '?'
	    || (endw = mime_hdr_find(q1 + 3, MIME_HDR_WORD_MAX)) == 0) {
	    vstr_addch(out, *cp++);
	    continue;
	}
	text = q1 + 3;
	tlen = (size_t) (endw - text);
	if (memchr(text, ' ', tlen) != 0 || memchr(text, '\t', tlen) != 0) {
	    vstr_addch(out, *cp++);
	    continue;
	}
	vstr_ncat(out, cp, (size_t) (endw - cp));
	if (tlen % 4 == 2)
	    vstr_cat(out, "==");
	else if (tlen % 4 == 3)
	    vstr_cat(out, "=");
	vstr_cat(out, "?=");
	cp = endw + 2;
    }
}

/* mime_hdr_decode - unfolded, RFC 2047-decoded UTF-8 value */

void    mime_hdr_decode(const char *raw, VSTR *out)
{
    VSTR   *unfolded = vstr_alloc(strlen(raw) + 1);
    VSTR   *padded = vstr_alloc(strlen(raw) + 8);
    char   *decoded;

    mime_hdr_init();
    mime_hdr_unfold(raw, unfolded);
    mime_hdr_pad_words(vstr_str(unfolded), padded);
    decoded = g_mime_utils_header_decode_text((GMimeParserOptions *) 0,
					      vstr_str(padded));
    vstr_strcpy(out, decoded ? decoded : "");
    g_free(decoded);
    vstr_free(padded);
    vstr_free(unfolded);
}
