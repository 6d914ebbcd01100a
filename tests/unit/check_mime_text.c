/*++
/* NAME
/*	check_mime_text 1
/* SUMMARY
/*	unit tests for the single-text-part shortcut of mime(3)
/* SYNOPSIS
/*	check_mime_text
/* DESCRIPTION
/*	mime_msg_finish() describes a message whose top-level headers
/*	show one text part without parsing it with GMime. Each test
/*	message is read twice: the part list after mime_msg_finish(),
/*	then after mime_msg_extract() (which parses it with GMime when it
/*	was not): both must agree on every field. Messages that could
/*	hide an attachment (multipart, a name parameter, a disposition,
/*	a non-text type, duplicate or odd headers) must be parsed: their
/*	parts come from GMime at once.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "vstr.h"
#include "mime.h"

/* feed - "Name: value" header lines (folding as "\n\t"), then a body */

static MIME_MSG *feed(const char *const *headers, const char *body)
{
    MIME_MSG *m = mime_msg_create((MIME_LIMITS *) 0);
    const char *colon;
    VSTR   *name = vstr_alloc(32);

    for (; *headers; headers++) {
	colon = strchr(*headers, ':');
	ck_assert_ptr_nonnull(colon);
	vstr_reset(name);
	vstr_ncat(name, *headers, (size_t) (colon - *headers));
	(void) mime_msg_header(m, vstr_str(name), colon[1] == ' ' ? colon + 2 : colon + 1);
    }
    (void) mime_msg_eoh(m);
    if (*body)
	(void) mime_msg_body(m, body, strlen(body));
    ck_assert_int_eq(mime_msg_finish(m), MIME_OK);
    vstr_free(name);
    return (m);
}

/* same_str - equal strings or both NULL */

static void same_str(const char *a, const char *b, const char *what)
{
    if (a == 0 || b == 0)
	ck_assert_msg(a == b, "%s: %s against %s", what, a ? a : "(null)", b ? b : "(null)");
    else
	ck_assert_msg(strcmp(a, b) == 0, "%s: %s against %s", what, a, b);
}

/* snap - copy of a part's fields */

static void snap(MIME_PART *to, const MIME_PART *from)
{
    *to = *from;
    to->path = mystrdup(from->path);
    to->content_type = mystrdup(from->content_type);
    to->filename = from->filename ? mystrdup(from->filename) : 0;
    to->disposition = from->disposition ? mystrdup(from->disposition) : 0;
    to->encoding = from->encoding ? mystrdup(from->encoding) : 0;
}

/* compare - the part list before and after a GMime parse agree */

static void compare(const char *const *headers, const char *text)
{
    MIME_MSG *m = feed(headers, text);
    MIME_PART before[4];
    const MIME_PART *after;
    FILE   *fp = tmpfile();
    off_t   written;
    size_t  i, n = mime_msg_part_count(m);

    ck_assert_uint_ge(n, 1);
    ck_assert_uint_le(n, 4);
    for (i = 0; i < n; i++)
	snap(before + i, mime_msg_part(m, i));
    /* Extraction parses a message that the shortcut described. */
    (void) mime_msg_extract(m, 0, fileno(fp), 1 << 20, &written);
    ck_assert_uint_eq(mime_msg_part_count(m), n);
    for (i = 0; i < n; i++) {
	after = mime_msg_part(m, i);
	same_str(before[i].path, after->path, "path");
	same_str(before[i].content_type, after->content_type, "content type");
	same_str(before[i].encoding, after->encoding, "encoding");
	same_str(before[i].filename, after->filename, "filename");
	same_str(before[i].disposition, after->disposition, "disposition");
	ck_assert_int_eq(before[i].depth, after->depth);
	ck_assert_int_eq(before[i].embedded, after->embedded);
	ck_assert_int_eq(before[i].is_xdm, after->is_xdm);
	ck_assert_int_eq(before[i].is_document, after->is_document);
	ck_assert_msg(before[i].encoded_size == after->encoded_size,
		      "size %lld against %lld", (long long) before[i].encoded_size,
		      (long long) after->encoded_size);
	myfree(before[i].path);
	myfree(before[i].content_type);
	myfree(before[i].filename);
	myfree(before[i].disposition);
	myfree(before[i].encoding);
    }
    fclose(fp);
    mime_msg_free(m);
}

static const char body[] = "Ligne une\r\nLigne deux\r\n";

START_TEST(test_shortcut_agrees_with_gmime)
{
    static const char *const h1[] = {"From: a@x.fr", "Subject: s", 0};
    static const char *const h2[] = {"Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit", 0};
    static const char *const h3[] = {"content-type:  TEXT/HTML ;\n\tcharset=\"utf-8\"",
    "Content-Transfer-Encoding: Quoted-Printable", 0};
    static const char *const h4[] = {"Content-Type: text/plain", "Content-Transfer-Encoding: base64", 0};
    static const char *const h5[] = {"Content-Type: text/plain", "Content-Transfer-Encoding: x-weird", 0};
    static const char *const h6[] = {"Subject: no body", 0};

    compare(h1, body);
    compare(h2, body);
    compare(h3, body);
    compare(h4, "TGlnbmUgdW5lCg==\r\n");
    compare(h5, body);
    compare(h6, "");
}

END_TEST

/* is_xdm - the message's part idx is an IHE_XDM archive */

static int is_xdm(const char *const *headers, const char *text, size_t idx)
{
    MIME_MSG *m = feed(headers, text);
    int     yes = idx < mime_msg_part_count(m) && mime_msg_part(m, idx)->is_xdm;

    compare(headers, text);
    mime_msg_free(m);
    return (yes);
}

START_TEST(test_attachments_are_parsed)
{
    static const char *const name[] = {"Content-Type: text/plain; name=IHE_XDM.zip", 0};
    static const char *const name2231[] = {"Content-Type: text/plain; NAME*=utf-8''IHE_XDM.zip", 0};
    static const char *const disp[] = {"Content-Type: text/plain",
    "Content-Disposition: attachment; filename=IHE_XDM.zip", 0};
    static const char *const zip[] = {"Content-Type: application/zip", 0};
    static const char *const multi[] = {"Content-Type: multipart/mixed; boundary=b", 0};
    static const char *const two[] = {"Content-Type: text/plain",
    "Content-Type: multipart/mixed; boundary=b", 0};
    static const char *const comment[] = {"Content-Type: (x) multipart/mixed; boundary=b", 0};
    static const char *const junk[] = {"Content-Type: text/plain junk", 0};
    static const char mp_body[] =
    "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    "--b\r\nContent-Type: application/zip\r\n"
    "Content-Disposition: attachment; filename=IHE_XDM.zip\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\nUEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\r\n--b--\r\n";

    ck_assert(is_xdm(name, "UEsFBg==\r\n", 0));
    ck_assert(is_xdm(name2231, "UEsFBg==\r\n", 0));
    ck_assert(is_xdm(disp, "UEsFBg==\r\n", 0));
    ck_assert(is_xdm(multi, mp_body, 1));
    compare(zip, "PK\r\n");
    compare(comment, mp_body);
    compare(junk, body);
    compare(two, mp_body);
}

END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("mime_text");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    mime_init();
    tcase_add_test(tc, test_shortcut_agrees_with_gmime);
    tcase_add_test(tc, test_attachments_are_parsed);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
