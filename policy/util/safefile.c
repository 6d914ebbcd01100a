/*++
/* NAME
/*	safefile 3
/* SUMMARY
/*	open and hand over files without following planted links
/* SYNOPSIS
/*	#include "safefile.h"
/*
/*	int	safefile_open(path, flags, mode, owner, err)
/*	const char *path;
/*	int	flags;
/*	mode_t	mode;
/*	uid_t	owner;
/*	VSTR	*err;
/*
/*	int	safefile_give(path, type, uid, gid, mode, st, err)
/*	const char *path;
/*	mode_t	type;
/*	uid_t	uid;
/*	gid_t	gid;
/*	mode_t	mode;
/*	struct stat *st;
/*	VSTR	*err;
/* DESCRIPTION
/*	The daemon creates its audit trail, pid file, socket and socket
/*	directory as root, in directories that the run-as user (UserID)
/*	may write (mssante-milter(8), SECURITY). That user could plant a
/*	symbolic link or a hard link there, and a root that opens, chowns
/*	or chmods by name would then write to, or give away, any file of
/*	the system. This module makes every such step work on the object
/*	actually opened, never on a name looked up twice.
/*
/*	safefile_open() opens path (flags: the access mode, O_APPEND,
/*	O_TRUNC, and O_CREAT to create a missing file with exactly mode,
/*	whatever the umask) without following a symbolic link in its last
/*	component and without blocking on a FIFO, and accepts it only when
/*	it is a regular file with a single link, owned by the process's
/*	effective user or by owner. When owner is not SAFEFILE_KEEP_UID
/*	and the process is root, the file is then given to owner through
/*	its descriptor. It returns the descriptor (close-on-exec), or -1
/*	with err set; errno is then ENOENT for a missing file and EPERM
/*	for a file refused.
/*
/*	safefile_give() sets the owner (uid, gid; uid SAFEFILE_KEEP_UID
/*	keeps it) and the permission bits (mode) of path, which must be of
/*	the given type (S_IFDIR or S_IFSOCK), not a symbolic link, owned
/*	by the effective user (the one that just created it) and, for a
/*	socket, with a single link. The changes go through a descriptor
/*	of the object checked (O_PATH for a socket, which cannot be opened
/*	otherwise; its mode is set through /proc/self/fd, which names that
/*	object and not the path). st receives the object's final status.
/*	It returns 0, or -1 with err set.
/* DIAGNOSTICS
/*	See above. Each refusal names the path and why, so that an
/*	operator sees an attack, or a leftover, at once.
/*--*/

#ifndef _GNU_SOURCE
#define _GNU_SOURCE			/* O_PATH, AT_EMPTY_PATH */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safefile.h"

/* safefile_owner_ok - owned by us, or by the expected owner? */

static int safefile_owner_ok(const struct stat *st, uid_t owner)
{
    return (st->st_uid == geteuid()
	    || (owner != SAFEFILE_KEEP_UID && st->st_uid == owner));
}

/* safefile_refuse - close what was refused; err is already set */

static int safefile_refuse(int fd)
{
    (void) close(fd);
    errno = EPERM;
    return (-1);
}

/* safefile_check - the regular-file rules of safefile_open() */

static int safefile_check(int fd, const char *path, uid_t owner, VSTR *err)
{
    struct stat st;

    if (fstat(fd, &st) < 0) {
	vstr_sprintf(err, "%s: fstat: %s", path, strerror(errno));
	(void) close(fd);
	return (-1);
    }
    if (!S_ISREG(st.st_mode)) {
	vstr_sprintf(err, "%s is not a regular file: refused", path);
	return (safefile_refuse(fd));
    }
    if (st.st_nlink != 1) {
	vstr_sprintf(err, "%s has %ld hard links: refused (it may be another "
		     "file's name)", path, (long) st.st_nlink);
	return (safefile_refuse(fd));
    }
    if (!safefile_owner_ok(&st, owner)) {
	vstr_sprintf(err, "%s is owned by uid %ld, not by the daemon's user: "
		     "refused", path, (long) st.st_uid);
	return (safefile_refuse(fd));
    }
    if (owner != SAFEFILE_KEEP_UID && geteuid() == 0 && st.st_uid != owner
	&& fchown(fd, owner, (gid_t) -1) < 0) {
	vstr_sprintf(err, "%s: cannot give it to uid %ld: %s", path,
		     (long) owner, strerror(errno));
	(void) close(fd);
	return (-1);
    }
    return (0);
}

