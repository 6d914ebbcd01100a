/*++
/* NAME
/*	freeport 1
/* SUMMARY
/*	print a free TCP port on 127.0.0.1
/* SYNOPSIS
/*	freeport [count]
/* DESCRIPTION
/*	Integration tests start private slapd, Postfix, smtp-sink and
/*	milter instances; fixed ports would collide between parallel test
/*	runs. freeport asks the kernel for ephemeral ports (bind to port 0),
/*	prints them one per line, and closes the sockets. All sockets are
/*	held open until every port is chosen, so the ports printed by one
/*	call are distinct. A small race with other processes remains; it is
/*	harmless here because the kernel hands out ephemeral ports in order.
/*--*/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int     main(int argc, char **argv)
{
    int     count = argc > 1 ? atoi(argv[1]) : 1;
    int     fds[64];
    int     i;

    if (count < 1 || count > 64) {
	fprintf(stderr, "usage: freeport [1-64]\n");
	return (2);
    }
    for (i = 0; i < count; i++) {
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fds[i] = socket(AF_INET, SOCK_STREAM, 0)) < 0
	    || bind(fds[i], (struct sockaddr *) &sin, sizeof(sin)) < 0
	    || getsockname(fds[i], (struct sockaddr *) &sin, &len) < 0) {
	    perror("freeport");
	    return (1);
	}
	printf("%d\n", ntohs(sin.sin_port));
    }
    while (i-- > 0)
	close(fds[i]);
    return (0);
}
