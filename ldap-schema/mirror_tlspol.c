/*++
/* NAME
/*	mirror_tlspol 3
/* SUMMARY
/*	a Postfix smtp_tls_policy_maps table from the whitelist
/* SYNOPSIS
/*	#include "mirror_tlspol.h"
/*
/*	int	mirror_tlspol_write(wl, path, ca_file, fp)
/*	const MIRROR_WHITELIST *wl;
/*	const char *path;
/*	const char *ca_file;
/*	FILE	*fp;
/*
/*	int	mirror_tlspol_file(wl, ca_file, path)
/*	const MIRROR_WHITELIST *wl;
/*	const char *ca_file;
/*	const char *path;
/*
/*	void	mirror_tlspol_main_cf(path, ca_file, fp)
/*	const char *path;
/*	const char *ca_file;
/*	FILE	*fp;
/* DESCRIPTION
/*	Outbound mail between MSSante operators must go over TLS with
/*	IGC-Sante certificates. mirror_tlspol_write() turns the whitelist
/*	(after mirror_whitelist_entries()) into one table line per domain:
/*
/*	    medecin.mssante.fr secure match=mx1.example:mx2.example protocols=>=TLSv1.2
/*
/*	What comes from the referential: the domains, and the subject DNs
/*	of the certificates of the operators that serve each domain
/*	(DNCertificatOperateur). What is inferred: that the server which
/*	receives a domain's mail presents one of those certificates, so
/*	that their CNs are the names to match (Postfix matches match=
/*	against the certificate's DNS subjectAltNames, else its CN), and
/*	that TLS 1.2 is the minimum. A CN that is not a host name is left
/*	out with a warning; a domain without any usable CN gets "secure"
/*	alone (Postfix then matches the domain name itself: such mail will
/*	probably be deferred, which is the safe failure).
/*
/*	A header comment says where the table came from and gives the
/*	main.cf lines (mirror_tlspol_main_cf()): the policy table, the
/*	IGC-Sante CA file (ca_file, the bundle that also verifies the
/*	whitelist's signature), and the establishment's own client
/*	certificate and key, which sites fill in.
/*
/*	mirror_tlspol_file() writes the table to path atomically (a
/*	temporary file renamed over it, mode 0644): Postfix reads it as
/*	texthash: without postmap.
/* DIAGNOSTICS
/*	-1 after logging an I/O error; 0 otherwise.
/*--*/

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mymalloc.h"
#include "msg.h"
#include "mirror_tlspol.h"

/* tlspol_hostname - a CN Postfix can match: LDH labels, maybe "*." first */

static int tlspol_hostname(const char *cn)
{
    const char *cp = cn;

    if (strncmp(cp, "*.", 2) == 0)
	cp += 2;
    if (*cp == 0 || *cp == '.' || *cp == '-' || strlen(cp) > 253)
	return (0);
    for (; *cp; cp++)
	if (!isalnum((unsigned char) *cp) && *cp != '-' && *cp != '.')
	    return (0);
    return (cp[-1] != '.');
}

/* mirror_tlspol_main_cf - the main.cf lines */

void    mirror_tlspol_main_cf(const char *path, const char *ca_file, FILE *fp)
{
    fprintf(fp, "smtp_tls_policy_maps = texthash:%s\n", path ? path :
	    "/etc/postfix/mssante_tls_policy");
    fprintf(fp, "smtp_tls_CAfile = %s\n", ca_file ? ca_file :
	    "/etc/mssante-milter/igc-sante.pem");
    fprintf(fp, "smtp_tls_cert_file = /etc/postfix/mssante-client.pem\n");
    fprintf(fp, "smtp_tls_key_file = /etc/postfix/mssante-client.key\n");
    fprintf(fp, "smtp_tls_loglevel = 1\n");
}

/* tlspol_header - where the table comes from, and how to use it */

static void tlspol_header(const MIRROR_WHITELIST *wl, const char *path,
			          const char *ca_file, FILE *fp)
{
    FILE   *tmp;
    char   *buf = 0;
    size_t  len = 0;
    char   *line, *save;

    fprintf(fp, "# Postfix smtp_tls_policy_maps table written by mssante-mirror(8)\n"
	    "# from the ANS whitelist generated %s (SHA-256 %s).\n"
	    "# From the whitelist: the domains and the certificate subjects of their\n"
	    "# operators. Inferred: that a domain's server presents one of those\n"
	    "# certificates (match= lists their CNs), and TLS 1.2 at least.\n"
	    "# Only the IGC-Sante CAs may verify them. main.cf (the client certificate\n"
	    "# is the establishment's own IGC-Sante server certificate):\n",
	    wl->generated, wl->sha256);
    if ((tmp = open_memstream(&buf, &len)) == 0)
	msg_fatal("open_memstream: %s", strerror(errno));
    mirror_tlspol_main_cf(path, ca_file, tmp);
    fclose(tmp);
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(0, "\n", &save))
	fprintf(fp, "#   %s\n", line);
    free(buf);
}

/* mirror_tlspol_write - the whole table */

int     mirror_tlspol_write(const MIRROR_WHITELIST *wl, const char *path,
			            const char *ca_file, FILE *fp)
{
    const MIRROR_ATTR *cns;
    size_t  i, j;
    int     n;

    tlspol_header(wl, path, ca_file, fp);
    for (i = 0; i < wl->ndomains; i++) {
	cns = mirror_entry_find(wl->domains[i].ep, "mssOperatorCN");
	fprintf(fp, "%s secure", wl->domains[i].domain);
	for (n = 0, j = 0; cns && j < cns->nvals; j++) {
	    if (!tlspol_hostname(cns->vals[j])) {
		msg_warn("%s: operator CN \"%.100s\" is not a host name: left out of"
			 " the TLS policy", wl->domains[i].domain, cns->vals[j]);
		continue;
	    }
	    fprintf(fp, "%s%s", n++ ? ":" : " match=", cns->vals[j]);
	}
	fprintf(fp, " protocols=>=TLSv1.2\n");
    }
    return (ferror(fp) ? -1 : 0);
}

/* mirror_tlspol_file - write the table atomically */

int     mirror_tlspol_file(const MIRROR_WHITELIST *wl, const char *ca_file,
			           const char *path)
{
    VSTR   *tmp = vstr_alloc(100);
    FILE   *fp;
    int     ret = -1;

    vstr_sprintf(tmp, "%s.tmp", path);
    if ((fp = fopen(vstr_str(tmp), "w")) == 0) {
	msg_error("create %s: %s", vstr_str(tmp), strerror(errno));
    } else {
	ret = mirror_tlspol_write(wl, path, ca_file, fp);
	if (fchmod(fileno(fp), 0644) < 0)
	    ret = -1;
	if (fclose(fp) != 0 || ret < 0) {
	    msg_error("write %s: %s", vstr_str(tmp), strerror(errno));
	    ret = -1;
	} else if (rename(vstr_str(tmp), path) < 0) {
	    msg_error("rename %s: %s", vstr_str(tmp), strerror(errno));
	    ret = -1;
	}
	if (ret < 0)
	    (void) unlink(vstr_str(tmp));
    }
    vstr_free(tmp);
    return (ret);
}
