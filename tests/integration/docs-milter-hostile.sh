#!/bin/bash
# docs-milter-hostile.sh - hostile and broken IHE_XDM archives through a real
# Postfix and mssante-milter (archives built by the test with zip(1)):
# a zip bomb and an XML bomb (billion laughs) are refused 552 5.3.4
# (doc.xdm_unsafe); an archive over the 32 MB archive limit is refused the
# same way without being decompressed; a file that is not a zip, a
# truncated zip and an encrypted one are delivered with a warning
# (doc.xdm_invalid); a zip nested in the archive is counted, never opened;
# a message over DocumentMaxSize, or too complex to parse, is not analysed
# (doc.unanalysed): delivered with a warning to a professional, refused
# 552 5.3.4 to a patient (the patient check could not be made); the
# milter's memory stays bounded and no spool file is left behind.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/docs-milter-lib.sh"

t_init docs-milter-hostile
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd zip base64
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

mkdir -p "$T/spool"
mss_stack enforce "InternalHosts 127.0.0.1/32" \
    "CategoryTable $top_srcdir/milter/docs/data/jdv-j07-typecode.tsv" \
    "DocumentSpool $T/spool" "DocumentMaxSize 48M" || { t_fail "stack starts"; t_done; }
pf_conf "$PF" "message_size_limit = 60000000"
pf_reload "$PF"; sleep 0.3
LOG=$T/milter.log
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
PAT=$DOCS_INS@patient.mssante.fr
sent=0

# send NAME ZIP TO - a conformant-looking message with ZIP as IHE_XDM.zip
send() {
    docs_msg "$T/m-$1" "$2" "From: <$PRO>" "To: <$3>" "Subject: XDM/1.0/DDM+CR DUPONT $1" \
        "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O"
    pf_swaks "$PF" "$T/sw-$1" --from "$PRO" --to "$3" --data "$T/m-$1"
}
# delivered NAME - the dump of a delivered test message
delivered() { sink_find "$SINK_DIR" "DDM\+CR DUPONT $1\$"; }
# refused NAME CODE RULE - the end-of-data reply
refused() {
    sw_reply "$T/sw-$1" . >"$T/r-$1"
    t_grep "$1: refused $2 [regle $3]" "^${2//./\\.} .*\[regle ${3//./\\.}\]" "$T/r-$1"
}
# warned NAME RULE [DETAIL] - delivered, with the rule header
warned() {
    sink_wait "$SINK_DIR" $((sent += 1)) 20
    _m=$(delivered "$1")
    t_check "$1: delivered" [ -n "$_m" ]
    t_grep "$1: warned $2" "^rule=${2//./\\.}; action=warn; detail=\"${3:-}" \
        <(docs_headers "${_m:-/dev/null}" X-MSSante-Document-Rule)
}

# 1. Bombs: 2 MB of zeros (ratio > 100), billion laughs.
head -c 2000000 /dev/zero >"$T/zero.pdf"
docs_zip "$T/zipbomb.zip" "$DOCS_DATA/metadata-pdf.xml=IHE_XDM/SUBSET01/METADATA.XML" \
    "$T/zero.pdf=IHE_XDM/SUBSET01/BIO0001.PDF"
send zipbomb "$T/zipbomb.zip" "$ORG"
t_check "zip bomb: refused" [ $? != 0 ]
refused zipbomb "552 5.3.4" doc.xdm_unsafe
t_grep "zip bomb: the reply says why, in French" "archive IHE_XDM refusee \(" "$T/r-zipbomb"
docs_zip "$T/xmlbomb.zip" "$DOCS_DATA/bomb-laughs.xml=IHE_XDM/SUBSET01/METADATA.XML"
send xmlbomb "$T/xmlbomb.zip" "$ORG"
t_check "XML bomb: refused" [ $? != 0 ]
refused xmlbomb "552 5.3.4" doc.xdm_unsafe

# 2. An archive of 33 MB (over the 32 MB archive limit): refused unread.
head -c 34603008 /dev/urandom >"$T/big.pdf"
docs_zip "$T/big.zip" "$DOCS_DATA/metadata-pdf.xml=IHE_XDM/SUBSET01/METADATA.XML" \
    "$T/big.pdf=IHE_XDM/SUBSET01/BIO0001.PDF"
rm -f "$T/big.pdf"
send big "$T/big.zip" "$ORG"
t_check "33 MB archive: refused" [ $? != 0 ]
refused big "552 5.3.4" doc.xdm_unsafe
rm -f "$T/big.zip" "$T/m-big"

