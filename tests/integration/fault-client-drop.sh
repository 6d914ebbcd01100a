#!/bin/bash
# fault-client-drop.sh - SMTP clients that hang up at every stage of the
# protocol: right after the banner (connect), after HELO, after MAIL FROM,
# after RCPT TO, after DATA's 354, and in the middle of the body; REPS
# times each, through Postfix to the milter with an audit trail.
# The daemon under test is the one of the build (an ASan build's daemon
# reports leaks itself at exit); in a build without sanitizers it runs
# under valgrind when valgrind is installed, which must report no error
# and no definite leak.
# Stated outcome: the milter survives every hang-up, leaks nothing, and
# the audit trail has one record per transaction begun (MAIL FROM and
# later), none for the sessions that ended before MAIL FROM, each saying
# the transaction was aborted ("action":"aborted", "end":"abort", no size)
# and how far it went: no recipient for a hang-up after MAIL FROM, the
# accepted recipient for the later stages. Postfix tells its milters of a
# lost connection as of an RSET (SMFIC_ABORT, then SMFIC_QUIT), and hands
# them the headers and body only once the whole message is in its queue
# file, so "end":"abort" (not "close") and no subject are what the milter
# can truthfully record for a client that vanishes after RCPT, at DATA or
# mid-body (mssante-milter-audit(5)). The trail verifies; a normal message
# afterwards is accepted.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/faults.sh"

t_init fault-client-drop
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd python3
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
AUDIT=$top_builddir/contrib/audit/mssante-audit
[ -x "$AUDIT" ] || { echo "SKIP: mssante-audit not built"; exit 77; }
ORG=cardiologie@ch-exemple.mssante.fr
KEY=$T/audit.key
printf '%s\n' 6d7373616e74652d636c69656e742d64726f702d746573742d6b65792d303132 >"$KEY"
chmod 600 "$KEY"

# The leak checker: the sanitizers of the build, else valgrind.
if grep -q __asan_init "$MSS_MILTER" 2>/dev/null; then
    CHECKER=asan
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
elif command -v valgrind >/dev/null 2>&1; then
    CHECKER=valgrind
    REAL=$MSS_MILTER
    MSS_MILTER=$T/milter-vg
    printf '#!/bin/sh\nexec valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --log-file=%s/vg.%%p %s "$@"\n' \
        "$T" "$REAL" >"$MSS_MILTER"
    chmod 755 "$MSS_MILTER"
else
    CHECKER=none
fi
# valgrind makes each session take about a second.
[ $CHECKER = valgrind ] && REPS=${FAULT_REPS:-4} || REPS=${FAULT_REPS:-10}
echo "# leak checker: $CHECKER"

mss_stack enforce "InternalHosts 127.0.0.1/32" "AuditLog $T/audit.log" "AuditKeyFile $KEY" \
    || { t_fail "stack starts"; t_done; }
# valgrind is slow to start: the socket may exist before the daemon serves.
sleep 1

# drop STAGE SENDER - one SMTP session that hangs up at STAGE
drop() {
    python3 - "$(pf_port "$PF")" "$1" "$2" "$ORG" <<'PY'
import socket, sys
port, stage, sender, rcpt = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
s = socket.create_connection(("127.0.0.1", port), timeout=30)
f = s.makefile("rb")
def reply():
    while True:
        l = f.readline()
        if not l or l[3:4] != b"-":
            return l
def cmd(c):
    s.sendall(c.encode() + b"\r\n")
    return reply()
reply()
steps = [("helo", "EHLO client.test.example"), ("mail", "MAIL FROM:<%s>" % sender),
         ("rcpt", "RCPT TO:<%s>" % rcpt), ("data", "DATA")]
if stage != "connect":
    for name, c in steps:
        cmd(c)
        if name == stage:
            break
if stage == "body":
    s.sendall(b"From: <%s>\r\nTo: <%s>\r\nSubject: half\r\n\r\nla moitie d'un compte rendu\r\n"
              % (sender.encode(), rcpt.encode()))
s.close()
PY
}

STAGES="connect helo mail rcpt data body"
for i in $(seq 1 "$REPS"); do
    for st in $STAGES; do drop "$st" "drop-$st@medecin.mssante.fr"; done
done
sleep 2
t_check "the milter survived $((REPS * 6)) hang-ups" kill -0 "$MSS_PID"
pf_swaks "$PF" "$T/sw-after" --from jean.exemple@medecin.mssante.fr --to "$ORG" --header "Subject: after"
t_check "a normal message is then accepted" [ "$(f_swaks_code "$T/sw-after")" = 250 ]
sink_await "$SINK_DIR" '^Subject: after$' >/dev/null
t_check "nothing of the dropped sessions was delivered" [ "$(sink_count "$SINK_DIR")" = 1 ]

st=0
mss_stop || st=$?
t_check "milter stops cleanly (exit $st; 99: $CHECKER found an error)" [ $st = 0 ]
if [ $CHECKER = valgrind ]; then
    if grep -qE 'definitely lost|Invalid|uninitialised' "$T"/vg.*; then
        t_fail "valgrind: no error, no definite leak"
        grep -hE -A12 'definitely lost|Invalid|uninitialised' "$T"/vg.* | head -40 | sed 's/^/#   /'
    else
        t_ok "valgrind: no error, no definite leak"
    fi
fi
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean

for st in connect helo; do
    t_check "$st: no transaction, no record" \
        [ "$(grep -c "\"sender\":\"drop-$st@" "$T/audit.log")" = 0 ]
done
for st in mail rcpt data body; do
    grep "\"sender\":\"drop-$st@" "$T/audit.log" >"$T/rec-$st"
    n=$(grep -c . "$T/rec-$st")
    t_check "$st: one record per session ($n of $REPS)" [ "$n" = "$REPS" ]
    n=$(grep '"action":"aborted"' "$T/rec-$st" | grep '"size":null' | grep -c '"end":"abort"')
    t_check "$st: each says aborted, no size, end abort ($n of $REPS)" [ "$n" = "$REPS" ]
    if [ $st = mail ]; then
        t_check "$st: no recipient recorded" [ "$(grep -c '"rcpts":\[\]' "$T/rec-$st")" = "$REPS" ]
    else
        t_check "$st: the accepted recipient recorded" \
            [ "$(grep -c "\"rcpts\":\[{\"addr\":\"$ORG\",\"action\":\"accept\"" "$T/rec-$st")" = "$REPS" ]
    fi
done
"$AUDIT" verify --key-file "$KEY" "$T/audit.log" >"$T/verify.out" 2>&1
t_check "the trail verifies" [ $? = 0 ]
t_done
