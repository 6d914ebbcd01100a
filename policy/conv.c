/*++
/* NAME
/*	conv 3
/* SUMMARY
/*	Mon espace sante conversations: state record and state machine
/* SYNOPSIS
/*	#include "conv.h"
/*
/*	void	conv_config_init(cfg)
/*	CONV_CONFIG *cfg;
/*
/*	void	conv_state_init(st, status)
/*	CONV_STATE *st;
/*	CONV_STATUS status;
/*
/*	int	conv_outbound(cfg, state, facts, now, res)
/*	const CONV_CONFIG *cfg;
/*	const CONV_STATE *state;
/*	const CONV_OUT *facts;
/*	time_t	now;
/*	CONV_RESULT *res;
/*
/*	int	conv_inbound(cfg, state, facts, now, res)
/*	const CONV_CONFIG *cfg;
/*	const CONV_STATE *state;
/*	const CONV_IN *facts;
/*	time_t	now;
/*	CONV_RESULT *res;
/*
/*	int	conv_inbound_wait(rcpt)
/*	const CONV_RESULT *rcpt;
/*
/*	void	conv_inbound_eom(state, rcpt, report, res)
/*	const CONV_STATE *state;
/*	const CONV_RESULT *rcpt;
/*	int	report;
/*	CONV_RESULT *res;
/*
/*	int	conv_close(state, how, now, res)
/*	const CONV_STATE *state;
/*	CONV_HOW how;
/*	time_t	now;
/*	CONV_RESULT *res;
/*
/*	CONV_REPLAY_STATUS conv_replay(cfg, state, msg, res)
/*	const CONV_CONFIG *cfg;
/*	const CONV_STATE *state;
/*	const CONV_REPLAY *msg;
/*	CONV_RESULT *res;
/*
/*	size_t	conv_parties(sender, reply_to, count, out)
/*	const char *sender;
/*	const char *const *reply_to;
/*	size_t	count;
/*	const char **out;
/*
/*	int	conv_app_exception(cfg, addr)
/*	const CONV_CONFIG *cfg;
/*	const char *addr;
/*
/*	void	conv_detail(res, lang, out)
/*	const CONV_RESULT *res;
/*	VERDICT_LANG lang;
/*	VSTR	*out;
/*
/*	void	conv_events_str(events, out)
/*	int	events;
/*	VSTR	*out;
/*
/*	const char *conv_event_audit_name(bit)
/*	int	bit;
/*
/*	int	conv_state_equal(a, b)
/*	const CONV_STATE *a, *b;
/*
/*	const RULE_INFO *conv_rule_table(count)
/*	size_t	*count;
/*
/*	const RULE_INFO *conv_rule_find(id)
/*	const char *id;
/*
/*	const char *conv_near_mode_name(mode)
/*	CONV_NEAR_MODE mode;
/*
/*	int	conv_near_mode_parse(name, mode)
/*	const char *name;
/*	CONV_NEAR_MODE *mode;
/*
/*	const char *conv_check_name(check)
/*	CONV_CHECK check;
/*
/*	int	conv_check_parse(name, check)
/*	const char *name;
/*	CONV_CHECK *check;
/* DESCRIPTION
/*	A conversation is the exchange between one professional mailbox
/*	and one patient of Mon espace sante (doc/rules.md). Only a
/*	professional opens one; the patient may answer while it is open; a
/*	Subject exactly "[FIN]" or the header "X-MSS-MES: FIN" closes it.
/*	A pharmacy's ORG mailbox is the exception: the patient may write
/*	first, and a closing ends only that conversation. This module
/*	computes the transitions; the caller reads and writes the record
/*	(the directory mirror, ou=conversations) and edits the message.
/*	Nothing here does I/O.
/*
/*	Every transition is idempotent: applying the same message twice
/*	at the same time gives the state of applying it once, and "write"
/*	is then 0, so that a message replayed after a temporary failure
/*	writes the same values into the directory. A record whose status
/*	is CONV_UNAVAILABLE (the directory could not be read) is never
/*	taken for open or closed.
/*
/*	conv_config_init() sets the defaults: NearMissFin warn,
/*	ConversationCheck reject, no expiry, no AppMailboxReplies.
/*	conv_state_init() makes an empty record with the given status
/*	(CONV_ABSENT when the directory holds no entry; CONV_UNAVAILABLE
/*	after a directory error).
/*
/*	conv_outbound() applies a message professional -> patient. It
/*	closes when the Subject class is SUBJ_FIN or X-MSS-MES is exactly
/*	FIN, and otherwise opens (absent, closed or expired) or refreshes
/*	(open). The mailbox that owns the conversation is the one the
/*	patient answers: conv_parties() gives it. Then, in this order:
/* .IP "forced FIN"
/*	when facts->replies is CONV_REPLIES_DENY, or CONV_REPLIES_DEFAULT
/*	and the sender is an APP mailbox not in cfg->app_replies, the
/*	message gets "X-MSS-MES: FIN" (res->mes_edit: ADD, or CHANGE when
/*	an X-MSS-MES header with another value is present) and closes:
/*	a patient must not answer into an unattended mailbox.
/* .IP "near miss"
/*	a Subject or X-MSS-MES that shows a closing intent but would not
/*	close (subject(3) near-miss classes) sets CONV_EV_NEAR_MISS and
/*	rule conv.near_miss_fin, then follows cfg->near_miss: warn
/*	delivers, sets res->tag and keeps the conversation open; fix sets
/*	X-MSS-MES: FIN (the official equivalent) so that the intent is
/*	honoured and the conversation closes; reject refuses the message
/*	(res->action REJECT) and leaves the state as it was.
/* .PP
/*	conv_inbound() applies a message patient -> professional. It is
/*	accepted when the conversation is open (and refreshes it), or
/*	when facts->rcpt_pharmacy (then an absent or closed conversation
/*	is opened by the patient). Otherwise the rule is conv.not_opened
/*	(absent) or conv.closed (closed) and cfg->inbound decides: reject
/*	refuses, monitor delivers with res->would REJECT, off delivers
/*	without a rule. With cfg->expire, an open conversation silent for
/*	that many seconds is closed first, as "expired", at
/*	last_activity + expire (not at "now", so that a replay writes the
/*	same value).
/*
/*	Read receipts (README, "Conversations"): a professional may ask
/*	for one, and it comes from the patient's address when the patient
/*	opens the message, possibly after the professional's [FIN]. A
/*	real report (report(3): a delivery or disposition notification)
/*	from a patient is therefore accepted when the conversation exists,
/*	open or closed, and writes nothing. Whether a message is a report
/*	is known at end of message only, while conv_inbound() runs at
/*	RCPT TO. conv_inbound_wait() tells whether its refusal may wait
/*	for end of message: only conv.closed (the conversation exists);
/*	conv.not_opened (the mailbox never wrote to the patient) stays a
/*	refusal at RCPT TO, report or not. conv_inbound_eom() decides at
/*	end of message from the state read and conv_inbound()'s result
/*	rcpt: for anything but a report (report 0) it is rcpt, the held
/*	refusal included; for a report, the refusal conv.not_opened is
/*	kept and anything else is accepted with no event and no write (a
/*	read receipt neither reopens nor refreshes a conversation).
/* .PP
/*	conv_close() closes an open conversation by hand (an
/*	administrator, or software that closes automatically).
/*
/*	conv_replay() applies a message again when the state it was
/*	decided on changed before its write (another message, another
/*	MTA): a write is always conditional on the state it was computed
/*	from (convdir(3)), and on a conflict the caller reads the state
/*	again and asks here what to do with it, at the time of the first
/*	decision (msg->when). CONV_REPLAY_WRITE: write res->state, again
/*	conditional on state. CONV_REPLAY_NONE: the state already says
/*	what the message would write. CONV_REPLAY_REFUSED: a patient's
/*	message that the rules now refuse (the conversation was closed
/*	meanwhile, by a [FIN] or an expiry): it must neither be
/*	delivered, when that can still be decided, nor reopen the
/*	conversation (res->rule and res->action say how it is refused;
/*	under ConversationCheck monitor res->action is CONTINUE and the
/*	message goes on without a write). A professional's message is
/*	never refused by a state change: it opens, refreshes or closes
/*	from the new state. CONV_REPLAY_UNAVAILABLE: the state could not
/*	be read (On-DirectoryError).
/*
/*	conv_parties() gives the mailboxes that own the conversation of
/*	an outbound message: the MSSante Reply-To addresses when there
/*	are any (that is where the patient answers, and each becomes the
/*	patient's authorised contact), else the sender. The caller
/*	passes only Reply-To addresses of the trust space; out must have
/*	room for max(count, 1) pointers. Duplicates (case-insensitive)
/*	are dropped. The result is the count.
/*
/*	conv_app_exception() tells whether an address is listed in
/*	cfg->app_replies (an address, or "@domain" for a whole domain;
/*	ASCII case-insensitive).
/*
/*	conv_detail() writes the {detail} of the result's rule in the
/*	given language: US-ASCII, never an INS. conv_events_str() writes
/*	the event names separated by commas ("opened,closed"), or "none".
/*	conv_event_audit_name() gives the audit trail's name of event
/*	1<<bit ("conversation.open"...), or NULL past the last event.
/*
/*	conv_state_equal() compares two records field by field.
/*	conv_rule_table() and conv_rule_find() give the rules of this
/*	module; their rows live in the shared table of rule(3).
/*
/*	conv_near_mode_name() / _parse() ("warn", "fix", "reject") and
/*	conv_check_name() / _parse() ("reject", "monitor", "off") map the
/*	configuration values NearMissFin and ConversationCheck
/*	(case-insensitive).
/* DIAGNOSTICS
/*	conv_outbound(), conv_inbound() and conv_close() return
/*	CONV_DECIDED, or CONV_STATE_UNAVAILABLE when the state was
/*	CONV_UNAVAILABLE and the decision or the record depends on it:
/*	the caller then applies On-DirectoryError. res is still filled
/*	(rule dir.error, action TEMPFAIL, write 0, and for outbound mail
/*	the header edits and near-miss outcome, which do not depend on
/*	the state). Decisions that do not depend on the state are
/*	returned as CONV_DECIDED with write 0 even then: a near miss
/*	refused under NearMissFin=reject, inbound mail to a pharmacy and
/*	inbound mail with ConversationCheck off (the last two accepted,
/*	with CONV_EV_UNAVAILABLE).
/*
/*	conv_near_mode_parse() and conv_check_parse() return 0, or -1
/*	for an unknown name (then *mode or *check is unchanged).
/* SEE ALSO
/*	conv_store(3), record <-> directory values, conversation key
/*	subject(3), Subject and X-MSS-MES classes
/*--*/

