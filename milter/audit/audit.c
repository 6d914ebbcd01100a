/*++
/* NAME
/*	audit 3
/* SUMMARY
/*	tamper-evident audit trail of every decision (writer)
/* SYNOPSIS
/*	#include "audit_private.h"
/*
/*	AUDIT	*audit_open(const AUDIT_CONFIG *cf, VSTR *why)
/*	int	audit_write(AUDIT *audit, AUDIT_TXN *txn, AUDIT_END end,
/*				VSTR *why)
/*	int	audit_reopen(AUDIT *audit, VSTR *why)
/*	int	audit_checkpoint(AUDIT *audit, VSTR *why)
/*	int	audit_tick(AUDIT *audit, VSTR *why)
/*	void	audit_close(AUDIT *audit)
/*	const AUDIT_KEY *audit_key(const AUDIT *audit)
/*	AUDIT_TXN *audit_new_txn(const AUDIT *audit)
/*	void	audit_head(AUDIT *audit, long long *seq,
/*				char head[AUDIT_HEX_LEN + 1])
/* DESCRIPTION
/*	The audit trail is a file of JSON records, one per line, one per
/*	SMTP transaction plus a few bookkeeping records, linked into a
/*	hash chain (audit_chain(3)) so that any change to the file shows.
/*	Its format is described in mssante-milter-audit(5); the review
/*	tool is mssante-audit(1).
/*
/*	The configuration (AUDIT_CONFIG, its defaults and parsers) is
/*	in audit_conf(3).
/*
/*	audit_open() loads the key (refusing a key file other users can
/*	read), opens (or creates) the log file for appending through
/*	safefile(3) (no symbolic link, a regular file with one link,
/*	owned by the process's user or the configured owner, to whom it
/*	is then given through the descriptor: the directory is writable
/*	by the run-as user, who must not be able to make root open or
/*	chown another file), takes an
/*	exclusive flock() on it so that two daemons never interleave
/*	chains, and links the chain: when the file is not empty, to its
/*	last line (a partial last line, left by a crash in the middle of
/*	a write, is cut off first and the cut is recorded), with a
/*	"restart" record; when it is empty, to the last line of the
/*	previous generation "PATH.1" if there is one (logrotate rotated
/*	it while the daemon was stopped), with a "file-start" record.
/*	Both are seals (see below). With AuditSync "interval", or with
/*	an AuditCheckpoint interval and the real clock, it starts a
/*	timer thread (audit_timer(3)) that forces written records to
/*	the disk at the sync interval and writes the interval's
/*	checkpoints: call audit_open() after fork()/daemon().
/*
/*	Seals (checkpoint, file-start, restart: audit_chain(3)) are
/*	logged with msg_info() as "seq N, head H": syslog's copy on
/*	another host is out of an attacker's reach (mssante-audit verify
/*	--anchor). With AuditCheckpoint I > 0, at most I seconds pass
/*	between two seals, traffic or not, so that a gap in a trail shows
/*	removed checkpoints; start records say I ("checkpoint_s").
/*
/*	audit_write() builds the record of txn as it stands (see
/*	audit_txn(3)) and appends it with one write(); the record is then
/*	the new chain head. With AuditSync "every" it also waits for the
/*	disk. When a checkpoint is due (AuditCheckpoint seconds since
/*	the last seal), it goes first. It marks the transaction as
/*	written, even on
/*	failure: the daemon tempfails then, and the client's retry is a
/*	new transaction. It is safe to call from many threads at once;
/*	the lock is held only for the write itself, not for building.
/*
/*	audit_reopen() is for log rotation (logrotate renames the file,
/*	then signals the daemon): when PATH no longer names the open
/*	file, it closes the old file with a checkpoint (reason
/*	"rotate", even when nothing was written since the last seal: a
/*	rotated file always ends with one), opens PATH anew
/*	and writes a "file-start" record whose prev is the hash of the
/*	old file's last line, so the chain runs on across files. When
/*	PATH still names the open file it does nothing, unless the file
/*	was truncated (copytruncate: not recommended, records written
/*	between the copy and the truncation are lost), which gets a
/*	"file-start" record. When the new file cannot be opened, writing
/*	goes on into the old one (renamed, so nothing is lost).
/*
/*	audit_checkpoint() writes a checkpoint record now, if records
/*	were written since the last seal.
/*
/*	audit_tick() writes a checkpoint when one is due by the trail's
/*	clock, even when nothing was written since the last seal: the
/*	timer thread calls it; a caller with its own clock
/*	(AUDIT_CONFIG.clock: no timer thread then) calls it as its time
/*	goes by.
/*
/*	audit_close() stops the timer thread, closes the file with a
/*	checkpoint (reason "stop"), syncs and closes it, and frees
/*	everything.
/*
/*	audit_key() gives the site key. audit_new_txn() creates the
/*	fact sheet of a new connection (audit_txn_create() with the key
/*	and patient domain of the trail), or returns NULL when audit is
/*	NULL; free it with audit_txn_free(), before audit_close().
/*	audit_head() gives the seq of the next record and the current
/*	chain head (the hash of the last line written).
/*
/*	Every function accepts a NULL audit: the audit trail is off,
/*	audit_write() then succeeds without writing, and audit_key()
/*	returns NULL. A why argument may be NULL: the reason for a
/*	failure is then logged with msg_error().
/* DIAGNOSTICS
/*	audit_open() returns NULL, audit_write(), audit_reopen() and
/*	audit_checkpoint() return -1, with the reason in why. A short
/*	write (disk full) is undone with ftruncate() so that no partial
/*	line stays in the file; when even that fails, every later write
/*	fails until audit_reopen() succeeds. A checkpoint the timer
/*	cannot write is logged with msg_error() and tried again after
/*	min(AuditCheckpoint, 10 s).
/* SEE ALSO
/*	audit_conf(3), audit_txn(3), audit_chain(3), audit_ins(3),
/*	audit_timer(3), mssante-audit(1),
/*	mssante-milter-audit(5)
/*--*/

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mymalloc.h"
#include "msg.h"
#include "audit_chain.h"
#include "audit_time.h"
#include "safefile.h"
#include "audit_private.h"
#include "metrics.h"

