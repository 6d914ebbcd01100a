/*++
/* NAME
/*	convdir 3
/* SUMMARY
/*	conversation entries in the directory (ou=conversations)
/* SYNOPSIS
/*	#include "convdir.h"
/*
/*	void	convdir_key_init(CONVDIR_KEY *key)
/*	void	convdir_key_free(CONVDIR_KEY *key)
/*	int	convdir_key_set(CONVDIR_KEY *key, const AUDIT_KEY *site,
/*				const char *mailbox, const char *ins,
/*				size_t len)
/*	DIR_STATUS convdir_read(DIR_CLIENT *dp, const CONVDIR_KEY *key,
/*				CONV_STATE *st)
/*	CONVDIR_WSTATUS convdir_write(DIR_CLIENT *dp, const CONVDIR_KEY *key,
/*				const CONV_STATE *read, const CONV_STATE *st,
/*				const char *addr_enc)
/*	DIR_STATUS convdir_list(DIR_CLIENT *dp, const char *mailbox,
/*				int open_only, CONVDIR_LIST_FN fn, void *ctx)
/* DESCRIPTION
/*	The state of each Mon espace sante conversation (conv(3)) lives
/*	in the directory mirror, one mssConversation entry per
/*	(professional mailbox, patient) under ou=conversations,BASE,
/*	so that every MTA of a site that replicates the mirror sees the
/*	same state. This module reads and writes those entries through
/*	the directory client's connection pool (dir(3)): same
/*	connections, same bind identity, same reconnect backoff.
/*
/*	convdir_key_set() computes the entry's identity: the patient INS
/*	HMAC under the site key (audit_ins(3), the audit trail's
/*	pseudonym), and mssConversationId = hex SHA-256 of the lower-cased
/*	mailbox, a newline and that HMAC (conv_store_key_input()). The
/*	INS itself is never stored nor logged.
/*
/*	convdir_read() reads one entry into st: DIR_FOUND (open or
/*	closed), DIR_NOTFOUND (no entry: CONV_ABSENT). A corrupt entry
/*	(two entries for one id, a missing or unreadable state) is
/*	DIR_TEMPFAIL, like any LDAP failure: st is then CONV_UNAVAILABLE.
/*
/*	convdir_write() stores st (CONV_OPEN or CONV_CLOSED) only if
/*	the entry still holds read, the state the decision was computed
/*	from (convdir_read()), so that a decision taken on a stale state
/*	never overwrites a newer one: a patient's message that read
/*	"open" does not reopen a conversation that a [FIN] closed in
/*	between, on this MTA or another. When read is CONV_ABSENT the
/*	write is an add, which fails when the entry exists; else a
/*	modify that replaces every state value (a time of 0 deletes its
/*	attribute) under an LDAP assertion control (RFC 4528, critical)
/*	whose filter is conv_store_assert_filter() of read. It returns
/*	CONVDIR_WRITTEN, CONVDIR_CONFLICT when the entry changed (the
/*	assertion failed, the add met an existing entry, the modify a
/*	deleted one: read it again and apply conv_replay(3)), or
/*	CONVDIR_WERROR. Writing the same state twice succeeds, so a
/*	message replayed after a temporary failure gives the same entry.
/*	addr_enc, when not NULL, is written as mssPatientAddressEnc
/*	(convcrypt(3)).
/*
/*	convdir_list() calls fn for each conversation entry, open ones
/*	only when open_only, of one mailbox when mailbox is not NULL,
/*	until fn returns non-zero. It holds a pooled connection during
/*	the calls: fn must not call convdir_read() or convdir_write().
/* DIAGNOSTICS
/*	Every LDAP failure (no connection, timeout, missing
/*	ou=conversations, refused write, any error code) is DIR_TEMPFAIL,
/*	never DIR_NOTFOUND; failures of writes are logged with the
/*	conversation id. convdir_key_set() returns -1 for an empty
/*	mailbox or INS.
/* SEE ALSO
/*	conv(3), conv_store(3), dir(3), convcrypt(3)
/*--*/

#include <string.h>
#include <sys/time.h>

#include <ldap.h>
#include <openssl/sha.h>

#include "hex.h"
#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "conv.h"
#include "conv_store.h"
#include "dir.h"
#include "dir_pool.h"
#include "audit_ins.h"
#include "convdir.h"

#define CD_OU		"ou=conversations"
#define CD_OC		"mssConversation"

static char *convdir_attrs[] = {
    "mssConversationId", "mssProfessionalMailbox", "mssPatientInsHmac",
    "mssConversationState", "mssOpenedAt", "mssLastActivity",
    "mssClosedAt", "mssClosedHow", "mssPatientAddressEnc", 0,
};

