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
#include "units.h"

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
#define CFG_STALE_WARN		0
#define CFG_STALE_TEMPFAIL	1
#define CFG_FACILITIES	"mail|daemon|user|local0|local1|local2|local3|local4|local5|local6|local7"

 /*
  * X(field, "Name", type, "default", reload, "extra", "documentation")
  */
#define CFG_KEYS(X) \
X(socket, "Socket", CFG_T_SOCKET, "local:/var/spool/postfix/mssante-milter/mssante-milter.sock", CFG_RESTART, 0, \
  "Where the milter listens: local:/path (a unix socket; unix:/path and a bare /path are " \
  "the same), inet:port@host or inet6:port@host. A stale unix socket is removed. " \
  "inet:port and inet6:port without a host listen on loopback only (127.0.0.1, ::1): the " \
  "milter protocol has no authentication, so anyone who can connect can ask for verdicts " \
  "and see the replies; every interface only when asked for (inet:port@0.0.0.0), behind a " \
  "firewall. The -p option overrides it. The default is inside Postfix's queue directory, " \
  "where a chrooted smtpd reaches it as unix:/mssante-milter/mssante-milter.sock.") \
X(socket_mode, "SocketMode", CFG_T_MODE, "0660", CFG_RESTART, 0, \
  "Permissions of a unix socket (octal). The socket belongs to UserID and its group: the MTA " \
  "(user postfix) must be able to connect, so either add postfix to that group or use 0666 " \
  "in a directory that only the MTA can reach.") \
X(user_id, "UserID", CFG_T_USER, "", CFG_RESTART, 0, \
  "user[:group] to run as once the socket is bound and secrets are read. Empty: keep the " \
  "invoking user (a warning is logged when that is root). The -u option overrides it.") \
X(pid_file, "PidFile", CFG_T_PATH, "", CFG_RESTART, 0, \
  "File to write the process id to (removed at exit). Empty: none. The -P option overrides it. " \
  "The logrotate snippet of the audit trail signals the pid in " \
  "/run/mssante-milter/mssante-milter.pid, as the example configuration sets it. Written " \
  "by the user the daemon starts as (root, or the packaged unit's User=, mssante-milter), " \
  "before any switch to UserID: a symbolic link, a hard link, a file that is not regular " \
  "or that belongs to another user at that path is refused, and the daemon does not " \
  "start.") \
X(syslog, "Syslog", CFG_T_BOOL, "yes", CFG_RESTART, 0, \
  "Log to syslog. With -f -v the lines also go to standard error.") \
X(syslog_facility, "SyslogFacility", CFG_T_ENUM, "mail", CFG_RESTART, CFG_FACILITIES, \
  "Syslog facility; mail puts the lines beside the MTA's.") \
X(metrics_listen, "MetricsListen", CFG_T_STR, "", CFG_RESTART, 0, \
  "Where to serve Prometheus metrics (GET /metrics, text format 0.0.4): host:port " \
  "(127.0.0.1:9849), [address]:port, inet:port@host, inet6:port@host (without a host: " \
  "loopback) or unix:/path (a unix socket of mode 0660 given to UserID and its group). " \
  "Bound before privileges are dropped. The endpoint has no authentication: keep it on " \
  "loopback or behind a firewall. Empty: no endpoint. The metrics are listed in " \
  "mssante-milter(8).") \
X(audit_log, "AuditLog", CFG_T_PATH, "", CFG_RESTART, 0, \
  "Audit trail: one hash-chained JSON record per SMTP transaction, refused and aborted ones " \
  "included (format in mssante-milter-audit(5), review with mssante-audit(1)). Empty: none. " \
  "Opened before privileges are dropped and given to UserID; its directory must be writable " \
  "by UserID, which creates the next file when SIGUSR1 or SIGHUP follows a rotation. A " \
  "symbolic link, a hard link, a file that is not regular or that belongs to another user " \
  "than root or UserID is refused (at start the daemon does not start; after a rotation " \
  "records go on into the renamed file).") \
X(audit_key_file, "AuditKeyFile", CFG_T_PATH, "", CFG_RESTART, 0, \
  "Site key of the audit trail (32 to 512 hex digits), required with AuditLog: it keys the " \
  "patient pseudonyms and the checkpoints. Read as root before privileges are dropped; " \
  "refused when other users may read it (mode 0600 or 0640).") \
