/*++
/* NAME
/*	bench_docs 1
/* SUMMARY
/*	concurrent parses of large messages with an IHE_XDM archive
/* SYNOPSIS
/*	bench_docs [-t threads] [-m megabytes] [-c chunk] [-n rounds]
/*		[-d tmpdir] [-M mem_max]
/* DESCRIPTION
/*	Measures what the documents code costs the daemon: threads
/*	(default 20) each read a message of the given size (default 20
/*	MB: a text part and an IHE_XDM.zip of metadata, a CDA and an
/*	incompressible PDF) as libmilter would hand it over (headers one
/*	by one, then body chunks of 65,535 octets), through mime(3)
/*	(spool, GMime parse), xdm_msg(3) (archive decoded to a temporary
/*	file, read with libzip and libxml2), doccat(3) and docrules(3).
/*
/*	The message is built by a child process and written to a file in
/*	tmpdir, so the parent's peak resident size (getrusage) measures
/*	the parse alone: the goal is under 128 MB for 20 concurrent 20 MB
/*	messages, which holds only if bodies are streamed, not held.
/*	Prints the wall time, the throughput in MB/s and the peak RSS.
/*	-M sets the in-memory spool threshold (default 262144 octets);
/*	a huge value shows what holding whole bodies would cost.
/*
/*	The XML inputs come from $top_srcdir/tests/data/docs and the
/*	JDV_J07 table from $top_srcdir/milter/data (top_srcdir defaults
/*	to "..", right when run from bench/ in the source tree).
/* DIAGNOSTICS
/*	Exit 1 when a message was not read as expected.
/*--*/

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <zip.h>

#include "mymalloc.h"
#include "vstr.h"
#include "mime.h"
#include "xdm_msg.h"
#include "xdm_catfile.h"

static int nthreads = 20;
static double megabytes = 20;
static size_t chunk = 65535;
static int rounds = 1;
static size_t mem_max = 256 * 1024;
static const char *tmpdir = "/tmp";
static const char *top = "..";
static VSTR *msg_path;
static CATEGORY_TABLE *table;

/* die - report and exit */

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "bench_docs: %s: %s\n", what, detail);
    exit(2);
}

/* slurp - a whole data file */

static char *slurp(const char *dir, const char *name, size_t *len)
{
    VSTR   *path = vstr_alloc(128);
    FILE   *fp;
    char   *buf;
    long    size;

    vstr_sprintf(path, "%s/%s/%s", top, dir, name);
    if ((fp = fopen(vstr_str(path), "rb")) == 0)
	die(vstr_str(path), strerror(errno));
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = mymalloc((size_t) size + 1);
    if (fread(buf, 1, (size_t) size, fp) != (size_t) size)
	die(vstr_str(path), "short read");
    fclose(fp);
    vstr_free(path);
    *len = (size_t) size;
    return (buf);
}

/* add_entry - one zip entry from memory (libzip frees when told) */

static void add_entry(zip_t *za, const char *name, void *data, size_t len,
		              int owned)
{
    zip_source_t *src = zip_source_buffer(za, data, len, owned);

    if (src == 0 || zip_file_add(za, name, src, 0) < 0)
	die("zip add", zip_strerror(za));
}

/* write_b64 - base64 lines to the message file */

