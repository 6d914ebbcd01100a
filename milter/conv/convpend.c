/*++
/* NAME
/*	convpend 3
/* SUMMARY
/*	conversation states a message will write once accepted
/* SYNOPSIS
/*	#include "convpend.h"
/*
/*	CONVPEND *convpend_create(void)
/*	void	convpend_free(CONVPEND *cp)
/*
/*	void	convpend_push(CONVPEND *cp, const CONVDIR_KEY *key,
/*				const CONV_STATE *read, const CONV_RESULT *res,
/*				const char *patient, const CONV_CONFIG *cc,
/*				const CONV_REPLAY *redo, int at_rcpt)
/*	size_t	convpend_count(const CONVPEND *cp)
/*	CONVPEND_ENTRY *convpend_get(CONVPEND *cp, size_t i)
/*	void	convpend_drop(CONVPEND *cp, size_t mark)
/*
/*	CONVDIR_WSTATUS convpend_write(DIR_CLIENT *dp, const CONVCRYPT *cc,
/*				const CONVDIR_KEY *key, const CONV_STATE *read,
/*				const CONV_STATE *st, const char *patient,
/*				VSTR *tmp)
/*	void	convpend_commit(CONVPEND *cp, DIR_CLIENT *dp,
/*				const CONVCRYPT *cc, const char *queue_id)
/* DESCRIPTION
/*	A message changes conversation states only once it is accepted
/*	and on record (mlfi_conv(3)); until then its decisions wait here,
/*	each with what it needs to be taken again when another message
/*	changed the conversation first: the state it read, the facts and
/*	configuration (conv_replay(3)).
/*
/*	convpend_push() adds a decision (res: the new state and whether
/*	it differs from read; at_rcpt: taken at RCPT TO, so mlfi_conv(3)
/*	checks the state again at end of message). convpend_count() and
/*	convpend_get() give the entries; convpend_drop() forgets those
/*	from index mark on (a recipient refused after its decision).
/*
/*	convpend_write() stores one state with the encrypted patient
/*	address (convcrypt(3)), on condition that the entry still holds
/*	read (convdir_write(3)).
/*
/*	convpend_commit() writes every entry whose state changed. On a
/*	conflict it reads the state again and applies conv_replay(3), up
/*	to four times: a professional's state is written on top of the
/*	new one; a patient's reply whose conversation was closed in
/*	between writes nothing. Then it forgets every entry.
/* DIAGNOSTICS
/*	convpend_commit() cannot change the verdict any more: it logs as
/*	an error, with the queue id and the mailbox, a state not stored
/*	(directory failure, or still changing after four attempts) and a
/*	reply found to a conversation closed meanwhile (kept closed).
/*--*/

#include <string.h>

#include "mymalloc.h"
#include "msg.h"
#include "vstr.h"
#include "conv.h"
#include "conv_store.h"
#include "convdir.h"
#include "convcrypt.h"
#include "metrics.h"
#include "convpend.h"

#define CONVPEND_TRIES	4		/* conditional writes per state */

struct CONVPEND {
    CONVPEND_ENTRY *ent;
    size_t  count;
    VSTR   *tmp;
};

/* convpend_create - an empty list */

CONVPEND *convpend_create(void)
{
    CONVPEND *cp = mycalloc(1, sizeof(*cp));

    cp->tmp = vstr_alloc(64);
    return (cp);
}

/* convpend_drop - forget the entries from index mark on */

void    convpend_drop(CONVPEND *cp, size_t mark)
{
    CONVPEND_ENTRY *e;

    while (cp->count > mark) {
	e = cp->ent + --cp->count;
	convdir_key_free(&e->key);
	myfree(e->patient);
	myfree(e->sender);
    }
}

/* convpend_free - release */

void    convpend_free(CONVPEND *cp)
{
    if (cp == 0)
	return;
    convpend_drop(cp, 0);
    myfree(cp->ent);
    vstr_free(cp->tmp);
    myfree(cp);
}

/* convpend_push - remember a decision, and the state to write */

