/*++
/* NAME
/*	review_report 3
/* SUMMARY
/*	self-contained HTML report of audit decisions
/* SYNOPSIS
/*	#include "review.h"
/*
/*	int	review_report(REVIEW_STATS *st, const REVIEW_VERIFY *ver,
/*				int top, const char *path, const char *scope)
/* DESCRIPTION
/*	review_report() writes one HTML page to path ("-": standard
/*	output) for people who would rather look than read: the totals,
/*	the result of the chain check (ver), a stacked bar chart of the
/*	decisions per UTC day and final action (inline SVG, with a
/*	tooltip per bar through SVG <title>), and the tables of
/*	mssante-audit stats. scope describes the files and filters.
/*
/*	The page needs nothing else: inline CSS, inline SVG, no script,
/*	no font, image or style sheet from anywhere; its Content Security
/*	Policy forbids them anyway, so a page opened months later from an
/*	archive shows the same thing and leaks nothing. Every value from
/*	the log is HTML-escaped (addresses come from senders).
/* DIAGNOSTICS
/*	Returns 0, or -1 when the file cannot be written.
/*--*/

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "msg.h"
#include "audit_time.h"
#include "review.h"

#define CHART_W		1100
#define CHART_H		430
#define PAD_L		64
#define PAD_R		16
#define PAD_T		44
#define PAD_B		78

static const char *const colours[] = {
    "#2e7d32",				/* accept: green */
    "#c62828",				/* reject: red */
    "#ef6c00",				/* tempfail: orange */
    "#5d4037",				/* discard: brown */
    "#6a1b9a",				/* quarantine: purple */
    "#90a4ae",				/* aborted: grey */
    "#263238",				/* other */
};

static const char style[] =
"body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:24px 32px;color:#1b1b1b;background:#fff}"
"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px}"
".meta{color:#555;font-size:13px;margin:2px 0}"
".cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}"
".card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:110px}"
".card .n{display:block;font-size:26px;font-weight:bold}"
".card .l{font-size:13px;color:#444}"
".integrity{padding:10px 14px;border-radius:6px;font-size:14px}"
".ok{background:#e8f5e9;border:1px solid #2e7d32}"
".bad{background:#ffebee;border:1px solid #c62828}"
".grid{display:flex;flex-wrap:wrap;gap:28px}"
"table{border-collapse:collapse;font-size:13px;margin-bottom:8px}"
"th,td{border-bottom:1px solid #e0e0e0;padding:4px 10px;text-align:left}"
"th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}"
"td.a{word-break:break-all;max-width:420px}"
".sw{display:inline-block;width:11px;height:11px;margin-right:6px;vertical-align:-1px}"
"svg text{font-family:'DejaVu Sans',Verdana,sans-serif}";

/* esc - HTML-escaped text */

static void esc(FILE *fp, const char *s)
{
    if (s == 0)
	return;
    for (; *s; s++) {
	switch (*s) {
	case '&':
	    fputs("&amp;", fp);
	    break;
	case '<':
	    fputs("&lt;", fp);
	    break;
	case '>':
	    fputs("&gt;", fp);
	    break;
	case '"':
	    fputs("&quot;", fp);
	    break;
	case '\'':
	    fputs("&#39;", fp);
	    break;
	default:
	    fputc(*s, fp);
	}
    }
}

/* colour_of - colour of an action name */

static const char *colour_of(const char *action)
{
    int     i;

    for (i = 0; review_actions[i]; i++)
	if (strcmp(review_actions[i], action) == 0)
	    return (colours[i]);
    return (colours[i]);
}

/* nice_max - a round upper bound for the axis, and its tick step */

static long nice_max(long max, long *step)
{
    long    mag = 1, m;
    static const int mult[] = {1, 2, 5};
    int     i;

    if (max <= 0)
	max = 1;
    for (;;) {
	for (i = 0; i < 3; i++) {
	    m = mult[i] * mag;
	    if ((max + m - 1) / m <= 5) {
		*step = m;
		return (((max + m - 1) / m) * m);
	    }
	}
	mag *= 10;
    }
}

/* chart - the stacked bar chart of decisions per day */