#include <string.h>
#include <strings.h>

#include "vstr.h"
#include "nametab.h"
#include "verdict.h"
#include "subject.h"
#include "conv.h"
#include "conv_store.h"

/*
 * The rules' reply texts live in the shared table (rule.c), three
 * consecutive rows in this order: one source of truth.
 */
static const RULE_ID conv_rule_ids[] = {
    RULE_CONV_NOT_OPENED, RULE_CONV_CLOSED, RULE_CONV_NEAR_MISS_FIN,
};

#define CONV_RULE_COUNT	(sizeof(conv_rule_ids) / sizeof(conv_rule_ids[0]))

/* conv_config_init - defaults */

void    conv_config_init(CONV_CONFIG *cfg)
{
    cfg->near_miss = CONV_NEAR_WARN;
    cfg->inbound = CONV_CHECK_REJECT;
    cfg->expire = 0;
    cfg->app_replies = 0;
}

/* conv_state_init - an empty record */

void    conv_state_init(CONV_STATE *st, CONV_STATUS status)
{
    st->status = status;
    st->opened_at = 0;
    st->last_activity = 0;
    st->closed_at = 0;
    st->closed_how = CONV_HOW_NONE;
}

/* conv_result_init - nothing happened yet */

static void conv_result_init(CONV_RESULT *res, const CONV_STATE *in)
{
    res->events = 0;
    res->state = *in;
    res->write = 0;
    res->action = VERDICT_CONTINUE;
    res->would = VERDICT_CONTINUE;
    res->rule = 0;
    res->near = SUBJ_NONE;
    res->near_in_mes = 0;
    res->mes_edit = CONV_MES_KEEP;
    res->fin_reason = 0;
    res->tag = 0;
}

