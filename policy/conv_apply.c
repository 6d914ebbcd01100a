/*++
/* NAME
/*	conv_apply 3
/* SUMMARY
/*	when the conversation rules apply, and in which mode
/* SYNOPSIS
/*	#include "conv_apply.h"
/*
/*	void	conv_apply_config(conf, s, cc)
/*	const CONV_APPLY_CONF *conf;
/*	const MBPOL_SETTINGS *s;
/*	CONV_CONFIG *cc;
/*
/*	int	conv_apply_rcpt(conf, sender, r)
/*	const ADDR *sender;
/*	const RCPT_FACTS *r;
/*
/*	int	conv_apply_pharmacy(s, dir_pharmacy)
/*
/*	int	conv_apply_hold(decided, report, may_report, res)
/*	const CONV_RESULT *res;
/*
/*	CONV_REPLIES conv_apply_replies(s)
/*
/*	int	conv_apply_app_listed(conf, sender)
/*
/*	void	conv_apply_eom(conf, sender, report_type, authors, nauthors,
/*				out)
/*	const char *const *authors;
/*	CONV_APPLY_EOM *out;
/*
/*	void	conv_apply_parties(conf, sender, reply_to, len, trust, out)
/*	const char *reply_to;
/*	const TRUST *trust;
/*	CONV_APPLY_PARTIES *out;
/*
/*	void	conv_apply_parties_free(out)
/*
/*	void	conv_apply_outcome_init(o)
/*	CONV_APPLY_OUTCOME *o;
/*
/*	int	conv_apply_outcome_add(o, decided, res, patient)
/*	const CONV_RESULT *res;
/*	const char *patient;
/*
/*	int	conv_apply_outcome_tag(o, out)
/*	VSTR	*out;
/* DESCRIPTION
/*	The conversation state machine (conv(3)) decides on one
/*	(patient, mailbox) pair; these functions decide, from the facts
/*	the daemon gathered (mlfi_conv(3) keeps the directory I/O), which
/*	pairs are checked and under which settings. conf holds the
/*	daemon's configuration keys; s, a recipient's per-mailbox
/*	settings (mbpol(3)), may be NULL.
/*
/*	conv_apply_config() gives the mode of one pair: NearMissFin,
/*	unless the settings set near_miss_fin; ConversationCheck;
/*	ConversationExpiry in seconds; AppMailboxReplies.
/*
/*	conv_apply_rcpt() tells whether RCPT TO checks the conversation:
/*	a parsed sender (NULL: not parsed) that is a patient, the null
/*	sender excepted (end of message judges it by its From), writing
/*	to a parsed recipient that is not one.
/*
/*	conv_apply_pharmacy() tells whether a patient may open the
/*	conversation with the recipient: its settings' patients_may_start
/*	when set, else the directory's pharmacy flag (dir_pharmacy: found
/*	and flagged).
/*
/*	conv_apply_hold() tells whether a conv.closed refusal waits for
/*	end of message: the state machine decided (decided is
/*	CONV_DECIDED), the message's nature is not known yet (report < 0)
/*	but it may prove a report (may_report), and conv_inbound_wait(3)
/*	says the result depends on it.
/*
/*	conv_apply_replies() gives the settings' patient_replies
/*	(CONV_REPLIES_DEFAULT without settings).
/*
/*	conv_apply_app_listed() tells whether AppMailboxes lists a
/*	sender ("local@domain"): the whole address, or "@domain".
/*
/*	conv_apply_eom() says what end of message checks, for a parsed
/*	sender (NULL: nothing): for the null sender of anything but a
/*	delivery report, the From patients (out->null_inbound, and
/*	out->null_report for a disposition notification); out->author is
/*	who opens and closes conversations outbound (reset first; left
/*	empty for none): a professional sender, or for the null sender of
/*	anything but a report its first From that is no patient.
/*
/*	conv_apply_parties() gives the mailboxes that own the
/*	conversation of an outbound message from sender: the Reply-To
/*	mailboxes (reply_to, len bytes, the values joined; NULL: none)
/*	whose domain is in the trust space and not the patients', else
/*	the sender (conv_parties(3)). conv_apply_parties_free() releases
/*	them.
/*
/*	An outbound message is decided over all its (patient, party)
/*	pairs: conv_apply_outcome_init() starts, conv_apply_outcome_add()
/*	adds the result of one pair (decided: conv_outbound(3)'s answer)
/*	and returns 1 when its new state is to be written once the
/*	message is accepted. The outcome keeps the patient of a state
/*	that could not be read (unavail_addr: On-DirectoryError), the
/*	first near miss (near_addr, near_res; act is VERDICT_REJECT
/*	under NearMissFin=reject, whatever the state) and the X-MSS-MES
/*	edit. conv_apply_outcome_tag() gives the value of the
/*	X-MSSante-Conversation header that NearMissFin=warn adds ("near-
/*	miss; rule=conv.near_miss_fin; class=...; action=warn"): 1, or 0
/*	when there is none.
/*--*/

