/*++
/* NAME
/*	check_mbpol 1
/* SUMMARY
/*	unit tests for mbpol(3), mbpol_parse(3) and mbpol_explain(3)
/* SYNOPSIS
/*	check_mbpol
/* DESCRIPTION
/*	Parsing: every kind of error with its location (Jansson's line
/*	and column for syntax, the JSON pointer for the rest), valid
/*	files, merging over the configuration and the default section.
/*	Selection: each precedence level beats the next, ties go to the
/*	first in the file, conditions on both sides. Helpers, names, and
/*	every example policy in contrib/policy (found through
/*	$top_srcdir, else TOP_SRCDIR). The explanation is tested in
/*	check_mbpol_explain.
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <check.h>

#include "mymalloc.h"
#include "vstr.h"
#include "verdict.h"
#include "conv.h"
#include "mbpol.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static VSTR *err;

/* setup - one error buffer per test */

static void setup(void)
{
    err = vstr_alloc(100);
}

/* teardown - release it */

static void teardown(void)
{
    vstr_free(err);
}

/* compile - parse a string with built-in base settings */

static MBPOL *compile(const char *json)
{
    return (mbpol_parse(json, strlen(json), 0, err));
}

/* query - a query */

static MBPOL_QUERY query(const char *sender, MBPOL_TYPE st,
			         const char *rcpt, MBPOL_TYPE rt, MBPOL_DIR dir)
{
    MBPOL_QUERY q;

    q.sender = sender;
    q.sender_type = st;
    q.recipient = rcpt;
    q.recipient_type = rt;
    q.dir = dir;
    return (q);
}

 /*
  * Errors: input, and the exact message.
  */
typedef struct ERR_CASE {
    const char *json;
    const char *want;			/* exact, or prefix when ending in '*' */
} ERR_CASE;