/* clock_now - the trail's clock */

static void clock_now(AUDIT *a, struct timespec *now)
{
    if (a->clock)
	a->clock(now);
    else
	(void) clock_gettime(CLOCK_REALTIME, now);
}

/* audit_now_ms - the trail's clock in epoch ms, as records show it */

long long audit_now_ms(AUDIT *a)
{
    struct timespec now;

    clock_now(a, &now);
    return ((long long) now.tv_sec * 1000 + now.tv_nsec / 1000000);
}

/* record_base - the members every record starts with; *ms its time */

static json_t *record_base(AUDIT *a, const char *type, long long *ms)
{
    struct timespec now;
    VSTR   *ts = vstr_alloc(32);
    json_t *rec = json_object();

    clock_now(a, &now);
    if (ms)
	*ms = (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
    audit_time_format(&now, ts);
    json_object_set_new(rec, "v", json_integer(AUDIT_FORMAT_VERSION));
    json_object_set_new(rec, "type", json_string(type));
    json_object_set_new(rec, "time", json_string(vstr_str(ts)));
    json_object_set_new(rec, "host", audit_txn_string(a->host, strlen(a->host)));
    vstr_free(ts);
    return (rec);
}

/* dump_open - serialise a record without its closing brace */

static char *dump_open(json_t *rec, size_t *len, VSTR *why)
{
    char   *text = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);

    json_decref(rec);
    if (text == 0 || (*len = strlen(text)) < 2 || text[*len - 1] != '}') {
	vstr_strcpy(why, "cannot serialise the audit record (out of memory?)");
	free(text);
	return (0);
    }
    text[--*len] = 0;
    return (text);
}

/* write_line - append one whole line, advance the chain; lock held */

