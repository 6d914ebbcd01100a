/*++
/* NAME
/*	check_category 1
/* SUMMARY
/*	unit tests for category(3) and doccat(3)
/* SYNOPSIS
/*	check_category
/* DESCRIPTION
/*	The JDV_J07 table (lines, lookups, the installed data file) and
/*	the resolution of each document's category with its tag header.
/*	The data file is read from $top_srcdir/milter/data (default ..).
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mymalloc.h"
#include "vstr.h"
#include "category.h"
#include "doccat.h"

#define LOINC	CATEGORY_OID_LOINC
#define A05	CATEGORY_OID_TRE_A05

/* add - one line, as a C string */

static CATEGORY_LINE add(CATEGORY_TABLE *tab, const char *line)
{
    return (category_table_add_line(tab, line, strlen(line)));
}

/* small_table - a table of a few known codes */

static CATEGORY_TABLE *small_table(void)
{
    CATEGORY_TABLE *tab = category_table_create((char *) 0);

    ck_assert_int_eq(add(tab, "# JDV_J07 (OID x), version 20260629120000 as published"),
		     CATEGORY_LINE_SKIP);
    ck_assert_int_eq(add(tab, "11488-4\tCR ou fiche de consultation ou de visite\t" LOINC),
		     CATEGORY_LINE_OK);
    ck_assert_int_eq(add(tab, "11502-2\tCR d'examens biologiques\t" LOINC),
		     CATEGORY_LINE_OK);
    ck_assert_int_eq(add(tab, "DISP_AUT\tDispensation (autre)\t" A05),
		     CATEGORY_LINE_OK);
    ck_assert_int_eq(add(tab, "97694-4\tNote d'\xc3\xa9valuation en m\xc3\xa9" "decine maternelle et f\xc5\x93tale\t" LOINC),
		     CATEGORY_LINE_OK);
    return (tab);
}

START_TEST(test_table_basic)
{
    CATEGORY_TABLE *tab = small_table();
    const CATEGORY_ENTRY *ep;

    ck_assert_uint_eq(category_table_count(tab), 4);
    ck_assert_str_eq(category_table_version(tab), "20260629120000");
    ep = category_lookup(tab, "11488-4", LOINC);
    ck_assert_ptr_nonnull(ep);
    ck_assert_str_eq(ep->display, "CR ou fiche de consultation ou de visite");
    ck_assert_ptr_null(category_lookup(tab, "11488-4", A05));
    ck_assert_ptr_null(category_lookup(tab, "11488-5", LOINC));
    ck_assert_ptr_null(category_lookup(tab, "disp_aut", A05));
    ck_assert_ptr_nonnull(category_lookup(tab, "DISP_AUT", A05));
    ck_assert_ptr_null(category_lookup(tab, (char *) 0, A05));
    ck_assert_ptr_null(category_lookup((CATEGORY_TABLE *) 0, "DISP_AUT", A05));
    /* Sorted walk. */
    ck_assert_str_eq(category_table_entry(tab, 0)->code, "11488-4");
    ck_assert_str_eq(category_table_entry(tab, 3)->code, "DISP_AUT");
    ck_assert_ptr_null(category_table_entry(tab, 4));
    category_table_free(tab);
}
END_TEST

START_TEST(test_table_lookup_code)
{
    CATEGORY_TABLE *tab = small_table();
    const CATEGORY_ENTRY *ep;
    int     amb = -1;

    ep = category_lookup_code(tab, "DISP_AUT", &amb);
    ck_assert_ptr_nonnull(ep);
    ck_assert_str_eq(ep->system, A05);
    ck_assert_int_eq(amb, 0);
    ck_assert_ptr_null(category_lookup_code(tab, "NOPE", &amb));
    /* The same code in two systems is found, flagged ambiguous. */
    ck_assert_int_eq(add(tab, "DISP_AUT\tAutre\t1.2.3"), CATEGORY_LINE_OK);
    ep = category_lookup_code(tab, "DISP_AUT", &amb);
    ck_assert_ptr_nonnull(ep);
    ck_assert_int_eq(amb, 1);
    ck_assert_ptr_nonnull(category_lookup_code(tab, "DISP_AUT", (int *) 0));
    category_table_free(tab);
}
END_TEST

