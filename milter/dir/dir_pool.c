/*++
/* NAME
/*	dir_pool 3
/* SUMMARY
/*	bounded pool of LDAP connections with reconnect backoff
/* SYNOPSIS
/*	#include "dir_pool.h"
/*
/*	DIR_POOL *dir_pool_create(const DIR_POOL_CONFIG *cfg)
/*	DIR_CONN *dir_pool_get(DIR_POOL *pp, int *why)
/*	void	dir_pool_put(DIR_POOL *pp, DIR_CONN *conn, int outcome)
/*	int	dir_pool_is_conn_error(int rc)
/*	unsigned long dir_pool_connects(DIR_POOL *pp)
/*	void	dir_pool_free(DIR_POOL *pp)
/* DESCRIPTION
/*	A libldap handle serves one request at a time, so the milter's
/*	threads share cfg->size handles instead of one handle behind one
/*	lock: dir_pool_get() lends a handle (waiting at most
/*	cfg->timeout_ms for one to come back, on a condition variable),
/*	dir_pool_put() takes it back.
/*
/*	dir_pool_get() hands out a connected handle: a handle without a
/*	connection is (re)created first, with LDAP_OPT_NETWORK_TIMEOUT
/*	and LDAP_OPT_TIMEOUT set to cfg->timeout_ms, and bound when
/*	cfg->bind_dn is set (an anonymous handle connects at its first
/*	request). While the server is known to be down, no connection is
/*	attempted: dir_pool_get() fails at once until the backoff delay
/*	(100 ms, doubling at each failed attempt up to cfg->retry_max_ms)
/*	has passed, so a dead server costs the mail flow no timeouts.
/*
/*	The caller reports how the operation went: DIR_POOL_OK, or
/*	DIR_POOL_BROKEN for a connection-level error
/*	(dir_pool_is_conn_error(): server down, connect error, timeout,
/*	unavailable, busy, decoding error...), which drops the connection.
/*	A failure on a connection that never worked (a fresh one) counts
/*	as a failed attempt and extends the backoff; the first success
/*	resets it. State changes (down, back up) are logged once each.
/*
/*	dir_pool_get() sets *why to LDAP_TIMEOUT (no free handle in time),
/*	LDAP_UNAVAILABLE (backoff in force, or a null pool: dir(3) could
/*	build no client) or the ldap_initialize() or
/*	bind error, when it returns null.
/* DIAGNOSTICS
/*	Logged through msg(3): the server going down and coming back.
/*--*/

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "mymalloc.h"
#include "msg.h"
#include "dir_pool.h"

struct DIR_POOL {
    DIR_POOL_CONFIG cfg;
    DIR_CONN *conns;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int     nfree;
    long long down_until;		/* ms, monotonic; 0: up */
    int     backoff;			/* ms; 0: the server is up */
    unsigned long connects;
};

/* now_ms - monotonic milliseconds */

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* ldap_global_init - libldap's global options, once */

static void ldap_global_init(void)
{
    int     version;

    /*
     * The first ldap_initialize() sets up libldap's global options without
     * a lock: two threads connecting at once would race there (seen with
     * ThreadSanitizer). Any call with a null handle does that setup.
     */
    (void) ldap_get_option(0, LDAP_OPT_PROTOCOL_VERSION, &version);
}

/* dir_pool_create - no connection is opened yet */

DIR_POOL *dir_pool_create(const DIR_POOL_CONFIG *cfg)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    DIR_POOL *pp = mycalloc(1, sizeof(*pp));
    pthread_condattr_t attr;

    pthread_once(&once, ldap_global_init);

    pp->cfg = *cfg;
    pp->cfg.uri = mystrdup(cfg->uri);
    pp->cfg.bind_dn = cfg->bind_dn ? mystrdup(cfg->bind_dn) : 0;
    pp->cfg.bind_password = cfg->bind_password ? mystrdup(cfg->bind_password) : 0;
    pp->conns = mycalloc((size_t) cfg->size, sizeof(*pp->conns));
    pp->nfree = cfg->size;
    pthread_mutex_init(&pp->lock, 0);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&pp->cond, &attr);
    pthread_condattr_destroy(&attr);
    return (pp);
}

/* dir_pool_is_conn_error - errors after which the handle is unusable */

int     dir_pool_is_conn_error(int rc)
{
    switch (rc) {
    case LDAP_SERVER_DOWN:
    case LDAP_CONNECT_ERROR:
    case LDAP_TIMEOUT:
    case LDAP_UNAVAILABLE:
    case LDAP_BUSY:
    case LDAP_LOCAL_ERROR:
    case LDAP_ENCODING_ERROR:
    case LDAP_DECODING_ERROR:
    case LDAP_NO_MEMORY:
    case LDAP_OTHER:
	return (1);
    default:
	return (0);
    }
}

/* open_conn - a new handle, bound if needed */

