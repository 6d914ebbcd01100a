/*++
/* NAME
/*	bench_docs_worst 1
/* SUMMARY
/*	CPU of the costliest IHE_XDM messages, before and after the budget
/* SYNOPSIS
/*	bench_docs_worst [-a archives] [-n rounds]
/* DESCRIPTION
/*	Measures what one hostile message can cost the daemon's
/*	documents code (mime(3), xdm_msg(3), doccat(3), docrules(3), one
/*	thread, CPU time of the process), as ratios against a baseline
/*	measured in the same run, so that the figures do not depend on
/*	the machine:
/* .IP baseline
/*	a conformant message: one IHE_XDM.zip with METADATA.XML, a CDA
/*	and a 1 MB incompressible PDF;
/* .IP "1 MB entries"
/*	the given number (default 12) of ~130 KB archives, each with 64
/*	subsets whose METADATA.XML and one XML document are 1 MB of
/*	blanks (under the old 1 MB ratio threshold: inflated and parsed
/*	in full);
/* .IP "64 KB entries"
/*	the same with 64 KB entries, under the new ratio floor: the
/*	costliest shape the new limits let through.
/* .PP
/*	Each message is read with the limits of the previous release
/*	(ratio checked above 1 MB only, no per-message budget) and with
/*	today's defaults (xdm_limits_init(): 64 KB ratio floor, 10
/*	archives, 2,000 entries, 64 MB inflated, 20 s). The worst case of
/*	each set is the costliest message under it. Prints CPU ms per
/*	message (the lowest of the rounds, default 3) and the ratio to
/*	the baseline, then what the previous limits allowed a message of
/*	DocumentMaxSize (64 MB) full of such archives to cost, from the
/*	measured cost per archive (an extrapolation: it grows linearly,
/*	nothing capped it).
/*
/*	The XML inputs come from $top_srcdir/tests/data/docs (default
/*	"..", right when run from bench/ in the source tree).
/* DIAGNOSTICS
/*	Exit 1 when the baseline is not read as conformant.
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mymalloc.h"
#include "vstr.h"
#include "mime.h"
#include "xdm_msg.h"
#include "../tests/unit/docs_util.h"

typedef struct WORST_MSG {
    const char *name;
    VSTR   *body;			/* MIME body, after the headers */
} WORST_MSG;

/* worst_body - a multipart body of n copies of one archive */

static VSTR *worst_body(const char *zip, size_t zlen, int n)
{
    VSTR   *body = vstr_alloc(zlen * 2 * (size_t) n + 256);

    vstr_cat(body, "--b\r\nContent-Type: text/plain\r\n\r\nCompte rendu joint.\r\n");
    docs_util_xdm_parts(body, zip, zlen, n);
    vstr_cat(body, "--b--\r\n");
    return (body);
}

/* worst_costly_zip - 64 subsets, each a METADATA.XML and an XML of len blanks */

static char *worst_costly_zip(size_t len, size_t *zlen)
{
    DOCS_UTIL_ENTRY e[128];
    char    names[128][48];
    char   *xml = mymalloc(len), *zip;
    int     i;

    memset(xml, ' ', len);
    memcpy(xml, "<a>", 3);
    memcpy(xml + len - 4, "</a>", 4);
    for (i = 0; i < 64; i++) {
	snprintf(names[2 * i], sizeof(names[0]), "IHE_XDM/SUBSET%02d/METADATA.XML", i);
	snprintf(names[2 * i + 1], sizeof(names[0]), "IHE_XDM/SUBSET%02d/DOC0001.XML", i);
	e[2 * i].name = names[2 * i];
	e[2 * i + 1].name = names[2 * i + 1];
	e[2 * i].data = e[2 * i + 1].data = xml;
	e[2 * i].len = e[2 * i + 1].len = len;
    }
    zip = docs_util_zip(e, 128, zlen, 0);
    myfree(xml);
    return (zip);
}

/* worst_baseline_zip - the conformant archive with a 1 MB PDF */

static char *worst_baseline_zip(size_t *zlen)
{
    size_t  mlen, clen, plen = 1024 * 1024, i;
    char   *meta = docs_util_file("metadata-cda.xml", &mlen);
    char   *cda = docs_util_file("cda.xml", &clen);
    char   *pdf = mymalloc(plen), *zip;
    unsigned long seed = 12345;
    DOCS_UTIL_ENTRY e[3] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", 0, 0},
	{"IHE_XDM/SUBSET01/DOC0001.XML", 0, 0},
	{"IHE_XDM/SUBSET01/DOC0002.PDF", 0, 0},
    };

    for (i = 0; i < plen; i++) {
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	pdf[i] = (char) (seed >> 33);
    }
    e[0].data = meta;
    e[0].len = mlen;
    e[1].data = cda;
    e[1].len = clen;
    e[2].data = pdf;
    e[2].len = plen;
    zip = docs_util_zip(e, 3, zlen, 0);
    myfree(meta);
    myfree(cda);
    myfree(pdf);
    return (zip);
}

/* worst_cpu_ms - process CPU time */

static double worst_cpu_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

/* worst_run - one message through the documents chain; CPU ms */

