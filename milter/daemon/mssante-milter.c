/*++
/* NAME
/*	mssante-milter 8
/* SUMMARY
/*	MSSante trust-space milter daemon
/* SYNOPSIS
/*	mssante-milter [-c file] [-f] [-n] [-p socket] [-P pidfile]
/*		[-u user[:group]] [-v] [-V]
/* DESCRIPTION
/*	main() reads the configuration, creates the milter socket while
/*	still root, detaches (unless -f), writes the pid file, drops
/*	privileges, loads the trust snapshot and hands over to libmilter.
/*	The manual page mssante-milter(8) documents the options; this
/*	file only wires the modules together:
/* .IP cfg(3)
/*	the configuration file and its key table;
/* .IP listen(3)
/*	the socket (checks, TCP_NODELAY, fast stop);
/* .IP live(3)
/*	the reloadable configuration and trust snapshot;
/* .IP mlfi(3)
/*	the libmilter callbacks;
/* .IP mlfi_audit(3)
/*	the audit trail: opened after detaching and before privileges
/*	are dropped (its key file is root's), reopened on each reload
/*	(logrotate's SIGUSR1), sealed at exit;
/* .IP docs_conf(3)
/*	the documents keys and files (checked with -n and before
/*	starting); mime(3) and xdm(3) are initialised before any
/*	thread starts;
/* .IP metrics_http(3)
/*	the Prometheus endpoint (MetricsListen): bound with the milter
/*	socket, served from its own thread once privileges are dropped,
/*	stopped first at exit;
/* .IP sig(3)
/*	SIGHUP/SIGUSR1 reload, SIGTERM/SIGINT stop.
/* .PP
/*	Stopping: the signal thread calls smfi_stop() from a helper
/*	thread (it blocks until libmilter's listener wakes up) and then
/*	connects to the socket until smfi_main() has returned, which
/*	wakes the listener at once instead of after its 5-second poll.
/* DIAGNOSTICS
/*	Exit status 0 after a clean stop or a good -n check; 1 for a
/*	configuration or startup error (the message names the file, the
/*	line and the key); 2 for a usage error.
/*--*/

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "mymalloc.h"
#include "vstr.h"
#include "msg.h"
#include "insmask.h"
#include "cfg.h"
#include "listen.h"
#include "live.h"
#include "mlfi.h"
#include "mlfi_audit.h"
#include "mlfi_mbpol.h"
#include "explain.h"
#include "mlfi_conv.h"
#include "docs_conf.h"
#include "metrics_http.h"
#include "pidfile.h"
#include "privs.h"
#include "ruledoc.h"
#include "sig.h"

static char *main_cfg_path;		/* absolute, for reloads */
static LISTEN *main_listen;
static volatile int main_done;

 /*
  * What main() allocates lives here, so that every exit path (including
  * msg_fatal()) leaves it reachable, and main_exit() frees it.
  */
static VSTR *main_err;
static VSTR *main_secret;
static CFG *main_cfg;			/* until live(3) takes it */
static PRIVS main_privs;
static char *main_socket;
static char *main_pidfile;
static char *main_user;

/* The command line, as main_opts() read it. */
typedef struct MAIN_OPTS {
    const char *cfg_path;		/* -c, or the default */
    const char *socket;			/* -p, or null */
    const char *pidfile;		/* -P, or null */
    const char *user;			/* -u, or null */
    int     foreground;			/* -f */
    int     check_only;			/* -n */
    int     verbose;			/* -v */
} MAIN_OPTS;

static const char main_usage[] =
"usage: mssante-milter [-c file] [-f] [-n] [-p socket] [-P pidfile]\n"
"                      [-u user[:group]] [-v] [-V]\n";

/* main_reload - SIGHUP, SIGUSR1 */

static void main_reload(int signo)
{
    (void) signo;
    (void) live_reload(main_cfg_path);
    mlfi_audit_reopen();			/* logrotate's signal */
}

/* main_stopper - smfi_stop() blocks until the listener wakes up */