START_TEST(test_table_bad_lines)
{
    CATEGORY_TABLE *tab = category_table_create((char *) 0);

    ck_assert_int_eq(add(tab, ""), CATEGORY_LINE_SKIP);
    ck_assert_int_eq(add(tab, "   \t "), CATEGORY_LINE_SKIP);
    ck_assert_int_eq(add(tab, "\r"), CATEGORY_LINE_SKIP);
    ck_assert_int_eq(add(tab, "  # indented comment"), CATEGORY_LINE_SKIP);
    ck_assert_int_eq(add(tab, "11488-4"), CATEGORY_LINE_ERR_FIELDS);
    ck_assert_int_eq(add(tab, "a\tb\t1.2\td"), CATEGORY_LINE_ERR_FIELDS);
    ck_assert_int_eq(add(tab, "a\tb\t1.2\td\te"), CATEGORY_LINE_ERR_FIELDS);
    ck_assert_int_eq(add(tab, "\tdisplay\t1.2"), CATEGORY_LINE_ERR_CODE);
    ck_assert_int_eq(add(tab, "a b\tdisplay\t1.2"), CATEGORY_LINE_ERR_CODE);
    ck_assert_int_eq(add(tab, "a;b\tdisplay\t1.2"), CATEGORY_LINE_ERR_CODE);
    ck_assert_int_eq(add(tab, "code\t\t1.2"), CATEGORY_LINE_ERR_DISPLAY);
    ck_assert_int_eq(add(tab, "code\t bad\t1.2"), CATEGORY_LINE_ERR_DISPLAY);
    ck_assert_int_eq(add(tab, "code\tbad\x01\t1.2"), CATEGORY_LINE_ERR_DISPLAY);
    ck_assert_int_eq(add(tab, "code\tbad \xc3\t1.2"), CATEGORY_LINE_ERR_DISPLAY);
    ck_assert_int_eq(add(tab, "code\tover\xc0\xaflong\t1.2"), CATEGORY_LINE_ERR_DISPLAY);
    ck_assert_int_eq(add(tab, "code\tsurrogate\xed\xa0\x80\t1.2"), CATEGORY_LINE_ERR_DISPLAY);
    ck_assert_int_eq(add(tab, "code\tLatin1 \xe9t\xe9\t1.2"), CATEGORY_LINE_ERR_DISPLAY);
    ck_assert_int_eq(add(tab, "code\tdisplay"), CATEGORY_LINE_ERR_SYSTEM);
    ck_assert_int_eq(add(tab, "code\tdisplay\t"), CATEGORY_LINE_ERR_SYSTEM);
    ck_assert_int_eq(add(tab, "code\tdisplay\t1..2"), CATEGORY_LINE_ERR_SYSTEM);
    ck_assert_int_eq(add(tab, "code\tdisplay\t.1.2"), CATEGORY_LINE_ERR_SYSTEM);
    ck_assert_int_eq(add(tab, "code\tdisplay\t1.2."), CATEGORY_LINE_ERR_SYSTEM);
    ck_assert_int_eq(add(tab, "code\tdisplay\turn:oid:1.2"), CATEGORY_LINE_ERR_SYSTEM);
    ck_assert_int_eq(add(tab, "code\tdisplay\t1.2\r"), CATEGORY_LINE_OK);
    ck_assert_int_eq(add(tab, "code\tagain\t1.2"), CATEGORY_LINE_ERR_DUPLICATE);
    ck_assert_uint_eq(category_table_count(tab), 1);
    ck_assert_str_eq(category_table_entry(tab, 0)->system, "1.2");
    ck_assert_ptr_null(category_table_version(tab));
    ck_assert_str_eq(category_line_name(CATEGORY_LINE_ERR_DUPLICATE), "duplicate");
    ck_assert_str_eq(category_line_name((CATEGORY_LINE) 99), "unknown");
    category_table_free(tab);
}
END_TEST

START_TEST(test_table_default_system)
{
    CATEGORY_TABLE *tab = category_table_create(CATEGORY_OID_TRE_A03);

    ck_assert_int_eq(add(tab, "10\tCompte rendu"), CATEGORY_LINE_OK);
    ck_assert_int_eq(add(tab, "11\tSynth\xc3\xa8se\t1.2.3"), CATEGORY_LINE_OK);
    ck_assert_ptr_nonnull(category_lookup(tab, "10", CATEGORY_OID_TRE_A03));
    ck_assert_ptr_nonnull(category_lookup(tab, "11", "1.2.3"));
    category_table_free(tab);
}
END_TEST

