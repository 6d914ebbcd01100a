/*++
/* NAME
/*	dir 3
/* SUMMARY
/*	directory client: the LDAP mirror of the trust space (pooled, cached)
/* SYNOPSIS
/*	#include "dir.h"
/*
/*	DIR_CLIENT *dir_create(const DIR_CONFIG *cfg)
/*	void	dir_free(DIR_CLIENT *dp)
/*	DIR_STATUS dir_mailbox(DIR_CLIENT *dp, const char *addr,
/*				DIR_MAILBOX *mb)
/*	DIR_STATUS dir_mailbox_len(DIR_CLIENT *dp, const char *addr,
/*				size_t len, DIR_MAILBOX *mb)
/*	DIR_STATUS dir_trust_load(DIR_CLIENT *dp, TRUST **trust)
/*
/*	DIR_STATUS dir_trust_freshness(DIR_CLIENT *dp, DIR_FRESHNESS *fr)
/*	const char *dir_status_name(DIR_STATUS status)
/*	VSTR	*dir_escape_filter(VSTR *out, const char *value, size_t len)
/*	void	dir_stats(DIR_CLIENT *dp, DIR_STATS *st)
/*	void	dir_flush(DIR_CLIENT *dp)
/*	DIR_POOL *dir_conn_pool(DIR_CLIENT *dp)
/*	const char *dir_base_dn(DIR_CLIENT *dp)
/*	int	dir_timeout_ms(DIR_CLIENT *dp)
/*	int	dir_uri_check(const char *uri, VSTR *why)
/* DESCRIPTION
/*	The milter's view of the mirror that mssante-mirror(8) loads
/*	(ldap-schema/mssante.schema): mailboxes under ou=mailboxes,BASE
/*	and trusted domains under ou=domains,BASE. The client is shared
/*	by all the milter's threads.
/*
/*	dir_create() copies cfg (the strings too; the caller may wipe the
/*	password afterwards) and applies the defaults to fields that are
/*	0: timeout_ms 2000, pool_size 4, cache_size 10000, cache_ttl 300 s,
/*	cache_neg_ttl 60 s, cache_shards 16, retry_max_ms 5000,
/*	trust_timeout_ms 10000. A negative cache_size disables the cache;
/*	a negative cache_ttl or cache_neg_ttl disables that half of it.
/*	No connection is opened before the first request (see dir_pool(3)
/*	for the pool, the timeouts and the reconnect backoff).
/*
/*	dir_mailbox() looks an address up: the filter
/*	(&(objectClass=mssMailbox)(mail=ADDRESS)) under ou=mailboxes,BASE,
/*	one level, size limit 2, the per-query timeout. The address is
/*	matched case-insensitively (the mail attribute's rule) and escaped
/*	as RFC 4515 requires, so "*" or ")" in an address can never widen
/*	the query. Answers are cached by lower-cased address (dir_cache(3));
/*	failures are not. dir_mailbox_len() takes an explicit length: an
/*	address with a NUL or another control character is not in the
/*	directory (the loader refuses them) and is answered DIR_NOTFOUND
/*	without a query, because slapd would cut the value at a NUL.
/*
/*	dir_trust_freshness() reads the dates that mssante-mirror writes
/*	in cn=metadata into fr: the whitelist's DateDeGeneration
/*	(mssWhitelistGenerated), the time in the extraction's file name
/*	(mssExtractionGenerated), and when each file was loaded into the
/*	mirror (mssWhitelistLoaded, mssExtractionLoaded). A value that is
/*	absent or not of the form YYYYMMDDHHMMSSZ is 0. The result is
/*	DIR_FOUND when cn=metadata was read, DIR_NOTFOUND without it,
/*	DIR_TEMPFAIL on a directory error (fr then all 0).
/*
/*	dir_trust_load() reads every trusted domain with its normalised
/*	operator DNs (a few thousand entries, one query with
/*	trust_timeout_ms) into a new TRUST snapshot (policy/trust(3)), for
/*	trustsnap(3) or the daemon to publish. A mirror with no domain at
/*	all is reported as a failure: it is not loaded, and an empty trust
/*	space would refuse all mail.
/*
/*	dir_escape_filter() appends the RFC 4515 form of a value to out:
/*	"*", "(", ")", "\", NUL and the other control characters become
/*	\XX; everything else is copied.
/*
/*	dir_stats() reports counters; dir_flush() empties the cache (after
/*	a sync, for example).
/*
/*	dir_conn_pool(), dir_base_dn() and dir_timeout_ms() give a module
/*	with its own queries or writes (convdir(3): ou=conversations) the
/*	client's connection pool, base DN and per-query timeout, so that
/*	it shares the connections, the backoff and the bind identity.
/*
/*	dir_uri_check() tells whether uri names one LDAP server the way
/*	LDAPURI must (mssante-milter.conf(5)): ldap://HOST[:PORT]/,
/*	ldaps://HOST[:PORT]/ or ldapi://[ESCAPED-PATH]/, as ldap_url_parse()
/*	reads it, with a port from 1 to 65535, an absolute socket path, and
/*	no DN, attribute, scope, filter or extension (the client would
/*	ignore them). It returns 0, or -1 with why set. The configuration
/*	check calls it, so that "mssante-milter -n" and a reload refuse a
/*	URI that dir_create() could not use.
/*
/*	A null client (none could be built) answers every request with
/*	DIR_TEMPFAIL: dir_mailbox(), dir_trust_load(), and the pool that
/*	dir_conn_pool() hands to convdir(3).
/*
/*	The process must ignore SIGPIPE (the daemon does): libldap writes
/*	to a socket that a stopped server may have closed.
/* DIAGNOSTICS
/*	Every LDAP failure (server down, timeout, no free connection, a
/*	missing base, a size limit cutting a list, any error code) gives
/*	DIR_TEMPFAIL, never DIR_NOTFOUND: "not in the directory" is an
/*	answer only the directory itself can give. Failures are logged
/*	(the server going down once, then coming back). dir_create()
/*	returns null when cfg has no uri or base or the URI is not valid.
/*--*/

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include <ldap.h>

