/*++
/* NAME
/*	check_xdm 1
/* SUMMARY
/*	unit tests for xdm(3), xdm_meta(3), xdm_cda(3), xdm_eocd(3)
/* SYNOPSIS
/*	check_xdm
/* DESCRIPTION
/*	Every archive is built here with libzip from the XML files of
/*	tests/data/docs ($top_srcdir, default ..): valid archives (one and
/*	two subsets, with and without CDA), malformed, truncated, nested,
/*	oversized, encrypted, zip bombs (declared and lying headers), XML
/*	bombs, external entities, deep nesting.
/*--*/

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mymalloc.h"
#include "vstr.h"
#include "xdm.h"
#include "xdm_meta.h"
#include "xdm_catfile.h"
#include "docs_util.h"

static XDM_LIMITS lim;

/* read_zip - run xdm_read_buffer() */

static XDM_RESULT *read_zip(const char *zip, size_t len)
{
    XDM_RESULT *res = xdm_result_create();

    (void) xdm_read_buffer(zip, len, &lim, res);
    return (res);
}

/* setup - library initialisation and default limits */

static void setup(void)
{
    xdm_init();
    xdm_limits_init(&lim);
}

START_TEST(test_one_subset_cda)
{
    size_t  len;
    char   *zip = docs_util_xdm_zip(&len);
    XDM_RESULT *res = read_zip(zip, len);
    XDM_DOC *dp;

    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_str_eq(vstr_str(res->error), "");
    ck_assert_uint_eq(res->nsubsets, 1);
    ck_assert_uint_eq(res->nentries, 3);
    ck_assert_uint_eq(res->ndocs, 1);
    dp = res->docs;
    ck_assert_str_eq(dp->subset, "SUBSET01");
    ck_assert_str_eq(dp->id, "Document01");
    ck_assert_str_eq(dp->uri, "DOC0001.XML");
    ck_assert_str_eq(dp->mime_type, "text/xml");
    ck_assert_str_eq(dp->type_code, "11488-4");
    ck_assert_str_eq(dp->type_system, "2.16.840.1.113883.6.1");
    ck_assert_str_eq(dp->type_display, "CR ou fiche de consultation ou de visite");
    ck_assert_str_eq(dp->class_code, "10");
    ck_assert_str_eq(dp->class_system, "1.2.250.1.213.1.1.4.1");
    ck_assert_str_eq(dp->format_code, "urn:ihe:iti:xds-sd:pdf:2008");
    ck_assert_str_eq(dp->patient_cx, "285037728417346^^^&1.2.250.1.213.1.4.8&ISO");
    ck_assert_str_eq(dp->patient_id, "285037728417346");
    ck_assert_str_eq(dp->patient_authority, "1.2.250.1.213.1.4.8");
    ck_assert_int_eq(dp->is_cda, 1);
    ck_assert_int_eq(dp->cda_verified, 1);
    ck_assert_str_eq(dp->cda_code, "11488-4");
    ck_assert_uint_eq(res->cda_count, 1);
    ck_assert_uint_eq(res->ncda_codes, 1);
    ck_assert_str_eq(res->cda_codes[0], "11488-4");
    ck_assert_uint_eq(res->nested_archives, 0);
    xdm_result_free(res);
    myfree(zip);
}
END_TEST