START_TEST(test_table_long_fields)
{
    CATEGORY_TABLE *tab = category_table_create((char *) 0);
    VSTR   *line = vstr_alloc(512);
    int     i;

    for (i = 0; i < CATEGORY_CODE_MAX + 1; i++)
	vstr_addch(line, 'A');
    vstr_cat(line, "\tx\t1.2");
    ck_assert_int_eq(add(tab, vstr_str(line)), CATEGORY_LINE_ERR_CODE);
    vstr_strcpy(line, "A\t");
    for (i = 0; i < CATEGORY_DISPLAY_MAX + 1; i++)
	vstr_addch(line, 'd');
    vstr_cat(line, "\t1.2");
    ck_assert_int_eq(add(tab, vstr_str(line)), CATEGORY_LINE_ERR_DISPLAY);
    /* Embedded NUL: the length given counts, the NUL is a control. */
    ck_assert_int_eq(category_table_add_line(tab, "A\tx\0y\t1.2", 9),
		     CATEGORY_LINE_ERR_DISPLAY);
    vstr_free(line);
    category_table_free(tab);
}
END_TEST

/* load_file - the installed data file, line by line */

static CATEGORY_TABLE *load_file(const char *name, const char *defsys,
				         int *errors)
{
    const char *top = getenv("top_srcdir");
    VSTR   *path = vstr_alloc(256);
    CATEGORY_TABLE *tab = category_table_create(defsys);
    FILE   *fp;
    char   *line = 0;
    size_t  cap = 0;
    ssize_t n;

    vstr_sprintf(path, "%s/milter/docs/data/%s", top ? top : "..", name);
    fp = fopen(vstr_str(path), "r");
    ck_assert_msg(fp != 0, "cannot open %s", vstr_str(path));
    *errors = 0;
    while ((n = getline(&line, &cap, fp)) > 0) {
	if (line[n - 1] == '\n')
	    n--;
	if (category_table_add_line(tab, line, (size_t) n) > CATEGORY_LINE_SKIP)
	    ++*errors;
    }
    free(line);
    fclose(fp);
    vstr_free(path);
    return (tab);
}

START_TEST(test_data_file)
{
    int     errors;
    CATEGORY_TABLE *tab = load_file("jdv-j07-typecode.tsv", (char *) 0, &errors);
    CATEGORY_TABLE *cls;

    ck_assert_int_eq(errors, 0);
    ck_assert_uint_eq(category_table_count(tab), 122);
    ck_assert_str_eq(category_table_version(tab), "20260629120000");
    ck_assert_ptr_nonnull(category_lookup(tab, "11488-4", LOINC));
    ck_assert_ptr_nonnull(category_lookup(tab, "DISP_AUT", A05));
    ck_assert_str_eq(category_lookup(tab, "DISP_AUT", A05)->display,
		     "Dispensation (autre)");
    cls = load_file("tre-a03-classcode.tsv", CATEGORY_OID_TRE_A03, &errors);
    ck_assert_int_eq(errors, 0);
    ck_assert_uint_eq(category_table_count(cls), 12);
    ck_assert_str_eq(category_lookup(cls, "10", CATEGORY_OID_TRE_A03)->display,
		     "Compte rendu");
    category_table_free(cls);
    category_table_free(tab);
}
END_TEST

START_TEST(test_utf8_and_oid)
{
    ck_assert_int_eq(category_utf8_valid("abc", 3), 1);
    ck_assert_int_eq(category_utf8_valid("\xf0\x9f\x98\x80", 4), 1);
    ck_assert_int_eq(category_utf8_valid("\xf0\x9f\x98", 3), 0);
    ck_assert_int_eq(category_utf8_valid("\xe0\x80\x80", 3), 0);
    ck_assert_int_eq(category_utf8_valid("\xf4\x90\x80\x80", 4), 0);
    ck_assert_int_eq(category_utf8_valid("\xff", 1), 0);
    ck_assert_int_eq(category_oid_valid("1", 1), 1);
    ck_assert_int_eq(category_oid_valid("", 0), 0);
    ck_assert_int_eq(category_oid_valid("1.a", 3), 0);
    ck_assert_int_eq(category_code_valid("ATTEST-ASS-COMPL", 16), 1);
    ck_assert_int_eq(category_code_valid("a/b", 3), 0);
}
END_TEST

 /*
  * doccat: resolution and the tag header.
  */

