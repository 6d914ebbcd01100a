/*++
/* NAME
/*	mirror_sync 3
/* SUMMARY
/*	mssante-mirror sync: bring a live directory in line with the files
/* SYNOPSIS
/*	#include "mirror_sync.h"
/*
/*	int	mirror_sync_run(MIRROR_RUN *run)
/*
/*	int	mirror_sync_connect(MIRROR_RUN *run, LDAP **ld)
/* DESCRIPTION
/*	mirror_sync_connect() opens run->uri and binds as run->bind_dn
/*	(password from run->password_file), else stays anonymous; it
/*	returns 0, or -1 after logging why.
/*
/*	mirror_sync_run() connects to run->uri (binding as run->bind_dn
/*	with the password read from run->password_file, else anonymously),
/*	reads what the directory holds, and applies only the differences:
/*
/*	- it reads the RDN and mssEntryDigest of every entry under
/*	  ou=domains and ou=mailboxes (a streamed search: 535,000 small
/*	  entries are never held at once; the ids go into the loader's
/*	  table);
/*	- it counts the deletions that would follow (entries absent from
/*	  the files) and REFUSES the whole run, before any change, when they
/*	  exceed run->max_delete_pct percent of the entries of either kind:
/*	  a truncated download must never empty the mirror;
/*	- it adds the missing entries, replaces the attributes of those
/*	  whose digest differs, deletes the extra ones, and finally rewrites
/*	  cn=metadata (mssLastSync). An entry whose digest matches is not
/*	  touched, so a second run with the same files changes nothing.
/*
/*	It first reads cn=metadata, to keep the load times of a file
/*	loaded again (mirror_run_metadata()). With run->no_rollback
/*	(mssante-mirror update), it refuses, before any change, a whitelist whose
/*	DateDeGeneration or an extraction whose file-name time is older
/*	than the loaded one's: a replayed old file must not undo the
/*	changes made since. The extraction loaded already (same SHA-256)
/*	is not held older, whatever time the metadata holds for it.
/*
/*	The digest is the loader's record of what it wrote: an attribute
/*	changed by hand in the directory is not noticed until the files
/*	change it (or the entry's mssEntryDigest is removed).
/*
/*	With run->dry_run, everything is computed and counted but nothing
/*	is written. The counts are printed on stdout, one line per kind:
/*	"domains: added=N modified=N deleted=N unchanged=N failed=N".
/* DIAGNOSTICS
/*	Returns MIRROR_EXIT_OK; MIRROR_EXIT_WHITELIST or
/*	MIRROR_EXIT_EXTRACTION for an older file (run->no_rollback);
/*	MIRROR_EXIT_MASS_DELETE when the deletion
/*	limit refused the run (nothing changed); MIRROR_EXIT_ERROR when
/*	the directory could not be read (nothing changed) or some changes
/*	failed (the others were applied: the next run retries the rest;
/*	cn=metadata is then left as it was).
/*--*/

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <ldap.h>

#include "hex.h"
#include "mymalloc.h"
#include "msg.h"
#include "progress.h"
#include "mirror_sync.h"

typedef struct SYNC_COUNT {
    long    dir;			/* entries found in the directory */
    long    add, mod, del, same, fail;
} SYNC_COUNT;

typedef struct SYNC {
    MIRROR_RUN *run;
    LDAP   *ld;
    SYNC_COUNT dom;
    SYNC_COUNT mbx;
    char  **dom_dig;			/* per whitelist domain: dir digest */
    char  **dom_extra;			/* DNs of domains not in the list */
    size_t  ndom_extra;
    VSTR   *dn;
} SYNC;

 /*
  * Attributes the loader owns, per object class: a modify replaces each of
  * them (with no value when the new entry lacks it). Keep in step with the
  * MAY lists of mssante.schema.
  */
