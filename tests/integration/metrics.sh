#!/bin/bash
# metrics.sh - the Prometheus endpoint (MetricsListen) through a real
# Postfix, slapd and mssante-milter: after a known set of transactions
# (accepted, one recipient refused for a bad INS, refused at MAIL for an
# outside sender, every recipient refused, abandoned after RCPT) the
# counters of decisions, messages, SMTP replies, audit writes, open
# connections and the trust snapshot hold exactly what was sent; the text
# is valid (HELP and TYPE before every sample; promtool when installed);
# /other gives 404, POST 405; a unix socket works (mode 0660); the
# endpoint is off by default; -n refuses a malformed MetricsListen and a
# taken port stops the start with a clear message; a stopped directory
# counts lookup errors; the dates of the mirror (the whitelist's and the
# extraction's ages, their load times) are those of its cn=metadata, read
# with each snapshot. The alerting rules (promtool check rules) and the
# Grafana dashboard (JSON) of contrib/ are checked too.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init metrics
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd curl ss
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

PRO=jean.exemple@medecin.mssante.fr
PRO2=marie.exemple@ch-exemple.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
OUT=dupont@gmail.example
BADINS=288091234567823@patient.mssante.fr
LOG=$T/milter.log
A=$T/audit
KEY=$T/audit.key
mkdir -p "$A" && chmod 755 "$A"
printf '%s\n' 6d7373616e74652d61756469742d6d696c7465722d746573742d6b65792d3031 >"$KEY"
chmod 600 "$KEY"
MPORT=$(t_port)
URL=http://127.0.0.1:$MPORT/metrics
M=$T/metrics

mss_stack enforce "MetricsListen 127.0.0.1:$MPORT" "AuditLog $A/audit.log" \
    "AuditKeyFile $KEY" || { t_fail "stack starts"; t_done; }
t_ok "slapd, mssante-milter with MetricsListen, Postfix and smtp-sink started"
t_grep "the daemon says where the endpoint is" "metrics endpoint: http://127\.0\.0\.1:$MPORT/metrics" "$LOG"

