/*++
/* NAME
/*	listen 3
/* SUMMARY
/*	the milter socket: parse, bind through libmilter, tune, clean up
/* SYNOPSIS
/*	#include "listen.h"
/*
/*	LISTEN	*listen_parse(spec, err)
/*	const char *spec;
/*	VSTR	*err;
/*
/*	int	listen_open(lp, mode, uid, gid, err)
/*	LISTEN	*lp;
/*	unsigned mode;
/*	uid_t	uid;
/*	gid_t	gid;
/*	VSTR	*err;
/*
/*	void	listen_poke(lp)
/*	const LISTEN *lp;
/*
/*	void	listen_cleanup(lp)
/*	LISTEN	*lp;
/*
/*	void	listen_free(lp)
/*	LISTEN	*lp;
/* DESCRIPTION
/*	listen_parse() reads a socket specification: local:/path,
/*	unix:/path or /path (a unix socket), inet:port[@host] or
/*	inet6:port[@host] (host a name, an address, or an address in
/*	brackets). Without a host, an inet socket listens on the loopback
/*	address only (127.0.0.1 or ::1): the milter protocol has no
/*	authentication, so listening on every interface must be asked
/*	for (inet:port@0.0.0.0, inet6:port@[::]). It returns NULL with err
/*	set when the text is invalid.
/*
/*	listen_open() creates the listening socket through libmilter
/*	(smfi_setconn() and smfi_opensocket()), before privileges are
/*	dropped. libmilter reports its failures only to syslog, so this
/*	function checks first what would make it fail and says why in
/*	err: for a unix socket, a missing directory (the last component
/*	is created, mode 0755, owned by uid:gid, like /run/mssante-milter),
/*	a file that is not a socket, or a socket on which another process
/*	still listens (libmilter would remove it and steal its clients);
/*	for an inet socket, a trial bind() gives the exact error (address
/*	in use, permission). A unix socket is created with mode (the umask
/*	is set for the bind, so that it is never wider) and then given to
/*	uid:gid (when uid is not (uid_t) -1), so that the MTA can connect.
/*	The directory and the socket are changed through descriptors of
/*	the objects checked (safefile(3)), never by name: the directory
/*	belongs to uid, who could otherwise swap the socket for a link to
/*	any file between libmilter's bind() and root's chown().
/*
/*	On inet sockets listen_open() also sets TCP_NODELAY, see below.
/*
/*	listen_poke() connects to the socket and closes at once: libmilter's
/*	listener checks its stop flag only when poll() returns, which it
/*	otherwise does every 5 seconds; one connection after smfi_stop()
/*	makes the daemon exit at once.
/*
/*	listen_cleanup() removes the unix socket if it is still the one
/*	listen_open() created (libmilter removes it only when not root).
/*	listen_free() releases the structure.
/* DIAGNOSTICS
/*	listen_open() returns 0, or -1 with err set.
/*--*/

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "mymalloc.h"
#include "msg.h"
#include "safefile.h"
#include "listen.h"

/* listen_free - release */

void    listen_free(LISTEN *lp)
{
    if (lp) {
	myfree(lp->spec);
	myfree(lp->conn);
	myfree(lp->path);
	myfree(lp->host);
	myfree(lp);
    }
}

/* listen_parse - socket specification */

LISTEN *listen_parse(const char *spec, VSTR *err)
{
    LISTEN *lp = mycalloc(1, sizeof(*lp));
    const char *colon = strchr(spec, ':');
    const char *cp;
    char   *end;
    long    port;

    lp->spec = mystrdup(spec);
    if (spec[0] == '/' || strncasecmp(spec, "local:", 6) == 0
	|| strncasecmp(spec, "unix:", 5) == 0) {
	lp->family = AF_UNIX;
	lp->path = mystrdup(spec[0] == '/' ? spec : colon + 1);
	if (lp->path[0] != '/' || strlen(lp->path) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
	    vstr_sprintf(err, "%s: a unix socket needs an absolute path "
			 "shorter than %zu bytes", spec,
			 sizeof(((struct sockaddr_un *) 0)->sun_path));
	    listen_free(lp);
	    return (0);
	}
	return (lp);
    }
    if (strncasecmp(spec, "inet:", 5) == 0)
	lp->family = AF_INET;
    else if (strncasecmp(spec, "inet6:", 6) == 0)
	lp->family = AF_INET6;
    else {
	vstr_sprintf(err, "%s: expected local:/path, inet:port@host or "
		     "inet6:port@host", spec);
	listen_free(lp);
	return (0);
    }
    cp = colon + 1;
    errno = 0;
    port = strtol(cp, &end, 10);
    if (end == cp || errno != 0 || port < 1 || port > 65535
	|| (*end != 0 && *end != '@')) {
	vstr_sprintf(err, "%s: bad port number", spec);
	listen_free(lp);
	return (0);
    }
    lp->port = (int) port;
    if (*end == '@' && end[1] != 0) {
	const char *host = end + 1;
	size_t  len = strlen(host);

	if (host[0] == '[' && host[len - 1] == ']')
	    lp->host = mystrndup(host + 1, len - 2);
	else
	    lp->host = mystrdup(host);
	lp->conn = mystrdup(spec);
    } else {
	/* No host: loopback, never libmilter's default of every interface. */
	lp->host = mystrdup(lp->family == AF_INET6 ? "::1" : "127.0.0.1");
	lp->conn = mymalloc(strlen(spec) + strlen(lp->host) + 2);
	(void) sprintf(lp->conn, "%.*s@%s", (int) (end - spec), spec, lp->host);
    }
    return (lp);
}

