/*++
/* NAME
/*	check_cfg 1
/* SUMMARY
/*	unit tests for cfg(3)
/* SYNOPSIS
/*	check_cfg
/* DESCRIPTION
/*	Every default of the key table parses; every value type accepts
/*	its good forms and refuses its bad ones with "file:line: Key:
/*	problem"; unknown, repeated and empty keys are refused; comments
/*	and case-insensitive names work; cross-key checks; reload
/*	comparison; reading real files (missing, NUL byte); the manual's
/*	key list names every key.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "vstr.h"
#include "cidr.h"
#include "cfg.h"

/* parse_ok - parse text that must be valid */

static CFG *parse_ok(const char *text)
{
    VSTR   *err = vstr_alloc(100);
    CFG    *cfg = cfg_parse_string("t.conf", text, err);

    ck_assert_msg(cfg != 0, "\"%s\": %s", text, vstr_str(err));
    vstr_free(err);
    return (cfg);
}

/* parse_err - parse text that must fail with exactly this message */

static void parse_err(const char *text, const char *want)
{
    VSTR   *err = vstr_alloc(100);
    CFG    *cfg = cfg_parse_string("t.conf", text, err);

    ck_assert_msg(cfg == 0, "\"%s\" was accepted", text);
    ck_assert_str_eq(vstr_str(err), want);
    vstr_free(err);
}

START_TEST(test_defaults)
{
    CFG    *cfg = cfg_defaults();

    ck_assert_str_eq(cfg->socket, "local:/var/spool/postfix/mssante-milter/mssante-milter.sock");
    ck_assert_uint_eq(cfg->socket_mode, 0660);
    ck_assert_int_eq(cfg->mode, CFG_MODE_ENFORCE);
    ck_assert_int_eq(cfg->ldap_timeout, 2000);
    ck_assert_uint_eq(cfg->ldap_pool_size, 4);
    ck_assert_int_eq(cfg->trust_refresh, 300000);
    /* 25 MB as the smaller reading (doc/rules.md), not 25 * 2^20. */
    ck_assert(cfg->patient_max_size == 25000000ULL);
    ck_assert_str_eq(cfg->patient_domain, "patient.mssante.fr");
    ck_assert_int_eq(cidr_list_match_str(cfg->internal_hosts, "127.0.0.1"), 1);
    ck_assert_int_eq(cidr_list_match_str(cfg->internal_hosts, "::1"), 1);
    ck_assert_int_eq(cidr_list_match_str(cfg->internal_hosts, "192.0.2.1"), 0);
    ck_assert_ptr_null(cfg->internal_daemons[0]);
    ck_assert_str_eq(cfg->trusted_issuers[0], "AC IGC-SANTE ELEMENTAIRE ORGANISATIONS");
    ck_assert_ptr_null(cfg->trusted_issuers[1]);
    ck_assert_int_eq(cfg->on_dir_error, CFG_ONERR_TEMPFAIL);
    ck_assert_int_eq(cfg->peer_certificate, CFG_PEER_REJECT);
    ck_assert_int_eq(cfg->header_checks, 1);
    ck_assert_int_eq(cfg->syslog, 1);
    ck_assert_int_eq(cfg->reply_language, CFG_LANG_FR);
    ck_assert_str_eq(cfg->user_id, "");
    cfg_free(cfg);
    cfg_free(0);
}
END_TEST

START_TEST(test_table)
{
    size_t  count, i, j;
    const CFG_KEY *keys = cfg_key_table(&count);

    ck_assert_uint_eq(count, CFG_KEY_COUNT);
    for (i = 0; i < count; i++) {
	ck_assert_ptr_nonnull(keys[i].doc);
	ck_assert_msg(strlen(keys[i].doc) > 10, "%s: no documentation", keys[i].name);
	ck_assert_msg(keys[i].type != CFG_T_ENUM || keys[i].extra != 0,
		      "%s: enum without choices", keys[i].name);
	for (j = i + 1; j < count; j++)
	    ck_assert_msg(strcasecmp(keys[i].name, keys[j].name) != 0,
			  "%s twice", keys[i].name);
    }
    ck_assert_str_eq(cfg_type_name(CFG_T_TIME), "duration");
    ck_assert_str_eq(cfg_type_name((CFG_TYPE) 99), "unknown");
}
END_TEST

