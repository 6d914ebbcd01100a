/*++
/* NAME
/*	review_verify 3
/* SUMMARY
/*	check the hash chain and the seals of audit files
/* SYNOPSIS
/*	#include "review.h"
/*
/*	int	review_verify(char **files, int count,
/*				const REVIEW_VERIFY_OPTS *opts,
/*				REVIEW_VERIFY *res)
/*	void	review_verify_free(REVIEW_VERIFY *res)
/*	long long review_span_limit_ms(int checkpoint_s)
/*	void	review_duration(VSTR *out, long long ms)
/* DESCRIPTION
/*	review_verify() reads the files in the order given as one chain
/*	(see audit_chain(3)) and stops at the first problem. It checks
/*	that each line is a record with seq, prev and type; that each
/*	file begins with a file-start record; that each record's prev is
/*	the hash of the line before it (the last line of the previous
/*	file for a file's first record); that seq grows by one; and, when
/*	opts->key is not NULL, every key_id and the MAC of every seal
/*	(checkpoint, file-start, restart), which covers the seal itself
/*	and the chain head before it.
/*
/*	The seals are then checked as the daemon writes them
/*	(mssante-milter-audit(5)), so that a trail cut at a checkpoint,
/*	or rewritten with its checkpoints dropped, does not pass:
/* .IP \(bu
/*	every file but the last ends with a closing checkpoint (reason
/*	rotate or stop), unless the next file begins with a file-start
/*	of reason start (the daemon, started after the file was rotated,
/*	sealed its end); with opts->closed the last file too;
/* .IP \(bu
/*	within a run whose start record says checkpoint_s I > 0, no
/*	record comes more than review_span_limit_ms(I) after the last
/*	seal, by the records' time (the daemon seals at least every I
/*	seconds, traffic or not);
/* .IP \(bu
/*	with the key and opts->at_ms (the time the trail is judged at:
/*	now, or when the copy was taken), the last file, when it does
/*	not end with a closing checkpoint, was sealed no more than
/*	review_span_limit_ms(I) before opts->at_ms: the daemon's timer
/*	seals the live file at least every I seconds, so records after an
/*	older seal (the unsealed tail) were written or rewritten after
/*	the daemon stopped sealing, for example by a forger who dropped
/*	the checkpoints and gave every record the last seal's time, or
/*	the file was cut after that seal. With opts->at_given (--at), a
/*	record later than opts->at_ms also fails: the copy was taken
/*	after that time;
/* .IP \(bu
/*	with opts->anchors, the record of every anchored seq from the
/*	first record on exists and hashes to the anchored head; anchors
/*	beyond the last record are allowed only when the last file ends
/*	with a closing checkpoint and the first of them is the next
/*	file's file-start (seq one more than the last record's).
/* .PP
/*	Without a key these rules only catch damage and careless edits:
/*	anyone can rewrite the file so that they hold.
/*
/*	When a link is broken it looks one line back and one line ahead
/*	to name what happened: a record modified (the line no longer
/*	hashes to the link stored in the next one), deleted (seq jumps),
/*	inserted (the neighbours link to each other around it), or two
/*	records swapped or otherwise reordered (seq goes back); a file's
/*	first record that does not link to the previous file's last
/*	means files given in the wrong order, a missing file, or records
/*	cut at the end of the previous file.
/*
/*	res receives counts, the final head, the last seal, the unsealed
/*	tail (the records after the last seal: a live file's last
/*	records, waiting for the next checkpoint) and the problem as
/*	"FILE:LINE: what" (review_verify_free() releases them).
/*
/*	With opts->progress (progress(3)), the count of records checked
/*	and the part of the files read show on stderr as it goes.
/*
/*	review_span_limit_ms() is the longest gap allowed after a seal
/*	for an interval of checkpoint_s seconds: the interval plus a
/*	tenth of it, at least 5 seconds, for a busy machine.
/*	review_duration() writes a duration for people ("42 s", "3 h 05
/*	min", "2 d 4 h").
/* DIAGNOSTICS
/*	review_verify() returns 0 when the chain is intact, 1 when a
/*	problem was found, 2 when a file cannot be read (res->problem
/*	says which).
/*--*/

#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "mymalloc.h"
#include "audit_chain.h"
#include "audit_time.h"
#include "progress.h"
#include "review.h"

typedef enum MAC_STATE {
    MAC_NONE = 0,			/* not a seal, or no key */
    MAC_OK,
    MAC_MISSING,
    MAC_WRONG,
} MAC_STATE;

