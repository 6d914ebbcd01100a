#!/bin/bash
# mirror-update.sh - mssante-mirror update against a local HTTPS server
# (tests/integration/mirror-https.py, a test PKI) and a real slapd: from an
# empty slapd one command fetches, verifies and loads, and the milter starts
# accepting; an unchanged server answers 304 and nothing is done; changed
# files are synced; a server without ETag is asked with If-Modified-Since.
# Then each failure - truncated download, wrong server certificate (another
# CA, or the right CA for another name), a redirect to plain HTTP, HTTP 404
# and 500, wrong signer or issuer (the defaults too), older list, older
# extraction, an extraction dated in the future, oversized file (announced
# or chunked, whitelist or extraction), zip bomb, a ZIP header that
# understates its entry, two-entry ZIP, a plain download at a URL that does
# not name it, server down, slow server past the timeout, a second run
# holding the lock - exits with its documented status and leaves the
# directory as it was; and a good file afterwards is loaded (no failure
# poisoned the cache). data.gouv.fr's plain text file is loaded from its
# URL. The extraction's file-name time is read as French local time. fetch
# on a terminal shows the downloads' progress, and nothing of it otherwise.
# config prints the effective settings, the defaults of mssante-mirror(8)
# and contrib/mirror.conf. The milter logs the mirror's dates with -v.
. "$top_srcdir/tests/lib/common.sh"
t_init mirror-update
t_need_cmd slapadd slapd ldapsearch xmlsec1 openssl python3 zip flock miltertest script
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"
. "$top_srcdir/tests/integration/miltertest-lib.sh"

mirror_data "$T/data"
mirror_ca "$T/ca" || { echo "cannot make the test CA"; exit 99; }
SIGNER="CN=TEST LISTE BLANCHE MSSANTE,OU=0002 187512751,O=AGENCE DU NUMERIQUE EN SANTE,C=FR"
ISSUER_DN="CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE TEST,OU=0002 187512751,O=ASIP-SANTE,C=FR"

# The stand-ins for the ANS servers: a good one, and one whose certificate
# comes from another CA.
mirror_https_pki "$T/https" || { echo "cannot make the HTTPS PKI"; exit 99; }
mkdir -p "$T/www"
mirror_https_serve GOOD "$T/www" "$T/https/good" || exit 99
mirror_https_serve ROGUE "$T/www" "$T/https/rogue" || exit 99
mirror_https_serve OTHERNAME "$T/www" "$T/https/othername" || exit 99
# The same files over plain HTTP, where a redirect must not lead.
HTTP_PORT=$(t_port)
python3 -m http.server --bind 127.0.0.1 --directory "$T/www" "$HTTP_PORT" >"$T/http.log" 2>&1 &
t_on_exit "kill $!"
t_wait_port "$HTTP_PORT" || exit 99
DOWN_PORT=$(t_port)
# Europe/Paris as a POSIX TZ (no tz database needed): the ANS's clock.
PARIS_TZ='CET-1CEST,M3.5.0,M10.5.0/3'

# publish WHITELIST EXTRACTION_TXT [ZIP]: the files the server gives
publish() {
    cp "$1" "$T/www/listeblanchemssante.xml"
    rm -f "$T/www/Extraction_Correspondance_MSSante"
    if [ -n "${3:-}" ]; then cp "$3" "$T/www/Extraction_Correspondance_MSSante"
    else
        rm -f "$T/pub.zip"
        (cd "$(dirname "$2")" && zip -q -X "$T/pub.zip" "$(basename "$2")")
        mv "$T/pub.zip" "$T/www/Extraction_Correspondance_MSSante"
    fi
}
# version N DATE EXTDATE: data set N, signed, dated DATE, extraction EXTDATE
version() {
    _v=$T/v$1
    mkdir -p "$_v"
    # Domains v1..vN: each version adds one (no deletion to trip the 5% guard).
    _doms=
    for _i in $(seq 1 "$1"); do _doms="$_doms<Domaine><Nom>v$_i.mssante.fr</Nom></Domaine>"; done
    sed -e "s#<DateDeGeneration>.*</DateDeGeneration>#<DateDeGeneration>$2</DateDeGeneration>#" \
        -e "s#</ListeDomaines>#$_doms</ListeDomaines>#" "$WL" >"$_v/whitelist.xml"
    mirror_sign "$_v/whitelist.xml" "$_v/signed.xml" "$T/ca/signer.key" "$T/ca/signer.pem" \
        "$T/ca/inter.pem" || exit 99
    cp "$EX" "$_v/Extraction_Correspondance_MSSante_$3.txt"
    mirror_line PER "v$1@medecin.mssante.fr" '' '' 10 >>"$_v/Extraction_Correspondance_MSSante_$3.txt"
}
version 1 2026-11-20T03:00:00Z 202611200300
version 2 2026-11-21T03:00:00Z 202611210300
version 3 2026-11-22T03:00:00Z 202611220300
version 0 2026-11-19T03:00:00Z 202611190300

