/*++
/* NAME
/*	cfg 3
/* SUMMARY
/*	the daemon's configuration file: one typed table of keys
/* SYNOPSIS
/*	#include "cfg.h"
/*
/*	CFG	*cfg_defaults(void)
/*
/*	CFG	*cfg_load(path, err)
/*	const char *path;
/*	VSTR	*err;
/*
/*	CFG	*cfg_parse_string(name, text, err)
/*	const char *name;
/*	const char *text;
/*	VSTR	*err;
/*
/*	void	cfg_free(cfg)
/*	CFG	*cfg;
/*
/*	const CFG_KEY *cfg_key_table(count)
/*	size_t	*count;
/*
/*	const char *cfg_type_name(type)
/*	CFG_TYPE type;
/*
/*	int	cfg_restart_changes(old, new, names)
/*	const CFG *old;
/*	const CFG *new;
/*	VSTR	*names;
/*
/*	void	cfg_dump_keys(fp)
/*	FILE	*fp;
/* DESCRIPTION
/*	The configuration file has one "Key value" per line. Key names
/*	are case-insensitive; the value is the rest of the line without
/*	surrounding blanks. Blank lines and lines whose first non-blank
/*	character is "#" are comments, and so is the rest of a line from
/*	a "#" preceded by a blank. A key may appear once. Every key is a
/*	row of CFG_KEYS (cfg.h): that one table drives the parser,
/*	the defaults, -n and the manual page.
/*
/*	cfg_defaults() returns a configuration with every default.
/*	cfg_load() reads a file; cfg_parse_string() parses text as if it
/*	were a file called name (for tests). Both return NULL on the
/*	first error, with err holding "file:line: Key: problem" (line 0
/*	for a problem that is not on one line, such as an unreadable file).
/*	Unknown keys, bad values, repeated keys and inconsistent
/*	combinations are errors: a daemon that enforces a policy must not
/*	run with a configuration it misread.
/*
/*	cfg_free() releases a configuration; NULL is fine.
/*
/*	cfg_key_table() returns the key table and its size;
/*	cfg_type_name() the name of a value type, as the manual shows it.
/*
/*	cfg_restart_changes() appends to names (comma-separated) the keys
/*	that cannot be changed by a reload and differ between two
/*	configurations; it returns their number. The daemon keeps the
/*	values it started with for those keys.
/*
/*	cfg_dump_keys() writes the key list of mssante-milter.conf(5) in
/*	troff (the hidden --dump-keys option; a test checks that the
/*	manual page holds exactly this text).
/*
/*	Durations and sizes are read by units(3), shared with the mirror.
/* DIAGNOSTICS
/*	An invalid default in the table is a bug: msg_panic().
/*--*/

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mymalloc.h"
#include "vstr.h"
#include "msg.h"
#include "cfg.h"
#include "dir.h"

static const CFG_KEY cfg_keys[] = {
#define CFG_ROW(field, name, type, def, reload, extra, doc) \
    {name, type, def, reload, extra, doc, offsetof(CFG, field)},
    CFG_KEYS(CFG_ROW)
#undef CFG_ROW
};

#define CFG_NKEYS (sizeof(cfg_keys) / sizeof(cfg_keys[0]))
#define CFG_FIELD_PTR(cfg, key) ((void *) ((char *) (cfg) + (key)->offset))

/* cfg_key_table - the table */

const CFG_KEY *cfg_key_table(size_t *count)
{
    *count = CFG_NKEYS;
    return (cfg_keys);
}

/* cfg_type_name - value type for the manual */

const char *cfg_type_name(CFG_TYPE type)
{
    static const char *const names[] = {
	"text", "path", "socket", "user[:group]", "number", "duration",
	"size", "boolean", "choice", "octal mode", "networks", "list",
    };

    return ((unsigned) type < sizeof(names) / sizeof(names[0]) ?
	    names[type] : "unknown");
}

/* cfg_valid_socket - check a milter socket specification */

