/*++
/* NAME
/*	mirror_xmlsig 3
/* SUMMARY
/*	verify the whitelist's enveloped XML-DSig signature
/* SYNOPSIS
/*	#include "mirror_xmlsig.h"
/*
/*	int	mirror_xmlsig_init(void)
/*	int	mirror_xmlsig_verify(xmlDocPtr doc, const char *ca_file,
/*				const char *signer, VSTR *subject, VSTR *why)
/*	const char *mirror_xmlsig_issuer(void)
/*
/*	void	mirror_xmlsig_shutdown(void)
/* DESCRIPTION
/*	The ANS signs the whitelist with an enveloped XML-DSig signature
/*	(exc-c14n, rsa-sha256, Reference URI="") by a certificate of the
/*	IGC-Sante. mirror_xmlsig_verify() accepts the document only when:
/*
/*	- it holds exactly one ds:Signature, a child of the root element;
/*	- that signature has one Reference, URI="" (the whole document),
/*	  whose transforms are only enveloped-signature and exc-c14n and
/*	  whose digest is SHA-256 (no XPath or XSLT transform can narrow
/*	  what is signed); SignedInfo uses exc-c14n and rsa-sha256;
/*	- the key comes from an X509Data certificate that chains to a
/*	  certificate of ca_file (a PEM bundle: the IGC-Sante root and
/*	  intermediate), checked at the current time; a bare KeyValue is
/*	  ignored, so a self-made key cannot sign; no RetrievalMethod or
/*	  external reference is followed;
/*	- when signer is not null, it is a DN equal to the whole subject
/*	  of the signing certificate, both normalised by dn(3) (attribute
/*	  order, blanks, case and the "/" form do not matter; a DN that is
/*	  only part of the subject, or a subject that merely contains it,
/*	  does not match: "CN=alb.mssante.fr" is not
/*	  "CN=alb.mssante.fr.evil.example"). A signer that is not a DN is
/*	  refused before anything is verified. Without it any
/*	  certificate issued under ca_file could sign a list, including an
/*	  operator's server certificate: production setups should give it.
/*
/*	The subject of the signing certificate is stored in subject;
/*	mirror_xmlsig_issuer() gives its issuer (RFC 2253 form) until the
/*	next verification or mirror_xmlsig_shutdown().
/*	Certificate revocation is not checked (no CRL is fetched).
/*
/*	mirror_xmlsig_init() and mirror_xmlsig_shutdown() bracket the use
/*	of xmlsec (process-wide).
/* DIAGNOSTICS
/*	mirror_xmlsig_verify() returns 0 when the signature is good, else
/*	-1 with the reason in why.
/*--*/

#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/transforms.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/errors.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/crypto.h>

#include "dn.h"
#include <xmlsec/openssl/x509.h>

#include "mymalloc.h"
#include "mirror_xmlsig.h"

static VSTR *xmlsig_errors;		/* last xmlsec error, for "why" */
static VSTR *xmlsig_issuer;		/* issuer of the last signer */

/* error_cb - keep xmlsec's first error reason (it prints nothing itself) */

static void error_cb(const char *file, int line, const char *func,
		             const char *obj, const char *subj, int reason,
		             const char *msg)
{
    (void) file;
    (void) line;
    (void) func;
    (void) reason;
    if (xmlsig_errors && vstr_len(xmlsig_errors) == 0)
	vstr_sprintf(xmlsig_errors, "%s%s%s%s%s", obj ? obj : "",
		     obj ? ": " : "", subj ? subj : "", subj ? ": " : "",
		     msg ? msg : "");
}

/* mirror_xmlsig_init - process-wide xmlsec setup */

int     mirror_xmlsig_init(void)
{
    xmlInitParser();
    if (xmlSecInit() < 0 || xmlSecCheckVersion() != 1
	|| xmlSecOpenSSLAppInit(0) < 0 || xmlSecOpenSSLInit() < 0)
	return (-1);
    xmlSecErrorsSetCallback(error_cb);
    xmlsig_errors = vstr_alloc(100);
    xmlsig_issuer = vstr_alloc(100);
    return (0);
}

