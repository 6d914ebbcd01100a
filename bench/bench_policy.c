/*++
/* NAME
/*	bench_policy 1
/* SUMMARY
/*	microbenchmark of recipient decisions
/* SYNOPSIS
/*	bench_policy [decisions [recipients [domains]]]
/* DESCRIPTION
/*	Measures the per-recipient work of the policy library: for each
/*	envelope recipient, addr_parse(3), trust_containsn(3) on a trust
/*	snapshot, and ins_check(3) when the domain is patient.mssante.fr.
/*
/*	Setup (not timed) builds a TRUST of "domains" (default 5,000)
/*	whitelisted domains with trust_builder_*() and generates
/*	"recipients" (default 10,000) addresses with a realistic mix:
/*	60% professional addresses in whitelisted domains, 25% patient
/*	addresses with a valid INS, 5% patient addresses with a bad INS
/*	(wrong key, lower-case 2a/2b, wrong length), 10% outside the trust
/*	space (public providers, unlisted subdomains of listed domains).
/*	Half of them are written with angle brackets, a few with
/*	surrounding blanks or upper-case domains, as MTAs hand them over.
/*
/*	The timed loop makes "decisions" (default 5,000,000) decisions,
/*	cycling over the recipients, timed with clock_gettime
/*	(CLOCK_MONOTONIC). It prints decisions per second and the count of
/*	each outcome, which also keeps the compiler from optimising the
/*	work away. The same input always gives the same counts. Then it
/*	times each step alone (ns per call) over the same recipients.
/*
/*	Build with optimisation (the default CFLAGS -g -O2) and without
/*	sanitizers for meaningful figures.
/* DIAGNOSTICS
/*	Exit status 1 on a usage error or when the setup fails.
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "addr.h"
#include "trust.h"
#include "ins.h"

#define PATIENT_DOMAIN	"patient.mssante.fr"

typedef enum OUTCOME {
    OUT_TRUSTED,			/* professional, listed domain */
    OUT_PATIENT_OK,			/* patient, valid INS */
    OUT_PATIENT_BAD,			/* patient, invalid INS */
    OUT_OUTSIDE,			/* domain not in the trust space */
    OUT_SYNTAX,				/* address refused by addr_parse */
    OUT_COUNT
} OUTCOME;

static const char *const outcome_names[OUT_COUNT] = {
    "trusted", "patient_ok", "patient_bad_ins", "outside", "syntax",
};

typedef struct RCPT {
    char   *addr;
    size_t  len;
} RCPT;

static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;

/* rng - xorshift64: deterministic and cheap */

static unsigned rng(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return ((unsigned) (rng_state % n));
}

static const char *const first_names[] = {
    "jean", "marie", "pierre", "sophie", "luc", "anne", "paul", "claire",
    "michel", "isabelle", "nicolas", "nathalie", "francois", "camille",
};
static const char *const last_names[] = {
    "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit",
    "durand", "leroy", "moreau", "simon", "laurent", "lefebvre", "michel",
};
static const char *const public_domains[] = {
    "gmail.com", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net",
    "yahoo.fr", "hotmail.com", "outlook.fr", "sfr.fr", "chu-exemple.fr",
};

/* make_domain - the i-th whitelisted domain, whitelist style */

static void make_domain(char *buf, size_t size, unsigned i)
{
    static const char *const kinds[] = {
	"ch-", "chu-", "clinique-", "cabinet-", "labo-", "pharmacie-", "ehpad-",
    };

    /* Most end in mssante.fr; a few operators use other suffixes. */
    if (i % 97 == 0)
	snprintf(buf, size, "%s%u.mssante.apicrypt.org", kinds[i % 7], i);
    else
	snprintf(buf, size, "%s%u.mssante.fr", kinds[i % 7], i);
}

/* make_ins - a valid matricule INS in buf[16] */

static void make_ins(char *buf)
{
    static const char *const depts[] = {
	"75", "77", "13", "69", "59", "33", "2A", "2B", "01", "95",
    };
    char    body[14];
    unsigned kind = rng(100);

    if (kind < 3)				/* overseas */
	snprintf(body, sizeof(body), "%u%02u%02u%03u%02u%03u", 1 + rng(2),
		 rng(100), 1 + rng(12), 971 + rng(6), rng(100), 1 + rng(999));
    else if (kind < 8)				/* abroad */
	snprintf(body, sizeof(body), "%u%02u%02u99%03u%03u", 1 + rng(2),
		 rng(100), 1 + rng(12), 100 + rng(400), 1 + rng(999));
    else
	snprintf(body, sizeof(body), "%u%02u%02u%s%03u%03u", 1 + rng(2),
		 rng(100), 1 + rng(12), depts[rng(10)], 1 + rng(999),
		 1 + rng(999));
    snprintf(buf, 16, "%s%02d", body, ins_key(body, 13));
}

