/*++
/* NAME
/*	mirror_ldif 3
/* SUMMARY
/*	mssante-mirror ldif: the whole mirror as LDIF for slapadd
/* SYNOPSIS
/*	#include "mirror_ldif.h"
/*
/*	int	mirror_ldif_write(MIRROR_RUN *run, FILE *fp)
/* DESCRIPTION
/*	mirror_ldif_write() prints, parents first as slapadd requires:
/*	the base entry, ou=domains and one entry per trusted domain,
/*	ou=mailboxes and one entry per address (the extraction's second
/*	pass), the empty ou=conversations, and cn=metadata. run must have
/*	been prepared (mirror_run_prepare()).
/* DIAGNOSTICS
/*	Returns MIRROR_EXIT_OK, or MIRROR_EXIT_ERROR after a write or read
/*	error (reported).
/*--*/

#include <errno.h>
#include <string.h>

#include "msg.h"
#include "mirror_ldif.h"

/* write_mailbox - mirror_load_emit() callback */

static int write_mailbox(MIRROR_MAILBOX *mb, MIRROR_SLOT *sp, void *ctx)
{
    (void) sp;
    return (mirror_entry_ldif(mb->ep, (FILE *) ctx) < 0 ? -1 : 0);
}

/* mirror_ldif_write - everything, in load order */

int     mirror_ldif_write(MIRROR_RUN *run, FILE *fp)
{
    MIRROR_ENTRY *ep = mirror_entry_create();
    VSTR   *why = vstr_alloc(100);
    size_t  i;
    int     ret = MIRROR_EXIT_ERROR;

    if (mirror_run_base_entry(run, ep, why) < 0) {
	msg_error("%s", vstr_str(why));
	goto out;
    }
    mirror_entry_ldif(ep, fp);
    mirror_run_container(run, ep, "domains");
    mirror_entry_ldif(ep, fp);
    for (i = 0; i < run->wl->ndomains; i++)
	mirror_entry_ldif(run->wl->domains[i].ep, fp);
    mirror_run_container(run, ep, "mailboxes");
    mirror_entry_ldif(ep, fp);
    if (mirror_load_emit(run->load, run->base, run->pp, write_mailbox, fp, why) != 0) {
	msg_error("%s", vstr_len(why) ? vstr_str(why) : strerror(errno));
	goto out;
    }
    mirror_run_container(run, ep, "conversations");
    mirror_entry_ldif(ep, fp);
    mirror_run_metadata(run, ep);
    mirror_entry_ldif(ep, fp);
    if (fflush(fp) != 0 || ferror(fp)) {
	msg_error("write error: %s", strerror(errno));
	goto out;
    }
    ret = MIRROR_EXIT_OK;
out:
    mirror_entry_free(ep);
    vstr_free(why);
    return (ret);
}
