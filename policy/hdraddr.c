/*++
/* NAME
/*	hdraddr 3
/* SUMMARY
/*	RFC 5322 address-list parser for From, Reply-To and similar headers
/* SYNOPSIS
/*	#include "hdraddr.h"
/*
/*	HDRADDR_LIST *hdraddr_list_create(void)
/*
/*	void	hdraddr_list_reset(list)
/*	HDRADDR_LIST *list;
/*
/*	void	hdraddr_list_free(list)
/*	HDRADDR_LIST *list;
/*
/*	HDRADDR_STATUS hdraddr_parse(value, len, list)
/*	const char *value;
/*	size_t	len;
/*	HDRADDR_LIST *list;
/*
/*	const char *hdraddr_status_name(status)
/*	HDRADDR_STATUS status;
/*
/*	const char *hdraddr_status_text_fr(status)
/*	HDRADDR_STATUS status;
/* DESCRIPTION
/*	hdraddr_parse() extracts every mailbox of a header value that
/*	holds an RFC 5322 address-list (From, Reply-To, Sender, To, Cc,
/*	Disposition-Notification-To), appending one HDRADDR per mailbox
/*	to the list (which the caller may reuse after hdraddr_list_reset()).
/*	The value is "len" bytes, as the MTA passes it (folding line
/*	breaks included); it need not be NUL-terminated.
/*
/*	Understood: display names (atoms, quoted strings, encoded words,
/*	dots as in "J. Doe"), angle addresses, comments (nested, with
/*	quoted pairs) anywhere, groups ("Team: a@b, c@d;", including the
/*	empty "undisclosed-recipients:;"), quoted local parts, domain
/*	literals, the obsolete route "<@a,@b:u@d>" (the route is ignored:
/*	the mailbox is u@d), empty list elements (",,") and white space
/*	around dots. 8-bit bytes (RFC 6532 UTF-8) are accepted in display
/*	names, comments and quoted strings; control characters only in
/*	comments and quoted strings (never NUL).
/*
/*	The parser exists to check the domains that a reader of the
/*	message sees and replies to, so it fails closed: when the
/*	structure is ambiguous it returns an error instead of guessing
/*	a mailbox. Text before an angle address is taken as its display
/*	name even when it is not a valid phrase ("a@b <c@d>" gives c@d,
/*	the address a mail reader would use).
/*
/*	The domain is lower-cased; white space and comments around its
/*	dots are removed. A domain literal is kept with its brackets so
/*	that it never matches a domain name. The local part is kept as
/*	written (quotes included, without surrounding comments).
/*
/*	hdraddr_status_name() returns a stable short name for logs;
/*	hdraddr_status_text_fr() a short French explanation (US-ASCII)
/*	for the {detail} of a reply text.
/* DIAGNOSTICS
/*	hdraddr_parse() returns HDRADDR_OK when it found at least one
/*	mailbox and no error; HDRADDR_ERR_EMPTY when the value holds no
/*	mailbox (an empty group is valid syntax but gives no address to
/*	check); otherwise the first error found. On error the list may
/*	hold the mailboxes found before the error: callers must not use
/*	them. Runs in linear time, without recursion.
/*--*/

#include <string.h>

#include "mymalloc.h"
#include "hdraddr.h"

 /*
  * Tokens. Comments and white space are dropped by the scanner; quoted
  * strings and domain literals are single tokens with their delimiters.
  */
typedef enum TOK_TYPE {
    TOK_ATOM,				/* run of atext (8-bit allowed) */
    TOK_QSTRING,			/* "..." */
    TOK_LITERAL,			/* [...] */
    TOK_SPECIAL				/* one of < > @ , ; : . */
} TOK_TYPE;

typedef struct TOK {
    TOK_TYPE type;
    const char *start;
    size_t  len;
} TOK;

typedef struct TOKS {
    TOK    *tok;
    size_t  count;
    size_t  cap;
} TOKS;

#define HDRADDR_IS_SPECIAL(c) (strchr("<>@,;:.", (c)) != 0 && (c) != 0)
#define HDRADDR_IS_WSP(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
#define HDRADDR_IS_CTL(c) ((unsigned char) (c) < 0x20 || (unsigned char) (c) == 0x7f)

/* hdraddr_list_create - empty list */

HDRADDR_LIST *hdraddr_list_create(void)
{
    HDRADDR_LIST *list = mymalloc(sizeof(*list));

    list->addr = 0;
    list->count = list->cap = 0;
    return (list);
}

