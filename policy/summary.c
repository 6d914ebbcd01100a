/*++
/* NAME
/*	summary 3
/* SUMMARY
/*	X-MSSante-Policy header value and per-message log line
/* SYNOPSIS
/*	#include "summary.h"
/*
/*	void	summary_policy_header(pol, msg, host, out)
/*	const DECIDE_POLICY *pol;
/*	const DECIDE_MSG *msg;
/*	const char *host;
/*	VSTR	*out;
/*
/*	void	summary_log_line(pol, msg, out)
/*	const DECIDE_POLICY *pol;
/*	const DECIDE_MSG *msg;
/*	VSTR	*out;
/*
/*	void	summary_mask_addr(pol, addr, out)
/*	const DECIDE_POLICY *pol;
/*	const char *addr;
/*	VSTR	*out;
/* DESCRIPTION
/*	summary_policy_header() replaces the contents of out with the
/*	value of the X-MSSante-Policy header that the milter inserts at
/*	the top of every message it lets through:
/*
/*	    host=mx1.example; mode=enforce; dir=inbound;
/*	    trust.sender_domain=pass; trust.peer_cert=pass; ins=pass;
/*	    result=accept
/*
/*	(one line; folded here for reading). "host" is the milter's host
/*	name, "mode" enforce or monitor, "dir" inbound or outbound, then
/*	each check that was evaluated, in a fixed order, with pass, fail
/*	or skip, and last "result": accept, or in monitor mode what
/*	enforce mode would have done (would-reject, would-tempfail).
/*	A check fails for the message when it failed for any recipient.
/*	Bytes outside [A-Za-z0-9.-_] in the host name become "?", so the
/*	header can always be parsed as "key=value" pairs split on "; ".
/*
/*	summary_log_line() replaces the contents of out with the one line
/*	logged per transaction:
/*
/*	    3F2A1B: from=<a@b.fr> dir=inbound(external) client=mx[192.0.2.1]
/*	    rcpts=2 accepted=1 rejected=1 tempfailed=0 [trust.rcpt_domain]
/*	    action=continue mode=enforce
/*
/*	The queue id is NOQUEUE until the MTA gave one. The bracketed
/*	list names every rule that failed (with "+" when more failed than
/*	were kept). In monitor mode "would=" tells what enforce mode would
/*	have done. "action" is what the milter did to the whole
/*	transaction; when every recipient was refused it is the most
/*	severe recipient refusal (reject, or tempfail).
/*
/*	The values that come from outside (queue id, sender, client) are
/*	written as summary_mask_addr() says, so that no value can forge
/*	another field and no INS appears in clear.
/*
/*	summary_mask_addr() replaces the contents of out with an address
/*	that is safe to log: a patient's address (in pol->patient_domain,
/*	read from the parsed address whatever its spelling: see insmask(3))
/*	becomes the first 3 characters of its local part, "..." and the
/*	domain ("253...@patient.mssante.fr"); in any other address every
/*	INS-shaped token is cut the same way; control and 8-bit bytes
/*	become "?"; a blank, "<", ">" and a backslash inside the address
/*	are written \xHH (a quoted local part cannot forge a field of the
/*	line); one pair of enclosing angle brackets is kept; an address
/*	longer than 256 bytes is cut with a visible "[...]".
/* DIAGNOSTICS
/*	None.
/*--*/

#include <string.h>
#include <strings.h>

#include "vstr.h"
#include "insmask.h"
#include "summary.h"

#define SUMMARY_ADDR_MAX	256

/* summary_result - final result word for the header */

static const char *summary_result(const DECIDE_POLICY *pol, const DECIDE_MSG *msg)
{
    if (pol->monitor || msg->would != VERDICT_CONTINUE) {
	switch (msg->would) {
	case VERDICT_REJECT:
	    return ("would-reject");
	case VERDICT_TEMPFAIL:
	    return ("would-tempfail");
	case VERDICT_DISCARD:
	    return ("would-discard");
	case VERDICT_QUARANTINE:
	    return ("would-quarantine");
	default:
	    break;
	}
    }
    return ("accept");
}

/* summary_policy_header - X-MSSante-Policy value */

void    summary_policy_header(const DECIDE_POLICY *pol, const DECIDE_MSG *msg,
			              const char *host, VSTR *out)
{
    const char *cp;
    int     i;

    vstr_strcpy(out, "host=");
    for (cp = host ? host : ""; *cp; cp++) {
	if ((*cp >= 'a' && *cp <= 'z') || (*cp >= 'A' && *cp <= 'Z')
	    || (*cp >= '0' && *cp <= '9') || *cp == '.' || *cp == '-' || *cp == '_')
	    vstr_addch(out, *cp);
	else
	    vstr_addch(out, '?');
    }
    vstr_sprintf_append(out, "; mode=%s; dir=%s",
			pol->monitor ? "monitor" : "enforce",
			decide_dir_name(msg->dir));
    for (i = 0; i < DECIDE_CHK_COUNT; i++)
	if (msg->result[i] != DECIDE_RES_NONE)
	    vstr_sprintf_append(out, "; %s=%s", decide_check_name((DECIDE_CHECK) i),
				decide_result_name(msg->result[i]));
    vstr_sprintf_append(out, "; result=%s", summary_result(pol, msg));
}

