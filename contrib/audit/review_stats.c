/*++
/* NAME
/*	review_stats 3
/* SUMMARY
/*	counts of audit decisions for mssante-audit(1)
/* SYNOPSIS
/*	#include "review.h"
/*
/*	REVIEW_STATS *review_stats_create(void)
/*	void	review_stats_add(REVIEW_STATS *st, json_t *rec)
/*	long	review_stats_total(const REVIEW_STATS *st)
/*	json_t	*review_stats_json(REVIEW_STATS *st, int top)
/*	void	review_stats_print(REVIEW_STATS *st, int top,
/*				REVIEW_FORMAT fmt, FILE *fp)
/*	void	review_stats_free(REVIEW_STATS *st)
/* DESCRIPTION
/*	review_stats_add() counts one transaction record: by final
/*	action; by rule (each distinct rule of the record, final or of a
/*	recipient, once; "(none)" when there is none); by direction;
/*	by UTC day and action; and, for the top lists, the sender of
/*	every refused transaction (final action reject or tempfail) and
/*	every refused recipient (its own action reject or tempfail, or
/*	the final action is one of them).
/*
/*	review_stats_json() returns all counts as one JSON object, the
/*	top lists cut to top entries (most frequent first, then by name);
/*	review_stats_print() prints them as sections of aligned text,
/*	as CSV rows (section,key,action,count) or as that JSON object.
/*--*/

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "audit_time.h"
#include "review.h"

struct REVIEW_STATS {
    long    total;
    long long first_ms;
    long long last_ms;
    json_t *by_action;
    json_t *by_rule;
    json_t *by_direction;
    json_t *by_day;			/* day -> action -> count */
    json_t *refused_senders;
    json_t *refused_rcpts;
    VSTR   *tmp;
};

typedef struct PAIR {
    const char *key;
    json_int_t count;
} PAIR;

/* bump - count one more under key */

static void bump(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);

    json_object_set_new(obj, key, json_integer(v ? json_integer_value(v) + 1 : 1));
}

/* review_stats_create - empty counts */

REVIEW_STATS *review_stats_create(void)
{
    REVIEW_STATS *st = mycalloc(1, sizeof(*st));

    st->by_action = json_object();
    st->by_rule = json_object();
    st->by_direction = json_object();
    st->by_day = json_object();
    st->refused_senders = json_object();
    st->refused_rcpts = json_object();
    st->tmp = vstr_alloc(20);
    return (st);
}

/* or_unknown - a name for a missing string */

static const char *or_unknown(const char *s, const char *unknown)
{
    return (s && *s ? s : unknown);
}

/* review_stats_add - count one transaction */

void    review_stats_add(REVIEW_STATS *st, json_t *rec)
{
    const char *action = or_unknown(review_str(rec, "action"), "(unknown)");
    const char *rule;
    json_t *rules = json_object(), *r, *day;
    long long t = review_record_time(rec);
    int     refused = review_is_refusal(action);
    size_t  i;

    st->total++;
    if (t != LLONG_MIN) {
	if (st->total == 1 || t < st->first_ms)
	    st->first_ms = t;
	if (st->total == 1 || t > st->last_ms)
	    st->last_ms = t;
	audit_time_day(t, st->tmp);
	if ((day = json_object_get(st->by_day, vstr_str(st->tmp))) == 0) {
	    day = json_object();
	    json_object_set_new(st->by_day, vstr_str(st->tmp), day);
	}
	bump(day, action);
    }
    bump(st->by_action, action);
    bump(st->by_direction, or_unknown(review_str(rec, "direction"), "(unknown)"));
    if ((rule = review_str(rec, "rule")) != 0)
	json_object_set_new(rules, rule, json_true());
    json_array_foreach(json_object_get(rec, "rcpts"), i, r) {
	const char *ra = review_str(r, "action");
	const char *addr = review_str(r, "addr");

	if ((rule = review_str(r, "rule")) != 0)
	    json_object_set_new(rules, rule, json_true());
	if (addr && (refused || review_is_refusal(ra)))
	    bump(st->refused_rcpts, addr);
    }
    if (json_object_size(rules) == 0) {
	bump(st->by_rule, "(none)");
    } else {
	const char *k;
	json_t *v;

	json_object_foreach(rules, k, v)
	    bump(st->by_rule, k);
    }
    json_decref(rules);
    if (refused)
	bump(st->refused_senders, or_unknown(review_str(rec, "sender"), "<>"));
}

/* review_stats_total - transactions counted */

long    review_stats_total(const REVIEW_STATS *st)
{
    return (st->total);
}

