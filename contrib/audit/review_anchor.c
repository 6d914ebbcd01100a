/*++
/* NAME
/*	review_anchor 3
/* SUMMARY
/*	chain heads the daemon logged, for mssante-audit verify --anchor
/* SYNOPSIS
/*	#include "review.h"
/*
/*	REVIEW_ANCHORS *review_anchor_load(const char *path, VSTR *why)
/*	const REVIEW_ANCHOR *review_anchor_at(const REVIEW_ANCHORS *set,
/*				long long seq, size_t *count)
/*	const REVIEW_ANCHOR *review_anchor_after(const REVIEW_ANCHORS *set,
/*				long long seq)
/*	long	review_anchor_before(const REVIEW_ANCHORS *set, long long seq)
/*	long	review_anchor_count(const REVIEW_ANCHORS *set)
/*	const char *review_anchor_path(const REVIEW_ANCHORS *set)
/*	void	review_anchor_free(REVIEW_ANCHORS *set)
/* DESCRIPTION
/*	The daemon logs the head of every seal it writes (mssante-milter-
/*	audit(5)) as "... seq N, head H ...": the copy of syslog kept on
/*	the log server is out of reach of an attacker on the mail host.
/*
/*	review_anchor_load() reads those lines as grep(1) gives them,
/*	whatever comes before (a syslog prefix, "file:" from grep -H) or
/*	after: in each line the last "seq N, head H" with N decimal and H
/*	64 lower-case hex digits is an anchor, of the kind of seal named
/*	after the last "audit: " before it ("checkpoint", "file-start",
/*	"restart"); other lines are skipped.
/*	"-" is the standard input. The same anchor read twice (log files
/*	that overlap) counts once.
/*
/*	review_anchor_at() gives the anchors of one seq (count of them,
/*	more than one only when the log holds two heads for one seq);
/*	review_anchor_after() the anchor of the lowest seq above seq;
/*	review_anchor_before() how many anchors have a seq below seq.
/* DIAGNOSTICS
/*	review_anchor_load() returns NULL with the reason in why when
/*	the file cannot be read or holds no anchor at all (a wrong grep
/*	pattern must not pass for "nothing to check").
/*--*/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "audit_chain.h"
#include "review.h"

struct REVIEW_ANCHORS {
    char   *path;
    REVIEW_ANCHOR *v;			/* sorted by seq, then head */
    size_t  n;
    size_t  cap;
};

/* parse_one - the anchor in "seq N, head H" at p; 0 if none */

static int parse_one(const char *p, REVIEW_ANCHOR *a)
{
    static const char head[] = ", head ";
    char   *end;
    int     i;

    if (strncmp(p, "seq ", 4) != 0 || p[4] < '0' || p[4] > '9')
	return (0);
    errno = 0;
    a->seq = strtoll(p + 4, &end, 10);
    if (errno || strncmp(end, head, sizeof(head) - 1) != 0)
	return (0);
    end += sizeof(head) - 1;
    for (i = 0; i < AUDIT_HEX_LEN; i++)
	if (!((end[i] >= '0' && end[i] <= '9') || (end[i] >= 'a' && end[i] <= 'f')))
	    return (0);
    if ((end[i] >= '0' && end[i] <= '9') || (end[i] >= 'a' && end[i] <= 'f'))
	return (0);
    memcpy(a->head, end, AUDIT_HEX_LEN);
    a->head[AUDIT_HEX_LEN] = 0;
    return (1);
}

/* parse_kind - the seal named after the last "audit: " before end */

static void parse_kind(const char *line, const char *end, REVIEW_ANCHOR *a)
{
    const char *p, *word = 0;
    size_t  n;

    for (p = line; (p = strstr(p, "audit: ")) != 0 && p < end; p++)
	word = p + 7;
    n = word ? strcspn(word, " ") : 0;
    if (n == 0 || n >= sizeof(a->kind) || word + n > end)
	n = 0;
    memcpy(a->kind, word ? word : "", n);
    a->kind[n] = 0;
}

/* parse_line - the last anchor of a line; 0 if none */