#include "mymalloc.h"
#include "msg.h"
#include "dir.h"
#include "dir_cache.h"
#include "dir_pool.h"
#include "metrics.h"

struct DIR {
    DIR_CONFIG cfg;
    char   *base;
    char   *mbx_base;			/* ou=mailboxes,BASE */
    char   *dom_base;			/* ou=domains,BASE */
    DIR_POOL *pool;
    DIR_CACHE *cache;			/* null: disabled */
    unsigned long lookups;		/* when there is no cache */
    unsigned long queries;
    unsigned long errors;
    time_t  last_warn;			/* rate limit of repeated warnings */
};

typedef DIR_STATUS (*DIR_PARSE_FN) (DIR_CLIENT *, LDAP *, LDAPMessage *, int, void *);

/* dir_uri_check - one LDAP server, as LDAPURI must name it */

int     dir_uri_check(const char *uri, VSTR *why)
{
    LDAPURLDesc *lud = 0;
    const char *cp;
    int     rc;

    vstr_reset(why);
    if (uri == 0 || *uri == 0) {
	vstr_strcpy(why, "empty directory URI");
	return (-1);
    }
    if ((rc = ldap_url_parse(uri, &lud)) != LDAP_URL_SUCCESS) {
	vstr_sprintf(why, "\"%s\" is not an LDAP URI (ldap_url_parse error %d)",
		     uri, rc);
	return (-1);
    }
    /* ldap_url_parse() takes "ldap://a b/" (two hosts for libldap) too. */
    for (cp = uri; *cp; cp++)
	if ((unsigned char) *cp <= 0x20 || *cp == 0x7f)
	    break;
    if (*cp)
	vstr_sprintf(why, "\"%s\": a blank or a control character in the URI "
		     "(one server only)", uri);
    else if (strcasecmp(lud->lud_scheme, "ldapi") != 0
	     && (lud->lud_host == 0 || *lud->lud_host == 0))
	vstr_sprintf(why, "\"%s\": no host", uri);
    else if (strcasecmp(lud->lud_scheme, "ldapi") == 0
	     && lud->lud_host && *lud->lud_host && *lud->lud_host != '/')
	vstr_sprintf(why, "\"%s\": the ldapi socket path must be absolute "
		     "(%%2F-escaped)", uri);
    else if (lud->lud_port < 0 || lud->lud_port > 65535)
	vstr_sprintf(why, "\"%s\": port %d out of range (1-65535)", uri,
		     lud->lud_port);
    else if ((lud->lud_dn && *lud->lud_dn) || lud->lud_attrs || lud->lud_filter
	     || lud->lud_exts || strchr(uri, '?') != 0)
	vstr_sprintf(why, "\"%s\": a DN, attributes, scope, filter or "
		     "extension after the host (put the base in LDAPBase)", uri);
    ldap_free_urldesc(lud);
    return (vstr_len(why) ? -1 : 0);
}

