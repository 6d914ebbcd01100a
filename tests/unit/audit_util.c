/*++
/* NAME
/*	audit_util 3
/* SUMMARY
/*	test helpers: an audit file read back, line by line
/* SYNOPSIS
/*	#include "audit_util.h"
/*
/*	void	audit_util_setup(AUDIT_FIX *fx, const char *name)
/*	void	audit_util_teardown(AUDIT_FIX *fx)
/*	AUDIT	*audit_util_open(AUDIT_FIX *fx)
/*	int	audit_util_txn(AUDIT *audit, const char *rcpt, VSTR *why)
/*
/*	AUDIT_LINES *audit_util_read(const char *path)
/*	void	audit_util_free(AUDIT_LINES *lines)
/*	const char *audit_util_str(AUDIT_LINES *lines, int i, const char *name)
/*	long long audit_util_int(AUDIT_LINES *lines, int i, const char *name)
/*	int	audit_util_seal_ok(const AUDIT_KEY *key, AUDIT_LINES *lines,
/*				int i)
/* DESCRIPTION
/*	The audit writer's tests set up their trail and read what it
/*	wrote with these.
/*
/*	audit_util_setup() makes a temporary directory /tmp/NAME.XXXXXX
/*	with a key file (AUDIT_UTIL_KEY_HEX) and sets the configuration
/*	of a trail in it; audit_util_teardown() removes it all.
/*	audit_util_open() opens the trail or fails the test.
/*	audit_util_txn() writes one transaction to rcpt through the
/*	writer and checks that it is no longer pending.
/*
/*	audit_util_read() reads every line of a file, each ending with a
/*	newline and holding a JSON object (the test fails otherwise);
/*	audit_util_free() releases them. audit_util_str() and
/*	audit_util_int() give a member of line i (NULL, 0 when absent).
/*
/*	audit_util_seal_ok() tells whether line i is a seal whose MAC,
/*	under key, covers its own bytes, its seq and its prev, as the
/*	verifier checks it (audit_chain(3)).
/*--*/

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit_chain.h"
#include "audit_util.h"

/* audit_util_setup - a temporary directory with a key file */

void    audit_util_setup(AUDIT_FIX *fx, const char *name)
{
    FILE   *fp;

    snprintf(fx->dir, sizeof(fx->dir), "/tmp/%s.XXXXXX", name);
    ck_assert_ptr_nonnull(mkdtemp(fx->dir));
    snprintf(fx->path, sizeof(fx->path), "%s/audit.log", fx->dir);
    snprintf(fx->keyfile, sizeof(fx->keyfile), "%s/audit.key", fx->dir);
    fp = fopen(fx->keyfile, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "%s\n", AUDIT_UTIL_KEY_HEX);
    fclose(fp);
    chmod(fx->keyfile, 0600);
    audit_config_init(&fx->cf);
    fx->cf.path = fx->path;
    fx->cf.key_file = fx->keyfile;
    fx->cf.host = "mx-test";
    fx->cf.sync = AUDIT_SYNC_NONE;
    fx->why = vstr_alloc(10);
    fx->key = audit_key_parse(AUDIT_UTIL_KEY_HEX, strlen(AUDIT_UTIL_KEY_HEX), fx->why);
}

/* audit_util_teardown - remove the directory */

void    audit_util_teardown(AUDIT_FIX *fx)
{
    char    cmd[200];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
    ck_assert_int_eq(system(cmd), 0);
    vstr_free(fx->why);
    audit_key_free(fx->key);
}

/* audit_util_open - open or fail the test */

AUDIT  *audit_util_open(AUDIT_FIX *fx)
{
    AUDIT  *a = audit_open(&fx->cf, fx->why);

    ck_assert_msg(a != 0, "audit_open: %s", vstr_str(fx->why));
    return (a);
}

/* audit_util_txn - one transaction through the writer */

int     audit_util_txn(AUDIT *a, const char *rcpt, VSTR *why)
{
    AUDIT_TXN *txn = audit_new_txn(a);
    int     ret;

    audit_txn_connect(txn, "192.0.2.1", "mx.example.mssante.fr");
    audit_txn_begin(txn);
    audit_txn_sender(txn, "dr@a.mssante.fr");
    audit_txn_rcpt(txn, rcpt, 0);
    ret = audit_write(a, txn, AUDIT_END_EOM, why);
    ck_assert_int_eq(audit_txn_pending(txn), 0);
    audit_txn_free(txn);
    return (ret);
}

/* audit_util_read - every line of a file, parsed */

AUDIT_LINES *audit_util_read(const char *file)
{
    AUDIT_LINES *l = calloc(1, sizeof(*l));
    FILE   *fp = fopen(file, "r");
    char   *buf = 0;
    size_t  cap = 0;
    ssize_t n;

    ck_assert_msg(fp != 0, "open %s: %s", file, strerror(errno));
    while ((n = getline(&buf, &cap, fp)) > 0) {
	ck_assert_int_eq(buf[n - 1], '\n');
	buf[n - 1] = 0;
	l->text = realloc(l->text, (l->count + 1) * sizeof(char *));
	l->rec = realloc(l->rec, (l->count + 1) * sizeof(json_t *));
	l->text[l->count] = strdup(buf);
	l->rec[l->count] = json_loads(buf, 0, 0);
	ck_assert_msg(l->rec[l->count] != 0, "line %d not JSON", l->count + 1);
	l->count++;
    }
    free(buf);
    fclose(fp);
    return (l);
}

/* audit_util_free - release */

void    audit_util_free(AUDIT_LINES *l)
{
    int     i;

    for (i = 0; i < l->count; i++) {
	free(l->text[i]);
	json_decref(l->rec[i]);
    }
    free(l->text);
    free(l->rec);
    free(l);
}

/* audit_util_str - a string member of line i */

const char *audit_util_str(AUDIT_LINES *l, int i, const char *name)
{
    return (json_string_value(json_object_get(l->rec[i], name)));
}

/* audit_util_int - an integer member of line i */

long long audit_util_int(AUDIT_LINES *l, int i, const char *name)
{
    return (json_integer_value(json_object_get(l->rec[i], name)));
}

/* audit_util_seal_ok - the MAC of line i covers its bytes, seq and prev */

int     audit_util_seal_ok(const AUDIT_KEY *key, AUDIT_LINES *l, int i)
{
    char    mac[AUDIT_HEX_LEN + 1];
    size_t  body;
    const char *have = audit_util_str(l, i, "mac");
    const char *prev = audit_util_str(l, i, "prev");
    long long seq = audit_util_int(l, i, "seq");

    if (have == 0 || prev == 0
	|| audit_chain_seal_body(l->text[i], strlen(l->text[i]), have, seq,
				 prev, &body) < 0)
	return (0);
    audit_chain_seal(key, l->text[i], body, seq, prev, mac);
    return (strcmp(mac, have) == 0);
}
