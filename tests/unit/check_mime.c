/*++
/* NAME
/*	check_mime 1
/* SUMMARY
/*	unit tests for mime(3), mime_hdr(3), mime_scan(3), xdm_msg(3)
/* SYNOPSIS
/*	check_mime
/* DESCRIPTION
/*	Messages are fed as libmilter delivers them (headers one by one,
/*	body in chunks of odd sizes), in memory and spooled to disk:
/*	base64 and quoted-printable parts, RFC 2047 subjects and RFC 2231
/*	file names, multipart nesting, forwarded messages, limits, call
/*	order, header injection; then the whole documents chain with an
/*	IHE_XDM archive, down to the conformance report.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gmime/gmime.h>

#include "mymalloc.h"
#include "vstr.h"
#include "mime.h"
#include "mime_hdr.h"
#include "mime_scan.h"
#include "xdm_msg.h"
#include "xdm_catfile.h"
#include "docs_util.h"

static MIME_LIMITS lim;

/* setup - library initialisation and default limits */

static void setup(void)
{
    mime_init();
    xdm_init();
    mime_limits_init(&lim);
}

/* feed_message - headers one by one, then the body in chunks */

static MIME_STATUS feed_message(MIME_MSG *m, const char *raw, size_t chunk)
{
    const char *cp = raw, *eol, *colon, *body;
    VSTR   *name = vstr_alloc(32), *value = vstr_alloc(128);
    MIME_STATUS status = MIME_OK;
    size_t  len, n;

    /* Split the header block as an MTA would; folding stays "\n\t". */
    while (*cp && !(cp[0] == '\r' && cp[1] == '\n')) {
	colon = strchr(cp, ':');
	ck_assert_ptr_nonnull(colon);
	vstr_reset(name);
	vstr_ncat(name, cp, (size_t) (colon - cp));
	cp = colon + 1;
	if (*cp == ' ')
	    cp++;
	vstr_reset(value);
	for (;;) {
	    eol = strstr(cp, "\r\n");
	    ck_assert_ptr_nonnull(eol);
	    vstr_ncat(value, cp, (size_t) (eol - cp));
	    cp = eol + 2;
	    if (*cp != ' ' && *cp != '\t')
		break;
	    vstr_addch(value, '\n');
	}
	status = mime_msg_header(m, vstr_str(name), vstr_str(value));
    }
    mime_msg_eoh(m);
    body = *cp ? cp + 2 : cp;
    len = strlen(body);
    while (len > 0) {
	n = len < chunk ? len : chunk;
	status = mime_msg_body(m, body, n);
	body += n;
	len -= n;
    }
    vstr_free(name);
    vstr_free(value);
    return (status);
}

/* parse - create, feed, finish */

static MIME_MSG *parse(const char *raw, size_t chunk, MIME_STATUS expect)
{
    MIME_MSG *m = mime_msg_create(&lim);

    feed_message(m, raw, chunk);
    ck_assert_msg(mime_msg_finish(m) == expect, "status %s: %s",
		  mime_status_name(mime_msg_status(m)), mime_msg_error(m));
    return (m);
}

/* extract - decode a part into a string */

static char *extract(MIME_MSG *m, size_t idx, off_t max, MIME_STATUS expect,
		             size_t *lenp)
{
    FILE   *fp = tmpfile();
    off_t   written = -1;
    char   *buf;

    ck_assert_int_eq(mime_msg_extract(m, idx, fileno(fp), max, &written), expect);
    buf = mymalloc((size_t) written + 1);
    ck_assert_int_eq(pread(fileno(fp), buf, (size_t) written, 0), written);
    buf[written] = 0;
    fclose(fp);
    if (lenp)
	*lenp = (size_t) written;
    return (buf);
}

static const char simple_msg[] =
"From: a@x.mssante.fr\r\n"
"To: b@y.mssante.fr\r\n"
"Subject: =?UTF-8?B?W0ZJTl0=?=\r\n"
"\r\n"
"Bonjour.\r\n";

