/*++
/* NAME
/*	mirror 3
/* SUMMARY
/*	mssante-mirror: load the MSSante whitelist and extraction into LDAP
/* SYNOPSIS
/*	mssante-mirror ldif --whitelist FILE --extraction FILE [options]
/*	mssante-mirror sync --uri URI --whitelist FILE --extraction FILE [options]
/*	mssante-mirror update|fetch [--config FILE] [--force] [-v]
/*	mssante-mirror status [--config FILE]
/*	mssante-mirror config [--config FILE]
/*	mssante-mirror postfix-tls-policy --whitelist FILE [--output FILE] [options]
/* DESCRIPTION
/*	The command line front end; see mssante-mirror(8) for the options
/*	and exit statuses, mirror_run(3) for the checks made before any
/*	change, mirror_ldif(3) and mirror_sync(3) for the two subcommands
/*	that take files, mirror_update(3) for update and fetch, which
/*	download them as mirror.conf (mirror_conf(3)) says; config prints
/*	the settings update would use, defaults included.
/*
/*	No secret is ever taken from the command line: the bind password
/*	comes from --password-file.
/*
/*	The long steps show their progress on stderr when it is a
/*	terminal (progress(3)); --progress forces it, --no-progress
/*	silences it.
/* DIAGNOSTICS
/*	Problems go to stderr (msg(3)); the sync counts go to stdout.
/*--*/

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <syslog.h>

#include "msg.h"
#include "insmask.h"
#include "progress.h"
#include "mirror_run.h"
#include "mirror_ldif.h"
#include "mirror_sync.h"
#include "mirror_update.h"
#include "mirror_status.h"
#include "mirror_tlspol.h"

#define DEFAULT_BASE	"o=mssante"

/* usage - print the synopsis and exit */

static void usage(const char *why)
{
    if (why)
	fprintf(stderr, "mssante-mirror: %s\n", why);
    fprintf(stderr,
	    "usage: mssante-mirror ldif --whitelist FILE --extraction FILE [--base DN]\n"
	    "           (--ca FILE [--signer DN] | --no-verify)\n"
	    "           [--pharmacies FILE] [--pharmacy-regex ERE | --no-pharmacy-rule]\n"
	    "           [--max-bad-lines N] [--progress | --no-progress] [-v]\n"
	    "       mssante-mirror sync --uri URI [--bind-dn DN --password-file FILE]\n"
	    "           [--max-delete-percent N] [--dry-run] and the ldif options\n"
	    "       mssante-mirror update|fetch [--config FILE] [--force]\n"
	    "           [--progress | --no-progress] [-v]\n"
	    "       mssante-mirror status [--config FILE]\n"
	    "       mssante-mirror config [--config FILE]\n"
	    "       mssante-mirror postfix-tls-policy --whitelist FILE [--output FILE]\n"
	    "           (--ca FILE [--signer TEXT] | --no-verify)\n");
    exit(MIRROR_EXIT_USAGE);
}

/* number - a non-negative decimal option value */

static long number(const char *opt, const char *arg, long max)
{
    char   *end;
    long    v = strtol(arg, &end, 10);

    if (*arg == 0 || *end != 0 || v < 0 || v > max) {
	fprintf(stderr, "mssante-mirror: %s: \"%s\" is not a number from 0 to %ld\n",
		opt, arg, max);
	exit(MIRROR_EXIT_USAGE);
    }
    return (v);
}

#define MIRROR_STATUS_MODE	(-1)		/* update()'s mode for status */
#define MIRROR_CONFIG_MODE	(-2)		/* and for config */

/* update - the update, fetch, status and config subcommands (mirror.conf) */

