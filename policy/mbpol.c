/*++
/* NAME
/*	mbpol 3
/* SUMMARY
/*	per-mailbox policy: settings, selection, rule actions
/* SYNOPSIS
/*	#include "mbpol.h"
/*
/*	void	mbpol_settings_init(s)
/*	MBPOL_SETTINGS *s;
/*
/*	void	mbpol_settings_free(s)
/*	MBPOL_SETTINGS *s;
/*
/*	int	mbpol_settings_rule(s, id, action)
/*	MBPOL_SETTINGS *s;
/*	const char *id;
/*	MBPOL_ACTION action;
/*
/*	MBPOL_ACTION mbpol_rule_action(s, id, origin)
/*	const MBPOL_SETTINGS *s;
/*	const char *id;
/*	int	*origin;
/*
/*	MBPOL_ACTION mbpol_effective_action(s, id, origin)
/*	const MBPOL_SETTINGS *s;
/*	const char *id;
/*	int	*origin;
/*
/*	const char *mbpol_rule_known(id)
/*	const char *id;
/*
/*	size_t	mbpol_rule_ids(ids, max)
/*	const char **ids;
/*	size_t	max;
/*
/*	MBPOL_ACTION mbpol_builtin_action(id)
/*	const char *id;
/*
/*	MBPOL_ACTION mbpol_message_action(all, count, id, monitor)
/*	const MBPOL_SETTINGS *const *all;
/*	size_t	count;
/*	const char *id;
/*	int	*monitor;
/*
/*	VERDICT_ACTION mbpol_action_verdict(action)
/*	MBPOL_ACTION action;
/*
/*	int	mbpol_peer_allowed(peers, addr, is_patient)
/*	const MBPOL_PEERS *peers;
/*	const char *addr;
/*	int	is_patient;
/*
/*	int	mbpol_reply_to_allowed(s, addr)
/*	const MBPOL_SETTINGS *s;
/*	const char *addr;
/*
/*	const MBPOL_SETTINGS *mbpol_select(pol, query, match)
/*	const MBPOL *pol;
/*	const MBPOL_QUERY *query;
/*	MBPOL_MATCH *match;
/*
/*	size_t	mbpol_selector_count(pol)
/*	const MBPOL *pol;
/*
/*	int	mbpol_restricts_peers(pol, outbound)
/*	const MBPOL *pol;
/*	int	outbound;
/*
/*	void	mbpol_free(pol)
/*	MBPOL	*pol;
/*
/*	const char *mbpol_action_name(action)
/*	int	mbpol_action_parse(name, action)
/*	const char *mbpol_type_name(type)
/*	int	mbpol_type_parse(name, type)
/*	const char *mbpol_dir_name(dir)
/*	const char *mbpol_level_name(level)
/*	const char *mbpol_field_name(field)
/*
/*	const RULE_INFO *mbpol_rule_table(count)
/*	size_t	*count;
/*
/*	const RULE_INFO *mbpol_rule_find(id)
/*	const char *id;
/* DESCRIPTION
/*	IT teams plug hospital software into applicative (APP) mailboxes
/*	and services into organisational (ORG) ones, and need rules per
/*	mailbox. A policy file (mbpol_parse(3)) lists selectors, each
/*	with settings; the daemon's configuration keys are the base, a
/*	"default" section overrides them for every message, and the most
/*	specific selector that matches a message overrides both. This
/*	module selects and answers questions; it does no I/O.
/*
/*	mbpol_settings_init() fills settings with the built-in values:
/*	enforce, anybody may write and be written to, nothing required,
/*	patient replies by the APP type rule, pharmacy from the
/*	directory, NearMissFin from the configuration, no size or
/*	recipient limit, Reply-To allowed anywhere, no rule action, every
/*	origin MBPOL_FROM_CONFIG. The daemon then sets what its
/*	configuration says (Mode monitor, PeerCertificate monitor...) and
/*	mbpol_settings_rule() records one rule's action (a known rule id
/*	only). mbpol_settings_free() releases what those calls allocated.
/*
/*	mbpol_rule_action() gives the action set for a rule and where it
/*	was set (*origin, may be NULL), or MBPOL_ACT_UNSET.
/*	mbpol_effective_action() is what the daemon applies: the action
/*	set, else the rule's built-in default (mbpol_builtin_action()),
/*	and under mode monitor a reject or tempfail becomes monitor.
/*
/*	mbpol_rule_known() returns the static id of a rule of any rule
/*	table (rule(3), docrules(3), conv(3), this module), or NULL.
/*	mbpol_rule_ids() stores up to "max" known ids in table order and
/*	returns their count (MBPOL_RULE_IDS_MAX is room for all).
/*	mbpol_builtin_action() gives a rule's default action: the
/*	docrules(3) default for doc.* (off becomes accept, quarantine
/*	warn), else the rules table's (rule(3)): reject for the trust,
/*	address, INS, conversation and this module's rules, tempfail for
/*	dir.error, internal.error and audit.error, warn for
/*	conv.near_miss_fin, reject for doc.unanalysed (decided by
/*	DocumentRules; reject is its default towards a patient).
/*	mbpol_message_action() is the action of a rule that applies to a
/*	whole message over the settings of its accepted recipients (all,
/*	count of them): the strictest any of them sets, in the order
/*	reject, tempfail, unset (the stage's default applies), monitor,
/*	warn, accept, so that neither the order of the recipients nor a
/*	lenient mailbox relaxes a rule another mailbox enforces; with
/*	*monitor (may be NULL) set to 1 when every one is in monitor
/*	mode, 0 otherwise.
/*	mbpol_action_verdict() maps an action to the verdict(3) action:
/*	reject and tempfail refuse, the others continue.
/*
/*	mbpol_peer_allowed() tells whether an address is an allowed
/*	correspondent: any when the class is not restricted, else a
/*	patient when "patients", another address when "professionals"
/*	(the trust space is checked elsewhere), or a listed address or
/*	domain. mbpol_reply_to_allowed() tells whether a Reply-To may
/*	redirect answers to an address. Comparisons are ASCII
/*	case-insensitive; a domain matches exactly, never its subdomains
/*	(as in the ANS whitelist).
/*
/*	mbpol_select() finds the settings for a message. A selector
/*	applies when every condition it states holds. Among those, the
/*	lowest level wins (MBPOL_LEVEL: address, type+domain, domain,
/*	type, direction), then the first in the file; when none applies,
/*	the "default" section (with the configuration under it). "match"
/*	(may be NULL) says which one and at what level.
/*
/*	mbpol_restricts_peers() tells whether any settings of the
/*	policy (its default or a selector's) restrict allowed_recipients
/*	(outbound) or allowed_senders.
/*
/*	The _name() functions give the names of the policy file (action
/*	"accept"... "monitor", "default" for UNSET; type "PER"...,
/*	"none"; "inbound"/"outbound"; level "address", "type+domain",
/*	"domain", "type", "direction", "default"; field: the member
/*	name). mbpol_action_parse() and mbpol_type_parse() read them,
/*	case-insensitive, UNSET and NONE excepted.
/*
/*	mbpol_rule_table() and mbpol_rule_find() give the rules of this
/*	module: the mbpol.* block of the shared table of rule(3).
/* DIAGNOSTICS
/*	mbpol_settings_rule() and the _parse() functions return 0, or -1
/*	for an unknown id or name (nothing changed).
/* SEE ALSO
/*	mbpol_parse(3), the policy file; mbpol_explain(3)
/*--*/

