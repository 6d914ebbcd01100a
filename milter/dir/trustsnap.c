/*++
/* NAME
/*	trustsnap 3
/* SUMMARY
/*	the current trust snapshot: reference-counted, refreshed, swapped
/* SYNOPSIS
/*	#include "trustsnap.h"
/*
/*	TRUSTSNAP *trustsnap_get(void)
/*	const TRUST *trustsnap_trust(const TRUSTSNAP *sp)
/*	time_t	trustsnap_loaded(const TRUSTSNAP *sp)
/*	unsigned long trustsnap_generation(const TRUSTSNAP *sp)
/*	void	trustsnap_freshness(const TRUSTSNAP *sp, DIR_FRESHNESS *fr)
/*	void	trustsnap_release(TRUSTSNAP *sp)
/*
/*	int	trustsnap_refresh(DIR_CLIENT *dp)
/*	int	trustsnap_failures(void)
/*
/*	int	trustsnap_start(DIR_CLIENT *dp, int period, int retry)
/*	void	trustsnap_stop(void)
/*	void	trustsnap_clear(void)
/* DESCRIPTION
/*	The process holds one current trust snapshot (policy/trust(3)),
/*	loaded from the directory by dir_trust_load(). Readers never wait
/*	for a load and never see a snapshot change under them:
/*
/*	trustsnap_get() returns the current snapshot with a reference (or
/*	null when none was ever loaded); trustsnap_trust() gives its TRUST,
/*	trustsnap_loaded() its load time, trustsnap_generation() its
/*	number (1 for the first). The caller keeps it for the whole
/*	transaction and calls trustsnap_release() (null is fine).
/*
/*	trustsnap_refresh() loads a new snapshot through dp, outside any
/*	lock, then swaps it in under a short lock; the previous snapshot
/*	is freed when its last reader releases it. When the load fails
/*	(LDAP down, empty mirror...), the last good snapshot stays in use,
/*	a warning says so with its age, and -1 is returned (0 on success).
/*	trustsnap_failures() counts the failed refreshes since the last
/*	success. Concurrent refreshes are serialised.
/*
/*	With each snapshot come the dates of cn=metadata, read by
/*	dir_trust_freshness() (0 when the mirror does not record one):
/*	trustsnap_freshness() copies them. trustsnap_set_max_age()
/*	sets the oldest list trusted without complaint (TrustMaxAge,
/*	seconds; 0: no limit): past it every refresh logs a warning, and
/*	trustsnap_stale() returns 1 for that snapshot (the caller applies
/*	TrustMaxAgeAction); TrustMaxAge is about the whitelist only, the
/*	other dates are shown, not enforced. Each load logs, when verbose,
/*	the whitelist's and the extraction's generation times, their ages
/*	and when each was loaded into the mirror.
/*
/*	Two ways to refresh, pick one: call trustsnap_refresh() from the
/*	daemon's own timer, or trustsnap_start() a background thread that
/*	calls it every period seconds, and every retry seconds instead
/*	while the last attempt failed (or while no snapshot exists).
/*	trustsnap_stop() stops and joins that thread; dp must outlive it.
/*	trustsnap_clear() drops the module's reference to the current
/*	snapshot (at shutdown, after trustsnap_stop()).
/* DIAGNOSTICS
/*	trustsnap_start() returns -1 when the thread cannot be created or
/*	already runs. Refresh results are logged through msg(3).
/*--*/

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "mymalloc.h"
#include "msg.h"
#include "trustsnap.h"

struct TRUSTSNAP {
    TRUST  *trust;
    int     refs;			/* under trustsnap_lock */
    time_t  loaded;
    DIR_FRESHNESS fresh;		/* cn=metadata's dates, 0 if unknown */
    unsigned long generation;
};

static pthread_mutex_t trustsnap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t trustsnap_load_lock = PTHREAD_MUTEX_INITIALIZER;
static TRUSTSNAP *trustsnap_current;
static unsigned long trustsnap_gen;
static int trustsnap_fail_count;
static long trustsnap_max_age;		/* seconds; 0: no limit */

 /*
  * The background refresher.
  */
static pthread_t trustsnap_thread;
static pthread_cond_t trustsnap_cond = PTHREAD_COND_INITIALIZER;
static int trustsnap_running;
static int trustsnap_stopping;
static DIR_CLIENT *trustsnap_dir;
static int trustsnap_period;
static int trustsnap_retry;

/* trustsnap_get - current snapshot with a reference, or null */

TRUSTSNAP *trustsnap_get(void)
{
    TRUSTSNAP *sp;

    pthread_mutex_lock(&trustsnap_lock);
    if ((sp = trustsnap_current) != 0)
	sp->refs++;
    pthread_mutex_unlock(&trustsnap_lock);
    return (sp);
}