typedef struct ENTRY {
    int     valid;			/* a line was read */
    const char *file;
    long    lineno;
    int     first_in_file;
    int     complete;
    int     is_record;			/* JSON object with seq/prev/type */
    VSTR   *error;			/* why not */
    char    hash[AUDIT_HEX_LEN + 1];
    char    prev[AUDIT_HEX_LEN + 1];
    long long seq;
    VSTR   *type;
    VSTR   *reason;
    VSTR   *key_id;
    long long ms;			/* "time"; LLONG_MIN: none */
    int     checkpoint_s;		/* start records; -1: absent */
    MAC_STATE mac;
} ENTRY;

 /*
  * Where the last seal was, for the gap check and the messages.
  */
typedef struct SEAL {
    const char *file;
    long    lineno;
    int     interval;			/* checkpoint_s of the run */
} SEAL;

/* entry_init - empty slot */

static void entry_init(ENTRY *e)
{
    memset(e, 0, sizeof(*e));
    e->error = vstr_alloc(50);
    e->type = vstr_alloc(20);
    e->reason = vstr_alloc(20);
    e->key_id = vstr_alloc(20);
}

/* entry_free - release a slot */

static void entry_free(ENTRY *e)
{
    vstr_free(e->error);
    vstr_free(e->type);
    vstr_free(e->reason);
    vstr_free(e->key_id);
}

/* entry_mac - check a seal's MAC against the exact bytes read */

static MAC_STATE entry_mac(const AUDIT_KEY *key, const REVIEW_LINE *line,
			           const ENTRY *e)
{
    const char *mac = review_str(line->rec, "mac");
    char    want[AUDIT_HEX_LEN + 1];
    size_t  body;

    if (key == 0 || !audit_chain_is_seal(vstr_str(e->type)))
	return (MAC_NONE);
    if (mac == 0)
	return (MAC_MISSING);
    if (!audit_chain_is_hex(mac)
	|| audit_chain_seal_body(line->text, line->len, mac, e->seq, e->prev,
				 &body) < 0)
	return (MAC_WRONG);
    audit_chain_seal(key, line->text, body, e->seq, e->prev, want);
    return (strcmp(want, mac) == 0 ? MAC_OK : MAC_WRONG);
}

/* entry_read - read and digest the next line; 0 at end, -1 on error */

static int entry_read(REVIEW_READER *rd, const AUDIT_KEY *key, ENTRY *e)
{
    REVIEW_LINE line;
    AUDIT_LINK link;
    json_t *cps;
    int     n;

    e->valid = 0;
    if ((n = review_read_next(rd, &line)) <= 0)
	return (n);
    e->valid = 1;
    e->file = line.file;
    e->lineno = line.lineno;
    e->first_in_file = line.first_in_file;
    e->complete = line.complete;
    audit_chain_hash(line.text, line.len, e->hash);
    vstr_reset(e->type);
    vstr_reset(e->reason);
    vstr_reset(e->key_id);
    e->is_record = 0;
    e->mac = MAC_NONE;
    e->ms = LLONG_MIN;
    e->checkpoint_s = -1;
    if (line.rec == 0) {
	vstr_sprintf(e->error, "not JSON (%s)", line.error);
    } else if (audit_chain_link(line.rec, &link) < 0) {
	vstr_strcpy(e->error, "not an audit record (seq, prev or type "
		    "missing or malformed)");
    } else {
	e->is_record = 1;
	e->seq = link.seq;
	memcpy(e->prev, link.prev, sizeof(e->prev));
	vstr_strcpy(e->type, link.type);
	if (review_str(line.rec, "reason"))
	    vstr_strcpy(e->reason, review_str(line.rec, "reason"));
	if (review_str(line.rec, "key_id"))
	    vstr_strcpy(e->key_id, review_str(line.rec, "key_id"));
	e->ms = review_record_time(line.rec);
	cps = json_object_get(line.rec, "checkpoint_s");
	if (json_is_integer(cps) && json_integer_value(cps) >= 0
	    && json_integer_value(cps) <= INT_MAX)
	    e->checkpoint_s = (int) json_integer_value(cps);
	e->mac = entry_mac(key, &line, e);
    }
    return (1);
}

/* problem - record the first problem */

static int problem(REVIEW_VERIFY *res, const ENTRY *at, const char *fmt,...)
	__attribute__((format(printf, 3, 4)));

