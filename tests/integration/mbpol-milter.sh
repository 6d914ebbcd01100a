#!/bin/bash
# mbpol-milter.sh - the per-mailbox policy (PolicyFile) behind a real
# Postfix: an APP mailbox restricted to patients has a professional
# recipient refused (550 5.7.1, rule mbpol.rcpt_class) and a patient
# accepted; a mailbox in mode monitor logs what enforce would do but
# delivers; a reload (SIGHUP) switches that mailbox to enforce without a
# restart while smtp-source sends, and every message is accounted for
# (delivered before, refused after); a policy file with an error is refused
# on reload and the previous policy stays; -n names the fault; --explain
# gives the same verdicts, as text and as JSON; a rule on the whole message
# takes the strictest of its recipients' settings, whatever their order.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init mbpol-milter
t_need_root
t_need_cmd postfix smtp-sink smtp-source swaks slapd slapadd python3
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

APP=lettres-sortie_noreply@ch-exemple.mssante.fr
SVC=cardiologie@ch-exemple.mssante.fr
PRO=jean.exemple@medecin.mssante.fr
PAT=253072A07300443@patient.mssante.fr
POL=$T/policy.json
LOG=$T/milter.log

# wait_log PATTERN SECONDS - the milter log shows PATTERN
wait_log() {
    _i=0
    while ! grep -qE "$1" "$LOG" && [ $_i -lt $(($2 * 10)) ]; do sleep 0.1; _i=$((_i + 1)); done
    grep -qE "$1" "$LOG"
}

# reload_loaded WHAT - SIGHUP, and check that a new configuration loaded
reload_loaded() {
    _n=$(grep -c "configuration [0-9]* loaded" "$LOG")
    mss_reload
    _i=0
    while [ "$(grep -c "configuration [0-9]* loaded" "$LOG")" -le "$_n" ] && [ $_i -lt 100 ]; do
        sleep 0.1; _i=$((_i + 1))
    done
    t_check "$1" [ "$(grep -c "configuration [0-9]* loaded" "$LOG")" -gt "$_n" ]
}

# policy MODE - the APP mailbox (patients only) and the service (MODE)
policy() {
    cat >"$POL.tmp" <<JSON
{ "version": 1,
  "mailboxes": [
    { "name": "application (patients only)",
      "match": { "sender": "$APP", "direction": "outbound" },
      "allowed_recipients": { "patients": true },
      "rules": { "mbpol.rcpt_class": "reject" } },
    { "name": "service",
      "match": { "sender": "$SVC" },
      "mode": "$1",
      "allowed_recipients": { "patients": true } }
  ] }
JSON
    mv "$POL.tmp" "$POL"
}

policy monitor
mss_stack enforce "InternalHosts 127.0.0.1/32" "PolicyFile $POL" ||
    { t_fail "stack starts"; t_done; }
t_ok "slapd, mssante-milter (with PolicyFile), Postfix and smtp-sink started"

# 1. -n checks the policy file and names the place of a fault.
"$MSS_MILTER" -c "$MSS_CONF" -n >"$T/n.out" 2>&1
t_check "-n accepts the policy" [ $? = 0 ]
sed 's/"mode"/"mdoe"/' "$POL" >"$T/bad.json"
sed "s|^PolicyFile .*|PolicyFile $T/bad.json|" "$MSS_CONF" >"$T/bad.conf"
"$MSS_MILTER" -c "$T/bad.conf" -n >"$T/n2.out" 2>&1
t_check "-n refuses a misspelt member (exit 1)" [ $? = 1 ]
t_grep "-n names the JSON pointer" "bad\.json: /mailboxes/1/mdoe: unknown member 'mdoe' \(did you mean 'mode'\?\)" "$T/n2.out"
printf '{ "version": 1,\n  "default": { "mode": "monitor", } }\n' >"$T/bad.json"
"$MSS_MILTER" -c "$T/bad.conf" -n >"$T/n3.out" 2>&1
t_grep "-n names file:line:column of a syntax error" "bad\.json:2:[0-9]+: " "$T/n3.out"

# 2. The APP mailbox writes to a professional: refused; to a patient: sent.
pf_swaks "$PF" "$T/sw1" --from "$APP" --to "$PRO" --header "Subject: app-pro"
sw_reply "$T/sw1" "RCPT TO:<$PRO>" >"$T/r1"
t_grep "APP -> professional: 550 5.7.1" "^550 5\.7\.1 " "$T/r1"
t_grep "APP -> professional: reply names the address, the class and the rule" \
    "Destinataire <$PRO> refuse par la politique de la boite emettrice: destinataires autorises: patients\..*\[regle mbpol\.rcpt_class\]" "$T/r1"
