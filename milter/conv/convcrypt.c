/*++
/* NAME
/*	convcrypt 3
/* SUMMARY
/*	encrypt a patient address for the conversation directory
/* SYNOPSIS
/*	#include "convcrypt.h"
/*
/*	CONVCRYPT *convcrypt_create(const AUDIT_KEY *key)
/*	void	convcrypt_free(CONVCRYPT *cc)
/*	int	convcrypt_seal(const CONVCRYPT *cc, const char *aad,
/*				const char *plain, VSTR *out)
/*	int	convcrypt_open(const CONVCRYPT *cc, const char *aad,
/*				const char *sealed, VSTR *out)
/* DESCRIPTION
/*	A conversation entry (ou=conversations) identifies the patient
/*	only by the keyed HMAC of the INS, so a leaked directory dump
/*	reveals no INS. mssante-conversations(8) must still be able to
/*	write to the patient (to close an idle conversation), so the
/*	patient address is also stored in mssPatientAddressEnc,
/*	encrypted with AES-256-GCM under a key derived from the site key
/*	(the audit key, AuditKeyFile): HMAC-SHA256(site key,
/*	"mssante-milter conversation address v1"). Whoever holds the
/*	site key can read the address; the directory alone cannot.
/*
/*	convcrypt_create() derives the key; convcrypt_free() wipes it.
/*
/*	convcrypt_seal() writes "v1:" and the base64 of a fresh random
/*	96-bit nonce, the ciphertext and the 128-bit tag into out. aad
/*	(the conversation id) is authenticated, so a value copied into
/*	another entry does not decrypt there.
/*	convcrypt_open() reverses it into out.
/* DIAGNOSTICS
/*	convcrypt_seal() and convcrypt_open() return 0, or -1 (OpenSSL
/*	failure, a value that is not ours, a wrong key or aad, a
/*	tampered value); out is then empty.
/*--*/

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "hex.h"
#include "mymalloc.h"
#include "vstr.h"
#include "audit_key.h"
#include "convcrypt.h"

#define CC_KEY_LEN	32
#define CC_NONCE_LEN	12
#define CC_TAG_LEN	16
#define CC_LABEL	"mssante-milter conversation address v1"

struct CONVCRYPT {
    unsigned char key[CC_KEY_LEN];
};

/* convcrypt_create - derive the address key from the site key */

CONVCRYPT *convcrypt_create(const AUDIT_KEY *key)
{
    CONVCRYPT *cc = mycalloc(1, sizeof(*cc));
    char    hex[AUDIT_HEX_LEN + 1];

    audit_key_hmac(key, CC_LABEL, strlen(CC_LABEL), hex);
    (void) hex_decode(hex, 2 * CC_KEY_LEN, cc->key);	/* our own lower-case hex */
    OPENSSL_cleanse(hex, sizeof(hex));
    return (cc);
}

/* convcrypt_free - wipe and release */

void    convcrypt_free(CONVCRYPT *cc)
{
    if (cc == 0)
	return;
    OPENSSL_cleanse(cc->key, sizeof(cc->key));
    myfree(cc);
}

/* convcrypt_seal - encrypt and authenticate */

int     convcrypt_seal(const CONVCRYPT *cc, const char *aad,
		               const char *plain, VSTR *out)
{
    size_t  plen = strlen(plain);
    size_t  blen = CC_NONCE_LEN + plen + CC_TAG_LEN;
    unsigned char *buf = mymalloc(blen);
    unsigned char *b64 = mymalloc(4 * ((blen + 2) / 3) + 1);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int     len, ok = 0;

    vstr_reset(out);
    if (ctx != 0
	&& RAND_bytes(buf, CC_NONCE_LEN) == 1
	&& EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), 0, 0, 0) == 1
	&& EVP_EncryptInit_ex(ctx, 0, 0, cc->key, buf) == 1
	&& EVP_EncryptUpdate(ctx, 0, &len, (const unsigned char *) aad,
			     (int) strlen(aad)) == 1
	&& EVP_EncryptUpdate(ctx, buf + CC_NONCE_LEN, &len,
			     (const unsigned char *) plain, (int) plen) == 1
	&& EVP_EncryptFinal_ex(ctx, buf + CC_NONCE_LEN + len, &len) == 1
	&& EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, CC_TAG_LEN,
			       buf + CC_NONCE_LEN + plen) == 1) {
	len = EVP_EncodeBlock(b64, buf, (int) blen);
	vstr_cat(out, CONVCRYPT_PREFIX);
	vstr_ncat(out, (const char *) b64, (size_t) len);
	ok = 1;
    }
    EVP_CIPHER_CTX_free(ctx);
    myfree(buf);
    myfree(b64);
    return (ok ? 0 : -1);
}

/* convcrypt_open - check and decrypt */

int     convcrypt_open(const CONVCRYPT *cc, const char *aad,
		               const char *sealed, VSTR *out)
{
    size_t  slen, pad = 0, blen;
    unsigned char *buf, *plain;
    EVP_CIPHER_CTX *ctx;
    int     len, n, ok = 0;

    vstr_reset(out);
    if (strncmp(sealed, CONVCRYPT_PREFIX, strlen(CONVCRYPT_PREFIX)) != 0)
	return (-1);
    sealed += strlen(CONVCRYPT_PREFIX);
    slen = strlen(sealed);
    if (slen == 0 || slen % 4 != 0 || slen > 1 << 16)
	return (-1);
    pad = (sealed[slen - 1] == '=') + (sealed[slen - 2] == '=');
    buf = mymalloc(slen / 4 * 3 + 1);
    n = EVP_DecodeBlock(buf, (const unsigned char *) sealed, (int) slen);
    if (n < 0 || (size_t) n < pad + CC_NONCE_LEN + CC_TAG_LEN) {
	myfree(buf);
	return (-1);
    }
    blen = (size_t) n - pad;
    plain = mymalloc(blen);
    ctx = EVP_CIPHER_CTX_new();
    if (ctx != 0
	&& EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), 0, 0, 0) == 1
	&& EVP_DecryptInit_ex(ctx, 0, 0, cc->key, buf) == 1
	&& EVP_DecryptUpdate(ctx, 0, &len, (const unsigned char *) aad,
			     (int) strlen(aad)) == 1
	&& EVP_DecryptUpdate(ctx, plain, &len, buf + CC_NONCE_LEN,
			     (int) (blen - CC_NONCE_LEN - CC_TAG_LEN)) == 1
	&& EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, CC_TAG_LEN,
			       buf + blen - CC_TAG_LEN) == 1
	&& EVP_DecryptFinal_ex(ctx, plain + len, &n) == 1
	&& memchr(plain, 0, (size_t) len) == 0) {
	vstr_ncat(out, (const char *) plain, (size_t) len);
	ok = 1;
    }
    EVP_CIPHER_CTX_free(ctx);
    myfree(buf);
    myfree(plain);
    return (ok ? 0 : -1);
}