#define A_ID	0
#define A_MBX	1
#define A_HMAC	2
#define A_STATE	3
#define A_OPEN	4
#define A_LAST	5
#define A_CLOSE	6
#define A_HOW	7
#define A_ENC	8
#define A_COUNT	9

typedef int (*CONVDIR_OP) (LDAP *, void *);

/* convdir_key_init - empty key */

void    convdir_key_init(CONVDIR_KEY *key)
{
    key->id[0] = key->hmac[0] = 0;
    key->mailbox = vstr_alloc(64);
}

/* convdir_key_free - release */

void    convdir_key_free(CONVDIR_KEY *key)
{
    vstr_free(key->mailbox);
    key->mailbox = 0;
}

/* convdir_key_set - HMAC of the INS and the conversation id */

int     convdir_key_set(CONVDIR_KEY *key, const AUDIT_KEY *site,
		                const char *mailbox, const char *ins, size_t len)
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    VSTR   *tmp;
    const char *cp;

    key->id[0] = key->hmac[0] = 0;
    vstr_reset(key->mailbox);
    if (mailbox == 0 || *mailbox == 0 || ins == 0 || len == 0)
	return (-1);
    for (cp = mailbox; *cp; cp++)
	vstr_addch(key->mailbox, (*cp >= 'A' && *cp <= 'Z') ? *cp + 32 : *cp);
    tmp = vstr_alloc(AUDIT_HEX_LEN + 1);
    audit_ins_hmac(site, ins, len, tmp);
    if (vstr_len(tmp) != AUDIT_HEX_LEN) {
	vstr_free(tmp);
	return (-1);
    }
    memcpy(key->hmac, vstr_str(tmp), AUDIT_HEX_LEN + 1);
    if (conv_store_key_input(vstr_str(key->mailbox), key->hmac, tmp) != 0) {
	vstr_free(tmp);
	key->hmac[0] = 0;
	return (-1);
    }
    SHA256((const unsigned char *) vstr_str(tmp), vstr_len(tmp), md);
    hex_encode(md, SHA256_DIGEST_LENGTH, key->id);
    vstr_free(tmp);
    return (0);
}

/* convdir_run - one operation on a pooled connection, retried once */

static int convdir_run(DIR_CLIENT *dp, CONVDIR_OP op, void *ctx)
{
    DIR_POOL *pool = dir_conn_pool(dp);
    DIR_CONN *conn;
    int     attempt, rc = LDAP_UNAVAILABLE, why, fresh;

    for (attempt = 0; attempt < 2; attempt++) {
	if ((conn = dir_pool_get(pool, &why)) == 0)
	    return (why != LDAP_SUCCESS ? why : LDAP_UNAVAILABLE);
	rc = op(conn->ld, ctx);
	if (dir_pool_is_conn_error(rc)) {
	    fresh = conn->fresh;
	    dir_pool_put(pool, conn, DIR_POOL_BROKEN);
	    /* A pooled connection may have died idle (server restart). */
	    if (!fresh && rc != LDAP_TIMEOUT)
		continue;
	    return (rc);
	}
	dir_pool_put(pool, conn, DIR_POOL_OK);
	return (rc);
    }
    return (rc);
}

/* convdir_base - ou=conversations,BASE */

static void convdir_base(DIR_CLIENT *dp, VSTR *out)
{
    vstr_sprintf(out, "%s,%s", CD_OU, dir_base_dn(dp));
}

 /*
  * Searches: one level under ou=conversations, the entries handed to a
  * function while the connection is held.
  */
typedef struct CONVDIR_SEARCH {
    const char *base;
    const char *filter;
    int     sizelimit;
    int     timeout_ms;
    int     (*entry) (struct CONVDIR_SEARCH *, LDAP *, LDAPMessage *);
    int     count;
    int     bad;			/* an entry could not be read */
    int     stop;
    CONV_STATE *st;			/* convdir_read() */
    CONVDIR_LIST_FN fn;			/* convdir_list() */
    void   *ctx;
    VSTR   *val[A_COUNT];
    VSTR   *why;
} CONVDIR_SEARCH;

/* convdir_values - first value of each attribute; present flags */