/* dir_create - a client; no connection yet */

DIR_CLIENT *dir_create(const DIR_CONFIG *cfg)
{
    DIR_CLIENT *dp;
    DIR_POOL_CONFIG pc;
    VSTR   *tmp;

    if (cfg == 0 || cfg->uri == 0 || *cfg->uri == 0 || cfg->base == 0 || *cfg->base == 0) {
	msg_warn("dir_create: no directory URI or base DN");
	return (0);
    }
    tmp = vstr_alloc(100);
    if (dir_uri_check(cfg->uri, tmp) < 0) {
	msg_warn("dir_create: %s", vstr_str(tmp));
	vstr_free(tmp);
	return (0);
    }
    dp = mycalloc(1, sizeof(*dp));
    dp->cfg = *cfg;
#define DEFAULT(f, v) do { if (dp->cfg.f == 0) dp->cfg.f = (v); } while (0)
    DEFAULT(timeout_ms, 2000);
    DEFAULT(pool_size, 4);
    DEFAULT(cache_size, 10000);
    DEFAULT(cache_ttl, 300);
    DEFAULT(cache_neg_ttl, 60);
    DEFAULT(cache_shards, 16);
    DEFAULT(retry_max_ms, 5000);
    DEFAULT(trust_timeout_ms, 10000);
    if (dp->cfg.pool_size < 1)
	dp->cfg.pool_size = 1;
    dp->cfg.uri = 0;
    dp->cfg.base = 0;
    dp->cfg.bind_dn = 0;
    dp->cfg.bind_password = 0;			/* only the pool keeps it */
    dp->base = mystrdup(cfg->base);
    vstr_sprintf(tmp, "ou=mailboxes,%s", cfg->base);
    dp->mbx_base = mystrdup(vstr_str(tmp));
    vstr_sprintf(tmp, "ou=domains,%s", cfg->base);
    dp->dom_base = mystrdup(vstr_str(tmp));
    vstr_free(tmp);
    memset(&pc, 0, sizeof(pc));
    pc.uri = cfg->uri;
    pc.bind_dn = cfg->bind_dn;
    pc.bind_password = cfg->bind_password;
    pc.size = dp->cfg.pool_size;
    pc.timeout_ms = dp->cfg.timeout_ms;
    pc.retry_max_ms = dp->cfg.retry_max_ms;
    dp->pool = dir_pool_create(&pc);
    if (dp->cfg.cache_size > 0)
	dp->cache = dir_cache_create(dp->cfg.cache_size, dp->cfg.cache_shards);
    return (dp);
}

/* dir_free - destroy; no request may be in progress */

