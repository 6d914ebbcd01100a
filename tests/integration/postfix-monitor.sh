#!/bin/bash
# postfix-monitor.sh - mssante-milter in monitor mode behind a real Postfix:
# nothing is refused, every message is delivered and tagged with what
# enforce mode would have done (result=would-reject), and the log says it
# (would=reject); a message that passes is tagged result=accept.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init postfix-monitor
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
mss_stack monitor "InternalHosts 127.0.0.1/32" || { t_fail "stack starts"; t_done; }

PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log

# case SUBJECT FROM TO POLICY-REGEX: delivered to every recipient, tagged
n=0
case_delivered() {
    _s=$1 _from=$2 _to=$3 _re=$4
    n=$((n + 1))
    pf_swaks "$PF" "$T/sw-$_s" --from "$_from" --to "$_to" --header "Subject: $_s"
    t_check "$_s: accepted (swaks exits 0)" [ $? = 0 ]
    t_check "$_s: no refusal in the dialogue" sh -c "! grep -qE '^ *<\\*\\*' '$T/sw-$_s'"
    sink_wait "$SINK_DIR" "$n" 10
    _m=$(sink_await "$SINK_DIR" "^Subject: $_s\$")
    t_check "$_s: delivered" [ -n "$_m" ]
    for _r in ${_to//,/ }; do
        t_grep "$_s: delivered to $_r" "^X-Rcpt-Args: <$_r>" "${_m:-/dev/null}"
    done
    mss_policy "${_m:-/dev/null}" >"$T/pol-$_s"
    t_check "$_s: one X-MSSante-Policy" [ "$(wc -l <"$T/pol-$_s")" = 1 ]
    t_grep "$_s: X-MSSante-Policy" "$_re" "$T/pol-$_s"
}

case_delivered ok "$PRO" "$ORG" "mode=monitor; dir=outbound;.*result=accept$"
case_delivered outside-rcpt "$PRO" "$ORG,dupont@gmail.example" \
    "mode=monitor;.*trust\.rcpt_domain=fail;.*result=would-reject$"
case_delivered bad-ins "$PRO" 288091234567823@patient.mssante.fr \
    "mode=monitor;.*ins=fail;.*result=would-reject$"
case_delivered outside-sender secretariat@cabinet.example "$ORG" \
    "mode=monitor;.*trust\.sender_domain=fail;.*result=would-reject$"

t_grep "log: would=reject for the outside recipient" \
    "from=<$PRO> .*rcpts=2 accepted=2 rejected=0 tempfailed=0 \[trust\.rcpt_domain\].* would=reject" "$LOG"
t_grep "log: would=reject for the outside sender" \
    "from=<secretariat@cabinet\.example> .*\[trust\.sender_domain[],].* would=reject" "$LOG"
t_check "log: the full INS is never logged" sh -c "! grep -q 288091234567823 '$LOG'"
t_check "queue empty" pf_wait_queue_empty "$PF" 10
t_check "4 messages delivered" [ "$(sink_count "$SINK_DIR")" = 4 ]
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