START_TEST(test_two_subsets)
{
    size_t  m1, m2, c1, len;
    char   *meta1 = docs_util_file("metadata-cda.xml", &m1);
    char   *meta2 = docs_util_file("metadata-pdf.xml", &m2);
    char   *cda = docs_util_file("cda.xml", &c1);
    DOCS_UTIL_ENTRY e[5] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", meta1, m1},
	{"IHE_XDM/SUBSET01/DOC0001.XML", cda, c1},
	{"IHE_XDM/SUBSET02/METADATA.XML", meta2, m2},
	{"IHE_XDM/SUBSET02/BIO0001.PDF", "%PDF-1.4\n", 9},
	{"README.TXT", "x", 1},
    };
    char   *zip = docs_util_zip(e, 5, &len, 0);
    XDM_RESULT *res = read_zip(zip, len);

    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_uint_eq(res->nsubsets, 2);
    ck_assert_uint_eq(res->ndocs, 2);
    ck_assert_str_eq(res->docs[1].subset, "SUBSET02");
    ck_assert_str_eq(res->docs[1].type_code, "11502-2");
    ck_assert_str_eq(res->docs[1].class_code, "10");
    ck_assert_ptr_null(res->docs[1].class_system);
    ck_assert_str_eq(res->docs[1].patient_id, "285037728417346");
    ck_assert_int_eq(res->docs[1].is_cda, 0);
    ck_assert_uint_eq(res->cda_count, 1);
    ck_assert_uint_eq(res->ncda_codes, 1);
    xdm_result_free(res);
    myfree(zip);
    myfree(meta1);
    myfree(meta2);
    myfree(cda);
}
END_TEST

START_TEST(test_no_cda)
{
    size_t  m2, len;
    char   *meta2 = docs_util_file("metadata-pdf.xml", &m2);
    DOCS_UTIL_ENTRY e[2] = {
	{"ihe_xdm\\subset01\\metadata.xml", meta2, m2},
	{"ihe_xdm\\subset01\\BIO0001.PDF", "%PDF-1.4\n", 9},
    };
    char   *zip = docs_util_zip(e, 2, &len, 0);
    XDM_RESULT *res = read_zip(zip, len);

    /* Backslashes and lower case from Windows tools are accepted. */
    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_uint_eq(res->ndocs, 1);
    ck_assert_str_eq(res->docs[0].subset, "subset01");
    ck_assert_uint_eq(res->cda_count, 0);
    ck_assert_uint_eq(res->ncda_codes, 0);
    xdm_result_free(res);
    myfree(zip);
    myfree(meta2);
}
END_TEST

START_TEST(test_cda_probe_decides)
{
    size_t  m1, n1, c1, len;
    char   *meta1 = docs_util_file("metadata-cda.xml", &m1);
    char   *notcda = docs_util_file("notcda.xml", &n1);
    char   *cda = docs_util_file("cda.xml", &c1);
    DOCS_UTIL_ENTRY e1[2] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", meta1, m1},
	{"IHE_XDM/SUBSET01/DOC0001.XML", notcda, n1},
    };
    DOCS_UTIL_ENTRY e2[3] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", meta1, m1},
	{"IHE_XDM/SUBSET01/OTHER.XML", cda, c1},
	{"IHE_XDM/SUBSET01/DOC0001.XML", "not xml at all", 14},
    };
    DOCS_UTIL_ENTRY e3[1] = {{"IHE_XDM/SUBSET01/METADATA.XML", meta1, m1}};
    char   *zip;
    XDM_RESULT *res;

    /* Referenced entry whose root is not an HL7 v3 ClinicalDocument. */
    zip = docs_util_zip(e1, 2, &len, 0);
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_int_eq(res->docs[0].is_cda, 0);
    ck_assert_int_eq(res->docs[0].cda_verified, 1);
    ck_assert_uint_eq(res->cda_count, 0);
    xdm_result_free(res);
    myfree(zip);

    /* An unreferenced CDA entry counts, with its own code. */
    zip = docs_util_zip(e2, 3, &len, 0);
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_int_eq(res->docs[0].is_cda, 0);
    ck_assert_uint_eq(res->cda_count, 1);
    ck_assert_str_eq(res->cda_codes[0], "11488-4");
    xdm_result_free(res);
    myfree(zip);

    /* Referenced but absent: the metadata's text/xml decides. */
    zip = docs_util_zip(e3, 1, &len, 0);
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_int_eq(res->docs[0].is_cda, 1);
    ck_assert_int_eq(res->docs[0].cda_verified, 0);
    ck_assert_uint_eq(res->cda_count, 1);
    ck_assert_str_eq(res->cda_codes[0], "11488-4");
    xdm_result_free(res);
    myfree(zip);
    myfree(meta1);
    myfree(notcda);
    myfree(cda);
}
END_TEST

