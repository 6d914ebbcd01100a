/*++
/* NAME
/*	mbpol_explain 3
/* SUMMARY
/*	per-mailbox policy: explain which selector applies and why
/* SYNOPSIS
/*	#include "mbpol.h"
/*
/*	void	mbpol_explain_text(pol, query, out)
/*	const MBPOL *pol;
/*	const MBPOL_QUERY *query;
/*	VSTR	*out;
/*
/*	void	mbpol_explain_json(pol, query, out)
/*	const MBPOL *pol;
/*	const MBPOL_QUERY *query;
/*	VSTR	*out;
/* DESCRIPTION
/*	For "mssante-milter --explain": given a message (sender and its
/*	directory type, recipient and its type, direction), these render
/*	what the policy does with it:
/* .IP query
/*	the message as understood (addresses sanitised to printable
/*	ASCII).
/* .IP selected
/*	the selector that applies (its JSON pointer, name and level), or
/*	"/default".
/* .IP candidates
/*	every selector of the file in order: whether it applies, and if
/*	not, the first condition that fails ("sender type PER not
/*	listed"); if it applies but lost, which one beat it and why (more
/*	specific, or first at the same level).
/* .IP settings
/*	each setting's effective value and where it comes from: the
/*	configuration, "/default/NAME" or "/mailboxes/N/NAME".
/* .IP rules
/*	every known rule id: the action set (or the built-in default), the
/*	action the daemon applies (mode monitor turns reject and tempfail
/*	into monitor, "would" then says what enforce would do) and where
/*	that comes from.
/* .PP
/*	mbpol_explain_text() writes lines for a person;
/*	mbpol_explain_json() writes one JSON object (indented, members in
/*	the order above) for tools. Both replace "out".
/* DIAGNOSTICS
/*	None. Allocation failure is fatal (mymalloc(3)).
/* SEE ALSO
/*	mbpol(3), selection
/*--*/

#include <string.h>
#include <stdlib.h>
#include <jansson.h>

#include "mymalloc.h"
#include "vstr.h"
#include "conv.h"
#include "mbpol.h"
#include "mbpol_impl.h"

/* mbpol_explain_clean - printable ASCII copy of outside data */

static const char *mbpol_explain_clean(VSTR *buf, const char *s)
{
    const unsigned char *p;

    vstr_reset(buf);
    for (p = (const unsigned char *) (s ? s : ""); *p; p++)
	vstr_addch(buf, (*p >= 0x20 && *p < 0x7f) ? *p : '?');
    return (vstr_str(buf));
}

/* mbpol_explain_origin - "configuration" or a JSON pointer */

static void mbpol_explain_origin(const MBPOL *pol, int origin,
				         const char *member, const char *sub,
				         VSTR *out)
{
    const MBPOL_SELECTOR *sel;

    vstr_reset(out);
    if (origin == MBPOL_FROM_CONFIG) {
	vstr_cat(out, "configuration");
	return;
    }
    if (origin == MBPOL_FROM_DEFAULT)
	vstr_cat(out, "/default");
    else if ((sel = mbpol_selector(pol, (size_t) origin)) != 0)
	vstr_cat(out, sel->path);
    else
	vstr_sprintf(out, "/mailboxes/%d", origin);
    vstr_sprintf_append(out, "/%s", member);
    if (sub)
	vstr_sprintf_append(out, "/%s", sub);
}

/* mbpol_explain_list - "a, b" */

static void mbpol_explain_list(VSTR *out, const char *what,
			               const MBPOL_LIST *l)
{
    size_t  i;

    if (l->count == 0)
	return;
    vstr_sprintf_append(out, "%s%s ", vstr_len(out) ? ", " : "", what);
    for (i = 0; i < l->count; i++)
	vstr_sprintf_append(out, "%s%s", i ? " " : "", l->items[i]);
}

/* mbpol_explain_value - one setting as text */

