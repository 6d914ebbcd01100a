#ifndef MLFI_DOCS_H_INCLUDED
#define MLFI_DOCS_H_INCLUDED

/*++
/* NAME
/*	mlfi_docs 3h
/* SUMMARY
/*	libmilter glue of the documents feature
/* SYNOPSIS
/*	#include "mlfi_docs.h"
/* DESCRIPTION
/*	See mlfi_docs.c.
/*--*/

#include <libmilter/mfapi.h>
#include "docs_msg.h"
#include "live.h"
#include "mlfi_audit.h"
#include "mlfi_mbpol.h"

extern VERDICT_ACTION mlfi_docs_eom(DOCS_MSG *, const DECIDE_POLICY *,
				            const DOCS_CONF *, DIR_CLIENT *,
				            MLFI_MBPOL *, MLFI_AUDIT *,
				            DECIDE_MSG *, VERDICT *);
extern void mlfi_docs_headers(DOCS_MSG *, SMFICTX *);
extern void mlfi_docs_log(DOCS_MSG *, const char *);

#endif