static int update(int argc, char **argv, int mode)
{
    static const struct option opts[] = {
	{"config", required_argument, 0, 'c'},
	{"force", no_argument, 0, 'f'},
	{"progress", no_argument, 0, 'P'},
	{"no-progress", no_argument, 0, 'Q'},
	{"verbose", no_argument, 0, 'v'},
	{"help", no_argument, 0, 'h'},
	{0, 0, 0, 0},
    };
    const char *config = MIRROR_CONF_PATH;
    MIRROR_CONF *mc;
    VSTR   *err;
    int     c, force = 0, verbose = 0, progress = PROGRESS_AUTO, st;

    optind = 2;
    while ((c = getopt_long(argc, argv, "vh", opts, 0)) != -1) {
	switch (c) {
	case 'c': config = optarg; break;
	case 'f': force = 1; break;
	case 'P': progress = PROGRESS_ON; break;
	case 'Q': progress = PROGRESS_OFF; break;
	case 'v': verbose = 1; msg_verbose++; break;
	default: usage(0);
	}
    }
    if (optind != argc)
	usage("unexpected argument");
    err = vstr_alloc(100);
    if ((mc = mirror_conf_load(config, err)) == 0) {
	msg_error("%s", vstr_str(err));
	if (mode == MIRROR_STATUS_MODE)
	    printf("MIRROR UNKNOWN - %s\n", vstr_str(err));
	vstr_free(err);
	return (mode == MIRROR_STATUS_MODE ? MIRROR_STATUS_UNKNOWN : MIRROR_EXIT_USAGE);
    }
    vstr_free(err);
    if (mode == MIRROR_STATUS_MODE) {
	st = mirror_status_run(mc);
    } else if (mode == MIRROR_CONFIG_MODE) {
	printf("# %s, with the defaults of the keys it does not set\n", config);
	mirror_conf_print(mc, stdout);
	st = fflush(stdout) == 0 && !ferror(stdout) ? MIRROR_EXIT_OK : MIRROR_EXIT_ERROR;
    } else
	st = mirror_update_run(mc, mode, force, verbose, progress);
    mirror_conf_free(mc);
    return (st);
}

/* tls_policy - the postfix-tls-policy subcommand */

static int tls_policy(MIRROR_RUN *run, const char *output)
{
    int     st;

    if (run->whitelist == 0)
	usage("--whitelist is required");
    if (run->ca == 0 && !run->no_verify)
	usage("--ca FILE is required to verify the whitelist signature"
	      " (or --no-verify, explicitly)");
    run->whitelist_only = 1;
    if ((st = mirror_run_prepare(run)) == MIRROR_EXIT_OK) {
	if (output == 0) {
	    if (mirror_tlspol_write(run->wl, 0, run->ca, stdout) < 0 || fflush(stdout) != 0)
		st = MIRROR_EXIT_ERROR;
	} else if (mirror_tlspol_file(run->wl, run->ca, output) < 0) {
	    st = MIRROR_EXIT_ERROR;
	} else {
	    /* What the site adds to main.cf, once. */
	    mirror_tlspol_main_cf(output, run->ca, stdout);
	}
    }
    mirror_run_finish(run);
    return (st);
}

/* report_usage - counts, CPU time and memory of a run (-v) */

static void report_usage(const char *cmd, const MIRROR_RUN *run)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) == 0)
	msg_info("%s done: %ld mailboxes, %ld pharmacies; %.1f s CPU, max RSS %ld MB",
		 cmd, run->load ? run->load->mailboxes : 0L,
		 run->load ? run->load->pharmacies : 0L,
		 ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
		 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
		 ru.ru_maxrss / 1024);
}

/* parse_opts - the options after the subcommand, into run and *output */