void    dir_free(DIR_CLIENT *dp)
{
    if (dp == 0)
	return;
    dir_pool_free(dp->pool);
    dir_cache_free(dp->cache);
    myfree(dp->base);
    myfree(dp->mbx_base);
    myfree(dp->dom_base);
    myfree(dp);
}

/* dir_status_name - for logs */

const char *dir_status_name(DIR_STATUS status)
{
    switch (status) {
    case DIR_FOUND:
	return ("found");
    case DIR_NOTFOUND:
	return ("not found");
    case DIR_TEMPFAIL:
	return ("directory error");
    }
    return ("unknown");
}

/* dir_escape_filter - RFC 4515 escaping of one assertion value */

VSTR   *dir_escape_filter(VSTR *out, const char *value, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t  i, start = 0;

    for (i = 0; i < len; i++) {
	unsigned char c = (unsigned char) value[i];

	if (c == '*' || c == '(' || c == ')' || c == '\\' || c < 0x20 || c == 0x7f) {
	    vstr_ncat(out, value + start, i - start);
	    vstr_addch(out, '\\');
	    vstr_addch(out, hex[c >> 4]);
	    vstr_addch(out, hex[c & 15]);
	    start = i + 1;
	}
    }
    return (vstr_ncat(out, value + start, len - start));
}

/* warn_limited - at most one such warning a minute per client */

static int warn_limited(DIR_CLIENT *dp)
{
    time_t  now = time(0), last = __atomic_load_n(&dp->last_warn, __ATOMIC_RELAXED);

    if (now - last < 60)
	return (0);
    return (__atomic_compare_exchange_n(&dp->last_warn, &last, now, 0,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED));
}

/* dir_query - one search on a pooled connection, retried once */

static DIR_STATUS dir_query(DIR_CLIENT *dp, const char *base, const char *filter,
			            char **attrs, int sizelimit, int timeout_ms,
			            DIR_PARSE_FN parse, void *ctx)
{
    struct timeval tv;
    LDAPMessage *res;
    DIR_CONN *conn;
    DIR_STATUS status;
    int     attempt, rc, why;

    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
    __atomic_fetch_add(&dp->queries, 1, __ATOMIC_RELAXED);
    for (attempt = 0; attempt < 2; attempt++) {
	if ((conn = dir_pool_get(dp->pool, &why)) == 0) {
	    if (why != LDAP_UNAVAILABLE && warn_limited(dp))
		msg_warn("directory lookup under %s: %s", base, ldap_err2string(why));
	    break;
	}
	res = 0;
	rc = ldap_search_ext_s(conn->ld, base, LDAP_SCOPE_ONELEVEL, filter, attrs, 0,
			       0, 0, &tv, sizelimit, &res);
	if (dir_pool_is_conn_error(rc)) {
	    int     fresh = conn->fresh;

	    ldap_msgfree(res);
	    dir_pool_put(dp->pool, conn, DIR_POOL_BROKEN);
	    /* A pooled connection may have died idle (server restart): once more. */
	    if (!fresh && rc != LDAP_TIMEOUT)
		continue;
	    if (warn_limited(dp))
		msg_warn("directory lookup under %s: %s", base, ldap_err2string(rc));
	    break;
	}
	status = parse(dp, conn->ld, res, rc, ctx);
	ldap_msgfree(res);
	dir_pool_put(dp->pool, conn, DIR_POOL_OK);
	if (status == DIR_TEMPFAIL)
	    __atomic_fetch_add(&dp->errors, 1, __ATOMIC_RELAXED);
	return (status);
    }
    __atomic_fetch_add(&dp->errors, 1, __ATOMIC_RELAXED);
    return (DIR_TEMPFAIL);
}

/* first_value - first value of an attribute, or empty */