#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "vstr.h"
#include "verdict.h"
#include "docrules.h"
#include "conv.h"
#include "mbpol.h"
#include "mbpol_impl.h"


static const char *const mbpol_action_names[MBPOL_ACTION_COUNT] = {
    "default", "accept", "warn", "reject", "tempfail", "monitor",
};

static const char *const mbpol_type_names[MBPOL_TYPE_COUNT] = {
    "none", "PER", "ORG", "APP", "CAB",
};

static const char *const mbpol_dir_names[MBPOL_DIR_COUNT] = {
    "inbound", "outbound",
};

static const char *const mbpol_level_names[MBPOL_LEVEL_COUNT] = {
    "address", "type+domain", "domain", "type", "direction", "default",
};

static const char *const mbpol_field_names[MBPOL_F_COUNT] = {
    "mode", "allowed_recipients", "allowed_senders", "require_category",
    "require_nil", "patient_replies", "patients_may_start",
    "near_miss_fin", "max_size", "max_recipients", "reply_to",
};

/* mbpol_settings_init - built-in values */

void    mbpol_settings_init(MBPOL_SETTINGS *s)
{
    int     i;

    memset(s, 0, sizeof(*s));
    s->patient_replies = CONV_REPLIES_DEFAULT;
    s->patients_may_start = -1;
    s->near_miss_fin = -1;
    s->reply_to.allowed = 1;
    for (i = 0; i < MBPOL_F_COUNT; i++)
	s->origin[i] = MBPOL_FROM_CONFIG;
}

