/*++
/* NAME
/*	xdm 3
/* SUMMARY
/*	read an IHE_XDM.zip archive: metadata, CDA documents, with limits
/* SYNOPSIS
/*	#include "xdm.h"
/*
/*	void	xdm_init(void)
/*	void	xdm_limits_init(XDM_LIMITS *lim)
/*
/*	XDM_RESULT *xdm_result_create(void)
/*	void	xdm_result_free(XDM_RESULT *res)
/*	XDM_STATUS xdm_result_fail(XDM_RESULT *res, XDM_STATUS status,
/*					const char *fmt, ...)
/*	XDM_DOC	*xdm_result_add_doc(XDM_RESULT *res)
/*
/*	XDM_STATUS xdm_read_fd(int fd, const XDM_LIMITS *lim,
/*					XDM_RESULT *res)
/*	XDM_STATUS xdm_read_buffer(const void *data, size_t len,
/*					const XDM_LIMITS *lim, XDM_RESULT *res)
/*	XDM_STATUS xdm_read_fd_budget(int fd, const XDM_LIMITS *lim,
/*					XDM_BUDGET *budget, XDM_RESULT *res)
/*
/*	const char *xdm_status_name(XDM_STATUS status)
/*	const char *xdm_status_text_fr(XDM_STATUS status)
/*	int	xdm_status_unsafe(XDM_STATUS status)
/*	int	xdm_status_stops(XDM_STATUS status)
/* DESCRIPTION
/*	An IHE XDM archive (IHE ITI TF-1 16) holds IHE_XDM/SUBSETnn/
/*	directories, each with a METADATA.XML (see xdm_meta(3)) and the
/*	documents it describes. xdm_read_fd() and xdm_read_buffer() read
/*	one archive (a file descriptor, left open, or memory) with libzip
/*	and fill res: the documents of every subset, which of them are
/*	CDA documents (xdm_cda(3)), and the distinct CDA codes, those
/*	that X-MSS-CODECDA must list. Nothing is ever written to disk.
/*
/*	The archive comes from the sender, so every limit is checked
/*	before the work it bounds, and again while it is done:
/* .IP "before libzip"
/*	archive size (max_archive); the end records (xdm_eocd(3)):
/*	entry count (max_entries) and directory size (max_cd_size).
/* .IP "before decompressing"
/*	from the directory, for every entry (read or not): declared
/*	size (max_entry_size), their total (max_total), and the ratio to
/*	the compressed size (max_ratio) for every entry: an entry may
/*	always inflate to ratio_min octets (64 KB, so that a tiny entry
/*	is never refused for its ratio), never beyond max_ratio times its
/*	compressed size past that.
/* .IP "while decompressing"
/*	the octets actually produced against the declared size, against
/*	max_entry_size and against max_ratio times the compressed size:
/*	a lying header stops the read at once.
/* .IP "while parsing"
/*	XML limits (xdm_xml(3)): no DTD, no entities, depth, size.
/* .IP "for the whole message"
/*	xdm_read_fd_budget() charges a per-message budget (xdm_budget(3):
/*	archives, entries, inflated octets, time) before the directory
/*	walk and after every decompressed chunk, so that the parse of the
/*	chunk is inside the deadline too; the others read with no budget.
/* .PP
/*	Only METADATA.XML and the subsets' *.xml entries are decompressed
/*	(the latter up to max_cda_probe octets, to see their root).
/*	Archives inside the archive are counted (nested_archives), never
/*	opened. A document is a CDA when its URI names an entry whose root
/*	is urn:hl7-org:v3 ClinicalDocument, or, when that entry was not
/*	probed (absent, or over max_probes), when the metadata says its
/*	mimeType is text/xml; a probed CDA entry that no metadata names
/*	counts too. The CDA codes are the metadata typeCodes of the CDA
/*	documents, or the CDA's own code when the metadata has none.
/*
/*	xdm_init() initialises libxml2; call it once from the main thread
/*	before threads start. xdm_limits_init() sets the defaults.
/* DIAGNOSTICS
/*	The read functions return res->status: XDM_OK or the first
/*	error; res->error describes it in English for the log, and
/*	xdm_status_text_fr() in French US-ASCII for a reply.
/*	xdm_status_unsafe() is true for the refusals (bombs and limits),
/*	false for plain malformation: doc.xdm_unsafe versus
/*	doc.xdm_invalid. xdm_status_stops() is true when the read stops
/*	at once: an unsafe condition, or XDM_ERR_TIME (the message's time
/*	is spent; neither unsafe nor invalid: the daemon tempfails). A
/*	malformed subset does not stop the others.
/*--*/

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zip.h>
#include <libxml/parser.h>