/* conv_state_equal - field by field */

int     conv_state_equal(const CONV_STATE *a, const CONV_STATE *b)
{
    return (a->status == b->status && a->opened_at == b->opened_at
	    && a->last_activity == b->last_activity
	    && a->closed_at == b->closed_at && a->closed_how == b->closed_how);
}

/* conv_expired - open, but silent for cfg->expire seconds? */

static int conv_expired(const CONV_CONFIG *cfg, const CONV_STATE *st,
			        time_t now)
{
    time_t  last = st->last_activity ? st->last_activity : st->opened_at;

    if (st->status != CONV_OPEN || cfg->expire <= 0 || last <= 0)
	return (0);
    return (now >= last && now - last >= cfg->expire);
}

/* conv_touch - record activity; time never goes backwards */

static void conv_touch(CONV_STATE *st, time_t now)
{
    if (now > st->last_activity)
	st->last_activity = now;
}

/* conv_open - start a new conversation */

static void conv_open(CONV_RESULT *res, time_t now)
{
    res->state.status = CONV_OPEN;
    res->state.opened_at = now;
    res->state.closed_at = 0;
    res->state.closed_how = CONV_HOW_NONE;
    res->events |= CONV_EV_OPENED;
}

/* conv_unavailable - the caller applies On-DirectoryError */

