/*++
/* NAME
/*	check_verdict 1
/* SUMMARY
/*	unit tests for verdict(3) and rule(3)
/* SYNOPSIS
/*	check_verdict
/* DESCRIPTION
/*	The rule table (every required id exactly once, codes, texts),
/*	template expansion and its sanitising, verdict_set() for each
/*	action, the severity order used to combine verdicts, and action
/*	names.
/*--*/

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vstr.h"
#include "verdict.h"

typedef struct WANT_RULE {
    const char *id;
    const char *rcode;
    const char *xcode;
} WANT_RULE;

static const WANT_RULE want_rules[] = {
    {"addr.sender_syntax", "553", "5.1.7"},
    {"addr.rcpt_syntax", "550", "5.1.3"},
    {"trust.sender_domain", "550", "5.7.1"},
    {"trust.rcpt_domain", "550", "5.7.1"},
    {"trust.peer_cert", "550", "5.7.1"},
    {"trust.header_from", "550", "5.7.1"},
    {"trust.header_reply_to", "550", "5.7.1"},
    {"trust.header_dnt", "550", "5.7.1"},
    {"ins.length", "550", "5.1.3"},
    {"ins.char", "550", "5.1.3"},
    {"ins.category", "550", "5.1.3"},
    {"ins.month", "550", "5.1.3"},
    {"ins.place", "550", "5.1.3"},
    {"ins.order", "550", "5.1.3"},
    {"ins.key", "550", "5.1.3"},
    {"ins.corsica_case", "550", "5.1.3"},
    {"size.patient", "552", "5.3.4"},
    {"dir.error", "451", "4.4.3"},
    {"internal.error", "451", "4.3.0"},
    {"doc.codecda", "550", "5.6.0"},
    {"doc.x_mss_ins", "550", "5.6.0"},
    {"doc.x_mss_nil", "550", "5.6.0"},
    {"doc.subject_xdm", "550", "5.6.0"},
    {"doc.patient_mismatch", "550", "5.7.1"},
    {"doc.patient_unverified", "550", "5.7.1"},
    {"doc.category_missing", "550", "5.6.0"},
    {"doc.category_unknown", "550", "5.6.0"},
    {"doc.xdm_unsafe", "552", "5.3.4"},
    {"doc.xdm_invalid", "550", "5.6.0"},
    {"doc.unanalysed", "552", "5.3.4"},
};

#define WANT_COUNT (sizeof(want_rules) / sizeof(want_rules[0]))

/* printable - US-ASCII printable only */

static int printable(const char *s)
{
    for (; *s; s++)
	if ((unsigned char) *s < 0x20 || (unsigned char) *s >= 0x7f)
	    return (0);
    return (1);
}

START_TEST(test_required_rules)
{
    const WANT_RULE *wp = want_rules + _i;
    const RULE_INFO *rp = rule_find(wp->id);

    ck_assert_msg(rp != 0, "missing rule %s", wp->id);
    ck_assert_str_eq(rp->id, wp->id);
    ck_assert_str_eq(rp->rcode, wp->rcode);
    ck_assert_str_eq(rp->xcode, wp->xcode);
    /* Temporary counterpart: 451 and the same detail with class 4. */
    ck_assert_str_eq(rp->temp_rcode, "451");
    ck_assert_int_eq(rp->temp_xcode[0], '4');
    ck_assert_str_eq(rp->temp_xcode + 1, wp->xcode + 1);
}
END_TEST

START_TEST(test_table_unique)
{
    size_t  n, i, j, found;
    const RULE_INFO *tab = rule_table(&n);

    /* Features append their own blocks (mbpol.*...): at least these. */
    ck_assert_uint_ge(n, WANT_COUNT);
    for (i = 0; i < n; i++)
	for (j = i + 1; j < n; j++)
	    ck_assert_str_ne(tab[i].id, tab[j].id);
    /* Each required id exactly once. */
    for (i = 0; i < WANT_COUNT; i++) {
	for (found = j = 0; j < n; j++)
	    found += strcmp(tab[j].id, want_rules[i].id) == 0;
	ck_assert_msg(found == 1, "%s found %zu times", want_rules[i].id, found);
    }
}
END_TEST

