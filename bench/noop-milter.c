/*++
/* NAME
/*	noop-milter 1
/* SUMMARY
/*	a milter that does nothing: the floor cost of any milter
/* SYNOPSIS
/*	noop-milter -p socket [-a] [-H] [-N] [-R]
/* DESCRIPTION
/*	noop-milter accepts every message unchanged. The benchmark
/*	(bench/run-milter-bench) puts it in front of a private Postfix to
/*	measure what the milter protocol itself costs, so that the cost
/*	of mssante-milter's own work can be told apart from it.
/*
/*	By default it registers the connect, MAIL, RCPT, DATA and
/*	end-of-message callbacks. The DATA callback is registered on
/*	purpose: when a milter negotiates the DATA step away, Postfix
/*	writes the next command while the previous reply is still unacked
/*	and Nagle's algorithm holds it for a delayed ACK (~40 ms).
/*
/*	On an inet: socket TCP_NODELAY is set on the listening socket (on
/*	Linux, accepted sockets inherit it): libmilter never sets it, and
/*	a reply written right after another one would otherwise wait for
/*	the MTA's delayed ACK.
/*
/*	Options:
/* .IP "-p socket"
/*	The libmilter socket: unix:/path or inet:port@127.0.0.1. A stale
/*	unix socket is removed; a new one is made connectable by all
/*	(the MTA runs as another user).
/* .IP -a
/*	Also register the HELO, header and body callbacks: the protocol
/*	steps mssante-milter takes (it inspects headers and, for patient
/*	recipients, counts the body), each one more round trip per message.
/* .IP -H
/*	Add one header (X-Noop: yes) at end of message, the shape of a
/*	milter that tags messages.
/* .IP -N
/*	Do not set TCP_NODELAY (to measure what it saves).
/* .IP -R
/*	With -a: negotiate SMFIP_NR_HDR, so that the MTA sends the headers
/*	without waiting for one reply each (to measure what a content
/*	milter saves by it).
/* DIAGNOSTICS
/*	Exits 1 with a message on stderr when the socket cannot be opened
/*	(libmilter itself logs only to syslog) or when smfi_main() fails.
/*--*/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <libmilter/mfapi.h>

static int add_header;
static int no_hdr_reply;

/* noop_continue - the connect, HELO, MAIL and RCPT callbacks */

static sfsistat noop_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *sa)
{
    (void) ctx;
    (void) host;
    (void) sa;
    return (SMFIS_CONTINUE);
}

/* noop_args - callbacks that receive an argument vector */

static sfsistat noop_args(SMFICTX *ctx, char **argv)
{
    (void) ctx;
    (void) argv;
    return (SMFIS_CONTINUE);
}

/* noop_str - callbacks that receive one string (HELO) */

static sfsistat noop_str(SMFICTX *ctx, char *str)
{
    (void) ctx;
    (void) str;
    return (SMFIS_CONTINUE);
}

/* noop_ctx - callbacks without argument (DATA, end of header) */

static sfsistat noop_ctx(SMFICTX *ctx)
{
    (void) ctx;
    return (SMFIS_CONTINUE);
}

/* noop_header - one header */

static sfsistat noop_header(SMFICTX *ctx, char *name, char *value)
{
    (void) ctx;
    (void) name;
    (void) value;
    return (no_hdr_reply ? SMFIS_NOREPLY : SMFIS_CONTINUE);
}

/* noop_body - one body chunk */

static sfsistat noop_body(SMFICTX *ctx, unsigned char *data, size_t len)
{
    (void) ctx;
    (void) data;
    (void) len;
    return (SMFIS_CONTINUE);
}

/* noop_negotiate - ask for no reply to headers (-R) */