static int problem(REVIEW_VERIFY *res, const ENTRY *at, const char *fmt,...)
{
    va_list ap;

    vstr_sprintf(res->problem, "%s:%ld: ", at->file, at->lineno);
    va_start(ap, fmt);
    vstr_vsprintf_append(res->problem, fmt, ap);
    va_end(ap);
    res->ok = 0;
    return (1);
}

/* review_duration - a duration for people */

void    review_duration(VSTR *out, long long ms)
{
    long long s = ms / 1000;

    vstr_reset(out);
    if (s < 0)
	vstr_sprintf(out, "%lld s in the future", -s);
    else if (s < 120)
	vstr_sprintf(out, "%lld s", s);
    else if (s < 7200)
	vstr_sprintf(out, "%lld min %02lld s", s / 60, s % 60);
    else if (s < 2 * 86400)
	vstr_sprintf(out, "%lld h %02lld min", s / 3600, s % 3600 / 60);
    else
	vstr_sprintf(out, "%lld d %lld h", s / 86400, s % 86400 / 3600);
}

/* review_span_limit_ms - longest gap after a seal */

long long review_span_limit_ms(int checkpoint_s)
{
    long long grace = checkpoint_s * 100LL;	/* a tenth */

    return (checkpoint_s * 1000LL + (grace < 5000 ? 5000 : grace));
}

/* time_text - a record time as the records write it */

static const char *time_text(VSTR *out, long long ms)
{
    struct timespec ts;

    vstr_reset(out);
    if (ms == LLONG_MIN) {
	vstr_strcpy(out, "no time");
    } else {
	ts.tv_sec = (time_t) (ms / 1000);
	ts.tv_nsec = (long) (ms % 1000) * 1000000L;
	audit_time_format(&ts, out);
    }
    return (vstr_str(out));
}

/* diagnose - name a broken link between last and cur */

static int diagnose(REVIEW_VERIFY *res, const ENTRY *last2, const ENTRY *last,
		            const ENTRY *cur, const ENTRY *next)
{
    int     next_ok = next->valid && next->is_record;

    if (next_ok && strcmp(cur->prev, next->hash) == 0
	&& strcmp(next->prev, last->hash) == 0)
	return (problem(res, cur, "records reordered: this record and the "
			"next one (line %ld) are swapped", next->lineno));
    if (next_ok && strcmp(next->prev, last->hash) == 0)
	return (problem(res, cur, "record inserted: the records before and "
			"after it (lines %ld and %ld) link to each other",
			last->lineno, next->lineno));
    if (last2->valid && strcmp(cur->prev, last2->hash) == 0)
	return (problem(res, last, "record inserted: the records before and "
			"after it (%s:%ld and %s:%ld) link to each other",
			last2->file, last2->lineno, cur->file, cur->lineno));
    if (cur->first_in_file)
	return (problem(res, cur, "this file does not continue %s: its first "
			"record does not link to the last record of %s (files "
			"in the wrong order, a file missing, or records deleted "
			"at the end of %s)", last->file, last->file, last->file));
    if (cur->seq <= last->seq)
	return (problem(res, cur, "records reordered: seq %lld comes after "
			"seq %lld (line %ld)", cur->seq, last->seq, last->lineno));
    if (cur->seq == last->seq + 2)
	return (problem(res, cur, "record deleted before this one (seq %lld "
			"missing after line %ld)", last->seq + 1, last->lineno));
    if (cur->seq > last->seq + 2)
	return (problem(res, cur, "%lld records deleted before this one "
			"(seq %lld to %lld missing after line %ld)",
			cur->seq - last->seq - 1, last->seq + 1, cur->seq - 1,
			last->lineno));
    return (problem(res, last, "record modified: this line no longer "
		    "hashes to the link stored in the next record (line %ld)",
		    cur->lineno));
}

/* check_key - key_id and the seal's MAC */

static int check_key(REVIEW_VERIFY *res, const AUDIT_KEY *key, const ENTRY *cur)
{
    if (vstr_len(cur->key_id) && strcmp(vstr_str(cur->key_id), audit_key_id(key)))
	return (problem(res, cur, "written with key %s, but the key given is "
			"%s", vstr_str(cur->key_id), audit_key_id(key)));
    if (cur->mac == MAC_MISSING)
	return (problem(res, cur, "%s record without a MAC: forged by someone "
			"without the key, or written by a version of the "
			"daemon older than this tool", vstr_str(cur->type)));
    if (cur->mac == MAC_WRONG)
	return (problem(res, cur, "%s MAC is wrong: this record or the records "
			"before it were rewritten by someone without the key",
			vstr_str(cur->type)));
    return (0);
}

