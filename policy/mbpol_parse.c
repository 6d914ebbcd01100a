/*++
/* NAME
/*	mbpol_parse 3
/* SUMMARY
/*	per-mailbox policy: the JSON policy file
/* SYNOPSIS
/*	#include "mbpol.h"
/*
/*	MBPOL	*mbpol_parse(json, len, base, err)
/*	const char *json;
/*	size_t	len;
/*	const MBPOL_SETTINGS *base;
/*	VSTR	*err;
/*
/*	int	mbpol_parse_size(text, size)
/*	const char *text;
/*	unsigned long long *size;
/* DESCRIPTION
/*	mbpol_parse() compiles a policy file held in memory (the caller
/*	reads the file: PolicyFile) into an immutable policy for
/*	mbpol_select(3). "base" holds the settings that the daemon's
/*	configuration keys give (mbpol_settings_init() and the keys);
/*	it is copied, so the caller may free it at once. The format is
/*	described in README.md ("Per-mailbox policy"); in short:
/* .nf
/*	{ "version": 1, "_comment": "...",
/*	  "default": { SETTINGS },
/*	  "mailboxes": [ { "name": "...", "match": { SELECTOR },
/*	                   SETTINGS }, ... ] }
/*	SELECTOR: sender, recipient (addresses), sender_domain,
/*	  recipient_domain, sender_type, recipient_type (PER ORG APP CAB):
/*	  a string or an array of strings; direction: inbound|outbound.
/*	SETTINGS: mode, rules {id: action}, allowed_recipients,
/*	  allowed_senders {patients, professionals, domains, addresses},
/*	  require_category, require_nil, patient_replies,
/*	  patients_may_start, near_miss_fin, max_size, max_recipients,
/*	  reply_to (true, false, or {domains, addresses}).
/* .fi
/*	"_comment" may appear in every object. Everything else is
/*	refused: an unknown member, a duplicate member, an unknown rule
/*	id or action, a value of the wrong type, an empty selector, a
/*	class of correspondents that allows nobody, an invalid address or
/*	domain. A typo must not silently disable a rule.
/*
/*	mbpol_parse_size() reads a size: decimal digits with an optional
/*	suffix k, M or G (powers of 1024, case-insensitive for k).
/* DIAGNOSTICS
/*	mbpol_parse() returns NULL and writes one line to "err": for a
/*	JSON syntax error "line L, column C: text" (Jansson's position),
/*	for a semantic error the JSON pointer of the faulty value and
/*	what is wrong, e.g. "/mailboxes/3/rules/trust.rcpt_domain:
/*	unknown action 'rejet' (expected accept, warn, reject, tempfail or
/*	monitor)"; unknown names come with the nearest known one ("did
/*	you mean"). Values quoted in errors are sanitised (printable
/*	ASCII, at most 64 characters); so is Jansson's text.
/*	mbpol_parse_size() returns 0, or -1 for an invalid or too large
/*	size (then *size is unchanged).
/* SEE ALSO
/*	mbpol(3), selection and settings
/*--*/

#include <string.h>
#include <strings.h>
#include <limits.h>
#include <jansson.h>

#include "mymalloc.h"
#include "vstr.h"
#include "addr.h"
#include "conv.h"
#include "mbpol.h"
#include "mbpol_impl.h"

#define MBPOL_NAME_MAX		128	/* bytes of a selector name */
#define MBPOL_RCPT_MAX		1000000	/* max_recipients ceiling */

static const char *const mbpol_top_members[] = {
    "_comment", "version", "default", "mailboxes", 0,
};

static const char *const mbpol_entry_members[] = {
    "_comment", "name", "match", 0,
};

static const char *const mbpol_match_members[] = {
    "_comment", "sender", "recipient", "sender_domain", "recipient_domain",
    "sender_type", "recipient_type", "direction", 0,
};

static const char *const mbpol_peer_members[] = {
    "_comment", "patients", "professionals", "domains", "addresses", 0,
};

static const char *const mbpol_reply_members[] = {
    "_comment", "domains", "addresses", 0,
};

static const char *const mbpol_settings_members[] = {
    "mode", "rules", "allowed_recipients", "allowed_senders",
    "require_category", "require_nil", "patient_replies",
    "patients_may_start", "near_miss_fin", "max_size", "max_recipients",
    "reply_to", 0,
};

static const char *const mbpol_comment_member[] = {"_comment", 0};

 /*
  * MBPOL_MEMBER(obj, name, code): when the object has the member, enter
  * it (for error locations), run code with json_t *m set (code sets rc
  * to -1 on error), and leave it. Nothing runs after an error.
  */