static double worst_run(const WORST_MSG *wm, const XDM_LIMITS *xlim, int *conformant)
{
    static const char *const rcpt[1] = {"285037728417346"};
    MIME_LIMITS lim;
    MIME_MSG *m;
    XDM_MSG *xm;
    DOCRULES_CONFIG cfg;
    DOCRULES_REPORT rep;
    const DOCRULES_FACTS *f;
    const char *p = vstr_str(wm->body);
    size_t  left = vstr_len(wm->body), n;
    double  t0 = worst_cpu_ms();

    mime_limits_init(&lim);
    m = mime_msg_create(&lim);
    mime_msg_header(m, "From", "robot@ch-x.mssante.fr");
    mime_msg_header(m, "Subject", "XDM/1.0/DDM+CR de consultation DUPONT Jean 01/01/1980");
    mime_msg_header(m, "X-MSS-CODECDA", "11488-4");
    mime_msg_header(m, "X-MSS-INS", "O");
    mime_msg_header(m, "MIME-Version", "1.0");
    mime_msg_header(m, "Content-Type", "multipart/mixed; boundary=\"b\"");
    mime_msg_eoh(m);
    /* The chunks libmilter hands over. */
    for (; left > 0; p += n, left -= n) {
	n = left < 65535 ? left : 65535;
	mime_msg_body(m, p, n);
    }
    mime_msg_finish(m);
    xm = xdm_msg_create();
    (void) xdm_msg_scan(xm, m, xlim, 0);
    (void) xdm_msg_categorize(xm, m, (CATEGORY_TABLE *) 0, (DOCCAT_RULES *) 0,
			      "robot@ch-x.mssante.fr");
    f = xdm_msg_facts(xm, m, 1, rcpt, 1);
    docrules_config_init(&cfg);
    docrules_report_init(&rep);
    docrules_check(&cfg, f, &rep);
    if (conformant)
	*conformant = f->xdm_unsafe + f->xdm_invalid == 0 && f->cda_count == 1;
    docrules_report_free(&rep);
    xdm_msg_free(xm);
    mime_msg_free(m);
    return (worst_cpu_ms() - t0);
}

/* worst_best - the lowest CPU of the rounds */

static double worst_best(const WORST_MSG *wm, const XDM_LIMITS *xlim, int rounds,
			         int *conformant)
{
    double  best = -1, t;
    int     r;

    for (r = 0; r < rounds; r++)
	if ((t = worst_run(wm, xlim, conformant)) < best || best < 0)
	    best = t;
    return (best);
}

int     main(int argc, char **argv)
{
    XDM_LIMITS lims[2];
    static const char *const lim_names[2] = {
	"previous release (ratio above 1 MB, no budget)",
	"today's defaults (64 KB floor, per-message budget)",
    };
    WORST_MSG msgs[3];
    double  base, cpu, worst[2] = {0, 0}, per_archive = 0;
    int     ch, narch = 12, rounds = 3, ok = 0, i, j, fit;
    size_t  zlen;
    char   *zip;

    while ((ch = getopt(argc, argv, "a:n:")) != -1) {
	switch (ch) {
	case 'a':
	    narch = atoi(optarg);
	    break;
	case 'n':
	    rounds = atoi(optarg);
	    break;
	default:
	    fprintf(stderr, "usage: bench_docs_worst [-a archives] [-n rounds]\n");
	    return (2);
	}
    }
    if (narch < 1 || rounds < 1) {
	fprintf(stderr, "bench_docs_worst: arguments out of range\n");
	return (2);
    }
    mime_init();
    xdm_init();
    for (i = 0; i < 2; i++)
	xdm_limits_init(lims + i);
    lims[0].ratio_min = 1024 * 1024;
    lims[0].msg_max_archives = 0;
    lims[0].msg_max_entries = 0;
    lims[0].msg_max_inflated = 0;
    lims[0].msg_max_ms = 0;

    zip = worst_baseline_zip(&zlen);
    msgs[0].name = "baseline (1 conformant archive)";
    msgs[0].body = worst_body(zip, zlen, 1);
    myfree(zip);
    zip = worst_costly_zip(1024 * 1024 - 1, &zlen);
    printf("docs-worst: archive of 1 MB entries: %zu octets\n", zlen);
    msgs[1].name = "archives of 1 MB entries";
    msgs[1].body = worst_body(zip, zlen, narch);
    myfree(zip);
    zip = worst_costly_zip(64 * 1024, &zlen);
    printf("docs-worst: archive of 64 KB entries: %zu octets\n", zlen);
    msgs[2].name = "archives of 64 KB entries";
    msgs[2].body = worst_body(zip, zlen, narch);
    myfree(zip);

    base = worst_best(msgs, lims + 1, rounds, &ok);
    printf("docs-worst: baseline: %.1f ms CPU (%s)\n", base,
	   ok ? "conformant" : "NOT READ AS CONFORMANT");
    for (j = 0; j < 2; j++) {
	printf("docs-worst: limits: %s\n", lim_names[j]);
	for (i = 1; i < 3; i++) {
	    cpu = worst_best(msgs + i, lims + j, rounds, (int *) 0);
	    if (cpu > worst[j])
		worst[j] = cpu;
	    printf("docs-worst:   %d %s (%.1f MB): %.1f ms CPU, %.1f x baseline\n",
		   narch, msgs[i].name, vstr_len(msgs[i].body) / 1048576.0, cpu,
		   cpu / base);
	    if (j == 0 && i == 1)
		per_archive = cpu / narch;
	}
    }
    printf("docs-worst: worst case before %.1f x baseline, after %.1f x "
	   "baseline (%.1f times cheaper)\n", worst[0] / base, worst[1] / base,
	   worst[0] / worst[1]);
    /* Before, the cost grew with the archives a DocumentMaxSize message holds. */
    fit = (int) (64.0 * 1048576 / ((double) vstr_len(msgs[1].body) / narch));
    printf("docs-worst: extrapolated: before, %.1f ms per archive of 1 MB entries and "
	   "no cap: a 64 MB message of %d such archives, about %.0f s (%.0f x "
	   "baseline); after, capped whatever the count\n", per_archive, fit,
	   per_archive * fit / 1000, per_archive * fit / base);
    for (i = 0; i < 3; i++)
	vstr_free(msgs[i].body);
    return (ok ? 0 : 1);
}
