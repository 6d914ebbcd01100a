#!/bin/bash
# postfix-rules.sh - the rules as the sources state them (doc/rules.md),
# through a real Postfix and mssante-milter against a real slapd:
# an INS of a patient born in Corsica before 1976 (department 20) is
# accepted and department 00 refused; a message to a patient with
# X-MSS-INS: N, or whose XDM metadata names no INS, is refused 550 5.7.1
# doc.ins_unqualified with advice, and X-MSS-INS: N between professionals
# is delivered; a document without a category, or with a code outside
# JDV_J07, is refused towards a patient and only warned about between
# professionals; PatientDocumentRules relaxes it; NilRequired holds a
# person's sender to X-MSS-NIL; the TRE_A03 label reaches
# X-MSSante-Category (class_display=) and an unknown class is warned
# (doc.class_unknown); the default PatientMaxSize is 25,000,000 bytes.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/docs-milter-lib.sh"

t_init postfix-rules
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd zip base64
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

CLASSES=$T/a03.tsv
cp "$top_srcdir/milter/docs/data/tre-a03-classcode.tsv" "$CLASSES"
CONF_LINES=("ClassTable $CLASSES" "DocumentSpool $T" "NilRequired logiciel@medecin.mssante.fr")
mss_stack enforce "${CONF_LINES[@]}" || { t_fail "stack starts"; t_done; }
t_ok "slapd, mssante-milter, Postfix and smtp-sink started"
LOG=$T/milter.log
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
PAT=$DOCS_INS@patient.mssante.fr
docs_xdm "$T/xdm.zip" || t_fail "archive built"
docs_xdm "$T/ipp.zip" IPP0012345 || t_fail "archive with a local patient id built"
sent=0

# headers FROM TO TAG [more]: a conformant set of headers
headers() {
    printf '%s\n' "From: <$1>" "To: <$2>" "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean $3" \
        "Message-ID: <$3.$$@test.example>"
    shift 3
    printf '%s\n' "$@"
}
# send N FROM TO MSGFILE: swaks, its status in $rc
send() {
    pf_swaks "$PF" "$T/sw$1" --from "$2" --to "$3" --data "$4"; rc=$?
}
delivered() {			# TAG: wait for a delivered message (in $(...):
    sink_await "$SINK_DIR" "DUPONT Jean $1"	# the caller counts it)
}

# 1. Corsica before 1976: department 20 with its key on the digits as
# written; 00 is no department; 2A's key on a 20 number is wrong.
for ins in 165062000401269 245012012304532 155052011300197; do
    printf '%s\n' "From: <$PRO>" "To: <$ins@patient.mssante.fr>" "Subject: corse $ins" "" "Bonjour." >"$T/c$ins"
    send "c$ins" "$PRO" "$ins@patient.mssante.fr" "$T/c$ins"
    t_check "INS $ins (born in Corsica before 1976): accepted" [ "$rc" = 0 ]
    sent=$((sent + 1))
    t_check "INS $ins: delivered" [ -n "$(sink_await "$SINK_DIR" "corse $ins")" ]
done
send c00 "$PRO" 165060000401200@patient.mssante.fr "$T/c165062000401269"
t_grep "department 00: 550 5.1.3 ins.place" '^550 5\.1\.3 .*departement 00, .*\[regle ins\.place\]' \
    <(sw_reply "$T/swc00" "RCPT TO")
send c2a "$PRO" 165062A00401269@patient.mssante.fr "$T/c165062000401269"
t_grep "2A with the key of 20: 550 5.1.3 ins.key" '^550 5\.1\.3 .*\[regle ins\.key\]' \
    <(sw_reply "$T/swc2a" "RCPT TO")

# 2. X-MSS-INS: N to a patient: refused, the reply says what to do.
mapfile -t H < <(headers "$PRO" "$PAT" t2 "X-MSS-CODECDA: 11488-4" "X-MSS-INS: N")
docs_msg "$T/m2" "$T/xdm.zip" "${H[@]}"
send 2 "$PRO" "$PAT" "$T/m2"
t_check "X-MSS-INS: N to a patient: refused" [ "$rc" != 0 ]
sw_reply "$T/sw2" . >"$T/r2"
t_grep "X-MSS-INS: N: 550 5.7.1 doc.ins_unqualified, INSi advice" \
    "^550 5\.7\.1 Message refuse: l'identite du patient $PAT n'est pas qualifiee \(en-tete X-MSS-INS: N, .*Qualifiez l'identite avec le teleservice INSi.*\[regle doc\.ins_unqualified\]" "$T/r2"