static const ERR_CASE err_cases[] = {
    /* Syntax: Jansson's line and column. */
    {"{", "line 1, column 1: *"},
    {"{\n  \"version\": 1,\n}", "line 3, column 1: *"},
    {"{\"default\": {}, \"default\": {}}", "line 1, column 25: duplicate object key*"},
    {"", "line 1, column 0: *"},
    {"{\"version\": 1} trailing", "line 1, column 23: end of file expected*"},
    {"{\"_comment\": \"a\\u0000b\"}", "line 1, column *"},

    /* The top level. */
    {"[]", "/: the policy must be a JSON object"},
    {"{\"mailbox\": []}",
    "/mailbox: unknown member 'mailbox' (did you mean 'mailboxes'?)"},
    {"{\"Version\": 1}", "/Version: unknown member 'Version' (did you mean 'version'?)"},
    {"{\"version\": 2}", "/version: unsupported version (this program reads version 1)"},
    {"{\"version\": \"1\"}", "/version: unsupported version (this program reads version 1)"},
    {"{\"a/b~c\": 1}", "/a~1b~0c: unknown member 'a/b~c'"},
    {"{\"_comment\": 3}", "/_comment: a comment must be a string or an array of strings"},
    {"{\"_comment\": [\"a\", 3]}",
    "/_comment/1: a comment must be a string or an array of strings"},

    /* The default section. */
    {"{\"default\": []}", "/default: must be an object"},
    {"{\"default\": {\"mdoe\": \"monitor\"}}",
    "/default/mdoe: unknown member 'mdoe' (did you mean 'mode'?)"},
    {"{\"default\": {\"match\": {}}}", "/default/match: unknown member 'match'*"},
    {"{\"default\": {\"mode\": \"enforced\"}}",
    "/default/mode: unknown mode 'enforced' (did you mean 'enforce'?)"},
    {"{\"default\": {\"mode\": 1}}", "/default/mode: must be a string"},
    {"{\"default\": {\"require_nil\": \"yes\"}}", "/default/require_nil: must be true or false"},
    {"{\"default\": {\"patient_replies\": 0}}", "/default/patient_replies: must be true or false"},
    {"{\"default\": {\"near_miss_fin\": \"fixe\"}}",
    "/default/near_miss_fin: unknown near_miss_fin mode 'fixe' (did you mean 'fix'?)"},
    {"{\"default\": {\"max_size\": -1}}", "/default/max_size: must be a number of bytes*"},
    {"{\"default\": {\"max_size\": 1.5}}", "/default/max_size: must be a number of bytes*"},
    {"{\"default\": {\"max_size\": \"25MB\"}}",
    "/default/max_size: invalid size '25MB' (digits and an optional k, M or G)"},
    {"{\"default\": {\"max_recipients\": 1000001}}",
    "/default/max_recipients: must be an integer from 0 (no limit) to 1000000"},
    {"{\"default\": {\"max_recipients\": \"5\"}}", "/default/max_recipients: must be an integer*"},

    /* Rules. */
    {"{\"default\": {\"rules\": []}}", "/default/rules: must be an object"},
    {"{\"default\": {\"rules\": {\"trust.rcpt_domian\": \"reject\"}}}",
    "/default/rules/trust.rcpt_domian: unknown rule 'trust.rcpt_domian' (did you mean 'trust.rcpt_domain'?)"},
    {"{\"default\": {\"rules\": {\"nothing.like.it\": \"reject\"}}}",
    "/default/rules/nothing.like.it: unknown rule 'nothing.like.it'"},
    {"{\"default\": {\"rules\": {\"ins.key\": true}}}",
    "/default/rules/ins.key: the action must be a string: accept, warn, reject, tempfail or monitor"},
    {"{\"mailboxes\": [{}, {}, {}, {\"match\": {\"direction\": \"inbound\"}, "
	"\"rules\": {\"trust.rcpt_domain\": \"rejet\"}}]}",
    "/mailboxes/0: missing member 'match' (the selector)"},
    {"{\"mailboxes\": ["
	"{\"match\": {\"direction\": \"inbound\"}},"
	"{\"match\": {\"direction\": \"inbound\"}},"
	"{\"match\": {\"direction\": \"inbound\"}},"
	"{\"match\": {\"direction\": \"inbound\"}, "
	"\"rules\": {\"trust.rcpt_domain\": \"rejet\"}}]}",
    "/mailboxes/3/rules/trust.rcpt_domain: unknown action 'rejet' (expected accept, warn, reject, tempfail or monitor)"},

    /* Mailboxes and selectors. */
    {"{\"mailboxes\": {}}", "/mailboxes: must be an array"},
    {"{\"mailboxes\": [3]}", "/mailboxes/0: must be an object"},
    {"{\"mailboxes\": [{\"match\": {}}]}",
    "/mailboxes/0/match: empty selector: settings for every message belong in the \"default\" section"},
    {"{\"mailboxes\": [{\"match\": {\"_comment\": \"x\"}}]}", "/mailboxes/0/match: empty selector*"},
    {"{\"mailboxes\": [{\"match\": []}]}", "/mailboxes/0/match: must be an object"},
    {"{\"mailboxes\": [{\"match\": {\"senders\": \"a@b.fr\"}}]}",
    "/mailboxes/0/match/senders: unknown member 'senders' (did you mean 'sender'?)"},
    {"{\"mailboxes\": [{\"match\": {\"sender\": \"foo\"}}]}",
    "/mailboxes/0/match/sender: invalid address 'foo' (expected local@domain)"},
    {"{\"mailboxes\": [{\"match\": {\"sender\": \"@b.fr\"}}]}",
    "/mailboxes/0/match/sender: invalid address '@b.fr' (expected local@domain)"},
    {"{\"mailboxes\": [{\"match\": {\"sender\": \"a b@b.fr\"}}]}",
    "/mailboxes/0/match/sender: invalid address 'a b@b.fr' (blank, control or non-ASCII character)"},
    {"{\"mailboxes\": [{\"match\": {\"direction\": \"inbound\"}},"
	"{\"match\": {\"recipient\": [\"a@b.fr\", \"c@d..fr\"]}}]}",
    "/mailboxes/1/match/recipient/1: invalid address 'c@d..fr' (*"},
    {"{\"mailboxes\": [{\"match\": {\"sender\": []}}]}", "/mailboxes/0/match/sender: empty list"},
    {"{\"mailboxes\": [{\"match\": {\"sender\": [1]}}]}", "/mailboxes/0/match/sender/0: must be a string"},
    {"{\"mailboxes\": [{\"match\": {\"sender\": 1}}]}",
    "/mailboxes/0/match/sender: must be a string or an array of strings"},
    {"{\"mailboxes\": [{\"match\": {\"sender_domain\": \"ex ample.fr\"}}]}",
    "/mailboxes/0/match/sender_domain: invalid domain 'ex ample.fr' (*"},
    {"{\"mailboxes\": [{\"match\": {\"recipient_domain\": \"example.fr.\"}}]}",
    "/mailboxes/0/match/recipient_domain: invalid domain 'example.fr.' (*"},
    {"{\"mailboxes\": [{\"match\": {\"sender_type\": [\"ORG\", \"APPP\"]}}]}",
    "/mailboxes/0/match/sender_type/1: unknown mailbox type 'APPP' (did you mean 'APP'?)"},
    {"{\"mailboxes\": [{\"match\": {\"sender_type\": \"none\"}}]}",
    "/mailboxes/0/match/sender_type: unknown mailbox type 'none'"},
    {"{\"mailboxes\": [{\"match\": {\"recipient_type\": []}}]}",
    "/mailboxes/0/match/recipient_type: empty list"},
    {"{\"mailboxes\": [{\"match\": {\"direction\": \"out\"}}]}",
    "/mailboxes/0/match/direction: unknown direction 'out'"},
    {"{\"mailboxes\": [{\"match\": {\"direction\": \"inbound\"}, \"name\": \"\"}]}",
    "/mailboxes/0/name: must be a non-empty string of at most 128 bytes"},
    {"{\"mailboxes\": [{\"match\": {\"direction\": \"inbound\"}, \"name\": \"a\\tb\"}]}",
    "/mailboxes/0/name: control character in the name"},
    {"{\"mailboxes\": [{\"match\": {\"direction\": \"inbound\"}, \"nmae\": \"x\"}]}",
    "/mailboxes/0/nmae: unknown member 'nmae' (did you mean 'name'?)"},
    {"{\"mailboxes\": [{\"match\": {\"direction\": \"inbound\"}, \"require_categroy\": true}]}",
    "/mailboxes/0/require_categroy: unknown member 'require_categroy' (did you mean 'require_category'?)"},

    /* Classes of correspondents and Reply-To. */
    {"{\"default\": {\"allowed_recipients\": {}}}",
    "/default/allowed_recipients: allows nobody: set patients or professionals to true, or list domains or addresses"},
    {"{\"default\": {\"allowed_recipients\": {\"patients\": false, \"domains\": []}}}",
    "/default/allowed_recipients: allows nobody*"},
    {"{\"default\": {\"allowed_senders\": {\"patient\": true}}}",
    "/default/allowed_senders/patient: unknown member 'patient' (did you mean 'patients'?)"},
    {"{\"default\": {\"allowed_senders\": true}}", "/default/allowed_senders: must be an object"},
    {"{\"default\": {\"allowed_senders\": {\"addresses\": [\"x\"]}}}",
    "/default/allowed_senders/addresses/0: invalid address 'x' (expected local@domain)"},
    {"{\"default\": {\"reply_to\": {}}}",
    "/default/reply_to: lists no domain and no address: use true or false"},
    {"{\"default\": {\"reply_to\": \"no\"}}", "/default/reply_to: must be true, false or an object"},
    {"{\"default\": {\"reply_to\": {\"domain\": [\"a.fr\"]}}}",
    "/default/reply_to/domain: unknown member 'domain' (did you mean 'domains'?)"},

    /* Values quoted in errors are sanitised and capped. */
    {"{\"default\": {\"mode\": \"\\u00e9\\u0001'\"}}", "/default/mode: unknown mode '?" "?" "?" "?'"},
    {"{\"default\": {\"mode\": \"0123456789012345678901234567890123456789012345678901234567890123456789\"}}",
    "/default/mode: unknown mode '0123456789012345678901234567890123456789012345678901234567890123...'"},
};

