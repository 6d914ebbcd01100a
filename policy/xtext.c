/*++
/* NAME
/*	xtext 3
/* SUMMARY
/*	RFC 3461 xtext decoding of MTA macro values
/* SYNOPSIS
/*	#include "xtext.h"
/*
/*	int	xtext_decode(in, len, out)
/*	const char *in;
/*	size_t	len;
/*	VSTR	*out;
/* DESCRIPTION
/*	Sendmail hands its TLS macros ({cert_subject}, {cert_issuer})
/*	to milters xtext-encoded (RFC 3461 section 4): a blank, a "+"
/*	and any byte outside printable ASCII are written "+" and two
/*	hex digits, so "TEST AC IGC-SANTE" arrives as
/*	"TEST+20AC+20IGC-SANTE" (see mssante-milter(8), SENDMAIL).
/*	Postfix sends the same macros as plain text. This module turns
/*	an xtext value back into the text it encodes.
/*
/*	xtext_decode() decodes the len bytes at in (no NUL needed) into
/*	out, replacing its content. Each "+XX" becomes the byte XX; every
/*	other byte is copied as it is. RFC 3461 wants upper-case digits
/*	and encoded "=" signs; sendmail writes upper-case digits but
/*	leaves "=" as it is (its subjects read "/C=FR/O=..."), so both
/*	cases of digit and a plain "=" are accepted: what matters is
/*	that no "+" is taken for a character of the value.
/* DIAGNOSTICS
/*	xtext_decode() returns 0, or -1 when a "+" is not followed by two
/*	hex digits, or when the input holds or encodes a NUL byte (it is
/*	not xtext: a caller must not guess what it meant); out is then
/*	empty.
/*--*/

#include "hex.h"
#include "vstr.h"
#include "xtext.h"

/* xtext_decode - xtext to text */

int     xtext_decode(const char *in, size_t len, VSTR *out)
{
    const unsigned char *p = (const unsigned char *) in;
    const unsigned char *end = p + len;
    int     hi, lo;

    vstr_reset(out);
    while (p < end) {
	if (*p == 0) {
	    vstr_reset(out);
	    return (-1);
	}
	if (*p != '+') {
	    vstr_addch(out, *p++);
	    continue;
	}
	if (end - p < 3 || (hi = hex_digit(p[1])) < 0
	    || (lo = hex_digit(p[2])) < 0 || (hi | lo) == 0) {
	    vstr_reset(out);
	    return (-1);
	}
	vstr_addch(out, hi << 4 | lo);
	p += 3;
    }
    return (0);
}
