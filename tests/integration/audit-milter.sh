#!/bin/bash
# audit-milter.sh - the audit trail of the daemon, through a real Postfix:
# -n checks of the Audit* keys; one record per transaction (accepted over
# TLS, one recipient refused at RCPT, refused at MAIL, every recipient
# refused, abandoned after RCPT) holding the expected facts and no INS in
# clear; "mssante-audit verify" passes, and names a modified, deleted or
# swapped line; rotation by mv + SIGHUP and by the logrotate snippet keeps
# the chain across files; a log that cannot be written (RLIMIT_FSIZE set on
# the running daemon: EFBIG, like a full disk) tempfails messages at end of
# DATA, 451 4.3.0, and a relaying Postfix keeps them queued until the log
# is writable again (none lost); On-AuditError accept lets them through.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/tlsca.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init audit-milter
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd openssl prlimit logrotate
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
AUDIT=$top_builddir/contrib/audit/mssante-audit
[ -x "$AUDIT" ] || { echo "SKIP: mssante-audit not built"; exit 77; }
perl -MNet::SSLeay -e 1 2>/dev/null || { echo "SKIP: swaks needs Net::SSLeay for TLS"; exit 77; }

# RLIMIT_FSIZE must make write() fail with EFBIG, not kill the daemon:
# an ignored signal stays ignored in the processes started from here.
trap '' XFSZ

# The file size limit would apply to the milter's standard error too (a
# file larger than the audit log): it goes through a pipe instead.
mkfifo "$T/milter.log"
cat "$T/milter.log" >>"$T/milter.out" &
t_on_exit "kill $!"

PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
OUT=dupont@gmail.example
PAT=253072A07300443@patient.mssante.fr
BADINS=288091234567823@patient.mssante.fr
LOG=$T/milter.out
A=$T/audit
KEY=$T/audit.key
mkdir -p "$A" && chmod 755 "$A"
printf '%s\n' 6d7373616e74652d61756469742d6d696c7465722d746573742d6b65792d3031 >"$KEY"
chmod 600 "$KEY"
tls_make_pki "$T/pki" || { t_fail "test PKI"; t_done; }

CONF_LINES=("InternalHosts 127.0.0.1/32" "Hostname mx-audit.test.example"
    "PidFile $T/milter.pid" "AuditLog $A/audit.log" "AuditKeyFile $KEY"
    "AuditSync 200ms")
mss_stack enforce "${CONF_LINES[@]}" || { t_fail "stack starts"; t_done; }
t_ok "slapd, mssante-milter with AuditLog, Postfix and smtp-sink started"
pf_tls "$PF" "$T/pki/server.crt" "$T/pki/server.key" "$T/pki/igc-chain.pem"
pf_reload "$PF"; sleep 0.5
t_grep "the daemon says where the trail is" "audit trail: $A/audit.log \(AuditSync 200ms" "$LOG"

# 1. -n: the Audit* keys are checked beyond their syntax.
out=$T/out
check_bad() {
    # check_bad DESC EXPECTED-REGEX [LINE...]
    _d=$1 _want=$2; shift 2
    mss_config "$T/bad.conf" "local:$T/bad.sock" enforce "$@"
    "$MSS_MILTER" -n -c "$T/bad.conf" >"$out" 2>&1
    _st=$?
    if [ $_st = 1 ] && grep -Eq -- "$_want" "$out"; then t_ok "-n refuses $_d"
    else t_fail "-n refuses $_d (exit $_st, want 1 and /$_want/)"; sed 's/^/#   /' "$out"; fi
}
check_bad "AuditLog without AuditKeyFile" "bad.conf:[0-9]+: AuditLog: needs AuditKeyFile" \
    "AuditLog $A/x.log"
cp "$KEY" "$T/open.key"; chmod 644 "$T/open.key"
check_bad "a key file others can read" "bad.conf:[0-9]+: AuditKeyFile: .*open.key" \
    "AuditLog $A/x.log" "AuditKeyFile $T/open.key"
check_bad "a missing key file" "bad.conf:[0-9]+: AuditKeyFile: .*nokey" \
    "AuditLog $A/x.log" "AuditKeyFile $T/nokey"