static void convdir_values(CONVDIR_SEARCH *sp, LDAP *ld, LDAPMessage *e,
			           int *present)
{
    struct berval **vals;
    int     i;

    for (i = 0; i < A_COUNT; i++) {
	vstr_reset(sp->val[i]);
	present[i] = 0;
	if ((vals = ldap_get_values_len(ld, e, convdir_attrs[i])) == 0)
	    continue;
	if (vals[0] != 0 && memchr(vals[0]->bv_val, 0, vals[0]->bv_len) == 0) {
	    vstr_ncat(sp->val[i], vals[0]->bv_val, vals[0]->bv_len);
	    present[i] = 1;
	}
	ldap_value_free_len(vals);
    }
}

/* convdir_parse_state - the CONV_STATE of the values read */

static int convdir_parse_state(CONVDIR_SEARCH *sp, const int *present,
			               CONV_STATE *st)
{
#define V(i) (present[i] ? vstr_str(sp->val[i]) : 0)
    return (conv_store_parse(st, V(A_STATE), V(A_OPEN), V(A_LAST),
			     V(A_CLOSE), V(A_HOW), sp->why));
#undef V
}

/* convdir_search_op - the search itself */

static int convdir_search_op(LDAP *ld, void *ctx)
{
    CONVDIR_SEARCH *sp = ctx;
    struct timeval tv;
    LDAPMessage *res = 0, *e;
    int     rc;

    tv.tv_sec = sp->timeout_ms / 1000;
    tv.tv_usec = (sp->timeout_ms % 1000) * 1000;
    sp->count = sp->bad = sp->stop = 0;
    rc = ldap_search_ext_s(ld, sp->base, LDAP_SCOPE_ONELEVEL, sp->filter,
			   convdir_attrs, 0, 0, 0, &tv, sp->sizelimit, &res);
    if (rc == LDAP_SUCCESS) {
	for (e = ldap_first_entry(ld, res); e != 0 && !sp->stop;
	     e = ldap_next_entry(ld, e)) {
	    sp->count++;
	    if (sp->entry(sp, ld, e) != 0)
		sp->bad = 1;
	}
    }
    ldap_msgfree(res);
    return (rc);
}

/* convdir_search - run a search; LDAP result code */

static int convdir_search(DIR_CLIENT *dp, CONVDIR_SEARCH *sp)
{
    int     i, rc;

    for (i = 0; i < A_COUNT; i++)
	sp->val[i] = vstr_alloc(64);
    sp->why = vstr_alloc(64);
    sp->timeout_ms = dir_timeout_ms(dp);
    rc = convdir_run(dp, convdir_search_op, sp);
    for (i = 0; i < A_COUNT; i++)
	vstr_free(sp->val[i]);
    vstr_free(sp->why);
    return (rc);
}

/* convdir_read_entry - the one entry of convdir_read() */

static int convdir_read_entry(CONVDIR_SEARCH *sp, LDAP *ld, LDAPMessage *e)
{
    int     present[A_COUNT];

    convdir_values(sp, ld, e, present);
    if (convdir_parse_state(sp, present, sp->st) != 0) {
	msg_warn("conversation entry %s: %s", vstr_str(sp->val[A_ID]),
		 vstr_str(sp->why));
	return (-1);
    }
    return (0);
}

/* convdir_read - the state of one conversation */

DIR_STATUS convdir_read(DIR_CLIENT *dp, const CONVDIR_KEY *key,
			        CONV_STATE *st)
{
    CONVDIR_SEARCH s;
    VSTR   *base = vstr_alloc(100);
    VSTR   *filter = vstr_alloc(100);
    DIR_STATUS status;
    int     rc;

    memset(&s, 0, sizeof(s));
    convdir_base(dp, base);
    vstr_cat(filter, "(mssConversationId=");
    dir_escape_filter(filter, key->id, strlen(key->id));
    vstr_cat(filter, ")");
    s.base = vstr_str(base);
    s.filter = vstr_str(filter);
    s.sizelimit = 2;
    s.entry = convdir_read_entry;
    s.st = st;
    rc = convdir_search(dp, &s);
    if (rc != LDAP_SUCCESS || s.bad || s.count > 1) {
	if (rc != LDAP_SUCCESS)
	    msg_warn("conversation %s: read under %s: %s", key->id,
		     vstr_str(base), ldap_err2string(rc));
	else if (s.count > 1)
	    msg_warn("conversation %s: several entries", key->id);
	conv_state_init(st, CONV_UNAVAILABLE);
	status = DIR_TEMPFAIL;
    } else if (s.count == 0) {
	conv_state_init(st, CONV_ABSENT);
	status = DIR_NOTFOUND;
    } else {
	status = DIR_FOUND;
    }
    vstr_free(base);
    vstr_free(filter);
    return (status);
}

/* convdir_list_entry - one entry of convdir_list() */

