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
/*	summary_mask_addr() replaces the contents of out with an address
/*	that is safe to log: a patient's INS (the local part of an address
/*	in pol->patient_domain) is cut to its first 3 characters and "...",
/*	control and 8-bit bytes become "?", and an address longer than 256
/*	bytes is cut with a visible "[...]".
/* DIAGNOSTICS
/*	None.
/*--*/

#include <string.h>
#include <strings.h>

#include "vstr.h"
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

/* summary_mask_addr - address safe for the log */

void    summary_mask_addr(const DECIDE_POLICY *pol, const char *addr, VSTR *out)
{
    const char *at;
    const char *cp;
    const char *end;
    size_t  plen;
    int     bracket;

    vstr_reset(out);
    if (addr == 0)
	return;
    end = addr + strlen(addr);
    at = strrchr(addr, '@');
    bracket = (*addr == '<');
    plen = pol->patient_domain ? strlen(pol->patient_domain) : 0;
    if (at != 0 && plen > 0) {
	size_t  dlen = (size_t) (end - at - 1);

	if (dlen > 0 && at[dlen] == '>')
	    dlen--;
	if (dlen == plen && strncasecmp(at + 1, pol->patient_domain, plen) == 0) {
	    const char *local = addr + bracket;
	    size_t  keep = (size_t) (at - local) < 3 ? (size_t) (at - local) : 3;

	    vstr_ncat(out, addr, (size_t) bracket + keep);
	    vstr_cat(out, "...");
	    addr = at;
	}
    }
    for (cp = addr; *cp; cp++) {
	unsigned char c = (unsigned char) *cp;

	if (vstr_len(out) >= SUMMARY_ADDR_MAX) {
	    vstr_cat(out, "[...]");
	    break;
	}
	vstr_addch(out, (c < 0x20 || c >= 0x7f) ? '?' : c);
    }
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
    vstr_sprintf(out, "%s: from=<%s> dir=%s(%s) client=%s rcpts=%d "
		 "accepted=%d rejected=%d tempfailed=%d",
		 msg->queue_id ? msg->queue_id : "NOQUEUE", vstr_str(tmp),
		 decide_dir_name(msg->dir), msg->dir_reason,
		 msg->conn && msg->conn->client ? msg->conn->client : "unknown",
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