pf_swaks "$PF" "$T/sw2" --from "$APP" --to "$PAT" --header "Subject: app-pat"
t_check "APP -> patient: accepted" [ "$(sw_code "$T/sw2" "RCPT TO:<$PAT>")" = 250 ]

# 3. The service in monitor: delivered, logged with would=reject.
pf_swaks "$PF" "$T/sw3" --from "$SVC" --to "$PRO" --header "Subject: svc-monitor"
t_check "monitor: accepted" [ "$(sw_code "$T/sw3" "RCPT TO:<$PRO>")" = 250 ]
sink_wait "$SINK_DIR" 2 10
t_check "monitor: delivered" [ -n "$(sink_find "$SINK_DIR" '^Subject: svc-monitor$')" ]
t_check "APP -> patient: delivered" [ -n "$(sink_find "$SINK_DIR" '^Subject: app-pat$')" ]
t_check "APP -> professional: not delivered" [ -z "$(sink_find "$SINK_DIR" '^Subject: app-pro$')" ]
t_grep "monitor: the log says what enforce would do" \
    "from=<$SVC> .*mbpol\.rcpt_class.*would=reject" "$LOG"

# 4. --explain, text and JSON, with the daemon's configuration.
"$MSS_MILTER" -c "$MSS_CONF" --explain --direction outbound --from "$APP" --rcpt "$PRO" --rcpt "$PAT" >"$T/e1" 2>"$T/e1.err"
t_check "explain APP: exit 3 (refused)" [ $? = 3 ]
t_grep "explain APP: selector" 'selected: /mailboxes/0 "application \(patients only\)" \(level address\)' "$T/e1"
t_grep "explain APP: the professional is refused with the daemon's reply" \
    "RCPT TO $PRO: reject: 550 5\.7\.1 Destinataire $PRO refuse par la politique.*\[regle mbpol\.rcpt_class\]" "$T/e1"
t_grep "explain APP: the patient passes" "RCPT TO $PAT: continue" "$T/e1"
t_grep "explain: the directory was consulted" "^directory: consulted" "$T/e1"
"$MSS_MILTER" -c "$MSS_CONF" --explain --json --from "$SVC" --rcpt "$PRO" >"$T/e2" 2>"$T/e2.err"
t_check "explain monitor (JSON): exit 0 (delivered)" [ $? = 0 ]
t_check "explain monitor (JSON): selector, monitor, would reject, rule" python3 - "$T/e2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["recipients"][0]["selected"]["path"] == "/mailboxes/1", d["recipients"][0]["selected"]
assert d["sender_type"] == "ORG" and d["direction"] == "outbound", d
st = [s for s in d["transaction"] if s["stage"] == "RCPT TO"][0]
assert st["action"] == "monitor" and st["would"] == "reject", st
assert st["rule"] == "mbpol.rcpt_class" and st["code"] == "550", st
assert d["result"] == "accepted"
PY

# 5. A policy with an error on reload: refused, the previous one stays.
cp "$POL" "$POL.good"
echo '{ "version": 1, "mailboxes": [ ' >"$POL"
mss_reload
t_check "bad policy: the reload is refused (logged)" wait_log "reload: PolicyFile $POL:" 10
cp "$POL.good" "$POL"
pf_swaks "$PF" "$T/sw5" --from "$APP" --to "$PRO" --header "Subject: app-pro-2"
t_check "bad policy: the previous policy stays in force" [ "$(sw_code "$T/sw5" "RCPT TO:<$PRO>")" = 550 ]

# 6. Monitor -> enforce by SIGHUP while smtp-source sends (up to N).
# N is far more than can pass before the reload: smtp-source stops at the
# first refusal, so on a fast machine it must still be running at the switch.
N=${MBPOL_MESSAGES:-3000}
before=$(sink_count "$SINK_DIR")
seen=$(grep -c "from=<$SVC> " "$LOG")
timeout 120 smtp-source -s 2 -m "$N" -l 512 -f "$SVC" -t "$PRO" \
    "127.0.0.1:$(pf_port "$PF")" >"$T/source.out" 2>&1 &
