#!/bin/bash
# explain-parity.sh - mssante-milter --explain and the daemon agree: a corpus
# of transactions (accepted; a recipient refused for its INS, for its
# domain; a sender outside the trust space; documents towards a patient:
# conformant, without a category, with X-MSS-INS: N, with a code outside
# JDV_J07; the same between professionals; conversations: a near miss of
# [FIN] refused, [FIN] accepted) goes through a real Postfix and
# the daemon, and through --explain --json with the daemon's configuration
# and directory. For every stage (MAIL FROM, each RCPT TO, end of message)
# the outcome class (accepted, 4xx, 5xx) and the rule named in the reply
# must be the same: both run the daemon's stages (stages(3), live_policy()).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/docs-milter-lib.sh"

t_init explain-parity
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd zip base64 python3
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

KEY=$T/site.key
( umask 077; openssl rand -hex 32 >"$KEY" )
SLAPD_DIR=$T/slapd	# the bind lines name it before slapd_setup runs
# Conversations on: --explain loads the same site key and reads the same
# conversation state (nothing written), so the near miss is judged alike.
mss_stack enforce "DocumentSpool $T" "InternalHosts 127.0.0.1/32" \
    "LDAPBindDN cn=admin,o=mssante" "LDAPBindPasswordFile $SLAPD_DIR/rootpw" \
    "Conversations yes" "AuditKeyFile $KEY" "NearMissFin reject" \
    || { t_fail "stack starts"; t_done; }
t_ok "slapd, mssante-milter, Postfix and smtp-sink started"
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
PAT=$DOCS_INS@patient.mssante.fr
docs_xdm "$T/xdm.zip" || t_fail "archive built"

# headers FROM TO TAG [more]: a conformant set of headers
headers() {
    printf '%s\n' "From: <$1>" "To: <$2>" "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean $3" \
        "Message-ID: <$3.$$@test.example>"
    shift 3
    printf '%s\n' "$@"
}
plain() {			# OUT FROM TO TAG
    printf '%s\n' "From: <$2>" "To: <$3>" "Subject: parity $4" "Message-ID: <$4.$$@test.example>" \
        "" "Bonjour." >"$1"
}

# The corpus: NAME FROM RCPT[,RCPT...], the message in $T/NAME.
plain "$T/ok" "$PRO" "$ORG" ok
plain "$T/badins" "$PRO" "$ORG" badins
plain "$T/outrcpt" "$PRO" "$ORG" outrcpt
plain "$T/outsender" secretariat@cabinet.example "$ORG" outsender
mapfile -t H < <(headers "$PRO" "$PAT" xdm "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O")
docs_msg "$T/xdm" "$T/xdm.zip" "${H[@]}"
mapfile -t H < <(headers "$PRO" "$PAT" insn "X-MSS-CODECDA: 11488-4" "X-MSS-INS: N")
docs_msg "$T/insn" "$T/xdm.zip" "${H[@]}"
mapfile -t H < <(headers "$PRO" "$PAT" unknown "X-MSS-CODECDA: 99999-9" "X-MSS-INS: O")
docs_msg "$T/unknown" "$T/xdm.zip" "${H[@]}"
mapfile -t H < <(headers "$PRO" "$ORG" unknownpro "X-MSS-CODECDA: 99999-9" "X-MSS-INS: O")
docs_msg "$T/unknownpro" "$T/xdm.zip" "${H[@]}"
printf '%s\n' "From: <$PRO>" "To: <$PAT>" "Subject: [fin]" "Message-ID: <finmiss.$$@test.example>" \
    "" "Fin de la conversation." >"$T/finmiss"
printf '%s\n' "From: <$PRO>" "To: <$PAT>" "Subject: [FIN]" "Message-ID: <fin.$$@test.example>" \
    "" "Fin de la conversation." >"$T/fin"
docs_pdf "$T/pdfpat" "$PRO" "$PAT" pdfpat
docs_pdf "$T/pdfpro" "$PRO" "$ORG" pdfpro
CORPUS=(
    "ok $PRO $ORG"
    "badins $PRO $ORG,288091234567823@patient.mssante.fr"
    "outrcpt $PRO $ORG,dupont@gmail.example"
    "outsender secretariat@cabinet.example $ORG"
    "xdm $PRO $PAT"
    "insn $PRO $PAT"
    "unknown $PRO $PAT"
    "unknownpro $PRO $ORG"
    "pdfpat $PRO $PAT"
    "pdfpro $PRO $ORG"
    "finmiss $PRO $PAT"
    "fin $PRO $PAT"
)

# class CODE: the outcome class of an SMTP reply code
class() { case $1 in 2*) echo accept ;; 4*) echo tempfail ;; 5*) echo reject ;; *) echo none ;; esac; }
# rule_of REPLY-FILE: the rule named in a reply ("[regle x.y]"), or -
rule_of() { grep -oE '\[regle [a-z_.]+\]' "$1" | head -1 | sed 's/\[regle \(.*\)\]/\1/' | grep . || echo -; }

