/*++
/* NAME
/*	docs_conf 3
/* SUMMARY
/*	the documents configuration of one daemon configuration
/* SYNOPSIS
/*	#include "docs_conf.h"
/*
/*	int	docs_conf_check(const CFG *cfg, VSTR *err)
/*	int	docs_conf_check_files(const CFG *cfg, VSTR *err)
/*
/*	DOCS_CONF *docs_conf_create(const CFG *cfg, const DOCS_CONF *prev)
/*	void	docs_conf_free(DOCS_CONF *dc)
/*
/*	const char *docs_conf_table_path(const CFG *cfg)
/*	int	docs_conf_app_listed(const DOCS_CONF *dc, const char *addr)
/*	int	docs_conf_nil_listed(const DOCS_CONF *dc, const char *addr)
/*	DOCRULES_ACTION docs_conf_unanalysed(const DOCS_CONF *dc,
/*					int patients)
/* DESCRIPTION
/*	This module turns the documents keys of a configuration
/*	(Documents, DocumentSpool, DocumentMaxSize, CategoryTable,
/*	ClassTable, CategoryRules, DocumentRules, PatientDocumentRules,
/*	AppStrict, AppMailboxes, NilRequired) into what the per-message
/*	code (docs_msg(3)) reads: parser limits, rule actions, the
/*	JDV_J07 and TRE_A03 tables and the category rules. One DOCS_CONF
/*	belongs to one LIVE (live(3)) and never changes after it is made,
/*	so the callbacks read it without a lock.
/*
/*	docs_conf_check() checks the values that cfg(3) keeps as plain
/*	lists: each DocumentRules item is "rule=action" with a known
/*	doc.* rule (or doc.unanalysed) given once and an action among
/*	off, warn, quarantine, tempfail and reject, and so is each
/*	PatientDocumentRules item (without doc.unanalysed); each
/*	AppMailboxes and NilRequired item is an address or "@domain". A configuration that fails is
/*	refused like any other bad value: at start, by -n, and on reload.
/*
/*	docs_conf_check_files() loads the tables and the rules file as
/*	the daemon will, for -n and before starting: an explicit
/*	CategoryTable or ClassTable, an installed table that is present,
/*	and a CategoryRules file must all load, and DocumentSpool must be
/*	a directory. Only an installed table may be missing (a build
/*	tree, or a package without its data).
/*
/*	docs_conf_create() never fails. The table and the rules file
/*	are read again each time (so that SIGHUP picks up a new ANS
/*	list); one that cannot be read leaves, with an error logged, the
/*	previous configuration's table or rules in force when there is a
/*	"prev" (a reload), else none: codes are then tagged without being
/*	judged (no doc.category_unknown, no doc.class_unknown). Tables are shared, reference-
/*	counted, between the configurations that use them.
/*	docs_conf_free() releases; NULL is fine.
/*
/*	docs_conf_table_path() is CategoryTable, or when empty the table
/*	installed under $(pkgdatadir) (DOCS_CONF_TABLE_PATH, set by the
/*	build); ClassTable likewise defaults to DOCS_CONF_CLASS_PATH.
/*
/*	docs_conf_app_listed() tells whether an envelope address
/*	("local@domain", no brackets) is in AppMailboxes: an exact,
/*	case-insensitive address, or any address of a listed @domain
/*	(that domain exactly: no subdomains). docs_conf_nil_listed()
/*	does the same for NilRequired.
/*
/*	docs_conf_unanalysed() is the action of doc.unanalysed for a
/*	message with (patients non-zero) or without a patient recipient:
/*	the configured one, else by default the action of
/*	doc.patient_mismatch for a patient, because that check could not
/*	be made, and warn otherwise.
/* DIAGNOSTICS
/*	docs_conf_check() and docs_conf_check_files() return 0, or -1
/*	with err set to "file:line: Key: problem". docs_conf_create()
/*	logs what it loaded and what it could not.
/*--*/

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "mymalloc.h"
#include "msg.h"
#include "addr.h"
#include "xdm_catfile.h"
#include "docs_conf.h"

#ifndef DOCS_CONF_TABLE_PATH
#define DOCS_CONF_TABLE_PATH "/usr/share/mssante-milter/" XDM_CATFILE_TYPECODE
#endif

