/*++
/* NAME
/*	mirror_run 3
/* SUMMARY
/*	one mssante-mirror run: options, checked inputs, shared entries
/* SYNOPSIS
/*	#include "mirror_run.h"
/*
/*	int	mirror_run_prepare(MIRROR_RUN *run)
/*	int	mirror_run_base_entry(MIRROR_RUN *run, MIRROR_ENTRY *ep,
/*				VSTR *why)
/*	void	mirror_run_container(MIRROR_RUN *run, MIRROR_ENTRY *ep,
/*				const char *ou)
/*	void	mirror_run_metadata(MIRROR_RUN *run, MIRROR_ENTRY *ep)
/*	int	mirror_run_extraction_date(const char *path, char *gt,
/*				size_t len)
/*	void	mirror_run_finish(MIRROR_RUN *run)
/* DESCRIPTION
/*	Both subcommands (ldif, sync) first check everything they read,
/*	so that a refused input changes nothing: mirror_run_prepare()
/*	loads the pharmacy rule and list, reads the whitelist, verifies
/*	its signature (unless run->no_verify), builds its entries, and
/*	makes the extraction's first pass. It returns MIRROR_EXIT_OK or
/*	the exit status to use, after reporting why. With
/*	run->whitelist_only it stops after the whitelist. With run->signer_dn
/*	or run->signer_issuer (mssante-mirror update), the signing
/*	certificate's subject or issuer must be that whole DN, compared
/*	with dn_equal() (dn(3)).
/*
/*	mirror_run_base_entry() builds the entry of the base DN itself
/*	(organization for o=, organizationalUnit for ou=, dcObject plus
/*	organization for dc=); mirror_run_container() an ou=NAME,BASE
/*	container; mirror_run_metadata() the cn=metadata,BASE entry:
/*	file names, generation dates, SHA-256s, counts, signature status
/*	and signer, the current time as mssLastSync, and when each file
/*	was first loaded (mssWhitelistLoaded, mssExtractionLoaded: the
/*	time kept from run->prev_* when the file's SHA-256 is the one
/*	loaded before, else now).
/*
/*	mirror_run_extraction_date() stores the GeneralizedTime, in UTC,
/*	of the AAAAMMJJhhmm in an extraction's file name, a French local
/*	time (Europe/Paris: CET or CEST, by the EU rule), or returns -1
/*	for a name without a valid date.
/*
/*	mirror_run_finish() releases what prepare allocated.
/* DIAGNOSTICS
/*	Through msg(3). mirror_run_base_entry() returns -1 with why set
/*	for a base DN it cannot create.
/*--*/

#include <ctype.h>
#include <malloc.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <ldap.h>
#include <libxml/tree.h>

#include "mymalloc.h"
#include "msg.h"
#include "civil.h"
#include "dn.h"
#include "mirror_run.h"
#include "mirror_xmlsig.h"

/* signer_pinned - the signer and its issuer, as whole DNs */

static int signer_pinned(MIRROR_RUN *run, VSTR *why)
{
    if (run->signer_dn && !dn_equal(vstr_str(run->signer_subject), run->signer_dn)) {
	vstr_sprintf(why, "signed by \"%s\", not by the configured Signer \"%s\"",
		     vstr_str(run->signer_subject), run->signer_dn);
	return (-1);
    }
    if (run->signer_issuer && !dn_equal(mirror_xmlsig_issuer(), run->signer_issuer)) {
	vstr_sprintf(why, "signer issued by \"%s\", not by the configured"
		     " SignerIssuer \"%s\"", mirror_xmlsig_issuer(), run->signer_issuer);
	return (-1);
    }
    return (0);
}

/* mirror_run_prepare - check every input before any change */