for c in "${CORPUS[@]}"; do
    read -r name from rcpts <<<"$c"
    # The daemon, through Postfix: one line per stage, "STAGE ADDR CLASS RULE".
    sw_args=(--from "$from" --to "$rcpts" --data "$T/$name")
    pf_swaks "$PF" "$T/sw.$name" "${sw_args[@]}" >/dev/null
    {
        sw_reply "$T/sw.$name" "MAIL FROM" >"$T/r"
        code=$(sw_code "$T/sw.$name" "MAIL FROM")
        echo "MAIL $from $(class "$code") $( [ "$(class "$code")" = accept ] && echo - || rule_of "$T/r")"
        if [ "$(class "$code")" = accept ]; then
            accepted=0
            for r in ${rcpts//,/ }; do
                sw_reply "$T/sw.$name" "RCPT TO:<$r>" >"$T/r"
                code=$(sw_code "$T/sw.$name" "RCPT TO:<$r>")
                [ "$(class "$code")" = accept ] && accepted=1
                echo "RCPT $r $(class "$code") $( [ "$(class "$code")" = accept ] && echo - || rule_of "$T/r")"
            done
            if [ $accepted = 1 ]; then
                sw_reply "$T/sw.$name" . >"$T/r"
                code=$(sw_code "$T/sw.$name" .)
                echo "EOM - $(class "$code") $( [ "$(class "$code")" = accept ] && echo - || rule_of "$T/r")"
            fi
        fi
    } >"$T/daemon.$name"
    # --explain, with the daemon's configuration and directory.
    args=(-c "$MSS_CONF" --explain --json --from "$from" --message "$T/$name")
    for r in ${rcpts//,/ }; do args+=(--rcpt "$r"); done
    "$MSS_MILTER" "${args[@]}" >"$T/explain.$name.json" 2>"$T/explain.$name.err"
    python3 - "$T/explain.$name.json" >"$T/explain.$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = {"MAIL FROM": "MAIL", "RCPT TO": "RCPT", "end of message": "EOM"}
for s in d["transaction"]:
    act = s["action"]
    cls = "accept" if act in ("continue", "monitor", "accept") else act
    rule = s.get("rule", "-") if cls != "accept" else "-"
    print(names.get(s["stage"], s["stage"]), s.get("address", "-"), cls, rule)
PY
    if diff "$T/daemon.$name" "$T/explain.$name" >"$T/diff.$name"; then
        t_ok "$name: --explain and the daemon agree ($(tr '\n' ';' <"$T/daemon.$name"))"
    else
        t_fail "$name: --explain and the daemon differ"
        sed 's/^/#   /' "$T/diff.$name"
    fi
done
# The corpus covers refusals at every stage, so the comparison means something.
t_check "the corpus refuses at MAIL, RCPT and end of message" \
    sh -c "cat '$T'/daemon.* | awk '\$3 == \"reject\" { print \$1 }' | sort -u | tr '\n' ' ' | grep -qx 'EOM MAIL RCPT '"
t_grep "--explain evaluated the conversation rules" '"conversation_rules": "evaluated' "$T/explain.fin.json"
t_check "the near miss of [FIN] refused by both (conv.near_miss_fin)" \
    grep -q "EOM - reject conv.near_miss_fin" "$T/daemon.finmiss" "$T/explain.finmiss"
# --explain writes nothing: with ConversationExpiry passed, the daemon would
# close the open conversation at once when the patient writes; --explain
# decides the same (refused: closed) and leaves the entry as it was.
pf_swaks "$PF" "$T/sw.reopen" --from "$PRO" --to "$PAT" --header "Subject: on reprend" >/dev/null
sink_await "$SINK_DIR" '^Subject: on reprend' 10 >/dev/null || t_fail "conversation reopened"
sleep 2
cp "$MSS_CONF" "$T/expiry.conf"
echo "ConversationExpiry 1s" >>"$T/expiry.conf"
convs() { slapd_search '(objectClass=mssConversation)' '*' | sort; }
convs >"$T/conv.before"
t_grep "an open conversation before --explain" '^mssConversationState: open' "$T/conv.before"
printf '%s\n' "From: <$PAT>" "To: <$PRO>" "Subject: RE: on reprend" "" "Merci." >"$T/reply"
"$MSS_MILTER" -c "$T/expiry.conf" --explain --json --direction inbound --from "$PAT" \
    --rcpt "$PRO" --message "$T/reply" >"$T/explain.expiry.json" 2>"$T/explain.expiry.err"
t_grep "--explain: the expired conversation refuses the patient" '"rule": "conv\.closed"' "$T/explain.expiry.json"
convs >"$T/conv.after"
t_check "--explain wrote nothing (the conversation entries are unchanged)" cmp -s "$T/conv.before" "$T/conv.after"
t_check "no crash or sanitizer report in the milter log" sh -c "! grep -iE 'fatal|panic|runtime error|Sanitizer' '$T/milter.log'"
t_done