static int cfg_valid_socket(const char *text, VSTR *why)
{
    const char *colon = strchr(text, ':');
    const char *path = text;
    const char *at;
    const char *cp;
    unsigned long port = 0;

    if (colon == 0 || text[0] == '/') {
	/* a bare path */
    } else if (strncasecmp(text, "local:", 6) == 0 || strncasecmp(text, "unix:", 5) == 0) {
	path = colon + 1;
    } else if (strncasecmp(text, "inet:", 5) == 0 || strncasecmp(text, "inet6:", 6) == 0) {
	cp = colon + 1;
	if (!isdigit((unsigned char) *cp)) {
	    vstr_strcpy(why, "expected a port number after inet: or inet6:");
	    return (-1);
	}
	for (; isdigit((unsigned char) *cp); cp++)
	    if ((port = port * 10 + (unsigned long) (*cp - '0')) > 65535)
		break;
	if (port == 0 || port > 65535 || (*cp != 0 && *cp != '@')) {
	    vstr_strcpy(why, "port must be a number from 1 to 65535");
	    return (-1);
	}
	at = *cp == '@' ? cp + 1 : 0;
	if (at != 0 && (*at == 0 || strpbrk(at, " \t/") != 0)) {
	    vstr_strcpy(why, "bad host after @");
	    return (-1);
	}
	return (0);
    } else {
	vstr_strcpy(why, "expected local:/path, inet:port@host or inet6:port@host");
	return (-1);
    }
    if (path[0] != '/') {
	vstr_strcpy(why, "a unix socket needs an absolute path");
	return (-1);
    }
    /* sockaddr_un.sun_path is 108 bytes on Linux, NUL included. */
    if (strlen(path) >= 108) {
	vstr_strcpy(why, "unix socket path too long (107 bytes at most)");
	return (-1);
    }
    return (0);
}

/* cfg_valid_user - user[:group] syntax */

static int cfg_valid_user(const char *text)
{
    const char *cp;
    int     colons = 0;

    if (*text == ':' || *text == '-')
	return (-1);
    for (cp = text; *cp; cp++) {
	if (*cp == ':') {
	    if (++colons > 1 || cp[1] == 0 || cp[1] == '-')
		return (-1);
	} else if (!isalnum((unsigned char) *cp) && *cp != '_' && *cp != '-'
		   && *cp != '.') {
	    return (-1);
	}
    }
    return (0);
}

/* cfg_list_parse - comma-separated items, blanks trimmed */

static char **cfg_list_parse(const char *text)
{
    char  **list = mymalloc(sizeof(*list));
    size_t  n = 0;
    const char *cp = text;

    while (*cp) {
	const char *end = strchr(cp, ',');
	const char *stop = end ? end : cp + strlen(cp);
	const char *b = cp;
	const char *e = stop;

	while (b < e && isspace((unsigned char) *b))
	    b++;
	while (e > b && isspace((unsigned char) e[-1]))
	    e--;
	if (e > b) {
	    list = myrealloc(list, (n + 2) * sizeof(*list));
	    list[n++] = mystrndup(b, (size_t) (e - b));
	}
	cp = end ? end + 1 : stop;
    }
    list[n] = 0;
    return (list);
}

/* cfg_list_free - release a list */

static void cfg_list_free(char **list)
{
    char  **cpp;

    if (list) {
	for (cpp = list; *cpp; cpp++)
	    myfree(*cpp);
	myfree(list);
    }
}

/* cfg_free_value - release one field */

static void cfg_free_value(const CFG_KEY *key, void *field)
{
    switch (key->type) {
    case CFG_T_STR:
    case CFG_T_PATH:
    case CFG_T_SOCKET:
    case CFG_T_USER:
	myfree(*(char **) field);
	*(char **) field = 0;
	break;
    case CFG_T_CIDRS:
	cidr_list_free(*(CIDR_LIST **) field);
	*(CIDR_LIST **) field = 0;
	break;
    case CFG_T_LIST:
	cfg_list_free(*(char ***) field);
	*(char ***) field = 0;
	break;
    default:
	break;
    }
}

/* cfg_enum_index - position of text in "a|b|c", or -1 */

static int cfg_enum_index(const char *choices, const char *text)
{
    const char *cp = choices;
    size_t  tlen = strlen(text);
    int     i;

    for (i = 0; cp && *cp; i++) {
	const char *bar = strchr(cp, '|');
	size_t  len = bar ? (size_t) (bar - cp) : strlen(cp);

	if (len == tlen && strncasecmp(cp, text, len) == 0)
	    return (i);
	cp = bar ? bar + 1 : 0;
    }
    return (-1);
}

/* cfg_parse_value - parse text into the field of one key */

