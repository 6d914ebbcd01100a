#ifndef SUBJECT_H_INCLUDED
#define SUBJECT_H_INCLUDED

/*++
/* NAME
/*	subject 3h
/* SUMMARY
/*	classify a Subject or X-MSS-MES value for conversation closing
/* SYNOPSIS
/*	#include "subject.h"
/* DESCRIPTION
/*	See subject.c.
/*--*/

#include <stddef.h>

typedef enum SUBJ_CLASS {
    SUBJ_NONE = 0,			/* not about closing */
    SUBJ_FIN,				/* exactly "[FIN]" / X-MSS-MES "FIN" */
    SUBJ_NEAR_CASE,			/* "[fin]", "[Fin]", "fin" */
    SUBJ_NEAR_BLANKS,			/* " [FIN] ", "[ FIN ]", tabs */
    SUBJ_NEAR_PREFIX,			/* "RE: [FIN]", "TR:", "Fwd:", "AW:" */
    SUBJ_NEAR_NO_BRACKETS,		/* "FIN", "(FIN)", "{FIN}" */
    SUBJ_NEAR_TRAILING_TEXT,		/* "[FIN] merci", "Merci [FIN]" */
    SUBJ_NEAR_LOOKALIKE,		/* full-width or other look-alikes */
    SUBJ_CLASS_COUNT
} SUBJ_CLASS;

extern SUBJ_CLASS subject_classify(const char *, size_t);
extern SUBJ_CLASS subject_classify_mes(const char *, size_t);
extern int subject_is_near_miss(SUBJ_CLASS);
extern const char *subject_class_name(SUBJ_CLASS);
extern const char *subject_class_text_fr(SUBJ_CLASS);
extern const char *subject_class_text_en(SUBJ_CLASS);
extern const char *subject_class_text_mes_fr(SUBJ_CLASS);

#endif
