#!/bin/bash
# mirror-sig.sh - the whitelist's XML-DSig signature: a list signed under the
# test IGC-Sante chain is accepted; unsigned, tampered, truncated, wrongly
# signed (rogue CA, bare KeyValue, wrong --signer) or DOCTYPE-carrying lists
# are refused with exit 3, and a sync with a refused list leaves the
# directory as it was.
. "$top_srcdir/tests/lib/common.sh"
t_init mirror-sig
t_need_cmd slapadd slapd ldapsearch xmlsec1 openssl
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"

mirror_data "$T/data"
mirror_ca "$T/ca" || { echo "cannot make the test CA"; exit 99; }
CA=$T/ca/bundle.pem
mirror_sign "$WL" "$T/signed.xml" "$T/ca/signer.key" "$T/ca/signer.pem" "$T/ca/inter.pem" \
    || { echo "cannot sign"; exit 99; }

refused() {	# refused DESC WHITELIST PATTERN [OPTIONS...]
    _d=$1 _w=$2 _p=$3
    shift 3
    mirror_run ldif --ca "$CA" --whitelist "$_w" --extraction "$EX" "$@"
    _st=$?
    if [ $_st = 3 ] && grep -Eq -- "$_p" "$T/err" && grep -q 'left unchanged' "$T/err" \
        && ! grep -q '^dn:' "$T/out"; then
        t_ok "$_d"
    else
        t_fail "$_d (exit $_st, stderr: $(head -c 300 "$T/err"))"
    fi
}

t_check "a list signed under the test chain is accepted" \
    mirror_run ldif --ca "$CA" --whitelist "$T/signed.xml" --extraction "$EX"
t_grep "the LDIF has the domains" '^dn: mssDomain=medecin.mssante.fr,ou=domains,o=mssante$' "$T/out"
t_grep "metadata: verified" '^mssSignatureStatus: verified$' "$T/out"
t_grep "metadata: signer" '^mssSigner: CN=TEST LISTE BLANCHE MSSANTE,OU=0002 187512751,O=AGENCE DU NUMERIQUE EN SANTE,C=FR$' "$T/out"
t_grep "without --signer, a warning" 'without --signer any certificate' "$T/err"
# --signer is the whole subject DN, compared after dn(3) normalisation.
SIGNER='CN=TEST LISTE BLANCHE MSSANTE,OU=0002 187512751,O=AGENCE DU NUMERIQUE EN SANTE,C=FR'
t_check "--signer, the whole subject" mirror_run ldif --ca "$CA" --signer "$SIGNER" \
    --whitelist "$T/signed.xml" --extraction "$EX"
t_check "--signer in another order and spacing, other case of the types" \
    mirror_run ldif --ca "$CA" --whitelist "$T/signed.xml" --extraction "$EX" \
    --signer 'c = FR, o = AGENCE DU NUMERIQUE EN SANTE,  ou=0002 187512751 , cn=TEST LISTE BLANCHE MSSANTE'
t_check "--signer in the OpenSSL \"/\" form" \
    mirror_run ldif --ca "$CA" --whitelist "$T/signed.xml" --extraction "$EX" \
    --signer '/C=FR/O=AGENCE DU NUMERIQUE EN SANTE/OU=0002 187512751/CN=TEST LISTE BLANCHE MSSANTE'
# A certificate of the chain whose CN extends the expected one: a substring
# match (the old check) accepted it for --signer "CN=TEST LISTE BLANCHE MSSANTE".
openssl req -newkey rsa:2048 -nodes -keyout "$T/ca/evil.key" -out "$T/ca/evil.csr" \
    -subj "/C=FR/O=AGENCE DU NUMERIQUE EN SANTE/OU=0002 187512751/CN=TEST LISTE BLANCHE MSSANTE.evil.example" \
    2>/dev/null && openssl x509 -req -in "$T/ca/evil.csr" -CA "$T/ca/inter.pem" \
    -CAkey "$T/ca/inter.key" -CAcreateserial -days 30 -extfile "$T/ca/ext.cnf" \
    -extensions leaf -out "$T/ca/evil.pem" 2>/dev/null \
    && mirror_sign "$WL" "$T/evil.xml" "$T/ca/evil.key" "$T/ca/evil.pem" "$T/ca/inter.pem" \
    || { echo "cannot sign with the evil certificate"; exit 99; }
t_check "the root alone is enough when KeyInfo carries the intermediate" \
    mirror_run ldif --ca "$T/ca/root.pem" --whitelist "$T/signed.xml" --extraction "$EX"

refused "unsigned list refused" "$WL" 'not signed'
sed 's#<Nom>nodn.mssante.fr</Nom>#<Nom>intrus.example</Nom>#' "$T/signed.xml" >"$T/tampered.xml"
refused "tampered list refused" "$T/tampered.xml" 'BAD SIGNATURE'
head -c 3000 "$T/signed.xml" >"$T/truncated.xml"
refused "truncated list refused" "$T/truncated.xml" 'malformed or truncated XML'
mirror_sign "$WL" "$T/rogue.xml" "$T/ca/rogue.key" "$T/ca/rogue.pem"
refused "list signed by a certificate outside the chain refused" "$T/rogue.xml" 'self-signed certificate'
refused "signer certificate not chaining to --ca refused" "$T/signed.xml" 'cannot be verified' \
    --ca "$T/ca/rogue.pem"
