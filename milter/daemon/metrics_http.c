/*++
/* NAME
/*	metrics_http 3
/* SUMMARY
/*	the Prometheus endpoint of the daemon (MetricsListen, libmicrohttpd)
/* SYNOPSIS
/*	#include "metrics_http.h"
/*
/*	int	metrics_http_check(cfg, err)
/*	const CFG *cfg;
/*	VSTR	*err;
/*
/*	int	metrics_http_open(cfg, uid, gid, err)
/*	const CFG *cfg;
/*	uid_t	uid;
/*	gid_t	gid;
/*	VSTR	*err;
/*
/*	int	metrics_http_start(err)
/*	VSTR	*err;
/*
/*	void	metrics_http_stop(void)
/* DESCRIPTION
/*	This module serves metrics_render(3) at GET /metrics, in the
/*	Prometheus text exposition format 0.0.4, on the address of
/*	MetricsListen (mssante-milter.conf(5)); empty means off. The
/*	HTTP server is libmicrohttpd's, with its own thread; this module
/*	only creates the listening socket and answers requests: /metrics
/*	with GET or HEAD, 404 for any other path, 405 for another method.
/*
/*	metrics_http_check() checks MetricsListen: host:port,
/*	[address]:port, inet:port[@host], inet6:port[@host] (without a
/*	host: loopback, as for Socket), or a unix socket: unix:/path,
/*	local:/path, /path. It returns 0, or -1 with "file:line:
/*	MetricsListen: problem" in err. main() calls it for -n.
/*
/*	metrics_http_open() binds and listens while the process is still
/*	root (a port below 1024, a socket directory that only root may
/*	write), before it detaches: its errors reach the operator. A
/*	stale unix socket is removed, a live one (someone accepts on it)
/*	or any other file at the path is refused; the new socket gets
/*	mode 0660 and the owner uid:gid (unless uid is (uid_t) -1),
/*	through safefile(3), so that the scraper must be in UserID's
/*	group. Off, it does nothing.
/*
/*	metrics_http_start() hands the socket to libmicrohttpd
/*	(MHD_OPTION_LISTEN_SOCKET), which starts its thread: main() calls
/*	it after detaching (a thread does not survive fork()) and after
/*	dropping privileges (the thread serves as UserID).
/*
/*	metrics_http_stop() stops the server, closes the socket and
/*	removes the unix socket if it is still the one created.
/* DIAGNOSTICS
/*	metrics_http_open() and metrics_http_start() return 0, or -1
/*	with err set ("MetricsListen: ...").
/* SEE ALSO
/*	metrics(3), the counters
/*--*/

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <microhttpd.h>

#include "mymalloc.h"
#include "msg.h"
#include "safefile.h"
#include "metrics.h"
#include "metrics_http.h"

#define METRICS_HTTP_PATH	"/metrics"
#define METRICS_HTTP_TYPE	"text/plain; version=0.0.4; charset=utf-8"
#define METRICS_HTTP_BACKLOG	16
#define METRICS_HTTP_MAXCONN	16	/* scrapers are few */
#define METRICS_HTTP_TIMEOUT	10	/* seconds idle per connection */

typedef struct METRICS_ADDR {
    int     family;			/* AF_UNIX, AF_INET, AF_INET6, AF_UNSPEC */
    char   *host;			/* inet: name or address */
    char   *port;			/* inet: decimal */
    char   *path;			/* unix */
} METRICS_ADDR;

static METRICS_ADDR mh_addr;
static int mh_fd = -1;
static int mh_created;			/* we made the unix socket */
static dev_t mh_dev;
static ino_t mh_ino;
static struct MHD_Daemon *mh_daemon;

/* mh_addr_free - forget a parsed address */

static void mh_addr_free(METRICS_ADDR *ap)
{
    myfree(ap->host);
    myfree(ap->port);
    myfree(ap->path);
    memset(ap, 0, sizeof(*ap));
}

/* mh_port - a port number from 1 to 65535, up to end */

static char *mh_port(const char *cp, const char *end)
{
    const char *p;
    long    port = 0;

    if (cp == end || end - cp > 5)
	return (0);
    for (p = cp; p < end; p++) {
	if (*p < '0' || *p > '9')
	    return (0);
	port = port * 10 + (*p - '0');
    }
    return (port >= 1 && port <= 65535 ? mystrndup(cp, (size_t) (end - cp)) : 0);
}

/* mh_host - a host name or address: printable, no blank, no slash */