static int write_line(AUDIT *a, const char *body, size_t body_len,
		              int with_mac, VSTR *why)
{
    VSTR   *line = vstr_alloc(body_len + 250);
    char    mac[AUDIT_HEX_LEN + 1];
    ssize_t n;
    int     ret = -1;

    if (a->broken) {
	if (ftruncate(a->fd, a->size) < 0) {
	    vstr_sprintf(why, "audit log %s ends with a partial record that "
			 "cannot be removed: %s", a->path, strerror(errno));
	    goto out;
	}
	a->broken = 0;
    }
    vstr_ncat(line, body, body_len);
    if (with_mac) {
	audit_chain_seal(a->key, body, body_len, a->seq, a->head, mac);
	vstr_sprintf_append(line, ",\"mac\":\"%s\"", mac);
    }
    vstr_sprintf_append(line, ",\"seq\":%lld,\"prev\":\"%s\"}\n", a->seq, a->head);

    /*
     * One write() per record: O_APPEND makes it land whole at the end, and
     * a reader (or a crash) never sees two records interleaved.
     */
    do {
	n = write(a->fd, vstr_str(line), vstr_len(line));
    } while (n < 0 && errno == EINTR);
    if (n < 0 || (size_t) n != vstr_len(line)) {
	if (n < 0)
	    vstr_sprintf(why, "cannot write to audit log %s: %s", a->path,
			 strerror(errno));
	else
	    vstr_sprintf(why, "short write to audit log %s (%zd of %zu bytes): "
			 "file system full?", a->path, n, vstr_len(line));
	if (n > 0 && ftruncate(a->fd, a->size) < 0)
	    a->broken = 1;
	goto out;
    }
    a->size += n;
    audit_chain_hash(vstr_str(line), vstr_len(line) - 1, a->head);
    a->seq++;
    a->since_cp++;
    a->dirty = 1;
    ret = 0;
    if (a->sync == AUDIT_SYNC_EVERY && fdatasync(a->fd) < 0) {
	vstr_sprintf(why, "cannot sync audit log %s: %s", a->path,
		     strerror(errno));
	ret = -1;
    }
out:
    vstr_free(line);
    return (ret);
}

/* write_record - serialise and append; lock held */

static int write_record(AUDIT *a, json_t *rec, int with_mac, VSTR *why)
{
    size_t  len;
    char   *text;
    int     ret;

    if ((text = dump_open(rec, &len, why)) == 0)
	return (-1);
    ret = write_line(a, text, len, with_mac, why);
    free(text);
    return (ret);
}

/* sealed - bookkeeping after a seal was written; lock held */

static void sealed(AUDIT *a, long long ms)
{
    a->since_cp = 0;
    a->last_seal_ms = ms;
}

/* audit_write_checkpoint - seal the chain head with the key; lock held */

int     audit_write_checkpoint(AUDIT *a, const char *reason, VSTR *why)
{
    long long ms, records = a->since_cp;
    json_t *rec = record_base(a, AUDIT_TYPE_CHECKPOINT, &ms);

    json_object_set_new(rec, "reason", json_string(reason));
    json_object_set_new(rec, "records", json_integer(records));
    json_object_set_new(rec, "key_id", json_string(audit_key_id(a->key)));
    if (write_record(a, rec, 1, why) < 0)
	return (-1);
    sealed(a, ms);

    /*
     * The anchor: mssante-audit verify --anchor reads "seq N, head H" from
     * these lines, as grep finds them in syslog.
     */
    msg_info("audit: checkpoint in %s: seq %lld, head %s, %lld records (%s)",
	     a->path, a->seq - 1, a->head, records, reason);
    return (0);
}

/* audit_checkpoint_due - AuditCheckpoint s since the last seal? lock held */

int     audit_checkpoint_due(AUDIT *a)
{
    if (a->checkpoint_s <= 0)
	return (0);
    return (audit_now_ms(a) - a->last_seal_ms >= a->checkpoint_s * 1000LL);
}

/* start_record - file-start or restart record, a seal; lock held */

static int start_record(AUDIT *a, const char *type, const char *reason,
			        const char *prev_file, long long cut,
			        int last_ok, VSTR *why)
{
    long long ms;
    json_t *rec = record_base(a, type, &ms);

    json_object_set_new(rec, "reason", json_string(reason));
    json_object_set_new(rec, "software", json_string(AUDIT_SOFTWARE));
    json_object_set_new(rec, "key_id", json_string(audit_key_id(a->key)));
    json_object_set_new(rec, "patient_domain", audit_txn_string(a->patient_domain,
						    strlen(a->patient_domain)));
    json_object_set_new(rec, "prev_file", prev_file ?
		   audit_txn_string(prev_file, strlen(prev_file)) : json_null());
    if (strcmp(type, AUDIT_TYPE_RESTART) == 0) {
	json_object_set_new(rec, "cut_bytes", json_integer(cut));
	json_object_set_new(rec, "last_record", json_string(last_ok ?
						      "ok" : "unparseable"));
    }
    /* The interval in force, sealed: verify checks the gaps against it. */
    json_object_set_new(rec, "checkpoint_s", json_integer(a->checkpoint_s));
    if (write_record(a, rec, 1, why) < 0)
	return (-1);
    sealed(a, ms);
    msg_info("audit: %s in %s: seq %lld, head %s (%s)", type, a->path,
	     a->seq - 1, a->head, reason);
    return (0);
}