/* pair_cmp - most frequent first, then by name */

static int pair_cmp(const void *a, const void *b)
{
    const PAIR *x = a, *y = b;

    if (x->count != y->count)
	return (x->count > y->count ? -1 : 1);
    return (strcmp(x->key, y->key));
}

/* sorted - counts as an array of {key, count}, cut to top (0: all) */

static json_t *sorted(json_t *obj, const char *keyname, int top)
{
    size_t  n = json_object_size(obj), i = 0;
    PAIR   *p = mycalloc(n ? n : 1, sizeof(*p));
    json_t *arr = json_array(), *v;
    const char *k;

    json_object_foreach(obj, k, v) {
	p[i].key = k;
	p[i].count = json_integer_value(v);
	i++;
    }
    qsort(p, n, sizeof(*p), pair_cmp);
    for (i = 0; i < n && (top <= 0 || i < (size_t) top); i++)
	json_array_append_new(arr, json_pack("{s:s, s:I}", keyname, p[i].key,
					     "count", p[i].count));
    myfree(p);
    return (arr);
}

/* str_cmp - qsort comparison of strings */

static int str_cmp(const void *a, const void *b)
{
    return (strcmp(*(const char *const *) a, *(const char *const *) b));
}

/* days_sorted - by_day in date order, a count for every action */

static json_t *days_sorted(json_t *by_day)
{
    size_t  n = json_object_size(by_day), i = 0, j;
    const char **keys = mycalloc(n ? n : 1, sizeof(char *));
    json_t *arr = json_array(), *v, *day;
    const char *k;

    /* "YYYY-MM-DD" sorts as text in date order. */
    json_object_foreach(by_day, k, v)
	keys[i++] = k;
    qsort(keys, n, sizeof(char *), str_cmp);
    for (i = 0; i < n; i++) {
	json_int_t total = 0, known = 0;

	v = json_object_get(by_day, keys[i]);
	day = json_object();
	json_object_set_new(day, "day", json_string(keys[i]));
	{
	    const char *ak;
	    json_t *av;

	    json_object_foreach(v, ak, av)
		total += json_integer_value(av);
	}
	json_object_set_new(day, "total", json_integer(total));
	for (j = 0; review_actions[j]; j++) {
	    json_int_t c = json_integer_value(json_object_get(v, review_actions[j]));

	    json_object_set_new(day, review_actions[j], json_integer(c));
	    known += c;
	}
	json_object_set_new(day, "other", json_integer(total - known));
	json_array_append_new(arr, day);
    }
    myfree(keys);
    return (arr);
}

/* time_or_null - a time stamp, or null when nothing was counted */

static json_t *time_or_null(REVIEW_STATS *st, long long ms)
{
    struct timespec ts;

    if (st->total == 0 || json_object_size(st->by_day) == 0)
	return (json_null());
    ts.tv_sec = (time_t) (ms / 1000);
    ts.tv_nsec = (long) (ms % 1000) * 1000000L;
    audit_time_format(&ts, st->tmp);
    return (json_string(vstr_str(st->tmp)));
}

/* review_stats_json - every count as one object */

json_t *review_stats_json(REVIEW_STATS *st, int top)
{
    json_t *obj = json_object();

    json_object_set_new(obj, "transactions", json_integer(st->total));
    json_object_set_new(obj, "first", time_or_null(st, st->first_ms));
    json_object_set_new(obj, "last", time_or_null(st, st->last_ms));
    json_object_set_new(obj, "by_action", sorted(st->by_action, "action", 0));
    json_object_set_new(obj, "by_rule", sorted(st->by_rule, "rule", 0));
    json_object_set_new(obj, "by_direction", sorted(st->by_direction, "direction", 0));
    json_object_set_new(obj, "by_day", days_sorted(st->by_day));
    json_object_set_new(obj, "top_refused_senders",
			sorted(st->refused_senders, "sender", top));
    json_object_set_new(obj, "top_refused_recipients",
			sorted(st->refused_rcpts, "recipient", top));
    return (obj);
}

/* section_table - one {key, count} array as a two-column table */

static REVIEW_TABLE *section_table(json_t *arr, const char *keyname)
{
    const char *head[2];
    const char *cells[2];
    char    num[32];
    REVIEW_TABLE *t;
    json_t *e;
    size_t  i;

    head[0] = keyname;
    head[1] = "count";
    t = review_table_create(2, head);
    json_array_foreach(arr, i, e) {
	snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		 json_integer_value(json_object_get(e, "count")));
	cells[0] = review_str(e, keyname);
	cells[1] = num;
	review_table_row(t, cells);
    }
    return (t);
}

