#!/bin/bash
# docs-milter.sh - documents through a real Postfix and mssante-milter, with
# IHE_XDM archives built by the test (zip + METADATA.XML + a CDA):
# a conformant message from an applicative (APP) mailbox to the patient the
# metadata names is delivered and tagged (X-MSSante-Category, forged copies
# deleted, doc=pass); an X-MSS-CODECDA that does not match the CDA is
# warned (X-MSSante-Document-Rule, log) from a person's mailbox and
# rejected with AppStrict from an APP mailbox (directory type APP, or
# AppMailboxes); a missing X-MSS-NIL from an APP mailbox is rejected; a
# document about another patient is rejected 550 5.7.1; monitor mode only
# says what it would do; the categories reach the audit record; a reload
# reads a new category table and keeps the old one when the new one is bad.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/docs-milter-lib.sh"

t_init docs-milter
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd zip base64 openssl
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

TABLE=$T/jdv.tsv
cp "$top_srcdir/milter/docs/data/jdv-j07-typecode.tsv" "$TABLE"
umask 077; openssl rand -hex 32 >"$T/audit.key"; umask 022
CONF_LINES=("InternalHosts 127.0.0.1/32" "CategoryTable $TABLE" "AppStrict yes"
    "AppMailboxes dpi@ch-exemple.mssante.fr" "DocumentSpool $T"
    "AuditLog $T/audit.log" "AuditKeyFile $T/audit.key")
mss_stack enforce "${CONF_LINES[@]}" || { t_fail "stack starts"; t_done; }
t_ok "slapd, mssante-milter, Postfix and smtp-sink started"
LOG=$T/milter.log

APP=cr-noreply@ch-exemple.mssante.fr	# APP in the directory
APP2=dpi@ch-exemple.mssante.fr		# APP by AppMailboxes
PRO=jean.exemple@medecin.mssante.fr	# PER
ORG=cardiologie@ch-exemple.mssante.fr
PAT=$DOCS_INS@patient.mssante.fr
PAT_OTHER=$DOCS_INS_OTHER@patient.mssante.fr
docs_app_mailbox "$APP" || t_fail "APP mailbox added to the directory"
docs_xdm "$T/xdm.zip" || t_fail "archive built"
ok_headers() {			# FROM TO SUBJECT-TAG [more headers]
    printf '%s\n' "From: <$1>" "To: <$2>" "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean $3" \
        "Message-ID: <$3.$$@test.example>" "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O" \
        "X-MSS-NIL: DPI-TEST 1.0"
}
sent=0

# 1. Conformant, APP sender, the patient of the metadata: delivered, tagged.
mapfile -t H < <(ok_headers "$APP" "$PAT" t1)
docs_msg "$T/m1" "$T/xdm.zip" "${H[@]}" "X-MSSante-Category: code=FORGED; source=xdm" \
    "X-MSSante-Document-Rule: rule=doc.forged; action=warn"
pf_swaks "$PF" "$T/sw1" --from "$APP" --to "$PAT" --data "$T/m1"
t_check "conformant: accepted" [ $? = 0 ]
sink_wait "$SINK_DIR" $((sent += 1)) 10
m1=$(sink_await "$SINK_DIR" 'DDM\+CR de consultation DUPONT Jean t1')
t_check "conformant: delivered" [ -n "$m1" ]
docs_headers "${m1:-/dev/null}" X-MSSante-Category >"$T/cat1"
t_check "conformant: one X-MSSante-Category" [ "$(wc -l <"$T/cat1")" = 1 ]
t_grep "conformant: code, system, display, class and source" \
    '^code=11488-4; system=2\.16\.840\.1\.113883\.6\.1; display="CR ou fiche de consultation ou de visite"; class=10; source=header$' "$T/cat1"
t_check "conformant: the forged X-MSSante-Category is gone" sh -c "! grep -q FORGED '${m1:-/dev/null}'"
t_check "conformant: the forged X-MSSante-Document-Rule is gone" \
    sh -c "! grep -qi 'X-MSSante-Document-Rule' '${m1:-/dev/null}'"
t_grep "conformant: X-MSSante-Policy says doc=pass" "; doc=pass; result=accept$" <(mss_policy "${m1:-/dev/null}")
t_check "conformant: the policy header is first" \
    sh -c "sed -n '/^X-MSSante-/{p;q}' '${m1:-/dev/null}' | grep -q '^X-MSSante-Policy'"
t_grep "conformant: log line without a rule" "from=<$APP> .* accepted=1 rejected=0 tempfailed=0 action=continue" "$LOG"