static int conv_unavailable(CONV_RESULT *res, const CONV_STATE *in)
{
    res->state = *in;
    res->write = 0;
    res->events |= CONV_EV_UNAVAILABLE;
    res->rule = rule_id(RULE_DIR_ERROR);
    res->action = res->would = VERDICT_TEMPFAIL;
    return (CONV_STATE_UNAVAILABLE);
}

/* conv_app_exception - is an address in AppMailboxReplies? */

int     conv_app_exception(const CONV_CONFIG *cfg, const char *addr)
{
    const char *const *cpp;
    const char *at;

    if (cfg->app_replies == 0 || addr == 0 || *addr == 0)
	return (0);
    at = strrchr(addr, '@');
    for (cpp = cfg->app_replies; *cpp; cpp++) {
	if (**cpp == '@' ? (at && strcasecmp(at, *cpp) == 0)
	    : strcasecmp(addr, *cpp) == 0)
	    return (1);
    }
    return (0);
}

/* conv_set_fin - the milter makes the message close the conversation */

static void conv_set_fin(CONV_RESULT *res, const CONV_OUT *facts,
			         const char *why)
{
    res->mes_edit = facts->has_mes ? CONV_MES_CHANGE : CONV_MES_ADD;
    res->fin_reason = why;
    res->events |= CONV_EV_FIN_SET;
}

/* conv_outbound - a message professional -> patient */

int     conv_outbound(const CONV_CONFIG *cfg, const CONV_STATE *in,
		              const CONV_OUT *facts, time_t now,
		              CONV_RESULT *res)
{
    int     closes;
    CONV_HOW how = CONV_HOW_NONE;
    int     force;
    int     expired;

    conv_result_init(res, in);

    /*
     * The closing intent, exact or near. An exact form anywhere closes,
     * so a near miss next to it changes nothing.
     */
    if (facts->subject == SUBJ_FIN)
	how = CONV_HOW_SUBJECT;
    else if (facts->has_mes && facts->mes == SUBJ_FIN)
	how = CONV_HOW_HEADER;
    closes = (how != CONV_HOW_NONE);
    if (!closes) {
	if (subject_is_near_miss(facts->subject)) {
	    res->near = facts->subject;
	} else if (facts->has_mes && subject_is_near_miss(facts->mes)) {
	    res->near = facts->mes;
	    res->near_in_mes = 1;
	}
	if (res->near != SUBJ_NONE) {
	    res->events |= CONV_EV_NEAR_MISS;
	    res->rule = rule_id(RULE_CONV_NEAR_MISS_FIN);
	}
    }

    /*
     * Replies the mailbox cannot take: the policy wins over the type
     * rule, and the exception list only relaxes the type rule.
     */
    force = (facts->replies == CONV_REPLIES_DENY
	     || (facts->replies == CONV_REPLIES_DEFAULT && facts->sender_app
		 && !conv_app_exception(cfg, facts->sender)));
    if (!closes && force) {
	conv_set_fin(res, facts, facts->replies == CONV_REPLIES_DENY ?
		     "no_replies" : "app_mailbox");
	closes = 1;
	how = CONV_HOW_HEADER;
    } else if (!closes && res->near != SUBJ_NONE) {
	switch (cfg->near_miss) {
	case CONV_NEAR_FIX:
	    conv_set_fin(res, facts, "near_miss_fix");
	    closes = 1;
	    how = CONV_HOW_HEADER;
	    break;
	case CONV_NEAR_REJECT:
	    /* Refused: nothing reaches the patient, nothing changes. */
	    res->events |= CONV_EV_REFUSED;
	    res->action = res->would = VERDICT_REJECT;
	    return (CONV_DECIDED);
	case CONV_NEAR_WARN:
	default:
	    res->tag = 1;
	    break;
	}
    }
    if (in->status == CONV_UNAVAILABLE || in->status >= CONV_STATUS_COUNT)
	return (conv_unavailable(res, in));

    expired = conv_expired(cfg, in, now);
    if (expired)
	res->events |= CONV_EV_EXPIRED;
    if (closes) {
	if (in->status != CONV_CLOSED) {
	    if (in->status != CONV_OPEN || expired)
		conv_open(res, now);
	    res->state.status = CONV_CLOSED;
	    res->state.closed_at = now;
	    res->state.closed_how = how;
	    res->events |= CONV_EV_CLOSED;
	}
    } else if (in->status == CONV_OPEN && !expired) {
	res->events |= CONV_EV_REFRESHED;
    } else {
	conv_open(res, now);
    }
    conv_touch(&res->state, now);
    res->write = !conv_state_equal(in, &res->state);
    return (CONV_DECIDED);
}

