/*++
/* NAME
/*	check_addr 1
/* SUMMARY
/*	unit tests for addr(3)
/* SYNOPSIS
/*	check_addr
/* DESCRIPTION
/*	Table-driven tests of addr_parse(): valid addresses and every
/*	fail-closed status, including the adversarial forms (source routes,
/*	percent hack, bang paths, several "@", embedded NUL, 8-bit bytes)
/*	and each length limit at and just beyond its boundary.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

typedef struct ADDR_CASE {
    const char *input;
    ADDR_STATUS status;
    const char *local;			/* expected when ADDR_OK */
    const char *domain;
    int     quoted;
} ADDR_CASE;

static const ADDR_CASE good_cases[] = {
    {"<jean.dupont@medecin.mssante.fr>", ADDR_OK, "jean.dupont", "medecin.mssante.fr", 0},
    {"jean.dupont@medecin.mssante.fr", ADDR_OK, "jean.dupont", "medecin.mssante.fr", 0},
    {"  <jean.dupont@medecin.mssante.fr>\t", ADDR_OK, "jean.dupont", "medecin.mssante.fr", 0},
    {"\t jean@medecin.mssante.fr  ", ADDR_OK, "jean", "medecin.mssante.fr", 0},
    {"<Jean.Dupont@MEDECIN.MSSante.FR>", ADDR_OK, "Jean.Dupont", "medecin.mssante.fr", 0},
    {"<user@UC-EXEMPLE.mssante.fr>", ADDR_OK, "user", "uc-exemple.mssante.fr", 0},
    {"<\"a@b\"@medecin.mssante.fr>", ADDR_OK, "\"a@b\"", "medecin.mssante.fr", 1},
    {"\"a b\"@medecin.mssante.fr", ADDR_OK, "\"a b\"", "medecin.mssante.fr", 1},
    {"<\"a\\\"b\"@medecin.mssante.fr>", ADDR_OK, "\"a\\\"b\"", "medecin.mssante.fr", 1},
    {"<\"a\\\\\"@d.example>", ADDR_OK, "\"a\\\\\"", "d.example", 1},
    {"<\"x%y!z<>\"@d.example>", ADDR_OK, "\"x%y!z<>\"", "d.example", 1},
    {"<285037728417346@patient.mssante.fr>", ADDR_OK, "285037728417346", "patient.mssante.fr", 0},
    {"<a+tag@d.example>", ADDR_OK, "a+tag", "d.example", 0},
    {"<#$&'*+-/=?^_`{|}~@d.example>", ADDR_OK, "#$&'*+-/=?^_`{|}~", "d.example", 0},
    {"<u@xn--mdecin-bva.example>", ADDR_OK, "u", "xn--mdecin-bva.example", 0},
    {"<u@a-b.c-d.example>", ADDR_OK, "u", "a-b.c-d.example", 0},
    {"<u@localhost>", ADDR_OK, "u", "localhost", 0},
    {"<u@1.2.3.example>", ADDR_OK, "u", "1.2.3.example", 0},
    {"<u@interop-mssante.apicrypt.org>", ADDR_OK, "u", "interop-mssante.apicrypt.org", 0},
    {"<compte_rendu_patient_noreply@ch-xyz.mssante.fr>", ADDR_OK,
    "compte_rendu_patient_noreply", "ch-xyz.mssante.fr", 0},
    /* Adversarial domains parse fine: the trust check refuses them. */
    {"<user@medecin.mssante.fr.evil.example>", ADDR_OK, "user", "medecin.mssante.fr.evil.example", 0},
    {"<user@evilmssante.fr>", ADDR_OK, "user", "evilmssante.fr", 0},
};

