/*++
/* NAME
/*	metrics 3
/* SUMMARY
/*	the daemon's counters and their Prometheus text form
/* SYNOPSIS
/*	#include "metrics.h"
/*
/*	void	metrics_init(void)
/*	double	metrics_clock(void)
/*
/*	void	metrics_count_decision(v, dir, stage)
/*	const VERDICT *v;
/*	DECIDE_DIR dir;
/*	METRICS_STAGE stage;
/*
/*	void	metrics_count_reply(v)
/*	const VERDICT *v;
/*
/*	void	metrics_txn_begin(void)
/*	void	metrics_count_message(msg, at_eom)
/*	const DECIDE_MSG *msg;
/*	int	at_eom;
/*
/*	void	metrics_connection(delta)
/*	int	delta;
/*
/*	void	metrics_dir_cache_hit(void)
/*	void	metrics_dir_lookup(failed, start)
/*	int	failed;
/*	double	start;
/*
/*	void	metrics_audit_write(ret, start)
/*	int	ret;
/*	double	start;
/*
/*	int	metrics_conv_write(status)
/*	int	status;
/*
/*	void	metrics_render(out)
/*	VSTR	*out;
/*
/*	void	metrics_head(out, name, type, help)
/*	VSTR	*out;
/*	const char *name;
/*	const char *type;
/*	const char *help;
/*
/*	void	metrics_scalar(out, name, type, help, value)
/*	VSTR	*out;
/*	const char *name;
/*	const char *type;
/*	const char *help;
/*	long long value;
/* DESCRIPTION
/*	This module keeps the process-wide counters that the metrics
/*	endpoint (metrics_http(3)) exposes, and writes them in the
/*	Prometheus text exposition format, version 0.0.4. The counting
/*	functions are one-line hooks in the modules where the facts are
/*	known; they take no lock (relaxed atomic additions), so that
/*	counting never slows the milter's threads, and they count whether
/*	or not the endpoint is on. Label sets are fixed: arrays indexed
/*	by enumerations, and for the rules the index of the rule in the
/*	shared table (rule(3)), every id a verdict can carry.
/*
/*	metrics_init() records the start time (the first call wins) and
/*	prepares the decision counters; the other functions call it when
/*	needed. metrics_clock() returns a monotonic time in seconds, the
/*	start argument of the latency hooks.
/*
/*	metrics_count_decision() counts one applied verdict by rule (none
/*	when no rule fired, other for an id outside the table), action,
/*	direction and stage. A verdict that monitor mode did not apply
/*	(action continue with a rule) counts as would-reject or
/*	would-tempfail after its reply code. At MAIL FROM only a verdict
/*	with a rule counts: an accepted sender is decided per recipient.
/*
/*	metrics_count_reply() counts the SMTP reply class that a verdict
/*	makes the MTA send: 5xx and 4xx for refusals, 2xx otherwise.
/*
/*	metrics_txn_begin() counts an open transaction (MAIL FROM);
/*	metrics_count_message() closes it and counts its result: at end
/*	of message the action applied to the message (accept in monitor
/*	mode), before it the refusal at MAIL FROM or of every recipient,
/*	else aborted. metrics_connection() adds delta (1 or -1) to the
/*	open connections.
/*
/*	metrics_dir_cache_hit() counts a mailbox lookup answered by the
/*	cache; metrics_dir_lookup() one answered by the directory, with
/*	the time since start, failed when it gave no answer.
/*	metrics_audit_write() counts one audit record write (ret 0, or -1
/*	for a failure) and its time since start. metrics_conv_write()
/*	counts a conversation entry write by its convdir(3) status
/*	(CONVDIR_WSTATUS: written, conflict, anything else an error) and
/*	returns that status.
/*
/*	metrics_render() replaces the contents of out with every counter
/*	of this module, each metric preceded by its HELP and TYPE lines.
/*	metrics_head() appends the HELP and TYPE lines of the metric
/*	mssante_milter_NAME, metrics_scalar() those and one sample without
/*	labels, for the modules that add metrics of their own
/*	(metrics_trust(3)). This module does not read the trust snapshot
/*	itself: the audit writer links it, and must not need the directory
/*	client.
/* SEE ALSO
/*	metrics_http(3), the endpoint
/*	metrics_trust(3), the trust snapshot gauges
/*--*/

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "metrics.h"