START_TEST(test_simple)
{
    MIME_MSG *m = parse(simple_msg, 7, MIME_OK);
    const MIME_PART *p;
    char   *text;

    ck_assert_str_eq(mime_msg_subject(m), "[FIN]");
    ck_assert_uint_eq(mime_msg_part_count(m), 1);
    p = mime_msg_part(m, 0);
    ck_assert_str_eq(p->content_type, "text/plain");
    ck_assert_str_eq(p->path, "1");
    ck_assert_ptr_null(p->filename);
    ck_assert_int_eq(p->is_document, 0);
    ck_assert_int_eq(p->is_xdm, 0);
    ck_assert_ptr_null(mime_msg_part(m, 1));
    text = extract(m, 0, 1000, MIME_OK, 0);
    ck_assert_str_eq(text, "Bonjour.\r\n");
    myfree(text);
    ck_assert_int_eq(mime_msg_on_disk(m), 0);
    ck_assert_str_eq(mime_msg_header_get(m, "to", 0), "b@y.mssante.fr");
    ck_assert_ptr_null(mime_msg_header_get(m, "to", 1));
    ck_assert_uint_eq(mime_msg_header_count(m, "FROM"), 1);
    ck_assert_int_eq(mime_msg_headers_complete(m), 1);
    ck_assert_int_eq(mime_msg_extract(m, 5, 1, 10, 0), MIME_ERR_NO_PART);
    mime_msg_free(m);
}
END_TEST

START_TEST(test_subject_decoding)
{
    VSTR   *out = vstr_alloc(32);

    mime_hdr_decode("=?UTF-8?B?W0ZJTl0=?=", out);
    ck_assert_str_eq(vstr_str(out), "[FIN]");
    mime_hdr_decode("=?utf-8?q?=5BFIN=5D?=", out);
    ck_assert_str_eq(vstr_str(out), "[FIN]");
    /* Missing padding: still [FIN], not [FI. */
    mime_hdr_decode("=?UTF-8?B?W0ZJTl0?=", out);
    ck_assert_str_eq(vstr_str(out), "[FIN]");
    /* Blanks are kept: " [FIN] " is not "[FIN]". */
    mime_hdr_decode(" =?UTF-8?B?W0ZJTl0=?= ", out);
    ck_assert_str_eq(vstr_str(out), " [FIN] ");
    /* Adjacent encoded words join without the blank between them. */
    mime_hdr_decode("=?UTF-8?B?W0ZJ?=\n =?UTF-8?B?Tl0=?=", out);
    ck_assert_str_eq(vstr_str(out), "[FIN]");
    /* Folding: CRLF or LF before a blank is removed, the blank kept. */
    mime_hdr_decode("Compte rendu\r\n de consultation", out);
    ck_assert_str_eq(vstr_str(out), "Compte rendu de consultation");
    mime_hdr_decode("Compte rendu\n\tde consultation", out);
    ck_assert_str_eq(vstr_str(out), "Compte rendu\tde consultation");
    mime_hdr_decode("Re: =?ISO-8859-1?Q?r=E9sultats?=", out);
    ck_assert_str_eq(vstr_str(out), "Re: r\xc3\xa9sultats");
    mime_hdr_decode("XDM/1.0/DDM+CR =?UTF-8?Q?H=C3=A9l=C3=A8ne?= DUPONT", out);
    ck_assert_str_eq(vstr_str(out), "XDM/1.0/DDM+CR H\xc3\xa9l\xc3\xa8ne DUPONT");
    /* A NUL hidden in a word cannot cut the string short. */
    mime_hdr_decode("=?UTF-8?B?W0ZJTl0AeA==?=", out);
    ck_assert_uint_eq(vstr_len(out), 7);
    ck_assert_str_eq(vstr_str(out), "[FIN]?x");
    /* An encoded CRLF is kept for the classifier to see. */
    mime_hdr_decode("=?UTF-8?Q?[FIN]=0D=0A?=", out);
    ck_assert_str_eq(vstr_str(out), "[FIN]\r\n");
    mime_hdr_decode("", out);
    ck_assert_str_eq(vstr_str(out), "");
    mime_hdr_decode("=?", out);
    ck_assert_str_eq(vstr_str(out), "=?");
    mime_hdr_unfold("a\r\n b\nc", out);
    ck_assert_str_eq(vstr_str(out), "a bc");
    vstr_free(out);
}
END_TEST

