/*++
/* NAME
/*	mssante-audit 1
/* SUMMARY
/*	review the audit trail of mssante-milter
/* SYNOPSIS
/*	mssante-audit verify [--key-file FILE] [--anchor FILE] [--closed]
/*		[--at TIME] [--quiet] [--progress | --no-progress] FILE...
/*	mssante-audit show [FILTERS] [--all] [--format text|json|csv] FILE...
/*	mssante-audit stats [FILTERS] [--top N] [--format text|json|csv] FILE...
/*	mssante-audit report --html OUT [FILTERS] [--top N] [--at TIME] FILE...
/* DESCRIPTION
/*	See mssante-audit.1 for the manual. This file parses the command
/*	line and runs one command; the work is in review_*.c.
/* DIAGNOSTICS
/*	Exit status 0: done (verify: chain and seals intact); 1: verify
/*	or report found the trail altered (a broken link, a seal, a gap,
/*	a closing checkpoint or an anchor: see mssante-audit(1)); 2: usage
/*	error, unreadable file, key or anchor file, or an anchor file
/*	without any anchor.
/*--*/

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "msg.h"
#include "insmask.h"
#include "audit_ins.h"
#include "audit_key.h"
#include "audit_time.h"
#include "progress.h"
#include "review.h"

#define EXIT_BROKEN	1
#define EXIT_USAGE	2

typedef struct OPTS {
    REVIEW_FILTER filter;
    REVIEW_FORMAT format;
    const char *key_file;
    const char *ins;
    const char *html;
    const char *patient_domain;		/* --patient-domain */
    const char *anchor;			/* --anchor */
    int     closed;			/* --closed */
    long long at_ms;			/* --at, or now */
    int     at_given;			/* --at */
    int     top;
    int     quiet;
    int     progress;			/* verify: PROGRESS_AUTO, _ON, _OFF */
    AUDIT_KEY *key;
    VSTR   *mailbox;			/* normalised --mailbox */
    VSTR   *patient;			/* HMAC of --ins */
    VSTR   *scope;			/* files and filters, for the report */
} OPTS;

enum {
    OPT_SINCE = 256, OPT_UNTIL, OPT_MAILBOX, OPT_RULE, OPT_ACTION,
    OPT_DIRECTION, OPT_QID, OPT_INS, OPT_KEY_FILE, OPT_FORMAT, OPT_ALL,
    OPT_TOP, OPT_HTML, OPT_QUIET, OPT_HELP, OPT_PATIENT_DOMAIN, OPT_ANCHOR,
    OPT_CLOSED, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_AT,
};

static const struct option long_opts[] = {
    {"since", required_argument, 0, OPT_SINCE},
    {"until", required_argument, 0, OPT_UNTIL},
    {"mailbox", required_argument, 0, OPT_MAILBOX},
    {"rule", required_argument, 0, OPT_RULE},
    {"action", required_argument, 0, OPT_ACTION},
    {"direction", required_argument, 0, OPT_DIRECTION},
    {"qid", required_argument, 0, OPT_QID},
    {"ins", required_argument, 0, OPT_INS},
    {"key-file", required_argument, 0, OPT_KEY_FILE},
    {"format", required_argument, 0, OPT_FORMAT},
    {"all", no_argument, 0, OPT_ALL},
    {"top", required_argument, 0, OPT_TOP},
    {"html", required_argument, 0, OPT_HTML},
    {"quiet", no_argument, 0, OPT_QUIET},
    {"help", no_argument, 0, OPT_HELP},
    {"patient-domain", required_argument, 0, OPT_PATIENT_DOMAIN},
    {"anchor", required_argument, 0, OPT_ANCHOR},
    {"closed", no_argument, 0, OPT_CLOSED},
    {"at", required_argument, 0, OPT_AT},
    {"progress", no_argument, 0, OPT_PROGRESS},
    {"no-progress", no_argument, 0, OPT_NO_PROGRESS},
    {0, 0, 0, 0},
};

/* usage - print the synopsis and exit */