static const ADDR_CASE bad_cases[] = {
    {"", ADDR_ERR_EMPTY, 0, 0, 0},
    {"   ", ADDR_ERR_EMPTY, 0, 0, 0},
    {"\t", ADDR_ERR_EMPTY, 0, 0, 0},
    {"< >", ADDR_ERR_SYNTAX, 0, 0, 0},
    {"< u@d.example>", ADDR_ERR_SYNTAX, 0, 0, 0},
    {"<u@d.example >", ADDR_ERR_SYNTAX, 0, 0, 0},
    {"<u@d.example", ADDR_ERR_BRACKETS, 0, 0, 0},
    {"u@d.example>", ADDR_ERR_BRACKETS, 0, 0, 0},
    {"<", ADDR_ERR_BRACKETS, 0, 0, 0},
    {">", ADDR_ERR_BRACKETS, 0, 0, 0},
    {"<<u@d.example>>", ADDR_ERR_BRACKETS, 0, 0, 0},
    {"<u<x@d.example>", ADDR_ERR_BRACKETS, 0, 0, 0},
    {"<u@d<x.example>", ADDR_ERR_BRACKETS, 0, 0, 0},
    {"<@relay:u@d.example>", ADDR_ERR_SOURCE_ROUTE, 0, 0, 0},
    {"<@a,@b:u@d.example>", ADDR_ERR_SOURCE_ROUTE, 0, 0, 0},
    {"@relay.example:u@d.example", ADDR_ERR_SOURCE_ROUTE, 0, 0, 0},
    {"<@a,@b>", ADDR_ERR_SOURCE_ROUTE, 0, 0, 0},
    {"<@d.example>", ADDR_ERR_EMPTY_LOCAL, 0, 0, 0},
    {"@d.example", ADDR_ERR_EMPTY_LOCAL, 0, 0, 0},
    {"<\"\"@d.example>", ADDR_ERR_EMPTY_LOCAL, 0, 0, 0},
    {"u%d.example@relay.example", ADDR_ERR_ROUTING, 0, 0, 0},
    {"<u%medecin.mssante.fr@evil.example>", ADDR_ERR_ROUTING, 0, 0, 0},
    {"u!d", ADDR_ERR_ROUTING, 0, 0, 0},
    {"<evil.example!user@medecin.mssante.fr>", ADDR_ERR_ROUTING, 0, 0, 0},
    {"u@@d.example", ADDR_ERR_MULTIPLE_AT, 0, 0, 0},
    {"a@b@c", ADDR_ERR_MULTIPLE_AT, 0, 0, 0},
    {"<u@evil.example@medecin.mssante.fr>", ADDR_ERR_MULTIPLE_AT, 0, 0, 0},
    {"<\"a\"@b@c.example>", ADDR_ERR_MULTIPLE_AT, 0, 0, 0},
    {"user", ADDR_ERR_NO_AT, 0, 0, 0},
    {"<user>", ADDR_ERR_NO_AT, 0, 0, 0},
    {"<\"a@b\">", ADDR_ERR_NO_AT, 0, 0, 0},
    {"<u@>", ADDR_ERR_EMPTY_DOMAIN, 0, 0, 0},
    {"u@", ADDR_ERR_EMPTY_DOMAIN, 0, 0, 0},
    {"<\"a\"@>", ADDR_ERR_EMPTY_DOMAIN, 0, 0, 0},
    {"<.u@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<u.@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<u..v@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<.@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<u v@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<u,v@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<u:v@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<u(c)@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<u[1]@d.example>", ADDR_ERR_BAD_LOCAL, 0, 0, 0},
    {"<a\"b\"@d.example>", ADDR_ERR_BAD_QUOTE, 0, 0, 0},
    {"<\"ab@d.example>", ADDR_ERR_BAD_QUOTE, 0, 0, 0},
    {"<\"ab\\\"@d.example>", ADDR_ERR_BAD_QUOTE, 0, 0, 0},
    {"<\"a\"b@d.example>", ADDR_ERR_BAD_QUOTE, 0, 0, 0},
    {"<\"a\".b@d.example>", ADDR_ERR_BAD_QUOTE, 0, 0, 0},
    {"<u\\x@d.example>", ADDR_ERR_BAD_QUOTE, 0, 0, 0},
    {"<u@d.example.>", ADDR_ERR_TRAILING_DOT, 0, 0, 0},
    {"u@d.", ADDR_ERR_TRAILING_DOT, 0, 0, 0},
    {"<u@.>", ADDR_ERR_TRAILING_DOT, 0, 0, 0},
    {"<u@.d.example>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@d..example>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@-d.example>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@d-.example>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@d.example->", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@d_x.example>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@d example>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@d.example:25>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@\"d\".example>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@192.0.2.1>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@42>", ADDR_ERR_BAD_DOMAIN, 0, 0, 0},
    {"<u@[192.0.2.1]>", ADDR_ERR_ADDRESS_LITERAL, 0, 0, 0},
    {"<u@[IPv6:2001:db8::1]>", ADDR_ERR_ADDRESS_LITERAL, 0, 0, 0},
    {"<u@d.[192.0.2.1]>", ADDR_ERR_ADDRESS_LITERAL, 0, 0, 0},
    {"<u@d.example\r\n>", ADDR_ERR_CONTROL_CHAR, 0, 0, 0},
    {"<u@d.exa\x7fmple>", ADDR_ERR_CONTROL_CHAR, 0, 0, 0},
    {"<u\x01@d.example>", ADDR_ERR_CONTROL_CHAR, 0, 0, 0},
    {"<\"u\tv\"@d.example>", ADDR_ERR_CONTROL_CHAR, 0, 0, 0},
    {"<u@d.example>\r", ADDR_ERR_CONTROL_CHAR, 0, 0, 0},
    {"<jos\xc3\xa9@medecin.mssante.fr>", ADDR_ERR_NON_ASCII, 0, 0, 0},
    {"<u@m\xc3\xa9" "decin.example>", ADDR_ERR_NON_ASCII, 0, 0, 0},
    {"<\"\xe9\"@d.example>", ADDR_ERR_NON_ASCII, 0, 0, 0},
    {"<u@d.example>\xff", ADDR_ERR_NON_ASCII, 0, 0, 0},
    /* Priority: the byte class wins over structure. */
    {"<@relay:u\x01@d.example>", ADDR_ERR_CONTROL_CHAR, 0, 0, 0},
};

