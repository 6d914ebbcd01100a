/*++
/* NAME
/*	xdm_eocd 3
/* SUMMARY
/*	zip end-of-central-directory records, read before libzip
/* SYNOPSIS
/*	#include "xdm_eocd.h"
/*
/*	XDM_EOCD_STATUS xdm_eocd_scan(XDM_EOCD_READ read_fn, void *ctx,
/*					off_t size, XDM_EOCD *eocd)
/* DESCRIPTION
/*	libzip reads the whole central directory into memory when it
/*	opens an archive: a 25 MB archive of empty entries would cost it
/*	hundreds of megabytes. This module reads the end records first
/*	so the caller can refuse such an archive before libzip sees it.
/*
/*	xdm_eocd_scan() reads the last 65,557 octets (the end record and
/*	its longest comment) through read_fn(ctx, buf, len, offset),
/*	finds every end-of-central-directory signature whose record fits
/*	in the file, follows the zip64 locator when a field is saturated,
/*	and reports the largest entry count and directory size of any
/*	candidate: whichever record a zip reader picks, it is bounded.
/* DIAGNOSTICS
/*	XDM_EOCD_NONE when no record is found, XDM_EOCD_IO when read_fn
/*	fails, XDM_EOCD_BAD when a zip64 locator points outside the file
/*	or at no zip64 record.
/*--*/

#include <string.h>

#include "mymalloc.h"
#include "xdm_eocd.h"

#define EOCD_LEN	22
#define EOCD_TAIL	(EOCD_LEN + 65535)
#define LOC64_LEN	20
#define EOCD64_LEN	56

/* get16, get32, get64 - little-endian fields */

static uint64_t get16(const unsigned char *p)
{
    return ((uint64_t) p[0] | (uint64_t) p[1] << 8);
}

static uint64_t get32(const unsigned char *p)
{
    return (get16(p) | get16(p + 2) << 16);
}

static uint64_t get64(const unsigned char *p)
{
    return (get32(p) | get32(p + 4) << 32);
}

/* xdm_eocd_read_all - exactly len octets at off */

static int xdm_eocd_read_all(XDM_EOCD_READ read_fn, void *ctx,
			             unsigned char *buf, size_t len, off_t off)
{
    ssize_t n;

    while (len > 0) {
	if ((n = read_fn(ctx, buf, len, off)) <= 0)
	    return (-1);
	buf += n;
	len -= (size_t) n;
	off += n;
    }
    return (0);
}

/* xdm_eocd_zip64 - follow the zip64 locator just before an end record */

static XDM_EOCD_STATUS xdm_eocd_zip64(XDM_EOCD_READ read_fn, void *ctx,
				              off_t size, off_t eocd_off,
				              XDM_EOCD *eocd)
{
    unsigned char loc[LOC64_LEN], rec[EOCD64_LEN];
    uint64_t off64;

    if (eocd_off < LOC64_LEN)
	return (XDM_EOCD_BAD);
    if (xdm_eocd_read_all(read_fn, ctx, loc, LOC64_LEN, eocd_off - LOC64_LEN) < 0)
	return (XDM_EOCD_IO);
    if (memcmp(loc, "PK\006\007", 4) != 0)
	return (XDM_EOCD_BAD);
    off64 = get64(loc + 8);
    if (off64 > (uint64_t) size || (uint64_t) size - off64 < EOCD64_LEN)
	return (XDM_EOCD_BAD);
    if (xdm_eocd_read_all(read_fn, ctx, rec, EOCD64_LEN, (off_t) off64) < 0)
	return (XDM_EOCD_IO);
    if (memcmp(rec, "PK\006\006", 4) != 0)
	return (XDM_EOCD_BAD);
    eocd->zip64 = 1;
    if (get64(rec + 32) > eocd->max_entries)
	eocd->max_entries = get64(rec + 32);
    if (get64(rec + 40) > eocd->max_cd_size)
	eocd->max_cd_size = get64(rec + 40);
    return (XDM_EOCD_OK);
}

/* xdm_eocd_scan - bound every end record of the archive */

XDM_EOCD_STATUS xdm_eocd_scan(XDM_EOCD_READ read_fn, void *ctx, off_t size,
			              XDM_EOCD *eocd)
{
    size_t  tail_len, pos;
    off_t   tail_off;
    unsigned char *tail;
    XDM_EOCD_STATUS status = XDM_EOCD_OK;
    uint64_t entries, cd_size, cd_off;

    memset(eocd, 0, sizeof(*eocd));
    if (size < EOCD_LEN)
	return (XDM_EOCD_NONE);
    tail_len = size < EOCD_TAIL ? (size_t) size : EOCD_TAIL;
    tail_off = size - (off_t) tail_len;
    tail = mymalloc(tail_len);
    if (xdm_eocd_read_all(read_fn, ctx, tail, tail_len, tail_off) < 0) {
	myfree(tail);
	return (XDM_EOCD_IO);
    }
    for (pos = tail_len - EOCD_LEN + 1; pos-- > 0 && status == XDM_EOCD_OK;) {
	if (memcmp(tail + pos, "PK\005\006", 4) != 0)
	    continue;
	/* The comment must fit in the file. */
	if (get16(tail + pos + 20) > tail_len - pos - EOCD_LEN)
	    continue;
	eocd->candidates++;
	entries = get16(tail + pos + 10);
	cd_size = get32(tail + pos + 12);
	cd_off = get32(tail + pos + 16);
	if (entries > eocd->max_entries)
	    eocd->max_entries = entries;
	if (cd_size > eocd->max_cd_size)
	    eocd->max_cd_size = cd_size;
	if (entries == 0xffff || cd_size == 0xffffffff || cd_off == 0xffffffff)
	    status = xdm_eocd_zip64(read_fn, ctx, size, tail_off + (off_t) pos, eocd);
    }
    myfree(tail);
    if (status == XDM_EOCD_OK && eocd->candidates == 0)
	status = XDM_EOCD_NONE;
    return (status);
}