static int parse_line(const char *line, REVIEW_ANCHOR *a)
{
    REVIEW_ANCHOR tmp;
    const char *p, *at = 0;

    for (p = line; (p = strstr(p, "seq ")) != 0; p++) {
	if (parse_one(p, &tmp)) {
	    *a = tmp;
	    at = p;
	}
    }
    if (at)
	parse_kind(line, at, a);
    return (at != 0);
}

/* cmp_anchor - qsort order */

static int cmp_anchor(const void *x, const void *y)
{
    const REVIEW_ANCHOR *a = x, *b = y;

    if (a->seq != b->seq)
	return (a->seq < b->seq ? -1 : 1);
    return (strcmp(a->head, b->head));
}

/* review_anchor_load - read the heads from syslog lines */

REVIEW_ANCHORS *review_anchor_load(const char *path, VSTR *why)
{
    REVIEW_ANCHORS *set;
    REVIEW_ANCHOR a;
    FILE   *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char   *buf = 0;
    size_t  cap = 0, i, j;
    long    lineno = 0;

    if (fp == 0) {
	vstr_sprintf(why, "--anchor: cannot open %s: %s", path, strerror(errno));
	return (0);
    }
    set = mycalloc(1, sizeof(*set));
    set->path = mystrdup(path);
    while (getline(&buf, &cap, fp) > 0) {
	lineno++;
	if (!parse_line(buf, &a))
	    continue;
	a.lineno = lineno;
	if (set->n == set->cap) {
	    set->cap = set->cap ? 2 * set->cap : 64;
	    set->v = myrealloc(set->v, set->cap * sizeof(*set->v));
	}
	set->v[set->n++] = a;
    }
    if (ferror(fp))
	vstr_sprintf(why, "--anchor: cannot read %s: %s", path, strerror(errno));
    else if (set->n == 0)
	vstr_sprintf(why, "--anchor: no \"seq N, head H\" in %s: give the "
		     "daemon's \"audit: checkpoint\" log lines", path);
    free(buf);					/* from getline() */
    if (fp != stdin)
	fclose(fp);
    if (set->n == 0 || vstr_len(why) > 0) {
	review_anchor_free(set);
	return (0);
    }
    qsort(set->v, set->n, sizeof(*set->v), cmp_anchor);
    for (i = j = 0; i < set->n; i++)
	if (j == 0 || cmp_anchor(set->v + j - 1, set->v + i) != 0)
	    set->v[j++] = set->v[i];
    set->n = j;
    return (set);
}

/* lower_bound - index of the first anchor with seq >= seq */

static size_t lower_bound(const REVIEW_ANCHORS *set, long long seq)
{
    size_t  lo = 0, hi = set->n, mid;

    while (lo < hi) {
	mid = lo + (hi - lo) / 2;
	if (set->v[mid].seq < seq)
	    lo = mid + 1;
	else
	    hi = mid;
    }
    return (lo);
}

/* review_anchor_at - the anchors of one seq */

const REVIEW_ANCHOR *review_anchor_at(const REVIEW_ANCHORS *set, long long seq,
				              size_t *count)
{
    size_t  i = lower_bound(set, seq), j = i;

    while (j < set->n && set->v[j].seq == seq)
	j++;
    *count = j - i;
    return (j > i ? set->v + i : 0);
}

/* review_anchor_after - the lowest anchor above seq */

const REVIEW_ANCHOR *review_anchor_after(const REVIEW_ANCHORS *set, long long seq)
{
    size_t  i = lower_bound(set, seq);

    while (i < set->n && set->v[i].seq <= seq)
	i++;
    return (i < set->n ? set->v + i : 0);
}

/* review_anchor_before - how many anchors below seq */

long    review_anchor_before(const REVIEW_ANCHORS *set, long long seq)
{
    return ((long) lower_bound(set, seq));
}

/* review_anchor_count - distinct anchors read */

long    review_anchor_count(const REVIEW_ANCHORS *set)
{
    return ((long) set->n);
}

/* review_anchor_path - the file they came from */

const char *review_anchor_path(const REVIEW_ANCHORS *set)
{
    return (set->path);
}

/* review_anchor_free - release */

void    review_anchor_free(REVIEW_ANCHORS *set)
{
    if (set) {
	myfree(set->v);
	myfree(set->path);
	myfree(set);
    }
}
