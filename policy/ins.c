/*++
/* NAME
/*	ins 3
/* SUMMARY
/*	INS (matricule NIR/NIA) validation and decoding
/* SYNOPSIS
/*	#include "ins.h"
/*
/*	INS_STATUS ins_check(s, len, info)
/*	const char *s;
/*	size_t	len;
/*	INS_INFO *info;
/*
/*	int	ins_key(s, len)
/*	const char *s;
/*	size_t	len;
/*
/*	const char *ins_status_name(status)
/*	INS_STATUS status;
/*
/*	RULE_ID	ins_status_rule(status)
/*	INS_STATUS status;
/*
/*	const char *ins_status_text_fr(status)
/*	INS_STATUS status;
/*
/*	const char *ins_status_text_en(status)
/*	INS_STATUS status;
/*
/*	void	ins_describe_fr(info, current_year, out)
/*	const INS_INFO *info;
/*	int	current_year;
/*	VSTR	*out;
/* DESCRIPTION
/*	The local part of a patient address (<matricule>@patient.mssante.fr)
/*	is a matricule INS: the 13-character NIR or NIA followed by its
/*	2-digit key, 15 characters in all. Mon espace sante bounces an
/*	address whose matricule has a wrong length or key; checking it here
/*	turns a late bounce into an immediate, explained SMTP refusal.
/*
/*	ins_check() validates the len bytes at s (no NUL needed) and, when
/*	info is not null and the result is INS_OK, decodes the fields into
/*	*info (on an error *info holds no meaningful value). It allocates
/*	nothing. The checks run in this order and the FIRST failure is
/*	returned, so that one input always gets one stable reason:
/* .IP INS_ERR_LENGTH
/*	len is not 15. The withdrawn 13-character provisional numbers
/*	(category 7 or 8, no key) fail here.
/* .IP INS_ERR_CHAR
/*	a byte other than a digit, except "2A" or "2B" (either case) at
/*	positions 6-7.
/* .IP INS_ERR_CORSICA_CASE
/*	positions 6-7 are "2a" or "2b": the address was probably
/*	lower-cased by some software; the INS is written with "2A"/"2B".
/* .IP INS_ERR_CATEGORY
/*	position 1 is not 1 or 2 (man, woman) nor 3 or 4 (foreign man or
/*	woman being registered). 7 and 8 (provisional numbers) have no key
/*	and are not INS; 0, 5, 6, 9 are not assigned.
/* .IP INS_ERR_MONTH
/*	positions 4-5 are 00, 13-19 or 43-49. 01-12 is a known month;
/*	20-30 and 50-99 mean the month is unknown; 31-42 mean an
/*	incomplete civil record.
/* .IP INS_ERR_PLACE
/*	positions 6-7 are 00, or overseas (97, 98) with a 3-digit
/*	code outside 971-989, or abroad (99) with a country code outside
/*	100-999 (INSEE country codes are 99100 and above; the list itself
/*	is versioned, so no finer check is made: the key catches typos).
/*	96 (Tunisia before independence) is accepted like 91-95.
/*	20 is Corsica before 1 January 1976: people born there before
/*	the department was split into 2A and 2B keep 20 in their number,
/*	and their key is computed on the digits as written (see
/*	doc/rules.md); INS_INFO.place_kind is then INS_PLACE_CORSICA_1976.
/* .IP INS_ERR_ORDER
/*	positions 11-13 are 000.
/* .IP INS_ERR_KEY
/*	positions 14-15 are 00, 98, 99, or not 97 - (N mod 97), N being
/*	the first 13 characters read as an integer after replacing 2A by
/*	19 and 2B by 18.
/* .PP
/*	ins_key() computes the key of the first 13 characters of s; len
/*	must be 13 or 15 (a full matricule, whose own key is ignored).
/*	Returns 1-97, or -1 when len is wrong or a character is not valid
/*	(lower-case 2a/2b included).
/*
/*	ins_status_name() returns a stable short name ("length", "char",
/*	"category", "month", "place", "order", "key", "corsica_case"; "ok"
/*	for INS_OK), the second half of the rule id (ins.<name>).
/*	ins_status_rule() returns the rule of an error status
/*	(RULE_INS_KEY for INS_ERR_KEY...), RULE_COUNT for INS_OK or a value
/*	out of range (rule_id() then gives NULL).
/*	ins_status_text_fr() and ins_status_text_en() explain a status in
/*	US-ASCII, for SMTP replies and logs. They never contain the
/*	expected key: a sender who "fixed" only the key would reach another
/*	patient.
/*
/*	ins_describe_fr() replaces the contents of out with a description
/*	of a decoded matricule in US-ASCII French, for a professional to
/*	check that the address is the right patient's, e.g. "une femme,
/*	nee en mars 1985, nee dans le departement 77". The matricule has a
/*	2-digit year; the century is inferred from current_year: a year
/*	greater than current_year % 100 is in the previous century, so in
/*	2025 "85" is 1985 and "25" is 2025 (a patient over 100 years old
/*	is shown a century too late: the matricule cannot tell). With
/*	current_year < 1000 the year is shown with two digits. Departments
/*	91-95 before 1968 (when Ile-de-France was split into them) and 96
/*	are shown as North Africa before independence.
/* DIAGNOSTICS
/*	None: every input gets a status.
/*--*/

