/*++
/* NAME
/*	verdict 3
/* SUMMARY
/*	one type for every decision
/* SYNOPSIS
/*	#include "verdict.h"
/*
/*	void	verdict_init(vp)
/*	VERDICT	*vp;
/*
/*	void	verdict_free(vp)
/*	VERDICT	*vp;
/*
/*	void	verdict_reset(vp)
/*	VERDICT	*vp;
/*
/*	void	verdict_set(vp, action, rule_id, vars, lang)
/*	VERDICT	*vp;
/*	VERDICT_ACTION action;
/*	const char *rule_id;
/*	const RULE_VARS *vars;
/*	VERDICT_LANG lang;
/*
/*	void	verdict_copy(dst, src)
/*	VERDICT	*dst;
/*	const VERDICT *src;
/*
/*	int	verdict_merge(acc, vp)
/*	VERDICT	*acc;
/*	const VERDICT *vp;
/*
/*	int	verdict_severity(action)
/*	VERDICT_ACTION action;
/*
/*	const char *verdict_action_name(action)
/*	VERDICT_ACTION action;
/*
/*	int	verdict_action_parse(name, action)
/*	const char *name;
/*	VERDICT_ACTION *action;
/* DESCRIPTION
/*	A VERDICT is what a policy check returns: an action, the rule
/*	that caused it, and the SMTP reply (codes and text) that goes
/*	with it.
/*
/*	verdict_init() prepares a VERDICT (CONTINUE, no rule, no reply);
/*	verdict_free() releases its storage; verdict_reset() makes it
/*	CONTINUE again.
/*
/*	verdict_set() records "action" for rule "rule_id" (an id of
/*	rule(3)):
/* .IP REJECT
/*	the rule's permanent codes and its text in "lang", expanded with
/*	"vars". A rule whose default codes are temporary (dir.error,
/*	internal.error) gets 550 and its enhanced code with class 5
/*	(5.4.3, 5.3.0) when a policy asks to reject on it, so that a
/*	REJECT always carries a 5xx reply.
/* .IP TEMPFAIL
/*	the rule's temporary codes (451 4.x.x) and its text.
/* .IP QUARANTINE
/*	no reply codes (the message is accepted), but the text is kept:
/*	it is the reason given to the MTA's hold queue and the logs.
/* .IP "CONTINUE, ACCEPT, DISCARD"
/*	no codes and no text; the rule is kept, for the logs.
/* .PP
/*	An unknown or NULL rule id with REJECT, TEMPFAIL, QUARANTINE or
/*	DISCARD is a program error: the verdict names internal.error
/*	instead, with the requested action. An action out of range
/*	becomes TEMPFAIL with internal.error: fail closed, lose nothing.
/*
/*	verdict_copy() makes "dst" an independent copy of "src".
/*
/*	verdict_severity() ranks actions to combine the verdicts of
/*	several rules about the same object (one recipient, or the whole
/*	message): the more severe wins. The order is
/* .na
/* .nf
/*	    CONTINUE (0) < ACCEPT (1) < QUARANTINE (2) < DISCARD (3)
/*	    < TEMPFAIL (4) < REJECT (5)
/* .fi
/* .ad
/*	Anything that refuses the message beats anything that accepts it.
/*	Among acceptances, holding for review beats delivering, and an
/*	explicit discard (an administrator's choice) beats holding.
/*	REJECT beats TEMPFAIL: a permanent policy violation (a recipient
/*	outside the trust space, an INS with a wrong key) stays wrong
/*	however often the sender retries. Answering 4xx because some other
/*	check could not be made (directory down) would only make the
/*	sending MTA retry for days and delay the bounce that tells the
/*	health professional to correct the address; nothing is lost by
/*	rejecting, since the message would be refused anyway once the
/*	directory answers. ACCEPT ("skip further checks") does not
/*	override an earlier refusal: it only stops the caller from asking
/*	more rules. verdict_severity() returns -1 for an invalid action.
/*
/*	verdict_merge() keeps in "acc" the more severe of "acc" and "vp";
/*	on a tie the earlier verdict (already in acc) stays, so the first
/*	rule to fire is the one reported. It returns 1 when "acc" was
/*	replaced.
/*
/*	verdict_action_name() returns "continue", "accept", "reject",
/*	"tempfail", "discard" or "quarantine" ("unknown" otherwise).
/*	verdict_action_parse() reads those names, case-insensitively, and
/*	returns 0, or -1 for anything else (then *action is unchanged).
/* SEE ALSO
/*	rule(3), the table of rules and reply texts
/*--*/

#include <string.h>

#include "nametab.h"
#include "vstr.h"
#include "verdict.h"

static const char *const verdict_names[VERDICT_ACTION_COUNT] = {
    [VERDICT_CONTINUE] = "continue",
    [VERDICT_ACCEPT] = "accept",
    [VERDICT_REJECT] = "reject",
    [VERDICT_TEMPFAIL] = "tempfail",
    [VERDICT_DISCARD] = "discard",
    [VERDICT_QUARANTINE] = "quarantine",
};