slapd_setup
slapd_start || exit 1
# conf FILE [LINE...]: mirror.conf for this test; each extra line
# replaces the line of the same key (a key may appear once)
conf() {
    _f=$1
    shift
    _base "$@" >"$_f.base"
    for _l in "$@"; do
        grep -v "^${_l%% *} " "$_f.base" >"$_f.tmp"; mv "$_f.tmp" "$_f.base"
    done
    { cat "$_f.base"; for _l in "$@"; do echo "$_l"; done; } >"$_f"
}
_base() {
    {
        echo "# mirror.conf written by mirror-update.sh"
        echo "LDAPURI $SLAPD_LDAPI"
        echo "BindDN $SLAPD_ROOTDN"
        echo "PasswordFile $SLAPD_PWFILE     # the rootdn's"
        echo "WhitelistURL ${URL_BASE:-https://127.0.0.1:$GOOD_PORT}/listeblanchemssante.xml"
        echo "ExtractionURL ${URL_BASE:-https://127.0.0.1:$GOOD_PORT}/Extraction_Correspondance_MSSante"
        echo "HTTPSCAFile $T/https/ca.pem"
        echo "SignatureCAFile $T/ca/bundle.pem"
        echo "Signer $SIGNER"
        echo "SignerIssuer $ISSUER_DN"
        echo "StateDirectory $T/state"
        echo "ConnectTimeout 2s"
        echo "Timeout 3s"
        echo "PostfixTLSPolicy $T/tls_policy"
    }
}
conf "$T/mirror.conf"
update() {	# update [CONF]: mssante-mirror update, status in $st
    mirror_run update --config "${1:-$T/mirror.conf}"
    st=$?
}
snapshot() {	# everything, metadata included
    slapd_search '(objectClass=*)' '*' 2>/dev/null | grep -v '^$' | LC_ALL=C sort >"$1"
}
served() {	# served N STATUS: the last N requests had STATUS
    test "$(tail -n "$1" "$T/www/.log" | grep -c " $2\$")" = "$1"
}

# The milter, started before the mirror exists: it tempfails.
sock=$T/milter.sock
mtl_config "$T/milter.conf" "Socket local:$sock" "TrustRefresh 1s" "LDAPCacheNegativeTTL 1s"
mtl_start milter "$T/milter.conf" || { t_fail "the milter starts"; t_done; }
mtl_miltertest mirror-update.lua "unix:$sock" part=before

# 1. From an empty slapd, one command.
publish "$T/v1/signed.xml" "$T/v1/Extraction_Correspondance_MSSante_202611200300.txt"
update
t_check "update from an empty slapd: exit 0 ($(head -c 300 "$T/err"))" test "$st" = 0
t_check "the domains are loaded" test "$(slapd_count '(objectClass=mssTrustedDomain)')" = 10
t_check "the mailboxes are loaded" test "$(slapd_count '(objectClass=mssMailbox)')" = 50
slapd_search '(cn=metadata)' >"$T/meta"
t_grep "metadata: the list's date" '^mssWhitelistGenerated: 20261120030000Z$' "$T/meta"
# The name's 03:00 is French winter time: 02:00 UTC.
t_grep "metadata: the extraction's date, as UTC" '^mssExtractionGenerated: 20261120020000Z$' "$T/meta"
t_grep "metadata: the signer" "^mssSigner: $SIGNER\$" "$T/meta"
t_check "both files were downloaded (200)" served 2 200
t_grep "the Postfix TLS policy is written" '^v1\.mssante\.fr secure protocols=>=TLSv1\.2$' "$T/tls_policy"
t_grep "with the operators' CNs" '^medecin\.mssante\.fr secure match=mx1\.operateur-a\.example:mx2\.operateur-a\.example ' "$T/tls_policy"
_n=30
while [ $_n -gt 0 ] && ! grep -q 'trust snapshot [0-9]* loaded' "$T/milter.log"; do sleep 0.2; _n=$((_n - 1)); done
mtl_miltertest mirror-update.lua "unix:$sock" part=after
# The list is dated 2026-11-20, older than TrustMaxAge (3d by default):
# with the default action (warn) mail flows, and every refresh warns.
sleep 2.5
t_grep "-v shows the list's date and age" 'trust snapshot [0-9]+ loaded: 10 domains, [0-9]+ operator DNs; whitelist generated 2026-11-20T03:00:00Z, age [0-9.]+ h' "$T/milter.log"
# iso ATTR FILE: a GeneralizedTime of the metadata as the log writes it
iso() { sed -n "s/^$1: \(....\)\(..\)\(..\)\(..\)\(..\)\(..\)Z\$/\1-\2-\3T\4:\5:\6Z/p" "$2"; }
t_grep "-v shows when the list was loaded, the extraction's time, age and load time" \
    "whitelist generated 2026-11-20T03:00:00Z, age [0-9.]+ h, loaded $(iso mssWhitelistLoaded "$T/meta"); extraction generated 2026-11-20T02:00:00Z, age [0-9.]+ h, loaded $(iso mssExtractionLoaded "$T/meta")\$" "$T/milter.log"