static void mbpol_explain_value(const MBPOL_SETTINGS *s, MBPOL_FIELD f,
				        VSTR *out)
{
    static const char *const near[] = {"warn", "fix", "reject"};
    const MBPOL_PEERS *p;

    vstr_reset(out);
    switch (f) {
    case MBPOL_F_MODE:
	vstr_cat(out, s->monitor ? "monitor" : "enforce");
	break;
    case MBPOL_F_RECIPIENTS:
    case MBPOL_F_SENDERS:
	p = (f == MBPOL_F_RECIPIENTS ? &s->recipients : &s->senders);
	if (!p->restricted) {
	    vstr_cat(out, "anybody");
	    break;
	}
	if (p->patients)
	    vstr_cat(out, "patients");
	if (p->professionals)
	    vstr_sprintf_append(out, "%sprofessionals", vstr_len(out) ? ", " : "");
	mbpol_explain_list(out, "domains", &p->domains);
	mbpol_explain_list(out, "addresses", &p->addresses);
	break;
    case MBPOL_F_REQUIRE_CATEGORY:
	vstr_cat(out, s->require_category ? "yes" : "no");
	break;
    case MBPOL_F_REQUIRE_NIL:
	vstr_cat(out, s->require_nil ? "yes" : "no");
	break;
    case MBPOL_F_PATIENT_REPLIES:
	vstr_cat(out, s->patient_replies == CONV_REPLIES_ALLOW ? "yes" :
		 s->patient_replies == CONV_REPLIES_DENY ? "no (X-MSS-MES: FIN)" :
		 "by type (APP: no, unless AppMailboxReplies)");
	break;
    case MBPOL_F_PATIENTS_MAY_START:
	vstr_cat(out, s->patients_may_start < 0 ? "directory (pharmacy ORG)" :
		 s->patients_may_start ? "yes" : "no");
	break;
    case MBPOL_F_NEAR_MISS_FIN:
	vstr_cat(out, (s->near_miss_fin >= 0 && s->near_miss_fin < 3) ?
		 near[s->near_miss_fin] : "NearMissFin");
	break;
    case MBPOL_F_MAX_SIZE:
	if (s->max_size == 0)
	    vstr_cat(out, "no limit");
	else
	    vstr_sprintf(out, "%llu bytes", s->max_size);
	break;
    case MBPOL_F_MAX_RECIPIENTS:
	if (s->max_recipients == 0)
	    vstr_cat(out, "no limit");
	else
	    vstr_sprintf(out, "%lu", s->max_recipients);
	break;
    case MBPOL_F_REPLY_TO:
	if (!s->reply_to.allowed) {
	    vstr_cat(out, "never");
	} else if (s->reply_to.domains.count + s->reply_to.addresses.count == 0) {
	    vstr_cat(out, "anywhere");
	} else {
	    mbpol_explain_list(out, "only to domains", &s->reply_to.domains);
	    mbpol_explain_list(out, "only to addresses", &s->reply_to.addresses);
	}
	break;
    default:
	break;
    }
}

/* mbpol_explain_candidate - why a selector applies, loses or not */

static int mbpol_explain_candidate(const MBPOL_SELECTOR *sel,
				           const MBPOL_MATCH *m,
				           const MBPOL_SELECTOR *won,
				           const MBPOL_QUERY *q, VSTR *why)
{
    if (!mbpol_spec_match(&sel->spec, q, why))
	return (0);
    if (sel == won)
	vstr_strcpy(why, "selected");
    else if (won && won->level < sel->level)
	vstr_sprintf(why, "applies, but %s is more specific (%s)", m->path,
		     mbpol_level_name(won->level));
    else
	vstr_sprintf(why, "applies, but %s comes first at the same level",
		     m->path);
    return (1);
}

/* mbpol_explain_rule - the action of a rule and why */

static MBPOL_ACTION mbpol_explain_rule(const MBPOL *pol,
				               const MBPOL_SETTINGS *s,
				               const char *id, MBPOL_ACTION *set,
				               MBPOL_ACTION *would, VSTR *from)
{
    int     origin;
    MBPOL_ACTION eff;

    *set = mbpol_rule_action(s, id, &origin);
    *would = (*set != MBPOL_ACT_UNSET ? *set : mbpol_builtin_action(id));
    eff = mbpol_effective_action(s, id, 0);
    if (eff == MBPOL_ACT_MONITOR && *would != MBPOL_ACT_MONITOR)
	mbpol_explain_origin(pol, s->origin[MBPOL_F_MODE], "mode", 0, from);
    else if (*set != MBPOL_ACT_UNSET)
	mbpol_explain_origin(pol, origin, "rules", id, from);
    else
	vstr_strcpy(from, "built-in default");
    if (*would == MBPOL_ACT_MONITOR) {
	/* An explicit monitor watches what the rule does by default. */
	*would = mbpol_builtin_action(id);
	if (*would != MBPOL_ACT_TEMPFAIL)
	    *would = MBPOL_ACT_REJECT;
    }
    return (eff);
}

/* mbpol_explain_text - for a person */