/* is_closing - a checkpoint that ends a file */

static int is_closing(const ENTRY *e)
{
    return (strcmp(vstr_str(e->type), AUDIT_TYPE_CHECKPOINT) == 0
	    && (strcmp(vstr_str(e->reason), AUDIT_CP_ROTATE) == 0
		|| strcmp(vstr_str(e->reason), AUDIT_CP_STOP) == 0));
}

/* check_closed - the file before cur ended with its closing seal */

static int check_closed(REVIEW_VERIFY *res, const ENTRY *last, const ENTRY *cur)
{
    /* A daemon started after a rotation seals the old file's end itself. */
    if (is_closing(last) || (strcmp(vstr_str(cur->type), AUDIT_TYPE_FILE_START) == 0
			     && strcmp(vstr_str(cur->reason), "start") == 0))
	return (0);
    return (problem(res, last, "the file ends without a closing checkpoint: "
		    "records were cut at its end (the daemon ends a rotated "
		    "file with a checkpoint of reason rotate), or it was "
		    "copied with copytruncate"));
}

/* set_seal - cur is the last seal now */

static void set_seal(REVIEW_VERIFY *res, SEAL *seal, const ENTRY *cur)
{
    res->seal_seq = cur->seq;
    res->seal_ms = cur->ms;
    vstr_sprintf(res->seal_what, "%s", vstr_str(cur->type));
    if (vstr_len(cur->reason))
	vstr_sprintf_append(res->seal_what, " (%s)", vstr_str(cur->reason));
    seal->file = cur->file;
    seal->lineno = cur->lineno;
    res->after_last_checkpoint = 0;
}

/* check_gap - seals no further apart than the run's interval */

static int check_gap(REVIEW_VERIFY *res, SEAL *seal, const ENTRY *cur)
{
    VSTR   *gap, *when;
    long long limit;
    int     bad;

    /* A start record opens a run: the daemon was not running before it. */
    if (strcmp(vstr_str(cur->type), AUDIT_TYPE_FILE_START) == 0
	|| strcmp(vstr_str(cur->type), AUDIT_TYPE_RESTART) == 0) {
	seal->interval = cur->checkpoint_s > 0 ? cur->checkpoint_s : 0;
	res->checkpoint_s = cur->checkpoint_s;
	return (0);
    }
    if (seal->interval <= 0 || res->seal_seq < 0)
	return (0);
    if (cur->ms == LLONG_MIN || res->seal_ms == LLONG_MIN)
	return (problem(res, cur, "no valid time: cannot tell whether a "
			"checkpoint is missing (checkpoint_s %d)", seal->interval));
    limit = review_span_limit_ms(seal->interval);
    if (cur->ms - res->seal_ms <= limit)
	return (0);
    gap = vstr_alloc(30);
    when = vstr_alloc(30);
    review_duration(gap, cur->ms - res->seal_ms);
    bad = problem(res, cur, "no checkpoint for %s before this record, since "
		  "the %s of %s (%s:%ld): the daemon seals at least every %d "
		  "s (checkpoint_s), so checkpoints were removed (or the "
		  "daemon was suspended, or the clock jumped)", vstr_str(gap),
		  vstr_str(res->seal_what), time_text(when, res->seal_ms),
		  seal->file, seal->lineno, seal->interval);
    vstr_free(gap);
    vstr_free(when);
    return (bad);
}

/* check_anchor - the heads the daemon logged for this seq */

static int check_anchor(REVIEW_VERIFY *res, const REVIEW_ANCHORS *set,
			        const ENTRY *cur)
{
    const REVIEW_ANCHOR *a;
    size_t  n, i;

    if (set == 0 || (a = review_anchor_at(set, cur->seq, &n)) == 0)
	return (0);
    for (i = 0; i < n; i++)
	if (strcmp(a[i].head, cur->hash) != 0)
	    return (problem(res, cur, "not the record the daemon sealed: it "
			    "logged head %s for seq %lld (%s:%ld); the trail "
			    "was rewritten up to here", a[i].head, cur->seq,
			    review_anchor_path(set), a[i].lineno));
    res->anchors++;
    res->anchor_seq = cur->seq;
    return (0);
}

/* check_link - the chain between last and cur */

