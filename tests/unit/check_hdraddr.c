/*++
/* NAME
/*	check_hdraddr 1
/* SUMMARY
/*	unit tests for hdraddr(3)
/* SYNOPSIS
/*	check_hdraddr
/* DESCRIPTION
/*	Golden cases: header values and the mailboxes (local@domain, one
/*	per line) they must give, covering display names, quoted strings,
/*	comments, groups, routes, literals and folding; then malformed
/*	values and the status each must return.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "hdraddr.h"

static const struct {
    const char *value;
    const char *expect;			/* "local@domain" joined by "|" */
}       good[] = {
    {"a@b.fr", "a@b.fr"},
    {"  Jean Dupont <jean.dupont@Medecin.MSSante.fr>  ",
    "jean.dupont@medecin.mssante.fr"},
    {"\"Dupont, Jean\" <jean@a.fr>, marie@b.fr", "jean@a.fr|marie@b.fr"},
    {"jean@a.fr (Jean Dupont)", "jean@a.fr"},
    {"(c) jean (x) @ (y) a (z) . (w) fr (v)", "jean@a.fr"},
    {"(nested (comment \\) here)) <x@y.fr>", "x@y.fr"},
    {"J. Dupont <j@a.fr>", "j@a.fr"},
    {"=?utf-8?q?J=C3=A9r=C3=B4me?= <jerome@a.fr>", "jerome@a.fr"},
    {"\xc3\x89lodie <elodie@a.fr>", "elodie@a.fr"},
    {"Equipe: a@x.fr, B <b@y.fr>;", "a@x.fr|b@y.fr"},
    {"Equipe: a@x.fr;, c@z.fr", "a@x.fr|c@z.fr"},
    {"undisclosed-recipients:;, real@x.fr", "real@x.fr"},
    {"<@relay1.example,@relay2.example:u@d.fr>", "u@d.fr"},
    {"\"quoted local\"@d.fr", "\"quoted local\"@d.fr"},
    {"\"a@b\"@d.fr", "\"a@b\"@d.fr"},
    {"u@[192.0.2.1]", "u@[192.0.2.1]"},
    {"a@b.fr,,c@d.fr,", "a@b.fr|c@d.fr"},
    {"a@b.fr,\r\n\tc@d.fr", "a@b.fr|c@d.fr"},
    {"Jean\r\n Dupont\n\t<jean@a.fr>", "jean@a.fr"},
    {"good@trusted.fr <evil@untrusted.example>", "evil@untrusted.example"},
    {"\"Tricky <x@trusted.fr>\" <evil@untrusted.example>",
    "evil@untrusted.example"},
    {"first.last@sub.domain.example", "first.last@sub.domain.example"},
    {"first . last @ domain . example", "first.last@domain.example"},
};

static const struct {
    const char *value;
    HDRADDR_STATUS status;
}       bad[] = {
    {"\"a\x01b\"@c.fr x", HDRADDR_ERR_SYNTAX},
    {"", HDRADDR_ERR_EMPTY},
    {"   ", HDRADDR_ERR_EMPTY},
    {"(only a comment)", HDRADDR_ERR_EMPTY},
    {"undisclosed-recipients:;", HDRADDR_ERR_EMPTY},
    {",,,", HDRADDR_ERR_EMPTY},
    {"<>", HDRADDR_ERR_EMPTY},
    {"MAILER-DAEMON", HDRADDR_ERR_NO_DOMAIN},
    {"Jean <jean>", HDRADDR_ERR_NO_DOMAIN},
    {"a@b.fr, c", HDRADDR_ERR_NO_DOMAIN},
    {"jean@", HDRADDR_ERR_NO_DOMAIN},
    {"@b.fr", HDRADDR_ERR_SYNTAX},
    {"a@b.fr c@d.fr", HDRADDR_ERR_SYNTAX},
    {"a@b..fr", HDRADDR_ERR_SYNTAX},
    {"a@b.fr.", HDRADDR_ERR_SYNTAX},
    {"a..b@c.fr", HDRADDR_ERR_SYNTAX},
    {"<a@b.fr> junk", HDRADDR_ERR_SYNTAX},
    {"x <a@b.fr> <c@d.fr>", HDRADDR_ERR_SYNTAX},
    {"<a@b.fr<c@d.fr>>", HDRADDR_ERR_SYNTAX},
    {"a@b.fr>", HDRADDR_ERR_SYNTAX},
    {"G1: G2: a@b.fr;;", HDRADDR_ERR_SYNTAX},
    {": a@b.fr;", HDRADDR_ERR_SYNTAX},
    {"G: a@b.fr; c@d.fr", HDRADDR_ERR_SYNTAX},
    {"a@b.fr;", HDRADDR_ERR_SYNTAX},
    {"a\\b@c.fr", HDRADDR_ERR_SYNTAX},
    {"a@b.fr)", HDRADDR_ERR_SYNTAX},
    {"a@[1.2[3]", HDRADDR_ERR_SYNTAX},
    {"<@relay.example a@b.fr>", HDRADDR_ERR_SYNTAX},
    {"\"unterminated <a@b.fr>", HDRADDR_ERR_UNTERMINATED},
    {"(unterminated a@b.fr", HDRADDR_ERR_UNTERMINATED},
    {"Jean <a@b.fr", HDRADDR_ERR_UNTERMINATED},
    {"a@[192.0.2.1", HDRADDR_ERR_UNTERMINATED},
    {"G: a@b.fr", HDRADDR_ERR_UNTERMINATED},
    {"\"a\\", HDRADDR_ERR_UNTERMINATED},
    {"a@b.fr\x01", HDRADDR_ERR_CONTROL},
    {"a\x7f@b.fr", HDRADDR_ERR_CONTROL},
    {"a@[192.0\x05.1]", HDRADDR_ERR_CONTROL},
    {"a@[192.0\\\x05.1]", HDRADDR_ERR_CONTROL},	/* escaped control byte */
};