#include "mymalloc.h"
#include "xdm_eocd.h"
#include "xdm_meta.h"
#include "xdm_cda.h"
#include "xdm.h"
#include "xdm_budget.h"

#define XDM_CHUNK	65536

static const char *const xdm_status_names[XDM_STATUS_COUNT] = {
    "ok", "io", "not_zip", "zip", "encrypted", "too_big", "too_many",
    "zip_bomb", "no_metadata", "xml", "xml_bomb", "xml_limit", "budget",
    "time",
};

static const char *const xdm_status_texts[XDM_STATUS_COUNT] = {
    "archive lue",
    "erreur de lecture",
    "ce n'est pas une archive zip",
    "archive zip malformee ou tronquee",
    "archive zip chiffree",
    "archive trop volumineuse",
    "trop de fichiers dans l'archive",
    "bombe zip: taille ou taux de decompression excessif",
    "pas de fichier IHE_XDM/SUBSETnn/METADATA.XML",
    "METADATA.XML ou CDA mal forme",
    "DTD ou entites XML refusees (bombe XML)",
    "XML trop profond ou trop volumineux",
    "analyse trop couteuse: trop d'archives, de fichiers ou de donnees "
    "a decompresser dans le message",
    "analyse des documents interrompue: delai depasse",
};

static pthread_once_t xdm_once = PTHREAD_ONCE_INIT;

/* xdm_init_once - libxml2's process-wide state */

static void xdm_init_once(void)
{
    xmlInitParser();
}

/* xdm_init - initialise libxml2 once */

void    xdm_init(void)
{
    (void) pthread_once(&xdm_once, xdm_init_once);
}

/* xdm_limits_init - defaults */

void    xdm_limits_init(XDM_LIMITS *lim)
{
    lim->max_archive = 32 * 1024 * 1024;
    lim->max_entries = 1000;
    lim->max_cd_size = 1024 * 1024;
    lim->max_entry_size = 64 * 1024 * 1024;
    lim->max_total = 256 * 1024 * 1024;
    lim->max_ratio = 100;
    lim->ratio_min = 64 * 1024;		/* the floor of every entry */
    lim->max_xml = 4 * 1024 * 1024;
    lim->max_cda_probe = 256 * 1024;
    lim->max_depth = 64;
    lim->max_docs = 1000;
    lim->max_subsets = 64;
    lim->max_probes = 64;
    lim->max_value = 4096;
    lim->msg_max_archives = 10;
    lim->msg_max_entries = 2000;
    lim->msg_max_inflated = 64 * 1024 * 1024;
    lim->msg_max_ms = 20000;
}

/* xdm_status_name - stable name */

const char *xdm_status_name(XDM_STATUS status)
{
    return ((unsigned) status < XDM_STATUS_COUNT ?
	    xdm_status_names[status] : "unknown");
}

/* xdm_status_text_fr - French US-ASCII explanation */

const char *xdm_status_text_fr(XDM_STATUS status)
{
    return ((unsigned) status < XDM_STATUS_COUNT ?
	    xdm_status_texts[status] : "erreur inconnue");
}

/* xdm_status_unsafe - a refusal rather than a malformation? */

int     xdm_status_unsafe(XDM_STATUS status)
{
    return (status == XDM_ERR_TOO_BIG || status == XDM_ERR_TOO_MANY
	    || status == XDM_ERR_ZIP_BOMB || status == XDM_ERR_XML_BOMB
	    || status == XDM_ERR_XML_LIMIT || status == XDM_ERR_BUDGET);
}

/* xdm_status_stops - stop reading at once? */

int     xdm_status_stops(XDM_STATUS status)
{
    return (xdm_status_unsafe(status) || status == XDM_ERR_TIME);
}

/* xdm_result_create - empty result */

XDM_RESULT *xdm_result_create(void)
{
    XDM_RESULT *res = mycalloc(1, sizeof(*res));

    res->error = vstr_alloc(64);
    return (res);
}