static int cfg_parse_value(const CFG_KEY *key, const char *text, void *field,
			           VSTR *why)
{
    const char *cidr_why;
    size_t  where;
    unsigned long long ull;
    unsigned long lo = 0, hi = ULONG_MAX;
    long    msec;
    int     idx;
    char   *end;

    switch (key->type) {
    case CFG_T_STR:
	break;
    case CFG_T_PATH:
	if (*text != 0 && *text != '/') {
	    vstr_strcpy(why, "expected an absolute path");
	    return (-1);
	}
	break;
    case CFG_T_SOCKET:
	if (cfg_valid_socket(text, why) < 0)
	    return (-1);
	break;
    case CFG_T_USER:
	if (*text != 0 && cfg_valid_user(text) < 0) {
	    vstr_strcpy(why, "expected user or user:group");
	    return (-1);
	}
	break;
    case CFG_T_UINT:
	if (key->extra)
	    (void) sscanf(key->extra, "%lu-%lu", &lo, &hi);
	errno = 0;
	if (!isdigit((unsigned char) *text)
	    || (ull = strtoull(text, &end, 10), *end != 0 || errno != 0)
	    || ull < lo || ull > hi) {
	    vstr_sprintf(why, "expected a number from %lu to %lu", lo, hi);
	    return (-1);
	}
	*(unsigned long *) field = (unsigned long) ull;
	return (0);
    case CFG_T_TIME:
	if (units_time(text, &msec) < 0) {
	    vstr_strcpy(why, "expected a duration such as 500ms, 2s, 5m, 1h or 1d");
	    return (-1);
	}
	*(long *) field = msec;
	return (0);
    case CFG_T_SIZE:
	if (units_size(text, &ull) < 0) {
	    vstr_strcpy(why, "expected a size such as 26214400, 512k or 25M");
	    return (-1);
	}
	*(unsigned long long *) field = ull;
	return (0);
    case CFG_T_BOOL:
	if ((idx = cfg_enum_index("no|yes|false|true|off|on|0|1", text)) < 0) {
	    vstr_strcpy(why, "expected yes or no");
	    return (-1);
	}
	*(int *) field = idx % 2;
	return (0);
    case CFG_T_ENUM:
	if ((idx = cfg_enum_index(key->extra, text)) < 0) {
	    vstr_sprintf(why, "expected one of: %s", key->extra);
	    return (-1);
	}
	*(int *) field = idx;
	return (0);
    case CFG_T_MODE:
	errno = 0;
	if (*text == 0 || strspn(text, "01234567") != strlen(text)
	    || (ull = strtoull(text, &end, 8)) > 0777) {
	    vstr_strcpy(why, "expected an octal mode such as 0660");
	    return (-1);
	}
	*(unsigned *) field = (unsigned) ull;
	return (0);
    case CFG_T_CIDRS:{
	    CIDR_LIST *list = cidr_list_create();

	    if (cidr_list_parse(list, text, &cidr_why, &where) < 0) {
		vstr_sprintf(why, "%s at \"%.40s\"", cidr_why, text + where);
		cidr_list_free(list);
		return (-1);
	    }
	    cfg_free_value(key, field);
	    *(CIDR_LIST **) field = list;
	    return (0);
	}
    case CFG_T_LIST:
	cfg_free_value(key, field);
	*(char ***) field = cfg_list_parse(text);
	return (0);
    }
    /* String types. */
    cfg_free_value(key, field);
    *(char **) field = mystrdup(text);
    return (0);
}

/* cfg_alloc - every key at its default */

static CFG *cfg_alloc(void)
{
    CFG    *cfg = mycalloc(1, sizeof(*cfg));
    VSTR   *why = vstr_alloc(100);
    size_t  i;

    for (i = 0; i < CFG_NKEYS; i++) {
	if (cfg_parse_value(cfg_keys + i, cfg_keys[i].def,
			    CFG_FIELD_PTR(cfg, cfg_keys + i), why) < 0)
	    msg_panic("cfg_alloc: bad default for %s: %s", cfg_keys[i].name,
		      vstr_str(why));
	cfg->raw[i] = mystrdup(cfg_keys[i].def);
    }
    vstr_free(why);
    return (cfg);
}

/* cfg_defaults - configuration without a file */

CFG    *cfg_defaults(void)
{
    return (cfg_alloc());
}

/* cfg_free - release */

void    cfg_free(CFG *cfg)
{
    size_t  i;

    if (cfg == 0)
	return;
    for (i = 0; i < CFG_NKEYS; i++) {
	cfg_free_value(cfg_keys + i, CFG_FIELD_PTR(cfg, cfg_keys + i));
	myfree(cfg->raw[i]);
    }
    myfree(cfg->path);
    myfree(cfg);
}

/* cfg_find - key by name, case-insensitive */

static const CFG_KEY *cfg_find(const char *name, size_t len)
{
    size_t  i;

    for (i = 0; i < CFG_NKEYS; i++)
	if (strlen(cfg_keys[i].name) == len
	    && strncasecmp(cfg_keys[i].name, name, len) == 0)
	    return (cfg_keys + i);
    return (0);
}

/* cfg_check - rules that involve several keys */

