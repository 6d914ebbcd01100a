/*++
/* NAME
/*	review_read 3
/* SUMMARY
/*	read and filter audit records for mssante-audit(1)
/* SYNOPSIS
/*	#include "review.h"
/*
/*	REVIEW_READER *review_read_open(char **files, int count)
/*	int	review_read_next(REVIEW_READER *rd, REVIEW_LINE *line)
/*	const char *review_read_error(REVIEW_READER *rd)
/*	long long review_read_bytes(const REVIEW_READER *rd)
/*	long long review_read_total(const REVIEW_READER *rd)
/*	void	review_read_close(REVIEW_READER *rd)
/*
/*	void	review_filter_init(REVIEW_FILTER *f)
/*	int	review_filter_match(const REVIEW_FILTER *f, json_t *rec)
/*	long long review_record_time(json_t *rec)
/*	const char *review_str(json_t *obj, const char *name)
/*
/*	const char *const review_actions[]
/*	int	review_is_refusal(const char *action)
/* DESCRIPTION
/*	review_read_open() prepares to read the files in the order given
/*	("-" is the standard input). review_read_next() gives the next
/*	line of the next file: its place, its exact bytes (for the hash
/*	chain) and its parsed JSON object. The line and its record are
/*	valid until the next call. Lines may be of any length.
/*
/*	For a progress line (progress(3)): review_read_bytes() counts the
/*	bytes read so far, over all files; review_read_total() is the sum
/*	of the files' sizes when review_read_open() looked, or 0 when one
/*	of them is not a regular file (the standard input, a pipe).
/*
/*	review_filter_init() sets a filter that matches every transaction
/*	record; review_filter_match() applies one (see mssante-audit(1)
/*	for the meaning of each criterion). review_record_time() gives a
/*	record's "time" in epoch milliseconds (LLONG_MIN when missing or
/*	malformed). review_str() gives a string member, or NULL.
/*
/*	review_actions lists the record format's final actions (NULL
/*	terminated), in the order reports show them; review_is_refusal()
/*	is true for "reject" and "tempfail".
/* DIAGNOSTICS
/*	review_read_next() returns 1 for a line, 0 at the end of the last
/*	file, -1 when a file cannot be opened or read; then
/*	review_read_error() says why.
/*--*/

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "mymalloc.h"
#include "audit_ins.h"
#include "audit_time.h"
#include "review.h"

struct REVIEW_READER {
    char  **files;
    int     count;
    int     index;			/* file being read */
    FILE   *fp;
    long    lineno;
    long long bytes;			/* read so far, all files */
    long long total;			/* size of all files; 0: unknown */
    char   *buf;			/* getline() buffer */
    size_t  cap;
    json_t *rec;
    json_error_t jerr;
    VSTR   *error;
};

const char *const review_actions[] = {
    "accept", "reject", "tempfail", "discard", "quarantine", "aborted", 0,
};

/* review_is_refusal - the client was told no */

int     review_is_refusal(const char *action)
{
    return (action && (strcmp(action, "reject") == 0
		       || strcmp(action, "tempfail") == 0));
}

/* review_read_open - prepare */

REVIEW_READER *review_read_open(char **files, int count)
{
    REVIEW_READER *rd = mycalloc(1, sizeof(*rd));
    struct stat st;
    int     i;

    rd->files = files;
    rd->count = count;
    rd->error = vstr_alloc(100);
    for (i = 0; i < count; i++) {
	if (strcmp(files[i], "-") == 0 || stat(files[i], &st) < 0 || !S_ISREG(st.st_mode)) {
	    rd->total = 0;
	    break;
	}
	rd->total += (long long) st.st_size;
    }
    return (rd);
}

/* review_read_next - next line of the next file */

int     review_read_next(REVIEW_READER *rd, REVIEW_LINE *line)
{
    ssize_t n;

    json_decref(rd->rec);
    rd->rec = 0;
    for (;;) {
	if (rd->fp == 0) {
	    if (rd->index >= rd->count)
		return (0);
	    if (strcmp(rd->files[rd->index], "-") == 0) {
		rd->fp = stdin;
	    } else if ((rd->fp = fopen(rd->files[rd->index], "r")) == 0) {
		vstr_sprintf(rd->error, "cannot open %s: %s",
			     rd->files[rd->index], strerror(errno));
		return (-1);
	    }
	    rd->lineno = 0;
	}
	errno = 0;
	if ((n = getline(&rd->buf, &rd->cap, rd->fp)) > 0)
	    break;
	if (ferror(rd->fp)) {
	    vstr_sprintf(rd->error, "cannot read %s: %s",
			 rd->files[rd->index], strerror(errno));
	    return (-1);
	}
	if (rd->fp != stdin)
	    fclose(rd->fp);
	rd->fp = 0;
	rd->index++;
    }
    rd->lineno++;
    rd->bytes += n;
    line->file = rd->files[rd->index];
    line->lineno = rd->lineno;
    line->first_in_file = rd->lineno == 1;
    line->complete = rd->buf[n - 1] == '\n';
    if (line->complete)
	rd->buf[--n] = 0;
    line->text = rd->buf;
    line->len = (size_t) n;
    rd->rec = json_loadb(rd->buf, (size_t) n, JSON_REJECT_DUPLICATES, &rd->jerr);
    if (rd->rec && !json_is_object(rd->rec)) {
	json_decref(rd->rec);
	rd->rec = 0;
	snprintf(rd->jerr.text, sizeof(rd->jerr.text), "not a JSON object");
    }
    line->rec = rd->rec;
    line->error = rd->rec ? 0 : rd->jerr.text;
    return (1);
}