/* xdm_result_free - destroy; NULL is fine */

void    xdm_result_free(XDM_RESULT *res)
{
    size_t  i;
    XDM_DOC *dp;

    if (res == 0)
	return;
    for (i = 0; i < res->ndocs; i++) {
	dp = res->docs + i;
	myfree(dp->subset);
	myfree(dp->id);
	myfree(dp->uri);
	myfree(dp->mime_type);
	myfree(dp->type_code);
	myfree(dp->type_system);
	myfree(dp->type_display);
	myfree(dp->class_code);
	myfree(dp->class_system);
	myfree(dp->format_code);
	myfree(dp->patient_cx);
	myfree(dp->patient_id);
	myfree(dp->patient_authority);
	myfree(dp->cda_code);
    }
    myfree(res->docs);
    for (i = 0; i < res->ncda_codes; i++)
	myfree(res->cda_codes[i]);
    myfree(res->cda_codes);
    vstr_free(res->error);
    myfree(res);
}

/* xdm_result_fail - record the first error */

XDM_STATUS xdm_result_fail(XDM_RESULT *res, XDM_STATUS status,
			           const char *fmt,...)
{
    va_list ap;

    if (res->status == XDM_OK && status != XDM_OK) {
	res->status = status;
	va_start(ap, fmt);
	vstr_reset(res->error);
	vstr_vsprintf_append(res->error, fmt, ap);
	va_end(ap);
    }
    return (status);
}

/* xdm_result_add_doc - append an empty document */

XDM_DOC *xdm_result_add_doc(XDM_RESULT *res)
{
    XDM_DOC *dp;

    res->docs = myrealloc(res->docs, (res->ndocs + 1) * sizeof(*dp));
    dp = res->docs + res->ndocs++;
    memset(dp, 0, sizeof(*dp));
    return (dp);
}

 /*
  * Entry classification, from the (normalised) entry name.
  */
typedef enum XDM_KIND {
    XDM_KIND_OTHER = 0,
    XDM_KIND_METADATA,			/* IHE_XDM/<subset>/METADATA.XML */
    XDM_KIND_XML,			/* IHE_XDM/<subset>/<name>.xml */
} XDM_KIND;

typedef struct XDM_PROBE {
    char   *path;			/* "<subset>/<name>", as written */
    int     is_cda;
    char   *code;
    int     referenced;
} XDM_PROBE;

typedef struct XDM_READ {
    const XDM_LIMITS *lim;
    XDM_BUDGET *budget;			/* the message's, or null */
    XDM_RESULT *res;
    zip_t  *za;
    XDM_PROBE *probes;
    size_t  nprobes;
    size_t  first_doc;			/* documents of this archive */
    VSTR   *name;			/* normalised entry name */
    VSTR   *subset;
    char   *buf;
} XDM_READ;

/* xdm_classify - kind of an entry; fills rd->subset */

static XDM_KIND xdm_classify(XDM_READ *rd, const char *raw)
{
    char   *cp, *slash;
    size_t  len;

    vstr_strcpy(rd->name, raw);
    /* Some Windows tools write backslashes. */
    for (cp = vstr_str(rd->name); *cp; cp++)
	if (*cp == '\\')
	    *cp = '/';
    cp = vstr_str(rd->name);
    if (strncasecmp(cp, "IHE_XDM/", 8) != 0)
	return (XDM_KIND_OTHER);
    cp += 8;
    if ((slash = strchr(cp, '/')) == 0 || slash == cp
	|| strchr(slash + 1, '/') != 0 || slash[1] == 0)
	return (XDM_KIND_OTHER);
    vstr_reset(rd->subset);
    vstr_ncat(rd->subset, cp, (size_t) (slash - cp));
    if (strcasecmp(slash + 1, "METADATA.XML") == 0)
	return (XDM_KIND_METADATA);
    len = strlen(slash + 1);
    if (len > 4 && strcasecmp(slash + 1 + len - 4, ".xml") == 0)
	return (XDM_KIND_XML);
    return (XDM_KIND_OTHER);
}

/* xdm_zip_status - libzip error code to a status */

static XDM_STATUS xdm_zip_status(int ze)
{
    switch (ze) {
    case ZIP_ER_NOZIP:
	return (XDM_ERR_NOT_ZIP);
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
	return (XDM_ERR_ENCRYPTED);
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
	return (XDM_ERR_IO);
    default:
	return (XDM_ERR_ZIP);
    }
}

 /*
  * An entry's octets go to a sink; it returns 1 when it has seen enough.
  */
