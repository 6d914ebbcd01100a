/*++
/* NAME
/*	audit_key 3
/* SUMMARY
/*	the audit trail's site key: loading and HMAC-SHA256
/* SYNOPSIS
/*	#include "audit_key.h"
/*
/*	AUDIT_KEY *audit_key_load(const char *path, int flags, VSTR *why)
/*	AUDIT_KEY *audit_key_parse(const char *hex, size_t len, VSTR *why)
/*	void	audit_key_free(AUDIT_KEY *key)
/*	void	audit_key_hmac(const AUDIT_KEY *key, const void *data,
/*				size_t len, char out[AUDIT_HEX_LEN + 1])
/*	const char *audit_key_id(const AUDIT_KEY *key)
/* DESCRIPTION
/*	One secret per site keys two things: the pseudonyms of patients
/*	(HMAC-SHA256 of the INS, see audit_ins(3)) and the seals of the
/*	chain (see audit_chain(3)).
/*
/*	Key file format: the key is written in hexadecimal (upper or
/*	lower case), at least AUDIT_KEY_MIN bytes (32 hex digits), at
/*	most AUDIT_KEY_MAX; leading and trailing white space (the final
/*	newline of an editor or of "openssl rand -hex 32 >file") is
/*	ignored; nothing else is allowed. The HMAC key is the DECODED
/*	bytes, so the same value is obtained with
/*	"openssl dgst -sha256 -mac HMAC -macopt hexkey:$(cat file)".
/*	Hexadecimal was chosen over raw bytes because a raw key cannot
/*	be told apart from the newline an editor appends.
/*
/*	audit_key_load() reads and parses a key file. With
/*	AUDIT_KEY_STRICT (the daemon), a file that other users can read
/*	or write is refused: a key readable by all turns every patient
/*	pseudonym back into an INS by brute force over the INS space.
/*	audit_key_parse() parses a key held in memory.
/*
/*	audit_key_hmac() writes the lower-case hex HMAC-SHA256 of data.
/*
/*	audit_key_id() returns a short public fingerprint of the key
/*	(16 hex digits of HMAC(key, "mssante-audit key-id v1")), written
/*	in file-start records so that an auditor can tell which key was
/*	in force without the key itself.
/*
/*	audit_key_free() wipes the key bytes before releasing them.
/* DIAGNOSTICS
/*	audit_key_load() and audit_key_parse() return NULL and set why
/*	when the file cannot be read or holds no valid key. A failure of
/*	OpenSSL's HMAC is fatal.
/*--*/

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hex.h"
#include "mymalloc.h"
#include "msg.h"
#include "audit_key.h"

struct AUDIT_KEY {
    unsigned char *bytes;
    size_t  len;
    char    id[17];
};

/* isblank_nl - white space that may surround the key */