static void chart(FILE *fp, json_t *days)
{
    json_t *byday = json_object(), *d;
    long long first = LLONG_MAX, last = LLONG_MIN, t;
    long    ndays, i, max = 1, ymax, step, v;
    VSTR   *day = vstr_alloc(16);
    double  plot_w = CHART_W - PAD_L - PAD_R, plot_h = CHART_H - PAD_T - PAD_B;
    double  band, barw, x, y, h;
    size_t  k;
    int     a, label_every;
    const char *legend[8];

    json_array_foreach(days, k, d) {
	if (audit_time_parse(review_str(d, "day"), &t, 0) < 0)
	    continue;
	json_object_set(byday, review_str(d, "day"), d);
	if (t < first)
	    first = t;
	if (t > last)
	    last = t;
	v = (long) json_integer_value(json_object_get(d, "total"));
	if (v > max)
	    max = v;
    }
    ndays = first == LLONG_MAX ? 1 : (long) ((last - first) / 86400000LL) + 1;
    if (first == LLONG_MAX)
	first = 0;
    ymax = nice_max(max, &step);
    band = plot_w / (double) ndays;
    barw = band * 0.72 < 1 ? 1 : band * 0.72;
    label_every = ndays <= 16 ? 1 : (int) ((ndays + 15) / 16);

    fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"ct\">\n<title id=\"ct\">Decisions per day "
	    "(UTC) and final action</title>\n"
	    "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n",
	    CHART_W, CHART_H, CHART_W, CHART_H, CHART_W, CHART_H);

    /* Grid and y axis. */
    for (v = 0; v <= ymax; v += step) {
	y = PAD_T + plot_h - plot_h * (double) v / (double) ymax;
	fprintf(fp, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
		"stroke=\"%s\" stroke-width=\"1\"/>\n", PAD_L, y,
		CHART_W - PAD_R, y, v ? "#e0e0e0" : "#616161");
	fprintf(fp, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" "
		"text-anchor=\"end\" fill=\"#424242\">%ld</text>\n",
		PAD_L - 8, y + 4, v);
    }
    fprintf(fp, "<text transform=\"translate(16 %.1f) rotate(-90)\" "
	    "font-size=\"13\" text-anchor=\"middle\" fill=\"#424242\">"
	    "transactions</text>\n", PAD_T + plot_h / 2);

    /* Bars, stacked in the legend's order from the bottom. */
    for (i = 0; i < ndays; i++) {
	audit_time_day(first + i * 86400000LL, day);
	d = json_object_get(byday, vstr_str(day));
	x = PAD_L + band * (double) i + (band - barw) / 2;
	y = PAD_T + plot_h;
	for (a = 0; d && (a == 0 || review_actions[a - 1]); a++) {
	    const char *name = review_actions[a] ? review_actions[a] : "other";

	    v = (long) json_integer_value(json_object_get(d, name));
	    if (v <= 0)
		continue;
	    h = plot_h * (double) v / (double) ymax;
	    y -= h;
	    fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"%s\"><title>%s %s: %ld</title>"
		    "</rect>\n", x, y, barw, h, colour_of(name),
		    vstr_str(day), name, v);
	}
	if (i % label_every == 0)
	    fprintf(fp, "<text transform=\"translate(%.1f %d) rotate(-45)\" "
		    "font-size=\"12\" text-anchor=\"end\" fill=\"#424242\">"
		    "%s</text>\n", x + barw / 2 + 4, PAD_T + (int) plot_h + 14,
		    vstr_str(day));
    }

    /* Legend, along the top. */
    for (a = 0; review_actions[a]; a++)
	legend[a] = review_actions[a];
    legend[a++] = "other";
    legend[a] = 0;
    for (a = 0, x = PAD_L; legend[a]; a++) {
	fprintf(fp, "<rect x=\"%.1f\" y=\"14\" width=\"14\" height=\"14\" "
		"fill=\"%s\"/><text x=\"%.1f\" y=\"26\" font-size=\"13\" "
		"fill=\"#212121\">%s</text>\n", x, colour_of(legend[a]),
		x + 19, legend[a]);
	x += 34 + 8.5 * (double) strlen(legend[a]);
    }
    fputs("</svg>\n", fp);
    vstr_free(day);
    json_decref(byday);
}

/* table - a {key, count} array as an HTML table */

static void table(FILE *fp, json_t *obj, const char *member, const char *key,
		          const char *title, int swatch)
{
    json_t *arr = json_object_get(obj, member), *e;
    size_t  i;

    fprintf(fp, "<div><h2>%s</h2>\n<table><tr><th>%s</th><th>count</th></tr>\n",
	    title, key);
    if (json_array_size(arr) == 0)
	fputs("<tr><td colspan=\"2\">none</td></tr>\n", fp);
    json_array_foreach(arr, i, e) {
	fputs("<tr><td class=\"a\">", fp);
	if (swatch)
	    fprintf(fp, "<span class=\"sw\" style=\"background:%s\"></span>",
		    colour_of(review_str(e, key)));
	esc(fp, review_str(e, key));
	fprintf(fp, "</td><td class=\"n\">%" JSON_INTEGER_FORMAT "</td></tr>\n",
		json_integer_value(json_object_get(e, "count")));
    }
    fputs("</table></div>\n", fp);
}