START_TEST(test_no_metadata_and_nested)
{
    size_t  inner_len, len;
    char   *inner = docs_util_xdm_zip(&inner_len);
    DOCS_UTIL_ENTRY e[2] = {
	{"IHE_XDM/SUBSET01/INNER.ZIP", inner, inner_len},
	{"IHE_XDM/SUBSET01/DOC.PDF", "%PDF", 4},
    };
    char   *zip = docs_util_zip(e, 2, &len, 0);
    XDM_RESULT *res = read_zip(zip, len);

    /* The inner archive has metadata; it is counted, never opened. */
    ck_assert_int_eq(res->status, XDM_ERR_NO_METADATA);
    ck_assert_int_eq(xdm_status_unsafe(res->status), 0);
    ck_assert_uint_eq(res->nested_archives, 1);
    ck_assert_uint_eq(res->ndocs, 0);
    xdm_result_free(res);
    myfree(zip);
    myfree(inner);
}
END_TEST

START_TEST(test_metadata_not_in_subset)
{
    size_t  m1, len;
    char   *meta1 = docs_util_file("metadata-cda.xml", &m1);
    DOCS_UTIL_ENTRY e[3] = {
	{"METADATA.XML", meta1, m1},
	{"IHE_XDM/METADATA.XML", meta1, m1},
	{"IHE_XDM/A/B/METADATA.XML", meta1, m1},
    };
    char   *zip = docs_util_zip(e, 3, &len, 0);
    XDM_RESULT *res = read_zip(zip, len);

    ck_assert_int_eq(res->status, XDM_ERR_NO_METADATA);
    xdm_result_free(res);
    myfree(zip);
    myfree(meta1);
}
END_TEST

START_TEST(test_not_zip_truncated)
{
    size_t  len;
    char   *zip = docs_util_xdm_zip(&len);
    XDM_RESULT *res;

    res = read_zip("", 0);
    ck_assert_int_eq(res->status, XDM_ERR_NOT_ZIP);
    xdm_result_free(res);
    res = read_zip("PK\003\004 garbage garbage garbage garbage", 37);
    ck_assert_int_eq(res->status, XDM_ERR_NOT_ZIP);
    xdm_result_free(res);
    /* Cut anywhere before the end record: no end record at all. */
    res = read_zip(zip, len / 2);
    ck_assert_int_eq(res->status, XDM_ERR_NOT_ZIP);
    xdm_result_free(res);
    res = read_zip(zip, len - 5);
    ck_assert_int_eq(res->status, XDM_ERR_NOT_ZIP);
    xdm_result_free(res);
    myfree(zip);
}
END_TEST

START_TEST(test_malformed_zip)
{
    size_t  len, i;
    char   *zip = docs_util_xdm_zip(&len);
    XDM_RESULT *res;

    /* Local and central headers disagree on a name (ZIP_CHECKCONS). */
    ck_assert_int_eq(memcmp(zip + 30, "IHE_XDM/", 8), 0);
    zip[30] = 'J';
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_ZIP);
    ck_assert_int_eq(xdm_status_unsafe(res->status), 0);
    xdm_result_free(res);
    myfree(zip);

    /* Damage compressed data: CRC or inflate error, never a crash. */
    zip = docs_util_xdm_zip(&len);
    for (i = 0; i + 4 < len; i++)
	if (memcmp(zip + i, "PK\003\004", 4) == 0)
	    break;
    memset(zip + i + 30 + 29 + 10, 0x55, 40);
    res = read_zip(zip, len);
    ck_assert_int_ne(res->status, XDM_OK);
    xdm_result_free(res);
    myfree(zip);
}
END_TEST

