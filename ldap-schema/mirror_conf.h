#ifndef MIRROR_CONF_H_INCLUDED
#define MIRROR_CONF_H_INCLUDED

/*++
/* NAME
/*	mirror_conf 3h
/* SUMMARY
/*	mirror.conf, the settings of mssante-mirror update
/* SYNOPSIS
/*	#include "mirror_conf.h"
/* DESCRIPTION
/*	See mirror_conf.c.
/*--*/

#include <stdio.h>

#include "vstr.h"

typedef struct MIRROR_CONF {
    char   *ldap_uri;
    char   *base;
    char   *bind_dn;
    char   *password_file;
    char   *whitelist_url;
    char   *extraction_url;
    char   *https_ca_file;
    char   *signature_ca_file;
    char   *signer;
    char   *signer_issuer;
    char   *state_dir;
    long    connect_timeout;		/* ms */
    long    timeout;			/* ms */
    unsigned long long max_whitelist_size;
    unsigned long long max_download_size;
    unsigned long long max_extraction_size;
    long    max_zip_ratio;
    long    max_delete_percent;
    long    max_bad_lines;
    char   *pharmacy_list;
    char   *pharmacy_regex;
    char   *postfix_tls_policy;		/* table written by update */
    long    warning_age;		/* ms, mssante-mirror status */
    long    critical_age;		/* ms */
} MIRROR_CONF;

#define MIRROR_CONF_PATH	"/etc/mssante-milter/mirror.conf"

extern MIRROR_CONF *mirror_conf_load(const char *, VSTR *);
extern void mirror_conf_print(const MIRROR_CONF *, FILE *);
extern void mirror_conf_free(MIRROR_CONF *);

#endif