static char *mh_host(const char *cp, size_t len)
{
    size_t  i;

    if (len == 0)
	return (0);
    for (i = 0; i < len; i++)
	if (cp[i] <= ' ' || cp[i] >= 0x7f || cp[i] == '/' || cp[i] == '@')
	    return (0);
    return (mystrndup(cp, len));
}

/* mh_parse_inet - inet:port[@host], inet6:port[@host] */

static int mh_parse_inet(const char *spec, METRICS_ADDR *ap)
{
    const char *cp = strchr(spec, ':') + 1;
    const char *at = strchr(cp, '@');
    const char *host;

    ap->family = (spec[4] == '6') ? AF_INET6 : AF_INET;
    if ((ap->port = mh_port(cp, at ? at : cp + strlen(cp))) == 0)
	return (-1);
    if (at == 0 || at[1] == 0) {
	/* No host: loopback, as the milter socket. */
	ap->host = mystrdup(ap->family == AF_INET6 ? "::1" : "127.0.0.1");
	return (0);
    }
    host = at + 1;
    if (host[0] == '[' && host[strlen(host) - 1] == ']')
	ap->host = mh_host(host + 1, strlen(host) - 2);
    else
	ap->host = mh_host(host, strlen(host));
    return (ap->host ? 0 : -1);
}

/* mh_parse_hostport - host:port, [address]:port */

static int mh_parse_hostport(const char *spec, METRICS_ADDR *ap)
{
    const char *colon;
    const char *close;

    ap->family = AF_UNSPEC;
    if (spec[0] == '[') {
	if ((close = strchr(spec, ']')) == 0 || close[1] != ':')
	    return (-1);
	ap->family = AF_INET6;
	ap->host = mh_host(spec + 1, (size_t) (close - spec - 1));
	colon = close + 1;
    } else {
	/* An IPv6 address needs brackets: one colon only. */
	if ((colon = strchr(spec, ':')) == 0 || strchr(colon + 1, ':') != 0)
	    return (-1);
	ap->host = mh_host(spec, (size_t) (colon - spec));
    }
    if (ap->host == 0)
	return (-1);
    ap->port = mh_port(colon + 1, colon + 1 + strlen(colon + 1));
    return (ap->port ? 0 : -1);
}

/* mh_parse - MetricsListen into an address */

static int mh_parse(const char *spec, METRICS_ADDR *ap, VSTR *why)
{
    const char *path = 0;
    int     ret;

    memset(ap, 0, sizeof(*ap));
    if (spec[0] == '/')
	path = spec;
    else if (strncasecmp(spec, "unix:", 5) == 0 || strncasecmp(spec, "local:", 6) == 0)
	path = strchr(spec, ':') + 1;
    if (path != 0) {
	if (path[0] != '/' || strlen(path) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
	    vstr_sprintf(why, "%s: a unix socket needs an absolute path shorter "
			 "than %zu bytes", spec,
			 sizeof(((struct sockaddr_un *) 0)->sun_path));
	    return (-1);
	}
	ap->family = AF_UNIX;
	ap->path = mystrdup(path);
	return (0);
    }
    if (strncasecmp(spec, "inet:", 5) == 0 || strncasecmp(spec, "inet6:", 6) == 0)
	ret = mh_parse_inet(spec, ap);
    else
	ret = mh_parse_hostport(spec, ap);
    if (ret < 0) {
	mh_addr_free(ap);
	vstr_sprintf(why, "\"%s\": expected host:port, [address]:port, "
		     "inet:port@host, inet6:port@host or unix:/path "
		     "(port from 1 to 65535)", spec);
    }
    return (ret);
}

/* mh_err - "file:line: MetricsListen: problem" */

static int mh_err(const CFG *cfg, VSTR *err, const char *problem)
{
    size_t  count;

    vstr_sprintf(err, "%s:%d: %s: %s", cfg->path ? cfg->path : "-",
		 cfg->line[CFG_KEY_metrics_listen],
		 cfg_key_table(&count)[CFG_KEY_metrics_listen].name, problem);
    return (-1);
}

/* metrics_http_check - the syntax of MetricsListen */

int     metrics_http_check(const CFG *cfg, VSTR *err)
{
    METRICS_ADDR addr;
    VSTR   *why;
    int     ret = 0;

    if (*cfg->metrics_listen == 0)
	return (0);
    why = vstr_alloc(100);
    if (mh_parse(cfg->metrics_listen, &addr, why) < 0)
	ret = mh_err(cfg, err, vstr_str(why));
    mh_addr_free(&addr);
    vstr_free(why);
    return (ret);
}

