#ifndef MSG_H_INCLUDED
#define MSG_H_INCLUDED

/*++
/* NAME
/*	msg 3h
/* SUMMARY
/*	diagnostics ladder: info, warning, error, fatal, panic
/* SYNOPSIS
/*	#include "msg.h"
/* DESCRIPTION
/*	See msg.c.
/*--*/

#include <stdarg.h>
#include <stddef.h>

#define MSG_TO_STDERR	(1<<0)
#define MSG_TO_SYSLOG	(1<<1)

extern int msg_verbose;

typedef size_t (*MSG_FILTER_FN) (char *, size_t);
extern void msg_filter(MSG_FILTER_FN);

extern void msg_open(const char *, int, int);
extern void msg_info(const char *,...) __attribute__((format(printf, 1, 2)));
extern void msg_warn(const char *,...) __attribute__((format(printf, 1, 2)));
extern void msg_error(const char *,...) __attribute__((format(printf, 1, 2)));
extern void msg_fatal(const char *,...)
	__attribute__((format(printf, 1, 2), noreturn));
extern void msg_panic(const char *,...)
	__attribute__((format(printf, 1, 2), noreturn));
extern void msg_vprintf(int, const char *, va_list)
	__attribute__((format(printf, 2, 0)));

#endif