# scrape FILE [URL]: the metrics text into FILE, the headers into FILE.h
scrape() { curl -s --max-time 10 -D "$1.h" -o "$1" "${2:-$URL}"; }
# val FILE SAMPLE: the value of one sample (name and labels as written)
val() { awk -v s="$2" '$1 == s { v = $2; f = 1 } END { print f ? v : "absent" }' "$1"; }
# is DESC FILE SAMPLE WANT: one sample has exactly the value WANT
is() {
    _v=$(val "$2" "$3")
    if [ "$_v" = "$4" ]; then t_ok "$1: $3 = $4"; else t_fail "$1: $3 = $_v, want $4"; fi
}
# wait_zero SAMPLE: until the gauge is 0 (sessions end asynchronously)
wait_zero() {
    _n=100
    while [ $_n -gt 0 ]; do
        scrape "$M.w" && [ "$(val "$M.w" "$1")" = 0 ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    return 1
}
# valid FILE: every sample follows the HELP and TYPE of its metric
valid() {
    awk '
    /^# HELP / { help[$3] = 1; next }
    /^# TYPE / { type[$3] = $4; next }
    /^#/ { next }
    {
        if ($0 !~ /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*",?)*\})? -?[0-9.e+]+$/ \
            && $0 !~ /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \+Inf$/) { print "bad line: " $0; bad = 1; next }
        name = $1; sub(/\{.*/, "", name); base = name
        if (!(base in type)) sub(/_(bucket|sum|count)$/, "", base)
        if (!(base in help) || !(base in type)) { print "no HELP/TYPE: " $0; bad = 1 }
        else if (base != name && type[base] != "histogram" && type[base] != "summary") {
            print "suffix of a " type[base] ": " $0; bad = 1 }
        n++
    }
    END { if (n == 0) { print "no sample"; bad = 1 } exit bad }' "$1"
}

# shown STATUS DESC: t_ok when STATUS is 0, else t_fail and show $out
shown() {
    if [ "$1" = 0 ]; then t_ok "$2"; else t_fail "$2"; sed 's/^/#   /' "$out"; fi
}
out=$T/out

# 1. Before any mail: the endpoint answers, counters are 0.
scrape "$M.0"
t_check "GET /metrics: 200" grep -q '^HTTP/1.1 200' "$M.0.h"
t_grep "Content-Type of the text format 0.0.4" '^Content-Type: text/plain; version=0\.0\.4; charset=utf-8' "$M.0.h"
is "build info" "$M.0" "mssante_milter_build_info{version=\"$("$MSS_MILTER" -V | awk '{ print $2 }')\"}" 1
now=$(date +%s)
st=$(val "$M.0" mssante_milter_start_time_seconds)
t_check "start time within the last 5 minutes ($st)" [ "$st" -le "$now" -a "$st" -gt $((now - 300)) ]
is "no mail yet" "$M.0" 'mssante_milter_messages_total{result="accept"}' 0
t_check "no decision yet" sh -c "! grep -q '^mssante_milter_decisions_total' $M.0"
# The snapshot as its load line says (it may load after the first scrape).
t_wait_log() { _n=$(( ${2:-5} * 10 )); while [ $_n -gt 0 ]; do grep -qE "$1" "$LOG" && return 0; sleep 0.1; _n=$((_n - 1)); done; return 1; }
t_wait_log 'trust snapshot 1 loaded' || t_fail "the trust snapshot loads"
doms=$(sed -n 's/.*trust snapshot 1 loaded: \([0-9]*\) domains, \([0-9]*\) operator DNs.*/\1/p' "$LOG")
dns=$(sed -n 's/.*trust snapshot 1 loaded: \([0-9]*\) domains, \([0-9]*\) operator DNs.*/\2/p' "$LOG")
scrape "$M.1"
is "trust snapshot" "$M.1" 'mssante_milter_trust_snapshot_entries{kind="domain"}' "$doms"
is "trust snapshot" "$M.1" 'mssante_milter_trust_snapshot_entries{kind="operator_dn"}' "$dns"
age=$(val "$M.1" mssante_milter_trust_snapshot_age_seconds)
t_check "trust snapshot age is a few seconds ($age)" [ "$age" -ge 0 -a "$age" -lt 120 ]
is "trust refresh" "$M.1" mssante_milter_trust_refresh_failures 0

# The mirror's dates (cn=metadata), read with the snapshot: the ages are
# those at the scrape, between the times taken around it; the load times
# are the metadata's.
# epoch ATTR: a GeneralizedTime of cn=metadata as seconds since the epoch
epoch() {
    date -u -d "$(slapd_search '(cn=metadata)' "$1" |
        sed -n "s/^$1: \(....\)\(..\)\(..\)\(..\)\(..\)\(..\)Z\$/\1-\2-\3 \4:\5:\6 UTC/p")" +%s
}
# aged DESC FILE SAMPLE WHEN T0 T1: an age sample of a scrape made from T0 to T1
aged() {
    _v=$(val "$2" "$3")
    if [ "$_v" != absent ] && [ "$_v" -ge $(($5 - $4)) ] && [ "$_v" -le $(($6 - $4)) ]; then
        t_ok "$1: $3 = $_v, now - $4 with now from $5 to $6"
    else t_fail "$1: $3 = $_v, want now - $4 with now from $5 to $6"; fi
}
wl_gen=$(epoch mssWhitelistGenerated)
t0=$(date +%s); scrape "$M.1f"; t1=$(date +%s)
aged "whitelist age" "$M.1f" mssante_milter_trust_whitelist_age_seconds "$wl_gen" "$t0" "$t1"
is "whitelist load time" "$M.1f" mssante_milter_trust_whitelist_load_time_seconds "$(epoch mssWhitelistLoaded)"
is "extraction load time" "$M.1f" mssante_milter_trust_extraction_load_time_seconds "$(epoch mssExtractionLoaded)"
# The sample extraction's name (postfix-extraction.txt) gives no time.
is "extraction age, unknown" "$M.1f" mssante_milter_trust_extraction_age_seconds absent

# A mirror with every date: the next snapshot (a reload) reads them, the
# -v log shows them, the gauges follow.
ex_gt=$(date -u -d '-2 hours' +%Y%m%d%H%M00Z)
printf '%s\n' "dn: cn=metadata,$SLAPD_SUFFIX" changetype:\ modify \
    replace:\ mssExtractionGenerated "mssExtractionGenerated: $ex_gt" - \
    replace:\ mssWhitelistLoaded "mssWhitelistLoaded: 20261201050000Z" - \
    replace:\ mssExtractionLoaded "mssExtractionLoaded: 20261201053000Z" >"$T/meta.ldif"
slapd_modify "$T/meta.ldif" >"$out" 2>&1
shown $? "cn=metadata: the extraction's time and new load times"
mss_reload
t_wait_log 'trust snapshot 2 loaded' 30 || t_fail "the reload loads snapshot 2"
t_grep "-v: the list's dates, the extraction's time, age and load time" \
    "trust snapshot 2 loaded: $doms domains, $dns operator DNs; whitelist generated 2026-11-20T03:00:00Z, age [0-9.]+ h, loaded 2026-12-01T05:00:00Z; extraction generated $(date -u -d "@$(epoch mssExtractionGenerated)" +%Y-%m-%dT%H:%M:%SZ), age 2\.0 h, loaded 2026-12-01T05:30:00Z\$" "$LOG"
t0=$(date +%s); scrape "$M.1g"; t1=$(date +%s)
aged "whitelist age" "$M.1g" mssante_milter_trust_whitelist_age_seconds "$wl_gen" "$t0" "$t1"
aged "extraction age" "$M.1g" mssante_milter_trust_extraction_age_seconds "$(epoch mssExtractionGenerated)" "$t0" "$t1"
is "whitelist load time" "$M.1g" mssante_milter_trust_whitelist_load_time_seconds "$(date -u -d '2026-12-01 05:00:00 UTC' +%s)"
is "extraction load time" "$M.1g" mssante_milter_trust_extraction_load_time_seconds "$(date -u -d '2026-12-01 05:30:00 UTC' +%s)"

# 2. The transactions of audit-milter.sh, without TLS.
pf_swaks "$PF" "$T/sw1" --from "$PRO" --to "$ORG" --header "Subject: accepted"
t_check "accepted: swaks exits 0" [ $? = 0 ]
pf_swaks "$PF" "$T/sw2" --from "$PRO" --to "$ORG,$BADINS" --header "Subject: one refused"
t_check "bad INS: 550 5.1.3 at RCPT" [ "$(sw_code "$T/sw2" "RCPT TO:<$BADINS>")" = 550 ]
pf_swaks "$PF" "$T/sw3" --from secretariat@cabinet.example --to "$ORG"
t_check "outside sender: 550 at MAIL" [ "$(sw_code "$T/sw3" "MAIL FROM")" = 550 ]
pf_swaks "$PF" "$T/sw4" --from "$PRO" --to "$OUT"
t_check "only recipient outside: 550 at RCPT" [ "$(sw_code "$T/sw4" "RCPT TO:<$OUT>")" = 550 ]
pf_swaks "$PF" "$T/sw5" --from "$PRO" --to "$ORG" --quit-after RCPT
t_check "abandoned after RCPT: 250 at RCPT" [ "$(sw_code "$T/sw5" "RCPT TO:<$ORG>")" = 250 ]
wait_zero mssante_milter_connections_open || t_fail "every milter connection closes"
wait_zero mssante_milter_transactions_open || t_fail "every transaction ends"
scrape "$M.2"
ins_rule=$(sed -n 's/.*\[regle \([a-z_.]*\)\].*/\1/p' <(sw_reply "$T/sw2" "RCPT TO:<$BADINS>") | head -1)
mail_rule=$(sed -n 's/.*\[regle \([a-z_.]*\)\].*/\1/p' <(sw_reply "$T/sw3" "MAIL FROM") | head -1)
rcpt_rule=$(sed -n 's/.*\[regle \([a-z_.]*\)\].*/\1/p' <(sw_reply "$T/sw4" "RCPT TO:<$OUT>") | head -1)
t_check "the replies name their rules ($ins_rule, $mail_rule, $rcpt_rule)" \
    [ -n "$ins_rule" -a -n "$mail_rule" -a -n "$rcpt_rule" ]
D='mssante_milter_decisions_total{rule="%s",action="%s",direction="outbound",stage="%s"}'
# Recipients passed: ORG in 1, 2 and 5; messages passed: 1 and 2.
is "decisions" "$M.2" "$(printf "$D" none accept rcpt)" 3
is "decisions" "$M.2" "$(printf "$D" none accept eom)" 2
is "decisions" "$M.2" "$(printf "$D" "$ins_rule" reject rcpt)" 1
is "decisions" "$M.2" "$(printf "$D" "$mail_rule" reject mail)" 1
is "decisions" "$M.2" "$(printf "$D" "$rcpt_rule" reject rcpt)" 1
t_check "no other decision" [ "$(grep -c '^mssante_milter_decisions_total' "$M.2")" = 5 ]
is "messages" "$M.2" 'mssante_milter_messages_total{result="accept"}' 2
is "messages" "$M.2" 'mssante_milter_messages_total{result="reject"}' 2
is "messages" "$M.2" 'mssante_milter_messages_total{result="tempfail"}' 0
is "messages" "$M.2" 'mssante_milter_messages_total{result="aborted"}' 1
# 2xx: MAIL, RCPT, end of message of 1; MAIL, RCPT ORG, end of 2; MAIL
# of 4; MAIL, RCPT of 5. 5xx: RCPT of 2, MAIL of 3, RCPT of 4.
is "replies" "$M.2" 'mssante_milter_smtp_replies_total{class="2xx"}' 9
is "replies" "$M.2" 'mssante_milter_smtp_replies_total{class="4xx"}' 0
is "replies" "$M.2" 'mssante_milter_smtp_replies_total{class="5xx"}' 3
is "audit" "$M.2" mssante_milter_audit_writes_total "$(grep -c '"type":"txn"' "$A/audit.log")"
is "audit" "$M.2" mssante_milter_audit_writes_total 5
is "audit" "$M.2" mssante_milter_audit_write_errors_total 0
is "audit" "$M.2" mssante_milter_audit_write_duration_seconds_count 5
is "audit" "$M.2" 'mssante_milter_audit_write_duration_seconds_bucket{le="+Inf"}' 5
is "conversations (off)" "$M.2" 'mssante_milter_conversation_writes_total{result="written"}' 0
# The sender's mailbox type is looked up at end of message (doc.x_mss_nil):
# PRO in 1 (from the directory), then in 2 (from the cache).
is "directory" "$M.2" mssante_milter_directory_cache_misses_total 1
is "directory" "$M.2" mssante_milter_directory_cache_hits_total 1
is "directory" "$M.2" mssante_milter_directory_lookups_total 2
is "directory" "$M.2" mssante_milter_directory_lookup_duration_seconds_count 1
is "directory" "$M.2" mssante_milter_directory_errors_total 0
t_check "histogram buckets never decrease" awk '
    /^mssante_milter_[a-z_]*_bucket/ { n = $1; sub(/\{.*/, "", n); if (n == p && $2 < v) exit 1; p = n; v = $2 }' "$M.2"

# 3. The format.
valid "$M.2" >"$out"
shown $? "every sample has HELP and TYPE, every line parses"
if command -v promtool >/dev/null 2>&1; then
    promtool check metrics <"$M.2" >"$out" 2>&1 && [ ! -s "$out" ]
    shown $? "promtool check metrics: no problem"
    promtool check rules "$top_srcdir/contrib/prometheus/mssante-milter.rules.yml" >"$out" 2>&1
    shown $? "promtool check rules: the alerting rules of contrib/"
else
    echo "# promtool not installed (Debian package prometheus): its checks skipped"
fi
for e in mssante_milter_messages_total mssante_milter_decisions_total \
    mssante_milter_directory_lookup_duration_seconds_bucket mssante_milter_audit_write_errors_total \
    mssante_milter_trust_snapshot_age_seconds mssante_milter_trust_whitelist_age_seconds \
    mssante_milter_directory_errors_total mssante_milter_transactions_open; do
    grep -q "$e" "$top_srcdir/contrib/prometheus/mssante-milter.rules.yml" \
        "$top_srcdir/contrib/grafana/mssante-milter.json" || t_fail "contrib/ uses $e"
done
python3 -m json.tool "$top_srcdir/contrib/grafana/mssante-milter.json" >/dev/null 2>"$out"
shown $? "the Grafana dashboard is valid JSON"
# Every metric the dashboard or the rules name exists.
for n in $(grep -ohE 'mssante_milter_[a-z_]+' "$top_srcdir/contrib/prometheus/mssante-milter.rules.yml" \
    "$top_srcdir/contrib/grafana/mssante-milter.json" | sort -u); do
    grep -qE "^# TYPE ${n%_bucket} " "$M.2" || t_fail "contrib/ names $n, which the daemon does not expose"
done

# 4. Other paths and methods.
t_check "GET /other: 404" [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MPORT/other")" = 404 ]
t_check "GET /: 404" [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MPORT/")" = 404 ]
t_check "POST /metrics: 405" [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL")" = 405 ]
t_check "HEAD /metrics: 200" [ "$(curl -s -o /dev/null -w '%{http_code}' -I "$URL")" = 200 ]

# 5. -n: MetricsListen is checked; good forms pass.
check() {			# check LINE: -n on the stack's file plus LINE
    mss_config "$T/n.conf" "local:$T/n.sock" enforce "$1"
    "$MSS_MILTER" -n -c "$T/n.conf" >"$out" 2>&1
}
for bad in 127.0.0.1 127.0.0.1:0 127.0.0.1:65536 ::1:9849 inet:x@127.0.0.1 unix:relative 'a b:80'; do
    check "MetricsListen $bad"
    st=$?
    if [ $st = 1 ] && grep -qE "n\.conf:[0-9]+: MetricsListen: .*(expected host:port|absolute path)" "$out"; then
        t_ok "-n refuses MetricsListen $bad, naming file, line and key"
    else t_fail "-n refuses MetricsListen $bad (exit $st)"; sed 's/^/#   /' "$out"; fi
done
for good in 127.0.0.1:9849 '[::1]:9849' inet:9849 inet:9849@127.0.0.1 inet6:9849@[::1] \
    "unix:$T/x.sock" "local:$T/x.sock" "$T/x.sock" localhost:9849; do
    check "MetricsListen $good"
    shown $? "-n accepts MetricsListen $good"
done

# other NAME LINE...: a second daemon on its own milter socket, no Postfix
other() {
    _n=$1; shift
    mss_config "$T/$_n.conf" "local:$T/$_n.sock" enforce "$@"
    "$MSS_MILTER" -c "$T/$_n.conf" -f -v 2>"$T/$_n.log" &
    OPID=$!
    t_on_exit "milter_stop $OPID local:$T/$_n.sock"
    t_wait_file "$T/$_n.sock" 10
}

# 6. A port in use: the start fails and says why.
mss_config "$T/busy.conf" "local:$T/busy.sock" enforce "MetricsListen 127.0.0.1:$MPORT"
timeout 20 "$MSS_MILTER" -c "$T/busy.conf" -f >"$out" 2>&1
t_check "MetricsListen on a taken port: exit 1" [ $? = 1 ]
t_grep "MetricsListen on a taken port: says which and why" \
    "MetricsListen: 127\.0\.0\.1 port $MPORT: Address already in use" "$out"

# 7. Off by default: no listening socket but the milter's.
other off
t_check "default configuration: the daemon runs" kill -0 "$OPID"
ss -H -ltnp >"$out" 2>&1
t_check "default configuration: no TCP listener" sh -c "! grep -q 'pid=$OPID,' $out"
ss -H -lxp >"$out" 2>&1
t_check "default configuration: one unix listener, the milter's" \
    [ "$(grep -c "pid=$OPID," "$out")" = 1 -a "$(grep "pid=$OPID," "$out" | grep -c "$T/off.sock")" = 1 ]
t_check "default configuration: no endpoint logged" sh -c "! grep -q 'metrics endpoint' $T/off.log"
milter_stop "$OPID" "local:$T/off.sock"

# 8. A unix socket, given to UserID and its group, mode 0660.
touch "$T/plain"
mss_config "$T/plain.conf" "local:$T/plain.sock" enforce "MetricsListen unix:$T/plain"
timeout 20 "$MSS_MILTER" -c "$T/plain.conf" -f >"$out" 2>&1
t_check "a file that is not a socket is refused: exit 1" [ $? = 1 ]
t_grep "... and the message says so" "MetricsListen: $T/plain exists and is not a socket" "$out"
other unix "MetricsListen unix:$T/metrics.sock" "UserID nobody"
t_wait_file "$T/metrics.sock" 10
t_check "unix socket: mode 0660" [ "$(stat -c %a "$T/metrics.sock")" = 660 ]
t_check "unix socket: owner nobody" [ "$(stat -c %U "$T/metrics.sock")" = nobody ]
curl -s --max-time 10 --unix-socket "$T/metrics.sock" -o "$M.u" http://localhost/metrics
t_grep "unix socket: curl --unix-socket reads the metrics" '^mssante_milter_build_info\{version=' "$M.u"
t_check "unix socket: /other is 404" [ "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$T/metrics.sock" http://localhost/other)" = 404 ]
milter_stop "$OPID" "local:$T/unix.sock"
other unix2 "MetricsListen unix:$T/metrics.sock"
t_check "a stale metrics socket is replaced at the next start" \
    [ "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$T/metrics.sock" http://localhost/metrics)" = 200 ]
milter_stop "$OPID" "local:$T/unix2.sock"

# 9. The directory stops: a lookup that is not cached fails and is counted.
slapd_stop
pf_swaks "$PF" "$T/sw6" --from "$PRO2" --to "$ORG" --header "Subject: directory down"
wait_zero mssante_milter_transactions_open || t_fail "the transaction ends"
scrape "$M.3"
# PRO2's type is unknown: only a warning, the message passes.
is "directory down" "$M.3" mssante_milter_directory_errors_total 1
is "directory down" "$M.3" mssante_milter_directory_cache_misses_total 2
is "directory down" "$M.3" mssante_milter_directory_lookup_duration_seconds_count 2
is "directory down" "$M.3" 'mssante_milter_messages_total{result="accept"}' 3

mss_stop
t_check "the milter stops cleanly (exit 0)" [ $? = 0 ]
t_check "the endpoint is gone with it" [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" = 000 ]
t_check "milter log clean (sanitizer builds: at exit too)" mss_log_clean "$LOG"
for n in off unix unix2; do t_check "second daemon $n: log clean" mss_log_clean "$T/$n.log"; done
t_done