src=$!
t_on_exit "kill $src"
i=0
while [ $(( $(sink_count "$SINK_DIR") - before )) -lt 5 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
policy enforce
mss_reload
wait "$src"
sink_wait "$SINK_DIR" $((before + 1)) 10
t_check "queue empty" pf_wait_queue_empty "$PF" 30
delivered=$(( $(sink_count "$SINK_DIR") - before ))
refused=$(grep -c "from=<$SVC> .*accepted=0 rejected=1 tempfailed=0 .*mbpol\.rcpt_class" "$LOG")
t_check "reload: messages delivered before the switch ($delivered)" [ "$delivered" -ge 1 ]
t_check "reload: messages refused after it ($refused)" [ "$refused" -ge 1 ]
# smtp-source stops at its first refused recipient: what it sent is what
# the milter saw, and each of those was delivered or refused, none lost.
sent=$(( $(grep -c "from=<$SVC> " "$LOG") - seen ))
t_grep "reload: smtp-source stopped on the policy's refusal" "fatal: recipient rejected: 550 5\.7\.1 .*mbpol\.rcpt_class" "$T/source.out"
t_check "reload: every message accounted for ($sent = $delivered delivered + $refused refused)" \
    [ "$sent" -ge 2 ] && [ $((delivered + refused)) = "$sent" ]
t_check "reload: no restart (same milter process)" kill -0 "$MSS_PID"
t_grep "reload: logged with the policy" "configuration [0-9]+ loaded from .*policy=$POL" "$LOG"
"$MSS_MILTER" -c "$MSS_CONF" --explain --from "$SVC" --rcpt "$PRO" >"$T/e3" 2>&1
t_check "explain after the switch: exit 3" [ $? = 3 ]
t_grep "explain after the switch: reject" "RCPT TO $PRO: reject: 550 5\.7\.1 " "$T/e3"

# 7. A rule on the whole message (From outside the trust space) with one
# recipient in monitor and one enforcing: refused whatever their order
# (the strictest of the recipients' settings; before, the last one's).
OBS=secretariat@ch-exemple.mssante.fr
cat >"$POL" <<JSON
{ "version": 1,
  "mailboxes": [ { "name": "observed", "match": { "recipient": "$OBS" }, "mode": "monitor" } ] }
JSON
reload_loaded "reload with the observed mailbox's policy"
for order in "$OBS,$PRO" "$PRO,$OBS"; do
    pf_swaks "$PF" "$T/sw7" --from "$APP" --to "$order" --header "From: <dupont@gmail.example>" \
        --header "Subject: order $order"
    t_check "whole-message rule, recipients $order: refused (550)" [ "$(sw_code "$T/sw7" .)" = 550 ]
    t_grep "whole-message rule, recipients $order: trust.header_from" "regle trust\.header_from" "$T/sw7"
done
pf_swaks "$PF" "$T/sw7m" --from "$APP" --to "$OBS" --header "From: <dupont@gmail.example>"
t_check "whole-message rule, the observed mailbox alone: delivered (monitor)" \
    [ "$(sw_code "$T/sw7m" .)" = 250 ]

# 8. An end-of-message rule of the recipient's settings (require_nil on the
# observed mailbox, enforce): refused without X-MSS-NIL, delivered with it,
# also when another recipient's settings do not ask for it.
cat >"$POL" <<JSON
{ "version": 1,
  "mailboxes": [ { "name": "observed", "match": { "recipient": "$OBS" }, "require_nil": true } ] }
JSON
reload_loaded "reload with require_nil"
for order in "$OBS,$PRO" "$PRO,$OBS"; do
    pf_swaks "$PF" "$T/sw8" --from "$APP" --to "$order" --header "Subject: nil $order"
    t_check "require_nil, recipients $order, no X-MSS-NIL: refused (550)" [ "$(sw_code "$T/sw8" .)" = 550 ]
    t_grep "require_nil, recipients $order: mbpol.nil_required" "regle mbpol\.nil_required" "$T/sw8"
done
pf_swaks "$PF" "$T/sw8n" --from "$APP" --to "$PRO,$OBS" --header "X-MSS-NIL: 1.2.3" \
    --header "Subject: nil given"
t_check "require_nil, X-MSS-NIL given: delivered" [ "$(sw_code "$T/sw8n" .)" = 250 ]
t_check "no milter error besides the refused reload" \
    sh -c "! grep -iE 'fatal|panic|error:' '$LOG' | grep -v 'reload: PolicyFile'"
t_done