START_TEST(test_resolve_xdm)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_XDM_DOC docs[2] = {
	{"DOC0001.XML", "11488-4", LOINC, "10", 1},
	{"DOC0002.PDF", "DISP_AUT", A05, "43", 0},
    };
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;
    VSTR   *hdr = vstr_alloc(128);

    in.xdm = docs;
    in.xdm_count = 2;
    doccat_result_init(&res);
    doccat_resolve(tab, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(res.count, 2);
    ck_assert_uint_eq(res.documents, 2);
    ck_assert_uint_eq(res.uncategorized, 0);
    ck_assert_uint_eq(res.unknown, 0);
    ck_assert_int_eq(res.items[0].source, DOCCAT_SRC_XDM);
    ck_assert_str_eq(res.items[0].document, "DOC0001.XML");
    doccat_format_header(res.items + 0, hdr);
    ck_assert_str_eq(vstr_str(hdr), "code=11488-4; system=2.16.840.1.113883.6.1; "
	       "display=\"CR ou fiche de consultation ou de visite\"; class=10; "
		     "source=xdm");
    doccat_format_header(res.items + 1, hdr);
    ck_assert_str_eq(vstr_str(hdr), "code=DISP_AUT; system=1.2.250.1.213.1.1.4.12; "
		     "display=\"Dispensation (autre)\"; class=43; source=xdm");
    doccat_summary(&res, hdr);
    ck_assert_str_eq(vstr_str(hdr), "11488-4/xdm,DISP_AUT/xdm");
    doccat_result_free(&res);
    vstr_free(hdr);
    category_table_free(tab);
}
END_TEST

START_TEST(test_resolve_header_first)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_XDM_DOC docs[2] = {
	{"DOC0002.PDF", "11488-4", LOINC, "11", 0},
	{"DOC0001.XML", "11488-4", LOINC, "10", 1},
    };
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;
    VSTR   *hdr = vstr_alloc(128);

    in.codecda = " 11488-4 ,, 11502-2 ";
    in.xdm = docs;
    in.xdm_count = 2;
    doccat_result_init(&res);
    doccat_resolve(tab, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(res.count, 3);
    /* The header code claims the CDA document and borrows its class. */
    ck_assert_int_eq(res.items[0].source, DOCCAT_SRC_HEADER);
    ck_assert_str_eq(res.items[0].document, "DOC0001.XML");
    ck_assert_str_eq(res.items[0].class_code, "10");
    /* A header code without an XDM document: system from the table. */
    ck_assert_int_eq(res.items[1].source, DOCCAT_SRC_HEADER);
    ck_assert_ptr_null(res.items[1].document);
    ck_assert_str_eq(res.items[1].system, LOINC);
    ck_assert_int_eq(res.items[1].known, 1);
    ck_assert_ptr_null(res.items[1].class_code);
    /* The PDF keeps its own metadata category. */
    ck_assert_int_eq(res.items[2].source, DOCCAT_SRC_XDM);
    ck_assert_str_eq(res.items[2].document, "DOC0002.PDF");
    ck_assert_uint_eq(res.documents, 2);
    doccat_format_header(res.items + 0, hdr);
    ck_assert_str_eq(vstr_str(hdr), "code=11488-4; system=2.16.840.1.113883.6.1; "
	       "display=\"CR ou fiche de consultation ou de visite\"; class=10; "
		     "source=header");
    doccat_result_free(&res);
    vstr_free(hdr);
    category_table_free(tab);
}
END_TEST

