/*++
/* NAME
/*	check_audit_chain 1
/* SUMMARY
/*	unit tests of audit_chain(3) and audit_time(3)
/* SYNOPSIS
/*	check_audit_chain
/* DESCRIPTION
/*	Expected digests computed with openssl(1): "printf abc |
/*	openssl dgst -sha256", and the seal MAC with
/*	"printf 'mssante-audit seal v2\n7\n000...0\n{\"v\":1,...' |
/*	openssl dgst -sha256 -mac HMAC -macopt hexkey:KEY_HEX".
/*--*/

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vstr.h"
#include "audit_key.h"
#include "audit_chain.h"
#include "audit_time.h"

#define KEY_HEX "6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839"

/* tail_of - audit_chain_tail() on a file holding data */

static int tail_of(const char *data, size_t len, VSTR *line, off_t *end)
{
    char    tmpl[] = "/tmp/check_audit_chain.XXXXXX";
    int     fd = mkstemp(tmpl), ret;

    ck_assert_int_ge(fd, 0);
    unlink(tmpl);
    ck_assert_int_eq(write(fd, data, len), (int) len);
    ret = audit_chain_tail(fd, line, end);
    close(fd);
    return (ret);
}

START_TEST(test_hash_abc)
{
    char    out[AUDIT_HEX_LEN + 1];

    audit_chain_hash("abc", 3, out);
    ck_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

#define SEAL_BODY "{\"v\":1,\"type\":\"checkpoint\""

START_TEST(test_seal_known)
{
    VSTR   *why = vstr_alloc(10);
    AUDIT_KEY *key = audit_key_parse(KEY_HEX, strlen(KEY_HEX), why);
    char    out[AUDIT_HEX_LEN + 1], out2[AUDIT_HEX_LEN + 1];

    audit_chain_seal(key, SEAL_BODY, strlen(SEAL_BODY), 7, AUDIT_CHAIN_ZERO, out);
    ck_assert_str_eq(out, "b2930ac11cbd509eed4dbdaafffec746e8b1b09df6f702dbefdf68f5879e65f7");
    /* Another seq, another body: another MAC (the seal covers both). */
    audit_chain_seal(key, SEAL_BODY, strlen(SEAL_BODY), 8, AUDIT_CHAIN_ZERO, out2);
    ck_assert_str_ne(out, out2);
    audit_chain_seal(key, SEAL_BODY, strlen(SEAL_BODY) - 1, 7, AUDIT_CHAIN_ZERO, out2);
    ck_assert_str_ne(out, out2);
    audit_key_free(key);
    vstr_free(why);
}
END_TEST

START_TEST(test_seal_body)
{
    const char *mac = "b2930ac11cbd509eed4dbdaafffec746e8b1b09df6f702dbefdf68f5879e65f7";
    VSTR   *line = vstr_alloc(200);
    size_t  n = 0;

    vstr_sprintf(line, "%s,\"mac\":\"%s\",\"seq\":7,\"prev\":\"%s\"}",
		 SEAL_BODY, mac, AUDIT_CHAIN_ZERO);
    ck_assert_int_eq(audit_chain_seal_body(vstr_str(line), vstr_len(line), mac, 7,
					   AUDIT_CHAIN_ZERO, &n), 0);
    ck_assert_uint_eq(n, strlen(SEAL_BODY));
    /* Not the writer's suffix: another seq, members in another order. */
    ck_assert_int_lt(audit_chain_seal_body(vstr_str(line), vstr_len(line), mac, 8,
					   AUDIT_CHAIN_ZERO, &n), 0);
    vstr_sprintf(line, "%s,\"seq\":7,\"mac\":\"%s\",\"prev\":\"%s\"}",
		 SEAL_BODY, mac, AUDIT_CHAIN_ZERO);
    ck_assert_int_lt(audit_chain_seal_body(vstr_str(line), vstr_len(line), mac, 7,
					   AUDIT_CHAIN_ZERO, &n), 0);
    ck_assert_int_lt(audit_chain_seal_body("}", 1, mac, 7, AUDIT_CHAIN_ZERO, &n), 0);
    ck_assert_int_eq(audit_chain_is_seal("checkpoint"), 1);
    ck_assert_int_eq(audit_chain_is_seal("file-start"), 1);
    ck_assert_int_eq(audit_chain_is_seal("restart"), 1);
    ck_assert_int_eq(audit_chain_is_seal("txn"), 0);
    vstr_free(line);
}
END_TEST

START_TEST(test_is_hex)
{
    ck_assert_int_eq(audit_chain_is_hex(AUDIT_CHAIN_ZERO), 1);
    ck_assert_int_eq(audit_chain_is_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), 1);
    ck_assert_int_eq(audit_chain_is_hex("BA7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), 0);
    ck_assert_int_eq(audit_chain_is_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"), 0);
    ck_assert_int_eq(audit_chain_is_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0"), 0);
    ck_assert_int_eq(audit_chain_is_hex(""), 0);
}
END_TEST

START_TEST(test_link_ok)
{
    json_t *rec = json_pack("{s:s, s:I, s:s}", "type", "txn", "seq", (json_int_t) 42,
			    "prev", AUDIT_CHAIN_ZERO);
    AUDIT_LINK link;

    ck_assert_int_eq(audit_chain_link(rec, &link), 0);
    ck_assert_int_eq(link.seq, 42);
    ck_assert_str_eq(link.type, "txn");
    ck_assert_str_eq(link.prev, AUDIT_CHAIN_ZERO);
    json_decref(rec);
}
END_TEST

START_TEST(test_link_bad)
{
    const char *bad[] = {
	"[]", "{}", "{\"type\":\"txn\",\"seq\":1}",
	"{\"type\":\"txn\",\"seq\":-1,\"prev\":\"" AUDIT_CHAIN_ZERO "\"}",
	"{\"type\":\"txn\",\"seq\":\"1\",\"prev\":\"" AUDIT_CHAIN_ZERO "\"}",
	"{\"type\":1,\"seq\":1,\"prev\":\"" AUDIT_CHAIN_ZERO "\"}",
	"{\"type\":\"txn\",\"seq\":1,\"prev\":\"00\"}",
    };
    size_t  i;
    AUDIT_LINK link;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
	json_t *rec = json_loads(bad[i], 0, 0);

	ck_assert_ptr_nonnull(rec);
	ck_assert_msg(audit_chain_link(rec, &link) < 0, "accepted %s", bad[i]);
	json_decref(rec);
    }
}
END_TEST

START_TEST(test_tail_cases)
{
    VSTR   *line = vstr_alloc(10);
    off_t   end;

    ck_assert_int_eq(tail_of("", 0, line, &end), 0);
    ck_assert_uint_eq(vstr_len(line), 0);
    ck_assert_int_eq(end, 0);

    ck_assert_int_eq(tail_of("x\n", 2, line, &end), 0);
    ck_assert_str_eq(vstr_str(line), "x");
    ck_assert_int_eq(end, 2);

    ck_assert_int_eq(tail_of("a\nbc\n", 5, line, &end), 0);
    ck_assert_str_eq(vstr_str(line), "bc");
    ck_assert_int_eq(end, 5);

    /* A partial last line (crash mid-write): the complete one before it. */
    ck_assert_int_eq(tail_of("a\nbc\n{\"par", 11, line, &end), 0);
    ck_assert_str_eq(vstr_str(line), "bc");
    ck_assert_int_eq(end, 5);

    ck_assert_int_eq(tail_of("partial", 7, line, &end), 0);
    ck_assert_uint_eq(vstr_len(line), 0);
    ck_assert_int_eq(end, 0);

    ck_assert_int_eq(tail_of("\n\n", 2, line, &end), 0);
    ck_assert_uint_eq(vstr_len(line), 0);
    ck_assert_int_eq(end, 2);
    vstr_free(line);
}
END_TEST

START_TEST(test_tail_long_line)
{
    VSTR   *data = vstr_alloc(20000), *line = vstr_alloc(10);
    off_t   end;
    int     i;

    vstr_cat(data, "first\n");
    for (i = 0; i < 10000; i++)
	vstr_addch(data, 'a' + i % 26);
    vstr_cat(data, "\n");
    ck_assert_int_eq(tail_of(vstr_str(data), vstr_len(data), line, &end), 0);
    ck_assert_uint_eq(vstr_len(line), 10000);
    ck_assert_int_eq(vstr_str(line)[0], 'a');
    ck_assert_int_eq(end, (off_t) vstr_len(data));
    vstr_free(data);
    vstr_free(line);
}
END_TEST

START_TEST(test_time_format)
{
    VSTR   *out = vstr_alloc(10);
    struct timespec ts = {0, 0};

    audit_time_format(&ts, out);
    ck_assert_str_eq(vstr_str(out), "1970-01-01T00:00:00.000Z");
    ts.tv_sec = 1714552200;
    ts.tv_nsec = 125999999;
    audit_time_format(&ts, out);
    ck_assert_str_eq(vstr_str(out), "2024-05-01T08:30:00.125Z");
    vstr_free(out);
}
END_TEST

START_TEST(test_time_parse)
{
    long long ms;
    int     flags;

    ck_assert_int_eq(audit_time_parse("2024-05-01T08:30:00.125Z", &ms, &flags), 0);
    ck_assert_int_eq(ms, 1714552200125LL);
    ck_assert_int_eq(flags, 0);
    ck_assert_int_eq(audit_time_parse("2024-05-01", &ms, &flags), 0);
    ck_assert_int_eq(ms, 1714521600000LL);
    ck_assert_int_eq(flags, AUDIT_TIME_DATE_ONLY);
    ck_assert_int_eq(audit_time_parse("2024-05-01T10:30+02:00", &ms, 0), 0);
    ck_assert_int_eq(ms, 1714552200000LL);
    ck_assert_int_eq(audit_time_parse("2024-05-01 08:30:00", &ms, 0), 0);
    ck_assert_int_eq(ms, 1714552200000LL);
    ck_assert_int_eq(audit_time_parse("2024-05-01T08:30:00.1234567Z", &ms, 0), 0);
    ck_assert_int_eq(ms, 1714552200123LL);
    ck_assert_int_eq(audit_time_parse("2024-02-29", &ms, 0), 0);
    ck_assert_int_eq(audit_time_parse("1969-12-31T23:59:59Z", &ms, 0), 0);
    ck_assert_int_eq(ms, -1000);
}
END_TEST

START_TEST(test_time_parse_bad)
{
    static const char *bad[] = {
	"", "2024", "2024-5-1", "2024-13-01", "2023-02-29", "2024-04-31",
	"2024-05-01T", "2024-05-01T24:00", "2024-05-01T08:60",
	"2024-05-01T08:30:00.Z", "2024-05-01T08:30:00Zjunk", "2024-05-01x",
	"2024-05-01T08:30+2:00", "yesterday",
    };
    size_t  i;
    long long ms;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	ck_assert_msg(audit_time_parse(bad[i], &ms, 0) < 0, "accepted %s", bad[i]);
}
END_TEST

START_TEST(test_time_day)
{
    VSTR   *out = vstr_alloc(10);

    audit_time_day(1714552200125LL, out);
    ck_assert_str_eq(vstr_str(out), "2024-05-01");
    audit_time_day(1714521599999LL, out);
    ck_assert_str_eq(vstr_str(out), "2024-04-30");
    vstr_free(out);
}
END_TEST

/* main - run the suite */

int     main(void)
{
    Suite  *s = suite_create("audit_chain");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_hash_abc);
    tcase_add_test(tc, test_seal_known);
    tcase_add_test(tc, test_seal_body);
    tcase_add_test(tc, test_is_hex);
    tcase_add_test(tc, test_link_ok);
    tcase_add_test(tc, test_link_bad);
    tcase_add_test(tc, test_tail_cases);
    tcase_add_test(tc, test_tail_long_line);
    tcase_add_test(tc, test_time_format);
    tcase_add_test(tc, test_time_parse);
    tcase_add_test(tc, test_time_parse_bad);
    tcase_add_test(tc, test_time_day);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