START_TEST(test_values)
{
    CFG    *cfg = parse_ok(
			   "# a comment\n"
			   "\n"
			   "   # an indented comment\n"
			   "Socket inet:8891@127.0.0.1\n"
			   "socketmode 0600   # inline comment\n"
			   "MODE Monitor\n"
			   "LDAPTimeout 500ms\n"
			   "TrustRefresh 1h\r\n"
			   "LDAPCacheTTL 2d\n"
			   "LDAPPoolSize 256\n"
			   "PatientMaxSize 1k\n"
			   "InternalHosts 10.0.0.0/8 192.168.0.0/16,2001:db8::/32\n"
			   "InternalDaemons submission, smtps ,\n"
			   "TrustedIssuers TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS, Other CA\n"
			   "HeaderChecks off\n"
			   "Syslog false\n"
			   "SyslogFacility local3\n"
			   "On-DirectoryError accept\n"
			   "On-InternalError REJECT\n"
			   "PeerCertificate monitor\n"
			   "UserID mssante:mail\n"
			   "PidFile /run/m.pid\n"
			   "LDAPBindDN cn=milter,o=mssante\n"
			   "LDAPBindPasswordFile /etc/mssante-milter/ldap.secret\n"
			   "LDAPBase o=mssante#notacomment\n"
			   "ReplyLanguage en");

    ck_assert_str_eq(cfg->socket, "inet:8891@127.0.0.1");
    ck_assert_uint_eq(cfg->socket_mode, 0600);
    ck_assert_int_eq(cfg->mode, CFG_MODE_MONITOR);
    ck_assert_int_eq(cfg->ldap_timeout, 500);
    ck_assert_int_eq(cfg->trust_refresh, 3600000);
    ck_assert_int_eq(cfg->ldap_cache_ttl, 2 * 86400000L);
    ck_assert_uint_eq(cfg->ldap_pool_size, 256);
    ck_assert(cfg->patient_max_size == 1024);
    ck_assert_int_eq(cidr_list_match_str(cfg->internal_hosts, "192.168.3.4"), 1);
    ck_assert_int_eq(cidr_list_match_str(cfg->internal_hosts, "127.0.0.1"), 0);
    ck_assert_str_eq(cfg->internal_daemons[0], "submission");
    ck_assert_str_eq(cfg->internal_daemons[1], "smtps");
    ck_assert_ptr_null(cfg->internal_daemons[2]);
    ck_assert_str_eq(cfg->trusted_issuers[0], "TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS");
    ck_assert_str_eq(cfg->trusted_issuers[1], "Other CA");
    ck_assert_int_eq(cfg->header_checks, 0);
    ck_assert_int_eq(cfg->syslog, 0);
    ck_assert_int_eq(cfg->syslog_facility, 6);
    ck_assert_int_eq(cfg->on_dir_error, CFG_ONERR_ACCEPT);
    ck_assert_int_eq(cfg->on_internal_error, CFG_ONERR_REJECT);
    ck_assert_int_eq(cfg->peer_certificate, CFG_PEER_MONITOR);
    ck_assert_str_eq(cfg->user_id, "mssante:mail");
    ck_assert_str_eq(cfg->ldap_base, "o=mssante#notacomment");
    ck_assert_int_eq(cfg->reply_language, CFG_LANG_EN);
    ck_assert_int_eq(cfg->line[CFG_KEY_socket], 4);
    ck_assert_int_eq(cfg->line[CFG_KEY_hostname], 0);
    ck_assert_str_eq(cfg->raw[CFG_KEY_socket_mode], "0600");
    cfg_free(cfg);
}
END_TEST