static void *main_stopper(void *unused)
{
    (void) unused;
    (void) smfi_stop();
    return (0);
}

/* main_stop - SIGTERM, SIGINT */

static void main_stop(int signo)
{
    struct timespec ts = {0, 20 * 1000000L};
    pthread_t tid;
    int     i;

    (void) signo;
    if (pthread_create(&tid, (pthread_attr_t *) 0, main_stopper, (void *) 0) != 0) {
	msg_error("cannot start the stop thread: exiting now");
	_exit(1);
    }
    (void) pthread_detach(tid);

    /*
     * Connect until smfi_main() returns: a connection made before the
     * stop flag is set only starts a session and the listener polls
     * again, so one attempt is not enough. 2 seconds at most.
     */
    for (i = 0; i < 100 && !main_done; i++) {
	nanosleep(&ts, (struct timespec *) 0);
	if (!main_done)
	    listen_poke(main_listen);
    }
}

/* main_facility - SyslogFacility index to syslog facility */

static int main_facility(int idx)
{
    static const int facilities[] = {
	LOG_MAIL, LOG_DAEMON, LOG_USER, LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2,
	LOG_LOCAL3, LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7,
    };

    return (idx >= 0 && (size_t) idx < sizeof(facilities) / sizeof(facilities[0]) ?
	    facilities[idx] : LOG_MAIL);
}

/* main_detach - become a daemon; the parent exits when the child is ready */

static int main_detach(void)
{
    int     fds[2], status = 0;
    pid_t   pid, w;
    char    ch = 0;
    ssize_t n;
    int     fd;

    if (pipe(fds) < 0)
	msg_fatal("pipe: %s", strerror(errno));

    /*
     * A caller that ignores SIGCHLD has the kernel reap the child, and
     * waitpid() would fail with ECHILD: the parent could not say how the
     * daemon ended. The daemon has no use for the caller's disposition.
     */
    (void) signal(SIGCHLD, SIG_DFL);
    if ((pid = fork()) < 0)
	msg_fatal("fork: %s", strerror(errno));
    if (pid > 0) {
	/*
	 * The parent's exit status says whether the daemon started: 0 once
	 * the child says it is ready, else the child's own failure status
	 * (its reason went to our common stderr), never 0.
	 */
	close(fds[1]);
	while ((n = read(fds[0], &ch, 1)) < 0 && errno == EINTR)
	     /* void */ ;
	if (n == 1 && ch == 'R')
	    _exit(0);
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
	     /* void */ ;
	if (w < 0) {
	    msg_warn("the daemon stopped before it was ready; its status is "
		     "lost: waitpid: %s", strerror(errno));
	    _exit(1);
	}
	/* A signal leaves no message of the child's own: say it here. */
	if (WIFSIGNALED(status))
	    msg_warn("the daemon was killed by signal %d (%s) before it was "
		     "ready", WTERMSIG(status), strsignal(WTERMSIG(status)));
	_exit(WIFEXITED(status) && WEXITSTATUS(status) != 0 ?
	      WEXITSTATUS(status) : 1);
    }
    close(fds[0]);
    if (setsid() < 0)
	msg_warn("setsid: %s", strerror(errno));
    if (chdir("/") < 0)
	msg_warn("chdir /: %s", strerror(errno));
    if ((fd = open("/dev/null", O_RDWR)) >= 0) {
	(void) dup2(fd, STDIN_FILENO);
	(void) dup2(fd, STDOUT_FILENO);
	if (fd > STDERR_FILENO)
	    close(fd);
    }
    return (fds[1]);
}

/* main_exit - release what main() allocated, and exit */

static void main_exit(int) __attribute__((noreturn));