#define MBPOL_MEMBER(obj, name, code) do { \
	if (rc == 0 && (m = json_object_get((obj), (name))) != 0) { \
	    size_t saved_ = mbpol_json_push(P, (name), 0); \
	    code; \
	    mbpol_json_pop(P, saved_); \
	} \
    } while (0)

/* mbpol_parse_size - "25M" -> bytes */

int     mbpol_parse_size(const char *text, unsigned long long *size)
{
    unsigned long long v = 0, mult = 1;
    const char *cp = text;

    if (cp == 0 || *cp < '0' || *cp > '9')
	return (-1);
    for (; *cp >= '0' && *cp <= '9'; cp++) {
	if (v > (ULLONG_MAX - (unsigned) (*cp - '0')) / 10)
	    return (-1);
	v = v * 10 + (unsigned) (*cp - '0');
    }
    if (*cp == 'k' || *cp == 'K')
	mult = 1024ULL;
    else if (*cp == 'M')
	mult = 1024ULL * 1024;
    else if (*cp == 'G')
	mult = 1024ULL * 1024 * 1024;
    else if (*cp != 0)
	return (-1);
    if (*cp && cp[1] != 0)
	return (-1);
    if (v > ULLONG_MAX / mult)
	return (-1);
    *size = v * mult;
    return (0);
}

/* mbpol_peers - allowed_recipients / allowed_senders */

static int mbpol_peers(MBPOL_PARSER *P, json_t *val, MBPOL_PEERS *out)
{
    json_t *m;
    int     rc = 0;

    if (!json_is_object(val))
	return (mbpol_json_fail(P, "must be an object"));
    if (mbpol_json_members(P, val, mbpol_peer_members, 0) < 0)
	return (-1);
    memset(out, 0, sizeof(*out));
    out->restricted = 1;
    MBPOL_MEMBER(val, "patients", rc = mbpol_json_bool(P, m, &out->patients));
    MBPOL_MEMBER(val, "professionals",
		 rc = mbpol_json_bool(P, m, &out->professionals));
    MBPOL_MEMBER(val, "domains", rc = mbpol_json_list(P, m, MBPOL_JSON_DOMAIN,
						      1, &out->domains));
    MBPOL_MEMBER(val, "addresses", rc = mbpol_json_list(P, m, MBPOL_JSON_ADDRESS,
							1, &out->addresses));
    if (rc < 0)
	return (-1);
    if (!out->patients && !out->professionals && out->domains.count == 0
	&& out->addresses.count == 0)
	return (mbpol_json_fail(P, "allows nobody: set patients or "
				"professionals to true, or list domains or "
				"addresses"));
    return (0);
}

/* mbpol_reply_to - true, false, or {domains, addresses} */

static int mbpol_reply_to(MBPOL_PARSER *P, json_t *val, MBPOL_REPLY_TO *out)
{
    json_t *m;
    int     rc = 0;

    memset(out, 0, sizeof(*out));
    if (json_is_boolean(val)) {
	out->allowed = json_is_true(val);
	return (0);
    }
    if (!json_is_object(val))
	return (mbpol_json_fail(P, "must be true, false or an object"));
    if (mbpol_json_members(P, val, mbpol_reply_members, 0) < 0)
	return (-1);
    out->allowed = 1;
    MBPOL_MEMBER(val, "domains", rc = mbpol_json_list(P, m, MBPOL_JSON_DOMAIN,
						      1, &out->domains));
    MBPOL_MEMBER(val, "addresses", rc = mbpol_json_list(P, m, MBPOL_JSON_ADDRESS,
							1, &out->addresses));
    if (rc < 0)
	return (-1);
    if (out->domains.count == 0 && out->addresses.count == 0)
	return (mbpol_json_fail(P, "lists no domain and no address: use true "
				"or false"));
    return (0);
}

/* mbpol_rules - {"rule id": "action"} merged over the parent's */

