/*++
/* NAME
/*	audit_ins 3
/* SUMMARY
/*	patient pseudonyms for the audit trail (keyed HMAC of the INS)
/* SYNOPSIS
/*	#include "audit_ins.h"
/*
/*	void	audit_ins_hmac(const AUDIT_KEY *key, const char *ins,
/*				size_t len, VSTR *out)
/*	int	audit_ins_addr(const AUDIT_KEY *key, const char *domain,
/*				const char *addr, size_t len, VSTR *out)
/*	int	audit_ins_is_patient(const char *domain, const char *addr,
/*				size_t len)
/*	size_t	audit_ins_scrub(const AUDIT_KEY *key, const char *domain,
/*				const char *text, size_t len, VSTR *out)
/* DESCRIPTION
/*	The audit trail must let an auditor who holds the site key find
/*	every record about one patient, and must reveal no INS to anyone
/*	else. Every INS is therefore replaced by its pseudonym: the
/*	lower-case hex HMAC-SHA256, under the site key, of the INS
/*	with ASCII letters upper-cased ("2a" and "2A" are the same
/*	Corsican department, so they must give the same pseudonym).
/*	Nothing else is changed before hashing: no check of the key
/*	digits, because a mistyped INS is health data too.
/*
/*	audit_ins_hmac() writes the 64 hex digits of the pseudonym of
/*	ins into out (replacing its contents).
/*
/*	domain is the patients' domain (the daemon's PatientDomain);
/*	NULL means AUDIT_PATIENT_DOMAIN, "patient.mssante.fr".
/*
/*	audit_ins_addr() copies an envelope address into out, without
/*	the angle brackets around it. When its domain is the patients'
/*	domain (compared without regard to case), the local part (an INS) is
/*	replaced by "hmac:" and its pseudonym, for example
/*	"hmac:3f0c...e1@patient.mssante.fr" (domain as given); the
/*	address form is kept so that a filter on the domain or on the
/*	whole pseudonymised address works. It returns 1 when it
/*	pseudonymised, else 0.
/*	Professional addresses are public directory data: kept in clear.
/*
/*	audit_ins_is_patient() tells whether an address (brackets
/*	allowed) is in the patients' domain.
/*
/*	audit_ins_scrub() copies free text (an SMTP reply, an event
/*	detail) into out, replacing every patient address's local part
/*	as audit_ins_addr() does, and every other run of 13 or more
/*	characters made of digits and the letters A/B (either case)
/*	holding at least 11 digits (the shape of an INS, with or
/*	without its key, 2A/2B included) by "hmac:" and its pseudonym.
/*	Reply texts may quote the address at fault. It returns the
/*	number of replacements. This over-protects (a SIRET would be
/*	replaced too); it never leaves an INS-shaped number in clear.
/*--*/

#include <string.h>
#include <strings.h>

#include "audit_ins.h"

#define INS_RUN_MIN	13		/* 13 characters: INS without its key */
#define INS_RUN_DIGITS	11		/* 2A/2B take two of the 13 */

/* audit_ins_hmac - pseudonym of one INS */

