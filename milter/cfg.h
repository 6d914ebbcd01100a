#ifndef CFG_H_INCLUDED
#define CFG_H_INCLUDED

/*++
/* NAME
/*	cfg 3h
/* SUMMARY
/*	the daemon's configuration file: one typed table of keys
/* SYNOPSIS
/*	#include "cfg.h"
/* DESCRIPTION
/*	See cfg.c. Adding a key is one row in CFG_KEYS below: the row
/*	declares the field of the CFG structure, its parser, its default,
/*	whether a reload applies it, and the documentation that -n errors
/*	and mssante-milter.conf(5) show.
/*--*/

#include <stdio.h>
#include "vstr.h"
#include "cidr.h"

#define CFG_DEFAULT_PATH	"/etc/mssante-milter/mssante-milter.conf"

 /*
  * Value types. The C type of a field follows from its value type
  * (CFG_CTYPE_<type> below).
  */
typedef enum CFG_TYPE {
    CFG_T_STR,				/* any text */
    CFG_T_PATH,				/* absolute path, or empty */
    CFG_T_SOCKET,			/* local:/path, inet:port@host... */
    CFG_T_USER,				/* user[:group], or empty */
    CFG_T_UINT,				/* decimal; extra = "min-max" */
    CFG_T_TIME,				/* 500ms, 2s, 5m, 1h, 1d; plain = s */
    CFG_T_SIZE,				/* bytes; k, M, G suffixes (1024) */
    CFG_T_BOOL,				/* yes/no, true/false, on/off, 1/0 */
    CFG_T_ENUM,				/* extra = "a|b|c"; value = index */
    CFG_T_MODE,				/* octal file mode */
    CFG_T_CIDRS,			/* IPv4/IPv6 networks */
    CFG_T_LIST				/* comma-separated texts */
} CFG_TYPE;

#define CFG_CTYPE_CFG_T_STR	char *
#define CFG_CTYPE_CFG_T_PATH	char *
#define CFG_CTYPE_CFG_T_SOCKET	char *
#define CFG_CTYPE_CFG_T_USER	char *
#define CFG_CTYPE_CFG_T_UINT	unsigned long
#define CFG_CTYPE_CFG_T_TIME	long		/* milliseconds */
#define CFG_CTYPE_CFG_T_SIZE	unsigned long long
#define CFG_CTYPE_CFG_T_BOOL	int
#define CFG_CTYPE_CFG_T_ENUM	int
#define CFG_CTYPE_CFG_T_MODE	unsigned
#define CFG_CTYPE_CFG_T_CIDRS	CIDR_LIST *
#define CFG_CTYPE_CFG_T_LIST	char **		/* NULL-terminated */

#define CFG_RELOAD	1		/* SIGHUP applies a new value */
#define CFG_RESTART	0		/* needs a restart */

 /*
  * Enumerations (index of the value in the row's "extra" list).
  */
#define CFG_MODE_ENFORCE	0
#define CFG_MODE_MONITOR	1
#define CFG_ONERR_TEMPFAIL	0
#define CFG_ONERR_ACCEPT	1
#define CFG_ONERR_REJECT	2
#define CFG_PEER_REJECT		0
#define CFG_PEER_MONITOR	1
#define CFG_PEER_OFF		2
#define CFG_LANG_FR		0
#define CFG_LANG_EN		1
#define CFG_FACILITIES	"mail|daemon|user|local0|local1|local2|local3|local4|local5|local6|local7"

 /*
  * X(field, "Name", type, "default", reload, "extra", "documentation")
  */
#define CFG_KEYS(X) \
X(socket, "Socket", CFG_T_SOCKET, "local:/run/mssante-milter/mssante-milter.sock", CFG_RESTART, 0, \
  "Where the milter listens: local:/path (a unix socket; unix:/path and a bare /path are " \
  "the same), inet:port@host or inet6:port@host. A stale unix socket is removed. " \
  "The -p option overrides it.") \