/* trustsnap_trust - the TRUST inside */

const TRUST *trustsnap_trust(const TRUSTSNAP *sp)
{
    return (sp ? sp->trust : 0);
}

/* trustsnap_loaded - when it was loaded */

time_t  trustsnap_loaded(const TRUSTSNAP *sp)
{
    return (sp ? sp->loaded : 0);
}

/* trustsnap_generation - its number */

unsigned long trustsnap_generation(const TRUSTSNAP *sp)
{
    return (sp ? sp->generation : 0);
}

/* trustsnap_freshness - the dates of cn=metadata read with it */

void    trustsnap_freshness(const TRUSTSNAP *sp, DIR_FRESHNESS *fr)
{
    if (sp)
	*fr = sp->fresh;
    else
	memset(fr, 0, sizeof(*fr));
}

/* trustsnap_set_max_age - TrustMaxAge, in seconds */

void    trustsnap_set_max_age(long seconds)
{
    pthread_mutex_lock(&trustsnap_lock);
    trustsnap_max_age = seconds;
    pthread_mutex_unlock(&trustsnap_lock);
}

/* trustsnap_stale - is its whitelist older than TrustMaxAge? */

int     trustsnap_stale(const TRUSTSNAP *sp)
{
    long    max;

    pthread_mutex_lock(&trustsnap_lock);
    max = trustsnap_max_age;
    pthread_mutex_unlock(&trustsnap_lock);
    /* An unknown date is reported at refresh, not held against mail. */
    return (sp && max > 0 && sp->fresh.wl_generated > 0
	    && time(0) - sp->fresh.wl_generated > max);
}

/* trustsnap_when - append "WHAT TIME[, age N h]" or "WHAT unknown" */

