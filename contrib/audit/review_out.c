/*++
/* NAME
/*	review_out 3
/* SUMMARY
/*	tables of mssante-audit(1): aligned text, CSV or JSON
/* SYNOPSIS
/*	#include "review.h"
/*
/*	int	review_format_parse(const char *name, REVIEW_FORMAT *fmt)
/*	REVIEW_TABLE *review_table_create(int ncols,
/*				const char *const *headings)
/*	void	review_table_row(REVIEW_TABLE *t, const char *const *cells)
/*	int	review_table_rows(const REVIEW_TABLE *t)
/*	void	review_table_print(const REVIEW_TABLE *t, REVIEW_FORMAT fmt,
/*				FILE *fp)
/*	json_t	*review_table_json(const REVIEW_TABLE *t)
/*	void	review_table_free(REVIEW_TABLE *t)
/*	void	review_csv_cell(VSTR *out, const char *cell)
/* DESCRIPTION
/*	A table is filled row by row (cells are copied; NULL prints as
/*	"-" in text, empty in CSV, null in JSON), then printed:
/*
/*	REVIEW_FMT_TEXT: columns aligned with blanks under upper-case
/*	headings, numbers right-aligned; control characters shown as "?"
/*	so that a hostile value cannot move the cursor of the terminal.
/*
/*	REVIEW_FMT_CSV: RFC 4180 (CRLF line ends, quotes doubled). A cell
/*	that a spreadsheet would take for a formula (starting with =, +,
/*	-, @, TAB or CR) and is not a number gets a leading "'": the
/*	values come from senders, and a CSV export is meant to be opened
/*	by a person.
/*
/*	REVIEW_FMT_JSON: an array of objects keyed by the headings;
/*	cells made only of digits become numbers.
/*
/*	review_format_parse() reads "text", "json" or "csv" (-1 else).
/*	review_csv_cell() appends one CSV cell to out.
/*--*/

#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "mymalloc.h"
#include "review.h"

struct REVIEW_TABLE {
    int     ncols;
    char  **head;
    char ***rows;
    int     nrows;
    int     cap;
};

/* review_format_parse - --format value */

int     review_format_parse(const char *name, REVIEW_FORMAT *fmt)
{
    if (strcasecmp(name, "text") == 0)
	*fmt = REVIEW_FMT_TEXT;
    else if (strcasecmp(name, "json") == 0)
	*fmt = REVIEW_FMT_JSON;
    else if (strcasecmp(name, "csv") == 0)
	*fmt = REVIEW_FMT_CSV;
    else
	return (-1);
    return (0);
}

/* review_table_create - empty table */

REVIEW_TABLE *review_table_create(int ncols, const char *const *head)
{
    REVIEW_TABLE *t = mycalloc(1, sizeof(*t));
    int     i;

    t->ncols = ncols;
    t->head = mycalloc((size_t) ncols, sizeof(char *));
    for (i = 0; i < ncols; i++)
	t->head[i] = mystrdup(head[i]);
    return (t);
}

/* review_table_row - append a row */

void    review_table_row(REVIEW_TABLE *t, const char *const *cells)
{
    char  **row = mycalloc((size_t) t->ncols, sizeof(char *));
    int     i;

    for (i = 0; i < t->ncols; i++)
	row[i] = cells[i] ? mystrdup(cells[i]) : 0;
    if (t->nrows == t->cap) {
	t->cap = t->cap ? 2 * t->cap : 64;
	t->rows = myrealloc(t->rows, (size_t) t->cap * sizeof(char **));
    }
    t->rows[t->nrows++] = row;
}

/* review_table_rows - how many rows */

int     review_table_rows(const REVIEW_TABLE *t)
{
    return (t->nrows);
}

/* is_number - digits only (and not empty) */

static int is_number(const char *s)
{
    if (s == 0 || *s == 0)
	return (0);
    if (*s == '-')
	s++;
    if (*s == 0)
	return (0);
    for (; *s; s++)
	if (*s < '0' || *s > '9')
	    return (0);
    return (1);
}

/* width - display width of UTF-8 text (code points) */

static size_t width(const char *s)
{
    size_t  n = 0;

    for (; *s; s++)
	if (((unsigned char) *s & 0xc0) != 0x80)
	    n++;
    return (n);
}

/* put_safe - text for a terminal: no control characters */

static void put_safe(const char *s, FILE *fp)
{
    for (; *s; s++)
	fputc((unsigned char) *s < 0x20 || *s == 0x7f ? '?' : *s, fp);
}

/* print_text - aligned columns */