X(socket_mode, "SocketMode", CFG_T_MODE, "0660", CFG_RESTART, 0, \
  "Permissions of a unix socket (octal). The socket belongs to UserID and its group: the MTA " \
  "(user postfix) must be able to connect, so either add postfix to that group or use 0666 " \
  "in a directory that only the MTA can reach.") \
X(user_id, "UserID", CFG_T_USER, "", CFG_RESTART, 0, \
  "user[:group] to run as once the socket is bound and secrets are read. Empty: keep the " \
  "invoking user (a warning is logged when that is root). The -u option overrides it.") \
X(pid_file, "PidFile", CFG_T_PATH, "", CFG_RESTART, 0, \
  "File to write the process id to (removed at exit). Empty: none. The -P option overrides it.") \
X(syslog, "Syslog", CFG_T_BOOL, "yes", CFG_RESTART, 0, \
  "Log to syslog. With -f -v the lines also go to standard error.") \
X(syslog_facility, "SyslogFacility", CFG_T_ENUM, "mail", CFG_RESTART, CFG_FACILITIES, \
  "Syslog facility; mail puts the lines beside the MTA's.") \
X(hostname, "Hostname", CFG_T_STR, "", CFG_RELOAD, 0, \
  "Name written as host= in X-MSSante-Policy. Empty: the MTA's {j} macro, else the system " \
  "host name.") \
X(mode, "Mode", CFG_T_ENUM, "enforce", CFG_RELOAD, "enforce|monitor", \
  "enforce applies the verdicts; monitor never refuses anything but logs what enforce would " \
  "have done (would=reject) and says it in X-MSSante-Policy (result=would-reject).") \
X(reply_language, "ReplyLanguage", CFG_T_ENUM, "fr", CFG_RELOAD, "fr|en", \
  "Language of SMTP reply texts (US-ASCII French by default).") \
X(ldap_uri, "LDAPURI", CFG_T_STR, "ldap://127.0.0.1/", CFG_RELOAD, 0, \
  "URI of the LDAP mirror of the trust space (ldap://host:port/ or ldapi://path/).") \
X(ldap_base, "LDAPBase", CFG_T_STR, "o=mssante", CFG_RELOAD, 0, \
  "Base DN of the mirror (the suffix that mssante-mirror loads).") \
X(ldap_bind_dn, "LDAPBindDN", CFG_T_STR, "", CFG_RELOAD, 0, \
  "DN to bind as. Empty: anonymous bind.") \
X(ldap_bind_password_file, "LDAPBindPasswordFile", CFG_T_PATH, "", CFG_RELOAD, 0, \
  "File holding the bind password (first line). Read as root before privileges are " \
  "dropped; a reload keeps the old password if the file is no longer readable.") \
X(ldap_timeout, "LDAPTimeout", CFG_T_TIME, "2s", CFG_RELOAD, 0, \
  "Time limit of each LDAP operation.") \
X(ldap_pool_size, "LDAPPoolSize", CFG_T_UINT, "4", CFG_RELOAD, "1-256", \
  "LDAP connections kept open.") \
X(ldap_cache_size, "LDAPCacheSize", CFG_T_UINT, "10000", CFG_RELOAD, "0-10000000", \
  "Mailbox lookups kept in memory (0: no cache).") \
X(ldap_cache_ttl, "LDAPCacheTTL", CFG_T_TIME, "300s", CFG_RELOAD, 0, \
  "How long a found mailbox stays cached.") \
X(ldap_cache_neg_ttl, "LDAPCacheNegativeTTL", CFG_T_TIME, "60s", CFG_RELOAD, 0, \
  "How long a mailbox not found stays cached.") \
X(trust_refresh, "TrustRefresh", CFG_T_TIME, "5m", CFG_RELOAD, 0, \
  "How often the trust-space snapshot (whitelisted domains and operator certificates) is " \
  "reloaded from the directory. A failed refresh keeps the previous snapshot.") \