START_TEST(test_table_texts)
{
    size_t  n;
    const RULE_INFO *rp = rule_table(&n) + _i;

    ck_assert(printable(rp->text_fr));
    ck_assert(printable(rp->text_en));
    ck_assert(printable(rp->doc));
    ck_assert_uint_gt(strlen(rp->doc), 10);
    ck_assert_ptr_nonnull(strstr(rp->text_fr, "[regle {rule}]"));
    ck_assert_ptr_nonnull(strstr(rp->text_en, "[rule {rule}]"));
    /* Every text names the address at fault, except internal errors. */
    if (strcmp(rp->id, "internal.error") != 0) {
	ck_assert_ptr_nonnull(strstr(rp->text_fr, "{addr}"));
	ck_assert_ptr_nonnull(strstr(rp->text_en, "{addr}"));
    }
    ck_assert_int_eq(strlen(rp->rcode), 3);
    ck_assert(rp->rcode[0] == '4' || rp->rcode[0] == '5');
    ck_assert_int_eq(rp->xcode[0], rp->rcode[0]);
    ck_assert_int_eq(rp->xcode[1], '.');
    /* Short enough for a 512-byte reply line with long values. */
    ck_assert_uint_lt(strlen(rp->text_fr), 320);
    ck_assert_uint_lt(strlen(rp->text_en), 320);
}
END_TEST

START_TEST(test_table_expand)
{
    size_t  n;
    const RULE_INFO *rp = rule_table(&n) + _i;
    RULE_VARS vars = {"jean@evil.example", "evil.example", "DETAIL"};
    VSTR   *out = vstr_alloc(10);
    VERDICT_LANG lang;

    for (lang = VERDICT_LANG_FR; lang <= VERDICT_LANG_EN; lang++) {
	rule_format(rp, lang, &vars, out);
	ck_assert(printable(vstr_str(out)));
	ck_assert_ptr_null(strstr(vstr_str(out), "{addr}"));
	ck_assert_ptr_null(strstr(vstr_str(out), "{domain}"));
	ck_assert_ptr_null(strstr(vstr_str(out), "{detail}"));
	ck_assert_ptr_null(strstr(vstr_str(out), "{rule}"));
	if (strcmp(rp->id, "internal.error") != 0)
	    ck_assert_ptr_nonnull(strstr(vstr_str(out), "jean@evil.example"));
	ck_assert_ptr_nonnull(strstr(vstr_str(out), rp->id));
	/* rule_expand() finds the owner of a table template by identity. */
	rule_expand(lang == VERDICT_LANG_FR ? rp->text_fr : rp->text_en, &vars, out);
	ck_assert_ptr_nonnull(strstr(vstr_str(out), rp->id));
    }
    vstr_free(out);
}
END_TEST

START_TEST(test_rcpt_domain_text)
{
    RULE_VARS vars = {"jean@evil.example", "evil.example", 0};
    VERDICT v;

    verdict_init(&v);
    verdict_set(&v, VERDICT_REJECT, "trust.rcpt_domain", &vars, VERDICT_LANG_FR);
    ck_assert_str_eq(vstr_str(v.text),
		     "Destinataire jean@evil.example refuse: le domaine evil.example "
		     "n'appartient pas a l'espace de confiance MSSante (liste blanche "
		     "ANS). Verifiez l'adresse dans l'Annuaire Sante. "
		     "[regle trust.rcpt_domain]");
    verdict_set(&v, VERDICT_REJECT, "ins.key", &(RULE_VARS) {
	"288091234567823@patient.mssante.fr", "patient.mssante.fr",
    "la cle 23 ne correspond pas (attendue: 40)"}, VERDICT_LANG_FR);
    ck_assert_str_eq(vstr_str(v.text),
		     "Adresse patient 288091234567823@patient.mssante.fr invalide: "
		     "la cle 23 ne correspond pas (attendue: 40). Verifiez le matricule "
		     "INS (15 caracteres) sur la carte Vitale ou via le teleservice INSi; "
		     "ne corrigez jamais la cle seule. [regle ins.key]");
    verdict_free(&v);
}
END_TEST

START_TEST(test_lookup)
{
    ck_assert_ptr_null(rule_find(0));
    ck_assert_ptr_null(rule_find(""));
    ck_assert_ptr_null(rule_find("trust"));
    ck_assert_ptr_null(rule_find("TRUST.RCPT_DOMAIN"));
    ck_assert_ptr_null(rule_find("trust.rcpt_domain "));
    ck_assert_ptr_nonnull(rule_find("trust.rcpt_domain"));
}
END_TEST