t_check "a stale list is warned about at every refresh" \
    test "$(grep -c 'whitelist generated 2026-11-20T03:00:00Z, age [0-9.]* h, older than TrustMaxAge (259200 s)' "$T/milter.log")" -ge 2
mtl_stop "$MTL_PID"
# TrustMaxAgeAction tempfail: the stale list tempfails each recipient.
mtl_config "$T/stale.conf" "Socket local:$sock" "TrustRefresh 1s" "TrustMaxAgeAction tempfail"
MTL_WAIT_SNAPSHOT=1 mtl_start stale "$T/stale.conf" || { t_fail "the milter starts"; t_done; }
mtl_miltertest mirror-update.lua "unix:$sock" part=before
t_grep "the stale list tempfails the recipient (dir.error 451 4.4.3)" 'tempfail RCPT TO <cardiologie@ch-exemple.mssante.fr>: dir.error 451 4.4.3' "$T/stale.log"
t_grep "and the log says why" 'older than TrustMaxAge' "$T/stale.log"
mtl_stop "$MTL_PID"

# 2. Unchanged: two 304 answers, nothing done.
snapshot "$T/s1"
ino=$(stat -c %i "$T/tls_policy")
update
t_check "unchanged files: exit 0" test "$st" = 0
t_grep "unchanged files: says so" '^not modified' "$T/out"
t_check "unchanged files: two 304 answers" served 2 304
t_check "unchanged files: the TLS policy is not rewritten" test "$(stat -c %i "$T/tls_policy")" = "$ino"
snapshot "$T/s1b"
t_check "unchanged files: the directory is untouched" cmp -s "$T/s1" "$T/s1b"
# Unchanged files, but the TLS policy deleted (or a failed write): update
# writes it again from the loaded list, and touches nothing else.
cp "$T/tls_policy" "$T/tls_policy.v1"
rm "$T/tls_policy"
update
t_check "table deleted, files unchanged: exit 0 ($(head -c 300 "$T/err"))" test "$st" = 0
t_check "table deleted, files unchanged: two 304 answers" served 2 304
t_check "table deleted: written again, the same" cmp -s "$T/tls_policy" "$T/tls_policy.v1"
t_grep "table deleted: says so" "^$T/tls_policy: rewritten from the loaded whitelist\$" "$T/out"
snapshot "$T/s1c"
t_check "table deleted: the directory is untouched" cmp -s "$T/s1" "$T/s1c"
# Older than the loaded list (a write that failed after a load): rewritten.
touch -d '-1 day' "$T/tls_policy"
ino=$(stat -c %i "$T/tls_policy")
update
t_check "table older than the list, files unchanged: exit 0" test "$st" = 0
t_check "table older than the list: rewritten" test "$(stat -c %i "$T/tls_policy")" != "$ino"
t_check "table older than the list: the same content" cmp -s "$T/tls_policy" "$T/tls_policy.v1"
mirror_run update --config "$T/mirror.conf" --force
t_check "--force syncs the cached files: nothing to change" \
    grep -q '^mailboxes: added=0 modified=0 deleted=0 unchanged=50 failed=0$' "$T/out"

# A server that sends no ETag: the Last-Modified time is kept, and sent
# back as If-Modified-Since, which gives the 304.
echo noetag >"$T/www/.mode"
update
t_check "no ETag: the kept ETag does not match, the files again (200), exit 0" \
    sh -c "test $st = 0 && tail -n 2 $T/www/.log | grep -c ' 200\$' | grep -qx 2"
t_check "no ETag: the validators keep the Last-Modified time alone" \
    sh -c "! grep -q '^etag ' $T/state/current/whitelist.validators && grep -q '^last-modified [0-9][0-9]*\$' $T/state/current/whitelist.validators"
update
t_check "no ETag, unchanged: exit 0" test "$st" = 0
t_check "no ETag, unchanged: two 304 answers" served 2 304
t_check "no ETag: If-Modified-Since sent, no If-None-Match" \
    test "$(tail -n 2 "$T/www/.cond" | grep -Ec 'if-none-match=- if-modified-since=[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$')" = 2
echo normal >"$T/www/.mode"

# 3. New files are synced.
publish "$T/v2/signed.xml" "$T/v2/Extraction_Correspondance_MSSante_202611210300.txt"
update
t_check "new files: exit 0 ($(head -c 300 "$T/err"))" test "$st" = 0
t_grep "new files: one domain added" '^domains: added=1 modified=0 deleted=0 unchanged=10 failed=0$' "$T/out"
t_check "new files: the new mailbox is there" test "$(slapd_count '(mail=v2@medecin.mssante.fr)')" = 1
t_grep "new list: the TLS policy is regenerated" '^v2\.mssante\.fr secure ' "$T/tls_policy"
cp "$T/tls_policy" "$T/tls_policy.good"
snapshot "$T/good"

