/*++
/* NAME
/*	mirror_fetch 3
/* SUMMARY
/*	one conditional HTTPS download of an ANS file (libcurl)
/* SYNOPSIS
/*	#include "mirror_fetch.h"
/*
/*	int	mirror_fetch_init(void)
/*
/*	int	mirror_fetch(opts, url, validators, out, new_validators, why)
/*	const MIRROR_FETCH_OPTS *opts;
/*	const char *url;
/*	const char *validators;
/*	const char *out;
/*	const char *new_validators;
/*	VSTR	*why;
/*
/*	void	mirror_fetch_shutdown(void)
/* DESCRIPTION
/*	mirror_fetch() downloads url into the file out (created mode 0600,
/*	replaced if it exists) with libcurl:
/*
/*	- HTTPS only, also after a redirect (at most 5); the server's
/*	  certificate and name are always verified, against opts->ca_file
/*	  or else the system's CA bundle; TLS 1.2 at least;
/*	- opts->connect_ms bounds the connection, opts->total_ms the
/*	  whole transfer; a body larger than opts->max_size is refused,
/*	  whether the server announced its length or not;
/*	- when the file validators exists (written by an earlier
/*	  successful run), the request is conditional: If-None-Match with
/*	  the ETag it holds, else If-Modified-Since with its Last-Modified
/*	  time. A 304 answer returns MIRROR_FETCH_SAME and writes nothing;
/*	- a 200 answer whose body arrived whole returns MIRROR_FETCH_NEW
/*	  and writes the answer's validators into new_validators, for the
/*	  caller to keep once the body was verified and loaded (a body
/*	  that is later refused must not be skipped as "not modified").
/*
/*	The validators file has one "etag VALUE" and one "last-modified
/*	SECONDS" line, each optional.
/*
/*	With opts->progress (progress(3)), a body shows its progress on
/*	stderr under opts->label: bytes received, rate, and with the
/*	answer's Content-Length the percentage and time left. The line
/*	starts with the first byte of a body, so a 304 answer shows none.
/*
/*	mirror_fetch_init() and mirror_fetch_shutdown() bracket the use of
/*	libcurl (process-wide).
/* DIAGNOSTICS
/*	MIRROR_FETCH_FAIL with the reason in why (libcurl's message and
/*	its detail, such as which certificate check failed): connection
/*	refused, timeout, certificate, a redirect to another scheme than
/*	HTTPS, HTTP status other than 200/304, truncated
/*	body, size limit, or a local I/O error. out may then hold a
/*	partial body: the caller discards it.
/*--*/

#include "config.h"			/* PACKAGE_VERSION */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "mymalloc.h"
#include "progress.h"
#include "mirror_fetch.h"

typedef struct FETCH_STATE {
    const MIRROR_FETCH_OPTS *opts;
    FILE   *fp;
    unsigned long long got;
    int     too_big;			/* the body went past max_size */
    int     write_error;
    VSTR   *etag;			/* of the final answer */
    PROGRESS *pg;			/* from the first byte of a body */
    int     pg_opened;			/* pg is what progress_open() said */
    char    errbuf[CURL_ERROR_SIZE];	/* libcurl's detail of a failure */
} FETCH_STATE;

/* mirror_fetch_init - process-wide libcurl setup */

int     mirror_fetch_init(void)
{
    return (curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1);
}

/* mirror_fetch_shutdown - process-wide cleanup */

void    mirror_fetch_shutdown(void)
{
    curl_global_cleanup();
}

/* fetch_body - store the body, within the size limit */

static size_t fetch_body(char *data, size_t size, size_t nmemb, void *ctx)
{
    FETCH_STATE *fs = (FETCH_STATE *) ctx;
    size_t  len = size * nmemb;

    /* A chunked answer announces no length: count what comes. */
    if (fs->got + len > fs->opts->max_size) {
	fs->too_big = 1;
	return (0);
    }
    if (fwrite(data, 1, len, fs->fp) != len) {
	fs->write_error = errno ? errno : EIO;
	return (0);
    }
    fs->got += len;
    return (len);
}