START_TEST(test_expand_sanitise)
{
    VSTR   *out = vstr_alloc(10);
    char    big[400];
    RULE_VARS vars = {"a\r\nRCPT TO:<x@y>\x01\x7f\xc3\xa9", "d", "%s%n%x%%"};

    rule_expand("[{addr}] [{domain}] [{detail}] [{rule}]", &vars, out);
    ck_assert_str_eq(vstr_str(out), "[a??RCPT TO:<x@y>????] [d] [%s%n%x%%] [-]");

    /* Unknown or incomplete placeholders stay as written. */
    rule_expand("{foo} {addr {ADDR} {{domain}} {", &vars, out);
    ck_assert_str_eq(vstr_str(out), "{foo} {addr {ADDR} {d} {");

    /* Missing values. */
    rule_expand("<{addr}|{domain}|{detail}>", 0, out);
    ck_assert_str_eq(vstr_str(out), "<-|-|->");
    rule_expand("<{addr}>", &(RULE_VARS) {0, 0, 0}, out);
    ck_assert_str_eq(vstr_str(out), "<->");
    rule_expand(0, &vars, out);
    ck_assert_str_eq(vstr_str(out), "");

    /* The template itself is sanitised too. */
    rule_expand("x\r\ny\t\xe9", 0, out);
    ck_assert_str_eq(vstr_str(out), "x??y??");

    /* Values are capped at 256 bytes with a visible marker. */
    memset(big, 'b', sizeof(big));
    big[256] = 0;
    rule_expand("{detail}", &(RULE_VARS) {0, 0, big}, out);
    ck_assert_uint_eq(vstr_len(out), 256);
    ck_assert_int_eq(vstr_str(out)[255], 'b');
    big[256] = 'b';
    big[257] = 0;
    rule_expand("<{detail}>", &(RULE_VARS) {0, 0, big}, out);
    ck_assert_uint_eq(vstr_len(out), 258);
    ck_assert_str_eq(vstr_str(out) + 254, "...>");
    big[sizeof(big) - 1] = 0;
    rule_expand("{addr}{addr}", &(RULE_VARS) {big, 0, 0}, out);
    ck_assert_uint_eq(vstr_len(out), 512);
    vstr_free(out);
}
END_TEST

START_TEST(test_set_actions)
{
    RULE_VARS vars = {"u@evil.example", "evil.example", "x"};
    VERDICT v;

    verdict_init(&v);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_ptr_null(v.rule);
    ck_assert_str_eq(v.rcode, "");
    ck_assert_str_eq(vstr_str(v.text), "");

    verdict_set(&v, VERDICT_REJECT, "trust.sender_domain", &vars, VERDICT_LANG_FR);
    ck_assert_int_eq(v.action, VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "trust.sender_domain");
    ck_assert_str_eq(v.rcode, "550");
    ck_assert_str_eq(v.xcode, "5.7.1");
    ck_assert_int_eq(strncmp(vstr_str(v.text), "Expediteur u@evil.example refuse", 32), 0);

    verdict_set(&v, VERDICT_TEMPFAIL, "trust.sender_domain", &vars, VERDICT_LANG_EN);
    ck_assert_int_eq(v.action, VERDICT_TEMPFAIL);
    ck_assert_str_eq(v.rcode, "451");
    ck_assert_str_eq(v.xcode, "4.7.1");
    ck_assert_int_eq(strncmp(vstr_str(v.text), "Sender u@evil.example rejected", 30), 0);

    verdict_set(&v, VERDICT_QUARANTINE, "trust.header_dnt", &vars, VERDICT_LANG_FR);
    ck_assert_int_eq(v.action, VERDICT_QUARANTINE);
    ck_assert_str_eq(v.rule, "trust.header_dnt");
    ck_assert_str_eq(v.rcode, "");
    ck_assert_str_eq(v.xcode, "");
    ck_assert_ptr_nonnull(strstr(vstr_str(v.text), "[regle trust.header_dnt]"));

    verdict_set(&v, VERDICT_DISCARD, "trust.header_dnt", &vars, VERDICT_LANG_FR);
    ck_assert_int_eq(v.action, VERDICT_DISCARD);
    ck_assert_str_eq(v.rule, "trust.header_dnt");
    ck_assert_str_eq(v.rcode, "");
    ck_assert_str_eq(vstr_str(v.text), "");

    verdict_set(&v, VERDICT_ACCEPT, "trust.rcpt_domain", &vars, VERDICT_LANG_FR);
    ck_assert_int_eq(v.action, VERDICT_ACCEPT);
    ck_assert_str_eq(v.rule, "trust.rcpt_domain");
    ck_assert_str_eq(vstr_str(v.text), "");

    verdict_set(&v, VERDICT_CONTINUE, 0, 0, VERDICT_LANG_FR);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_ptr_null(v.rule);
    ck_assert_str_eq(v.rcode, "");

    verdict_reset(&v);
    ck_assert_int_eq(v.action, VERDICT_CONTINUE);
    ck_assert_str_eq(vstr_str(v.text), "");
    verdict_free(&v);
}
END_TEST