static void first_value(LDAP *ld, LDAPMessage *e, const char *attr, VSTR *out)
{
    struct berval **vals = ldap_get_values_len(ld, e, attr);

    vstr_reset(out);
    if (vals && vals[0])
	vstr_ncat(out, vals[0]->bv_val, vals[0]->bv_len);
    if (vals)
	ldap_value_free_len(vals);
}

/* parse_mailbox - found, not found, or a failure */

static DIR_STATUS parse_mailbox(DIR_CLIENT *dp, LDAP *ld, LDAPMessage *res, int rc,
				        void *ctx)
{
    DIR_MAILBOX *mb = ctx;
    LDAPMessage *e;
    VSTR   *val;
    int     n;

    if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
	if (warn_limited(dp))
	    msg_warn("directory lookup under %s: %s%s", dp->mbx_base, ldap_err2string(rc),
		     rc == LDAP_NO_SUCH_OBJECT ? " (is the mirror loaded?)" : "");
	return (DIR_TEMPFAIL);
    }
    if ((n = ldap_count_entries(ld, res)) <= 0)
	return (rc == LDAP_SUCCESS ? DIR_NOTFOUND : DIR_TEMPFAIL);
    e = ldap_first_entry(ld, res);
    if (n > 1 || rc == LDAP_SIZELIMIT_EXCEEDED) {
	char   *dn = ldap_get_dn(ld, e);

	msg_warn("directory: several entries for one address, using %s", dn ? dn : "?");
	ldap_memfree(dn);
    }
    val = vstr_alloc(16);
    first_value(ld, e, "mssMailboxType", val);
    memset(mb, 0, sizeof(*mb));
    if (strcmp(vstr_str(val), "PER") == 0 || strcmp(vstr_str(val), "ORG") == 0
	|| strcmp(vstr_str(val), "APP") == 0 || strcmp(vstr_str(val), "CAB") == 0)
	memcpy(mb->type, vstr_str(val), 4);
    else
	msg_warn("directory: mailbox type \"%.20s\" unknown", vstr_str(val));
    first_value(ld, e, "mssPharmacy", val);
    mb->pharmacy = strcasecmp(vstr_str(val), "TRUE") == 0;
    vstr_free(val);
    return (DIR_FOUND);
}

/* dir_mailbox_len - look an address up, cache first */

DIR_STATUS dir_mailbox_len(DIR_CLIENT *dp, const char *addr, size_t len, DIR_MAILBOX *mb)
{
    char   *attrs[] = {"mssMailboxType", "mssPharmacy", 0};
    char    small[256], *key;
    DIR_MAILBOX found;
    DIR_STATUS status;
    VSTR   *filter;
    double  start;
    size_t  i;

    memset(mb, 0, sizeof(*mb));
    if (dp == 0)
	return (DIR_TEMPFAIL);
    if (addr == 0 || len == 0)
	return (DIR_NOTFOUND);
    /*
     * slapd cuts an IA5 assertion value at an (escaped) NUL, so that
     * "a@b\00x" would match "a@b": the loader never stores a control
     * character, so such an address cannot be in the directory.
     */
    for (i = 0; i < len; i++)
	if ((unsigned char) addr[i] < 0x20 || addr[i] == 0x7f)
	    return (DIR_NOTFOUND);
    /* The cache counts its own lookups: no shared counter on the fast path. */
    if (dp->cache == 0)
	__atomic_fetch_add(&dp->lookups, 1, __ATOMIC_RELAXED);
    /* The stack buffer serves common lengths; longer keys go to the heap. */
    key = len < sizeof(small) ? small : mymalloc(len + 1);
    for (i = 0; i < len; i++)
	key[i] = (char) tolower((unsigned char) addr[i]);
    key[len] = 0;
    if (dp->cache && dir_cache_get(dp->cache, key, len, &status, mb)) {
	metrics_dir_cache_hit();
	if (key != small)
	    myfree(key);
	return (status);
    }
    filter = vstr_alloc(64 + 2 * len);
    vstr_cat(filter, "(&(objectClass=mssMailbox)(mail=");
    dir_escape_filter(filter, addr, len);
    vstr_cat(filter, "))");
    memset(&found, 0, sizeof(found));
    start = metrics_clock();
    status = dir_query(dp, dp->mbx_base, vstr_str(filter), attrs, 2,
		       dp->cfg.timeout_ms, parse_mailbox, &found);
    metrics_dir_lookup(status == DIR_TEMPFAIL, start);
    vstr_free(filter);
    if (status == DIR_FOUND)
	*mb = found;
    if (dp->cache && status != DIR_TEMPFAIL)
	dir_cache_put(dp->cache, key, len, status, &found,
		      status == DIR_FOUND ? dp->cfg.cache_ttl : dp->cfg.cache_neg_ttl);
    if (key != small)
	myfree(key);
    return (status);
}