static const char *const sync_mailbox_attrs[] = {
    "mail", "mssMailboxType", "mssPractitionerId", "mssStructureId",
    "mssService", "mssCivility", "sn", "givenName", "mssProfessionCategory",
    "mssProfessionCategoryLabel", "mssProfessionCode", "mssProfessionLabel",
    "mssSavoirFaireCode", "mssSavoirFaireLabel", "mssStructureName",
    "mssStructureBrand", "postalCode", "mssDepartment", "mssCountry",
    "mssDematerialisation", "mssPharmacy", "mssEntryDigest", 0,
};
static const char *const sync_domain_attrs[] = {
    "mssDomainSpelling", "description", "mssOperatorDN", "mssOperatorDNRaw",
    "mssOperatorCN", "mssLastUpdate", "mssResponsibleContact",
    "mssSupportContact", "mssEntryDigest", 0,
};
static const char *const sync_metadata_attrs[] = {
    "mssWhitelistFile", "mssWhitelistGenerated", "mssWhitelistSHA256",
    "mssWhitelistEntries", "mssWhitelistDomains", "mssSignatureStatus",
    "mssSigner", "mssExtractionFile", "mssExtractionGenerated",
    "mssExtractionSHA256", "mssExtractionLines", "mssExtractionMailboxes",
    "mssExtractionBadLines", "mssLastSync", "mssWhitelistLoaded",
    "mssExtractionLoaded", 0,
};

/* read_password - first line of the password file */

static int read_password(const char *path, VSTR *pw)
{
    struct stat st;
    FILE   *fp;
    int     ch;

    if ((fp = fopen(path, "r")) == 0) {
	msg_error("open %s: %s", path, strerror(errno));
	return (-1);
    }
    if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 077))
	msg_warn("%s: readable by group or others; chmod 600 it", path);
    vstr_reset(pw);
    while ((ch = getc(fp)) != EOF && ch != '\n' && ch != '\r')
	vstr_addch(pw, ch);
    fclose(fp);
    if (vstr_len(pw) == 0) {
	msg_error("%s: empty password file", path);
	return (-1);
    }
    return (0);
}

/* mirror_sync_connect - connect and bind */