#define METRICS_ADD(p, n)	__atomic_fetch_add((p), (n), __ATOMIC_RELAXED)
#define METRICS_GET(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define METRICS_LEN(a)		(sizeof(a) / sizeof((a)[0]))

typedef unsigned long long METRICS_CTR;

 /*
  * Decision actions: what was applied, or what monitor mode did not apply.
  */
typedef enum METRICS_ACT {
    METRICS_ACT_ACCEPT = 0,
    METRICS_ACT_REJECT,
    METRICS_ACT_TEMPFAIL,
    METRICS_ACT_DISCARD,
    METRICS_ACT_QUARANTINE,
    METRICS_ACT_WOULD_REJECT,
    METRICS_ACT_WOULD_TEMPFAIL,
    METRICS_ACT_MONITOR,
    METRICS_ACT_COUNT
} METRICS_ACT;

static const char *const metrics_act_names[METRICS_ACT_COUNT] = {
    "accept", "reject", "tempfail", "discard", "quarantine",
    "would-reject", "would-tempfail", "monitor",
};

static const char *const metrics_stage_names[METRICS_STAGE_COUNT] = {
    "mail", "rcpt", "eom",
};

static const char *const metrics_dir_names[2] = {"inbound", "outbound"};

typedef enum METRICS_RESULT {
    METRICS_RES_ACCEPT = 0,
    METRICS_RES_REJECT,
    METRICS_RES_TEMPFAIL,
    METRICS_RES_DISCARD,
    METRICS_RES_QUARANTINE,
    METRICS_RES_ABORTED,
    METRICS_RES_COUNT
} METRICS_RESULT;

static const char *const metrics_result_names[METRICS_RES_COUNT] = {
    "accept", "reject", "tempfail", "discard", "quarantine", "aborted",
};

static const char *const metrics_class_names[3] = {"2xx", "4xx", "5xx"};

static const char *const metrics_conv_names[3] = {"written", "conflict", "error"};

 /*
  * Histograms: per-bucket counts (not cumulative), the last one past the
  * largest bound, so that the count is their sum and a scrape never shows
  * a count below a bucket; the sum in nanoseconds.
  */
static const double metrics_bounds[] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

#define METRICS_BUCKETS	METRICS_LEN(metrics_bounds)

typedef struct METRICS_HIST {
    METRICS_CTR bucket[METRICS_BUCKETS + 1];
    METRICS_CTR sum_ns;
} METRICS_HIST;

static pthread_once_t metrics_once = PTHREAD_ONCE_INIT;
static time_t metrics_start;
static size_t metrics_nrules;		/* rule table; +1 other, +2 none */
static METRICS_CTR *metrics_decisions;	/* [rule][act][dir][stage] */
static METRICS_CTR metrics_messages[METRICS_RES_COUNT];
static METRICS_CTR metrics_replies[3];
static long metrics_conns;
static long metrics_txns;
static METRICS_CTR metrics_dir_hits;
static METRICS_CTR metrics_dir_misses;
static METRICS_CTR metrics_dir_errors;
static METRICS_HIST metrics_dir_hist;
static METRICS_CTR metrics_audit_ok;
static METRICS_CTR metrics_audit_err;
static METRICS_HIST metrics_audit_hist;
static METRICS_CTR metrics_conv[3];

#define METRICS_RULE_OTHER	(metrics_nrules)
#define METRICS_RULE_NONE	(metrics_nrules + 1)
#define METRICS_CELL(r, a, d, s) \
	((((r) * METRICS_ACT_COUNT + (a)) * 2 + (d)) * METRICS_STAGE_COUNT + (s))

/* metrics_setup - once: start time, decision counters */

static void metrics_setup(void)
{
    metrics_start = time((time_t *) 0);
    (void) rule_table(&metrics_nrules);
    metrics_decisions = mycalloc(METRICS_CELL(metrics_nrules + 2, 0, 0, 0),
				 sizeof(*metrics_decisions));
}