X(audit_sync, "AuditSync", CFG_T_STR, "interval", CFG_RESTART, 0, \
  "When audit records are forced to the disk: every (after each record), interval (every " \
  "second), an interval such as 200ms or 5s, or none (left to the kernel).") \
X(audit_checkpoint, "AuditCheckpoint", CFG_T_TIME, "300s", CFG_RESTART, 0, \
  "Longest time between two seals of the audit trail: a timer writes a checkpoint record " \
  "(the chain head sealed with the key, its head logged) this long after the last seal, " \
  "traffic or not; a checkpoint also closes each rotated file and the file at shutdown. " \
  "0: only those (mssante-audit verify cannot then check the gaps). See " \
  "mssante-milter-audit(5).") \
X(on_audit_error, "On-AuditError", CFG_T_ENUM, "tempfail", CFG_RELOAD, "tempfail|accept", \
  "What to do with a message whose audit record cannot be written (disk full, I/O error): " \
  "tempfail answers 451 4.3.0 at the end of the message (rule audit.error, in monitor mode " \
  "too), so that no decision is applied unrecorded; accept applies the decision and logs " \
  "the error. A transaction that ends before its message is only logged.") \
X(hostname, "Hostname", CFG_T_STR, "", CFG_RELOAD, 0, \
  "Name written as host= in X-MSSante-Policy. Empty: the MTA's {j} macro, else the system " \
  "host name.") \
X(mode, "Mode", CFG_T_ENUM, "enforce", CFG_RELOAD, "enforce|monitor", \
  "enforce applies the verdicts; monitor never refuses anything but logs what enforce would " \
  "have done (would=reject) and says it in X-MSSante-Policy (result=would-reject).") \
X(reply_language, "ReplyLanguage", CFG_T_ENUM, "fr", CFG_RELOAD, "fr|en", \
  "Language of SMTP reply texts (US-ASCII French by default).") \
X(ldap_uri, "LDAPURI", CFG_T_STR, "ldap://127.0.0.1/", CFG_RELOAD, 0, \
  "URI of the LDAP mirror of the trust space, one server: ldap://host[:port]/, " \
  "ldaps://host[:port]/ or ldapi://%2Fescaped%2Fpath/ (no DN or query part). " \
  "-n and a reload refuse a URI that ldap_url_parse does not read so (a reload " \
  "keeps the current directory client).") \
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
  "How long a found mailbox stays cached (0: not cached).") \
X(ldap_cache_neg_ttl, "LDAPCacheNegativeTTL", CFG_T_TIME, "60s", CFG_RELOAD, 0, \
  "How long a mailbox not found stays cached (0: not cached).") \
X(trust_refresh, "TrustRefresh", CFG_T_TIME, "5m", CFG_RELOAD, 0, \
  "How often the trust-space snapshot (whitelisted domains and operator certificates) is " \
  "reloaded from the directory. A failed refresh keeps the previous snapshot.") \
X(trust_max_age, "TrustMaxAge", CFG_T_TIME, "3d", CFG_RELOAD, 0, \
  "Oldest whitelist trusted without complaint: past this age of its DateDeGeneration " \
  "(mssWhitelistGenerated in cn=metadata, written by mssante-mirror), every refresh logs a " \
  "warning and TrustMaxAgeAction applies. The ANS publishes the list daily. 0: no limit.") \
X(trust_max_age_action, "TrustMaxAgeAction", CFG_T_ENUM, "warn", CFG_RELOAD, "warn|tempfail", \
  "What a whitelist older than TrustMaxAge does to mail: warn only logs; tempfail answers " \
  "each recipient 451 4.4.3 (rule dir.error, detail \"liste blanche perimee\") until a " \
  "fresh list is loaded.") \
X(internal_hosts, "InternalHosts", CFG_T_CIDRS, "127.0.0.1/8, ::1/128", CFG_RELOAD, 0, \
  "Networks (IPv4 and IPv6 CIDR, comma or blank separated) whose mail is outbound and " \
  "whose X-MSSante-Policy headers are kept.") \
