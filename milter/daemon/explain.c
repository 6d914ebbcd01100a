/*++
/* NAME
/*	explain 3
/* SUMMARY
/*	mssante-milter --explain: what the policy does with a message
/* SYNOPSIS
/*	#include "explain.h"
/*
/*	int	explain_wanted(argc, argv)
/*	int	argc;
/*	char	**argv;
/*
/*	int	explain_main(argc, argv)
/*	int	argc;
/*	char	**argv;
/* DESCRIPTION
/*	explain_wanted() tells whether the command line asks for
/*	--explain; explain_main() then does all of it and returns the
/*	exit status:
/*
/*	mssante-milter [-c file] --explain --from ADDR --rcpt ADDR
/*	[--rcpt ADDR...] [--message FILE] [--json] [--sender-type TYPE]
/*	[--rcpt-type TYPE] [--direction inbound|outbound]
/*
/*	It evaluates a message without an MTA and without a running
/*	milter, with the same code as the daemon: for each recipient the
/*	selection of the per-mailbox policy (mbpol_explain_text(3) or
/*	mbpol_explain_json(3)), then one transaction through the
/*	daemon's own stages(3) and site policy, live_policy(3) (MAIL
/*	FROM, each RCPT TO, and with --message its headers, size,
/*	documents and conversations at end of message; only the peer's
/*	certificate is left out, as it needs a connection), printing at
/*	each stage the action, the rule, the reply code and text, and in
/*	monitor what enforce would have done. The conversation rules run
/*	when Conversations is yes and the directory answers: the site key
/*	is loaded as the daemon loads it (mlfi_conv_start(3)) and the
/*	states they compute are never written.
/*
/*	The directory (LDAPURI) gives the mailbox types and the trust
/*	space when it answers; otherwise the output says "directory not
/*	consulted", the trust-space rules are not evaluated, and the
/*	types come from --sender-type and --rcpt-type (default none).
/*	Those options also override the directory. The direction is
/*	--direction, else outbound when the sender is a mailbox of the
/*	directory or --sender-type names one, else inbound.
/* DIAGNOSTICS
/*	Exit status 0 when the message would be accepted, 3 when a stage
/*	would refuse it (or a recipient), 1 for a configuration or policy
/*	error, 2 for a usage error.
/*--*/

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>

#include "mymalloc.h"
#include "vstr.h"
#include "msg.h"
#include "cfg.h"
#include "dir.h"
#include "decide.h"
#include "rcpt.h"
#include "mbpol.h"
#include "live.h"
#include "mlfi_mbpol.h"
#include "mlfi_conv.h"
#include "docs_conf.h"
#include "docs_msg.h"
#include "mime.h"
#include "xdm.h"
#include "stages.h"
#include "explain.h"

typedef struct EXPLAIN {
    CFG    *cfg;
    MBPOL  *pol;
    DIR_CLIENT *dir;
    TRUST  *trust;
    DECIDE_POLICY dpol;
    DOCS_CONF *docs;			/* documents configuration */
    DOCS_MSG *dm;			/* documents of the message */
    MLFI_CONV *conv;			/* conversations, or NULL */
    VSTR   *conv_note;			/* why not evaluated, or "" */
    LIVE    live;			/* what the stages read (stages(3)) */
    int     json;
    int     sender_type;		/* -1: the directory */
    int     rcpt_type;
    int     direction;			/* -1: guess */
    const char *from;
    const char **rcpts;
    int     rcpt_count;
    const char *message;
    VSTR   *dir_note;			/* why not consulted, or "" */
    VSTR   *out;			/* text output */
    json_t *jout;			/* JSON output */
    json_t *stages;
    int     refused;
} EXPLAIN;

static const char explain_usage[] =
"usage: mssante-milter [-c file] --explain --from ADDR --rcpt ADDR [--rcpt ADDR...]\n"
"                      [--message FILE] [--json] [--sender-type TYPE]\n"
"                      [--rcpt-type TYPE] [--direction inbound|outbound]\n";

/* explain_wanted - does the command line say --explain? */

int     explain_wanted(int argc, char **argv)
{
    int     i;

    for (i = 1; i < argc; i++)
	if (strcmp(argv[i], "--explain") == 0)
	    return (1);
    return (0);
}

/* explain_type - a type option: PER, ORG, APP, CAB or none */