# 4. Failures: each one leaves the directory as it was.
fails() {	# fails DESC STATUS PATTERN [CONF]
    update "${4:-}"
    snapshot "$T/now"
    if [ "$st" = "$2" ] && grep -Eq -- "$3" "$T/err" && cmp -s "$T/good" "$T/now"; then
        t_ok "$1: exit $2, directory unchanged"
    else
        t_fail "$1 (exit $st, stderr: $(head -c 400 "$T/err"))"
    fi
}
V3WL=$T/v3/signed.xml
V3EX=$T/v3/Extraction_Correspondance_MSSante_202611220300.txt
publish "$V3WL" "$V3EX"
echo truncate >"$T/www/.mode"
fails "truncated download" 6 'download failed: .*(transfer closed|Transferred a partial)'
echo normal >"$T/www/.mode"

URL_BASE=https://127.0.0.1:$ROGUE_PORT conf "$T/rogue.conf"
fails "server certificate from another CA" 6 \
    'download failed: .*(unable to get local issuer certificate|self.signed certificate)' "$T/rogue.conf"
URL_BASE=https://127.0.0.1:$OTHERNAME_PORT conf "$T/othername.conf"
fails "certificate of the right CA for another host name" 6 \
    'download failed: .*(no alternative certificate subject name matches|does not match target host name)' \
    "$T/othername.conf"
URL_BASE=https://127.0.0.1:$DOWN_PORT conf "$T/down.conf"
fails "server down" 6 'download failed: .*(Could not connect|Couldn.t connect)' "$T/down.conf"

# A redirect to plain HTTP is not followed, though the files are there.
t_check "the plain HTTP server serves the list" \
    curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/listeblanchemssante.xml"
echo "redirect http://127.0.0.1:$HTTP_PORT" >"$T/www/.mode"
fails "HTTPS redirected to HTTP" 6 'whitelist download failed: .*[Pp]rotocol "?http"? not supported'
t_check "the redirect was answered (302)" served 1 302
echo "status 500" >"$T/www/.mode"
fails "HTTP 500" 6 'whitelist download failed: https://[^ ]*/listeblanchemssante\.xml: HTTP status 500'
echo normal >"$T/www/.mode"
conf "$T/404.conf" "ExtractionURL https://127.0.0.1:$GOOD_PORT/nothing-here"
fails "HTTP 404" 6 'extraction download failed: https://[^ ]*/nothing-here: HTTP status 404' "$T/404.conf"

echo slow >"$T/www/.mode"
_t0=$(date +%s%3N)
fails "slow server past the Timeout (3 s)" 6 'download failed: .*(Timeout|timed out)'
# The server answers after 20 s: giving up well before proves the timeout
# acted (a bound far from both, for a loaded machine).
t_check "the slow server was given up before it answered" test $(( $(date +%s%3N) - _t0 )) -lt 15000
echo normal >"$T/www/.mode"

conf "$T/small.conf" "MaxWhitelistSize 2k"
fails "oversized whitelist (Content-Length)" 6 'larger than the limit of 2048 bytes' "$T/small.conf"
echo chunked >"$T/www/.mode"
fails "oversized whitelist (chunked, no length)" 6 'larger than the limit of 2048 bytes' "$T/small.conf"
echo normal >"$T/www/.mode"

# Signed by an operator's certificate under the same chain.
openssl req -newkey rsa:2048 -nodes -keyout "$T/ca/op.key" -out "$T/ca/op.csr" \
    -subj "/C=FR/O=OPERATEUR A/OU=300000000000001/CN=mx1.operateur-a.example" 2>/dev/null
openssl x509 -req -in "$T/ca/op.csr" -CA "$T/ca/inter.pem" -CAkey "$T/ca/inter.key" \
    -CAcreateserial -days 30 -extfile "$T/ca/ext.cnf" -extensions leaf -out "$T/ca/op.pem" 2>/dev/null
mirror_sign "$T/v3/whitelist.xml" "$T/v3/op-signed.xml" "$T/ca/op.key" "$T/ca/op.pem" "$T/ca/inter.pem" \
    || exit 99
publish "$T/v3/op-signed.xml" "$V3EX"
fails "wrong signer (an operator certificate of the chain)" 3 'not by the configured Signer'
publish "$V3WL" "$V3EX"
conf "$T/issuer.conf" "SignerIssuer CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,OU=0002 187512751,O=ASIP-SANTE,C=FR"
fails "signer issued by another CA than SignerIssuer" 3 'not by the configured SignerIssuer' "$T/issuer.conf"
conf "$T/substr.conf" "Signer CN=TEST LISTE BLANCHE MSSANTE"
fails "Signer is a whole DN, not a part of it" 3 'not by the configured Signer' "$T/substr.conf"

