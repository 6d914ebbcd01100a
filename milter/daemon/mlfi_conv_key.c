/*++
/* NAME
/*	mlfi_conv_key 3
/* SUMMARY
/*	the site key of the conversation checks
/* SYNOPSIS
/*	#include "mlfi_conv.h"
/*
/*	int	mlfi_conv_start(const CFG *cfg, VSTR *err)
/*	void	mlfi_conv_stop(void)
/*
/*	const AUDIT_KEY *mlfi_conv_key(void)
/*	CONVCRYPT *mlfi_conv_crypt(void)
/* DESCRIPTION
/*	mlfi_conv_start() loads the site key (AuditKeyFile) that turns
/*	an INS into the HMAC the directory stores, and that encrypts the
/*	patient address (convcrypt(3)), when Conversations is yes. main()
/*	calls it before dropping privileges, and for -n; mssante-milter
/*	--explain calls it too. Without a key the feature cannot work: it
/*	returns -1 with "file:line: Key: problem" in err and the daemon
/*	refuses to start. mlfi_conv_stop() forgets the key.
/*
/*	mlfi_conv_key() is the key, NULL when the feature is off: the
/*	same for every connection, since Conversations needs a restart
/*	(mssante-milter.conf(5)): the key is read as root at start only,
/*	and a reload that changes it keeps the one the daemon started
/*	with (live(3) warns). mlfi_conv_crypt() is the address cipher
/*	made from it.
/*--*/

#include "vstr.h"
#include "audit_key.h"
#include "convcrypt.h"
#include "mlfi_conv.h"

 /*
  * Process state: read-only after mlfi_conv_start().
  */
static AUDIT_KEY *mlfi_conv_hkey;
static CONVCRYPT *mlfi_conv_ccrypt;

/* mlfi_conv_start - load the site key */

int     mlfi_conv_start(const CFG *cfg, VSTR *err)
{
    VSTR   *why;

    if (!cfg->conversations || mlfi_conv_hkey != 0)
	return (0);
    if (*cfg->audit_key_file == 0) {
	vstr_sprintf(err, "%s:%d: Conversations: needs AuditKeyFile: the "
		     "directory keeps only the keyed HMAC of each patient INS",
		     cfg->path ? cfg->path : "(defaults)",
		     cfg->line[CFG_KEY_conversations]);
	return (-1);
    }
    why = vstr_alloc(100);
    if ((mlfi_conv_hkey = audit_key_load(cfg->audit_key_file, AUDIT_KEY_STRICT, why)) == 0) {
	vstr_sprintf(err, "%s:%d: AuditKeyFile (for Conversations): %s",
		     cfg->path ? cfg->path : "(defaults)",
		     cfg->line[CFG_KEY_audit_key_file], vstr_str(why));
	vstr_free(why);
	return (-1);
    }
    vstr_free(why);
    mlfi_conv_ccrypt = convcrypt_create(mlfi_conv_hkey);
    return (0);
}

/* mlfi_conv_stop - forget the key */

void    mlfi_conv_stop(void)
{
    convcrypt_free(mlfi_conv_ccrypt);
    audit_key_free(mlfi_conv_hkey);
    mlfi_conv_ccrypt = 0;
    mlfi_conv_hkey = 0;
}

/* mlfi_conv_key - the site key, or NULL when the feature is off */

const AUDIT_KEY *mlfi_conv_key(void)
{
    return (mlfi_conv_hkey);
}

/* mlfi_conv_crypt - the address cipher, or NULL */

CONVCRYPT *mlfi_conv_crypt(void)
{
    return (mlfi_conv_ccrypt);
}
