/*++
/* NAME
/*	check_subject 1
/* SUMMARY
/*	unit tests for subject(3)
/* SYNOPSIS
/*	check_subject
/* DESCRIPTION
/*	Table-driven: each Subject or X-MSS-MES value with the class it
/*	must get, including the precedence between near-miss traits,
/*	look-alike characters and invalid UTF-8; then names and texts.
/* DIAGNOSTICS
/*	Exit status 0 when all tests pass.
/*--*/

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "mymalloc.h"
#include "subject.h"

typedef struct CASE {
    const char *in;
    size_t  len;			/* 0: strlen(in) */
    SUBJ_CLASS want;
} CASE;

#define C(s, w)		{ (s), 0, (w) }
#define CL(s, w)	{ (s), sizeof(s) - 1, (w) }	/* embedded NUL */

static const CASE subject_cases[] = {
    /* The exact form, and only it. */
    C("[FIN]", SUBJ_FIN),

    /* Case. */
    C("[fin]", SUBJ_NEAR_CASE),
    C("[Fin]", SUBJ_NEAR_CASE),
    C("[fIN]", SUBJ_NEAR_CASE),
    C("[FiN]", SUBJ_NEAR_CASE),
    C("[FIn]", SUBJ_NEAR_CASE),
    C("[fin] ", SUBJ_NEAR_CASE),	/* case beats blanks */
    C("[ fin ]", SUBJ_NEAR_CASE),

    /* Blanks around or inside. */
    C(" [FIN]", SUBJ_NEAR_BLANKS),
    C("[FIN] ", SUBJ_NEAR_BLANKS),
    C("   [FIN]   ", SUBJ_NEAR_BLANKS),
    C("[ FIN ]", SUBJ_NEAR_BLANKS),
    C("[ FIN]", SUBJ_NEAR_BLANKS),
    C("[FIN ]", SUBJ_NEAR_BLANKS),
    C("[F IN]", SUBJ_NEAR_BLANKS),
    C("[FI N]", SUBJ_NEAR_BLANKS),
    C("[F I N]", SUBJ_NEAR_BLANKS),
    C("\t[FIN]", SUBJ_NEAR_BLANKS),
    C("[FIN]\t", SUBJ_NEAR_BLANKS),
    C("[\tFIN\t]", SUBJ_NEAR_BLANKS),
    C("[FIN]\r\n", SUBJ_NEAR_BLANKS),
    C("\xc2\xa0[FIN]", SUBJ_NEAR_BLANKS),	/* NBSP */
    C("[FIN]\xc2\xa0", SUBJ_NEAR_BLANKS),
    C("[\xc2\xa0" "FIN]", SUBJ_NEAR_BLANKS),
    C("\xe2\x80\xaf[FIN]", SUBJ_NEAR_BLANKS),	/* narrow NBSP */
    C("\xe3\x80\x80[FIN]", SUBJ_NEAR_BLANKS),	/* ideographic space */
    C("[FIN]\xe2\x80\x83", SUBJ_NEAR_BLANKS),	/* em space */

    /* Reply and forward prefixes. */
    C("RE: [FIN]", SUBJ_NEAR_PREFIX),
    C("Re: [FIN]", SUBJ_NEAR_PREFIX),
    C("re:[FIN]", SUBJ_NEAR_PREFIX),
    C("RE : [FIN]", SUBJ_NEAR_PREFIX),
    C("Re :[FIN]", SUBJ_NEAR_PREFIX),
    C("TR: [FIN]", SUBJ_NEAR_PREFIX),
    C("Tr : [FIN]", SUBJ_NEAR_PREFIX),
    C("Fwd: [FIN]", SUBJ_NEAR_PREFIX),
    C("FW: [FIN]", SUBJ_NEAR_PREFIX),
    C("Fw: [FIN]", SUBJ_NEAR_PREFIX),
    C("AW: [FIN]", SUBJ_NEAR_PREFIX),
    C("WG: [FIN]", SUBJ_NEAR_PREFIX),
    C("SV: [FIN]", SUBJ_NEAR_PREFIX),
    C("RE: RE: [FIN]", SUBJ_NEAR_PREFIX),
    C("RE: TR: Fwd: [FIN]", SUBJ_NEAR_PREFIX),
    C("R\xc3\xa9" "f: [FIN]", SUBJ_NEAR_PREFIX),	/* Réf: */
    C("R\xc3\xa9" "p : [FIN]", SUBJ_NEAR_PREFIX),	/* Rép : */
    C("RE[2]: [FIN]", SUBJ_NEAR_PREFIX),
    C("Re(3): [FIN]", SUBJ_NEAR_PREFIX),
    C("\xef\xbc\xb2\xef\xbc\xa5\xef\xbc\x9a[FIN]", SUBJ_NEAR_PREFIX),	/* full-width RE: */
    C("RE: [fin]", SUBJ_NEAR_PREFIX),	/* prefix beats case */
    C(" RE: [FIN] ", SUBJ_NEAR_PREFIX),	/* prefix beats blanks */
    C("RE: FIN", SUBJ_NEAR_PREFIX),	/* prefix beats no brackets */
    C("RE: [FIN] merci", SUBJ_NEAR_PREFIX),	/* prefix beats trailing text */
    C("TR: (FIN)", SUBJ_NEAR_PREFIX),

    /* FIN without (square) brackets, alone. */
    C("FIN", SUBJ_NEAR_NO_BRACKETS),
    C("fin", SUBJ_NEAR_NO_BRACKETS),	/* no brackets beats case */
    C("Fin", SUBJ_NEAR_NO_BRACKETS),
    C(" fin ", SUBJ_NEAR_NO_BRACKETS),
    C("Fin.", SUBJ_NEAR_NO_BRACKETS),
    C("FIN!", SUBJ_NEAR_NO_BRACKETS),
    C("Fin !", SUBJ_NEAR_NO_BRACKETS),
    C("(FIN)", SUBJ_NEAR_NO_BRACKETS),
    C("{FIN}", SUBJ_NEAR_NO_BRACKETS),
    C("<FIN>", SUBJ_NEAR_NO_BRACKETS),
    C("\"FIN\"", SUBJ_NEAR_NO_BRACKETS),
    C("\xc2\xab FIN \xc2\xbb", SUBJ_NEAR_NO_BRACKETS),	/* guillemets */
    C("\xe2\x80\x9c" "FIN\xe2\x80\x9d", SUBJ_NEAR_NO_BRACKETS),	/* curly quotes */
    C("( FIN )", SUBJ_NEAR_NO_BRACKETS),
    C("[FIN)", SUBJ_NEAR_NO_BRACKETS),
    C("(FIN]", SUBJ_NEAR_NO_BRACKETS),
    C("[FIN", SUBJ_NEAR_NO_BRACKETS),
    C("FIN]", SUBJ_NEAR_NO_BRACKETS),
    C("F I N", SUBJ_NEAR_NO_BRACKETS),

    /* [FIN] with other text. */
    C("[FIN] merci", SUBJ_NEAR_TRAILING_TEXT),
    C("Merci [FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("Merci, [FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("[FIN][FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("[FIN] [FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("[FIN].", SUBJ_NEAR_TRAILING_TEXT),
    C("[FIN]!", SUBJ_NEAR_TRAILING_TEXT),
    C("[FIN]:", SUBJ_NEAR_TRAILING_TEXT),
    C("x[FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("[[FIN]]", SUBJ_NEAR_TRAILING_TEXT),
    C("Compte rendu [FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("[fin] merci", SUBJ_NEAR_TRAILING_TEXT),	/* trailing beats case */
    C("Merci [ FIN ]", SUBJ_NEAR_TRAILING_TEXT),	/* beats blanks */
    C("[FIN]\xe2\x82\xac", SUBJ_NEAR_TRAILING_TEXT),	/* euro sign */
    C("[FIN] \xc3\xa9t\xc3\xa9", SUBJ_NEAR_TRAILING_TEXT),
    C("[FIN]\xff", SUBJ_NEAR_TRAILING_TEXT),	/* invalid UTF-8 is text */
    C("\xff[FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("[FIN]\xe2\x80", SUBJ_NEAR_TRAILING_TEXT),	/* truncated sequence */
    C("\xc0\xbb[FIN]", SUBJ_NEAR_TRAILING_TEXT),	/* overlong, not '[' */

    /* Look-alikes and invisible characters. */
    C("\xef\xbc\xbb" "FIN\xef\xbc\xbd", SUBJ_NEAR_LOOKALIKE),	/* U+FF3B/FF3D */
    C("[\xef\xbc\xa6\xef\xbc\xa9\xef\xbc\xae]", SUBJ_NEAR_LOOKALIKE),	/* U+FF26.. */
    C("[\xef\xbc\xa6IN]", SUBJ_NEAR_LOOKALIKE),	/* U+FF26 */
    C("\xe2\x9d\xb2" "FIN\xe2\x9d\xb3", SUBJ_NEAR_LOOKALIKE),	/* U+2772/2773 */
    C("\xe2\x9f\xa6" "FIN\xe2\x9f\xa7", SUBJ_NEAR_LOOKALIKE),	/* U+27E6/27E7 */
    C("\xe3\x80\x90" "FIN\xe3\x80\x91", SUBJ_NEAR_LOOKALIKE),	/* U+3010/3011 */
    C("\xe3\x80\x94" "FIN\xe3\x80\x95", SUBJ_NEAR_LOOKALIKE),	/* U+3014/3015 */
    C("\xe2\x81\x85" "FIN\xe2\x81\x86", SUBJ_NEAR_LOOKALIKE),	/* U+2045/2046 */
    C("[F\xd0\x86N]", SUBJ_NEAR_LOOKALIKE),	/* Cyrillic I U+0406 */
    C("[F\xd3\x80N]", SUBJ_NEAR_LOOKALIKE),	/* palochka U+04C0 */
    C("[FI\xce\x9d]", SUBJ_NEAR_LOOKALIKE),	/* Greek Nu U+039D */
    C("[F\xce\x99N]", SUBJ_NEAR_LOOKALIKE),	/* Greek Iota U+0399 */
    C("[\xcf\x9cIN]", SUBJ_NEAR_LOOKALIKE),	/* Digamma U+03DC */
    C("[\xea\x9c\xb0\xc9\xaa\xc9\xb4]", SUBJ_NEAR_LOOKALIKE),	/* small capitals */
    C("[F\xe2\x85\xa0N]", SUBJ_NEAR_LOOKALIKE),	/* Roman one U+2160 */
    C("[\xf0\x9d\x90\x85IN]", SUBJ_NEAR_LOOKALIKE),	/* math bold F */
    C("[F\xf0\x9d\x99\xb8N]", SUBJ_NEAR_LOOKALIKE),	/* monospace I */
    C("[F\xc3\x8fN]", SUBJ_NEAR_LOOKALIKE),	/* I diaeresis */
    C("[FI\xc3\x91]", SUBJ_NEAR_LOOKALIKE),	/* N tilde */
    C("[F\xc4\xb0N]", SUBJ_NEAR_LOOKALIKE),	/* dotted I U+0130 */
    C("[FIN]\xe2\x80\x8b", SUBJ_NEAR_LOOKALIKE),	/* ZWSP after */
    C("\xe2\x80\x8b[FIN]", SUBJ_NEAR_LOOKALIKE),	/* ZWSP before */
    C("[F\xe2\x80\x8bIN]", SUBJ_NEAR_LOOKALIKE),	/* ZWSP inside */
    C("[FIN\xe2\x80\x8d]", SUBJ_NEAR_LOOKALIKE),	/* ZWJ */
    C("[FI\xcc\x81N]", SUBJ_NEAR_LOOKALIKE),	/* combining acute */
    C("\xef\xbb\xbf[FIN]", SUBJ_NEAR_LOOKALIKE),	/* BOM */
    C("[FIN\xe2\x80\xae]", SUBJ_NEAR_LOOKALIKE),	/* RLO */
    C("[FIN\xc2\xad]", SUBJ_NEAR_LOOKALIKE),	/* soft hyphen */
    C("[FIN]\x01", SUBJ_NEAR_LOOKALIKE),	/* control */
    C("[FIN]\x7f", SUBJ_NEAR_LOOKALIKE),	/* DEL */
    CL("[FIN]\0", SUBJ_NEAR_LOOKALIKE),	/* NUL */
    CL("[F\0IN]", SUBJ_NEAR_LOOKALIKE),
    C("[FIN\xef\xb8\x8f]", SUBJ_NEAR_LOOKALIKE),	/* VS16 */
    C("\xf3\xa0\x80\x81[FIN]", SUBJ_NEAR_LOOKALIKE),	/* tag */
    C("RE: \xef\xbc\xbb" "FIN\xef\xbc\xbd", SUBJ_NEAR_LOOKALIKE),	/* beats prefix */
    C("\xef\xbc\xbb" "fin\xef\xbc\xbd merci", SUBJ_NEAR_LOOKALIKE),
    C("\xef\xbc\x88" "FIN\xef\xbc\x89", SUBJ_NEAR_LOOKALIKE),	/* full-width ( ) */
    C("\xef\xbc\xa6\xef\xbc\xa9\xef\xbc\xae", SUBJ_NEAR_LOOKALIKE),	/* FIN */

    /* Not about closing. */
    C("", SUBJ_NONE),
    C(" ", SUBJ_NONE),
    C("\t\t", SUBJ_NONE),
    C("Bonjour", SUBJ_NONE),
    C("Fin de traitement", SUBJ_NONE),
    C("Fin du traitement le 12/03", SUBJ_NONE),
    C("FIN DE PRISE EN CHARGE", SUBJ_NONE),
    C("fin de s\xc3\xa9jour", SUBJ_NONE),
    C("TR: Fin de traitement", SUBJ_NONE),
    C("RE: Fin du suivi", SUBJ_NONE),
    C("Compte rendu (fin)", SUBJ_NONE),
    C("Compte rendu", SUBJ_NONE),
    C("[FINI]", SUBJ_NONE),
    C("[FIN DE SEJOUR]", SUBJ_NONE),
    C("[Fin de s\xc3\xa9jour]", SUBJ_NONE),
    C("[FINAL]", SUBJ_NONE),
    C("FINAL", SUBJ_NONE),
    C("Final", SUBJ_NONE),
    C("Fin2", SUBJ_NONE),
    C("Fin\xc3\xa9", SUBJ_NONE),
    C("Afin de", SUBJ_NONE),
    C("AFIN", SUBJ_NONE),
    C("[END]", SUBJ_NONE),
    C("[CLOS]", SUBJ_NONE),
    C("[]", SUBJ_NONE),
    C("[F]", SUBJ_NONE),
    C("[FI]", SUBJ_NONE),
    C("[IN]", SUBJ_NONE),
    C("RE:", SUBJ_NONE),
    C("RE: ", SUBJ_NONE),
    C("RE: bonjour", SUBJ_NONE),
    C("XDM/1.0/DDM+Compte rendu DUPONT Jean 01/01/1970", SUBJ_NONE),
    C("\xff", SUBJ_NONE),
    C("\xff\xfe", SUBJ_NONE),
    C("\xc0\xbb", SUBJ_NONE),
    C("\xed\xa0\x80", SUBJ_NONE),	/* surrogate */
    C("\xf4\x90\x80\x80", SUBJ_NONE),	/* above U+10FFFF */
    C("\xe2", SUBJ_NONE),
    C("[F\xffIN]", SUBJ_NONE),		/* invalid byte inside */
    C("\xe2\x80\x8b", SUBJ_NONE),	/* only invisible */
    CL("\0", SUBJ_NONE),
    C("[FIM]", SUBJ_NONE),
    C("[F1N]", SUBJ_NONE),
};

#define NSUBJECT (sizeof(subject_cases) / sizeof(subject_cases[0]))

static const CASE mes_cases[] = {
    C("FIN", SUBJ_FIN),
    C(" FIN", SUBJ_FIN),
    C("FIN ", SUBJ_FIN),
    C("  FIN  ", SUBJ_FIN),
    C("\tFIN", SUBJ_FIN),
    C("FIN\r\n", SUBJ_FIN),
    C("\r\n FIN", SUBJ_FIN),		/* folded header */
    C("\n\tFIN\n", SUBJ_FIN),

    C("fin", SUBJ_NEAR_CASE),
    C("Fin", SUBJ_NEAR_CASE),
    C("fIN", SUBJ_NEAR_CASE),
    C(" fin ", SUBJ_NEAR_CASE),

    C("F IN", SUBJ_NEAR_BLANKS),
    C("F I N", SUBJ_NEAR_BLANKS),
    C("\xc2\xa0" "FIN", SUBJ_NEAR_BLANKS),	/* NBSP is not RFC 5322 WSP */
    C("FIN\xc2\xa0", SUBJ_NEAR_BLANKS),

    C("RE: FIN", SUBJ_NEAR_PREFIX),

    C("[FIN]", SUBJ_NEAR_TRAILING_TEXT),
    C("(FIN)", SUBJ_NEAR_TRAILING_TEXT),
    C("\"FIN\"", SUBJ_NEAR_TRAILING_TEXT),
    C("FIN.", SUBJ_NEAR_TRAILING_TEXT),
    C("FIN;", SUBJ_NEAR_TRAILING_TEXT),
    C("FIN merci", SUBJ_NEAR_TRAILING_TEXT),
    C("FIN FIN", SUBJ_NEAR_TRAILING_TEXT),
    C("OUI FIN", SUBJ_NEAR_TRAILING_TEXT),
    C("Fin de conversation", SUBJ_NEAR_TRAILING_TEXT),
    C("[fin]", SUBJ_NEAR_TRAILING_TEXT),
    C("FIN \xff", SUBJ_NEAR_TRAILING_TEXT),

    C("\xef\xbc\xa6\xef\xbc\xa9\xef\xbc\xae", SUBJ_NEAR_LOOKALIKE),
    C("F\xd0\x86N", SUBJ_NEAR_LOOKALIKE),
    C("FIN\xe2\x80\x8b", SUBJ_NEAR_LOOKALIKE),
    C("\xef\xbb\xbf" "FIN", SUBJ_NEAR_LOOKALIKE),
    CL("FIN\0", SUBJ_NEAR_LOOKALIKE),

    C("", SUBJ_NONE),
    C("   ", SUBJ_NONE),
    C("OUI", SUBJ_NONE),
    C("NON", SUBJ_NONE),
    C("FINAL", SUBJ_NONE),
    C("AFIN", SUBJ_NONE),
    C("END", SUBJ_NONE),
    C("CLOS", SUBJ_NONE),
    C("\xff", SUBJ_NONE),
    C("F\xffN", SUBJ_NONE),
    C("FIN\xff", SUBJ_NONE),		/* unknown character continues the word */
    C("\xff" "FIN", SUBJ_NONE),
};

#define NMES (sizeof(mes_cases) / sizeof(mes_cases[0]))

/* case_len - the length of a table input */

static size_t case_len(const CASE *cp)
{
    return (cp->len ? cp->len : strlen(cp->in));
}

START_TEST(test_subject_table)
{
    const CASE *cp = subject_cases + _i;
    SUBJ_CLASS got = subject_classify(cp->in, case_len(cp));

    ck_assert_msg(got == cp->want, "case %d \"%s\": got %s, want %s", _i,
		  cp->in, subject_class_name(got), subject_class_name(cp->want));
}
END_TEST

START_TEST(test_mes_table)
{
    const CASE *cp = mes_cases + _i;
    SUBJ_CLASS got = subject_classify_mes(cp->in, case_len(cp));

    ck_assert_msg(got == cp->want, "case %d \"%s\": got %s, want %s", _i,
		  cp->in, subject_class_name(got), subject_class_name(cp->want));
}
END_TEST

/* test_exact_copy - the input need not be NUL-terminated */

START_TEST(test_exact_copy)
{
    char   *buf = mymalloc(5);

    memcpy(buf, "[FIN]", 5);
    ck_assert_int_eq(subject_classify(buf, 5), SUBJ_FIN);
    ck_assert_int_eq(subject_classify(buf, 4), SUBJ_NEAR_NO_BRACKETS);
    ck_assert_int_eq(subject_classify(buf, 0), SUBJ_NONE);
    ck_assert_int_eq(subject_classify_mes(buf + 1, 3), SUBJ_FIN);
    ck_assert_int_eq(subject_classify_mes(buf + 1, 2), SUBJ_NONE);
    myfree(buf);
    ck_assert_int_eq(subject_classify(0, 5), SUBJ_NONE);
    ck_assert_int_eq(subject_classify_mes(0, 3), SUBJ_NONE);
}
END_TEST

/* test_subject_vs_mes - each function has its own exact form */

START_TEST(test_subject_vs_mes)
{
    ck_assert_int_eq(subject_classify("FIN", 3), SUBJ_NEAR_NO_BRACKETS);
    ck_assert_int_eq(subject_classify_mes("[FIN]", 5), SUBJ_NEAR_TRAILING_TEXT);
    /* The MES tolerance of blanks does not apply to the Subject. */
    ck_assert_int_eq(subject_classify(" [FIN]", 6), SUBJ_NEAR_BLANKS);
}
END_TEST

/* test_long - long inputs stay linear and correct */

START_TEST(test_long)
{
    size_t  n = 200000, i;
    char   *buf = mymalloc(n + 16);

    for (i = 0; i < n; i++)
	buf[i] = "Lorem ipsum "[i % 12];
    memcpy(buf + n, "[FIN]", 5);
    ck_assert_int_eq(subject_classify(buf, n + 5), SUBJ_NEAR_TRAILING_TEXT);
    ck_assert_int_eq(subject_classify(buf, n), SUBJ_NONE);
    for (i = 0; i + 4 <= n; i += 4)
	memcpy(buf + i, "RE: ", 4);
    ck_assert_int_eq(subject_classify(buf, n + 5), SUBJ_NEAR_PREFIX);
    for (i = 0; i < n; i++)
	buf[i] = '[';
    ck_assert_int_eq(subject_classify(buf, n + 5), SUBJ_NEAR_TRAILING_TEXT);
    ck_assert_int_eq(subject_classify(buf, n), SUBJ_NONE);
    ck_assert_int_eq(subject_classify_mes(buf, n), SUBJ_NONE);
    for (i = 0; i < n; i++)
	buf[i] = "\xef\xbc\xbb"[i % 3];
    ck_assert_int_eq(subject_classify(buf, n), SUBJ_NONE);
    myfree(buf);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(subject_class_name(SUBJ_NONE), "none");
    ck_assert_str_eq(subject_class_name(SUBJ_FIN), "fin");
    ck_assert_str_eq(subject_class_name(SUBJ_NEAR_CASE), "near.case");
    ck_assert_str_eq(subject_class_name(SUBJ_NEAR_BLANKS), "near.blanks");
    ck_assert_str_eq(subject_class_name(SUBJ_NEAR_PREFIX), "near.prefix");
    ck_assert_str_eq(subject_class_name(SUBJ_NEAR_NO_BRACKETS),
		     "near.no_brackets");
    ck_assert_str_eq(subject_class_name(SUBJ_NEAR_TRAILING_TEXT),
		     "near.trailing_text");
    ck_assert_str_eq(subject_class_name(SUBJ_NEAR_LOOKALIKE),
		     "near.lookalike");
    ck_assert_str_eq(subject_class_name(SUBJ_CLASS_COUNT), "unknown");
    ck_assert_str_eq(subject_class_name((SUBJ_CLASS) - 1), "unknown");
}
END_TEST

START_TEST(test_near_miss)
{
    int     c;

    ck_assert_int_eq(subject_is_near_miss(SUBJ_NONE), 0);
    ck_assert_int_eq(subject_is_near_miss(SUBJ_FIN), 0);
    for (c = SUBJ_NEAR_CASE; c < SUBJ_CLASS_COUNT; c++)
	ck_assert_int_ne(subject_is_near_miss((SUBJ_CLASS) c), 0);
    ck_assert_int_eq(subject_is_near_miss(SUBJ_CLASS_COUNT), 0);
    ck_assert_int_eq(subject_is_near_miss((SUBJ_CLASS) - 1), 0);
}
END_TEST

/* is_ascii_text - printable US-ASCII only, non-empty */

static int is_ascii_text(const char *s)
{
    if (s == 0 || *s == 0)
	return (0);
    for (; *s; s++)
	if (*s < 0x20 || *s > 0x7e)
	    return (0);
    return (1);
}

START_TEST(test_texts)
{
    int     c, o;

    for (c = 0; c <= SUBJ_CLASS_COUNT; c++) {
	ck_assert(is_ascii_text(subject_class_text_fr((SUBJ_CLASS) c)));
	ck_assert(is_ascii_text(subject_class_text_en((SUBJ_CLASS) c)));
	ck_assert(is_ascii_text(subject_class_text_mes_fr((SUBJ_CLASS) c)));
	if (subject_is_near_miss((SUBJ_CLASS) c)) {
	    /* Every near-miss text gives the exact form. */
	    ck_assert_ptr_nonnull(strstr(subject_class_text_fr((SUBJ_CLASS) c),
					 "exactement [FIN]"));
	    ck_assert_ptr_nonnull(strstr(subject_class_text_en((SUBJ_CLASS) c),
					 "exactly [FIN]"));
	    ck_assert_ptr_nonnull(strstr(subject_class_text_mes_fr((SUBJ_CLASS) c),
					 "exactement FIN"));
	    ck_assert_ptr_nonnull(strstr(subject_class_text_fr((SUBJ_CLASS) c),
					 "la conversation reste ouverte"));
	}
	for (o = 0; o < c && c < SUBJ_CLASS_COUNT; o++) {
	    ck_assert_str_ne(subject_class_text_fr((SUBJ_CLASS) c),
			     subject_class_text_fr((SUBJ_CLASS) o));
	    ck_assert_str_ne(subject_class_text_mes_fr((SUBJ_CLASS) c),
			     subject_class_text_mes_fr((SUBJ_CLASS) o));
	}
    }
    ck_assert_ptr_nonnull(strstr(subject_class_text_fr(SUBJ_NEAR_CASE),
				 "majuscules"));
    ck_assert_ptr_nonnull(strstr(subject_class_text_fr(SUBJ_NEAR_PREFIX),
				 "RE:"));
    ck_assert_ptr_nonnull(strstr(subject_class_text_fr(SUBJ_NEAR_BLANKS),
				 "espace"));
    ck_assert_ptr_nonnull(strstr(subject_class_text_fr(SUBJ_NEAR_NO_BRACKETS),
				 "crochets"));
    ck_assert_ptr_nonnull(strstr(subject_class_text_fr(SUBJ_NEAR_TRAILING_TEXT),
				 "autre texte"));
    ck_assert_ptr_nonnull(strstr(subject_class_text_fr(SUBJ_NEAR_LOOKALIKE),
				 "ressemble"));
}
END_TEST

static Suite *subject_suite(void)
{
    Suite  *s = suite_create("subject");
    TCase  *tc;

    tc = tcase_create("classify");
    tcase_add_loop_test(tc, test_subject_table, 0, (int) NSUBJECT);
    tcase_add_loop_test(tc, test_mes_table, 0, (int) NMES);
    tcase_add_test(tc, test_exact_copy);
    tcase_add_test(tc, test_subject_vs_mes);
    tcase_add_test(tc, test_long);
    suite_add_tcase(s, tc);

    tc = tcase_create("texts");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_near_miss);
    tcase_add_test(tc, test_texts);
    suite_add_tcase(s, tc);
    return (s);
}

int     main(void)
{
    SRunner *sr = srunner_create(subject_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