START_TEST(test_resolve_unknown)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_XDM_DOC docs[3] = {
	{"A.XML", "99999-9", LOINC, 0, 1},
	{"B.XML", "DISP_AUT", LOINC, 0, 0},	/* right code, wrong system */
	{"C.XML", 0, 0, "10", 0},		/* no typeCode at all */
    };
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;
    VSTR   *hdr = vstr_alloc(128);

    in.xdm = docs;
    in.xdm_count = 3;
    doccat_result_init(&res);
    doccat_resolve(tab, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(res.count, 2);
    ck_assert_uint_eq(res.unknown, 2);
    ck_assert_uint_eq(res.uncategorized, 1);
    ck_assert_str_eq(vstr_str(res.missing), "C.XML");
    ck_assert_str_eq(vstr_str(res.unknown_codes), "99999-9,DISP_AUT");
    ck_assert_int_eq(res.items[0].known, 0);
    ck_assert_ptr_null(res.items[0].display);
    doccat_format_header(res.items + 0, hdr);
    ck_assert_str_eq(vstr_str(hdr), "code=99999-9; system=2.16.840.1.113883.6.1; "
		     "source=xdm; status=unknown");
    doccat_summary(&res, hdr);
    ck_assert_str_eq(vstr_str(hdr), "99999-9/xdm/unknown,DISP_AUT/xdm/unknown,"
		     "uncategorized=1");
    doccat_result_free(&res);
    vstr_free(hdr);
    category_table_free(tab);
}
END_TEST

START_TEST(test_resolve_hostile_code)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_XDM_DOC docs[1] = {
	{"A.XML", "x\"; display=\"forged\r\nX-Evil: 1", "not an oid", "1\x01", 0},
    };
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;
    VSTR   *hdr = vstr_alloc(128);
    VSTR   *longcode = vstr_alloc(128);
    int     i;

    in.xdm = docs;
    in.xdm_count = 1;
    doccat_result_init(&res);
    doccat_resolve(tab, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(res.count, 1);
    doccat_format_header(res.items + 0, hdr);
    ck_assert_str_eq(vstr_str(hdr), "code=\"x???display=?forged??X-Evil:?1\"; "
		     "class=\"1?\"; source=xdm; status=unknown");
    ck_assert_ptr_null(strchr(vstr_str(hdr), '\n'));
    doccat_result_free(&res);

    /* An overlong code is cut visibly, never silently. */
    for (i = 0; i < 100; i++)
	vstr_addch(longcode, 'A');
    docs[0].type_code = vstr_str(longcode);
    docs[0].type_system = LOINC;
    docs[0].class_code = 0;
    doccat_result_init(&res);
    doccat_resolve(tab, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(strlen(res.items[0].code), CATEGORY_CODE_MAX + 3);
    ck_assert_str_eq(res.items[0].code + CATEGORY_CODE_MAX, "...");
    doccat_result_free(&res);
    vstr_free(longcode);
    vstr_free(hdr);
    category_table_free(tab);
}
END_TEST

START_TEST(test_header_rfc2231)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_XDM_DOC docs[1] = {{"A.XML", "97694-4", LOINC, 0, 0}};
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;
    VSTR   *hdr = vstr_alloc(128);

    in.xdm = docs;
    in.xdm_count = 1;
    doccat_result_init(&res);
    doccat_resolve(tab, (DOCCAT_RULES *) 0, &in, &res);
    doccat_format_header(res.items + 0, hdr);
    ck_assert_str_eq(vstr_str(hdr), "code=97694-4; system=2.16.840.1.113883.6.1; "
		     "display*=utf-8''Note%20d%27%C3%A9valuation%20en%20m%C3%A9decine"
		     "%20maternelle%20et%20f%C5%93tale; source=xdm");
    doccat_result_free(&res);
    vstr_free(hdr);
    category_table_free(tab);
}
END_TEST

