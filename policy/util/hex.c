/*++
/* NAME
/*	hex 3
/* SUMMARY
/*	hexadecimal encoding and decoding of binary data
/* SYNOPSIS
/*	#include "hex.h"
/*
/*	int	hex_digit(c)
/*	int	c;
/*
/*	void	hex_encode(bin, len, out)
/*	const unsigned char *bin;
/*	size_t	len;
/*	char	*out;
/*
/*	long	hex_decode(hex, hexlen, bin)
/*	const char *hex;
/*	size_t	hexlen;
/*	unsigned char *bin;
/* DESCRIPTION
/*	Digests, HMACs, keys and directory identifiers travel as hex;
/*	this module is the one place that converts, so every caller
/*	writes lower-case and accepts either case the same way.
/*
/*	hex_digit() returns the value of one hex digit (either case),
/*	or -1.
/*
/*	hex_encode() writes 2 * len lower-case digits and a NUL into out,
/*	which must hold 2 * len + 1 bytes.
/*
/*	hex_decode() converts exactly hexlen digits (an even number) into
/*	hexlen / 2 bytes of bin. It reads no byte past hexlen and stops
/*	at the first non-digit (a NUL included), so a short string fails
/*	instead of being read past its end.
/* DIAGNOSTICS
/*	hex_decode() returns the number of bytes written, or -1 for an
/*	odd length or a byte that is not a hex digit (bin may then be
/*	partly written).
/*--*/

#include "hex.h"

/* hex_digit - value of one hex digit, or -1 */

int     hex_digit(int c)
{
    if (c >= '0' && c <= '9')
	return (c - '0');
    if (c >= 'a' && c <= 'f')
	return (c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
	return (c - 'A' + 10);
    return (-1);
}

/* hex_encode - binary to lower-case hex, NUL-terminated */

void    hex_encode(const unsigned char *bin, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t  i;

    for (i = 0; i < len; i++) {
	out[2 * i] = digits[bin[i] >> 4];
	out[2 * i + 1] = digits[bin[i] & 15];
    }
    out[2 * len] = 0;
}

/* hex_decode - exactly hexlen hex digits to binary */

long    hex_decode(const char *hex, size_t hexlen, unsigned char *bin)
{
    size_t  i;
    int     hi, lo;

    if (hexlen % 2)
	return (-1);
    for (i = 0; i < hexlen / 2; i++) {
	if ((hi = hex_digit((unsigned char) hex[2 * i])) < 0
	    || (lo = hex_digit((unsigned char) hex[2 * i + 1])) < 0)
	    return (-1);
	bin[i] = (unsigned char) (hi << 4 | lo);
    }
    return ((long) (hexlen / 2));
}