/* mh_listen_inet - bind and listen on a TCP address */

static int mh_listen_inet(const METRICS_ADDR *ap, VSTR *err)
{
    struct addrinfo hints, *res;
    int     fd, on = 1, rc;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = ap->family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    if ((rc = getaddrinfo(ap->host, ap->port, &hints, &res)) != 0 || res == 0) {
	vstr_sprintf(err, "MetricsListen: cannot resolve %s: %s", ap->host,
		     rc ? gai_strerror(rc) : "no address");
	return (-1);
    }
    if ((fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
	vstr_sprintf(err, "MetricsListen: socket: %s", strerror(errno));
    } else {
	(void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, res->ai_addr, res->ai_addrlen) < 0
	    || listen(fd, METRICS_HTTP_BACKLOG) < 0) {
	    vstr_sprintf(err, "MetricsListen: %s port %s: %s", ap->host, ap->port,
			 strerror(errno));
	    close(fd);
	    fd = -1;
	}
    }
    freeaddrinfo(res);
    return (fd);
}

/* mh_unix_stale - remove a stale socket at path; refuse anything else */

static int mh_unix_stale(const struct sockaddr_un *sun, VSTR *err)
{
    struct stat st;
    int     fd;

    if (lstat(sun->sun_path, &st) < 0)
	return (0);
    if (!S_ISSOCK(st.st_mode)) {
	vstr_sprintf(err, "MetricsListen: %s exists and is not a socket", sun->sun_path);
	return (-1);
    }
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0) {
	if (connect(fd, (const struct sockaddr *) sun, sizeof(*sun)) == 0) {
	    close(fd);
	    vstr_sprintf(err, "MetricsListen: %s is in use by another process",
			 sun->sun_path);
	    return (-1);
	}
	close(fd);
    }
    if (unlink(sun->sun_path) < 0 && errno != ENOENT) {
	vstr_sprintf(err, "MetricsListen: cannot remove the stale socket %s: %s",
		     sun->sun_path, strerror(errno));
	return (-1);
    }
    return (0);
}

/* mh_listen_unix - bind and listen on a unix socket, given to uid:gid */

static int mh_listen_unix(const METRICS_ADDR *ap, uid_t uid, gid_t gid, VSTR *err)
{
    struct sockaddr_un sun;
    struct stat st;
    mode_t  old_mask;
    VSTR   *why;
    int     fd, ret;

    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    memcpy(sun.sun_path, ap->path, strlen(ap->path) + 1);
    if (mh_unix_stale(&sun, err) < 0)
	return (-1);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
	vstr_sprintf(err, "MetricsListen: socket: %s", strerror(errno));
	return (-1);
    }
    /* bind() creates the socket with 0777 & ~umask: never wider than 0600. */
    old_mask = umask(0177);
    ret = bind(fd, (struct sockaddr *) &sun, sizeof(sun));
    (void) umask(old_mask);
    if (ret < 0 || listen(fd, METRICS_HTTP_BACKLOG) < 0) {
	vstr_sprintf(err, "MetricsListen: %s: %s", ap->path, strerror(errno));
	close(fd);
	return (-1);
    }
    why = vstr_alloc(100);
    if (safefile_give(ap->path, S_IFSOCK, uid, gid, 0660, &st, why) < 0) {
	vstr_sprintf(err, "MetricsListen: %s", vstr_str(why));
	vstr_free(why);
	close(fd);
	return (-1);
    }
    vstr_free(why);
    mh_dev = st.st_dev;
    mh_ino = st.st_ino;
    mh_created = 1;
    return (fd);
}

/* metrics_http_open - the listening socket, as root */

int     metrics_http_open(const CFG *cfg, uid_t uid, gid_t gid, VSTR *err)
{
    if (*cfg->metrics_listen == 0)
	return (0);
    metrics_init();
    if (mh_parse(cfg->metrics_listen, &mh_addr, err) < 0)
	return (-1);
    mh_fd = mh_addr.family == AF_UNIX ? mh_listen_unix(&mh_addr, uid, gid, err) :
	mh_listen_inet(&mh_addr, err);
    return (mh_fd < 0 ? -1 : 0);
}

/* mh_answer - one request */