#ifndef DOCS_CONF_CLASS_PATH
#define DOCS_CONF_CLASS_PATH "/usr/share/mssante-milter/" XDM_CATFILE_CLASSCODE
#endif

#define DOCS_CONF_RULES_MAX	(1024 * 1024)	/* octets of CategoryRules */
#define DOCS_CONF_UNANALYSED_ID	"doc.unanalysed"

 /*
  * A table or a rule set shared by the configurations that use it. The
  * count is changed under a lock: the last LIVE may be released by any
  * callback thread.
  */
struct DOCS_REF {
    int     refs;
    void   *obj;
    void    (*free_fn) (void *);
};

static pthread_mutex_t docs_conf_lock = PTHREAD_MUTEX_INITIALIZER;

/* docs_conf_table_free - DOCS_REF destructor */

static void docs_conf_table_free(void *obj)
{
    category_table_free((CATEGORY_TABLE *) obj);
}

/* docs_conf_rules_free - DOCS_REF destructor */

static void docs_conf_rules_free(void *obj)
{
    doccat_rules_free((DOCCAT_RULES *) obj);
}

/* docs_conf_ref_new - first reference */

static DOCS_REF *docs_conf_ref_new(void *obj, void (*free_fn) (void *))
{
    DOCS_REF *ref = mymalloc(sizeof(*ref));

    ref->refs = 1;
    ref->obj = obj;
    ref->free_fn = free_fn;
    return (ref);
}

/* docs_conf_ref_take - one more reference; NULL is fine */

static DOCS_REF *docs_conf_ref_take(DOCS_REF *ref)
{
    if (ref) {
	pthread_mutex_lock(&docs_conf_lock);
	ref->refs++;
	pthread_mutex_unlock(&docs_conf_lock);
    }
    return (ref);
}

/* docs_conf_ref_drop - one reference less; NULL is fine */

static void docs_conf_ref_drop(DOCS_REF *ref)
{
    int     last;

    if (ref == 0)
	return;
    pthread_mutex_lock(&docs_conf_lock);
    last = (--ref->refs == 0);
    pthread_mutex_unlock(&docs_conf_lock);
    if (last) {
	ref->free_fn(ref->obj);
	myfree(ref);
    }
}

/* docs_conf_key - a key's name */

static const char *docs_conf_key(CFG_KEY_ID id)
{
    size_t  count;

    return (cfg_key_table(&count)[id].name);
}

/* docs_conf_where - "file:line: Key: " prefix of an error */

static void docs_conf_where(const CFG *cfg, CFG_KEY_ID id, VSTR *err)
{
    vstr_sprintf(err, "%s:%d: %s: ", cfg->path ? cfg->path : "-",
		 cfg->line[id], docs_conf_key(id));
}

/* docs_conf_pair - split "rule=action"; 0 when malformed */

static int docs_conf_pair(const char *item, VSTR *rule, VSTR *action)
{
    const char *eq = strchr(item, '=');
    const char *end;

    if (eq == 0)
	return (0);
    for (end = eq; end > item && (end[-1] == ' ' || end[-1] == '\t'); end--)
	 /* void */ ;
    vstr_ncat(vstr_reset(rule), item, (size_t) (end - item));
    for (eq++; *eq == ' ' || *eq == '\t'; eq++)
	 /* void */ ;
    vstr_strcpy(action, eq);
    return (vstr_len(rule) > 0 && vstr_len(action) > 0);
}

/* docs_conf_rule_ids - "doc.codecda, ..." for an error message */

static void docs_conf_rule_ids(VSTR *err, int with_unanalysed)
{
    int     i;

    for (i = 0; i < DOCRULES_RULE_COUNT; i++)
	vstr_sprintf_append(err, "%s%s", i ? ", " : "", docrules_info(i)->id);
    if (with_unanalysed)
	vstr_cat(err, ", " DOCS_CONF_UNANALYSED_ID);
}

/* docs_conf_apply_rules - DocumentRules or PatientDocumentRules into rc */