/* card - one total */

static void card(FILE *fp, json_int_t n, const char *label, const char *colour)
{
    fprintf(fp, "<div class=\"card\"%s%s%s><span class=\"n\">%"
	    JSON_INTEGER_FORMAT "</span><span class=\"l\">%s</span></div>\n",
	    colour ? " style=\"border-left:6px solid " : "", colour ? colour : "",
	    colour ? "\"" : "", n, label);
}

/* integrity - the chain check, in words */

static void integrity(FILE *fp, const REVIEW_VERIFY *ver)
{
    if (ver == 0)
	return;
    if (!ver->ok) {
	fputs("<p class=\"integrity bad\"><b>Integrity: FAILED.</b> ", fp);
	esc(fp, vstr_str(ver->problem));
	fputs(". Figures below come from a log that may have been altered.</p>\n", fp);
	return;
    }
    fprintf(fp, "<p class=\"integrity ok\"><b>Integrity: chain intact</b> over "
	    "%ld records (seq %lld to %lld); %ld checkpoints %s. ",
	    ver->records, ver->first_seq, ver->last_seq, ver->checkpoints,
	    ver->keyed ? "verified with the site key" : "present, not verified "
	    "(no key given)");
    if (ver->after_last_checkpoint > 0)
	fprintf(fp, "The last %ld records follow the last checkpoint. ",
		ver->after_last_checkpoint);
    fprintf(fp, "Chain head: <code>%s</code>.</p>\n", ver->head);
}

/* review_report - write the page */

int     review_report(REVIEW_STATS *st, const REVIEW_VERIFY *ver, int top,
		              const char *path, const char *scope)
{
    json_t *obj = review_stats_json(st, top), *e;
    FILE   *fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    struct timespec now;
    VSTR   *ts = vstr_alloc(30);
    json_int_t counts[8] = {0};
    size_t  i;
    int     a, ret = 0;

    if (fp == 0) {
	msg_error("cannot create %s: %s", path, strerror(errno));
	json_decref(obj);
	vstr_free(ts);
	return (-1);
    }
    clock_gettime(CLOCK_REALTIME, &now);
    audit_time_format(&now, ts);
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<title>MSSante audit report</title>\n<style>%s</style></head>\n<body>\n"
	    "<h1>MSSant&eacute; mail decisions: audit report</h1>\n", style);
    fputs("<p class=\"meta\">Source: ", fp);
    esc(fp, scope);
    fprintf(fp, "</p>\n<p class=\"meta\">Period (UTC): %s to %s. Generated %s "
	    "by mssante-audit.</p>\n",
	    json_is_string(json_object_get(obj, "first")) ?
	    review_str(obj, "first") : "-",
	    json_is_string(json_object_get(obj, "last")) ?
	    review_str(obj, "last") : "-", vstr_str(ts));
    integrity(fp, ver);

    json_array_foreach(json_object_get(obj, "by_action"), i, e) {
	for (a = 0; review_actions[a]; a++)
	    if (strcmp(review_str(e, "action"), review_actions[a]) == 0)
		break;
	counts[a] += json_integer_value(json_object_get(e, "count"));
    }
    fputs("<div class=\"cards\">\n", fp);
    card(fp, (json_int_t) review_stats_total(st), "transactions", 0);
    for (a = 0; review_actions[a]; a++)
	card(fp, counts[a], review_actions[a], colours[a]);
    fputs("</div>\n<h2>Decisions per day (UTC) and final action</h2>\n", fp);
    if (review_stats_total(st) == 0)
	fputs("<p>No transaction in the selected records.</p>\n", fp);
    chart(fp, json_object_get(obj, "by_day"));
    fputs("<div class=\"grid\">\n", fp);
    table(fp, obj, "by_action", "action", "By final action", 1);
    table(fp, obj, "by_direction", "direction", "By direction", 0);
    table(fp, obj, "by_rule", "rule", "By rule", 0);
    fputs("</div>\n<div class=\"grid\">\n", fp);
    table(fp, obj, "top_refused_senders", "sender", "Top refused senders", 0);
    table(fp, obj, "top_refused_recipients", "recipient",
	  "Top refused recipients", 0);
    fputs("</div>\n<p class=\"meta\">Patient addresses appear as keyed "
	  "pseudonyms (hmac:...@patient.mssante.fr); the subject of a "
	  "message is never recorded.</p>\n</body></html>\n", fp);
    if (fp != stdout) {
	if (ferror(fp) | fclose(fp)) {
	    msg_error("cannot write %s: %s", path, strerror(errno));
	    ret = -1;
	}
    } else if (fflush(fp) != 0) {
	ret = -1;
    }
    json_decref(obj);
    vstr_free(ts);
    return (ret);
}