typedef int (*XDM_SINK) (void *, const char *, size_t);

/* xdm_read_entry - decompress one entry with the "while" checks */

static XDM_STATUS xdm_read_entry(XDM_READ *rd, zip_uint64_t idx,
				         const zip_stat_t *st, uint64_t max,
				         XDM_SINK sink, void *ctx)
{
    const XDM_LIMITS *lim = rd->lim;
    zip_file_t *zf;
    zip_int64_t n;
    uint64_t total = 0, comp = st->comp_size ? st->comp_size : 1;
    zip_error_t *ze;

    if ((zf = zip_fopen_index(rd->za, idx, 0)) == 0) {
	ze = zip_get_error(rd->za);
	return (xdm_result_fail(rd->res, xdm_zip_status(zip_error_code_zip(ze)),
				"%s: %s", st->name, zip_error_strerror(ze)));
    }
    while (total < max) {
	n = zip_fread(zf, rd->buf, XDM_CHUNK);
	if (n < 0) {
	    ze = zip_file_get_error(zf);
	    xdm_result_fail(rd->res, xdm_zip_status(zip_error_code_zip(ze)),
			    "%s: %s", st->name, zip_error_strerror(ze));
	    break;
	}
	if (n == 0)
	    break;
	total += (uint64_t) n;
	if (total > st->size || total > lim->max_entry_size
	    || (total > lim->ratio_min && total / comp >= lim->max_ratio)) {
	    xdm_result_fail(rd->res, XDM_ERR_ZIP_BOMB, "%s: decompressed %llu "
			    "octets from %llu (declared %llu)", st->name,
			    (unsigned long long) total,
			    (unsigned long long) st->comp_size,
			    (unsigned long long) st->size);
	    break;
	}
	if (total > max)
	    n -= (zip_int64_t) (total - max);
	if (sink(ctx, rd->buf, (size_t) n))
	    break;
	/* After the sink: its parse of the chunk counts against the time. */
	if (xdm_budget_inflate(rd->budget, (uint64_t) n, rd->res) != XDM_OK)
	    break;
    }
    zip_fclose(zf);
    return (rd->res->status);
}

/* xdm_meta_sink - feed METADATA.XML */

static int xdm_meta_sink(void *ctx, const char *data, size_t len)
{
    return (xdm_meta_feed((XDM_META *) ctx, data, len) != XDM_OK);
}

/* xdm_cda_sink - feed a CDA probe */

static int xdm_cda_sink(void *ctx, const char *data, size_t len)
{
    return (xdm_cda_feed((XDM_CDA *) ctx, data, len));
}

/* xdm_check_directory - the "before decompressing" checks */

static XDM_STATUS xdm_check_directory(XDM_READ *rd, zip_int64_t count)
{
    const XDM_LIMITS *lim = rd->lim;
    zip_stat_t st;
    zip_int64_t i;
    uint64_t total = 0;
    size_t  len;

    for (i = 0; i < count; i++) {
	if (zip_stat_index(rd->za, (zip_uint64_t) i, 0, &st) < 0)
	    return (xdm_result_fail(rd->res, XDM_ERR_ZIP, "entry %lld: %s",
				    (long long) i,
				    zip_error_strerror(zip_get_error(rd->za))));
	if ((st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_NAME))
	    != (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_NAME))
	    return (xdm_result_fail(rd->res, XDM_ERR_ZIP, "entry %lld: no "
				    "size or name", (long long) i));
	if (st.size > lim->max_entry_size)
	    return (xdm_result_fail(rd->res, XDM_ERR_ZIP_BOMB, "%s: declares "
				    "%llu octets, limit %llu", st.name,
				    (unsigned long long) st.size,
				    (unsigned long long) lim->max_entry_size));
	if (st.size > 0 && st.comp_size == 0)
	    return (xdm_result_fail(rd->res, XDM_ERR_ZIP_BOMB, "%s: %llu "
				    "octets from nothing", st.name,
				    (unsigned long long) st.size));
	if (st.size > lim->ratio_min && st.size / st.comp_size >= lim->max_ratio)
	    return (xdm_result_fail(rd->res, XDM_ERR_ZIP_BOMB, "%s: ratio "
				    "%llu, limit %u", st.name,
				    (unsigned long long) (st.size / st.comp_size),
				    lim->max_ratio));
	total += st.size;
	if (total > lim->max_total)
	    return (xdm_result_fail(rd->res, XDM_ERR_ZIP_BOMB, "archive "
				    "declares over %llu octets",
				    (unsigned long long) lim->max_total));
	len = strlen(st.name);
	if (len > 4 && strcasecmp(st.name + len - 4, ".zip") == 0)
	    rd->res->nested_archives++;
    }
    return (XDM_OK);
}