/* safefile_open - open a regular file, no planted link followed */

int     safefile_open(const char *path, int flags, mode_t mode, uid_t owner,
		              VSTR *err)
{
    int     base = (flags & ~O_CREAT) | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    int     fd = -1, created = 0;

    /* O_EXCL: a new file is ours; we then know it needs its exact mode. */
    if (flags & O_CREAT) {
	if ((fd = open(path, base | O_CREAT | O_EXCL, mode)) >= 0)
	    created = 1;
	else if (errno != EEXIST)
	    goto fail;
    }
    if (fd < 0 && (fd = open(path, base)) < 0)
	goto fail;
    if (created && fchmod(fd, mode) < 0) {
	vstr_sprintf(err, "%s: fchmod: %s", path, strerror(errno));
	(void) close(fd);
	return (-1);
    }
    if (safefile_check(fd, path, owner, err) < 0)
	return (-1);
    /* O_NONBLOCK only kept a FIFO from blocking the open. */
    (void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return (fd);

fail:
    if (errno == ELOOP)
	vstr_sprintf(err, "%s is a symbolic link: refused (it could point at "
		     "any file)", path);
    else if (errno == ENXIO)			/* O_WRONLY|O_NONBLOCK FIFO */
	vstr_sprintf(err, "%s is not a regular file: refused", path);
    else
	vstr_sprintf(err, "%s: %s", path, strerror(errno));
    if (errno == ELOOP || errno == ENXIO)
	errno = EPERM;
    return (-1);
}

/* safefile_give - chown/chmod what was checked, not a name */

int     safefile_give(const char *path, mode_t type, uid_t uid, gid_t gid,
		              mode_t mode, struct stat *st, VSTR *err)
{
    const char *what = type == S_IFDIR ? "directory" : "socket";
    char    proc[64];
    int     fd;

    fd = open(path, (type == S_IFDIR ? O_RDONLY | O_DIRECTORY : O_PATH)
	      | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
	if (errno == ELOOP || errno == ENOTDIR) {
	    vstr_sprintf(err, "%s is not a %s (a symbolic link?): refused",
			 path, what);
	    errno = EPERM;
	} else
	    vstr_sprintf(err, "%s: %s", path, strerror(errno));
	return (-1);
    }
    if (fstat(fd, st) < 0) {
	vstr_sprintf(err, "%s: fstat: %s", path, strerror(errno));
	(void) close(fd);
	return (-1);
    }
    if (S_ISLNK(st->st_mode)) {
	vstr_sprintf(err, "%s is a symbolic link, not a %s: refused", path,
		     what);
	return (safefile_refuse(fd));
    }
    if ((st->st_mode & S_IFMT) != type) {
	vstr_sprintf(err, "%s is not a %s: refused", path, what);
	return (safefile_refuse(fd));
    }
    if (type != S_IFDIR && st->st_nlink != 1) {
	vstr_sprintf(err, "%s has %ld hard links: refused", path,
		     (long) st->st_nlink);
	return (safefile_refuse(fd));
    }
    if (st->st_uid != geteuid()) {
	vstr_sprintf(err, "%s is owned by uid %ld, not by the process that "
		     "created it: refused", path, (long) st->st_uid);
	return (safefile_refuse(fd));
    }
    if (uid != SAFEFILE_KEEP_UID
	&& fchownat(fd, "", uid, gid, AT_EMPTY_PATH) < 0) {
	vstr_sprintf(err, "%s: cannot give it to uid %ld: %s", path,
		     (long) uid, strerror(errno));
	(void) close(fd);
	return (-1);
    }
    (void) snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    if ((type == S_IFDIR ? fchmod(fd, mode) : chmod(proc, mode)) < 0
	|| fstat(fd, st) < 0) {
	vstr_sprintf(err, "%s: chmod %04o: %s", path, (unsigned) mode,
		     strerror(errno));
	(void) close(fd);
	return (-1);
    }
    (void) close(fd);
    return (0);
}
