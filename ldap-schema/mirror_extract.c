/*++
/* NAME
/*	mirror_extract 3
/* SUMMARY
/*	streaming reader of the Annuaire Sante MSSante extraction
/* SYNOPSIS
/*	#include "mirror_extract.h"
/*
/*	MIRROR_EXTRACT *mirror_extract_open(const char *path, VSTR *why)
/*	int	mirror_extract_next(MIRROR_EXTRACT *xp, MIRROR_LINE *lp,
/*				VSTR *why)
/*	int	mirror_extract_read_at(MIRROR_EXTRACT *xp, off_t offset,
/*				long lineno, MIRROR_LINE *lp, VSTR *why)
/*	int	mirror_extract_rewind(MIRROR_EXTRACT *xp, VSTR *why)
/*	const char *mirror_extract_sha256(MIRROR_EXTRACT *xp)
/*	long	mirror_extract_lines(const MIRROR_EXTRACT *xp)
/*	const char *mirror_extract_field_name(MIRROR_FIELD field)
/*	void	mirror_extract_close(MIRROR_EXTRACT *xp)
/* DESCRIPTION
/*	The extraction (Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt)
/*	is UTF-8, '|'-separated, one header line and 31 columns. About
/*	535,000 lines, 90 MB: this reader holds one line at a time.
/*
/*	mirror_extract_open() opens the file (it must be seekable: the
/*	loader reads it twice) and checks the header: the 31 published
/*	names, each exactly once, nothing else (a UTF-8 byte-order mark
/*	and a CR before the newline are tolerated). Columns are then
/*	taken by name, so a reordered header still parses correctly.
/*
/*	mirror_extract_next() reads the next data line into lp: every
/*	field NUL-terminated in the reader's buffer (valid until the next
/*	call). A line is malformed when it is longer than
/*	MIRROR_EXTRACT_MAXLINE, does not have exactly 31 fields, holds
/*	invalid UTF-8 or a control character, has an unknown "Type de BAL",
/*	an address that is not a plain ASCII local@domain, or a
/*	"Dematerialisation" other than true/false/empty. Blank lines are
/*	skipped silently.
/*
/*	The first pass also computes the SHA-256 of the whole file;
/*	mirror_extract_sha256() returns it in hex once the end was
/*	reached (else null). mirror_extract_rewind() goes back to the
/*	first data line for the second pass. mirror_extract_read_at()
/*	reads and checks the line that starts at offset (recorded in a
/*	MIRROR_LINE by the first pass) without moving the stream:
/*	the loader uses it to merge the lines of a duplicated address.
/* DIAGNOSTICS
/*	mirror_extract_open() returns null with a reason in why.
/*	mirror_extract_next() returns MIRROR_EXTRACT_OK, MIRROR_EXTRACT_EOF,
/*	MIRROR_EXTRACT_BAD (why says "line N: ...") or MIRROR_EXTRACT_IOERR.
/*--*/

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "mymalloc.h"
#include "mirror_extract.h"

 /*
  * The published header (UTF-8: the accented names are escaped to keep the
  * source ASCII).
  */
static const char *const mirror_extract_names[MX_NFIELDS] = {
    "Type de BAL",
    "Adresse BAL",
    "Type Identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Type identifiant structure",
    "Identification Structure",
    "Service de rattachement",
    "Civilit\xc3\xa9 d'exercice",
    "Nom d'exercice",
    "Pr\xc3\xa9nom d'exercice",
    "Cat\xc3\xa9gorie profession",
    "Libell\xc3\xa9 de cat\xc3\xa9gorie profession",
    "Code Profession",
    "Libell\xc3\xa9 Profession",
    "Code savoir-faire",
    "Libell\xc3\xa9 savoir-faire",
    "D\xc3\xa9mat\xc3\xa9rialisation",
    "Raison Sociale structure BAL",
    "Enseigne commerciale structure BAL",
    "L2COMPLEMENTLOCALISATION structure BAL",
    "L3COMPLEMENTDISTRIBUTION structure BAL",
    "L4NUMEROVOIE structure BAL",
    "L4COMPLEMENTNUMEROVOIE structure BAL",
    "NL4TYPEVOIE structure BAL",
    "L4LIBELLEVOIE structure BAL",
    "L5LIEUDITMENTION structure BAL",
    "L6LIGNEACHEMINEMENT structure BAL",
    "Code postal structure BAL",
    "D\xc3\xa9partement structure BAL",
    "Pays structure BAL",
};

