#ifndef MLFI_CONV_H_INCLUDED
#define MLFI_CONV_H_INCLUDED

/*++
/* NAME
/*	mlfi_conv 3h
/* SUMMARY
/*	the daemon's Mon espace sante conversation checks
/* SYNOPSIS
/*	#include "mlfi_conv.h"
/* DESCRIPTION
/*	See mlfi_conv.c.
/*--*/

#include <libmilter/mfapi.h>

#include "vstr.h"
#include "verdict.h"
#include "decide.h"
#include "trust.h"
#include "cfg.h"
#include "live.h"
#include "mlfi_audit.h"
#include "mlfi_mbpol.h"
#include "rcpt.h"
#include "audit_key.h"
#include "convcrypt.h"

typedef struct MLFI_CONV MLFI_CONV;

/* The process: main(). */
extern int mlfi_conv_start(const CFG *, VSTR *);
extern void mlfi_conv_stop(void);
extern const AUDIT_KEY *mlfi_conv_key(void);
extern CONVCRYPT *mlfi_conv_crypt(void);

/* One connection: the libmilter callbacks. */
extern MLFI_CONV *mlfi_conv_create(void);
extern void mlfi_conv_free(MLFI_CONV *);
extern void mlfi_conv_begin(MLFI_CONV *);
extern void mlfi_conv_dry_run(MLFI_CONV *);
extern VERDICT_ACTION mlfi_conv_rcpt(MLFI_CONV *, const LIVE *,
				             DECIDE_MSG *, const RCPT_FACTS *,
				             MLFI_AUDIT *, VERDICT *);
extern void mlfi_conv_rcpt_end(MLFI_CONV *, const RCPT_FACTS *, int);
extern void mlfi_conv_header(MLFI_CONV *, const char *, const char *);
extern VERDICT_ACTION mlfi_conv_eom(MLFI_CONV *, const LIVE *,
				            const MLFI_MBPOL *, DECIDE_MSG *,
				            const TRUST *, MLFI_AUDIT *, VERDICT *);
extern void mlfi_conv_headers(MLFI_CONV *, SMFICTX *);
extern void mlfi_conv_commit(MLFI_CONV *, const LIVE *, const DECIDE_MSG *,
			             const VERDICT *);

#endif