#define NERR (sizeof(err_cases) / sizeof(err_cases[0]))

START_TEST(test_errors)
{
    const ERR_CASE *ec = err_cases + _i;
    MBPOL  *pol;
    size_t  wl = strlen(ec->want);

    pol = compile(ec->json);
    ck_assert_msg(pol == 0, "accepted: %s", ec->json);
    if (ec->want[wl - 1] == '*')
	ck_assert_msg(strncmp(vstr_str(err), ec->want, wl - 1) == 0,
		      "%s: got \"%s\"", ec->json, vstr_str(err));
    else
	ck_assert_msg(strcmp(vstr_str(err), ec->want) == 0,
		      "%s: got \"%s\"", ec->json, vstr_str(err));
}
END_TEST

START_TEST(test_error_embedded_nul)
{
    static const char json[] = "{\"version\": 1}\0junk";

    ck_assert_ptr_null(mbpol_parse(json, sizeof(json) - 1, 0, err));
    ck_assert(strncmp(vstr_str(err), "line 1, column", 14) == 0);
}
END_TEST

 /*
  * Valid files and merging.
  */
START_TEST(test_minimal)
{
    MBPOL  *pol = compile("{}");
    MBPOL_QUERY q = query("a@b.fr", MBPOL_TYPE_PER, "c@d.fr", MBPOL_TYPE_NONE,
			  MBPOL_DIR_OUTBOUND);
    MBPOL_MATCH m;
    const MBPOL_SETTINGS *s;
    int     i;

    ck_assert_ptr_nonnull(pol);
    ck_assert_str_eq(vstr_str(err), "");
    ck_assert_uint_eq(mbpol_selector_count(pol), 0);
    s = mbpol_select(pol, &q, &m);
    ck_assert_ptr_eq(s, m.settings);
    ck_assert_int_eq(m.selector, MBPOL_FROM_DEFAULT);
    ck_assert_int_eq(m.level, MBPOL_LEVEL_DEFAULT);
    ck_assert_str_eq(m.path, "/default");
    ck_assert_str_eq(m.name, "");
    ck_assert_int_eq(s->monitor, 0);
    ck_assert_int_eq(s->recipients.restricted, 0);
    ck_assert_int_eq(s->patient_replies, CONV_REPLIES_DEFAULT);
    ck_assert_int_eq(s->patients_may_start, -1);
    ck_assert_int_eq(s->near_miss_fin, -1);
    ck_assert_int_eq(s->reply_to.allowed, 1);
    for (i = 0; i < MBPOL_F_COUNT; i++)
	ck_assert_int_eq(s->origin[i], MBPOL_FROM_CONFIG);
    mbpol_free(pol);
    mbpol_free(0);
}
END_TEST