check_bad "a bad AuditSync" "bad.conf:[0-9]+: AuditSync: expected every, interval, none" \
    "AuditSync sometimes"
check_bad "a bad On-AuditError" "bad.conf:[0-9]+: On-AuditError: expected one of: tempfail\|accept" \
    "On-AuditError ignore"
check_bad "an AuditCheckpoint below 1s" "bad.conf:[0-9]+: AuditCheckpoint: expected 0 or a whole" \
    "AuditCheckpoint 500ms"
check_bad "a missing log directory" "bad.conf:[0-9]+: AuditLog: directory $T/nodir: No such file" \
    "AuditLog $T/nodir/audit.log" "AuditKeyFile $KEY"

# txn_count FILE: transaction records in FILE
txn_count() { grep -c '"type":"txn"' "$1" 2>/dev/null; }

# wait_txn FILE N: wait (5 s at most) until FILE holds N transaction records
wait_txn() {
    _n=50
    while [ $_n -gt 0 ]; do
        [ "$(txn_count "$1")" -ge "$2" ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $1: $(txn_count "$1") transaction records, expected $2"; return 1
}

# rec REGEX: the transaction record matching REGEX (extended), into $T/rec
rec() { grep '"type":"txn"' "$A/audit.log" | grep -E -- "$1" | tail -1 >"$T/rec"; }

# 2. Transactions of every kind.
pf_swaks "$PF" "$T/sw1" --tls --tls-cert "$T/pki/mx1.crt" --tls-key "$T/pki/mx1.key" \
    --from "$PRO" --to "$ORG,$PAT" --header "Subject: =?UTF-8?B?W0ZJTl0=?=" \
    --header "Message-Id: <audit-1@test.example>"
t_check "accepted over TLS: swaks exits 0" [ $? = 0 ]
pf_swaks "$PF" "$T/sw2" --from "$PRO" --to "$ORG,$BADINS" --header "Subject: [Fin]" \
    --header "Message-Id: <audit-2@test.example>"
t_check "one recipient refused: accepted for the other" [ $? = 0 ]
t_check "one recipient refused: 550 5.1.3 at RCPT" [ "$(sw_code "$T/sw2" "RCPT TO:<$BADINS>")" = 550 ]
pf_swaks "$PF" "$T/sw3" --from secretariat@cabinet.example --to "$ORG"
t_check "outside sender: refused at MAIL" [ "$(sw_code "$T/sw3" "MAIL FROM")" = 550 ]
pf_swaks "$PF" "$T/sw4" --from "$PRO" --to "$OUT"
t_check "only recipient refused at RCPT" [ "$(sw_code "$T/sw4" "RCPT TO:<$OUT>")" = 550 ]
pf_swaks "$PF" "$T/sw5" --from "$PRO" --to "$ORG" --quit-after RCPT
t_check "session abandoned after RCPT" [ "$(sw_code "$T/sw5" "RCPT TO:<$ORG>")" = 250 ]
wait_txn "$A/audit.log" 5
t_check "5 transaction records" [ "$(txn_count "$A/audit.log")" = 5 ]

# The accepted message over TLS.
rec '"message_id":"<audit-1@test.example>"'
t_grep "accepted: host, queue id, client" \
    '"host":"mx-audit\.test\.example","qid":"[0-9A-F]+","client":\{"addr":"127\.0\.0\.1","name":"[^"]*","helo":"client\.test\.example"\}' "$T/rec"
t_grep "accepted: direction and mode" '"direction":"outbound","mode":"enforce"' "$T/rec"
t_grep "accepted: TLS version, cipher, peer subject and issuer" \
    '"tls":\{"version":"TLSv1\.[23]","cipher":"[^"]+","subject":"mx1\.operateur-a\.example","issuer":"TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"' "$T/rec"
t_grep "accepted: sender" "\"sender\":\"$PRO\"" "$T/rec"
hmac=$(printf %s 253072A07300443 | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(cat "$KEY")" -r | cut -d' ' -f1)
t_grep "accepted: each recipient with its verdict, the patient pseudonymised" \
    "\"rcpts\":\[\{\"addr\":\"$ORG\",\"action\":\"accept\",\"rule\":null,\"reply\":null\},\{\"addr\":\"hmac:$hmac@patient\.mssante\.fr\",\"action\":\"accept\"" "$T/rec"
t_grep "accepted: RFC 2047 [FIN] subject is a closing" '"subject":"closing","subject_kind":null' "$T/rec"
t_grep "accepted: documents and events empty, size counted" \
    '"documents":\[\],"patients":\[\],"events":\[\],"size":[1-9][0-9]+,' "$T/rec"
t_grep "accepted: final action, end, duration" \
    '"action":"accept","rule":null,"reply":null,"end":"eom","duration_ms":[0-9]+,' "$T/rec"

rec '"message_id":"<audit-2@test.example>"'
t_grep "RCPT refusal: the refused recipient, its rule and reply" \
    '\{"addr":"hmac:[0-9a-f]{64}@patient\.mssante\.fr","action":"reject","rule":"ins\.key","reply":"550 5\.1\.3 Adresse patient <hmac:[0-9a-f]{64}@patient\.mssante\.fr> invalide' "$T/rec"
t_grep "RCPT refusal: the message accepted for the other" '"action":"accept","rule":null,"reply":null,"end":"eom"' "$T/rec"
t_grep "RCPT refusal: [Fin] is a near-miss of case" '"subject":"near-miss","subject_kind":"case"' "$T/rec"
t_grep "RCPT refusal: tls null without STARTTLS" '"tls":null' "$T/rec"

rec '"sender":"secretariat@cabinet\.example"'
t_grep "MAIL refusal: recorded with its rule and reply, no recipient" \
    '"rcpts":\[\],.*"action":"reject","rule":"trust\.sender_domain","reply":"550 5\.7\.1 Expediteur <secretariat@cabinet\.example> refuse.*"end":"abort"' "$T/rec"

rec "\"addr\":\"$OUT\""
t_grep "all recipients refused: reject with the recipient's rule" \
    '"action":"reject","rule":"trust\.rcpt_domain","reply":"550 5\.7\.1 .*"end":"(abort|close)"' "$T/rec"

rec '"action":"aborted"'
t_grep "abandoned session: aborted, recipient accepted" \
    "\"rcpts\":\[\{\"addr\":\"$ORG\",\"action\":\"accept\".*\"message_id\":null.*\"size\":null,\"action\":\"aborted\",\"rule\":null,\"reply\":null,\"end\":\"(abort|close)\"" "$T/rec"

t_check "no INS in clear in the trail" sh -c "! grep -Eiq '253072A07300443|288091234567823' '$A/audit.log'"
t_check "no Subject text in the trail" sh -c "! grep -Fq '[Fin]' '$A/audit.log'"
t_check "the milter log shows no full INS either" sh -c "! grep -Eiq '253072A07300443|288091234567823' '$LOG'"

# 3. verify passes; a modified, deleted or swapped line is named.
"$AUDIT" verify --key-file "$KEY" "$A/audit.log" >"$out" 2>&1
t_check "mssante-audit verify passes (exit 0)" [ $? = 0 ]
t_grep "verify counts the records" '^OK: [0-9]+ records in 1 file' "$out"
verify_fails() {
    _d=$1 _re=$2; shift 2
    (cd "$T" && "$AUDIT" verify "$@") >"$out" 2>&1; _st=$?
    if [ $_st = 1 ] && grep -Eq -- "$_re" "$out"; then t_ok "$_d"
    else t_fail "$_d (exit $_st, want 1 and /$_re/)"; sed 's/^/#   /' "$out"; fi
}
n=$(grep -n '"rule":"trust\.sender_domain"' "$A/audit.log" | head -1 | cut -d: -f1)
cp "$A/audit.log" "$T/m.log"
sed -i "${n}s/\"action\":\"reject\",\"rule\":\"trust/\"action\":\"accept\",\"rule\":\"trust/" "$T/m.log"
verify_fails "a modified record is named with its line" "^m\.log:$n: record modified" m.log
cp "$A/audit.log" "$T/d.log"; sed -i '3d' "$T/d.log"
verify_fails "a deleted record is named" "^d\.log:3: record deleted before this one" d.log
cp "$A/audit.log" "$T/s.log"; sed -i '3{h;d};4G' "$T/s.log"
verify_fails "swapped records are named" "^s\.log:3: records reordered" s.log

# 4. Rotation: mv + SIGHUP, then the logrotate snippet (SIGUSR1 through the
# pid file); the chain runs on across the files.
mv "$A/audit.log" "$A/audit.log.1"
kill -HUP "$MSS_PID"
t_wait_file "$A/audit.log" 5
t_check "SIGHUP after mv: a new audit.log" [ -s "$A/audit.log" ]
t_grep "the new file starts with a file-start record (reopen)" \
    '^\{"v":1,"type":"file-start",.*"reason":"reopen"' <(head -1 "$A/audit.log")
t_grep "the old file is sealed with a checkpoint" '"type":"checkpoint"' <(tail -1 "$A/audit.log.1")
pf_swaks "$PF" "$T/sw6" --from "$PRO" --to "$ORG" --header "Message-Id: <audit-6@test.example>"
t_check "message after the rotation accepted" [ $? = 0 ]
t_grep "its record is in the new file" '<audit-6@test\.example>' "$A/audit.log"
"$AUDIT" verify --key-file "$KEY" "$A/audit.log.1" "$A/audit.log" >"$out" 2>&1
t_check "verify across the rotation (exit 0)" [ $? = 0 ]
t_grep "verify reads 2 files" '^OK: [0-9]+ records in 2 file\(s\)' "$out"

sed -e "s|/var/log/mssante-milter/audit.log|$A/audit.log|" \
    -e "s|/run/mssante-milter/mssante-milter.pid|$T/milter.pid|" \
    "$top_srcdir/contrib/logrotate/mssante-milter" >"$T/logrotate.conf"
chmod 644 "$T/logrotate.conf"
logrotate -f -s "$T/logrotate.state" "$T/logrotate.conf" >"$out" 2>&1
t_check "logrotate with the snippet (exit 0)" [ $? = 0 ]
t_check "logrotate: audit.log.2 compressed, audit.log.1 not" \
    [ -s "$A/audit.log.2.gz" ] && [ -s "$A/audit.log.1" ]
t_wait_file "$A/audit.log" 5
pf_swaks "$PF" "$T/sw7" --from "$PRO" --to "$ORG" --header "Message-Id: <audit-7@test.example>"
t_grep "after logrotate: the record is in the new file" '<audit-7@test\.example>' "$A/audit.log"
zcat "$A/audit.log.2.gz" >"$T/audit.log.2"
"$AUDIT" verify --key-file "$KEY" "$T/audit.log.2" "$A/audit.log.1" "$A/audit.log" >"$out" 2>&1
t_check "verify across both rotations (exit 0)" [ $? = 0 ]

# 5. The log cannot be written: RLIMIT_FSIZE at the file's size makes the
# next write() fail with EFBIG, as a full file system would.
PFA=$T/relay
# The relay retries after an hour: a deferred message stays in deferred/
# until pf_flush below (the test instances retry every 1-2 s otherwise, and
# two messages cycling between active/ and deferred/ were not always seen
# there together).
pf_create "$PFA" "$(t_port)" "$(pf_port "$PF")" "" \
    && pf_conf "$PFA" "queue_run_delay = 1h" "minimal_backoff_time = 1h" "maximal_backoff_time = 1h" \
    && pf_start "$PFA"
t_check "relaying Postfix (no milter) started" [ $? = 0 ]
sink_before=$(sink_count "$SINK_DIR")
records_before=$(txn_count "$A/audit.log")
prlimit --pid "$MSS_PID" --fsize="$(stat -c %s "$A/audit.log")":unlimited
t_check "file size limit set on the running daemon" [ $? = 0 ]

pf_swaks "$PF" "$T/sw8" --from "$PRO" --to "$ORG" --header "Subject: t8"
t_check "unwritable log: the message is not accepted" [ $? != 0 ]
sw_reply "$T/sw8" . >"$T/r8"
t_grep "unwritable log: 451 4.3.0 at end of DATA" "^451 4\.3\.0 " "$T/r8"
t_grep "unwritable log: the reply names the sender and the rule" \
    "Message de <$PRO> differe: le journal d'audit .*\[regle audit\.error\]" "$T/r8"
t_grep "unwritable log: the milter logs why" \
    "audit: the record cannot be written, message tempfailed instead of accept: cannot write to audit log $A/audit.log: File too large" "$LOG"
t_grep "unwritable log: the summary line says tempfail" "from=<$PRO> .*\[audit\.error\] action=tempfail" "$LOG"
pf_swaks "$PF" "$T/sw9" --from "$PRO" --to "$OUT"
sleep 0.5
t_grep "unwritable log: a transaction ended at RCPT is logged as an error" \
    "audit: the transaction \(ended by (abort|close)\) is not recorded" "$LOG"

for i in 1 2; do
    pf_swaks "$PFA" "$T/swr$i" --from "$PRO" --to "$ORG" --header "Subject: relayed-$i"
    t_check "relayed-$i: queued by the relaying Postfix" [ $? = 0 ]
done
t_check "relayed messages deferred in the relay's queue (4xx from the milter)" pf_wait_deferred "$PFA" 2 60 \
    || grep -E 'status=|warning|error' "$(pf_log "$PFA")" | sed 's/^/#   /'
t_grep "the relay saw 451 4.3.0" "451 4\.3\.0 .*audit\.error" "$(pf_log "$PFA")"
t_check "nothing reached the sink meanwhile" [ "$(sink_count "$SINK_DIR")" = "$sink_before" ]
t_check "no record written meanwhile" [ "$(txn_count "$A/audit.log")" = "$records_before" ]

prlimit --pid "$MSS_PID" --fsize=unlimited:unlimited
pf_flush "$PFA"
t_check "log writable again: the relay's queue empties" pf_wait_queue_empty "$PFA" 20
sink_wait "$SINK_DIR" $((sink_before + 2)) 10
t_check "both relayed messages delivered (none lost)" \
    [ -n "$(sink_find "$SINK_DIR" '^Subject: relayed-1$')" ] && [ -n "$(sink_find "$SINK_DIR" '^Subject: relayed-2$')" ]
t_grep "their records are written" '"sender":"'"$PRO"'".*"action":"accept".*"end":"eom"' <(tail -2 "$A/audit.log")

# 6. On-AuditError accept (reloadable): the decision applies, the error is logged.
mss_config "$MSS_CONF" "local:$T/milter.sock" enforce "${CONF_LINES[@]}" "On-AuditError accept"
kill -HUP "$MSS_PID"; sleep 0.5
prlimit --pid "$MSS_PID" --fsize="$(stat -c %s "$A/audit.log")":unlimited
pf_swaks "$PF" "$T/sw10" --from "$PRO" --to "$ORG" --header "Subject: t10"
t_check "On-AuditError accept: the message is accepted" [ $? = 0 ]
t_grep "On-AuditError accept: the error is logged" "audit: the decision \(accept\) is applied but not recorded" "$LOG"
prlimit --pid "$MSS_PID" --fsize=unlimited:unlimited

# 7. Stop: the trail is sealed, and everything verifies with the key.
mss_stop
t_grep "stopped: the last record is a checkpoint" '"type":"checkpoint"' <(tail -1 "$A/audit.log")
"$AUDIT" verify --key-file "$KEY" "$T/audit.log.2" "$A/audit.log.1" "$A/audit.log" >"$out" 2>&1
t_check "the whole trail verifies with the key after the failures (exit 0)" [ $? = 0 ]
t_grep "checkpoints verified" 'checkpoints: [1-9][0-9]*, all verified' "$out"
t_check "no INS in clear in any file" \
    sh -c "! cat '$T/audit.log.2' '$A/audit.log.1' '$A/audit.log' | grep -Eiq '253072A07300443|288091234567823'"
t_check "no crash or sanitizer report in the milter log" sh -c "! grep -iE 'fatal|panic|runtime error|Sanitizer' '$LOG'"
t_done
