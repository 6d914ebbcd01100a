/*++
/* NAME
/*	mirror_conf 3
/* SUMMARY
/*	mirror.conf, the settings of mssante-mirror update
/* SYNOPSIS
/*	#include "mirror_conf.h"
/*
/*	MIRROR_CONF *mirror_conf_load(const char *path, VSTR *err)
/*
/*	void	mirror_conf_print(const MIRROR_CONF *mc, FILE *fp)
/*
/*	void	mirror_conf_free(MIRROR_CONF *mc)
/* DESCRIPTION
/*	mirror.conf has the syntax of mssante-milter.conf(5): one "Key
/*	value" per line, keys case-insensitive, the value the rest of the
/*	line without surrounding blanks; blank lines, lines starting with
/*	"#" and the rest of a line from a "#" after a blank are comments.
/*	Each key may appear once. Durations take the suffixes ms, s, m, h,
/*	d; sizes k, M, G. The keys and their defaults are the rows of
/*	conf_keys below and are listed in mssante-mirror(8).
/*
/*	mirror_conf_load() reads path; unknown keys, bad values, repeated
/*	keys, BindDN without PasswordFile (or the reverse) are errors.
/*	mirror_conf_print() writes every key with its value, defaults
/*	included, in the file's own syntax (durations and sizes in the
/*	largest unit that writes them exactly; an unset key as a "#Key
/*	(unset)" comment), so that the output read back gives the same
/*	settings ("mssante-mirror config").
/* DIAGNOSTICS
/*	mirror_conf_load() returns null with "path:line: Key: problem"
/*	in err.
/*--*/

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "units.h"
#include "mymalloc.h"
#include "msg.h"
#include "mirror_conf.h"

typedef enum {
    CONF_STR, CONF_TIME, CONF_SIZE, CONF_NUM
} CONF_TYPE;

typedef struct CONF_KEY {
    const char *name;
    CONF_TYPE type;
    size_t  offset;
    const char *def;			/* null: unset */
    long    max;			/* CONF_NUM only */
} CONF_KEY;

#define O(f) offsetof(MIRROR_CONF, f)

 /*
  * The ANS publishes the whitelist at this address (MSSante trust space).
  * The extraction's address is the Annuaire Sante extraction web service
  * as we read the ANS documentation; sites check it (mssante-mirror(8)).
  * The signer is the one measured on the published list, issued by the
  * production IGC-Sante intermediate.
  */
static const CONF_KEY conf_keys[] = {
    {"LDAPURI", CONF_STR, O(ldap_uri), "ldapi:///", 0},
    {"Base", CONF_STR, O(base), "o=mssante", 0},
    {"BindDN", CONF_STR, O(bind_dn), 0, 0},
    {"PasswordFile", CONF_STR, O(password_file), 0, 0},
    {"WhitelistURL", CONF_STR, O(whitelist_url),
    "https://espacedeconfiance.mssante.fr/listeblanchemssante.xml", 0},
    {"ExtractionURL", CONF_STR, O(extraction_url),
	"https://service.annuaire.sante.fr/annuaire-sante-webservices/V300/services/"
    "extraction/Extraction_Correspondance_MSSante", 0},
    {"HTTPSCAFile", CONF_STR, O(https_ca_file), 0, 0},
    {"SignatureCAFile", CONF_STR, O(signature_ca_file), "/etc/mssante-milter/igc-sante.pem", 0},
    {"Signer", CONF_STR, O(signer),
	"CN=alb.mssante.fr,OU=347976684200724,O=CAPGEMINI TECHNOLOGY SERVICES,"
    "ST=Hauts-de-Seine (92),C=FR", 0},
    {"SignerIssuer", CONF_STR, O(signer_issuer),
	"CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,"
    "OU=0002 187512751,O=ASIP-SANTE,C=FR", 0},
    {"StateDirectory", CONF_STR, O(state_dir), "/var/lib/mssante-mirror", 0},
    {"ConnectTimeout", CONF_TIME, O(connect_timeout), "30s", 0},
    {"Timeout", CONF_TIME, O(timeout), "15m", 0},
    {"MaxWhitelistSize", CONF_SIZE, O(max_whitelist_size), "64M", 0},
    {"MaxDownloadSize", CONF_SIZE, O(max_download_size), "512M", 0},
    {"MaxExtractionSize", CONF_SIZE, O(max_extraction_size), "2G", 0},
    {"MaxZipRatio", CONF_NUM, O(max_zip_ratio), "100", 100000},
    {"MaxDeletePercent", CONF_NUM, O(max_delete_percent), "5", 100},
    {"MaxBadLines", CONF_NUM, O(max_bad_lines), "100", 100000000L},
    {"PharmacyList", CONF_STR, O(pharmacy_list), 0, 0},
    {"PharmacyRegex", CONF_STR, O(pharmacy_regex), "PHARMACIE", 0},
    {"PostfixTLSPolicy", CONF_STR, O(postfix_tls_policy), 0, 0},
    {"WarningAge", CONF_TIME, O(warning_age), "2d", 0},
    {"CriticalAge", CONF_TIME, O(critical_age), "3d", 0},
};