START_TEST(test_sockets)
{
    static const char *good[] = {
	"Socket local:/run/x.sock", "Socket unix:/tmp/y", "Socket /tmp/z",
	"Socket inet:1", "Socket inet:65535@localhost", "Socket inet6:8891@[::1]",
	"Socket inet6:8891@::1",
    };
    size_t  i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
	cfg_free(parse_ok(good[i]));
    parse_err("Socket inet:0", "t.conf:1: Socket: port must be a number from 1 to 65535");
    parse_err("Socket inet:65536", "t.conf:1: Socket: port must be a number from 1 to 65535");
    parse_err("Socket inet:x@h", "t.conf:1: Socket: expected a port number after inet: or inet6:");
    parse_err("Socket inet:25@", "t.conf:1: Socket: bad host after @");
    parse_err("Socket local:run/x", "t.conf:1: Socket: a unix socket needs an absolute path");
    parse_err("Socket tcp:25", "t.conf:1: Socket: expected local:/path, inet:port@host or inet6:port@host");
    parse_err("Socket local:/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	      "t.conf:1: Socket: unix socket path too long (107 bytes at most)");
}
END_TEST

START_TEST(test_bad_values)
{
    parse_err("\nMode enforcing", "t.conf:2: Mode: expected one of: enforce|monitor");
    parse_err("SocketMode 0999", "t.conf:1: SocketMode: expected an octal mode such as 0660");
    parse_err("SocketMode 01777", "t.conf:1: SocketMode: expected an octal mode such as 0660");
    parse_err("LDAPTimeout 2 s", "t.conf:1: LDAPTimeout: expected a duration such as 500ms, 2s, 5m, 1h or 1d");
    parse_err("LDAPTimeout -1", "t.conf:1: LDAPTimeout: expected a duration such as 500ms, 2s, 5m, 1h or 1d");
    parse_err("LDAPTimeout 400d", "t.conf:1: LDAPTimeout: expected a duration such as 500ms, 2s, 5m, 1h or 1d");
    parse_err("LDAPTimeout 0", "t.conf:1: LDAPTimeout: must not be 0");
    parse_err("LDAPPoolSize 0", "t.conf:1: LDAPPoolSize: expected a number from 1 to 256");
    parse_err("LDAPPoolSize 257", "t.conf:1: LDAPPoolSize: expected a number from 1 to 256");
    parse_err("LDAPPoolSize 4x", "t.conf:1: LDAPPoolSize: expected a number from 1 to 256");
    parse_err("LDAPPoolSize 99999999999999999999999", "t.conf:1: LDAPPoolSize: expected a number from 1 to 256");
    parse_err("PatientMaxSize 25T", "t.conf:1: PatientMaxSize: expected a size such as 26214400, 512k or 25M");
    parse_err("PatientMaxSize M", "t.conf:1: PatientMaxSize: expected a size such as 26214400, 512k or 25M");
    parse_err("HeaderChecks maybe", "t.conf:1: HeaderChecks: expected yes or no");
    parse_err("InternalHosts 10.0.0.0/8 300.1.1.1", "t.conf:1: InternalHosts: malformed IPv4 address at \"300.1.1.1\"");
    parse_err("PidFile run/x.pid", "t.conf:1: PidFile: expected an absolute path");
    parse_err("UserID root:wheel:x", "t.conf:1: UserID: expected user or user:group");
    parse_err("UserID -root", "t.conf:1: UserID: expected user or user:group");
    parse_err("UserID a b", "t.conf:1: UserID: expected user or user:group");
    parse_err("TrustRefresh 500ms", "t.conf:1: TrustRefresh: must be at least 1s");
}
END_TEST

START_TEST(test_structure)
{
    parse_err("# ok\nBogusKey 1\n", "t.conf:2: BogusKey: unknown key");
    /* Control bytes of the file are not copied into the message (fuzz_cfg). */
    parse_err("Trusted\006\033[2J 1\n", "t.conf:1: Trusted??[2J: unknown key");
    parse_err("InternalHosts 10.0.0.1/8\r\001\n",
	      "t.conf:1: InternalHosts: malformed IPv4 address at \"?\"");
    parse_err("Mode\n", "t.conf:1: Mode: missing value");
    parse_err("Mode   # nothing\n", "t.conf:1: Mode: missing value");
    parse_err("Mode enforce\nmode monitor\n", "t.conf:2: Mode: already set at line 1");
    parse_err("LDAPBindDN cn=x,o=y", "t.conf:1: LDAPBindDN: a bind DN needs LDAPBindPasswordFile");
    parse_err("PeerCertificate reject\nTrustedIssuers ,\n",
	      "t.conf:2: TrustedIssuers: empty while PeerCertificate is not off: no peer could pass");
    cfg_free(parse_ok("PeerCertificate off\nTrustedIssuers ,\n"));
    cfg_free(parse_ok(""));
    cfg_free(parse_ok("\n\n# only comments\n"));
}
END_TEST

START_TEST(test_time_size)
{
    long    ms;
    unsigned long long n;

    ck_assert_int_eq(units_time("2", &ms), 0);
    ck_assert_int_eq(ms, 2000);
    ck_assert_int_eq(units_time("5m", &ms), 0);
    ck_assert_int_eq(ms, 300000);
    ck_assert_int_eq(units_time("366d", &ms), 0);
    ck_assert_int_eq(units_time("367d", &ms), -1);
    ck_assert_int_eq(units_time("1w", &ms), -1);
    ck_assert_int_eq(units_time("", &ms), -1);
    ck_assert_int_eq(units_time("99999999999999999999", &ms), -1);
    ck_assert_int_eq(units_size("26214400", &n), 0);
    ck_assert(n == 26214400ULL);
    ck_assert_int_eq(units_size("25MB", &n), 0);
    ck_assert(n == 26214400ULL);
    ck_assert_int_eq(units_size("2G", &n), 0);
    ck_assert(n == 2ULL << 30);
    ck_assert_int_eq(units_size("0", &n), 0);
    ck_assert(n == 0);
    ck_assert_int_eq(units_size("1k ", &n), -1);
    ck_assert_int_eq(units_size("9999999G", &n), -1);
}
END_TEST

START_TEST(test_restart_changes)
{
    CFG    *a = parse_ok("Socket inet:1@127.0.0.1\nMode monitor\n");
    CFG    *b = parse_ok("Socket inet:2@127.0.0.1\nMode enforce\nUserID nobody\n");
    VSTR   *names = vstr_alloc(10);

    ck_assert_int_eq(cfg_restart_changes(a, a, names), 0);
    ck_assert_str_eq(vstr_str(names), "");
    ck_assert_int_eq(cfg_restart_changes(a, b, names), 2);
    ck_assert_str_eq(vstr_str(names), "Socket, UserID");
    cfg_free(a);
    cfg_free(b);
    vstr_free(names);
}
END_TEST

START_TEST(test_files)
{
    char    path[] = "/tmp/check_cfg.XXXXXX";
    VSTR   *err = vstr_alloc(100);
    CFG    *cfg;
    FILE   *fp;
    int     fd;

    ck_assert_ptr_null(cfg_load("/nonexistent/mssante.conf", err));
    ck_assert_str_eq(vstr_str(err),
		     "/nonexistent/mssante.conf:0: cannot open: No such file or directory");

    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fp = fdopen(fd, "w");
    fputs("Mode monitor\nPatientMaxSize 10M\n", fp);
    fclose(fp);
    cfg = cfg_load(path, err);
    ck_assert_ptr_nonnull(cfg);
    ck_assert_int_eq(cfg->mode, CFG_MODE_MONITOR);
    ck_assert_str_eq(cfg->path, path);
    cfg_free(cfg);

    fp = fopen(path, "w");
    fwrite("Mode monitor\nHost\0name x\n", 1, 25, fp);
    fclose(fp);
    ck_assert_ptr_null(cfg_load(path, err));
    ck_assert_ptr_nonnull(strstr(vstr_str(err), ":2: NUL byte in the file"));
    unlink(path);
    vstr_free(err);
}
END_TEST

START_TEST(test_dump_keys)
{
    FILE   *fp = tmpfile();
    VSTR   *text = vstr_alloc(1000);
    VSTR   *want = vstr_alloc(100);
    char    buf[1024];
    size_t  n, count, i;
    const CFG_KEY *keys = cfg_key_table(&count);

    cfg_dump_keys(fp);
    rewind(fp);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
	vstr_ncat(text, buf, n);
    fclose(fp);
    for (i = 0; i < count; i++) {
	vstr_strcpy(want, ".TP\n.B ");
	for (const char *cp = keys[i].name; *cp; cp++)
	    vstr_cat(want, *cp == '-' ? "\\-" : (char[2]) {*cp, 0});
	vstr_cat(want, "\n");
	ck_assert_msg(strstr(vstr_str(text), vstr_str(want)) != 0,
		      "%s missing from --dump-keys", keys[i].name);
    }
    ck_assert_ptr_nonnull(strstr(vstr_str(text), "default: \\fB25000000\\fR"));
    vstr_free(text);
    vstr_free(want);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("cfg");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_sockets);
    tcase_add_test(tc, test_bad_values);
    tcase_add_test(tc, test_structure);
    tcase_add_test(tc, test_time_size);
    tcase_add_test(tc, test_restart_changes);
    tcase_add_test(tc, test_files);
    tcase_add_test(tc, test_dump_keys);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