/* make_bad_ins - an INS that ins_check refuses */

static void make_bad_ins(char *buf, size_t size)
{
    char    good[16];
    unsigned kind = rng(3);

    make_ins(good);
    if (kind == 0) {				/* wrong key */
	int     key = atoi(good + 13) % 97 + 1;

	snprintf(buf, size, "%.13s%02d", good, key);
    } else if (kind == 1) {			/* lower-cased Corsica */
	snprintf(buf, size, "2850%u2a%03u%03u43", 1 + rng(9), 1 + rng(999),
		 1 + rng(999));
    } else {					/* key forgotten */
	snprintf(buf, size, "%.13s", good);
    }
}

/* make_rcpt - one recipient of the mix */

static void make_rcpt(RCPT *rp, const char *const *domains, unsigned ndomains)
{
    char    local[64], domain[300], addr[400];
    unsigned pick = rng(100);

    if (pick < 60) {
	snprintf(local, sizeof(local), "%s.%s", first_names[rng(14)],
		 last_names[rng(14)]);
	snprintf(domain, sizeof(domain), "%s", domains[rng(ndomains)]);
    } else if (pick < 85) {
	make_ins(local);
	snprintf(domain, sizeof(domain), "%s", PATIENT_DOMAIN);
    } else if (pick < 90) {
	make_bad_ins(local, sizeof(local));
	snprintf(domain, sizeof(domain), "%s", PATIENT_DOMAIN);
    } else {
	snprintf(local, sizeof(local), "%s.%s", first_names[rng(14)],
		 last_names[rng(14)]);
	if (rng(2))
	    snprintf(domain, sizeof(domain), "%s", public_domains[rng(10)]);
	else					/* unlisted subdomain */
	    snprintf(domain, sizeof(domain), "mail.%s", domains[rng(ndomains)]);
    }
    if (rng(20) == 0) {				/* upper-case domain */
	char   *cp;

	for (cp = domain; *cp; cp++)
	    if (*cp >= 'a' && *cp <= 'z')
		*cp = (char) (*cp - 'a' + 'A');
    }
    /* As MTAs hand them over: brackets on half, blanks on a few. */
    switch (rng(10)) {
    case 0:
	snprintf(addr, sizeof(addr), " <%s@%s> ", local, domain);
	break;
    case 1:
    case 2:
    case 3:
    case 4:
	snprintf(addr, sizeof(addr), "<%s@%s>", local, domain);
	break;
    default:
	snprintf(addr, sizeof(addr), "%s@%s", local, domain);
	break;
    }
    rp->len = strlen(addr);
    rp->addr = mystrdup(addr);
}

/* decide - the timed work for one recipient */

static OUTCOME decide(const TRUST *tp, const RCPT *rp, ADDR *ap)
{
    if (addr_parse(rp->addr, rp->len, ap) != ADDR_OK)
	return (OUT_SYNTAX);
    if (!trust_containsn(tp, ap->domain, ap->domain_len))
	return (OUT_OUTSIDE);
    if (ap->domain_len == sizeof(PATIENT_DOMAIN) - 1
	&& memcmp(ap->domain, PATIENT_DOMAIN, ap->domain_len) == 0)
	return (ins_check(ap->local, ap->local_len, (INS_INFO *) 0) == INS_OK ?
		OUT_PATIENT_OK : OUT_PATIENT_BAD);
    return (OUT_TRUSTED);
}

/* elapsed - seconds between two clock readings */

static double elapsed(const struct timespec *t0, const struct timespec *t1)
{
    return ((double) (t1->tv_sec - t0->tv_sec)
	    + (double) (t1->tv_nsec - t0->tv_nsec) / 1e9);
}

/* phases - the cost of each step alone, for the README breakdown */

