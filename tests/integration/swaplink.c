/*++
/* NAME
/*	swaplink 1
/* SUMMARY
/*	test shim (LD_PRELOAD): plant a link right after bind() or mkdir()
/* SYNOPSIS
/*	LD_PRELOAD=swaplink.so SWAP_PATH=path SWAP_TARGET=file
/*	SWAP_HOW=symlink|hardlink mssante-milter ...
/* DESCRIPTION
/*	tests/integration/milter-paths.sh reproduces the race that a
/*	run-as user who owns the socket directory could win: between
/*	libmilter's bind() of the unix socket (or the daemon's mkdir() of
/*	the socket directory) and root's later chown/chmod of that name,
/*	the name is replaced by a link to another file. Racing for real
/*	would make the test flaky; this shim makes the attacker always
/*	win: when bind() or mkdir() has just created SWAP_PATH, it
/*	removes it and puts there a symbolic or hard link to SWAP_TARGET.
/*	The daemon must then refuse the object instead of handing
/*	SWAP_TARGET to the run-as user.
/*--*/

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* swaplink_plant - replace path by the attacker's link */

static void swaplink_plant(const char *path, int is_dir)
{
    const char *want = getenv("SWAP_PATH");
    const char *target = getenv("SWAP_TARGET");
    const char *how = getenv("SWAP_HOW");

    if (want == 0 || target == 0 || strcmp(path, want) != 0)
	return;
    if ((is_dir ? rmdir(path) : unlink(path)) < 0)
	return;
    if (how && strcmp(how, "hardlink") == 0)
	(void) link(target, path);
    else
	(void) symlink(target, path);
}

int     bind(int fd, const struct sockaddr *sa, socklen_t len)
{
    static int (*real) (int, const struct sockaddr *, socklen_t);
    int     ret;

    if (real == 0)
	real = (int (*) (int, const struct sockaddr *, socklen_t)) dlsym(RTLD_NEXT, "bind");
    ret = real(fd, sa, len);
    if (ret == 0 && sa->sa_family == AF_UNIX)
	swaplink_plant(((const struct sockaddr_un *) sa)->sun_path, 0);
    return (ret);
}

int     mkdir(const char *path, mode_t mode)
{
    static int (*real) (const char *, mode_t);
    int     ret;

    if (real == 0)
	real = (int (*) (const char *, mode_t)) dlsym(RTLD_NEXT, "mkdir");
    ret = real(path, mode);
    if (ret == 0)
	swaplink_plant(path, 1);
    return (ret);
}