static int isblank_nl(int ch)
{
    return (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r');
}

/* audit_key_parse - decode a hex key held in memory */

AUDIT_KEY *audit_key_parse(const char *hex, size_t len, VSTR *why)
{
    AUDIT_KEY *key;
    size_t  i, n;
    char    id[AUDIT_HEX_LEN + 1];
    static const char id_label[] = "mssante-audit key-id v1";

    while (len > 0 && isblank_nl((unsigned char) hex[0]))
	hex++, len--;
    while (len > 0 && isblank_nl((unsigned char) hex[len - 1]))
	len--;
    if (len == 0) {
	vstr_strcpy(why, "the key is empty");
	return (0);
    }
    for (i = 0; i < len; i++) {
	if (hex_digit((unsigned char) hex[i]) < 0) {
	    vstr_sprintf(why, "the key holds a character that is not a "
			 "hexadecimal digit at offset %zu", i);
	    return (0);
	}
    }
    if (len % 2) {
	vstr_sprintf(why, "the key has an odd number of hex digits (%zu)", len);
	return (0);
    }
    n = len / 2;
    if (n < AUDIT_KEY_MIN || n > AUDIT_KEY_MAX) {
	vstr_sprintf(why, "the key is %zu bytes long; it must be %d to %d "
		     "bytes (generate one with: openssl rand -hex 32)",
		     n, AUDIT_KEY_MIN, AUDIT_KEY_MAX);
	return (0);
    }
    key = mymalloc(sizeof(*key));
    key->bytes = mymalloc(n);
    key->len = n;
    (void) hex_decode(hex, len, key->bytes);	/* digits and length checked */
    audit_key_hmac(key, id_label, sizeof(id_label) - 1, id);
    memcpy(key->id, id, 16);
    key->id[16] = 0;
    return (key);
}

/* audit_key_load - read a key file */

AUDIT_KEY *audit_key_load(const char *path, int flags, VSTR *why)
{
    struct stat st;
    AUDIT_KEY *key;
    VSTR   *buf;
    char    chunk[512];
    ssize_t n;
    int     fd;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
	vstr_sprintf(why, "cannot open key file %s: %s", path, strerror(errno));
	return (0);
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
	vstr_sprintf(why, "key file %s is not a regular file", path);
	(void) close(fd);
	return (0);
    }
    if ((flags & AUDIT_KEY_STRICT) && (st.st_mode & (S_IROTH | S_IWOTH))) {
	vstr_sprintf(why, "key file %s is accessible to all users "
		     "(mode %04o): run chmod 600 or 640 on it",
		     path, (unsigned) (st.st_mode & 07777));
	(void) close(fd);
	return (0);
    }
    if (st.st_size > 4 * AUDIT_KEY_MAX) {
	vstr_sprintf(why, "key file %s is too large (%lld bytes) to hold a "
		     "hex key", path, (long long) st.st_size);
	(void) close(fd);
	return (0);
    }
    buf = vstr_alloc(2 * AUDIT_KEY_MAX);
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
	if (n < 0) {
	    if (errno == EINTR)
		continue;
	    vstr_sprintf(why, "cannot read key file %s: %s", path,
			 strerror(errno));
	    break;
	}
	vstr_ncat(buf, chunk, (size_t) n);
	if (vstr_len(buf) > 4 * AUDIT_KEY_MAX) {
	    vstr_sprintf(why, "key file %s is too large to hold a hex key", path);
	    n = -1;
	    break;
	}
    }
    (void) close(fd);
    OPENSSL_cleanse(chunk, sizeof(chunk));
    key = 0;
    if (n == 0) {
	key = audit_key_parse(vstr_str(buf), vstr_len(buf), why);
	if (key == 0) {
	    /* Name the file: the parser does not know it. */
	    VSTR   *tmp = vstr_alloc(100);

	    vstr_sprintf(tmp, "key file %s: %s", path, vstr_str(why));
	    vstr_strcpy(why, vstr_str(tmp));
	    vstr_free(tmp);
	}
    }
    OPENSSL_cleanse(buf->buf, buf->cap);
    vstr_free(buf);
    return (key);
}

/* audit_key_free - wipe and release */

void    audit_key_free(AUDIT_KEY *key)
{
    if (key) {
	OPENSSL_cleanse(key->bytes, key->len);
	myfree(key->bytes);
	myfree(key);
    }
}

/* audit_key_hmac - lower-case hex HMAC-SHA256 */

void    audit_key_hmac(const AUDIT_KEY *key, const void *data, size_t len,
		               char out[AUDIT_HEX_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;

    /*
     * HMAC() with a NULL output buffer is not thread-safe in old OpenSSL;
     * with our own buffer it is, and it is not deprecated in OpenSSL 3.
     * It fails only when OpenSSL itself is broken (no SHA-256, no
     * memory): a pseudonym cannot be made, so nothing can be recorded.
     */
    if (HMAC(EVP_sha256(), key->bytes, (int) key->len,
	     (const unsigned char *) data, len, md, &mdlen) == 0
	|| mdlen * 2 != AUDIT_HEX_LEN)
	msg_fatal("audit_key_hmac: OpenSSL HMAC-SHA256 failed");
    hex_encode(md, mdlen, out);
}

/* audit_key_id - public fingerprint */

const char *audit_key_id(const AUDIT_KEY *key)
{
    return (key->id);
}