/* mbpol_list_free - a list the caller built with mymalloc() */

static void mbpol_list_free(MBPOL_LIST *l)
{
    size_t  i;

    for (i = 0; i < l->count; i++)
	myfree(l->items[i]);
    if (l->items)
	myfree(l->items);
    l->items = 0;
    l->count = 0;
}

/* mbpol_settings_free - release the caller's base settings */

void    mbpol_settings_free(MBPOL_SETTINGS *s)
{
    if (s->rules)
	myfree(s->rules);
    s->rules = 0;
    s->rule_count = 0;
    mbpol_list_free(&s->recipients.domains);
    mbpol_list_free(&s->recipients.addresses);
    mbpol_list_free(&s->senders.domains);
    mbpol_list_free(&s->senders.addresses);
    mbpol_list_free(&s->reply_to.domains);
    mbpol_list_free(&s->reply_to.addresses);
}

/* mbpol_rule_known - static id of a rule of any table */

const char *mbpol_rule_known(const char *id)
{
    const RULE_INFO *ri;
    const DOCRULES_INFO *di;

    if (id == 0)
	return (0);
    if ((ri = rule_find(id)) != 0 || (ri = conv_rule_find(id)) != 0
	|| (ri = mbpol_rule_find(id)) != 0)
	return (ri->id);
    if ((di = docrules_find(id, 0)) != 0)
	return (di->id);
    return (0);
}

/* mbpol_rule_ids - every known rule id, in table order */

size_t  mbpol_rule_ids(const char **out, size_t max)
{
    const RULE_INFO *t;
    const char *id;
    size_t  n = 0, count, i, j;
    int     table;

    /* The shared table may come to hold the conv and mbpol rules too. */
    for (table = 0; table < 4; table++) {
	count = DOCRULES_RULE_COUNT;
	t = (table == 0 ? rule_table(&count) : table == 2 ?
	     conv_rule_table(&count) : table == 3 ?
	     mbpol_rule_table(&count) : 0);
	for (i = 0; i < count && n < max; i++) {
	    id = t ? t[i].id : docrules_info((DOCRULES_RULE) i)->id;
	    for (j = 0; j < n && strcmp(out[j], id) != 0; j++)
		 /* void */ ;
	    if (j == n)
		out[n++] = id;
	}
    }
    return (n);
}

/* mbpol_settings_rule - record a rule action in the caller's base */

int     mbpol_settings_rule(MBPOL_SETTINGS *s, const char *id,
			            MBPOL_ACTION action)
{
    const char *known = mbpol_rule_known(id);
    size_t  i;

    if (known == 0 || action <= MBPOL_ACT_UNSET || action >= MBPOL_ACTION_COUNT)
	return (-1);
    for (i = 0; i < s->rule_count; i++) {
	if (s->rules[i].id == known) {
	    s->rules[i].action = action;
	    s->rules[i].origin = MBPOL_FROM_CONFIG;
	    return (0);
	}
    }
    s->rules = myrealloc(s->rules, (s->rule_count + 1) * sizeof(*s->rules));
    s->rules[s->rule_count].id = known;
    s->rules[s->rule_count].action = action;
    s->rules[s->rule_count].origin = MBPOL_FROM_CONFIG;
    s->rule_count++;
    return (0);
}

