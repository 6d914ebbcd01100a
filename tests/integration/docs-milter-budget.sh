#!/bin/bash
# docs-milter-budget.sh - what the IHE_XDM archives of one message may cost,
# through a real Postfix and mssante-milter: a message of 12 valid archives
# (DocumentMaxArchives 10) and one whose archives hold more entries than
# DocumentMaxEntries are refused 552 5.3.4 (doc.xdm_unsafe, "analyse trop
# couteuse") within seconds; a 100 KB archive of many 900 KB entries that
# inflate 900 times (under the old 1 MB ratio threshold, read whole) is
# refused as a zip bomb; with DocumentTimeLimit 1ms (after a reload) a
# message whose archives take longer is tempfailed 451 4.3.0 (internal.error,
# "analyse des documents interrompue: delai depasse"), the work stopped; a
# message of one archive is still delivered and no spool file is left.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/docs-milter-lib.sh"

t_init docs-milter-budget
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd zip base64 python3
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

mkdir -p "$T/spool"
LINES=("InternalHosts 127.0.0.1/32" "CategoryTable $top_srcdir/milter/docs/data/jdv-j07-typecode.tsv"
    "DocumentSpool $T/spool" "DocumentMaxEntries 60")
mss_stack enforce "${LINES[@]}" || { t_fail "stack starts"; t_done; }
LOG=$T/milter.log
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr

# send NAME ZIPS - a conformant-looking message, ZIPS as in docs_msg; the
# time it took in $T/t-NAME (milliseconds)
send() {
    docs_msg "$T/m-$1" "$2" "From: <$PRO>" "To: <$ORG>" "Subject: XDM/1.0/DDM+CR DUPONT $1" \
        "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O"
    _t0=$(date +%s%N)
    pf_swaks "$PF" "$T/sw-$1" --from "$PRO" --to "$ORG" --data "$T/m-$1"
    _st=$?
    echo $((($(date +%s%N) - _t0) / 1000000)) >"$T/t-$1"
    return $_st
}
# reply NAME CODE RULE TEXT - the end-of-data reply
reply() {
    sw_reply "$T/sw-$1" . >"$T/r-$1"
    t_grep "$1: $2 [regle $3]" "^${2//./\\.} .*\[regle ${3//./\\.}\]" "$T/r-$1"
    t_grep "$1: the reply says why, in French" "$4" "$T/r-$1"
}
quick() { t_check "$1: answered within ${2}s ($(cat "$T/t-$1") ms)" \
    [ "$(cat "$T/t-$1")" -le $(($2 * 1000)) ]; }

docs_xdm "$T/good.zip"
# 1. Twelve archives: two over DocumentMaxArchives (10).
zips=$T/good.zip; for i in $(seq 11); do zips=$zips:$T/good.zip; done
send many "$zips"
t_check "12 archives: refused" [ $? != 0 ]
reply many "552 5.3.4" doc.xdm_unsafe "archive IHE_XDM refusee \(analyse trop couteuse: trop d'archives"
quick many 10
t_grep "12 archives: the log says which limit" "more than 10 IHE_XDM archives in the message" "$LOG"

# 2. Entries over DocumentMaxEntries (60) in all: 3 archives of 25 entries.
mkdir -p "$T/e"; specs=("$DOCS_DATA/metadata-cda.xml=IHE_XDM/SUBSET01/METADATA.XML")
for i in $(seq 24); do echo "$i" >"$T/e/$i.txt"; specs+=("$T/e/$i.txt=IHE_XDM/SUBSET01/F$i.TXT"); done
docs_zip "$T/entries.zip" "${specs[@]}"
send entries "$T/entries.zip:$T/entries.zip:$T/entries.zip"
t_check "75 entries in all: refused" [ $? != 0 ]
reply entries "552 5.3.4" doc.xdm_unsafe "analyse trop couteuse"
t_grep "entries: the log says which limit" "more than 60 zip entries" "$LOG"

# 3. The costly archive: 50 entries of 900 KB of blanks, ~1 KB each.
python3 - "$T/costly.zip" "$DOCS_DATA/metadata-cda.xml" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], 'IHE_XDM/SUBSET01/METADATA.XML')
    body = b'<a>' + b' ' * (900 * 1024 - 7) + b'</a>'
    for i in range(50):
        z.writestr('IHE_XDM/SUBSET01/DOC%04d.XML' % i, body)
PY
t_check "the costly archive is small ($(stat -c %s "$T/costly.zip") octets)" \
    [ "$(stat -c %s "$T/costly.zip")" -lt 200000 ]
send costly "$T/costly.zip"
t_check "costly archive: refused" [ $? != 0 ]
reply costly "552 5.3.4" doc.xdm_unsafe "bombe zip"
quick costly 10

# 4. One archive: delivered.
send one "$T/good.zip"
t_check "one archive: accepted" [ $? = 0 ]

# 5. DocumentTimeLimit 1ms, after a reload: three archives of 2 MB (to
# decode and spool) take longer.
n=$(grep -c "configuration [0-9]* loaded" "$LOG")
mss_config "$MSS_CONF" "local:$T/milter.sock" enforce "${LINES[@]}" "DocumentTimeLimit 1ms"
mss_reload
for i in $(seq 50); do [ "$(grep -c "configuration [0-9]* loaded" "$LOG")" -gt "$n" ] && break; sleep 0.1; done
python3 - "$T/slow.zip" "$DOCS_DATA/metadata-cda.xml" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], 'IHE_XDM/SUBSET01/METADATA.XML')
    z.writestr('IHE_XDM/SUBSET01/DOC0001.PDF', os.urandom(2 * 1024 * 1024))
PY
send slow "$T/slow.zip:$T/slow.zip:$T/slow.zip"
t_check "time limit: not accepted" [ $? != 0 ]
reply slow "451 4.3.0" internal.error "analyse des documents interrompue: delai depasse"
t_grep "time limit: the log says where it stopped" "reading the IHE_XDM archives stopped after [0-9]+ ms \(DocumentTimeLimit 1 ms\)" "$LOG"

t_check "no spool file left" [ -z "$(ls -A "$T/spool")" ]
t_check "milter still running" kill -0 "$MSS_PID"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
