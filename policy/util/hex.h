#ifndef HEX_H_INCLUDED
#define HEX_H_INCLUDED

/*++
/* NAME
/*	hex 3h
/* SUMMARY
/*	hexadecimal encoding and decoding of binary data
/* SYNOPSIS
/*	#include "hex.h"
/* DESCRIPTION
/*	See hex.c.
/*--*/

#include <stddef.h>

extern int hex_digit(int);
extern void hex_encode(const unsigned char *, size_t, char *);
extern long hex_decode(const char *, size_t, unsigned char *);

#endif