static void write_b64(FILE *fp, const unsigned char *p, size_t len)
{
    static const char tab[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t  i, col = 0;
    unsigned long v;

    for (i = 0; i < len; i += 3) {
	v = (unsigned long) p[i] << 16;
	if (i + 1 < len)
	    v |= (unsigned long) p[i + 1] << 8;
	if (i + 2 < len)
	    v |= p[i + 2];
	putc(tab[(v >> 18) & 63], fp);
	putc(tab[(v >> 12) & 63], fp);
	putc(i + 1 < len ? tab[(v >> 6) & 63] : '=', fp);
	putc(i + 2 < len ? tab[v & 63] : '=', fp);
	if ((col += 4) >= 76) {
	    fputs("\r\n", fp);
	    col = 0;
	}
    }
    if (col)
	fputs("\r\n", fp);
}

/* build_message - child: write the test message, then exit */

static void build_message(void)
{
    size_t  mlen, clen, pdf_len, i, zlen;
    char   *meta = slurp("tests/data/docs", "metadata-cda.xml", &mlen);
    char   *cda = slurp("tests/data/docs", "cda.xml", &clen);
    unsigned char *pdf, *zbuf;
    zip_error_t err;
    zip_source_t *src;
    zip_stat_t st;
    zip_t  *za;
    FILE   *fp;
    unsigned long seed = 12345;

    /* base64 with CRLF grows by 4/3 * 78/76: size the PDF to fit. */
    pdf_len = (size_t) (megabytes * 1024 * 1024 / 1.37);
    pdf = mymalloc(pdf_len);
    for (i = 0; i < pdf_len; i++) {
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	pdf[i] = (unsigned char) (seed >> 33);
    }
    zip_error_init(&err);
    if ((src = zip_source_buffer_create(0, 0, 0, &err)) == 0
	|| (za = zip_open_from_source(src, ZIP_TRUNCATE, &err)) == 0)
	die("zip", zip_error_strerror(&err));
    zip_source_keep(src);
    add_entry(za, "IHE_XDM/SUBSET01/METADATA.XML", meta, mlen, 0);
    add_entry(za, "IHE_XDM/SUBSET01/DOC0001.XML", cda, clen, 0);
    add_entry(za, "IHE_XDM/SUBSET01/DOC0002.PDF", pdf, pdf_len, 0);
    if (zip_close(za) < 0 || zip_source_stat(src, &st) < 0
	|| zip_source_open(src) < 0)
	die("zip", "close");
    zlen = (size_t) st.size;
    zbuf = mymalloc(zlen);
    if (zip_source_read(src, zbuf, zlen) != (zip_int64_t) zlen)
	die("zip", "read");
    if ((fp = fopen(vstr_str(msg_path), "wb")) == 0)
	die(vstr_str(msg_path), strerror(errno));
    fputs("From: robot@ch-x.mssante.fr\r\n"
	  "To: 285037728417346@patient.mssante.fr\r\n"
	  "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean 01/01/1980\r\n"
	  "X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: O\r\nX-MSS-NIL: BENCH 1.0\r\n"
	  "MIME-Version: 1.0\r\n"
	  "Content-Type: multipart/mixed; boundary=\"bench\"\r\n\r\n"
	  "--bench\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	  "Compte rendu joint.\r\n--bench\r\nContent-Type: application/zip\r\n"
	  "Content-Disposition: attachment; filename=\"IHE_XDM.zip\"\r\n"
	  "Content-Transfer-Encoding: base64\r\n\r\n", fp);
    write_b64(fp, zbuf, zlen);
    fputs("--bench--\r\n", fp);
    if (fclose(fp) != 0)
	die(vstr_str(msg_path), strerror(errno));
    _exit(0);
}

/* one_message - what the daemon does for one message */

static int one_message(char *buf)
{
    MIME_LIMITS lim;
    MIME_MSG *m;
    XDM_LIMITS xlim;
    XDM_MSG *xm;
    const DOCCAT_RESULT *cats;
    DOCRULES_CONFIG cfg;
    DOCRULES_REPORT rep;
    const char *rcpt[1] = {"285037728417346"};
    VSTR   *hdr = vstr_alloc(256);
    char   *line, *colon, *eol;
    off_t   off = 0;
    ssize_t n;
    size_t  have = 0, i;
    int     fd, ok, in_headers = 1;

    mime_limits_init(&lim);
    lim.mem_max = mem_max;
    m = mime_msg_create(&lim);
    if ((fd = open(vstr_str(msg_path), O_RDONLY)) < 0)
	die(vstr_str(msg_path), strerror(errno));
    while ((n = pread(fd, buf + have, chunk - have, off)) > 0) {
	off += n;
	have += (size_t) n;
	/* Header fields one by one (the bench's are never folded). */
	while (in_headers && (eol = memchr(buf, '\n', have)) != 0) {
	    line = buf;
	    *eol = 0;
	    if (eol > line && eol[-1] == '\r')
		eol[-1] = 0;
	    if (*line == 0) {
		in_headers = 0;
		mime_msg_eoh(m);
	    } else if ((colon = strchr(line, ':')) != 0) {
		*colon = 0;
		mime_msg_header(m, line, colon + 2);
	    }
	    have -= (size_t) (eol + 1 - buf);
	    memmove(buf, eol + 1, have);
	}
	if (!in_headers && have > 0) {
	    mime_msg_body(m, buf, have);
	    have = 0;
	}
    }
    close(fd);
    mime_msg_finish(m);
    xdm_limits_init(&xlim);
    xm = xdm_msg_create();
    (void) xdm_msg_scan(xm, m, &xlim, tmpdir);
    cats = xdm_msg_categorize(xm, m, table, (DOCCAT_RULES *) 0,
			      "robot@ch-x.mssante.fr");
    for (i = 0; i < cats->count; i++)
	doccat_format_header(cats->items + i, hdr);
    docrules_config_init(&cfg);
    docrules_report_init(&rep);
    docrules_check(&cfg, xdm_msg_facts(xm, m, 1, rcpt, 1), &rep);
    ok = mime_msg_status(m) == MIME_OK && xdm_msg_archive_count(xm) == 1
	&& xdm_msg_archive(xm, 0)->status == XDM_OK
	&& xdm_msg_archive(xm, 0)->ndocs == 1 && cats->count == 1
	&& rep.count == 0;
    if (!ok)
	fprintf(stderr, "bench_docs: unexpected result: mime %s (%s), "
		"archives %zu, xdm %s (%s), %zu categories, %zu hits%s%s\n",
		mime_status_name(mime_msg_status(m)), mime_msg_error(m),
		xdm_msg_archive_count(xm), xdm_msg_archive_count(xm) ?
		xdm_status_name(xdm_msg_archive(xm, 0)->status) : "-",
		xdm_msg_archive_count(xm) ?
		vstr_str(xdm_msg_archive(xm, 0)->error) : "",
		cats->count, rep.count, rep.count ? ": " : "",
		rep.count ? rep.hits[0].id : "");
    docrules_report_free(&rep);
    xdm_msg_free(xm);
    mime_msg_free(m);
    vstr_free(hdr);
    return (ok);
}

/* worker - rounds of one message per thread */

static void *worker(void *arg)
{
    int    *ok = arg;
    char   *buf = mymalloc(chunk);
    int     r;

    for (r = 0; r < rounds; r++)
	*ok &= one_message(buf);
    myfree(buf);
    return (0);
}

/* now - monotonic seconds */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ts.tv_sec + ts.tv_nsec / 1e9);
}