START_TEST(test_merge)
{
    static const char json[] =
    "{\"_comment\": [\"a\", \"b\"], \"version\": 1,"
    " \"default\": {\"_comment\": \"c\", \"max_size\": \"10M\","
    "   \"rules\": {\"_comment\": \"d\", \"doc.x_mss_nil\": \"warn\", \"ins.key\": \"monitor\"}},"
    " \"mailboxes\": [{\"name\": \"crh\", \"_comment\": \"e\","
    "   \"match\": {\"_comment\": \"f\", \"sender\": \"CRH@CH.mssante.fr\"},"
    "   \"mode\": \"monitor\", \"max_size\": 1000, \"require_nil\": true,"
    "   \"patient_replies\": false, \"patients_may_start\": true,"
    "   \"near_miss_fin\": \"fix\", \"max_recipients\": 1,"
    "   \"allowed_recipients\": {\"_comment\": \"g\", \"patients\": true},"
    "   \"reply_to\": {\"domains\": \"ch.mssante.fr\"},"
    "   \"rules\": {\"doc.x_mss_nil\": \"reject\", \"mbpol.reply_to\": \"tempfail\"}}]}";
    MBPOL_SETTINGS base;
    MBPOL  *pol;
    MBPOL_QUERY q = query("crh@ch.mssante.fr", MBPOL_TYPE_APP,
			  "1@patient.mssante.fr", MBPOL_TYPE_NONE,
			  MBPOL_DIR_OUTBOUND);
    MBPOL_MATCH m;
    const MBPOL_SETTINGS *s;
    int     origin;

    mbpol_settings_init(&base);
    base.require_category = 1;
    ck_assert_int_eq(mbpol_settings_rule(&base, "trust.peer_cert", MBPOL_ACT_MONITOR), 0);
    ck_assert_int_eq(mbpol_settings_rule(&base, "ins.key", MBPOL_ACT_WARN), 0);
    ck_assert_int_eq(mbpol_settings_rule(&base, "ins.key", MBPOL_ACT_REJECT), 0);
    ck_assert_int_eq(mbpol_settings_rule(&base, "no.such", MBPOL_ACT_REJECT), -1);
    ck_assert_int_eq(mbpol_settings_rule(&base, "ins.key", MBPOL_ACT_UNSET), -1);
    ck_assert_uint_eq(base.rule_count, 2);
    pol = mbpol_parse(json, strlen(json), &base, err);
    mbpol_settings_free(&base);
    ck_assert_msg(pol != 0, "%s", vstr_str(err));

    /* The selector. */
    s = mbpol_select(pol, &q, &m);
    ck_assert_int_eq(m.selector, 0);
    ck_assert_str_eq(m.name, "crh");
    ck_assert_str_eq(m.path, "/mailboxes/0");
    ck_assert_int_eq(m.level, MBPOL_LEVEL_ADDRESS);
    ck_assert_int_eq(s->monitor, 1);
    ck_assert_int_eq(s->origin[MBPOL_F_MODE], 0);
    ck_assert_int_eq(s->max_size, 1000);
    ck_assert_int_eq(s->origin[MBPOL_F_MAX_SIZE], 0);
    ck_assert_int_eq(s->require_category, 1);	/* from the base */
    ck_assert_int_eq(s->origin[MBPOL_F_REQUIRE_CATEGORY], MBPOL_FROM_CONFIG);
    ck_assert_int_eq(s->require_nil, 1);
    ck_assert_int_eq(s->patient_replies, CONV_REPLIES_DENY);
    ck_assert_int_eq(s->patients_may_start, 1);
    ck_assert_int_eq(s->near_miss_fin, CONV_NEAR_FIX);
    ck_assert_int_eq(s->max_recipients, 1);
    ck_assert_int_eq(s->recipients.restricted, 1);
    ck_assert_int_eq(s->recipients.patients, 1);
    ck_assert_int_eq(s->recipients.professionals, 0);
    ck_assert_int_eq(s->senders.restricted, 0);
    ck_assert_uint_eq(s->reply_to.domains.count, 1);
    ck_assert_str_eq(s->reply_to.domains.items[0], "ch.mssante.fr");
    ck_assert_int_eq(mbpol_rule_action(s, "doc.x_mss_nil", &origin), MBPOL_ACT_REJECT);
    ck_assert_int_eq(origin, 0);
    ck_assert_int_eq(mbpol_rule_action(s, "ins.key", &origin), MBPOL_ACT_MONITOR);
    ck_assert_int_eq(origin, MBPOL_FROM_DEFAULT);
    ck_assert_int_eq(mbpol_rule_action(s, "trust.peer_cert", &origin), MBPOL_ACT_MONITOR);
    ck_assert_int_eq(origin, MBPOL_FROM_CONFIG);
    ck_assert_int_eq(mbpol_rule_action(s, "mbpol.reply_to", 0), MBPOL_ACT_TEMPFAIL);
    ck_assert_int_eq(mbpol_rule_action(s, "trust.rcpt_domain", &origin), MBPOL_ACT_UNSET);
    ck_assert_int_eq(origin, MBPOL_FROM_CONFIG);
    /* Mode monitor: reject and tempfail become monitor, from the mode. */
    ck_assert_int_eq(mbpol_effective_action(s, "doc.x_mss_nil", &origin), MBPOL_ACT_MONITOR);
    ck_assert_int_eq(origin, 0);
    ck_assert_int_eq(mbpol_effective_action(s, "mbpol.reply_to", 0), MBPOL_ACT_MONITOR);
    ck_assert_int_eq(mbpol_effective_action(s, "trust.rcpt_domain", 0), MBPOL_ACT_MONITOR);

    /* The default section, for another sender. */
    q.sender = "other@ch.mssante.fr";
    s = mbpol_select(pol, &q, &m);
    ck_assert_int_eq(m.selector, MBPOL_FROM_DEFAULT);
    ck_assert_int_eq(s->monitor, 0);
    ck_assert_int_eq(s->max_size, 10 * 1024 * 1024);
    ck_assert_int_eq(s->origin[MBPOL_F_MAX_SIZE], MBPOL_FROM_DEFAULT);
    ck_assert_int_eq(mbpol_rule_action(s, "doc.x_mss_nil", 0), MBPOL_ACT_WARN);
    ck_assert_int_eq(mbpol_effective_action(s, "doc.x_mss_nil", 0), MBPOL_ACT_WARN);
    ck_assert_int_eq(mbpol_effective_action(s, "trust.rcpt_domain", &origin), MBPOL_ACT_REJECT);
    ck_assert_int_eq(mbpol_effective_action(s, "dir.error", 0), MBPOL_ACT_TEMPFAIL);
    ck_assert_int_eq(s->recipients.restricted, 0);
    mbpol_free(pol);
}
END_TEST

 /*
  * Precedence: one selector per level, written from the least specific
  * to the most specific so that file order cannot explain the result.
  */
static const char precedence_json[] =
"{\"mailboxes\": ["
" {\"name\": \"dir\", \"match\": {\"direction\": \"outbound\"}},"
" {\"name\": \"type\", \"match\": {\"sender_type\": \"APP\"}},"
" {\"name\": \"domain\", \"match\": {\"sender_domain\": \"ch.mssante.fr\"}},"
" {\"name\": \"type+domain\", \"match\": {\"sender_type\": [\"APP\", \"ORG\"],"
"   \"sender_domain\": \"ch.mssante.fr\"}},"
" {\"name\": \"address\", \"match\": {\"sender\": \"crh@ch.mssante.fr\","
"   \"direction\": \"outbound\"}},"
" {\"name\": \"address2\", \"match\": {\"sender\": [\"x@y.fr\", \"CRH@ch.mssante.fr\"]}},"
" {\"name\": \"rcpt\", \"match\": {\"recipient\": \"pharma@ph.mssante.fr\"}},"
" {\"name\": \"rcpt-type\", \"match\": {\"recipient_type\": \"ORG\","
"   \"direction\": \"inbound\"}}"
"]}";

/* selected - the name of the selector that applies */