/* xdm_read_metadata - every IHE_XDM/<subset>/METADATA.XML */

static XDM_STATUS xdm_read_metadata(XDM_READ *rd, zip_int64_t count)
{
    zip_stat_t st;
    zip_int64_t i;
    XDM_META *mp;
    size_t  first_subsets = rd->res->nsubsets;

    for (i = 0; i < count; i++) {
	if (zip_stat_index(rd->za, (zip_uint64_t) i, 0, &st) < 0
	    || xdm_classify(rd, st.name) != XDM_KIND_METADATA)
	    continue;
	if (rd->res->nsubsets >= rd->lim->max_subsets)
	    return (xdm_result_fail(rd->res, XDM_ERR_XML_LIMIT, "more than %zu "
				    "subsets", rd->lim->max_subsets));
	rd->res->nsubsets++;
	mp = xdm_meta_create(rd->lim, rd->res, vstr_str(rd->subset));
	if (xdm_read_entry(rd, (zip_uint64_t) i, &st, (uint64_t) -1,
			   xdm_meta_sink, mp) == XDM_OK)
	    (void) xdm_meta_end(mp);
	xdm_meta_free(mp);
	if (xdm_status_stops(rd->res->status))
	    return (rd->res->status);
    }
    if (rd->res->nsubsets == first_subsets)
	xdm_result_fail(rd->res, XDM_ERR_NO_METADATA, "no "
			"IHE_XDM/SUBSETnn/METADATA.XML entry");
    return (rd->res->status);
}

/* xdm_probe_entries - root element of each subset *.xml entry */

static XDM_STATUS xdm_probe_entries(XDM_READ *rd, zip_int64_t count)
{
    zip_stat_t st;
    zip_int64_t i;
    XDM_CDA *cp;
    XDM_PROBE *pp;
    XDM_STATUS status;

    for (i = 0; i < count && rd->nprobes < rd->lim->max_probes; i++) {
	if (zip_stat_index(rd->za, (zip_uint64_t) i, 0, &st) < 0
	    || xdm_classify(rd, st.name) != XDM_KIND_XML)
	    continue;
	rd->probes = myrealloc(rd->probes, (rd->nprobes + 1) * sizeof(*pp));
	pp = rd->probes + rd->nprobes++;
	memset(pp, 0, sizeof(*pp));
	pp->path = mystrdup(vstr_str(rd->name) + 8);
	cp = xdm_cda_create(rd->lim);
	status = xdm_read_entry(rd, (zip_uint64_t) i, &st,
				rd->lim->max_cda_probe, xdm_cda_sink, cp);
	if (status == XDM_OK || !xdm_status_stops(status)) {
	    status = xdm_cda_end(cp, &pp->is_cda, &pp->code);
	    if (status != XDM_OK)
		xdm_result_fail(rd->res, status, "%s: %s", st.name,
				xdm_cda_error(cp));
	}
	xdm_cda_free(cp);
	if (xdm_status_stops(rd->res->status))
	    return (rd->res->status);
    }
    return (rd->res->status);
}

/* xdm_add_code - remember a distinct CDA code */

static void xdm_add_code(XDM_RESULT *res, const char *code)
{
    size_t  i;

    if (code == 0 || *code == 0)
	return;
    for (i = 0; i < res->ncda_codes; i++)
	if (strcmp(res->cda_codes[i], code) == 0)
	    return;
    res->cda_codes = myrealloc(res->cda_codes,
			       (res->ncda_codes + 1) * sizeof(char *));
    res->cda_codes[res->ncda_codes++] = mystrdup(code);
}

/* xdm_resolve - which documents are CDAs, and their codes */

