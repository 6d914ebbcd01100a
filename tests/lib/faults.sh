# faults.sh - what the fault injection tests and the soak benchmark read
# from /proc about the running milter, and a supervisor that restarts it
# (sourced after common.sh, postfix.sh and postfix-stack.sh; bash).
#
#	f_rss PID		resident set size in kB (VmRSS)
#	f_fds PID		open file descriptors
#	f_threads PID		threads
#	f_ldap_conns PID PORT	established TCP connections of PID to
#				127.0.0.1:PORT (slapd), matched by socket
#				inode between /proc/PID/fd and /proc/net/tcp
#	f_sample PID PORT	one line "rss_kB fds threads ldap_conns"
#	f_supervise CONF LOG PIDFILE STOPFILE
#				run mssante-milter -c CONF -f -v in a loop
#				(standard error appended to LOG), writing the
#				running daemon's pid to PIDFILE, restarting it
#				whenever it dies, until STOPFILE exists; the
#				test runs it in the background (&), as a
#				service manager would (Restart=always)
#	f_restarts LOG		how many times the supervisor started it
#	f_two_mtas MILTER	smtp-sink in $SINK_DIR, the MTA under test in
#				$MTA (smtpd_milters MILTER) relaying to it, and
#				an upstream Postfix in $UP (no milter, the
#				establishment's relay) relaying to $MTA; the
#				upstream keeps what the MTA under test defers
#	f_drain			flush $UP until it is empty (60 s at most),
#				then assert both queues are empty
#	f_once N		assert the sink holds N messages, N distinct
#				Message-Ids: each delivered exactly once
#	f_swaks_code OUT	the 3-digit code of the last refusal in a
#				swaks dialogue, or 250 when accepted
#
# The milter's binary is $MSS_MILTER (tests/lib/postfix-stack.sh), so that
# a test run from an ASan build (tests/run --sanitize) runs that build's
# daemon.

f_rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
f_threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
f_fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }

f_ldap_conns() {
    _port=$(printf '%04X' "$2")
    # Socket inodes of the process, then the ESTABLISHED (01) rows of
    # /proc/net/tcp whose remote port is slapd's and whose inode is one
    # of them.
    find "/proc/$1/fd" -mindepth 1 -maxdepth 1 -lname 'socket:*' -printf '%l\n' 2>/dev/null \
        | sed 's/^socket:\[\([0-9]*\)\]$/\1/' >"$T/.f_inodes"
    awk -v port="$_port" 'NR == FNR { mine[$1] = 1; next }
        FNR > 1 { split($3, r, ":"); if (r[2] == port && $4 == "01" && ($10 in mine)) n++ }
        END { print n + 0 }' "$T/.f_inodes" /proc/net/tcp
}

f_sample() {
    echo "$(f_rss "$1") $(f_fds "$1") $(f_threads "$1") $(f_ldap_conns "$1" "$2")"
}

f_supervise() {
    _conf=$1 _log=$2 _pidf=$3 _stop=$4
    _sock=$(awk 'tolower($1) == "socket" { print $2 }' "$_conf")
    while [ ! -e "$_stop" ]; do
        echo "# supervisor: starting mssante-milter" >>"$_log"
        "$MSS_MILTER" -c "$_conf" -f -v 2>>"$_log" &
        _p=$!
        echo "$_p" >"$_pidf"
        # Stop the daemon with the loop when the test ends (SIGTERM here).
        trap 'milter_stop $_p $_sock; exit 0' TERM
        wait "$_p"
        echo "# supervisor: mssante-milter exited, status $?" >>"$_log"
        sleep 0.2
    done
}

f_restarts() { grep -c '^# supervisor: starting' "$1"; }

f_two_mtas() {
    sink_start "$SINK_DIR" "$(t_port)" || return 1
    pf_create "$MTA" "$(t_port)" "$(cat "$SINK_DIR.port")" "$1" || return 1
    pf_create "$UP" "$(t_port)" "$(pf_port "$MTA")" || return 1
    pf_start "$MTA" && pf_start "$UP"
}

f_drain() {
    _i=0
    while [ "$(pf_queue_count "$UP")" != 0 ] && [ $_i -lt 60 ]; do
        pf_flush "$UP"; sleep 1; _i=$((_i + 1))
    done
    t_check "upstream queue empty" pf_wait_queue_empty "$UP" 30
    t_check "MTA under test queue empty" pf_wait_queue_empty "$MTA" 30
}

f_once() {
    sink_wait "$SINK_DIR" "$1" 30
    t_check "sink holds exactly $1 messages" [ "$(sink_count "$SINK_DIR")" = "$1" ]
    t_check "$1 distinct Message-Ids (each delivered once)" \
        [ "$(grep -h '^Message-Id: ' "$SINK_DIR"/msg.* | sort -u | wc -l)" = "$1" ]
}

f_swaks_code() {
    _c=$(grep -E '^ *<~?\*\*? *[0-9]{3}[ -]' "$1" | tail -1 | sed -E 's/^ *<~?\*\*? *([0-9]{3}).*/\1/')
    echo "${_c:-250}"
}