static int cfg_check(CFG *cfg, const char *name, VSTR *err)
{
#define CFG_ERR(id, text) do { \
	vstr_sprintf(err, "%s:%d: %s: %s", name, cfg->line[id], \
		     cfg_keys[id].name, (text)); \
	return (-1); \
    } while (0)

    if (*cfg->ldap_bind_dn && !*cfg->ldap_bind_password_file)
	CFG_ERR(CFG_KEY_ldap_bind_dn, "a bind DN needs LDAPBindPasswordFile");
    if (!*cfg->ldap_uri)
	CFG_ERR(CFG_KEY_ldap_uri, "the directory URI must not be empty");
    /* A URI that dir_create() refuses would leave no directory client. */
    if (dir_uri_check(cfg->ldap_uri, err) < 0) {
	VSTR   *why = vstr_alloc(100);

	vstr_strcpy(why, vstr_str(err));
	vstr_sprintf(err, "%s:%d: %s: %s", name, cfg->line[CFG_KEY_ldap_uri],
		     cfg_keys[CFG_KEY_ldap_uri].name, vstr_str(why));
	vstr_free(why);
	return (-1);
    }
    if (!*cfg->patient_domain)
	CFG_ERR(CFG_KEY_patient_domain, "the patient domain must not be empty");
    if (cfg->peer_certificate != CFG_PEER_OFF && cfg->trusted_issuers[0] == 0)
	CFG_ERR(CFG_KEY_trusted_issuers,
		"empty while PeerCertificate is not off: no peer could pass");
    if (cfg->trust_refresh < 1000)
	CFG_ERR(CFG_KEY_trust_refresh, "must be at least 1s");
    if (cfg->ldap_timeout < 1)
	CFG_ERR(CFG_KEY_ldap_timeout, "must not be 0");
    return (0);
}

/* cfg_parse_line - one line; 1 when it set a key, 0 blank, -1 error */

static int cfg_parse_line(CFG *cfg, const char *name, int lineno, char *line,
			          VSTR *err, VSTR *why)
{
    char   *cp = line;
    char   *key_end;
    char   *val;
    char   *hash;
    char   *end;
    const CFG_KEY *key;
    size_t  id;

    while (isspace((unsigned char) *cp))
	cp++;
    if (*cp == 0 || *cp == '#')
	return (0);
    /* A "#" after a blank starts a comment. */
    for (hash = cp; (hash = strchr(hash, '#')) != 0; hash++) {
	if (isspace((unsigned char) hash[-1])) {
	    *hash = 0;
	    break;
	}
    }
    end = cp + strlen(cp);
    while (end > cp && isspace((unsigned char) end[-1]))
	*--end = 0;
    for (key_end = cp; *key_end && !isspace((unsigned char) *key_end); key_end++)
	 /* void */ ;
    if ((key = cfg_find(cp, (size_t) (key_end - cp))) == 0) {
	vstr_sprintf(err, "%s:%d: %.*s: unknown key", name, lineno,
		     (int) (key_end - cp > 64 ? 64 : key_end - cp), cp);
	return (-1);
    }
    id = (size_t) (key - cfg_keys);
    for (val = key_end; isspace((unsigned char) *val); val++)
	 /* void */ ;
    if (*val == 0) {
	vstr_sprintf(err, "%s:%d: %s: missing value", name, lineno, key->name);
	return (-1);
    }
    if (cfg->line[id] != 0) {
	vstr_sprintf(err, "%s:%d: %s: already set at line %d", name, lineno,
		     key->name, cfg->line[id]);
	return (-1);
    }
    if (cfg_parse_value(key, val, CFG_FIELD_PTR(cfg, key), why) < 0) {
	vstr_sprintf(err, "%s:%d: %s: %s", name, lineno, key->name, vstr_str(why));
	return (-1);
    }
    myfree(cfg->raw[id]);
    cfg->raw[id] = mystrdup(val);
    cfg->line[id] = lineno;
    return (1);
}

/* cfg_err_printable - no control character of the file in the message */

static void cfg_err_printable(VSTR *err)
{
    size_t  i;

    /*
     * Errors quote the file (a key, a value): a control byte there (ESC,
     * CR, ...) would reach the terminal or the log as is. Found by
     * tests/fuzz/fuzz_cfg.
     */
    for (i = 0; i < vstr_len(err); i++)
	if ((unsigned char) err->buf[i] < 0x20 || err->buf[i] == 0x7f)
	    err->buf[i] = '?';
}

/* cfg_parse_text - parse a whole configuration text */