int     mirror_sync_connect(MIRROR_RUN *run, LDAP **ldp)
{
    struct timeval tv;
    struct berval cred;
    VSTR   *pw;
    int     version = LDAP_VERSION3, rc;

    if ((rc = ldap_initialize(ldp, run->uri)) != LDAP_SUCCESS) {
	msg_error("%s: %s", run->uri, ldap_err2string(rc));
	return (-1);
    }
    ldap_set_option(*ldp, LDAP_OPT_PROTOCOL_VERSION, &version);
    tv.tv_sec = 10;
    tv.tv_usec = 0;
    ldap_set_option(*ldp, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    tv.tv_sec = 300;
    ldap_set_option(*ldp, LDAP_OPT_TIMEOUT, &tv);
    if (run->bind_dn == 0)
	return (0);
    pw = vstr_alloc(64);
    if (read_password(run->password_file, pw) < 0) {
	vstr_free(pw);
	return (-1);
    }
    cred.bv_val = vstr_str(pw);
    cred.bv_len = vstr_len(pw);
    rc = ldap_sasl_bind_s(*ldp, run->bind_dn, LDAP_SASL_SIMPLE, &cred, 0, 0, 0);
    memset(vstr_str(pw), 0, vstr_len(pw));
    vstr_free(pw);
    if (rc != LDAP_SUCCESS) {
	msg_error("%s: bind as %s: %s", run->uri, run->bind_dn, ldap_err2string(rc));
	return (-1);
    }
    return (0);
}

/* sync_connect - the sync's connection */

static int sync_connect(SYNC *sp)
{
    return (mirror_sync_connect(sp->run, &sp->ld));
}

/* first_value - first value of an attribute, copied into out */

static int first_value(LDAP *ld, LDAPMessage *e, const char *attr, VSTR *out)
{
    struct berval **vals = ldap_get_values_len(ld, e, attr);

    vstr_reset(out);
    if (vals == 0 || vals[0] == 0) {
	if (vals)
	    ldap_value_free_len(vals);
	return (-1);
    }
    vstr_ncat(out, vals[0]->bv_val, vals[0]->bv_len);
    ldap_value_free_len(vals);
    return (0);
}

/* older - report a file older than the loaded one */

static int older(LDAP *ld, LDAPMessage *e, const char *attr, const char *have,
		         const char *what)
{
    VSTR   *loaded = vstr_alloc(32);
    int     ret = 0;

    /* GeneralizedTime in one fixed form (YYYYMMDDHHMMSSZ) sorts as text. */
    if (have[0] && first_value(ld, e, attr, loaded) == 0
	&& strcmp(have, vstr_str(loaded)) < 0) {
	msg_error("%s refused: generated %s, older than the loaded one (%s);"
		  " the directory is left unchanged", what, have, vstr_str(loaded));
	ret = 1;
    }
    vstr_free(loaded);
    return (ret);
}

/* read_metadata - what was loaded; refuse older files (no_rollback) */

static int read_metadata(SYNC *sp)
{
    MIRROR_RUN *run = sp->run;
    char   *attrs[] = {"mssWhitelistGenerated", "mssExtractionGenerated",
	"mssWhitelistSHA256", "mssWhitelistLoaded", "mssExtractionSHA256",
    "mssExtractionLoaded", 0};
    LDAPMessage *res = 0, *e;
    char    gt[32] = "";
    int     rc, ret = MIRROR_EXIT_OK, ex_same;

    vstr_sprintf(sp->dn, "cn=metadata,%s", run->base);
    rc = ldap_search_ext_s(sp->ld, vstr_str(sp->dn), LDAP_SCOPE_BASE, "(objectClass=*)",
			   attrs, 0, 0, 0, 0, 1, &res);
    if (rc == LDAP_NO_SUCH_OBJECT) {
	/* An empty directory: nothing loaded, nothing to roll back. */
    } else if (rc != LDAP_SUCCESS) {
	msg_error("%s: read %s: %s", run->uri, vstr_str(sp->dn), ldap_err2string(rc));
	ret = MIRROR_EXIT_ERROR;
    } else if ((e = ldap_first_entry(sp->ld, res)) != 0) {
	/* Kept as they are when the same file is loaded again. */
	(void) first_value(sp->ld, e, "mssWhitelistSHA256", run->prev_wl_sha256);
	(void) first_value(sp->ld, e, "mssWhitelistLoaded", run->prev_wl_loaded);
	(void) first_value(sp->ld, e, "mssExtractionSHA256", run->prev_ex_sha256);
	(void) first_value(sp->ld, e, "mssExtractionLoaded", run->prev_ex_loaded);
	(void) mirror_run_extraction_date(run->extraction, gt, sizeof(gt));
	/* The file loaded now is no rollback, whatever date an earlier
	 * version stored for it (its name's time, before it was read as
	 * French local time). */
	ex_same = mirror_extract_sha256(run->load->xp) != 0
	    && strcasecmp(vstr_str(run->prev_ex_sha256),
			  mirror_extract_sha256(run->load->xp)) == 0;
	/* A sync by hand may load an older file: the operator's choice. */
	if (run->no_rollback
	    && older(sp->ld, e, "mssWhitelistGenerated", run->wl->generated, "whitelist"))
	    ret = MIRROR_EXIT_WHITELIST;
	else if (run->no_rollback && !ex_same
		 && older(sp->ld, e, "mssExtractionGenerated", gt, "extraction"))
	    ret = MIRROR_EXIT_EXTRACTION;
    }
    if (res)
	ldap_msgfree(res);
    return (ret);
}

/* read_domains - digest of each domain entry; the extra ones */

static int read_domains(SYNC *sp)
{
    MIRROR_RUN *run = sp->run;
    char   *attrs[] = {"mssDomain", "mssEntryDigest", 0};
    LDAPMessage *res = 0, *e;
    VSTR   *dom = vstr_alloc(64), *dig = vstr_alloc(64);
    MIRROR_WL_DOMAIN *dp;
    int     rc;
    char   *cp;

    vstr_sprintf(sp->dn, "ou=domains,%s", run->base);
    rc = ldap_search_ext_s(sp->ld, vstr_str(sp->dn), LDAP_SCOPE_ONELEVEL,
			   "(objectClass=mssTrustedDomain)", attrs, 0, 0, 0, 0,
			   LDAP_NO_LIMIT, &res);
    if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT) {
	msg_error("%s: search %s: %s", run->uri, vstr_str(sp->dn), ldap_err2string(rc));
	ldap_msgfree(res);
	vstr_free(dom);
	vstr_free(dig);
	return (-1);
    }
    for (e = ldap_first_entry(sp->ld, res); e; e = ldap_next_entry(sp->ld, e)) {
	sp->dom.dir++;
	if (first_value(sp->ld, e, "mssDomain", dom) < 0)
	    continue;
	for (cp = vstr_str(dom); *cp; cp++)
	    *cp = (char) (*cp >= 'A' && *cp <= 'Z' ? *cp + 32 : *cp);
	if ((dp = mirror_whitelist_find(run->wl, vstr_str(dom))) != 0) {
	    size_t  i = (size_t) (dp - run->wl->domains);

	    myfree(sp->dom_dig[i]);
	    sp->dom_dig[i] = mystrdup(first_value(sp->ld, e, "mssEntryDigest", dig) == 0 ?
				      vstr_str(dig) : "");
	} else {
	    char   *dn = ldap_get_dn(sp->ld, e);

	    sp->dom_extra = myrealloc(sp->dom_extra, (sp->ndom_extra + 1) * sizeof(char *));
	    sp->dom_extra[sp->ndom_extra++] = mystrdup(dn ? dn : "");
	    ldap_memfree(dn);
	}
    }
    ldap_msgfree(res);
    vstr_free(dom);
    vstr_free(dig);
    return (0);
}