/* check_case - run one table entry */

static void check_case(const ADDR_CASE *cp)
{
    ADDR    addr;
    ADDR_STATUS status;

    memset(&addr, 'X', sizeof(addr));
    status = addr_parse(cp->input, strlen(cp->input), &addr);
    ck_assert_msg(status == cp->status, "%s: got %s, want %s", cp->input,
		  addr_status_name(status), addr_status_name(cp->status));
    ck_assert_int_eq(addr.null_sender, 0);
    if (cp->status == ADDR_OK) {
	ck_assert_str_eq(addr.local, cp->local);
	ck_assert_str_eq(addr.domain, cp->domain);
	ck_assert_uint_eq(addr.local_len, strlen(cp->local));
	ck_assert_uint_eq(addr.domain_len, strlen(cp->domain));
	ck_assert_int_eq(addr.quoted, cp->quoted);
    } else {
	/* Nothing usable is left behind on error. */
	ck_assert_str_eq(addr.local, "");
	ck_assert_str_eq(addr.domain, "");
	ck_assert_uint_eq(addr.local_len, 0);
	ck_assert_uint_eq(addr.domain_len, 0);
    }
}

START_TEST(test_good)
{
    check_case(good_cases + _i);
}
END_TEST

START_TEST(test_bad)
{
    check_case(bad_cases + _i);
}
END_TEST