/* mirror_xmlsig_shutdown - process-wide cleanup */

void    mirror_xmlsig_shutdown(void)
{
    xmlSecOpenSSLShutdown();
    xmlSecOpenSSLAppShutdown();
    xmlSecShutdown();
    vstr_free(xmlsig_errors);
    xmlsig_errors = 0;
    vstr_free(xmlsig_issuer);
    xmlsig_issuer = 0;
}

/* mirror_xmlsig_issuer - issuer DN of the last verified signer */

const char *mirror_xmlsig_issuer(void)
{
    return (xmlsig_issuer ? vstr_str(xmlsig_issuer) : "");
}

/* load_bundle - every certificate of a PEM bundle, as trusted */

static int load_bundle(xmlSecKeysMngrPtr mngr, const char *ca_file, VSTR *why)
{
    BIO    *bio = BIO_new_file(ca_file, "r");
    X509   *cert;
    int     count = 0;

    if (bio == 0) {
	vstr_sprintf(why, "cannot read the CA bundle %s", ca_file);
	return (-1);
    }
    while ((cert = PEM_read_bio_X509(bio, 0, 0, 0)) != 0) {
	unsigned char *der = 0;
	int     len = i2d_X509(cert, &der);

	if (len <= 0 || xmlSecOpenSSLAppKeysMngrCertLoadMemory(mngr, der, (xmlSecSize) len,
		       xmlSecKeyDataFormatDer, xmlSecKeyDataTypeTrusted) < 0) {
	    vstr_sprintf(why, "%s: certificate %d cannot be loaded", ca_file, count + 1);
	    OPENSSL_free(der);
	    X509_free(cert);
	    BIO_free(bio);
	    return (-1);
	}
	OPENSSL_free(der);
	X509_free(cert);
	count++;
    }
    BIO_free(bio);
    if (count == 0) {
	vstr_sprintf(why, "%s: no PEM certificate in the CA bundle", ca_file);
	return (-1);
    }
    return (0);
}

/* count_signatures - ds:Signature elements anywhere in the tree */

static int count_signatures(xmlNodePtr node)
{
    int     n = 0;

    for (; node; node = node->next) {
	if (node->type != XML_ELEMENT_NODE)
	    continue;
	if (xmlStrcmp(node->name, xmlSecNodeSignature) == 0
	    && node->ns && xmlStrcmp(node->ns->href, xmlSecDSigNs) == 0)
	    n++;
	n += count_signatures(node->children);
    }
    return (n);
}

/* restrict_ctx - only the algorithms of the ANS list, only URI="" */

static int restrict_ctx(xmlSecDSigCtxPtr ctx)
{
    ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
    ctx->keyInfoReadCtx.maxRetrievalMethodLevel = 0;
    ctx->keyInfoReadCtx.retrievalMethodCtx.enabledUris = xmlSecTransformUriTypeNone;
    if (xmlSecPtrListAdd(&ctx->keyInfoReadCtx.enabledKeyData,
			 (xmlSecPtr) xmlSecOpenSSLKeyDataX509Id) < 0)
	return (-1);
    if (xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformEnvelopedId) < 0
	|| xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformExclC14NId) < 0
	|| xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformExclC14NWithCommentsId) < 0
	|| xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecOpenSSLTransformSha256Id) < 0
	|| xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformExclC14NId) < 0
	|| xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformExclC14NWithCommentsId) < 0
	|| xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecOpenSSLTransformRsaSha256Id) < 0)
	return (-1);
    return (0);
}

/* signer_subject - RFC 2253 subject of the verified key's certificate */