publish "$T/v0/signed.xml" "$V3EX"
fails "older list (DateDeGeneration)" 3 'whitelist refused: generated 20261119030000Z, older than the loaded one'
publish "$V3WL" "$T/v0/Extraction_Correspondance_MSSante_202611190300.txt"
fails "older extraction" 4 'extraction refused: generated 20261119020000Z, older than the loaded one'

# A zip bomb: the entry has the right name, 30 MB of one repeated line.
mkdir -p "$T/bomb"
{ cat "$V3EX"; yes 'PER|x@medecin.mssante.fr|||||||||||||||||||||||||||||' | head -c 30000000; } \
    >"$T/bomb/Extraction_Correspondance_MSSante_202611220300.txt"
(cd "$T/bomb" && zip -q -9 bomb.zip Extraction_Correspondance_MSSante_202611220300.txt)
publish "$V3WL" "$V3EX" "$T/bomb/bomb.zip"
fails "zip bomb (ratio over MaxZipRatio)" 4 'compression ratio over 100'
conf "$T/tiny.conf" "MaxExtractionSize 2k"
publish "$V3WL" "$V3EX"
fails "extraction larger than MaxExtractionSize" 4 'declares [0-9]+ bytes, limit 2048' "$T/tiny.conf"
cp "$V3EX" "$T/bomb/"
(cd "$T/bomb" && cp "$V3EX" Extraction_Correspondance_MSSante_202611220400.txt &&
    zip -q two.zip Extraction_Correspondance_MSSante_202611220300.txt Extraction_Correspondance_MSSante_202611220400.txt)
publish "$V3WL" "$V3EX" "$T/bomb/two.zip"
fails "ZIP with two entries" 4 '2 entries, expected exactly one'
(cd "$T/bomb" && cp "$V3EX" evil.txt && zip -q badname.zip evil.txt)
publish "$V3WL" "$V3EX" "$T/bomb/badname.zip"
fails "ZIP entry with another name" 4 'is not named Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt'
head -c 2000 "$T/bomb/two.zip" >"$T/bomb/cut.zip"
publish "$V3WL" "$V3EX" "$T/bomb/cut.zip"
fails "truncated ZIP" 4 'not a valid ZIP archive'

# The header says 100 bytes, the entry inflates to all of V3EX.
(cd "$(dirname "$V3EX")" && rm -f "$T/bomb/under.zip" && zip -q -X "$T/bomb/under.zip" "$(basename "$V3EX")")
python3 - "$T/bomb/under.zip" <<'PY' || exit 99
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
assert b[:4] == b"PK\x03\x04"
struct.pack_into("<I", b, 22, 100)                  # local header: uncompressed size
c = b.find(b"PK\x01\x02")
struct.pack_into("<I", b, c + 24, 100)              # central directory: the same
open(p, "wb").write(b)
PY
publish "$V3WL" "$V3EX" "$T/bomb/under.zip"
fails "ZIP header understating the entry's size" 4 'decompressed more than declared or allowed \([0-9]+ bytes'

# The extraction's download itself over MaxDownloadSize (the ZIP).
publish "$V3WL" "$V3EX"
zsize=$(stat -c %s "$T/www/Extraction_Correspondance_MSSante")
conf "$T/dlsize.conf" "MaxDownloadSize $((zsize - 1))"
fails "extraction download over MaxDownloadSize" 6 \
    "extraction download failed: .*larger than the limit of $((zsize - 1)) bytes" "$T/dlsize.conf"

# An extraction whose name is dated three days ahead (French time).
future=$(TZ=$PARIS_TZ date -d '+3 days' +%Y%m%d%H%M)
mkdir -p "$T/future"
cp "$V3EX" "$T/future/Extraction_Correspondance_MSSante_$future.txt"
publish "$V3WL" "$T/future/Extraction_Correspondance_MSSante_$future.txt"
fails "extraction dated in the future" 4 "Extraction_Correspondance_MSSante_$future\.txt: the time in the file name is in the future"

# A plain text download at a URL that does not name the file.
cp "$V3EX" "$T/www/extraction.txt"
conf "$T/plainurl.conf" "ExtractionURL https://127.0.0.1:$GOOD_PORT/extraction.txt"
fails "plain text extraction at a URL without its name" 4 \
    'neither a ZIP archive nor a URL ending in Extraction_Correspondance_MSSante_AAAAMMJJhhmm\.txt' "$T/plainurl.conf"

# The defaults of Signer and SignerIssuer are the real list's.
publish "$V3WL" "$V3EX"
grep -v '^Signer' "$T/mirror.conf" >"$T/defsigner.conf"
fails "default Signer (CN=alb.mssante.fr) against the test signer" 3 \
    'not by the configured Signer "CN=alb\.mssante\.fr,OU=347976684200724,O=CAPGEMINI TECHNOLOGY SERVICES,ST=Hauts-de-Seine \(92\),C=FR"' \
    "$T/defsigner.conf"
grep -v '^SignerIssuer' "$T/mirror.conf" >"$T/defissuer.conf"
fails "default SignerIssuer against the test CA" 3 \
    'not by the configured SignerIssuer "CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,OU=0002 187512751,O=ASIP-SANTE,C=FR"' \
    "$T/defissuer.conf"