/* conv_inbound - a message patient -> professional */

int     conv_inbound(const CONV_CONFIG *cfg, const CONV_STATE *in,
		             const CONV_IN *facts, time_t now,
		             CONV_RESULT *res)
{
    int     expired;

    conv_result_init(res, in);
    if (in->status == CONV_UNAVAILABLE || in->status >= CONV_STATUS_COUNT) {
	/* Only the refusal depends on the state. */
	if (facts->rcpt_pharmacy || cfg->inbound == CONV_CHECK_OFF) {
	    res->events |= CONV_EV_UNAVAILABLE;
	    return (CONV_DECIDED);
	}
	return (conv_unavailable(res, in));
    }
    expired = conv_expired(cfg, in, now);
    if (facts->rcpt_pharmacy) {
	if (in->status == CONV_OPEN && !expired) {
	    res->events |= CONV_EV_REFRESHED;
	} else {
	    if (expired)
		res->events |= CONV_EV_EXPIRED;
	    conv_open(res, now);
	}
	conv_touch(&res->state, now);
	res->write = !conv_state_equal(in, &res->state);
	return (CONV_DECIDED);
    }
    if (expired) {
	res->state.status = CONV_CLOSED;
	res->state.closed_at = (in->last_activity ? in->last_activity :
				in->opened_at) + cfg->expire;
	res->state.closed_how = CONV_HOW_EXPIRED;
	res->events |= CONV_EV_EXPIRED | CONV_EV_CLOSED;
    } else if (in->status == CONV_OPEN) {
	res->events |= CONV_EV_REFRESHED;
	conv_touch(&res->state, now);
	res->write = !conv_state_equal(in, &res->state);
	return (CONV_DECIDED);
    }
    res->write = !conv_state_equal(in, &res->state);
    if (cfg->inbound == CONV_CHECK_OFF)
	return (CONV_DECIDED);
    res->rule = (res->state.status == CONV_ABSENT ?
		 rule_id(RULE_CONV_NOT_OPENED) : rule_id(RULE_CONV_CLOSED));
    res->events |= CONV_EV_REFUSED;
    res->would = VERDICT_REJECT;
    res->action = (cfg->inbound == CONV_CHECK_MONITOR ?
		   VERDICT_CONTINUE : VERDICT_REJECT);
    return (CONV_DECIDED);
}

/* conv_inbound_wait - may an inbound refusal wait for end of message? */

int     conv_inbound_wait(const CONV_RESULT *rcpt)
{
    /* The conversation exists: a read receipt for it may still come. */
    return (rcpt->rule != 0
	    && strcmp(rcpt->rule, rule_id(RULE_CONV_CLOSED)) == 0);
}

/* conv_inbound_eom - a patient's message, known to be a report or not */

