#ifndef MLFI_H_INCLUDED
#define MLFI_H_INCLUDED

/*++
/* NAME
/*	mlfi 3h
/* SUMMARY
/*	libmilter callbacks
/* SYNOPSIS
/*	#include "mlfi.h"
/* DESCRIPTION
/*	See mlfi.c.
/*--*/

#include <libmilter/mfapi.h>

extern struct smfiDesc mlfi_desc;

#endif
