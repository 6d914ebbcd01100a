/*++
/* NAME
/*	mirror_status 3
/* SUMMARY
/*	mssante-mirror status: the mirror's ages, for a monitoring check
/* SYNOPSIS
/*	#include "mirror_status.h"
/*
/*	int	mirror_status_run(const MIRROR_CONF *mc)
/* DESCRIPTION
/*	mirror_status_run() reads cn=metadata of the directory named by
/*	mirror.conf (LDAPURI, Base, BindDN, PasswordFile) and prints, in
/*	the form of a Nagios plugin, one summary line with performance
/*	data, then one line per fact:
/*
/*	    MIRROR OK - whitelist age 5.2 h, 5012 domains; extraction age
/*	    5.2 h, 535000 mailboxes | whitelist_age=18720s;172800;259200 ...
/*
/*	The ages are those of the files themselves: the whitelist's
/*	DateDeGeneration and the extraction's file-name time, so that a
/*	source that stopped publishing is noticed even while the daily
/*	update runs fine. The load times (mssWhitelistLoaded,
/*	mssExtractionLoaded) and the last sync are shown too.
/*
/*	The exit status is the worse of the two ages against WarningAge
/*	and CriticalAge: MIRROR_STATUS_OK, _WARNING, _CRITICAL; and
/*	MIRROR_STATUS_UNKNOWN when the directory cannot be read or holds
/*	no cn=metadata or no generation time.
/* DIAGNOSTICS
/*	On stdout (the monitoring reads it); LDAP errors also on stderr.
/*--*/

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <ldap.h>

#include "mymalloc.h"
#include "msg.h"
#include "mirror_run.h"
#include "mirror_sync.h"
#include "mirror_status.h"

static const char *const status_names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

 /*
  * The attributes shown, in this order, with their labels.
  */
static const char *const status_attrs[][2] = {
    {"mssWhitelistGenerated", "whitelist generated"},
    {"mssWhitelistLoaded", "whitelist loaded"},
    {"mssWhitelistDomains", "whitelist domains"},
    {"mssSigner", "whitelist signer"},
    {"mssExtractionGenerated", "extraction generated"},
    {"mssExtractionLoaded", "extraction loaded"},
    {"mssExtractionMailboxes", "extraction mailboxes"},
    {"mssLastSync", "last sync"},
};

#define STATUS_NATTRS	(sizeof(status_attrs) / sizeof(status_attrs[0]))

/* status_time - GeneralizedTime YYYYMMDDHHMMSSZ to time_t, or -1 */

static time_t status_time(const char *gt)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    if (gt == 0 || strlen(gt) != 15 || gt[14] != 'Z'
	|| sscanf(gt, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
	return (-1);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (timegm(&tm));
}

/* status_level - one age against the thresholds */

static int status_level(const MIRROR_CONF *mc, long age)
{
    if (age < 0)
	return (MIRROR_STATUS_UNKNOWN);
    if (age * 1000L > mc->critical_age)
	return (MIRROR_STATUS_CRITICAL);
    if (age * 1000L > mc->warning_age)
	return (MIRROR_STATUS_WARNING);
    return (MIRROR_STATUS_OK);
}

/* status_worse - UNKNOWN is worse than OK, CRITICAL worse than all */

static int status_worse(int a, int b)
{
    static const int rank[] = {0, 1, 3, 2};

    return (rank[a] >= rank[b] ? a : b);
}

/* status_read - the metadata values; -1 when unreadable */

static int status_read(const MIRROR_CONF *mc, VSTR **vals)
{
    MIRROR_RUN run;
    LDAP   *ld = 0;
    LDAPMessage *res = 0, *e;
    char   *attrs[STATUS_NATTRS + 1];
    struct berval **bv;
    VSTR   *dn = vstr_alloc(100);
    size_t  i;
    int     rc, ret = -1;

    memset(&run, 0, sizeof(run));
    run.uri = mc->ldap_uri;
    run.bind_dn = mc->bind_dn;
    run.password_file = mc->password_file;
    for (i = 0; i < STATUS_NATTRS; i++)
	attrs[i] = (char *) status_attrs[i][0];
    attrs[i] = 0;
    vstr_sprintf(dn, "cn=metadata,%s", mc->base);
    if (mirror_sync_connect(&run, &ld) == 0) {
	rc = ldap_search_ext_s(ld, vstr_str(dn), LDAP_SCOPE_BASE, "(objectClass=*)",
			       attrs, 0, 0, 0, 0, 1, &res);
	if (rc != LDAP_SUCCESS) {
	    msg_error("%s: read %s: %s", mc->ldap_uri, vstr_str(dn), ldap_err2string(rc));
	} else if ((e = ldap_first_entry(ld, res)) != 0) {
	    for (i = 0; i < STATUS_NATTRS; i++) {
		if ((bv = ldap_get_values_len(ld, e, attrs[i])) != 0 && bv[0] != 0)
		    vstr_ncat(vals[i], bv[0]->bv_val, bv[0]->bv_len);
		if (bv)
		    ldap_value_free_len(bv);
	    }
	    ret = 0;
	}
    }
    if (res)
	ldap_msgfree(res);
    if (ld)
	ldap_unbind_ext_s(ld, 0, 0);
    vstr_free(dn);
    return (ret);
}

/* mirror_status_run - print the check, return its status */

int     mirror_status_run(const MIRROR_CONF *mc)
{
    VSTR   *vals[STATUS_NATTRS];
    time_t  now = time(0), wl, ex;
    long    wl_age, ex_age;
    size_t  i;
    int     st;

    for (i = 0; i < STATUS_NATTRS; i++)
	vals[i] = vstr_alloc(32);
    if (status_read(mc, vals) < 0) {
	printf("MIRROR UNKNOWN - cannot read cn=metadata,%s on %s\n", mc->base, mc->ldap_uri);
	st = MIRROR_STATUS_UNKNOWN;
    } else {
	wl = status_time(vstr_str(vals[0]));
	ex = status_time(vstr_str(vals[4]));
	wl_age = wl < 0 ? -1 : (long) (now - wl);
	ex_age = ex < 0 ? -1 : (long) (now - ex);
	st = status_worse(status_level(mc, wl_age), status_level(mc, ex_age));
	printf("MIRROR %s - whitelist age %.1f h, %s domains; extraction age %.1f h,"
	       " %s mailboxes | whitelist_age=%lds;%ld;%ld extraction_age=%lds;%ld;%ld"
	       " domains=%s mailboxes=%s\n", status_names[st], wl_age / 3600.0,
	       vstr_len(vals[2]) ? vstr_str(vals[2]) : "?", ex_age / 3600.0,
	       vstr_len(vals[6]) ? vstr_str(vals[6]) : "?", wl_age,
	       mc->warning_age / 1000, mc->critical_age / 1000, ex_age,
	       mc->warning_age / 1000, mc->critical_age / 1000,
	       vstr_len(vals[2]) ? vstr_str(vals[2]) : "0",
	       vstr_len(vals[6]) ? vstr_str(vals[6]) : "0");
	for (i = 0; i < STATUS_NATTRS; i++)
	    printf("%s: %s\n", status_attrs[i][1], vstr_len(vals[i]) ?
		   vstr_str(vals[i]) : "(none)");
    }
    for (i = 0; i < STATUS_NATTRS; i++)
	vstr_free(vals[i]);
    return (st);
}