/* hdraddr_list_reset - forget the mailboxes, keep the storage */

void    hdraddr_list_reset(HDRADDR_LIST *list)
{
    size_t  i;

    for (i = 0; i < list->count; i++) {
	myfree(list->addr[i].local);
	myfree(list->addr[i].domain);
    }
    list->count = 0;
}

/* hdraddr_list_free - release */

void    hdraddr_list_free(HDRADDR_LIST *list)
{
    if (list) {
	hdraddr_list_reset(list);
	myfree(list->addr);
	myfree(list);
    }
}

/* hdraddr_push - append one token */

static void hdraddr_push(TOKS *tp, TOK_TYPE type, const char *start, size_t len)
{
    if (tp->count == tp->cap) {
	tp->cap = tp->cap ? tp->cap * 2 : 16;
	tp->tok = myrealloc(tp->tok, tp->cap * sizeof(*tp->tok));
    }
    tp->tok[tp->count].type = type;
    tp->tok[tp->count].start = start;
    tp->tok[tp->count].len = len;
    tp->count++;
}

/* hdraddr_scan - split the value into tokens */

static HDRADDR_STATUS hdraddr_scan(const char *s, size_t n, TOKS *tp)
{
    size_t  i = 0, j;

    /* A NUL would cut a copied local part or domain short. */
    if (memchr(s, 0, n) != 0)
	return (HDRADDR_ERR_CONTROL);
    while (i < n) {
	unsigned char c = (unsigned char) s[i];

	if (HDRADDR_IS_WSP(c)) {
	    i++;
	} else if (c == '(') {
	    /* Comments nest; a counter replaces recursion. */
	    size_t  depth = 1;

	    for (i++; i < n && depth > 0; i++) {
		if (s[i] == '\\') {
		    if (++i >= n)
			return (HDRADDR_ERR_UNTERMINATED);
		} else if (s[i] == '(') {
		    depth++;
		} else if (s[i] == ')') {
		    depth--;
		}
	    }
	    if (depth > 0)
		return (HDRADDR_ERR_UNTERMINATED);
	} else if (c == '"' || c == '[') {
	    int     close = c == '"' ? '"' : ']';

	    for (j = i + 1; j < n && s[j] != close; j++) {
		if (s[j] == '\\') {
		    if (++j >= n)
			return (HDRADDR_ERR_UNTERMINATED);
		    /* An escape must not smuggle a control byte into a domain. */
		    if (close == ']' && HDRADDR_IS_CTL(s[j]))
			return (HDRADDR_ERR_CONTROL);
		} else if (close == ']' && s[j] == '[') {
		    return (HDRADDR_ERR_SYNTAX);
		} else if (close == ']' && HDRADDR_IS_CTL(s[j])) {
		    /* A literal becomes the domain: keep it printable. */
		    return (HDRADDR_ERR_CONTROL);
		}
	    }
	    if (j >= n)
		return (HDRADDR_ERR_UNTERMINATED);
	    hdraddr_push(tp, c == '"' ? TOK_QSTRING : TOK_LITERAL, s + i, j + 1 - i);
	    i = j + 1;
	} else if (HDRADDR_IS_SPECIAL(c)) {
	    hdraddr_push(tp, TOK_SPECIAL, s + i, 1);
	    i++;
	} else if (c == ')' || c == ']' || c == '\\') {
	    return (HDRADDR_ERR_SYNTAX);
	} else if (HDRADDR_IS_CTL(c)) {
	    return (HDRADDR_ERR_CONTROL);
	} else {
	    for (j = i; j < n; j++) {
		c = (unsigned char) s[j];
		if (HDRADDR_IS_WSP(c) || HDRADDR_IS_CTL(c) || HDRADDR_IS_SPECIAL(c)
		    || strchr("()[]\"\\", c) != 0)
		    break;
	    }
	    hdraddr_push(tp, TOK_ATOM, s + i, j - i);
	    i = j;
	}
    }
    return (HDRADDR_OK);
}

/* hdraddr_is - is token k the special character c? */

static int hdraddr_is(const TOKS *tp, size_t k, int c)
{
    return (k < tp->count && tp->tok[k].type == TOK_SPECIAL
	    && tp->tok[k].start[0] == c);
}

/* hdraddr_word - atom or quoted string */

static int hdraddr_word(const TOKS *tp, size_t k)
{
    return (k < tp->count && (tp->tok[k].type == TOK_ATOM
			      || tp->tok[k].type == TOK_QSTRING));
}

