/*++
/* NAME
/*	docs_conf_util 3
/* SUMMARY
/*	test helpers: documents configurations and a scratch directory
/* SYNOPSIS
/*	#include "docs_conf_util.h"
/*
/*	void	docs_conf_util_setup(void)
/*
/*	void	docs_conf_util_teardown(void)
/*
/*	const char *docs_conf_util_dir(void)
/*
/*	const char *docs_conf_util_path(const char *rel, VSTR *buf)
/*
/*	const char *docs_conf_util_file(const char *name, const char *text,
/*				VSTR *path)
/*
/*	CFG	*docs_conf_util_cfg(const char *text)
/*
/*	DOCS_CONF *docs_conf_util_conf(const char *lines, CFG **cfgp)
/* DESCRIPTION
/*	The tests of the daemon's documents glue (check_docs_conf,
/*	check_docs_msg) configure it with these.
/*
/*	docs_conf_util_setup() finds the source tree (top_srcdir, else
/*	"..", made absolute and exported again) and makes a scratch
/*	directory /tmp/check_docs_msg.XXXXXX; docs_conf_util_teardown()
/*	removes it. docs_conf_util_dir() is its name.
/*
/*	docs_conf_util_path() writes into buf, and returns, the absolute
/*	name of a file of the source tree. docs_conf_util_file() writes
/*	text into a file of the scratch directory and returns its name,
/*	kept in path.
/*
/*	docs_conf_util_cfg() parses a configuration from text (as file
/*	"t.conf") or fails the test. docs_conf_util_conf() creates the
/*	documents configuration of the real category table plus lines;
/*	*cfgp is the configuration it was made from.
/*--*/

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs_conf_util.h"

static char top[PATH_MAX];		/* absolute top_srcdir */
static char tmpdir[] = "/tmp/check_docs_msg.XXXXXX";

/* docs_conf_util_setup - the test directory, the absolute source tree */

void    docs_conf_util_setup(void)
{
    const char *t = getenv("top_srcdir");

    if (realpath(t ? t : "..", top) == 0)
	ck_abort_msg("top_srcdir not found");
    setenv("top_srcdir", top, 1);
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* docs_conf_util_teardown - remove the test directory */

void    docs_conf_util_teardown(void)
{
    VSTR   *cmd = vstr_alloc(100);

    vstr_sprintf(cmd, "rm -rf '%s'", tmpdir);
    if (system(vstr_str(cmd)) != 0)
	fprintf(stderr, "cannot remove %s\n", tmpdir);
    strcpy(tmpdir, "/tmp/check_docs_msg.XXXXXX");
    vstr_free(cmd);
}

/* docs_conf_util_dir - the test directory */

const char *docs_conf_util_dir(void)
{
    return (tmpdir);
}

/* docs_conf_util_path - a file of the source tree */

const char *docs_conf_util_path(const char *rel, VSTR *buf)
{
    vstr_sprintf(buf, "%s/%s", top, rel);
    return (vstr_str(buf));
}

/* docs_conf_util_file - a file in the test directory */

const char *docs_conf_util_file(const char *name, const char *text, VSTR *path)
{
    FILE   *fp;

    vstr_sprintf(path, "%s/%s", tmpdir, name);
    ck_assert_ptr_nonnull(fp = fopen(vstr_str(path), "w"));
    fputs(text, fp);
    fclose(fp);
    return (vstr_str(path));
}

/* docs_conf_util_cfg - a configuration from text, or the test fails */

CFG    *docs_conf_util_cfg(const char *text)
{
    VSTR   *err = vstr_alloc(100);
    CFG    *cfg = cfg_parse_string("t.conf", text, err);

    ck_assert_msg(cfg != 0, "%s", vstr_str(err));
    vstr_free(err);
    return (cfg);
}

/* docs_conf_util_conf - documents configuration: the real table, lines */

DOCS_CONF *docs_conf_util_conf(const char *lines, CFG **cfgp)
{
    VSTR   *text = vstr_alloc(200);
    VSTR   *p = vstr_alloc(100);
    DOCS_CONF *dc;

    vstr_sprintf(text, "CategoryTable %s\n%s",
		 docs_conf_util_path("milter/docs/data/jdv-j07-typecode.tsv", p),
		 lines);
    *cfgp = docs_conf_util_cfg(vstr_str(text));
    dc = docs_conf_create(*cfgp, (DOCS_CONF *) 0);
    vstr_free(text);
    vstr_free(p);
    return (dc);
}