static int signer_subject(xmlSecKeyPtr key, VSTR *subject)
{
    xmlSecKeyDataPtr data;
    X509   *cert;
    BIO    *bio;
    char   *mem;
    long    len;

    vstr_reset(subject);
    if (key == 0 || (data = xmlSecKeyGetData(key, xmlSecOpenSSLKeyDataX509Id)) == 0
	|| (cert = xmlSecOpenSSLKeyDataX509GetKeyCert(data)) == 0)
	return (-1);
    if ((bio = BIO_new(BIO_s_mem())) == 0)
	return (-1);
    X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    len = BIO_get_mem_data(bio, &mem);
    vstr_ncat(subject, mem, (size_t) len);
    /* The issuer, for a caller that pins the signer's CA by DN. */
    (void) BIO_reset(bio);
    X509_NAME_print_ex(bio, X509_get_issuer_name(cert), 0, XN_FLAG_RFC2253);
    len = BIO_get_mem_data(bio, &mem);
    vstr_reset(xmlsig_issuer);
    vstr_ncat(xmlsig_issuer, mem, (size_t) len);
    BIO_free(bio);
    return (0);
}

/* mirror_xmlsig_verify - the whole check */

int     mirror_xmlsig_verify(xmlDocPtr doc, const char *ca_file, const char *signer,
			             VSTR *subject, VSTR *why)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), sig;
    xmlSecKeysMngrPtr mngr = 0;
    xmlSecDSigCtxPtr ctx = 0;
    int     nsig, ret = -1;

    vstr_reset(subject);
    vstr_reset(xmlsig_errors);
    vstr_reset(xmlsig_issuer);
    /* A substring match let "CN=x.evil.example" pass for "CN=x". */
    if (signer && dn_normalise(signer, subject) != 0) {
	vstr_sprintf(why, "--signer \"%s\" is not a DN: give the whole subject of"
		     " the signing certificate (for example \"CN=...,OU=...,O=...,C=FR\")",
		     signer);
	vstr_reset(subject);
	return (-1);
    }
    vstr_reset(subject);
    if (root == 0 || (nsig = count_signatures(root)) == 0) {
	vstr_strcpy(why, "the whitelist is not signed (no ds:Signature element)");
	return (-1);
    }
    sig = xmlSecFindChild(root, xmlSecNodeSignature, xmlSecDSigNs);
    if (nsig != 1 || sig == 0) {
	vstr_sprintf(why, "%d ds:Signature elements: expected exactly one, a child"
		     " of the root element", nsig);
	return (-1);
    }
    if ((mngr = xmlSecKeysMngrCreate()) == 0
	|| xmlSecOpenSSLAppDefaultKeysMngrInit(mngr) < 0) {
	vstr_strcpy(why, "xmlsec: cannot create a keys manager");
	goto out;
    }
    if (load_bundle(mngr, ca_file, why) < 0)
	goto out;
    if ((ctx = xmlSecDSigCtxCreate(mngr)) == 0 || restrict_ctx(ctx) < 0) {
	vstr_strcpy(why, "xmlsec: cannot create a signature context");
	goto out;
    }
    if (xmlSecDSigCtxVerify(ctx, sig) < 0) {
	vstr_sprintf(why, "the signature cannot be verified (%s%s)",
		     ctx->signKey == 0 ? "no key from a certificate that chains"
		     " to the CA bundle; xmlsec: " : "",
		     vstr_len(xmlsig_errors) ? vstr_str(xmlsig_errors) :
		     "unknown xmlsec error");
	goto out;
    }
    if (ctx->status != xmlSecDSigStatusSucceeded) {
	vstr_strcpy(why, "BAD SIGNATURE: the whitelist was modified after signing"
		    " or signed with another key");
	goto out;
    }
    if (xmlSecPtrListGetSize(&ctx->signedInfoReferences) != 1) {
	vstr_strcpy(why, "the signature must have exactly one Reference (URI=\"\")");
	goto out;
    }
    if (signer_subject(ctx->signKey, subject) < 0) {
	vstr_strcpy(why, "the signing key does not come from a verified certificate");
	goto out;
    }
    if (signer && !dn_equal(vstr_str(subject), signer)) {
	vstr_sprintf(why, "signed by \"%s\", which is not the required"
		     " --signer \"%s\"", vstr_str(subject), signer);
	goto out;
    }
    ret = 0;

out:
    if (ctx)
	xmlSecDSigCtxDestroy(ctx);
    if (mngr)
	xmlSecKeysMngrDestroy(mngr);
    return (ret);
}
