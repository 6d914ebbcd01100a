/*++
/* NAME
/*	smfiw 3
/* SUMMARY
/*	thin wrapper around the libmilter calls of the callbacks
/* SYNOPSIS
/*	#include "smfiw.h"
/*
/*	const char *smfiw_macro(ctx, name)
/*	SMFICTX	*ctx;
/*	const char *name;
/*
/*	sfsistat smfiw_apply(ctx, v)
/*	SMFICTX	*ctx;
/*	const VERDICT *v;
/*
/*	void	smfiw_escape(text, out)
/*	const char *text;
/*	VSTR	*out;
/*
/*	int	smfiw_insheader(ctx, index, name, value)
/*	SMFICTX	*ctx;
/*	int	index;
/*	const char *name;
/*	const char *value;
/*
/*	int	smfiw_delheader(ctx, name, index)
/*	SMFICTX	*ctx;
/*	const char *name;
/*	int	index;
/*
/*	void	smfiw_setpriv(ctx, data)
/*	void	*smfiw_getpriv(ctx)
/*	SMFICTX	*ctx;
/*	void	*data;
/*
/*	void	smfiw_symlist(ctx)
/*	SMFICTX	*ctx;
/* DESCRIPTION
/*	Every libmilter call of the callbacks goes through this module,
/*	so that the callback logic reads as "facts in, verdict out" and
/*	the protocol details live in one place.
/*
/*	smfiw_macro() returns a macro's value, or NULL when the MTA did
/*	not send it or sent it empty.
/*
/*	smfiw_apply() turns a verdict into the callback's return value.
/*	When the verdict carries a reply (codes and text), it is set with
/*	smfi_setreply(), with "%" doubled because libmilter hands the text
/*	to the MTA as a format. VERDICT_QUARANTINE holds the message in
/*	the MTA's queue (end of message only) and continues. If the MTA
/*	refuses the reply (a code that does not match the action), the
/*	action is applied with the MTA's default text and a warning is
/*	logged.
/*
/*	smfiw_escape() replaces the contents of out with text, "%" doubled.
/*
/*	smfiw_insheader() inserts a header at a position (0: first),
/*	every INS-shaped token of its value cut (insmask(3): "253..."):
/*	no header the milter adds carries an INS in clear;
/*	smfiw_delheader() deletes the index-th (1-based) header of that
/*	name. Both return 0 or -1 (and log).
/*
/*	smfiw_setpriv() and smfiw_getpriv() keep the per-connection data.
/*
/*	smfiw_symlist() asks the MTA (at option negotiation) for the
/*	macros the rules need at each stage, so that the MTA's default
/*	macro lists are enough. Postfix honours such requests; an MTA
/*	that does not simply sends its configured lists.
/* DIAGNOSTICS
/*	libmilter failures are logged with msg_warn().
/*--*/

#include <string.h>

#include "mymalloc.h"
#include "msg.h"
#include "insmask.h"
#include "metrics.h"
#include "smfiw.h"

/* smfiw_macro - macro value, NULL when absent or empty */

const char *smfiw_macro(SMFICTX *ctx, const char *name)
{
    const char *val = smfi_getsymval(ctx, (char *) name);

    return (val != 0 && *val != 0 ? val : 0);
}

/* smfiw_escape - double every % */

void    smfiw_escape(const char *text, VSTR *out)
{
    const char *cp;

    vstr_reset(out);
    for (cp = text; *cp; cp++) {
	if (*cp == '%')
	    vstr_addch(out, '%');
	vstr_addch(out, *cp);
    }
}

/* smfiw_status - action to libmilter status */

static sfsistat smfiw_status(VERDICT_ACTION action)
{
    switch (action) {
    case VERDICT_ACCEPT:
	return (SMFIS_ACCEPT);
    case VERDICT_REJECT:
	return (SMFIS_REJECT);
    case VERDICT_TEMPFAIL:
	return (SMFIS_TEMPFAIL);
    case VERDICT_DISCARD:
	return (SMFIS_DISCARD);
    default:
	return (SMFIS_CONTINUE);
    }
}

/* smfiw_apply - verdict to reply and status */

sfsistat smfiw_apply(SMFICTX *ctx, const VERDICT *v)
{
    VSTR   *text;

    metrics_count_reply(v);
    if (v->action == VERDICT_QUARANTINE) {
	if (smfi_quarantine(ctx, (char *) (v->rule ? v->rule : "mssante-milter"))
	    != MI_SUCCESS)
	    msg_warn("smfiw_apply: smfi_quarantine failed");
	return (SMFIS_CONTINUE);
    }
    if ((v->action == VERDICT_REJECT || v->action == VERDICT_TEMPFAIL)
	&& v->rcode[0] != 0) {
	text = vstr_alloc(128);
	smfiw_escape(v->text ? vstr_str(v->text) : "", text);
	if (smfi_setreply(ctx, (char *) v->rcode,
			  v->xcode[0] ? (char *) v->xcode : (char *) 0,
			  vstr_len(text) ? vstr_str(text) : (char *) 0)
	    != MI_SUCCESS)
	    msg_warn("smfiw_apply: smfi_setreply %s %s refused for rule %s",
		     v->rcode, v->xcode, v->rule ? v->rule : "none");
	vstr_free(text);
    }
    return (smfiw_status(v->action));
}

/* smfiw_insheader - insert a header */

int     smfiw_insheader(SMFICTX *ctx, int index, const char *name,
			        const char *value)
{
    VSTR   *clean = vstr_alloc(strlen(value) + 1);
    int     ret = 0;

    /* Last line of defence: no INS in clear in a header the milter adds. */
    (void) insmask_scrub(0, value, strlen(value), insmask_cut, 0, clean);
    if (smfi_insheader(ctx, index, (char *) name, vstr_str(clean)) != MI_SUCCESS) {
	msg_warn("smfiw_insheader: cannot insert %s", name);
	ret = -1;
    }
    vstr_free(clean);
    return (ret);
}

/* smfiw_delheader - delete one occurrence of a header */

int     smfiw_delheader(SMFICTX *ctx, const char *name, int index)
{
    if (smfi_chgheader(ctx, (char *) name, index, (char *) 0) != MI_SUCCESS) {
	msg_warn("smfiw_delheader: cannot delete %s #%d", name, index);
	return (-1);
    }
    return (0);
}

/* smfiw_setpriv - attach per-connection data */

void    smfiw_setpriv(SMFICTX *ctx, void *data)
{
    (void) smfi_setpriv(ctx, data);
}

/* smfiw_getpriv - per-connection data */

void   *smfiw_getpriv(SMFICTX *ctx)
{
    return (smfi_getpriv(ctx));
}

/* smfiw_symlist - request the macros each stage needs */

void    smfiw_symlist(SMFICTX *ctx)
{
    static const struct {
	int     stage;
	const char *macros;
    }       lists[] = {
	{SMFIM_CONNECT, "j {daemon_name} {daemon_addr} {client_addr} {client_name}"},
	{SMFIM_HELO, "{tls_version} {cipher} {cipher_bits} {cert_subject} {cert_issuer} {verify}"},
	{SMFIM_ENVFROM, "i {auth_type} {auth_authen} {auth_author} {mail_addr}"},
	{SMFIM_ENVRCPT, "i {rcpt_addr}"},
	{SMFIM_EOH, "i"},
	{SMFIM_EOM, "i"},
    };
    size_t  i;

    for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
	if (smfi_setsymlist(ctx, lists[i].stage, (char *) lists[i].macros)
	    != MI_SUCCESS)
	    msg_warn("smfiw_symlist: cannot request macros for stage %d",
		     lists[i].stage);
}
