#!/bin/bash
# fault-slapd-stop.sh - slapd frozen (SIGSTOP) under load, then thawed.
# An upstream Postfix relays a steady load to the MTA under test (the
# milter with LDAPTimeout 1s, LDAPPoolSize 4 and no lookup cache, so that
# every recipient's mailbox type is asked of the directory: a PolicyFile
# is set), which relays to smtp-sink.
# Stated outcome: while slapd is stopped, a message sent straight to the
# MTA under test gets 451 4.x.x (rule dir.error) within a few LDAPTimeouts,
# never hangs and never gets 5xx; the milter's threads and its LDAP
# connections (counted from /proc) stay bounded; after SIGCONT the same
# daemon process (no restart) accepts mail again, and every message of the
# load reaches the sink exactly once.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/faults.sh"

t_init fault-slapd-stop
t_need_root
t_need_cmd postfix smtp-sink smtp-source swaks slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
N=${FAULT_MESSAGES:-300}
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log UP=$T/upstream MTA=$T/postfix SINK_DIR=$T/sink
POOL=4 SESSIONS=10

# Any per-mailbox policy makes the milter look up each recipient's type.
cat >"$T/policy.json" <<JSON
{ "version": 1,
  "mailboxes": [ { "name": "unused", "match": { "sender": "nobody@medecin.mssante.fr" },
                   "mode": "monitor" } ] }
JSON
mss_dir_start || { t_fail "slapd starts"; t_done; }
t_on_exit "kill -CONT $(cat "$SLAPD_DIR/slapd.pid")"
mss_config "$T/milter.conf" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32" \
    "LDAPTimeout 1s" "LDAPPoolSize $POOL" "LDAPCacheSize 0" "PolicyFile $T/policy.json"
mss_start "$T/milter.conf" || { t_fail "milter starts"; t_done; }
f_two_mtas "$MSS_SOCK" || { t_fail "sink and both Postfix instances start"; t_done; }
pf_swaks "$MTA" "$T/sw-before" --from "$PRO" --to "$ORG" --header "Subject: before"
t_check "before the freeze: accepted" [ "$(f_swaks_code "$T/sw-before")" = 250 ]
read -r _ _ threads0 _ <<<"$(f_sample "$MSS_PID" "$SLAPD_PORT")"

# The load, in the background, through the upstream.
timeout 180 smtp-source -s "$SESSIONS" -m "$N" -l 2048 -f "$PRO" -t "$ORG" \
    "127.0.0.1:$(pf_port "$UP")" >"$T/source.out" 2>&1 &
load=$!
sleep 1

# Freeze slapd for about 8 s: probes and samples meanwhile.
SPID=$(cat "$SLAPD_DIR/slapd.pid")
kill -STOP "$SPID"
: >"$T/samples"
slow=0 codes=""
for i in 1 2 3 4; do
    s=$(date +%s%N)
    pf_swaks "$MTA" "$T/sw-frozen-$i" --from "$PRO" --to "$ORG" --header "Subject: frozen $i"
    ms=$(( ($(date +%s%N) - s) / 1000000 ))
    codes="$codes $(f_swaks_code "$T/sw-frozen-$i")"
    echo "# probe $i: $ms ms"
    [ "$ms" -gt 8000 ] && slow=$((slow + 1))
    f_sample "$MSS_PID" "$SLAPD_PORT" >>"$T/samples"
done
sleep 2
f_sample "$MSS_PID" "$SLAPD_PORT" >>"$T/samples"
kill -CONT "$SPID"
sed 's/^/# rss_kB fds threads ldap: /' "$T/samples"

t_check "frozen: every probe answered 451 (got:$codes)" [ "$(echo $codes)" = "451 451 451 451" ]
t_grep "frozen: 451 4.4.3, the reply names the directory rule" "^ *<\*\* *451.4\.4\.3 .*dir\.error" "$T/sw-frozen-1"
t_check "frozen: every probe answered within 8 s (LDAPTimeout 1s: a few lookups)" [ $slow = 0 ]
maxl=$(awk '$4 > m { m = $4 } END { print m + 0 }' "$T/samples")
maxt=$(awk '$3 > m { m = $3 } END { print m + 0 }' "$T/samples")
t_check "frozen: LDAP connections bounded by the pool ($maxl <= $((POOL + 1)))" [ "$maxl" -le $((POOL + 1)) ]
# libmilter runs one thread per SMTP session of the MTA under test: the
# upstream relays the load over at most its destination concurrency limit
# (Postfix's default_destination_concurrency_limit, 20) whatever the
# load's own sessions, plus the probe and the daemon's own threads
# (listener, refresh, signals, audit timer). A slower build (ASan) holds
# more of those sessions open at once, never more than the limit.
bound=$((threads0 + 20 + 8))
t_check "frozen: threads bounded ($maxt <= $bound)" [ "$maxt" -le $bound ]
t_grep "milter log: the directory was seen as unreachable" "unreachable|Timed out|Can't contact" "$LOG"

# Thawed: the same process serves again.
pid0=$MSS_PID
n=0 code=0
while [ $n -lt 20 ]; do
    pf_swaks "$MTA" "$T/sw-after" --from "$PRO" --to "$ORG" --header "Subject: after"
    code=$(f_swaks_code "$T/sw-after")
    [ "$code" = 250 ] && break
    sleep 0.5; n=$((n + 1))
done
t_check "after SIGCONT: accepted again ($code)" [ "$code" = 250 ]
t_check "after SIGCONT: the same daemon process (no restart)" [ "$MSS_PID" = "$pid0" ] 
t_check "milter still running" kill -0 "$MSS_PID"

wait "$load"
t_check "upstream accepted the whole load (exit 0)" [ $? = 0 ]
f_drain
f_once $((N + 2))    # the load and the 2 probes accepted
read -r _ _ threads1 ldap1 <<<"$(f_sample "$MSS_PID" "$SLAPD_PORT")"
t_check "after the load: LDAP connections back within the pool ($ldap1)" [ "$ldap1" -le "$POOL" ]
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