# 2. X-MSS-CODECDA not the CDA's code, from a person: warned, delivered.
docs_msg "$T/m2" "$T/xdm.zip" "From: <$PRO>" "To: <$ORG>" \
    "Subject: XDM/1.0/DDM+CR DUPONT Jean t2" "X-MSS-CODECDA: 11502-2" "X-MSS-INS: O"
pf_swaks "$PF" "$T/sw2" --from "$PRO" --to "$ORG" --data "$T/m2"
t_check "codecda mismatch, PER sender: accepted" [ $? = 0 ]
sink_wait "$SINK_DIR" $((sent += 1)) 10
m2=$(sink_await "$SINK_DIR" 'DUPONT Jean t2')
t_check "codecda mismatch: delivered" [ -n "$m2" ]
docs_headers "${m2:-/dev/null}" X-MSSante-Document-Rule >"$T/rule2"
t_grep "codecda mismatch: tagged with the rule, warn and the detail" \
    '^rule=doc\.codecda; action=warn; detail="en-tete 11502-2, codes du CDA 11488-4"$' "$T/rule2"
t_grep "codecda mismatch: the header's code is tagged as the category" \
    '^code=11502-2; .*source=header' <(docs_headers "${m2:-/dev/null}" X-MSSante-Category)
t_grep "codecda mismatch: policy doc=fail, result=accept" "; doc=fail; result=accept$" <(mss_policy "${m2:-/dev/null}")
t_grep "codecda mismatch: log line names the rule" "from=<$PRO> .* \[doc\.codecda\] action=continue" "$LOG"

# 3. The same from an APP mailbox (directory), AppStrict: rejected.
docs_msg "$T/m3" "$T/xdm.zip" "From: <$APP>" "To: <$ORG>" \
    "Subject: XDM/1.0/DDM+CR DUPONT Jean t3" "X-MSS-CODECDA: 11502-2" "X-MSS-INS: O" \
    "X-MSS-NIL: DPI-TEST 1.0"
pf_swaks "$PF" "$T/sw3" --from "$APP" --to "$ORG" --data "$T/m3"
t_check "codecda mismatch, APP sender, AppStrict: refused" [ $? != 0 ]
sw_reply "$T/sw3" . >"$T/r3"
t_grep "AppStrict: 550 5.6.0 naming the sender and the rule" \
    "^550 5\.6\.0 Message de <$APP> refuse: en-tete X-MSS-CODECDA non conforme .*\[regle doc\.codecda\]" "$T/r3"
t_grep "AppStrict: log line" "from=<$APP> .* \[doc\.codecda\] action=reject" "$LOG"

# 4. An APP mailbox of AppMailboxes without X-MSS-NIL: rejected.
mapfile -t H < <(ok_headers "$APP2" "$ORG" t4 | grep -v '^X-MSS-NIL')
docs_msg "$T/m4" "$T/xdm.zip" "${H[@]}"
pf_swaks "$PF" "$T/sw4" --from "$APP2" --to "$ORG" --data "$T/m4"
t_check "AppMailboxes sender without X-MSS-NIL: refused" [ $? != 0 ]
t_grep "no X-MSS-NIL: 550 5.6.0 doc.x_mss_nil" \
    "^550 5\.6\.0 Message de <$APP2> refuse: X-MSS-NIL \(en-tete absent\).*\[regle doc\.x_mss_nil\]" <(sw_reply "$T/sw4" .)
# A person may leave it out: not an APP mailbox, no guess from the name.
mapfile -t H < <(ok_headers noreply@medecin.mssante.fr "$ORG" t4b | grep -v '^X-MSS-NIL')
docs_msg "$T/m4b" "$T/xdm.zip" "${H[@]}"
pf_swaks "$PF" "$T/sw4b" --from noreply@medecin.mssante.fr --to "$ORG" --data "$T/m4b"
t_check "a 'noreply' sender unknown to the directory is not APP: accepted" [ $? = 0 ]
sink_wait "$SINK_DIR" $((sent += 1)) 10

# 5. A document about another patient: 550 5.7.1, nothing delivered.
mapfile -t H < <(ok_headers "$APP" "$PAT_OTHER" t5)
docs_msg "$T/m5" "$T/xdm.zip" "${H[@]}"
pf_swaks "$PF" "$T/sw5" --from "$APP" --to "$PAT_OTHER" --data "$T/m5"
t_check "patient mismatch: refused" [ $? != 0 ]
sw_reply "$T/sw5" . >"$T/r5"
t_grep "patient mismatch: 550 5.7.1 naming the recipient and the rule" \
    "^550 5\.7\.1 Message refuse: le document joint concerne un autre patient que le destinataire $PAT_OTHER .*\[regle doc\.patient_mismatch\]" "$T/r5"