X(internal_daemons, "InternalDaemons", CFG_T_LIST, "", CFG_RELOAD, 0, \
  "Postfix {daemon_name} values whose mail is outbound, comma-separated. Postfix sends " \
  "milter_macro_daemon_name: $myhostname, unless the master.cf service sets e.g. " \
  "-o milter_macro_daemon_name=submission. Authenticated clients ({auth_authen}) are " \
  "outbound anyway.") \
X(patient_domain, "PatientDomain", CFG_T_STR, "patient.mssante.fr", CFG_RELOAD, 0, \
  "Domain of patient addresses (<INS>@domain), whose local part must be a valid INS. " \
  "Their local parts never reach the log, the audit trail or an added header in clear, " \
  "whatever the spelling; after a reload the new domain applies there from the next " \
  "transaction.") \
X(patient_max_size, "PatientMaxSize", CFG_T_SIZE, "25000000", CFG_RELOAD, 0, \
  "Largest message accepted for a patient recipient (SIZE= at RCPT time, counted size at " \
  "end of message, as sent: attachments base64-encoded); 0: no limit. Suffixes k, M, G " \
  "are powers of 1024. Mon espace sante bounces a message over 25 MB in total without " \
  "saying which megabyte: the default is the smaller reading, 25,000,000 bytes (25M " \
  "would be 26,214,400), so that nothing this milter lets through bounces later " \
  "(doc/rules.md).") \
X(on_dir_error, "On-DirectoryError", CFG_T_ENUM, "tempfail", CFG_RELOAD, "tempfail|accept|reject", \
  "What to do when no trust snapshot could be loaded from the directory.") \
X(on_internal_error, "On-InternalError", CFG_T_ENUM, "tempfail", CFG_RELOAD, "tempfail|accept|reject", \
  "What to do when the milter itself fails on a message.") \
X(peer_certificate, "PeerCertificate", CFG_T_ENUM, "reject", CFG_RELOAD, "reject|monitor|off", \
  "Inbound mail must come over TLS with a client certificate that the MTA verified, issued " \
  "by a TrustedIssuers CA, whose subject is an operator certificate listed for the " \
  "sender's domain: the whole DN is compared with the listed DNCertificatOperateur when " \
  "the MTA gives the whole subject ({cert_subject} of sendmail, xtext-decoded), the CN " \
  "with the listed DN's CN when it gives only the CN (Postfix); the -v log and the audit " \
  "record say which (dn or cn). reject refuses other mail; monitor only logs; off does " \
  "not check.") \
X(trusted_issuers, "TrustedIssuers", CFG_T_LIST, "AC IGC-SANTE ELEMENTAIRE ORGANISATIONS", CFG_RELOAD, 0, \
  "Common names of the CAs whose client certificates are accepted, comma-separated, " \
  "compared case-insensitively with the issuer's CN: Postfix's {cert_issuer} is that CN; " \
  "with sendmail, whose {cert_issuer} is the issuer's whole DN (xtext-encoded), the CN is " \
  "taken from that DN.") \
X(header_checks, "HeaderChecks", CFG_T_BOOL, "yes", CFG_RELOAD, 0, \
  "Check that every From, Reply-To and Disposition-Notification-To address is in the " \
  "trust space.") \
X(documents, "Documents", CFG_T_BOOL, "yes", CFG_RELOAD, 0, \
  "Read the MIME parts and IHE_XDM archives of every message: tag each document with an " \
  "X-MSSante-Category header (copies arriving with the message are deleted) and apply the " \
  "document rules (DocumentRules). no: bodies are not read, except to count the size of " \
  "messages to patients.") \
X(document_spool, "DocumentSpool", CFG_T_PATH, "", CFG_RELOAD, 0, \
  "Directory of the temporary files that hold a message past its first 256 KB and each " \
  "decoded IHE_XDM.zip while they are read; each file is unlinked as soon as it is created. " \
  "Empty: $TMPDIR, else /tmp. It must be writable by UserID; a spool that fails (disk " \
  "full) tempfails the message (On-InternalError).") \
X(document_max_size, "DocumentMaxSize", CFG_T_SIZE, "64M", CFG_RELOAD, 0, \
  "Largest message whose documents are analysed. A larger message, or one beyond the " \
  "parser's limits (nesting, parts, header lines), is not analysed: rule doc.unanalysed.") \
