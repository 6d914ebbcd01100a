#ifndef DECIDE_UTIL_H_INCLUDED
#define DECIDE_UTIL_H_INCLUDED

/*++
/* NAME
/*	decide_util 3h
/* SUMMARY
/*	test helpers: the fixture of the decide(3) tests
/* SYNOPSIS
/*	#include "decide_util.h"
/* DESCRIPTION
/*	See decide_util.c.
/*--*/

#include "trust.h"
#include "cidr.h"
#include "verdict.h"
#include "decide.h"

#define ISSUER	"TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"
#define OP_A	"mx1.operateur-a.example"

 /*
  * The fixture every test works on. Short names: the tests use them on
  * almost every line.
  */
extern TRUST *trust;
extern CIDR_LIST *internal;
extern DECIDE_POLICY pol;
extern DECIDE_CONN conn;
extern DECIDE_MSG msg;
extern VERDICT v;

extern void decide_util_setup(void);
extern void decide_util_teardown(void);
extern void decide_util_peer(const char *, const char *, const char *,
			             const char *);
extern void decide_util_inbound_ok(void);
extern VERDICT_ACTION decide_util_mail(const char *, const char *);
extern void decide_util_assert_reply(const char *, const char *,
				             const char *, const char *);

#endif
