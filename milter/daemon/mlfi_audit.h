#ifndef MLFI_AUDIT_H_INCLUDED
#define MLFI_AUDIT_H_INCLUDED

/*++
/* NAME
/*	mlfi_audit 3h
/* SUMMARY
/*	the daemon's audit trail: configuration and callback hooks
/* SYNOPSIS
/*	#include "mlfi_audit.h"
/* DESCRIPTION
/*	See mlfi_audit.c. Other features add their facts to the record of
/*	the current transaction with mlfi_audit_document(),
/*	mlfi_audit_patient() and mlfi_audit_event(), before mlfi_eom()
/*	calls mlfi_audit_eom() (which writes the record).
/*--*/

#include <sys/types.h>

#include "vstr.h"
#include "verdict.h"
#include "decide.h"
#include "cfg.h"
#include "live.h"
#include "audit.h"

typedef struct MLFI_AUDIT MLFI_AUDIT;

/* The process: main(). */
extern int mlfi_audit_check(const CFG *, VSTR *);
extern int mlfi_audit_start(const CFG *, uid_t, VSTR *);
extern void mlfi_audit_reopen(void);
extern void mlfi_audit_stop(void);

/* One connection: the libmilter callbacks. */
extern MLFI_AUDIT *mlfi_audit_connect(MLFI_AUDIT *, const char *, const char *);
extern void mlfi_audit_helo(MLFI_AUDIT *, const char *, const DECIDE_CONN *,
			            const char *, const char *);
extern void mlfi_audit_mail(MLFI_AUDIT *, const LIVE *, const DECIDE_MSG *,
			            const char *, VERDICT_ACTION, const VERDICT *);
extern void mlfi_audit_rcpt(MLFI_AUDIT *, const DECIDE_MSG *, const char *,
			            const VERDICT *);
extern void mlfi_audit_header(MLFI_AUDIT *, const char *, const char *);
extern int mlfi_audit_body(const MLFI_AUDIT *);
extern void mlfi_audit_eom(MLFI_AUDIT *, const LIVE *, DECIDE_MSG *, VERDICT *);
extern void mlfi_audit_end(MLFI_AUDIT *, const DECIDE_MSG *, AUDIT_END);
extern void mlfi_audit_free(MLFI_AUDIT *);

/* Hooks for the documents and conversations features. */
extern void mlfi_audit_document(MLFI_AUDIT *, const char *, const char *);
extern void mlfi_audit_patient(MLFI_AUDIT *, const char *);
extern void mlfi_audit_event(MLFI_AUDIT *, const char *, const char *,
			             const char *);

#endif