static enum MHD_Result mh_answer(void *cls, struct MHD_Connection *conn,
				         const char *url, const char *method,
				         const char *version, const char *upload,
				         size_t *upload_len, void **state)
{
    static const char not_found[] = "404 not found: the metrics are at /metrics\n";
    static const char not_allowed[] = "405 method not allowed: GET /metrics\n";
    struct MHD_Response *resp;
    unsigned int code = MHD_HTTP_OK;
    enum MHD_Result ret;
    VSTR   *text = 0;

    (void) cls;
    (void) version;
    (void) upload;
    (void) upload_len;
    (void) state;
    if (strcmp(url, METRICS_HTTP_PATH) != 0) {
	code = MHD_HTTP_NOT_FOUND;
	resp = MHD_create_response_from_buffer(sizeof(not_found) - 1,
					       (void *) not_found,
					       MHD_RESPMEM_PERSISTENT);
    } else if (strcmp(method, MHD_HTTP_METHOD_GET) != 0
	       && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
	code = MHD_HTTP_METHOD_NOT_ALLOWED;
	resp = MHD_create_response_from_buffer(sizeof(not_allowed) - 1,
					       (void *) not_allowed,
					       MHD_RESPMEM_PERSISTENT);
    } else {
	text = vstr_alloc(8192);
	metrics_render(text);
	metrics_render_trust(text);
	resp = MHD_create_response_from_buffer(vstr_len(text), vstr_str(text),
					       MHD_RESPMEM_MUST_COPY);
	vstr_free(text);
    }
    if (resp == 0)
	return (MHD_NO);
    if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
	(void) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    (void) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				   code == MHD_HTTP_OK ? METRICS_HTTP_TYPE :
				   "text/plain; charset=utf-8");
    ret = MHD_queue_response(conn, code, resp);
    MHD_destroy_response(resp);
    return (ret);
}

/* mh_log - libmicrohttpd's messages into ours */

static void mh_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void mh_log(void *cls, const char *fmt, va_list ap)
{
    VSTR   *buf = vstr_alloc(100);

    (void) cls;
    vstr_vsprintf_append(buf, fmt, ap);
    /* Its messages end with a newline. */
    if (vstr_len(buf) > 0 && vstr_str(buf)[vstr_len(buf) - 1] == '\n')
	vstr_truncate(buf, vstr_len(buf) - 1);
    msg_warn("metrics endpoint: %s", vstr_str(buf));
    vstr_free(buf);
}

/* metrics_http_start - libmicrohttpd's thread on our socket */

int     metrics_http_start(VSTR *err)
{
    if (mh_fd < 0)
	return (0);
    /* epoll (MHD_USE_AUTO): the milter's descriptors may exceed FD_SETSIZE. */
    mh_daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
				 0, 0, 0, mh_answer, 0,
				 /* First, or MHD prints what precedes it. */
				 MHD_OPTION_EXTERNAL_LOGGER, mh_log, (void *) 0,
				 MHD_OPTION_LISTEN_SOCKET, (MHD_socket) mh_fd,
				 MHD_OPTION_CONNECTION_LIMIT,
				 (unsigned int) METRICS_HTTP_MAXCONN,
				 MHD_OPTION_CONNECTION_TIMEOUT,
				 (unsigned int) METRICS_HTTP_TIMEOUT,
				 MHD_OPTION_END);
    if (mh_daemon == 0) {
	vstr_sprintf(err, "MetricsListen: %s: libmicrohttpd could not start",
		     mh_addr.path ? mh_addr.path : mh_addr.host);
	return (-1);
    }
    msg_info("metrics endpoint: http://%s%s%s%s%s", mh_addr.path ? "unix:" : "",
	     mh_addr.path ? mh_addr.path : mh_addr.host, mh_addr.path ? "" : ":",
	     mh_addr.path ? "" : mh_addr.port, METRICS_HTTP_PATH);
    return (0);
}

/* metrics_http_stop - stop serving, remove our socket */

void    metrics_http_stop(void)
{
    struct stat st;

    if (mh_daemon != 0) {
	/* MHD closes the listening socket it was given. */
	MHD_stop_daemon(mh_daemon);
	mh_daemon = 0;
	mh_fd = -1;
    }
    if (mh_fd >= 0) {
	close(mh_fd);
	mh_fd = -1;
    }
    if (mh_created && lstat(mh_addr.path, &st) == 0 && S_ISSOCK(st.st_mode)
	&& st.st_dev == mh_dev && st.st_ino == mh_ino)
	(void) unlink(mh_addr.path);
    mh_created = 0;
    mh_addr_free(&mh_addr);
}
