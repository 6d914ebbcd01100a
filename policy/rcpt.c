/*++
/* NAME
/*	rcpt 3
/* SUMMARY
/*	what is known of one envelope recipient
/* SYNOPSIS
/*	#include "rcpt.h"
/*
/*	void	rcpt_facts_init(r)
/*	RCPT_FACTS *r;
/*
/*	void	rcpt_facts_set(r, patient_domain, arg)
/*	RCPT_FACTS *r;
/*	const char *patient_domain;
/*	const char *arg;
/*
/*	int	rcpt_facts_ok(r)
/*	const RCPT_FACTS *r;
/*
/*	void	rcpt_facts_free(r)
/*	RCPT_FACTS *r;
/*
/*	int	rcpt_is_patient_domain(patient_domain, domain)
/*	const char *patient_domain;
/*	const char *domain;
/*
/*	void	rcpt_bare(addr, out)
/*	const ADDR *addr;
/*	VSTR	*out;
/* DESCRIPTION
/*	One RCPT TO goes through several stages (per-mailbox policy,
/*	conversations, decide(3), documents, audit). Each used to parse
/*	the argument again and decide again whether it names a patient;
/*	an RCPT_FACTS is made once per recipient and handed to every
/*	stage, so that they cannot disagree.
/*
/*	rcpt_facts_init() prepares a record (reusable: one per
/*	connection is enough); rcpt_facts_free() releases what it holds.
/*
/*	rcpt_facts_set() fills it from the argument as the MTA gave it
/*	(NULL counts as ""): arg points to it (it must outlive the
/*	record's use), status is addr_parse(3)'s answer, the null path
/*	<> being ADDR_ERR_EMPTY since it is no recipient; for a parsed
/*	address, addr holds it and bare its "local@domain" form. patient
/*	says whether the domain is patient_domain (NULL or empty: there
/*	are no patients), and for a patient ins is ins_check(3) of the
/*	local part (INS_OK otherwise). The fields the daemon fills from
/*	the directory and the policy file are reset: type none, dir_fail
/*	0, settings NULL.
/*
/*	rcpt_facts_ok() tells whether the argument parsed as an address.
/*
/*	rcpt_is_patient_domain() is the one test of "the patients'
/*	domain" (case-insensitive; never true without a patient domain),
/*	for the recipient and for other addresses (the sender, From).
/*
/*	rcpt_bare() writes the "local@domain" form of a parsed address
/*	(local part as written, domain lower-cased) into out.
/*--*/

#include <string.h>
#include <strings.h>

#include "rcpt.h"

/* rcpt_is_patient_domain - is this the patients' domain? */

int     rcpt_is_patient_domain(const char *patient_domain, const char *domain)
{
    return (patient_domain != 0 && *patient_domain != 0 && domain != 0
	    && strcasecmp(domain, patient_domain) == 0);
}

/* rcpt_bare - "local@domain" of a parsed address */

void    rcpt_bare(const ADDR *a, VSTR *out)
{
    vstr_reset(out);
    vstr_ncat(out, a->local, a->local_len);
    vstr_addch(out, '@');
    vstr_ncat(out, a->domain, a->domain_len);
}

/* rcpt_facts_init - an empty record */

void    rcpt_facts_init(RCPT_FACTS *r)
{
    memset(r, 0, sizeof(*r));
    r->bare = vstr_alloc(64);
    r->arg = "";
    r->status = ADDR_ERR_EMPTY;
}

/* rcpt_facts_set - the facts of one RCPT TO argument */

void    rcpt_facts_set(RCPT_FACTS *r, const char *patient_domain,
		               const char *arg)
{
    r->arg = arg ? arg : "";
    r->patient = 0;
    r->ins = INS_OK;
    r->type = MBPOL_TYPE_NONE;
    r->dir_fail = 0;
    r->settings = 0;
    vstr_reset(r->bare);
    r->status = addr_parse(r->arg, strlen(r->arg), &r->addr);
    if (r->status == ADDR_OK && r->addr.null_sender)
	r->status = ADDR_ERR_EMPTY;
    if (r->status != ADDR_OK)
	return;
    rcpt_bare(&r->addr, r->bare);
    if ((r->patient = rcpt_is_patient_domain(patient_domain, r->addr.domain)) != 0)
	r->ins = ins_check(r->addr.local, r->addr.local_len, (INS_INFO *) 0);
}

/* rcpt_facts_ok - did the argument parse? */

int     rcpt_facts_ok(const RCPT_FACTS *r)
{
    return (r->status == ADDR_OK);
}

/* rcpt_facts_free - release */

void    rcpt_facts_free(RCPT_FACTS *r)
{
    if (r->bare)
	vstr_free(r->bare);
    r->bare = 0;
}