START_TEST(test_oversized_and_too_many)
{
    size_t  len, i;
    char   *zip = docs_util_xdm_zip(&len);
    XDM_RESULT *res;
    DOCS_UTIL_ENTRY *many;
    VSTR  **names;

    lim.max_archive = (off_t) len - 1;
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_TOO_BIG);
    ck_assert_int_eq(xdm_status_unsafe(res->status), 1);
    xdm_result_free(res);
    myfree(zip);
    xdm_limits_init(&lim);

    /* Entry count is refused from the end record, before libzip. */
    many = mycalloc(1001, sizeof(*many));
    names = mycalloc(1001, sizeof(*names));
    for (i = 0; i < 1001; i++) {
	names[i] = vstr_alloc(16);
	vstr_sprintf(names[i], "F%zu", i);
	many[i].name = vstr_str(names[i]);
	many[i].data = "";
	many[i].len = 0;
    }
    zip = docs_util_zip(many, 1001, &len, 0);
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_TOO_MANY);
    xdm_result_free(res);
    lim.max_entries = 2000;
    lim.max_cd_size = 1000;
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_TOO_MANY);
    xdm_result_free(res);
    for (i = 0; i < 1001; i++)
	vstr_free(names[i]);
    myfree(names);
    myfree(many);
    myfree(zip);
}
END_TEST

START_TEST(test_zip_bomb_ratio)
{
    size_t  len, m1;
    char   *meta1 = docs_util_file("metadata-cda.xml", &m1);
    DOCS_UTIL_ENTRY e[2] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", meta1, m1},
	{"IHE_XDM/SUBSET01/ZERO.PDF", 0, 16 * 1024 * 1024},
    };
    char   *zip = docs_util_zip(e, 2, &len, 0);
    XDM_RESULT *res = read_zip(zip, len);

    /* 16 MB of zeros in ~16 KB: refused from the directory alone. */
    ck_assert_uint_lt(len, 100000);
    ck_assert_int_eq(res->status, XDM_ERR_ZIP_BOMB);
    ck_assert_int_eq(xdm_status_unsafe(res->status), 1);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "ratio"));
    ck_assert_uint_eq(res->ndocs, 0);
    xdm_result_free(res);

    /* Total and per-entry declared sizes. */
    lim.max_ratio = 100000;
    lim.max_total = 1024 * 1024;
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_ZIP_BOMB);
    xdm_result_free(res);
    lim.max_total = (uint64_t) 1 << 40;
    lim.max_entry_size = 1024 * 1024;
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_ZIP_BOMB);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "declares"));
    xdm_result_free(res);
    myfree(zip);
    myfree(meta1);
}
END_TEST

/* put32 - little-endian store */

static void put32(char *p, uint32_t v)
{
    p[0] = (char) (v & 0xff);
    p[1] = (char) ((v >> 8) & 0xff);
    p[2] = (char) ((v >> 16) & 0xff);
    p[3] = (char) ((v >> 24) & 0xff);
}

START_TEST(test_zip_bomb_lying_header)
{
    size_t  len, i;
    char   *bomb = mycalloc(1, 8 * 1024 * 1024);
    DOCS_UTIL_ENTRY e[1] = {{"IHE_XDM/SUBSET01/METADATA.XML", 0, 0}};
    char   *zip;
    XDM_RESULT *res;

    /* A METADATA.XML that inflates to 8 MB of '<'... declared 100. */
    memset(bomb, ' ', 8 * 1024 * 1024);
    memcpy(bomb, "<a>", 3);
    e[0].data = bomb;
    e[0].len = 8 * 1024 * 1024;
    zip = docs_util_zip(e, 1, &len, 0);
    for (i = 0; i + 46 < len; i++) {
	if (memcmp(zip + i, "PK\003\004", 4) == 0)
	    put32(zip + i + 22, 100);
	if (memcmp(zip + i, "PK\001\002", 4) == 0)
	    put32(zip + i + 24, 100);
    }
    res = read_zip(zip, len);
    /* Caught while inflating, not after: the header lied. */
    ck_assert_int_eq(res->status, XDM_ERR_ZIP_BOMB);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "decompressed 65536 octets"));
    xdm_result_free(res);
    myfree(zip);
    myfree(bomb);
}
END_TEST

