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
/*	(mode 0644, replacing an old file); it returns 0, or -1 with err
/*	set. It refuses to follow a symbolic link: the file is written as
/*	root, often in a directory that the run-as user owns.
/*
/*	pidfile_remove() removes the file if it still holds our process
/*	id (a newer instance may have replaced it).
/* DIAGNOSTICS
/*	See above.
/*--*/

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pidfile.h"

/* pidfile_write - record our pid */

int     pidfile_write(const char *path, VSTR *err)
{
    char    buf[32];
    int     fd, len;

    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		   0644)) < 0) {
	vstr_sprintf(err, "%s: %s", path, strerror(errno));
	return (-1);
    }
    len = snprintf(buf, sizeof(buf), "%ld\n", (long) getpid());
    if (write(fd, buf, (size_t) len) != len || close(fd) < 0) {
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
    FILE   *fp;

    if ((fp = fopen(path, "r")) == 0)
	return;
    if (fgets(buf, sizeof(buf), fp) != 0 && atol(buf) == (long) getpid())
	(void) unlink(path);
    fclose(fp);
}
