/*++
/* NAME
/*	mirror_unzip 3
/* SUMMARY
/*	take the one extraction file out of the ANS ZIP, safely
/* SYNOPSIS
/*	#include "mirror_unzip.h"
/*
/*	int	mirror_unzip_is_zip(const char *path)
/*
/*	int	mirror_unzip_name_ok(const char *name)
/*
/*	int	mirror_unzip(zip, dir, limits, out, why)
/*	const char *zip;
/*	const char *dir;
/*	const MIRROR_UNZIP_LIMITS *limits;
/*	VSTR	*out;
/*	VSTR	*why;
/* DESCRIPTION
/*	The ANS web service serves the daily extraction as a ZIP archive
/*	holding one Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt.
/*	A downloaded archive is outside data: mirror_unzip() takes that
/*	file out only when
/*
/*	- the archive is consistent (libzip ZIP_CHECKCONS) and holds
/*	  exactly one entry, not encrypted;
/*	- the entry's name passes mirror_unzip_name_ok() (no directory
/*	  part, so nothing is written outside dir);
/*	- its declared size is at most limits->max_size and its declared
/*	  ratio (size / compressed size) at most limits->max_ratio;
/*	- while decompressing, the bytes actually produced stay within
/*	  the declared size and both limits (a lying header is caught).
/*
/*	The file is written as dir/NAME (mode 0600, replaced if present)
/*	and its path stored in out.
/*
/*	mirror_unzip_is_zip() tells whether a file starts like a ZIP
/*	archive (data.gouv.fr also serves the plain text file).
/*
/*	mirror_unzip_name_ok() checks a name against
/*	Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt with a real
/*	month, day, hour and minute (the mirror takes its date from it).
/* DIAGNOSTICS
/*	mirror_unzip() returns 0, or -1 with the reason in why (a partial
/*	file is removed).
/*--*/

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "mymalloc.h"
#include "mirror_unzip.h"

#define UNZIP_CHUNK	65536

static const char unzip_prefix[] = "Extraction_Correspondance_MSSante_";

/* mirror_unzip_is_zip - local file header magic */

int     mirror_unzip_is_zip(const char *path)
{
    unsigned char magic[4];
    FILE   *fp;
    int     ok;

    if ((fp = fopen(path, "rb")) == 0)
	return (0);
    ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "PK\003\004", 4) == 0;
    fclose(fp);
    return (ok);
}

/* two - a two-digit field within [lo, hi] */

static int two(const char *cp, int lo, int hi)
{
    int     v = (cp[0] - '0') * 10 + (cp[1] - '0');

    return (v >= lo && v <= hi);
}

/* mirror_unzip_name_ok - the published name, with a real date */

int     mirror_unzip_name_ok(const char *name)
{
    const char *cp;
    int     i;

    if (strncmp(name, unzip_prefix, sizeof(unzip_prefix) - 1) != 0)
	return (0);
    cp = name + sizeof(unzip_prefix) - 1;
    for (i = 0; i < 12; i++)
	if (!isdigit((unsigned char) cp[i]))
	    return (0);
    return (strcmp(cp + 12, ".txt") == 0 && two(cp + 4, 1, 12)
	    && two(cp + 6, 1, 31) && two(cp + 8, 0, 23) && two(cp + 10, 0, 59));
}

/* unzip_check - the checks made before decompressing */

