#ifndef MIRROR_UNZIP_H_INCLUDED
#define MIRROR_UNZIP_H_INCLUDED

/*++
/* NAME
/*	mirror_unzip 3h
/* SUMMARY
/*	take the one extraction file out of the ANS ZIP, safely
/* SYNOPSIS
/*	#include "mirror_unzip.h"
/* DESCRIPTION
/*	See mirror_unzip.c.
/*--*/

#include "vstr.h"

typedef struct MIRROR_UNZIP_LIMITS {
    unsigned long long max_size;	/* of the unzipped file */
    unsigned long long max_ratio;	/* unzipped / zipped */
} MIRROR_UNZIP_LIMITS;

extern int mirror_unzip_is_zip(const char *);
extern int mirror_unzip_name_ok(const char *);
extern int mirror_unzip(const char *, const char *, const MIRROR_UNZIP_LIMITS *,
			        VSTR *, VSTR *);

#endif
