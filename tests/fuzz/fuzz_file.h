#ifndef FUZZ_FILE_H_INCLUDED
#define FUZZ_FILE_H_INCLUDED

/*++
/* NAME
/*	fuzz_file 3h
/* SUMMARY
/*	the fuzz input as a file, for parsers that read a path
/* SYNOPSIS
/*	#include "fuzz_file.h"
/*
/*	const char *fuzz_file(const uint8_t *data, size_t len)
/* DESCRIPTION
/*	mssante-mirror's readers (the extraction, the whitelist) and
/*	mssante-audit's trail reader open files by name, as in
/*	production: fuzz_file() writes the input over one temporary file
/*	of the process (created once, removed at exit) and returns its
/*	path. abort() when the file cannot be written: a harness fault
/*	must not pass for a parser's verdict.
/*--*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_file_path[] = "/tmp/mss-fuzz-XXXXXX";

static void fuzz_file_cleanup(void)
{
    (void) unlink(fuzz_file_path);
}

static const char *fuzz_file(const uint8_t *data, size_t len)
{
    static int fd = -1;

    if (fd < 0) {
	if ((fd = mkstemp(fuzz_file_path)) < 0)
	    abort();
	atexit(fuzz_file_cleanup);
    }
    if (ftruncate(fd, 0) < 0 || (len > 0 && pwrite(fd, data, len, 0) != (ssize_t) len))
	abort();
    return (fuzz_file_path);
}

#endif