/* dir_mailbox - look up a NUL-terminated address */

DIR_STATUS dir_mailbox(DIR_CLIENT *dp, const char *addr, DIR_MAILBOX *mb)
{
    return (dir_mailbox_len(dp, addr, addr ? strlen(addr) : 0, mb));
}

/* parse_trust - every domain and DN into a builder */

static DIR_STATUS parse_trust(DIR_CLIENT *dp, LDAP *ld, LDAPMessage *res, int rc,
			              void *ctx)
{
    TRUST **out = ctx;
    TRUST_BUILDER *bp;
    LDAPMessage *e;
    struct berval **dns;
    VSTR   *dom, *dn;
    int     n, i, bad = 0;

    if (rc != LDAP_SUCCESS) {
	msg_warn("trust snapshot: search under %s: %s%s", dp->dom_base, ldap_err2string(rc),
		 rc == LDAP_SIZELIMIT_EXCEEDED ? " (raise the server's sizelimit above"
		 " the number of trusted domains)" : rc == LDAP_NO_SUCH_OBJECT ?
		 " (is the mirror loaded?)" : "");
	return (DIR_TEMPFAIL);
    }
    if ((n = ldap_count_entries(ld, res)) <= 0) {
	msg_warn("trust snapshot: no trusted domain under %s (is the mirror loaded?)",
		 dp->dom_base);
	return (DIR_TEMPFAIL);
    }
    bp = trust_builder_create((size_t) n);
    dom = vstr_alloc(64);
    dn = vstr_alloc(128);
    for (e = ldap_first_entry(ld, res); e; e = ldap_next_entry(ld, e)) {
	first_value(ld, e, "mssDomain", dom);
	dns = ldap_get_values_len(ld, e, "mssOperatorDN");
	if (dns == 0 || dns[0] == 0) {
	    if (trust_builder_add(bp, vstr_str(dom), 0) < 0)
		bad++;
	}
	for (i = 0; dns && dns[i]; i++) {
	    vstr_reset(dn);
	    vstr_ncat(dn, dns[i]->bv_val, dns[i]->bv_len);
	    if (trust_builder_add(bp, vstr_str(dom), vstr_str(dn)) < 0)
		bad++;
	}
	if (dns)
	    ldap_value_free_len(dns);
    }
    if (bad)
	msg_warn("trust snapshot: %d domain or DN values could not be used", bad);
    vstr_free(dom);
    vstr_free(dn);
    *out = trust_builder_finish(bp);
    return (DIR_FOUND);
}

/* dir_trust_load - a new snapshot of the trust space */

DIR_STATUS dir_trust_load(DIR_CLIENT *dp, TRUST **trust)
{
    char   *attrs[] = {"mssDomain", "mssOperatorDN", 0};

    *trust = 0;
    if (dp == 0)
	return (DIR_TEMPFAIL);
    return (dir_query(dp, dp->dom_base, "(objectClass=mssTrustedDomain)", attrs,
		      LDAP_NO_LIMIT, dp->cfg.trust_timeout_ms, parse_trust, trust));
}