static int convdir_list_entry(CONVDIR_SEARCH *sp, LDAP *ld, LDAPMessage *e)
{
    int     present[A_COUNT];
    CONVDIR_ENTRY ent;

    convdir_values(sp, ld, e, present);
    ent.id = vstr_str(sp->val[A_ID]);
    ent.mailbox = vstr_str(sp->val[A_MBX]);
    ent.hmac = vstr_str(sp->val[A_HMAC]);
    ent.addr_enc = vstr_str(sp->val[A_ENC]);
    if (convdir_parse_state(sp, present, &ent.state) != 0)
	msg_warn("conversation entry %s: %s", ent.id, vstr_str(sp->why));
    if (sp->fn(&ent, sp->ctx) != 0)
	sp->stop = 1;
    return (0);
}

/* convdir_list - walk conversation entries */

DIR_STATUS convdir_list(DIR_CLIENT *dp, const char *mailbox, int open_only,
			        CONVDIR_LIST_FN fn, void *ctx)
{
    CONVDIR_SEARCH s;
    VSTR   *base = vstr_alloc(100);
    VSTR   *filter = vstr_alloc(100);
    int     rc;

    memset(&s, 0, sizeof(s));
    convdir_base(dp, base);
    vstr_cat(filter, "(&(objectClass=" CD_OC ")");
    if (open_only)
	vstr_cat(filter, "(mssConversationState=open)");
    if (mailbox && *mailbox) {
	vstr_cat(filter, "(mssProfessionalMailbox=");
	dir_escape_filter(filter, mailbox, strlen(mailbox));
	vstr_cat(filter, ")");
    }
    vstr_cat(filter, ")");
    s.base = vstr_str(base);
    s.filter = vstr_str(filter);
    s.sizelimit = 0;
    s.entry = convdir_list_entry;
    s.fn = fn;
    s.ctx = ctx;
    rc = convdir_search(dp, &s);
    if (rc != LDAP_SUCCESS)
	msg_warn("conversations under %s: %s", vstr_str(base),
		 ldap_err2string(rc));
    vstr_free(base);
    vstr_free(filter);
    return (rc == LDAP_SUCCESS ? DIR_FOUND : DIR_TEMPFAIL);
}

 /*
  * Writes.
  */
typedef struct CONVDIR_WRITE {
    const char *dn;
    LDAPMod **mods;
    const char *assertion;		/* filter the entry must match */
} CONVDIR_WRITE;

/* convdir_modify_op - replace the state values, if the entry still matches */

static int convdir_modify_op(LDAP *ld, void *ctx)
{
    CONVDIR_WRITE *wp = ctx;
    LDAPControl *ctrl = 0, *ctrls[2];
    int     rc;

    /* Critical: a server that ignored it would let a stale write through. */
    if ((rc = ldap_create_assertion_control(ld, (char *) wp->assertion, 1,
					    &ctrl)) != LDAP_SUCCESS)
	return (rc);
    ctrls[0] = ctrl;
    ctrls[1] = 0;
    rc = ldap_modify_ext_s(ld, wp->dn, wp->mods, ctrls, 0);
    ldap_control_free(ctrl);
    return (rc);
}

/* convdir_add_op - create the entry */

static int convdir_add_op(LDAP *ld, void *ctx)
{
    CONVDIR_WRITE *wp = ctx;

    return (ldap_add_ext_s(ld, wp->dn, wp->mods, 0, 0));
}

/* convdir_mod - one LDAPMod with at most one value */

static void convdir_mod(LDAPMod *mod, char **vals, int op, const char *type,
			        const char *value)
{
    mod->mod_op = op;
    mod->mod_type = (char *) type;
    vals[0] = (char *) value;
    vals[1] = 0;
    mod->mod_values = value ? vals : 0;
}

/* convdir_write - store the state, idempotently */