/* review_read_error - why the last call failed */

const char *review_read_error(REVIEW_READER *rd)
{
    return (vstr_str(rd->error));
}

/* review_read_close - release */

void    review_read_close(REVIEW_READER *rd)
{
    if (rd->fp && rd->fp != stdin)
	fclose(rd->fp);
    json_decref(rd->rec);
    free(rd->buf);				/* from getline() */
    vstr_free(rd->error);
    myfree(rd);
}

/* review_read_bytes - consumed so far */

long long review_read_bytes(const REVIEW_READER *rd)
{
    return (rd->bytes);
}

/* review_read_total - the sizes of the files, 0 if unknown */

long long review_read_total(const REVIEW_READER *rd)
{
    return (rd->total);
}

/* review_str - a string member, or NULL */

const char *review_str(json_t *obj, const char *name)
{
    return (json_string_value(json_object_get(obj, name)));
}

/* review_record_time - "time" in epoch ms */

long long review_record_time(json_t *rec)
{
    const char *t = review_str(rec, "time");
    long long ms;

    if (t == 0 || audit_time_parse(t, &ms, 0) < 0)
	return (LLONG_MIN);
    return (ms);
}

/* review_filter_init - match every transaction */

void    review_filter_init(REVIEW_FILTER *f)
{
    memset(f, 0, sizeof(*f));
    f->since = LLONG_MIN;
    f->until = LLONG_MAX;
}

/* addr_is - case-insensitive address comparison */

static int addr_is(json_t *v, const char *want)
{
    const char *s = json_string_value(v);

    return (s && strcasecmp(s, want) == 0);
}

/* addr_local_is - the local part of an address equals want */

static int addr_local_is(json_t *v, const char *want)
{
    const char *s = json_string_value(v), *at;

    return (s && (at = strrchr(s, '@')) != 0 && (size_t) (at - s) == strlen(want)
	    && strncmp(s, want, (size_t) (at - s)) == 0);
}

/* has_addr - sender, a recipient or an event address matches */

static int has_addr(json_t *rec, const char *want,
		            int (*match) (json_t *, const char *))
{
    json_t *e;
    size_t  i;

    if (match(json_object_get(rec, "sender"), want))
	return (1);
    json_array_foreach(json_object_get(rec, "rcpts"), i, e) {
	if (match(json_object_get(e, "addr"), want))
	    return (1);
    }
    json_array_foreach(json_object_get(rec, "events"), i, e) {
	if (match(json_object_get(e, "addr"), want))
	    return (1);
    }
    return (0);
}

/* rule_is - exact, or prefix when the pattern ends in '*' */

static int rule_is(json_t *v, const char *pat)
{
    const char *s = json_string_value(v);
    size_t  n = strlen(pat);

    if (s == 0)
	return (0);
    if (n > 0 && pat[n - 1] == '*')
	return (strncmp(s, pat, n - 1) == 0);
    return (strcmp(s, pat) == 0);
}

/* has_rule - the final rule or a recipient's */

static int has_rule(json_t *rec, const char *pat)
{
    json_t *e;
    size_t  i;

    if (rule_is(json_object_get(rec, "rule"), pat))
	return (1);
    json_array_foreach(json_object_get(rec, "rcpts"), i, e) {
	if (rule_is(json_object_get(e, "rule"), pat))
	    return (1);
    }
    return (0);
}

/* in_list - word in a comma-separated list */

static int in_list(const char *word, const char *list)
{
    size_t  n;

    if (word == 0)
	return (0);
    n = strlen(word);
    while (*list) {
	size_t  m = strcspn(list, ",");

	if (m == n && strncasecmp(list, word, n) == 0)
	    return (1);
	list += m;
	if (*list == ',')
	    list++;
    }
    return (0);
}

/* has_patient - a document's patient, or a patient address */

static int has_patient(json_t *rec, const char *hex)
{
    VSTR   *local = vstr_alloc(AUDIT_HEX_LEN + 10);
    json_t *e;
    size_t  i;
    int     found = 0;

    json_array_foreach(json_object_get(rec, "patients"), i, e) {
	if (json_string_value(e) && strcmp(json_string_value(e), hex) == 0)
	    found = 1;
    }
    /* Whatever the site's patient domain: the pseudonym is the local part. */
    if (!found) {
	vstr_sprintf(local, "%s%s", AUDIT_HMAC_PREFIX, hex);
	found = has_addr(rec, vstr_str(local), addr_local_is);
    }
    vstr_free(local);
    return (found);
}

/* review_filter_match - apply a filter to one record */

int     review_filter_match(const REVIEW_FILTER *f, json_t *rec)
{
    const char *type = review_str(rec, "type");
    long long t;

    if (type == 0 || (!f->all_types && strcmp(type, "txn") != 0))
	return (0);
    if (f->since != LLONG_MIN || f->until != LLONG_MAX) {
	t = review_record_time(rec);
	if (t == LLONG_MIN || t < f->since || t >= f->until)
	    return (0);
    }
    if (f->direction && !in_list(review_str(rec, "direction"), f->direction))
	return (0);
    if (f->actions && !in_list(review_str(rec, "action"), f->actions))
	return (0);
    if (f->qid && (review_str(rec, "qid") == 0
		   || strcmp(review_str(rec, "qid"), f->qid) != 0))
	return (0);
    if (f->rule && !has_rule(rec, f->rule))
	return (0);
    if (f->mailbox && !has_addr(rec, f->mailbox, addr_is))
	return (0);
    if (f->patient && !has_patient(rec, f->patient))
	return (0);
    return (1);
}
