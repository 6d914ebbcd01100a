/*++
/* NAME
/*	pidfile 3
/* SUMMARY
/*	the daemon's process id file
/* SYNOPSIS
/*	#include "pidfile.h"
/*
/*	int	pidfile_write(path, err)
/*	const char *path;
/*	VSTR	*err;
/*
/*	void	pidfile_remove(path)
/*	const char *path;
/* DESCRIPTION
/*	pidfile_write() writes the process id and a newline to path
/*	(mode 0644, replacing the content of an old file); it returns 0,
/*	or -1 with err set. The file is written by the user the daemon
/*	starts as, before any switch to UserID: root, often in a directory
/*	that the run-as user owns, or that user itself (the packaged unit's
/*	User=). It is opened through safefile(3), which refuses a symbolic
/*	link, a hard link, a file that is not regular or that belongs to
/*	another user than the effective one, and it is truncated only once
/*	checked (O_TRUNC at open time would empty whatever file a planted
/*	link names).
/*
/*	pidfile_remove() removes the file if it still holds our process
/*	id (a newer instance may have replaced it); it does not follow a
/*	symbolic link either.
/* DIAGNOSTICS
/*	See above.
/*--*/

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "safefile.h"
#include "pidfile.h"

/* pidfile_write - record our pid */

int     pidfile_write(const char *path, VSTR *err)
{
    char    buf[32];
    int     fd, len;

    if ((fd = safefile_open(path, O_WRONLY | O_CREAT, 0644, SAFEFILE_KEEP_UID,
			    err)) < 0)
	return (-1);
    len = snprintf(buf, sizeof(buf), "%ld\n", (long) getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t) len) != len
	|| close(fd) < 0) {
	vstr_sprintf(err, "%s: write: %s", path, strerror(errno));
	(void) unlink(path);
	return (-1);
    }
    return (0);
}

/* pidfile_remove - remove it if it is still ours */

void    pidfile_remove(const char *path)
{
    char    buf[32];
    ssize_t len;
    int     fd;

    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
	return;
    if ((len = read(fd, buf, sizeof(buf) - 1)) > 0) {
	buf[len] = 0;
	if (atol(buf) == (long) getpid())
	    (void) unlink(path);
    }
    (void) close(fd);
}