void    conv_inbound_eom(const CONV_STATE *in, const CONV_RESULT *rcpt,
			         int report, CONV_RESULT *res)
{
    *res = *rcpt;
    if (!report)
	return;
    /* A mailbox that never wrote to this patient asked for no receipt. */
    if (rcpt->rule != 0
	&& strcmp(rcpt->rule, rule_id(RULE_CONV_NOT_OPENED)) == 0)
	return;
    conv_result_init(res, in);
}

/* conv_close - close an open conversation by hand */

int     conv_close(const CONV_STATE *in, CONV_HOW how, time_t now,
		           CONV_RESULT *res)
{
    conv_result_init(res, in);
    if (in->status == CONV_UNAVAILABLE || in->status >= CONV_STATUS_COUNT)
	return (conv_unavailable(res, in));
    if (in->status == CONV_OPEN) {
	res->state.status = CONV_CLOSED;
	res->state.closed_at = now;
	res->state.closed_how = (how == CONV_HOW_NONE || how >= CONV_HOW_COUNT) ?
	    CONV_HOW_MANUAL : how;
	res->events |= CONV_EV_CLOSED;
	res->write = 1;
    }
    return (CONV_DECIDED);
}

/* conv_replay - apply a message again to a state that changed */

CONV_REPLAY_STATUS conv_replay(const CONV_CONFIG *cfg, const CONV_STATE *in,
			               const CONV_REPLAY *msg, CONV_RESULT *res)
{
    int     ret;

    if (msg->outbound)
	ret = conv_outbound(cfg, in, &msg->out, msg->when, res);
    else
	ret = conv_inbound(cfg, in, &msg->in, msg->when, res);
    if (ret == CONV_STATE_UNAVAILABLE)
	return (CONV_REPLAY_UNAVAILABLE);
    /* Only the rules refuse: an expiry found now is written by no one. */
    if (!msg->outbound && res->rule != 0) {
	res->write = 0;
	return (CONV_REPLAY_REFUSED);
    }
    return (res->write ? CONV_REPLAY_WRITE : CONV_REPLAY_NONE);
}

/* conv_parties - the mailboxes the patient will answer */

size_t  conv_parties(const char *sender, const char *const *reply_to,
		             size_t count, const char **out)
{
    size_t  n = 0;
    size_t  i, j;

    for (i = 0; reply_to && i < count; i++) {
	if (reply_to[i] == 0 || *reply_to[i] == 0)
	    continue;
	for (j = 0; j < n && strcasecmp(out[j], reply_to[i]) != 0; j++)
	     /* void */ ;
	if (j == n)
	    out[n++] = reply_to[i];
    }
    if (n == 0 && sender && *sender)
	out[n++] = sender;
    return (n);
}

/* conv_day - YYYY-MM-DD HH:MM UTC of a time, for details */

static void conv_day(time_t t, VSTR *out)
{
    VSTR   *tmp = vstr_alloc(20);
    const char *s;

    if (conv_store_time_format(t, tmp) == 0) {
	s = vstr_str(tmp);
	vstr_sprintf_append(out, "%.4s-%.2s-%.2s %.2s:%.2s UTC",
			    s, s + 4, s + 6, s + 8, s + 10);
    }
    vstr_free(tmp);
}

/* conv_detail - the {detail} of the result's rule */

void    conv_detail(const CONV_RESULT *res, VERDICT_LANG lang, VSTR *out)
{
    static const char *const how_fr[CONV_HOW_COUNT] = {
	"", "par un objet [FIN]", "par l'en-tete X-MSS-MES: FIN",
	"faute d'echange pendant le delai configure", "par l'administrateur",
    };
    static const char *const how_en[CONV_HOW_COUNT] = {
	"", "by a [FIN] subject", "by the header X-MSS-MES: FIN",
	"after the configured time without exchange", "by the administrator",
    };
    const CONV_STATE *st = &res->state;
    int     fr = (lang != VERDICT_LANG_EN);

    vstr_reset(out);
    if (res->rule == 0)
	return;
    if (strcmp(res->rule, rule_id(RULE_CONV_NEAR_MISS_FIN)) == 0) {
	vstr_cat(out, !fr ? subject_class_text_en(res->near) :
		 res->near_in_mes ? subject_class_text_mes_fr(res->near) :
		 subject_class_text_fr(res->near));
    } else if (strcmp(res->rule, rule_id(RULE_CONV_CLOSED)) == 0) {
	vstr_cat(out, fr ? "conversation close" : "conversation closed");
	if (st->closed_at > 0) {
	    vstr_cat(out, fr ? " le " : " on ");
	    conv_day(st->closed_at, out);
	}
	if (st->closed_how > CONV_HOW_NONE && st->closed_how < CONV_HOW_COUNT)
	    vstr_sprintf_append(out, " %s", fr ? how_fr[st->closed_how] :
				how_en[st->closed_how]);
    } else if (strcmp(res->rule, rule_id(RULE_CONV_NOT_OPENED)) == 0) {
	vstr_cat(out, fr ? "aucune conversation ouverte par ce professionnel "
		 "avec ce patient" : "this professional opened no "
		 "conversation with this patient");
    } else if (strcmp(res->rule, rule_id(RULE_DIR_ERROR)) == 0) {
	vstr_cat(out, fr ? "etat de la conversation illisible dans l'annuaire"
		 : "conversation state unreadable in the directory");
    }
}

