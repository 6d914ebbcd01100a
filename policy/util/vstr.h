#ifndef VSTR_H_INCLUDED
#define VSTR_H_INCLUDED

/*++
/* NAME
/*	vstr 3h
/* SUMMARY
/*	growable, always NUL-terminated strings
/* SYNOPSIS
/*	#include "vstr.h"
/* DESCRIPTION
/*	See vstr.c.
/*--*/

#include <stddef.h>
#include <stdarg.h>

typedef struct VSTR {
    char   *buf;			/* always NUL-terminated */
    size_t  len;			/* bytes before the NUL */
    size_t  cap;			/* allocated bytes */
} VSTR;

#define vstr_str(v)	((v)->buf)
#define vstr_len(v)	((v)->len)

extern VSTR *vstr_alloc(size_t);
extern void vstr_free(VSTR *);
extern VSTR *vstr_reset(VSTR *);
extern VSTR *vstr_cat(VSTR *, const char *);
extern VSTR *vstr_ncat(VSTR *, const char *, size_t);
extern VSTR *vstr_addch(VSTR *, int);
extern VSTR *vstr_strcpy(VSTR *, const char *);
extern VSTR *vstr_sprintf(VSTR *, const char *,...)
	__attribute__((format(printf, 2, 3)));
extern VSTR *vstr_sprintf_append(VSTR *, const char *,...)
	__attribute__((format(printf, 2, 3)));
extern VSTR *vstr_vsprintf_append(VSTR *, const char *, va_list)
	__attribute__((format(printf, 2, 0)));
extern VSTR *vstr_truncate(VSTR *, size_t);
extern char *vstr_export(VSTR *);

#endif