/* hdraddr_addr_spec - local-part "@" domain, from token *kp */

static HDRADDR_STATUS hdraddr_addr_spec(const TOKS *tp, size_t *kp,
					        HDRADDR_LIST *list)
{
    size_t  k = *kp;
    size_t  i, lstart, dstart;
    HDRADDR *ap;
    char   *cp;
    size_t  llen = 0, dlen = 0;

    /* local-part = word *("." word) */
    lstart = k;
    if (!hdraddr_word(tp, k))
	return (HDRADDR_ERR_SYNTAX);
    for (k++; hdraddr_is(tp, k, '.'); k += 2)
	if (!hdraddr_word(tp, k + 1))
	    return (HDRADDR_ERR_SYNTAX);
    if (!hdraddr_is(tp, k, '@'))
	return (k < tp->count && !hdraddr_is(tp, k, ',')
		&& !hdraddr_is(tp, k, ';') && !hdraddr_is(tp, k, '>') ?
		HDRADDR_ERR_SYNTAX : HDRADDR_ERR_NO_DOMAIN);
    for (i = lstart; i < k; i++)
	llen += tp->tok[i].len;

    /* domain = atom *("." atom) / domain-literal */
    dstart = ++k;
    if (k < tp->count && tp->tok[k].type == TOK_LITERAL) {
	k++;
    } else {
	if (k >= tp->count || tp->tok[k].type != TOK_ATOM)
	    return (HDRADDR_ERR_NO_DOMAIN);
	for (k++; hdraddr_is(tp, k, '.'); k += 2)
	    if (k + 1 >= tp->count || tp->tok[k + 1].type != TOK_ATOM)
		return (HDRADDR_ERR_SYNTAX);
    }
    for (i = dstart; i < k; i++)
	dlen += tp->tok[i].len;

    if (list->count >= HDRADDR_MAX_ADDRS)
	return (HDRADDR_ERR_TOO_MANY);
    if (list->count == list->cap) {
	list->cap = list->cap ? list->cap * 2 : 4;
	list->addr = myrealloc(list->addr, list->cap * sizeof(*list->addr));
    }
    ap = list->addr + list->count++;
    ap->local = cp = mymalloc(llen + 1);
    for (i = lstart; i < dstart - 1; i++) {
	memcpy(cp, tp->tok[i].start, tp->tok[i].len);
	cp += tp->tok[i].len;
    }
    *cp = 0;
    ap->domain = cp = mymalloc(dlen + 1);
    for (i = dstart; i < k; i++) {
	memcpy(cp, tp->tok[i].start, tp->tok[i].len);
	cp += tp->tok[i].len;
    }
    *cp = 0;
    for (cp = ap->domain; *cp; cp++)
	if (*cp >= 'A' && *cp <= 'Z')
	    *cp += 'a' - 'A';
    *kp = k;
    return (HDRADDR_OK);
}

/* hdraddr_angle - "<" [obs-route] addr-spec ">", from token *kp */

static HDRADDR_STATUS hdraddr_angle(const TOKS *tp, size_t *kp,
				            HDRADDR_LIST *list)
{
    size_t  k = *kp + 1;		/* past "<" */
    size_t  end;
    HDRADDR_STATUS status;

    for (end = k; end < tp->count && !hdraddr_is(tp, end, '>'); end++)
	if (hdraddr_is(tp, end, '<'))
	    return (HDRADDR_ERR_SYNTAX);
    if (end >= tp->count)
	return (HDRADDR_ERR_UNTERMINATED);

    /* obs-route = obs-domain-list ":"; only "@" domains, commas between. */
    if (hdraddr_is(tp, k, '@') || hdraddr_is(tp, k, ',')) {
	while (k < tp->count && !hdraddr_is(tp, k, ':') && !hdraddr_is(tp, k, '>'))
	    k++;
	if (!hdraddr_is(tp, k, ':'))
	    return (HDRADDR_ERR_SYNTAX);
	k++;
    }
    if (hdraddr_is(tp, k, '>'))
	return (HDRADDR_ERR_EMPTY);
    if ((status = hdraddr_addr_spec(tp, &k, list)) != HDRADDR_OK)
	return (status);
    if (k != end)
	return (HDRADDR_ERR_SYNTAX);
    *kp = k + 1;
    return (HDRADDR_OK);
}

/* hdraddr_mailbox - name-addr or addr-spec, from token *kp */