static sfsistat noop_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
			               unsigned long f2, unsigned long f3,
			               unsigned long *pf0, unsigned long *pf1,
			               unsigned long *pf2, unsigned long *pf3)
{
    (void) ctx;
    (void) f2;
    (void) f3;
    if ((f1 & SMFIP_NR_HDR) == 0)
	return (SMFIS_ALL_OPTS);
    /* With a negotiate callback, the steps without callback are ours to drop. */
    *pf0 = f0 & (add_header ? SMFIF_ADDHDRS : 0);
    *pf1 = f1 & (SMFIP_NR_HDR | SMFIP_NOEOH | SMFIP_NOUNKNOWN);
    *pf2 = *pf3 = 0;
    return (SMFIS_CONTINUE);
}

/* noop_eom - end of message: accept, optionally tagged */

static sfsistat noop_eom(SMFICTX *ctx)
{
    if (add_header)
	(void) smfi_addheader(ctx, "X-Noop", "yes");
    return (SMFIS_ACCEPT);
}

/* set_nodelay - TCP_NODELAY on every listening TCP socket we hold */

static void set_nodelay(void)
{
    int     fd;
    int     on = 1;

    /*
     * libmilter does not hand out its listening socket. Find it: it is
     * the descriptor that is a listening AF_INET/AF_INET6 socket.
     */
    for (fd = 0; fd < 1024; fd++) {
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int     acc = 0;
	socklen_t alen = sizeof(acc);

	if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0)
	    continue;
	if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6)
	    continue;
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &alen) < 0 || !acc)
	    continue;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) < 0)
	    fprintf(stderr, "noop-milter: TCP_NODELAY: %s\n", strerror(errno));
    }
}

/* usage - complain and exit */

static void usage(void)
{
    fprintf(stderr, "usage: noop-milter -p socket [-a] [-H] [-N] [-R]\n");
    exit(2);
}

int     main(int argc, char **argv)
{
    struct smfiDesc desc;
    char   *sock = 0;
    int     all = 0;
    int     nodelay = 1;
    int     ch;

    while ((ch = getopt(argc, argv, "aHNp:R")) > 0) {
	switch (ch) {
	case 'a':
	    all = 1;
	    break;
	case 'H':
	    add_header = 1;
	    break;
	case 'N':
	    nodelay = 0;
	    break;
	case 'p':
	    sock = optarg;
	    break;
	case 'R':
	    no_hdr_reply = 1;
	    break;
	default:
	    usage();
	}
    }
    if (sock == 0 || optind != argc || (no_hdr_reply && !all))
	usage();

    memset(&desc, 0, sizeof(desc));
    desc.xxfi_name = "noop-milter";
    desc.xxfi_version = SMFI_VERSION;
    desc.xxfi_flags = add_header ? SMFIF_ADDHDRS : 0;
    desc.xxfi_connect = noop_connect;
    desc.xxfi_envfrom = noop_args;
    desc.xxfi_envrcpt = noop_args;
    desc.xxfi_data = noop_ctx;
    desc.xxfi_eom = noop_eom;
    if (all) {
	desc.xxfi_helo = noop_str;
	desc.xxfi_header = noop_header;
	desc.xxfi_body = noop_body;
	if (no_hdr_reply)
	    desc.xxfi_negotiate = noop_negotiate;
    }
    if (smfi_setconn(sock) == MI_FAILURE || smfi_register(desc) == MI_FAILURE) {
	fprintf(stderr, "noop-milter: bad socket or registration: %s\n", sock);
	return (1);
    }
    /* Bind now (removing a stale unix socket) so that failures are seen. */
    if (smfi_opensocket(1) == MI_FAILURE) {
	fprintf(stderr, "noop-milter: cannot open %s\n", sock);
	return (1);
    }
    if (strncmp(sock, "unix:", 5) == 0 || strncmp(sock, "local:", 6) == 0)
	(void) chmod(strchr(sock, ':') + 1, 0666);
    else if (nodelay)
	set_nodelay();
    if (smfi_main() == MI_FAILURE) {
	fprintf(stderr, "noop-milter: smfi_main failed\n");
	return (1);
    }
    return (0);
}
