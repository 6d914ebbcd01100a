/*++
/* NAME
/*	decide_rcpt 3
/* SUMMARY
/*	the RCPT TO stage of decide(3)
/* SYNOPSIS
/*	#include "decide.h"
/*
/*	VERDICT_ACTION decide_rcpt(pol, trust, msg, rcpt, v)
/*	const DECIDE_POLICY *pol;
/*	const TRUST *trust;
/*	DECIDE_MSG *msg;
/*	const char *rcpt;
/*	VERDICT	*v;
/*
/*	VERDICT_ACTION decide_rcpt_facts(pol, trust, msg, r, v)
/*	const RCPT_FACTS *r;
/* DESCRIPTION
/*	decide_rcpt_facts() applies the RCPT TO rules of decide(3) to a
/*	recipient whose facts (rcpt(3)) the caller made once for every
/*	stage: the address must parse and its domain be in the trust
/*	space (NULL trust: pol->on_dir_error, rule dir.error); a patient
/*	recipient must have a valid INS as local part, and a declared
/*	SIZE above pol->patient_max_size refuses it. A refusal applies
/*	to that recipient only. The counters of msg (rcpts, accepted,
/*	rejected, tempfailed, patients) and the first patient recipient
/*	are updated.
/*
/*	decide_rcpt() does the same for an argument as the MTA gave it,
/*	making its facts with pol->patient_domain.
/*--*/

#include <stdio.h>
#include <string.h>

#include "vstr.h"
#include "ins.h"
#include "rcpt.h"
#include "decide.h"
#include "decide_impl.h"

/* decide_rcpt_patient - a patient: the INS, the declared size */

static VERDICT_ACTION decide_rcpt_patient(const DECIDE_POLICY *pol,
					          DECIDE_MSG *msg,
					          const RCPT_FACTS *r,
					          RULE_VARS *vars, VERDICT *v)
{
    VERDICT_ACTION act = VERDICT_CONTINUE;

    vars->domain = r->addr.domain;
    if (r->ins != INS_OK) {
	decide_result(msg, DECIDE_CHK_INS, DECIDE_RES_FAIL);
	/* Every error status has its rule (ins_status_rule(3)). */
	vars->detail = ins_status_text_fr(r->ins);
	act = decide_finish(pol, msg, VERDICT_REJECT,
			    rule_id(ins_status_rule(r->ins)), vars, 0, v);
    } else {
	decide_result(msg, DECIDE_CHK_INS, DECIDE_RES_PASS);
	if (pol->patient_max_size > 0 && msg->declared_size >= 0
	    && (unsigned long long) msg->declared_size > pol->patient_max_size) {
	    decide_result(msg, DECIDE_CHK_SIZE, DECIDE_RES_FAIL);
	    vstr_sprintf(msg->tmp, "annoncee (SIZE) de %lld octets, au-dela "
			 "de la limite de %llu octets", msg->declared_size,
			 pol->patient_max_size);
	    vars->detail = vstr_str(msg->tmp);
	    act = decide_finish(pol, msg, VERDICT_REJECT,
				rule_id(RULE_SIZE_PATIENT),
				vars, 0, v);
	}
    }
    if (act == VERDICT_CONTINUE && msg->patients++ == 0)
	vstr_strcpy(msg->patient, r->arg);
    return (act);
}

/* decide_rcpt_facts - RCPT TO, facts made by the caller */

VERDICT_ACTION decide_rcpt_facts(const DECIDE_POLICY *pol, const TRUST *trust,
				         DECIDE_MSG *msg, const RCPT_FACTS *r,
				         VERDICT *v)
{
    RULE_VARS vars;
    VERDICT_ACTION act = VERDICT_CONTINUE;

    verdict_reset(v);
    msg->rcpts++;
    memset(&vars, 0, sizeof(vars));
    vars.addr = r->arg;

    if (trust == 0) {
	act = decide_error(pol, msg, rule_id(RULE_DIR_ERROR), r->arg,
			   "liste blanche de "
			   "l'espace de confiance non chargee", v);
    } else if (r->status != ADDR_OK) {
	decide_result(msg, DECIDE_CHK_RCPT, DECIDE_RES_FAIL);
	vars.detail = addr_status_text_fr(r->status);
	act = decide_finish(pol, msg, VERDICT_REJECT,
			    rule_id(RULE_ADDR_RCPT_SYNTAX),
			    &vars, 0, v);
    } else if (!trust_containsn(trust, r->addr.domain, r->addr.domain_len)) {
	decide_result(msg, DECIDE_CHK_RCPT, DECIDE_RES_FAIL);
	vars.domain = r->addr.domain;
	act = decide_finish(pol, msg, VERDICT_REJECT,
			    rule_id(RULE_TRUST_RCPT_DOMAIN), &vars, 0, v);
    } else {
	decide_result(msg, DECIDE_CHK_RCPT, DECIDE_RES_PASS);
	if (r->patient)
	    act = decide_rcpt_patient(pol, msg, r, &vars, v);
    }
    if (act == VERDICT_CONTINUE) {
	msg->accepted++;
    } else {
	decide_count_refusal(msg, act);
	if (verdict_severity(act) > verdict_severity(msg->rcpt_worst))
	    msg->rcpt_worst = act;
    }
    return (act);
}

/* decide_rcpt - RCPT TO, from the argument as given */

VERDICT_ACTION decide_rcpt(const DECIDE_POLICY *pol, const TRUST *trust,
			           DECIDE_MSG *msg, const char *rcpt, VERDICT *v)
{
    RCPT_FACTS r;
    VERDICT_ACTION act;

    rcpt_facts_init(&r);
    rcpt_facts_set(&r, pol->patient_domain, rcpt);
    act = decide_rcpt_facts(pol, trust, msg, &r, v);
    rcpt_facts_free(&r);
    return (act);
}
