#ifndef XDM_EOCD_H_INCLUDED
#define XDM_EOCD_H_INCLUDED

/*++
/* NAME
/*	xdm_eocd 3h
/* SUMMARY
/*	zip end-of-central-directory records, read before libzip
/* SYNOPSIS
/*	#include "xdm_eocd.h"
/* DESCRIPTION
/*	See xdm_eocd.c.
/*--*/

#include <stdint.h>
#include <sys/types.h>

typedef ssize_t (*XDM_EOCD_READ) (void *, void *, size_t, off_t);

typedef struct XDM_EOCD {
    int     candidates;			/* end records found */
    uint64_t max_entries;		/* largest entry count of any */
    uint64_t max_cd_size;		/* largest directory size of any */
    int     zip64;			/* a zip64 record was followed */
} XDM_EOCD;

typedef enum XDM_EOCD_STATUS {
    XDM_EOCD_OK = 0,
    XDM_EOCD_NONE,			/* no end record: not a zip */
    XDM_EOCD_IO,			/* the read function failed */
    XDM_EOCD_BAD			/* a zip64 record points nowhere */
} XDM_EOCD_STATUS;

extern XDM_EOCD_STATUS xdm_eocd_scan(XDM_EOCD_READ, void *, off_t, XDM_EOCD *);

#endif
