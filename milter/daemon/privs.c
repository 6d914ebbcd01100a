/*++
/* NAME
/*	privs 3
/* SUMMARY
/*	run-as user lookup and privilege drop
/* SYNOPSIS
/*	#include "privs.h"
/*
/*	int	privs_lookup(spec, pp, err)
/*	const char *spec;
/*	PRIVS	*pp;
/*	VSTR	*err;
/*
/*	int	privs_drop(pp, err)
/*	const PRIVS *pp;
/*	VSTR	*err;
/*
/*	void	privs_free(pp)
/*	PRIVS	*pp;
/* DESCRIPTION
/*	privs_lookup() resolves "user" or "user:group" (names or numbers)
/*	into pp: the user's uid, and the named group or else the user's
/*	primary group. It returns 0, or -1 with err set.
/*
/*	privs_drop() switches the process for good to pp: supplementary
/*	groups of the user (initgroups), group, then user, and verifies
/*	that root cannot be regained. It returns 0, or -1 with err set.
/*	The daemon calls it once the socket is bound and the secret
/*	files are read, and before it starts any thread (setuid() on
/*	Linux applies to the calling thread at the system-call level;
/*	the C library propagates it to all threads, but doing it first
/*	avoids the question).
/*
/*	privs_free() releases what privs_lookup() allocated.
/* DIAGNOSTICS
/*	See above.
/*--*/

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mymalloc.h"
#include "privs.h"

/* privs_number - all digits? */

static int privs_number(const char *text, unsigned long *val)
{
    char   *end;

    if (*text < '0' || *text > '9')
	return (0);
    errno = 0;
    *val = strtoul(text, &end, 10);
    return (*end == 0 && errno == 0);
}

/* privs_lookup - resolve user[:group] */

int     privs_lookup(const char *spec, PRIVS *pp, VSTR *err)
{
    char   *user = mystrdup(spec);
    char   *group = strchr(user, ':');
    struct passwd *pw;
    struct group *gr;
    unsigned long num;

    memset(pp, 0, sizeof(*pp));
    if (group)
	*group++ = 0;
    if ((pw = getpwnam(user)) == 0 && privs_number(user, &num))
	pw = getpwuid((uid_t) num);
    if (pw == 0) {
	vstr_sprintf(err, "unknown user %s", user);
	myfree(user);
	return (-1);
    }
    pp->user = mystrdup(pw->pw_name);
    pp->uid = pw->pw_uid;
    pp->gid = pw->pw_gid;
    if (group) {
	if ((gr = getgrnam(group)) == 0 && privs_number(group, &num))
	    gr = getgrgid((gid_t) num);
	if (gr == 0) {
	    vstr_sprintf(err, "unknown group %s", group);
	    privs_free(pp);
	    myfree(user);
	    return (-1);
	}
	pp->gid = gr->gr_gid;
    }
    myfree(user);
    return (0);
}

/* privs_drop - become pp for good */

int     privs_drop(const PRIVS *pp, VSTR *err)
{
    if (initgroups(pp->user, pp->gid) < 0) {
	vstr_sprintf(err, "initgroups %s: %s", pp->user, strerror(errno));
	return (-1);
    }
    if (setgid(pp->gid) < 0) {
	vstr_sprintf(err, "setgid %ld: %s", (long) pp->gid, strerror(errno));
	return (-1);
    }
    if (setuid(pp->uid) < 0) {
	vstr_sprintf(err, "setuid %ld: %s", (long) pp->uid, strerror(errno));
	return (-1);
    }
    if (pp->uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
	vstr_sprintf(err, "root privileges could be regained after setuid %ld",
		     (long) pp->uid);
	return (-1);
    }
    return (0);
}

/* privs_free - release */

void    privs_free(PRIVS *pp)
{
    myfree(pp->user);
    pp->user = 0;
}