publish "$V3WL" "$V3EX"
# -o: the lock is flock's own, released when it is killed
flock -o "$T/state/lock" sleep 5 &
_locker=$!
sleep 0.5
fails "a second run while one holds the lock" 7 'another mssante-mirror update is running'
kill $_locker 2>/dev/null
wait $_locker 2>/dev/null

t_check "no refused list reached the TLS policy" cmp -s "$T/tls_policy" "$T/tls_policy.good"

# 5. The good v3 after all these failures: downloaded again and loaded.
update
t_check "good files after the failures: exit 0 ($(head -c 300 "$T/err"))" test "$st" = 0
t_check "v3 is loaded" test "$(slapd_count '(mail=v3@medecin.mssante.fr)')" = 1
t_check "the state keeps the loaded files" test -f "$T/state/current/Extraction_Correspondance_MSSante_202611220300.txt"
t_check "no other extraction kept" test "$(ls "$T/state/current" | grep -c '^Extraction_')" = 1
t_check "nothing left in the download area" test -z "$(ls "$T/state/new")"
# A mirror loaded before the name's time was read as French time holds it
# as written, an hour later here: loading the same extraction again is no
# rollback, and stores the UTC time.
printf 'dn: cn=metadata,o=mssante\nchangetype: modify\nreplace: mssExtractionGenerated\nmssExtractionGenerated: 20261122030000Z\n' \
    >"$T/oldtime.ldif"
slapd_modify "$T/oldtime.ldif" >/dev/null
mirror_run update --config "$T/mirror.conf" --force
t_check "the same extraction, its time stored as written by an earlier version: loaded again (exit 0, $(head -c 200 "$T/err"))" \
    test $? = 0
t_check "... and its time stored as UTC" test "$(slapd_search '(cn=metadata)' mssExtractionGenerated | grep -c '^mssExtractionGenerated: 20261122020000Z$')" = 1

# fetch: download and verify only.
publish "$T/v2/signed.xml" "$T/v2/Extraction_Correspondance_MSSante_202611210300.txt"
snapshot "$T/before-fetch"
mirror_run fetch --config "$T/mirror.conf"
t_check "fetch verifies and loads nothing: exit 0" test $? = 0
t_grep "fetch says which files" '^whitelist: .*/new/whitelist.xml$' "$T/out"
snapshot "$T/after-fetch"
t_check "fetch changed nothing in the directory" cmp -s "$T/before-fetch" "$T/after-fetch"
t_check "fetch with stderr in a file: no progress line" \
    test "$(sed $'s/\r$//' "$T/err" | grep -Ec $'\r| B/s|ETA')" = 0
# On a terminal (script(1)) the downloads show their progress, from a
# server slow enough for lines before the end; stdout and status unchanged.
cp "$T/out" "$T/fetch.plain"
echo throttle >"$T/www/.mode"
script -qfec "$MIRROR fetch --config $T/mirror.conf >$T/fetch.out" /dev/null </dev/null >"$T/fetch.tty"
t_check "fetch on a terminal: exit 0" test $? = 0
echo normal >"$T/www/.mode"
t_check "fetch on a terminal: the same stdout" cmp -s "$T/fetch.plain" "$T/fetch.out"
t_grep "fetch on a terminal: bytes of the Content-Length, rate, percentage, ETA" \
    $'extraction: [0-9.]+ k?B of [0-9.]+ k?B, [0-9.]+ k?B/s, [0-9]+%, ETA [0-9]+:[0-9]{2}\r' "$T/fetch.tty"
t_grep "fetch on a terminal: each download's summary" \
    $'whitelist: [0-9.]+ k?B in [0-9]+:[0-9]{2}, [0-9.]+ k?B/s *\r$' "$T/fetch.tty"
publish "$V3WL" "$V3EX"

# Freshness: the load times are kept while the same file is loaded again.
slapd_search '(cn=metadata)' mssWhitelistLoaded mssExtractionLoaded mssLastSync >"$T/m1"
t_grep "metadata: when the whitelist was loaded" '^mssWhitelistLoaded: [0-9]{14}Z$' "$T/m1"
t_grep "metadata: when the extraction was loaded" '^mssExtractionLoaded: [0-9]{14}Z$' "$T/m1"
sleep 1.1
mirror_run update --config "$T/mirror.conf" --force
slapd_search '(cn=metadata)' mssWhitelistLoaded mssExtractionLoaded mssLastSync >"$T/m2"
t_check "the same files again: load times kept" \
    test "$(grep Loaded "$T/m1")" = "$(grep Loaded "$T/m2")"
t_check "the same files again: last sync moves" \
    test "$(grep LastSync "$T/m1")" != "$(grep LastSync "$T/m2")"

