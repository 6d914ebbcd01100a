#ifndef MIRROR_EXTRACT_H_INCLUDED
#define MIRROR_EXTRACT_H_INCLUDED

/*++
/* NAME
/*	mirror_extract 3h
/* SUMMARY
/*	streaming reader of the Annuaire Sante MSSante extraction
/* SYNOPSIS
/*	#include "mirror_extract.h"
/* DESCRIPTION
/*	See mirror_extract.c.
/*--*/

#include <sys/types.h>

#include "vstr.h"

 /*
  * The 31 columns, in the order of the published header. Lines are parsed
  * by name: the header may list them in another order.
  */
typedef enum MIRROR_FIELD {
    MX_TYPE_BAL = 0, MX_ADDRESS, MX_PP_TYPE, MX_PP_ID, MX_PP_NATIONAL,
    MX_ST_TYPE, MX_ST_ID, MX_SERVICE, MX_CIVILITY, MX_LAST_NAME,
    MX_FIRST_NAME, MX_PROF_CAT, MX_PROF_CAT_LABEL, MX_PROF_CODE,
    MX_PROF_LABEL, MX_SF_CODE, MX_SF_LABEL, MX_DEMAT, MX_ST_NAME,
    MX_ST_BRAND, MX_L2, MX_L3, MX_L4_NUM, MX_L4_COMP, MX_L4_TYPE,
    MX_L4_LABEL, MX_L5, MX_L6, MX_POSTCODE, MX_DEPARTMENT, MX_COUNTRY,
    MX_NFIELDS
} MIRROR_FIELD;

#define MIRROR_EXTRACT_MAXLINE	65536	/* longer lines are malformed */

typedef struct MIRROR_LINE {
    long    lineno;			/* 1 = the header */
    off_t   offset;			/* of the line's first byte */
    const char *f[MX_NFIELDS];		/* NUL-terminated, in the reader */
    size_t  len[MX_NFIELDS];
} MIRROR_LINE;

typedef struct MIRROR_EXTRACT MIRROR_EXTRACT;

#define MIRROR_EXTRACT_EOF	0
#define MIRROR_EXTRACT_OK	1
#define MIRROR_EXTRACT_BAD	(-1)	/* malformed line: skip it */
#define MIRROR_EXTRACT_IOERR	(-2)	/* read error: give up */

extern MIRROR_EXTRACT *mirror_extract_open(const char *, VSTR *);
extern int mirror_extract_next(MIRROR_EXTRACT *, MIRROR_LINE *, VSTR *);
extern int mirror_extract_read_at(MIRROR_EXTRACT *, off_t, long, MIRROR_LINE *, VSTR *);
extern int mirror_extract_rewind(MIRROR_EXTRACT *, VSTR *);
extern const char *mirror_extract_sha256(MIRROR_EXTRACT *);
extern long mirror_extract_lines(const MIRROR_EXTRACT *);
extern const char *mirror_extract_field_name(MIRROR_FIELD);
extern void mirror_extract_close(MIRROR_EXTRACT *);

#endif