#include <string.h>

#include "vstr.h"
#include "ins.h"

#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define DIGIT(c)	((c) - '0')
#define NUM2(s, i)	(DIGIT((s)[i]) * 10 + DIGIT((s)[(i) + 1]))
#define NUM3(s, i)	(DIGIT((s)[i]) * 100 + NUM2((s), (i) + 1))

 /*
  * Positions below are 0-based: the field "positions 6-7" of the
  * specification is s[5], s[6].
  */
#define POS_CAT		0
#define POS_YEAR	1
#define POS_MONTH	3
#define POS_DEPT	5
#define POS_COMMUNE	7
#define POS_ORDER	10
#define POS_KEY		13
#define INS_BODY_LEN	13

/* ins_chars_ok - digits, or 2A/2B (any case) at positions 6-7 */

static int ins_chars_ok(const char *s, size_t len)
{
    size_t  i;

    for (i = 0; i < len; i++) {
	if (IS_DIGIT(s[i]))
	    continue;
	if (i == POS_DEPT + 1 && s[POS_DEPT] == '2'
	    && (s[i] == 'A' || s[i] == 'B' || s[i] == 'a' || s[i] == 'b'))
	    continue;
	return (0);
    }
    return (1);
}

/* ins_body_key - the key of 13 valid characters (2A/2B upper-case) */

static int ins_body_key(const char *s)
{
    unsigned long long n = 0;
    size_t  i;

    /*
     * 13 digits stay below 10^13, far within 64 bits: no need for the
     * digit-by-digit modulo reduction. "2A" counts as 19, "2B" as 18.
     */
    for (i = 0; i < INS_BODY_LEN; i++) {
	if (i == POS_DEPT && (s[i + 1] == 'A' || s[i + 1] == 'B')) {
	    n = n * 100 + (s[i + 1] == 'A' ? 19 : 18);
	    i++;
	} else {
	    n = n * 10 + (unsigned) DIGIT(s[i]);
	}
    }
    return ((int) (97 - n % 97));
}

/* ins_key - compute the control key */

int     ins_key(const char *s, size_t len)
{
    if (s == 0 || (len != INS_BODY_LEN && len != INS_LEN))
	return (-1);
    if (!ins_chars_ok(s, INS_BODY_LEN)
	|| s[POS_DEPT + 1] == 'a' || s[POS_DEPT + 1] == 'b')
	return (-1);
    return (ins_body_key(s));
}

/* ins_place - validate and decode positions 6-10 */