START_TEST(test_null_sender)
{
    ADDR    addr;

    ck_assert_int_eq(addr_parse("<>", 2, &addr), ADDR_OK);
    ck_assert_int_eq(addr.null_sender, 1);
    ck_assert_str_eq(addr.local, "");
    ck_assert_str_eq(addr.domain, "");
    ck_assert_int_eq(addr_parse("  <>\t", 5, &addr), ADDR_OK);
    ck_assert_int_eq(addr.null_sender, 1);
    /* A later successful parse clears the flag. */
    ck_assert_int_eq(addr_parse("<u@d.example>", 13, &addr), ADDR_OK);
    ck_assert_int_eq(addr.null_sender, 0);
    ck_assert_int_eq(addr_parse("<<>>", 4, &addr), ADDR_ERR_BRACKETS);
    ck_assert_int_eq(addr_parse("<<>", 3, &addr), ADDR_ERR_BRACKETS);
}
END_TEST

START_TEST(test_null_input)
{
    ADDR    addr;

    ck_assert_int_eq(addr_parse(0, 0, &addr), ADDR_ERR_EMPTY);
    ck_assert_int_eq(addr_parse(0, 10, &addr), ADDR_ERR_EMPTY);
}
END_TEST

START_TEST(test_embedded_nul)
{
    static const char in1[] = "<user@medecin.mssante.fr\0.evil.example>";
    static const char in2[] = "<user\0@medecin.mssante.fr>";
    static const char in3[] = "user@medecin.mssante.fr\0";
    ADDR    addr;

    ck_assert_int_eq(addr_parse(in1, sizeof(in1) - 1, &addr), ADDR_ERR_CONTROL_CHAR);
    ck_assert_int_eq(addr_parse(in2, sizeof(in2) - 1, &addr), ADDR_ERR_CONTROL_CHAR);
    ck_assert_int_eq(addr_parse(in3, sizeof(in3) - 1, &addr), ADDR_ERR_CONTROL_CHAR);
    /* The length is honoured: bytes past it are never read. */
    ck_assert_int_eq(addr_parse(in3, sizeof(in3) - 2, &addr), ADDR_OK);
    ck_assert_str_eq(addr.domain, "medecin.mssante.fr");
}
END_TEST

START_TEST(test_not_terminated)
{
    char   *buf = malloc(13);
    ADDR    addr;

    /* Exactly sized heap copy: ASan would catch a read past the end. */
    memcpy(buf, "<u@d.example>", 13);
    ck_assert_int_eq(addr_parse(buf, 13, &addr), ADDR_OK);
    ck_assert_int_eq(addr_parse(buf, 12, &addr), ADDR_ERR_BRACKETS);
    ck_assert_int_eq(addr_parse(buf + 1, 11, &addr), ADDR_OK);
    free(buf);
}
END_TEST

/* make_addr - "<" local "@" domain ">" with generated parts */

static char *make_addr(size_t local_len, const char *domain_labels[],
		               int brackets)
{
    size_t  size = local_len + 1024;
    char   *buf = malloc(size);
    size_t  n = 0, i;

    if (brackets)
	buf[n++] = '<';
    for (i = 0; i < local_len; i++)
	buf[n++] = 'a' + (char) (i % 26);
    buf[n++] = '@';
    for (i = 0; domain_labels[i]; i++) {
	if (i)
	    buf[n++] = '.';
	memcpy(buf + n, domain_labels[i], strlen(domain_labels[i]));
	n += strlen(domain_labels[i]);
    }
    if (brackets)
	buf[n++] = '>';
    buf[n] = 0;
    return (buf);
}

/* label - a label of "len" letters */

static char *label(size_t len, int ch)
{
    char   *buf = malloc(len + 1);

    memset(buf, ch, len);
    buf[len] = 0;
    return (buf);
}