static const char *selected(MBPOL *pol, const char *sender, MBPOL_TYPE st,
			            const char *rcpt, MBPOL_TYPE rt, MBPOL_DIR dir)
{
    MBPOL_QUERY q = query(sender, st, rcpt, rt, dir);
    MBPOL_MATCH m;

    mbpol_select(pol, &q, &m);
    return (m.selector < 0 ? "default" : m.name);
}

START_TEST(test_precedence)
{
    MBPOL  *pol = compile(precedence_json);
    const char *pat = "1@patient.mssante.fr";

    ck_assert_msg(pol != 0, "%s", vstr_str(err));
    ck_assert_uint_eq(mbpol_selector_count(pol), 8);
    /* address > type+domain > domain > type > direction > default */
    ck_assert_str_eq(selected(pol, "crh@ch.mssante.fr", MBPOL_TYPE_APP, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND), "address");
    ck_assert_str_eq(selected(pol, "lab@ch.mssante.fr", MBPOL_TYPE_APP, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND), "type+domain");
    ck_assert_str_eq(selected(pol, "lab@ch.mssante.fr", MBPOL_TYPE_PER, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND), "domain");
    ck_assert_str_eq(selected(pol, "lab@other.mssante.fr", MBPOL_TYPE_APP, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND), "type");
    ck_assert_str_eq(selected(pol, "lab@other.mssante.fr", MBPOL_TYPE_PER, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND), "dir");
    ck_assert_str_eq(selected(pol, "lab@other.mssante.fr", MBPOL_TYPE_PER, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_INBOUND), "default");
    /* A condition of the address selector fails: the next one applies. */
    ck_assert_str_eq(selected(pol, "crh@ch.mssante.fr", MBPOL_TYPE_APP, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_INBOUND), "address2");
    /* Unknown type never matches a type condition. */
    ck_assert_str_eq(selected(pol, "lab@other.mssante.fr", MBPOL_TYPE_NONE, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND), "dir");
    /* Domains match exactly: no subdomain, no parent. */
    ck_assert_str_eq(selected(pol, "lab@sub.ch.mssante.fr", MBPOL_TYPE_PER, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_INBOUND), "default");
    ck_assert_str_eq(selected(pol, "lab@CH.MSSANTE.FR", MBPOL_TYPE_PER, pat,
			      MBPOL_TYPE_NONE, MBPOL_DIR_INBOUND), "domain");
    /* Recipient side. */
    ck_assert_str_eq(selected(pol, pat, MBPOL_TYPE_NONE, "Pharma@PH.mssante.fr",
			      MBPOL_TYPE_ORG, MBPOL_DIR_INBOUND), "rcpt");
    ck_assert_str_eq(selected(pol, pat, MBPOL_TYPE_NONE, "x@ph.mssante.fr",
			      MBPOL_TYPE_ORG, MBPOL_DIR_INBOUND), "rcpt-type");
    ck_assert_str_eq(selected(pol, pat, MBPOL_TYPE_NONE, "x@ph.mssante.fr",
			      MBPOL_TYPE_PER, MBPOL_DIR_INBOUND), "default");
    /* Null sender and NULL strings match no address or domain. */
    ck_assert_str_eq(selected(pol, "", MBPOL_TYPE_NONE, 0, MBPOL_TYPE_NONE,
			      MBPOL_DIR_INBOUND), "default");
    mbpol_free(pol);
}
END_TEST

START_TEST(test_ties)
{
    static const char json[] =
    "{\"mailboxes\": ["
    " {\"name\": \"first\", \"match\": {\"sender_domain\": \"ch.mssante.fr\"}},"
    " {\"name\": \"second\", \"match\": {\"recipient_domain\": \"patient.mssante.fr\"}},"
    " {\"name\": \"third\", \"match\": {\"sender_domain\": \"ch.mssante.fr\","
    "   \"direction\": \"outbound\"}}]}";
    MBPOL  *pol = compile(json);

    ck_assert_msg(pol != 0, "%s", vstr_str(err));
    /* Same level (domain): the first in the file, whatever else it says. */
    ck_assert_str_eq(selected(pol, "a@ch.mssante.fr", MBPOL_TYPE_PER,
			      "1@patient.mssante.fr", MBPOL_TYPE_NONE,
			      MBPOL_DIR_OUTBOUND), "first");
    ck_assert_str_eq(selected(pol, "a@x.mssante.fr", MBPOL_TYPE_PER,
			      "1@patient.mssante.fr", MBPOL_TYPE_NONE,
			      MBPOL_DIR_OUTBOUND), "second");
    mbpol_free(pol);
}
END_TEST

 /*
  * Helpers and names.
  */