/* note_mailbox - one directory mailbox into the loader's table */

static void note_mailbox(SYNC *sp, LDAPMessage *e, VSTR *id, VSTR *dig)
{
    unsigned char bin[MIRROR_ID_LEN];
    MIRROR_SLOT *slot;

    sp->mbx.dir++;
    if (first_value(sp->ld, e, "mssMailboxId", id) < 0
	|| mirror_table_unhex(vstr_str(id), bin, MIRROR_ID_LEN) < 0) {
	char   *dn = ldap_get_dn(sp->ld, e);

	msg_warn("%s: not an entry of the loader, left alone", dn ? dn : "?");
	ldap_memfree(dn);
	sp->mbx.dir--;
	return;
    }
    slot = mirror_table_enter(sp->run->load->table, bin);
    if (slot->flags & MIRROR_SLOT_NEW)
	slot->flags = 0;
    slot->flags |= MIRROR_SLOT_IN_DIR;
    if (first_value(sp->ld, e, "mssEntryDigest", dig) == 0
	&& vstr_len(dig) >= 2 * MIRROR_DIG_LEN) {
	vstr_truncate(dig, 2 * MIRROR_DIG_LEN);
	if (mirror_table_unhex(vstr_str(dig), slot->dig, MIRROR_DIG_LEN) == 0)
	    slot->flags |= MIRROR_SLOT_HAS_DIG;
    }
}

/* read_mailboxes - stream (id, digest) of every mailbox entry */