# 3. Broken archives: not a zip, truncated, encrypted: warned, delivered.
head -c 3000 /dev/urandom >"$T/notzip.zip"
send notzip "$T/notzip.zip" "$ORG"
t_check "not a zip: accepted" [ $? = 0 ]
warned notzip doc.xdm_invalid "ce n'est pas une archive zip"
docs_xdm "$T/good.zip"
head -c "$(( $(stat -c %s "$T/good.zip") / 2 ))" "$T/good.zip" >"$T/trunc.zip"
send trunc "$T/trunc.zip" "$ORG"
t_check "truncated zip: accepted" [ $? = 0 ]
warned trunc doc.xdm_invalid
(cd "$T" && rm -rf enc && mkdir -p enc/IHE_XDM/SUBSET01 \
    && cp "$DOCS_DATA/metadata-cda.xml" enc/IHE_XDM/SUBSET01/METADATA.XML \
    && cd enc && zip -q -P secret -r ../enc.zip IHE_XDM)
send enc "$T/enc.zip" "$ORG"
t_check "encrypted zip: accepted" [ $? = 0 ]
warned enc doc.xdm_invalid "archive zip chiffree"

# 4. A zip inside the archive: counted, never opened; the outer documents
# are read as usual.
docs_zip "$T/nested.zip" "$DOCS_DATA/metadata-cda.xml=IHE_XDM/SUBSET01/METADATA.XML" \
    "$DOCS_DATA/cda.xml=IHE_XDM/SUBSET01/DOC0001.XML" "$T/zipbomb.zip=IHE_XDM/SUBSET01/INNER.ZIP"
send nested "$T/nested.zip" "$ORG"
t_check "nested zip: accepted" [ $? = 0 ]
sink_wait "$SINK_DIR" $((sent += 1)) 20
m=$(delivered nested)
t_grep "nested zip: the outer document is categorised" "^code=11488-4; .*class=10; source=header$" \
    <(docs_headers "${m:-/dev/null}" X-MSSante-Category)
t_grep "nested zip: no rule broken (the inner bomb is never opened)" "doc=pass; result=accept$" \
    <(mss_policy "${m:-/dev/null}")

# 5. Not analysed: over DocumentMaxSize (reload with 256k), or a MIME
# structure too complex to parse.
mss_config "$MSS_CONF" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32" \
    "CategoryTable $top_srcdir/milter/docs/data/jdv-j07-typecode.tsv" \
    "DocumentSpool $T/spool" "DocumentMaxSize 256k"
mss_reload; sleep 0.5
head -c 400000 /dev/urandom >"$T/mid.pdf"
docs_zip "$T/mid.zip" "$DOCS_DATA/metadata-cda.xml=IHE_XDM/SUBSET01/METADATA.XML" \
    "$DOCS_DATA/cda.xml=IHE_XDM/SUBSET01/DOC0001.XML" "$T/mid.pdf=IHE_XDM/SUBSET01/ANNEXE.PDF"
send large "$T/mid.zip" "$ORG"
t_check "over DocumentMaxSize, to a professional: accepted" [ $? = 0 ]
warned large doc.unanalysed "message de plus de 262144 octets"
send largepat "$T/mid.zip" "$PAT"
t_check "over DocumentMaxSize, to a patient: refused" [ $? != 0 ]
refused largepat "552 5.3.4" doc.unanalysed
t_grep "over DocumentMaxSize, to a patient: the reply names the patient" \
    "Message pour $PAT refuse: trop volumineux ou trop complexe" "$T/r-largepat"
{
    printf '%s\n' "From: <$PRO>" "To: <$ORG>" "Subject: XDM/1.0/DDM+CR DUPONT complex" \
        "MIME-Version: 1.0" 'Content-Type: multipart/mixed; boundary="b"' ""
    for i in $(seq 1 21000); do echo "--b"; done
    echo "--b--"
} >"$T/m-complex"
pf_swaks "$PF" "$T/sw-complex" --from "$PRO" --to "$ORG" --data "$T/m-complex"
t_check "too complex, to a professional: accepted" [ $? = 0 ]
warned complex doc.unanalysed "structure MIME trop complexe"

t_check "queue empty" pf_wait_queue_empty "$PF" 10
t_check "$sent messages delivered in all" [ "$(sink_count "$SINK_DIR")" = "$sent" ]
t_check "milter still running" kill -0 "$MSS_PID"
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$MSS_PID/status")
t_check "milter peak memory under 128 MB after a 46 MB message (VmHWM ${hwm} kB)" \
    [ "${hwm:-999999}" -lt 131072 ]
t_check "no spool file left behind" [ -z "$(ls -A "$T/spool")" ]
t_check "no milter error in the log" sh -c "! grep -iE 'fatal|panic|error:' '$LOG'"
t_done
