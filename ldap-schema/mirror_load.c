/*++
/* NAME
/*	mirror_load 3
/* SUMMARY
/*	two passes over the extraction: index, then one entry per address
/* SYNOPSIS
/*	#include "mirror_load.h"
/*
/*	MIRROR_LOAD *mirror_load_open(const char *path, VSTR *why)
/*	int	mirror_load_scan(MIRROR_LOAD *lp, long max_bad, VSTR *why)
/*	int	mirror_load_emit(MIRROR_LOAD *lp, const char *base,
/*				MIRROR_PHARMACY *pp, MIRROR_LOAD_FN fn,
/*				void *ctx, VSTR *why)
/*	void	mirror_load_close(MIRROR_LOAD *lp)
/* DESCRIPTION
/*	The extraction is too large to hold (90 MB) and its duplicated
/*	addresses are not adjacent, so it is read twice rather than
/*	sorted (a sorted copy would cost another 90 MB of disk and a
/*	merge): the id table is the only thing that grows with the file,
/*	40 bytes an address (see README.md, "Directory mirror", for the
/*	measured memory).
/*
/*	mirror_load_scan() is the first pass: it checks every line,
/*	reports each malformed one with its line number (msg_warn) and
/*	enters each address's id in lp->table (flag MIRROR_SLOT_IN_FILE,
/*	offset of its first line, count of lines); the second and later
/*	lines of an address are remembered in lp->dups. It fails when
/*	more than max_bad lines are malformed, or on a read error. It also
/*	computes the file's SHA-256 (mirror_extract_sha256(lp->xp)).
/*
/*	mirror_load_emit() is the second pass: at the first line of each
/*	address it builds the merged entry (re-reading the other lines of
/*	a duplicated address at their offsets), sets MIRROR_SLOT_DONE and
/*	calls fn(mailbox, slot, ctx); a non-zero result from fn stops the
/*	pass and is returned.
/*
/*	With lp->progress (progress(3)), both passes show on stderr how
/*	far they are in the file.
/* DIAGNOSTICS
/*	mirror_load_scan() and mirror_load_emit() return 0, or -1 with a
/*	reason in why (or fn's non-zero result).
/*--*/

#include <string.h>
#include <sys/stat.h>

#include "hex.h"
#include "mymalloc.h"
#include "msg.h"
#include "progress.h"
#include "mirror_load.h"

/* mirror_load_open - open the file and check its header */

MIRROR_LOAD *mirror_load_open(const char *path, VSTR *why)
{
    MIRROR_EXTRACT *xp;
    MIRROR_LOAD *lp;
    struct stat st;

    if ((xp = mirror_extract_open(path, why)) == 0)
	return (0);
    lp = mycalloc(1, sizeof(*lp));
    lp->path = path;
    lp->size = stat(path, &st) == 0 ? (long long) st.st_size : 0;
    lp->xp = xp;
    /*
     * Size the table once from the file size (lines are about 170 bytes;
     * 200 errs low): growing it later would hold the old and the new
     * table at the same time, the peak of the whole run.
     */
    lp->table = mirror_table_create(lp->size > 0 ? (size_t) lp->size / 200 : 1024);
    return (lp);
}

/* mirror_load_scan - first pass */

int     mirror_load_scan(MIRROR_LOAD *lp, long max_bad, VSTR *why)
{
    MIRROR_LINE line;
    MIRROR_SLOT *sp;
    unsigned char id[MIRROR_ID_LEN];
    VSTR   *bad = vstr_alloc(100);
    PROGRESS *pg = progress_open(lp->progress, stderr, "checking extraction",
				 "lines", lp->size);
    int     st;

    while ((st = mirror_extract_next(lp->xp, &line, bad)) != MIRROR_EXTRACT_EOF) {
	if (st == MIRROR_EXTRACT_IOERR) {
	    vstr_sprintf(why, "%s: %s", lp->path, vstr_str(bad));
	    vstr_free(bad);
	    progress_finish(pg);
	    return (-1);
	}
	progress_update(pg, lp->good_lines + lp->bad_lines + 1, line.offset);
	if (st == MIRROR_EXTRACT_BAD) {
	    lp->bad_lines++;
	    msg_warn("%s: %s: line skipped", lp->path, vstr_str(bad));
	    continue;
	}
	lp->good_lines++;
	mirror_table_id(line.f[MX_ADDRESS], line.len[MX_ADDRESS], id);
	sp = mirror_table_enter(lp->table, id);
	if (sp->flags & MIRROR_SLOT_NEW) {
	    sp->flags = MIRROR_SLOT_IN_FILE;
	    sp->off = line.offset;
	    sp->count = 1;
	    lp->mailboxes++;
	    continue;
	}
	sp->count++;
	if (lp->ndups == lp->dupcap) {
	    lp->dupcap = lp->dupcap ? 2 * lp->dupcap : 256;
	    lp->dups = myrealloc(lp->dups, lp->dupcap * sizeof(*lp->dups));
	}
	memcpy(lp->dups[lp->ndups].id, id, MIRROR_ID_LEN);
	lp->dups[lp->ndups].off = line.offset;
	lp->dups[lp->ndups].lineno = line.lineno;
	lp->ndups++;
    }
    progress_finish(pg);
    vstr_free(bad);
    if (lp->bad_lines > max_bad) {
	vstr_sprintf(why, "%s: %ld malformed lines, more than the %ld allowed"
		     " (--max-bad-lines): refusing the file", lp->path,
		     lp->bad_lines, max_bad);
	return (-1);
    }
    return (0);
}