static int read_mailboxes(SYNC *sp)
{
    MIRROR_RUN *run = sp->run;
    char   *attrs[] = {"mssMailboxId", "mssEntryDigest", 0};
    struct timeval tv = {300, 0};
    LDAPMessage *msg;
    VSTR   *id = vstr_alloc(64), *dig = vstr_alloc(64);
    PROGRESS *pg;
    int     rc, msgid, type, done = 0, err = 0;

    vstr_sprintf(sp->dn, "ou=mailboxes,%s", run->base);
    rc = ldap_search_ext(sp->ld, vstr_str(sp->dn), LDAP_SCOPE_ONELEVEL,
			 "(objectClass=mssMailbox)", attrs, 0, 0, 0, 0,
			 LDAP_NO_LIMIT, &msgid);
    if (rc != LDAP_SUCCESS) {
	msg_error("%s: search %s: %s", run->uri, vstr_str(sp->dn), ldap_err2string(rc));
	vstr_free(id);
	vstr_free(dig);
	return (-1);
    }
    pg = progress_open(run->progress, stderr, "reading directory", "entries", 0);
    while (!done) {
	/* One message at a time: the result set is never held whole. */
	if ((type = ldap_result(sp->ld, msgid, LDAP_MSG_ONE, &tv, &msg)) <= 0) {
	    msg_error("%s: reading %s: %s", run->uri, vstr_str(sp->dn),
		      type == 0 ? "timeout" : ldap_err2string(LDAP_SERVER_DOWN));
	    err = 1;
	    break;
	}
	if (type == LDAP_RES_SEARCH_ENTRY) {
	    note_mailbox(sp, msg, id, dig);
	    progress_update(pg, sp->mbx.dir, 0);
	} else if (type == LDAP_RES_SEARCH_RESULT) {
	    done = 1;
	    if (ldap_parse_result(sp->ld, msg, &rc, 0, 0, 0, 0, 0) != LDAP_SUCCESS)
		rc = LDAP_OTHER;
	    if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT) {
		msg_error("%s: search %s: %s%s", run->uri, vstr_str(sp->dn),
			  ldap_err2string(rc), rc == LDAP_SIZELIMIT_EXCEEDED ?
			  " (bind as an identity without a size limit,"
			  " e.g. the rootdn)" : "");
		err = 1;
	    }
	}
	ldap_msgfree(msg);
    }
    progress_finish(pg);
    vstr_free(id);
    vstr_free(dig);
    return (err ? -1 : 0);
}

/* too_many - the mass-deletion guard */

static int too_many(SYNC *sp, const char *what, long del, long dir)
{
    if (dir == 0 || del * 100 <= (long) sp->run->max_delete_pct * dir)
	return (0);
    msg_error("refusing to delete %ld of the %ld %s entries (%.1f%%), more than"
	      " --max-delete-percent %d: is the %s truncated? Nothing was changed;"
	      " rerun with a higher --max-delete-percent if the deletions are real",
	      del, dir, what, 100.0 * (double) del / (double) dir,
	      sp->run->max_delete_pct,
	      strcmp(what, "mailbox") == 0 ? "extraction" : "whitelist");
    return (1);
}

/* make_mods - LDAPMod array: add (every attribute) or replace (owned ones) */

static LDAPMod **make_mods(const MIRROR_ENTRY *ep, const char *const *owned,
			           const char *rdn_attr)
{
    size_t  n = 0, i, j, nowned = 0;
    LDAPMod **mods, *mod;

    while (owned && owned[nowned])
	nowned++;
    mods = mycalloc(ep->nattrs + nowned + 1, sizeof(*mods));
    for (i = 0; i < ep->nattrs; i++) {
	const MIRROR_ATTR *ap = ep->attrs + i;

	if (ap->nvals == 0 || (owned && (strcmp(ap->name, "objectClass") == 0
					 || strcmp(ap->name, rdn_attr) == 0)))
	    continue;
	mod = mycalloc(1, sizeof(*mod));
	mod->mod_op = owned ? LDAP_MOD_REPLACE : LDAP_MOD_ADD;
	mod->mod_type = (char *) ap->name;
	mod->mod_values = mycalloc(ap->nvals + 1, sizeof(char *));
	for (j = 0; j < ap->nvals; j++)
	    mod->mod_values[j] = ap->vals[j];
	mods[n++] = mod;
    }
    /* An owned attribute the new entry lacks: replace with nothing. */
    for (i = 0; i < nowned; i++) {
	if (mirror_entry_find(ep, owned[i]))
	    continue;
	mod = mycalloc(1, sizeof(*mod));
	mod->mod_op = LDAP_MOD_REPLACE;
	mod->mod_type = (char *) owned[i];
	mods[n++] = mod;
    }
    return (mods);
}