#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "hdraddr.h"
#include "subject.h"
#include "conv_apply.h"

/* conv_apply_config - the mode of one (patient, mailbox) pair */

void    conv_apply_config(const CONV_APPLY_CONF *conf, const MBPOL_SETTINGS *s,
			          CONV_CONFIG *cc)
{
    conv_config_init(cc);
    cc->near_miss = (CONV_NEAR_MODE) conf->near_miss;
    if (s != 0 && s->near_miss_fin >= 0 && s->near_miss_fin < CONV_NEAR_MODE_COUNT)
	cc->near_miss = (CONV_NEAR_MODE) s->near_miss_fin;
    cc->inbound = (CONV_CHECK) conf->check;
    cc->expire = conf->expiry_ms / 1000;
    cc->app_replies = conf->app_replies;
}

/* conv_apply_rcpt - patient sender, professional recipient? */

int     conv_apply_rcpt(const CONV_APPLY_CONF *conf, const ADDR *sender,
			        const RCPT_FACTS *r)
{
    /*
     * Trusted or not (monitor mode, a per-mailbox "accept"), a patient
     * sender is a patient.
     */
    return (sender != 0 && !sender->null_sender
	    && rcpt_is_patient_domain(conf->patient_domain, sender->domain)
	    && rcpt_facts_ok(r) && !r->patient);
}

/* conv_apply_pharmacy - may a patient open the conversation? */

int     conv_apply_pharmacy(const MBPOL_SETTINGS *s, int dir_pharmacy)
{
    /* The mailbox's policy, when it says, overrides the pharmacy flag. */
    if (s != 0 && s->patients_may_start >= 0)
	return (s->patients_may_start);
    return (dir_pharmacy);
}

/* conv_apply_hold - does the refusal wait for end of message? */

int     conv_apply_hold(int decided, int report, int may_report,
			        const CONV_RESULT *res)
{
    return (decided == CONV_DECIDED && report < 0 && may_report
	    && conv_inbound_wait(res));
}

/* conv_apply_replies - patient_replies of the settings */

CONV_REPLIES conv_apply_replies(const MBPOL_SETTINGS *s)
{
    return (s ? s->patient_replies : CONV_REPLIES_DEFAULT);
}

/* conv_apply_app_listed - AppMailboxes lists this sender? */

int     conv_apply_app_listed(const CONV_APPLY_CONF *conf, const char *sender)
{
    const char *const *cpp;
    const char *at = strrchr(sender, '@');

    for (cpp = conf->app_mailboxes; cpp && *cpp; cpp++)
	if (**cpp == '@' ? (at && strcasecmp(at, *cpp) == 0)
	    : strcasecmp(sender, *cpp) == 0)
	    return (1);
    return (0);
}

/* conv_apply_eom - what end of message checks */

