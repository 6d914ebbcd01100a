/*++
/* NAME
/*	review_verify 3
/* SUMMARY
/*	check the hash chain of audit files
/* SYNOPSIS
/*	#include "review.h"
/*
/*	int	review_verify(char **files, int count, const AUDIT_KEY *key,
/*				REVIEW_VERIFY *res)
/*	void	review_verify_free(REVIEW_VERIFY *res)
/* DESCRIPTION
/*	review_verify() reads the files in the order given as one chain
/*	(see audit_chain(3)) and stops at the first problem. It checks
/*	that each line is a record with seq, prev and type; that each
/*	file begins with a file-start record; that each record's prev is
/*	the hash of the line before it (the last line of the previous
/*	file for a file's first record); that seq grows by one; and, when
/*	key is not NULL, every checkpoint's MAC and every key_id.
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
/*	What the chain cannot show: a change to the last records after
/*	the last checkpoint by someone who recomputes their links, or the
/*	removal of the last records. res->after_last_checkpoint counts
/*	them; the daemon logs every checkpoint's head to syslog so that
/*	an auditor can compare.
/*
/*	res receives counts, the final head, and the problem as
/*	"FILE:LINE: what" (review_verify_free() releases it).
/* DIAGNOSTICS
/*	review_verify() returns 0 when the chain is intact, 1 when a
/*	problem was found, 2 when a file cannot be read (res->problem
/*	says which).
/*--*/

#include <stdarg.h>
#include <string.h>

#include "mymalloc.h"
#include "audit_chain.h"
#include "review.h"

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
    VSTR   *mac;
    VSTR   *key_id;
} ENTRY;

/* entry_init - empty slot */

static void entry_init(ENTRY *e)
{
    memset(e, 0, sizeof(*e));
    e->error = vstr_alloc(50);
    e->type = vstr_alloc(20);
    e->mac = vstr_alloc(AUDIT_HEX_LEN);
    e->key_id = vstr_alloc(20);
}

/* entry_free - release a slot */

static void entry_free(ENTRY *e)
{
    vstr_free(e->error);
    vstr_free(e->type);
    vstr_free(e->mac);
    vstr_free(e->key_id);
}

/* entry_read - read and digest the next line; 0 at end, -1 on error */

static int entry_read(REVIEW_READER *rd, ENTRY *e)
{
    REVIEW_LINE line;
    AUDIT_LINK link;
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
    vstr_reset(e->mac);
    vstr_reset(e->key_id);
    e->is_record = 0;
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
	if (review_str(line.rec, "mac"))
	    vstr_strcpy(e->mac, review_str(line.rec, "mac"));
	if (review_str(line.rec, "key_id"))
	    vstr_strcpy(e->key_id, review_str(line.rec, "key_id"));
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

/* check_key - checkpoint MAC and key_id */

static int check_key(REVIEW_VERIFY *res, const AUDIT_KEY *key, const ENTRY *cur)
{
    char    mac[AUDIT_HEX_LEN + 1];

    if (vstr_len(cur->key_id) && strcmp(vstr_str(cur->key_id), audit_key_id(key)))
	return (problem(res, cur, "written with key %s, but the key given is "
			"%s", vstr_str(cur->key_id), audit_key_id(key)));
    if (strcmp(vstr_str(cur->type), "checkpoint") != 0)
	return (0);
    audit_chain_mac(key, cur->seq, cur->prev, mac);
    if (strcmp(vstr_str(cur->mac), mac) != 0)
	return (problem(res, cur, "checkpoint MAC is wrong: the records up "
			"to here were rewritten by someone without the key"));
    return (0);
}

/* review_verify - check the chain of files */

int     review_verify(char **files, int count, const AUDIT_KEY *key,
		              REVIEW_VERIFY *res)
{
    REVIEW_READER *rd = review_read_open(files, count);
    ENTRY   slot[4], *last2 = slot, *last = slot + 1, *cur = slot + 2,
           *next = slot + 3, *tmp;
    int     i, n, bad = 0, status;

    memset(res, 0, sizeof(*res));
    res->problem = vstr_alloc(100);
    res->ok = 1;
    res->keyed = key != 0;
    res->first_seq = -1;
    res->last_seq = -1;
    memcpy(res->head, AUDIT_CHAIN_ZERO, sizeof(res->head));
    for (i = 0; i < 4; i++)
	entry_init(slot + i);

    if ((n = entry_read(rd, cur)) >= 0 && n > 0)
	n = entry_read(rd, next);
    while (n >= 0 && cur->valid && !bad) {
	if (!cur->complete) {
	    bad = problem(res, cur, "the last line is incomplete (no newline): "
			  "a write was cut, or the file was truncated");
	} else if (!cur->is_record) {
	    bad = problem(res, cur, "%s: record damaged or modified",
			  vstr_str(cur->error));
	} else if (cur->first_in_file && strcmp(vstr_str(cur->type), "file-start")) {
	    bad = problem(res, cur, "the file does not begin with a file-start "
			  "record: records deleted at its beginning?");
	} else if (!last->valid) {
	    if (strcmp(cur->prev, AUDIT_CHAIN_ZERO) == 0 && cur->seq != 0)
		bad = problem(res, cur, "the chain starts here (prev is zero) "
			      "but seq is %lld, not 0", cur->seq);
	    res->first_seq = cur->seq;
	} else if (strcmp(cur->prev, last->hash) != 0) {
	    bad = diagnose(res, last2, last, cur, next);
	} else if (cur->seq != last->seq + 1) {
	    bad = problem(res, cur, "seq is %lld, expected %lld: record modified",
			  cur->seq, last->seq + 1);
	}
	if (!bad && key)
	    bad = check_key(res, key, cur);
	if (bad)
	    break;
	res->records++;
	res->after_last_checkpoint++;
	if (strcmp(vstr_str(cur->type), "checkpoint") == 0) {
	    res->checkpoints++;
	    res->after_last_checkpoint = 0;
	}
	res->last_seq = cur->seq;
	memcpy(res->head, cur->hash, sizeof(res->head));
	/* Slide the window: last2 <- last <- cur <- next <- new line. */
	tmp = last2;
	last2 = last;
	last = cur;
	cur = next;
	next = tmp;
	if (cur->valid)
	    n = entry_read(rd, next);
    }
    if (n < 0) {
	vstr_strcpy(res->problem, review_read_error(rd));
	res->ok = 0;
	status = 2;
    } else {
	status = res->ok ? 0 : 1;
    }
    for (i = 0; i < 4; i++)
	entry_free(slot + i);
    review_read_close(rd);
    return (status);
}

/* review_verify_free - release */

void    review_verify_free(REVIEW_VERIFY *res)
{
    vstr_free(res->problem);
    res->problem = 0;
}