void    mbpol_explain_text(const MBPOL *pol, const MBPOL_QUERY *q, VSTR *out)
{
    const char *ids[MBPOL_RULE_IDS_MAX];
    MBPOL_MATCH m;
    const MBPOL_SETTINGS *s = mbpol_select(pol, q, &m);
    const MBPOL_SELECTOR *won = mbpol_selector(pol, (size_t) m.selector);
    VSTR   *a = vstr_alloc(64), *b = vstr_alloc(64), *why = vstr_alloc(64);
    size_t  i, n;
    int     f;
    MBPOL_ACTION set, would, eff;

    if (m.selector < 0)
	won = 0;
    vstr_reset(out);
    vstr_sprintf_append(out, "query: sender=<%s> (%s)",
			mbpol_explain_clean(a, q->sender),
			mbpol_type_name(q->sender_type));
    vstr_sprintf_append(out, " recipient=<%s> (%s) direction=%s\n",
			mbpol_explain_clean(a, q->recipient),
			mbpol_type_name(q->recipient_type), mbpol_dir_name(q->dir));
    vstr_sprintf_append(out, "selected: %s%s%s%s (level %s)\n", m.path,
			*m.name ? " \"" : "", m.name, *m.name ? "\"" : "",
			mbpol_level_name(m.level));
    vstr_cat(out, "candidates (the lowest level wins, then the first in the file):\n");
    for (i = 0; i < mbpol_selector_count(pol); i++) {
	const MBPOL_SELECTOR *sel = mbpol_selector(pol, i);
	int     ok = mbpol_explain_candidate(sel, &m, won, q, why);

	vstr_sprintf_append(out, "  %s%s%s%s [%s]: %s%s\n", sel->path,
			    *sel->name ? " \"" : "", sel->name,
			    *sel->name ? "\"" : "", mbpol_level_name(sel->level),
			    ok ? "" : "no: ", mbpol_explain_clean(a, vstr_str(why)));
    }
    vstr_sprintf_append(out, "  /default [default]: %s\n", won ?
			"not used" : "selected (no selector applies)");
    vstr_cat(out, "settings:\n");
    for (f = 0; f < MBPOL_F_COUNT; f++) {
	mbpol_explain_value(s, (MBPOL_FIELD) f, a);
	mbpol_explain_origin(pol, s->origin[f], mbpol_field_name((MBPOL_FIELD) f),
			     0, b);
	vstr_sprintf_append(out, "  %-20s %s (%s)\n",
			    mbpol_field_name((MBPOL_FIELD) f), vstr_str(a),
			    vstr_str(b));
    }
    vstr_cat(out, "rules:\n");
    n = mbpol_rule_ids(ids, MBPOL_RULE_IDS_MAX);
    for (i = 0; i < n; i++) {
	eff = mbpol_explain_rule(pol, s, ids[i], &set, &would, b);
	vstr_sprintf_append(out, "  %-26s %-8s (", ids[i], mbpol_action_name(eff));
	if (eff == MBPOL_ACT_MONITOR)
	    vstr_sprintf_append(out, "would %s; ", mbpol_action_name(would));
	vstr_sprintf_append(out, "%s)\n", vstr_str(b));
    }
    vstr_free(a);
    vstr_free(b);
    vstr_free(why);
}

/* mbpol_explain_jlist - a list as a JSON array */

static json_t *mbpol_explain_jlist(const MBPOL_LIST *l)
{
    json_t *arr = json_array();
    size_t  i;

    for (i = 0; i < l->count; i++)
	json_array_append_new(arr, json_string(l->items[i]));
    return (arr);
}

/* mbpol_explain_jvalue - one setting as a JSON value */

static json_t *mbpol_explain_jvalue(const MBPOL_SETTINGS *s, MBPOL_FIELD f)
{
    static const char *const near[] = {"warn", "fix", "reject"};
    const MBPOL_PEERS *p;

    switch (f) {
    case MBPOL_F_MODE:
	return (json_string(s->monitor ? "monitor" : "enforce"));
    case MBPOL_F_RECIPIENTS:
    case MBPOL_F_SENDERS:
	p = (f == MBPOL_F_RECIPIENTS ? &s->recipients : &s->senders);
	if (!p->restricted)
	    return (json_null());
	return (json_pack("{s:b, s:b, s:o, s:o}", "patients", p->patients,
			  "professionals", p->professionals,
			  "domains", mbpol_explain_jlist(&p->domains),
			  "addresses", mbpol_explain_jlist(&p->addresses)));
    case MBPOL_F_REQUIRE_CATEGORY:
	return (json_boolean(s->require_category));
    case MBPOL_F_REQUIRE_NIL:
	return (json_boolean(s->require_nil));
    case MBPOL_F_PATIENT_REPLIES:
	return (s->patient_replies == CONV_REPLIES_DEFAULT ? json_null() :
		json_boolean(s->patient_replies == CONV_REPLIES_ALLOW));
    case MBPOL_F_PATIENTS_MAY_START:
	return (s->patients_may_start < 0 ? json_null() :
		json_boolean(s->patients_may_start));
    case MBPOL_F_NEAR_MISS_FIN:
	return ((s->near_miss_fin >= 0 && s->near_miss_fin < 3) ?
		json_string(near[s->near_miss_fin]) : json_null());
    case MBPOL_F_MAX_SIZE:
	return (json_integer((json_int_t) s->max_size));
    case MBPOL_F_MAX_RECIPIENTS:
	return (json_integer((json_int_t) s->max_recipients));
    case MBPOL_F_REPLY_TO:
	if (!s->reply_to.allowed
	    || s->reply_to.domains.count + s->reply_to.addresses.count == 0)
	    return (json_boolean(s->reply_to.allowed));
	return (json_pack("{s:o, s:o}",
			  "domains", mbpol_explain_jlist(&s->reply_to.domains),
		    "addresses", mbpol_explain_jlist(&s->reply_to.addresses)));
    default:
	return (json_null());
    }
}