static void main_exit(int status)
{
    if (main_secret)
	memset(vstr_str(main_secret), 0, vstr_len(main_secret));
    vstr_free(main_secret);
    vstr_free(main_err);
    cfg_free(main_cfg);
    privs_free(&main_privs);
    listen_free(main_listen);
    myfree(main_socket);
    myfree(main_pidfile);
    myfree(main_user);
    myfree(main_cfg_path);
    main_secret = main_err = 0;
    main_cfg = 0;
    main_listen = 0;
    main_socket = main_pidfile = main_user = main_cfg_path = 0;
    exit(status);
}

/* main_key - name of a key, for messages */

static const char *main_key(CFG_KEY_ID id)
{
    size_t  count;

    return (cfg_key_table(&count)[id].name);
}

/* main_check - what -n checks beyond the file's syntax */

static int main_check(const CFG *cfg, const char *socket, const char *user,
		              const char *user_origin, LISTEN **lpp,
		              PRIVS *privs, VSTR *secret, VSTR *err)
{
    VSTR   *why = vstr_alloc(100);
    MBPOL  *pol;

#define MAIN_WHERE(id) cfg->path, cfg->line[id], main_key(id)

    if ((*lpp = listen_parse(socket, why)) == 0) {
	vstr_sprintf(err, "%s:%d: %s: %s", MAIN_WHERE(CFG_KEY_socket), vstr_str(why));
	vstr_free(why);
	return (-1);
    }
    if (*user && privs_lookup(user, privs, why) < 0) {
	if (user_origin)
	    vstr_sprintf(err, "%s: %s", user_origin, vstr_str(why));
	else
	    vstr_sprintf(err, "%s:%d: %s: %s", MAIN_WHERE(CFG_KEY_user_id),
			 vstr_str(why));
	vstr_free(why);
	return (-1);
    }
    if (*cfg->ldap_bind_password_file
	&& live_read_secret(cfg->ldap_bind_password_file, secret, why) < 0) {
	vstr_sprintf(err, "%s:%d: %s: %s", MAIN_WHERE(CFG_KEY_ldap_bind_password_file),
		     vstr_str(why));
	vstr_free(why);
	return (-1);
    }
    if (mlfi_mbpol_load(cfg, &pol, why) < 0) {
	vstr_sprintf(err, "%s:%d: %s: %s", MAIN_WHERE(CFG_KEY_policy_file),
		     vstr_str(why));
	vstr_free(why);
	return (-1);
    }
    mbpol_free(pol);
    vstr_free(why);
    if (docs_conf_check(cfg, err) < 0 || docs_conf_check_files(cfg, err) < 0)
	return (-1);
    if (mlfi_audit_check(cfg, err) < 0 || metrics_http_check(cfg, err) < 0)
	return (-1);
    /* Conversations: the site key, read while still root. */
    return (mlfi_conv_start(cfg, err));
}

/* main_opts - the command line; an exit status when it says to stop */

static int main_opts(int argc, char **argv, MAIN_OPTS *opts)
{
    static const struct option longopts[] = {
	{"dump-keys", no_argument, 0, 'K'},
	{"dump-rules", required_argument, 0, 'R'},
	{"help", no_argument, 0, 'h'},
	{0, 0, 0, 0},
    };
    unsigned major, minor, patch;
    int     ch;

    memset(opts, 0, sizeof(*opts));
    opts->cfg_path = CFG_DEFAULT_PATH;
    while ((ch = getopt_long(argc, argv, "c:fnp:P:u:vVh", longopts, 0)) != -1) {
	switch (ch) {
	case 'c':
	    opts->cfg_path = optarg;
	    break;
	case 'f':
	    opts->foreground = 1;
	    break;
	case 'n':
	    opts->check_only = 1;
	    break;
	case 'p':
	    opts->socket = optarg;
	    break;
	case 'P':
	    opts->pidfile = optarg;
	    break;
	case 'u':
	    opts->user = optarg;
	    break;
	case 'v':
	    opts->verbose = 1;
	    break;
	case 'V':
	    smfi_version(&major, &minor, &patch);
	    printf("mssante-milter %s (libmilter %u.%u.%u)\n", PACKAGE_VERSION,
		   major, minor, patch);
	    return (0);
	case 'K':
	    cfg_dump_keys(stdout);
	    return (0);
	case 'R':
	    if (ruledoc_dump(stdout, optarg) == 0)
		return (0);
	    fputs("mssante-milter: --dump-rules: expected man or md\n", stderr);
	    return (2);
	case 'h':
	    fputs(main_usage, stdout);
	    return (0);
	default:
	    fputs(main_usage, stderr);
	    return (2);
	}
    }
    if (optind != argc) {
	fputs(main_usage, stderr);
	return (2);
    }
    return (-1);
}