START_TEST(test_peers)
{
    static const char json[] =
    "{\"default\": {\"allowed_recipients\": {\"domains\": [\"Ch.mssante.fr\"],"
    " \"addresses\": [\"Dr.X@other.mssante.fr\"]}},"
    " \"mailboxes\": [{\"match\": {\"direction\": \"inbound\"},"
    " \"allowed_senders\": {\"patients\": true}, \"reply_to\": false}]}";
    MBPOL  *pol = compile(json);
    MBPOL_QUERY q = query("a@b.fr", MBPOL_TYPE_PER, "c@d.fr", MBPOL_TYPE_NONE,
			  MBPOL_DIR_OUTBOUND);
    const MBPOL_SETTINGS *s;

    ck_assert_msg(pol != 0, "%s", vstr_str(err));
    s = mbpol_select(pol, &q, 0);
    ck_assert(mbpol_peer_allowed(&s->recipients, "a@ch.mssante.fr", 0));
    ck_assert(mbpol_peer_allowed(&s->recipients, "dr.x@OTHER.mssante.fr", 0));
    ck_assert(!mbpol_peer_allowed(&s->recipients, "dr.y@other.mssante.fr", 0));
    ck_assert(!mbpol_peer_allowed(&s->recipients, "a@sub.ch.mssante.fr", 0));
    ck_assert(!mbpol_peer_allowed(&s->recipients, "1@patient.mssante.fr", 1));
    ck_assert(!mbpol_peer_allowed(&s->recipients, "", 0));
    ck_assert(!mbpol_peer_allowed(&s->recipients, 0, 0));
    ck_assert(mbpol_peer_allowed(&s->senders, "anyone@x.fr", 0));
    ck_assert(mbpol_reply_to_allowed(s, "anyone@x.fr"));
    q.dir = MBPOL_DIR_INBOUND;
    s = mbpol_select(pol, &q, 0);
    ck_assert(mbpol_peer_allowed(&s->senders, "1@patient.mssante.fr", 1));
    ck_assert(!mbpol_peer_allowed(&s->senders, "dr@ch.mssante.fr", 0));
    ck_assert(!mbpol_reply_to_allowed(s, "anyone@x.fr"));
    mbpol_free(pol);

    pol = compile("{\"default\": {\"reply_to\": {\"addresses\": \"sec@ch.mssante.fr\","
		  " \"domains\": [\"labo.mssante.fr\"]},"
		  " \"allowed_recipients\": {\"professionals\": true}}}");
    ck_assert_msg(pol != 0, "%s", vstr_str(err));
    s = mbpol_select(pol, &q, 0);
    ck_assert(mbpol_reply_to_allowed(s, "SEC@ch.mssante.fr"));
    ck_assert(mbpol_reply_to_allowed(s, "x@labo.mssante.fr"));
    ck_assert(!mbpol_reply_to_allowed(s, "dr@ch.mssante.fr"));
    ck_assert(!mbpol_reply_to_allowed(s, ""));
    ck_assert(mbpol_peer_allowed(&s->recipients, "dr@ch.mssante.fr", 0));
    ck_assert(!mbpol_peer_allowed(&s->recipients, "1@patient.mssante.fr", 1));
    mbpol_free(pol);
}
END_TEST

START_TEST(test_names)
{
    MBPOL_ACTION a = MBPOL_ACT_UNSET;
    MBPOL_TYPE t = MBPOL_TYPE_NONE;
    int     i;

    for (i = MBPOL_ACT_ACCEPT; i < MBPOL_ACTION_COUNT; i++) {
	ck_assert_int_eq(mbpol_action_parse(mbpol_action_name((MBPOL_ACTION) i), &a), 0);
	ck_assert_int_eq(a, i);
    }
    ck_assert_int_eq(mbpol_action_parse("default", &a), -1);
    ck_assert_int_eq(mbpol_action_parse("REJECT", &a), 0);
    ck_assert_int_eq(a, MBPOL_ACT_REJECT);
    ck_assert_int_eq(mbpol_action_parse(0, &a), -1);
    ck_assert_str_eq(mbpol_action_name(MBPOL_ACT_UNSET), "default");
    ck_assert_str_eq(mbpol_action_name((MBPOL_ACTION) 99), "unknown");
    ck_assert_int_eq(mbpol_type_parse("app", &t), 0);
    ck_assert_int_eq(t, MBPOL_TYPE_APP);
    ck_assert_int_eq(mbpol_type_parse("none", &t), -1);
    ck_assert_str_eq(mbpol_type_name(MBPOL_TYPE_CAB), "CAB");
    ck_assert_str_eq(mbpol_type_name((MBPOL_TYPE) 99), "unknown");
    ck_assert_str_eq(mbpol_dir_name(MBPOL_DIR_OUTBOUND), "outbound");
    ck_assert_str_eq(mbpol_dir_name((MBPOL_DIR) 5), "unknown");
    ck_assert_str_eq(mbpol_level_name(MBPOL_LEVEL_TYPE_DOMAIN), "type+domain");
    ck_assert_str_eq(mbpol_level_name((MBPOL_LEVEL) 42), "unknown");
    ck_assert_str_eq(mbpol_field_name(MBPOL_F_REPLY_TO), "reply_to");
    ck_assert_str_eq(mbpol_field_name((MBPOL_FIELD) 42), "unknown");
    ck_assert_int_eq(mbpol_action_verdict(MBPOL_ACT_REJECT), VERDICT_REJECT);
    ck_assert_int_eq(mbpol_action_verdict(MBPOL_ACT_TEMPFAIL), VERDICT_TEMPFAIL);
    ck_assert_int_eq(mbpol_action_verdict(MBPOL_ACT_MONITOR), VERDICT_CONTINUE);
    ck_assert_int_eq(mbpol_action_verdict(MBPOL_ACT_WARN), VERDICT_CONTINUE);
    ck_assert_int_eq(mbpol_action_verdict(MBPOL_ACT_ACCEPT), VERDICT_CONTINUE);
}
END_TEST