static INS_STATUS ins_place(const char *s, INS_INFO *info)
{
    INS_PLACE_KIND kind;
    int     dept, code;

    if (s[POS_DEPT + 1] == 'A' || s[POS_DEPT + 1] == 'B') {
	kind = INS_PLACE_CORSICA;
    } else {
	dept = NUM2(s, POS_DEPT);
	if (dept == 0)
	    return (INS_ERR_PLACE);
	if (dept == 20) {
	    kind = INS_PLACE_CORSICA_1976;
	} else if (dept == 97 || dept == 98) {
	    code = NUM3(s, POS_DEPT);
	    if (code < 971 || code > 989)
		return (INS_ERR_PLACE);
	    kind = INS_PLACE_OVERSEAS;
	} else if (dept == 99) {
	    if (NUM3(s, POS_COMMUNE) < 100)
		return (INS_ERR_PLACE);
	    kind = INS_PLACE_ABROAD;
	} else {
	    kind = INS_PLACE_DEPARTMENT;
	}
    }
    if (info == 0)
	return (INS_OK);
    info->place_kind = kind;
    memset(info->department, 0, sizeof(info->department));
    memset(info->commune, 0, sizeof(info->commune));
    memset(info->country, 0, sizeof(info->country));
    switch (kind) {
    case INS_PLACE_OVERSEAS:
	memcpy(info->department, s + POS_DEPT, 3);
	memcpy(info->commune, s + POS_COMMUNE + 1, 2);
	break;
    case INS_PLACE_ABROAD:
	memcpy(info->department, s + POS_DEPT, 2);
	memcpy(info->country, s + POS_COMMUNE, 3);
	break;
    default:
	memcpy(info->department, s + POS_DEPT, 2);
	memcpy(info->commune, s + POS_COMMUNE, 3);
	break;
    }
    return (INS_OK);
}

/* ins_check - validate a matricule INS, first failure wins */

INS_STATUS ins_check(const char *s, size_t len, INS_INFO *info)
{
    INS_MONTH_KIND month_kind;
    INS_STATUS status;
    int     category, month, order, key;

    if (s == 0 || len != INS_LEN)
	return (INS_ERR_LENGTH);
    if (!ins_chars_ok(s, len))
	return (INS_ERR_CHAR);
    if (s[POS_DEPT + 1] == 'a' || s[POS_DEPT + 1] == 'b')
	return (INS_ERR_CORSICA_CASE);

    category = DIGIT(s[POS_CAT]);
    if (category < 1 || category > 4)
	return (INS_ERR_CATEGORY);

    month = NUM2(s, POS_MONTH);
    if (month >= 1 && month <= 12)
	month_kind = INS_MONTH_KNOWN;
    else if ((month >= 20 && month <= 30) || month >= 50)
	month_kind = INS_MONTH_UNKNOWN;
    else if (month >= 31 && month <= 42)
	month_kind = INS_MONTH_INCOMPLETE;
    else
	return (INS_ERR_MONTH);

    if ((status = ins_place(s, info)) != INS_OK)
	return (status);

    order = NUM3(s, POS_ORDER);
    if (order == 0)
	return (INS_ERR_ORDER);

    key = NUM2(s, POS_KEY);
    if (key < 1 || key > 97 || key != ins_body_key(s))
	return (INS_ERR_KEY);

    if (info) {
	info->category = category;
	info->sex = (category % 2) ? 1 : 2;
	info->birth_year2 = NUM2(s, POS_YEAR);
	info->birth_month = month_kind == INS_MONTH_KNOWN ? month : 0;
	info->month_kind = month_kind;
	info->order = order;
	info->key = key;
    }
    return (INS_OK);
}

 /*
  * Status names, rules and texts, indexed by INS_STATUS. The names are the
  * end of the rule ids (ins.<name>, rule_table.h): never change one.
  */
static const char *const ins_names[INS_STATUS_COUNT] = {
    [INS_OK] = "ok",
    [INS_ERR_LENGTH] = "length",
    [INS_ERR_CHAR] = "char",
    [INS_ERR_CATEGORY] = "category",
    [INS_ERR_MONTH] = "month",
    [INS_ERR_PLACE] = "place",
    [INS_ERR_ORDER] = "order",
    [INS_ERR_KEY] = "key",
    [INS_ERR_CORSICA_CASE] = "corsica_case",
};