/* free_mods - the arrays only: the strings belong to the entry */

static void free_mods(LDAPMod **mods)
{
    size_t  i;

    for (i = 0; mods[i]; i++) {
	myfree(mods[i]->mod_values);
	myfree(mods[i]);
    }
    myfree(mods);
}

/* write_entry - add or modify, falling back to the other on a surprise */

static int write_entry(SYNC *sp, const MIRROR_ENTRY *ep, int exists,
		               const char *const *owned, const char *rdn_attr)
{
    const char *dn = vstr_str(ep->dn);
    LDAPMod **mods;
    int     rc, attempt;

    if (sp->run->verbose)
	msg_info("%s %s", exists ? "modify" : "add", dn);
    if (sp->run->dry_run)
	return (0);
    for (attempt = 0; attempt < 2; attempt++) {
	mods = make_mods(ep, exists ? owned : 0, rdn_attr);
	rc = exists ? ldap_modify_ext_s(sp->ld, dn, mods, 0, 0)
	    : ldap_add_ext_s(sp->ld, dn, mods, 0, 0);
	free_mods(mods);
	if (rc == LDAP_SUCCESS)
	    return (0);
	/* Someone else changed the tree since we read it: try the other way. */
	if ((exists && rc == LDAP_NO_SUCH_OBJECT) || (!exists && rc == LDAP_ALREADY_EXISTS)) {
	    exists = !exists;
	    continue;
	}
	break;
    }
    msg_error("%s %s: %s", exists ? "modify" : "add", dn, ldap_err2string(rc));
    if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT || rc == LDAP_UNAVAILABLE)
	msg_fatal("%s: the directory went away during the sync; the next run"
		  " completes it", sp->run->uri);
    return (-1);
}

/* delete_entry - one deletion */

static int delete_entry(SYNC *sp, const char *dn, SYNC_COUNT *cnt)
{
    int     rc;

    if (sp->run->verbose)
	msg_info("delete %s", dn);
    if (sp->run->dry_run) {
	cnt->del++;
	return (0);
    }
    rc = ldap_delete_ext_s(sp->ld, dn, 0, 0);
    if (rc == LDAP_SUCCESS || rc == LDAP_NO_SUCH_OBJECT) {
	cnt->del++;
	return (0);
    }
    msg_error("delete %s: %s", dn, ldap_err2string(rc));
    cnt->fail++;
    return (-1);
}

/* ensure_entry - add an entry if it does not exist (base, containers) */

static int ensure_entry(SYNC *sp, const MIRROR_ENTRY *ep)
{
    LDAPMessage *res = 0;
    char   *attrs[] = {"1.1", 0};
    int     rc;

    rc = ldap_search_ext_s(sp->ld, vstr_str(ep->dn), LDAP_SCOPE_BASE,
			   "(objectClass=*)", attrs, 0, 0, 0, 0, 1, &res);
    ldap_msgfree(res);
    if (rc == LDAP_SUCCESS)
	return (0);
    if (rc != LDAP_NO_SUCH_OBJECT) {
	msg_error("search %s: %s", vstr_str(ep->dn), ldap_err2string(rc));
	return (-1);
    }
    return (write_entry(sp, ep, 0, 0, ""));
}

