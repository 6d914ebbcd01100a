#!/bin/bash
# fault-reload-broken.sh - 100 reloads with a broken configuration under
# load. While smtp-source pushes N messages through Postfix, the milter's
# configuration file is replaced by a broken one (each time one of: an
# unknown key, a bad value, a bad duration, a bad rule action, a
# policy file that is not JSON) and the milter gets SIGHUP, 100 times.
# Stated outcome: each reload is refused and logged ("keeping the current
# configuration"), the old configuration stays in force (every message
# carries host=good-config), no message is refused or lost (the sink holds
# N distinct messages), and the daemon does not leak: its open file
# descriptors are the same after reload 20 and after reload 100, its RSS
# grew by less than 5% (plus one 256 kB arena step) in between.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/faults.sh"

t_init fault-reload-broken
t_need_root
t_need_cmd postfix smtp-sink smtp-source slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
N=${FAULT_MESSAGES:-600}
RELOADS=100
LOG=$T/milter.log

mss_stack enforce "InternalHosts 127.0.0.1/32" "Hostname good-config" \
    || { t_fail "stack starts"; t_done; }
cp "$MSS_CONF" "$T/good.conf"
printf '{ "mailboxes": [ { "address": ' >"$T/bad-policy.json"
BROKEN=("NoSuchKey yes" "Mode sometimes" "LDAPTimeout -3x" "DocumentRules doc.codecda=explode"
    "PolicyFile $T/bad-policy.json" "PatientMaxSize 12Q" "InternalHosts 300.1.2.3/40")

timeout 240 smtp-source -s 10 -m "$N" -l 2048 -f jean.exemple@medecin.mssante.fr \
    -t cardiologie@ch-exemple.mssante.fr "127.0.0.1:$(pf_port "$PF")" >"$T/source.out" 2>&1 &
load=$!
for i in $(seq 1 $RELOADS); do
    mss_config "$MSS_CONF" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32" \
        "Hostname bad-config-$i" "${BROKEN[$((i % ${#BROKEN[@]}))]}"
    kill -HUP "$MSS_PID"
    sleep 0.05
    [ $i = 20 ] && { sleep 0.5; read -r rss20 fds20 _ <<<"$(f_sample "$MSS_PID" "$SLAPD_PORT")"; }
done
sleep 0.5
read -r rss100 fds100 _ <<<"$(f_sample "$MSS_PID" "$SLAPD_PORT")"
wait "$load"
st=$?
t_check "smtp-source: $N messages, no refusal (exit 0)" [ $st = 0 ]
[ $st = 0 ] || sed 's/^/#   /' "$T/source.out" | tail -5
refused=$(grep -c 'reload: .*keeping the current configuration' "$LOG")
t_check "every broken reload refused and logged ($refused of $RELOADS)" [ "$refused" = $RELOADS ]
t_check "queue empty" pf_wait_queue_empty "$PF" 30
f_once "$N"
t_check "the old configuration stayed: every message has host=good-config" \
    [ "$(grep -li '^X-MSSante-Policy: host=good-config' "$SINK_DIR"/msg.* | wc -l)" = "$N" ]
echo "# after reload 20: rss ${rss20} kB, fds $fds20; after reload 100: rss ${rss100} kB, fds $fds100"
t_check "no fd leak ($fds20 -> $fds100)" [ "$fds100" -le "$fds20" ]
t_check "no memory leak (RSS $rss20 -> $rss100 kB, < 5% + 256 kB)" \
    [ "$rss100" -le $(( rss20 + rss20 / 20 + 256 )) ]

# A good configuration is still taken after all that.
mss_config "$MSS_CONF" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32" "Hostname fixed"
mss_reload
sleep 0.5
pf_swaks "$PF" "$T/sw-fixed" --from jean.exemple@medecin.mssante.fr \
    --to cardiologie@ch-exemple.mssante.fr --header "Subject: fixed"
m=$(sink_await "$SINK_DIR" '^Subject: fixed$')
t_grep "a good configuration is then applied (host=fixed)" "host=fixed" <(mss_policy "${m:-/dev/null}")
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
