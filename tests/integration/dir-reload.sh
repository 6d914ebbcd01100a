#!/bin/bash
# dir-reload.sh - the directory client is never silently lost: through a
# real Postfix and slapd, a per-mailbox rule that needs the sender's type
# from the directory (an ORG mailbox may write to patients only) refuses a
# professional recipient; a reload with an LDAPURI that is not a usable URI
# is refused ("keeping the current configuration") and the rule still
# refuses (the old code built no client and read the type as "not found",
# which let the message through); with slapd stopped, the same lookup is a
# directory error, 451 4.7.1 by On-DirectoryError, never an acceptance.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init dir-reload
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

ORG=cardiologie@ch-exemple.mssante.fr
ORG2=officine@pharmacie-exemple.mssante.fr
PRO=jean.exemple@medecin.mssante.fr
POL=$T/policy.json
LOG=$T/milter.log

# wait_log PATTERN COUNT - the milter log shows PATTERN COUNT times (10 s)
wait_log() {
    _i=0
    while [ "$(grep -cE "$1" "$LOG")" -lt "$2" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
    [ "$(grep -cE "$1" "$LOG")" -ge "$2" ]
}

cat >"$POL" <<JSON
{ "version": 1,
  "mailboxes": [
    { "name": "organisations write to patients only",
      "match": { "sender_type": "ORG", "direction": "outbound" },
      "allowed_recipients": { "patients": true },
      "rules": { "mbpol.rcpt_class": "reject" } } ] }
JSON
mss_stack enforce "InternalHosts 127.0.0.1/32" "PolicyFile $POL" ||
    { t_fail "stack starts"; t_done; }

pf_swaks "$PF" "$T/sw1" --from "$ORG" --to "$PRO" --header "Subject: before"
t_check "ORG -> professional before the reload: 550 (type read from the directory)" \
    [ "$(sw_code "$T/sw1" "RCPT TO:<$PRO>")" = 550 ]

n=0
for uri in not-a-uri ldap:/ "ldap://127.0.0.1:99999/"; do
    n=$((n + 1))
    mss_config "$MSS_CONF" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32" \
        "PolicyFile $POL" "LDAPURI $uri"
    mss_reload
    t_check "reload with LDAPURI $uri: refused, the current client kept" \
        wait_log "reload: .*LDAPURI.*keeping the current configuration" $n
    t_check "reload with LDAPURI $uri: no new configuration loaded" \
        sh -c "! grep -q 'configuration [2-9] loaded' '$LOG'"
    pf_swaks "$PF" "$T/sw2.$n" --from "$ORG" --to "$PRO" --header "Subject: after $n"
    t_check "ORG -> professional after the refused reload ($uri): still 550" \
        [ "$(sw_code "$T/sw2.$n" "RCPT TO:<$PRO>")" = 550 ]
done

# A lookup that cannot reach the directory is a directory error (451).
slapd_stop
pf_swaks "$PF" "$T/sw3" --from "$ORG2" --to "$PRO" --header "Subject: dir down"
t_check "directory down: the recipient gets 451 (On-DirectoryError), not 250" \
    [ "$(sw_code "$T/sw3" "RCPT TO:<$PRO>")" = 451 ]
t_check "milter still running" kill -0 "$MSS_PID"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