/* mbpol_rule_action - the action set for a rule, if any */

MBPOL_ACTION mbpol_rule_action(const MBPOL_SETTINGS *s, const char *id,
			               int *origin)
{
    size_t  i;

    for (i = 0; id && i < s->rule_count; i++) {
	if (strcmp(s->rules[i].id, id) == 0) {
	    if (origin)
		*origin = s->rules[i].origin;
	    return (s->rules[i].action);
	}
    }
    if (origin)
	*origin = MBPOL_FROM_CONFIG;
    return (MBPOL_ACT_UNSET);
}

/* mbpol_builtin_action - a rule's default action */

MBPOL_ACTION mbpol_builtin_action(const char *id)
{
    const DOCRULES_INFO *di;
    const RULE_INFO *ri;

    if (id == 0)
	return (MBPOL_ACT_UNSET);
    if ((di = docrules_find(id, 0)) != 0) {
	switch (di->default_action) {
	case DOCRULES_OFF:
	    return (MBPOL_ACT_ACCEPT);
	case DOCRULES_TEMPFAIL:
	    return (MBPOL_ACT_TEMPFAIL);
	case DOCRULES_REJECT:
	    return (MBPOL_ACT_REJECT);
	default:
	    return (MBPOL_ACT_WARN);
	}
    }
    if ((ri = rule_find(id)) == 0)
	return (MBPOL_ACT_UNSET);
    /*
     * The table's default (rule_table.h): audit.error tempfails like the
     * other errors. A rule decided by its key (doc.unanalysed) is taken at
     * its patient default, reject (mssante-milter.conf(5) DocumentRules).
     */
    switch (ri->dflt) {
    case RULE_DEF_TEMPFAIL:
	return (MBPOL_ACT_TEMPFAIL);
    case RULE_DEF_WARN:
	return (MBPOL_ACT_WARN);
    default:
	return (MBPOL_ACT_REJECT);
    }
}

/* mbpol_message_action - strictest over the recipients' settings */

MBPOL_ACTION mbpol_message_action(const MBPOL_SETTINGS *const *all, size_t count,
				          const char *id, int *monitor)
{
    /* Rank by strictness, indexed by MBPOL_ACTION. */
    static const int rank[MBPOL_ACTION_COUNT] = {
	[MBPOL_ACT_UNSET] = 3, [MBPOL_ACT_ACCEPT] = 0, [MBPOL_ACT_WARN] = 1,
	[MBPOL_ACT_REJECT] = 5, [MBPOL_ACT_TEMPFAIL] = 4, [MBPOL_ACT_MONITOR] = 2,
    };
    MBPOL_ACTION best = MBPOL_ACT_ACCEPT, act;
    int     all_monitor = (count > 0);
    size_t  i;

    for (i = 0; i < count; i++) {
	act = mbpol_rule_action(all[i], id, (int *) 0);
	if ((unsigned) act < MBPOL_ACTION_COUNT && rank[act] > rank[best])
	    best = act;
	if (!all[i]->monitor)
	    all_monitor = 0;
    }
    if (monitor)
	*monitor = all_monitor;
    return (count > 0 ? best : MBPOL_ACT_UNSET);
}

/* mbpol_effective_action - what the daemon applies for a rule */

MBPOL_ACTION mbpol_effective_action(const MBPOL_SETTINGS *s, const char *id,
				            int *origin)
{
    MBPOL_ACTION act = mbpol_rule_action(s, id, origin);

    if (act == MBPOL_ACT_UNSET)
	act = mbpol_builtin_action(id);
    if (s->monitor && (act == MBPOL_ACT_REJECT || act == MBPOL_ACT_TEMPFAIL)) {
	if (origin)
	    *origin = s->origin[MBPOL_F_MODE];
	act = MBPOL_ACT_MONITOR;
    }
    return (act);
}

