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
/*	size_t	audit_ins_scrub_dn(const AUDIT_KEY *key, const char *domain,
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
/*	the angle brackets around it. When it is a patient's address (in
/*	the patients' domain, read from the parsed address whatever its
/*	spelling: no brackets, blanks, a quoted local part, a source
/*	route, another case, trailing dots; see insmask(3)), the local
/*	part is replaced by "hmac:" and the pseudonym of the local part
/*	without its quotes, for example "hmac:3f0c...e1@patient.mssante.fr"
/*	(domain as configured, lower case); the address form is kept so
/*	that a filter on the domain or on the whole pseudonymised address
/*	works. It returns 1 when it pseudonymised, else 0.
/*	Professional addresses are public directory data: kept in clear,
/*	except for INS-shaped tokens (below).
/*
/*	audit_ins_is_patient() tells whether an address (brackets
/*	allowed) is in the patients' domain, read the same way.
/*
/*	audit_ins_scrub() copies free text (an SMTP reply, an event
/*	detail, any string from outside) into out, replacing every
/*	patient address's local part as audit_ins_addr() does, and every
/*	INS-shaped token (13 or 15 characters, digits and 2A/2B, not
/*	glued to other digits nor inside a hash: see insmask(3)) by
/*	"hmac:" and its pseudonym. Reply texts may quote the address at fault. It
/*	returns the number of replacements. This over-protects (any
/*	13-digit number is replaced too); it never leaves an INS in
/*	clear. audit_ins_addr() applies the same to a non-patient
/*	address.
/*
/*	audit_ins_scrub_dn() does the same for a certificate DN (the
/*	TLS subject and issuer), whose OU attributes, structure
/*	identifiers shaped like an INS, stay in clear.
/*--*/

#include <string.h>
#include <strings.h>

#include "insmask.h"
#include "audit_ins.h"

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

/* put_pseudonym - INSMASK_FN: "hmac:<hex>" for one INS */

static void put_pseudonym(void *ctx, const char *ins, size_t len, VSTR *out)
{
    VSTR   *hex = vstr_alloc(AUDIT_HEX_LEN);

    audit_ins_hmac((const AUDIT_KEY *) ctx, ins, len, hex);
    vstr_cat(out, AUDIT_HMAC_PREFIX);
    vstr_cat(out, vstr_str(hex));
    vstr_free(hex);
}

/* audit_ins_is_patient - address in the patients' domain? */

int     audit_ins_is_patient(const char *domain, const char *addr, size_t len)
{
    return (insmask_patient(domain ? domain : AUDIT_PATIENT_DOMAIN, addr, len, 0));
}

/* audit_ins_addr - envelope address, pseudonymised when a patient's */

int     audit_ins_addr(const AUDIT_KEY *key, const char *domain,
		               const char *addr, size_t len, VSTR *out)
{
    return (insmask_addr(domain ? domain : AUDIT_PATIENT_DOMAIN, addr, len,
			 put_pseudonym, (void *) key, out));
}

/* audit_ins_scrub - free text without any INS in clear */

size_t  audit_ins_scrub(const AUDIT_KEY *key, const char *domain,
			        const char *text, size_t len, VSTR *out)
{
    return (insmask_scrub(domain ? domain : AUDIT_PATIENT_DOMAIN, text, len,
			  put_pseudonym, (void *) key, out));
}

/* audit_ins_scrub_dn - a certificate DN without any INS in clear */

size_t  audit_ins_scrub_dn(const AUDIT_KEY *key, const char *domain,
			           const char *text, size_t len, VSTR *out)
{
    return (insmask_scrub_dn(domain ? domain : AUDIT_PATIENT_DOMAIN, text, len,
			     put_pseudonym, (void *) key, out));
}