START_TEST(test_set_every_rule)
{
    size_t  n;
    const RULE_INFO *rp = rule_table(&n) + _i;
    VERDICT v;

    verdict_init(&v);
    verdict_set(&v, VERDICT_REJECT, rp->id, 0, VERDICT_LANG_FR);
    ck_assert_int_eq(v.rcode[0], '5');
    ck_assert_int_eq(v.xcode[0], '5');
    ck_assert_int_eq(v.xcode[1], '.');
    ck_assert(printable(vstr_str(v.text)));
    verdict_set(&v, VERDICT_TEMPFAIL, rp->id, 0, VERDICT_LANG_EN);
    /* 451, or 452 (RFC 5321: too many recipients, no room) for mbpol.* */
    ck_assert(strcmp(v.rcode, "451") == 0 || strcmp(v.rcode, "452") == 0);
    ck_assert_str_eq(v.rcode, rp->temp_rcode);
    ck_assert_int_eq(v.xcode[0], '4');
    ck_assert(printable(vstr_str(v.text)));
    verdict_free(&v);
}
END_TEST

START_TEST(test_set_errors)
{
    VERDICT v;

    verdict_init(&v);
    /* A rule whose default is temporary, rejected by policy. */
    verdict_set(&v, VERDICT_REJECT, "dir.error", 0, VERDICT_LANG_FR);
    ck_assert_str_eq(v.rcode, "550");
    ck_assert_str_eq(v.xcode, "5.4.3");
    ck_assert_str_eq(v.rule, "dir.error");
    verdict_set(&v, VERDICT_TEMPFAIL, "dir.error", 0, VERDICT_LANG_FR);
    ck_assert_str_eq(v.rcode, "451");
    ck_assert_str_eq(v.xcode, "4.4.3");

    /* Unknown rule: internal.error, action kept. */
    verdict_set(&v, VERDICT_REJECT, "no.such_rule", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(v.action, VERDICT_REJECT);
    ck_assert_str_eq(v.rule, "internal.error");
    ck_assert_str_eq(v.rcode, "550");
    ck_assert_str_eq(v.xcode, "5.3.0");
    verdict_set(&v, VERDICT_TEMPFAIL, 0, 0, VERDICT_LANG_FR);
    ck_assert_str_eq(v.rule, "internal.error");
    ck_assert_str_eq(v.rcode, "451");
    ck_assert_str_eq(v.xcode, "4.3.0");
    verdict_set(&v, VERDICT_ACCEPT, "no.such_rule", 0, VERDICT_LANG_FR);
    ck_assert_ptr_null(v.rule);

    /* Invalid action: fail closed, temporarily. */
    verdict_set(&v, (VERDICT_ACTION) 99, "trust.rcpt_domain", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(v.action, VERDICT_TEMPFAIL);
    ck_assert_str_eq(v.rule, "internal.error");
    ck_assert_str_eq(v.rcode, "451");
    verdict_free(&v);
}
END_TEST

START_TEST(test_severity)
{
    ck_assert_int_lt(verdict_severity(VERDICT_CONTINUE), verdict_severity(VERDICT_ACCEPT));
    ck_assert_int_lt(verdict_severity(VERDICT_ACCEPT), verdict_severity(VERDICT_QUARANTINE));
    ck_assert_int_lt(verdict_severity(VERDICT_QUARANTINE), verdict_severity(VERDICT_DISCARD));
    ck_assert_int_lt(verdict_severity(VERDICT_DISCARD), verdict_severity(VERDICT_TEMPFAIL));
    ck_assert_int_lt(verdict_severity(VERDICT_TEMPFAIL), verdict_severity(VERDICT_REJECT));
    ck_assert_int_eq(verdict_severity(VERDICT_ACTION_COUNT), -1);
    ck_assert_int_eq(verdict_severity((VERDICT_ACTION) - 1), -1);
}
END_TEST

START_TEST(test_merge)
{
    VERDICT acc, v;

    verdict_init(&acc);
    verdict_init(&v);

    /* A rejected rule and a directory tempfail: reject, either order. */
    verdict_set(&v, VERDICT_TEMPFAIL, "dir.error", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(verdict_merge(&acc, &v), 1);
    verdict_set(&v, VERDICT_REJECT, "ins.key", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(verdict_merge(&acc, &v), 1);
    ck_assert_int_eq(acc.action, VERDICT_REJECT);
    ck_assert_str_eq(acc.rule, "ins.key");
    ck_assert_str_eq(acc.rcode, "550");
    verdict_set(&v, VERDICT_TEMPFAIL, "dir.error", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(verdict_merge(&acc, &v), 0);
    ck_assert_str_eq(acc.rule, "ins.key");

    /* Ties keep the first rule. */
    verdict_set(&v, VERDICT_REJECT, "trust.rcpt_domain", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(verdict_merge(&acc, &v), 0);
    ck_assert_str_eq(acc.rule, "ins.key");

    /* ACCEPT never overrides a refusal; QUARANTINE beats ACCEPT. */
    verdict_reset(&acc);
    verdict_set(&v, VERDICT_ACCEPT, "trust.rcpt_domain", 0, VERDICT_LANG_FR);
    verdict_merge(&acc, &v);
    verdict_set(&v, VERDICT_QUARANTINE, "trust.header_dnt", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(verdict_merge(&acc, &v), 1);
    verdict_set(&v, VERDICT_ACCEPT, "trust.rcpt_domain", 0, VERDICT_LANG_FR);
    ck_assert_int_eq(verdict_merge(&acc, &v), 0);
    ck_assert_int_eq(acc.action, VERDICT_QUARANTINE);

    /* The copy is independent of its source. */
    verdict_set(&v, VERDICT_REJECT, "size.patient", 0, VERDICT_LANG_FR);
    verdict_merge(&acc, &v);
    verdict_set(&v, VERDICT_REJECT, "trust.header_from", 0, VERDICT_LANG_EN);
    ck_assert_str_eq(acc.rule, "size.patient");
    ck_assert_str_eq(acc.rcode, "552");
    ck_assert_ptr_nonnull(strstr(vstr_str(acc.text), "[regle size.patient]"));
    verdict_copy(&acc, &acc);
    ck_assert_ptr_nonnull(strstr(vstr_str(acc.text), "[regle size.patient]"));

    verdict_free(&acc);
    verdict_free(&v);
}
END_TEST

START_TEST(test_action_names)
{
    static const char *names[] = {"continue", "accept", "reject", "tempfail",
    "discard", "quarantine"};
    VERDICT_ACTION a;
    int     i;

    for (i = 0; i < VERDICT_ACTION_COUNT; i++) {
	ck_assert_str_eq(verdict_action_name(i), names[i]);
	a = VERDICT_ACTION_COUNT;
	ck_assert_int_eq(verdict_action_parse(names[i], &a), 0);
	ck_assert_int_eq(a, i);
    }
    ck_assert_int_eq(verdict_action_parse("REJECT", &a), 0);
    ck_assert_int_eq(a, VERDICT_REJECT);
    ck_assert_int_eq(verdict_action_parse("TempFail", &a), 0);
    ck_assert_int_eq(a, VERDICT_TEMPFAIL);
    a = VERDICT_ACCEPT;
    ck_assert_int_eq(verdict_action_parse("rejected", &a), -1);
    ck_assert_int_eq(verdict_action_parse("rejec", &a), -1);
    ck_assert_int_eq(verdict_action_parse(" reject", &a), -1);
    ck_assert_int_eq(verdict_action_parse("", &a), -1);
    ck_assert_int_eq(verdict_action_parse(0, &a), -1);
    ck_assert_int_eq(a, VERDICT_ACCEPT);
    ck_assert_str_eq(verdict_action_name(VERDICT_ACTION_COUNT), "unknown");
}
END_TEST

/* verdict_suite - all tests */

static Suite *verdict_suite(void)
{
    Suite  *s = suite_create("verdict");
    TCase  *tc;
    size_t  n;

    (void) rule_table(&n);
    tc = tcase_create("rules");
    tcase_add_loop_test(tc, test_required_rules, 0, WANT_COUNT);
    tcase_add_test(tc, test_table_unique);
    tcase_add_loop_test(tc, test_table_texts, 0, n);
    tcase_add_loop_test(tc, test_table_expand, 0, n);
    tcase_add_test(tc, test_rcpt_domain_text);
    tcase_add_test(tc, test_lookup);
    tcase_add_test(tc, test_expand_sanitise);
    suite_add_tcase(s, tc);

    tc = tcase_create("verdict");
    tcase_add_test(tc, test_set_actions);
    tcase_add_loop_test(tc, test_set_every_rule, 0, n);
    tcase_add_test(tc, test_set_errors);
    tcase_add_test(tc, test_severity);
    tcase_add_test(tc, test_merge);
    tcase_add_test(tc, test_action_names);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(verdict_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