START_TEST(test_subject_hostile_cost)
{
    VSTR   *raw = vstr_alloc(200000), *out = vstr_alloc(16);
    int     i;

    /* Many unterminated words: linear, finishes at once. */
    for (i = 0; i < 30000; i++)
	vstr_cat(raw, "=?a?B?");
    mime_hdr_decode(vstr_str(raw), out);
    ck_assert_uint_ge(vstr_len(out), 1);
    vstr_free(raw);
    vstr_free(out);
}
END_TEST

START_TEST(test_folded_subject_message)
{
    static const char msg[] =
    "Subject: =?UTF-8?Q?Compte_rendu?=\r\n"
    "  =?UTF-8?Q?_de_consultation?=\r\n"
    "\r\n"
    "x\r\n";
    MIME_MSG *m = parse(msg, 1, MIME_OK);

    ck_assert_str_eq(mime_msg_subject(m), "Compte rendu de consultation");
    mime_msg_free(m);
}
END_TEST

static const char multi_msg[] =
"From: a@x.mssante.fr\r\n"
"Subject: test\r\n"
"MIME-Version: 1.0\r\n"
"Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
"\r\n"
"preamble\r\n"
"--outer\r\n"
"Content-Type: multipart/alternative; boundary=inner\r\n"
"\r\n"
"--inner\r\n"
"Content-Type: text/plain; charset=utf-8\r\n"
"Content-Transfer-Encoding: quoted-printable\r\n"
"\r\n"
"Caf=C3=A9 cr=C3=A8me, ligne tr=\r\n"
"onqu=C3=A9e.\r\n"
"--inner\r\n"
"Content-Type: text/html\r\n"
"\r\n"
"<p>x</p>\r\n"
"--inner--\r\n"
"--outer\r\n"
"Content-Type: application/pdf; name=\"=?UTF-8?Q?r=C3=A9sultat.pdf?=\"\r\n"
"Content-Disposition: attachment\r\n"
"Content-Transfer-Encoding: base64\r\n"
"\r\n"
"JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==\r\n"
"--outer\r\n"
"Content-Type: application/octet-stream\r\n"
"Content-Disposition: attachment; filename*=utf-8''CR%20d%C3%A9c%C3%A8s.pdf\r\n"
"Content-Transfer-Encoding: base64\r\n"
"\r\n"
"AAECAw==\r\n"
"--outer\r\n"
"Content-Type: message/rfc822\r\n"
"\r\n"
"Subject: forwarded\r\n"
"Content-Type: multipart/mixed; boundary=fwd\r\n"
"\r\n"
"--fwd\r\n"
"Content-Type: text/plain\r\n"
"\r\n"
"old\r\n"
"--fwd\r\n"
"Content-Type: application/zip; name=IHE_XDM.zip\r\n"
"Content-Transfer-Encoding: base64\r\n"
"\r\n"
"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\r\n"
"--fwd--\r\n"
"--outer\r\n"
"Content-Type: application/pkcs7-signature; name=smime.p7s\r\n"
"Content-Transfer-Encoding: base64\r\n"
"\r\n"
"AAAA\r\n"
"--outer--\r\n"
"epilogue\r\n";

/* check_multi - the expected parts of multi_msg */