#define READ_CHUNK	65536

struct MIRROR_EXTRACT {
    int     fd;
    unsigned char *buf;			/* read buffer */
    size_t  pos;			/* next unread byte in buf */
    size_t  end;			/* bytes in buf */
    off_t   buf_off;			/* file offset of buf[0] */
    int     eof;
    EVP_MD_CTX *sha;			/* null once final */
    char    sha_hex[2 * 32 + 1];
    int     field_at[MX_NFIELDS];	/* column -> field */
    VSTR   *line;			/* current line, split in place */
    long    lineno;
    long    data_lines;			/* non-blank data lines, first pass */
    int     first_pass;
    off_t   data_off;			/* offset of the first data line */
    FILE   *rfp;			/* random reads (duplicates) */
    VSTR   *rline;
};

/* mirror_extract_field_name - header name of a column */

const char *mirror_extract_field_name(MIRROR_FIELD field)
{
    return ((unsigned) field < MX_NFIELDS ? mirror_extract_names[field] : "?");
}

/* quote - printable rendering of outside data for a diagnostic */

static void quote(VSTR *why, const char *s, size_t len)
{
    size_t  i;

    vstr_addch(why, '"');
    for (i = 0; i < len && i < 80; i++) {
	unsigned char c = (unsigned char) s[i];

	if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
	    vstr_addch(why, c);
	else
	    vstr_sprintf_append(why, "\\x%02x", c);
    }
    if (i < len)
	vstr_cat(why, "...");
    vstr_addch(why, '"');
}

/* fill - read more bytes; hash them during the first pass */