# status: ages against WarningAge and CriticalAge (Nagios exit statuses).
mirror_run status --config "$T/mirror.conf"
t_check "status with lists dated 2026-11-22: CRITICAL (2)" test $? = 2
t_grep "status: one summary line with performance data" \
    '^MIRROR CRITICAL - whitelist age [0-9.]+ h, 12 domains; extraction age [0-9.]+ h, 50 mailboxes \| whitelist_age=[0-9]+s;172800;259200 ' "$T/out"
t_grep "status: the load time" '^whitelist loaded: [0-9]{14}Z$' "$T/out"
_now=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
# The extraction is named in French time, as the ANS does.
_nowx=$(TZ=$PARIS_TZ date -d '-1 hour' +%Y%m%d%H%M)
version 4 "$_now" "$_nowx"
publish "$T/v4/signed.xml" "$T/v4/Extraction_Correspondance_MSSante_$_nowx.txt"
update
t_check "files of the last hour loaded" test "$st" = 0
t_check "the extraction's French time stored as UTC" \
    test "$(slapd_search '(cn=metadata)' mssExtractionGenerated | sed -n 's/^mssExtractionGenerated: //p')" \
    = "$(date -u -d "@$(TZ=$PARIS_TZ date -d "${_nowx:0:4}-${_nowx:4:2}-${_nowx:6:2} ${_nowx:8:2}:${_nowx:10:2}" +%s)" +%Y%m%d%H%M%SZ)"
mirror_run status --config "$T/mirror.conf"
t_check "status, files an hour old: OK (0)" test $? = 0
t_grep "status: OK line, both files an hour old" '^MIRROR OK - whitelist age 1\.[0-9] h, [0-9]+ domains; extraction age 1\.[0-9] h' "$T/out"
conf "$T/warn.conf" "WarningAge 30m"
mirror_run status --config "$T/warn.conf"
t_check "status past WarningAge: WARNING (1)" test $? = 1
conf "$T/crit.conf" "WarningAge 10m" "CriticalAge 30m"
mirror_run status --config "$T/crit.conf"
t_check "status past CriticalAge: CRITICAL (2)" test $? = 2
URL_BASE=x conf "$T/noldap.conf" "LDAPURI ldap://127.0.0.1:$DOWN_PORT/"
mirror_run status --config "$T/noldap.conf"
t_check "status, directory down: UNKNOWN (3)" test $? = 3
t_grep "status: UNKNOWN line" '^MIRROR UNKNOWN - cannot read' "$T/out"
# A fresh list: no warning, and TrustMaxAgeAction tempfail lets mail through.
MTL_WAIT_SNAPSHOT=1 mtl_start fresh "$T/stale.conf" || { t_fail "the milter starts"; t_done; }
mtl_miltertest mirror-update.lua "unix:$sock" part=after
t_check "a fresh list: no TrustMaxAge warning" test "$(grep -c 'older than TrustMaxAge' "$T/fresh.log")" = 0
mtl_stop "$MTL_PID"

# data.gouv.fr's copy: the plain text file, at a URL ending in its name.
_nowx5=$(TZ=$PARIS_TZ date +%Y%m%d%H%M)
version 5 "$_now" "$_nowx5"
X5=Extraction_Correspondance_MSSante_$_nowx5.txt
cp "$T/v5/$X5" "$T/www/$X5"
conf "$T/plain.conf" "ExtractionURL https://127.0.0.1:$GOOD_PORT/$X5"
update "$T/plain.conf"
t_check "plain text extraction (data.gouv.fr): exit 0 ($(head -c 300 "$T/err"))" test "$st" = 0
t_check "plain text extraction: the list unchanged (304), the file downloaded (200)" \
    test "$(tail -n 2 "$T/www/.log" | tr '\n' ' ')" = "GET /listeblanchemssante.xml 304 GET /$X5 200 "
t_check "plain text extraction: its mailboxes loaded" test "$(slapd_count '(mail=v5@medecin.mssante.fr)')" = 1
t_check "plain text extraction: its name in cn=metadata" \
    test "$(slapd_search '(cn=metadata)' mssExtractionFile | sed -n 's/^mssExtractionFile: //p')" = "$X5"
t_check "plain text extraction: kept as the loaded file" test -f "$T/state/current/$X5"

# The example mirror.conf: every key of mssante-mirror(8), commented out
# with its default; uncommented, it parses (status then fails to reach its
# default ldapi:/// server here, UNKNOWN, rather than a configuration error).
missing=
for k in $(sed -n 's/^\.B \([A-Z][A-Za-z]*\)$/\1/p' "$top_srcdir/ldap-schema/mssante-mirror.8" | sort -u); do
    grep -q "^#$k " "$top_srcdir/contrib/mirror.conf" || missing="$missing $k"
done
t_check "contrib/mirror.conf lists every key${missing:+ (missing:$missing)}" test -z "$missing"
sed -n 's/^#\([A-Z][A-Za-z]* \)/\1/p' "$top_srcdir/contrib/mirror.conf" \
    | sed "s#^LDAPURI .*#LDAPURI ldap://127.0.0.1:$DOWN_PORT/#" >"$T/example.conf"