static int explain_type(const char *text)
{
    MBPOL_TYPE t;

    if (strcasecmp(text, "none") == 0)
	return (MBPOL_TYPE_NONE);
    if (mbpol_type_parse(text, &t) < 0)
	return (-2);
    return ((int) t);
}

/* explain_directory - connect, load the trust space, or say why not */

static void explain_directory(EXPLAIN *ex)
{
    DIR_CONFIG dc;
    VSTR   *secret = vstr_alloc(64), *err = vstr_alloc(64);
    DIR_STATUS st;

    memset(&dc, 0, sizeof(dc));
    dc.uri = ex->cfg->ldap_uri;
    dc.base = ex->cfg->ldap_base;
    dc.bind_dn = *ex->cfg->ldap_bind_dn ? ex->cfg->ldap_bind_dn : 0;
    if (*ex->cfg->ldap_bind_password_file
	&& live_read_secret(ex->cfg->ldap_bind_password_file, secret, err) == 0)
	dc.bind_password = vstr_str(secret);
    dc.timeout_ms = (int) ex->cfg->ldap_timeout;
    dc.pool_size = 1;
    dc.cache_size = 100;
    dc.cache_ttl = 60;
    dc.cache_neg_ttl = 60;
    if (*ex->cfg->ldap_uri == 0) {
	vstr_strcpy(ex->dir_note, "LDAPURI is empty");
    } else if ((ex->dir = dir_create(&dc)) == 0) {
	vstr_sprintf(ex->dir_note, "cannot create a client for %s",
		     ex->cfg->ldap_uri);
    } else if ((st = dir_trust_load(ex->dir, &ex->trust)) != DIR_FOUND) {
	vstr_sprintf(ex->dir_note, "%s: %s", ex->cfg->ldap_uri,
		     dir_status_name(st));
	dir_free(ex->dir);
	ex->dir = 0;
	ex->trust = 0;
    }
    memset(vstr_str(secret), 0, vstr_len(secret));
    vstr_free(secret);
    vstr_free(err);
}

/* explain_conversations - the conversation checks, as the daemon starts them */

static void explain_conversations(EXPLAIN *ex)
{
    VSTR   *err;

    if (!ex->cfg->conversations) {
	vstr_strcpy(ex->conv_note, "Conversations is no");
    } else if (ex->dir == 0) {
	vstr_strcpy(ex->conv_note, "directory not consulted");
    } else {
	err = vstr_alloc(100);
	/* The daemon's own start: the site key, or why not (mlfi_conv_key(3)). */
	if (mlfi_conv_start(ex->cfg, err) < 0)
	    vstr_strcpy(ex->conv_note, vstr_str(err));
	else {
	    ex->conv = mlfi_conv_create();
	    /* An expired conversation is closed at once by the daemon: not here. */
	    mlfi_conv_dry_run(ex->conv);
	}
	vstr_free(err);
    }
}

/* explain_stage - report what one stage decided */

static void explain_stage(EXPLAIN *ex, const char *stage, const char *addr,
			          VERDICT_ACTION act, const VERDICT *v,
			          const DECIDE_MSG *msg, int first_rule)
{
    const char *what;
    json_t *js, *rules;
    int     i;

    what = act != VERDICT_CONTINUE ? verdict_action_name(act) :
	v->rule ? "monitor" : "continue";
    if (act != VERDICT_CONTINUE)
	ex->refused = 1;
    if (ex->json) {
	js = json_object();
	json_object_set_new(js, "stage", json_string(stage));
	if (addr)
	    json_object_set_new(js, "address", json_string(addr));
	json_object_set_new(js, "action", json_string(what));
	if (v->rule) {
	    json_object_set_new(js, "rule", json_string(v->rule));
	    if (act == VERDICT_CONTINUE)
		json_object_set_new(js, "would", json_string(v->rcode[0] == '4' ?
							     "tempfail" : "reject"));
	    json_object_set_new(js, "code", json_string(v->rcode));
	    json_object_set_new(js, "xcode", json_string(v->xcode));
	    json_object_set_new(js, "text", json_string(vstr_str(v->text)));
	}
	rules = json_array();
	for (i = first_rule; i < msg->rule_count; i++)
	    json_array_append_new(rules, json_string(msg->rules[i]));
	json_object_set_new(js, "rules_noted", rules);
	json_array_append_new(ex->stages, js);
	return;
    }
    vstr_sprintf_append(ex->out, "  %s%s%s: %s", stage, addr ? " " : "",
			addr ? addr : "", what);
    if (v->rule)
	vstr_sprintf_append(ex->out, "%s %s %s %s",
			    act == VERDICT_CONTINUE ? " (would refuse:" : ":",
			    v->rcode, v->xcode, vstr_str(v->text));
    if (v->rule && act == VERDICT_CONTINUE)
	vstr_cat(ex->out, ")");
    for (i = first_rule; i < msg->rule_count; i++)
	vstr_sprintf_append(ex->out, "%s%s", i == first_rule ?
			    "\n      rules noted: " : ", ", msg->rules[i]);
    vstr_cat(ex->out, "\n");
}