START_TEST(test_large_honest)
{
    size_t  len;
    char   *big = mymalloc(3 * 1024 * 1024);
    DOCS_UTIL_ENTRY e[1] = {{"IHE_XDM/SUBSET01/METADATA.XML", 0, 0}};
    char   *zip;
    XDM_RESULT *res;

    /* The same compressible 3 MB: refused by ratio, read when allowed. */
    memset(big, ' ', 3 * 1024 * 1024);
    memcpy(big, "<a>", 3);
    memcpy(big + 3 * 1024 * 1024 - 4, "</a>", 4);
    e[0].data = big;
    e[0].len = 3 * 1024 * 1024;
    zip = docs_util_zip(e, 1, &len, 0);
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_ZIP_BOMB);
    xdm_result_free(res);
    lim.max_ratio = 100000;
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_OK);
    ck_assert_uint_eq(res->nsubsets, 1);
    ck_assert_uint_eq(res->ndocs, 0);
    xdm_result_free(res);
    /* And over max_xml, a limit of the XML reader. */
    lim.max_xml = 1024 * 1024;
    res = read_zip(zip, len);
    ck_assert_int_eq(res->status, XDM_ERR_XML_LIMIT);
    xdm_result_free(res);
    myfree(zip);
    myfree(big);
}
END_TEST

START_TEST(test_encrypted)
{
    size_t  len, m1;
    char   *meta1 = docs_util_file("metadata-cda.xml", &m1);
    DOCS_UTIL_ENTRY e[1] = {{"IHE_XDM/SUBSET01/METADATA.XML", meta1, m1}};
    char   *zip = docs_util_zip(e, 1, &len, 1);
    XDM_RESULT *res = read_zip(zip, len);

    ck_assert_int_eq(res->status, XDM_ERR_ENCRYPTED);
    xdm_result_free(res);
    myfree(zip);
    myfree(meta1);
}
END_TEST

/* meta_status - parse one metadata buffer */

static XDM_STATUS meta_status(const char *xml, size_t len, XDM_RESULT **resp)
{
    XDM_RESULT *res = xdm_result_create();
    XDM_STATUS status = xdm_meta_parse(xml, len, &lim, res, "SUBSET01");

    if (resp)
	*resp = res;
    else
	xdm_result_free(res);
    return (status);
}

START_TEST(test_xml_bomb_refused)
{
    size_t  len;
    char   *xml = docs_util_file("bomb-laughs.xml", &len);
    XDM_RESULT *res;

    ck_assert_int_eq(meta_status(xml, len, &res), XDM_ERR_XML_BOMB);
    ck_assert_ptr_nonnull(strstr(vstr_str(res->error), "DOCTYPE"));
    ck_assert_uint_eq(res->ndocs, 0);
    ck_assert_int_eq(xdm_status_unsafe(res->status), 1);
    xdm_result_free(res);
    myfree(xml);
    xml = docs_util_file("xxe.xml", &len);
    ck_assert_int_eq(meta_status(xml, len, 0), XDM_ERR_XML_BOMB);
    myfree(xml);
}
END_TEST

START_TEST(test_xml_bomb_in_zip)
{
    size_t  len, blen;
    char   *xml = docs_util_file("bomb-laughs.xml", &blen);
    DOCS_UTIL_ENTRY e[2] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", xml, blen},
	{"IHE_XDM/SUBSET01/DOC0001.XML", xml, blen},
    };
    char   *zip = docs_util_zip(e, 2, &len, 0);
    XDM_RESULT *res = read_zip(zip, len);

    ck_assert_int_eq(res->status, XDM_ERR_XML_BOMB);
    xdm_result_free(res);
    myfree(zip);
    /* The same bomb as a CDA candidate is refused too. */
    myfree(xml);
}
END_TEST