static void xdm_resolve(XDM_READ *rd)
{
    XDM_RESULT *res = rd->res;
    VSTR   *path = vstr_alloc(64);
    XDM_PROBE *pp;
    XDM_DOC *dp;
    const char *uri;
    size_t  i, j;

    for (i = rd->first_doc; i < res->ndocs; i++) {
	dp = res->docs + i;
	pp = 0;
	if ((uri = dp->uri) != 0) {
	    if (strncmp(uri, "./", 2) == 0)
		uri += 2;
	    vstr_sprintf(path, "%s/%s", dp->subset, uri);
	    for (j = 0; j < vstr_len(path); j++)
		if (vstr_str(path)[j] == '\\')
		    vstr_str(path)[j] = '/';
	    for (j = 0; j < rd->nprobes && pp == 0; j++)
		if (strcasecmp(rd->probes[j].path, vstr_str(path)) == 0)
		    pp = rd->probes + j;
	}
	if (pp) {
	    pp->referenced = 1;
	    dp->is_cda = pp->is_cda;
	    dp->cda_verified = 1;
	    dp->cda_code = pp->code ? mystrdup(pp->code) : 0;
	} else {
	    dp->is_cda = dp->mime_type && strcasecmp(dp->mime_type, "text/xml") == 0;
	}
	if (dp->is_cda) {
	    res->cda_count++;
	    xdm_add_code(res, dp->type_code ? dp->type_code : dp->cda_code);
	}
    }
    for (j = 0; j < rd->nprobes; j++) {
	if (rd->probes[j].is_cda && !rd->probes[j].referenced) {
	    res->cda_count++;
	    xdm_add_code(res, rd->probes[j].code);
	}
    }
    vstr_free(path);
}

/* xdm_read_source - the whole read, given a libzip source */