static int mbpol_rules(MBPOL_PARSER *P, json_t *val, MBPOL_SETTINGS *s)
{
    const char *ids[MBPOL_RULE_IDS_MAX + 1];
    const char *key;
    json_t *act;
    const char *id;
    MBPOL_ACTION action = MBPOL_ACT_UNSET;
    MBPOL_RULE *rules;
    size_t  i, n, saved;

    if (!json_is_object(val))
	return (mbpol_json_fail(P, "must be an object"));
    /* Room for the parent's rules and this section's; the copy is owned. */
    n = s->rule_count + json_object_size(val);
    rules = mbpol_own(P->pol, mymalloc((n ? n : 1) * sizeof(*rules)));
    if (s->rule_count)
	memcpy(rules, s->rules, s->rule_count * sizeof(*rules));
    s->rules = rules;
    json_object_foreach(val, key, act) {
	if (strcmp(key, "_comment") == 0)
	    continue;
	saved = mbpol_json_push(P, key, 0);
	if ((id = mbpol_rule_known(key)) == 0) {
	    ids[mbpol_rule_ids(ids, MBPOL_RULE_IDS_MAX)] = 0;
	    mbpol_json_fail_unknown(P, "unknown rule", key, ids);
	} else if (!json_is_string(act)) {
	    mbpol_json_fail(P, "the action must be a string: accept, warn, "
			    "reject, tempfail or monitor");
	} else if (mbpol_action_parse(json_string_value(act), &action) < 0) {
	    mbpol_json_fail_value(P, "unknown action", json_string_value(act),
				  "(expected accept, warn, reject, tempfail or "
				  "monitor)");
	}
	mbpol_json_pop(P, saved);
	if (vstr_len(P->err))
	    return (-1);
	for (i = 0; i < s->rule_count && s->rules[i].id != id; i++)
	     /* void */ ;
	if (i == s->rule_count)
	    s->rule_count++;
	s->rules[i].id = id;
	s->rules[i].action = action;
	s->rules[i].origin = P->origin;
    }
    return (0);
}

/* mbpol_size - max_size: bytes, or a string with a suffix */

static int mbpol_size(MBPOL_PARSER *P, json_t *m, unsigned long long *size)
{
    if (json_is_integer(m) && json_integer_value(m) >= 0) {
	*size = (unsigned long long) json_integer_value(m);
	return (0);
    }
    if (!json_is_string(m))
	return (mbpol_json_fail(P, "must be a number of bytes (0: no limit) "
				"or a string such as \"25M\""));
    if (mbpol_parse_size(json_string_value(m), size) < 0)
	return (mbpol_json_fail_value(P, "invalid size", json_string_value(m),
				      "(digits and an optional k, M or G)"));
    return (0);
}

/* mbpol_count - max_recipients */

static int mbpol_count(MBPOL_PARSER *P, json_t *m, unsigned long *count)
{
    json_int_t n;

    if (!json_is_integer(m) || (n = json_integer_value(m)) < 0
	|| n > MBPOL_RCPT_MAX)
	return (mbpol_json_fail(P, "must be an integer from 0 (no limit) to %d",
				MBPOL_RCPT_MAX));
    *count = (unsigned long) n;
    return (0);
}

/* mbpol_settings - the settings members of a section, over the parent's */

static int mbpol_settings(MBPOL_PARSER *P, json_t *obj, MBPOL_SETTINGS *s)
{
    static const char *const modes[] = {"enforce", "monitor", 0};
    static const char *const near[] = {"warn", "fix", "reject", 0};
    json_t *m;
    int     rc = 0;
    int     i;

#define MBPOL_SET(field, call) \
	if ((rc = (call)) == 0) s->origin[field] = P->origin

    MBPOL_MEMBER(obj, "mode", MBPOL_SET(MBPOL_F_MODE,
		 (i = mbpol_json_enum(P, m, modes, "unknown mode")) < 0 ? -1 :
					(s->monitor = i, 0)));
    MBPOL_MEMBER(obj, "rules", rc = mbpol_rules(P, m, s));
    MBPOL_MEMBER(obj, "allowed_recipients", MBPOL_SET(MBPOL_F_RECIPIENTS,
					   mbpol_peers(P, m, &s->recipients)));
    MBPOL_MEMBER(obj, "allowed_senders", MBPOL_SET(MBPOL_F_SENDERS,
					     mbpol_peers(P, m, &s->senders)));
    MBPOL_MEMBER(obj, "require_category", MBPOL_SET(MBPOL_F_REQUIRE_CATEGORY,
			       mbpol_json_bool(P, m, &s->require_category)));
    MBPOL_MEMBER(obj, "require_nil", MBPOL_SET(MBPOL_F_REQUIRE_NIL,
				    mbpol_json_bool(P, m, &s->require_nil)));
    MBPOL_MEMBER(obj, "patient_replies", MBPOL_SET(MBPOL_F_PATIENT_REPLIES,
					    mbpol_json_bool(P, m, &i) < 0 ? -1 :
		    (s->patient_replies = i ? CONV_REPLIES_ALLOW :
		     CONV_REPLIES_DENY, 0)));
    MBPOL_MEMBER(obj, "patients_may_start", MBPOL_SET(MBPOL_F_PATIENTS_MAY_START,
			     mbpol_json_bool(P, m, &s->patients_may_start)));
    MBPOL_MEMBER(obj, "near_miss_fin", MBPOL_SET(MBPOL_F_NEAR_MISS_FIN,
					  (i = mbpol_json_enum(P, m, near,
				      "unknown near_miss_fin mode")) < 0 ? -1 :
					       (s->near_miss_fin = i, 0)));
    MBPOL_MEMBER(obj, "max_size", MBPOL_SET(MBPOL_F_MAX_SIZE,
					    mbpol_size(P, m, &s->max_size)));
    MBPOL_MEMBER(obj, "max_recipients", MBPOL_SET(MBPOL_F_MAX_RECIPIENTS,
				      mbpol_count(P, m, &s->max_recipients)));
    MBPOL_MEMBER(obj, "reply_to", MBPOL_SET(MBPOL_F_REPLY_TO,
				      mbpol_reply_to(P, m, &s->reply_to)));
    return (rc);
}

