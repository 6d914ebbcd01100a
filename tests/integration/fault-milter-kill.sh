#!/bin/bash
# fault-milter-kill.sh - mssante-milter killed with SIGKILL under load.
# An upstream Postfix (no milter) relays to the MTA under test (the
# milter, milter_default_action = tempfail), which relays to smtp-sink.
# smtp-source pushes N messages into the upstream while a killer sends
# SIGKILL to the milter every 0.7 s and a supervisor loop (what systemd's
# Restart=always does) starts it again.
# Stated outcome: while the milter is dead the MTA under test answers 4xx
# (milter_default_action), never 5xx and never accepts unchecked mail; the
# upstream keeps those messages deferred and retries; once the killing
# stops every message reaches the sink exactly once (N distinct
# Message-Ids, no duplicate), each carrying the milter's verdict.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/faults.sh"

t_init fault-milter-kill
t_need_root
t_need_cmd postfix smtp-sink smtp-source slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
N=${FAULT_MESSAGES:-300}
LOG=$T/milter.log UP=$T/upstream MTA=$T/postfix SINK_DIR=$T/sink
PIDF=$T/milter.pid STOP=$T/stop

mss_dir_start || { t_fail "slapd starts"; t_done; }
mss_config "$T/milter.conf" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32"
# bash reports each killed daemon ("Killed") on the loop's standard error.
f_supervise "$T/milter.conf" "$LOG" "$PIDF" "$STOP" 2>/dev/null &
sup=$!
t_on_exit "touch $STOP; kill $sup; wait $sup"
t_wait_file "$T/milter.sock" 10 || { t_fail "milter starts"; t_done; }
f_two_mtas "unix:$T/milter.sock" || { t_fail "sink and both Postfix instances start"; t_done; }

# The killer: SIGKILL the running daemon every 0.7 s.
(
    while [ ! -e "$T/stopkill" ]; do
        sleep 0.7
        kill -KILL "$(cat "$PIDF")" 2>/dev/null
    done
) &
killer=$!
t_on_exit "kill $killer"

timeout 120 smtp-source -s 10 -m "$N" -l 2048 -f jean.exemple@medecin.mssante.fr \
    -t cardiologie@ch-exemple.mssante.fr "127.0.0.1:$(pf_port "$UP")" >"$T/source.out" 2>&1
st=$?
t_check "upstream accepts all $N messages (exit 0)" [ $st = 0 ]
# Keep killing a little longer, while the upstream's retries are under way.
sleep 3
touch "$T/stopkill"; wait "$killer" 2>/dev/null

restarts=$(f_restarts "$LOG")
t_check "the milter was killed and restarted many times ($restarts starts)" [ "$restarts" -ge 4 ]
t_check "MTA under test: tempfailed while the milter was down (4xx)" \
    grep -qE 'milter-reject: .* 4\.[0-9]\.[0-9]|451 4\.7\.1 Service unavailable|milter .*(tempfail|temporarily)' "$(pf_log "$MTA")"
t_check "MTA under test never refused mail with 5xx" \
    sh -c "! grep -qE 'reject: .* 5[0-9][0-9] ' '$(pf_log "$MTA")'"
t_check "upstream deferred messages on the 4xx" grep -q 'status=deferred' "$(pf_log "$UP")"

# Nothing lost: flush until the upstream is empty.
f_drain
f_once "$N"
t_check "every message carries the milter's verdict" \
    [ "$(grep -li '^X-MSSante-Policy: .*result=accept' "$SINK_DIR"/msg.* | wc -l)" = "$N" ]
t_check "no unchecked message: no sink file without X-MSSante-Policy" \
    [ -z "$(grep -Li '^X-MSSante-Policy: ' "$SINK_DIR"/msg.*)" ]
t_check "milter log: no panic or sanitizer report" mss_log_clean "$LOG"
t_done