static const int verdict_ranks[VERDICT_ACTION_COUNT] = {
    [VERDICT_CONTINUE] = 0,
    [VERDICT_ACCEPT] = 1,
    [VERDICT_QUARANTINE] = 2,
    [VERDICT_DISCARD] = 3,
    [VERDICT_TEMPFAIL] = 4,
    [VERDICT_REJECT] = 5,
};

#define VERDICT_VALID(a)	((unsigned) (a) < VERDICT_ACTION_COUNT)

/* verdict_init - prepare an empty verdict */

void    verdict_init(VERDICT *vp)
{
    vp->text = vstr_alloc(128);
    verdict_reset(vp);
}

/* verdict_free - release storage */

void    verdict_free(VERDICT *vp)
{
    vstr_free(vp->text);
    vp->text = 0;
}

/* verdict_reset - back to CONTINUE */

void    verdict_reset(VERDICT *vp)
{
    vp->action = VERDICT_CONTINUE;
    vp->rule = 0;
    vp->rcode[0] = 0;
    vp->xcode[0] = 0;
    vstr_reset(vp->text);
}

/* verdict_codes - copy reply codes into the fixed fields */

static void verdict_codes(VERDICT *vp, const char *rcode, const char *xcode,
			          int permanent)
{
    size_t  n;

    /* Codes come from the static table: 3 digits, "d.ddd.ddd" at most. */
    n = strlen(rcode);
    if (n >= sizeof(vp->rcode))
	n = sizeof(vp->rcode) - 1;
    memcpy(vp->rcode, rcode, n);
    vp->rcode[n] = 0;
    n = strlen(xcode);
    if (n >= sizeof(vp->xcode))
	n = sizeof(vp->xcode) - 1;
    memcpy(vp->xcode, xcode, n);
    vp->xcode[n] = 0;

    /* A rule whose default reply is temporary, rejected by policy. */
    if (permanent && vp->rcode[0] != '5') {
	memcpy(vp->rcode, "550", 4);
	if (vp->xcode[0])
	    vp->xcode[0] = '5';
    }
}

/* verdict_set - record a decision */

void    verdict_set(VERDICT *vp, VERDICT_ACTION action, const char *rule_id,
		            const RULE_VARS *vars, VERDICT_LANG lang)
{
    const RULE_INFO *rp = rule_find(rule_id);

    verdict_reset(vp);
    if (!VERDICT_VALID(action)) {
	action = VERDICT_TEMPFAIL;
	rp = 0;
    }
    if (rp == 0 && action != VERDICT_CONTINUE && action != VERDICT_ACCEPT)
	rp = rule_get(RULE_INTERNAL_ERROR);
    vp->action = action;
    vp->rule = rp ? rp->id : 0;

    switch (action) {
    case VERDICT_REJECT:
	verdict_codes(vp, rp->rcode, rp->xcode, 1);
	rule_format(rp, lang, vars, vp->text);
	break;
    case VERDICT_TEMPFAIL:
	verdict_codes(vp, rp->temp_rcode, rp->temp_xcode, 0);
	rule_format(rp, lang, vars, vp->text);
	break;
    case VERDICT_QUARANTINE:
	rule_format(rp, lang, vars, vp->text);
	break;
    default:
	break;
    }
}

/* verdict_copy - independent copy */

void    verdict_copy(VERDICT *dst, const VERDICT *src)
{
    if (dst == src)
	return;
    dst->action = src->action;
    dst->rule = src->rule;
    memcpy(dst->rcode, src->rcode, sizeof(dst->rcode));
    memcpy(dst->xcode, src->xcode, sizeof(dst->xcode));
    vstr_reset(dst->text);
    vstr_ncat(dst->text, vstr_str(src->text), vstr_len(src->text));
}

/* verdict_merge - keep the more severe verdict */

int     verdict_merge(VERDICT *acc, const VERDICT *vp)
{
    if (verdict_severity(vp->action) <= verdict_severity(acc->action))
	return (0);
    verdict_copy(acc, vp);
    return (1);
}

/* verdict_severity - rank used to combine verdicts */

int     verdict_severity(VERDICT_ACTION action)
{
    return (VERDICT_VALID(action) ? verdict_ranks[action] : -1);
}

/* verdict_action_name - stable name */

const char *verdict_action_name(VERDICT_ACTION action)
{
    return (VERDICT_VALID(action) ? verdict_names[action] : "unknown");
}

/* verdict_action_parse - name to action */

int     verdict_action_parse(const char *name, VERDICT_ACTION *action)
{
    int     i = nametab_find(verdict_names, VERDICT_ACTION_COUNT, 0, name);

    if (i < 0)
	return (-1);
    *action = (VERDICT_ACTION) i;
    return (0);
}
