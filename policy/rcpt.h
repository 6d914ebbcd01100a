#ifndef RCPT_H_INCLUDED
#define RCPT_H_INCLUDED

/*++
/* NAME
/*	rcpt 3h
/* SUMMARY
/*	what is known of one envelope recipient
/* SYNOPSIS
/*	#include "rcpt.h"
/* DESCRIPTION
/*	See rcpt.c.
/*--*/

#include "vstr.h"
#include "addr.h"
#include "ins.h"
#include "mbpol.h"

typedef struct RCPT_FACTS {
    /* From the RCPT TO argument (rcpt_facts_set()). */
    const char *arg;			/* as given; "" when there was none */
    ADDR_STATUS status;			/* ADDR_OK, or why not; <> is EMPTY */
    ADDR    addr;			/* parsed, when status is ADDR_OK */
    VSTR   *bare;			/* "local@domain"; "" unless ADDR_OK */
    int     patient;			/* in the patients' domain */
    INS_STATUS ins;			/* a patient's local part as an INS */
    /* From the directory and the policy file, filled by the daemon. */
    MBPOL_TYPE type;			/* mailbox type; none when unknown */
    int     dir_fail;			/* the type lookup failed */
    const MBPOL_SETTINGS *settings;	/* per-mailbox settings, or NULL */
} RCPT_FACTS;

extern void rcpt_facts_init(RCPT_FACTS *);
extern void rcpt_facts_set(RCPT_FACTS *, const char *, const char *);
extern int rcpt_facts_ok(const RCPT_FACTS *);
extern void rcpt_facts_free(RCPT_FACTS *);
extern int rcpt_is_patient_domain(const char *, const char *);
extern void rcpt_bare(const ADDR *, VSTR *);

#endif