START_TEST(test_cda_bomb_in_zip)
{
    size_t  len, blen, m1;
    char   *bomb = docs_util_file("bomb-laughs.xml", &blen);
    char   *meta = docs_util_file("metadata-pdf.xml", &m1);
    DOCS_UTIL_ENTRY e[2] = {
	{"IHE_XDM/SUBSET01/METADATA.XML", meta, m1},
	{"IHE_XDM/SUBSET01/EVIL.XML", bomb, blen},
    };
    char   *zip = docs_util_zip(e, 2, &len, 0);
    XDM_RESULT *res = read_zip(zip, len);

    ck_assert_int_eq(res->status, XDM_ERR_XML_BOMB);
    xdm_result_free(res);
    myfree(zip);
    myfree(bomb);
    myfree(meta);
}
END_TEST

START_TEST(test_xml_malformed)
{
    size_t  len;
    char   *xml = docs_util_file("malformed.xml", &len);

    ck_assert_int_eq(meta_status(xml, len, 0), XDM_ERR_XML);
    myfree(xml);
    xml = docs_util_file("undeclared-entity.xml", &len);
    ck_assert_int_eq(meta_status(xml, len, 0), XDM_ERR_XML);
    myfree(xml);
    ck_assert_int_eq(meta_status("", 0, 0), XDM_ERR_XML);
    ck_assert_int_eq(meta_status("<a>", 3, 0), XDM_ERR_XML);
    ck_assert_int_eq(meta_status("\xff\xfe<", 3, 0), XDM_ERR_XML);
}
END_TEST

START_TEST(test_xml_deep)
{
    VSTR   *xml = vstr_alloc(100000);
    int     i;

    for (i = 0; i < 10000; i++)
	vstr_cat(xml, "<a>");
    for (i = 0; i < 10000; i++)
	vstr_cat(xml, "</a>");
    ck_assert_int_eq(meta_status(vstr_str(xml), vstr_len(xml), 0), XDM_ERR_XML_LIMIT);
    vstr_reset(xml);
    for (i = 0; i < 60; i++)
	vstr_cat(xml, "<a>");
    for (i = 0; i < 60; i++)
	vstr_cat(xml, "</a>");
    ck_assert_int_eq(meta_status(vstr_str(xml), vstr_len(xml), 0), XDM_OK);
    vstr_free(xml);
}
END_TEST

START_TEST(test_xml_limits)
{
    VSTR   *xml = vstr_alloc(100000);
    XDM_RESULT *res;
    int     i;

    /* Overlong value. */
    vstr_cat(xml, "<r><ExtrinsicObject id=\"x\"><Slot name=\"URI\"><ValueList><Value>");
    for (i = 0; i < 5000; i++)
	vstr_addch(xml, 'a');
    vstr_cat(xml, "</Value></ValueList></Slot></ExtrinsicObject></r>");
    ck_assert_int_eq(meta_status(vstr_str(xml), vstr_len(xml), 0), XDM_ERR_XML_LIMIT);
    /* Overlong attribute. */
    vstr_strcpy(xml, "<r><ExtrinsicObject id=\"");
    for (i = 0; i < 5000; i++)
	vstr_addch(xml, 'a');
    vstr_cat(xml, "\"/></r>");
    ck_assert_int_eq(meta_status(vstr_str(xml), vstr_len(xml), 0), XDM_ERR_XML_LIMIT);
    /* Too many documents. */
    lim.max_docs = 3;
    vstr_strcpy(xml, "<r>");
    for (i = 0; i < 4; i++)
	vstr_cat(xml, "<ExtrinsicObject/>");
    vstr_cat(xml, "</r>");
    ck_assert_int_eq(meta_status(vstr_str(xml), vstr_len(xml), &res), XDM_ERR_XML_LIMIT);
    ck_assert_uint_eq(res->ndocs, 0);
    xdm_result_free(res);
    /* Too large a document. */
    xdm_limits_init(&lim);
    lim.max_xml = 100;
    vstr_strcpy(xml, "<r>");
    for (i = 0; i < 30; i++)
	vstr_cat(xml, "<a/>");
    vstr_cat(xml, "</r>");
    ck_assert_int_eq(meta_status(vstr_str(xml), vstr_len(xml), 0), XDM_ERR_XML_LIMIT);
    vstr_free(xml);
}
END_TEST

