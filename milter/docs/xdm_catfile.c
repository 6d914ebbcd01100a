/*++
/* NAME
/*	xdm_catfile 3
/* SUMMARY
/*	load the JDV_J07 (or TRE_A03) table file
/* SYNOPSIS
/*	#include "xdm_catfile.h"
/*
/*	CATEGORY_TABLE *xdm_catfile_load(const char *path,
/*					const char *default_system, VSTR *why)
/* DESCRIPTION
/*	xdm_catfile_load() reads a table file installed with the milter
/*	($(pkgdatadir)/jdv-j07-typecode.tsv, or tre-a03-classcode.tsv with
/*	default_system CATEGORY_OID_TRE_A03) and builds a new table with
/*	category(3). Call it at start-up and on each configuration
/*	reload; swap the table pointer only when the load succeeded, so a
/*	broken file never replaces a good table.
/*
/*	The file is refused whole if any line is malformed (the ANS list
/*	is authoritative: a partial table would report valid codes as
/*	unknown), if it has no entry, or if it is larger than 4 MB.
/* DIAGNOSTICS
/*	NULL with the reason in why ("path, line N: display"); the table
/*	otherwise, with its entry count and version in why for the log.
/*--*/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mymalloc.h"
#include "xdm_catfile.h"

#define XDM_CATFILE_MAX	(4 * 1024 * 1024)

/* xdm_catfile_load - read and check a whole table file */

CATEGORY_TABLE *xdm_catfile_load(const char *path, const char *default_system,
				         VSTR *why)
{
    CATEGORY_TABLE *tab;
    CATEGORY_LINE status;
    struct stat sb;
    FILE   *fp;
    char   *line = 0;
    size_t  cap = 0;
    ssize_t n;
    long    lineno = 0;

    if ((fp = fopen(path, "re")) == 0) {
	vstr_sprintf(why, "%s: %s", path, strerror(errno));
	return (0);
    }
    if (fstat(fileno(fp), &sb) < 0 || sb.st_size > XDM_CATFILE_MAX) {
	vstr_sprintf(why, "%s: missing or larger than %d octets", path,
		     XDM_CATFILE_MAX);
	fclose(fp);
	return (0);
    }
    tab = category_table_create(default_system);
    while ((n = getline(&line, &cap, fp)) > 0) {
	lineno++;
	if (line[n - 1] == '\n')
	    n--;
	status = category_table_add_line(tab, line, (size_t) n);
	if (status != CATEGORY_LINE_OK && status != CATEGORY_LINE_SKIP) {
	    vstr_sprintf(why, "%s, line %ld: %s", path, lineno,
			 category_line_name(status));
	    category_table_free(tab);
	    tab = 0;
	    break;
	}
    }
    if (tab && ferror(fp)) {
	vstr_sprintf(why, "%s: read: %s", path, strerror(errno));
	category_table_free(tab);
	tab = 0;
    }
    free(line);
    fclose(fp);
    if (tab && category_table_count(tab) == 0) {
	vstr_sprintf(why, "%s: no entry", path);
	category_table_free(tab);
	tab = 0;
    }
    if (tab)
	vstr_sprintf(why, "%s: %zu entries, version %s", path,
		     category_table_count(tab),
		     category_table_version(tab) ? category_table_version(tab) : "unknown");
    return (tab);
}