/* day_table - one row per day, one column per action */

static REVIEW_TABLE *day_table(json_t *days)
{
    const char *head[10];
    const char *cells[10];
    char    num[10][32];
    REVIEW_TABLE *t;
    json_t *d;
    size_t  i;
    int     j, n;

    head[0] = "day";
    head[1] = "total";
    for (n = 2; review_actions[n - 2]; n++)
	head[n] = review_actions[n - 2];
    head[n++] = "other";
    t = review_table_create(n, head);
    json_array_foreach(days, i, d) {
	cells[0] = review_str(d, "day");
	for (j = 1; j < n; j++) {
	    snprintf(num[j], sizeof(num[j]), "%" JSON_INTEGER_FORMAT,
		     json_integer_value(json_object_get(d, head[j])));
	    cells[j] = num[j];
	}
	review_table_row(t, cells);
    }
    return (t);
}

static const struct SECTION {
    const char *member;
    const char *key;
    const char *title;
} sections[] = {
    {"by_action", "action", "Transactions by final action"},
    {"by_rule", "rule", "Transactions by rule (final or of a recipient)"},
    {"by_direction", "direction", "Transactions by direction"},
    {"top_refused_senders", "sender", "Top refused senders"},
    {"top_refused_recipients", "recipient", "Top refused recipients"},
    {0, 0, 0},
};

/* print_csv - section,key,action,count rows */

static void print_csv(json_t *obj, FILE *fp)
{
    const char *head[] = {"section", "key", "action", "count"};
    const char *cells[4];
    char    num[32];
    REVIEW_TABLE *t = review_table_create(4, head);
    const struct SECTION *sp;
    json_t *e;
    size_t  i, j;

    snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
	     json_integer_value(json_object_get(obj, "transactions")));
    cells[0] = "transactions";
    cells[1] = cells[2] = 0;
    cells[3] = num;
    review_table_row(t, cells);
    for (sp = sections; sp->member; sp++) {
	json_array_foreach(json_object_get(obj, sp->member), i, e) {
	    snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		     json_integer_value(json_object_get(e, "count")));
	    cells[0] = sp->member;
	    cells[1] = review_str(e, sp->key);
	    cells[2] = 0;
	    review_table_row(t, cells);
	}
    }
    json_array_foreach(json_object_get(obj, "by_day"), i, e) {
	for (j = 0; review_actions[j]; j++) {
	    snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		  json_integer_value(json_object_get(e, review_actions[j])));
	    cells[0] = "by_day";
	    cells[1] = review_str(e, "day");
	    cells[2] = review_actions[j];
	    review_table_row(t, cells);
	}
    }
    review_table_print(t, REVIEW_FMT_CSV, fp);
    review_table_free(t);
}

/* review_stats_print - in the format asked */

void    review_stats_print(REVIEW_STATS *st, int top, REVIEW_FORMAT fmt, FILE *fp)
{
    json_t *obj = review_stats_json(st, top);
    const struct SECTION *sp;
    REVIEW_TABLE *t;

    switch (fmt) {
    case REVIEW_FMT_JSON:
	json_dumpf(obj, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	break;
    case REVIEW_FMT_CSV:
	print_csv(obj, fp);
	break;
    case REVIEW_FMT_TEXT:
	fprintf(fp, "Transactions: %ld", st->total);
	if (json_is_string(json_object_get(obj, "first")))
	    fprintf(fp, " from %s to %s", review_str(obj, "first"),
		    review_str(obj, "last"));
	fputs("\n", fp);
	for (sp = sections; sp->member; sp++) {
	    fprintf(fp, "\n%s:\n", sp->title);
	    t = section_table(json_object_get(obj, sp->member), sp->key);
	    review_table_print(t, REVIEW_FMT_TEXT, fp);
	    review_table_free(t);
	}
	fputs("\nTransactions by day (UTC) and final action:\n", fp);
	t = day_table(json_object_get(obj, "by_day"));
	review_table_print(t, REVIEW_FMT_TEXT, fp);
	review_table_free(t);
	break;
    }
    json_decref(obj);
}

/* review_stats_free - release */

void    review_stats_free(REVIEW_STATS *st)
{
    json_decref(st->by_action);
    json_decref(st->by_rule);
    json_decref(st->by_direction);
    json_decref(st->by_day);
    json_decref(st->refused_senders);
    json_decref(st->refused_rcpts);
    vstr_free(st->tmp);
    myfree(st);
}