START_TEST(test_local_length)
{
    const char *dom[] = {"d", "example", 0};
    char   *s64 = make_addr(64, dom, 1);
    char   *s65 = make_addr(65, dom, 1);
    char    quoted[80];
    ADDR    addr;

    ck_assert_int_eq(addr_parse(s64, strlen(s64), &addr), ADDR_OK);
    ck_assert_uint_eq(addr.local_len, 64);
    ck_assert_uint_eq(strlen(addr.local), 64);
    ck_assert_int_eq(addr_parse(s65, strlen(s65), &addr), ADDR_ERR_LOCAL_TOO_LONG);
    /* Quotes count: 62 characters + 2 quotes = 64. */
    memset(quoted, 'q', sizeof(quoted));
    quoted[0] = '"';
    quoted[63] = '"';
    memcpy(quoted + 64, "@d.example", 11);
    ck_assert_int_eq(addr_parse(quoted, strlen(quoted), &addr), ADDR_OK);
    ck_assert_uint_eq(addr.local_len, 64);
    quoted[63] = 'q';
    quoted[64] = '"';
    memcpy(quoted + 65, "@d.example", 11);
    ck_assert_int_eq(addr_parse(quoted, strlen(quoted), &addr), ADDR_ERR_LOCAL_TOO_LONG);
    free(s64);
    free(s65);
}
END_TEST

START_TEST(test_label_length)
{
    char   *l63 = label(63, 'x');
    char   *l64 = label(64, 'x');
    const char *dom63[] = {l63, "example", 0};
    const char *dom64[] = {"a", l64, "example", 0};
    char   *s63 = make_addr(1, dom63, 1);
    char   *s64 = make_addr(1, dom64, 1);
    ADDR    addr;

    ck_assert_int_eq(addr_parse(s63, strlen(s63), &addr), ADDR_OK);
    ck_assert_int_eq(addr_parse(s64, strlen(s64), &addr), ADDR_ERR_LABEL_TOO_LONG);
    ck_assert_int_eq(addr_domain_check(l63, 63), ADDR_OK);
    ck_assert_int_eq(addr_domain_check(l64, 64), ADDR_ERR_LABEL_TOO_LONG);
    free(s63);
    free(s64);
    free(l63);
    free(l64);
}
END_TEST

/* domain_of_len - a valid domain of exactly len bytes (len >= 3) */

static char *domain_of_len(size_t len)
{
    char   *buf = malloc(len + 1);
    size_t  i;

    /* Labels of 49 letters separated by dots; last label "fr"-like. */
    for (i = 0; i < len; i++)
	buf[i] = (i % 50 == 49) ? '.' : 'a' + (char) (i % 26);
    if (buf[len - 1] == '.')
	buf[len - 1] = 'z';
    if (buf[len - 2] == '.')
	buf[len - 2] = 'y';
    buf[len] = 0;
    return (buf);
}

START_TEST(test_domain_length)
{
    char   *d255 = domain_of_len(255);
    char   *d256 = domain_of_len(256);
    char   *d250 = domain_of_len(250);
    char    buf[600];
    ADDR    addr;

    ck_assert_int_eq(addr_domain_check(d255, 255), ADDR_OK);
    ck_assert_int_eq(addr_domain_check(d256, 256), ADDR_ERR_DOMAIN_TOO_LONG);

    /* In a path: 256 too long as a domain already. */
    snprintf(buf, sizeof(buf), "<u@%s>", d256);
    ck_assert_int_eq(addr_parse(buf, strlen(buf), &addr), ADDR_ERR_DOMAIN_TOO_LONG);
    /* 255 is a valid domain but "<u@" + 255 + ">" exceeds the path. */
    snprintf(buf, sizeof(buf), "<u@%s>", d255);
    ck_assert_int_eq(addr_parse(buf, strlen(buf), &addr), ADDR_ERR_PATH_TOO_LONG);
    /* Path exactly 256: "<" + 3 + "@" + 250 + ">"; then 257. */
    snprintf(buf, sizeof(buf), "<abc@%s>", d250);
    ck_assert_uint_eq(strlen(buf), 256);
    ck_assert_int_eq(addr_parse(buf, strlen(buf), &addr), ADDR_OK);
    ck_assert_uint_eq(addr.domain_len, 250);
    snprintf(buf, sizeof(buf), "<abcd@%s>", d250);
    ck_assert_int_eq(addr_parse(buf, strlen(buf), &addr), ADDR_ERR_PATH_TOO_LONG);
    /* Without brackets the path still counts them. */
    snprintf(buf, sizeof(buf), "abcd@%s", d250);
    ck_assert_int_eq(addr_parse(buf, strlen(buf), &addr), ADDR_ERR_PATH_TOO_LONG);
    snprintf(buf, sizeof(buf), "  abc@%s  ", d250);
    ck_assert_int_eq(addr_parse(buf, strlen(buf), &addr), ADDR_OK);
    free(d255);
    free(d256);
    free(d250);
}
END_TEST