static const RULE_ID ins_rules[INS_STATUS_COUNT] = {
    [INS_OK] = RULE_COUNT,
    [INS_ERR_LENGTH] = RULE_INS_LENGTH,
    [INS_ERR_CHAR] = RULE_INS_CHAR,
    [INS_ERR_CATEGORY] = RULE_INS_CATEGORY,
    [INS_ERR_MONTH] = RULE_INS_MONTH,
    [INS_ERR_PLACE] = RULE_INS_PLACE,
    [INS_ERR_ORDER] = RULE_INS_ORDER,
    [INS_ERR_KEY] = RULE_INS_KEY,
    [INS_ERR_CORSICA_CASE] = RULE_INS_CORSICA_CASE,
};

static const char *const ins_texts_fr[INS_STATUS_COUNT] = {
    [INS_OK] = "le matricule INS est valide",
    [INS_ERR_LENGTH] =
    "le matricule INS doit compter 15 caracteres (13 + cle de 2 chiffres)",
    [INS_ERR_CHAR] =
    "le matricule INS ne doit contenir que des chiffres, sauf 2A ou 2B "
    "(Corse) en positions 6 et 7",
    [INS_ERR_CATEGORY] =
    "le premier chiffre du matricule INS (sexe) doit etre 1, 2, 3 ou 4",
    [INS_ERR_MONTH] =
    "le mois de naissance du matricule INS (positions 4 et 5) n'existe "
    "pas (00, 13 a 19 ou 43 a 49)",
    [INS_ERR_PLACE] =
    "le lieu de naissance du matricule INS (positions 6 a 10) n'existe "
    "pas (departement 00, outre-mer hors 971-989, ou code pays "
    "invalide)",
    [INS_ERR_ORDER] =
    "le numero d'ordre du matricule INS (positions 11 a 13) ne peut pas "
    "etre 000",
    [INS_ERR_KEY] =
    "la cle de controle (2 derniers chiffres) ne correspond pas au "
    "matricule qui la precede: au moins un chiffre est faux",
    [INS_ERR_CORSICA_CASE] =
    "le code departement Corse doit etre ecrit en majuscules (2A ou 2B), "
    "pas 2a ou 2b: l'adresse a sans doute ete mise en minuscules par un "
    "logiciel",
};

static const char *const ins_texts_en[INS_STATUS_COUNT] = {
    [INS_OK] = "the INS number is valid",
    [INS_ERR_LENGTH] =
    "the INS number must have 15 characters (13 + a 2-digit key)",
    [INS_ERR_CHAR] =
    "the INS number must contain only digits, except 2A or 2B (Corsica) "
    "at positions 6 and 7",
    [INS_ERR_CATEGORY] =
    "the first digit of the INS number (sex) must be 1, 2, 3 or 4",
    [INS_ERR_MONTH] =
    "the birth month of the INS number (positions 4 and 5) does not "
    "exist (00, 13 to 19 or 43 to 49)",
    [INS_ERR_PLACE] =
    "the birth place of the INS number (positions 6 to 10) does not "
    "exist (department 00, overseas code outside 971-989, or "
    "invalid country code)",
    [INS_ERR_ORDER] =
    "the order number of the INS number (positions 11 to 13) cannot be 000",
    [INS_ERR_KEY] =
    "the control key (last 2 digits) does not match the number before "
    "it: at least one digit is wrong",
    [INS_ERR_CORSICA_CASE] =
    "the Corsican department code must be upper-case (2A or 2B), not 2a "
    "or 2b: some software probably lower-cased the address",
};

/* ins_status_index - map any value to a table index */

static int ins_status_index(INS_STATUS status)
{
    /* A value from outside the enum (cast from an int) must not index. */
    if ((unsigned) status >= INS_STATUS_COUNT)
	return (-1);
    return ((int) status);
}

/* ins_status_name - stable short name */

const char *ins_status_name(INS_STATUS status)
{
    int     i = ins_status_index(status);

    return (i < 0 ? "unknown" : ins_names[i]);
}

/* ins_status_rule - the rule of an error status */

RULE_ID ins_status_rule(INS_STATUS status)
{
    int     i = ins_status_index(status);

    return (i < 0 ? RULE_COUNT : ins_rules[i]);
}

/* ins_status_text_fr - French explanation, US-ASCII */