START_TEST(test_metadata_outside)
{
    size_t  len;
    char   *xml = docs_util_file("metadata-outside.xml", &len);
    XDM_RESULT *res;

    ck_assert_int_eq(meta_status(xml, len, &res), XDM_OK);
    ck_assert_uint_eq(res->ndocs, 2);
    ck_assert_str_eq(res->docs[0].id, "DocB");
    ck_assert_str_eq(res->docs[0].uri, "DISP0001.PDF");
    ck_assert_str_eq(res->docs[0].type_code, "DISP_AUT");
    ck_assert_str_eq(res->docs[0].type_system, "1.2.250.1.213.1.1.4.12");
    ck_assert_str_eq(res->docs[0].patient_id, "IPP4711");
    ck_assert_str_eq(res->docs[0].patient_authority, "1.2.250.1.999.2");
    ck_assert_ptr_null(res->docs[1].type_code);
    ck_assert_ptr_null(res->docs[1].patient_id);
    xdm_result_free(res);
    myfree(xml);
}
END_TEST

START_TEST(test_metadata_streamed)
{
    size_t  len, i;
    char   *xml = docs_util_file("metadata-cda.xml", &len);
    XDM_RESULT *res = xdm_result_create();
    XDM_META *mp = xdm_meta_create(&lim, res, "S");

    /* One octet at a time: the same result as one buffer. */
    for (i = 0; i < len; i++)
	ck_assert_int_eq(xdm_meta_feed(mp, xml + i, 1), XDM_OK);
    ck_assert_int_eq(xdm_meta_end(mp), XDM_OK);
    ck_assert_uint_eq(res->ndocs, 1);
    ck_assert_str_eq(res->docs[0].type_code, "11488-4");
    ck_assert_str_eq(res->docs[0].patient_id, "285037728417346");
    xdm_meta_free(mp);
    xdm_result_free(res);
    myfree(xml);
}
END_TEST

START_TEST(test_split_cx)
{
    char   *id, *auth;

    xdm_meta_split_cx("285037728417346^^^&1.2.250.1.213.1.4.8&ISO", &id, &auth);
    ck_assert_str_eq(id, "285037728417346");
    ck_assert_str_eq(auth, "1.2.250.1.213.1.4.8");
    myfree(id);
    myfree(auth);
    xdm_meta_split_cx("ABC", &id, &auth);
    ck_assert_str_eq(id, "ABC");
    ck_assert_ptr_null(auth);
    myfree(id);
    xdm_meta_split_cx("A^^^NS", &id, &auth);
    ck_assert_str_eq(id, "A");
    ck_assert_ptr_null(auth);
    myfree(id);
    xdm_meta_split_cx("^^^&&ISO", &id, &auth);
    ck_assert_str_eq(id, "");
    ck_assert_ptr_null(auth);
    myfree(id);
    xdm_meta_split_cx((char *) 0, &id, &auth);
    ck_assert_ptr_null(id);
}
END_TEST

START_TEST(test_read_fd)
{
    size_t  len;
    char   *zip = docs_util_xdm_zip(&len);
    FILE   *fp = tmpfile();
    XDM_RESULT *res = xdm_result_create();

    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(zip, 1, len, fp), len);
    fflush(fp);
    ck_assert_int_eq(xdm_read_fd(fileno(fp), &lim, res), XDM_OK);
    ck_assert_uint_eq(res->ndocs, 1);
    ck_assert_int_eq(res->docs[0].is_cda, 1);
    xdm_result_free(res);
    /* The descriptor stays open and usable. */
    ck_assert_int_eq(fseek(fp, 0, SEEK_SET), 0);
    fclose(fp);
    res = xdm_result_create();
    ck_assert_int_eq(xdm_read_fd(-1, &lim, res), XDM_ERR_IO);
    xdm_result_free(res);
    myfree(zip);
}
END_TEST