START_TEST(test_rules_known)
{
    const char *ids[MBPOL_RULE_IDS_MAX];
    const RULE_INFO *t;
    size_t  n, i, j;

    n = mbpol_rule_ids(ids, MBPOL_RULE_IDS_MAX);
    ck_assert_uint_gt(n, 30);
    for (i = 0; i < n; i++) {
	ck_assert_ptr_eq(mbpol_rule_known(ids[i]), ids[i]);
	ck_assert_int_ne(mbpol_builtin_action(ids[i]), MBPOL_ACT_UNSET);
	for (j = 0; j < i; j++)
	    ck_assert_str_ne(ids[i], ids[j]);
    }
    ck_assert_uint_eq(mbpol_rule_ids(ids, 3), 3);
    ck_assert_ptr_nonnull(mbpol_rule_known("trust.rcpt_domain"));
    ck_assert_ptr_nonnull(mbpol_rule_known("doc.patient_mismatch"));
    ck_assert_ptr_nonnull(mbpol_rule_known("conv.closed"));
    ck_assert_ptr_nonnull(mbpol_rule_known("mbpol.rcpt_class"));
    ck_assert_ptr_null(mbpol_rule_known("trust"));
    ck_assert_ptr_null(mbpol_rule_known(0));
    ck_assert_int_eq(mbpol_builtin_action("doc.category_missing"), MBPOL_ACT_WARN);
    ck_assert_int_eq(mbpol_builtin_action("doc.xdm_unsafe"), MBPOL_ACT_REJECT);
    ck_assert_int_eq(mbpol_builtin_action("conv.near_miss_fin"), MBPOL_ACT_WARN);
    ck_assert_int_eq(mbpol_builtin_action("conv.not_opened"), MBPOL_ACT_REJECT);
    ck_assert_int_eq(mbpol_builtin_action("internal.error"), MBPOL_ACT_TEMPFAIL);
    ck_assert_int_eq(mbpol_builtin_action("audit.error"), MBPOL_ACT_TEMPFAIL);
    ck_assert_int_eq(mbpol_builtin_action("doc.unanalysed"), MBPOL_ACT_REJECT);
    ck_assert_int_eq(mbpol_builtin_action("trust.peer_cert"), MBPOL_ACT_REJECT);
    ck_assert_int_eq(mbpol_builtin_action("mbpol.max_size"), MBPOL_ACT_REJECT);
    ck_assert_int_eq(mbpol_builtin_action("x"), MBPOL_ACT_UNSET);
    ck_assert_int_eq(mbpol_builtin_action(0), MBPOL_ACT_UNSET);
    t = mbpol_rule_table(&n);
    ck_assert_uint_eq(n, 7);
    for (i = 0; i < n; i++) {
	const char *p;

	ck_assert_ptr_eq(mbpol_rule_find(t[i].id), t + i);
	for (p = t[i].text_fr; *p; p++)
	    ck_assert((unsigned char) *p >= 0x20 && (unsigned char) *p < 0x7f);
	ck_assert_ptr_nonnull(strstr(t[i].text_fr, "{rule}"));
	ck_assert_ptr_nonnull(strstr(t[i].text_en, "{rule}"));
	ck_assert(t[i].rcode[0] == '5' && t[i].temp_rcode[0] == '4');
    }
    ck_assert_ptr_null(mbpol_rule_find(0));
}
END_TEST

START_TEST(test_parse_size)
{
    unsigned long long v = 7;

    ck_assert_int_eq(mbpol_parse_size("0", &v), 0);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(mbpol_parse_size("25M", &v), 0);
    ck_assert_int_eq(v, 25ULL * 1024 * 1024);
    ck_assert_int_eq(mbpol_parse_size("3k", &v), 0);
    ck_assert_int_eq(v, 3072);
    ck_assert_int_eq(mbpol_parse_size("3K", &v), 0);
    ck_assert_int_eq(mbpol_parse_size("2G", &v), 0);
    ck_assert_int_eq(v, 2ULL << 30);
    ck_assert_int_eq(mbpol_parse_size("18446744073709551615", &v), 0);
    ck_assert_int_eq(mbpol_parse_size("18446744073709551616", &v), -1);
    ck_assert_int_eq(mbpol_parse_size("17179869184G", &v), -1);
    ck_assert_int_eq(mbpol_parse_size("25m", &v), -1);
    ck_assert_int_eq(mbpol_parse_size("25MB", &v), -1);
    ck_assert_int_eq(mbpol_parse_size(" 25", &v), -1);
    ck_assert_int_eq(mbpol_parse_size("", &v), -1);
    ck_assert_int_eq(mbpol_parse_size("M", &v), -1);
    ck_assert_int_eq(mbpol_parse_size(0, &v), -1);
    ck_assert(v == 18446744073709551615ULL);
}
END_TEST

 /*
  * The example policies in contrib/policy.
  */

/* load - read and compile a contrib/policy file */

static MBPOL *load(const char *name)
{
    const char *top = getenv("top_srcdir");
    VSTR   *path = vstr_alloc(100);
    VSTR   *data = vstr_alloc(4096);
    FILE   *fp;
    char    buf[4096];
    size_t  n;
    MBPOL  *pol;

    vstr_sprintf(path, "%s/contrib/policy/%s", top && *top ? top : TOP_SRCDIR, name);
    fp = fopen(vstr_str(path), "r");
    ck_assert_msg(fp != 0, "cannot open %s", vstr_str(path));
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
	vstr_ncat(data, buf, n);
    fclose(fp);
    pol = mbpol_parse(vstr_str(data), vstr_len(data), 0, err);
    ck_assert_msg(pol != 0, "%s: %s", vstr_str(path), vstr_str(err));
    vstr_free(path);
    vstr_free(data);
    return (pol);
}

START_TEST(test_examples_all)
{
    const char *top = getenv("top_srcdir");
    VSTR   *dir = vstr_alloc(100);
    DIR    *dp;
    struct dirent *de;
    int     count = 0;
    size_t  len;

    vstr_sprintf(dir, "%s/contrib/policy", top && *top ? top : TOP_SRCDIR);
    dp = opendir(vstr_str(dir));
    ck_assert_msg(dp != 0, "cannot open %s", vstr_str(dir));
    while ((de = readdir(dp)) != 0) {
	len = strlen(de->d_name);
	if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0) {
	    mbpol_free(load(de->d_name));
	    count++;
	}
    }
    closedir(dp);
    vstr_free(dir);
    ck_assert_int_ge(count, 3);
}
END_TEST