static int docs_conf_apply_rules(const CFG *cfg, CFG_KEY_ID id,
				         DOCRULES_CONFIG *rc,
				         int *unanalysed, VSTR *err)
{
    char  **list = id == CFG_KEY_document_rules ? cfg->document_rules :
    cfg->patient_document_rules;
    VSTR   *rule = vstr_alloc(32);
    VSTR   *action = vstr_alloc(16);
    VSTR   *seen = vstr_strcpy(vstr_alloc(64), " ");
    VSTR   *key = vstr_alloc(32);
    DOCRULES_ACTION act;
    char  **cpp;
    int     ret = 0;

    int     patient = id == CFG_KEY_patient_document_rules;

    for (cpp = list; ret == 0 && cpp && *cpp; cpp++) {
	if (!docs_conf_pair(*cpp, rule, action)) {
	    docs_conf_where(cfg, id, err);
	    vstr_sprintf_append(err, "\"%.64s\": expected rule=action", *cpp);
	    ret = -1;
	} else if (!docrules_action_parse(vstr_str(action), &act)) {
	    docs_conf_where(cfg, id, err);
	    vstr_sprintf_append(err, "%.64s: expected off, warn, quarantine, "
				"tempfail or reject", vstr_str(action));
	    ret = -1;
	} else if (docrules_find(vstr_str(rule), (DOCRULES_RULE *) 0) == 0
		   && (patient
		    || strcmp(vstr_str(rule), DOCS_CONF_UNANALYSED_ID) != 0)) {
	    docs_conf_where(cfg, id, err);
	    vstr_sprintf_append(err, "%.64s: not a document rule (",
				vstr_str(rule));
	    docs_conf_rule_ids(err, !patient);
	    vstr_addch(err, ')');
	    ret = -1;
	} else if (strstr(vstr_str(seen), vstr_str(vstr_sprintf(key, " %s ",
					     vstr_str(rule)))) != 0) {
	    docs_conf_where(cfg, id, err);
	    vstr_sprintf_append(err, "%s given twice", vstr_str(rule));
	    ret = -1;
	} else {
	    vstr_cat(seen, vstr_str(key) + 1);
	    if (strcmp(vstr_str(rule), DOCS_CONF_UNANALYSED_ID) == 0)
		*unanalysed = (int) act;
	    else if (patient)
		(void) docrules_config_set_patient(rc, vstr_str(rule),
						   vstr_str(action));
	    else
		(void) docrules_config_set(rc, vstr_str(rule), vstr_str(action));
	}
    }
    vstr_free(rule);
    vstr_free(action);
    vstr_free(seen);
    vstr_free(key);
    return (ret);
}

/* docs_conf_check_addrs - AppMailboxes or NilRequired syntax */

static int docs_conf_check_addrs(const CFG *cfg, CFG_KEY_ID id, VSTR *err)
{
    ADDR    addr;
    char  **cpp;

    for (cpp = id == CFG_KEY_app_mailboxes ? cfg->app_mailboxes :
	 cfg->nil_required; cpp && *cpp; cpp++) {
	if (**cpp == '@' ? addr_domain_check(*cpp + 1, strlen(*cpp + 1)) == ADDR_OK :
	    strchr(*cpp, '@') != 0
	    && addr_parse(*cpp, strlen(*cpp), &addr) == ADDR_OK
	    && !addr.null_sender && **cpp != '<')
	    continue;
	docs_conf_where(cfg, id, err);
	vstr_sprintf_append(err, "\"%.64s\": expected an address or @domain", *cpp);
	return (-1);
    }
    return (0);
}

/* docs_conf_check - values cfg(3) does not check */

int     docs_conf_check(const CFG *cfg, VSTR *err)
{
    DOCRULES_CONFIG rc;
    int     unanalysed = DOCS_CONF_UNANALYSED_AUTO;

    docrules_config_init(&rc);
    if (docs_conf_apply_rules(cfg, CFG_KEY_document_rules, &rc,
			      &unanalysed, err) < 0
	|| docs_conf_apply_rules(cfg, CFG_KEY_patient_document_rules, &rc,
				 &unanalysed, err) < 0)
	return (-1);
    if (docs_conf_check_addrs(cfg, CFG_KEY_app_mailboxes, err) < 0)
	return (-1);
    return (docs_conf_check_addrs(cfg, CFG_KEY_nil_required, err));
}

 /*
  * The two national tables: same file format, same reload rules.
  */