static void usage(int) __attribute__((noreturn));

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
	    "usage: mssante-audit verify [--key-file FILE] [--anchor FILE] [--closed]\n"
	    "                            [--at TIME] [--quiet] [--progress | --no-progress]\n"
	    "                            FILE...\n"
	    "       mssante-audit show [FILTERS] [--all] [--format text|json|csv] FILE...\n"
	    "       mssante-audit stats [FILTERS] [--top N] [--format text|json|csv] FILE...\n"
	    "       mssante-audit report --html OUT [FILTERS] [--top N] [--key-file FILE]\n"
	    "                            [--at TIME] FILE...\n"
	    "FILTERS: --since TIME --until TIME --mailbox ADDR --rule ID[*]\n"
	    "         --action A[,A...] --direction D[,D...] --qid QUEUEID\n"
	    "         --ins INS|- --key-file FILE --patient-domain DOMAIN\n"
	    "TIME: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] (UTC by default)\n"
	    "See mssante-audit(1).\n");
    exit(status);
}

/* parse_time - --since / --until */

static long long parse_time(const char *opt, const char *arg, int until)
{
    long long ms;
    int     flags;

    if (audit_time_parse(arg, &ms, &flags) < 0) {
	fprintf(stderr, "mssante-audit: %s: bad time \"%s\" (want YYYY-MM-DD or "
		"YYYY-MM-DDTHH:MM:SSZ)\n", opt, arg);
	exit(EXIT_USAGE);
    }
    /* "--until 2024-05-31" means to the end of that day. */
    if (until && (flags & AUDIT_TIME_DATE_ONLY))
	ms += 86400000LL;
    return (ms);
}

/* read_ins - --ins -: one line from standard input (not in ps output) */