/* explain_message - headers and size of --message */

static int explain_message(EXPLAIN *ex, const STAGES *st, DECIDE_MSG *msg)
{
    FILE   *fp;
    VSTR   *text = vstr_alloc(4096), *name = vstr_alloc(64), *value = vstr_alloc(256);
    char    buf[8192];
    size_t  n;
    char   *cp, *end, *eol, *colon;

    if ((fp = fopen(ex->message, "r")) == 0) {
	fprintf(stderr, "mssante-milter: %s: %s\n", ex->message, strerror(errno));
	vstr_free(text);
	vstr_free(name);
	vstr_free(value);
	return (-1);
    }
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
	vstr_ncat(text, buf, n);
    fclose(fp);
    cp = vstr_str(text);
    end = cp + vstr_len(text);
    while (cp < end) {
	eol = memchr(cp, '\n', end - cp);
	if (eol == 0)
	    eol = end;
	if (eol == cp || (eol == cp + 1 && *cp == '\r')) {
	    cp = eol < end ? eol + 1 : end;
	    break;
	}
	/* One header: the first line, then its continuation lines. */
	vstr_reset(value);
	colon = memchr(cp, ':', eol - cp);
	vstr_reset(name);
	vstr_ncat(name, cp, colon ? (size_t) (colon - cp) : (size_t) (eol - cp));
	if (colon)
	    vstr_ncat(value, colon + 1 + (colon + 1 < eol && colon[1] == ' '),
		      eol - colon - 1 - (colon + 1 < eol && colon[1] == ' '));
	cp = eol < end ? eol + 1 : end;
	while (cp < end && (*cp == ' ' || *cp == '\t')) {
	    eol = memchr(cp, '\n', end - cp);
	    if (eol == 0)
		eol = end;
	    vstr_ncat(value, cp, eol - cp);
	    cp = eol < end ? eol + 1 : end;
	}
	while (vstr_len(value) > 0 && vstr_str(value)[vstr_len(value) - 1] == '\r')
	    vstr_truncate(value, vstr_len(value) - 1);
	stages_header(st, msg, vstr_str(name), vstr_str(value));
    }
    decide_body(msg, (size_t) (end - cp));
    decide_body_data(msg, cp, (size_t) (end - cp));
    (void) docs_msg_body(ex->dm, cp, (size_t) (end - cp));
    vstr_free(text);
    vstr_free(name);
    vstr_free(value);
    return (0);
}

/* explain_selection - the policy's selection for each recipient */

static void explain_selection(EXPLAIN *ex, const char *sender,
			              MBPOL_TYPE stype, MBPOL_DIR mdir)
{
    MBPOL_QUERY q;
    VSTR   *buf = vstr_alloc(1024);
    json_t *arr = json_array(), *one;
    DIR_STATUS st;
    int     i;

    for (i = 0; i < ex->rcpt_count; i++) {
	q.sender = sender;
	q.sender_type = stype;
	q.recipient = ex->rcpts[i];
	q.recipient_type = ex->rcpt_type >= 0 ? (MBPOL_TYPE) ex->rcpt_type :
	    mlfi_mbpol_type(ex->dir, ex->rcpts[i], &st);
	q.dir = mdir;
	if (ex->json) {
	    mbpol_explain_json(ex->pol, &q, buf);
	    one = json_loads(vstr_str(buf), 0, 0);
	    json_array_append_new(arr, one ? one : json_null());
	} else {
	    mbpol_explain_text(ex->pol, &q, buf);
	    vstr_sprintf_append(ex->out, "== recipient %s: selection\n%s\n",
				ex->rcpts[i], vstr_str(buf));
	}
    }
    if (ex->json)
	json_object_set_new(ex->jout, "recipients", arr);
    else
	json_decref(arr);
    vstr_free(buf);
}