static int unzip_check(zip_t *za, const char *zip, zip_stat_t *st,
		               const MIRROR_UNZIP_LIMITS *lim, VSTR *why)
{
    zip_int64_t count = zip_get_num_entries(za, 0);

    if (count != 1) {
	vstr_sprintf(why, "%s: %lld entries, expected exactly one", zip, (long long) count);
	return (-1);
    }
    if (zip_stat_index(za, 0, 0, st) < 0
	|| (st->valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE))
	!= (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) {
	vstr_sprintf(why, "%s: the entry has no name or size", zip);
	return (-1);
    }
    if (!mirror_unzip_name_ok(st->name)) {
	vstr_sprintf(why, "%s: entry \"%.100s\" is not named %sAAAAMMJJhhmm.txt",
		     zip, st->name, unzip_prefix);
	return (-1);
    }
    if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE) {
	vstr_sprintf(why, "%s: the entry is encrypted", zip);
	return (-1);
    }
    if (st->size > lim->max_size) {
	vstr_sprintf(why, "%s: the entry declares %llu bytes, limit %llu", zip,
		     (unsigned long long) st->size, lim->max_size);
	return (-1);
    }
    if (st->size > 0 && (st->comp_size == 0 || st->size / st->comp_size > lim->max_ratio)) {
	vstr_sprintf(why, "%s: compression ratio over %llu (zip bomb?)", zip, lim->max_ratio);
	return (-1);
    }
    return (0);
}

/* unzip_copy - decompress, recounting what the header claimed */

static int unzip_copy(zip_t *za, const zip_stat_t *st, int fd,
		              const MIRROR_UNZIP_LIMITS *lim, VSTR *why)
{
    zip_file_t *zf;
    zip_int64_t n;
    unsigned long long total = 0;
    unsigned long long comp = st->comp_size ? st->comp_size : 1;
    char   *buf;
    int     ret = -1;

    if ((zf = zip_fopen_index(za, 0, 0)) == 0) {
	vstr_sprintf(why, "%s: %s", st->name, zip_error_strerror(zip_get_error(za)));
	return (-1);
    }
    buf = mymalloc(UNZIP_CHUNK);
    for (;;) {
	if ((n = zip_fread(zf, buf, UNZIP_CHUNK)) < 0) {
	    vstr_sprintf(why, "%s: %s", st->name, zip_error_strerror(zip_file_get_error(zf)));
	    break;
	}
	if (n == 0) {
	    ret = 0;
	    break;
	}
	total += (unsigned long long) n;
	if (total > st->size || total > lim->max_size || total / comp > lim->max_ratio) {
	    vstr_sprintf(why, "%s: decompressed more than declared or allowed"
			 " (%llu bytes from %llu; zip bomb?)", st->name, total,
			 (unsigned long long) st->comp_size);
	    break;
	}
	if (write(fd, buf, (size_t) n) != (ssize_t) n) {
	    vstr_sprintf(why, "write %s: %s", st->name, strerror(errno));
	    break;
	}
    }
    if (ret == 0 && total != st->size) {
	vstr_sprintf(why, "%s: %llu bytes instead of the %llu declared", st->name,
		     total, (unsigned long long) st->size);
	ret = -1;
    }
    myfree(buf);
    zip_fclose(zf);
    return (ret);
}

/* mirror_unzip - the one entry, checked, into dir */

int     mirror_unzip(const char *zip, const char *dir, const MIRROR_UNZIP_LIMITS *lim,
		             VSTR *out, VSTR *why)
{
    zip_t  *za;
    zip_stat_t st;
    int     err = 0, fd, ret = -1;

    if ((za = zip_open(zip, ZIP_RDONLY | ZIP_CHECKCONS, &err)) == 0) {
	zip_error_t ze;

	zip_error_init_with_code(&ze, err);
	vstr_sprintf(why, "%s: not a valid ZIP archive: %s", zip, zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return (-1);
    }
    if (unzip_check(za, zip, &st, lim, why) < 0)
	goto out;
    vstr_sprintf(out, "%s/%s", dir, st.name);
    if ((fd = open(vstr_str(out), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600)) < 0) {
	vstr_sprintf(why, "create %s: %s", vstr_str(out), strerror(errno));
	goto out;
    }
    ret = unzip_copy(za, &st, fd, lim, why);
    if (close(fd) != 0 && ret == 0) {
	vstr_sprintf(why, "write %s: %s", vstr_str(out), strerror(errno));
	ret = -1;
    }
    if (ret < 0)
	(void) unlink(vstr_str(out));
out:
    zip_discard(za);
    return (ret);
}