int     main(int argc, char **argv)
{
    pthread_t *tids;
    int    *oks, ch, i, status, all_ok = 1;
    pid_t   pid;
    struct rusage ru;
    long    msg_size;
    VSTR   *why = vstr_alloc(64);
    VSTR   *path = vstr_alloc(64);
    double  t0, t1, base_mb;
    FILE   *fp;

    while ((ch = getopt(argc, argv, "t:m:c:n:d:M:")) != -1) {
	switch (ch) {
	case 't':
	    nthreads = atoi(optarg);
	    break;
	case 'm':
	    megabytes = atof(optarg);
	    break;
	case 'c':
	    chunk = (size_t) atol(optarg);
	    break;
	case 'n':
	    rounds = atoi(optarg);
	    break;
	case 'd':
	    tmpdir = optarg;
	    break;
	case 'M':
	    mem_max = (size_t) atol(optarg);
	    break;
	default:
	    fprintf(stderr, "usage: bench_docs [-t threads] [-m MB] [-c chunk] "
		    "[-n rounds] [-d tmpdir] [-M mem_max]\n");
	    return (2);
	}
    }
    if (nthreads < 1 || megabytes <= 0 || chunk < 1024 || rounds < 1)
	die("arguments", "out of range");
    if (getenv("top_srcdir"))
	top = getenv("top_srcdir");
    msg_path = vstr_alloc(64);
    vstr_sprintf(msg_path, "%s/bench-docs.%ld.eml", tmpdir, (long) getpid());

    /* Build the message in a child: its memory is not ours. */
    if ((pid = fork()) < 0)
	die("fork", strerror(errno));
    if (pid == 0)
	build_message();
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)
	|| WEXITSTATUS(status) != 0)
	die("build", "child failed");
    fp = fopen(vstr_str(msg_path), "rb");
    fseek(fp, 0, SEEK_END);
    msg_size = ftell(fp);
    fclose(fp);

    mime_init();
    xdm_init();
    vstr_sprintf(path, "%s/milter/docs/data/%s", top, XDM_CATFILE_TYPECODE);
    if ((table = xdm_catfile_load(vstr_str(path), (char *) 0, why)) == 0)
	die("table", vstr_str(why));
    getrusage(RUSAGE_SELF, &ru);
    base_mb = ru.ru_maxrss / 1024.0;

    tids = mycalloc((size_t) nthreads, sizeof(*tids));
    oks = mycalloc((size_t) nthreads, sizeof(*oks));
    t0 = now();
    for (i = 0; i < nthreads; i++) {
	oks[i] = 1;
	if (pthread_create(tids + i, 0, worker, oks + i) != 0)
	    die("pthread_create", strerror(errno));
    }
    for (i = 0; i < nthreads; i++) {
	pthread_join(tids[i], 0);
	all_ok &= oks[i];
    }
    t1 = now();
    getrusage(RUSAGE_SELF, &ru);
    unlink(vstr_str(msg_path));
    printf("docs: %d threads x %d round(s) x %.1f MB message (IHE_XDM.zip), "
	   "chunks of %zu octets, spool in memory up to %zu octets\n", nthreads,
	   rounds, msg_size / 1048576.0, chunk, mem_max);
    printf("docs: %.2f s, %.1f messages/s, %.1f MB/s\n", t1 - t0,
	   nthreads * rounds / (t1 - t0),
	   nthreads * rounds * (msg_size / 1048576.0) / (t1 - t0));
    printf("docs: peak RSS %.1f MB (%.1f MB before the parses)\n",
	   ru.ru_maxrss / 1024.0, base_mb);
    printf("docs: %s\n", all_ok ? "all messages read as expected" : "ERRORS");
    category_table_free(table);
    myfree(tids);
    myfree(oks);
    vstr_free(why);
    vstr_free(path);
    vstr_free(msg_path);
    return (all_ok ? 0 : 1);
}
