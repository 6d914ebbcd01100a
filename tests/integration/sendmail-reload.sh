#!/bin/bash
# sendmail-reload.sh - reload under load through a real sendmail: while
# smtp-source pushes N messages through sendmail (10 sessions),
# mssante-milter gets a SIGHUP every 0.1 s with a configuration that
# changes between reloads (Hostname). Every message must reach the sink
# exactly once: smtp-source sees no refusal, the sink holds N messages
# with N distinct sendmail queue ids, sendmail's queue ends empty, the
# milter is still running, and messages checked after a reload carry the
# new host name.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/sendmail.sh"

t_init sendmail-reload
t_need_root
t_need_cmd smtp-sink smtp-source slapd slapadd m4 apt-get dpkg
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
sm_fetch || { t_fail "the sendmail packages (apt-get download)"; t_done; }
N=${RELOAD_MESSAGES:-200}
sm_stack enforce "InternalHosts 127.0.0.1/32" "Hostname before-reload" || { t_fail "stack starts"; t_done; }
sm_start "$SM" || { t_fail "sendmail starts"; t_done; }
LOG=$T/milter.log

# The reloader: rewrite the configuration and SIGHUP, every 0.1 s.
(
    i=0
    while :; do
        i=$((i + 1))
        mss_config "$MSS_CONF" "$MSS_MSOCK" enforce \
            "InternalHosts 127.0.0.1/32" "Hostname reload-$i"
        kill -HUP "$MSS_PID" 2>/dev/null || exit 0
        sleep 0.1
    done
) &
reloader=$!
t_on_exit "kill $reloader"

timeout 180 smtp-source -s 10 -m "$N" -l 2048 -f jean.exemple@medecin.mssante.fr \
    -t cardiologie@ch-exemple.mssante.fr "127.0.0.1:$(pf_port "$SM")" >"$T/source.out" 2>&1
st=$?
kill "$reloader"; wait "$reloader" 2>/dev/null
t_check "smtp-source: $N messages, no refusal (exit 0)" [ $st = 0 ]
[ $st = 0 ] || sed 's/^/#   /' "$T/source.out" | tail -5

reloads=$(grep -ciE 'reload' "$LOG")
t_check "the milter reloaded many times during the run ($reloads log lines)" [ "$reloads" -ge 3 ]
sink_wait "$SINK_DIR" "$N" 90
t_check "sendmail queue empty" sm_wait_queue_empty "$SM" 30
t_check "sink holds exactly $N messages" [ "$(sink_count "$SINK_DIR")" = "$N" ]
ids=$(cat "$SINK_DIR"/msg.* | sed -n 's/^.*(8\.[0-9.]*\/8\.[0-9.]*) with E\{0,1\}SMTP id \([0-9A-Za-z]*\).*$/\1/p')
t_check "$N distinct sendmail queue ids (no duplicate)" \
    [ "$(echo "$ids" | sort -u | grep -c .)" = "$N" ]
t_check "every message was checked (one X-MSSante-Policy each)" \
    [ "$(grep -li '^X-MSSante-Policy: ' "$SINK_DIR"/msg.* | wc -l)" = "$N" ]
t_check "messages checked after a reload carry the new host name" \
    grep -qi '^X-MSSante-Policy: host=reload-' "$SINK_DIR"/msg.*
t_check "milter still running" kill -0 "$MSS_PID"
t_check "no milter error in the log" sh -c "! grep -iE 'fatal|panic|error:' '$LOG'"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
