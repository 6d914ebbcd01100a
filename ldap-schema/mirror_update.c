/*++
/* NAME
/*	mirror_update 3
/* SUMMARY
/*	mssante-mirror update and fetch: download, verify, then sync
/* SYNOPSIS
/*	#include "mirror_update.h"
/*
/*	int	mirror_update_run(mc, mode, force, verbose, progress)
/*	const MIRROR_CONF *mc;
/*	int	mode;
/*	int	force;
/*	int	verbose;
/*	int	progress;
/* DESCRIPTION
/*	mirror_update_run() is the daily job of a site, driven by
/*	mirror.conf (mirror_conf(3)). Under an exclusive lock on
/*	StateDirectory/lock (flock; a second run exits at once with
/*	MIRROR_EXIT_BUSY), it:
/*
/*	- downloads the whitelist and the extraction (mirror_fetch(3)),
/*	  conditionally: StateDirectory/current keeps the last files that
/*	  were loaded with their ETag or Last-Modified;
/*	- when neither changed (two 304 answers) and force is not set,
/*	  stops there, except that with PostfixTLSPolicy set and the
/*	  table missing or older than the loaded list (deleted, or a
/*	  write that failed), it rewrites the table from that list,
/*	  verified again (MIRROR_UPDATE_SYNC only);
/*	- takes the extraction file out of its ZIP (mirror_unzip(3)), or
/*	  takes a plain text download named by its URL; its file-name time
/*	  must not be more than a day in the future;
/*	- checks both files as sync does (mirror_run_prepare(): header,
/*	  signature, with Signer and SignerIssuer compared as whole DNs);
/*	- with mode MIRROR_UPDATE_SYNC, syncs the directory with
/*	  run->no_rollback set (mirror_sync(3): no file older than the
/*	  loaded one, the MaxDeletePercent guard), then moves the new
/*	  files and their validators into StateDirectory/current;
/*	- with PostfixTLSPolicy set, writes that Postfix TLS policy table
/*	  (mirror_tlspol(3)) when the whitelist changed or the table is
/*	  missing or older than the loaded list.
/*
/*	New downloads go to StateDirectory/new and are discarded on any
/*	failure, so the next run downloads again rather than skipping a
/*	refused file as "not modified". With MIRROR_UPDATE_FETCH, the
/*	checked files are left in StateDirectory/new and nothing else
/*	changes.
/*
/*	progress (PROGRESS_OFF, PROGRESS_AUTO or PROGRESS_ON, see
/*	progress(3)) says whether the downloads and the load show their
/*	progress on stderr.
/* DIAGNOSTICS
/*	The exit status of mssante-mirror(8): MIRROR_EXIT_DOWNLOAD for a
/*	failed download, MIRROR_EXIT_BUSY for a held lock, the statuses
/*	of prepare and sync otherwise.
/*--*/

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mymalloc.h"
#include "msg.h"
#include "mirror_fetch.h"
#include "mirror_run.h"
#include "mirror_sync.h"
#include "mirror_tlspol.h"
#include "mirror_unzip.h"
#include "mirror_update.h"

typedef struct UPDATE {
    const MIRROR_CONF *mc;
    VSTR   *cur;			/* StateDirectory/current */
    VSTR   *new;			/* StateDirectory/new */
    VSTR   *wl_path;			/* the whitelist to load */
    VSTR   *ex_path;			/* the extraction to load */
    int     wl_new;			/* MIRROR_FETCH_NEW or _SAME */
    int     ex_new;
    int     progress;			/* PROGRESS_OFF, _AUTO or _ON */
} UPDATE;

/* update_dir - a directory of the state, created when missing */

static int update_dir(const char *path)
{
    if (mkdir(path, 0750) < 0 && errno != EEXIST) {
	msg_error("mkdir %s: %s", path, strerror(errno));
	return (-1);
    }
    return (0);
}

/* update_lock - the exclusive lock; -2 when another run holds it */