START_TEST(test_status_names)
{
    int     i;
    const char *cp;

    for (i = 0; i < XDM_STATUS_COUNT; i++) {
	ck_assert_str_ne(xdm_status_name((XDM_STATUS) i), "unknown");
	for (cp = xdm_status_text_fr((XDM_STATUS) i); *cp; cp++)
	    ck_assert_int_lt((unsigned char) *cp, 0x80);
    }
    ck_assert_str_eq(xdm_status_name(XDM_STATUS_COUNT), "unknown");
    ck_assert_str_eq(xdm_status_name(XDM_ERR_ZIP_BOMB), "zip_bomb");
}
END_TEST

START_TEST(test_catfile)
{
    const char *top = getenv("top_srcdir");
    VSTR   *path = vstr_alloc(128);
    VSTR   *why = vstr_alloc(64);
    CATEGORY_TABLE *tab;
    FILE   *fp;
    char    tmpl[] = "/tmp/check_xdm.XXXXXX";
    int     fd;

    vstr_sprintf(path, "%s/milter/docs/data/%s", top ? top : "..", XDM_CATFILE_TYPECODE);
    tab = xdm_catfile_load(vstr_str(path), (char *) 0, why);
    ck_assert_ptr_nonnull(tab);
    ck_assert_uint_eq(category_table_count(tab), 122);
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "122 entries, version 20260629120000"));
    category_table_free(tab);
    ck_assert_ptr_null(xdm_catfile_load("/nonexistent/x.tsv", (char *) 0, why));
    ck_assert_ptr_nonnull(strstr(vstr_str(why), "No such file"));
    /* One bad line refuses the whole file. */
    fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    fp = fdopen(fd, "w");
    fputs("# header\nA\tok\t1.2\nB\tbad\n", fp);
    fclose(fp);
    ck_assert_ptr_null(xdm_catfile_load(tmpl, (char *) 0, why));
    ck_assert_str_eq(strstr(vstr_str(why), "line"), "line 3: system");
    fp = fopen(tmpl, "w");
    fputs("# only comments\n", fp);
    fclose(fp);
    ck_assert_ptr_null(xdm_catfile_load(tmpl, (char *) 0, why));
    unlink(tmpl);
    vstr_free(path);
    vstr_free(why);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("xdm");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     failed;

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, 0);
    tcase_add_test(tc, test_one_subset_cda);
    tcase_add_test(tc, test_two_subsets);
    tcase_add_test(tc, test_no_cda);
    tcase_add_test(tc, test_cda_probe_decides);
    tcase_add_test(tc, test_no_metadata_and_nested);
    tcase_add_test(tc, test_metadata_not_in_subset);
    tcase_add_test(tc, test_not_zip_truncated);
    tcase_add_test(tc, test_malformed_zip);
    tcase_add_test(tc, test_oversized_and_too_many);
    tcase_add_test(tc, test_zip_bomb_ratio);
    tcase_add_test(tc, test_zip_bomb_lying_header);
    tcase_add_test(tc, test_large_honest);
    tcase_add_test(tc, test_encrypted);
    tcase_add_test(tc, test_xml_bomb_refused);
    tcase_add_test(tc, test_xml_bomb_in_zip);
    tcase_add_test(tc, test_cda_bomb_in_zip);
    tcase_add_test(tc, test_xml_malformed);
    tcase_add_test(tc, test_xml_deep);
    tcase_add_test(tc, test_xml_limits);
    tcase_add_test(tc, test_metadata_outside);
    tcase_add_test(tc, test_metadata_streamed);
    tcase_add_test(tc, test_split_cx);
    tcase_add_test(tc, test_read_fd);
    tcase_add_test(tc, test_status_names);
    tcase_add_test(tc, test_catfile);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