static void trustsnap_when(VSTR *note, const char *what, time_t when, int age)
{
    struct tm tm;
    char    buf[32];

    if (when == 0) {
	vstr_sprintf_append(note, "%s unknown", what);
	return;
    }
    gmtime_r(&when, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    vstr_sprintf_append(note, "%s %s", what, buf);
    if (age)
	vstr_sprintf_append(note, ", age %.1f h", (double) (time(0) - when) / 3600.0);
}

/* trustsnap_age_note - the list's date and age, for the warnings */

static void trustsnap_age_note(const TRUSTSNAP *sp, VSTR *note)
{
    vstr_reset(note);
    if (sp->fresh.wl_generated == 0)
	vstr_strcpy(note, "whitelist generation time unknown (no mssWhitelistGenerated"
		    " in cn=metadata)");
    else
	trustsnap_when(note, "whitelist generated", sp->fresh.wl_generated, 1);
}

/* trustsnap_load_note - the list's note, its load time, the extraction's */

static void trustsnap_load_note(const TRUSTSNAP *sp, const char *age_note, VSTR *note)
{
    vstr_strcpy(note, age_note);
    trustsnap_when(note, ", loaded", sp->fresh.wl_loaded, 0);
    trustsnap_when(note, "; extraction generated", sp->fresh.ex_generated, 1);
    trustsnap_when(note, ", loaded", sp->fresh.ex_loaded, 0);
}

/* trustsnap_release - drop a reference; the last one frees */

void    trustsnap_release(TRUSTSNAP *sp)
{
    int     last;

    if (sp == 0)
	return;
    pthread_mutex_lock(&trustsnap_lock);
    last = (--sp->refs == 0);
    pthread_mutex_unlock(&trustsnap_lock);
    if (last) {
	trust_free(sp->trust);
	myfree(sp);
    }
}

/* trustsnap_refresh - load, then swap; keep the old one on failure */

int     trustsnap_refresh(DIR_CLIENT *dp)
{
    TRUSTSNAP *sp, *old;
    TRUST  *trust = 0;
    DIR_STATUS status;
    VSTR   *note, *full;

    pthread_mutex_lock(&trustsnap_load_lock);
    status = dir_trust_load(dp, &trust);
    if (status != DIR_FOUND || trust == 0) {
	if (trust)
	    trust_free(trust);
	pthread_mutex_lock(&trustsnap_lock);
	trustsnap_fail_count++;
	if (trustsnap_current)
	    msg_warn("trust snapshot refresh failed (%s): keeping snapshot %lu,"
		     " loaded %ld s ago", dir_status_name(status),
		     trustsnap_current->generation,
		     (long) (time(0) - trustsnap_current->loaded));
	else
	    msg_warn("trust snapshot load failed (%s): no snapshot yet",
		     dir_status_name(status));
	pthread_mutex_unlock(&trustsnap_lock);
	pthread_mutex_unlock(&trustsnap_load_lock);
	return (-1);
    }
    sp = mymalloc(sizeof(*sp));
    sp->trust = trust;
    sp->refs = 1;				/* the module's own */
    sp->loaded = time(0);
    /* On failure the dates stay 0: unknown, reported below. */
    (void) dir_trust_freshness(dp, &sp->fresh);
    note = vstr_alloc(100);
    full = vstr_alloc(200);
    trustsnap_age_note(sp, note);
    trustsnap_load_note(sp, vstr_str(note), full);
    pthread_mutex_lock(&trustsnap_lock);
    sp->generation = ++trustsnap_gen;
    old = trustsnap_current;
    trustsnap_current = sp;
    trustsnap_fail_count = 0;
    pthread_mutex_unlock(&trustsnap_lock);
    if (msg_verbose || old == 0)
	msg_info("trust snapshot %lu loaded: %zu domains, %zu operator DNs; %s",
		 sp->generation, trust_domain_count(trust), trust_dn_count(trust),
		 vstr_str(full));
    /* Every refresh, so that a list the ANS stopped publishing is noticed. */
    if (trustsnap_stale(sp))
	msg_warn("trust snapshot %lu: %s, older than TrustMaxAge (%ld s): is"
		 " mssante-mirror update running?", sp->generation, vstr_str(note),
		 trustsnap_max_age);
    else if (sp->fresh.wl_generated == 0 && old == 0)
	msg_warn("trust snapshot %lu: %s: TrustMaxAge cannot be checked",
		 sp->generation, vstr_str(note));
    vstr_free(note);
    vstr_free(full);
    trustsnap_release(old);
    pthread_mutex_unlock(&trustsnap_load_lock);
    return (0);
}

/* trustsnap_failures - failed refreshes since the last success */

int     trustsnap_failures(void)
{
    int     n;

    pthread_mutex_lock(&trustsnap_lock);
    n = trustsnap_fail_count;
    pthread_mutex_unlock(&trustsnap_lock);
    return (n);
}

/* trustsnap_loop - the background refresher */

static void *trustsnap_loop(void *unused)
{
    struct timespec deadline;
    int     ok;

    (void) unused;
    pthread_mutex_lock(&trustsnap_lock);
    ok = trustsnap_current != 0;
    while (!trustsnap_stopping) {
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ok ? trustsnap_period : trustsnap_retry;
	while (!trustsnap_stopping
	       && pthread_cond_timedwait(&trustsnap_cond, &trustsnap_lock,
					 &deadline) != ETIMEDOUT)
	     /* void */ ;
	if (trustsnap_stopping)
	    break;
	pthread_mutex_unlock(&trustsnap_lock);
	ok = trustsnap_refresh(trustsnap_dir) == 0;
	pthread_mutex_lock(&trustsnap_lock);
    }
    pthread_mutex_unlock(&trustsnap_lock);
    return (0);
}

/* trustsnap_start - refresh every period seconds (retry after a failure) */

int     trustsnap_start(DIR_CLIENT *dp, int period, int retry)
{
    int     err;

    pthread_mutex_lock(&trustsnap_lock);
    if (trustsnap_running) {
	pthread_mutex_unlock(&trustsnap_lock);
	return (-1);
    }
    trustsnap_dir = dp;
    trustsnap_period = period > 0 ? period : 3600;
    trustsnap_retry = retry > 0 ? retry : 30;
    trustsnap_stopping = 0;
    if ((err = pthread_create(&trustsnap_thread, 0, trustsnap_loop, 0)) != 0) {
	pthread_mutex_unlock(&trustsnap_lock);
	msg_error("trustsnap_start: pthread_create: %s", strerror(err));
	return (-1);
    }
    trustsnap_running = 1;
    pthread_mutex_unlock(&trustsnap_lock);
    return (0);
}

/* trustsnap_stop - stop and join the refresher */

void    trustsnap_stop(void)
{
    pthread_mutex_lock(&trustsnap_lock);
    if (!trustsnap_running) {
	pthread_mutex_unlock(&trustsnap_lock);
	return;
    }
    trustsnap_stopping = 1;
    pthread_cond_broadcast(&trustsnap_cond);
    pthread_mutex_unlock(&trustsnap_lock);
    pthread_join(trustsnap_thread, 0);
    pthread_mutex_lock(&trustsnap_lock);
    trustsnap_running = 0;
    pthread_mutex_unlock(&trustsnap_lock);
}

/* trustsnap_clear - drop the module's reference */

void    trustsnap_clear(void)
{
    TRUSTSNAP *old;

    pthread_mutex_lock(&trustsnap_lock);
    old = trustsnap_current;
    trustsnap_current = 0;
    pthread_mutex_unlock(&trustsnap_lock);
    trustsnap_release(old);
}
