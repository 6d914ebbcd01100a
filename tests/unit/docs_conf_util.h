#ifndef DOCS_CONF_UTIL_H_INCLUDED
#define DOCS_CONF_UTIL_H_INCLUDED

/*++
/* NAME
/*	docs_conf_util 3h
/* SUMMARY
/*	test helpers: documents configurations and a scratch directory
/* SYNOPSIS
/*	#include "docs_conf_util.h"
/* DESCRIPTION
/*	See docs_conf_util.c.
/*--*/

#include "vstr.h"
#include "cfg.h"
#include "docs_conf.h"

 /*
  * The people of the tests.
  */
#define INS_A	"285037728417346"	/* the patient of metadata-cda.xml */
#define INS_B	"279035121518989"
#define APP	"dpi@ch-exemple.mssante.fr"
#define PRO	"jean@medecin.mssante.fr"

extern void docs_conf_util_setup(void);
extern void docs_conf_util_teardown(void);
extern const char *docs_conf_util_dir(void);
extern const char *docs_conf_util_path(const char *, VSTR *);
extern const char *docs_conf_util_file(const char *, const char *, VSTR *);
extern CFG *docs_conf_util_cfg(const char *);
extern DOCS_CONF *docs_conf_util_conf(const char *, CFG **);

#endif