static void phases(const TRUST *tp, const RCPT *rcpts, unsigned long nrcpt,
		           unsigned long decisions)
{
    ADDR   *addrs = mymalloc(nrcpt * sizeof(*addrs));
    unsigned long i, j, hits = 0, npatient = 0;
    struct {
	char    s[16];
	size_t  len;
    }      *locals;
    struct timespec t0, t1;

    /* addr_parse alone. */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0, j = 0; i < decisions; i++) {
	hits += addr_parse(rcpts[j].addr, rcpts[j].len, addrs + j) == ADDR_OK;
	if (++j == nrcpt)
	    j = 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("bench_policy: addr_parse       %6.1f ns/call (%lu ok)\n",
	   elapsed(&t0, &t1) * 1e9 / (double) decisions, hits);

    /* trust_containsn alone, on the parsed domains. */
    hits = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0, j = 0; i < decisions; i++) {
	hits += trust_containsn(tp, addrs[j].domain, addrs[j].domain_len);
	if (++j == nrcpt)
	    j = 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("bench_policy: trust_containsn  %6.1f ns/call (%lu listed)\n",
	   elapsed(&t0, &t1) * 1e9 / (double) decisions, hits);

    /*
     * ins_check alone, on a compact copy of the patient local parts: the
     * ADDR array above is megabytes, and its cache misses would be
     * counted against ins_check.
     */
    locals = mymalloc(nrcpt * sizeof(*locals));
    for (j = 0; j < nrcpt; j++) {
	if (strcmp(addrs[j].domain, PATIENT_DOMAIN) == 0
	    && addrs[j].local_len < sizeof(locals[0].s)) {
	    memcpy(locals[npatient].s, addrs[j].local, addrs[j].local_len);
	    locals[npatient++].len = addrs[j].local_len;
	}
    }
    if (npatient > 0) {
	hits = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0, j = 0; i < decisions; i++) {
	    hits += ins_check(locals[j].s, locals[j].len, (INS_INFO *) 0) == INS_OK;
	    if (++j == npatient)
		j = 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("bench_policy: ins_check        %6.1f ns/call (%lu valid)\n",
	       elapsed(&t0, &t1) * 1e9 / (double) decisions, hits);
    }
    myfree(locals);
    myfree(addrs);
}

/* arg - a positive count from the command line */

static unsigned long arg(const char *s)
{
    char   *end;
    unsigned long v = strtoul(s, &end, 10);

    if (*s == 0 || *end != 0 || v == 0) {
	fprintf(stderr, "usage: bench_policy [decisions [recipients [domains]]]\n");
	exit(1);
    }
    return (v);
}

int     main(int argc, char **argv)
{
    unsigned long decisions = 5000000, nrcpt = 10000, ndomains = 5000;
    unsigned long counts[OUT_COUNT] = {0}, i, j;
    TRUST_BUILDER *bp;
    TRUST  *tp;
    char  **domains;
    RCPT   *rcpts;
    ADDR    addr;
    struct timespec t0, t1;
    double  secs;
    char    buf[300], dn[300];

    if (argc > 4) {
	fprintf(stderr, "usage: bench_policy [decisions [recipients [domains]]]\n");
	return (1);
    }
    if (argc > 1)
	decisions = arg(argv[1]);
    if (argc > 2)
	nrcpt = arg(argv[2]);
    if (argc > 3)
	ndomains = arg(argv[3]);

    /* The trust space: every domain once, operator DNs on most. */
    domains = mymalloc(ndomains * sizeof(*domains));
    bp = trust_builder_create(ndomains + 1);
    for (i = 0; i < ndomains; i++) {
	make_domain(buf, sizeof(buf), (unsigned) i);
	domains[i] = mystrdup(buf);
	snprintf(dn, sizeof(dn), "CN=mx.operateur%lu.fr,OU=3%014lu,"
		 "O=Operateur %lu,ST=Paris (75),C=FR", i % 340, i % 340,
		 i % 340);
	if (trust_builder_add(bp, buf, i % 10 ? dn : (char *) 0) != 0) {
	    fprintf(stderr, "bench_policy: cannot add %s\n", buf);
	    return (1);
	}
    }
    if (trust_builder_add(bp, PATIENT_DOMAIN, (char *) 0) != 0) {
	fprintf(stderr, "bench_policy: cannot add %s\n", PATIENT_DOMAIN);
	return (1);
    }
    tp = trust_builder_finish(bp);

    rcpts = mymalloc(nrcpt * sizeof(*rcpts));
    for (i = 0; i < nrcpt; i++)
	make_rcpt(rcpts + i, (const char *const *) domains, (unsigned) ndomains);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0, j = 0; i < decisions; i++) {
	counts[decide(tp, rcpts + j, &addr)]++;
	if (++j == nrcpt)
	    j = 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = elapsed(&t0, &t1);

    printf("bench_policy: %lu decisions over %lu recipients, %lu trust domains\n",
	   decisions, nrcpt, (unsigned long) trust_domain_count(tp));
    printf("bench_policy: %.3f s, %.0f decisions/s, %.1f ns/decision\n",
	   secs, secs > 0 ? decisions / secs : 0.0,
	   secs * 1e9 / (double) decisions);
    for (i = 0; i < OUT_COUNT; i++)
	printf("bench_policy: %-16s %lu\n", outcome_names[i], counts[i]);

    phases(tp, rcpts, nrcpt, decisions);

    for (i = 0; i < nrcpt; i++)
	myfree(rcpts[i].addr);
    myfree(rcpts);
    for (i = 0; i < ndomains; i++)
	myfree(domains[i]);
    myfree(domains);
    trust_free(tp);
    return (0);
}