/* mbpol_action_verdict - policy action -> verdict action */

VERDICT_ACTION mbpol_action_verdict(MBPOL_ACTION action)
{
    switch (action) {
    case MBPOL_ACT_REJECT:
	return (VERDICT_REJECT);
    case MBPOL_ACT_TEMPFAIL:
	return (VERDICT_TEMPFAIL);
    default:
	return (VERDICT_CONTINUE);
    }
}

/* mbpol_domain_of - the domain of "local@domain", or "" */

const char *mbpol_domain_of(const char *addr)
{
    const char *at = addr ? strrchr(addr, '@') : 0;

    return (at ? at + 1 : "");
}

/* mbpol_list_has - case-insensitive membership */

int     mbpol_list_has(const MBPOL_LIST *l, const char *s)
{
    size_t  i;

    for (i = 0; s && i < l->count; i++)
	if (strcasecmp(l->items[i], s) == 0)
	    return (1);
    return (0);
}

/* mbpol_peer_allowed - is this address an allowed correspondent? */

int     mbpol_peer_allowed(const MBPOL_PEERS *p, const char *addr,
			           int is_patient)
{
    if (!p->restricted)
	return (1);
    if (is_patient ? p->patients : p->professionals)
	return (1);
    if (addr == 0 || *addr == 0)
	return (0);
    return (mbpol_list_has(&p->addresses, addr)
	    || mbpol_list_has(&p->domains, mbpol_domain_of(addr)));
}

/* mbpol_reply_to_allowed - may a Reply-To redirect answers there? */

int     mbpol_reply_to_allowed(const MBPOL_SETTINGS *s, const char *addr)
{
    const MBPOL_REPLY_TO *r = &s->reply_to;

    if (!r->allowed)
	return (0);
    if (r->addresses.count == 0 && r->domains.count == 0)
	return (1);
    if (addr == 0 || *addr == 0)
	return (0);
    return (mbpol_list_has(&r->addresses, addr)
	    || mbpol_list_has(&r->domains, mbpol_domain_of(addr)));
}

/* mbpol_spec_list - one address or domain condition */

static int mbpol_spec_list(const MBPOL_LIST *l, const char *value,
			           const char *what, VSTR *why)
{
    if (l->count == 0 || mbpol_list_has(l, value))
	return (1);
    if (why)
	vstr_sprintf(why, "%s %s%s%s not listed", what,
		     value && *value ? "" : "(", value && *value ? value : "none",
		     value && *value ? "" : ")");
    return (0);
}

/* mbpol_spec_type - one mailbox type condition */

static int mbpol_spec_type(unsigned types, MBPOL_TYPE type,
			           const char *what, VSTR *why)
{
    if (types == 0 || ((unsigned) type < MBPOL_TYPE_COUNT
		       && type != MBPOL_TYPE_NONE && (types & (1u << type))))
	return (1);
    if (why)
	vstr_sprintf(why, "%s type %s not listed", what, mbpol_type_name(type));
    return (0);
}

/* mbpol_spec_match - does a message meet every condition? */

int     mbpol_spec_match(const MBPOL_SPEC *spec, const MBPOL_QUERY *q,
			         VSTR *why)
{
    if (why)
	vstr_reset(why);
    if (spec->dir >= 0 && (int) q->dir != spec->dir) {
	if (why)
	    vstr_sprintf(why, "direction %s", mbpol_dir_name(q->dir));
	return (0);
    }
    return (mbpol_spec_list(&spec->sender, q->sender, "sender", why)
	    && mbpol_spec_list(&spec->recipient, q->recipient, "recipient", why)
	    && mbpol_spec_list(&spec->sender_domain,
			       mbpol_domain_of(q->sender), "sender domain", why)
	    && mbpol_spec_list(&spec->recipient_domain,
			       mbpol_domain_of(q->recipient),
			       "recipient domain", why)
	    && mbpol_spec_type(spec->sender_types, q->sender_type, "sender", why)
	    && mbpol_spec_type(spec->recipient_types, q->recipient_type,
			       "recipient", why));
}