/* listen_resolve - socket address of an inet specification */

static int listen_resolve(const LISTEN *lp, int passive,
			          struct sockaddr_storage *ss, socklen_t *len)
{
    struct addrinfo hints, *res;
    char    port[16];
    const char *host = lp->host;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = lp->family;
    hints.ai_socktype = SOCK_STREAM;
    if (host == 0) {
	if (passive)
	    hints.ai_flags = AI_PASSIVE;
	else
	    host = lp->family == AF_INET6 ? "::1" : "127.0.0.1";
    }
    (void) snprintf(port, sizeof(port), "%d", lp->port);
    if (getaddrinfo(host, port, &hints, &res) != 0 || res == 0)
	return (-1);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return (0);
}

/* listen_unix_check - what would make libmilter fail or do harm */

static int listen_unix_check(LISTEN *lp, uid_t uid, gid_t gid, VSTR *err)
{
    struct stat st;
    struct sockaddr_un sun;
    char   *dir = mystrdup(lp->path);
    char   *slash = strrchr(dir, '/');
    int     fd;

    if (slash != dir) {
	*slash = 0;
	if (stat(dir, &st) < 0) {
	    if (errno != ENOENT || mkdir(dir, 0700) < 0) {
		vstr_sprintf(err, "socket directory %s: %s", dir, strerror(errno));
		myfree(dir);
		return (-1);
	    }
	    /* Created 0700: nobody can swap it before it is checked. */
	    if (safefile_give(dir, S_IFDIR, uid, gid, 0755, &st, err) < 0) {
		vstr_sprintf_append(err, " (socket directory)");
		myfree(dir);
		return (-1);
	    }
	} else if (!S_ISDIR(st.st_mode)) {
	    vstr_sprintf(err, "socket directory %s is not a directory", dir);
	    myfree(dir);
	    return (-1);
	}
    }
    myfree(dir);
    if (lstat(lp->path, &st) < 0)
	return (0);
    if (!S_ISSOCK(st.st_mode)) {
	vstr_sprintf(err, "%s exists and is not a socket", lp->path);
	return (-1);
    }
    /* A socket someone still listens on is not stale. */
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    memcpy(sun.sun_path, lp->path, strlen(lp->path) + 1);
    if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0) {
	if (connect(fd, (struct sockaddr *) &sun, sizeof(sun)) == 0) {
	    close(fd);
	    vstr_sprintf(err, "%s is in use by another process", lp->path);
	    return (-1);
	}
	close(fd);
    }
    return (0);
}

/* listen_inet_check - trial bind for a precise error */

static int listen_inet_check(const LISTEN *lp, VSTR *err)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int     fd, on = 1;

    if (listen_resolve(lp, 1, &ss, &len) < 0) {
	vstr_sprintf(err, "%s: cannot resolve %s", lp->spec,
		     lp->host ? lp->host : "the wildcard address");
	return (-1);
    }
    if ((fd = socket(ss.ss_family, SOCK_STREAM, 0)) < 0) {
	vstr_sprintf(err, "%s: socket: %s", lp->spec, strerror(errno));
	return (-1);
    }
    /* libmilter sets SO_REUSEADDR too: TIME_WAIT must not fail us here. */
    (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, (struct sockaddr *) &ss, len) < 0) {
	vstr_sprintf(err, "%s: bind: %s", lp->spec, strerror(errno));
	close(fd);
	return (-1);
    }
    close(fd);
    return (0);
}

/* listen_nodelay - set TCP_NODELAY on libmilter's listening socket */