/* gt_value - a GeneralizedTime value, YYYYMMDDHHMMSSZ, as a time_t; 0 if absent */

static time_t gt_value(LDAP *ld, LDAPMessage *e, const char *attr, VSTR *val)
{
    struct tm tm;

    first_value(ld, e, attr, val);
    memset(&tm, 0, sizeof(tm));
    /* mssante-mirror writes this one form only: anything else is unknown. */
    if (vstr_len(val) != 15 || vstr_str(val)[14] != 'Z'
	|| sscanf(vstr_str(val), "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
		  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
	return (0);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (timegm(&tm));
}

/* parse_freshness - the dates of cn=metadata */

static DIR_STATUS parse_freshness(DIR_CLIENT *dp, LDAP *ld, LDAPMessage *res, int rc,
				          void *ctx)
{
    DIR_FRESHNESS *fr = ctx;
    LDAPMessage *e;
    VSTR   *val;

    (void) dp;
    if (rc == LDAP_NO_SUCH_OBJECT)
	return (DIR_NOTFOUND);
    if (rc != LDAP_SUCCESS)
	return (DIR_TEMPFAIL);
    if ((e = ldap_first_entry(ld, res)) == 0)
	return (DIR_NOTFOUND);
    val = vstr_alloc(32);
    fr->wl_generated = gt_value(ld, e, "mssWhitelistGenerated", val);
    fr->ex_generated = gt_value(ld, e, "mssExtractionGenerated", val);
    fr->wl_loaded = gt_value(ld, e, "mssWhitelistLoaded", val);
    fr->ex_loaded = gt_value(ld, e, "mssExtractionLoaded", val);
    vstr_free(val);
    return (DIR_FOUND);
}

/* dir_trust_freshness - when the loaded files were generated and loaded */

DIR_STATUS dir_trust_freshness(DIR_CLIENT *dp, DIR_FRESHNESS *fr)
{
    char   *attrs[] = {"mssWhitelistGenerated", "mssExtractionGenerated",
    "mssWhitelistLoaded", "mssExtractionLoaded", 0};

    memset(fr, 0, sizeof(*fr));
    if (dp == 0)
	return (DIR_TEMPFAIL);
    return (dir_query(dp, dp->base, "(&(objectClass=mssMirrorMetadata)(cn=metadata))",
		      attrs, 1, dp->cfg.timeout_ms, parse_freshness, fr));
}

/* dir_stats - counters */

void    dir_stats(DIR_CLIENT *dp, DIR_STATS *st)
{
    unsigned long lookups = 0, hits = 0;

    memset(st, 0, sizeof(*st));
    if (dp == 0)
	return;
    if (dp->cache)
	dir_cache_counts(dp->cache, &lookups, &hits);
    st->lookups = lookups + __atomic_load_n(&dp->lookups, __ATOMIC_RELAXED);
    st->cache_hits = hits;
    st->ldap_queries = __atomic_load_n(&dp->queries, __ATOMIC_RELAXED);
    st->ldap_errors = __atomic_load_n(&dp->errors, __ATOMIC_RELAXED);
    st->reconnects = dir_pool_connects(dp->pool);
}

/* dir_flush - empty the cache */

void    dir_flush(DIR_CLIENT *dp)
{
    if (dp && dp->cache)
	dir_cache_flush(dp->cache);
}

/* dir_conn_pool - the client's pool, for modules with their own queries */

DIR_POOL *dir_conn_pool(DIR_CLIENT *dp)
{
    /* dir_pool_get() answers a null pool "unavailable". */
    return (dp ? dp->pool : 0);
}

/* dir_base_dn - the mirror's base DN */

const char *dir_base_dn(DIR_CLIENT *dp)
{
    return (dp ? dp->base : "");
}

/* dir_timeout_ms - the per-query time limit */

int     dir_timeout_ms(DIR_CLIENT *dp)
{
    return (dp ? dp->cfg.timeout_ms : 2000);
}