static int fill(MIRROR_EXTRACT *xp)
{
    ssize_t n;

    xp->buf_off += (off_t) xp->end;
    xp->pos = xp->end = 0;
    do {
	n = read(xp->fd, xp->buf, READ_CHUNK);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
	return (-1);
    if (n == 0) {
	xp->eof = 1;
	return (0);
    }
    if (xp->sha)
	EVP_DigestUpdate(xp->sha, xp->buf, (size_t) n);
    xp->end = (size_t) n;
    return (1);
}

/* read_line - next raw line without its newline; flags an over-long one */

static int read_line(MIRROR_EXTRACT *xp, VSTR *out, off_t *start, int *toolong)
{
    unsigned char *nl;
    size_t  take;
    int     got = 0;

    vstr_reset(out);
    *toolong = 0;
    for (;;) {
	if (xp->pos == xp->end) {
	    int     st;

	    if (xp->eof)
		return (got ? 1 : 0);
	    if ((st = fill(xp)) < 0)
		return (-1);
	    if (st == 0)
		return (got ? 1 : 0);
	}
	if (!got) {
	    *start = xp->buf_off + (off_t) xp->pos;
	    got = 1;
	}
	nl = memchr(xp->buf + xp->pos, '\n', xp->end - xp->pos);
	take = (nl ? (size_t) (nl - xp->buf) : xp->end) - xp->pos;
	/* Keep at most MAXLINE bytes; the rest is consumed, not stored. */
	if (!*toolong) {
	    if (vstr_len(out) + take > MIRROR_EXTRACT_MAXLINE)
		*toolong = 1;
	    else
		vstr_ncat(out, (char *) xp->buf + xp->pos, take);
	}
	xp->pos += take;
	if (nl) {
	    xp->pos++;
	    return (1);
	}
    }
}

/* check_header - the 31 names, each once, in any order */

static int check_header(MIRROR_EXTRACT *xp, char *hdr, VSTR *why)
{
    int     seen[MX_NFIELDS] = {0};
    char   *cp = hdr, *next;
    int     col = 0, f;

    if (strncmp(cp, "\xef\xbb\xbf", 3) == 0)
	cp += 3;
    for (;;) {
	next = strchr(cp, '|');
	if (next)
	    *next = 0;
	for (f = 0; f < MX_NFIELDS; f++)
	    if (strcmp(cp, mirror_extract_names[f]) == 0)
		break;
	if (f == MX_NFIELDS) {
	    vstr_strcpy(why, "header: unknown column ");
	    quote(why, cp, strlen(cp));
	    return (-1);
	}
	if (seen[f]++) {
	    vstr_strcpy(why, "header: duplicate column ");
	    quote(why, cp, strlen(cp));
	    return (-1);
	}
	if (col >= MX_NFIELDS) {
	    vstr_sprintf(why, "header: more than %d columns", MX_NFIELDS);
	    return (-1);
	}
	xp->field_at[col++] = f;
	if (next == 0)
	    break;
	cp = next + 1;
    }
    for (f = 0; f < MX_NFIELDS; f++) {
	if (!seen[f]) {
	    vstr_sprintf(why, "header: %d columns, expected %d; missing ",
			 col, MX_NFIELDS);
	    quote(why, mirror_extract_names[f], strlen(mirror_extract_names[f]));
	    return (-1);
	}
    }
    return (0);
}

/* mirror_extract_open - open and check the header */

MIRROR_EXTRACT *mirror_extract_open(const char *path, VSTR *why)
{
    MIRROR_EXTRACT *xp;
    off_t   start;
    int     toolong, st;

    xp = mycalloc(1, sizeof(*xp));
    if ((xp->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
	vstr_sprintf(why, "open %s: %s", path, strerror(errno));
	myfree(xp);
	return (0);
    }
    if (lseek(xp->fd, 0, SEEK_CUR) < 0) {
	vstr_sprintf(why, "%s: not a seekable file (the loader reads it twice)", path);
	close(xp->fd);
	myfree(xp);
	return (0);
    }
    xp->buf = mymalloc(READ_CHUNK);
    xp->line = vstr_alloc(1024);
    xp->rline = vstr_alloc(1024);
    xp->first_pass = 1;
    if ((xp->sha = EVP_MD_CTX_new()) == 0)
	mymalloc((size_t) -1);			/* dies with a message */
    EVP_DigestInit_ex(xp->sha, EVP_sha256(), 0);
    xp->rfp = fopen(path, "r");
    st = read_line(xp, xp->line, &start, &toolong);
    if (st <= 0 || toolong || xp->rfp == 0) {
	vstr_sprintf(why, "%s: %s", path, st < 0 ? strerror(errno) :
		     st == 0 ? "empty file (no header)" : toolong ?
		     "header line too long" : strerror(errno));
	mirror_extract_close(xp);
	return (0);
    }
    if (vstr_len(xp->line) && vstr_str(xp->line)[vstr_len(xp->line) - 1] == '\r')
	vstr_truncate(xp->line, vstr_len(xp->line) - 1);
    if (check_header(xp, vstr_str(xp->line), why) < 0) {
	mirror_extract_close(xp);
	return (0);
    }
    xp->lineno = 1;
    xp->data_off = xp->buf_off + (off_t) xp->pos;
    return (xp);
}

/* utf8_ok - valid UTF-8 without control characters (TAB excepted) */

static int utf8_ok(const unsigned char *s, size_t len)
{
    size_t  i = 0, n, k;
    unsigned cp;

    while (i < len) {
	unsigned char c = s[i];

	if (c < 0x80) {
	    if ((c < 0x20 && c != '\t') || c == 0x7f)
		return (0);
	    i++;
	    continue;
	}
	if (c >= 0xc2 && c <= 0xdf)
	    n = 1, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
	    n = 2, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
	    n = 3, cp = c & 0x07;
	else
	    return (0);
	for (k = 1; k <= n; k++) {
	    if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
		return (0);
	    cp = (cp << 6) | (s[i + k] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, C1 controls. */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
	    || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff
	    || (cp >= 0x80 && cp < 0xa0))
	    return (0);
	i += n + 1;
    }
    return (1);
}

/* address_ok - plain ASCII dot-atom local part @ LDH domain */

static int address_ok(const char *s, size_t len)
{
    const char *at = memchr(s, '@', len);
    size_t  llen, dlen, i;
    const char *d;

    if (at == 0 || len > 254)
	return (0);
    llen = (size_t) (at - s);
    d = at + 1;
    dlen = len - llen - 1;
    if (llen == 0 || llen > 64 || dlen == 0 || memchr(d, '@', dlen))
	return (0);
    if (s[0] == '.' || s[llen - 1] == '.' || d[0] == '.' || d[dlen - 1] == '.'
	|| d[0] == '-')
	return (0);
    for (i = 0; i < llen; i++) {
	unsigned char c = (unsigned char) s[i];

	if (c <= 0x20 || c >= 0x7f || strchr("\"(),:;<>[\\]", c)
	    || (c == '.' && s[i + 1] == '.'))
	    return (0);
    }
    for (i = 0; i < dlen; i++) {
	unsigned char c = (unsigned char) d[i];

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	      || (c >= '0' && c <= '9') || c == '-' || c == '.'))
	    return (0);
	if (c == '.' && (i + 1 == dlen || d[i + 1] == '.'))
	    return (0);
    }
    return (1);
}

/* parse_line - split and check one data line in place */

static int parse_line(MIRROR_EXTRACT *xp, VSTR *raw, MIRROR_LINE *lp, VSTR *why)
{
    char   *cp = vstr_str(raw), *next;
    int     col = 0, f;
    const char *v;

    if (vstr_len(raw) && cp[vstr_len(raw) - 1] == '\r')
	vstr_truncate(raw, vstr_len(raw) - 1);
    if (memchr(cp, 0, vstr_len(raw))) {
	vstr_sprintf(why, "line %ld: NUL byte", lp->lineno);
	return (MIRROR_EXTRACT_BAD);
    }
    for (;;) {
	next = strchr(cp, '|');
	if (next)
	    *next = 0;
	if (col < MX_NFIELDS) {
	    f = xp->field_at[col];
	    lp->f[f] = cp;
	    lp->len[f] = next ? (size_t) (next - cp) : strlen(cp);
	}
	col++;
	if (next == 0)
	    break;
	cp = next + 1;
    }
    if (col != MX_NFIELDS) {
	vstr_sprintf(why, "line %ld: %d fields, expected %d",
		     lp->lineno, col, MX_NFIELDS);
	return (MIRROR_EXTRACT_BAD);
    }
    for (f = 0; f < MX_NFIELDS; f++) {
	if (!utf8_ok((const unsigned char *) lp->f[f], lp->len[f])) {
	    vstr_sprintf(why, "line %ld: invalid UTF-8 or control character in \"%s\"",
			 lp->lineno, mirror_extract_names[f]);
	    return (MIRROR_EXTRACT_BAD);
	}
    }
    v = lp->f[MX_TYPE_BAL];
    if (strcmp(v, "PER") && strcmp(v, "ORG") && strcmp(v, "APP") && strcmp(v, "CAB")) {
	vstr_sprintf(why, "line %ld: unknown \"Type de BAL\" ", lp->lineno);
	quote(why, v, lp->len[MX_TYPE_BAL]);
	return (MIRROR_EXTRACT_BAD);
    }
    if (!address_ok(lp->f[MX_ADDRESS], lp->len[MX_ADDRESS])) {
	vstr_sprintf(why, "line %ld: invalid \"Adresse BAL\" ", lp->lineno);
	quote(why, lp->f[MX_ADDRESS], lp->len[MX_ADDRESS]);
	return (MIRROR_EXTRACT_BAD);
    }
    v = lp->f[MX_DEMAT];
    if (*v && strcasecmp(v, "true") && strcasecmp(v, "false")) {
	vstr_sprintf(why, "line %ld: \"%s\" is neither true nor false: ",
		     lp->lineno, mirror_extract_names[MX_DEMAT]);
	quote(why, v, lp->len[MX_DEMAT]);
	return (MIRROR_EXTRACT_BAD);
    }
    return (MIRROR_EXTRACT_OK);
}

/* mirror_extract_next - next data line */

int     mirror_extract_next(MIRROR_EXTRACT *xp, MIRROR_LINE *lp, VSTR *why)
{
    int     st, toolong;

    for (;;) {
	st = read_line(xp, xp->line, &lp->offset, &toolong);
	if (st < 0) {
	    vstr_sprintf(why, "line %ld: read error: %s", xp->lineno + 1,
			 strerror(errno));
	    return (MIRROR_EXTRACT_IOERR);
	}
	if (st == 0) {
	    if (xp->sha) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int n, i;

		EVP_DigestFinal_ex(xp->sha, md, &n);
		EVP_MD_CTX_free(xp->sha);
		xp->sha = 0;
		for (i = 0; i < n && i < 32; i++)
		    sprintf(xp->sha_hex + 2 * i, "%02x", md[i]);
	    }
	    xp->first_pass = 0;
	    return (MIRROR_EXTRACT_EOF);
	}
	lp->lineno = ++xp->lineno;
	if (toolong) {
	    if (xp->first_pass)
		xp->data_lines++;
	    vstr_sprintf(why, "line %ld: longer than %d bytes", lp->lineno,
			 MIRROR_EXTRACT_MAXLINE);
	    return (MIRROR_EXTRACT_BAD);
	}
	if (vstr_len(xp->line) == 0
	    || (vstr_len(xp->line) == 1 && vstr_str(xp->line)[0] == '\r'))
	    continue;
	if (xp->first_pass)
	    xp->data_lines++;
	return (parse_line(xp, xp->line, lp, why));
    }
}

