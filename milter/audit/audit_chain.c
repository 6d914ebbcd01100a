/*++
/* NAME
/*	audit_chain 3
/* SUMMARY
/*	the hash chain of the audit trail, shared by writer and verifier
/* SYNOPSIS
/*	#include "audit_chain.h"
/*
/*	void	audit_chain_hash(const char *line, size_t len,
/*				char out[AUDIT_HEX_LEN + 1])
/*	void	audit_chain_seal(const AUDIT_KEY *key, const char *body,
/*				size_t body_len, long long seq, const char *prev,
/*				char out[AUDIT_HEX_LEN + 1])
/*	int	audit_chain_seal_body(const char *line, size_t len,
/*				const char *mac, long long seq, const char *prev,
/*				size_t *body_len)
/*	int	audit_chain_is_seal(const char *type)
/*	int	audit_chain_link(json_t *record, AUDIT_LINK *link)
/*	int	audit_chain_is_hex(const char *str)
/*	int	audit_chain_tail(int fd, VSTR *line, off_t *end)
/* DESCRIPTION
/*	Every record carries "seq" (one more than the record before it,
/*	across files) and "prev": the SHA-256, in lower-case hex, of the
/*	exact bytes of the line before it, without its newline. The very
/*	first record of a trail has prev AUDIT_CHAIN_ZERO. Changing,
/*	removing, adding or moving any line therefore breaks a link;
/*	because the hash is over the bytes as written, verification
/*	never re-serialises JSON. The seals (checkpoint, file-start and
/*	restart records) also carry "mac", an HMAC under the site key
/*	of the record itself and of the chain head it follows: whoever
/*	rewrites the chain without the key cannot make valid seals, and
/*	a seal's own members (its time, why it was written, the
/*	checkpoint interval in force) cannot be changed either.
/*
/*	audit_chain_hash() computes the link value of one line.
/*
/*	audit_chain_seal() computes a seal's mac: HMAC-SHA256 of
/*	"mssante-audit seal v2\n" seq "\n" prev "\n" body, where body
/*	is the record's line up to, not including, its ',"mac":'. The
/*	writer appends exactly ',"mac":"MAC","seq":SEQ,"prev":"PREV"}'
/*	to the body, so the verifier finds the body in the bytes it
/*	read, without re-serialising. The label keeps these MACs apart
/*	from the patient pseudonyms made with the same key (an INS holds
/*	no newline).
/*
/*	audit_chain_seal_body() checks that line ends with the suffix
/*	the writer puts after the body of a seal with these mac, seq and
/*	prev, and gives the body's length.
/*
/*	audit_chain_is_seal() tells whether a record type is a seal.
/*
/*	audit_chain_link() extracts seq, prev and type from a parsed
/*	record; the pointers stay valid while the record lives.
/*
/*	audit_chain_is_hex() tells whether str is 64 lower-case hex digits.
/*
/*	audit_chain_tail() reads the last complete line of an open file
/*	(read access needed) into line (without newline; empty for an
/*	empty file) and sets end to the offset just after that line's
/*	newline: when end is less than the file size, the file ends with
/*	a partial line (a crash in the middle of a write).
/* DIAGNOSTICS
/*	audit_chain_link() returns -1 when a member is missing or
/*	malformed; audit_chain_seal_body() -1 when the line does not end
/*	as a seal written by the writer. audit_chain_tail() returns -1 with errno set on an
/*	I/O error. A failure of OpenSSL's SHA-256 is fatal.
/*--*/

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "hex.h"
#include "mymalloc.h"
#include "msg.h"
#include "audit_chain.h"

#define TAIL_CHUNK	4096

/* audit_chain_hash - SHA-256 of one line, lower-case hex */