START_TEST(test_example_hospital)
{
    MBPOL  *pol = load("hospital-app-discharge.json");
    MBPOL_QUERY q = query("lettres-sortie_noreply@ch-exemple.mssante.fr",
			  MBPOL_TYPE_APP, "285037728417346@patient.mssante.fr",
			  MBPOL_TYPE_NONE, MBPOL_DIR_OUTBOUND);
    const MBPOL_SETTINGS *s;
    MBPOL_MATCH m;

    s = mbpol_select(pol, &q, &m);
    ck_assert_int_eq(m.selector, 0);
    ck_assert(mbpol_peer_allowed(&s->recipients, q.recipient, 1));
    ck_assert(!mbpol_peer_allowed(&s->recipients, "dr@ch-exemple.mssante.fr", 0));
    ck_assert_int_eq(s->require_category, 1);
    ck_assert_int_eq(s->require_nil, 1);
    ck_assert_int_eq(s->patient_replies, CONV_REPLIES_DENY);
    ck_assert_int_eq(s->reply_to.allowed, 0);
    ck_assert_int_eq(s->max_recipients, 1);
    ck_assert_int_eq(mbpol_effective_action(s, "doc.category_missing", 0), MBPOL_ACT_REJECT);
    /* Mail to the unattended mailbox. */
    q = query("dr@ch-exemple.mssante.fr", MBPOL_TYPE_PER,
	      "lettres-sortie_noreply@ch-exemple.mssante.fr", MBPOL_TYPE_APP,
	      MBPOL_DIR_INBOUND);
    s = mbpol_select(pol, &q, &m);
    ck_assert_int_eq(m.selector, 1);
    ck_assert(!mbpol_peer_allowed(&s->senders, q.sender, 0));
    ck_assert(mbpol_peer_allowed(&s->senders, "dim@ch-exemple.mssante.fr", 0));
    mbpol_free(pol);
}
END_TEST

START_TEST(test_example_pharmacy)
{
    MBPOL  *pol = load("pharmacy-org.json");
    MBPOL_QUERY q = query("285037728417346@patient.mssante.fr", MBPOL_TYPE_NONE,
			  "contact@pharmacie-du-centre.mssante.fr",
			  MBPOL_TYPE_ORG, MBPOL_DIR_INBOUND);
    const MBPOL_SETTINGS *s;

    s = mbpol_select(pol, &q, 0);
    ck_assert_int_eq(s->patients_may_start, 1);
    ck_assert(mbpol_peer_allowed(&s->senders, q.sender, 1));
    q = query("contact@pharmacie-du-centre.mssante.fr", MBPOL_TYPE_ORG,
	      "285037728417346@patient.mssante.fr", MBPOL_TYPE_NONE,
	      MBPOL_DIR_OUTBOUND);
    s = mbpol_select(pol, &q, 0);
    ck_assert_int_eq(s->patient_replies, CONV_REPLIES_ALLOW);
    ck_assert_int_eq(s->near_miss_fin, CONV_NEAR_FIX);
    mbpol_free(pol);
}
END_TEST

START_TEST(test_example_service)
{
    MBPOL  *pol = load("service-org-monitor.json");
    MBPOL_QUERY q = query("cardiologie@ch-exemple.mssante.fr", MBPOL_TYPE_ORG,
			  "dr@clinique.mssante.fr", MBPOL_TYPE_NONE,
			  MBPOL_DIR_OUTBOUND);
    const MBPOL_SETTINGS *s;
    MBPOL_MATCH m;

    s = mbpol_select(pol, &q, &m);
    ck_assert_int_eq(m.selector, 0);
    ck_assert_int_eq(s->monitor, 1);
    ck_assert_int_eq(mbpol_effective_action(s, "mbpol.reply_to", 0), MBPOL_ACT_MONITOR);
    ck_assert(mbpol_reply_to_allowed(s, "secretariat-cardiologie@ch-exemple.mssante.fr"));
    ck_assert(!mbpol_reply_to_allowed(s, "dr@ch-exemple.mssante.fr"));
    /* Another ORG mailbox of the domain: the type+domain selector. */
    q.sender = "urgences@ch-exemple.mssante.fr";
    s = mbpol_select(pol, &q, &m);
    ck_assert_int_eq(m.selector, 2);
    ck_assert_int_eq(m.level, MBPOL_LEVEL_TYPE_DOMAIN);
    ck_assert_int_eq(s->max_size, 20ULL * 1024 * 1024);
    /* A PER mailbox: the default section, enforce. */
    q.sender_type = MBPOL_TYPE_PER;
    s = mbpol_select(pol, &q, &m);
    ck_assert_int_eq(m.selector, MBPOL_FROM_DEFAULT);
    ck_assert_int_eq(s->monitor, 0);
    ck_assert_int_eq(s->origin[MBPOL_F_MODE], MBPOL_FROM_DEFAULT);
    mbpol_free(pol);
}
END_TEST

/* mbpol_suite - all tests */

static Suite *mbpol_suite(void)
{
    Suite  *s = suite_create("mbpol");
    TCase  *tc;

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_errors, 0, (int) NERR);
    tcase_add_test(tc, test_error_embedded_nul);
    suite_add_tcase(s, tc);

    tc = tcase_create("parse");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_minimal);
    tcase_add_test(tc, test_merge);
    tcase_add_test(tc, test_parse_size);
    suite_add_tcase(s, tc);

    tc = tcase_create("select");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_precedence);
    tcase_add_test(tc, test_ties);
    tcase_add_test(tc, test_peers);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_rules_known);
    suite_add_tcase(s, tc);

    tc = tcase_create("examples");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_examples_all);
    tcase_add_test(tc, test_example_hospital);
    tcase_add_test(tc, test_example_pharmacy);
    tcase_add_test(tc, test_example_service);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(mbpol_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