X(document_max_archives, "DocumentMaxArchives", CFG_T_UINT, "10", CFG_RELOAD, "1-1000", \
  "IHE_XDM archives read per message. The next ones are not opened and the message is " \
  "refused by rule doc.xdm_unsafe (French reply: analyse trop couteuse).") \
X(document_max_entries, "DocumentMaxEntries", CFG_T_UINT, "2000", CFG_RELOAD, "1-1000000", \
  "Zip entries over all the IHE_XDM archives of a message (each archive also has its " \
  "own limit of 1000): more is refused by rule doc.xdm_unsafe.") \
X(document_max_inflated, "DocumentMaxInflated", CFG_T_SIZE, "64M", CFG_RELOAD, 0, \
  "Octets decompressed over all the IHE_XDM archives of a message, counted as they are " \
  "produced: the read stops at the limit and rule doc.xdm_unsafe refuses the message. " \
  "Every entry is also held to 100 times its compressed size past its first 64 KB.") \
X(document_time_limit, "DocumentTimeLimit", CFG_T_TIME, "20s", CFG_RELOAD, 0, \
  "Time that reading the IHE_XDM archives of a message may take, checked after every " \
  "64 KB decompressed and parsed. Past it the work stops (keep it under the MTA's milter " \
  "timeout: after that nobody waits for the answer) and the message is tempfailed " \
  "(internal.error, On-InternalError). 0: no limit.") \
X(category_table, "CategoryTable", CFG_T_PATH, "", CFG_RELOAD, 0, \
  "The JDV_J07 table of document types (code TAB display TAB code system, one per line), " \
  "read at start and on each reload. Empty: jdv-j07-typecode.tsv as installed with the " \
  "milter (its data directory); when that file is missing, codes are tagged without being " \
  "judged. A table with any bad line is refused: the daemon does not start, and a reload " \
  "keeps the previous table.") \
X(class_table, "ClassTable", CFG_T_PATH, "", CFG_RELOAD, 0, \
  "The TRE_A03 table of document classes (code TAB display, one per line), read at start " \
  "and on each reload like CategoryTable. Empty: tre-a03-classcode.tsv as installed with " \
  "the milter; when that file is missing, classes are tagged without being judged. Each " \
  "known classCode gets its label (class_display= in X-MSSante-Category); an unknown one " \
  "is rule doc.class_unknown. A table with any bad line is refused like CategoryTable.") \
X(category_rules, "CategoryRules", CFG_T_PATH, "", CFG_RELOAD, 0, \
  "File of rules that give a category to attachments outside an IHE_XDM archive, one per " \
  "line, first match wins: sender=ADDR|@domain name=GLOB code=CODE [system=OID] (# starts " \
  "a comment). Empty: none. A file with a bad line is refused like CategoryTable.") \
X(document_rules, "DocumentRules", CFG_T_LIST, "", CFG_RELOAD, 0, \
  "Actions of the document rules: comma-separated rule=action pairs, the action being off, " \
  "warn, quarantine, tempfail or reject (e.g. doc.codecda=reject, doc.x_mss_nil=off). A " \
  "rule not listed keeps its default: reject for doc.patient_mismatch and doc.xdm_unsafe, " \
  "warn for the other conformance rules, and towards a patient reject for " \
  "doc.ins_unqualified, doc.category_missing and doc.category_unknown; doc.unanalysed " \
  "takes the action of doc.patient_mismatch when the message has a patient recipient, " \
  "warn otherwise. A rule listed here has that action for every message, towards " \
  "patients too, unless PatientDocumentRules names it.") \
X(patient_document_rules, "PatientDocumentRules", CFG_T_LIST, "", CFG_RELOAD, 0, \
  "Actions of the document rules for a message with a patient recipient, over " \
  "DocumentRules: comma-separated rule=action pairs as in DocumentRules (e.g. " \
  "doc.category_unknown=warn). A rule not listed keeps the action DocumentRules gives it, " \
  "or its default towards patients.") \
