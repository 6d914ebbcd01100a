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
/*	per line with --json (written by Jansson: every value escaped).
/*	Patients appear only as the first 16 hex digits of their INS HMAC.
/*
/*	close-idle selects the open conversations idle for more than N
/*	days (0 to 36500; anything else is a usage error). Without --send (the default) it only prints what it would
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

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <syslog.h>

#include <jansson.h>

#include "mymalloc.h"
#include "msg.h"
#include "insmask.h"
#include "vstr.h"
#include "conv.h"
#include "conv_store.h"
#include "cfg.h"
#include "dir.h"
#include "audit_key.h"
#include "convdir.h"
#include "convcrypt.h"

#define CONV_DAYS_MAX	36500		/* --days: a century */

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

/* json_value - a JSON string; bytes that are not UTF-8 become "?" */

static json_t *json_value(const char *s, size_t len)
{
    json_t *j;
    char   *copy;
    size_t  i;

    if ((j = json_stringn(s, len)) != 0)
	return (j);
    copy = mymalloc(len + 1);
    for (i = 0; i < len; i++)
	copy[i] = (unsigned char) s[i] >= 0x80 ? '?' : s[i];
    j = json_stringn(copy, len);
    myfree(copy);
    return (j);
}

/* print_json - one conversation as a line of JSON */

static void print_json(const CONV_ITEM *it, const char *opened,
		               const char *last, long idle)
{
    json_t *obj;
    char   *text;

    /*
     * The values come from the directory: Jansson escapes quotes and
     * control characters that a hand-made line would copy as they are.
     */
    obj = json_object();
    json_object_set_new(obj, "mailbox", json_value(it->mailbox, strlen(it->mailbox)));
    json_object_set_new(obj, "id", json_value(it->id, strlen(it->id)));
    json_object_set_new(obj, "patient_hmac", json_value(it->hmac, strnlen(it->hmac, 16)));
    json_object_set_new(obj, "opened", json_value(opened, strlen(opened)));
    json_object_set_new(obj, "last_activity", json_value(last, strlen(last)));
    json_object_set_new(obj, "idle_days", json_integer(idle));
    if ((text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER)) == 0)
	msg_fatal("out of memory");
    printf("%s\n", text);
    free(text);
    json_decref(obj);
}

/* has_ctrl - a control character (a header or command line would break) */

static int has_ctrl(const char *s)
{
    for (; *s; s++)
	if ((unsigned char) *s < 0x20 || *s == 0x7f)
	    return (1);
    return (0);
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
    if (strchr(from, '\'') || has_ctrl(to) || has_ctrl(from)) {
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

    msg_filter(insmask_inplace);		/* no INS in clear in any log line */
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
	    /* Bounded: days * 86400 must not overflow a time_t. */
	    errno = 0;
	    days = strtol(optarg, &end, 10);
	    if (*optarg == 0 || *end != 0 || errno != 0 || days < 0
		|| days > CONV_DAYS_MAX) {
		fprintf(stderr, "mssante-conversations: --days: expected a number "
			"of days from 0 to %d\n", CONV_DAYS_MAX);
		usage();
	    }
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
		print_json(it, vstr_str(t1), vstr_str(t2), idle);
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