/* link_to_line - take the chain head from a line read back; -1 unparseable */

static int link_to_line(AUDIT *a, VSTR *line)
{
    json_error_t err;
    json_t *rec;
    AUDIT_LINK link;
    int     ret = -1;

    audit_chain_hash(vstr_str(line), vstr_len(line), a->head);
    rec = json_loadb(vstr_str(line), vstr_len(line), 0, &err);
    if (rec && audit_chain_link(rec, &link) == 0) {
	a->seq = link.seq + 1;
	ret = 0;
    }
    json_decref(rec);
    return (ret);
}

/* link_previous_generation - chain to PATH.1 when PATH starts empty */

static const char *link_previous_generation(AUDIT *a, VSTR *name)
{
    VSTR   *line = vstr_alloc(1000);
    off_t   end;
    int     fd;
    const char *found = 0;

    vstr_sprintf(name, "%s.1", a->path);
    /* Not through a planted link: its last line's hash would be shown. */
    if ((fd = safefile_open(vstr_str(name), O_RDONLY, 0, a->owner, line)) >= 0) {
	if (audit_chain_tail(fd, line, &end) == 0 && vstr_len(line) > 0
	    && link_to_line(a, line) == 0)
	    found = vstr_str(name);
	(void) close(fd);
    } else if (errno != ENOENT) {
	msg_warn("audit: previous generation not linked: %s", vstr_str(line));
    }
    if (found == 0) {
	a->seq = 0;
	memcpy(a->head, AUDIT_CHAIN_ZERO, sizeof(a->head));
    }
    vstr_free(line);
    return (found);
}

/* open_file - open PATH, link the chain, write the first record */

static int open_file(AUDIT *a, int reopen, VSTR *why)
{
    struct stat st;
    VSTR   *line, *prev_name;
    off_t   end;
    int     fd, ret = -1, last_ok = 1;
    int     save_fd = a->fd;
    off_t   save_size = a->size;
    const char *prev_file;

    line = vstr_alloc(1000);
    fd = safefile_open(a->path, O_RDWR | O_APPEND | O_CREAT, a->file_mode,
		       a->owner, line);
    if (fd < 0) {
	vstr_sprintf(why, "cannot open audit log: %s", vstr_str(line));
	vstr_free(line);
	return (-1);
    }
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
	vstr_sprintf(why, "audit log %s is locked by another process "
		     "(a second daemon?): %s", a->path, strerror(errno));
	(void) close(fd);
	vstr_free(line);
	return (-1);
    }
    if (fstat(fd, &st) < 0) {
	vstr_sprintf(why, "audit log %s: fstat: %s", a->path, strerror(errno));
	(void) close(fd);
	vstr_free(line);
	return (-1);
    }
    prev_name = vstr_alloc(100);
    if (audit_chain_tail(fd, line, &end) < 0) {
	vstr_sprintf(why, "cannot read the end of audit log %s: %s", a->path,
		     strerror(errno));
	goto fail;
    }
    if (end < st.st_size && ftruncate(fd, end) < 0) {
	vstr_sprintf(why, "cannot cut the partial last record of audit log "
		     "%s: %s", a->path, strerror(errno));
	goto fail;
    }
    a->fd = fd;
    a->size = end;
    a->broken = 0;
    if (end > 0) {
	/* Appending to an existing file: its last line is the head. */
	if (!reopen)
	    last_ok = link_to_line(a, line) == 0;
	if (start_record(a, AUDIT_TYPE_RESTART, reopen ? "reopen" : "start", 0,
			 (long long) (st.st_size - end), last_ok, why) < 0)
	    goto fail;
    } else {
	prev_file = reopen ? 0 : link_previous_generation(a, prev_name);
	if (start_record(a, AUDIT_TYPE_FILE_START, reopen ? "reopen" : "start",
			 prev_file, 0, 1, why) < 0)
	    goto fail;
    }
    a->dev = st.st_dev;
    a->ino = st.st_ino;
    ret = 0;
    goto out;