CONVDIR_WSTATUS convdir_write(DIR_CLIENT *dp, const CONVDIR_KEY *key,
			              const CONV_STATE *read, const CONV_STATE *st,
			              const char *addr_enc)
{
    static const char *const oc_vals[] = {"top", CD_OC, 0};
    LDAPMod mods[A_COUNT + 1], *modify[A_COUNT + 2], *add[A_COUNT + 2];
    LDAPMod oc;
    char   *vals[A_COUNT][2];
    VSTR   *t[3];
    time_t  times[3];
    CONVDIR_WRITE w;
    VSTR   *dn = vstr_alloc(100);
    VSTR   *assertion = vstr_alloc(200);
    const char *how;
    int     i, nm = 0, na = 0, rc, conflict;

    if ((st->status != CONV_OPEN && st->status != CONV_CLOSED)
	|| (read->status != CONV_ABSENT && read->status != CONV_OPEN
	    && read->status != CONV_CLOSED)) {
	msg_warn("conversation %s: refusing to store state \"%s\" over \"%s\"",
		 key->id, conv_store_status_name(st->status),
		 conv_store_status_name(read->status));
	vstr_free(dn);
	vstr_free(assertion);
	return (CONVDIR_WERROR);
    }
    times[0] = st->opened_at;
    times[1] = st->last_activity;
    times[2] = st->status == CONV_CLOSED ? st->closed_at : 0;
    for (i = 0; i < 3; i++) {
	t[i] = vstr_alloc(20);
	if (times[i] > 0 && conv_store_time_format(times[i], t[i]) != 0)
	    times[i] = 0;
    }
    how = st->status == CONV_CLOSED ? conv_store_how_name(st->closed_how) : "";

    /* The identity: written by the add only (the RDN cannot change). */
    oc.mod_op = LDAP_MOD_ADD;
    oc.mod_type = "objectClass";
    oc.mod_values = (char **) oc_vals;
    add[na++] = &oc;
    convdir_mod(mods + A_ID, vals[A_ID], LDAP_MOD_ADD, convdir_attrs[A_ID], key->id);
    convdir_mod(mods + A_MBX, vals[A_MBX], LDAP_MOD_ADD, convdir_attrs[A_MBX],
		vstr_str(key->mailbox));
    convdir_mod(mods + A_HMAC, vals[A_HMAC], LDAP_MOD_ADD, convdir_attrs[A_HMAC],
		key->hmac);
    add[na++] = mods + A_ID;
    add[na++] = mods + A_MBX;
    add[na++] = mods + A_HMAC;

    /* The state: replaced by the modify (no value deletes), set by the add. */
    convdir_mod(mods + A_STATE, vals[A_STATE], LDAP_MOD_REPLACE,
		convdir_attrs[A_STATE], conv_store_status_name(st->status));
    convdir_mod(mods + A_OPEN, vals[A_OPEN], LDAP_MOD_REPLACE,
		convdir_attrs[A_OPEN], times[0] ? vstr_str(t[0]) : 0);
    convdir_mod(mods + A_LAST, vals[A_LAST], LDAP_MOD_REPLACE,
		convdir_attrs[A_LAST], times[1] ? vstr_str(t[1]) : 0);
    convdir_mod(mods + A_CLOSE, vals[A_CLOSE], LDAP_MOD_REPLACE,
		convdir_attrs[A_CLOSE], times[2] ? vstr_str(t[2]) : 0);
    convdir_mod(mods + A_HOW, vals[A_HOW], LDAP_MOD_REPLACE,
		convdir_attrs[A_HOW], *how ? how : 0);
    convdir_mod(mods + A_ENC, vals[A_ENC], LDAP_MOD_REPLACE,
		convdir_attrs[A_ENC], addr_enc);
    for (i = A_STATE; i <= A_ENC; i++) {
	if (i == A_ENC && addr_enc == 0)
	    continue;
	modify[nm++] = mods + i;
	if (mods[i].mod_values)
	    add[na++] = mods + i;
    }
    modify[nm] = add[na] = 0;

    vstr_sprintf(dn, "mssConversationId=%s,%s,%s", key->id, CD_OU, dir_base_dn(dp));
    w.dn = vstr_str(dn);
    w.assertion = 0;
    if (read->status == CONV_ABSENT) {
	/* An add carries LDAP_MOD_ADD ops; libldap ignores mod_op there. */
	w.mods = add;
	rc = convdir_run(dp, convdir_add_op, &w);
	conflict = (rc == LDAP_ALREADY_EXISTS);
    } else if (conv_store_assert_filter(read, assertion) != 0) {
	rc = LDAP_PARAM_ERROR;
	conflict = 0;
    } else {
	w.mods = modify;
	w.assertion = vstr_str(assertion);
	rc = convdir_run(dp, convdir_modify_op, &w);
	conflict = (rc == LDAP_ASSERTION_FAILED || rc == LDAP_NO_SUCH_OBJECT);
    }
    if (rc != LDAP_SUCCESS && !conflict)
	msg_warn("conversation %s: write: %s", key->id, ldap_err2string(rc));
    for (i = 0; i < 3; i++)
	vstr_free(t[i]);
    vstr_free(dn);
    vstr_free(assertion);
    return (rc == LDAP_SUCCESS ? CONVDIR_WRITTEN : conflict ?
	    CONVDIR_CONFLICT : CONVDIR_WERROR);
}
