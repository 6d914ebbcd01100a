#!/bin/bash
# postfix-dirdown.sh - the directory is down: nothing is lost. Two Postfix
# instances: an upstream MTA (the establishment's internal relay, no
# milter) relays to the MTA under test (mssante-milter, On-DirectoryError
# tempfail), which relays to smtp-sink. mssante-milter starts while slapd
# is down, so it has no trust snapshot: the MTA under test answers 451
# 4.x.x, the upstream keeps the message in its queue (deferred). When slapd
# comes back, the milter's periodic refresh loads the snapshot and a flush
# of the upstream delivers the message, once. A later directory outage
# does not stop the mail: the last snapshot stays in use.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init postfix-dirdown
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log
UP=$T/upstream MTA=$T/postfix SINK_DIR=$T/sink

mss_dir_start || { t_fail "slapd starts"; t_done; }
slapd_stop
t_check "slapd stopped" sh -c "! (exec 3<>/dev/tcp/127.0.0.1/$SLAPD_PORT) 2>/dev/null"

mss_config "$T/milter.conf" "local:$T/milter.sock" enforce \
    "InternalHosts 127.0.0.1/32" "On-DirectoryError tempfail" "TrustRefresh 1s" "LDAPTimeout 1s"
mss_start "$T/milter.conf" || { t_fail "milter starts without its directory"; t_done; }
t_ok "milter runs without its directory"
sink_start "$SINK_DIR" "$(t_port)" || t_fail "smtp-sink starts"
pf_create "$MTA" "$(t_port)" "$(cat "$SINK_DIR.port")" "$MSS_SOCK"
pf_create "$UP" "$(t_port)" "$(pf_port "$MTA")"
pf_start "$MTA" && pf_start "$UP" || { t_fail "both Postfix instances start"; t_done; }

# 1. Straight to the MTA under test: a temporary refusal, never a 5xx.
pf_swaks "$MTA" "$T/sw-direct" --from "$PRO" --to "$ORG" --header "Subject: direct"
t_check "direct: refused" [ $? != 0 ]
grep -E '^ *<\*\*' "$T/sw-direct" | head -1 | sed 's/^ *<\*\* *//' >"$T/r-direct"
t_grep "direct: 451 4.x.x" "^451 4\.[0-9]\.[0-9] " "$T/r-direct"
t_grep "direct: the reply names the directory rule" "\[regle dir\.error\]" "$T/r-direct"
t_check "direct: nothing queued" [ "$(pf_queue_count "$MTA")" = 0 ]

# 2. Through the upstream MTA: accepted there, deferred, kept.
pf_swaks "$UP" "$T/sw-up" --from "$PRO" --to "$ORG" --header "Subject: kept"
t_check "upstream accepts the message" [ $? = 0 ]
t_check "upstream log: deferred on a 451 from the MTA under test" \
    pf_wait_log "$UP" "status=deferred .*said: 451 4\.[0-9]\.[0-9] " 15
# The deferred queue file may be in deferred/, or briefly in active/ or
# incoming/ while the queue manager retries it: count every queue.
t_check "upstream keeps the message in its queue" [ "$(pf_queue_count "$UP")" = 1 ]
t_check "nothing reached the sink" [ "$(sink_count "$SINK_DIR")" = 0 ]
t_grep "milter log: directory error" "dir\.error" "$LOG"

# 3. The directory comes back: the refresh loads the snapshot, the flush
# delivers the message once.
slapd_start || t_fail "slapd restarts"
n=0
while [ $n -lt 100 ] && ! grep -q "trust snapshot .* loaded" "$LOG"; do sleep 0.1; n=$((n + 1)); done
t_grep "milter loads the snapshot once the directory is back" "trust snapshot .* loaded" "$LOG"
pf_flush "$UP"
sink_wait "$SINK_DIR" 1 15
t_check "upstream queue empty after the flush" pf_wait_queue_empty "$UP" 15
t_check "the message reached the sink" [ -n "$(sink_find "$SINK_DIR" '^Subject: kept$')" ]
t_check "exactly once" [ "$(sink_count "$SINK_DIR")" = 1 ]
m=$(sink_await "$SINK_DIR" '^Subject: kept$')
t_grep "it carries the milter's verdict" "result=accept$" <(mss_policy "${m:-/dev/null}")

# 4. The directory goes away again: the last snapshot keeps serving.
slapd_stop
sleep 1.5
pf_swaks "$UP" "$T/sw-later" --from "$PRO" --to "$ORG" --header "Subject: later"
t_check "later outage: upstream accepts" [ $? = 0 ]
sink_wait "$SINK_DIR" 2 15
t_check "later outage: delivered with the last snapshot" [ -n "$(sink_find "$SINK_DIR" '^Subject: later$')" ]
t_check "queues empty" pf_wait_queue_empty "$UP" 10
t_check "MTA under test queue empty" pf_wait_queue_empty "$MTA" 10
t_check "milter still running" kill -0 "$MSS_PID"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