/* mbpol_explain_json - for tools */

void    mbpol_explain_json(const MBPOL *pol, const MBPOL_QUERY *q, VSTR *out)
{
    const char *ids[MBPOL_RULE_IDS_MAX];
    MBPOL_MATCH m;
    const MBPOL_SETTINGS *s = mbpol_select(pol, q, &m);
    const MBPOL_SELECTOR *won = mbpol_selector(pol, (size_t) m.selector);
    VSTR   *a = vstr_alloc(64), *b = vstr_alloc(64), *why = vstr_alloc(64);
    json_t *root, *arr, *obj, *item;
    size_t  i, n;
    int     f;
    MBPOL_ACTION set, would, eff;
    char   *text;

    if (m.selector < 0)
	won = 0;
    root = json_object();
    obj = json_object();
    json_object_set_new(obj, "sender", json_string(mbpol_explain_clean(a, q->sender)));
    json_object_set_new(obj, "sender_type", json_string(mbpol_type_name(q->sender_type)));
    json_object_set_new(obj, "recipient", json_string(mbpol_explain_clean(a, q->recipient)));
    json_object_set_new(obj, "recipient_type", json_string(mbpol_type_name(q->recipient_type)));
    json_object_set_new(obj, "direction", json_string(mbpol_dir_name(q->dir)));
    json_object_set_new(root, "query", obj);
    json_object_set_new(root, "selected", json_pack("{s:s, s:s, s:s}",
						    "path", m.path, "name", m.name,
				     "level", mbpol_level_name(m.level)));
    arr = json_array();
    for (i = 0; i < mbpol_selector_count(pol); i++) {
	const MBPOL_SELECTOR *sel = mbpol_selector(pol, i);
	int     ok = mbpol_explain_candidate(sel, &m, won, q, why);

	json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b, s:b, s:s}",
					     "path", sel->path, "name", sel->name,
				       "level", mbpol_level_name(sel->level),
					     "applies", ok, "selected", sel == won,
			     "why", mbpol_explain_clean(a, vstr_str(why))));
    }
    json_object_set_new(root, "candidates", arr);
    obj = json_object();
    for (f = 0; f < MBPOL_F_COUNT; f++) {
	mbpol_explain_origin(pol, s->origin[f], mbpol_field_name((MBPOL_FIELD) f),
			     0, b);
	json_object_set_new(obj, mbpol_field_name((MBPOL_FIELD) f),
			    json_pack("{s:o, s:s}", "value",
				      mbpol_explain_jvalue(s, (MBPOL_FIELD) f),
				      "from", vstr_str(b)));
    }
    json_object_set_new(root, "settings", obj);
    arr = json_array();
    n = mbpol_rule_ids(ids, MBPOL_RULE_IDS_MAX);
    for (i = 0; i < n; i++) {
	eff = mbpol_explain_rule(pol, s, ids[i], &set, &would, b);
	item = json_pack("{s:s, s:s, s:s, s:s}", "id", ids[i],
			 "set", mbpol_action_name(set),
			 "action", mbpol_action_name(eff), "from", vstr_str(b));
	if (eff == MBPOL_ACT_MONITOR)
	    json_object_set_new(item, "would", json_string(mbpol_action_name(would)));
	json_array_append_new(arr, item);
    }
    json_object_set_new(root, "rules", arr);
    text = json_dumps(root, JSON_INDENT(2));
    vstr_strcpy(out, text ? text : "{}");
    vstr_cat(out, "\n");
    free(text);
    json_decref(root);
    vstr_free(a);
    vstr_free(b);
    vstr_free(why);
}
