/*++
/* NAME
/*	mssante-conversations 8
/* SUMMARY
/*	list and close Mon espace sante conversations
/* SYNOPSIS
/*	mssante-conversations [-c file] list [--mailbox ADDR] [--json]
/*
/*	mssante-conversations [-c file] close-idle --days N
/*		[--mailbox ADDR] [--send] [--sendmail PATH]
/* DESCRIPTION
/*	Reads the conversation entries that mssante-milter keeps under
/*	ou=conversations of the directory mirror, with the LDAP settings
/*	and the AuditKeyFile of the milter's configuration file.
/*
/*	list prints the open conversations (mailbox, idle days, opened,
/*	last activity, conversation id) as a table, or one JSON object
/*	per line with --json. Patients appear only as the first 16 hex
/*	digits of their INS HMAC.
/*
/*	close-idle selects the open conversations idle for more than N
/*	days. Without --send (the default) it only prints what it would
/*	do. With --send it decrypts the patient address
/*	(mssPatientAddressEnc, convcrypt(3)) and gives sendmail(1) -t a
/*	message "From: the professional mailbox", "To: the patient",
/*	"Subject: [FIN]": the milter sees it pass and closes the
/*	conversation, and Mon espace sante closes it for the patient.
/*	Each entry is read again just before its [FIN] is sent: one
/*	that changed since the list (a message came in, it was closed)
/*	and is no longer open and idle is kept ("kept ...").
/* DIAGNOSTICS
/*	Exit status 0, 1 on error (configuration, key, directory).
/* SEE ALSO
/*	mssante-milter(8), mssante-milter.conf(5)
/*--*/

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <syslog.h>

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "conv.h"
#include "conv_store.h"
#include "cfg.h"
#include "dir.h"
#include "audit_key.h"
#include "convdir.h"
#include "convcrypt.h"

typedef struct CONV_ITEM {
    char   *id;
    char   *mailbox;
    char   *hmac;
    char   *enc;
    CONV_STATE st;
} CONV_ITEM;

typedef struct CONV_LIST {
    CONV_ITEM *items;
    size_t  count;
} CONV_LIST;

/* collect - keep an open conversation */

static int collect(const CONVDIR_ENTRY *e, void *ctx)
{
    CONV_LIST *cl = ctx;
    CONV_ITEM *it;

    if (e->state.status != CONV_OPEN)
	return (0);
    cl->items = myrealloc(cl->items, (cl->count + 1) * sizeof(*cl->items));
    it = cl->items + cl->count++;
    it->id = mystrdup(e->id);
    it->mailbox = mystrdup(e->mailbox);
    it->hmac = mystrdup(e->hmac);
    it->enc = mystrdup(e->addr_enc);
    it->st = e->state;
    return (0);
}

/* last_time - last activity, else opening */

static time_t last_time(const CONV_ITEM *it)
{
    return (it->st.last_activity ? it->st.last_activity : it->st.opened_at);
}

/* still_idle - read the entry again: open and idle for more than days? */

static int still_idle(DIR_CLIENT *dp, const CONV_ITEM *it, time_t now, long days)
{
    CONVDIR_KEY key;
    CONV_ITEM cur;
    int     idle;

    /*
     * The list may be minutes old: a message since then (a reply, a [FIN])
     * makes the conversation not idle, and its state wins.
     */
    if (strlen(it->id) != AUDIT_HEX_LEN)
	return (0);
    convdir_key_init(&key);
    memcpy(key.id, it->id, AUDIT_HEX_LEN + 1);
    memset(&cur, 0, sizeof(cur));
    idle = (convdir_read(dp, &key, &cur.st) == DIR_FOUND
	    && cur.st.status == CONV_OPEN && now - last_time(&cur) > days * 86400);
    convdir_key_free(&key);
    return (idle);
}

/* send_fin - one [FIN] message through sendmail -t */