static CFG *cfg_parse_text(const char *name, const char *text, VSTR *err)
{
    CFG    *cfg = cfg_alloc();
    VSTR   *why = vstr_alloc(100);
    const char *cp = text;
    int     lineno = 0;

    cfg->path = mystrdup(name);
    while (*cp) {
	size_t  len = strcspn(cp, "\n");
	char   *line = mystrndup(cp, len);
	int     ret;

	lineno++;
	if (strlen(line) != len) {
	    vstr_sprintf(err, "%s:%d: NUL byte in the file", name, lineno);
	    ret = -1;
	} else {
	    ret = cfg_parse_line(cfg, name, lineno, line, err, why);
	}
	myfree(line);
	if (ret < 0) {
	    cfg_err_printable(err);
	    vstr_free(why);
	    cfg_free(cfg);
	    return (0);
	}
	cp += len;
	if (*cp == '\n')
	    cp++;
    }
    vstr_free(why);
    if (cfg_check(cfg, name, err) < 0) {
	cfg_err_printable(err);
	cfg_free(cfg);
	return (0);
    }
    return (cfg);
}

/* cfg_parse_string - parse text (tests) */

CFG    *cfg_parse_string(const char *name, const char *text, VSTR *err)
{
    return (cfg_parse_text(name, text, err));
}

/* cfg_load - read and parse a file */

CFG    *cfg_load(const char *path, VSTR *err)
{
    FILE   *fp;
    VSTR   *text;
    char    buf[4096];
    size_t  n;
    CFG    *cfg;

    if ((fp = fopen(path, "r")) == 0) {
	vstr_sprintf(err, "%s:0: cannot open: %s", path, strerror(errno));
	return (0);
    }
    text = vstr_alloc(4096);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
	vstr_ncat(text, buf, n);
	if (vstr_len(text) > 1024 * 1024) {
	    vstr_sprintf(err, "%s:0: file larger than 1 MB", path);
	    fclose(fp);
	    vstr_free(text);
	    return (0);
	}
    }
    if (ferror(fp)) {
	vstr_sprintf(err, "%s:0: read error: %s", path, strerror(errno));
	fclose(fp);
	vstr_free(text);
	return (0);
    }
    fclose(fp);
    /* An embedded NUL shows as a short line: cfg_parse_text() detects it. */
    if (strlen(vstr_str(text)) != vstr_len(text)) {
	size_t  i;
	int     lineno = 1;

	for (i = 0; text->buf[i]; i++)
	    lineno += text->buf[i] == '\n';
	vstr_sprintf(err, "%s:%d: NUL byte in the file", path, lineno);
	vstr_free(text);
	return (0);
    }
    cfg = cfg_parse_text(path, vstr_str(text), err);
    vstr_free(text);
    return (cfg);
}

/* cfg_restart_changes - restart-only keys that differ */

int     cfg_restart_changes(const CFG *old, const CFG *new, VSTR *names)
{
    size_t  i;
    int     count = 0;

    for (i = 0; i < CFG_NKEYS; i++) {
	if (cfg_keys[i].reload == CFG_RELOAD || strcmp(old->raw[i], new->raw[i]) == 0)
	    continue;
	vstr_sprintf_append(names, "%s%s", vstr_len(names) ? ", " : "",
			    cfg_keys[i].name);
	count++;
    }
    return (count);
}

/* cfg_troff - write text with troff escapes */

static void cfg_troff(FILE *fp, const char *text)
{
    const char *cp;

    for (cp = text; *cp; cp++) {
	if (*cp == '\\')
	    fputs("\\e", fp);
	else if (*cp == '-')
	    fputs("\\-", fp);
	else if ((*cp == '.' || *cp == '\'') && cp == text)
	    fprintf(fp, "\\&%c", *cp);
	else
	    fputc(*cp, fp);
    }
}

/* cfg_dump_keys - the key list of mssante-milter.conf(5) */

void    cfg_dump_keys(FILE *fp)
{
    size_t  i;

    for (i = 0; i < CFG_NKEYS; i++) {
	const CFG_KEY *key = cfg_keys + i;

	fputs(".TP\n.B ", fp);
	cfg_troff(fp, key->name);
	fputs("\n(", fp);
	cfg_troff(fp, key->type == CFG_T_ENUM ? key->extra : cfg_type_name(key->type));
	fputs("; default: ", fp);
	if (*key->def) {
	    fputs("\\fB", fp);
	    cfg_troff(fp, key->def);
	    fputs("\\fR", fp);
	} else {
	    fputs("empty", fp);
	}
	fputs(key->reload == CFG_RELOAD ? "; reloadable)\n" : "; needs a restart)\n", fp);
	cfg_troff(fp, key->doc);
	fputc('\n', fp);
    }
}
