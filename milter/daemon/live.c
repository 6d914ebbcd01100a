/*++
/* NAME
/*	live 3
/* SUMMARY
/*	the daemon's current configuration and trust snapshot, reloadable
/* SYNOPSIS
/*	#include "live.h"
/*
/*	int	live_read_secret(path, out, err)
/*	const char *path;
/*	VSTR	*out;
/*	VSTR	*err;
/*
/*	void	live_start(cfg, password)
/*	CFG	*cfg;
/*	const char *password;
/*
/*	LIVE	*live_acquire(void)
/*
/*	void	live_release(live)
/*	LIVE	*live;
/*
/*	int	live_trust_refresh(void)
/*
/*	int	live_reload(path)
/*	const char *path;
/*
/*	void	live_refresh_start(void)
/*
/*	void	live_stop(void)
/*
/*	void	live_policy(cfg, pol)
/*	const CFG *cfg;
/*	DECIDE_POLICY *pol;
/* DESCRIPTION
/*	This module holds what the callbacks read: the current LIVE (the
/*	configuration, the site policy derived from it and the directory
/*	client built for it), and it drives trustsnap(3), which holds the
/*	trust-space snapshot loaded from the directory. Both are
/*	reference-counted and replaced by swapping one pointer under a
/*	lock, so a reload never disturbs a message in flight: a connection
/*	keeps the LIVE it acquired at connect time until it closes, a
/*	transaction keeps the snapshot it got from trustsnap_get() at MAIL
/*	FROM until it ends, and the old objects are freed by whoever
/*	releases the last reference.
/*
/*	live_read_secret() reads the first line of a secret file (the
/*	LDAP bind password) into out; it returns 0, or -1 with err set.
/*
/*	live_start() installs the first configuration (the module takes
/*	cfg) with the bind password read at startup, then tries once to
/*	load the trust snapshot (a configuration that gives no directory
/*	client is fatal). Without a snapshot the callbacks apply
/*	On-DirectoryError until a refresh succeeds.
/*
/*	live_acquire() returns the current LIVE with a reference;
/*	live_release() drops it.
/*
/*	live_trust_refresh() loads a new snapshot through the current
/*	directory client (trustsnap_refresh(), which keeps the previous
/*	snapshot on failure and logs). It returns 0 or -1. Holding a
/*	LIVE reference meanwhile keeps that directory client alive even
/*	if a reload replaces it; this is why the daemon drives the refresh
/*	from its own timer rather than trustsnap_start().
/*
/*	live_reload() reads the configuration file again, and PolicyFile
/*	(mlfi_mbpol(3); the compiled policy lives in the LIVE, so that a
/*	connection keeps the policy it started with), and the documents
/*	keys and files (docs_conf(3): a category table or rules file that
/*	cannot be read keeps the previous one). A file with an
/*	error changes nothing (the error is logged). Keys that need a
/*	restart keep their old effect (a warning names them). The bind
/*	password file is read again; if it cannot be read any more (the
/*	daemon no longer runs as root) the previous password is kept. The
/*	new configuration gets its own directory client, then the trust
/*	snapshot is reloaded through it. A configuration whose LDAPURI
/*	cannot give a client (cfg(3) checks it with dir_uri_check()) is
/*	such an error: the current configuration and its directory client
/*	stay, so the rules never run without a directory. Returns 0 or -1.
/*
/*	live_refresh_start() starts the thread that refreshes the
/*	snapshot every TrustRefresh (every 5 seconds at most while the
/*	last attempt failed). live_stop() stops it and drops the module's
/*	own references (to the LIVE and to the snapshot).
/*
/*	live_policy() fills the site policy (decide(3)) of a configuration:
/*	the daemon's LIVE and mssante-milter --explain use this one
/*	function, so they cannot read a key differently.
/* DIAGNOSTICS
/*	Problems are logged; none is fatal once the daemon runs.
/*--*/

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mymalloc.h"
#include "msg.h"
#include "live.h"
#include "mlfi_mbpol.h"

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t live_load_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t live_cond = PTHREAD_COND_INITIALIZER;
static LIVE *live_current;
static char *live_password;		/* bind password in use */
static unsigned long live_generation;
static int live_stopping;
static int live_kicks;			/* reloads, to restart the timer */
static int live_thread_running;
static pthread_t live_thread;

