#ifndef CONVPEND_H_INCLUDED
#define CONVPEND_H_INCLUDED

/*++
/* NAME
/*	convpend 3h
/* SUMMARY
/*	conversation states a message will write once accepted
/* SYNOPSIS
/*	#include "convpend.h"
/* DESCRIPTION
/*	See convpend.c.
/*--*/

#include <stddef.h>
#include "vstr.h"
#include "conv.h"
#include "dir.h"
#include "convdir.h"
#include "convcrypt.h"

 /*
  * One decision on one conversation, and the state it will write.
  */
typedef struct CONVPEND_ENTRY {
    CONVDIR_KEY key;
    CONV_STATE read;			/* the state the decision read */
    CONV_STATE st;			/* the state to write */
    int     write;			/* st differs from read */
    int     at_rcpt;			/* read at RCPT TO: check again at EOM */
    CONV_RESULT rcpt;			/* the decision taken then */
    int     held;			/* its refusal waits for EOM (conv(3)) */
    char   *patient;			/* address, for the encrypted copy */
    CONV_CONFIG cc;
    CONV_REPLAY redo;			/* to decide again on a conflict */
    char   *sender;			/* redo.out.sender points here */
} CONVPEND_ENTRY;

typedef struct CONVPEND CONVPEND;

extern CONVPEND *convpend_create(void);
extern void convpend_free(CONVPEND *);
extern void convpend_push(CONVPEND *, const CONVDIR_KEY *, const CONV_STATE *,
			          const CONV_RESULT *, const char *,
			          const CONV_CONFIG *, const CONV_REPLAY *, int);
extern size_t convpend_count(const CONVPEND *);
extern CONVPEND_ENTRY *convpend_get(CONVPEND *, size_t);
extern void convpend_drop(CONVPEND *, size_t);
extern CONVDIR_WSTATUS convpend_write(DIR_CLIENT *, const CONVCRYPT *,
				              const CONVDIR_KEY *, const CONV_STATE *,
				              const CONV_STATE *, const char *, VSTR *);
extern void convpend_commit(CONVPEND *, DIR_CLIENT *, const CONVCRYPT *,
			            const char *);

#endif