mirror_run status --config "$T/example.conf"
t_check "contrib/mirror.conf uncommented parses" test $? = 3
t_check "(a connection failure, not a configuration error)" grep -q '^MIRROR UNKNOWN - cannot read' "$T/out"

# config: the settings update uses, the defaults included. With an empty
# file, every default of mssante-mirror(8) and of contrib/mirror.conf.
: >"$T/empty.conf"
mirror_run config --config "$T/empty.conf"
t_check "config: exit 0" test $? = 0
t_grep "config: the default Signer, the real list's" \
    '^Signer CN=alb\.mssante\.fr,OU=347976684200724,O=CAPGEMINI TECHNOLOGY SERVICES,ST=Hauts-de-Seine \(92\),C=FR$' "$T/out"
t_grep "config: the default SignerIssuer, the production IGC-Sante intermediate" \
    '^SignerIssuer CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,OU=0002 187512751,O=ASIP-SANTE,C=FR$' "$T/out"
t_grep "config: the default WhitelistURL" \
    '^WhitelistURL https://espacedeconfiance\.mssante\.fr/listeblanchemssante\.xml$' "$T/out"
t_grep "config: the default ExtractionURL" \
    '^ExtractionURL https://service\.annuaire\.sante\.fr/annuaire-sante-webservices/V300/services/extraction/Extraction_Correspondance_MSSante$' "$T/out"
t_grep "config: an unset key is a comment" '^#BindDN \(unset\)$' "$T/out"
cp "$T/out" "$T/defaults"
# Every "(default \fBVALUE\fR)" of the man page is what config prints.
bad=
while IFS='|' read -r k v; do
    grep -qxF "$k $v" "$T/defaults" || bad="$bad $k"
done < <(awk '/^\.B [A-Z][A-Za-z]*$/ { k = $2; next }
    k != "" && /^\(default \\fB.*\\fR\)/ { v = $0; sub(/^\(default \\fB/, "", v); sub(/\\fR\).*/, "", v)
        gsub(/\\-/, "-", v); print k "|" v }
    { k = "" }' "$top_srcdir/ldap-schema/mssante-mirror.8")
t_check "config: the defaults of mssante-mirror(8)${bad:+ (differ:$bad)}" test -z "$bad"
t_check "(the man page gives a default for each key that has one)" \
    test "$(grep -c '^(default \\fB' "$top_srcdir/ldap-schema/mssante-mirror.8")" = "$(grep -vc '^#' "$T/defaults")"
# Every key contrib/mirror.conf shows with its default has that value.
bad=
while read -r k v; do
    grep -q "^#$k (unset)\$" "$T/defaults" && continue
    grep -qxF "$k $v" "$T/defaults" || bad="$bad $k"
done < <(sed -n 's/^#\([A-Z][A-Za-z]*\) /\1 /p' "$top_srcdir/contrib/mirror.conf")
t_check "config: the defaults of contrib/mirror.conf${bad:+ (differ:$bad)}" test -z "$bad"
# The test's file: its values, and the output reads back the same.
mirror_run config --config "$T/mirror.conf"
t_grep "config: the file's Signer" "^Signer $SIGNER\$" "$T/out"
t_grep "config: the file's durations" '^ConnectTimeout 2s$' "$T/out"
t_grep "config: a default beside them" '^MaxDownloadSize 512M$' "$T/out"
sed 1d "$T/out" >"$T/printed.conf"
mirror_run config --config "$T/printed.conf"
t_check "config: its output, read back, gives the same settings" cmp -s <(sed 1d "$T/out") "$T/printed.conf"
mirror_run config --config "$T/nonexistent.conf"
t_check "config: a missing file: exit 2" test $? = 2

# The systemd units pass systemd-analyze verify (ExecStart pointed at the build).
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir -p "$T/units"
    sed "s#/usr/sbin/mssante-mirror#$MIRROR#" "$top_srcdir/contrib/systemd/mssante-mirror-update.service" \
        >"$T/units/mssante-mirror-update.service"
    cp "$top_srcdir/contrib/systemd/mssante-mirror-update.timer" "$T/units/"
    t_check "the service and timer pass systemd-analyze verify" \
        systemd-analyze verify --man=no "$T/units/mssante-mirror-update.service" \
        "$T/units/mssante-mirror-update.timer"
    t_grep "the service runs update with the packaged configuration" \
        '^ExecStart=/usr/sbin/mssante-mirror update --config /etc/mssante-milter/mirror.conf$' \
        "$top_srcdir/contrib/systemd/mssante-mirror-update.service"
fi

# Configuration errors: exit 2.
printf 'Bogus yes\n' >"$T/bad.conf"
mirror_run update --config "$T/bad.conf"
t_check "unknown key: exit 2" test $? = 2
t_grep "unknown key: file and line" 'bad.conf:1: Bogus: unknown key' "$T/err"

t_done