const char *ins_status_text_fr(INS_STATUS status)
{
    int     i = ins_status_index(status);

    return (i < 0 ? "matricule INS invalide" : ins_texts_fr[i]);
}

/* ins_status_text_en - English explanation */

const char *ins_status_text_en(INS_STATUS status)
{
    int     i = ins_status_index(status);

    return (i < 0 ? "invalid INS number" : ins_texts_en[i]);
}

static const char *const ins_month_fr[12] = {
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
    "aout", "septembre", "octobre", "novembre", "decembre",
};

/* ins_overseas_kind_fr - how to name an overseas code */

static const char *ins_overseas_kind_fr(const char *code)
{
    if (strcmp(code, "971") == 0 || strcmp(code, "972") == 0
	|| strcmp(code, "973") == 0 || strcmp(code, "974") == 0
	|| strcmp(code, "976") == 0)
	return ("le departement d'outre-mer");
    if (strcmp(code, "975") == 0 || strcmp(code, "977") == 0
	|| strcmp(code, "978") == 0 || strcmp(code, "986") == 0
	|| strcmp(code, "987") == 0 || strcmp(code, "988") == 0)
	return ("la collectivite d'outre-mer");
    return ("le territoire d'outre-mer");
}

/* ins_describe_fr - "une femme, nee en mars 1985, nee dans le ..." */

void    ins_describe_fr(const INS_INFO *info, int current_year, VSTR *out)
{
    const char *e = info->sex == 2 ? "e" : "";	/* French agreement */
    int     year = -1;
    int     dept;

    vstr_strcpy(out, info->sex == 2 ? "une femme" : "un homme");
    if (info->category == 3 || info->category == 4)
	vstr_sprintf_append(out, " (etranger%s en cours d'immatriculation)", e);
    vstr_sprintf_append(out, ", ne%s en ", e);

    /* Two digits only: the century is a guess, see the man page. */
    if (current_year >= 1000) {
	year = current_year / 100 * 100 + info->birth_year2;
	if (info->birth_year2 > current_year % 100)
	    year -= 100;
	/* Department 20 was written 2A/2B for every birth from 1976 on. */
	if (info->place_kind == INS_PLACE_CORSICA_1976 && year >= 1976)
	    year -= 100;
    }
    if (info->month_kind == INS_MONTH_KNOWN
	&& info->birth_month >= 1 && info->birth_month <= 12)
	vstr_sprintf_append(out, "%s ", ins_month_fr[info->birth_month - 1]);
    if (year >= 0)
	vstr_sprintf_append(out, "%d", year);
    else
	vstr_sprintf_append(out, "%02d (siecle inconnu)", info->birth_year2 % 100);
    if (info->month_kind == INS_MONTH_UNKNOWN)
	vstr_cat(out, ", mois inconnu");
    else if (info->month_kind == INS_MONTH_INCOMPLETE)
	vstr_cat(out, ", mois non renseigne (etat civil incomplet)");

    vstr_sprintf_append(out, ", ne%s ", e);
    switch (info->place_kind) {
    case INS_PLACE_CORSICA:
	vstr_cat(out, strcmp(info->department, "2A") == 0 ?
		 "en Corse-du-Sud (2A)" : "en Haute-Corse (2B)");
	break;
    case INS_PLACE_CORSICA_1976:
	vstr_cat(out, "en Corse (avant 1976)");
	break;
    case INS_PLACE_OVERSEAS:
	vstr_sprintf_append(out, "dans %s %s",
			    ins_overseas_kind_fr(info->department),
			    info->department);
	break;
    case INS_PLACE_ABROAD:
	vstr_sprintf_append(out, "a l'etranger (pays INSEE %s)", info->country);
	break;
    default:
	dept = (info->department[0] - '0') * 10 + info->department[1] - '0';
	if (dept == 96 || (dept >= 91 && dept <= 95 && year >= 0 && year < 1968))
	    vstr_sprintf_append(out, "%s avant l'independance (code %s)",
				dept == 96 ? "en Tunisie" : dept == 95 ?
				"au Maroc" : "en Algerie", info->department);
	else
	    vstr_sprintf_append(out, "dans le departement %s", info->department);
	break;
    }
}
