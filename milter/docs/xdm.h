#ifndef XDM_H_INCLUDED
#define XDM_H_INCLUDED

/*++
/* NAME
/*	xdm 3h
/* SUMMARY
/*	read an IHE_XDM.zip archive: metadata, CDA documents, with limits
/* SYNOPSIS
/*	#include "xdm.h"
/* DESCRIPTION
/*	See xdm.c.
/*--*/

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "vstr.h"

 /*
  * ebRIM identifiers (IHE ITI TF-3 4.2.5): classification schemes and the
  * patient id identification scheme of XDSDocumentEntry.
  */
#define XDM_UUID_TYPECODE	"urn:uuid:f0306f51-975f-434e-a61c-c59651d33983"
#define XDM_UUID_CLASSCODE	"urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a"
#define XDM_UUID_FORMATCODE	"urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d"
#define XDM_UUID_PATIENTID	"urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
#define XDM_NS_HL7V3		"urn:hl7-org:v3"

typedef struct XDM_LIMITS {
    off_t   max_archive;		/* octets of the zip file */
    uint64_t max_entries;		/* entries, checked before opening */
    uint64_t max_cd_size;		/* central directory octets, idem */
    uint64_t max_entry_size;		/* decompressed octets of one entry */
    uint64_t max_total;			/* declared decompressed total */
    unsigned max_ratio;			/* decompressed / compressed */
    uint64_t ratio_min;			/* ratio checked above this size */
    size_t  max_xml;			/* octets of one METADATA.XML */
    size_t  max_cda_probe;		/* octets read to recognise a CDA */
    int     max_depth;			/* XML element nesting */
    size_t  max_docs;			/* ExtrinsicObjects, all subsets */
    size_t  max_subsets;		/* SUBSETnn directories */
    size_t  max_probes;			/* XML entries probed for a CDA */
    size_t  max_value;			/* octets of one kept XML value */
    /* Per message, over all its archives (xdm_budget(3)); 0: none. */
    size_t  msg_max_archives;		/* archives read */
    uint64_t msg_max_entries;		/* zip entries */
    uint64_t msg_max_inflated;		/* octets decompressed */
    long    msg_max_ms;			/* wall time, milliseconds */
} XDM_LIMITS;

typedef enum XDM_STATUS {
    XDM_OK = 0,
    XDM_ERR_IO,				/* reading the spool failed */
    XDM_ERR_NOT_ZIP,			/* no zip end record */
    XDM_ERR_ZIP,			/* malformed, truncated, inconsistent */
    XDM_ERR_ENCRYPTED,			/* an entry to read is encrypted */
    XDM_ERR_TOO_BIG,			/* archive over max_archive */
    XDM_ERR_TOO_MANY,			/* entries or directory over limits */
    XDM_ERR_ZIP_BOMB,			/* decompressed size or ratio */
    XDM_ERR_NO_METADATA,		/* no IHE_XDM/SUBSETnn/METADATA.XML */
    XDM_ERR_XML,			/* XML not well-formed */
    XDM_ERR_XML_BOMB,			/* DTD or entity declaration */
    XDM_ERR_XML_LIMIT,			/* depth, size, count, long value */
    XDM_ERR_BUDGET,			/* the message's archives cost too much */
    XDM_ERR_TIME,			/* the message's time is spent: stopped */
    XDM_STATUS_COUNT
} XDM_STATUS;

typedef struct XDM_DOC {
    char   *subset;			/* "SUBSET01" */
    char   *id;				/* ExtrinsicObject id */
    char   *uri;			/* URI slot: entry in the subset */
    char   *mime_type;
    char   *type_code;			/* typeCode nodeRepresentation */
    char   *type_system;		/* its codingScheme */
    char   *type_display;		/* its Name */
    char   *class_code;
    char   *class_system;
    char   *format_code;
    char   *patient_cx;			/* ExternalIdentifier value (CX) */
    char   *patient_id;			/* CX.1 */
    char   *patient_authority;		/* CX.4.2 universal id */
    int     is_cda;			/* a CDA document */
    int     cda_verified;		/* its root element was seen */
    char   *cda_code;			/* ClinicalDocument/code/@code */
} XDM_DOC;

typedef struct XDM_RESULT {
    XDM_STATUS status;			/* first error, XDM_OK */
    VSTR   *error;			/* English detail for logs */
    XDM_DOC *docs;
    size_t  ndocs;
    size_t  nsubsets;			/* METADATA.XML files read */
    uint64_t nentries;
    size_t  cda_count;			/* CDA documents found */
    size_t  nested_archives;		/* zip entries, never opened */
    char  **cda_codes;			/* distinct codes of the CDAs */
    size_t  ncda_codes;
} XDM_RESULT;

extern void xdm_init(void);
extern void xdm_limits_init(XDM_LIMITS *);
extern XDM_RESULT *xdm_result_create(void);
extern void xdm_result_free(XDM_RESULT *);
extern XDM_STATUS xdm_result_fail(XDM_RESULT *, XDM_STATUS, const char *,...)
	__attribute__((format(printf, 3, 4)));
extern XDM_DOC *xdm_result_add_doc(XDM_RESULT *);
extern XDM_STATUS xdm_read_fd(int, const XDM_LIMITS *, XDM_RESULT *);
struct XDM_BUDGET;
extern XDM_STATUS xdm_read_fd_budget(int, const XDM_LIMITS *, struct XDM_BUDGET *,
				             XDM_RESULT *);
extern XDM_STATUS xdm_read_buffer(const void *, size_t, const XDM_LIMITS *,
				          XDM_RESULT *);
extern const char *xdm_status_name(XDM_STATUS);
extern const char *xdm_status_text_fr(XDM_STATUS);
extern int xdm_status_unsafe(XDM_STATUS);
extern int xdm_status_stops(XDM_STATUS);

#endif