/* live_read_secret - first line of a secret file */

int     live_read_secret(const char *path, VSTR *out, VSTR *err)
{
    FILE   *fp;
    char    buf[4096];
    size_t  n;

    vstr_reset(out);
    if ((fp = fopen(path, "r")) == 0) {
	vstr_sprintf(err, "%s: %s", path, strerror(errno));
	return (-1);
    }
    n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = 0;
    buf[strcspn(buf, "\r\n")] = 0;
    if (buf[0] == 0) {
	vstr_sprintf(err, "%s: empty first line", path);
	return (-1);
    }
    vstr_strcpy(out, buf);
    memset(buf, 0, sizeof(buf));
    return (0);
}

/* live_free_secret - wipe and free */

static void live_free_secret(char *secret)
{
    if (secret) {
	memset(secret, 0, strlen(secret));
	myfree(secret);
    }
}

/* live_policy - the site policy of a configuration (daemon and --explain) */

void    live_policy(const CFG *cfg, DECIDE_POLICY *pol)
{
    memset(pol, 0, sizeof(*pol));
    pol->monitor = cfg->mode == CFG_MODE_MONITOR;
    pol->lang = cfg->reply_language == CFG_LANG_EN ? VERDICT_LANG_EN : VERDICT_LANG_FR;
    pol->patient_domain = cfg->patient_domain;
    pol->patient_max_size = cfg->patient_max_size;
    pol->peer_action = cfg->peer_certificate == CFG_PEER_OFF ? DECIDE_PEER_OFF :
	cfg->peer_certificate == CFG_PEER_MONITOR ? DECIDE_PEER_MONITOR :
	DECIDE_PEER_REJECT;
    pol->trusted_issuers = (const char *const *) cfg->trusted_issuers;
    pol->header_checks = cfg->header_checks;
#define LIVE_ONERR(v) ((v) == CFG_ONERR_ACCEPT ? VERDICT_CONTINUE : \
	(v) == CFG_ONERR_REJECT ? VERDICT_REJECT : VERDICT_TEMPFAIL)
    pol->on_dir_error = LIVE_ONERR(cfg->on_dir_error);
    pol->on_internal_error = LIVE_ONERR(cfg->on_internal_error);
    pol->internal_hosts = cfg->internal_hosts;
    pol->internal_daemons = (const char *const *) cfg->internal_daemons;
}

/* live_create - a LIVE for one configuration */

static LIVE *live_create(CFG *cfg, const char *password)
{
    LIVE   *lp = mycalloc(1, sizeof(*lp));
    DIR_CONFIG dc;
    char    host[256];

    lp->refs = 1;
    lp->cfg = cfg;
    live_policy(cfg, &lp->pol);

    if (*cfg->hostname)
	lp->hostname = mystrdup(cfg->hostname);
    else if (gethostname(host, sizeof(host)) == 0 && memchr(host, 0, sizeof(host)))
	lp->hostname = mystrdup(host);
    else
	lp->hostname = mystrdup("localhost");

    memset(&dc, 0, sizeof(dc));
    dc.uri = cfg->ldap_uri;
    dc.base = cfg->ldap_base;
    dc.bind_dn = *cfg->ldap_bind_dn ? cfg->ldap_bind_dn : 0;
    dc.bind_password = password;
    dc.timeout_ms = (int) cfg->ldap_timeout;
    dc.pool_size = (int) cfg->ldap_pool_size;
    /*
     * dir_create() reads 0 as "its default" and a negative value as "off",
     * while LDAPCacheSize 0 and a TTL of 0 mean no cache (half) in
     * mssante-milter.conf(5): map them, and round a TTL up to whole
     * seconds so that 500ms does not become the 300 s default.
     */
    dc.cache_size = cfg->ldap_cache_size > 0 ? (int) cfg->ldap_cache_size : -1;
    dc.cache_ttl = cfg->ldap_cache_ttl > 0 ? (int) ((cfg->ldap_cache_ttl + 999) / 1000) : -1;
    dc.cache_neg_ttl = cfg->ldap_cache_neg_ttl > 0 ?
	(int) ((cfg->ldap_cache_neg_ttl + 999) / 1000) : -1;
    if ((lp->dir = dir_create(&dc)) == 0) {
	/* Never run without a client: rules would read "not found". */
	myfree(lp->hostname);
	myfree(lp);
	return (0);
    }
    lp->generation = ++live_generation;
    return (lp);
}

