/*++
/* NAME
/*	ins_util 3
/* SUMMARY
/*	test helpers: INS built with their key, checked as strings
/* SYNOPSIS
/*	#include "ins_util.h"
/*
/*	int	ins_util_ref_key(const char *s)
/*
/*	const char *ins_util_with_key(const char *body, char *buf)
/*
/*	INS_STATUS ins_util_check(const char *s, INS_INFO *info)
/* DESCRIPTION
/*	The ins(3) tests (check_ins, check_ins_text) build their numbers
/*	with these.
/*
/*	ins_util_ref_key() computes the key of the first 13 characters
/*	of s independently of ins(3): Corsica's 2A and 2B replaced by 19
/*	and 18, then 97 minus the number modulo 97.
/*
/*	ins_util_with_key() writes into buf[16] the 13 characters of body
/*	followed by their correct key, and returns buf; the test fails
/*	when body is not 13 characters long.
/*
/*	ins_util_check() is ins_check() on a NUL-terminated string.
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "ins_util.h"

/* ins_util_ref_key - independent key computation (substitution, strtoull) */

int     ins_util_ref_key(const char *s)
{
    char    buf[14];

    memcpy(buf, s, 13);
    buf[13] = 0;
    if (buf[5] == '2' && buf[6] == 'A')
	buf[5] = '1', buf[6] = '9';
    else if (buf[5] == '2' && buf[6] == 'B')
	buf[5] = '1', buf[6] = '8';
    return ((int) (97 - strtoull(buf, 0, 10) % 97));
}

/* ins_util_with_key - 13 characters plus their correct key, in buf[16] */

const char *ins_util_with_key(const char *body, char *buf)
{
    ck_assert_uint_eq(strlen(body), 13);
    snprintf(buf, 16, "%s%02d", body, ins_util_ref_key(body));
    return (buf);
}

/* ins_util_check - ins_check on a NUL-terminated string */

INS_STATUS ins_util_check(const char *s, INS_INFO *info)
{
    return (ins_check(s, strlen(s), info));
}
