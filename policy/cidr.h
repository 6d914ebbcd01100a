#ifndef CIDR_H_INCLUDED
#define CIDR_H_INCLUDED

/*++
/* NAME
/*	cidr 3h
/* SUMMARY
/*	IPv4 and IPv6 network lists (CIDR notation)
/* SYNOPSIS
/*	#include "cidr.h"
/* DESCRIPTION
/*	See cidr.c.
/*--*/

#include <stddef.h>

#define CIDR_FAMILY_INET	4
#define CIDR_FAMILY_INET6	6

typedef struct CIDR_LIST CIDR_LIST;

extern CIDR_LIST *cidr_list_create(void);
extern int cidr_list_add(CIDR_LIST *, const char *, const char **);
extern int cidr_list_parse(CIDR_LIST *, const char *, const char **,
			           size_t *);
extern int cidr_list_match(const CIDR_LIST *, int, const unsigned char *);
extern int cidr_list_match_str(const CIDR_LIST *, const char *);
extern size_t cidr_list_count(const CIDR_LIST *);
extern void cidr_list_free(CIDR_LIST *);

#endif