# A signature carrying a bare public key (no certificate) proves nothing.
sed 's#<KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo>#<KeyInfo><KeyValue/></KeyInfo>#' \
    "$T/rogue.xml.tmpl" >"$T/kv.tmpl"
xmlsec1 --sign --privkey-pem "$T/ca/rogue.key" --output "$T/kv.xml" "$T/kv.tmpl" >/dev/null 2>&1
refused "bare KeyValue signature refused" "$T/kv.xml" 'no key from a certificate'
refused "--signer mismatch refused" "$T/signed.xml" 'is not the required --signer' \
    --signer "CN=OPERATEUR A,C=FR"
refused "--signer that is only part of the subject refused" "$T/signed.xml" \
    'is not the required --signer' --signer "CN=TEST LISTE BLANCHE MSSANTE"
refused "--signer CN=x does not admit CN=x.evil.example" "$T/evil.xml" \
    'is not the required --signer' --signer "CN=TEST LISTE BLANCHE MSSANTE"
refused "--signer, whole DN, does not admit CN=x.evil.example" "$T/evil.xml" \
    'is not the required --signer' --signer "$SIGNER"
refused "--signer that is not a DN (the old substring form) refused" "$T/signed.xml" \
    'is not a DN' --signer "LISTE BLANCHE"
# A second signature, or one not under the root, is refused.
sed 's#<ListeDomaines>#<ListeDomaines><Signature xmlns="http://www.w3.org/2000/09/xmldsig\#"/>#' \
    "$T/signed.xml" >"$T/twosig.xml"
refused "two Signature elements refused" "$T/twosig.xml" '2 ds:Signature elements'
{
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE ListeBlancheMSSante [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>'
    sed 1d "$T/signed.xml" | sed 's#<Nom>nodn.mssante.fr</Nom>#<Nom>&xxe;</Nom>#'
} >"$T/xxe.xml"
refused "DOCTYPE (external entity) refused" "$T/xxe.xml" 'DOCTYPE is not allowed'
{
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE l [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"> ]>'
    sed 1d "$T/signed.xml" | sed 's#<Description>Domaine medecin#<Description>\&c;#'
} >"$T/laughs.xml"
refused "entity expansion refused" "$T/laughs.xml" 'DOCTYPE is not allowed|entity reference loop'
sed 's#<ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">#<Liste>#; s#</ListeBlancheMSSante>#</Liste>#' \
    "$WL" >"$T/wrongroot.xml"
refused "wrong root element refused" "$T/wrongroot.xml" 'root element is not ListeBlancheMSSante' --no-verify
sed '/<ListeDomaines>/,/<\/ListeDomaines>/{/<ListeDomaines>/!{/<\/ListeDomaines>/!d}}' "$WL" >"$T/empty.xml"
refused "a list without domains refused" "$T/empty.xml" 'refusing an empty whitelist' --no-verify

mirror_run ldif --whitelist "$T/signed.xml" --extraction "$EX"
t_check "no --ca and no --no-verify: usage error (exit 2)" test $? = 2
t_grep "which says what to do" '--ca FILE is required' "$T/err"
t_check "--no-verify accepts an unsigned list" \
    mirror_run ldif --no-verify --whitelist "$WL" --extraction "$EX"
t_grep "--no-verify is recorded in the metadata" '^mssSignatureStatus: not verified' "$T/out"

# sync: a refused list changes nothing in the directory.
mirror_run ldif --ca "$CA" --whitelist "$T/signed.xml" --extraction "$EX" || exit 1
cp "$T/out" "$T/full.ldif"
slapd_setup
slapd_load "$T/full.ldif" || exit 1
slapd_start || exit 1
slapd_search '(objectClass=*)' '*' '+' | grep -v -i '^\(modifyTimestamp\|entryCSN\|contextCSN\)' >"$T/before"
for _bad in tampered truncated rogue; do
    mirror_run sync --uri "$SLAPD_LDAPI" --bind-dn "$SLAPD_ROOTDN" --password-file "$SLAPD_PWFILE" \
        --ca "$CA" --whitelist "$T/$_bad.xml" --extraction "$EX"
    t_check "sync with the $_bad list: exit 3" test $? = 3
done
slapd_search '(objectClass=*)' '*' '+' | grep -v -i '^\(modifyTimestamp\|entryCSN\|contextCSN\)' >"$T/after"
t_check "the directory (metadata included) is unchanged" cmp -s "$T/before" "$T/after"
t_check "sync with the signed list" mirror_run sync --uri "$SLAPD_LDAPI" --bind-dn "$SLAPD_ROOTDN" \
    --password-file "$SLAPD_PWFILE" --ca "$CA" --whitelist "$T/signed.xml" --extraction "$EX"
t_grep "nothing to change" '^domains: added=0 modified=0 deleted=0 unchanged=9 failed=0$' "$T/out"

t_done