static void print_text(const REVIEW_TABLE *t, FILE *fp)
{
    size_t *w = mycalloc((size_t) t->ncols, sizeof(size_t));
    int    *num = mycalloc((size_t) t->ncols, sizeof(int));
    int     r, c;

    for (c = 0; c < t->ncols; c++) {
	w[c] = width(t->head[c]);
	num[c] = t->nrows > 0;
	for (r = 0; r < t->nrows; r++) {
	    const char *cell = t->rows[r][c] ? t->rows[r][c] : "-";

	    if (width(cell) > w[c])
		w[c] = width(cell);
	    if (!is_number(t->rows[r][c]))
		num[c] = 0;
	}
    }
    for (r = -1; r < t->nrows; r++) {
	for (c = 0; c < t->ncols; c++) {
	    const char *cell = r < 0 ? t->head[c] : t->rows[r][c] ?
	    t->rows[r][c] : "-";
	    size_t  pad = w[c] - width(cell), i;
	    int     last = c == t->ncols - 1;

	    if (num[c])
		for (i = 0; i < pad; i++)
		    fputc(' ', fp);
	    if (r < 0) {
		const char *s;

		for (s = cell; *s; s++)
		    fputc(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s, fp);
	    } else {
		put_safe(cell, fp);
	    }
	    if (!num[c] && !last)
		for (i = 0; i < pad; i++)
		    fputc(' ', fp);
	    if (!last)
		fputs("  ", fp);
	}
	fputc('\n', fp);
    }
    myfree(w);
    myfree(num);
}

/* review_csv_cell - one RFC 4180 cell, formula-safe */

void    review_csv_cell(VSTR *out, const char *cell)
{
    const char *s;
    int     quote, formula;

    if (cell == 0)
	return;
    formula = strchr("=+-@\t\r", cell[0]) != 0 && cell[0] != 0 && !is_number(cell);
    quote = formula || strpbrk(cell, ",\"\r\n") != 0 || cell[0] == ' '
	|| (cell[0] && cell[strlen(cell) - 1] == ' ');
    if (quote)
	vstr_addch(out, '"');
    if (formula)
	vstr_addch(out, '\'');
    for (s = cell; *s; s++) {
	if (*s == '"')
	    vstr_addch(out, '"');
	vstr_addch(out, *s);
    }
    if (quote)
	vstr_addch(out, '"');
}

/* print_csv - RFC 4180 */

static void print_csv(const REVIEW_TABLE *t, FILE *fp)
{
    VSTR   *line = vstr_alloc(200);
    int     r, c;

    for (r = -1; r < t->nrows; r++) {
	vstr_reset(line);
	for (c = 0; c < t->ncols; c++) {
	    if (c)
		vstr_addch(line, ',');
	    review_csv_cell(line, r < 0 ? t->head[c] : t->rows[r][c]);
	}
	vstr_cat(line, "\r\n");
	fwrite(vstr_str(line), 1, vstr_len(line), fp);
    }
    vstr_free(line);
}

/* review_table_json - array of objects */

json_t *review_table_json(const REVIEW_TABLE *t)
{
    json_t *arr = json_array();
    int     r, c;

    for (r = 0; r < t->nrows; r++) {
	json_t *obj = json_object();

	for (c = 0; c < t->ncols; c++) {
	    const char *cell = t->rows[r][c];

	    json_object_set_new(obj, t->head[c], cell == 0 ? json_null() :
				is_number(cell) && strlen(cell) < 18 ?
				json_integer(strtoll(cell, 0, 10)) :
				json_string(cell));
	}
	json_array_append_new(arr, obj);
    }
    return (arr);
}

/* review_table_print - in the format asked */

void    review_table_print(const REVIEW_TABLE *t, REVIEW_FORMAT fmt, FILE *fp)
{
    json_t *arr;

    switch (fmt) {
    case REVIEW_FMT_TEXT:
	print_text(t, fp);
	break;
    case REVIEW_FMT_CSV:
	print_csv(t, fp);
	break;
    case REVIEW_FMT_JSON:
	arr = review_table_json(t);
	json_dumpf(arr, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(arr);
	break;
    }
}

/* review_table_free - release */

void    review_table_free(REVIEW_TABLE *t)
{
    int     r, c;

    for (r = 0; r < t->nrows; r++) {
	for (c = 0; c < t->ncols; c++)
	    myfree(t->rows[r][c]);
	myfree(t->rows[r]);
    }
    for (c = 0; c < t->ncols; c++)
	myfree(t->head[c]);
    myfree(t->head);
    myfree(t->rows);
    myfree(t);
}