START_TEST(test_rules)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_RULES *rules = doccat_rules_create();
    const char *att[4] = {"CR-2024-001.pdf", "photo.JPG", "dir/BIO_12.PDF", 0};
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;

    ck_assert_int_eq(doccat_rules_parse(rules, "sender=labo@ch-x.mssante.fr "
					"name=\"BIO_*.pdf\" code=11502-2"),
		     DOCCAT_RULE_OK);
    ck_assert_int_eq(doccat_rules_parse(rules, "  sender=@ch-x.mssante.fr\tname=CR-*.pdf "
					"code=11488-4 system=" LOINC "  "),
		     DOCCAT_RULE_OK);
    ck_assert_int_eq(doccat_rules_add(rules, "@pharma.mssante.fr", (char *) 0,
				      "DISP_AUT", A05), DOCCAT_RULE_OK);
    ck_assert_uint_eq(doccat_rules_count(rules), 3);

    in.attachments = att;
    in.attachment_count = 4;
    in.sender = "LABO@CH-X.MSSANTE.FR";
    doccat_result_init(&res);
    doccat_resolve(tab, rules, &in, &res);
    ck_assert_uint_eq(res.documents, 4);
    ck_assert_uint_eq(res.count, 2);
    ck_assert_str_eq(res.items[0].code, "11488-4");
    ck_assert_str_eq(res.items[0].document, "CR-2024-001.pdf");
    ck_assert_int_eq(res.items[0].source, DOCCAT_SRC_RULE);
    ck_assert_str_eq(res.items[1].code, "11502-2");
    ck_assert_str_eq(res.items[1].system, LOINC);
    ck_assert_uint_eq(res.uncategorized, 2);
    ck_assert_str_eq(vstr_str(res.missing), "photo.JPG,(sans nom)");
    doccat_result_free(&res);

    /* Sender-only rule: every attachment of that sender. */
    in.sender = "robot@pharma.mssante.fr";
    doccat_result_init(&res);
    doccat_resolve(tab, rules, &in, &res);
    ck_assert_uint_eq(res.count, 4);
    ck_assert_str_eq(res.items[3].code, "DISP_AUT");
    ck_assert_uint_eq(res.uncategorized, 0);
    doccat_result_free(&res);

    /* No sender at all: only name-free rules could match; none here. */
    in.sender = 0;
    doccat_result_init(&res);
    doccat_resolve(tab, rules, &in, &res);
    ck_assert_uint_eq(res.count, 0);
    ck_assert_uint_eq(res.uncategorized, 4);
    doccat_result_free(&res);
    doccat_rules_free(rules);
    category_table_free(tab);
}
END_TEST

START_TEST(test_rules_errors)
{
    DOCCAT_RULES *rules = doccat_rules_create();

    ck_assert_int_eq(doccat_rules_parse(rules, ""), DOCCAT_RULE_ERR_SYNTAX);
    ck_assert_int_eq(doccat_rules_parse(rules, "   "), DOCCAT_RULE_ERR_SYNTAX);
    ck_assert_int_eq(doccat_rules_parse(rules, "code=X"), DOCCAT_RULE_ERR_MATCH);
    ck_assert_int_eq(doccat_rules_parse(rules, "name=*.pdf"), DOCCAT_RULE_ERR_CODE);
    ck_assert_int_eq(doccat_rules_parse(rules, "name=*.pdf code=a/b"), DOCCAT_RULE_ERR_CODE);
    ck_assert_int_eq(doccat_rules_parse(rules, "name=*.pdf code=X system=x.y"),
		     DOCCAT_RULE_ERR_SYSTEM);
    ck_assert_int_eq(doccat_rules_parse(rules, "name=*.pdf code=X color=red"),
		     DOCCAT_RULE_ERR_SYNTAX);
    ck_assert_int_eq(doccat_rules_parse(rules, "name=*.pdf name=*.PDF code=X"),
		     DOCCAT_RULE_ERR_SYNTAX);
    ck_assert_int_eq(doccat_rules_parse(rules, "name=\"*.pdf code=X"),
		     DOCCAT_RULE_ERR_SYNTAX);
    ck_assert_int_eq(doccat_rules_parse(rules, "name= code=X"), DOCCAT_RULE_ERR_PATTERN);
    ck_assert_int_eq(doccat_rules_add(rules, "a\nb", 0, "X", 0), DOCCAT_RULE_ERR_PATTERN);
    ck_assert_uint_eq(doccat_rules_count(rules), 0);
    ck_assert_str_eq(doccat_rule_status_name(DOCCAT_RULE_ERR_PATTERN), "pattern");
    doccat_rules_free(rules);
    doccat_rules_free((DOCCAT_RULES *) 0);
}
END_TEST

START_TEST(test_glob_no_blowup)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_RULES *rules = doccat_rules_create();
    VSTR   *name = vstr_alloc(256);
    const char *att[1];
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;
    int     i;

    /* a*a*a*...b against aaaa...: exponential with naive recursion. */
    ck_assert_int_eq(doccat_rules_parse(rules, "name=*a*a*a*a*a*a*a*a*a*a*a*a*b "
					"code=11488-4"), DOCCAT_RULE_OK);
    for (i = 0; i < 200; i++)
	vstr_addch(name, 'a');
    att[0] = vstr_str(name);
    in.attachments = att;
    in.attachment_count = 1;
    doccat_result_init(&res);
    doccat_resolve(tab, rules, &in, &res);
    ck_assert_uint_eq(res.count, 0);
    doccat_result_free(&res);
    vstr_cat(name, "B");
    doccat_result_init(&res);
    doccat_resolve(tab, rules, &in, &res);
    ck_assert_uint_eq(res.count, 1);
    doccat_result_free(&res);
    vstr_free(name);
    doccat_rules_free(rules);
    category_table_free(tab);
}
END_TEST