t_check "X-MSS-INS: N: nothing delivered" [ -z "$(sink_find "$SINK_DIR" 'DUPONT Jean t2')" ]
# The same between professionals: N is a valid value.
mapfile -t H < <(headers "$PRO" "$ORG" t2b "X-MSS-CODECDA: 11488-4" "X-MSS-INS: N")
docs_msg "$T/m2b" "$T/xdm.zip" "${H[@]}"
send 2b "$PRO" "$ORG" "$T/m2b"
t_check "X-MSS-INS: N between professionals: accepted" [ "$rc" = 0 ]
sent=$((sent + 1)); m=$(delivered t2b)
t_check "X-MSS-INS: N between professionals: no rule header" \
    [ -z "$(docs_headers "${m:-/dev/null}" X-MSSante-Document-Rule)" ]
# XDM metadata whose patient id is not an INS, to a patient.
mapfile -t H < <(headers "$PRO" "$PAT" t2c "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O")
docs_msg "$T/m2c" "$T/ipp.zip" "${H[@]}"
send 2c "$PRO" "$PAT" "$T/m2c"
t_grep "metadata without an INS to a patient: 550 5.7.1 doc.ins_unqualified" \
    "^550 5\.7\.1 .*l'identifiant patient des metadonnees XDM n'est pas un INS.*\[regle doc\.ins_unqualified\]" \
    <(sw_reply "$T/sw2c" .)

# 3. Category: an attachment without one, a code outside JDV_J07.
docs_pdf "$T/m3" "$PRO" "$PAT" t3
send 3 "$PRO" "$PAT" "$T/m3"
t_grep "document without a category to a patient: 550 5.6.0 doc.category_missing" \
    "^550 5\.6\.0 Message refuse: document sans categorie pour le patient $PAT .*\[regle doc\.category_missing\]" \
    <(sw_reply "$T/sw3" .)
mapfile -t H < <(headers "$PRO" "$PAT" t3b "X-MSS-CODECDA: 99999-9" "X-MSS-INS: O")
docs_msg "$T/m3b" "$T/xdm.zip" "${H[@]}"
send 3b "$PRO" "$PAT" "$T/m3b"
t_grep "code outside JDV_J07 to a patient: 550 5.6.0 doc.category_unknown with the code" \
    "^550 5\.6\.0 Message de <$PRO> refuse: type de document absent de la liste nationale JDV_J07 \(code\(s\) 99999-9\).*\[regle doc\.category_unknown\]" \
    <(sw_reply "$T/sw3b" .)
mapfile -t H < <(headers "$PRO" "$ORG" t3c "X-MSS-CODECDA: 99999-9" "X-MSS-INS: O")
docs_msg "$T/m3c" "$T/xdm.zip" "${H[@]}"
send 3c "$PRO" "$ORG" "$T/m3c"
t_check "code outside JDV_J07 between professionals: accepted" [ "$rc" = 0 ]
sent=$((sent + 1)); m=$(delivered t3c)
t_grep "between professionals: doc.category_unknown warned" '^rule=doc\.category_unknown; action=warn; detail="code\(s\) 99999-9"' \
    <(docs_headers "${m:-/dev/null}" X-MSSante-Document-Rule)

# 4. The class label, and an unknown class, and NilRequired.
mapfile -t H < <(headers "$PRO" "$ORG" t4 "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O")
docs_msg "$T/m4" "$T/xdm.zip" "${H[@]}"
send 4 "$PRO" "$ORG" "$T/m4"
sent=$((sent + 1)); m=$(delivered t4)
t_grep "X-MSSante-Category carries the TRE_A03 label" \
    '^code=11488-4; .*; class=10; class_display="Compte rendu"; source=header$' \
    <(docs_headers "${m:-/dev/null}" X-MSSante-Category)