fail:
    (void) close(fd);
    a->fd = save_fd;
    a->size = save_size;
out:
    vstr_free(line);
    vstr_free(prev_name);
    return (ret);
}

/* local_host - this machine's name */

static char *local_host(void)
{
    char    buf[HOST_NAME_MAX + 1];

    if (gethostname(buf, sizeof(buf)) < 0 || buf[0] == 0)
	return (mystrdup("localhost"));
    buf[sizeof(buf) - 1] = 0;
    return (mystrdup(buf));
}

/* finish - the reason for a failure: to the caller, or to the log */

static int finish(VSTR *why, VSTR *mine, int ret)
{
    /* mine is our own buffer exactly when the caller gave none. */
    if (mine != why) {
	if (ret < 0)
	    msg_error("audit: %s", vstr_str(mine));
	vstr_free(mine);
    }
    return (ret);
}

/* audit_open - open the trail */

AUDIT  *audit_open(const AUDIT_CONFIG *cf, VSTR *why)
{
    AUDIT  *a;
    pthread_condattr_t attr;
    VSTR   *mine = why ? why : vstr_alloc(100);

    if (cf->path == 0 || *cf->path == 0 || cf->key_file == 0 || *cf->key_file == 0) {
	vstr_strcpy(mine, "AuditLog and AuditKeyFile must both be set");
	(void) finish(why, mine, -1);
	return (0);
    }
    a = mycalloc(1, sizeof(*a));
    a->fd = -1;
    if ((a->key = audit_key_load(cf->key_file, AUDIT_KEY_STRICT, mine)) == 0) {
	myfree(a);
	(void) finish(why, mine, -1);
	return (0);
    }
    a->path = mystrdup(cf->path);
    a->host = cf->host && *cf->host ? mystrdup(cf->host) : local_host();
    a->sync = cf->sync;
    a->sync_interval_ms = cf->sync_interval_ms > 0 ? cf->sync_interval_ms :
	AUDIT_DEF_SYNC_INTERVAL_MS;
    a->checkpoint_s = cf->checkpoint_s;
    a->file_mode = cf->file_mode > 0 ? cf->file_mode : AUDIT_DEF_FILE_MODE;
    a->owner = cf->owner;
    a->clock = cf->clock;
    a->patient_domain = mystrdup(cf->patient_domain && *cf->patient_domain ?
				 cf->patient_domain : AUDIT_PATIENT_DOMAIN);
    memcpy(a->head, AUDIT_CHAIN_ZERO, sizeof(a->head));
    pthread_mutex_init(&a->lock, 0);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&a->cond, &attr);
    pthread_condattr_destroy(&attr);
    if (open_file(a, 0, mine) < 0) {
	audit_key_free(a->key);
	myfree(a->patient_domain);
	myfree(a->path);
	myfree(a->host);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->cond);
	myfree(a);
	(void) finish(why, mine, -1);
	return (0);
    }
    audit_timer_start(a);
    (void) finish(why, mine, 0);
    return (a);
}

/* audit_write - record one transaction */

int     audit_write(AUDIT *a, AUDIT_TXN *txn, AUDIT_END end, VSTR *why)
{
    double  start = metrics_clock();
    VSTR   *mine;
    json_t *rec;
    char   *text;
    size_t  len;
    int     ret = -1;

    if (a == 0 || txn == 0) {
	audit_txn_done(txn);
	return (0);
    }
    mine = why ? why : vstr_alloc(100);
    rec = record_base(a, AUDIT_TYPE_TXN, 0);
    audit_txn_fill(txn, end, rec);
    audit_txn_done(txn);
    if ((text = dump_open(rec, &len, mine)) != 0) {
	pthread_mutex_lock(&a->lock);
	if (!audit_checkpoint_due(a)
	    || audit_write_checkpoint(a, AUDIT_CP_INTERVAL, mine) == 0)
	    ret = write_line(a, text, len, 0, mine);
	pthread_mutex_unlock(&a->lock);
	free(text);
    }
    metrics_audit_write(ret, start);
    return (finish(why, mine, ret));
}

