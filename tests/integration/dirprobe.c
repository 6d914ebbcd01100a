/*++
/* NAME
/*	dirprobe 1
/* SUMMARY
/*	drive the directory client from a test script
/* SYNOPSIS
/*	dirprobe URI BASE [POOL [TIMEOUT_MS [CACHE_SIZE]]]
/* DESCRIPTION
/*	dirprobe creates one directory client (dir(3)) and keeps it for
/*	its whole life, so that a script can stop and restart slapd under
/*	it. It reads one command a line on stdin and answers one line on
/*	stdout (flushed):
/*
/*	lookup ADDRESS	"found TYPE pharmacy=0|1", "notfound" or "tempfail"
/*	lookuphex HEX	the same for an address given as hex bytes (NUL
/*			and other bytes a line cannot carry)
/*	trust		trustsnap_refresh(): "trust ok|failed gen=N
/*			domains=N dns=N" about the snapshot now current
/*	contains DOMAIN	"yes" or "no" from the current snapshot
/*	peer DOMAIN SUBJECT	trust_peer_name() of trust_peer_check()
/*	flush		empty the cache: "ok"
/*	stats		"lookups=N hits=N queries=N errors=N connects=N"
/*	sleep MS	wait, then "ok"
/*
/*	The bind is anonymous unless DIRPROBE_BIND_DN and
/*	DIRPROBE_PASSWORD_FILE are set in the environment.
/* DIAGNOSTICS
/*	Exit status 2 for bad arguments; the client's warnings go to stderr.
/*--*/

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "dir.h"
#include "trustsnap.h"

/* unhex - hex digits to bytes; -1 when malformed */

static int unhex(const char *hex, VSTR *out)
{
    unsigned v;

    vstr_reset(out);
    while (hex[0] && hex[1]) {
	if (!isxdigit((unsigned char) hex[0]) || !isxdigit((unsigned char) hex[1])
	    || sscanf(hex, "%2x", &v) != 1)
	    return (-1);
	vstr_addch(out, (int) v);
	hex += 2;
    }
    return (*hex ? -1 : 0);
}

/* show_lookup - one answer line */

static void show_lookup(DIR_STATUS st, const DIR_MAILBOX *mb)
{
    if (st == DIR_FOUND)
	printf("found %s pharmacy=%d\n", mb->type, mb->pharmacy);
    else
	printf("%s\n", st == DIR_NOTFOUND ? "notfound" : "tempfail");
}

/* read_password - first line of a file */

static char *read_password(const char *path)
{
    FILE   *fp = fopen(path, "r");
    VSTR   *pw = vstr_alloc(32);
    int     ch;

    if (fp == 0)
	msg_fatal("open %s", path);
    while ((ch = getc(fp)) != EOF && ch != '\n')
	vstr_addch(pw, ch);
    fclose(fp);
    return (vstr_export(pw));
}

/* main - one client, commands from stdin */

int     main(int argc, char **argv)
{
    DIR_CONFIG cfg;
    DIR_CLIENT *dp;
    DIR_MAILBOX mb;
    DIR_STATS st;
    TRUSTSNAP *sp;
    VSTR   *line = vstr_alloc(256), *bytes = vstr_alloc(64);
    char   *password = 0, *arg;
    int     ch, rc;

    (void) signal(SIGPIPE, SIG_IGN);
    if (argc < 3)
	msg_fatal("usage: dirprobe URI BASE [POOL [TIMEOUT_MS [CACHE_SIZE]]]");
    memset(&cfg, 0, sizeof(cfg));
    cfg.uri = argv[1];
    cfg.base = argv[2];
    cfg.pool_size = argc > 3 ? atoi(argv[3]) : 2;
    cfg.timeout_ms = argc > 4 ? atoi(argv[4]) : 1000;
    cfg.cache_size = argc > 5 ? atoi(argv[5]) : 0;
    cfg.retry_max_ms = 500;
    if (getenv("DIRPROBE_BIND_DN") && getenv("DIRPROBE_PASSWORD_FILE")) {
	cfg.bind_dn = getenv("DIRPROBE_BIND_DN");
	password = read_password(getenv("DIRPROBE_PASSWORD_FILE"));
	cfg.bind_password = password;
    }
    if ((dp = dir_create(&cfg)) == 0)
	exit(2);
    for (;;) {
	vstr_reset(line);
	while ((ch = getchar()) != EOF && ch != '\n')
	    vstr_addch(line, ch);
	if (ch == EOF && vstr_len(line) == 0)
	    break;
	arg = strchr(vstr_str(line), ' ');
	if (arg)
	    *arg++ = 0;
	else
	    arg = "";
	if (strcmp(vstr_str(line), "lookup") == 0) {
	    show_lookup(dir_mailbox(dp, arg, &mb), &mb);
	} else if (strcmp(vstr_str(line), "lookuphex") == 0) {
	    if (unhex(arg, bytes) < 0)
		printf("bad hex\n");
	    else
		show_lookup(dir_mailbox_len(dp, vstr_str(bytes), vstr_len(bytes), &mb), &mb);
	} else if (strcmp(vstr_str(line), "trust") == 0) {
	    rc = trustsnap_refresh(dp);
	    sp = trustsnap_get();
	    printf("trust %s gen=%lu domains=%zu dns=%zu\n", rc == 0 ? "ok" : "failed",
		   trustsnap_generation(sp),
		   sp ? trust_domain_count(trustsnap_trust(sp)) : 0,
		   sp ? trust_dn_count(trustsnap_trust(sp)) : 0);
	    trustsnap_release(sp);
	} else if (strcmp(vstr_str(line), "contains") == 0) {
	    sp = trustsnap_get();
	    printf("%s\n", sp && trust_contains(trustsnap_trust(sp), arg) ? "yes" : "no");
	    trustsnap_release(sp);
	} else if (strcmp(vstr_str(line), "peer") == 0) {
	    char   *subject = strchr(arg, ' ');

	    if (subject)
		*subject++ = 0;
	    sp = trustsnap_get();
	    printf("%s\n", sp ? trust_peer_name(trust_peer_check(trustsnap_trust(sp), arg,
							    subject)) : "no snapshot");
	    trustsnap_release(sp);
	} else if (strcmp(vstr_str(line), "flush") == 0) {
	    dir_flush(dp);
	    printf("ok\n");
	} else if (strcmp(vstr_str(line), "stats") == 0) {
	    dir_stats(dp, &st);
	    printf("lookups=%lu hits=%lu queries=%lu errors=%lu connects=%lu\n",
		   st.lookups, st.cache_hits, st.ldap_queries, st.ldap_errors,
		   st.reconnects);
	} else if (strcmp(vstr_str(line), "sleep") == 0) {
	    struct timespec ts;
	    long    ms = atol(arg);

	    ts.tv_sec = ms / 1000;
	    ts.tv_nsec = (ms % 1000) * 1000000L;
	    nanosleep(&ts, 0);
	    printf("ok\n");
	} else {
	    printf("unknown command\n");
	}
	fflush(stdout);
    }
    trustsnap_clear();
    dir_free(dp);
    if (password)
	myfree(password);
    vstr_free(line);
    vstr_free(bytes);
    return (0);
}