t_check "patient mismatch: reply is US-ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$T/r5'"
t_grep "patient mismatch: log line" "\[doc\.patient_mismatch\] action=reject" "$LOG"
t_check "patient mismatch: the full INS is never logged" \
    sh -c "! grep -qE '$DOCS_INS|$DOCS_INS_OTHER' '$LOG'"
t_check "patient mismatch: nothing delivered" [ -z "$(sink_find "$SINK_DIR" 'DUPONT Jean t5')" ]

# 6. The audit record carries the categories and the pseudonymised patient.
sleep 1.2
t_grep "audit: the conformant message's category" '"type":"11488-4","class":"10"' "$T/audit.log"
t_grep "audit: the patient mismatch is recorded with its rule" '"doc\.patient_mismatch"' "$T/audit.log"
t_check "audit: no INS in clear" sh -c "! grep -qE '$DOCS_INS|$DOCS_INS_OTHER' '$T/audit.log'"

# 7. Reload: a new table without 11488-4 makes the code unknown; a bad
# table keeps the one in force.
grep -v '^11488-4' "$top_srcdir/milter/docs/data/jdv-j07-typecode.tsv" >"$TABLE.new"
mv "$TABLE.new" "$TABLE"
mss_reload; sleep 0.5
t_grep "reload: the new table is read" "category table $TABLE: [0-9]+ entries" "$LOG"
pf_swaks "$PF" "$T/sw7" --from "$PRO" --to "$ORG" --data "$T/m1"
sink_wait "$SINK_DIR" $((sent += 1)) 10
m7=$(ls -t "$SINK_DIR"/msg.* | head -1)
t_grep "new table: the code is tagged unknown" '^code=11488-4; system=2\.16\.840\.1\.113883\.6\.1; class=10; source=header; status=unknown$' \
    <(docs_headers "$m7" X-MSSante-Category)
t_grep "new table: doc.category_unknown warned" '^rule=doc\.category_unknown; action=warn' \
    <(docs_headers "$m7" X-MSSante-Document-Rule)
printf 'not a table line\n' >"$TABLE"
mss_reload; sleep 0.5
t_grep "bad table: refused, the previous one stays" "category table: $TABLE, line 1: .*keeping the previous table" "$LOG"
pf_swaks "$PF" "$T/sw8" --from "$PRO" --to "$ORG" --data "$T/m1"
sink_wait "$SINK_DIR" $((sent += 1)) 10
m8=$(ls -t "$SINK_DIR"/msg.* | head -1)
t_grep "bad table: still the previous table (unknown, not untagged)" 'source=header; status=unknown$' \
    <(docs_headers "$m8" X-MSSante-Category)
printf 'DocumentRules doc.codecda=bounce\n' >>"$MSS_CONF"
mss_reload; sleep 0.5
t_grep "a bad DocumentRules refuses the reload" "reload: .*DocumentRules: bounce: expected off, warn" "$LOG"

# 8. Monitor mode: the patient mismatch is delivered, the policy says so.
cp "$top_srcdir/milter/docs/data/jdv-j07-typecode.tsv" "$TABLE"
mss_config "$MSS_CONF" "local:$T/milter.sock" monitor "${CONF_LINES[@]}"
mss_reload; sleep 0.5
pf_swaks "$PF" "$T/sw9" --from "$APP" --to "$PAT_OTHER" --data "$T/m5"
t_check "monitor: the patient mismatch is accepted" [ $? = 0 ]
sink_wait "$SINK_DIR" $((sent += 1)) 10
m9=$(sink_await "$SINK_DIR" 'DUPONT Jean t5')
t_grep "monitor: rule header says would-reject" '^rule=doc\.patient_mismatch; action=would-reject' \
    <(docs_headers "${m9:-/dev/null}" X-MSSante-Document-Rule)
t_grep "monitor: policy says would-reject" "doc=fail; result=would-reject$" <(mss_policy "${m9:-/dev/null}")

t_check "queue empty" pf_wait_queue_empty "$PF" 10
t_check "$sent messages delivered in all" [ "$(sink_count "$SINK_DIR")" = "$sent" ]
t_check "milter still running" kill -0 "$MSS_PID"
t_check "no spool file left behind" sh -c "! ls '$T'/mssante-* 2>/dev/null | grep -q ."
t_done