static int check_link(REVIEW_VERIFY *res, const ENTRY *last2, const ENTRY *last,
		              const ENTRY *cur, const ENTRY *next)
{
    if (!cur->complete)
	return (problem(res, cur, "the last line is incomplete (no newline): "
			"a write was cut, or the file was truncated"));
    if (!cur->is_record)
	return (problem(res, cur, "%s: record damaged or modified",
			vstr_str(cur->error)));
    if (cur->first_in_file && strcmp(vstr_str(cur->type), AUDIT_TYPE_FILE_START))
	return (problem(res, cur, "the file does not begin with a file-start "
			"record: records deleted at its beginning?"));
    if (!last->valid) {
	if (strcmp(cur->prev, AUDIT_CHAIN_ZERO) == 0 && cur->seq != 0)
	    return (problem(res, cur, "the chain starts here (prev is zero) "
			    "but seq is %lld, not 0", cur->seq));
	res->first_seq = cur->seq;
	return (0);
    }
    if (strcmp(cur->prev, last->hash) != 0)
	return (diagnose(res, last2, last, cur, next));
    if (cur->seq != last->seq + 1)
	return (problem(res, cur, "seq is %lld, expected %lld: record modified",
			cur->seq, last->seq + 1));
    if (cur->first_in_file)
	return (check_closed(res, last, cur));
    return (0);
}

/* account - count an accepted record */

static void account(REVIEW_VERIFY *res, SEAL *seal, const ENTRY *cur)
{
    const char *type = vstr_str(cur->type);

    res->records++;
    if (strcmp(type, AUDIT_TYPE_CHECKPOINT) == 0)
	res->checkpoints++;
    else if (audit_chain_is_seal(type))
	res->starts++;
    if (audit_chain_is_seal(type)) {
	set_seal(res, seal, cur);
    } else if (res->after_last_checkpoint++ == 0) {
	res->tail_seq = cur->seq;
	res->tail_ms = cur->ms;
    }
    res->last_seq = cur->seq;
    if (cur->ms != LLONG_MIN && (res->last_ms == LLONG_MIN || cur->ms > res->last_ms))
	res->last_ms = cur->ms;
    memcpy(res->head, cur->hash, sizeof(res->head));
}

/* check_age - the open last file was sealed recently, as of opts->at_ms */

static int check_age(REVIEW_VERIFY *res, const REVIEW_VERIFY_OPTS *opts,
		             const SEAL *seal, const ENTRY *last)
{
    VSTR   *age, *at, *when;
    int     bad;

    if (opts->key == 0 || opts->at_ms == 0 || res->closed || seal->interval <= 0)
	return (0);
    at = vstr_alloc(30);
    when = vstr_alloc(30);
    age = vstr_alloc(30);
    (void) time_text(at, opts->at_ms);
    if (opts->at_given && res->last_ms != LLONG_MIN && res->last_ms > opts->at_ms) {
	bad = problem(res, last, "a record of %s is later than --at %s: the "
		      "copy was taken later (give the time it was taken)",
		      time_text(when, res->last_ms), vstr_str(at));
    } else if (res->seal_ms == LLONG_MIN) {
	bad = problem(res, last, "the last seal has no valid time: cannot tell "
		      "whether the daemon went on sealing this file");
    } else if (opts->at_ms - res->seal_ms <= review_span_limit_ms(seal->interval)) {
	bad = 0;
    } else {
	review_duration(age, opts->at_ms - res->seal_ms);
	(void) time_text(when, res->seal_ms);
	if (res->after_last_checkpoint > 0)
	    bad = problem(res, last, "%ld record(s) after the last seal, the %s "
			  "of %s (%s:%ld), %s before %s%s: the daemon seals its "
			  "live file at least every %d s (checkpoint_s), so they "
			  "were written or rewritten after it stopped sealing "
			  "(their times too), or it died without sealing them; "
			  "to check an older copy give --at with the time it "
			  "was taken", res->after_last_checkpoint,
			  vstr_str(res->seal_what), vstr_str(when), seal->file,
			  seal->lineno, vstr_str(age), vstr_str(at),
			  opts->at_given ? " (--at)" : " (now)", seal->interval);
	else
	    bad = problem(res, last, "the last file is open (no closing "
			  "checkpoint) and its last seal, the %s of %s, is %s "
			  "older than %s%s: the daemon seals its live file at "
			  "least every %d s (checkpoint_s), so records were cut "
			  "after it, or the daemon is not running; to check an "
			  "older copy give --at with the time it was taken",
			  vstr_str(res->seal_what), vstr_str(when), vstr_str(age),
			  vstr_str(at), opts->at_given ? " (--at)" : " (now)",
			  seal->interval);
    }
    vstr_free(at);
    vstr_free(when);
    vstr_free(age);
    return (bad);
}