int     mirror_run_prepare(MIRROR_RUN *run)
{
    VSTR   *why = vstr_alloc(200);
    int     ret = MIRROR_EXIT_OK;

    run->signer_subject = vstr_alloc(200);
    run->prev_wl_sha256 = vstr_alloc(70);
    run->prev_wl_loaded = vstr_alloc(20);
    run->prev_ex_sha256 = vstr_alloc(70);
    run->prev_ex_loaded = vstr_alloc(20);
    if ((run->pp = mirror_pharmacy_create(run->pharmacy_re, why)) == 0
	|| (run->pharmacies && mirror_pharmacy_load(run->pp, run->pharmacies, why) < 0)) {
	msg_error("%s", vstr_str(why));
	ret = MIRROR_EXIT_USAGE;
	goto out;
    }
    if ((run->wl = mirror_whitelist_read(run->whitelist, why)) == 0) {
	msg_error("whitelist refused: %s; the directory is left unchanged", vstr_str(why));
	ret = MIRROR_EXIT_WHITELIST;
	goto out;
    }
    if (run->no_verify) {
	msg_warn("%s: signature NOT verified (--no-verify)", run->whitelist);
    } else {
	if (mirror_xmlsig_init() < 0)
	    msg_fatal("cannot initialise xmlsec");
	if (mirror_xmlsig_verify(run->wl->doc, run->ca, run->signer,
				 run->signer_subject, why) < 0
	    || signer_pinned(run, why) < 0) {
	    msg_error("whitelist refused: %s: %s; the directory is left unchanged",
		      run->whitelist, vstr_str(why));
	    ret = MIRROR_EXIT_WHITELIST;
	    mirror_xmlsig_shutdown();
	    goto out;
	}
	mirror_xmlsig_shutdown();
	run->verified = 1;
	if (run->verbose)
	    msg_info("%s: signature verified, signed by %s", run->whitelist,
		     vstr_str(run->signer_subject));
	if (run->signer == 0 && run->signer_dn == 0)
	    msg_warn("%s: signed by %s; without --signer any certificate under"
		     " the CA bundle is accepted", run->whitelist,
		     vstr_str(run->signer_subject));
    }
    mirror_whitelist_entries(run->wl, run->base);
    /* The parsed tree is no longer needed: give its memory back before
     * the extraction's table is allocated. */
    xmlFreeDoc(run->wl->doc);
    run->wl->doc = 0;
    malloc_trim(0);
    if (run->whitelist_only)
	goto out;
    if ((run->load = mirror_load_open(run->extraction, why)) == 0) {
	msg_error("extraction refused: %s; the directory is left unchanged", vstr_str(why));
	ret = MIRROR_EXIT_EXTRACTION;
	goto out;
    }
    run->load->progress = run->progress;
    if (mirror_load_scan(run->load, run->max_bad, why) < 0) {
	msg_error("extraction refused: %s; the directory is left unchanged", vstr_str(why));
	ret = run->load->bad_lines > run->max_bad ? MIRROR_EXIT_EXTRACTION : MIRROR_EXIT_ERROR;
	goto out;
    }
    if (run->verbose)
	msg_info("%s: %ld lines, %ld malformed, %ld addresses; %s: %ld domains"
		 " from %ld entries", run->extraction,
		 mirror_extract_lines(run->load->xp), run->load->bad_lines,
		 run->load->mailboxes, run->whitelist, (long) run->wl->ndomains,
		 run->wl->entries);
out:
    vstr_free(why);
    return (ret);
}

/* mirror_run_base_entry - the entry of the base DN */