static HDRADDR_STATUS hdraddr_mailbox(const TOKS *tp, size_t *kp,
				              HDRADDR_LIST *list, int in_group)
{
    size_t  k;

    /*
     * Look ahead to the end of this element: an angle bracket makes it a
     * name-addr, whatever precedes it (taken as the display name).
     */
    for (k = *kp; k < tp->count; k++) {
	if (hdraddr_is(tp, k, '<')) {
	    *kp = k;
	    return (hdraddr_angle(tp, kp, list));
	}
	if (hdraddr_is(tp, k, ',') || hdraddr_is(tp, k, '>')
	    || hdraddr_is(tp, k, ':') || (in_group && hdraddr_is(tp, k, ';')))
	    break;
    }
    return (hdraddr_addr_spec(tp, kp, list));
}

/* hdraddr_group_start - does the element at k begin "display-name :"? */

static int hdraddr_group_start(const TOKS *tp, size_t k, size_t *colon)
{
    for (; k < tp->count; k++) {
	if (hdraddr_is(tp, k, ':')) {
	    *colon = k;
	    return (1);
	}
	if (tp->tok[k].type == TOK_SPECIAL && !hdraddr_is(tp, k, '.'))
	    return (0);
    }
    return (0);
}

/* hdraddr_parse - extract every mailbox */

HDRADDR_STATUS hdraddr_parse(const char *value, size_t len, HDRADDR_LIST *list)
{
    TOKS    toks;
    HDRADDR_STATUS status;
    size_t  k = 0, colon;
    size_t  first = list->count;
    int     in_group = 0;

    toks.tok = 0;
    toks.count = toks.cap = 0;
    if ((status = hdraddr_scan(value, len, &toks)) != HDRADDR_OK)
	goto done;

    while (k < toks.count) {
	/* Empty elements (obs-addr-list, obs-group-list). */
	if (hdraddr_is(&toks, k, ',')) {
	    k++;
	    continue;
	}
	if (in_group && hdraddr_is(&toks, k, ';')) {
	    in_group = 0;
	    k++;
	    /* After a group: a comma or the end. */
	    if (k < toks.count && !hdraddr_is(&toks, k, ',')) {
		status = HDRADDR_ERR_SYNTAX;
		goto done;
	    }
	    continue;
	}
	if (hdraddr_group_start(&toks, k, &colon)) {
	    if (in_group) {
		status = HDRADDR_ERR_SYNTAX;	/* groups do not nest */
		goto done;
	    }
	    /* The display name must be words (and obsolete dots). */
	    if (colon == k) {
		status = HDRADDR_ERR_SYNTAX;
		goto done;
	    }
	    in_group = 1;
	    k = colon + 1;
	    continue;
	}
	if ((status = hdraddr_mailbox(&toks, &k, list, in_group)) != HDRADDR_OK)
	    goto done;
	if (k < toks.count && !hdraddr_is(&toks, k, ',')
	    && !(in_group && hdraddr_is(&toks, k, ';'))) {
	    status = HDRADDR_ERR_SYNTAX;
	    goto done;
	}
    }
    if (in_group)
	status = HDRADDR_ERR_UNTERMINATED;
    else if (list->count == first)
	status = HDRADDR_ERR_EMPTY;

done:
    myfree(toks.tok);
    return (status);
}

 /*
  * Status names and explanations. The French texts are US-ASCII because
  * they end up in SMTP replies.
  */
static const char *const hdraddr_names[HDRADDR_STATUS_COUNT] = {
    "ok", "empty", "syntax", "unterminated", "no_domain", "control",
    "too_many",
};

static const char *const hdraddr_texts_fr[HDRADDR_STATUS_COUNT] = {
    "adresse valide",
    "aucune adresse dans l'en-tete",
    "syntaxe d'adresse invalide dans l'en-tete",
    "guillemet, commentaire ou chevron non ferme dans l'en-tete",
    "adresse sans domaine dans l'en-tete",
    "caractere de controle dans l'en-tete",
    "trop d'adresses dans l'en-tete",
};

/* hdraddr_status_name - stable short name */

const char *hdraddr_status_name(HDRADDR_STATUS status)
{
    if ((unsigned) status >= HDRADDR_STATUS_COUNT)
	return ("unknown");
    return (hdraddr_names[status]);
}

/* hdraddr_status_text_fr - short French explanation */

const char *hdraddr_status_text_fr(HDRADDR_STATUS status)
{
    if ((unsigned) status >= HDRADDR_STATUS_COUNT)
	return ("erreur inconnue");
    return (hdraddr_texts_fr[status]);
}