#define CONF_NKEYS	(sizeof(conf_keys) / sizeof(conf_keys[0]))
#define CONF_FIELD(mc, k) ((char *) (mc) + (k)->offset)

/* conf_set - parse one value into its field */

static int conf_set(MIRROR_CONF *mc, const CONF_KEY *k, const char *val)
{
    char   *field = CONF_FIELD(mc, k), *end;
    long    n;

    switch (k->type) {
    case CONF_STR:
	myfree(*(char **) field);
	*(char **) field = mystrdup(val);
	return (0);
    case CONF_TIME:
	return (units_time(val, (long *) field) < 0 || *(long *) field <= 0 ? -1 : 0);
    case CONF_SIZE:
	return (units_size(val, (unsigned long long *) field) < 0
		|| *(unsigned long long *) field == 0 ? -1 : 0);
    case CONF_NUM:
	n = strtol(val, &end, 10);
	if (!isdigit((unsigned char) *val) || *end != 0 || n > k->max)
	    return (-1);
	*(long *) field = n;
	return (0);
    }
    return (-1);
}

/* conf_line - one line: 0 done, -1 error in err */

static int conf_line(MIRROR_CONF *mc, int *seen, const char *path, int lineno,
		             char *line, VSTR *err)
{
    char   *cp = line, *val, *hash, *end;
    size_t  klen, i;

    while (isspace((unsigned char) *cp))
	cp++;
    if (*cp == 0 || *cp == '#')
	return (0);
    for (hash = cp; (hash = strchr(hash, '#')) != 0; hash++)
	if (isspace((unsigned char) hash[-1])) {
	    *hash = 0;
	    break;
	}
    for (end = cp + strlen(cp); end > cp && isspace((unsigned char) end[-1]);)
	*--end = 0;
    for (klen = 0; cp[klen] && !isspace((unsigned char) cp[klen]); klen++)
	 /* void */ ;
    for (val = cp + klen; isspace((unsigned char) *val); val++)
	 /* void */ ;
    for (i = 0; i < CONF_NKEYS; i++)
	if (strlen(conf_keys[i].name) == klen && strncasecmp(conf_keys[i].name, cp, klen) == 0)
	    break;
    if (i == CONF_NKEYS) {
	vstr_sprintf(err, "%s:%d: %.*s: unknown key", path, lineno,
		     (int) (klen > 64 ? 64 : klen), cp);
	return (-1);
    }
    if (*val == 0 || seen[i]) {
	vstr_sprintf(err, "%s:%d: %s: %s", path, lineno, conf_keys[i].name,
		     *val == 0 ? "missing value" : "already set");
	return (-1);
    }
    seen[i] = lineno;
    if (conf_set(mc, conf_keys + i, val) < 0) {
	vstr_sprintf(err, "%s:%d: %s: bad value \"%.100s\"", path, lineno,
		     conf_keys[i].name, val);
	return (-1);
    }
    return (0);
}

/* mirror_conf_load - defaults, then the file */