static int update_lock(const char *dir)
{
    VSTR   *path = vstr_alloc(100);
    int     fd;

    vstr_sprintf(path, "%s/lock", dir);
    if ((fd = open(vstr_str(path), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0) {
	msg_error("open %s: %s", vstr_str(path), strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
	int     busy = errno == EWOULDBLOCK;

	if (busy)
	    msg_error("%s: another mssante-mirror update is running; nothing done",
		      vstr_str(path));
	else
	    msg_error("flock %s: %s", vstr_str(path), strerror(errno));
	close(fd);
	fd = busy ? -2 : -1;
    }
    vstr_free(path);
    return (fd);
}

/* update_extraction_in - the one extraction file of a directory */

static int update_extraction_in(const char *dir, VSTR *out, int remove)
{
    DIR    *dp;
    struct dirent *de;
    int     found = 0;

    if ((dp = opendir(dir)) == 0)
	return (0);
    while ((de = readdir(dp)) != 0) {
	if (!mirror_unzip_name_ok(de->d_name))
	    continue;
	vstr_sprintf(out, "%s/%s", dir, de->d_name);
	if (remove)
	    (void) unlink(vstr_str(out));
	found++;
    }
    closedir(dp);
    return (found);
}

/* update_clean_new - forget the downloads of a failed or earlier run */

static void update_clean_new(UPDATE *up)
{
    static const char *const names[] = {"whitelist.xml", "whitelist.validators",
    "extraction.download", "extraction.validators", 0};
    const char *const *cpp;
    VSTR   *path = vstr_alloc(100);

    for (cpp = names; *cpp; cpp++) {
	vstr_sprintf(path, "%s/%s", vstr_str(up->new), *cpp);
	(void) unlink(vstr_str(path));
    }
    (void) update_extraction_in(vstr_str(up->new), path, 1);
    vstr_free(path);
}

/* update_get - one conditional download; the cached copy when unchanged */

static int update_get(UPDATE *up, const char *url, const char *name,
		              const char *cached, unsigned long long max, VSTR *why)
{
    MIRROR_FETCH_OPTS opts;
    VSTR   *val = vstr_alloc(100);
    VSTR   *out = vstr_alloc(100);
    VSTR   *nval = vstr_alloc(100);
    int     st;

    opts.ca_file = up->mc->https_ca_file;
    opts.connect_ms = up->mc->connect_timeout;
    opts.total_ms = up->mc->timeout;
    opts.max_size = max;
    opts.progress = up->progress;
    opts.label = name;
    /* Without the cached file, a 304 would leave nothing to load. */
    vstr_sprintf(val, "%s/%s.validators", vstr_str(up->cur), name);
    vstr_sprintf(out, "%s/%s", vstr_str(up->new), strcmp(name, "whitelist") == 0 ?
		 "whitelist.xml" : "extraction.download");
    vstr_sprintf(nval, "%s/%s.validators", vstr_str(up->new), name);
    st = mirror_fetch(&opts, url, cached ? vstr_str(val) : 0, vstr_str(out),
		      vstr_str(nval), why);
    vstr_free(val);
    vstr_free(out);
    vstr_free(nval);
    return (st);
}

/* update_url_name - last path component of a URL, without the query */

static void update_url_name(const char *url, VSTR *name)
{
    const char *end = url + strcspn(url, "?#");
    const char *start = end;

    while (start > url && start[-1] != '/')
	start--;
    vstr_reset(name);
    vstr_ncat(name, start, (size_t) (end - start));
}

/* update_not_future - an extraction dated more than a day ahead is wrong */

static int update_not_future(const char *path, VSTR *why)
{
    char    gt[32], limit[32];
    time_t  later = time(0) + 86400;
    struct tm tm;

    gmtime_r(&later, &tm);
    strftime(limit, sizeof(limit), "%Y%m%d%H%M%SZ", &tm);
    if (mirror_run_extraction_date(path, gt, sizeof(gt)) < 0 || strcmp(gt, limit) > 0) {
	vstr_sprintf(why, "%s: the time in the file name is in the future", path);
	return (-1);
    }
    return (0);
}

/* update_extraction - the extraction file to load from the download */

static int update_extraction(UPDATE *up, VSTR *why)
{
    const MIRROR_CONF *mc = up->mc;
    MIRROR_UNZIP_LIMITS lim;
    VSTR   *dl = vstr_alloc(100);
    VSTR   *name = vstr_alloc(100);
    int     ret = -1;

    vstr_sprintf(dl, "%s/extraction.download", vstr_str(up->new));
    if (mirror_unzip_is_zip(vstr_str(dl))) {
	lim.max_size = mc->max_extraction_size;
	lim.max_ratio = (unsigned long long) mc->max_zip_ratio;
	ret = mirror_unzip(vstr_str(dl), vstr_str(up->new), &lim, up->ex_path, why);
    } else {
	/* data.gouv.fr's uncompressed copy: the URL names the file. */
	update_url_name(mc->extraction_url, name);
	if (!mirror_unzip_name_ok(vstr_str(name))) {
	    vstr_sprintf(why, "%s: neither a ZIP archive nor a URL ending in"
			 " Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt",
			 mc->extraction_url);
	} else if (vstr_sprintf(up->ex_path, "%s/%s", vstr_str(up->new), vstr_str(name)),
		   rename(vstr_str(dl), vstr_str(up->ex_path)) < 0) {
	    vstr_sprintf(why, "rename %s: %s", vstr_str(dl), strerror(errno));
	} else {
	    ret = 0;
	}
    }
    if (ret == 0)
	ret = update_not_future(vstr_str(up->ex_path), why);
    (void) unlink(vstr_str(dl));
    vstr_free(dl);
    vstr_free(name);
    return (ret);
}

/* update_download - both files; MIRROR_EXIT_* */

static int update_download(UPDATE *up)
{
    const MIRROR_CONF *mc = up->mc;
    VSTR   *why = vstr_alloc(100);
    int     have_wl, have_ex, ret = MIRROR_EXIT_DOWNLOAD;

    vstr_sprintf(up->wl_path, "%s/whitelist.xml", vstr_str(up->cur));
    have_wl = access(vstr_str(up->wl_path), R_OK) == 0;
    have_ex = update_extraction_in(vstr_str(up->cur), up->ex_path, 0) == 1;
    if ((up->wl_new = update_get(up, mc->whitelist_url, "whitelist", have_wl ? "" : 0,
				 mc->max_whitelist_size, why)) == MIRROR_FETCH_FAIL) {
	msg_error("whitelist download failed: %s; the directory is left unchanged",
		  vstr_str(why));
	goto out;
    }
    if (up->wl_new == MIRROR_FETCH_NEW)
	vstr_sprintf(up->wl_path, "%s/whitelist.xml", vstr_str(up->new));
    if ((up->ex_new = update_get(up, mc->extraction_url, "extraction", have_ex ? "" : 0,
				 mc->max_download_size, why)) == MIRROR_FETCH_FAIL) {
	msg_error("extraction download failed: %s; the directory is left unchanged",
		  vstr_str(why));
	goto out;
    }
    if (up->ex_new == MIRROR_FETCH_NEW && update_extraction(up, why) < 0) {
	msg_error("extraction refused: %s; the directory is left unchanged", vstr_str(why));
	ret = MIRROR_EXIT_EXTRACTION;
	goto out;
    }
    ret = MIRROR_EXIT_OK;
out:
    vstr_free(why);
    return (ret);
}

/* update_move - new/NAME to current/NAME */

static int update_move(UPDATE *up, const char *from, const char *name)
{
    VSTR   *to = vstr_alloc(100);
    int     ret = 0;

    vstr_sprintf(to, "%s/%s", vstr_str(up->cur), name);
    if (rename(from, vstr_str(to)) < 0) {
	msg_error("rename %s to %s: %s", from, vstr_str(to), strerror(errno));
	ret = -1;
    }
    vstr_free(to);
    return (ret);
}

/* update_promote - the loaded files become the cached copies */

static int update_promote(UPDATE *up)
{
    VSTR   *path = vstr_alloc(100);
    const char *base;
    int     ret = 0;

    if (up->wl_new == MIRROR_FETCH_NEW) {
	vstr_sprintf(path, "%s/whitelist.validators", vstr_str(up->new));
	ret |= update_move(up, vstr_str(up->wl_path), "whitelist.xml");
	ret |= update_move(up, vstr_str(path), "whitelist.validators");
    }
    if (up->ex_new == MIRROR_FETCH_NEW) {
	(void) update_extraction_in(vstr_str(up->cur), path, 1);
	base = strrchr(vstr_str(up->ex_path), '/') + 1;
	ret |= update_move(up, vstr_str(up->ex_path), base);
	vstr_sprintf(path, "%s/extraction.validators", vstr_str(up->new));
	ret |= update_move(up, vstr_str(path), "extraction.validators");
    }
    vstr_free(path);
    return (ret);
}

/* update_tlspol_stale - the table is missing, or older than the loaded list */

static int update_tlspol_stale(UPDATE *up)
{
    VSTR   *path = vstr_alloc(100);
    struct stat tab, wl;
    int     stale;

    /* Not yet written, deleted, or a write that failed after a load. */
    vstr_sprintf(path, "%s/whitelist.xml", vstr_str(up->cur));
    if (stat(up->mc->postfix_tls_policy, &tab) < 0)
	stale = 1;
    else if (stat(vstr_str(path), &wl) < 0)
	stale = 0;
    else
	stale = tab.st_mtim.tv_sec < wl.st_mtim.tv_sec
	    || (tab.st_mtim.tv_sec == wl.st_mtim.tv_sec
		&& tab.st_mtim.tv_nsec < wl.st_mtim.tv_nsec);
    vstr_free(path);
    return (stale);
}

/* update_run_init - what every check of the files takes from mirror.conf */

static void update_run_init(UPDATE *up, MIRROR_RUN *run, int verbose)
{
    const MIRROR_CONF *mc = up->mc;

    memset(run, 0, sizeof(*run));
    run->base = mc->base;
    run->whitelist = vstr_str(up->wl_path);
    run->ca = mc->signature_ca_file;
    run->signer_dn = mc->signer;
    run->signer_issuer = mc->signer_issuer;
    run->pharmacies = mc->pharmacy_list;
    run->pharmacy_re = mc->pharmacy_regex;
    run->verbose = verbose;
    run->progress = up->progress;
}

/* update_tlspol_refresh - nothing changed: the table again, when stale */

static int update_tlspol_refresh(UPDATE *up, int verbose)
{
    const MIRROR_CONF *mc = up->mc;
    MIRROR_RUN run;
    int     st;

    if (mc->postfix_tls_policy == 0 || !update_tlspol_stale(up))
	return (MIRROR_EXIT_OK);
    /* The loaded list, verified again: the cache is not a trust anchor. */
    update_run_init(up, &run, verbose);
    run.whitelist_only = 1;
    if ((st = mirror_run_prepare(&run)) == MIRROR_EXIT_OK) {
	if (mirror_tlspol_file(run.wl, mc->signature_ca_file, mc->postfix_tls_policy) < 0)
	    st = MIRROR_EXIT_ERROR;
	else
	    printf("%s: rewritten from the loaded whitelist\n", mc->postfix_tls_policy);
    }
    mirror_run_finish(&run);
    return (st);
}

/* update_load - check both files, then sync (or stop, for fetch) */

static int update_load(UPDATE *up, int mode, int verbose)
{
    const MIRROR_CONF *mc = up->mc;
    MIRROR_RUN run;
    int     st;

    update_run_init(up, &run, verbose);
    run.extraction = vstr_str(up->ex_path);
    run.no_rollback = 1;
    run.max_bad = mc->max_bad_lines;
    run.max_delete_pct = (int) mc->max_delete_percent;
    run.uri = mc->ldap_uri;
    run.bind_dn = mc->bind_dn;
    run.password_file = mc->password_file;
    if ((st = mirror_run_prepare(&run)) == MIRROR_EXIT_OK) {
	if (mode == MIRROR_UPDATE_FETCH) {
	    printf("whitelist: %s\nextraction: %s\n", run.whitelist, run.extraction);
	} else if ((st = mirror_sync_run(&run)) == MIRROR_EXIT_OK) {
	    mirror_pharmacy_report(run.pp);
	    if (update_promote(up) < 0)
		st = MIRROR_EXIT_ERROR;
	    if (mc->postfix_tls_policy && (up->wl_new == MIRROR_FETCH_NEW
					   || update_tlspol_stale(up))
		&& mirror_tlspol_file(run.wl, mc->signature_ca_file,
				      mc->postfix_tls_policy) < 0)
		st = MIRROR_EXIT_ERROR;
	}
    }
    mirror_run_finish(&run);
    return (st);
}

/* mirror_update_run - the whole job */

int     mirror_update_run(const MIRROR_CONF *mc, int mode, int force, int verbose,
			          int progress)
{
    UPDATE  up;
    int     lock_fd, st;

    memset(&up, 0, sizeof(up));
    up.mc = mc;
    up.progress = progress;
    if (mc->signature_ca_file == 0) {
	msg_error("SignatureCAFile is required to verify the whitelist");
	return (MIRROR_EXIT_USAGE);
    }
    up.cur = vstr_alloc(100);
    up.new = vstr_alloc(100);
    up.wl_path = vstr_alloc(100);
    up.ex_path = vstr_alloc(100);
    vstr_sprintf(up.cur, "%s/current", mc->state_dir);
    vstr_sprintf(up.new, "%s/new", mc->state_dir);
    if (update_dir(mc->state_dir) < 0 || update_dir(vstr_str(up.cur)) < 0
	|| update_dir(vstr_str(up.new)) < 0) {
	st = MIRROR_EXIT_ERROR;
    } else if ((lock_fd = update_lock(mc->state_dir)) < 0) {
	st = lock_fd == -2 ? MIRROR_EXIT_BUSY : MIRROR_EXIT_ERROR;
    } else {
	update_clean_new(&up);
	if (mirror_fetch_init() < 0)
	    msg_fatal("cannot initialise libcurl");
	st = update_download(&up);
	mirror_fetch_shutdown();
	if (st == MIRROR_EXIT_OK && up.wl_new == MIRROR_FETCH_SAME
	    && up.ex_new == MIRROR_FETCH_SAME && !force) {
	    printf("not modified: the whitelist and the extraction are those loaded\n");
	    if (mode == MIRROR_UPDATE_SYNC)
		st = update_tlspol_refresh(&up, verbose);
	} else if (st == MIRROR_EXIT_OK) {
	    st = update_load(&up, mode, verbose);
	}
	if (st != MIRROR_EXIT_OK || mode == MIRROR_UPDATE_SYNC)
	    update_clean_new(&up);
	close(lock_fd);
    }
    vstr_free(up.cur);
    vstr_free(up.new);
    vstr_free(up.wl_path);
    vstr_free(up.ex_path);
    return (st);
}
