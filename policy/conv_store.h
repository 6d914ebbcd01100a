#ifndef CONV_STORE_H_INCLUDED
#define CONV_STORE_H_INCLUDED

/*++
/* NAME
/*	conv_store 3h
/* SUMMARY
/*	conversation records <-> directory values; conversation key
/* SYNOPSIS
/*	#include "conv_store.h"
/* DESCRIPTION
/*	See conv_store.c.
/*--*/

#include <time.h>
#include "vstr.h"
#include "conv.h"

extern const char *conv_store_status_name(CONV_STATUS);
extern int conv_store_status_parse(const char *, CONV_STATUS *);
extern const char *conv_store_how_name(CONV_HOW);
extern int conv_store_how_parse(const char *, CONV_HOW *);
extern int conv_store_time_format(time_t, VSTR *);
extern int conv_store_time_parse(const char *, time_t *);
extern int conv_store_parse(CONV_STATE *, const char *, const char *,
			            const char *, const char *, const char *,
			            VSTR *);
extern int conv_store_key_input(const char *, const char *, VSTR *);
extern int conv_store_assert_filter(const CONV_STATE *, VSTR *);

#endif