static void check_multi(MIME_MSG *m)
{
    const MIME_PART *p;
    char   *data;
    size_t  len;

    ck_assert_uint_eq(mime_msg_part_count(m), 7);
    p = mime_msg_part(m, 0);
    ck_assert_str_eq(p->path, "1.1");
    ck_assert_int_eq(p->depth, 2);
    ck_assert_str_eq(p->encoding, "quoted-printable");
    data = extract(m, 0, 1000, MIME_OK, 0);
    ck_assert_str_eq(data, "Caf\xc3\xa9 cr\xc3\xa8me, ligne tronqu\xc3\xa9" "e.");
    myfree(data);
    p = mime_msg_part(m, 1);
    ck_assert_str_eq(p->content_type, "text/html");
    ck_assert_str_eq(p->path, "1.2");
    p = mime_msg_part(m, 2);
    ck_assert_str_eq(p->path, "2");
    ck_assert_str_eq(p->content_type, "application/pdf");
    ck_assert_str_eq(p->filename, "r\xc3\xa9sultat.pdf");
    ck_assert_str_eq(p->disposition, "attachment");
    ck_assert_str_eq(p->encoding, "base64");
    ck_assert_int_eq(p->is_document, 1);
    ck_assert_int_eq(p->encoded_size, 72);
    data = extract(m, 2, 1000, MIME_OK, &len);
    ck_assert_uint_eq(len, 52);
    ck_assert_int_eq(memcmp(data, "%PDF-1.4\n", 9), 0);
    myfree(data);
    /* Decoded size limit. */
    data = extract(m, 2, 10, MIME_ERR_PART_TOO_BIG, &len);
    ck_assert_uint_eq(len, 0);
    myfree(data);
    p = mime_msg_part(m, 3);
    ck_assert_str_eq(p->filename, "CR d\xc3\xa9" "c\xc3\xa8s.pdf");
    data = extract(m, 3, 1000, MIME_OK, &len);
    ck_assert_uint_eq(len, 4);
    ck_assert_int_eq(memcmp(data, "\0\1\2\3", 4), 0);
    myfree(data);
    /* The forwarded message's parts: listed, embedded, not documents. */
    p = mime_msg_part(m, 4);
    ck_assert_int_eq(p->embedded, 1);
    ck_assert_str_eq(p->content_type, "text/plain");
    p = mime_msg_part(m, 5);
    ck_assert_int_eq(p->embedded, 1);
    ck_assert_int_eq(p->is_xdm, 1);
    ck_assert_int_eq(p->is_document, 0);
    ck_assert_int_ge(p->depth, 2);
    p = mime_msg_part(m, 6);
    ck_assert_str_eq(p->content_type, "application/pkcs7-signature");
    ck_assert_int_eq(p->is_document, 0);
}

START_TEST(test_multipart_memory)
{
    MIME_MSG *m = parse(multi_msg, 13, MIME_OK);

    ck_assert_int_eq(mime_msg_on_disk(m), 0);
    check_multi(m);
    mime_msg_free(m);
}
END_TEST

START_TEST(test_multipart_disk)
{
    MIME_MSG *m;

    lim.mem_max = 100;
    m = parse(multi_msg, 1, MIME_OK);
    ck_assert_int_eq(mime_msg_on_disk(m), 1);
    check_multi(m);
    mime_msg_free(m);
}
END_TEST

START_TEST(test_header_injection)
{
    MIME_MSG *m = mime_msg_create(&lim);

    /* A line break not followed by a blank cannot start a header. */
    mime_msg_header(m, "X-Foo", "a\nContent-Type: multipart/mixed; boundary=b");
    mime_msg_header(m, "Bad Name", "x");
    mime_msg_header(m, "Bad:Name", "x");
    mime_msg_eoh(m);
    mime_msg_body(m, "--b\r\nContent-Type: application/zip; name=IHE_XDM.zip\r\n\r\nx\r\n--b--\r\n", 67);
    ck_assert_int_eq(mime_msg_finish(m), MIME_OK);
    ck_assert_uint_eq(mime_msg_part_count(m), 1);
    ck_assert_str_eq(mime_msg_part(m, 0)->content_type, "text/plain");
    ck_assert_int_eq(mime_msg_part(m, 0)->is_xdm, 0);
    /* Stored as received, even when not spooled. */
    ck_assert_uint_eq(mime_msg_header_count(m, "Bad Name"), 1);
    mime_msg_free(m);
}
END_TEST

START_TEST(test_call_order)
{
    MIME_MSG *m = mime_msg_create(&lim);

    ck_assert_int_eq(mime_msg_body(m, "x\r\n", 3), MIME_OK);
    ck_assert_int_eq(mime_msg_header(m, "Subject", "late"), MIME_ERR_STATE);
    ck_assert_int_eq(mime_msg_finish(m), MIME_ERR_STATE);
    ck_assert_str_eq(mime_msg_error(m), "header after end of headers");
    mime_msg_free(m);
    m = mime_msg_create(&lim);
    ck_assert_int_eq(mime_msg_finish(m), MIME_OK);
    ck_assert_int_eq(mime_msg_finish(m), MIME_ERR_STATE);
    ck_assert_int_eq(mime_msg_body(m, "x", 1), MIME_ERR_STATE);
    ck_assert_str_eq(mime_status_name(MIME_ERR_STATE), "state");
    ck_assert_str_eq(mime_status_name(MIME_STATUS_COUNT), "unknown");
    mime_msg_free(m);
    mime_msg_free((MIME_MSG *) 0);
}
END_TEST