/* mirror_extract_read_at - read and check the line at a known offset */

int     mirror_extract_read_at(MIRROR_EXTRACT *xp, off_t offset, long lineno,
			               MIRROR_LINE *lp, VSTR *why)
{
    int     ch;

    if (fseeko(xp->rfp, offset, SEEK_SET) < 0) {
	vstr_sprintf(why, "line %ld: seek: %s", lineno, strerror(errno));
	return (MIRROR_EXTRACT_IOERR);
    }
    vstr_reset(xp->rline);
    while ((ch = getc(xp->rfp)) != EOF && ch != '\n') {
	if (vstr_len(xp->rline) >= MIRROR_EXTRACT_MAXLINE) {
	    vstr_sprintf(why, "line %ld: longer than %d bytes", lineno,
			 MIRROR_EXTRACT_MAXLINE);
	    return (MIRROR_EXTRACT_BAD);
	}
	vstr_addch(xp->rline, ch);
    }
    if (ferror(xp->rfp)) {
	vstr_sprintf(why, "line %ld: read error: %s", lineno, strerror(errno));
	return (MIRROR_EXTRACT_IOERR);
    }
    lp->lineno = lineno;
    lp->offset = offset;
    return (parse_line(xp, xp->rline, lp, why));
}

/* mirror_extract_rewind - back to the first data line */