void    convpend_push(CONVPEND *cp, const CONVDIR_KEY *key,
		              const CONV_STATE *read, const CONV_RESULT *res,
		              const char *patient, const CONV_CONFIG *cc,
		              const CONV_REPLAY *redo, int at_rcpt)
{
    CONVPEND_ENTRY *e;

    cp->ent = myrealloc(cp->ent, (cp->count + 1) * sizeof(*cp->ent));
    e = cp->ent + cp->count++;
    convdir_key_init(&e->key);
    memcpy(e->key.id, key->id, sizeof(key->id));
    memcpy(e->key.hmac, key->hmac, sizeof(key->hmac));
    vstr_strcpy(e->key.mailbox, vstr_str(key->mailbox));
    e->read = *read;
    e->st = res->state;
    e->write = res->write;
    e->at_rcpt = at_rcpt;
    e->rcpt = *res;
    e->held = 0;
    e->patient = mystrdup(patient);
    e->cc = *cc;
    e->redo = *redo;
    e->sender = redo->out.sender ? mystrdup(redo->out.sender) : 0;
    e->redo.out.sender = e->sender;
}

/* convpend_count - how many */

size_t  convpend_count(const CONVPEND *cp)
{
    return (cp->count);
}

/* convpend_get - one entry */

CONVPEND_ENTRY *convpend_get(CONVPEND *cp, size_t i)
{
    return (i < cp->count ? cp->ent + i : 0);
}

/* convpend_write - store one state, if the entry still holds read */

CONVDIR_WSTATUS convpend_write(DIR_CLIENT *dp, const CONVCRYPT *cc,
			               const CONVDIR_KEY *key,
			               const CONV_STATE *read,
			               const CONV_STATE *st,
			               const char *patient, VSTR *tmp)
{
    if (convcrypt_seal(cc, key->id, patient, tmp) != 0) {
	msg_warn("conversation %.16s: cannot encrypt the patient address", key->id);
	return (metrics_conv_write(CONVDIR_WERROR));
    }
    return (metrics_conv_write(convdir_write(dp, key, read, st, vstr_str(tmp))));
}

/* convpend_store - write one entry; on a conflict read and decide again */

static CONV_REPLAY_STATUS convpend_store(CONVPEND *cp, DIR_CLIENT *dp,
				               const CONVCRYPT *cc,
				               CONVPEND_ENTRY *e)
{
    CONV_REPLAY_STATUS rs;
    CONV_RESULT res;
    int     tries;

    for (tries = 0; tries < CONVPEND_TRIES; tries++) {
	switch (convpend_write(dp, cc, &e->key, &e->read, &e->st, e->patient,
			       cp->tmp)) {
	case CONVDIR_WRITTEN:
	    return (CONV_REPLAY_WRITE);
	case CONVDIR_WERROR:
	    return (CONV_REPLAY_UNAVAILABLE);
	case CONVDIR_CONFLICT:
	    break;
	}
	/* Another message changed it since it was read: the rules again. */
	if (convdir_read(dp, &e->key, &e->read) == DIR_TEMPFAIL)
	    return (CONV_REPLAY_UNAVAILABLE);
	if ((rs = conv_replay(&e->cc, &e->read, &e->redo, &res)) != CONV_REPLAY_WRITE)
	    return (rs);
	e->st = res.state;
    }
    msg_warn("conversation %.16s: still changing after %d writes", e->key.id,
	     CONVPEND_TRIES);
    return (CONV_REPLAY_UNAVAILABLE);
}

/* convpend_commit - write every changed state, then forget them */

void    convpend_commit(CONVPEND *cp, DIR_CLIENT *dp, const CONVCRYPT *cc,
			        const char *queue_id)
{
    CONVPEND_ENTRY *e;
    const CONV_STATE *st;
    const char *why;
    size_t  i;

    for (i = 0; i < cp->count; i++) {
	e = cp->ent + i;
	if (!e->write)
	    continue;
	switch (convpend_store(cp, dp, cc, e)) {
	case CONV_REPLAY_REFUSED:
	    /* Closed after the end-of-message check: it stays closed. */
	    why = "closed by another message after this one was accepted "
		"and recorded: not reopened, state kept";
	    st = &e->read;
	    break;
	case CONV_REPLAY_UNAVAILABLE:
	    why = "NOT stored (directory write failed) after the message "
		"was accepted and recorded: state";
	    st = &e->st;
	    break;
	default:
	    continue;
	}
	msg_error("%s: conversation mailbox=%s patient=hmac:%.16s id=%.16s: %s %s",
		  queue_id ? queue_id : "NOQUEUE", vstr_str(e->key.mailbox),
		  e->key.hmac, e->key.id, why, conv_store_status_name(st->status));
    }
    convpend_drop(cp, 0);
}