/* fetch_progress - libcurl's transfer callback: the progress line */

static int fetch_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
			          curl_off_t ultotal, curl_off_t ulnow)
{
    FETCH_STATE *fs = (FETCH_STATE *) ctx;

    (void) ultotal;
    (void) ulnow;
    if (!fs->pg_opened && dlnow > 0) {
	fs->pg = progress_open(fs->opts->progress, stderr, fs->opts->label, 0, 0);
	fs->pg_opened = 1;
    }
    progress_total(fs->pg, (long long) dltotal);
    progress_update(fs->pg, 0, (long long) dlnow);
    return (0);
}

/* fetch_header - remember the ETag of the final answer */

static size_t fetch_header(char *data, size_t size, size_t nmemb, void *ctx)
{
    FETCH_STATE *fs = (FETCH_STATE *) ctx;
    size_t  len = size * nmemb;
    size_t  n;
    char   *cp;

    /* Each answer of a redirect chain starts with its status line. */
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0)
	vstr_reset(fs->etag);
    if (len > 5 && strncasecmp(data, "ETag:", 5) == 0) {
	for (cp = data + 5, n = len - 5; n > 0 && (*cp == ' ' || *cp == '\t'); cp++, n--)
	     /* void */ ;
	while (n > 0 && (cp[n - 1] == '\r' || cp[n - 1] == '\n' || cp[n - 1] == ' '))
	    n--;
	/* A validator is one printable token; anything else is ignored. */
	vstr_reset(fs->etag);
	if (n > 0 && n < 256 && memchr(cp, '\n', n) == 0 && memchr(cp, '\r', n) == 0)
	    vstr_ncat(fs->etag, cp, n);
    }
    return (len);
}

/* read_validators - ETag and Last-Modified of the cached copy */

static void read_validators(const char *path, VSTR *etag, long *mtime)
{
    FILE   *fp;
    char    line[512];
    size_t  n;

    vstr_reset(etag);
    *mtime = -1;
    if (path == 0 || (fp = fopen(path, "r")) == 0)
	return;
    while (fgets(line, sizeof(line), fp) != 0) {
	if ((n = strlen(line)) > 0 && line[n - 1] == '\n')
	    line[--n] = 0;
	if (strncmp(line, "etag ", 5) == 0)
	    vstr_strcpy(etag, line + 5);
	else if (strncmp(line, "last-modified ", 14) == 0)
	    *mtime = atol(line + 14);
    }
    fclose(fp);
}

/* write_validators - the new answer's validators */

static int write_validators(const char *path, VSTR *etag, long mtime, VSTR *why)
{
    FILE   *fp;

    if ((fp = fopen(path, "w")) == 0) {
	vstr_sprintf(why, "create %s: %s", path, strerror(errno));
	return (-1);
    }
    if (vstr_len(etag))
	fprintf(fp, "etag %s\n", vstr_str(etag));
    if (mtime >= 0)
	fprintf(fp, "last-modified %ld\n", mtime);
    if (fclose(fp) != 0) {
	vstr_sprintf(why, "write %s: %s", path, strerror(errno));
	return (-1);
    }
    return (0);
}

/* fetch_setup - the handle's security and limit options */