X(internal_hosts, "InternalHosts", CFG_T_CIDRS, "127.0.0.1/8, ::1/128", CFG_RELOAD, 0, \
  "Networks (IPv4 and IPv6 CIDR, comma or blank separated) whose mail is outbound and " \
  "whose X-MSSante-Policy headers are kept.") \
X(internal_daemons, "InternalDaemons", CFG_T_LIST, "", CFG_RELOAD, 0, \
  "Postfix {daemon_name} values (the master.cf service name, e.g. submission) whose mail " \
  "is outbound, comma-separated. Authenticated clients ({auth_authen}) are outbound anyway.") \
X(patient_domain, "PatientDomain", CFG_T_STR, "patient.mssante.fr", CFG_RELOAD, 0, \
  "Domain of patient addresses (<INS>@domain), whose local part must be a valid INS.") \
X(patient_max_size, "PatientMaxSize", CFG_T_SIZE, "25M", CFG_RELOAD, 0, \
  "Largest message accepted for a patient recipient (SIZE= at RCPT time, counted size at " \
  "end of message); 0: no limit. Suffixes k, M, G are powers of 1024.") \
X(on_dir_error, "On-DirectoryError", CFG_T_ENUM, "tempfail", CFG_RELOAD, "tempfail|accept|reject", \
  "What to do when no trust snapshot could be loaded from the directory.") \
X(on_internal_error, "On-InternalError", CFG_T_ENUM, "tempfail", CFG_RELOAD, "tempfail|accept|reject", \
  "What to do when the milter itself fails on a message.") \
X(peer_certificate, "PeerCertificate", CFG_T_ENUM, "reject", CFG_RELOAD, "reject|monitor|off", \
  "Inbound mail must come over TLS with a client certificate that the MTA verified, issued " \
  "by a TrustedIssuers CA, whose CN is an operator certificate listed for the sender's " \
  "domain. reject refuses other mail; monitor only logs; off does not check.") \
X(trusted_issuers, "TrustedIssuers", CFG_T_LIST, "AC IGC-SANTE ELEMENTAIRE ORGANISATIONS", CFG_RELOAD, 0, \
  "Common names of the CAs whose client certificates are accepted (Postfix's {cert_issuer}), " \
  "comma-separated, compared case-insensitively.") \
X(header_checks, "HeaderChecks", CFG_T_BOOL, "yes", CFG_RELOAD, 0, \
  "Check that every From, Reply-To and Disposition-Notification-To address is in the " \
  "trust space.")

typedef enum CFG_KEY_ID {
#define CFG_ID(field, name, type, def, reload, extra, doc) CFG_KEY_##field,
    CFG_KEYS(CFG_ID)
#undef CFG_ID
    CFG_KEY_COUNT
} CFG_KEY_ID;

typedef struct CFG {
#define CFG_FIELD(field, name, type, def, reload, extra, doc) \
    CFG_CTYPE_##type field;
    CFG_KEYS(CFG_FIELD)
#undef CFG_FIELD
    char   *path;			/* file read, or NULL for defaults */
    char   *raw[CFG_KEY_COUNT];		/* each value as written */
    int     line[CFG_KEY_COUNT];	/* where it was set; 0: default */
} CFG;

typedef struct CFG_KEY {
    const char *name;
    CFG_TYPE type;
    const char *def;
    int     reload;
    const char *extra;
    const char *doc;
    size_t  offset;
} CFG_KEY;

extern CFG *cfg_defaults(void);
extern CFG *cfg_load(const char *, VSTR *);
extern CFG *cfg_parse_string(const char *, const char *, VSTR *);
extern void cfg_free(CFG *);
extern const CFG_KEY *cfg_key_table(size_t *);
extern const char *cfg_type_name(CFG_TYPE);
extern int cfg_restart_changes(const CFG *, const CFG *, VSTR *);
extern void cfg_dump_keys(FILE *);
extern int cfg_parse_time(const char *, long *);
extern int cfg_parse_size(const char *, unsigned long long *);

#endif