START_TEST(test_attachment_is_xdm_doc)
{
    CATEGORY_TABLE *tab = small_table();
    DOCCAT_XDM_DOC docs[1] = {{"SUBDIR/CR.PDF", "11488-4", LOINC, 0, 0}};
    const char *att[2] = {"cr.pdf", "other.pdf"};
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;

    in.xdm = docs;
    in.xdm_count = 1;
    in.attachments = att;
    in.attachment_count = 2;
    doccat_result_init(&res);
    doccat_resolve(tab, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(res.documents, 2);
    ck_assert_uint_eq(res.count, 1);
    ck_assert_uint_eq(res.uncategorized, 1);
    ck_assert_str_eq(vstr_str(res.missing), "other.pdf");
    doccat_result_free(&res);
    category_table_free(tab);
}
END_TEST

START_TEST(test_split_codes)
{
    char  **codes;
    size_t  n;

    ck_assert_uint_eq(doccat_split_codes((char *) 0, &codes), 0);
    ck_assert_uint_eq(doccat_split_codes("", &codes), 0);
    ck_assert_uint_eq(doccat_split_codes(" , ,", &codes), 0);
    n = doccat_split_codes("11488-4", &codes);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(codes[0], "11488-4");
    doccat_free_codes(codes, n);
    n = doccat_split_codes("\t a ,b\r\n ,  c d ", &codes);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(codes[0], "a");
    ck_assert_str_eq(codes[1], "b");
    ck_assert_str_eq(codes[2], "c d");
    doccat_free_codes(codes, n);
}
END_TEST

START_TEST(test_empty_input)
{
    DOCCAT_INPUT in = {0};
    DOCCAT_RESULT res;
    VSTR   *s = vstr_alloc(16);

    doccat_result_init(&res);
    doccat_resolve((CATEGORY_TABLE *) 0, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(res.count, 0);
    ck_assert_uint_eq(res.documents, 0);
    doccat_summary(&res, s);
    ck_assert_str_eq(vstr_str(s), "");
    doccat_result_free(&res);
    /* Without a table every code is unknown, none is invented. */
    in.codecda = "11488-4";
    doccat_result_init(&res);
    doccat_resolve((CATEGORY_TABLE *) 0, (DOCCAT_RULES *) 0, &in, &res);
    ck_assert_uint_eq(res.unknown, 1);
    ck_assert_ptr_null(res.items[0].system);
    doccat_format_header(res.items, s);
    ck_assert_str_eq(vstr_str(s), "code=11488-4; source=header; status=unknown");
    doccat_result_free(&res);
    vstr_free(s);
    ck_assert_str_eq(doccat_source_name(DOCCAT_SRC_RULE), "rule");
    ck_assert_str_eq(doccat_source_name((DOCCAT_SOURCE) 7), "unknown");
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("category");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_add_test(tc, test_table_basic);
    tcase_add_test(tc, test_table_lookup_code);
    tcase_add_test(tc, test_table_bad_lines);
    tcase_add_test(tc, test_table_default_system);
    tcase_add_test(tc, test_table_long_fields);
    tcase_add_test(tc, test_data_file);
    tcase_add_test(tc, test_utf8_and_oid);
    tcase_add_test(tc, test_resolve_xdm);
    tcase_add_test(tc, test_resolve_header_first);
    tcase_add_test(tc, test_resolve_unknown);
    tcase_add_test(tc, test_resolve_hostile_code);
    tcase_add_test(tc, test_header_rfc2231);
    tcase_add_test(tc, test_rules);
    tcase_add_test(tc, test_rules_errors);
    tcase_add_test(tc, test_glob_no_blowup);
    tcase_add_test(tc, test_attachment_is_xdm_doc);
    tcase_add_test(tc, test_split_codes);
    tcase_add_test(tc, test_empty_input);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
