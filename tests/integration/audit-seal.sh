#!/bin/bash
# audit-seal.sh - the seals of the daemon's audit trail, through a real
# mssante-milter driven by miltertest: with AuditCheckpoint 1s the timer
# writes checkpoints while no message comes (a quiet period is sealed); a
# rotation (mv + SIGHUP) ends the old file with a checkpoint of reason
# rotate, a clean stop the last file with reason stop; every seal's head is
# in the daemon's log. "mssante-audit verify --key-file --anchor LOG"
# accepts the trail; it fails on the live file cut right after a checkpoint
# (a later head is in the log), on a rotated file cut the same way, and on
# a copy whose checkpoints were dropped and chain recomputed (a quiet
# period longer than the interval left without a seal).
. "${top_srcdir:-.}/tests/lib/common.sh"
t_init audit-seal
t_need_cmd "${MILTERTEST:-miltertest}" openssl
. "$top_srcdir/tests/integration/miltertest-lib.sh"
AUDIT=$top_builddir/contrib/audit/mssante-audit
GEN=$top_builddir/tests/unit/check_audit_gen
[ -x "$AUDIT" ] && [ -x "$GEN" ] && [ -x "$MILTER" ] || { echo "SKIP: build the daemon, mssante-audit and check_audit_gen first"; exit 77; }

sock=$T/milter.sock
A=$T/audit
KEY=$T/audit.key
mkdir -p "$A"
printf '%s\n' 6d7373616e74652d61756469742d7365616c2d746573742d6b65792d303132 >"$KEY"
chmod 600 "$KEY"
out=$T/out

# verify_fails DESC EXPECTED_REGEX ARGS...: exit 1 and the message
verify_fails() {
    _d=$1 _re=$2; shift 2
    (cd "$A" && "$AUDIT" verify "$@") >"$out" 2>&1; _st=$?
    if [ $_st = 1 ] && grep -Eq -- "$_re" "$out"; then t_ok "$_d"
    else t_fail "$_d (exit $_st, want 1 and /$_re/)"; sed 's/^/#   /' "$out"; fi
}

# The directory is down (LDAP on port 1): the daemon starts, tempfails.
mtl_config "$T/milter.conf" "Socket local:$sock" "AuditLog $A/audit.log" \
    "AuditKeyFile $KEY" "AuditCheckpoint 1s" "AuditSync none"
mtl_start milter "$T/milter.conf" || { t_fail "daemon starts"; t_done; }
LOG=$T/milter.log
mtl_miltertest audit.lua "unix:$sock" qid=QIDS01
sleep 0.3
t_grep "the transaction is in the trail" '"type":"txn".*"qid":"QIDS01"' "$A/audit.log"

# A quiet period of 8 s: the timer seals it, about once a second.
n_before=$(wc -l <"$A/audit.log")
sleep 8
quiet=$(tail -n +"$((n_before + 1))" "$A/audit.log" | grep -c '"type":"checkpoint",.*"reason":"interval","records":0,')
t_check "quiet period sealed by the timer ($quiet empty checkpoints in 8 s)" [ "$quiet" -ge 5 ]
t_grep "each timer checkpoint is logged with its head" \
    'audit: checkpoint in .*/audit\.log: seq [0-9]+, head [0-9a-f]{64}, 0 records \(interval\)' "$LOG"

# A transaction after the quiet period; rotation (mv + SIGHUP); then a
# transaction in the new file; then stop.
mtl_miltertest audit.lua "unix:$sock" qid=QIDS02
mv "$A/audit.log" "$A/audit.log.1"
kill -HUP "$MTL_PID"
t_wait_file "$A/audit.log" 5
sleep 0.3
t_grep "the rotated file ends with a checkpoint of reason rotate" \
    '"type":"checkpoint",.*"reason":"rotate"' <(tail -1 "$A/audit.log.1")
t_grep "the new file begins with a sealed file-start" \
    '^\{"v":1,"type":"file-start",.*"reason":"reopen",.*"checkpoint_s":1,"mac":"[0-9a-f]{64}"' <(head -1 "$A/audit.log")
mtl_miltertest audit.lua "unix:$sock" qid=QIDS03
sleep 2.5
mtl_stop "$MTL_PID"
t_grep "a clean stop ends the file with a checkpoint of reason stop" \
    '"type":"checkpoint",.*"reason":"stop"' <(tail -1 "$A/audit.log")

# The anchors: the daemon's log lines, as grep gives them from syslog.
grep 'audit: ' "$LOG" >"$A/anchors"
"$AUDIT" verify --key-file "$KEY" --anchor "$A/anchors" --closed "$A/audit.log.1" "$A/audit.log" >"$out" 2>&1
t_check "the whole trail verifies with the key and its anchors (exit 0)" [ $? = 0 ] || sed 's/^/#   /' "$out"
t_grep "every logged head is found" '^anchors: ([0-9]+) of the \1 heads in .*anchors found' "$out"
t_grep "the interval is the daemon's" '^interval: a seal at least every 1 s' "$out"

# The live file cut right after one of its checkpoints.
n=$(grep -n '"type":"checkpoint"' "$A/audit.log" | head -1 | cut -d: -f1)
head -n "$n" "$A/audit.log" >"$A/cut.log"
verify_fails "live file cut after a checkpoint: a later logged head is missing" \
    "^cut.log:$n: the trail ends here \\(seq [0-9]+\\), but the daemon logged head" \
    --key-file "$KEY" --anchor anchors audit.log.1 cut.log
# The rotated file cut right after a checkpoint.
n=$(grep -n '"type":"checkpoint"' "$A/audit.log.1" | sed -n 3p | cut -d: -f1)
head -n "$n" "$A/audit.log.1" >"$A/cut.1"
verify_fails "rotated file cut after a checkpoint, given with the next" \
    "^audit.log:1: this file does not continue cut.1" --key-file "$KEY" cut.1 audit.log
verify_fails "rotated file cut after a checkpoint, alone (--closed)" \
    "^cut.1:$n: the last file does not end with a closing checkpoint" --key-file "$KEY" --closed cut.1
# The rotated file rewritten without the key: checkpoints dropped, chain
# recomputed; the quiet period is now a gap of 8 s with no seal.
"$GEN" --forge "$A/audit.log.1" "$A/forged.1" >/dev/null 2>&1
t_check "the forged copy has no checkpoint left" [ "$(grep -c '"type":"checkpoint"' "$A/forged.1")" = 0 ]
verify_fails "checkpoints dropped and chain recomputed: the quiet period has no seal" \
    "^forged.1:[0-9]+: no checkpoint for [0-9]+ s before this record, since the file-start \\(start\\)" \
    --key-file "$KEY" forged.1
t_check "no crash or sanitizer report in the milter log" sh -c "! grep -iE 'fatal|panic|runtime error|Sanitizer' '$LOG'"
t_done