int     mirror_extract_rewind(MIRROR_EXTRACT *xp, VSTR *why)
{
    if (lseek(xp->fd, xp->data_off, SEEK_SET) < 0) {
	vstr_sprintf(why, "seek: %s", strerror(errno));
	return (-1);
    }
    xp->buf_off = xp->data_off;
    xp->pos = xp->end = 0;
    xp->eof = 0;
    xp->lineno = 1;
    /* A rewind before the end leaves no whole-file hash: drop it. */
    if (xp->sha) {
	EVP_MD_CTX_free(xp->sha);
	xp->sha = 0;
    }
    xp->first_pass = 0;
    return (0);
}

/* mirror_extract_sha256 - hex SHA-256 of the file, after the first pass */

const char *mirror_extract_sha256(MIRROR_EXTRACT *xp)
{
    return (xp->sha_hex[0] ? xp->sha_hex : 0);
}

/* mirror_extract_lines - non-blank data lines of the first pass */

long    mirror_extract_lines(const MIRROR_EXTRACT *xp)
{
    return (xp->data_lines);
}

/* mirror_extract_close - release */

void    mirror_extract_close(MIRROR_EXTRACT *xp)
{
    if (xp == 0)
	return;
    if (xp->fd >= 0)
	close(xp->fd);
    if (xp->rfp)
	fclose(xp->rfp);
    if (xp->sha)
	EVP_MD_CTX_free(xp->sha);
    vstr_free(xp->line);
    vstr_free(xp->rline);
    myfree(xp->buf);
    myfree(xp);
}