/* mbpol_select - the most specific selector that applies */

const MBPOL_SETTINGS *mbpol_select(const MBPOL *pol, const MBPOL_QUERY *q,
				           MBPOL_MATCH *match)
{
    const MBPOL_SELECTOR *best = 0;
    size_t  i;

    for (i = 0; i < pol->count; i++) {
	const MBPOL_SELECTOR *sel = pol->sel + i;

	/* Strictly better only: the first of equals wins. */
	if ((best == 0 || sel->level < best->level)
	    && mbpol_spec_match(&sel->spec, q, 0))
	    best = sel;
    }
    if (match) {
	match->settings = best ? &best->eff : &pol->def;
	match->selector = best ? (int) (best - pol->sel) : MBPOL_FROM_DEFAULT;
	match->level = best ? best->level : MBPOL_LEVEL_DEFAULT;
	match->name = best ? best->name : "";
	match->path = best ? best->path : "/default";
    }
    return (best ? &best->eff : &pol->def);
}

/* mbpol_restricts_peers - does any section restrict the class? */

int     mbpol_restricts_peers(const MBPOL *pol, int outbound)
{
    size_t  i;

    for (i = 0; i < pol->count; i++)
	if ((outbound ? pol->sel[i].eff.recipients : pol->sel[i].eff.senders).restricted)
	    return (1);
    return ((outbound ? pol->def.recipients : pol->def.senders).restricted);
}

/* mbpol_selector_count - selectors in "mailboxes" */

size_t  mbpol_selector_count(const MBPOL *pol)
{
    return (pol->count);
}

/* mbpol_selector - one selector, or NULL */

const MBPOL_SELECTOR *mbpol_selector(const MBPOL *pol, size_t i)
{
    return (i < pol->count ? pol->sel + i : 0);
}

/* mbpol_alloc - an empty compiled policy */

MBPOL  *mbpol_alloc(void)
{
    MBPOL  *pol = mycalloc(1, sizeof(*pol));

    mbpol_settings_init(&pol->def);
    return (pol);
}

/* mbpol_own - record an allocation for mbpol_free() */

void   *mbpol_own(MBPOL *pol, void *ptr)
{
    if (pol->owned_count == pol->owned_cap) {
	pol->owned_cap = pol->owned_cap ? pol->owned_cap * 2 : 32;
	pol->owned = myrealloc(pol->owned, pol->owned_cap * sizeof(void *));
    }
    pol->owned[pol->owned_count++] = ptr;
    return (ptr);
}

/* mbpol_strdup - an owned copy */

char   *mbpol_strdup(MBPOL *pol, const char *s)
{
    return (mbpol_own(pol, mystrdup(s)));
}

/* mbpol_list_copy - an owned deep copy */

void    mbpol_list_copy(MBPOL *pol, MBPOL_LIST *to, const MBPOL_LIST *from)
{
    size_t  i;

    to->count = from->count;
    to->items = 0;
    if (from->count == 0)
	return;
    to->items = mbpol_own(pol, mymalloc(from->count * sizeof(char *)));
    for (i = 0; i < from->count; i++)
	to->items[i] = mbpol_strdup(pol, from->items[i]);
}

/* mbpol_settings_copy - an owned deep copy of the caller's settings */

void    mbpol_settings_copy(MBPOL *pol, MBPOL_SETTINGS *to,
			            const MBPOL_SETTINGS *from)
{
    *to = *from;
    mbpol_list_copy(pol, &to->recipients.domains, &from->recipients.domains);
    mbpol_list_copy(pol, &to->recipients.addresses, &from->recipients.addresses);
    mbpol_list_copy(pol, &to->senders.domains, &from->senders.domains);
    mbpol_list_copy(pol, &to->senders.addresses, &from->senders.addresses);
    mbpol_list_copy(pol, &to->reply_to.domains, &from->reply_to.domains);
    mbpol_list_copy(pol, &to->reply_to.addresses, &from->reply_to.addresses);
    to->rules = 0;
    if (from->rule_count) {
	to->rules = mbpol_own(pol, mymalloc(from->rule_count * sizeof(MBPOL_RULE)));
	memcpy(to->rules, from->rules, from->rule_count * sizeof(MBPOL_RULE));
    }
}