/* explain_header - what the transaction is evaluated with */

static void explain_header(EXPLAIN *ex, MBPOL_TYPE stype, MBPOL_DIR mdir)
{
    const char *trust_note;

    trust_note = ex->trust ? "evaluated" : "not evaluated (directory not consulted)";
    if (ex->json) {
	json_object_set_new(ex->jout, "policy", ex->cfg->policy_file && *ex->cfg->policy_file ?
			    json_string(ex->cfg->policy_file) : json_null());
	json_object_set_new(ex->jout, "directory", ex->dir ?
			    json_string("consulted") :
			    json_sprintf("directory not consulted: %s",
					 vstr_str(ex->dir_note)));
	json_object_set_new(ex->jout, "trust_rules", json_string(trust_note));
	json_object_set_new(ex->jout, "conversation_rules", ex->conv ?
			    json_string("evaluated (nothing written)") :
			    json_sprintf("not evaluated: %s",
					 vstr_str(ex->conv_note)));
	json_object_set_new(ex->jout, "sender", json_string(ex->from));
	json_object_set_new(ex->jout, "sender_type", json_string(mbpol_type_name(stype)));
	json_object_set_new(ex->jout, "direction", json_string(mbpol_dir_name(mdir)));
    } else {
	vstr_sprintf_append(ex->out, "policy: %s\n", ex->cfg->policy_file
			    && *ex->cfg->policy_file ? ex->cfg->policy_file :
			    "none (configuration keys only)");
	if (ex->dir)
	    vstr_sprintf_append(ex->out, "directory: consulted (%s)\n",
				ex->cfg->ldap_uri);
	else
	    vstr_sprintf_append(ex->out, "directory not consulted: %s; types "
				"from --sender-type/--rcpt-type\n",
				vstr_str(ex->dir_note));
	vstr_sprintf_append(ex->out, "trust-space rules: %s\n", trust_note);
	if (ex->conv)
	    vstr_cat(ex->out, "conversation rules: evaluated (nothing written)\n");
	else
	    vstr_sprintf_append(ex->out, "conversation rules: not evaluated: %s\n",
				vstr_str(ex->conv_note));
	vstr_sprintf_append(ex->out, "sender %s (type %s), direction %s\n\n",
			    ex->from, mbpol_type_name(stype), mbpol_dir_name(mdir));
    }
}

/* explain_stages - what the transaction is evaluated with (stages(3)) */

static void explain_stages(EXPLAIN *ex, MLFI_MBPOL **mb, STAGES *st)
{
    ex->live.cfg = ex->cfg;
    ex->live.pol = ex->dpol;
    ex->live.dir = ex->dir;
    ex->live.mbpol = ex->pol;
    ex->live.docs = ex->docs;
    ex->live.hostname = "explain";
    memset(st, 0, sizeof(*st));
    st->live = &ex->live;
    st->trust = ex->trust;
    /* Without a directory there is no trust space to judge: said above. */
    st->trust_rules = ex->trust != 0;
    st->mb = mb;
    st->conv = ex->conv;
    st->docs = ex->dm;
}

/* explain_run - one transaction through the daemon's stages */