static int send_fin(const char *sendmail, const char *from, const char *to)
{
    VSTR   *cmd = vstr_alloc(100);
    FILE   *fp;
    int     rc;

    vstr_sprintf(cmd, "%s -t -oi -f '%s'", sendmail, from);
    if (strchr(from, '\'') || strchr(to, '\n') || strchr(from, '\n')) {
	vstr_free(cmd);
	return (-1);
    }
    if ((fp = popen(vstr_str(cmd), "w")) == 0) {
	vstr_free(cmd);
	return (-1);
    }
    fprintf(fp, "From: %s\nTo: %s\nSubject: [FIN]\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=us-ascii\n\n"
	    "Cette conversation est close faute d'echange.\n", from, to);
    rc = pclose(fp);
    vstr_free(cmd);
    return (rc == 0 ? 0 : -1);
}

/* usage - and exit */

static void usage(void)
{
    fprintf(stderr, "usage: mssante-conversations [-c file] list [--mailbox ADDR] [--json]\n"
	    "       mssante-conversations [-c file] close-idle --days N [--mailbox ADDR]\n"
	    "           [--send] [--sendmail PATH]\n");
    exit(2);
}

int     main(int argc, char **argv)
{
    static const struct option longopts[] = {
	{"mailbox", required_argument, 0, 'm'},
	{"json", no_argument, 0, 'j'},
	{"days", required_argument, 0, 'd'},
	{"send", no_argument, 0, 's'},
	{"dry-run", no_argument, 0, 'n'},
	{"sendmail", required_argument, 0, 'S'},
	{0, 0, 0, 0},
    };
    const char *cfg_path = CFG_DEFAULT_PATH, *mailbox = 0, *sendmail = "/usr/sbin/sendmail";
    const char *cmd;
    int     ch, json = 0, send = 0, failed = 0;
    long    days = -1;
    CFG    *cfg;
    VSTR   *err, *secret, *tmp, *t1, *t2;
    DIR_CONFIG dc;
    DIR_CLIENT *dp;
    AUDIT_KEY *key = 0;
    CONVCRYPT *cc = 0;
    CONV_LIST cl;
    size_t  i;
    time_t  now = time((time_t *) 0);
    char   *end;

    msg_open("mssante-conversations", LOG_MAIL, MSG_TO_STDERR);
    while ((ch = getopt_long(argc, argv, "+c:", longopts, 0)) != -1) {
	if (ch == 'c')
	    cfg_path = optarg;
	else
	    usage();
    }
    if (optind >= argc)
	usage();
    cmd = argv[optind++];
    optind--;
    argv[optind] = (char *) "mssante-conversations";
    argc -= optind;
    argv += optind;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", longopts, 0)) != -1) {
	switch (ch) {
	case 'm':
	    mailbox = optarg;
	    break;
	case 'j':
	    json = 1;
	    break;
	case 'd':
	    days = strtol(optarg, &end, 10);
	    if (*optarg == 0 || *end != 0 || days < 0)
		usage();
	    break;
	case 's':
	    send = 1;
	    break;
	case 'n':
	    send = 0;
	    break;
	case 'S':
	    sendmail = optarg;
	    break;
	default:
	    usage();
	}
    }
    if (optind != argc || (strcmp(cmd, "list") != 0 && strcmp(cmd, "close-idle") != 0)
	|| (strcmp(cmd, "close-idle") == 0 && days < 0))
	usage();

    err = vstr_alloc(100);
    secret = vstr_alloc(64);
    tmp = vstr_alloc(100);
    t1 = vstr_alloc(20);
    t2 = vstr_alloc(20);
    if ((cfg = cfg_load(cfg_path, err)) == 0)
	msg_fatal("%s", vstr_str(err));
    if (*cfg->ldap_bind_password_file) {
	FILE   *fp = fopen(cfg->ldap_bind_password_file, "r");

	if (fp == 0)
	    msg_fatal("%s: cannot read the bind password", cfg->ldap_bind_password_file);
	while ((ch = getc(fp)) != EOF && ch != '\n' && ch != '\r')
	    vstr_addch(secret, ch);
	fclose(fp);
    }
    memset(&dc, 0, sizeof(dc));
    dc.uri = cfg->ldap_uri;
    dc.base = cfg->ldap_base;
    dc.bind_dn = *cfg->ldap_bind_dn ? cfg->ldap_bind_dn : 0;
    dc.bind_password = vstr_len(secret) ? vstr_str(secret) : 0;
    dc.timeout_ms = (int) cfg->ldap_timeout;
    dc.pool_size = 1;
    dc.cache_size = -1;
    if ((dp = dir_create(&dc)) == 0)
	msg_fatal("cannot create the directory client");
    if (send) {
	if (*cfg->audit_key_file == 0)
	    msg_fatal("--send needs AuditKeyFile in %s", cfg_path);
	if ((key = audit_key_load(cfg->audit_key_file, AUDIT_KEY_STRICT, err)) == 0)
	    msg_fatal("AuditKeyFile: %s", vstr_str(err));
	cc = convcrypt_create(key);
    }
    memset(&cl, 0, sizeof(cl));
    if (convdir_list(dp, mailbox, 1, collect, &cl) != DIR_FOUND)
	msg_fatal("cannot read the conversations from %s", cfg->ldap_uri);

    if (strcmp(cmd, "list") == 0 && !json)
	printf("%-40s %6s %-16s %-16s %s\n", "MAILBOX", "IDLE", "OPENED",
	       "LAST", "ID");
    for (i = 0; i < cl.count; i++) {
	CONV_ITEM *it = cl.items + i;
	long    idle = (long) ((now - last_time(it)) / 86400);

	vstr_reset(t1);
	vstr_reset(t2);
	if (it->st.opened_at)
	    conv_store_time_format(it->st.opened_at, t1);
	if (last_time(it))
	    conv_store_time_format(last_time(it), t2);
	if (strcmp(cmd, "list") == 0) {
	    if (json)
		printf("{\"mailbox\":\"%s\",\"id\":\"%s\",\"patient_hmac\":\"%.16s\","
		       "\"opened\":\"%s\",\"last_activity\":\"%s\",\"idle_days\":%ld}\n",
		       it->mailbox, it->id, it->hmac, vstr_str(t1), vstr_str(t2), idle);
	    else
		printf("%-40s %5ldd %-16s %-16s %.16s\n", it->mailbox, idle,
		       vstr_str(t1), vstr_str(t2), it->id);
	    continue;
	}
	if (now - last_time(it) <= days * 86400)
	    continue;
	if (!send) {
	    printf("would close %s (idle %ld days, id %.16s)\n", it->mailbox, idle, it->id);
	    continue;
	}
	if (!still_idle(dp, it, now, days)) {
	    printf("kept %s (changed since the list, id %.16s)\n", it->mailbox, it->id);
	    continue;
	}
	if (*it->enc == 0 || convcrypt_open(cc, it->id, it->enc, tmp) != 0) {
	    msg_warn("conversation %.16s of %s: no readable patient address",
		     it->id, it->mailbox);
	    failed = 1;
	    continue;
	}
	if (send_fin(sendmail, it->mailbox, vstr_str(tmp)) != 0) {
	    msg_warn("conversation %.16s of %s: sendmail failed", it->id, it->mailbox);
	    failed = 1;
	    continue;
	}
	printf("closed %s (idle %ld days, id %.16s): [FIN] sent\n", it->mailbox,
	       idle, it->id);
    }
    for (i = 0; i < cl.count; i++) {
	myfree(cl.items[i].id);
	myfree(cl.items[i].mailbox);
	myfree(cl.items[i].hmac);
	myfree(cl.items[i].enc);
    }
    myfree(cl.items);
    convcrypt_free(cc);
    audit_key_free(key);
    dir_free(dp);
    cfg_free(cfg);
    vstr_free(err);
    vstr_free(secret);
    vstr_free(tmp);
    vstr_free(t1);
    vstr_free(t2);
    return (failed);
}