START_TEST(test_too_big)
{
    MIME_MSG *m;

    lim.max_size = 50;
    m = mime_msg_create(&lim);
    mime_msg_header(m, "Subject", "=?UTF-8?B?W0ZJTl0=?=");
    ck_assert_int_eq(mime_msg_body(m, simple_msg, sizeof(simple_msg) - 1),
		     MIME_ERR_TOO_BIG);
    ck_assert_int_eq(mime_msg_finish(m), MIME_ERR_TOO_BIG);
    /* Headers stay available. */
    ck_assert_str_eq(mime_msg_subject(m), "[FIN]");
    ck_assert_int_eq(mime_msg_size(m), 31 + 2 + (off_t) sizeof(simple_msg) - 1);
    ck_assert_uint_eq(mime_msg_part_count(m), 0);
    mime_msg_free(m);
}
END_TEST

START_TEST(test_complex_refused)
{
    VSTR   *body = vstr_alloc(100000);
    MIME_MSG *m;
    int     i;

    /* Many header-like lines. */
    lim.max_header_lines = 100;
    for (i = 0; i < 200; i++)
	vstr_cat(body, "a:b\r\n");
    m = mime_msg_create(&lim);
    mime_msg_body(m, vstr_str(body), vstr_len(body));
    ck_assert_int_eq(mime_msg_finish(m), MIME_ERR_COMPLEX);
    mime_msg_free(m);
    /* One header folded forever. */
    mime_limits_init(&lim);
    lim.max_field = 1000;
    vstr_strcpy(body, "X-Long: a\r\n");
    for (i = 0; i < 500; i++)
	vstr_cat(body, " folded\r\n");
    m = mime_msg_create(&lim);
    mime_msg_body(m, vstr_str(body), vstr_len(body));
    ck_assert_int_eq(mime_msg_finish(m), MIME_ERR_COMPLEX);
    mime_msg_free(m);
    /* Many boundaries. */
    mime_limits_init(&lim);
    lim.max_boundaries = 10;
    vstr_reset(body);
    for (i = 0; i < 20; i++)
	vstr_cat(body, "--b\r\n");
    m = mime_msg_create(&lim);
    mime_msg_body(m, vstr_str(body), vstr_len(body));
    ck_assert_int_eq(mime_msg_finish(m), MIME_ERR_COMPLEX);
    mime_msg_free(m);
    vstr_free(body);
}
END_TEST