void    audit_ins_hmac(const AUDIT_KEY *key, const char *ins, size_t len,
		               VSTR *out)
{
    char    hex[AUDIT_HEX_LEN + 1];
    VSTR   *canon = vstr_alloc(len);
    size_t  i;

    for (i = 0; i < len; i++) {
	int     ch = (unsigned char) ins[i];

	vstr_addch(canon, ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    }
    audit_key_hmac(key, vstr_str(canon), vstr_len(canon), hex);
    vstr_strcpy(out, hex);
    vstr_free(canon);
}

/* strip_brackets - drop one pair of <> around an envelope address */

static void strip_brackets(const char **addr, size_t *len)
{
    if (*len >= 2 && (*addr)[0] == '<' && (*addr)[*len - 1] == '>') {
	*addr += 1;
	*len -= 2;
    }
}

/* patient_split - length of the local part of a patient address, or -1 */

static long patient_split(const char *domain, const char *addr, size_t len)
{
    size_t  dlen = strlen(domain);

    if (len < dlen + 2 || addr[len - dlen - 1] != '@'
	|| strncasecmp(addr + len - dlen, domain, dlen) != 0)
	return (-1);
    return ((long) (len - dlen - 1));
}

/* audit_ins_is_patient - address in the patients' domain? */

int     audit_ins_is_patient(const char *domain, const char *addr, size_t len)
{
    strip_brackets(&addr, &len);
    return (patient_split(domain ? domain : AUDIT_PATIENT_DOMAIN, addr, len) >= 0);
}

/* put_pseudonym - append "hmac:<hex>" for one INS */

static void put_pseudonym(const AUDIT_KEY *key, const char *ins, size_t len,
			          VSTR *out)
{
    VSTR   *hex = vstr_alloc(AUDIT_HEX_LEN);

    audit_ins_hmac(key, ins, len, hex);
    vstr_cat(out, AUDIT_HMAC_PREFIX);
    vstr_cat(out, vstr_str(hex));
    vstr_free(hex);
}

/* audit_ins_addr - envelope address, pseudonymised when a patient's */

int     audit_ins_addr(const AUDIT_KEY *key, const char *domain,
		               const char *addr, size_t len, VSTR *out)
{
    long    local_len;

    if (domain == 0)
	domain = AUDIT_PATIENT_DOMAIN;
    vstr_reset(out);
    strip_brackets(&addr, &len);
    if ((local_len = patient_split(domain, addr, len)) < 0) {
	vstr_ncat(out, addr, len);
	return (0);
    }
    put_pseudonym(key, addr, (size_t) local_len, out);
    vstr_addch(out, '@');
    vstr_cat(out, domain);
    return (1);
}

/* is_delim - characters that end an address-like token in free text */

static int is_delim(int ch)
{
    return (ch <= ' ' || ch == 0x7f || strchr("<>\"'(),;[]", ch) != 0);
}

/* is_ins_char - characters of an INS-shaped run */

static int is_ins_char(int ch)
{
    return ((ch >= '0' && ch <= '9') || ch == 'A' || ch == 'B'
	    || ch == 'a' || ch == 'b');
}

/* scrub_runs - replace INS-shaped runs inside one token */

static size_t scrub_runs(const AUDIT_KEY *key, const char *tok, size_t len,
			         VSTR *out)
{
    size_t  i = 0, start, digits, count = 0;

    while (i < len) {
	if (!is_ins_char((unsigned char) tok[i])) {
	    vstr_addch(out, tok[i++]);
	    continue;
	}
	start = i;
	digits = 0;
	while (i < len && is_ins_char((unsigned char) tok[i])) {
	    if (tok[i] >= '0' && tok[i] <= '9')
		digits++;
	    i++;
	}
	if (i - start >= INS_RUN_MIN && digits >= INS_RUN_DIGITS) {
	    put_pseudonym(key, tok + start, i - start, out);
	    count++;
	} else {
	    vstr_ncat(out, tok + start, i - start);
	}
    }
    return (count);
}

/* audit_ins_scrub - free text without any INS in clear */

size_t  audit_ins_scrub(const AUDIT_KEY *key, const char *domain,
			        const char *text, size_t len, VSTR *out)
{
    size_t  i = 0, start, count = 0;
    long    local_len;

    if (domain == 0)
	domain = AUDIT_PATIENT_DOMAIN;

    /*
     * One pass over tokens, so that the hex of a pseudonym just written
     * (digits and a-f) is never scanned again as an INS-shaped run.
     */
    vstr_reset(out);
    while (i < len) {
	if (is_delim((unsigned char) text[i])) {
	    vstr_addch(out, text[i++]);
	    continue;
	}
	start = i;
	while (i < len && !is_delim((unsigned char) text[i]))
	    i++;
	if ((local_len = patient_split(domain, text + start, i - start)) >= 0) {
	    put_pseudonym(key, text + start, (size_t) local_len, out);
	    vstr_addch(out, '@');
	    vstr_cat(out, domain);
	    count++;
	} else {
	    count += scrub_runs(key, text + start, i - start, out);
	}
    }
    return (count);
}