/* checkpoint_if - write a checkpoint when records wait, or when due */

static int checkpoint_if(AUDIT *a, int when_due, VSTR *why)
{
    VSTR   *mine;
    int     ret = 0;

    if (a == 0)
	return (0);
    mine = why ? why : vstr_alloc(100);
    pthread_mutex_lock(&a->lock);
    if (when_due ? audit_checkpoint_due(a) : a->since_cp > 0)
	ret = audit_write_checkpoint(a, AUDIT_CP_INTERVAL, mine);
    pthread_mutex_unlock(&a->lock);
    return (finish(why, mine, ret));
}

/* audit_checkpoint - seal the head now */

int     audit_checkpoint(AUDIT *a, VSTR *why)
{
    return (checkpoint_if(a, 0, why));
}

/* audit_tick - the checkpoint due by the trail's clock */

int     audit_tick(AUDIT *a, VSTR *why)
{
    return (checkpoint_if(a, 1, why));
}

/* audit_reopen - follow a rotation */

int     audit_reopen(AUDIT *a, VSTR *why)
{
    struct stat st, fst;
    VSTR   *mine;
    int     old_fd, ret = 0;

    if (a == 0)
	return (0);
    mine = why ? why : vstr_alloc(100);
    pthread_mutex_lock(&a->lock);
    if (lstat(a->path, &st) == 0 && st.st_dev == a->dev && st.st_ino == a->ino) {
	/* Not rotated; but copytruncate empties the file in place. */
	if (fstat(a->fd, &fst) == 0 && fst.st_size < a->size) {
	    a->size = fst.st_size;
	    ret = start_record(a, AUDIT_TYPE_FILE_START, "truncated", 0, 0, 1, mine);
	}
    } else {
	old_fd = a->fd;
	if (audit_write_checkpoint(a, AUDIT_CP_ROTATE, mine) < 0)
	    msg_warn("audit: cannot close rotated audit log %s: %s", a->path,
		     vstr_str(mine));
	if (open_file(a, 1, mine) < 0) {
	    ret = -1;				/* keep writing the old file */
	} else {
	    if (a->sync != AUDIT_SYNC_NONE)
		(void) fdatasync(old_fd);
	    (void) close(old_fd);
	}
    }
    pthread_mutex_unlock(&a->lock);
    return (finish(why, mine, ret));
}

/* audit_close - seal, sync, release */

void    audit_close(AUDIT *a)
{
    VSTR   *why;

    if (a == 0)
	return;
    audit_timer_stop(a);
    why = vstr_alloc(100);
    if (audit_write_checkpoint(a, AUDIT_CP_STOP, why) < 0)
	msg_warn("audit: cannot close audit log %s: %s", a->path, vstr_str(why));
    vstr_free(why);
    if (a->sync != AUDIT_SYNC_NONE && fdatasync(a->fd) < 0)
	msg_warn("audit: cannot sync audit log %s: %s", a->path, strerror(errno));
    (void) close(a->fd);
    audit_key_free(a->key);
    myfree(a->patient_domain);
    myfree(a->path);
    myfree(a->host);
    pthread_mutex_destroy(&a->lock);
    pthread_cond_destroy(&a->cond);
    myfree(a);
}

/* audit_key - the site key */

const AUDIT_KEY *audit_key(const AUDIT *a)
{
    return (a ? a->key : 0);
}

/* audit_new_txn - a connection's fact sheet, keyed for this trail */

AUDIT_TXN *audit_new_txn(const AUDIT *a)
{
    return (a ? audit_txn_create(a->key, a->patient_domain) : 0);
}

/* audit_head - next seq and chain head */

void    audit_head(AUDIT *a, long long *seq, char head[AUDIT_HEX_LEN + 1])
{
    pthread_mutex_lock(&a->lock);
    *seq = a->seq;
    memcpy(head, a->head, AUDIT_HEX_LEN + 1);
    pthread_mutex_unlock(&a->lock);
}