/* mirror_load_emit - second pass */

int     mirror_load_emit(MIRROR_LOAD *lp, const char *base, MIRROR_PHARMACY *pp,
			         MIRROR_LOAD_FN fn, void *ctx, VSTR *why)
{
    MIRROR_MAILBOX mb;
    MIRROR_LINE line, other;
    MIRROR_SLOT *sp;
    unsigned char id[MIRROR_ID_LEN];
    char    hex[2 * MIRROR_ID_LEN + 1];
    VSTR   *bad = vstr_alloc(100);
    PROGRESS *pg;
    long    entries = 0;
    size_t  i;
    int     st, ret = 0;

    if (mirror_extract_rewind(lp->xp, bad) < 0) {
	vstr_sprintf(why, "%s: %s", lp->path, vstr_str(bad));
	vstr_free(bad);
	return (-1);
    }
    mirror_mailbox_init(&mb, lp->path);
    lp->pharmacies = 0;
    pg = progress_open(lp->progress, stderr, "writing entries", "entries", lp->size);
    while ((st = mirror_extract_next(lp->xp, &line, bad)) != MIRROR_EXTRACT_EOF) {
	if (st == MIRROR_EXTRACT_IOERR) {
	    vstr_sprintf(why, "%s: %s", lp->path, vstr_str(bad));
	    ret = -1;
	    break;
	}
	if (st == MIRROR_EXTRACT_BAD)
	    continue;				/* reported by the first pass */
	mirror_table_id(line.f[MX_ADDRESS], line.len[MX_ADDRESS], id);
	sp = mirror_table_lookup(lp->table, id);
	/* The file changed between the passes, or a later duplicate line. */
	if (sp == 0 || !(sp->flags & MIRROR_SLOT_IN_FILE) || sp->off != line.offset)
	    continue;
	hex_encode(id, MIRROR_ID_LEN, hex);
	mirror_mailbox_begin(&mb, base, hex, &line);
	for (i = 0; sp->count > 1 && i < lp->ndups; i++) {
	    if (memcmp(lp->dups[i].id, id, MIRROR_ID_LEN) != 0)
		continue;
	    st = mirror_extract_read_at(lp->xp, lp->dups[i].off,
					lp->dups[i].lineno, &other, bad);
	    if (st != MIRROR_EXTRACT_OK) {
		vstr_sprintf(why, "%s: %s (the file changed during the load?)",
			     lp->path, vstr_str(bad));
		ret = -1;
		break;
	    }
	    mirror_mailbox_merge(&mb, &other);
	}
	if (ret != 0)
	    break;
	mirror_mailbox_end(&mb, pp);
	lp->pharmacies += mb.pharmacy;
	sp->flags |= MIRROR_SLOT_DONE;
	progress_update(pg, ++entries, line.offset);
	if ((ret = fn(&mb, sp, ctx)) != 0)
	    break;
    }
    progress_finish(pg);
    mirror_mailbox_done(&mb);
    vstr_free(bad);
    return (ret);
}

/* mirror_load_close - release */

void    mirror_load_close(MIRROR_LOAD *lp)
{
    if (lp == 0)
	return;
    mirror_extract_close(lp->xp);
    mirror_table_free(lp->table);
    myfree(lp->dups);
    myfree(lp);
}
