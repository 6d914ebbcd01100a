/*++
/* NAME
/*	convprobe 1
/* SUMMARY
/*	read and write one conversation entry from a test script
/* SYNOPSIS
/*	convprobe URI BASE KEYFILE MAILBOX INS read
/*	convprobe URI BASE KEYFILE MAILBOX INS write READ NEW
/* DESCRIPTION
/*	convprobe drives convdir(3) through the daemon's directory client
/*	(dir(3)), so that a test can check the conditional write against
/*	a real slapd, and run two writers at once.
/*
/*	read prints "absent", "tempfail", or the state: "open opened=T
/*	last=T" or "closed opened=T last=T closed=T how=NAME" (times in
/*	seconds since the epoch, a time of 0 left out).
/*
/*	write stores NEW on condition that the entry holds READ, with the
/*	patient address INS@patient.mssante.fr encrypted as the daemon
/*	does (convpend_write(3)), and prints "written", "conflict" or
/*	"error". A state is "absent",
/*	"open,OPENED,LAST" or "closed,OPENED,LAST,CLOSED" (closed by a
/*	[FIN] subject).
/*
/*	The bind is anonymous unless CONVPROBE_BIND_DN and
/*	CONVPROBE_PASSWORD are set in the environment. KEYFILE is the
/*	AuditKeyFile of the daemon (the INS HMAC key).
/* DIAGNOSTICS
/*	Exit status 2 for bad arguments.
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "vstr.h"
#include "conv.h"
#include "conv_store.h"
#include "dir.h"
#include "audit_key.h"
#include "convdir.h"
#include "convcrypt.h"
#include "convpend.h"

/* parse_state - "absent", "open,O,L" or "closed,O,L,C" */

static int parse_state(const char *text, CONV_STATE *st)
{
    long long o = 0, l = 0, c = 0;

    if (strcmp(text, "absent") == 0) {
	conv_state_init(st, CONV_ABSENT);
	return (0);
    }
    if (sscanf(text, "open,%lld,%lld", &o, &l) == 2) {
	conv_state_init(st, CONV_OPEN);
    } else if (sscanf(text, "closed,%lld,%lld,%lld", &o, &l, &c) == 3) {
	conv_state_init(st, CONV_CLOSED);
	st->closed_at = (time_t) c;
	st->closed_how = CONV_HOW_SUBJECT;
    } else {
	return (-1);
    }
    st->opened_at = (time_t) o;
    st->last_activity = (time_t) l;
    return (0);
}

/* show_state - one line */

static void show_state(DIR_STATUS ds, const CONV_STATE *st)
{
    if (ds == DIR_TEMPFAIL || (ds == DIR_NOTFOUND && st->status != CONV_ABSENT)) {
	printf("tempfail\n");
	return;
    }
    printf("%s", conv_store_status_name(st->status));
    if (st->opened_at)
	printf(" opened=%lld", (long long) st->opened_at);
    if (st->last_activity)
	printf(" last=%lld", (long long) st->last_activity);
    if (st->closed_at)
	printf(" closed=%lld", (long long) st->closed_at);
    if (st->closed_how != CONV_HOW_NONE)
	printf(" how=%s", conv_store_how_name(st->closed_how));
    printf("\n");
}

/* main - one operation */

int     main(int argc, char **argv)
{
    static const char *const wnames[] = {"written", "conflict", "error"};
    DIR_CONFIG cfg;
    DIR_CLIENT *dp;
    AUDIT_KEY *site;
    CONVDIR_KEY key;
    CONV_STATE read, st;
    VSTR   *why = vstr_alloc(64), *addr = vstr_alloc(64);
    CONVCRYPT *crypt;
    int     ret = 0;

    if (argc < 7 || (strcmp(argv[6], "read") != 0 && (strcmp(argv[6], "write") != 0
		     || argc != 9 || parse_state(argv[7], &read) != 0
		     || parse_state(argv[8], &st) != 0)))
	msg_fatal("usage: convprobe URI BASE KEYFILE MAILBOX INS read|write READ NEW");
    memset(&cfg, 0, sizeof(cfg));
    cfg.uri = argv[1];
    cfg.base = argv[2];
    cfg.pool_size = 1;
    cfg.timeout_ms = 2000;
    cfg.retry_max_ms = 500;
    cfg.bind_dn = getenv("CONVPROBE_BIND_DN");
    cfg.bind_password = getenv("CONVPROBE_PASSWORD");
    if ((site = audit_key_load(argv[3], AUDIT_KEY_STRICT, why)) == 0)
	msg_fatal("%s: %s", argv[3], vstr_str(why));
    if ((dp = dir_create(&cfg)) == 0)
	exit(2);
    crypt = convcrypt_create(site);
    vstr_sprintf(addr, "%s@patient.mssante.fr", argv[5]);
    convdir_key_init(&key);
    if (convdir_key_set(&key, site, argv[4], argv[5], strlen(argv[5])) != 0)
	msg_fatal("bad mailbox or INS");
    if (strcmp(argv[6], "read") == 0)
	show_state(convdir_read(dp, &key, &st), &st);
    else
	printf("%s\n", wnames[convpend_write(dp, crypt, &key, &read, &st,
					      vstr_str(addr), why)]);
    convdir_key_free(&key);
    dir_free(dp);
    convcrypt_free(crypt);
    audit_key_free(site);
    vstr_free(why);
    vstr_free(addr);
    return (ret);
}