/* mbpol_match - the selector of a "mailboxes" entry */

static int mbpol_match(MBPOL_PARSER *P, json_t *val, MBPOL_SELECTOR *sel)
{
    static const char *const dirs[] = {"inbound", "outbound", 0};
    MBPOL_SPEC *spec = &sel->spec;
    json_t *m;
    int     rc = 0;
    int     addresses, domains, types;

    if (!json_is_object(val))
	return (mbpol_json_fail(P, "must be an object"));
    if (mbpol_json_members(P, val, mbpol_match_members, 0) < 0)
	return (-1);
    memset(spec, 0, sizeof(*spec));
    spec->dir = -1;
    MBPOL_MEMBER(val, "sender", rc = mbpol_json_list(P, m, MBPOL_JSON_ADDRESS,
						     0, &spec->sender));
    MBPOL_MEMBER(val, "recipient", rc = mbpol_json_list(P, m, MBPOL_JSON_ADDRESS,
							0, &spec->recipient));
    MBPOL_MEMBER(val, "sender_domain", rc = mbpol_json_list(P, m,
			     MBPOL_JSON_DOMAIN, 0, &spec->sender_domain));
    MBPOL_MEMBER(val, "recipient_domain", rc = mbpol_json_list(P, m,
			     MBPOL_JSON_DOMAIN, 0, &spec->recipient_domain));
    MBPOL_MEMBER(val, "sender_type",
		 rc = mbpol_json_types(P, m, &spec->sender_types));
    MBPOL_MEMBER(val, "recipient_type",
		 rc = mbpol_json_types(P, m, &spec->recipient_types));
    MBPOL_MEMBER(val, "direction",
		 rc = (spec->dir = mbpol_json_enum(P, m, dirs,
					"unknown direction")) < 0 ? -1 : 0);
    if (rc < 0)
	return (-1);
    addresses = spec->sender.count || spec->recipient.count;
    domains = spec->sender_domain.count || spec->recipient_domain.count;
    types = spec->sender_types || spec->recipient_types;
    sel->level = (addresses ? MBPOL_LEVEL_ADDRESS :
		  types && domains ? MBPOL_LEVEL_TYPE_DOMAIN :
		  domains ? MBPOL_LEVEL_DOMAIN :
		  types ? MBPOL_LEVEL_TYPE :
		  spec->dir >= 0 ? MBPOL_LEVEL_DIRECTION : MBPOL_LEVEL_DEFAULT);
    if (sel->level == MBPOL_LEVEL_DEFAULT)
	return (mbpol_json_fail(P, "empty selector: settings for every "
				"message belong in the \"default\" section"));
    return (0);
}

/* mbpol_name - the optional "name" of an entry */

static int mbpol_name(MBPOL_PARSER *P, json_t *m, const char **out)
{
    const char *name;
    const unsigned char *p;

    if (!json_is_string(m) || (name = json_string_value(m))[0] == 0
	|| strlen(name) > MBPOL_NAME_MAX)
	return (mbpol_json_fail(P, "must be a non-empty string of at most %d "
				"bytes", MBPOL_NAME_MAX));
    for (p = (const unsigned char *) name; *p; p++)
	if (*p < 0x20 || *p == 0x7f)
	    return (mbpol_json_fail(P, "control character in the name"));
    *out = mbpol_strdup(P->pol, name);
    return (0);
}

