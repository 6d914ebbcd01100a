#!/bin/bash
# fault-audit-full.sh - the audit trail's file system fills up under load.
# The AuditLog lives on a private 1 MB tmpfs; an upstream Postfix relays to
# the MTA under test (the milter, On-AuditError tempfail), which relays to
# smtp-sink. A filler file takes every free block of the tmpfs.
# Stated outcome: while the file system is full, a message gets 451 4.3.0
# (rule audit.error) at the end of DATA, the load through the upstream is
# deferred, not lost; the trail never holds a partial record (it ends with
# a newline) and "mssante-audit verify" passes on it; once the filler is
# removed, writing resumes without restarting the milter, every message of
# the load reaches the sink exactly once, and the whole chain verifies.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/faults.sh"

t_init fault-audit-full
t_need_root
t_need_cmd postfix smtp-sink smtp-source swaks slapd slapadd mount umount
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
AUDIT=$top_builddir/contrib/audit/mssante-audit
[ -x "$AUDIT" ] || { echo "SKIP: mssante-audit not built"; exit 77; }
N=${FAULT_MESSAGES:-100}
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log UP=$T/upstream MTA=$T/postfix SINK_DIR=$T/sink
A=$T/audit KEY=$T/audit.key

mkdir -p "$A"
mount -t tmpfs -o size=1m,mode=0755 mss-audit-test "$A" 2>"$T/mount.err" \
    || { echo "SKIP: cannot mount a tmpfs here: $(cat "$T/mount.err")"; exit 77; }
t_on_exit "umount -l $A"
printf '%s\n' 6d7373616e74652d61756469742d6661756c742d746573742d6b65792d303132 >"$KEY"
chmod 600 "$KEY"

mss_dir_start || { t_fail "slapd starts"; t_done; }
mss_config "$T/milter.conf" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32" \
    "AuditLog $A/audit.log" "AuditKeyFile $KEY" "AuditSync every" "On-AuditError tempfail"
mss_start "$T/milter.conf" || { t_fail "milter starts"; t_done; }
pid0=$MSS_PID
f_two_mtas "$MSS_SOCK" || { t_fail "sink and both Postfix instances start"; t_done; }

pf_swaks "$MTA" "$T/sw-before" --from "$PRO" --to "$ORG" --header "Subject: before"
t_check "before: accepted" [ "$(f_swaks_code "$T/sw-before")" = 250 ]

# Fill the file system: every block the filler can get.
dd if=/dev/zero of="$A/filler" bs=512 2>/dev/null
t_check "the audit file system is full" [ "$(df --output=avail -k "$A" | tail -1 | tr -d ' ')" -lt 4 ]
size_full=$(stat -c %s "$A/audit.log")

# The trail's last page may still hold a record or two: send until refused.
ok_before=0
for i in 1 2 3 4 5 6 7 8 9 10; do
    pf_swaks "$MTA" "$T/sw-full" --from "$PRO" --to "$ORG" --header "Subject: full $i"
    [ "$(sw_code "$T/sw-full" .)" = 451 ] && break
    ok_before=$((ok_before + 1))
done
t_check "full: 451 at the end of DATA (after $ok_before that still fit)" [ "$(sw_code "$T/sw-full" .)" = 451 ]
t_grep "full: 4.3.0, rule audit.error" "^451 4\.3\.0 .*audit\.error" <(sw_reply "$T/sw-full" .)
timeout 120 smtp-source -s 5 -m "$N" -l 2048 -f "$PRO" -t "$ORG" \
    "127.0.0.1:$(pf_port "$UP")" >"$T/source.out" 2>&1
t_check "full: the upstream accepted the $N messages of the load" [ $? = 0 ]
t_check "full: the upstream defers them on the 451" pf_wait_log "$UP" "status=deferred .*451 4\.3\.0" 20
t_check "full: nothing of the load reached the sink" [ "$(sink_count "$SINK_DIR")" = $((1 + ok_before)) ]
t_check "full: no partial record (the trail ends with a newline)" \
    [ "$(tail -c 1 "$A/audit.log" | od -An -c | tr -d ' ')" = '\n' ]
t_check "full: the trail did not grow by a partial line" [ "$(stat -c %s "$A/audit.log")" -ge "$size_full" ]
# The live trail: a checkpoint the timer retries on the full file system
# may stand there as a cut line for an instant, until the writer cuts it
# back (the check above saw it whole); so read again a few times.
verified=1
for _ in 1 2 3 4 5 6 7 8 9 10; do
    "$AUDIT" verify --key-file "$KEY" "$A/audit.log" >"$T/verify-full.out" 2>&1 && { verified=0; break; }
    sleep 0.3
done
t_check "full: what was written verifies" [ $verified = 0 ]
t_grep "milter log: the audit write error is logged" "audit" "$LOG"

# Space returns: writing resumes in the same process, nothing is lost.
rm -f "$A/filler"
f_drain
M=$((N + 1 + ok_before))
f_once $M    # the probes accepted and the load
t_check "the same daemon process" [ "$MSS_PID" = "$pid0" ]
t_check "milter stops cleanly (exit 0)" mss_stop
accepted=$(grep -c '"action":"accept".*"end":"eom"' "$A/audit.log")
t_check "the trail records every delivered message ($accepted >= $M)" [ "$accepted" -ge $M ]
"$AUDIT" verify --key-file "$KEY" "$A/audit.log" >"$T/verify.out" 2>&1
t_check "after space returned: the whole chain verifies" [ $? = 0 ]
[ -s "$T/verify.out" ] && sed 's/^/#   /' "$T/verify.out" | tail -3
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