/* main_refuse - a configuration error: reported by -n, else fatal */

static void main_refuse(const MAIN_OPTS *) __attribute__((noreturn));

static void main_refuse(const MAIN_OPTS *opts)
{
    if (opts->check_only) {
	fprintf(stderr, "mssante-milter: %s\n", vstr_str(main_err));
	main_exit(1);
    }
    msg_fatal("%s", vstr_str(main_err));
}

/* main_configure - load and check the configuration; -n stops here */

static CFG *main_configure(const MAIN_OPTS *opts)
{
    char    abspath[PATH_MAX];
    CFG    *cfg;
    int     ret;

    /* Configuration, and everything -n can check without side effects. */
    if ((main_cfg = cfg = cfg_load(opts->cfg_path, main_err)) == 0)
	main_refuse(opts);
    /* Copies: live(3) takes cfg and frees it on reload. */
    main_socket = mystrdup(opts->socket ? opts->socket : cfg->socket);
    main_pidfile = mystrdup(opts->pidfile ? opts->pidfile : cfg->pid_file);
    main_user = mystrdup(opts->user ? opts->user : cfg->user_id);
    if (*main_pidfile && *main_pidfile != '/') {
	vstr_sprintf(main_err, "-P %s: expected an absolute path", main_pidfile);
	ret = -1;
    } else {
	ret = main_check(cfg, main_socket, main_user, opts->user ? "-u" : 0,
			 &main_listen, &main_privs, main_secret, main_err);
    }
    if (ret < 0 && opts->socket && main_listen == 0)
	vstr_sprintf(main_err, "-p %s: invalid socket", opts->socket);
    if (ret < 0)
	main_refuse(opts);
    if (opts->check_only) {
	printf("%s: configuration OK\n", opts->cfg_path);
	main_exit(0);
    }
    if (realpath(opts->cfg_path, abspath) == 0)
	msg_fatal("%s: %s", opts->cfg_path, strerror(errno));
    main_cfg_path = mystrdup(abspath);
    return (cfg);
}

/* main_start - socket, detach, pid file, audit trail, then drop privileges */