START_TEST(test_huge_input)
{
    size_t  n = 1 << 20;
    char   *buf = malloc(n);
    ADDR    addr;

    memset(buf, 'a', n);
    buf[10] = '@';
    ck_assert_int_eq(addr_parse(buf, n, &addr), ADDR_ERR_LABEL_TOO_LONG);
    memset(buf, '.', n);
    ck_assert_int_eq(addr_parse(buf, n, &addr), ADDR_ERR_NO_AT);
    free(buf);
}
END_TEST

START_TEST(test_domain_check)
{
    ck_assert_int_eq(addr_domain_check("medecin.mssante.fr", 18), ADDR_OK);
    ck_assert_int_eq(addr_domain_check("UC-EXEMPLE.mssante.fr", 21), ADDR_OK);
    ck_assert_int_eq(addr_domain_check("", 0), ADDR_ERR_EMPTY_DOMAIN);
    ck_assert_int_eq(addr_domain_check(0, 3), ADDR_ERR_EMPTY_DOMAIN);
    ck_assert_int_eq(addr_domain_check("d.example.", 10), ADDR_ERR_TRAILING_DOT);
    ck_assert_int_eq(addr_domain_check("u@d.example", 11), ADDR_ERR_BAD_DOMAIN);
    ck_assert_int_eq(addr_domain_check("[1.2.3.4]", 9), ADDR_ERR_ADDRESS_LITERAL);
    ck_assert_int_eq(addr_domain_check("d.ex\0mple", 9), ADDR_ERR_CONTROL_CHAR);
    ck_assert_int_eq(addr_domain_check("d.\xe9x", 4), ADDR_ERR_NON_ASCII);
    ck_assert_int_eq(addr_domain_check(" d.example", 10), ADDR_ERR_BAD_DOMAIN);
}
END_TEST

START_TEST(test_status_names)
{
    int     i, j;
    const char *p;

    for (i = 0; i < ADDR_STATUS_COUNT; i++) {
	ck_assert_ptr_nonnull(addr_status_name(i));
	ck_assert_str_ne(addr_status_name(i), "unknown");
	for (j = 0; j < i; j++)
	    ck_assert_str_ne(addr_status_name(i), addr_status_name(j));
	for (p = addr_status_text_fr(i); *p; p++)
	    ck_assert_msg(*p >= 0x20 && *p < 0x7f, "non-ASCII in text %d", i);
	for (p = addr_status_text_en(i); *p; p++)
	    ck_assert_msg(*p >= 0x20 && *p < 0x7f, "non-ASCII in text %d", i);
    }
    ck_assert_str_eq(addr_status_name(ADDR_OK), "ok");
    ck_assert_str_eq(addr_status_name(ADDR_ERR_SOURCE_ROUTE), "source_route");
    ck_assert_str_eq(addr_status_name(ADDR_ERR_ROUTING), "routing");
    ck_assert_str_eq(addr_status_name(ADDR_ERR_MULTIPLE_AT), "multiple_at");
    ck_assert_str_eq(addr_status_name(ADDR_STATUS_COUNT), "unknown");
    ck_assert_str_eq(addr_status_name((ADDR_STATUS) - 1), "unknown");
    ck_assert_ptr_nonnull(addr_status_text_fr(ADDR_STATUS_COUNT));
    ck_assert_ptr_nonnull(addr_status_text_en((ADDR_STATUS) 999));
}
END_TEST

/* expect_local_byte - status of "a" c "b@d.example" */

