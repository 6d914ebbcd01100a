#ifndef MLFI_MBPOL_H_INCLUDED
#define MLFI_MBPOL_H_INCLUDED

/*++
/* NAME
/*	mlfi_mbpol 3h
/* SUMMARY
/*	per-mailbox policy in the daemon: load, select, apply
/* SYNOPSIS
/*	#include "mlfi_mbpol.h"
/* DESCRIPTION
/*	See mlfi_mbpol.c.
/*--*/

#include "vstr.h"
#include "verdict.h"
#include "decide.h"
#include "mbpol.h"
#include "rcpt.h"
#include "conv.h"
#include "cfg.h"
#include "dir.h"

typedef struct MLFI_MBPOL MLFI_MBPOL;

 /* Loading (start, -n, reload, --explain). */
extern void mlfi_mbpol_base(const CFG *, MBPOL_SETTINGS *);
extern int mlfi_mbpol_load(const CFG *, MBPOL **, VSTR *);
extern MBPOL_TYPE mlfi_mbpol_type(DIR_CLIENT *, const char *, DIR_STATUS *);
extern int mlfi_mbpol_is_patient(const DECIDE_POLICY *, const char *);

 /* Per transaction, from the libmilter callbacks. */
extern void mlfi_mbpol_mail(MLFI_MBPOL **, const MBPOL *, DIR_CLIENT *,
			            const DECIDE_POLICY *, DECIDE_MSG *,
			            const char *);
extern const MBPOL_SETTINGS *mlfi_mbpol_select(MLFI_MBPOL *, RCPT_FACTS *);
extern VERDICT_ACTION mlfi_mbpol_rcpt(MLFI_MBPOL *, const DECIDE_POLICY *,
				              DECIDE_MSG *, const RCPT_FACTS *,
				              VERDICT *);
extern void mlfi_mbpol_rcpt_accept(MLFI_MBPOL *, const RCPT_FACTS *);
extern void mlfi_mbpol_header(MLFI_MBPOL *, const char *, const char *);
extern int mlfi_mbpol_need_body(const MLFI_MBPOL *);
extern void mlfi_mbpol_message(MLFI_MBPOL *, DECIDE_MSG *);
extern VERDICT_ACTION mlfi_mbpol_eom(MLFI_MBPOL *, const DECIDE_POLICY *,
				             DECIDE_MSG *, VERDICT *);
extern void mlfi_mbpol_force_types(MLFI_MBPOL **, int, int);
extern void mlfi_mbpol_end(MLFI_MBPOL *, DECIDE_MSG *);
extern void mlfi_mbpol_free(MLFI_MBPOL *);

 /* For the documents (r2) and conversations (r3) glue. */
extern int mlfi_mbpol_require_category(const MLFI_MBPOL *);
extern VERDICT_ACTION mlfi_mbpol_category(MLFI_MBPOL *, const DECIDE_POLICY *,
					          DECIDE_MSG *, const char *,
					          VERDICT *);
extern const MBPOL_SETTINGS *mlfi_mbpol_settings(const MLFI_MBPOL *,
						         const char *);

#endif