/* check_end - the last file closed, no anchor beyond the end */

static int check_end(REVIEW_VERIFY *res, const REVIEW_VERIFY_OPTS *opts,
		             const SEAL *seal, const ENTRY *last)
{
    const REVIEW_ANCHOR *a;

    res->closed = is_closing(last);
    if (opts->closed && !res->closed)
	return (problem(res, last, "the last file does not end with a closing "
			"checkpoint, but --closed says it is finished: records "
			"were cut at its end"));
    if (check_age(res, opts, seal, last))
	return (1);
    if (opts->anchors == 0)
	return (0);
    res->anchors_before = review_anchor_before(opts->anchors, res->first_seq);
    if ((a = review_anchor_after(opts->anchors, res->last_seq)) == 0)
	return (0);

    /*
     * A file closed by a rotation, followed by the next file's file-start:
     * the anchors go on in a file not given. Any other record after the
     * end, a restart included, was in this file.
     */
    if (res->closed && a->seq == res->last_seq + 1
	&& strcmp(a->kind, AUDIT_TYPE_FILE_START) == 0) {
	res->anchors_after = review_anchor_count(opts->anchors)
	    - review_anchor_before(opts->anchors, a->seq);
	return (0);
    }
    return (problem(res, last, "the trail ends here (seq %lld), but the "
		    "daemon logged head %s for seq %lld (%s:%ld): records "
		    "were removed after this one", res->last_seq, a->head,
		    a->seq, review_anchor_path(opts->anchors), a->lineno));
}

/* review_verify - check the chain of files */

int     review_verify(char **files, int count, const REVIEW_VERIFY_OPTS *opts,
		              REVIEW_VERIFY *res)
{
    REVIEW_READER *rd = review_read_open(files, count);
    ENTRY   slot[4], *last2 = slot, *last = slot + 1, *cur = slot + 2,
           *next = slot + 3, *tmp;
    SEAL    seal = {0, 0, 0};
    PROGRESS *pg = progress_open(opts->progress, stderr, "verifying", "records",
				 review_read_total(rd));
    int     i, n, bad = 0, status;

    memset(res, 0, sizeof(*res));
    res->problem = vstr_alloc(100);
    res->seal_what = vstr_alloc(30);
    res->ok = 1;
    res->keyed = opts->key != 0;
    res->first_seq = res->last_seq = res->seal_seq = res->tail_seq = -1;
    res->anchor_seq = -1;
    res->checkpoint_s = -1;
    res->seal_ms = res->tail_ms = res->last_ms = LLONG_MIN;
    memcpy(res->head, AUDIT_CHAIN_ZERO, sizeof(res->head));
    for (i = 0; i < 4; i++)
	entry_init(slot + i);

    if ((n = entry_read(rd, opts->key, cur)) > 0)
	n = entry_read(rd, opts->key, next);
    while (n >= 0 && cur->valid && !bad) {
	bad = check_link(res, last2, last, cur, next);
	if (!bad && opts->key)
	    bad = check_key(res, opts->key, cur);
	if (!bad)
	    bad = check_gap(res, &seal, cur);
	if (!bad)
	    bad = check_anchor(res, opts->anchors, cur);
	if (bad)
	    break;
	account(res, &seal, cur);
	progress_update(pg, res->records, review_read_bytes(rd));
	/* Slide the window: last2 <- last <- cur <- next <- new line. */
	tmp = last2;
	last2 = last;
	last = cur;
	cur = next;
	next = tmp;
	if (cur->valid)
	    n = entry_read(rd, opts->key, next);
    }
    if (n >= 0 && !bad && last->valid)
	(void) check_end(res, opts, &seal, last);
    if (n < 0) {
	vstr_strcpy(res->problem, review_read_error(rd));
	res->ok = 0;
	status = 2;
    } else {
	status = res->ok ? 0 : 1;
    }
    progress_finish(pg);
    for (i = 0; i < 4; i++)
	entry_free(slot + i);
    review_read_close(rd);
    return (status);
}

/* review_verify_free - release */

void    review_verify_free(REVIEW_VERIFY *res)
{
    vstr_free(res->problem);
    vstr_free(res->seal_what);
    res->problem = res->seal_what = 0;
}