static ADDR_STATUS expect_local_byte(int c)
{
    if (c < 0x20 || c == 0x7f)
	return (ADDR_ERR_CONTROL_CHAR);
    if (c >= 0x80)
	return (ADDR_ERR_NON_ASCII);
    if (c == '%' || c == '!')
	return (ADDR_ERR_ROUTING);
    if (c == '@')
	return (ADDR_ERR_MULTIPLE_AT);
    if (c == '<' || c == '>')
	return (ADDR_ERR_BRACKETS);
    if (c == '"' || c == '\\')
	return (ADDR_ERR_BAD_QUOTE);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	|| c == '.' || strchr("#$&'*+-/=?^_`{|}~", c))
	return (ADDR_OK);
    return (ADDR_ERR_BAD_LOCAL);
}

/* expect_domain_byte - status of "u@a" c "b.example" */

static ADDR_STATUS expect_domain_byte(int c)
{
    if (c < 0x20 || c == 0x7f)
	return (ADDR_ERR_CONTROL_CHAR);
    if (c >= 0x80)
	return (ADDR_ERR_NON_ASCII);
    if (c == '@')
	return (ADDR_ERR_MULTIPLE_AT);
    if (c == '<' || c == '>')
	return (ADDR_ERR_BRACKETS);
    if (c == '[' || c == ']')
	return (ADDR_ERR_ADDRESS_LITERAL);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	|| c == '.' || c == '-')
	return (ADDR_OK);
    return (ADDR_ERR_BAD_DOMAIN);
}

START_TEST(test_every_byte)
{
    char    local[] = "<aXb@d.example>";
    char    domain[] = "<u@aXb.example>";
    char    quoted[] = "<\"aXb\"@d.example>";
    ADDR    addr;
    ADDR_STATUS want;
    int     c = _i;

    local[2] = (char) c;
    want = expect_local_byte(c);
    ck_assert_msg(addr_parse(local, sizeof(local) - 1, &addr) == want,
		  "local byte 0x%02x: %s", c, addr_status_name(want));
    domain[4] = (char) c;
    want = expect_domain_byte(c);
    ck_assert_msg(addr_parse(domain, sizeof(domain) - 1, &addr) == want,
		  "domain byte 0x%02x: %s", c, addr_status_name(want));
    if (want == ADDR_OK && c != '.') {
	ck_assert_int_eq(addr.domain[1], (c >= 'A' && c <= 'Z') ? c + 32 : c);
	ck_assert_uint_eq(addr.domain_len, 11);
    }
    /* Inside quotes every printable byte is fine ("\\b" is a quoted pair). */
    quoted[3] = (char) c;
    want = (c < 0x20 || c == 0x7f) ? ADDR_ERR_CONTROL_CHAR : c >= 0x80 ?
	ADDR_ERR_NON_ASCII : c == '"' ? ADDR_ERR_BAD_QUOTE : ADDR_OK;
    ck_assert_msg(addr_parse(quoted, sizeof(quoted) - 1, &addr) == want,
		  "quoted byte 0x%02x: %s", c, addr_status_name(want));
}
END_TEST

/* addr_suite - all tests */

static Suite *addr_suite(void)
{
    Suite  *s = suite_create("addr");
    TCase  *tc;

    tc = tcase_create("table");
    tcase_add_loop_test(tc, test_good, 0, sizeof(good_cases) / sizeof(good_cases[0]));
    tcase_add_loop_test(tc, test_bad, 0, sizeof(bad_cases) / sizeof(bad_cases[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("special");
    tcase_add_test(tc, test_null_sender);
    tcase_add_test(tc, test_null_input);
    tcase_add_test(tc, test_embedded_nul);
    tcase_add_test(tc, test_not_terminated);
    tcase_add_test(tc, test_domain_check);
    tcase_add_test(tc, test_status_names);
    tcase_add_loop_test(tc, test_every_byte, 0, 256);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_test(tc, test_local_length);
    tcase_add_test(tc, test_label_length);
    tcase_add_test(tc, test_domain_length);
    tcase_add_test(tc, test_huge_input);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(addr_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
