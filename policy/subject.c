/*++
/* NAME
/*	subject 3
/* SUMMARY
/*	classify a Subject or X-MSS-MES value for conversation closing
/* SYNOPSIS
/*	#include "subject.h"
/*
/*	SUBJ_CLASS subject_classify(utf8, len)
/*	const char *utf8;
/*	size_t	len;
/*
/*	SUBJ_CLASS subject_classify_mes(value, len)
/*	const char *value;
/*	size_t	len;
/*
/*	int	subject_is_near_miss(cls)
/*	SUBJ_CLASS cls;
/*
/*	const char *subject_class_name(cls)
/*	SUBJ_CLASS cls;
/*
/*	const char *subject_class_text_fr(cls)
/*	SUBJ_CLASS cls;
/*
/*	const char *subject_class_text_en(cls)
/*	SUBJ_CLASS cls;
/*
/*	const char *subject_class_text_mes_fr(cls)
/*	SUBJ_CLASS cls;
/* DESCRIPTION
/*	Mon espace sante closes a conversation when a professional's reply
/*	has the Subject exactly "[FIN]" (case-sensitive, no other
/*	character), or carries the header "X-MSS-MES: FIN". A professional
/*	who types "[fin]" or answers "RE: [FIN]" believes the conversation
/*	closed while the patient can still write. This module tells the
/*	exact form from such near-misses so that the caller can warn.
/*
/*	subject_classify() takes the Subject already decoded (RFC 2047) to
/*	UTF-8 and unfolded. Only the exact 5 bytes "[FIN]" give SUBJ_FIN.
/*	Anything else is folded and parsed with this grammar:
/* .IP "folding"
/*	Each UTF-8 character becomes one unit. Blanks (space, tab, CR, LF,
/*	VT, FF, U+00A0, U+1680, U+2000-200A, U+2028/2029, U+202F, U+205F,
/*	U+3000) become a space. Invisible characters (C0/C1 controls,
/*	soft hyphen, zero-width and bidi format characters, variation
/*	selectors, BOM, tags, combining marks) are dropped and mark their
/*	neighbour (the previous unit, else the next) as a look-alike.
/*	Look-alikes fold to their ASCII model and are marked: full-width
/*	ASCII (U+FF01-FF5E), other square brackets (U+2045/2046,
/*	U+2772/2773, U+27E6/27E7, U+298B-2990, U+3010/3011, U+3014-301B,
/*	U+FE47/FE48, U+FE5D/FE5E), other angle brackets and small
/*	parentheses, accented Latin-1 letters, and the letters that pass for
/*	F, I, N: Greek U+0399, U+039D, U+03B9, U+03DC; Cyrillic U+0406,
/*	U+0456, U+04C0, U+04CF; U+0128-0131, U+0143-0148, U+0191/0192,
/*	U+01C0, small capitals U+026A, U+0274, U+A730; letterlike U+2110,
/*	U+2111, U+2115, U+2131; Roman numerals U+2160, U+2170; the
/*	mathematical alphanumerics U+1D400-1D6A3. Guillemets and curly
/*	quotes fold to '"' without a mark. An invalid UTF-8 byte is one
/*	unknown, visible character (a reader shows it as U+FFFD): it is
/*	"other text", never part of a token, never a crash.
/* .IP "blanks"
/*	Leading and trailing blanks are stripped (trait blanks).
/* .IP "prefixes"
/*	Then, repeatedly, a reply or forward prefix is stripped (trait
/*	prefix): one of RE, RES, REF, REP, TR, TRANS, FW, FWD, AW, WG, SV,
/*	VS, VB, RIF, ENC, ANTW, R (any case, accents folded: "Ref", "Rep"),
/*	an optional counter "[n]" or "(n)", optional blanks, ':' (or the
/*	full-width colon), optional blanks.
/* .IP "token"
/*	A token is an optional opening bracket ( [ ( { < " ), optional
/*	blanks, the letters F, I, N in any case with optional blanks
/*	between them, optional blanks, an optional closing bracket
/*	( ] ) } > " ). Blanks inside give trait blanks, lower case trait
/*	case, a marked unit trait lookalike. Without a closing bracket the
/*	N must end a word (no letter or digit follows).
/* .IP "whole"
/*	If a token covers all that remains, and its brackets are [ and ],
/*	its traits decide; with other, mismatched, half or no brackets the
/*	trait no_brackets is added. A bare token may be followed by '.',
/*	'!' and blanks ("Fin." and "Fin !" are closing intents).
/* .IP "inside"
/*	Otherwise, if a token with square brackets appears anywhere
/*	("[FIN] merci", "Merci [FIN]", "[FIN][FIN]"), the trait
/*	trailing_text is added to that token's traits. A word FIN inside a
/*	sentence ("Fin de traitement", "TR: Fin de prise en charge") or a
/*	FIN in other brackets among other text ("Compte rendu (fin)") is
/*	SUBJ_NONE: only the square brackets carry the closing intent.
/* .IP "nothing"
/*	No token: SUBJ_NONE, even after a stripped prefix.
/* .PP
/*	One input gets one class: the first trait present in this order
/*	of precedence: lookalike (invisible to the sender, so it must be
/*	named), prefix, trailing_text, no_brackets, case, blanks. Every
/*	near-miss text gives the exact expected form anyway.
/*
/*	subject_classify_mes() takes the value of an X-MSS-MES header.
/*	Leading and trailing SP, HT, CR and LF are removed first: RFC 5322
/*	unstructured whitespace there is not significant, and what the
/*	milter receives depends on the MTA (Postfix removes one space after
/*	the colon unless SMFIP_HDR_LEADSPC is negotiated; a folded header
/*	keeps its line break). Exactly "FIN" is then SUBJ_FIN. Otherwise
/*	the same folding, blank and prefix stripping apply, and the token
/*	must be bare: "fin" is SUBJ_NEAR_CASE, "F IN" SUBJ_NEAR_BLANKS;
/*	"[FIN]", "FIN." or any value in which the word FIN appears among
/*	other characters ("Fin de conversation": the header exists only to
/*	close) is SUBJ_NEAR_TRAILING_TEXT; no FIN word gives SUBJ_NONE.
/*
/*	subject_is_near_miss() is true for the SUBJ_NEAR_* classes.
/*	subject_class_name() returns a stable name ("none", "fin",
/*	"near.case", "near.blanks", "near.prefix", "near.no_brackets",
/*	"near.trailing_text", "near.lookalike"). subject_class_text_fr()
/*	explains a Subject class to the professional in US-ASCII French
/*	and gives the exact expected form; subject_class_text_en() is the
/*	English version; subject_class_text_mes_fr() is the French
/*	explanation for an X-MSS-MES value.
/* DIAGNOSTICS
/*	None. Allocation failure is fatal (mymalloc(3)).
/*--*/