int     mirror_run_base_entry(MIRROR_RUN *run, MIRROR_ENTRY *ep, VSTR *why)
{
    LDAPDN  dn = 0;
    LDAPAVA *ava;
    VSTR   *val;

    if (ldap_str2dn(run->base, &dn, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS || dn == 0
	|| dn[0] == 0 || dn[0][0] == 0 || dn[0][1] != 0) {
	vstr_sprintf(why, "--base \"%s\": not a DN with a single-valued first RDN",
		     run->base);
	if (dn)
	    ldap_dnfree(dn);
	return (-1);
    }
    ava = dn[0][0];
    val = vstr_alloc(64);
    vstr_ncat(val, ava->la_value.bv_val, ava->la_value.bv_len);
    mirror_entry_reset(ep);
    vstr_strcpy(ep->dn, run->base);
    if (ava->la_attr.bv_len == 1 && tolower((unsigned char) ava->la_attr.bv_val[0]) == 'o') {
	mirror_entry_add(ep, "objectClass", "organization");
	mirror_entry_add(ep, "o", vstr_str(val));
    } else if (ava->la_attr.bv_len == 2 && strncasecmp(ava->la_attr.bv_val, "ou", 2) == 0) {
	mirror_entry_add(ep, "objectClass", "organizationalUnit");
	mirror_entry_add(ep, "ou", vstr_str(val));
    } else if (ava->la_attr.bv_len == 2 && strncasecmp(ava->la_attr.bv_val, "dc", 2) == 0) {
	mirror_entry_add(ep, "objectClass", "dcObject");
	mirror_entry_add(ep, "objectClass", "organization");
	mirror_entry_add(ep, "dc", vstr_str(val));
	mirror_entry_add(ep, "o", vstr_str(val));
    } else {
	vstr_sprintf(why, "--base \"%s\": the first RDN must be o=, ou= or dc=", run->base);
	vstr_free(val);
	ldap_dnfree(dn);
	return (-1);
    }
    mirror_entry_add(ep, "description", "MSSante directory mirror (mssante-mirror)");
    vstr_free(val);
    ldap_dnfree(dn);
    return (0);
}

/* mirror_run_container - ou=NAME,BASE */

void    mirror_run_container(MIRROR_RUN *run, MIRROR_ENTRY *ep, const char *ou)
{
    mirror_entry_reset(ep);
    vstr_sprintf(ep->dn, "ou=%s,%s", ou, run->base);
    mirror_entry_add(ep, "objectClass", "organizationalUnit");
    mirror_entry_add(ep, "ou", ou);
}

/* last_sunday - day number of the last Sunday of a month */

static long long last_sunday(long long y, int m)
{
    long long d = civil_days(y, m, civil_month_days(y, m));

    /* 1970-01-01, day 0, was a Thursday. */
    return (d - ((d + 4) % 7 + 7) % 7);
}

/* paris_to_utc - seconds since the epoch of a French local time */

static long long paris_to_utc(long long y, int mo, int d, int h, int mi)
{
    long long local = civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60;
    long long summer_from = last_sunday(y, 3) * 86400 + 3600;
    long long summer_to = last_sunday(y, 10) * 86400 + 3600;

    /*
     * The EU rule (Europe/Paris since 1996): CEST, UTC+2, from the last
     * Sunday of March to the last Sunday of October at 01:00 UTC; CET,
     * UTC+1, otherwise. Computed here rather than with TZ and mktime():
     * no tz database needed, no process-wide state changed. The hour
     * that October repeats is read as summer time, the hour that March
     * skips as winter time.
     */
    if (local - 7200 >= summer_from && local - 7200 < summer_to)
	return (local - 7200);
    return (local - 3600);
}

/* mirror_run_extraction_date - AAAAMMJJhhmm of Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt */

int     mirror_run_extraction_date(const char *path, char *gt, size_t len)
{
    static const char prefix[] = "Extraction_Correspondance_MSSante_";
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int     year, mo, d, h, mi;
    long long utc, day, y;

    if (strncmp(base, prefix, sizeof(prefix) - 1) != 0)
	return (-1);
    base += sizeof(prefix) - 1;
    if (civil_digits(&base, 4, &year) < 0 || civil_digits(&base, 2, &mo) < 0
	|| civil_digits(&base, 2, &d) < 0 || civil_digits(&base, 2, &h) < 0
	|| civil_digits(&base, 2, &mi) < 0 || mo < 1 || mo > 12 || d < 1
	|| d > civil_month_days(year, mo) || h > 23 || mi > 59)
	return (-1);
    /* The ANS names the file in French local time; stored as UTC. */
    utc = paris_to_utc(year, mo, d, h, mi);
    day = utc / 86400 - (utc % 86400 < 0);
    utc -= day * 86400;
    civil_date(day, &y, &mo, &d);
    snprintf(gt, len, "%04lld%02d%02d%02d%02d00Z", y, mo, d, (int) (utc / 3600),
	     (int) (utc % 3600 / 60));
    return (0);
}

/* add_long - one integer attribute */

static void add_long(MIRROR_ENTRY *ep, const char *name, long value)
{
    char    buf[32];

    snprintf(buf, sizeof(buf), "%ld", value);
    mirror_entry_add(ep, name, buf);
}

/* loaded_time - the earlier load time of the same file, else now */

static const char *loaded_time(VSTR *prev_sha, VSTR *prev_loaded, const char *sha,
			               const char *now)
{
    if (prev_sha && sha && vstr_len(prev_loaded) && strcasecmp(vstr_str(prev_sha), sha) == 0)
	return (vstr_str(prev_loaded));
    return (now);
}

/* mirror_run_metadata - cn=metadata,BASE */

void    mirror_run_metadata(MIRROR_RUN *run, MIRROR_ENTRY *ep)
{
    const char *cp;
    char    gt[32], nowgt[32];
    time_t  now = time(0);
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(nowgt, sizeof(nowgt), "%Y%m%d%H%M%SZ", &tm);
    mirror_entry_reset(ep);
    vstr_sprintf(ep->dn, "cn=metadata,%s", run->base);
    mirror_entry_add(ep, "objectClass", "mssMirrorMetadata");
    mirror_entry_add(ep, "cn", "metadata");
    cp = strrchr(run->whitelist, '/');
    mirror_entry_add(ep, "mssWhitelistFile", cp ? cp + 1 : run->whitelist);
    mirror_entry_add(ep, "mssWhitelistGenerated", run->wl->generated);
    mirror_entry_add(ep, "mssWhitelistSHA256", run->wl->sha256);
    add_long(ep, "mssWhitelistEntries", run->wl->entries);
    add_long(ep, "mssWhitelistDomains", (long) run->wl->ndomains);
    mirror_entry_add(ep, "mssSignatureStatus", run->verified ? "verified" :
		     "not verified (--no-verify)");
    if (run->verified)
	mirror_entry_add(ep, "mssSigner", vstr_str(run->signer_subject));
    cp = strrchr(run->extraction, '/');
    mirror_entry_add(ep, "mssExtractionFile", cp ? cp + 1 : run->extraction);
    if (mirror_run_extraction_date(run->extraction, gt, sizeof(gt)) == 0)
	mirror_entry_add(ep, "mssExtractionGenerated", gt);
    if (mirror_extract_sha256(run->load->xp))
	mirror_entry_add(ep, "mssExtractionSHA256", mirror_extract_sha256(run->load->xp));
    add_long(ep, "mssExtractionLines", mirror_extract_lines(run->load->xp));
    add_long(ep, "mssExtractionMailboxes", run->load->mailboxes);
    add_long(ep, "mssExtractionBadLines", run->load->bad_lines);
    mirror_entry_add(ep, "mssLastSync", nowgt);
    mirror_entry_add(ep, "mssWhitelistLoaded", loaded_time(run->prev_wl_sha256,
				      run->prev_wl_loaded, run->wl->sha256, nowgt));
    mirror_entry_add(ep, "mssExtractionLoaded", loaded_time(run->prev_ex_sha256,
		 run->prev_ex_loaded, mirror_extract_sha256(run->load->xp), nowgt));
}

/* mirror_run_finish - release */

void    mirror_run_finish(MIRROR_RUN *run)
{
    mirror_load_close(run->load);
    mirror_whitelist_free(run->wl);
    mirror_pharmacy_free(run->pp);
    vstr_free(run->signer_subject);
    vstr_free(run->prev_wl_sha256);
    vstr_free(run->prev_wl_loaded);
    vstr_free(run->prev_ex_sha256);
    vstr_free(run->prev_ex_loaded);
    run->prev_wl_sha256 = run->prev_wl_loaded = 0;
    run->prev_ex_sha256 = run->prev_ex_loaded = 0;
    run->load = 0;
    run->wl = 0;
    run->pp = 0;
    run->signer_subject = 0;
}