SOFT=logiciel@medecin.mssante.fr
mapfile -t H < <(headers "$SOFT" "$ORG" t4b "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O")
docs_msg "$T/m4b" "$T/xdm.zip" "${H[@]}"
send 4b "$SOFT" "$ORG" "$T/m4b"
t_check "NilRequired sender without X-MSS-NIL: delivered (warn)" [ "$rc" = 0 ]
sent=$((sent + 1)); m=$(delivered t4b)
t_grep "NilRequired sender without X-MSS-NIL: doc.x_mss_nil warned" '^rule=doc\.x_mss_nil; action=warn; detail="en-tete absent"' \
    <(docs_headers "${m:-/dev/null}" X-MSSante-Document-Rule)

# 5. Reload: a class table without 10, PatientDocumentRules relaxing
# doc.category_unknown, NilRequired rejecting.
grep -v '^10	' "$top_srcdir/milter/docs/data/tre-a03-classcode.tsv" >"$CLASSES"
mss_config "$MSS_CONF" "local:$T/milter.sock" enforce "${CONF_LINES[@]}" \
    "PatientDocumentRules doc.category_unknown=warn" "DocumentRules doc.x_mss_nil=reject"
mss_reload; sleep 0.5
t_grep "reload: the new class table is read" "class table $CLASSES: [0-9]+ entries" "$LOG"
send 5 "$PRO" "$PAT" "$T/m3b"
t_check "PatientDocumentRules doc.category_unknown=warn: accepted" [ "$rc" = 0 ]
sent=$((sent + 1))
m=$(sink_await "$SINK_DIR" "DUPONT Jean t3b")
t_grep "unknown class: doc.class_unknown warned" '^rule=doc\.class_unknown; action=warn; detail="classe\(s\) 10"' \
    <(docs_headers "${m:-/dev/null}" X-MSSante-Document-Rule)
send 5b "$SOFT" "$ORG" "$T/m4b"
t_grep "NilRequired with doc.x_mss_nil=reject: 550 5.6.0, a reply for any software" \
    "^550 5\.6\.0 Message de <$SOFT> refuse: X-MSS-NIL \(en-tete absent\)\. Le logiciel expediteur doit indiquer sa reference" \
    <(sw_reply "$T/sw5b" .)

# 6. PatientMaxSize defaults to 25,000,000 bytes: SIZE= one byte over
# is refused at RCPT, the limit itself is not (a plain SMTP dialogue:
# swaks cannot add SIZE= to MAIL FROM).
size_rcpt() {			# SIZE: the reply to RCPT TO after MAIL SIZE=
    python3 - "$(pf_port "$PF")" "$PRO" "$PAT" "$1" <<'PY'
import socket, sys
port, frm, to, size = sys.argv[1:]
s = socket.create_connection(("127.0.0.1", int(port)), 10)
f = s.makefile("rb")
def reply():
    lines = []
    while True:
        l = f.readline().decode("ascii", "replace").rstrip("\r\n")
        lines.append(l)
        if len(l) < 4 or l[3] != "-":
            return lines
def cmd(c):
    s.sendall((c + "\r\n").encode())
    return reply()
reply()
cmd("EHLO size.test.example")
cmd("MAIL FROM:<%s> SIZE=%s" % (frm, size))
print(" ".join(cmd("RCPT TO:<%s>" % to)))
cmd("QUIT")
PY
}
# Postfix's own limit (10 MB by default) must not answer first.
pf_conf "$PF" message_size_limit=60000000; pf_reload "$PF"; sleep 1
t_grep "SIZE=25000001 to a patient: 552 5.3.4 size.patient" '^552[ -]5\.3\.4 .*\[regle size\.patient\]' \
    <(size_rcpt 25000001)
t_grep "SIZE=25000000 to a patient: accepted" '^250 ' <(size_rcpt 25000000)

t_check "queue empty" pf_wait_queue_empty "$PF" 10
t_check "$sent messages delivered in all" [ "$(sink_count "$SINK_DIR")" = "$sent" ]
t_check "milter log clean" mss_log_clean
t_check "no full INS in the milter log" sh -c "! grep -qE '165062000401269|$DOCS_INS' '$LOG'"
t_done
