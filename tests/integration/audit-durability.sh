#!/bin/bash
# audit-durability.sh - the audit writer's chain across restarts and
# rotations (with logrotate and contrib/logrotate/mssante-milter when
# logrotate is installed), and its failures: a full file system (ulimit -f) and an
# unwritable log make the write fail (the daemon then tempfails) without
# leaving a partial record; "mssante-audit verify" checks each outcome.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
t_init audit-durability

AUDIT=$top_builddir/contrib/audit/mssante-audit
GEN=$top_builddir/tests/unit/check_audit_gen
[ -x "$AUDIT" ] && [ -x "$GEN" ] || { echo "SKIP: build mssante-audit and check_audit_gen first"; exit 77; }

cd "$T" || exit 99
printf '%s\n' 6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839 >key
chmod 600 key

# Restart: a second daemon run appends a "restart" record linked to the tail.
"$GEN" audit.log key 30 >/dev/null 2>&1
"$GEN" audit.log key 30 >/dev/null 2>&1
t_check "restart record written" grep -q '"type":"restart","time":[^,]*,"host":[^,]*,"reason":"start"' audit.log
"$AUDIT" verify --key-file key audit.log >out 2>&1
t_check "restart: the chain runs on" [ $? = 0 ]

# Rotated while stopped: the new file links to the tail of PATH.1.
mv audit.log audit.log.1
"$GEN" audit.log key 10 >/dev/null 2>&1
t_grep "file-start names the previous generation" '"prev_file":"audit.log.1"' audit.log
"$AUDIT" verify --key-file key audit.log.1 audit.log >out 2>&1
t_check "rotation while stopped: the chain runs on across files" [ $? = 0 ]

# Rotation while running, many times (rename + reopen, as logrotate does).
rm -f audit.log*
"$GEN" audit.log key 100 1 10 >gen.out 2>gen.err
mapfile -t FILES < <(grep -v '^patient' gen.out)
t_check "ten files written" [ "${#FILES[@]}" = 10 ]
"$AUDIT" verify --key-file key "${FILES[@]}" >out 2>&1
t_check "rotations: the chain runs on across ten files" [ $? = 0 ]
t_check "each rotated file ends with a checkpoint" [ "$(for f in "${FILES[@]}"; do tail -1 "$f" | grep -c '"type":"checkpoint"'; done | sort -u)" = 1 ]
t_check "each file begins with a file-start" [ "$(for f in "${FILES[@]}"; do head -1 "$f" | grep -c '"type":"file-start"'; done | sort -u)" = 1 ]

# A full file system: ulimit -f makes the write fail half-way.
rm -f full.log
"$GEN" full.log key 5 >/dev/null 2>&1
size=$(stat -c %s full.log)
(ulimit -f $(( (size + 3000) / 1024 )); trap '' XFSZ; exec "$GEN" full.log key 200) >out 2>&1
st=$?
t_check "full disk: the writer reports failure (exit $st)" [ $st = 2 ]
t_grep "full disk: the reason is given" 'short write to audit log|File too large' out
t_check "full disk: no partial record left" [ "$(tail -c 1 full.log | od -An -c | tr -d ' ')" = '\n' ]
"$AUDIT" verify --key-file key full.log >out 2>&1
t_check "full disk: what was written still verifies" [ $? = 0 ]
"$GEN" full.log key 3 >/dev/null 2>&1
"$AUDIT" verify --key-file key full.log >out 2>&1
t_check "full disk: after space returns, the chain runs on" [ $? = 0 ]

# Unwritable: no directory, a read-only file system, /dev/full.
"$GEN" "$T/nodir/audit.log" key 1 >out 2>&1
t_check "missing directory: refused (exit 2)" [ $? = 2 ]
t_grep "missing directory: the reason is given" 'cannot open audit log' out
"$GEN" /proc/version key 1 >out 2>&1
t_check "read-only file system: refused" [ $? = 2 ]
"$GEN" /dev/full key 1 >out 2>&1
t_check "/dev/full: refused (not a regular file)" [ $? = 2 ]
t_grep "/dev/full: the reason is given" 'not a regular file' out

# A key others can read is refused by the writer.
cp key key644; chmod 644 key644
"$GEN" other.log key644 1 >out 2>&1
t_check "world-readable key refused" [ $? = 2 ]
t_grep "world-readable key: the fix is given" 'chmod 600' out

# The logrotate snippet, for real: a writer that reopens on SIGUSR1 (as
# the daemon does), two forced rotations, then the chain across the files.
if command -v logrotate >/dev/null; then
    mkdir -p lr
    sed -e "s|/var/log/mssante-milter/audit.log|$T/lr/audit.log|" \
        -e "s|/run/mssante-milter/mssante-milter.pid|$T/gen.pid|" \
        "$top_srcdir/contrib/logrotate/mssante-milter" >lr.conf
    "$GEN" --serve "$T/lr/audit.log" "$T/key" "$T/gen.pid" 2>serve.err &
    t_on_exit "kill $! 2>/dev/null"
    t_wait_file "$T/gen.pid" 10
    sleep 0.3
    logrotate -f -s "$T/lr.state" lr.conf >out 2>&1
    t_check "logrotate ran the snippet" [ $? = 0 ]
    sleep 0.3
    logrotate -f -s "$T/lr.state" lr.conf >>out 2>&1
    sleep 0.3
    kill -TERM "$(cat gen.pid)"
    wait
    t_check "first generation compressed, second kept plain" [ -s lr/audit.log.2.gz -a -s lr/audit.log.1 ]
    gzip -dc lr/audit.log.2.gz >lr/g2
    "$AUDIT" verify --key-file key lr/g2 lr/audit.log.1 lr/audit.log >out 2>&1
    t_check "logrotate: the chain runs on across the rotated files" [ $? = 0 ]
    t_grep "logrotate: records on both sides of each rotation" '^OK: [0-9]+ records in 3 file' out
    t_check "logrotate: each new file was started by a reopen" [ "$(grep -c '"type":"file-start"[^}]*"reason":"reopen"' lr/audit.log.1 lr/audit.log | cut -d: -f2 | sort -u)" = 1 ]
else
    echo "# logrotate not installed: snippet not exercised"
fi
t_done