X(app_strict, "AppStrict", CFG_T_BOOL, "no", CFG_RELOAD, 0, \
  "yes: for a message from an applicative (APP) mailbox, every conformance rule at warn " \
  "(all doc.* rules but doc.patient_mismatch and doc.xdm_unsafe) rejects instead: " \
  "software is held to the Referentiel #2, people typing mail are not.") \
X(app_mailboxes, "AppMailboxes", CFG_T_LIST, "", CFG_RELOAD, 0, \
  "Applicative (APP) mailboxes besides those the directory types APP (the public " \
  "extraction leaves APP mailboxes out), comma-separated: addresses, or @domain for every " \
  "address of a domain. Nothing else makes a sender APP: never a guess from the address.") \
X(nil_required, "NilRequired", CFG_T_LIST, "", CFG_RELOAD, 0, \
  "Senders that must carry X-MSS-NIL (rule doc.x_mss_nil) besides APP mailboxes, " \
  "comma-separated: addresses, or @domain for every address of a domain (an " \
  "establishment's own software). The Referentiel #2 (ECO.2.4.3) asks every message sent " \
  "by client software to carry it; a person's webmail need not, so nothing is required " \
  "by default but of APP mailboxes. A listed sender gets doc.x_mss_nil's action, the " \
  "same as APP mailboxes: warn by default, set by DocumentRules. A site that wants to " \
  "refuse only its own software's messages without X-MSS-NIL, leaving the APP default, " \
  "gives those senders the per-mailbox member require_nil in PolicyFile (a selector on " \
  "sender or sender_domain; rule mbpol.nil_required, reject) instead.") \
X(policy_file, "PolicyFile", CFG_T_PATH, "", CFG_RELOAD, 0, \
  "JSON per-mailbox policy (mssante-milter-policy(5)): rules per sender or recipient " \
  "mailbox, domain, type or direction, over the keys of this file. Read at start and on " \
  "reload; a file with an error is refused (at start, by -n, and on reload, where the " \
  "previous policy stays in force). Empty: no per-mailbox policy.") \
X(conversations, "Conversations", CFG_T_BOOL, "no", CFG_RESTART, 0, \
  "Track Mon espace sante conversations in the directory (ou=conversations of the mirror, " \
  "which the LDAP identity must be allowed to write): a professional's message to a " \
  "patient opens or refreshes the conversation, [FIN] or X-MSS-MES: FIN closes it, and " \
  "a patient may write only into an open conversation (pharmacy ORG mailboxes excepted). " \
  "Needs AuditKeyFile: the directory keeps only the keyed HMAC of each INS, and the " \
  "patient address encrypted under that key. The key is read as root at start, so a " \
  "reload that changes Conversations keeps the value the daemon started with (a warning " \
  "says so).") \
X(conversation_check, "ConversationCheck", CFG_T_ENUM, "reject", CFG_RELOAD, "reject|monitor|off", \
  "With Conversations: a patient's message to a professional mailbox that has no open " \
  "conversation with that patient (rules conv.not_opened, conv.closed). reject refuses the " \
  "recipient (550 5.7.1); monitor only logs; off does not check.") \
X(near_miss_fin, "NearMissFin", CFG_T_ENUM, "warn", CFG_RELOAD, "warn|fix|reject", \
  "With Conversations: a message to a patient whose Subject or X-MSS-MES shows a closing " \
  "intent that Mon espace sante does not honour ([fin], RE: [FIN], \"[FIN] merci\"...; rule " \
  "conv.near_miss_fin). warn delivers it, lists the rule and logs it (the conversation " \
  "stays open); fix adds X-MSS-MES: FIN so that it closes; reject refuses it with the " \
  "exact form to use.") \
X(app_mailbox_replies, "AppMailboxReplies", CFG_T_LIST, "", CFG_RELOAD, 0, \
  "With Conversations: APP mailboxes (addresses or @domain) whose messages to patients may " \
  "be answered. Messages from other APP mailboxes get X-MSS-MES: FIN: a patient must not " \
  "answer into an unattended mailbox.") \
X(conversation_expiry, "ConversationExpiry", CFG_T_TIME, "0", CFG_RELOAD, 0, \
  "With Conversations: an open conversation without any message for this long is closed " \
  "(as expired) when the patient next writes. 0: never.")

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
extern void cfg_troff(FILE *, const char *);

#endif