/* conv_events_str - "opened,closed" */

void    conv_events_str(int events, VSTR *out)
{
    static const char *const names[] = {
	"opened", "refreshed", "closed", "near_miss", "refused",
	"unavailable", "expired", "fin_set",
    };
    size_t  i;
    int     any = 0;

    vstr_reset(out);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
	if (events & (1 << i)) {
	    if (any++)
		vstr_addch(out, ',');
	    vstr_cat(out, names[i]);
	}
    }
    if (!any)
	vstr_cat(out, "none");
}

/* conv_event_audit_name - "conversation.open" for CONV_EV_OPENED... */

const char *conv_event_audit_name(int bit)
{
    static const char *const names[] = {
	"conversation.open", "conversation.refresh", "conversation.close",
	"conversation.near-miss", "conversation.refused",
	"conversation.unavailable", "conversation.expired",
	"conversation.fin-set",
    };

    if (bit < 0 || (size_t) bit >= sizeof(names) / sizeof(names[0]))
	return (0);
    return (names[bit]);
}

/* conv_rule_table - the rules of this module, in the shared table */

const RULE_INFO *conv_rule_table(size_t *count)
{
    const RULE_INFO *first = rule_get(conv_rule_ids[0]);
    size_t  i;

    /* The rows must be consecutive; anything else is a build mistake. */
    for (i = 0; first && i < CONV_RULE_COUNT; i++)
	if (strcmp(first[i].id, rule_id(conv_rule_ids[i])) != 0)
	    first = 0;
    *count = first ? CONV_RULE_COUNT : 0;
    return (first);
}

/* conv_rule_find - one rule of this module by id */

const RULE_INFO *conv_rule_find(const char *id)
{
    size_t  i;

    for (i = 0; id && i < CONV_RULE_COUNT; i++)
	if (strcmp(rule_id(conv_rule_ids[i]), id) == 0)
	    return (rule_get(conv_rule_ids[i]));
    return (0);
}

 /*
  * Configuration values.
  */
static const char *const conv_near_names[CONV_NEAR_MODE_COUNT] = {
    "warn", "fix", "reject",
};

static const char *const conv_check_names[CONV_CHECK_COUNT] = {
    "reject", "monitor", "off",
};

/* conv_near_mode_name - NearMissFin value */

const char *conv_near_mode_name(CONV_NEAR_MODE mode)
{
    return ((unsigned) mode < CONV_NEAR_MODE_COUNT ?
	    conv_near_names[mode] : "unknown");
}

/* conv_near_mode_parse - NearMissFin value */

int     conv_near_mode_parse(const char *name, CONV_NEAR_MODE *mode)
{
    int     i = nametab_find(conv_near_names, CONV_NEAR_MODE_COUNT, 0, name);

    if (i < 0)
	return (-1);
    *mode = (CONV_NEAR_MODE) i;
    return (0);
}

/* conv_check_name - ConversationCheck value */

const char *conv_check_name(CONV_CHECK check)
{
    return ((unsigned) check < CONV_CHECK_COUNT ?
	    conv_check_names[check] : "unknown");
}

/* conv_check_parse - ConversationCheck value */

int     conv_check_parse(const char *name, CONV_CHECK *check)
{
    int     i = nametab_find(conv_check_names, CONV_CHECK_COUNT, 0, name);

    if (i < 0)
	return (-1);
    *check = (CONV_CHECK) i;
    return (0);
}