/* sync_mailbox - mirror_load_emit() callback */

static int sync_mailbox(MIRROR_MAILBOX *mb, MIRROR_SLOT *slot, void *ctx)
{
    SYNC   *sp = ctx;
    const MIRROR_ATTR *ap;
    unsigned char dig[MIRROR_DIG_LEN];
    char    hex[2 * MIRROR_DIG_LEN + 1];

    if ((slot->flags & MIRROR_SLOT_HAS_DIG)
	&& (ap = mirror_entry_find(mb->ep, "mssEntryDigest")) != 0) {
	memcpy(hex, ap->vals[0], 2 * MIRROR_DIG_LEN);
	hex[2 * MIRROR_DIG_LEN] = 0;
	if (mirror_table_unhex(hex, dig, MIRROR_DIG_LEN) == 0
	    && memcmp(dig, slot->dig, MIRROR_DIG_LEN) == 0) {
	    sp->mbx.same++;
	    return (0);
	}
    }
    if (write_entry(sp, mb->ep, (slot->flags & MIRROR_SLOT_IN_DIR) != 0,
		    sync_mailbox_attrs, "mssMailboxId") < 0)
	sp->mbx.fail++;
    else if (slot->flags & MIRROR_SLOT_IN_DIR)
	sp->mbx.mod++;
    else
	sp->mbx.add++;
    return (0);
}

/* apply_domains - adds, modifies, deletes under ou=domains */

static void apply_domains(SYNC *sp)
{
    MIRROR_WHITELIST *wl = sp->run->wl;
    size_t  i;

    for (i = 0; i < wl->ndomains; i++) {
	const MIRROR_ATTR *ap = mirror_entry_find(wl->domains[i].ep, "mssEntryDigest");
	int     exists = sp->dom_dig[i] != 0;

	if (exists && ap && strcmp(ap->vals[0], sp->dom_dig[i]) == 0) {
	    sp->dom.same++;
	    continue;
	}
	if (write_entry(sp, wl->domains[i].ep, exists, sync_domain_attrs, "mssDomain") < 0)
	    sp->dom.fail++;
	else if (exists)
	    sp->dom.mod++;
	else
	    sp->dom.add++;
    }
    for (i = 0; i < sp->ndom_extra; i++)
	delete_entry(sp, sp->dom_extra[i], &sp->dom);
}

/* delete_mailboxes - entries whose address left the extraction */

static void delete_mailboxes(SYNC *sp)
{
    MIRROR_TABLE *tp = sp->run->load->table;
    char    hex[2 * MIRROR_ID_LEN + 1];
    size_t  i;

    for (i = 0; i < mirror_table_capacity(tp); i++) {
	MIRROR_SLOT *slot = mirror_table_slot(tp, i);

	if ((slot->flags & (MIRROR_SLOT_IN_DIR | MIRROR_SLOT_IN_FILE)) != MIRROR_SLOT_IN_DIR)
	    continue;
	hex_encode(slot->id, MIRROR_ID_LEN, hex);
	vstr_sprintf(sp->dn, "mssMailboxId=%s,ou=mailboxes,%s", hex, sp->run->base);
	delete_entry(sp, vstr_str(sp->dn), &sp->mbx);
    }
}

/* count_mailbox_deletes - dir entries absent from the file */

static long count_mailbox_deletes(SYNC *sp)
{
    MIRROR_TABLE *tp = sp->run->load->table;
    size_t  i;
    long    n = 0;

    for (i = 0; i < mirror_table_capacity(tp); i++)
	if ((mirror_table_slot(tp, i)->flags & (MIRROR_SLOT_IN_DIR | MIRROR_SLOT_IN_FILE))
	    == MIRROR_SLOT_IN_DIR)
	    n++;
    return (n);
}

/* print_counts - the summary on stdout */