void    conv_apply_eom(const CONV_APPLY_CONF *conf, const ADDR *sender,
		               REPORT_TYPE report_type,
		               const char *const *authors, size_t nauthors,
		               CONV_APPLY_EOM *out)
{
    ADDR    a;
    size_t  i;

    out->null_inbound = out->null_report = 0;
    vstr_reset(out->author);
    if (sender == 0)
	return;
    if (sender->null_sender && report_type == REPORT_DSN) {
	/* Its From is a mailer, not the patient (README, "Conversations"). */
    } else if (sender->null_sender) {
	out->null_inbound = 1;
	out->null_report = (report_type == REPORT_MDN);
	for (i = 0; i < nauthors && vstr_len(out->author) == 0
	     && report_type == REPORT_NONE; i++)
	    if (addr_parse(authors[i], strlen(authors[i]), &a) == ADDR_OK
		&& !a.null_sender
		&& !rcpt_is_patient_domain(conf->patient_domain, a.domain))
		rcpt_bare(&a, out->author);
    } else if (!rcpt_is_patient_domain(conf->patient_domain, sender->domain)) {
	rcpt_bare(sender, out->author);
    }
}

/* conv_apply_parties - the mailboxes that own an outbound conversation */

void    conv_apply_parties(const CONV_APPLY_CONF *conf, const char *sender,
			           const char *reply_to, size_t len,
			           const TRUST *trust, CONV_APPLY_PARTIES *out)
{
    HDRADDR_LIST *rt = hdraddr_list_create();
    VSTR   *tmp = vstr_alloc(64);
    size_t  i;

    memset(out, 0, sizeof(*out));
    if (reply_to != 0 && hdraddr_parse(reply_to, len, rt) == HDRADDR_OK) {
	out->rt = mycalloc(rt->count + 1, sizeof(char *));
	for (i = 0; i < rt->count; i++) {
	    if (trust == 0 || !trust_contains(trust, rt->addr[i].domain)
		|| rcpt_is_patient_domain(conf->patient_domain,
					  rt->addr[i].domain))
		continue;
	    vstr_sprintf(tmp, "%s@%s", rt->addr[i].local, rt->addr[i].domain);
	    out->rt[out->nrt++] = mystrdup(vstr_str(tmp));
	}
    }
    out->parties = mycalloc(out->nrt + 1, sizeof(char *));
    out->count = conv_parties(sender, (const char *const *) out->rt, out->nrt,
			      out->parties);
    vstr_free(tmp);
    hdraddr_list_free(rt);
}

/* conv_apply_parties_free - release */

void    conv_apply_parties_free(CONV_APPLY_PARTIES *out)
{
    size_t  i;

    for (i = 0; i < out->nrt; i++)
	myfree(out->rt[i]);
    if (out->rt)
	myfree(out->rt);
    if (out->parties)
	myfree(out->parties);
    memset(out, 0, sizeof(*out));
}

/* conv_apply_outcome_init - no pair yet */

void    conv_apply_outcome_init(CONV_APPLY_OUTCOME *o)
{
    memset(o, 0, sizeof(*o));
    o->act = VERDICT_CONTINUE;
    o->edit = CONV_MES_KEEP;
}

/* conv_apply_outcome_add - one pair's result; 1: write its state */

int     conv_apply_outcome_add(CONV_APPLY_OUTCOME *o, int decided,
			               const CONV_RESULT *res, const char *patient)
{
    int     write = 0;

    if (decided == CONV_STATE_UNAVAILABLE) {
	o->unavail_addr = patient;
    } else if (res->action == VERDICT_REJECT) {
	/* NearMissFin=reject: refused whatever the state. */
	o->near_res = *res;
	o->near_addr = patient;
	o->act = VERDICT_REJECT;
    } else if (res->write) {
	write = 1;
    }
    if (res->mes_edit != CONV_MES_KEEP)
	o->edit = res->mes_edit;
    if (res->events & CONV_EV_NEAR_MISS && o->near_addr == 0) {
	o->near_res = *res;
	o->near_addr = patient;
    }
    return (write);
}

/* conv_apply_outcome_tag - NearMissFin=warn: the header that says so */

int     conv_apply_outcome_tag(const CONV_APPLY_OUTCOME *o, VSTR *out)
{
    if (o->near_addr == 0 || !o->near_res.tag)
	return (0);
    vstr_sprintf(out, "near-miss; rule=%s; class=%s; action=warn",
		 rule_id(RULE_CONV_NEAR_MISS_FIN),
		 subject_class_name(o->near_res.near));
    return (1);
}