static void listen_nodelay(const LISTEN *lp)
{
    DIR    *dp;
    struct dirent *de;
    int     found = 0;

    /*
     * Why: libmilter never sets TCP_NODELAY. When the milter sends two
     * packets back to back (a header change, then the end-of-message
     * reply), Nagle's algorithm holds the second until the MTA's delayed
     * ACK (40 ms on Linux): about 88 ms per message through Postfix,
     * against 1.5 ms on a unix socket. Sockets returned by accept()
     * inherit TCP_NODELAY from the listening socket on Linux, so setting
     * it once here covers every connection.
     *
     * How: libmilter has no getter for its listening descriptor, and
     * binding the socket ourselves is not possible (smfi_opensocket()
     * always creates its own). At this point of startup the only
     * listening TCP socket of the process is libmilter's, so each open
     * descriptor is examined: a socket that accepts connections
     * (SO_ACCEPTCONN), of the configured family, bound to the
     * configured port. /proc/self/fd lists exactly the open descriptors.
     */
    if ((dp = opendir("/proc/self/fd")) == 0) {
	msg_warn("cannot list /proc/self/fd (%s): TCP_NODELAY not set on "
		 "%s; expect about 40 ms of delay per message", strerror(errno),
		 lp->spec);
	return;
    }
    while ((de = readdir(dp)) != 0) {
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int     fd, val = 0, on = 1;
	socklen_t vlen = sizeof(val);
	char   *end;

	fd = (int) strtol(de->d_name, &end, 10);
	if (*end != 0 || de->d_name[0] == '.' || fd == dirfd(dp))
	    continue;
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &val, &vlen) < 0 || !val)
	    continue;
	if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0
	    || ss.ss_family != lp->family)
	    continue;
	if ((ss.ss_family == AF_INET
	     && ntohs(((struct sockaddr_in *) &ss)->sin_port) != lp->port)
	    || (ss.ss_family == AF_INET6
		&& ntohs(((struct sockaddr_in6 *) &ss)->sin6_port) != lp->port))
	    continue;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) < 0)
	    msg_warn("TCP_NODELAY on %s: %s", lp->spec, strerror(errno));
	else
	    found++;
    }
    closedir(dp);
    if (found == 0)
	msg_warn("listening socket of %s not found: TCP_NODELAY not set; "
		 "expect about 40 ms of delay per message", lp->spec);
    else if (msg_verbose)
	msg_info("TCP_NODELAY set on %s", lp->spec);
}

/* listen_open - bind through libmilter */

int     listen_open(LISTEN *lp, unsigned mode, uid_t uid, gid_t gid, VSTR *err)
{
    struct stat st;
    mode_t  old_mask;
    int     ret;

    if (lp->family == AF_UNIX) {
	if (listen_unix_check(lp, uid, gid, err) < 0)
	    return (-1);
	myfree(lp->conn);
	lp->conn = mymalloc(strlen(lp->path) + 7);
	(void) sprintf(lp->conn, "local:%s", lp->path);
    } else {
	if (listen_inet_check(lp, err) < 0)
	    return (-1);
    }
    /* libmilter may keep the pointer: it lives as long as lp. */
    if (smfi_setconn(lp->conn) != MI_SUCCESS) {
	vstr_sprintf(err, "%s: libmilter refused the socket specification",
		     lp->spec);
	return (-1);
    }
    /* bind() creates the unix socket with 0777 & ~umask: never wider. */
    old_mask = umask(~mode & 0777);
    ret = smfi_opensocket(1);
    (void) umask(old_mask);
    if (ret != MI_SUCCESS) {
	vstr_sprintf(err, "%s: libmilter could not create the listening "
		     "socket", lp->spec);
	return (-1);
    }
    if (lp->family == AF_UNIX) {
	if (safefile_give(lp->path, S_IFSOCK, uid, gid, mode, &st, err) < 0)
	    return (-1);
	lp->dev = st.st_dev;
	lp->ino = st.st_ino;
	lp->created = 1;
    } else {
	listen_nodelay(lp);
    }
    return (0);
}

/* listen_poke - one connection to wake up libmilter's listener */

void    listen_poke(const LISTEN *lp)
{
    struct sockaddr_storage ss;
    struct sockaddr_un *sun = (struct sockaddr_un *) &ss;
    socklen_t len;
    int     fd, flags;

    memset(&ss, 0, sizeof(ss));
    if (lp->family == AF_UNIX) {
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, lp->path, strlen(lp->path) + 1);
	len = sizeof(*sun);
    } else if (listen_resolve(lp, 0, &ss, &len) < 0) {
	return;
    }
    if ((fd = socket(ss.ss_family, SOCK_STREAM, 0)) < 0)
	return;
    /* Never block shutdown: a non-blocking connect is enough to wake it. */
    if ((flags = fcntl(fd, F_GETFL)) >= 0)
	(void) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    if (connect(fd, (struct sockaddr *) &ss, len) < 0 && errno == EINPROGRESS) {
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = POLLOUT;
	(void) poll(&pfd, 1, 100);
    }
    close(fd);
}

/* listen_cleanup - remove our unix socket */

void    listen_cleanup(LISTEN *lp)
{
    struct stat st;

    if (lp->family != AF_UNIX || !lp->created)
	return;
    if (lstat(lp->path, &st) == 0 && S_ISSOCK(st.st_mode)
	&& st.st_dev == lp->dev && st.st_ino == lp->ino)
	(void) unlink(lp->path);
    lp->created = 0;
}
