# reload-load.sh - the "reload under load" check shared by
# tests/integration/postfix-reload.sh and sendmail-reload.sh (sourced after
# common.sh, postfix.sh and postfix-stack.sh; bash). Its variables start
# with _rl_: the helpers it calls (sink_wait...) use _n and the like.
#
#	reload_under_load PORT N QUEUE_EMPTY ID_SED
#		while smtp-source pushes N messages (10 sessions) to the MTA
#		on 127.0.0.1:PORT, rewrite the milter's configuration
#		($MSS_CONF, Hostname reload-I) and SIGHUP it every 0.1 s;
#		then check that every message reached $SINK_DIR exactly once
#		(N messages, N distinct MTA queue ids: ID_SED is a sed -n
#		script that prints the id from a Received line), that
#		QUEUE_EMPTY (a command) succeeds, that each message was
#		checked, and that the milter survived without an error.

reload_under_load() {
    _rl_port=$1 _rl_n=$2 _rl_qempty=$3 _rl_idsed=$4
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
    _rl_reloader=$!
    t_on_exit "kill $_rl_reloader"

    timeout 180 smtp-source -s 10 -m "$_rl_n" -l 2048 -f jean.exemple@medecin.mssante.fr \
        -t cardiologie@ch-exemple.mssante.fr "127.0.0.1:$_rl_port" >"$T/source.out" 2>&1
    _rl_st=$?
    kill "$_rl_reloader"; wait "$_rl_reloader" 2>/dev/null
    t_check "smtp-source: $_rl_n messages, no refusal (exit 0)" [ $_rl_st = 0 ]
    [ $_rl_st = 0 ] || sed 's/^/#   /' "$T/source.out" | tail -5

    _rl_reloads=$(grep -ciE 'reload' "$T/milter.log")
    t_check "the milter reloaded many times during the run ($_rl_reloads log lines)" [ "$_rl_reloads" -ge 3 ]
    sink_wait "$SINK_DIR" "$_rl_n" 90
    t_check "queue empty" $_rl_qempty
    t_check "sink holds exactly $_rl_n messages" [ "$(sink_count "$SINK_DIR")" = "$_rl_n" ]
    _rl_ids=$(cat "$SINK_DIR"/msg.* | sed -n "$_rl_idsed")
    t_check "$_rl_n distinct MTA queue ids (no duplicate)" \
        [ "$(echo "$_rl_ids" | sort -u | grep -c .)" = "$_rl_n" ]
    t_check "$_rl_n distinct Message-Ids" \
        [ "$(grep -h '^Message-Id: ' "$SINK_DIR"/msg.* | sort -u | wc -l)" = "$_rl_n" ]
    t_check "every message was checked (one X-MSSante-Policy each)" \
        [ "$(grep -li '^X-MSSante-Policy: ' "$SINK_DIR"/msg.* | wc -l)" = "$_rl_n" ]
    t_check "messages checked after a reload carry the new host name" \
        grep -qi '^X-MSSante-Policy: host=reload-' "$SINK_DIR"/msg.*
    t_check "milter still running" kill -0 "$MSS_PID"
    t_check "no milter error in the log" sh -c "! grep -iE 'fatal|panic|error:' '$T/milter.log'"
}