static int open_conn(DIR_POOL *pp, DIR_CONN *cp)
{
    struct timeval tv;
    int     version = LDAP_VERSION3, rc;
    int     on = 1;

    if ((rc = ldap_initialize(&cp->ld, pp->cfg.uri)) != LDAP_SUCCESS) {
	cp->ld = 0;
	return (rc);
    }
    tv.tv_sec = pp->cfg.timeout_ms / 1000;
    tv.tv_usec = (pp->cfg.timeout_ms % 1000) * 1000;
    ldap_set_option(cp->ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(cp->ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(cp->ld, LDAP_OPT_TIMEOUT, &tv);
    ldap_set_option(cp->ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_option(cp->ld, LDAP_OPT_RESTART, &on);
    cp->fresh = 1;
    __atomic_fetch_add(&pp->connects, 1, __ATOMIC_RELAXED);
    if (pp->cfg.bind_dn) {
	struct berval cred;

	cred.bv_val = (char *) (pp->cfg.bind_password ? pp->cfg.bind_password : "");
	cred.bv_len = strlen(cred.bv_val);
	rc = ldap_sasl_bind_s(cp->ld, pp->cfg.bind_dn, LDAP_SASL_SIMPLE, &cred, 0, 0, 0);
	if (rc != LDAP_SUCCESS) {
	    ldap_unbind_ext_s(cp->ld, 0, 0);
	    cp->ld = 0;
	    return (rc);
	}
    }
    return (LDAP_SUCCESS);
}

/* note_failure - one more failed attempt: extend the backoff (lock held) */

static void note_failure(DIR_POOL *pp, int rc)
{
    if (pp->backoff == 0)
	msg_warn("directory %s unreachable (%s): lookups fail with a temporary"
		 " error until it answers again", pp->cfg.uri, ldap_err2string(rc));
    pp->backoff = pp->backoff ? pp->backoff * 2 : 100;
    if (pp->backoff > pp->cfg.retry_max_ms)
	pp->backoff = pp->cfg.retry_max_ms;
    pp->down_until = now_ms() + pp->backoff;
}

/* note_success - the server answers (lock held) */

static void note_success(DIR_POOL *pp)
{
    if (pp->backoff != 0)
	msg_info("directory %s answers again", pp->cfg.uri);
    pp->backoff = 0;
    pp->down_until = 0;
}

/* dir_pool_get - lend a connected handle */

DIR_CONN *dir_pool_get(DIR_POOL *pp, int *why)
{
    struct timespec deadline;
    DIR_CONN *cp = 0;
    long long t;
    int     i, rc;

    /* No client could be built (dir(3)): a directory error, never "not found". */
    if (pp == 0) {
	*why = LDAP_UNAVAILABLE;
	return (0);
    }
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += pp->cfg.timeout_ms / 1000;
    deadline.tv_nsec += (long) (pp->cfg.timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
	deadline.tv_sec++;
	deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&pp->lock);
    while (pp->nfree == 0) {
	if (pthread_cond_timedwait(&pp->cond, &pp->lock, &deadline) == ETIMEDOUT
	    && pp->nfree == 0) {
	    pthread_mutex_unlock(&pp->lock);
	    *why = LDAP_TIMEOUT;
	    return (0);
	}
    }
    /* Prefer a connected handle: it needs no connect. */
    for (i = 0; i < pp->cfg.size; i++) {
	if (pp->conns[i].in_use)
	    continue;
	if (cp == 0 || (cp->ld == 0 && pp->conns[i].ld != 0))
	    cp = pp->conns + i;
    }
    if (cp->ld == 0 && pp->down_until && (t = now_ms()) < pp->down_until) {
	pthread_mutex_unlock(&pp->lock);
	*why = LDAP_UNAVAILABLE;
	return (0);
    }
    cp->in_use = 1;
    pp->nfree--;
    pthread_mutex_unlock(&pp->lock);
    if (cp->ld == 0 && (rc = open_conn(pp, cp)) != LDAP_SUCCESS) {
	pthread_mutex_lock(&pp->lock);
	note_failure(pp, rc);
	cp->in_use = 0;
	pp->nfree++;
	pthread_cond_signal(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
	*why = rc;
	return (0);
    }
    return (cp);
}

/* dir_pool_put - take a handle back */

void    dir_pool_put(DIR_POOL *pp, DIR_CONN *cp, int outcome)
{
    LDAP   *drop = 0;

    pthread_mutex_lock(&pp->lock);
    if (outcome == DIR_POOL_BROKEN) {
	if (cp->fresh)
	    note_failure(pp, LDAP_SERVER_DOWN);
	drop = cp->ld;
	cp->ld = 0;
    } else {
	if (cp->fresh || pp->backoff)
	    note_success(pp);
	cp->fresh = 0;
    }
    cp->in_use = 0;
    pp->nfree++;
    pthread_cond_signal(&pp->cond);
    pthread_mutex_unlock(&pp->lock);
    /* Unbinding a dead connection may block briefly: not under the lock. */
    if (drop)
	ldap_unbind_ext_s(drop, 0, 0);
}

/* dir_pool_connects - connections opened so far */

unsigned long dir_pool_connects(DIR_POOL *pp)
{
    return (__atomic_load_n(&pp->connects, __ATOMIC_RELAXED));
}

/* dir_pool_free - close everything (no handle may be lent out) */

void    dir_pool_free(DIR_POOL *pp)
{
    int     i;

    if (pp == 0)
	return;
    for (i = 0; i < pp->cfg.size; i++)
	if (pp->conns[i].ld)
	    ldap_unbind_ext_s(pp->conns[i].ld, 0, 0);
    pthread_mutex_destroy(&pp->lock);
    pthread_cond_destroy(&pp->cond);
    if (pp->cfg.bind_password)
	memset((char *) pp->cfg.bind_password, 0, strlen(pp->cfg.bind_password));
    myfree((char *) pp->cfg.uri);
    myfree((char *) pp->cfg.bind_dn);
    myfree((char *) pp->cfg.bind_password);
    myfree(pp->conns);
    myfree(pp);
}
