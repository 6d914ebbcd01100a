/*++
/* NAME
/*	conv_util 3
/* SUMMARY
/*	test helpers: conversation states and outbound facts
/* SYNOPSIS
/*	#include "conv_util.h"
/*
/*	CONV_STATE conv_util_state(status, opened, last, closed, how)
/*	CONV_STATUS status;
/*	time_t	opened;
/*	time_t	last;
/*	time_t	closed;
/*	CONV_HOW how;
/*
/*	CONV_OUT conv_util_out_facts(void)
/* DESCRIPTION
/*	The conv(3) tests (check_conv, check_conv_in) build their input
/*	with these.
/*
/*	conv_util_state() returns a conversation record with the given
/*	status, times and way of closing.
/*
/*	conv_util_out_facts() returns the facts of a plain outbound
/*	message from a PER mailbox: no FIN in Subject or X-MSS-MES, the
/*	default replies policy.
/*--*/

#include <string.h>

#include "subject.h"
#include "conv_util.h"

/* conv_util_state - a record */

CONV_STATE conv_util_state(CONV_STATUS status, time_t opened, time_t last,
			           time_t closed, CONV_HOW how)
{
    CONV_STATE st;

    conv_state_init(&st, status);
    st.opened_at = opened;
    st.last_activity = last;
    st.closed_at = closed;
    st.closed_how = how;
    return (st);
}

/* conv_util_out_facts - a plain message from a PER mailbox */

CONV_OUT conv_util_out_facts(void)
{
    CONV_OUT f;

    memset(&f, 0, sizeof(f));
    f.sender = "dr.martin@ch-test.mssante.fr";
    f.subject = SUBJ_NONE;
    f.mes = SUBJ_NONE;
    f.replies = CONV_REPLIES_DEFAULT;
    return (f);
}