/* summary_escape - append a value safe for a space-separated log line */

static void summary_escape(const char *s, size_t len, VSTR *out)
{
    size_t  i, start = vstr_len(out);
    unsigned char c;

    /*
     * A quoted local part may hold blanks, "<", ">" or "\": written as
     * \xHH, they cannot end the value and forge another field.
     */
    for (i = 0; i < len; i++) {
	if (vstr_len(out) - start >= SUMMARY_ADDR_MAX) {
	    vstr_cat(out, "[...]");
	    break;
	}
	c = (unsigned char) s[i];
	if (c < 0x20 || c >= 0x7f)
	    vstr_addch(out, '?');
	else if (c == ' ' || c == '\\' || c == '<' || c == '>')
	    vstr_sprintf_append(out, "\\x%02x", c);
	else
	    vstr_addch(out, c);
    }
}

/* summary_value - append a value from outside: INS cut, escaped */

static void summary_value(const DECIDE_POLICY *pol, const char *s, VSTR *out)
{
    VSTR   *tmp = vstr_alloc(64);

    (void) insmask_scrub(pol->patient_domain, s, strlen(s), insmask_cut, 0, tmp);
    summary_escape(vstr_str(tmp), vstr_len(tmp), out);
    vstr_free(tmp);
}

/* summary_mask_addr - address safe for the log */

void    summary_mask_addr(const DECIDE_POLICY *pol, const char *addr, VSTR *out)
{
    VSTR   *tmp;
    size_t  len;
    int     bracket;

    vstr_reset(out);
    if (addr == 0)
	return;
    len = strlen(addr);
    bracket = (len >= 2 && addr[0] == '<' && addr[len - 1] == '>');
    tmp = vstr_alloc(len + 1);
    /* insmask(3) reads the parsed address, whatever its spelling. */
    (void) insmask_addr(pol->patient_domain, addr, len, insmask_cut, 0, tmp);
    if (bracket)
	vstr_addch(out, '<');
    summary_escape(vstr_str(tmp), vstr_len(tmp), out);
    if (bracket)
	vstr_addch(out, '>');
    vstr_free(tmp);
}

/* summary_log_line - one line per transaction */

void    summary_log_line(const DECIDE_POLICY *pol, const DECIDE_MSG *msg,
			         VSTR *out)
{
    VSTR   *tmp = vstr_alloc(64);
    VERDICT_ACTION act = msg->action;
    int     i;

    /* The MTA usually passes "<addr>": log it once bracketed. */
    summary_mask_addr(pol, msg->sender ? msg->sender : "", tmp);
    if (vstr_len(tmp) >= 2 && tmp->buf[0] == '<' && tmp->buf[tmp->len - 1] == '>') {
	vstr_truncate(tmp, vstr_len(tmp) - 1);
	memmove(tmp->buf, tmp->buf + 1, tmp->len);
	tmp->len -= 1;
    }
    vstr_reset(out);
    summary_value(pol, msg->queue_id ? msg->queue_id : "NOQUEUE", out);
    vstr_sprintf_append(out, ": from=<%s> dir=%s(%s) client=", vstr_str(tmp),
			decide_dir_name(msg->dir), msg->dir_reason);
    summary_value(pol, msg->conn && msg->conn->client ? msg->conn->client :
		  "unknown", out);
    vstr_sprintf_append(out, " rcpts=%d accepted=%d rejected=%d tempfailed=%d",
			msg->rcpts, msg->accepted, msg->rejected, msg->tempfailed);
    if (msg->rule_count > 0) {
	vstr_cat(out, " [");
	for (i = 0; i < msg->rule_count; i++)
	    vstr_sprintf_append(out, "%s%s", i ? "," : "", msg->rules[i]);
	vstr_cat(out, msg->rules_dropped ? ",+]" : "]");
    }
    if (act == VERDICT_CONTINUE && msg->rcpts > 0 && msg->accepted == 0)
	act = msg->rcpt_worst;
    vstr_sprintf_append(out, " action=%s", verdict_action_name(act));
    if (pol->monitor || msg->would != VERDICT_CONTINUE)
	vstr_sprintf_append(out, " would=%s", verdict_action_name(msg->would));
    vstr_sprintf_append(out, " mode=%s", pol->monitor ? "monitor" : "enforce");
    vstr_free(tmp);
}