static XDM_STATUS xdm_read_source(zip_source_t *src, off_t size,
				          XDM_EOCD_READ read_fn, void *ctx,
				          const XDM_LIMITS *lim, XDM_BUDGET *budget,
				          XDM_RESULT *res)
{
    XDM_READ rd;
    XDM_EOCD eocd;
    zip_error_t zerr;
    zip_int64_t count;
    size_t  i;

    xdm_init();
    /* A spent budget (time, or a limit reached before): not even looked at. */
    if (xdm_budget_time(budget, res) != XDM_OK) {
	zip_source_free(src);
	return (res->status);
    }
    if (size > lim->max_archive) {
	zip_source_free(src);
	return (xdm_result_fail(res, XDM_ERR_TOO_BIG, "archive of %lld "
				"octets, limit %lld", (long long) size,
				(long long) lim->max_archive));
    }
    switch (xdm_eocd_scan(read_fn, ctx, size, &eocd)) {
    case XDM_EOCD_OK:
	break;
    case XDM_EOCD_NONE:
	zip_source_free(src);
	return (xdm_result_fail(res, XDM_ERR_NOT_ZIP, "no zip end record"));
    case XDM_EOCD_IO:
	zip_source_free(src);
	return (xdm_result_fail(res, XDM_ERR_IO, "read: %s", strerror(errno)));
    default:
	zip_source_free(src);
	return (xdm_result_fail(res, XDM_ERR_ZIP, "bad zip64 end record"));
    }
    if (eocd.max_entries > lim->max_entries || eocd.max_cd_size > lim->max_cd_size) {
	zip_source_free(src);
	return (xdm_result_fail(res, XDM_ERR_TOO_MANY, "%llu entries, directory "
				"of %llu octets", (unsigned long long) eocd.max_entries,
				(unsigned long long) eocd.max_cd_size));
    }
    if (xdm_budget_entries(budget, eocd.max_entries, res) != XDM_OK) {
	zip_source_free(src);
	return (res->status);
    }
    memset(&rd, 0, sizeof(rd));
    rd.lim = lim;
    rd.budget = budget;
    rd.res = res;
    rd.first_doc = res->ndocs;
    zip_error_init(&zerr);
    if ((rd.za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == 0) {
	xdm_result_fail(res, xdm_zip_status(zip_error_code_zip(&zerr)),
			"open: %s", zip_error_strerror(&zerr));
	zip_error_fini(&zerr);
	zip_source_free(src);
	return (res->status);
    }
    zip_error_fini(&zerr);
    rd.name = vstr_alloc(64);
    rd.subset = vstr_alloc(16);
    rd.buf = mymalloc(XDM_CHUNK);
    count = zip_get_num_entries(rd.za, 0);
    res->nentries = count > 0 ? (uint64_t) count : 0;
    if (count < 0 || (uint64_t) count > lim->max_entries)
	xdm_result_fail(res, XDM_ERR_TOO_MANY, "%lld entries", (long long) count);
    else if (xdm_check_directory(&rd, count) == XDM_OK
	     && !xdm_status_stops(xdm_read_metadata(&rd, count))
	     && !xdm_status_stops(xdm_probe_entries(&rd, count)))
	xdm_resolve(&rd);
    for (i = 0; i < rd.nprobes; i++) {
	myfree(rd.probes[i].path);
	myfree(rd.probes[i].code);
    }
    myfree(rd.probes);
    myfree(rd.buf);
    vstr_free(rd.name);
    vstr_free(rd.subset);
    zip_discard(rd.za);
    return (res->status);
}

 /*
  * Positional reads for the end-record scan: a file or a buffer.
  */
typedef struct XDM_MEM {
    const char *data;
    size_t  len;
} XDM_MEM;

/* xdm_pread_fd - pread(2) with EINTR */

static ssize_t xdm_pread_fd(void *ctx, void *buf, size_t len, off_t off)
{
    ssize_t n;

    while ((n = pread(*(int *) ctx, buf, len, off)) < 0 && errno == EINTR)
	 /* void */ ;
    return (n);
}

/* xdm_pread_mem - copy from the buffer */

static ssize_t xdm_pread_mem(void *ctx, void *buf, size_t len, off_t off)
{
    XDM_MEM *mp = ctx;

    if (off < 0 || (size_t) off >= mp->len)
	return (0);
    if (len > mp->len - (size_t) off)
	len = mp->len - (size_t) off;
    memcpy(buf, mp->data + off, len);
    return ((ssize_t) len);
}

/* xdm_read_fd - read an archive from a file descriptor (left open) */

XDM_STATUS xdm_read_fd(int fd, const XDM_LIMITS *lim, XDM_RESULT *res)
{
    return (xdm_read_fd_budget(fd, lim, (XDM_BUDGET *) 0, res));
}

/* xdm_read_fd_budget - the same, charged to a message's budget */

XDM_STATUS xdm_read_fd_budget(int fd, const XDM_LIMITS *lim, XDM_BUDGET *budget,
			              XDM_RESULT *res)
{
    struct stat sb;
    zip_error_t zerr;
    zip_source_t *src;
    FILE   *fp;
    int     fd2;

    if (fstat(fd, &sb) < 0)
	return (xdm_result_fail(res, XDM_ERR_IO, "fstat: %s", strerror(errno)));
    if ((fd2 = dup(fd)) < 0 || (fp = fdopen(fd2, "rb")) == 0) {
	if (fd2 >= 0)
	    (void) close(fd2);
	return (xdm_result_fail(res, XDM_ERR_IO, "dup: %s", strerror(errno)));
    }
    zip_error_init(&zerr);
    /* The source owns fp from here on, whatever happens. */
    if ((src = zip_source_filep_create(fp, 0, -1, &zerr)) == 0) {
	(void) fclose(fp);
	xdm_result_fail(res, XDM_ERR_IO, "source: %s", zip_error_strerror(&zerr));
	zip_error_fini(&zerr);
	return (res->status);
    }
    zip_error_fini(&zerr);
    return (xdm_read_source(src, sb.st_size, xdm_pread_fd, &fd, lim, budget, res));
}

/* xdm_read_buffer - read an archive from memory */

XDM_STATUS xdm_read_buffer(const void *data, size_t len,
			           const XDM_LIMITS *lim, XDM_RESULT *res)
{
    zip_error_t zerr;
    zip_source_t *src;
    XDM_MEM mem;

    zip_error_init(&zerr);
    if ((src = zip_source_buffer_create(data, len, 0, &zerr)) == 0) {
	xdm_result_fail(res, XDM_ERR_IO, "source: %s", zip_error_strerror(&zerr));
	zip_error_fini(&zerr);
	return (res->status);
    }
    zip_error_fini(&zerr);
    mem.data = data;
    mem.len = len;
    return (xdm_read_source(src, (off_t) len, xdm_pread_mem, &mem, lim,
			    (XDM_BUDGET *) 0, res));
}
