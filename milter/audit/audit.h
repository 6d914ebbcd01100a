#ifndef AUDIT_H_INCLUDED
#define AUDIT_H_INCLUDED

/*++
/* NAME
/*	audit 3h
/* SUMMARY
/*	tamper-evident audit trail of every decision (writer)
/* SYNOPSIS
/*	#include "audit.h"
/* DESCRIPTION
/*	See audit.c for the writer, audit_txn.c for the record builder,
/*	mssante-milter-audit(5) for the record format.
/*
/*	How the daemon uses it (every call is safe with a NULL AUDIT or
/*	AUDIT_TXN, so that an unconfigured audit trail needs no test):
/*
/*	main, after daemonising (the writer runs a sync thread, which a
/*	fork() would lose) and before dropping privileges (it reads the
/*	key file, which only root should read; audit_reopen() later
/*	needs the log directory writable by the daemon's user):
/*		AUDIT_CONFIG cf; audit_config_init(&cf); ...set from the file...
/*		if (cf.path && (audit = audit_open(&cf, why)) == 0)
/*		    msg_fatal("%s", vstr_str(why));
/*	xxfi_connect:	txn = audit_new_txn(audit);
/*			audit_txn_connect(txn, addr, hostname);
/*	xxfi_helo:	audit_txn_helo(txn, helo); audit_txn_tls(txn, &tls);
/*	xxfi_envfrom:	if (audit_txn_pending(txn))
/*			    (void) audit_write(audit, txn, AUDIT_END_ABORT, why);
/*			audit_txn_begin(txn); audit_txn_sender(txn, argv[0]);
/*			audit_txn_direction(), audit_txn_mode(), audit_txn_auth()
/*	xxfi_envrcpt:	audit_txn_rcpt(txn, argv[0], &verdict);
/*	xxfi_header:	audit_txn_message_id(), audit_txn_subject()
/*	xxfi_eom:	audit_txn_queue_id(), audit_txn_size(),
/*			audit_txn_document(), audit_txn_patient(),
/*			audit_txn_event(), audit_txn_final(txn, &verdict);
/*			if (audit_write(audit, txn, AUDIT_END_EOM, why) < 0
/*			    && cf.on_error == AUDIT_ON_ERROR_TEMPFAIL)
/*			    ...log why, reply 451 4.3.0 instead of the verdict...
/*	xxfi_abort:	if (audit_txn_pending(txn))
/*			    (void) audit_write(audit, txn, AUDIT_END_ABORT, why);
/*	xxfi_close:	same with AUDIT_END_CLOSE; audit_txn_free(txn);
/*	the timer thread writes the AuditCheckpoint checkpoints;
/*	reload (SIGUSR1 or SIGHUP: logrotate), in the signal thread:
/*			if (audit_reopen(audit, why) < 0) msg_warn(...);
/*	exit, once no callback can run any more:
/*			audit_close(audit);
/*
/*	audit_write() may be called from any number of threads at once.
/*	An AUDIT_TXN belongs to one connection and is not locked.
/*--*/

#include <time.h>

#include "vstr.h"
#include "audit_key.h"
#include "audit_ins.h"
#include "audit_txn.h"

 /*
  * AuditSync: when records are forced to the disk.
  */
typedef enum AUDIT_SYNC {
    AUDIT_SYNC_INTERVAL = 0,		/* "interval" or "Ns"/"Nms": default */
    AUDIT_SYNC_EVERY,			/* "every": fdatasync() each record */
    AUDIT_SYNC_NONE			/* "none": leave it to the kernel */
} AUDIT_SYNC;

 /*
  * On-AuditError: what the daemon does with a message whose record could
  * not be written. The writer only reports the failure; the daemon acts.
  */
typedef enum AUDIT_ON_ERROR {
    AUDIT_ON_ERROR_TEMPFAIL = 0,	/* "tempfail": 451, default */
    AUDIT_ON_ERROR_ACCEPT		/* "accept": apply the verdict, log */
} AUDIT_ON_ERROR;

 /*
  * The configuration keys, their defaults (set by audit_config_init()) and
  * their meaning. The strings are not copied until audit_open().
  */
typedef struct AUDIT_CONFIG {
    const char *path;			/* AuditLog: file; default NULL = no
					 * audit trail */
    const char *key_file;		/* AuditKeyFile: hex key, mode 0600 or
					 * 0640; required with AuditLog;
					 * default NULL */
    AUDIT_SYNC sync;			/* AuditSync: default interval */
    int     sync_interval_ms;		/* AuditSync interval: default 1000 */
    int     checkpoint_s;		/* AuditCheckpoint: at most this many
					 * seconds between seals, traffic or
					 * not; default 300; 0: checkpoints
					 * only at reopen and close */
    AUDIT_ON_ERROR on_error;		/* On-AuditError: default tempfail */
    const char *host;			/* "host" member: default NULL =
					 * gethostname() */
    int     file_mode;			/* mode of a new log file: 0640 */
    uid_t   owner;			/* the daemon's run-as user: files are
					 * given to it when opened as root;
					 * default (uid_t) -1 = keep */
    const char *patient_domain;		/* PatientDomain: whose addresses are
					 * pseudonymised; default NULL =
					 * "patient.mssante.fr" */
    void    (*clock) (struct timespec *);	/* "time" source: default
					 * NULL = CLOCK_REALTIME; for tests
					 * and replays only: no timer thread
					 * then, call audit_tick() */
} AUDIT_CONFIG;

#define AUDIT_DEF_SYNC_INTERVAL_MS	1000
#define AUDIT_DEF_CHECKPOINT_S		300
#define AUDIT_DEF_FILE_MODE		0640

typedef struct AUDIT AUDIT;

extern void audit_config_init(AUDIT_CONFIG *);
extern int audit_sync_parse(const char *, AUDIT_SYNC *, int *);
extern int audit_on_error_parse(const char *, AUDIT_ON_ERROR *);

extern AUDIT *audit_open(const AUDIT_CONFIG *, VSTR *);
extern int audit_write(AUDIT *, AUDIT_TXN *, AUDIT_END, VSTR *);
extern int audit_reopen(AUDIT *, VSTR *);
extern int audit_checkpoint(AUDIT *, VSTR *);
extern int audit_tick(AUDIT *, VSTR *);
extern void audit_close(AUDIT *);
extern const AUDIT_KEY *audit_key(const AUDIT *);
extern AUDIT_TXN *audit_new_txn(const AUDIT *);
extern void audit_head(AUDIT *, long long *, char[AUDIT_HEX_LEN + 1]);

#endif