#include <string.h>

#include "mymalloc.h"
#include "subject.h"

 /*
  * A folded character. ch is an ASCII character, SUBJ_BLANK for any blank
  * or SUBJ_OTHER for anything without an ASCII model (including invalid
  * UTF-8); look says it was not typed as that ASCII character.
  */
typedef struct SUBJ_UNIT {
    unsigned char ch;
    unsigned char look;
} SUBJ_UNIT;

#define SUBJ_BLANK	' '
#define SUBJ_OTHER	0x80

 /*
  * Folding table, sorted by code point. A range maps to ch_even at even
  * offsets from lo and ch_odd at odd ones (pairs of brackets, upper and
  * lower case), or to a computed value (FOLD_*).
  */
#define FOLD_INVISIBLE	(-1)
#define FOLD_FULLWIDTH	(-2)
#define FOLD_LATIN1	(-3)
#define FOLD_MATH	(-4)

typedef struct SUBJ_FOLD {
    unsigned lo;
    unsigned hi;
    short   ch_even;
    short   ch_odd;
    unsigned char look;
} SUBJ_FOLD;

static const SUBJ_FOLD subj_fold[] = {
    {0x0080, 0x009F, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* C1 */
    {0x00A0, 0x00A0, ' ', ' ', 0},
    {0x00AB, 0x00AB, '"', '"', 0},	/* guillemets */
    {0x00AD, 0x00AD, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* soft hyphen */
    {0x00BB, 0x00BB, '"', '"', 0},
    {0x00C0, 0x00FF, FOLD_LATIN1, FOLD_LATIN1, 1},
    {0x0128, 0x0131, 'I', 'i', 1},	/* I with tilde..dotless i */
    {0x0143, 0x0148, 'N', 'n', 1},	/* N with acute, cedilla, caron */
    {0x0191, 0x0192, 'F', 'f', 1},	/* F with hook */
    {0x01C0, 0x01C0, 'I', 'I', 1},	/* dental click */
    {0x026A, 0x026A, 'I', 'I', 1},	/* small capital I */
    {0x0274, 0x0274, 'N', 'N', 1},	/* small capital N */
    {0x0300, 0x036F, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* combining */
    {0x0399, 0x0399, 'I', 'I', 1},	/* Greek Iota */
    {0x039D, 0x039D, 'N', 'N', 1},	/* Greek Nu */
    {0x03B9, 0x03B9, 'i', 'i', 1},	/* Greek iota */
    {0x03DC, 0x03DC, 'F', 'F', 1},	/* Greek Digamma */
    {0x0406, 0x0406, 'I', 'I', 1},	/* Cyrillic I */
    {0x0456, 0x0456, 'i', 'i', 1},	/* Cyrillic i */
    {0x04C0, 0x04C0, 'I', 'I', 1},	/* Cyrillic palochka */
    {0x04CF, 0x04CF, 'i', 'i', 1},
    {0x061C, 0x061C, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* ALM */
    {0x1680, 0x1680, ' ', ' ', 0},
    {0x180E, 0x180E, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},
    {0x2000, 0x200A, ' ', ' ', 0},
    {0x200B, 0x200F, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* ZWSP..RLM */
    {0x201C, 0x201D, '"', '"', 0},
    {0x2028, 0x2029, ' ', ' ', 0},
    {0x202A, 0x202E, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* bidi */
    {0x202F, 0x202F, ' ', ' ', 0},
    {0x2039, 0x203A, '"', '"', 0},	/* single guillemets */
    {0x2045, 0x2046, '[', ']', 1},	/* brackets with quill */
    {0x205F, 0x205F, ' ', ' ', 0},
    {0x2060, 0x2064, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},
    {0x2066, 0x206F, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},
    {0x2110, 0x2111, 'I', 'I', 1},	/* script / black-letter I */
    {0x2115, 0x2115, 'N', 'N', 1},	/* double-struck N */
    {0x2131, 0x2131, 'F', 'F', 1},	/* script F */
    {0x2160, 0x2160, 'I', 'I', 1},	/* Roman numeral one */
    {0x2170, 0x2170, 'i', 'i', 1},
    {0x2329, 0x232A, '<', '>', 1},
    {0x2772, 0x2773, '[', ']', 1},	/* tortoise shell ornaments */
    {0x27E6, 0x27E7, '[', ']', 1},	/* white square brackets */
    {0x27E8, 0x27E9, '<', '>', 1},
    {0x298B, 0x2990, '[', ']', 1},	/* brackets with ticks, underbar */
    {0x3000, 0x3000, ' ', ' ', 0},
    {0x3008, 0x300B, '<', '>', 1},
    {0x3010, 0x3011, '[', ']', 1},	/* black lenticular */
    {0x3014, 0x301B, '[', ']', 1},	/* tortoise shell, lenticular... */
    {0xA730, 0xA730, 'F', 'F', 1},	/* small capital F */
    {0xFE00, 0xFE0F, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* VS1-16 */
    {0xFE47, 0xFE48, '[', ']', 1},
    {0xFE59, 0xFE5A, '(', ')', 1},
    {0xFE5B, 0xFE5C, '{', '}', 1},
    {0xFE5D, 0xFE5E, '[', ']', 1},
    {0xFEFF, 0xFEFF, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* BOM */
    {0xFF01, 0xFF5E, FOLD_FULLWIDTH, FOLD_FULLWIDTH, 1},
    {0x1D400, 0x1D6A3, FOLD_MATH, FOLD_MATH, 1},
    {0xE0000, 0xE007F, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* tags */
    {0xE0100, 0xE01EF, FOLD_INVISIBLE, FOLD_INVISIBLE, 1},	/* VS17- */
};

 /*
  * Latin-1 letters U+00C0-00FF without their accents; '?' has no ASCII
  * model (AE, multiplication sign, thorn, sharp s...).
  */
static const char subj_latin1[] =
"AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiii?nooooo?ouuuuy?y";

_Static_assert(sizeof(subj_latin1) == 0x40 + 1, "one entry per U+00C0-00FF");

/* subject_utf8_next - decode one character strictly, -1 if invalid */

static long subject_utf8_next(const unsigned char *s, size_t len, size_t *pos)
{
    size_t  i = *pos;
    unsigned c = s[i], lo = 0x80, hi = 0xBF;
    size_t  need, k;
    long    cp;

    if (c < 0x80) {
	*pos = i + 1;
	return (c);
    }
    if (c >= 0xC2 && c <= 0xDF) {
	need = 1;
	cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
	need = 2;
	cp = c & 0x0F;
	if (c == 0xE0)
	    lo = 0xA0;				/* overlong */
	else if (c == 0xED)
	    hi = 0x9F;				/* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
	need = 3;
	cp = c & 0x07;
	if (c == 0xF0)
	    lo = 0x90;				/* overlong */
	else if (c == 0xF4)
	    hi = 0x8F;				/* above U+10FFFF */
    } else {
	*pos = i + 1;
	return (-1);
    }
    /* One bad byte is one unknown character; resync on the next byte. */
    for (k = 1; k <= need; k++) {
	if (i + k >= len || s[i + k] < lo || s[i + k] > hi) {
	    *pos = i + 1;
	    return (-1);
	}
	cp = (cp << 6) | (s[i + k] & 0x3F);
	lo = 0x80;
	hi = 0xBF;
    }
    *pos = i + need + 1;
    return (cp);
}

/* subject_fold - fold one code point; FOLD_INVISIBLE drops it */

static int subject_fold(long cp, unsigned char *look)
{
    size_t  lo = 0, hi = sizeof(subj_fold) / sizeof(subj_fold[0]);
    const SUBJ_FOLD *fp;
    int     ch, off;

    *look = 0;
    if (cp < 0)
	return (SUBJ_OTHER);
    if (cp < 0x80) {
	if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
	    return (SUBJ_BLANK);
	if (cp < 0x20 || cp == 0x7F) {
	    *look = 1;
	    return (FOLD_INVISIBLE);
	}
	return ((int) cp);
    }
    while (lo < hi) {
	size_t  mid = (lo + hi) / 2;

	fp = subj_fold + mid;
	if ((unsigned long) cp < fp->lo) {
	    hi = mid;
	} else if ((unsigned long) cp > fp->hi) {
	    lo = mid + 1;
	} else {
	    *look = fp->look;
	    off = (int) (cp - (long) fp->lo);
	    ch = (off % 2) ? fp->ch_odd : fp->ch_even;
	    switch (ch) {
	    case FOLD_FULLWIDTH:
		return ((int) (cp - 0xFEE0));
	    case FOLD_LATIN1:
		ch = subj_latin1[off];
		return (ch == '?' ? SUBJ_OTHER : ch);
	    case FOLD_MATH:
		/* 13 alphabets of 52 letters, A-Z then a-z (holes unused). */
		off %= 52;
		return (off < 26 ? 'A' + off : 'a' + off - 26);
	    default:
		return (ch);
	    }
	}
    }
    return (SUBJ_OTHER);
}

/* subject_units - fold a UTF-8 string into units */

static SUBJ_UNIT *subject_units(const char *str, size_t len, size_t *count)
{
    const unsigned char *s = (const unsigned char *) str;
    SUBJ_UNIT *units = mymalloc((len + 1) * sizeof(*units));
    size_t  pos = 0, n = 0;
    int     pending = 0, ch;
    unsigned char look;

    while (pos < len) {
	ch = subject_fold(subject_utf8_next(s, len, &pos), &look);
	if (ch == FOLD_INVISIBLE) {
	    /* Mark what it hides in: the previous unit, else the next. */
	    if (n > 0)
		units[n - 1].look = 1;
	    else
		pending = 1;
	    continue;
	}
	units[n].ch = (unsigned char) ch;
	units[n].look = look | pending;
	pending = 0;
	n++;
    }
    *count = n;
    return (units);
}

 /*
  * Traits found while parsing; the class is the first present in this
  * order (see the man page).
  */
#define TRAIT_LOOKALIKE		(1<<0)
#define TRAIT_PREFIX		(1<<1)
#define TRAIT_TRAILING_TEXT	(1<<2)
#define TRAIT_NO_BRACKETS	(1<<3)
#define TRAIT_CASE		(1<<4)
#define TRAIT_BLANKS		(1<<5)

static const struct {
    int     trait;
    SUBJ_CLASS cls;
} subj_precedence[] = {
    {TRAIT_LOOKALIKE, SUBJ_NEAR_LOOKALIKE},
    {TRAIT_PREFIX, SUBJ_NEAR_PREFIX},
    {TRAIT_TRAILING_TEXT, SUBJ_NEAR_TRAILING_TEXT},
    {TRAIT_NO_BRACKETS, SUBJ_NEAR_NO_BRACKETS},
    {TRAIT_CASE, SUBJ_NEAR_CASE},
    {TRAIT_BLANKS, SUBJ_NEAR_BLANKS},
};

/* subject_traits_class - apply the precedence */

static SUBJ_CLASS subject_traits_class(int traits)
{
    size_t  i;

    for (i = 0; i < sizeof(subj_precedence) / sizeof(subj_precedence[0]); i++)
	if (traits & subj_precedence[i].trait)
	    return (subj_precedence[i].cls);
    /* Not the exact bytes, yet no trait: something folded away unseen. */
    return (SUBJ_NEAR_LOOKALIKE);
}

#define IS_ALNUM(c) (((c) >= '0' && (c) <= '9') || ((c) >= 'A' && (c) <= 'Z') \
		     || ((c) >= 'a' && (c) <= 'z'))
#define IS_ALPHA(c) (((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z'))
#define TO_UPPER(c) (((c) >= 'a' && (c) <= 'z') ? (c) - 'a' + 'A' : (c))

/* subject_skip_blanks - skip blank units, report whether any */

static size_t subject_skip_blanks(const SUBJ_UNIT *u, size_t i, size_t j,
				          int *seen)
{
    size_t  k = i;

    while (k < j && u[k].ch == SUBJ_BLANK)
	k++;
    if (seen && k > i)
	*seen = 1;
    return (k);
}

static const char *const subj_prefixes[] = {
    "RE", "RES", "REF", "REP", "TR", "TRANS", "FW", "FWD", "AW", "WG",
    "SV", "VS", "VB", "RIF", "ENC", "ANTW", "R",
};

/* subject_prefix - end of a reply/forward prefix at i, or i */

static size_t subject_prefix(const SUBJ_UNIT *u, size_t i, size_t j)
{
    size_t  k = i, w, p;
    int     found = 0;

    while (k < j && IS_ALPHA(u[k].ch))
	k++;
    for (p = 0; p < sizeof(subj_prefixes) / sizeof(subj_prefixes[0]); p++) {
	if (strlen(subj_prefixes[p]) != k - i)
	    continue;
	for (w = 0; w < k - i && TO_UPPER(u[i + w].ch) == subj_prefixes[p][w]; w++)
	     /* void */ ;
	if (w == k - i) {
	    found = 1;
	    break;
	}
    }
    if (!found || k == i)
	return (i);
    /* Counters: "RE[2]:", "Re(3):". */
    if (k < j && (u[k].ch == '[' || u[k].ch == '(')) {
	unsigned char close = u[k].ch == '[' ? ']' : ')';

	for (w = k + 1; w < j && u[w].ch >= '0' && u[w].ch <= '9'; w++)
	     /* void */ ;
	if (w > k + 1 && w < j && u[w].ch == close)
	    k = w + 1;
    }
    k = subject_skip_blanks(u, k, j, (int *) 0);
    if (k >= j || u[k].ch != ':')
	return (i);
    return (subject_skip_blanks(u, k + 1, j, (int *) 0));
}

 /*
  * A FIN token: where it ends, its brackets and its traits.
  */
typedef struct SUBJ_TOKEN {
    size_t  end;
    unsigned char open;			/* 0 when none */
    unsigned char close;		/* 0 when none */
    int     traits;
} SUBJ_TOKEN;

#define IS_OPEN(c)  ((c) && strchr("[({<\"", (c)) != 0)
#define IS_CLOSE(c) ((c) && strchr("])}>\"", (c)) != 0)
#define IS_SQUARE(t) ((t)->open == '[' && (t)->close == ']')
#define IS_WSP(c)   ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')

/* subject_token - match a FIN token at i, within [i, j) */

static int subject_token(const SUBJ_UNIT *u, size_t i, size_t j,
			         SUBJ_TOKEN *tok)
{
    static const char fin[] = "FIN";
    size_t  k = i, after_n;
    int     blanks = 0, traits = 0;
    const char *cp;

    tok->open = tok->close = 0;
    if (k < j && IS_OPEN(u[k].ch)) {
	tok->open = u[k].ch;
	traits |= u[k].look ? TRAIT_LOOKALIKE : 0;
	k = subject_skip_blanks(u, k + 1, j, &blanks);
    }
    for (cp = fin; *cp; cp++) {
	if (k >= j || TO_UPPER(u[k].ch) != *cp)
	    return (0);
	if (u[k].ch != *cp)
	    traits |= TRAIT_CASE;
	if (u[k].look)
	    traits |= TRAIT_LOOKALIKE;
	k++;
	if (cp[1])
	    k = subject_skip_blanks(u, k, j, &blanks);
    }
    after_n = k;
    k = subject_skip_blanks(u, k, j, (int *) 0);
    if (k < j && IS_CLOSE(u[k].ch)) {
	tok->close = u[k].ch;
	traits |= u[k].look ? TRAIT_LOOKALIKE : 0;
	if (k > after_n)
	    blanks = 1;
	k++;
    } else {
	k = after_n;
	/* "FINAL", "FIN2": not the word FIN. */
	if (k < j && (IS_ALNUM(u[k].ch) || u[k].ch == SUBJ_OTHER))
	    return (0);
    }
    tok->end = k;
    tok->traits = traits | (blanks ? TRAIT_BLANKS : 0);
    return (1);
}

/* subject_region - strip blanks and prefixes; region in *ip, *jp */

static int subject_region(const SUBJ_UNIT *u, size_t n, size_t *ip,
			          size_t *jp)
{
    size_t  i = 0, j = n, k;
    int     traits = 0, blanks = 0;

    i = subject_skip_blanks(u, 0, n, &blanks);
    while (j > i && u[j - 1].ch == SUBJ_BLANK) {
	j--;
	blanks = 1;
    }
    while ((k = subject_prefix(u, i, j)) > i) {
	i = k;
	traits |= TRAIT_PREFIX;
    }
    *ip = i;
    *jp = j;
    return (traits | (blanks ? TRAIT_BLANKS : 0));
}

/* subject_classify - classify a decoded, unfolded Subject */

SUBJ_CLASS subject_classify(const char *utf8, size_t len)
{
    SUBJ_UNIT *u;
    SUBJ_TOKEN tok;
    SUBJ_CLASS cls = SUBJ_NONE;
    size_t  n, i, j, k, end;
    int     traits;

    if (utf8 == 0)
	return (SUBJ_NONE);
    if (len == 5 && memcmp(utf8, "[FIN]", 5) == 0)
	return (SUBJ_FIN);
    u = subject_units(utf8, len, &n);
    traits = subject_region(u, n, &i, &j);
    if (i < j && subject_token(u, i, j, &tok)) {
	end = tok.end;
	if (tok.open == 0 && tok.close == 0)
	    while (end < j && (u[end].ch == '.' || u[end].ch == '!'
			       || u[end].ch == SUBJ_BLANK))
		end++;
	if (end == j) {
	    traits |= tok.traits | (IS_SQUARE(&tok) ? 0 : TRAIT_NO_BRACKETS);
	    cls = subject_traits_class(traits);
	}
    }
    for (k = i; cls == SUBJ_NONE && k < j; k++) {
	if (u[k].ch == '[' && subject_token(u, k, j, &tok) && IS_SQUARE(&tok))
	    cls = subject_traits_class(traits | tok.traits | TRAIT_TRAILING_TEXT);
    }
    myfree(u);
    return (cls);
}

/* subject_classify_mes - classify an X-MSS-MES header value */

SUBJ_CLASS subject_classify_mes(const char *value, size_t len)
{
    SUBJ_UNIT *u;
    SUBJ_TOKEN tok;
    SUBJ_CLASS cls = SUBJ_NONE;
    size_t  n, i, j, k;
    int     traits;

    if (value == 0)
	return (SUBJ_NONE);
    while (len > 0 && IS_WSP(value[0])) {
	value++;
	len--;
    }
    while (len > 0 && IS_WSP(value[len - 1]))
	len--;
    if (len == 3 && memcmp(value, "FIN", 3) == 0)
	return (SUBJ_FIN);
    u = subject_units(value, len, &n);
    traits = subject_region(u, n, &i, &j);
    if (i < j && subject_token(u, i, j, &tok) && tok.end == j
	&& tok.open == 0 && tok.close == 0)
	cls = subject_traits_class(traits | tok.traits);
    /* The header exists only to close: FIN among anything else is a miss. */
    for (k = i; cls == SUBJ_NONE && k < j; k++) {
	if (k > i && (IS_ALNUM(u[k - 1].ch) || u[k - 1].ch == SUBJ_OTHER))
	    continue;
	if (subject_token(u, k, j, &tok))
	    cls = subject_traits_class(traits | tok.traits | TRAIT_TRAILING_TEXT);
    }
    myfree(u);
    return (cls);
}

/* subject_is_near_miss - a near-miss class? */

int     subject_is_near_miss(SUBJ_CLASS cls)
{
    return (cls >= SUBJ_NEAR_CASE && cls < SUBJ_CLASS_COUNT);
}

static const char *const subj_names[SUBJ_CLASS_COUNT] = {
    "none",
    "fin",
    "near.case",
    "near.blanks",
    "near.prefix",
    "near.no_brackets",
    "near.trailing_text",
    "near.lookalike",
};

 /*
  * Texts reach health professionals in SMTP replies: US-ASCII, and each
  * near-miss text states the exact form and the consequence.
  */
static const char *const subj_texts_fr[SUBJ_CLASS_COUNT] = {
    "l'objet ne demande pas la cloture de la conversation",
    "l'objet [FIN] cloture la conversation: le patient ne pourra plus "
    "repondre",
    "pour cloturer la conversation, l'objet doit etre exactement [FIN] en "
    "majuscules ([fin] ou [Fin] ne suffit pas): la conversation reste "
    "ouverte",
    "pour cloturer la conversation, l'objet doit etre exactement [FIN], "
    "sans espace avant, apres ni entre les crochets: la conversation "
    "reste ouverte",
    "pour cloturer la conversation, l'objet doit etre exactement [FIN], "
    "sans prefixe de reponse ou de transfert (RE:, TR:, Fwd:): effacez le "
    "prefixe; la conversation reste ouverte",
    "pour cloturer la conversation, l'objet doit etre exactement [FIN], "
    "avec des crochets droits (FIN seul ou entre parentheses ne suffit "
    "pas): la conversation reste ouverte",
    "pour cloturer la conversation, l'objet doit etre exactement [FIN], "
    "sans aucun autre texte avant ou apres: la conversation reste ouverte",
    "pour cloturer la conversation, l'objet doit etre exactement [FIN]; "
    "il contient un caractere qui y ressemble sans en etre un (crochets "
    "ou lettres pleine chasse, grecs, cyrilliques, accentues, ou "
    "caractere invisible): retapez [FIN] au clavier; la conversation "
    "reste ouverte",
};

static const char *const subj_texts_en[SUBJ_CLASS_COUNT] = {
    "the subject does not ask to close the conversation",
    "the subject [FIN] closes the conversation: the patient can no "
    "longer reply",
    "to close the conversation the subject must be exactly [FIN] in "
    "upper case ([fin] or [Fin] is not enough): the conversation stays "
    "open",
    "to close the conversation the subject must be exactly [FIN], with no "
    "blank before, after or inside the brackets: the conversation stays "
    "open",
    "to close the conversation the subject must be exactly [FIN], with no "
    "reply or forward prefix (RE:, TR:, Fwd:): delete the prefix; the "
    "conversation stays open",
    "to close the conversation the subject must be exactly [FIN], with "
    "square brackets (FIN alone or in parentheses is not enough): the "
    "conversation stays open",
    "to close the conversation the subject must be exactly [FIN], with no "
    "other text before or after: the conversation stays open",
    "to close the conversation the subject must be exactly [FIN]; it "
    "contains a character that looks like one of them but is not "
    "(full-width, Greek, Cyrillic or accented letters or brackets, or an "
    "invisible character): type [FIN] on the keyboard; the conversation "
    "stays open",
};

static const char *const subj_texts_mes_fr[SUBJ_CLASS_COUNT] = {
    "l'en-tete X-MSS-MES ne demande pas la cloture de la conversation",
    "l'en-tete X-MSS-MES: FIN cloture la conversation: le patient ne "
    "pourra pas repondre",
    "l'en-tete X-MSS-MES doit valoir exactement FIN, en majuscules: la "
    "conversation reste ouverte",
    "l'en-tete X-MSS-MES doit valoir exactement FIN, sans espace dans le "
    "mot: la conversation reste ouverte",
    "l'en-tete X-MSS-MES doit valoir exactement FIN, sans prefixe: la "
    "conversation reste ouverte",
    "l'en-tete X-MSS-MES doit valoir exactement FIN, sans crochets: la "
    "conversation reste ouverte",
    "l'en-tete X-MSS-MES doit valoir exactement FIN, sans crochets ni "
    "autre caractere: la conversation reste ouverte",
    "l'en-tete X-MSS-MES doit valoir exactement FIN; la valeur contient "
    "un caractere qui ressemble a une de ces lettres sans en etre une: "
    "la conversation reste ouverte",
};

/* subject_class_name - stable name */

const char *subject_class_name(SUBJ_CLASS cls)
{
    return ((unsigned) cls < SUBJ_CLASS_COUNT ? subj_names[cls] : "unknown");
}

/* subject_class_text_fr - French explanation of a Subject class */

const char *subject_class_text_fr(SUBJ_CLASS cls)
{
    return ((unsigned) cls < SUBJ_CLASS_COUNT ? subj_texts_fr[cls] :
	    "objet non reconnu");
}

/* subject_class_text_en - English explanation of a Subject class */

const char *subject_class_text_en(SUBJ_CLASS cls)
{
    return ((unsigned) cls < SUBJ_CLASS_COUNT ? subj_texts_en[cls] :
	    "unrecognised subject");
}

/* subject_class_text_mes_fr - French explanation of an X-MSS-MES class */

const char *subject_class_text_mes_fr(SUBJ_CLASS cls)
{
    return ((unsigned) cls < SUBJ_CLASS_COUNT ? subj_texts_mes_fr[cls] :
	    "valeur X-MSS-MES non reconnue");
}