static int explain_run(EXPLAIN *ex)
{
    DECIDE_CONN conn;
    DECIDE_MSG msg;
    VERDICT v;
    RCPT_FACTS rf;
    MLFI_MBPOL *mb = 0;
    STAGES  st;
    VERDICT_ACTION act;
    MBPOL_TYPE stype;
    MBPOL_DIR mdir;
    DIR_STATUS ds = DIR_NOTFOUND;
    int     i, mark, ret = 0;

    stype = ex->sender_type >= 0 ? (MBPOL_TYPE) ex->sender_type :
	mlfi_mbpol_type(ex->dir, ex->from, &ds);
    mdir = ex->direction >= 0 ? (MBPOL_DIR) ex->direction :
	stype != MBPOL_TYPE_NONE ? MBPOL_DIR_OUTBOUND : MBPOL_DIR_INBOUND;
    explain_header(ex, stype, mdir);
    explain_selection(ex, ex->from, stype, mdir);

    /* Outbound is what an internal client sends: decide_direction(). */
    decide_conn_init(&conn);
    conn.internal = (mdir == MBPOL_DIR_OUTBOUND);
    decide_conn_set(&conn.client, "explain[local]");
    decide_msg_init(&msg, &conn);
    verdict_init(&v);
    rcpt_facts_init(&rf);
    mlfi_conv_begin(ex->conv);
    explain_stages(ex, &mb, &st);
    /*
     * Without a directory the types are "none", as the output says: the
     * daemon's null client would answer a directory error (dir(3)).
     */
    mlfi_mbpol_force_types(&mb, ex->sender_type >= 0 ? ex->sender_type :
			   (int) stype, ex->rcpt_type >= 0 || ex->dir ?
			   ex->rcpt_type : (int) MBPOL_TYPE_NONE);
    if (!ex->json)
	vstr_cat(ex->out, "== transaction (the daemon's verdicts)\n");
    mark = msg.rule_count;
    act = stages_mail(&st, &msg, ex->from, 0, &v);
    explain_stage(ex, "MAIL FROM", ex->from, act, &v, &msg, mark);
    for (i = 0; act == VERDICT_CONTINUE && i < ex->rcpt_count; i++) {
	mark = msg.rule_count;
	verdict_reset(&v);
	rcpt_facts_set(&rf, ex->dpol.patient_domain, ex->rcpts[i]);
	explain_stage(ex, "RCPT TO", ex->rcpts[i],
		      stages_rcpt(&st, &msg, &rf, &v) ? VERDICT_CONTINUE : v.action,
		      &v, &msg, mark);
    }
    if (act == VERDICT_CONTINUE && msg.accepted > 0) {
	mark = msg.rule_count;
	verdict_reset(&v);
	if (ex->message == 0) {
	    if (!ex->json)
		vstr_cat(ex->out, "  end of message: not evaluated (no --message)\n");
	} else if (explain_message(ex, &st, &msg) < 0) {
	    ret = 1;
	} else {
	    act = stages_eom(&st, &msg, &v);
	    explain_stage(ex, "end of message", 0, act, &v, &msg, mark);
	}
    }
    if (ex->json)
	json_object_set_new(ex->jout, "result", json_string(ex->refused ?
						    "refused" : "accepted"));
    else
	vstr_sprintf_append(ex->out, "result: %s\n", ex->refused ?
			    "refused" : "accepted");
    /* Nothing is written: the conversation states stay pending. */
    mlfi_conv_begin(ex->conv);
    docs_msg_end(ex->dm);
    mlfi_mbpol_end(mb, &msg);
    mlfi_mbpol_free(mb);
    verdict_free(&v);
    rcpt_facts_free(&rf);
    decide_msg_free(&msg);
    decide_conn_free(&conn);
    return (ret);
}

/* explain_main - mssante-milter --explain */

/* explain_opts - the command line into ex; -1, or the exit status */

static int explain_opts(int argc, char **argv, EXPLAIN *ex, const char **cfg_path)
{
    static const struct option opts[] = {
	{"explain", no_argument, 0, 'E'},
	{"from", required_argument, 0, 'F'},
	{"rcpt", required_argument, 0, 'R'},
	{"message", required_argument, 0, 'M'},
	{"json", no_argument, 0, 'J'},
	{"sender-type", required_argument, 0, 'S'},
	{"rcpt-type", required_argument, 0, 'T'},
	{"direction", required_argument, 0, 'D'},
	{0, 0, 0, 0},
    };
    int     ch, type;

    optind = 1;
    while ((ch = getopt_long(argc, argv, "c:v", opts, 0)) != -1) {
	switch (ch) {
	case 'c':
	    *cfg_path = optarg;
	    break;
	case 'v':
	    msg_verbose = 1;
	    break;
	case 'E':
	    break;
	case 'F':
	    ex->from = optarg;
	    break;
	case 'R':
	    ex->rcpts[ex->rcpt_count++] = optarg;
	    break;
	case 'M':
	    ex->message = optarg;
	    break;
	case 'J':
	    ex->json = 1;
	    break;
	case 'S':
	case 'T':
	    if ((type = explain_type(optarg)) < -1) {
		fprintf(stderr, "mssante-milter: %s: expected PER, ORG, APP, CAB "
			"or none\n", optarg);
		return (2);
	    }
	    *(ch == 'S' ? &ex->sender_type : &ex->rcpt_type) = type;
	    break;
	case 'D':
	    if (strcasecmp(optarg, "inbound") == 0 || strcasecmp(optarg, "outbound") == 0) {
		ex->direction = strcasecmp(optarg, "outbound") == 0 ?
		    MBPOL_DIR_OUTBOUND : MBPOL_DIR_INBOUND;
		break;
	    }
	    /* FALLTHROUGH */
	default:
	    fputs(explain_usage, stderr);
	    return (2);
	}
    }
    if (optind != argc || ex->from == 0 || ex->rcpt_count == 0) {
	fputs(explain_usage, stderr);
	return (2);
    }
    return (-1);
}