/* metrics_init - start time and tables */

void    metrics_init(void)
{
    (void) pthread_once(&metrics_once, metrics_setup);
}

/* metrics_clock - monotonic seconds */

double  metrics_clock(void)
{
    struct timespec ts;

    (void) clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* metrics_observe - one latency into a histogram */

static void metrics_observe(METRICS_HIST *hp, double start)
{
    double  secs = metrics_clock() - start;
    size_t  i;

    if (secs < 0)
	secs = 0;
    for (i = 0; i < METRICS_BUCKETS && secs > metrics_bounds[i]; i++)
	 /* void */ ;
    METRICS_ADD(&hp->bucket[i], 1);
    METRICS_ADD(&hp->sum_ns, (METRICS_CTR) (secs * 1e9));
}

/* metrics_rule_index - position of a rule id in the table */

static size_t metrics_rule_index(const char *id)
{
    size_t  count;
    const RULE_INFO *table = rule_table(&count);
    const RULE_INFO *rp;

    if (id == 0)
	return (METRICS_RULE_NONE);
    if ((rp = rule_find(id)) == 0 || rp < table || (size_t) (rp - table) >= count)
	return (METRICS_RULE_OTHER);
    return ((size_t) (rp - table));
}

/* metrics_act - label of an applied or monitored verdict */

static METRICS_ACT metrics_act(const VERDICT *v)
{
    switch (v->action) {
    case VERDICT_REJECT:
	return (METRICS_ACT_REJECT);
    case VERDICT_TEMPFAIL:
	return (METRICS_ACT_TEMPFAIL);
    case VERDICT_DISCARD:
	return (METRICS_ACT_DISCARD);
    case VERDICT_QUARANTINE:
	return (METRICS_ACT_QUARANTINE);
    case VERDICT_CONTINUE:
	/* Monitor mode keeps the rule and its codes, not the action. */
	if (v->rule != 0)
	    return (v->rcode[0] == '5' ? METRICS_ACT_WOULD_REJECT :
		    v->rcode[0] == '4' ? METRICS_ACT_WOULD_TEMPFAIL :
		    METRICS_ACT_MONITOR);
	return (METRICS_ACT_ACCEPT);
    default:
	return (METRICS_ACT_ACCEPT);
    }
}

/* metrics_count_decision - one applied verdict */

void    metrics_count_decision(const VERDICT *v, DECIDE_DIR dir, METRICS_STAGE stage)
{
    size_t  rule;

    if (stage == METRICS_STAGE_MAIL && v->rule == 0)
	return;
    metrics_init();
    rule = metrics_rule_index(v->rule);
    METRICS_ADD(&metrics_decisions[METRICS_CELL(rule, metrics_act(v),
			    dir == DECIDE_DIR_OUTBOUND, stage)], 1);
}

/* metrics_count_reply - the reply class a verdict makes the MTA send */

void    metrics_count_reply(const VERDICT *v)
{
    int     cls = 0;

    if (v->action == VERDICT_REJECT)
	cls = v->rcode[0] == '4' ? 1 : 2;
    else if (v->action == VERDICT_TEMPFAIL)
	cls = v->rcode[0] == '5' ? 2 : 1;
    METRICS_ADD(&metrics_replies[cls], 1);
}

/* metrics_txn_begin - MAIL FROM */

void    metrics_txn_begin(void)
{
    METRICS_ADD(&metrics_txns, 1);
}

/* metrics_count_message - a transaction ends */

void    metrics_count_message(const DECIDE_MSG *msg, int at_eom)
{
    VERDICT_ACTION act = msg->action;
    METRICS_RESULT res;

    METRICS_ADD(&metrics_txns, -1);
    /* As the summary line: every recipient refused is the worst refusal. */
    if (!at_eom && act == VERDICT_CONTINUE && msg->rcpts > 0 && msg->accepted == 0)
	act = msg->rcpt_worst;
    switch (act) {
    case VERDICT_REJECT:
	res = METRICS_RES_REJECT;
	break;
    case VERDICT_TEMPFAIL:
	res = METRICS_RES_TEMPFAIL;
	break;
    case VERDICT_DISCARD:
	res = METRICS_RES_DISCARD;
	break;
    case VERDICT_QUARANTINE:
	res = METRICS_RES_QUARANTINE;
	break;
    default:
	res = at_eom ? METRICS_RES_ACCEPT : METRICS_RES_ABORTED;
	break;
    }
    METRICS_ADD(&metrics_messages[res], 1);
}

/* metrics_connection - a connection opens (1) or closes (-1) */

void    metrics_connection(int delta)
{
    METRICS_ADD(&metrics_conns, delta);
}

/* metrics_dir_cache_hit - a mailbox lookup answered from the cache */

void    metrics_dir_cache_hit(void)
{
    METRICS_ADD(&metrics_dir_hits, 1);
}

/* metrics_dir_lookup - a mailbox lookup that went to the directory */

void    metrics_dir_lookup(int failed, double start)
{
    METRICS_ADD(&metrics_dir_misses, 1);
    if (failed)
	METRICS_ADD(&metrics_dir_errors, 1);
    metrics_observe(&metrics_dir_hist, start);
}

/* metrics_audit_write - one audit record written, or not */

void    metrics_audit_write(int ret, double start)
{
    METRICS_ADD(ret < 0 ? &metrics_audit_err : &metrics_audit_ok, 1);
    metrics_observe(&metrics_audit_hist, start);
}

/* metrics_conv_write - one conversation entry write, by its status */

int     metrics_conv_write(int status)
{
    /*
     * convdir(3) is a layer above this one: its CONVDIR_WSTATUS values
     * (written, conflict, error) index metrics_conv_names, and
     * tests/unit/check_metrics.c holds them to it.
     */
    METRICS_ADD(&metrics_conv[status >= 0 && status < 2 ? status : 2], 1);
    return (status);
}

/* metrics_head - HELP and TYPE of one metric */

void    metrics_head(VSTR *out, const char *name, const char *type,
			         const char *help)
{
    vstr_sprintf_append(out, "# HELP mssante_milter_%s %s\n", name, help);
    vstr_sprintf_append(out, "# TYPE mssante_milter_%s %s\n", name, type);
}

/* metrics_labelled - one metric with one label over a fixed set */

static void metrics_labelled(VSTR *out, const char *name, const char *help,
			             const char *label, const char *const *names,
			             const METRICS_CTR *vals, size_t count)
{
    size_t  i;

    metrics_head(out, name, "counter", help);
    for (i = 0; i < count; i++)
	vstr_sprintf_append(out, "mssante_milter_%s{%s=\"%s\"} %llu\n", name, label,
			    names[i], METRICS_GET(&vals[i]));
}

/* metrics_scalar - one sample without labels */

void    metrics_scalar(VSTR *out, const char *name, const char *type,
			           const char *help, long long val)
{
    metrics_head(out, name, type, help);
    vstr_sprintf_append(out, "mssante_milter_%s %lld\n", name, val);
}

/* metrics_hist - a latency histogram */

static void metrics_hist(VSTR *out, const char *name, const char *help,
			         const METRICS_HIST *hp)
{
    METRICS_CTR cum = 0;
    size_t  i;

    metrics_head(out, name, "histogram", help);
    for (i = 0; i < METRICS_BUCKETS; i++) {
	cum += METRICS_GET(&hp->bucket[i]);
	vstr_sprintf_append(out, "mssante_milter_%s_bucket{le=\"%g\"} %llu\n",
			    name, metrics_bounds[i], cum);
    }
    cum += METRICS_GET(&hp->bucket[METRICS_BUCKETS]);
    vstr_sprintf_append(out, "mssante_milter_%s_bucket{le=\"+Inf\"} %llu\n", name, cum);
    vstr_sprintf_append(out, "mssante_milter_%s_sum %.9f\n", name,
			METRICS_GET(&hp->sum_ns) / 1e9);
    vstr_sprintf_append(out, "mssante_milter_%s_count %llu\n", name, cum);
}

/* metrics_render_decisions - the non-zero decision counters */

static void metrics_render_decisions(VSTR *out)
{
    size_t  count, r;
    const RULE_INFO *table = rule_table(&count);
    int     a, d, s;
    METRICS_CTR n;

    metrics_head(out, "decisions_total", "counter",
		 "Verdicts applied, by rule, action, direction and stage.");
    for (r = 0; r < metrics_nrules + 2; r++)
	for (a = 0; a < METRICS_ACT_COUNT; a++)
	    for (d = 0; d < 2; d++)
		for (s = 0; s < METRICS_STAGE_COUNT; s++) {
		    if ((n = METRICS_GET(&metrics_decisions[METRICS_CELL(r, a, d, s)])) == 0)
			continue;
		    vstr_sprintf_append(out, "mssante_milter_decisions_total{rule=\"%s\","
				 "action=\"%s\",direction=\"%s\",stage=\"%s\"} %llu\n",
					r == METRICS_RULE_NONE ? "none" :
					r == METRICS_RULE_OTHER ? "other" :
					r < count ? table[r].id : "other",
					metrics_act_names[a], metrics_dir_names[d],
					metrics_stage_names[s], n);
		}
}

/* metrics_render - every metric, Prometheus text format 0.0.4 */

void    metrics_render(VSTR *out)
{
    METRICS_CTR hits, misses;

    metrics_init();
    vstr_reset(out);
    metrics_head(out, "build_info", "gauge", "Version of the running daemon (always 1).");
    vstr_sprintf_append(out, "mssante_milter_build_info{version=\"%s\"} 1\n",
			PACKAGE_VERSION);
    metrics_scalar(out, "start_time_seconds", "gauge",
		   "Start time of the daemon, seconds since the Unix epoch.",
		   (long long) metrics_start);
    metrics_render_decisions(out);
    metrics_labelled(out, "messages_total", "Transactions ended, by result.",
		     "result", metrics_result_names, metrics_messages, METRICS_RES_COUNT);
    metrics_labelled(out, "smtp_replies_total",
		     "SMTP replies that the milter's verdicts made the MTA send, by class.",
		     "class", metrics_class_names, metrics_replies, 3);
    metrics_scalar(out, "connections_open", "gauge", "SMTP connections open.",
		   METRICS_GET(&metrics_conns));
    metrics_scalar(out, "transactions_open", "gauge",
		   "Transactions (MAIL FROM to their end) in flight.",
		   METRICS_GET(&metrics_txns));
    hits = METRICS_GET(&metrics_dir_hits);
    misses = METRICS_GET(&metrics_dir_misses);
    metrics_scalar(out, "directory_lookups_total", "counter",
		   "Mailbox lookups (cache hits and directory queries).",
		   (long long) (hits + misses));
    metrics_scalar(out, "directory_cache_hits_total", "counter",
		   "Mailbox lookups answered by the cache.", (long long) hits);
    metrics_scalar(out, "directory_cache_misses_total", "counter",
		   "Mailbox lookups that queried the directory.", (long long) misses);
    metrics_scalar(out, "directory_errors_total", "counter",
		   "Mailbox lookups that failed (LDAP error, timeout, server down).",
		   (long long) METRICS_GET(&metrics_dir_errors));
    metrics_hist(out, "directory_lookup_duration_seconds",
		 "Time of the mailbox lookups that queried the directory.", &metrics_dir_hist);
    metrics_labelled(out, "conversation_writes_total",
		     "Conversation entry writes to the directory, by result.",
		     "result", metrics_conv_names, metrics_conv, 3);
    metrics_scalar(out, "audit_writes_total", "counter",
		   "Audit trail transaction records written.",
		   (long long) METRICS_GET(&metrics_audit_ok));
    metrics_scalar(out, "audit_write_errors_total", "counter",
		   "Audit trail transaction records that could not be written.",
		   (long long) METRICS_GET(&metrics_audit_err));
    metrics_hist(out, "audit_write_duration_seconds",
		 "Time to write one audit trail record.", &metrics_audit_hist);
}