void    audit_chain_hash(const char *line, size_t len, char out[AUDIT_HEX_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;

    if (EVP_Digest(line, len, md, &mdlen, EVP_sha256(), 0) != 1
	|| mdlen * 2 != AUDIT_HEX_LEN)
	msg_fatal("audit_chain_hash: OpenSSL SHA-256 failed");
    hex_encode(md, mdlen, out);
}

/* audit_chain_seal - mac of a seal: the record and the head before it */

void    audit_chain_seal(const AUDIT_KEY *key, const char *body, size_t body_len,
			         long long seq, const char *prev,
			         char out[AUDIT_HEX_LEN + 1])
{
    VSTR   *msg = vstr_alloc(body_len + 120);

    vstr_sprintf(msg, "mssante-audit seal v2\n%lld\n%s\n", seq, prev);
    vstr_ncat(msg, body, body_len);
    audit_key_hmac(key, vstr_str(msg), vstr_len(msg), out);
    vstr_free(msg);
}

/* audit_chain_seal_body - the body of a seal line, as the writer made it */

int     audit_chain_seal_body(const char *line, size_t len, const char *mac,
			              long long seq, const char *prev,
			              size_t *body_len)
{
    VSTR   *tail = vstr_alloc(200);
    int     ret = -1;

    vstr_sprintf(tail, ",\"mac\":\"%s\",\"seq\":%lld,\"prev\":\"%s\"}",
		 mac, seq, prev);
    if (len > vstr_len(tail)
	&& memcmp(line + len - vstr_len(tail), vstr_str(tail), vstr_len(tail)) == 0) {
	*body_len = len - vstr_len(tail);
	ret = 0;
    }
    vstr_free(tail);
    return (ret);
}

/* audit_chain_is_seal - checkpoint, file-start or restart */

int     audit_chain_is_seal(const char *type)
{
    return (strcmp(type, AUDIT_TYPE_CHECKPOINT) == 0
	    || strcmp(type, AUDIT_TYPE_FILE_START) == 0
	    || strcmp(type, AUDIT_TYPE_RESTART) == 0);
}

/* audit_chain_is_hex - 64 lower-case hex digits? */

int     audit_chain_is_hex(const char *str)
{
    int     i;

    for (i = 0; i < AUDIT_HEX_LEN; i++)
	if (!((str[i] >= '0' && str[i] <= '9') || (str[i] >= 'a' && str[i] <= 'f')))
	    return (0);
    return (str[AUDIT_HEX_LEN] == 0);
}

/* audit_chain_link - the chain members of a parsed record */

int     audit_chain_link(json_t *rec, AUDIT_LINK *link)
{
    json_t *seq, *prev, *type;

    if (!json_is_object(rec))
	return (-1);
    seq = json_object_get(rec, "seq");
    prev = json_object_get(rec, "prev");
    type = json_object_get(rec, "type");
    if (!json_is_integer(seq) || json_integer_value(seq) < 0
	|| !json_is_string(prev) || !audit_chain_is_hex(json_string_value(prev))
	|| !json_is_string(type))
	return (-1);
    link->seq = (long long) json_integer_value(seq);
    link->prev = json_string_value(prev);
    link->type = json_string_value(type);
    return (0);
}

/* read_at - pread the whole range or fail */

static int read_at(int fd, char *buf, size_t len, off_t off)
{
    ssize_t n;

    while (len > 0) {
	if ((n = pread(fd, buf, len, off)) < 0) {
	    if (errno == EINTR)
		continue;
	    return (-1);
	}
	if (n == 0) {
	    errno = EIO;			/* file shrank under us */
	    return (-1);
	}
	buf += n;
	len -= (size_t) n;
	off += n;
    }
    return (0);
}

/* audit_chain_tail - last complete line of a file */

int     audit_chain_tail(int fd, VSTR *line, off_t *end)
{
    struct stat st;
    char    buf[TAIL_CHUNK];
    off_t   pos, last_nl = -1, start = -1;
    size_t  n, i;

    vstr_reset(line);
    *end = 0;
    if (fstat(fd, &st) < 0)
	return (-1);

    /*
     * Scan backwards for the newline that ends the last complete line,
     * then for the one before it; lines can be long (a message with many
     * recipients), so no assumption on their size.
     */
    for (pos = st.st_size; pos > 0 && start < 0;) {
	n = pos > TAIL_CHUNK ? TAIL_CHUNK : (size_t) pos;
	pos -= (off_t) n;
	if (read_at(fd, buf, n, pos) < 0)
	    return (-1);
	for (i = n; i > 0; i--) {
	    if (buf[i - 1] != '\n')
		continue;
	    if (last_nl < 0) {
		last_nl = pos + (off_t) i - 1;
	    } else {
		start = pos + (off_t) i;
		break;
	    }
	}
    }
    if (last_nl < 0)
	return (0);				/* empty, or one partial line */
    if (start < 0)
	start = 0;
    *end = last_nl + 1;
    n = (size_t) (last_nl - start);
    {
	char   *tmp = mymalloc(n + 1);

	if (read_at(fd, tmp, n, start) < 0) {
	    myfree(tmp);
	    return (-1);
	}
	vstr_ncat(line, tmp, n);
	myfree(tmp);
    }
    return (0);
}