/* mbpol_free - release a compiled policy; NULL is fine */

void    mbpol_free(MBPOL *pol)
{
    size_t  i;

    if (pol == 0)
	return;
    for (i = 0; i < pol->owned_count; i++)
	myfree(pol->owned[i]);
    if (pol->owned)
	myfree(pol->owned);
    if (pol->sel)
	myfree(pol->sel);
    myfree(pol);
}

/* mbpol_name_parse - index of a name, case-insensitive */

static int mbpol_name_parse(const char *const *names, int first, int count,
			            const char *name)
{
    int     i;

    for (i = first; name && i < count; i++)
	if (strcasecmp(names[i], name) == 0)
	    return (i);
    return (-1);
}

/* mbpol_action_name - policy file name of an action */

const char *mbpol_action_name(MBPOL_ACTION action)
{
    return ((unsigned) action < MBPOL_ACTION_COUNT ?
	    mbpol_action_names[action] : "unknown");
}

/* mbpol_action_parse - accept ... monitor */

int     mbpol_action_parse(const char *name, MBPOL_ACTION *action)
{
    int     i = mbpol_name_parse(mbpol_action_names, 1, MBPOL_ACTION_COUNT, name);

    if (i < 0)
	return (-1);
    *action = (MBPOL_ACTION) i;
    return (0);
}

/* mbpol_type_name - PER, ORG, APP, CAB, none */

const char *mbpol_type_name(MBPOL_TYPE type)
{
    return ((unsigned) type < MBPOL_TYPE_COUNT ?
	    mbpol_type_names[type] : "unknown");
}

/* mbpol_type_parse - PER, ORG, APP, CAB */

int     mbpol_type_parse(const char *name, MBPOL_TYPE *type)
{
    int     i = mbpol_name_parse(mbpol_type_names, 1, MBPOL_TYPE_COUNT, name);

    if (i < 0)
	return (-1);
    *type = (MBPOL_TYPE) i;
    return (0);
}

/* mbpol_dir_name - inbound, outbound */

const char *mbpol_dir_name(MBPOL_DIR dir)
{
    return ((unsigned) dir < MBPOL_DIR_COUNT ? mbpol_dir_names[dir] : "unknown");
}

/* mbpol_level_name - precedence level */

const char *mbpol_level_name(MBPOL_LEVEL level)
{
    return ((unsigned) level < MBPOL_LEVEL_COUNT ?
	    mbpol_level_names[level] : "unknown");
}

/* mbpol_field_name - member name of a setting */

const char *mbpol_field_name(MBPOL_FIELD field)
{
    return ((unsigned) field < MBPOL_F_COUNT ?
	    mbpol_field_names[field] : "unknown");
}

/* mbpol_rule_table - the rules of this module, a block of rule(3)'s table */

const RULE_INFO *mbpol_rule_table(size_t *count)
{
    const RULE_INFO *t;
    size_t  n, i, first;

    /* rule.c keeps the mbpol.* rows together: one source of truth. */
    t = rule_table(&n);
    for (first = 0; first < n && strncmp(t[first].id, "mbpol.", 6) != 0; first++)
	 /* void */ ;
    for (i = first; i < n && strncmp(t[i].id, "mbpol.", 6) == 0; i++)
	 /* void */ ;
    *count = i - first;
    return (t + first);
}

/* mbpol_rule_find - one rule of this module by id */

const RULE_INFO *mbpol_rule_find(const char *id)
{
    if (id == 0 || strncmp(id, "mbpol.", 6) != 0)
	return (0);
    return (rule_find(id));
}