/* mbpol_entry - one element of "mailboxes" */

static int mbpol_entry(MBPOL_PARSER *P, json_t *val, MBPOL_SELECTOR *sel)
{
    json_t *m;
    int     rc = 0;
    const char *name = "";

    if (!json_is_object(val))
	return (mbpol_json_fail(P, "must be an object"));
    if (mbpol_json_members(P, val, mbpol_entry_members,
			   mbpol_settings_members) < 0)
	return (-1);
    sel->path = mbpol_strdup(P->pol, vstr_str(P->path));
    MBPOL_MEMBER(val, "name", rc = mbpol_name(P, m, &name));
    sel->name = (char *) name;
    if (rc < 0)
	return (-1);
    if (json_object_get(val, "match") == 0)
	return (mbpol_json_fail(P, "missing member 'match' (the selector)"));
    MBPOL_MEMBER(val, "match", rc = mbpol_match(P, m, sel));
    if (rc < 0)
	return (-1);
    sel->eff = P->pol->def;
    return (mbpol_settings(P, val, &sel->eff));
}

/* mbpol_top - the whole file */

static int mbpol_top(MBPOL_PARSER *P, json_t *root)
{
    json_t *m, *item;
    size_t  i, saved;
    int     rc = 0;

    if (!json_is_object(root))
	return (mbpol_json_fail(P, "the policy must be a JSON object"));
    if (mbpol_json_members(P, root, mbpol_top_members, 0) < 0)
	return (-1);
    MBPOL_MEMBER(root, "version",
		 if (!json_is_integer(m) || json_integer_value(m) != 1)
		 rc = mbpol_json_fail(P, "unsupported version (this program "
				      "reads version 1)"));
    P->origin = MBPOL_FROM_DEFAULT;
    MBPOL_MEMBER(root, "default",
		 if (!json_is_object(m))
		 rc = mbpol_json_fail(P, "must be an object");
		 else if ((rc = mbpol_json_members(P, m, mbpol_comment_member,
						   mbpol_settings_members)) == 0)
		 rc = mbpol_settings(P, m, &P->pol->def));
    if (rc < 0 || (m = json_object_get(root, "mailboxes")) == 0)
	return (rc);
    saved = mbpol_json_push(P, "mailboxes", 0);
    if (!json_is_array(m)) {
	mbpol_json_fail(P, "must be an array");
	mbpol_json_pop(P, saved);
	return (-1);
    }
    P->pol->sel = mycalloc(json_array_size(m) ? json_array_size(m) : 1,
			   sizeof(MBPOL_SELECTOR));
    json_array_foreach(m, i, item) {
	size_t  in = mbpol_json_push(P, 0, i);

	P->origin = (int) i;
	rc = mbpol_entry(P, item, P->pol->sel + i);
	mbpol_json_pop(P, in);
	if (rc < 0)
	    break;
	P->pol->count++;
    }
    mbpol_json_pop(P, saved);
    return (rc);
}

/* mbpol_parse - compile a policy held in memory */

MBPOL  *mbpol_parse(const char *json, size_t len, const MBPOL_SETTINGS *base,
		            VSTR *err)
{
    MBPOL_PARSER parser;
    json_error_t jerr;
    json_t *root;
    MBPOL_SETTINGS builtin;

    vstr_reset(err);
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == 0) {
	const unsigned char *cp;

	/* Jansson quotes the input near the fault: keep the error ASCII. */
	vstr_sprintf(err, "line %d, column %d: ", jerr.line, jerr.column);
	for (cp = (const unsigned char *) jerr.text; *cp; cp++)
	    vstr_addch(err, (*cp >= 0x20 && *cp < 0x7f) ? *cp : '?');
	return (0);
    }
    parser.pol = mbpol_alloc();
    parser.path = vstr_alloc(64);
    parser.err = err;
    parser.origin = MBPOL_FROM_DEFAULT;
    if (base == 0) {
	mbpol_settings_init(&builtin);
	base = &builtin;
    }
    mbpol_settings_copy(parser.pol, &parser.pol->def, base);
    if (mbpol_top(&parser, root) < 0 || vstr_len(err) > 0) {
	if (vstr_len(err) == 0)
	    vstr_strcpy(err, "/: invalid policy");
	mbpol_free(parser.pol);
	parser.pol = 0;
    }
    vstr_free(parser.path);
    json_decref(root);
    return (parser.pol);
}
