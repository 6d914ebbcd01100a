#!/bin/bash
# fault-slapd-restart.sh - slapd killed (SIGKILL) under load, restarted 5 s
# later on the same port. The milter refreshes its trust snapshot every
# second (TrustRefresh 1s).
# Stated outcome: while slapd is dead the last trust snapshot stays in use
# (the log says the refresh failed and the snapshot is kept): mail between
# professionals is still accepted with its verdict, mail from outside the
# trust space is still refused 5xx; when slapd is back the pool reconnects
# (the log says the directory answers again) and a newer snapshot is
# loaded, without restarting the milter; the whole load reaches the sink
# exactly once.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/faults.sh"

t_init fault-slapd-restart
t_need_root
t_need_cmd postfix smtp-sink smtp-source swaks slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
N=${FAULT_MESSAGES:-300}
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log

mss_stack enforce "InternalHosts 127.0.0.1/32" "TrustRefresh 1s" "LDAPTimeout 1s" \
    || { t_fail "stack starts"; t_done; }
pid0=$MSS_PID
snap_last() { sed -n 's/.*trust snapshot \([0-9]*\) loaded.*/\1/p' "$LOG" | tail -1; }
snap0=$(snap_last)
t_check "a trust snapshot is loaded (#$snap0)" [ -n "$snap0" ]

timeout 180 smtp-source -s 10 -m "$N" -l 2048 -f "$PRO" -t "$ORG" \
    "127.0.0.1:$(pf_port "$PF")" >"$T/source.out" 2>&1 &
load=$!
sleep 1
kill -KILL "$(cat "$SLAPD_DIR/slapd.pid")"
t_check "slapd is dead" sh -c "! (exec 3<>/dev/tcp/127.0.0.1/$SLAPD_PORT) 2>/dev/null"
sleep 2.5
t_grep "down: the refresh failed and the snapshot is kept" "refresh failed .*keeping snapshot" "$LOG"
pf_swaks "$PF" "$T/sw-down" --from "$PRO" --to "$ORG" --header "Subject: during the outage"
t_check "down: professional mail accepted with the last snapshot" [ "$(f_swaks_code "$T/sw-down")" = 250 ]
pf_swaks "$PF" "$T/sw-out" --from dupont@gmail.example --to "$ORG" --header "Subject: outside"
t_check "down: mail from outside the trust space still refused 5xx" \
    [ "$(f_swaks_code "$T/sw-out" | cut -c1)" = 5 ]
sleep 2.5

rm -f "$SLAPD_DIR/slapd.pid"
slapd_start || t_fail "slapd restarts"
n=0
while [ $n -lt 100 ] && [ "$(snap_last)" = "$snap0" ]; do sleep 0.1; n=$((n + 1)); done
snap1=$(snap_last)
t_check "back: a newer snapshot is loaded (#$snap0 -> #$snap1)" [ "$snap1" -gt "$snap0" ]
t_grep "back: the log says the directory answers again" "answers again" "$LOG"
t_check "back: the same daemon process" [ "$MSS_PID" = "$pid0" ]
pf_swaks "$PF" "$T/sw-back" --from "$PRO" --to "$ORG" --header "Subject: after"
t_check "back: accepted" [ "$(f_swaks_code "$T/sw-back")" = 250 ]

wait "$load"
t_check "smtp-source: the whole load accepted (exit 0)" [ $? = 0 ]
t_check "queue empty" pf_wait_queue_empty "$PF" 30
f_once $((N + 2))    # the load and the 2 probes
t_check "every one carries the milter's verdict" \
    [ "$(grep -li '^X-MSSante-Policy: .*result=accept' "$SINK_DIR"/msg.* | wc -l)" = $((N + 2)) ]
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