/* joined - the list as "local@domain|..." */

static void joined(const HDRADDR_LIST *list, VSTR *out)
{
    size_t  i;

    vstr_reset(out);
    for (i = 0; i < list->count; i++)
	vstr_sprintf_append(out, "%s%s@%s", i ? "|" : "", list->addr[i].local,
			    list->addr[i].domain);
}

START_TEST(test_good)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    VSTR   *out = vstr_alloc(100);
    HDRADDR_STATUS status;

    status = hdraddr_parse(good[_i].value, strlen(good[_i].value), list);
    ck_assert_msg(status == HDRADDR_OK, "\"%s\": status %s", good[_i].value,
		  hdraddr_status_name(status));
    joined(list, out);
    ck_assert_str_eq(vstr_str(out), good[_i].expect);
    hdraddr_list_free(list);
    vstr_free(out);
}
END_TEST

START_TEST(test_bad)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    HDRADDR_STATUS status;

    status = hdraddr_parse(bad[_i].value, strlen(bad[_i].value), list);
    ck_assert_msg(status == bad[_i].status, "\"%s\": got %s, want %s",
		  bad[_i].value, hdraddr_status_name(status),
		  hdraddr_status_name(bad[_i].status));
    hdraddr_list_free(list);
}
END_TEST

START_TEST(test_not_nul_terminated)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    const char buf[] = "a@b.fr, c@d.fr";

    /* Only the first 6 bytes count. */
    ck_assert_int_eq(hdraddr_parse(buf, 6, list), HDRADDR_OK);
    ck_assert_uint_eq(list->count, 1);
    ck_assert_str_eq(list->addr[0].domain, "b.fr");
    hdraddr_list_free(list);
}
END_TEST

START_TEST(test_nul)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    const char buf[] = "\"a\0b\"@c.fr";

    ck_assert_int_eq(hdraddr_parse(buf, sizeof(buf) - 1, list), HDRADDR_ERR_CONTROL);
    hdraddr_list_free(list);
}
END_TEST

START_TEST(test_reuse)
{
    HDRADDR_LIST *list = hdraddr_list_create();

    ck_assert_int_eq(hdraddr_parse("a@b.fr, c@d.fr", 14, list), HDRADDR_OK);
    ck_assert_uint_eq(list->count, 2);
    hdraddr_list_reset(list);
    ck_assert_uint_eq(list->count, 0);
    ck_assert_int_eq(hdraddr_parse("e@f.fr", 6, list), HDRADDR_OK);
    ck_assert_uint_eq(list->count, 1);
    ck_assert_str_eq(list->addr[0].local, "e");
    hdraddr_list_free(list);
    hdraddr_list_free(0);
}
END_TEST

START_TEST(test_too_many)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    VSTR   *v = vstr_alloc(100);
    int     i;

    for (i = 0; i < HDRADDR_MAX_ADDRS; i++)
	vstr_sprintf_append(v, "%su%d@d.fr", i ? "," : "", i);
    ck_assert_int_eq(hdraddr_parse(vstr_str(v), vstr_len(v), list), HDRADDR_OK);
    ck_assert_uint_eq(list->count, HDRADDR_MAX_ADDRS);
    hdraddr_list_reset(list);
    vstr_cat(v, ",one@more.fr");
    ck_assert_int_eq(hdraddr_parse(vstr_str(v), vstr_len(v), list),
		     HDRADDR_ERR_TOO_MANY);
    hdraddr_list_free(list);
    vstr_free(v);
}
END_TEST

START_TEST(test_deep_comments)
{
    HDRADDR_LIST *list = hdraddr_list_create();
    VSTR   *v = vstr_alloc(100);
    int     i;

    /* Deep nesting costs a counter, never the stack. */
    for (i = 0; i < 100000; i++)
	vstr_addch(v, '(');
    for (i = 0; i < 100000; i++)
	vstr_addch(v, ')');
    vstr_cat(v, "a@b.fr");
    ck_assert_int_eq(hdraddr_parse(vstr_str(v), vstr_len(v), list), HDRADDR_OK);
    hdraddr_list_free(list);
    vstr_free(v);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(hdraddr_status_name(HDRADDR_OK), "ok");
    ck_assert_str_eq(hdraddr_status_name(HDRADDR_ERR_NO_DOMAIN), "no_domain");
    ck_assert_str_eq(hdraddr_status_name((HDRADDR_STATUS) 99), "unknown");
    ck_assert_str_eq(hdraddr_status_text_fr((HDRADDR_STATUS) -1), "erreur inconnue");
    ck_assert_ptr_nonnull(strstr(hdraddr_status_text_fr(HDRADDR_ERR_EMPTY), "aucune"));
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("hdraddr");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_loop_test(tc, test_good, 0, sizeof(good) / sizeof(good[0]));
    tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, test_not_nul_terminated);
    tcase_add_test(tc, test_nul);
    tcase_add_test(tc, test_reuse);
    tcase_add_test(tc, test_too_many);
    tcase_add_test(tc, test_deep_comments);
    tcase_add_test(tc, test_names);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