MIRROR_CONF *mirror_conf_load(const char *path, VSTR *err)
{
    MIRROR_CONF *mc = mycalloc(1, sizeof(*mc));
    int     seen[CONF_NKEYS];
    VSTR   *line = vstr_alloc(200);
    FILE   *fp;
    size_t  i;
    int     lineno = 0, ch, ret = 0;

    memset(seen, 0, sizeof(seen));
    for (i = 0; i < CONF_NKEYS; i++)
	if (conf_keys[i].def && conf_set(mc, conf_keys + i, conf_keys[i].def) < 0)
	    msg_panic("mirror.conf: bad default for %s", conf_keys[i].name);
    if ((fp = fopen(path, "r")) == 0) {
	vstr_sprintf(err, "%s:0: %s", path, strerror(errno));
	ret = -1;
    }
    while (ret == 0 && fp) {
	vstr_reset(line);
	while ((ch = getc(fp)) != EOF && ch != '\n')
	    vstr_addch(line, ch);
	if (ch == EOF && vstr_len(line) == 0)
	    break;
	ret = conf_line(mc, seen, path, ++lineno, vstr_str(line), err);
    }
    if (fp)
	fclose(fp);
    if (ret == 0 && (mc->bind_dn == 0) != (mc->password_file == 0)) {
	vstr_sprintf(err, "%s:0: BindDN and PasswordFile go together", path);
	ret = -1;
    }
    vstr_free(line);
    if (ret < 0) {
	mirror_conf_free(mc);
	return (0);
    }
    return (mc);
}

/* conf_print_time - a duration in the largest unit that writes it exactly */

static void conf_print_time(FILE *fp, long ms)
{
    static const struct {
	long    ms;
	const char *suffix;
    }       units[] = {
	{86400000L, "d"}, {3600000L, "h"}, {60000L, "m"}, {1000L, "s"}, {1L, "ms"},
    };
    size_t  i;

    for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++)
	if (ms % units[i].ms == 0)
	    break;
    fprintf(fp, "%ld%s", ms / units[i].ms, units[i].suffix);
}

/* conf_print_size - a byte count in the largest power of 1024 that writes it exactly */

static void conf_print_size(FILE *fp, unsigned long long bytes)
{
    static const char suffix[] = "GMk";
    int     shift;

    for (shift = 30; shift > 0; shift -= 10)
	if (bytes % (1ULL << shift) == 0) {
	    fprintf(fp, "%llu%c", bytes >> shift, suffix[(30 - shift) / 10]);
	    return;
	}
    fprintf(fp, "%llu", bytes);
}

/* mirror_conf_print - every key and its value, as mirror.conf reads them */

void    mirror_conf_print(const MIRROR_CONF *mc, FILE *fp)
{
    const CONF_KEY *k;
    const char *field;

    for (k = conf_keys; k < conf_keys + CONF_NKEYS; k++) {
	field = CONF_FIELD(mc, k);
	/* An unset key is a comment: the output reads back the same. */
	if (k->type == CONF_STR && *(char *const *) field == 0) {
	    fprintf(fp, "#%s (unset)\n", k->name);
	    continue;
	}
	fprintf(fp, "%s ", k->name);
	switch (k->type) {
	case CONF_STR:
	    fputs(*(char *const *) field, fp);
	    break;
	case CONF_TIME:
	    conf_print_time(fp, *(const long *) field);
	    break;
	case CONF_SIZE:
	    conf_print_size(fp, *(const unsigned long long *) field);
	    break;
	case CONF_NUM:
	    fprintf(fp, "%ld", *(const long *) field);
	    break;
	}
	putc('\n', fp);
    }
}

/* mirror_conf_free - release */

void    mirror_conf_free(MIRROR_CONF *mc)
{
    const CONF_KEY *k;

    if (mc == 0)
	return;
    for (k = conf_keys; k < conf_keys + CONF_NKEYS; k++)
	if (k->type == CONF_STR)
	    myfree(*(char **) CONF_FIELD(mc, k));
    myfree(mc);
}
