#ifndef REVIEW_H_INCLUDED
#define REVIEW_H_INCLUDED

/*++
/* NAME
/*	review 3h
/* SUMMARY
/*	internals of mssante-audit(1), the audit trail review tool
/* SYNOPSIS
/*	#include "review.h"
/* DESCRIPTION
/*	review_read.c: reading records and filtering them;
/*	review_out.c: tables as aligned text, CSV or JSON;
/*	review_verify.c: the chain check; review_anchor.c: the heads
/*	logged to syslog, for verify --anchor; review_stats.c: counts;
/*	review_report.c: the HTML report.
/*--*/

#include <stdio.h>
#include <jansson.h>

#include "vstr.h"
#include "audit_key.h"

 /*
  * Reading: every line of the files, in the order given.
  */
typedef struct REVIEW_READER REVIEW_READER;

typedef struct REVIEW_LINE {
    const char *file;			/* as given on the command line */
    long    lineno;			/* 1-based */
    int     first_in_file;		/* line 1 */
    int     complete;			/* ended with a newline */
    const char *text;			/* without the newline */
    size_t  len;
    json_t *rec;			/* parsed object, NULL if not JSON */
    const char *error;			/* why rec is NULL */
} REVIEW_LINE;

extern REVIEW_READER *review_read_open(char **, int);
extern int review_read_next(REVIEW_READER *, REVIEW_LINE *);
extern const char *review_read_error(REVIEW_READER *);
extern long long review_read_bytes(const REVIEW_READER *);
extern long long review_read_total(const REVIEW_READER *);
extern void review_read_close(REVIEW_READER *);

 /*
  * Filtering.
  */
typedef struct REVIEW_FILTER {
    int     all_types;			/* also file-start, checkpoint... */
    long long since;			/* ms, or LLONG_MIN */
    long long until;			/* ms, exclusive, or LLONG_MAX */
    const char *mailbox;		/* patient: pseudonymised */
    const char *rule;			/* exact, or prefix ending in '*' */
    const char *actions;		/* comma-separated list */
    const char *direction;
    const char *qid;
    const char *patient;		/* 64 hex digits of an INS's HMAC */
} REVIEW_FILTER;

extern void review_filter_init(REVIEW_FILTER *);
extern int review_filter_match(const REVIEW_FILTER *, json_t *);
extern long long review_record_time(json_t *);
extern const char *review_str(json_t *, const char *);

 /*
  * Output tables.
  */
typedef enum REVIEW_FORMAT {
    REVIEW_FMT_TEXT = 0,
    REVIEW_FMT_JSON,
    REVIEW_FMT_CSV
} REVIEW_FORMAT;

typedef struct REVIEW_TABLE REVIEW_TABLE;

extern int review_format_parse(const char *, REVIEW_FORMAT *);
extern REVIEW_TABLE *review_table_create(int, const char *const *);
extern void review_table_row(REVIEW_TABLE *, const char *const *);
extern int review_table_rows(const REVIEW_TABLE *);
extern void review_table_print(const REVIEW_TABLE *, REVIEW_FORMAT, FILE *);
extern json_t *review_table_json(const REVIEW_TABLE *);
extern void review_table_free(REVIEW_TABLE *);
extern void review_csv_cell(VSTR *, const char *);

 /*
  * Anchors: chain heads the daemon logged to syslog.
  */
typedef struct REVIEW_ANCHOR {
    long long seq;
    char    head[AUDIT_HEX_LEN + 1];
    char    kind[16];			/* "checkpoint", "file-start"... */
    long    lineno;			/* in the anchor file */
} REVIEW_ANCHOR;

typedef struct REVIEW_ANCHORS REVIEW_ANCHORS;

extern REVIEW_ANCHORS *review_anchor_load(const char *, VSTR *);
extern const REVIEW_ANCHOR *review_anchor_at(const REVIEW_ANCHORS *, long long,
					             size_t *);
extern const REVIEW_ANCHOR *review_anchor_after(const REVIEW_ANCHORS *, long long);
extern long review_anchor_before(const REVIEW_ANCHORS *, long long);
extern long review_anchor_count(const REVIEW_ANCHORS *);
extern const char *review_anchor_path(const REVIEW_ANCHORS *);
extern void review_anchor_free(REVIEW_ANCHORS *);

 /*
  * The commands.
  */
typedef struct REVIEW_VERIFY_OPTS {
    const AUDIT_KEY *key;		/* NULL: seals not checked */
    const REVIEW_ANCHORS *anchors;	/* NULL: none */
    int     closed;			/* the last file is finished too */
    int     progress;			/* PROGRESS_OFF (zeroed), _AUTO, _ON */
    long long at_ms;			/* with key: the open file judged as of
					 * this time (now, or --at); 0: not */
    int     at_given;			/* at_ms is --at: no record after it */
} REVIEW_VERIFY_OPTS;

typedef struct REVIEW_VERIFY {
    long    records;
    long    checkpoints;
    long    starts;			/* file-start and restart records */
    long    after_last_checkpoint;	/* unsealed: after the last seal */
    long long first_seq;
    long long last_seq;
    char    head[AUDIT_HEX_LEN + 1];
    int     ok;				/* 1: intact */
    int     keyed;			/* seals checked with a key */
    VSTR   *problem;			/* "FILE:LINE: what", when not ok */
    int     checkpoint_s;		/* interval in force at the end; -1 */
    int     closed;			/* the last file ends closed */
    long long seal_seq;			/* the last seal; -1: none */
    long long seal_ms;			/* its time; LLONG_MIN: unknown */
    VSTR   *seal_what;			/* "checkpoint (interval)"... */
    long long tail_seq;			/* the first unsealed record */
    long long tail_ms;			/* its time; LLONG_MIN: unknown */
    long long last_ms;			/* the latest record time; LLONG_MIN */
    long    anchors;			/* anchors found in the trail */
    long    anchors_before;		/* anchors older than first_seq */
    long    anchors_after;		/* in the next file, not given */
    long long anchor_seq;		/* the latest found; -1: none */
} REVIEW_VERIFY;

extern int review_verify(char **, int, const REVIEW_VERIFY_OPTS *, REVIEW_VERIFY *);
extern void review_verify_free(REVIEW_VERIFY *);
extern long long review_span_limit_ms(int);
extern void review_duration(VSTR *, long long);

typedef struct REVIEW_STATS REVIEW_STATS;

extern REVIEW_STATS *review_stats_create(void);
extern void review_stats_add(REVIEW_STATS *, json_t *);
extern void review_stats_print(REVIEW_STATS *, int, REVIEW_FORMAT, FILE *);
extern void review_stats_free(REVIEW_STATS *);
extern long review_stats_total(const REVIEW_STATS *);
extern json_t *review_stats_json(REVIEW_STATS *, int);

extern int review_report(REVIEW_STATS *, const REVIEW_VERIFY *, int,
			         const char *, const char *);

 /*
  * Action names of the record format and their colours in the report.
  */
extern const char *const review_actions[];
extern int review_is_refusal(const char *);

#endif