typedef struct DOCS_CONF_TAB {
    CFG_KEY_ID key;			/* CategoryTable, ClassTable */
    const char *installed;		/* default when the key is empty */
    const char *default_system;		/* of two-column lines, or NULL */
    const char *label;			/* for the log */
} DOCS_CONF_TAB;

static const DOCS_CONF_TAB docs_conf_typecodes = {
    CFG_KEY_category_table, DOCS_CONF_TABLE_PATH, 0, "category table",
};
static const DOCS_CONF_TAB docs_conf_classcodes = {
    CFG_KEY_class_table, DOCS_CONF_CLASS_PATH, CATEGORY_OID_TRE_A03,
    "class table",
};

/* docs_conf_tab_path - the key's value, or the installed table */

static const char *docs_conf_tab_path(const CFG *cfg, const DOCS_CONF_TAB *t)
{
    const char *value = t->key == CFG_KEY_class_table ?
    cfg->class_table : cfg->category_table;

    return (*value ? value : t->installed);
}

/* docs_conf_table_path - CategoryTable or the installed table */

const char *docs_conf_table_path(const CFG *cfg)
{
    return (docs_conf_tab_path(cfg, &docs_conf_typecodes));
}

/* docs_conf_load_rules - read a CategoryRules file */

static DOCCAT_RULES *docs_conf_load_rules(const char *path, VSTR *why)
{
    DOCCAT_RULES *rules;
    DOCCAT_RULE_STATUS status;
    struct stat sb;
    FILE   *fp;
    char   *line = 0, *cp;
    size_t  cap = 0, len;
    ssize_t n;
    long    lineno = 0;

    if ((fp = fopen(path, "re")) == 0) {
	vstr_sprintf(why, "%s: %s", path, strerror(errno));
	return (0);
    }
    if (fstat(fileno(fp), &sb) < 0 || sb.st_size > DOCS_CONF_RULES_MAX) {
	vstr_sprintf(why, "%s: larger than %d octets", path, DOCS_CONF_RULES_MAX);
	fclose(fp);
	return (0);
    }
    rules = doccat_rules_create();
    while ((n = getline(&line, &cap, fp)) >= 0) {
	lineno++;
	len = (size_t) n;
	if (memchr(line, 0, len) != 0) {
	    vstr_sprintf(why, "%s, line %ld: NUL byte", path, lineno);
	    break;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
	    line[--len] = 0;
	for (cp = line; *cp == ' ' || *cp == '\t'; cp++)
	     /* void */ ;
	if (*cp == 0 || *cp == '#')
	    continue;
	if ((status = doccat_rules_parse(rules, cp)) != DOCCAT_RULE_OK) {
	    vstr_sprintf(why, "%s, line %ld: %s", path, lineno,
			 doccat_rule_status_name(status));
	    break;
	}
    }
    if (n >= 0 || ferror(fp)) {
	if (ferror(fp))
	    vstr_sprintf(why, "%s: read error: %s", path, strerror(errno));
	doccat_rules_free(rules);
	rules = 0;
    } else {
	vstr_sprintf(why, "%s: %zu rules", path, doccat_rules_count(rules));
    }
    myfree(line);
    fclose(fp);
    return (rules);
}

/* docs_conf_missing - is the installed table just absent? */

static int docs_conf_missing(const CFG *cfg, const DOCS_CONF_TAB *t)
{
    struct stat sb;

    return (docs_conf_tab_path(cfg, t) == t->installed
	    && stat(t->installed, &sb) < 0 && errno == ENOENT);
}

/* docs_conf_check_table - -n: does a configured table load? */

static int docs_conf_check_table(const CFG *cfg, const DOCS_CONF_TAB *t,
				         VSTR *why, VSTR *err)
{
    CATEGORY_TABLE *tab;

    if (docs_conf_missing(cfg, t))
	return (0);
    if ((tab = xdm_catfile_load(docs_conf_tab_path(cfg, t), t->default_system,
				why)) == 0) {
	docs_conf_where(cfg, t->key, err);
	vstr_cat(err, vstr_str(why));
	return (-1);
    }
    category_table_free(tab);
    return (0);
}

/* docs_conf_load_table - a new table, or the one in force, or none */

static DOCS_REF *docs_conf_load_table(const CFG *cfg, const DOCS_CONF_TAB *t,
				              DOCS_REF *prev, VSTR *why)
{
    const char *path = docs_conf_tab_path(cfg, t);
    CATEGORY_TABLE *tab;

    if (docs_conf_missing(cfg, t)) {
	msg_warn("no %s %s: codes are tagged but not checked (set %s)",
		 t->label, path, docs_conf_key(t->key));
	return (0);
    }
    if ((tab = xdm_catfile_load(path, t->default_system, why)) != 0) {
	msg_info("%s %s", t->label, vstr_str(why));
	return (docs_conf_ref_new(tab, docs_conf_table_free));
    }
    if (prev) {
	msg_error("%s: %s; keeping the previous table", t->label, vstr_str(why));
	return (docs_conf_ref_take(prev));
    }
    msg_error("%s: %s; codes are not checked", t->label, vstr_str(why));
    return (0);
}

/* docs_conf_check_files - load what the daemon will load */

int     docs_conf_check_files(const CFG *cfg, VSTR *err)
{
    VSTR   *why = vstr_alloc(100);
    DOCCAT_RULES *rules;
    struct stat sb;
    int     ret = 0;

    if (!cfg->documents) {
	vstr_free(why);
	return (0);
    }
    if (*cfg->document_spool && (stat(cfg->document_spool, &sb) < 0
				 || !S_ISDIR(sb.st_mode))) {
	docs_conf_where(cfg, CFG_KEY_document_spool, err);
	vstr_sprintf_append(err, "%s: not a directory", cfg->document_spool);
	ret = -1;
    }
    if (ret == 0)
	ret = docs_conf_check_table(cfg, &docs_conf_typecodes, why, err);
    if (ret == 0)
	ret = docs_conf_check_table(cfg, &docs_conf_classcodes, why, err);
    if (ret == 0 && *cfg->category_rules) {
	if ((rules = docs_conf_load_rules(cfg->category_rules, why)) == 0) {
	    docs_conf_where(cfg, CFG_KEY_category_rules, err);
	    vstr_cat(err, vstr_str(why));
	    ret = -1;
	}
	doccat_rules_free(rules);
    }
    vstr_free(why);
    return (ret);
}

/* docs_conf_copy_list - own copy of a NULL-terminated list */

static char **docs_conf_copy_list(char **list)
{
    size_t  n = 0, i;
    char  **copy;

    while (list && list[n])
	n++;
    copy = mycalloc(n + 1, sizeof(*copy));
    for (i = 0; i < n; i++)
	copy[i] = mystrdup(list[i]);
    return (copy);
}

/* docs_conf_create - build; never fails (see DESCRIPTION) */

DOCS_CONF *docs_conf_create(const CFG *cfg, const DOCS_CONF *prev)
{
    DOCS_CONF *dc = mycalloc(1, sizeof(*dc));
    VSTR   *why = vstr_alloc(100);
    const char *path = docs_conf_table_path(cfg);
    DOCCAT_RULES *rules;

    dc->enabled = cfg->documents;
    dc->spool = *cfg->document_spool ? mystrdup(cfg->document_spool) : 0;
    mime_limits_init(&dc->mime);
    dc->mime.max_size = (off_t) cfg->document_max_size;
    dc->mime.tmpdir = dc->spool;
    xdm_limits_init(&dc->xdm);
    dc->xdm.msg_max_archives = (size_t) cfg->document_max_archives;
    dc->xdm.msg_max_entries = (uint64_t) cfg->document_max_entries;
    dc->xdm.msg_max_inflated = (uint64_t) cfg->document_max_inflated;
    dc->xdm.msg_max_ms = cfg->document_time_limit;
    docrules_config_init(&dc->rules);
    dc->rules.app_strict = cfg->app_strict;
    dc->unanalysed = DOCS_CONF_UNANALYSED_AUTO;
    if (docs_conf_apply_rules(cfg, CFG_KEY_document_rules, &dc->rules,
			      &dc->unanalysed, why) < 0
	|| docs_conf_apply_rules(cfg, CFG_KEY_patient_document_rules,
				 &dc->rules, &dc->unanalysed, why) < 0)
	msg_warn("%s (checked before: ignored)", vstr_str(why));
    dc->app_mailboxes = docs_conf_copy_list(cfg->app_mailboxes);
    dc->nil_required = docs_conf_copy_list(cfg->nil_required);
    if (!dc->enabled) {
	vstr_free(why);
	return (dc);
    }

    /* The tables: a new one, or the one in force, or none. */
    dc->table_ref = docs_conf_load_table(cfg, &docs_conf_typecodes,
					 prev ? prev->table_ref : 0, why);
    dc->class_ref = docs_conf_load_table(cfg, &docs_conf_classcodes,
					 prev ? prev->class_ref : 0, why);
    if (dc->class_ref)
	dc->classes = (const CATEGORY_TABLE *) dc->class_ref->obj;
    if (dc->table_ref) {
	dc->table = (const CATEGORY_TABLE *) dc->table_ref->obj;
	dc->table_path = mystrdup(prev && dc->table == prev->table ?
				  prev->table_path : path);
    }

    /* The rules: the same, but an empty CategoryRules means none. */
    if (*cfg->category_rules == 0) {
	 /* void */ ;
    } else if ((rules = docs_conf_load_rules(cfg->category_rules, why)) != 0) {
	dc->rules_ref = docs_conf_ref_new(rules, docs_conf_rules_free);
	msg_info("category rules %s", vstr_str(why));
    } else if (prev && prev->rules_ref) {
	msg_error("category rules: %s; keeping the previous rules", vstr_str(why));
	dc->rules_ref = docs_conf_ref_take(prev->rules_ref);
    } else {
	msg_error("category rules: %s; no rule applies", vstr_str(why));
    }
    if (dc->rules_ref)
	dc->cat_rules = (const DOCCAT_RULES *) dc->rules_ref->obj;
    vstr_free(why);
    return (dc);
}

/* docs_conf_free - release; NULL is fine */

void    docs_conf_free(DOCS_CONF *dc)
{
    char  **cpp;

    if (dc == 0)
	return;
    docs_conf_ref_drop(dc->table_ref);
    docs_conf_ref_drop(dc->class_ref);
    docs_conf_ref_drop(dc->rules_ref);
    for (cpp = dc->app_mailboxes; cpp && *cpp; cpp++)
	myfree(*cpp);
    myfree(dc->app_mailboxes);
    for (cpp = dc->nil_required; cpp && *cpp; cpp++)
	myfree(*cpp);
    myfree(dc->nil_required);
    myfree(dc->spool);
    myfree(dc->table_path);
    myfree(dc);
}

/* docs_conf_listed - is this address in an address or @domain list? */

static int docs_conf_listed(char **list, const char *addr)
{
    const char *at;
    char  **cpp;

    if (addr == 0 || (at = strrchr(addr, '@')) == 0)
	return (0);
    for (cpp = list; cpp && *cpp; cpp++) {
	if (**cpp == '@' ? strcasecmp(*cpp + 1, at + 1) == 0 :
	    strcasecmp(*cpp, addr) == 0)
	    return (1);
    }
    return (0);
}

/* docs_conf_app_listed - is this sender a configured APP mailbox? */

int     docs_conf_app_listed(const DOCS_CONF *dc, const char *addr)
{
    return (docs_conf_listed(dc->app_mailboxes, addr));
}

/* docs_conf_nil_listed - must this sender carry X-MSS-NIL? */

int     docs_conf_nil_listed(const DOCS_CONF *dc, const char *addr)
{
    return (docs_conf_listed(dc->nil_required, addr));
}

/* docs_conf_unanalysed - action of doc.unanalysed */

DOCRULES_ACTION docs_conf_unanalysed(const DOCS_CONF *dc, int patients)
{
    if (dc->unanalysed != DOCS_CONF_UNANALYSED_AUTO)
	return ((DOCRULES_ACTION) dc->unanalysed);
    return (patients ? dc->rules.patient_action[DOCRULES_PATIENT_MISMATCH] :
	    DOCRULES_WARN);
}
