/*++
/* NAME
/*	docs_util 3
/* SUMMARY
/*	test helpers: data files, zip archives and MIME messages in memory
/* SYNOPSIS
/*	#include "docs_util.h"
/*
/*	char	*docs_util_file(const char *name, size_t *len)
/*	char	*docs_util_zip(const DOCS_UTIL_ENTRY *entries, size_t count,
/*					size_t *len, int encrypt)
/*	char	*docs_util_xdm_zip(size_t *len)
/*	void	docs_util_base64(const char *data, size_t len, VSTR *out)
/*	void	docs_util_xdm_parts(VSTR *out, const char *zip, size_t len, int n)
/* DESCRIPTION
/*	Shared by check_xdm, check_mime and the documents benchmark, so
/*	that no test archive is an opaque binary: every zip is built at
/*	run time from the readable files of tests/data/docs.
/*
/*	docs_util_file() reads $top_srcdir/tests/data/docs/name (".." when
/*	top_srcdir is not set), NUL-terminated; free it with myfree().
/*
/*	docs_util_zip() builds a zip archive in memory with libzip
/*	(deflate; AES-256 with password "secret" when encrypt is set).
/*	An entry whose data is NULL holds len zero octets.
/*
/*	docs_util_xdm_zip() builds the standard valid archive: one subset
/*	with metadata-cda.xml, cda.xml as DOC0001.XML, and INDEX.HTM.
/*
/*	docs_util_base64() appends base64 in 76-column CRLF lines.
/*
/*	docs_util_xdm_parts() appends n MIME parts (boundary "b") that
/*	each hold zip as IHE_XDM.zip in base64.
/* DIAGNOSTICS
/*	Any failure prints a message and exits with status 99 (a hard
/*	error for the automake test harness).
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "mymalloc.h"
#include "docs_util.h"

/* docs_util_die - hard test error */

static void docs_util_die(const char *what, const char *detail)
{
    fprintf(stderr, "docs_util: %s: %s\n", what, detail ? detail : "");
    exit(99);
}

/* docs_util_file - a data file, NUL-terminated */

char   *docs_util_file(const char *name, size_t *len)
{
    const char *top = getenv("top_srcdir");
    VSTR   *path = vstr_alloc(128);
    FILE   *fp;
    char   *buf;
    long    size;

    vstr_sprintf(path, "%s/tests/data/docs/%s", top ? top : "..", name);
    if ((fp = fopen(vstr_str(path), "rb")) == 0)
	docs_util_die("open", vstr_str(path));
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0
	|| fseek(fp, 0, SEEK_SET) != 0)
	docs_util_die("seek", vstr_str(path));
    buf = mymalloc((size_t) size + 1);
    if (fread(buf, 1, (size_t) size, fp) != (size_t) size)
	docs_util_die("read", vstr_str(path));
    buf[size] = 0;
    fclose(fp);
    vstr_free(path);
    if (len)
	*len = (size_t) size;
    return (buf);
}

/* docs_util_zip - archive bytes for the entries */

char   *docs_util_zip(const DOCS_UTIL_ENTRY *entries, size_t n, size_t *len,
		              int encrypt)
{
    zip_error_t err;
    zip_source_t *src, *file;
    zip_t  *za;
    zip_stat_t st;
    char   *out;
    size_t  i;
    zip_int64_t idx;

    zip_error_init(&err);
    if ((src = zip_source_buffer_create(0, 0, 0, &err)) == 0
	|| (za = zip_open_from_source(src, ZIP_TRUNCATE, &err)) == 0)
	docs_util_die("zip create", zip_error_strerror(&err));
    zip_source_keep(src);
    for (i = 0; i < n; i++) {
	const void *data = entries[i].data;
	int     owned = data == 0 && entries[i].len > 0;

	if (owned)
	    data = calloc(1, entries[i].len);	/* freed by libzip */
	if ((file = zip_source_buffer(za, data, entries[i].len, owned)) == 0
	    || (idx = zip_file_add(za, entries[i].name, file,
				   ZIP_FL_ENC_UTF_8)) < 0)
	    docs_util_die("zip add", entries[i].name);
	if (encrypt && zip_file_set_encryption(za, (zip_uint64_t) idx,
					       ZIP_EM_AES_256, "secret") < 0)
	    docs_util_die("zip encrypt", zip_strerror(za));
    }
    if (zip_close(za) < 0)
	docs_util_die("zip close", zip_strerror(za));
    if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0)
	docs_util_die("zip read", "");
    *len = (size_t) st.size;
    out = mymalloc(*len ? *len : 1);
    if (zip_source_read(src, out, *len) != (zip_int64_t) *len)
	docs_util_die("zip read", "short");
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&err);
    return (out);
}

/* docs_util_xdm_zip - the standard valid archive */

char   *docs_util_xdm_zip(size_t *len)
{
    size_t  mlen, clen;
    char   *meta = docs_util_file("metadata-cda.xml", &mlen);
    char   *cda = docs_util_file("cda.xml", &clen);
    DOCS_UTIL_ENTRY e[3] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", 0, 0},
	{"IHE_XDM/SUBSET01/DOC0001.XML", 0, 0},
	{"INDEX.HTM", "<html></html>", 13},
    };
    char   *zip;

    e[0].data = meta;
    e[0].len = mlen;
    e[1].data = cda;
    e[1].len = clen;
    zip = docs_util_zip(e, 3, len, 0);
    myfree(meta);
    myfree(cda);
    return (zip);
}

/* docs_util_base64 - RFC 2045 base64, CRLF every 76 columns */

void    docs_util_base64(const char *data, size_t len, VSTR *out)
{
    static const char tab[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = (const unsigned char *) data;
    size_t  i, col = 0;
    unsigned long v;

    for (i = 0; i < len; i += 3) {
	v = (unsigned long) p[i] << 16;
	if (i + 1 < len)
	    v |= (unsigned long) p[i + 1] << 8;
	if (i + 2 < len)
	    v |= p[i + 2];
	vstr_addch(out, tab[(v >> 18) & 63]);
	vstr_addch(out, tab[(v >> 12) & 63]);
	vstr_addch(out, i + 1 < len ? tab[(v >> 6) & 63] : '=');
	vstr_addch(out, i + 2 < len ? tab[v & 63] : '=');
	if ((col += 4) >= 76) {
	    vstr_cat(out, "\r\n");
	    col = 0;
	}
    }
    if (col)
	vstr_cat(out, "\r\n");
}

/* docs_util_xdm_parts - n IHE_XDM.zip parts of one archive */

void    docs_util_xdm_parts(VSTR *out, const char *zip, size_t len, int n)
{
    int     i;

    for (i = 0; i < n; i++) {
	vstr_cat(out, "--b\r\nContent-Type: application/zip; name=\"IHE_XDM.zip\"\r\n"
		 "Content-Disposition: attachment; filename=\"IHE_XDM.zip\"\r\n"
		 "Content-Transfer-Encoding: base64\r\n\r\n");
	docs_util_base64(zip, len, out);
    }
}
