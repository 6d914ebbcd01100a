/*++
/* NAME
/*	audit_conf 3
/* SUMMARY
/*	the audit trail's configuration: defaults and value parsers
/* SYNOPSIS
/*	#include "audit.h"
/*
/*	void	audit_config_init(AUDIT_CONFIG *cf)
/*	int	audit_sync_parse(const char *str, AUDIT_SYNC *sync,
/*				int *interval_ms)
/*	int	audit_on_error_parse(const char *str, AUDIT_ON_ERROR *on)
/* DESCRIPTION
/*	audit_config_init() sets the defaults documented in audit.h.
/*	audit_sync_parse() reads an AuditSync value: "every", "none",
/*	"interval" (1 s), or an interval "Ns" or "Nms" (10 ms to 1 h).
/*	audit_on_error_parse() reads "tempfail" or "accept". Both return
/*	0, or -1 for a value they do not know.
/* SEE ALSO
/*	audit(3), the writer; mssante-milter-audit(5), the keys.
/*--*/

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"

/* audit_config_init - defaults */

void    audit_config_init(AUDIT_CONFIG *cf)
{
    memset(cf, 0, sizeof(*cf));
    cf->path = 0;
    cf->key_file = 0;
    cf->sync = AUDIT_SYNC_INTERVAL;
    cf->sync_interval_ms = AUDIT_DEF_SYNC_INTERVAL_MS;
    cf->checkpoint_s = AUDIT_DEF_CHECKPOINT_S;
    cf->on_error = AUDIT_ON_ERROR_TEMPFAIL;
    cf->host = 0;
    cf->file_mode = AUDIT_DEF_FILE_MODE;
    cf->owner = (uid_t) -1;
}

/* audit_sync_parse - AuditSync value */

int     audit_sync_parse(const char *str, AUDIT_SYNC *sync, int *interval_ms)
{
    char   *end;
    long    n;

    if (strcasecmp(str, "every") == 0) {
	*sync = AUDIT_SYNC_EVERY;
	return (0);
    }
    if (strcasecmp(str, "none") == 0) {
	*sync = AUDIT_SYNC_NONE;
	return (0);
    }
    if (strcasecmp(str, "interval") == 0) {
	*sync = AUDIT_SYNC_INTERVAL;
	*interval_ms = AUDIT_DEF_SYNC_INTERVAL_MS;
	return (0);
    }
    if (*str < '0' || *str > '9')
	return (-1);
    errno = 0;
    n = strtol(str, &end, 10);
    if (errno || n <= 0 || n > 3600000)
	return (-1);
    if (strcmp(end, "s") == 0 && n <= 3600)
	n *= 1000;
    else if (strcmp(end, "ms") != 0)
	return (-1);
    if (n < 10 || n > 3600000)
	return (-1);
    *sync = AUDIT_SYNC_INTERVAL;
    *interval_ms = (int) n;
    return (0);
}

/* audit_on_error_parse - On-AuditError value */

int     audit_on_error_parse(const char *str, AUDIT_ON_ERROR *on)
{
    if (strcasecmp(str, "tempfail") == 0)
	*on = AUDIT_ON_ERROR_TEMPFAIL;
    else if (strcasecmp(str, "accept") == 0)
	*on = AUDIT_ON_ERROR_ACCEPT;
    else
	return (-1);
    return (0);
}