static struct curl_slist *fetch_setup(CURL *curl, FETCH_STATE *fs, const char *url,
				              const char *validators)
{
    const MIRROR_FETCH_OPTS *opts = fs->opts;
    struct curl_slist *hdrs = 0;
    VSTR   *etag = vstr_alloc(64);
    VSTR   *hdr = vstr_alloc(100);
    long    mtime;

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, fs->errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
    if (opts->ca_file)
	curl_easy_setopt(curl, CURLOPT_CAINFO, opts->ca_file);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, opts->connect_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, opts->total_ms);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) opts->max_size);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 0L);
    curl_easy_setopt(curl, CURLOPT_FILETIME, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "mssante-mirror/" PACKAGE_VERSION);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, fetch_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, fs);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, fetch_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, fs);
    if (opts->progress != PROGRESS_OFF) {
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, fetch_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, fs);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }
    read_validators(validators, etag, &mtime);
    if (vstr_len(etag)) {
	vstr_sprintf(hdr, "If-None-Match: %s", vstr_str(etag));
	hdrs = curl_slist_append(hdrs, vstr_str(hdr));
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    } else if (mtime >= 0) {
	curl_easy_setopt(curl, CURLOPT_TIMECONDITION, (long) CURL_TIMECOND_IFMODSINCE);
	curl_easy_setopt(curl, CURLOPT_TIMEVALUE, mtime);
    }
    vstr_free(etag);
    vstr_free(hdr);
    return (hdrs);
}

/* fetch_result - turn the transfer's outcome into the answer */

static int fetch_result(CURL *curl, CURLcode rc, FETCH_STATE *fs, const char *url,
			        const char *new_validators, VSTR *why)
{
    long    status = 0, mtime = -1;

    if (fs->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
	vstr_sprintf(why, "%s: larger than the limit of %llu bytes", url, fs->opts->max_size);
	return (MIRROR_FETCH_FAIL);
    }
    if (fs->write_error) {
	vstr_sprintf(why, "%s: cannot write the body: %s", url, strerror(fs->write_error));
	return (MIRROR_FETCH_FAIL);
    }
    if (rc != CURLE_OK) {
	/* The detail tells a wrong CA from a wrong name, for example. */
	vstr_sprintf(why, "%s: %s", url, curl_easy_strerror(rc));
	if (fs->errbuf[0] && strcmp(fs->errbuf, curl_easy_strerror(rc)) != 0)
	    vstr_sprintf_append(why, " (%s)", fs->errbuf);
	return (MIRROR_FETCH_FAIL);
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 304)
	return (MIRROR_FETCH_SAME);
    if (status != 200) {
	vstr_sprintf(why, "%s: HTTP status %ld", url, status);
	return (MIRROR_FETCH_FAIL);
    }
    curl_easy_getinfo(curl, CURLINFO_FILETIME, &mtime);
    if (write_validators(new_validators, fs->etag, mtime, why) < 0)
	return (MIRROR_FETCH_FAIL);
    return (MIRROR_FETCH_NEW);
}

/* mirror_fetch - one conditional download */

int     mirror_fetch(const MIRROR_FETCH_OPTS *opts, const char *url,
		             const char *validators, const char *out,
		             const char *new_validators, VSTR *why)
{
    FETCH_STATE fs;
    CURL   *curl;
    CURLcode rc;
    struct curl_slist *hdrs;
    int     fd, ret;

    memset(&fs, 0, sizeof(fs));
    fs.opts = opts;
    if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600)) < 0
	|| (fs.fp = fdopen(fd, "w")) == 0) {
	vstr_sprintf(why, "create %s: %s", out, strerror(errno));
	if (fd >= 0)
	    close(fd);
	return (MIRROR_FETCH_FAIL);
    }
    if ((curl = curl_easy_init()) == 0) {
	vstr_strcpy(why, "libcurl: cannot create a handle");
	fclose(fs.fp);
	return (MIRROR_FETCH_FAIL);
    }
    fs.etag = vstr_alloc(64);
    hdrs = fetch_setup(curl, &fs, url, validators);
    rc = curl_easy_perform(curl);
    progress_finish(fs.pg);
    if (fclose(fs.fp) != 0 && fs.write_error == 0)
	fs.write_error = errno;
    ret = fetch_result(curl, rc, &fs, url, new_validators, why);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(curl);
    vstr_free(fs.etag);
    return (ret);
}