/* live_destroy - last reference gone */

static void live_destroy(LIVE *lp)
{
    if (lp->dir)
	dir_free(lp->dir);
    mbpol_free(lp->mbpol);
    docs_conf_free(lp->docs);
    cfg_free(lp->cfg);
    myfree(lp->hostname);
    myfree(lp);
}

/* live_acquire - current configuration, with a reference */

LIVE   *live_acquire(void)
{
    LIVE   *lp;

    pthread_mutex_lock(&live_lock);
    if ((lp = live_current) != 0)
	lp->refs++;
    pthread_mutex_unlock(&live_lock);
    return (lp);
}

/* live_release - drop a reference */

void    live_release(LIVE *lp)
{
    int     last;

    if (lp == 0)
	return;
    pthread_mutex_lock(&live_lock);
    last = (--lp->refs == 0);
    pthread_mutex_unlock(&live_lock);
    if (last)
	live_destroy(lp);
}

/* live_trust_refresh - load and publish a new snapshot */

int     live_trust_refresh(void)
{
    LIVE   *lp;
    int     ret;

    if ((lp = live_acquire()) == 0)
	return (-1);
    if (lp->dir == 0) {
	msg_warn("no directory client for %s: cannot load the trust snapshot",
		 lp->cfg->ldap_uri);
	ret = -1;
    } else {
	trustsnap_set_max_age(lp->cfg->trust_max_age / 1000);
	ret = trustsnap_refresh(lp->dir);
    }
    live_release(lp);
    return (ret);
}

/* live_start - first configuration */

void    live_start(CFG *cfg, const char *password)
{
    VSTR   *err = vstr_alloc(100);
    MBPOL  *mbpol;

    /* main() checked the file already; it may have changed since. */
    if (mlfi_mbpol_load(cfg, &mbpol, err) < 0)
	msg_fatal("PolicyFile: %s", vstr_str(err));
    vstr_free(err);
    live_password = password ? mystrdup(password) : 0;
    pthread_mutex_lock(&live_lock);
    if ((live_current = live_create(cfg, live_password)) == 0)
	msg_fatal("cannot create the directory client for %s", cfg->ldap_uri);
    live_current->mbpol = mbpol;
    live_current->docs = docs_conf_create(cfg, (DOCS_CONF *) 0);
    pthread_mutex_unlock(&live_lock);
    (void) live_trust_refresh();
}

/* live_reload - read the configuration again */

