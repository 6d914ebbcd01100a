#!/bin/bash
# postfix-reload.sh - reload under load: while smtp-source pushes N messages
# through Postfix (10 sessions), mssante-milter gets a SIGHUP every 0.1 s,
# with a configuration that changes between reloads (Hostname). Every
# message must reach the sink exactly once: smtp-source sees no refusal,
# the sink holds N messages with N distinct Postfix queue ids, the queue
# ends empty, the milter is still running, and messages checked after a
# reload carry the new host name.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init postfix-reload
t_need_root
t_need_cmd postfix smtp-sink smtp-source slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
N=${RELOAD_MESSAGES:-400}
mss_stack enforce "InternalHosts 127.0.0.1/32" "Hostname before-reload" || { t_fail "stack starts"; t_done; }
LOG=$T/milter.log

# The reloader: rewrite the configuration and SIGHUP, every 0.1 s.
(
    i=0
    while :; do
        i=$((i + 1))
        mss_config "$MSS_CONF" "local:$T/milter.sock" enforce \
            "InternalHosts 127.0.0.1/32" "Hostname reload-$i"
        kill -HUP "$MSS_PID" 2>/dev/null || exit 0
        sleep 0.1
    done
) &
reloader=$!
t_on_exit "kill $reloader"

timeout 120 smtp-source -s 10 -m "$N" -l 2048 -f jean.exemple@medecin.mssante.fr \
    -t cardiologie@ch-exemple.mssante.fr "127.0.0.1:$(pf_port "$PF")" >"$T/source.out" 2>&1
st=$?
kill "$reloader"; wait "$reloader" 2>/dev/null
t_check "smtp-source: $N messages, no refusal (exit 0)" [ $st = 0 ]
[ $st = 0 ] || sed 's/^/#   /' "$T/source.out" | tail -5

reloads=$(grep -ciE 'reload' "$LOG")
t_check "the milter reloaded many times during the run ($reloads log lines)" [ "$reloads" -ge 3 ]
sink_wait "$SINK_DIR" "$N" 60
t_check "queue empty" pf_wait_queue_empty "$PF" 30
t_check "sink holds exactly $N messages" [ "$(sink_count "$SINK_DIR")" = "$N" ]
ids=$(cat "$SINK_DIR"/msg.* | sed -n 's/^.*(Postfix) with E\{0,1\}SMTP id \([0-9A-F][0-9A-F]*\).*$/\1/p')
t_check "$N distinct Postfix queue ids (no duplicate)" \
    [ "$(echo "$ids" | sort -u | grep -c .)" = "$N" ]
t_check "$N distinct Message-Ids" \
    [ "$(grep -h '^Message-Id: ' "$SINK_DIR"/msg.* | sort -u | wc -l)" = "$N" ]
t_check "every message was checked (one X-MSSante-Policy each)" \
    [ "$(grep -li '^X-MSSante-Policy: ' "$SINK_DIR"/msg.* | wc -l)" = "$N" ]
t_check "messages checked after a reload carry the new host name" \
    grep -qi '^X-MSSante-Policy: host=reload-' "$SINK_DIR"/msg.*
t_check "milter still running" kill -0 "$MSS_PID"
t_check "no milter error in the log" sh -c "! grep -iE 'fatal|panic|error:' '$LOG'"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