/* explain_load - configuration and policy file; 0, or -1 after a message */

static int explain_load(EXPLAIN *ex, const char *cfg_path, VSTR *err)
{
    if ((ex->cfg = cfg_load(cfg_path, err)) == 0
	|| mlfi_mbpol_load(ex->cfg, &ex->pol, err) < 0) {
	fprintf(stderr, "mssante-milter: %s%s\n", ex->cfg ? "PolicyFile: " : "",
		vstr_str(err));
	return (-1);
    }
    if (ex->pol == 0) {
	/* No file: the configuration keys alone, as the daemon applies them. */
	MBPOL_SETTINGS base;

	mlfi_mbpol_base(ex->cfg, &base);
	ex->pol = mbpol_parse("{}", 2, &base, err);
	mbpol_settings_free(&base);
    }
    /* The daemon's own reading of the keys (live(3))... */
    live_policy(ex->cfg, &ex->dpol);
    /* ...but without a connection there are no TLS facts to judge. */
    ex->dpol.peer_action = DECIDE_PEER_OFF;
    /* The documents, read as the daemon reads them. */
    mime_init();
    xdm_init();
    ex->docs = docs_conf_create(ex->cfg, (DOCS_CONF *) 0);
    ex->dm = docs_msg_create();
    return (0);
}

/* explain_print - the result on stdout */

static void explain_print(EXPLAIN *ex)
{
    char   *dump;

    if (ex->json) {
	json_object_set_new(ex->jout, "transaction", ex->stages);
	dump = json_dumps(ex->jout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", dump ? dump : "{}");
	free(dump);
	json_decref(ex->jout);
    } else {
	fputs(vstr_str(ex->out), stdout);
    }
}

int     explain_main(int argc, char **argv)
{
    const char *cfg_path = CFG_DEFAULT_PATH;
    EXPLAIN ex;
    VSTR   *err;
    int     ret;

    memset(&ex, 0, sizeof(ex));
    ex.sender_type = ex.rcpt_type = ex.direction = -1;
    ex.rcpts = mycalloc(argc + 1, sizeof(char *));
    if ((ret = explain_opts(argc, argv, &ex, &cfg_path)) >= 0) {
	myfree(ex.rcpts);
	return (ret);
    }
    msg_open("mssante-milter", 0, MSG_TO_STDERR);
    err = vstr_alloc(100);
    if (explain_load(&ex, cfg_path, err) < 0) {
	cfg_free(ex.cfg);
	vstr_free(err);
	myfree(ex.rcpts);
	return (1);
    }
    ex.dir_note = vstr_alloc(64);
    ex.out = vstr_alloc(4096);
    if (ex.json) {
	ex.jout = json_object();
	ex.stages = json_array();
    }
    ex.conv_note = vstr_alloc(64);
    explain_directory(&ex);
    explain_conversations(&ex);
    ret = explain_run(&ex);
    explain_print(&ex);
    if (ret == 0 && ex.refused)
	ret = 3;
    if (ex.dir)
	dir_free(ex.dir);
    trust_free(ex.trust);
    mlfi_conv_free(ex.conv);
    mlfi_conv_stop();
    vstr_free(ex.conv_note);
    docs_msg_free(ex.dm);
    docs_conf_free(ex.docs);
    mbpol_free(ex.pol);
    cfg_free(ex.cfg);
    vstr_free(ex.dir_note);
    vstr_free(ex.out);
    vstr_free(err);
    myfree(ex.rcpts);
    return (ret);
}
