/*++
/* NAME
/*	bench_mirror_lookup 1
/* SUMMARY
/*	directory client lookups per second (bench, not a test)
/* SYNOPSIS
/*	bench_mirror_lookup URI BASE ADDRESSES THREADS SECONDS CACHE SHARDS [POOL]
/* DESCRIPTION
/*	Reads up to 100,000 addresses (one a line) from the file ADDRESSES,
/*	creates one directory client (dir(3)) and runs THREADS threads that
/*	call dir_mailbox() on those addresses, each thread starting at its
/*	own offset, for SECONDS seconds. CACHE is the cache size (-1: no
/*	cache, every lookup is an LDAP query); with a cache, every address
/*	is looked up once before the clock starts, so the run measures
/*	cache hits. SHARDS is the number of cache locks (1: one mutex).
/*	POOL is the number of LDAP connections (default: THREADS, at most 16).
/*
/*	Prints one line: the parameters, the lookups per second, and the
/*	count of each answer (a sanity check: all should be found).
/* DIAGNOSTICS
/*	Exit status 2 for bad arguments.
/*--*/

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "dir.h"

#define MAX_ADDRS	100000

static char **addrs;
static size_t naddrs;
static DIR_CLIENT *client;
static int stop;			/* atomic */

typedef struct WORKER {
    pthread_t tid;
    size_t  start;
    unsigned long done;
    unsigned long found, notfound, tempfail;
} WORKER;

/* now - monotonic seconds */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* work - look addresses up until told to stop */

static void *work(void *arg)
{
    WORKER *wp = arg;
    DIR_MAILBOX mb;
    size_t  i = wp->start;
    int     n;

    while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
	/* Check the flag every 256 lookups: a cached lookup is ~100 ns. */
	for (n = 0; n < 256; n++) {
	    switch (dir_mailbox(client, addrs[i], &mb)) {
	    case DIR_FOUND:
		wp->found++;
		break;
	    case DIR_NOTFOUND:
		wp->notfound++;
		break;
	    default:
		wp->tempfail++;
	    }
	    if (++i == naddrs)
		i = 0;
	}
	wp->done += 256;
    }
    return (0);
}

/* load_addresses - the first MAX_ADDRS lines of a file */

static void load_addresses(const char *path)
{
    FILE   *fp = fopen(path, "r");
    VSTR   *line = vstr_alloc(100);
    int     ch;

    if (fp == 0)
	msg_fatal("open %s", path);
    addrs = mycalloc(MAX_ADDRS, sizeof(*addrs));
    while (naddrs < MAX_ADDRS) {
	vstr_reset(line);
	while ((ch = getc(fp)) != EOF && ch != '\n')
	    vstr_addch(line, ch);
	if (vstr_len(line))
	    addrs[naddrs++] = mystrdup(vstr_str(line));
	if (ch == EOF)
	    break;
    }
    fclose(fp);
    vstr_free(line);
    if (naddrs == 0)
	msg_fatal("%s: no address", path);
}

/* main - set up, warm up, measure */

int     main(int argc, char **argv)
{
    DIR_CONFIG cfg;
    DIR_MAILBOX mb;
    WORKER *workers;
    unsigned long total = 0, found = 0, notfound = 0, tempfail = 0;
    double  t0, elapsed;
    int     threads, seconds, i;
    size_t  j;

    (void) signal(SIGPIPE, SIG_IGN);
    if (argc < 8) {
	fprintf(stderr, "usage: %s URI BASE ADDRESSES THREADS SECONDS CACHE SHARDS [POOL]\n",
		argv[0]);
	return (2);
    }
    load_addresses(argv[3]);
    threads = atoi(argv[4]);
    seconds = atoi(argv[5]);
    if (threads < 1 || threads > 256 || seconds < 1)
	return (2);
    memset(&cfg, 0, sizeof(cfg));
    cfg.uri = argv[1];
    cfg.base = argv[2];
    cfg.cache_size = atoi(argv[6]);
    cfg.cache_shards = atoi(argv[7]);
    cfg.pool_size = argc > 8 ? atoi(argv[8]) : (threads < 16 ? threads : 16);
    cfg.cache_ttl = 3600;
    cfg.cache_neg_ttl = 3600;
    if ((client = dir_create(&cfg)) == 0)
	return (2);
    if (cfg.cache_size > 0)
	for (j = 0; j < naddrs; j++)
	    (void) dir_mailbox(client, addrs[j], &mb);
    workers = mycalloc((size_t) threads, sizeof(*workers));
    t0 = now();
    for (i = 0; i < threads; i++) {
	workers[i].start = (naddrs / (size_t) threads) * (size_t) i;
	if (pthread_create(&workers[i].tid, 0, work, workers + i) != 0)
	    msg_fatal("pthread_create");
    }
    while (now() - t0 < seconds) {
	struct timespec ts = {0, 50000000};

	nanosleep(&ts, 0);
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    for (i = 0; i < threads; i++) {
	pthread_join(workers[i].tid, 0);
	total += workers[i].done;
	found += workers[i].found;
	notfound += workers[i].notfound;
	tempfail += workers[i].tempfail;
    }
    elapsed = now() - t0;
    printf("threads=%d cache=%s shards=%d pool=%d addresses=%zu: %.0f lookups/s"
	   " (found %lu, notfound %lu, tempfail %lu)\n", threads,
	   cfg.cache_size > 0 ? "on" : "off", cfg.cache_shards, cfg.pool_size,
	   naddrs, total / elapsed, found, notfound, tempfail);
    dir_free(client);
    for (j = 0; j < naddrs; j++)
	myfree(addrs[j]);
    myfree(addrs);
    myfree(workers);
    return (0);
}