static char *read_ins(void)
{
    char   *line = 0;
    size_t  cap = 0;
    ssize_t n = getline(&line, &cap, stdin);

    if (n <= 0) {
	fprintf(stderr, "mssante-audit: --ins -: no INS on standard input\n");
	exit(EXIT_USAGE);
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
	line[--n] = 0;
    return (line);
}

/* need_key - load the key once */

static AUDIT_KEY *need_key(OPTS *o, const char *why_needed)
{
    VSTR   *why;

    if (o->key)
	return (o->key);
    if (o->key_file == 0) {
	fprintf(stderr, "mssante-audit: %s needs --key-file\n", why_needed);
	exit(EXIT_USAGE);
    }
    why = vstr_alloc(100);
    if ((o->key = audit_key_load(o->key_file, 0, why)) == 0) {
	fprintf(stderr, "mssante-audit: %s\n", vstr_str(why));
	exit(EXIT_USAGE);
    }
    vstr_free(why);
    return (o->key);
}

/* scope_add - describe a criterion for the report */

static void scope_add(OPTS *o, const char *name, const char *value)
{
    vstr_sprintf_append(o->scope, "; %s %s", name, value);
}

/* patient_criterion - --ins as the trail stores it: its HMAC */

static void patient_criterion(OPTS *o)
{
    char   *ins = strcmp(o->ins, "-") == 0 ? read_ins() : mystrdup(o->ins);

    audit_ins_hmac(need_key(o, "--ins"), ins, strlen(ins), o->patient);
    memset(ins, 0, strlen(ins));
    free(ins);
    o->filter.patient = vstr_str(o->patient);
    /* The report names the patient by pseudonym only. */
    scope_add(o, "patient hmac:", vstr_str(o->patient));
}

/* mailbox_criterion - --mailbox as the trail stores it */

static void mailbox_criterion(OPTS *o)
{
    const char *m = vstr_str(o->mailbox);
    size_t  len = strlen(m);
    VSTR   *norm = vstr_alloc(100);

    if (len >= 2 && m[0] == '<' && m[len - 1] == '>')
	vstr_ncat(norm, m + 1, len - 2);
    else
	vstr_cat(norm, m);
    /* A patient address is stored pseudonymised: match the pseudonym. */
    if (audit_ins_is_patient(o->patient_domain, vstr_str(norm), vstr_len(norm))
	&& strncmp(vstr_str(norm), AUDIT_HMAC_PREFIX,
		   strlen(AUDIT_HMAC_PREFIX)) != 0)
	audit_ins_addr(need_key(o, "a patient --mailbox"), o->patient_domain,
		       m, len, norm);
    vstr_strcpy(o->mailbox, vstr_str(norm));
    vstr_free(norm);
    o->filter.mailbox = vstr_str(o->mailbox);
    scope_add(o, "mailbox", vstr_str(o->mailbox));
}

/* opts_init - the defaults, before any option */

static void opts_init(OPTS *o)
{
    memset(o, 0, sizeof(*o));
    review_filter_init(&o->filter);
    o->top = 10;
    o->progress = PROGRESS_AUTO;
    o->at_ms = (long long) time(0) * 1000;
    o->mailbox = vstr_alloc(100);
    o->patient = vstr_alloc(AUDIT_HEX_LEN);
    o->scope = vstr_alloc(100);
}

/* parse_opts - options after the command name, then the criteria they give */

static void parse_opts(OPTS *o, int argc, char **argv)
{
    int     c;
    char   *end;

    opts_init(o);
    optind = 1;
    while ((c = getopt_long(argc, argv, "", long_opts, 0)) != -1) {
	switch (c) {
	case OPT_SINCE:
	    o->filter.since = parse_time("--since", optarg, 0);
	    scope_add(o, "since", optarg);
	    break;
	case OPT_UNTIL:
	    o->filter.until = parse_time("--until", optarg, 1);
	    scope_add(o, "until", optarg);
	    break;
	case OPT_MAILBOX:
	    vstr_strcpy(o->mailbox, optarg);
	    break;
	case OPT_RULE:
	    o->filter.rule = optarg;
	    scope_add(o, "rule", optarg);
	    break;
	case OPT_ACTION:
	    o->filter.actions = optarg;
	    scope_add(o, "action", optarg);
	    break;
	case OPT_DIRECTION:
	    o->filter.direction = optarg;
	    scope_add(o, "direction", optarg);
	    break;
	case OPT_QID:
	    o->filter.qid = optarg;
	    scope_add(o, "queue id", optarg);
	    break;
	case OPT_INS:
	    o->ins = optarg;
	    break;
	case OPT_KEY_FILE:
	    o->key_file = optarg;
	    break;
	case OPT_FORMAT:
	    if (review_format_parse(optarg, &o->format) < 0) {
		fprintf(stderr, "mssante-audit: --format: text, json or csv\n");
		exit(EXIT_USAGE);
	    }
	    break;
	case OPT_ALL:
	    o->filter.all_types = 1;
	    break;
	case OPT_TOP:
	    errno = 0;
	    o->top = (int) strtol(optarg, &end, 10);
	    if (errno || *end || o->top < 1 || o->top > 100000) {
		fprintf(stderr, "mssante-audit: --top: a number from 1 to 100000\n");
		exit(EXIT_USAGE);
	    }
	    break;
	case OPT_HTML:
	    o->html = optarg;
	    break;
	case OPT_QUIET:
	    o->quiet = 1;
	    break;
	case OPT_PROGRESS:
	    o->progress = PROGRESS_ON;
	    break;
	case OPT_NO_PROGRESS:
	    o->progress = PROGRESS_OFF;
	    break;
	case OPT_PATIENT_DOMAIN:
	    o->patient_domain = optarg;
	    break;
	case OPT_ANCHOR:
	    o->anchor = optarg;
	    break;
	case OPT_CLOSED:
	    o->closed = 1;
	    break;
	case OPT_AT:
	    o->at_ms = parse_time("--at", optarg, 0);
	    o->at_given = 1;
	    break;
	case OPT_HELP:
	    usage(0);
	default:
	    usage(EXIT_USAGE);
	}
    }
    if (o->ins)
	patient_criterion(o);
    if (vstr_len(o->mailbox))
	mailbox_criterion(o);
}

/* opts_free - release */

static void opts_free(OPTS *o)
{
    audit_key_free(o->key);
    vstr_free(o->mailbox);
    vstr_free(o->patient);
    vstr_free(o->scope);
}

/* need_files - at least one file */

static void need_files(int argc, const char *cmd)
{
    if (optind >= argc) {
	fprintf(stderr, "mssante-audit %s: no file given\n", cmd);
	usage(EXIT_USAGE);
    }
}

/* verify_seals - what the seals of an intact trail show */

static void verify_seals(OPTS *o, const REVIEW_VERIFY *res, const REVIEW_ANCHORS *set)
{
    VSTR   *when = vstr_alloc(30), *age = vstr_alloc(30);
    long long now = o->at_ms;
    const char *ago = o->at_given ? "before --at" : "ago";
    struct timespec ts;

    if (o->key)
	printf("checkpoints: %ld, all verified with key %s (and %ld file-start "
	       "or restart seals)\n", res->checkpoints, audit_key_id(o->key),
	       res->starts);
    else
	printf("checkpoints: %ld, not verified (no --key-file: anyone can "
	       "rewrite the chain so that it links)\n", res->checkpoints);
    if (res->checkpoint_s > 0)
	printf("interval: a seal at least every %d s (checkpoint_s); no gap "
	       "longer than %lld s found\n", res->checkpoint_s,
	       review_span_limit_ms(res->checkpoint_s) / 1000);
    else
	printf("interval: none declared (AuditCheckpoint 0, or an older "
	       "writer): gaps between seals not checked\n");
    if (set)
	printf("anchors: %ld of the %ld heads in %s found in the trail (the "
	       "latest at seq %lld); %ld older than the first record, not "
	       "checked\n", res->anchors, review_anchor_count(set),
	       review_anchor_path(set), res->anchor_seq, res->anchors_before);
    if (set && res->anchors_after)
	printf("anchors: %ld more from the next file on (seq %lld: its "
	       "file-start), not given: not checked\n", res->anchors_after,
	       res->last_seq + 1);
    if (res->seal_seq >= 0 && res->seal_ms != LLONG_MIN) {
	ts.tv_sec = (time_t) (res->seal_ms / 1000);
	ts.tv_nsec = (long) (res->seal_ms % 1000) * 1000000L;
	audit_time_format(&ts, when);
	review_duration(age, now - res->seal_ms);
	printf("sealed: up to seq %lld, by the %s of %s (%s %s)\n",
	       res->seal_seq, vstr_str(res->seal_what), vstr_str(when),
	       vstr_str(age), ago);
    }
    if (res->after_last_checkpoint > 0) {
	if (res->tail_ms != LLONG_MIN) {
	    ts.tv_sec = (time_t) (res->tail_ms / 1000);
	    ts.tv_nsec = (long) (res->tail_ms % 1000) * 1000000L;
	    audit_time_format(&ts, when);
	    review_duration(age, now - res->tail_ms);
	}
	printf("unsealed: the last %ld record(s), seq %lld to %lld, follow the "
	       "last seal; the oldest was written %s (%s %s): the live file's "
	       "tail, waiting for the next checkpoint; until then only the "
	       "daemon's log can vouch for it\n", res->after_last_checkpoint,
	       res->tail_seq, res->last_seq, res->tail_ms != LLONG_MIN ?
	       vstr_str(when) : "at no valid time", res->tail_ms != LLONG_MIN ?
	       vstr_str(age) : "?", ago);
    }
    if (res->closed)
	printf("closed: the last file ends with a closing checkpoint\n");
    else
	printf("open: the last file does not end with a closing checkpoint "
	       "(the live file; give --closed to check a finished one)\n");
    vstr_free(when);
    vstr_free(age);
}

/* cmd_verify - check the chain */

static int cmd_verify(OPTS *o, int argc, char **argv)
{
    REVIEW_VERIFY res;
    REVIEW_VERIFY_OPTS vo;
    REVIEW_ANCHORS *set = 0;
    VSTR   *why;
    int     status;

    need_files(argc, "verify");
    if (o->key_file)
	need_key(o, "--key-file");
    if (o->anchor) {
	why = vstr_alloc(100);
	if ((set = review_anchor_load(o->anchor, why)) == 0) {
	    fprintf(stderr, "mssante-audit: %s\n", vstr_str(why));
	    vstr_free(why);
	    return (EXIT_USAGE);
	}
	vstr_free(why);
    }
    memset(&vo, 0, sizeof(vo));
    vo.key = o->key;
    vo.anchors = set;
    vo.closed = o->closed;
    vo.progress = o->progress;
    vo.at_ms = o->at_ms;
    vo.at_given = o->at_given;
    status = review_verify(argv + optind, argc - optind, &vo, &res);
    if (status == 2) {
	fprintf(stderr, "mssante-audit: %s\n", vstr_str(res.problem));
    } else if (status == 1) {
	printf("%s\n", vstr_str(res.problem));
	printf("FAILED: the audit trail was altered or damaged (first problem "
	       "above; %ld records before it are intact)\n", res.records);
    } else if (!o->quiet) {
	printf("OK: %ld records in %d file(s), seq %lld to %lld, chain intact\n",
	       res.records, argc - optind, res.first_seq, res.last_seq);
	verify_seals(o, &res, set);
	printf("head: %s\n", res.head);
    }
    review_verify_free(&res);
    review_anchor_free(set);
    return (status);
}

/* short_addr - an address for the text table: pseudonyms abridged */

static void short_addr(VSTR *out, const char *addr)
{
    size_t  p = strlen(AUDIT_HMAC_PREFIX);

    if (addr && strncmp(addr, AUDIT_HMAC_PREFIX, p) == 0
	&& strlen(addr) > p + AUDIT_HEX_LEN) {
	vstr_ncat(out, addr, p + 12);
	vstr_cat(out, "...");
	vstr_cat(out, addr + p + AUDIT_HEX_LEN);
    } else {
	vstr_cat(out, addr ? addr : "-");
    }
}

/* rcpt_list - recipients of a record in one cell */

static void rcpt_list(VSTR *out, json_t *rec, int full)
{
    json_t *r;
    size_t  i;

    vstr_reset(out);
    json_array_foreach(json_object_get(rec, "rcpts"), i, r) {
	const char *a = review_str(r, "action");
	const char *rule = review_str(r, "rule");

	if (i)
	    vstr_cat(out, full ? "; " : ", ");
	if (full) {
	    vstr_sprintf_append(out, "%s %s %s", review_str(r, "addr") ?
				review_str(r, "addr") : "-", a ? a : "-",
				rule ? rule : "-");
	} else {
	    short_addr(out, review_str(r, "addr"));
	    if (a && strcmp(a, "accept") != 0)
		vstr_sprintf_append(out, " (%s)", a);
	}
    }
}

/* num_cell - a JSON integer as text, NULL if absent */

static const char *num_cell(json_t *v, char *buf, size_t len)
{
    if (!json_is_integer(v))
	return (0);
    snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return (buf);
}

static const char *const show_text_head[] = {
    "time", "qid", "direction", "action", "rule", "sender", "recipients",
};

static const char *const show_csv_head[] = {
    "time", "host", "qid", "direction", "mode", "client_addr", "client_name",
    "tls_version", "tls_subject", "tls_issuer", "sender", "recipients",
    "action", "rule", "reply", "message_id", "subject", "documents", "size",
    "end", "duration_ms", "type", "seq",
};

/* show_row - one record as a table row */

static void show_row(REVIEW_TABLE *t, json_t *rec, REVIEW_FORMAT fmt)
{
    const char *cells[sizeof(show_csv_head) / sizeof(show_csv_head[0])];
    VSTR   *rcpts = vstr_alloc(100), *sender = vstr_alloc(50), *docs = vstr_alloc(20);
    json_t *client = json_object_get(rec, "client"), *tls = json_object_get(rec, "tls");
    json_t *d;
    char    size[32], dur[32], seq[32];
    const char *type = review_str(rec, "type");
    const char *action = review_str(rec, "action");
    size_t  i;

    if (type && strcmp(type, "txn") != 0)
	action = type;				/* --all: bookkeeping records */
    if (fmt == REVIEW_FMT_TEXT) {
	rcpt_list(rcpts, rec, 0);
	short_addr(sender, review_str(rec, "sender"));
	cells[0] = review_str(rec, "time");
	cells[1] = review_str(rec, "qid");
	cells[2] = review_str(rec, "direction");
	cells[3] = action;
	cells[4] = review_str(rec, "rule");
	cells[5] = review_str(rec, "sender") ? vstr_str(sender) : 0;
	cells[6] = vstr_len(rcpts) ? vstr_str(rcpts) : 0;
    } else {
	rcpt_list(rcpts, rec, 1);
	json_array_foreach(json_object_get(rec, "documents"), i, d) {
	    vstr_sprintf_append(docs, "%s%s/%s", i ? "; " : "",
		       review_str(d, "type") ? review_str(d, "type") : "-",
		     review_str(d, "class") ? review_str(d, "class") : "-");
	}
	cells[0] = review_str(rec, "time");
	cells[1] = review_str(rec, "host");
	cells[2] = review_str(rec, "qid");
	cells[3] = review_str(rec, "direction");
	cells[4] = review_str(rec, "mode");
	cells[5] = review_str(client, "addr");
	cells[6] = review_str(client, "name");
	cells[7] = review_str(tls, "version");
	cells[8] = review_str(tls, "subject");
	cells[9] = review_str(tls, "issuer");
	cells[10] = review_str(rec, "sender");
	cells[11] = vstr_str(rcpts);
	cells[12] = action;
	cells[13] = review_str(rec, "rule");
	cells[14] = review_str(rec, "reply");
	cells[15] = review_str(rec, "message_id");
	cells[16] = review_str(rec, "subject");
	cells[17] = vstr_str(docs);
	cells[18] = num_cell(json_object_get(rec, "size"), size, sizeof(size));
	cells[19] = review_str(rec, "end");
	cells[20] = num_cell(json_object_get(rec, "duration_ms"), dur, sizeof(dur));
	cells[21] = type;
	cells[22] = num_cell(json_object_get(rec, "seq"), seq, sizeof(seq));
    }
    review_table_row(t, cells);
    vstr_free(rcpts);
    vstr_free(sender);
    vstr_free(docs);
}

/* for_each_record - run fn on every matching record; skipped lines told */

static int for_each_record(OPTS *o, int argc, char **argv,
			           void (*fn) (json_t *, void *), void *ctx)
{
    REVIEW_READER *rd = review_read_open(argv + optind, argc - optind);
    REVIEW_LINE line;
    long    skipped = 0;
    int     n;

    while ((n = review_read_next(rd, &line)) > 0) {
	if (line.rec == 0) {
	    skipped++;
	    continue;
	}
	if (review_filter_match(&o->filter, line.rec))
	    fn(line.rec, ctx);
    }
    if (n < 0)
	fprintf(stderr, "mssante-audit: %s\n", review_read_error(rd));
    if (skipped)
	fprintf(stderr, "mssante-audit: warning: %ld line(s) are not JSON "
		"records and were skipped; run mssante-audit verify\n", skipped);
    review_read_close(rd);
    return (n < 0 ? EXIT_USAGE : 0);
}

typedef struct SHOW_CTX {
    OPTS   *o;
    REVIEW_TABLE *table;
} SHOW_CTX;

/* show_one - one matching record */

static void show_one(json_t *rec, void *arg)
{
    SHOW_CTX *ctx = arg;

    if (ctx->o->format == REVIEW_FMT_JSON) {
	/* The record as written, minus nothing: one JSON object a line. */
	json_dumpf(rec, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
    } else {
	show_row(ctx->table, rec, ctx->o->format);
    }
}

/* cmd_show - matching records */

static int cmd_show(OPTS *o, int argc, char **argv)
{
    SHOW_CTX ctx;
    int     status;

    need_files(argc, "show");
    ctx.o = o;
    ctx.table = o->format == REVIEW_FMT_TEXT ?
	review_table_create(7, show_text_head) :
	review_table_create(23, show_csv_head);
    status = for_each_record(o, argc, argv, show_one, &ctx);
    if (o->format != REVIEW_FMT_JSON)
	review_table_print(ctx.table, o->format, stdout);
    review_table_free(ctx.table);
    return (status);
}

/* stats_one - count one matching record */

static void stats_one(json_t *rec, void *arg)
{
    review_stats_add((REVIEW_STATS *) arg, rec);
}

/* cmd_stats - counts */

static int cmd_stats(OPTS *o, int argc, char **argv)
{
    REVIEW_STATS *st = review_stats_create();
    int     status;

    need_files(argc, "stats");
    o->filter.all_types = 0;
    status = for_each_record(o, argc, argv, stats_one, st);
    review_stats_print(st, o->top, o->format, stdout);
    review_stats_free(st);
    return (status);
}

/* cmd_report - the HTML page */

static int cmd_report(OPTS *o, int argc, char **argv)
{
    REVIEW_STATS *st;
    REVIEW_VERIFY res;
    REVIEW_VERIFY_OPTS vo;
    VSTR   *scope = vstr_alloc(100);
    int     status, vstatus, i;

    if (o->html == 0) {
	fprintf(stderr, "mssante-audit report: --html FILE is required\n");
	usage(EXIT_USAGE);
    }
    need_files(argc, "report");
    if (o->key_file)
	need_key(o, "--key-file");
    memset(&vo, 0, sizeof(vo));
    vo.key = o->key;
    vo.at_ms = o->at_ms;
    vo.at_given = o->at_given;
    vstatus = review_verify(argv + optind, argc - optind, &vo, &res);
    if (vstatus == 2) {
	fprintf(stderr, "mssante-audit: %s\n", vstr_str(res.problem));
	review_verify_free(&res);
	vstr_free(scope);
	return (EXIT_USAGE);
    }
    st = review_stats_create();
    o->filter.all_types = 0;
    status = for_each_record(o, argc, argv, stats_one, st);
    for (i = optind; i < argc; i++)
	vstr_sprintf_append(scope, "%s%s", i > optind ? ", " : "files ", argv[i]);
    vstr_cat(scope, vstr_str(o->scope));
    if (status == 0 && review_report(st, &res, o->top, o->html, vstr_str(scope)) < 0)
	status = EXIT_USAGE;
    if (status == 0 && vstatus == 1) {
	fprintf(stderr, "mssante-audit: warning: %s\n", vstr_str(res.problem));
	status = EXIT_BROKEN;
    }
    review_verify_free(&res);
    review_stats_free(st);
    vstr_free(scope);
    return (status);
}

/* main - dispatch */

int     main(int argc, char **argv)
{
    static const struct {
	const char *name;
	int     (*fn) (OPTS *, int, char **);
    } cmds[] = {
	{"verify", cmd_verify},
	{"show", cmd_show},
	{"stats", cmd_stats},
	{"report", cmd_report},
	{0, 0},
    };
    OPTS    o;
    int     i, status;

    msg_filter(insmask_inplace);		/* no INS in clear in any log line */
    msg_open("mssante-audit", 0, MSG_TO_STDERR);
    json_set_alloc_funcs(mymalloc, myfree);
    if (argc < 2)
	usage(EXIT_USAGE);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
	usage(0);
    for (i = 0; cmds[i].name; i++)
	if (strcmp(argv[1], cmds[i].name) == 0)
	    break;
    if (cmds[i].name == 0) {
	fprintf(stderr, "mssante-audit: unknown command \"%s\"\n", argv[1]);
	usage(EXIT_USAGE);
    }
    parse_opts(&o, argc - 1, argv + 1);
    status = cmds[i].fn(&o, argc - 1, argv + 1);
    opts_free(&o);
    if (fflush(stdout) != 0 || ferror(stdout)) {
	fprintf(stderr, "mssante-audit: cannot write the output: %s\n",
		strerror(errno));
	status = EXIT_USAGE;
    }
    return (status);
}
