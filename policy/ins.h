#ifndef INS_H_INCLUDED
#define INS_H_INCLUDED

/*++
/* NAME
/*	ins 3h
/* SUMMARY
/*	INS (matricule NIR/NIA) validation and decoding
/* SYNOPSIS
/*	#include "ins.h"
/* DESCRIPTION
/*	See ins.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "verdict.h"

#define INS_LEN	15

typedef enum INS_STATUS {
    INS_OK = 0,
    INS_ERR_LENGTH,			/* not 15 characters */
    INS_ERR_CHAR,			/* a character other than 0-9 (and 2A/2B) */
    INS_ERR_CATEGORY,			/* first digit not 1, 2, 3, 4 */
    INS_ERR_MONTH,			/* month 00, 13-19, or 43-49 */
    INS_ERR_PLACE,			/* department / territory / country */
    INS_ERR_ORDER,			/* order number 000 */
    INS_ERR_KEY,			/* mod-97 key wrong (or 00, or > 97) */
    INS_ERR_CORSICA_CASE,		/* "2a"/"2b" written in lower case */
    INS_STATUS_COUNT
} INS_STATUS;

typedef enum INS_MONTH_KIND {
    INS_MONTH_KNOWN,			/* 01-12 */
    INS_MONTH_UNKNOWN,			/* 20-30, 50-99 */
    INS_MONTH_INCOMPLETE		/* 31-42: incomplete civil record */
} INS_MONTH_KIND;

typedef enum INS_PLACE_KIND {
    INS_PLACE_DEPARTMENT,		/* 01-95 (metropolitan) */
    INS_PLACE_CORSICA,			/* 2A, 2B */
    INS_PLACE_CORSICA_1976,		/* 20: born in Corsica before 1976 */
    INS_PLACE_OVERSEAS,			/* 971-989 */
    INS_PLACE_ABROAD			/* 99 + INSEE country code */
} INS_PLACE_KIND;

typedef struct INS_INFO {
    int     category;			/* the first digit */
    int     sex;			/* 1 man, 2 woman */
    int     birth_year2;		/* 00-99: two digits, century unknown */
    int     birth_month;		/* 1-12, or 0 when not known */
    INS_MONTH_KIND month_kind;
    INS_PLACE_KIND place_kind;
    char    department[4];		/* "77", "2A", "974", "99" */
    char    commune[4];			/* "284"; overseas: 2 digits "11"; abroad: "" */
    char    country[4];			/* INSEE country code when abroad */
    int     order;			/* 1-999 */
    int     key;			/* 1-97 */
} INS_INFO;

extern INS_STATUS ins_check(const char *, size_t, INS_INFO *);
extern int ins_key(const char *, size_t);
extern const char *ins_status_name(INS_STATUS);
extern RULE_ID ins_status_rule(INS_STATUS);
extern const char *ins_status_text_fr(INS_STATUS);
extern const char *ins_status_text_en(INS_STATUS);
extern void ins_describe_fr(const INS_INFO *, int, VSTR *);

#endif