int     live_reload(const char *path)
{
    VSTR   *err = vstr_alloc(100);
    VSTR   *secret = vstr_alloc(64);
    VSTR   *names = vstr_alloc(64);
    CFG    *cfg;
    LIVE   *lp, *old, *prev;
    MBPOL  *mbpol = 0;
    int     docs_ok = 0;

    pthread_mutex_lock(&live_load_lock);
    if ((cfg = cfg_load(path, err)) == 0
	|| (docs_ok = docs_conf_check(cfg, err)) < 0
	|| mlfi_mbpol_load(cfg, &mbpol, err) < 0) {
	msg_error("reload: %s%s; keeping the current configuration and "
		  "policy", cfg && docs_ok == 0 ? "PolicyFile " : "", vstr_str(err));
	cfg_free(cfg);
	pthread_mutex_unlock(&live_load_lock);
	vstr_free(err);
	vstr_free(secret);
	vstr_free(names);
	return (-1);
    }
    prev = live_acquire();
    if (prev != 0 && cfg_restart_changes(prev->cfg, cfg, names) > 0)
	msg_warn("reload: %s changed: a restart is needed to apply it, the "
		 "old value stays in effect", vstr_str(names));
    if (*cfg->ldap_bind_password_file) {
	if (live_read_secret(cfg->ldap_bind_password_file, secret, err) == 0) {
	    live_free_secret(live_password);
	    live_password = mystrdup(vstr_str(secret));
	} else {
	    msg_warn("reload: cannot read the bind password (%s): keeping "
		     "the previous one", vstr_str(err));
	}
    }
    if ((lp = live_create(cfg, live_password)) == 0) {
	/* The current LIVE keeps its client: the rules keep working. */
	msg_error("reload: cannot create the directory client for %s; "
		  "keeping the current configuration and directory client",
		  cfg->ldap_uri);
	mbpol_free(mbpol);
	cfg_free(cfg);
	live_release(prev);
	pthread_mutex_unlock(&live_load_lock);
	memset(vstr_str(secret), 0, vstr_len(secret));
	vstr_free(secret);
	vstr_free(err);
	vstr_free(names);
	return (-1);
    }
    lp->mbpol = mbpol;
    /* A category table that cannot be read keeps the previous one. */
    lp->docs = docs_conf_create(cfg, prev ? prev->docs : (DOCS_CONF *) 0);
    pthread_mutex_lock(&live_lock);
    old = live_current;
    live_current = lp;
    live_kicks++;
    pthread_cond_broadcast(&live_cond);
    pthread_mutex_unlock(&live_lock);
    msg_info("configuration %lu loaded from %s (mode=%s%s%s)", lp->generation,
	     path, lp->pol.monitor ? "monitor" : "enforce",
	     lp->mbpol ? ", policy=" : "", lp->mbpol ? cfg->policy_file : "");
    live_release(old);			/* the module's reference */
    live_release(prev);			/* ours, from live_acquire() */
    pthread_mutex_unlock(&live_load_lock);
    memset(vstr_str(secret), 0, vstr_len(secret));
    vstr_free(secret);
    vstr_free(err);
    vstr_free(names);
    (void) live_trust_refresh();
    return (0);
}

/* live_no_snapshot - none was ever loaded */

static int live_no_snapshot(void)
{
    TRUSTSNAP *sp = trustsnap_get();

    trustsnap_release(sp);
    return (sp == 0);
}

/* live_refresh_main - periodic snapshot refresh */

static void *live_refresh_main(void *unused)
{
    struct timespec deadline;
    long    interval;
    int     kicks, ret;

    (void) unused;
    pthread_mutex_lock(&live_lock);
    while (!live_stopping) {
	interval = live_current ? live_current->cfg->trust_refresh : 5000;
	if (interval > 5000 && (trustsnap_failures() > 0 || live_no_snapshot()))
	    interval = 5000;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += interval / 1000;
	deadline.tv_nsec += (interval % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
	    deadline.tv_sec++;
	    deadline.tv_nsec -= 1000000000L;
	}
	kicks = live_kicks;
	ret = 0;
	while (!live_stopping && kicks == live_kicks && ret != ETIMEDOUT)
	    ret = pthread_cond_timedwait(&live_cond, &live_lock, &deadline);
	if (live_stopping || kicks != live_kicks)
	    continue;
	pthread_mutex_unlock(&live_lock);
	(void) live_trust_refresh();
	pthread_mutex_lock(&live_lock);
    }
    pthread_mutex_unlock(&live_lock);
    return (0);
}

/* live_refresh_start - start the refresh thread */

void    live_refresh_start(void)
{
    int     err;

    if ((err = pthread_create(&live_thread, 0, live_refresh_main, 0)) != 0)
	msg_fatal("cannot start the trust refresh thread: %s", strerror(err));
    live_thread_running = 1;
}

/* live_stop - stop refreshing, drop the module's references */

void    live_stop(void)
{
    LIVE   *lp;

    pthread_mutex_lock(&live_lock);
    live_stopping = 1;
    pthread_cond_broadcast(&live_cond);
    pthread_mutex_unlock(&live_lock);
    if (live_thread_running) {
	pthread_join(live_thread, 0);
	live_thread_running = 0;
    }
    pthread_mutex_lock(&live_lock);
    lp = live_current;
    live_current = 0;
    pthread_mutex_unlock(&live_lock);
    live_release(lp);
    trustsnap_clear();
    live_free_secret(live_password);
    live_password = 0;
}