static int main_start(const MAIN_OPTS *opts, const CFG *cfg, int *where)
{
    int     ready_fd = -1;
    uid_t   owner;
    gid_t   group;

    /* Log where asked; during startup errors also go to stderr. */
    *where = (cfg->syslog ? MSG_TO_SYSLOG : 0)
	| (opts->foreground && (opts->verbose || !cfg->syslog) ?
	   MSG_TO_STDERR : 0);
    msg_open("mssante-milter", main_facility(cfg->syslog_facility),
	     *where | MSG_TO_STDERR);
    if (geteuid() == 0 && !*main_user)
	msg_warn("running as root: set UserID (or -u) to drop privileges");
    if (geteuid() != 0 && *main_user && main_privs.uid != geteuid())
	msg_fatal("%s: cannot switch to user %s: not running as root",
		  opts->user ? "-u" : "UserID", main_user);

    /*
     * What the daemon creates before dropping privileges (sockets, audit
     * trail) belongs to the user it will run as; -1 leaves it alone.
     */
    owner = *main_user && geteuid() == 0 ? main_privs.uid : (uid_t) - 1;
    group = *main_user && geteuid() == 0 ? main_privs.gid : (gid_t) - 1;

    /* Before any thread exists, so that every thread inherits the mask. */
    sig_block();
    if (smfi_register(mlfi_desc) != MI_SUCCESS)
	msg_fatal("smfi_register failed");
    if (listen_open(main_listen, cfg->socket_mode, owner, group, main_err) < 0)
	msg_fatal("%s", vstr_str(main_err));
    if (metrics_http_open(cfg, owner, group, main_err) < 0)
	msg_fatal("%s", vstr_str(main_err));
    /*
     * Until it says it is ready, a detached child keeps the caller's
     * stderr: a fatal error must reach the operator even with Syslog no.
     */
    if (!opts->foreground)
	ready_fd = main_detach();
    if (*main_pidfile && pidfile_write(main_pidfile, main_err) < 0)
	msg_fatal("PidFile: %s", vstr_str(main_err));
    /* GMime and libxml2: once, before any thread starts. */
    mime_init();
    xdm_init();
    if (mlfi_audit_start(cfg, owner, main_err) < 0)
	msg_fatal("%s", vstr_str(main_err));
    if (*main_user && geteuid() == 0 && privs_drop(&main_privs, main_err) < 0)
	msg_fatal("UserID: %s", vstr_str(main_err));
    if (opts->foreground)
	msg_open("mssante-milter", main_facility(cfg->syslog_facility), *where);
    if (metrics_http_start(main_err) < 0)
	msg_fatal("%s", vstr_str(main_err));
    return (ready_fd);
}

/* main_ready - tell the waiting parent, and let go of its stderr */

static void main_ready(int ready_fd, const CFG *cfg, int where)
{
    int     fd;

    msg_open("mssante-milter", main_facility(cfg->syslog_facility),
	     where & ~MSG_TO_STDERR);
    if (write(ready_fd, "R", 1) != 1)
	msg_warn("cannot tell the parent process that we started");
    close(ready_fd);
    if ((fd = open("/dev/null", O_RDWR)) >= 0) {
	(void) dup2(fd, STDERR_FILENO);
	close(fd);
    }
}

int     main(int argc, char **argv)
{
    MAIN_OPTS opts;
    int     where, ready_fd, ret;
    CFG    *cfg;

    msg_filter(insmask_inplace);		/* no INS in clear in any log line */
    if (explain_wanted(argc, argv))
	return (explain_main(argc, argv));
    if ((ret = main_opts(argc, argv, &opts)) >= 0)
	return (ret);
    msg_verbose = opts.verbose;
    msg_open("mssante-milter", LOG_MAIL, MSG_TO_STDERR);

    /*
     * Nothing the daemon creates (socket directory, pid file, audit trail)
     * is ever writable by others, nor readable by them unless its mode is
     * set explicitly (mssante-milter(8), SECURITY).
     */
    (void) umask(027);
    main_err = vstr_alloc(100);
    main_secret = vstr_alloc(64);
    cfg = main_configure(&opts);
    ready_fd = main_start(&opts, cfg, &where);

    msg_info("starting mssante-milter %s on %s (mode=%s, user=%s)",
	     PACKAGE_VERSION, main_socket, cfg->mode == CFG_MODE_MONITOR ?
	     "monitor" : "enforce", *main_user ? main_user : "unchanged");
    main_cfg = 0;			/* live(3) owns it now */
    live_start(cfg, vstr_len(main_secret) ? vstr_str(main_secret) : 0);
    memset(vstr_str(main_secret), 0, vstr_len(main_secret));
    live_refresh_start();
    sig_start(main_reload, main_stop);
    if (ready_fd >= 0)
	main_ready(ready_fd, cfg, where);

    ret = smfi_main();
    main_done = 1;
    metrics_http_stop();
    msg_info("stopping: %s", ret == MI_SUCCESS ? "clean" : "libmilter failure");
    live_stop();
    mlfi_audit_stop();
    listen_cleanup(main_listen);
    if (*main_pidfile)
	pidfile_remove(main_pidfile);
    main_exit(ret == MI_SUCCESS ? 0 : 1);
}