START_TEST(test_parts_and_depth_limits)
{
    VSTR   *msg = vstr_alloc(10000);
    MIME_MSG *m;
    int     i;

    vstr_cat(msg, "Content-Type: multipart/mixed; boundary=b\r\n\r\n");
    for (i = 0; i < 20; i++)
	vstr_cat(msg, "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
    vstr_cat(msg, "--b--\r\n");
    lim.max_parts = 10;
    m = parse(vstr_str(msg), 1000, MIME_ERR_PARTS);
    ck_assert_uint_eq(mime_msg_part_count(m), 10);
    mime_msg_free(m);

    /* Nesting 40 deep. */
    mime_limits_init(&lim);
    vstr_reset(msg);
    for (i = 0; i < 40; i++)
	vstr_sprintf_append(msg, "Content-Type: multipart/mixed; boundary=b%d\r\n"
			    "\r\n--b%d\r\n", i, i);
    vstr_cat(msg, "Content-Type: text/plain\r\n\r\ndeep\r\n");
    m = parse(vstr_str(msg), 1000, MIME_ERR_PARTS);
    ck_assert_str_eq(mime_msg_error(m), "MIME nesting deeper than 32");
    mime_msg_free(m);
    lim.max_depth = 64;
    m = parse(vstr_str(msg), 1000, MIME_OK);
    ck_assert_uint_eq(mime_msg_part_count(m), 1);
    ck_assert_int_eq(mime_msg_part(m, 0)->depth, 40);
    mime_msg_free(m);
    vstr_free(msg);
}
END_TEST

START_TEST(test_spool_error)
{
    MIME_MSG *m;
    char    big[2000];

    lim.mem_max = 100;
    lim.tmpdir = "/nonexistent/dir";
    memset(big, 'x', sizeof(big));
    m = mime_msg_create(&lim);
    ck_assert_int_eq(mime_msg_body(m, big, sizeof(big)), MIME_ERR_IO);
    ck_assert_ptr_nonnull(strstr(mime_msg_error(m), "/nonexistent/dir"));
    ck_assert_int_eq(mime_msg_finish(m), MIME_ERR_IO);
    mime_msg_free(m);
}
END_TEST

START_TEST(test_top_header_limits)
{
    MIME_MSG *m;
    int     i;

    lim.max_top_headers = 3;
    m = mime_msg_create(&lim);
    for (i = 0; i < 5; i++)
	mime_msg_header(m, "X-MSSante-Category", "forged");
    ck_assert_uint_eq(mime_msg_header_count(m, "x-mssante-category"), 3);
    ck_assert_int_eq(mime_msg_headers_complete(m), 0);
    mime_msg_free(m);
}
END_TEST

START_TEST(test_scan_chunking)
{
    static const char text[] =
    "From: a\r\nX-Long: one\r\n two\r\n\tthree\r\n\r\n--b\r\nContent-Type: x\r\n"
    "\r\n-- \r\nsig: x\r\nplain line\r\n-X-Odd: y\r\n--\r\n";
    MIME_SCAN whole, bytes;
    size_t  i;

    mime_scan_init(&whole);
    mime_scan_feed(&whole, text, sizeof(text) - 1);
    mime_scan_init(&bytes);
    for (i = 0; i < sizeof(text) - 1; i++)
	mime_scan_feed(&bytes, text + i, 1);
    ck_assert_uint_eq(whole.header_lines, 5);
    ck_assert_uint_eq(whole.boundaries, 3);
    /* Line feeds are not counted. */
    ck_assert_uint_eq(whole.max_field_len, strlen("X-Long: one\r two\r\tthree\r"));
    ck_assert_uint_eq(bytes.header_lines, whole.header_lines);
    ck_assert_uint_eq(bytes.boundaries, whole.boundaries);
    ck_assert_uint_eq(bytes.max_field_len, whole.max_field_len);
}
END_TEST

/* xdm_message - a message to a patient with the standard XDM archive */

static char *xdm_message(const char *extra_headers, const char *subject)
{
    VSTR   *msg = vstr_alloc(10000);
    size_t  len;
    char   *zip = docs_util_xdm_zip(&len);

    vstr_sprintf(msg, "From: robot@ch-x.mssante.fr\r\n"
		 "To: 285037728417346@patient.mssante.fr\r\n"
		 "Subject: %s\r\n%s"
		 "MIME-Version: 1.0\r\n"
		 "Content-Type: multipart/mixed; boundary=\"XDM\"\r\n\r\n"
		 "--XDM\r\nContent-Type: text/plain\r\n\r\nVoir l'archive.\r\n"
		 "--XDM\r\nContent-Type: application/zip\r\n"
		 "Content-Disposition: attachment; filename=\"IHE_XDM.zip\"\r\n"
		 "Content-Transfer-Encoding: base64\r\n\r\n", subject, extra_headers);
    docs_util_base64(zip, len, msg);
    vstr_cat(msg, "--XDM\r\nContent-Type: application/pdf; name=CR.pdf\r\n"
	     "Content-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--XDM--\r\n");
    myfree(zip);
    return (vstr_export(msg));
}

/* load_table - the installed JDV_J07 file */

static CATEGORY_TABLE *load_table(void)
{
    const char *top = getenv("top_srcdir");
    VSTR   *path = vstr_alloc(128), *why = vstr_alloc(64);
    CATEGORY_TABLE *tab;

    vstr_sprintf(path, "%s/milter/docs/data/%s", top ? top : "..", XDM_CATFILE_TYPECODE);
    tab = xdm_catfile_load(vstr_str(path), (char *) 0, why);
    ck_assert_msg(tab != 0, "%s", vstr_str(why));
    vstr_free(path);
    vstr_free(why);
    return (tab);
}

START_TEST(test_chain_conforming)
{
    char   *raw = xdm_message("X-MSS-CODECDA: 11488-4\r\nX-MSS-INS: O\r\n"
			      "X-MSS-NIL: LOGICIEL 1.0\r\n",
			      "XDM/1.0/DDM+CR de consultation DUPONT Jean 01/01/1980");
    CATEGORY_TABLE *tab = load_table();
    DOCCAT_RULES *rules = doccat_rules_create();
    XDM_LIMITS xlim;
    XDM_MSG *xm = xdm_msg_create();
    const DOCCAT_RESULT *cats;
    const DOCRULES_FACTS *facts;
    const char *rcpt[1] = {"285037728417346"};
    DOCRULES_CONFIG cfg;
    DOCRULES_REPORT rep;
    VSTR   *hdr = vstr_alloc(128);
    MIME_MSG *m;

    lim.mem_max = 1024;
    m = parse(raw, 4093, MIME_OK);
    ck_assert_int_eq(mime_msg_on_disk(m), 1);
    xdm_limits_init(&xlim);
    ck_assert_uint_eq(xdm_msg_scan(xm, m, &xlim, (char *) 0), 1);
    ck_assert_int_eq(xdm_msg_archive(xm, 0)->status, XDM_OK);
    ck_assert_uint_eq(xdm_msg_archive(xm, 0)->ndocs, 1);
    ck_assert_ptr_null(xdm_msg_archive(xm, 1));
    ck_assert_int_eq(doccat_rules_parse(rules, "name=*.pdf code=11488-4"), DOCCAT_RULE_OK);
    cats = xdm_msg_categorize(xm, m, tab, rules, "robot@ch-x.mssante.fr");
    ck_assert_uint_eq(cats->count, 2);
    ck_assert_int_eq(cats->items[0].source, DOCCAT_SRC_HEADER);
    doccat_format_header(cats->items + 0, hdr);
    ck_assert_str_eq(vstr_str(hdr), "code=11488-4; system=2.16.840.1.113883.6.1; "
	       "display=\"CR ou fiche de consultation ou de visite\"; class=10; "
		     "source=header");
    ck_assert_int_eq(cats->items[1].source, DOCCAT_SRC_RULE);
    ck_assert_str_eq(cats->items[1].document, "CR.pdf");
    facts = xdm_msg_facts(xm, m, 1, rcpt, 1);
    ck_assert_uint_eq(facts->cda_count, 1);
    ck_assert_uint_eq(facts->patient_count, 1);
    ck_assert_uint_eq(facts->documents, 2);
    docrules_config_init(&cfg);
    docrules_report_init(&rep);
    docrules_check(&cfg, facts, &rep);
    ck_assert_msg(rep.count == 0, "unexpected %s: %s", rep.count ? rep.hits[0].id : "",
		  rep.count ? vstr_str(rep.hits[0].detail) : "");
    docrules_report_free(&rep);
    vstr_free(hdr);
    xdm_msg_free(xm);
    doccat_rules_free(rules);
    category_table_free(tab);
    mime_msg_free(m);
    myfree(raw);
}
END_TEST

START_TEST(test_chain_wrong_patient)
{
    char   *raw = xdm_message("", "CR");
    CATEGORY_TABLE *tab = load_table();
    XDM_LIMITS xlim;
    XDM_MSG *xm = xdm_msg_create();
    const char *rcpt[1] = {"279035121518989"};
    DOCRULES_CONFIG cfg;
    DOCRULES_REPORT rep;
    MIME_MSG *m = parse(raw, 65536, MIME_OK);
    size_t  i;
    int     seen = 0;

    xdm_limits_init(&xlim);
    xdm_msg_scan(xm, m, &xlim, (char *) 0);
    xdm_msg_categorize(xm, m, tab, (DOCCAT_RULES *) 0, "robot@ch-x.mssante.fr");
    docrules_config_init(&cfg);
    cfg.app_strict = 1;
    docrules_report_init(&rep);
    docrules_check(&cfg, xdm_msg_facts(xm, m, 1, rcpt, 1), &rep);
    ck_assert_int_eq(rep.worst, DOCRULES_REJECT);
    ck_assert_str_eq(rep.hits[rep.worst_index].id, "doc.codecda");
    for (i = 0; i < rep.count; i++) {
	seen |= strcmp(rep.hits[i].id, "doc.patient_mismatch") == 0;
	ck_assert_int_eq(rep.hits[i].action, DOCRULES_REJECT);
    }
    ck_assert_int_eq(seen, 1);
    /* codecda, x_mss_ins, x_mss_nil, subject, patient, category_missing. */
    ck_assert_uint_eq(rep.count, 6);
    docrules_report_free(&rep);
    xdm_msg_free(xm);
    category_table_free(tab);
    mime_msg_free(m);
    myfree(raw);
}
END_TEST

START_TEST(test_chain_archive_too_big)
{
    char   *raw = xdm_message("", "XDM/1.0/DDM+x");
    XDM_LIMITS xlim;
    XDM_MSG *xm = xdm_msg_create();
    MIME_MSG *m = parse(raw, 65536, MIME_OK);
    const DOCRULES_FACTS *facts;

    xdm_limits_init(&xlim);
    xlim.max_archive = 100;
    xdm_msg_scan(xm, m, &xlim, (char *) 0);
    ck_assert_int_eq(xdm_msg_archive(xm, 0)->status, XDM_ERR_TOO_BIG);
    facts = xdm_msg_facts(xm, m, 0, (const char **) 0, 0);
    ck_assert_uint_eq(facts->xdm_unsafe, 1);
    ck_assert_str_eq(facts->xdm_unsafe_error, "archive trop volumineuse");
    ck_assert_int_eq(xdm_msg_local_error(xm), 0);
    xdm_msg_free(xm);

    /* Our own disk failing is not the sender's fault. */
    xdm_limits_init(&xlim);
    xm = xdm_msg_create();
    xdm_msg_scan(xm, m, &xlim, "/nonexistent/dir");
    ck_assert_int_eq(xdm_msg_archive(xm, 0)->status, XDM_ERR_IO);
    ck_assert_int_eq(xdm_msg_local_error(xm), 1);
    facts = xdm_msg_facts(xm, m, 0, (const char **) 0, 0);
    ck_assert_uint_eq(facts->xdm_unsafe + facts->xdm_invalid, 0);
    xdm_msg_free(xm);
    mime_msg_free(m);
    myfree(raw);
}
END_TEST

START_TEST(test_category_header_parses)
{
    DOCCAT_ITEM item;
    VSTR   *hdr = vstr_alloc(128);
    GMimeParamList *list;
    GMimeParam *param;

    /* The tag header is MIME-parameter syntax: GMime reads it back. */
    memset(&item, 0, sizeof(item));
    item.code = "97694-4";
    item.system = "2.16.840.1.113883.6.1";
    item.display = "Note d'\xc3\xa9valuation; \"f\xc5\x93tale\"";
    item.class_code = "10";
    item.source = DOCCAT_SRC_XDM;
    item.known = 1;
    doccat_format_header(&item, hdr);
    list = g_mime_param_list_parse((GMimeParserOptions *) 0, vstr_str(hdr));
    ck_assert_ptr_nonnull(list);
    ck_assert_int_eq(g_mime_param_list_length(list), 5);
    param = g_mime_param_list_get_parameter(list, "display");
    ck_assert_ptr_nonnull(param);
    ck_assert_str_eq(g_mime_param_get_value(param), item.display);
    param = g_mime_param_list_get_parameter(list, "code");
    ck_assert_str_eq(g_mime_param_get_value(param), "97694-4");
    g_object_unref(list);
    item.display = "CR d\"imagerie";
    doccat_format_header(&item, hdr);
    list = g_mime_param_list_parse((GMimeParserOptions *) 0, vstr_str(hdr));
    param = g_mime_param_list_get_parameter(list, "display");
    ck_assert_str_eq(g_mime_param_get_value(param), "CR d\"imagerie");
    g_object_unref(list);
    vstr_free(hdr);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("mime");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_simple);
    tcase_add_test(tc, test_subject_decoding);
    tcase_add_test(tc, test_subject_hostile_cost);
    tcase_add_test(tc, test_folded_subject_message);
    tcase_add_test(tc, test_multipart_memory);
    tcase_add_test(tc, test_multipart_disk);
    tcase_add_test(tc, test_header_injection);
    tcase_add_test(tc, test_call_order);
    tcase_add_test(tc, test_too_big);
    tcase_add_test(tc, test_complex_refused);
    tcase_add_test(tc, test_parts_and_depth_limits);
    tcase_add_test(tc, test_spool_error);
    tcase_add_test(tc, test_top_header_limits);
    tcase_add_test(tc, test_scan_chunking);
    tcase_add_test(tc, test_chain_conforming);
    tcase_add_test(tc, test_chain_wrong_patient);
    tcase_add_test(tc, test_chain_archive_too_big);
    tcase_add_test(tc, test_category_header_parses);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
