#!/bin/bash
# sendmail-dirdown.sh - the directory is down behind a real sendmail:
# nothing is lost. Two private sendmail instances (tests/lib/sendmail.sh):
# an upstream one (the establishment's relay, no milter) relays to the
# sendmail under test (mssante-milter by contrib/sendmail/mssante-milter.mc,
# F=T, On-DirectoryError tempfail), which relays to smtp-sink. The milter
# starts while slapd is down: the sendmail under test answers 451 4.4.3
# (dir.error; never 5xx) with the French text and the rule, the upstream sendmail
# keeps the message in its queue. When slapd comes back, the milter's
# refresh loads the trust snapshot and the upstream's next queue run
# delivers the message, once. With the milter itself down, F=T makes
# sendmail tempfail too.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/sendmail.sh"

t_init sendmail-dirdown
t_need_root
t_need_cmd smtp-sink swaks slapd slapadd m4 apt-get dpkg
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
sm_fetch || { t_fail "the sendmail packages (apt-get download)"; t_done; }

PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log
UP=$T/upstream MTA=$T/sendmail SINK_DIR=$T/sink

mss_dir_start || { t_fail "slapd starts"; t_done; }
slapd_stop
t_check "slapd stopped" sh -c "! (exec 3<>/dev/tcp/127.0.0.1/$SLAPD_PORT) 2>/dev/null"

MP=$(t_port)
mss_config "$T/milter.conf" "inet:$MP@127.0.0.1" enforce \
    "InternalHosts 127.0.0.1/32" "On-DirectoryError tempfail" "TrustRefresh 1s" "LDAPTimeout 1s"
mss_start "$T/milter.conf" || { t_fail "milter starts without its directory"; t_done; }
t_ok "milter runs without its directory"
sink_start "$SINK_DIR" "$(t_port)" || t_fail "smtp-sink starts"
sm_create "$MTA" "$(t_port)" "$(cat "$SINK_DIR.port")" "inet:$MP@127.0.0.1"
sm_create "$UP" "$(t_port)" "$(cat "$MTA/port")"
sm_start "$MTA" && sm_start "$UP" || { t_fail "both sendmail instances start"; t_done; }

# 1. Straight to the sendmail under test: a temporary refusal.
pf_swaks "$MTA" "$T/sw-direct" --from "$PRO" --to "$ORG" --header "Subject: direct"
t_check "direct: refused" [ $? != 0 ]
grep -E '^ *<\*\*' "$T/sw-direct" | head -1 | sed 's/^ *<\*\* *//' >"$T/r-direct"
# (At RCPT sendmail passes the milter's reply as it is, without the
# "<addr>... " it puts before a refusal at MAIL FROM.)
t_grep "direct: 451 4.4.3, the French text" "^451 4\.4\.3 Destinataire <$ORG>: verification impossible" "$T/r-direct"
t_grep "direct: the reply names the directory rule" "\[regle dir\.error\]" "$T/r-direct"
t_check "direct: nothing queued by the sendmail under test" [ "$(sm_queue_count "$MTA")" = 0 ]

# 2. Through the upstream sendmail: accepted there, kept in its queue.
pf_swaks "$UP" "$T/sw-up" --from "$PRO" --to "$ORG" --header "Subject: kept"
t_check "upstream accepts the message" [ $? = 0 ]
t_check "upstream keeps the message in its queue" sm_wait_queue 1 "$UP" 10
sleep 3		# several queue runs: each one meets the 451 again
t_check "still queued after a few queue runs" [ "$(sm_queue_count "$UP")" = 1 ]
t_check "nothing reached the sink" [ "$(sink_count "$SINK_DIR")" = 0 ]
t_grep "milter log: directory error" "dir\.error" "$LOG"
t_grep "upstream's queue file records the 451 4.4.3" "451 4\.4\.3" <(cat "$UP"/queue/qf* 2>/dev/null)

# 3. The directory comes back: the refresh loads the snapshot, the next
# queue run of the upstream delivers the message once.
slapd_start || t_fail "slapd restarts"
i=0
while [ $i -lt 100 ] && ! grep -q "trust snapshot .* loaded" "$LOG"; do sleep 0.1; i=$((i + 1)); done
t_grep "milter loads the snapshot once the directory is back" "trust snapshot .* loaded" "$LOG"
sm_flush "$UP"
sink_wait "$SINK_DIR" 1 20
t_check "upstream queue empty" sm_wait_queue_empty "$UP" 20
t_check "the message reached the sink" [ -n "$(sink_find "$SINK_DIR" '^Subject: kept$')" ]
m=$(sink_await "$SINK_DIR" '^Subject: kept$')
t_grep "it carries the milter's verdict" "result=accept$" <(mss_policy "${m:-/dev/null}")
sleep 2
t_check "exactly once" [ "$(sink_count "$SINK_DIR")" = 1 ]

# 4. The milter itself is down: F=T, sendmail tempfails.
t_check "milter stops cleanly (exit 0)" mss_stop
pf_swaks "$MTA" "$T/sw-nomilter" --from "$PRO" --to "$ORG" --header "Subject: nomilter"
t_check "milter down: refused" [ $? != 0 ]
t_grep "milter down: 4xx (F=T), never accepted unchecked" "^(421|451) 4\.[0-9]\.[0-9] " \
    <(grep -E '^ *<\*\*' "$T/sw-nomilter" | head -1 | sed 's/^ *<\*\* *//')
t_check "milter down: nothing relayed" [ -z "$(sink_find "$SINK_DIR" '^Subject: nomilter$')" ]
t_check "sendmail under test: queue empty" sm_wait_queue_empty "$MTA" 10
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