static void parse_opts(int argc, char **argv, MIRROR_RUN *run,
		               const char **output)
{
    static const struct option opts[] = {
	{"whitelist", required_argument, 0, 'w'},
	{"extraction", required_argument, 0, 'x'},
	{"base", required_argument, 0, 'b'},
	{"ca", required_argument, 0, 'C'},
	{"signer", required_argument, 0, 'S'},
	{"no-verify", no_argument, 0, 'N'},
	{"pharmacies", required_argument, 0, 'p'},
	{"pharmacy-regex", required_argument, 0, 'r'},
	{"no-pharmacy-rule", no_argument, 0, 'R'},
	{"max-bad-lines", required_argument, 0, 'm'},
	{"max-delete-percent", required_argument, 0, 'M'},
	{"uri", required_argument, 0, 'H'},
	{"bind-dn", required_argument, 0, 'D'},
	{"password-file", required_argument, 0, 'y'},
	{"dry-run", no_argument, 0, 'n'},
	{"output", required_argument, 0, 'o'},
	{"progress", no_argument, 0, 'P'},
	{"no-progress", no_argument, 0, 'Q'},
	{"verbose", no_argument, 0, 'v'},
	{"help", no_argument, 0, 'h'},
	{0, 0, 0, 0},
    };
    int     c;

    memset(run, 0, sizeof(*run));
    run->base = DEFAULT_BASE;
    run->max_bad = 100;
    run->max_delete_pct = 5;
    run->pharmacy_re = MIRROR_PHARMACY_DEFAULT_RE;
    run->progress = PROGRESS_AUTO;
    optind = 2;
    while ((c = getopt_long(argc, argv, "vh", opts, 0)) != -1) {
	switch (c) {
	case 'w': run->whitelist = optarg; break;
	case 'x': run->extraction = optarg; break;
	case 'b': run->base = optarg; break;
	case 'C': run->ca = optarg; break;
	case 'S': run->signer = optarg; break;
	case 'N': run->no_verify = 1; break;
	case 'p': run->pharmacies = optarg; break;
	case 'r': run->pharmacy_re = optarg; break;
	case 'R': run->pharmacy_re = 0; break;
	case 'm': run->max_bad = number("--max-bad-lines", optarg, 100000000L); break;
	case 'M': run->max_delete_pct = (int) number("--max-delete-percent", optarg, 100); break;
	case 'H': run->uri = optarg; break;
	case 'D': run->bind_dn = optarg; break;
	case 'y': run->password_file = optarg; break;
	case 'n': run->dry_run = 1; break;
	case 'o': *output = optarg; break;
	case 'P': run->progress = PROGRESS_ON; break;
	case 'Q': run->progress = PROGRESS_OFF; break;
	case 'v': run->verbose = 1; msg_verbose++; break;
	default: usage(0);
	}
    }
    if (optind != argc)
	usage("unexpected argument");
}

/* main - parse the options, check the inputs, run the subcommand */

int     main(int argc, char **argv)
{
    MIRROR_RUN run;
    const char *cmd, *output = 0;
    int     st, tlspol;

    msg_filter(insmask_inplace);		/* no INS in clear in any log line */
    msg_open("mssante-mirror", LOG_DAEMON, MSG_TO_STDERR);
    /* A server that goes away must give an LDAP error, not kill the run. */
    (void) signal(SIGPIPE, SIG_IGN);
    if (argc < 2 || argv[1][0] == '-')
	usage(argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : "no subcommand");
    cmd = argv[1];
    if (strcmp(cmd, "status") == 0)
	return (update(argc, argv, MIRROR_STATUS_MODE));
    if (strcmp(cmd, "config") == 0)
	return (update(argc, argv, MIRROR_CONFIG_MODE));
    if (strcmp(cmd, "update") == 0 || strcmp(cmd, "fetch") == 0)
	return (update(argc, argv, strcmp(cmd, "update") == 0 ?
		       MIRROR_UPDATE_SYNC : MIRROR_UPDATE_FETCH));
    tlspol = strcmp(cmd, "postfix-tls-policy") == 0;
    if (strcmp(cmd, "ldif") != 0 && strcmp(cmd, "sync") != 0 && !tlspol)
	usage("the subcommand is ldif, sync, update, fetch, status, config"
	      " or postfix-tls-policy");
    parse_opts(argc, argv, &run, &output);
    if (tlspol)
	return (tls_policy(&run, output));
    if (run.whitelist == 0 || run.extraction == 0)
	usage("--whitelist and --extraction are required");
    if (run.ca == 0 && !run.no_verify)
	usage("--ca FILE is required to verify the whitelist signature"
	      " (or --no-verify, explicitly)");
    if (strcmp(cmd, "sync") == 0 && run.uri == 0)
	usage("sync needs --uri");
    if ((run.bind_dn == 0) != (run.password_file == 0))
	usage("--bind-dn and --password-file go together");
    if ((st = mirror_run_prepare(&run)) != MIRROR_EXIT_OK) {
	mirror_run_finish(&run);
	return (st);
    }
    if (strcmp(cmd, "ldif") == 0)
	st = mirror_ldif_write(&run, stdout);
    else
	st = mirror_sync_run(&run);
    if (st == MIRROR_EXIT_OK)
	mirror_pharmacy_report(run.pp);
    if (run.verbose)
	report_usage(cmd, &run);
    mirror_run_finish(&run);
    return (st);
}