static void print_counts(const char *what, const SYNC_COUNT *c, int dry_run)
{
    printf("%s%s: added=%ld modified=%ld deleted=%ld unchanged=%ld failed=%ld\n",
	   dry_run ? "(dry run) " : "", what, c->add, c->mod, c->del, c->same, c->fail);
}

/* phase - with -v, how long each step took */

static void phase(SYNC *sp, const char *what, struct timespec *t0)
{
    struct timespec t1;

    if (!sp->run->verbose)
	return;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    msg_info("%s: %.1f s", what, (double) (t1.tv_sec - t0->tv_sec)
	     + (double) (t1.tv_nsec - t0->tv_nsec) / 1e9);
    *t0 = t1;
}

/* mirror_sync_run - the whole sync */

int     mirror_sync_run(MIRROR_RUN *run)
{
    SYNC    sync;
    MIRROR_ENTRY *ep = mirror_entry_create();
    VSTR   *why = vstr_alloc(100);
    static const char *const containers[] = {"domains", "mailboxes", "conversations", 0};
    const char *const *cpp;
    struct timespec t0;
    size_t  i;
    int     ret = MIRROR_EXIT_ERROR;

    memset(&sync, 0, sizeof(sync));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sync.run = run;
    sync.dn = vstr_alloc(200);
    sync.dom_dig = mycalloc(run->wl->ndomains + 1, sizeof(char *));
    if (sync_connect(&sync) < 0)
	goto out;
    if ((ret = read_metadata(&sync)) != MIRROR_EXIT_OK)
	goto out;
    ret = MIRROR_EXIT_ERROR;
    if (read_domains(&sync) < 0 || read_mailboxes(&sync) < 0)
	goto out;
    phase(&sync, "reading the directory", &t0);
    if (too_many(&sync, "domain", (long) sync.ndom_extra, sync.dom.dir)
	|| too_many(&sync, "mailbox", count_mailbox_deletes(&sync), sync.mbx.dir)) {
	ret = MIRROR_EXIT_MASS_DELETE;
	goto out;
    }
    if (!run->dry_run) {
	if (mirror_run_base_entry(run, ep, why) < 0) {
	    msg_error("%s", vstr_str(why));
	    goto out;
	}
	if (ensure_entry(&sync, ep) < 0)
	    goto out;
	for (cpp = containers; *cpp; cpp++) {
	    mirror_run_container(run, ep, *cpp);
	    if (ensure_entry(&sync, ep) < 0)
		goto out;
	}
    }
    apply_domains(&sync);
    if (mirror_load_emit(run->load, run->base, run->pp, sync_mailbox, &sync, why) != 0) {
	msg_error("%s", vstr_str(why));
	goto out;
    }
    phase(&sync, "adds and modifies", &t0);
    delete_mailboxes(&sync);
    phase(&sync, "deletes", &t0);
    print_counts("domains", &sync.dom, run->dry_run);
    print_counts("mailboxes", &sync.mbx, run->dry_run);
    fflush(stdout);
    if (sync.dom.fail || sync.mbx.fail) {
	msg_error("%ld changes failed; cn=metadata left as it was",
		  sync.dom.fail + sync.mbx.fail);
	goto out;
    }
    mirror_run_metadata(run, ep);
    if (!run->dry_run && write_entry(&sync, ep, 1, sync_metadata_attrs, "cn") < 0)
	goto out;
    ret = MIRROR_EXIT_OK;

out:
    if (sync.ld)
	ldap_unbind_ext_s(sync.ld, 0, 0);
    for (i = 0; i < run->wl->ndomains; i++)
	myfree(sync.dom_dig[i]);
    myfree(sync.dom_dig);
    for (i = 0; i < sync.ndom_extra; i++)
	myfree(sync.dom_extra[i]);
    myfree(sync.dom_extra);
    vstr_free(sync.dn);
    vstr_free(why);
    mirror_entry_free(ep);
    return (ret);
}
