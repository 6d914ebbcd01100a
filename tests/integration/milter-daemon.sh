#!/bin/bash
# milter-daemon.sh - mssante-milter as a process: options, -n checks with
# file:line:key errors, the manual's key list, sockets (stale, in use, not a
# socket, mode, owner), the pid file, privileges, detaching, and stopping
# within a second on SIGTERM and SIGINT. No directory is needed: the daemon
# runs without a trust snapshot.
. "${top_srcdir:-.}/tests/lib/common.sh"
t_init milter-daemon
. "$top_srcdir/tests/integration/miltertest-lib.sh"

SLAPD_URI=ldap://127.0.0.1:1/
out=$T/out

# Options.
"$MILTER" -V >"$out" 2>&1
t_grep "-V prints the version" '^mssante-milter [0-9.]+ \(libmilter [0-9.]+\)$' "$out"
"$MILTER" -x >"$out" 2>&1
t_check "bad option: exit 2" test $? = 2
t_grep "bad option: usage" '^usage: mssante-milter' "$out"
"$MILTER" -f extra >"$out" 2>&1
t_check "extra argument: exit 2" test $? = 2

# -n: good and bad configurations.
mtl_config "$T/good.conf" "Socket local:$T/m.sock" "InternalHosts 10.0.0.0/8 ::1/128"
"$MILTER" -n -c "$T/good.conf" >"$out" 2>&1
t_check "-n accepts a good file" test $? = 0
t_grep "-n says OK" "good.conf: configuration OK" "$out"

check_bad() {
    # check_bad DESC EXPECTED-REGEX [LINE...]
    _desc=$1 _want=$2
    shift 2
    mtl_config "$T/bad.conf" "$@"
    "$MILTER" -n -c "$T/bad.conf" >"$out" 2>&1
    _st=$?
    t_check "-n refuses $_desc (exit 1)" test $_st = 1
    t_grep "-n names file, line and key: $_desc" "$_want" "$out"
}
# mtl_config writes 7 lines first: the extra lines start at line 8.
check_bad "an unknown key" "bad.conf:8: Bogus: unknown key" "Bogus yes"
check_bad "a bad value" "bad.conf:9: PatientMaxSize: expected a size" "Mode enforce" "PatientMaxSize lots"
check_bad "a repeated key" "bad.conf:8: LDAPBase: already set at line 5" "LDAPBase o=other"
check_bad "a bad CIDR" 'bad.conf:8: InternalHosts: bad prefix length at "10.0.0.0/40"' "InternalHosts 127.0.0.1/8, 10.0.0.0/40"
check_bad "a bad socket" "bad.conf:8: Socket: a unix socket needs an absolute path" "Socket local:relative.sock"
check_bad "an unknown user" "bad.conf:8: UserID: unknown user no-such-user-h4" "UserID no-such-user-h4"
check_bad "an unreadable password file" "bad.conf:9: LDAPBindPasswordFile: $T/nope: No such file" \
    "LDAPBindDN cn=milter,o=mssante" "LDAPBindPasswordFile $T/nope"
# LDAPURI (line 4): a URI that gives no usable directory client is refused,
# so that neither a start nor a reload runs the rules without a directory.
for bad in 'not-a-uri|is not an LDAP URI' 'ldap:/|is not an LDAP URI' \
    '127.0.0.1:389|is not an LDAP URI' 'ldap://|no host' \
    'ldap://127.0.0.1:99999/|port 99999 out of range' 'ldap://127.0.0.1:x/|is not an LDAP URI' \
    'ldapi://relative.sock/|socket path must be absolute' \
    'ldap://127.0.0.1/o=mssante|a DN, attributes' 'ldap://127.0.0.1/??sub|a DN, attributes' \
    'http://127.0.0.1/|is not an LDAP URI' 'ldap://a b/|a blank'; do
    SLAPD_URI=${bad%%|*} check_bad "LDAPURI ${bad%%|*}" "bad.conf:4: LDAPURI: .*${bad#*|}"
done
for good in ldap://127.0.0.1:389 ldaps://ldap.example/ 'ldapi://%2Fvar%2Frun%2Fslapd%2Fldapi/' ldapi:///; do
    SLAPD_URI=$good mtl_config "$T/uri.conf"
    "$MILTER" -n -c "$T/uri.conf" >"$out" 2>&1
    t_check "-n accepts LDAPURI $good" test $? = 0
done
"$MILTER" -n -c "$T/missing.conf" >"$out" 2>&1
t_check "-n refuses a missing file (exit 1)" test $? = 1
t_grep "-n names the missing file" "missing.conf:0: cannot open: No such file or directory" "$out"
"$MILTER" -n -c "$T/good.conf" -u no-such-user-h4 >"$out" 2>&1
t_grep "-n checks -u" "^mssante-milter: -u: unknown user no-such-user-h4" "$out"

# The manual lists exactly the keys of the table, with their defaults.
"$MILTER" --dump-keys >"$T/keys" 2>&1
sed -n '/^\.\\" BEGIN KEYS$/,/^\.\\" END KEYS$/p' "$top_srcdir/milter/conf/mssante-milter.conf.5" \
    | sed '1d;$d' >"$T/man-keys"
t_check "mssante-milter.conf(5) key list matches --dump-keys" cmp -s "$T/keys" "$T/man-keys"
cmp "$T/keys" "$T/man-keys" >/dev/null || diff "$T/keys" "$T/man-keys" | head -10 | sed 's/^/#   /'
t_check "the key list is not empty" test "$(grep -c '^\.B ' "$T/keys")" -ge 28

# The example configuration lists every key and passes -n (-u overrides its
# UserID, which need not exist here).
example=$top_srcdir/contrib/mssante-milter.conf
"$MILTER" -n -c "$example" -u root >"$out" 2>&1
t_check "contrib/mssante-milter.conf passes -n" test $? = 0
missing=
for k in $(sed -n 's/^\.B //p' "$T/keys" | sed 's/\\-/-/g'); do
    grep -Eq "^#?$k( |$)" "$example" || missing="$missing $k"
done
t_check "contrib/mssante-milter.conf lists every key${missing:+ (missing:$missing)}" test -z "$missing"

# A stale unix socket (no process behind it) is replaced.
python3 - "$T/stale.sock" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
EOF
t_check "stale socket prepared" test -S "$T/stale.sock"
mtl_config "$T/stale.conf" "Socket local:$T/stale.sock" "SocketMode 0600" "PidFile $T/m.pid"
mtl_start stale "$T/stale.conf" || t_fail "start over a stale socket"
t_ok "started over a stale socket"
t_check "SocketMode applied" test "$(stat -c %a "$T/stale.sock")" = 600
t_check "pid file holds the pid" test "$(cat "$T/m.pid")" = "$MTL_PID"

# A socket in use by a live daemon is not stolen.
"$MILTER" -f -c "$T/stale.conf" -P "$T/other.pid" >"$out" 2>&1
t_check "second daemon on the same socket: exit 1" test $? = 1
t_grep "second daemon says the socket is in use" "stale.sock is in use by another process" "$out"
t_check "first daemon still listens" test -S "$T/stale.sock"

# SIGTERM: exit within a second, socket and pid file removed.
start=$(date +%s%N)
mtl_stop "$MTL_PID"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# SIGTERM to exit: $ms ms"
t_check "SIGTERM exit in less than 1 s ($ms ms)" test "$ms" -lt 1000
t_check "socket removed at exit" test ! -e "$T/stale.sock"
t_check "pid file removed at exit" test ! -e "$T/m.pid"
t_grep "clean stop logged" "stopping: clean" "$T/stale.log"

# A file that is not a socket is never removed.
echo data >"$T/file.sock"
mtl_config "$T/file.conf" "Socket local:$T/file.sock"
"$MILTER" -f -c "$T/file.conf" >"$out" 2>&1
t_check "regular file at the socket path: exit 1" test $? = 1
t_grep "regular file reported" "file.sock exists and is not a socket" "$out"
t_check "regular file kept" grep -q data "$T/file.sock"

# inet: a port in use is reported with the system's reason; SIGINT stops.
port=$(t_port)
python3 -c "
import socket, time, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(1); time.sleep(5)" &
holder=$!
t_on_exit "kill $holder"
t_wait_port "$port" 5
mtl_config "$T/inet.conf" "Socket inet:$port@127.0.0.1"
"$MILTER" -f -c "$T/inet.conf" >"$out" 2>&1
t_check "port in use: exit 1" test $? = 1
t_grep "port in use reported" "inet:$port@127.0.0.1: bind: Address already in use" "$out"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
port=$(t_port)
mtl_config "$T/inet.conf" "Socket inet:$port@127.0.0.1"
mtl_start inet "$T/inet.conf" || t_fail "start on inet:$port"
start=$(date +%s%N)
kill -INT "$MTL_PID"
n=30
while kill -0 "$MTL_PID" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.02; n=$((n - 1)); done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
t_check "SIGINT exit in less than 1 s on inet ($ms ms)" test "$ms" -lt 1000

# Detached: the parent exits 0 once the daemon is ready.
mtl_config "$T/bg.conf" "Socket local:$T/bg.sock" "PidFile $T/bg.pid"
"$MILTER" -c "$T/bg.conf" >"$out" 2>&1
t_check "detached start: parent exits 0" test $? = 0
t_wait_file "$T/bg.pid" 5
bgpid=$(cat "$T/bg.pid" 2>/dev/null)
t_on_exit "kill -9 $bgpid"
t_check "detached daemon runs" kill -0 "$bgpid"
t_check "detached daemon listens" test -S "$T/bg.sock"
t_check "detached daemon left its session" test "$(ps -o sid= -p "$bgpid" | tr -d ' ')" = "$bgpid"
kill "$bgpid"
# Reparented to PID 1, which may not reap it here: a zombie counts as stopped.
alive() { case $(ps -o stat= -p "$1" 2>/dev/null) in ""|Z*) return 1 ;; esac; return 0; }
n=50
while alive "$bgpid" && [ $n -gt 0 ]; do sleep 0.02; n=$((n - 1)); done
t_check "detached daemon stops on SIGTERM" bash -c "! { ps -o stat= -p $bgpid | grep -qv '^Z'; }"
t_check "detached daemon removed its socket" test ! -e "$T/bg.sock"

# Privileges (root only): the socket belongs to the user, the process runs as it.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    mkdir -p "$T/run" && chmod 755 "$T/run"
    mtl_config "$T/priv.conf" "Socket local:$T/run/sub/p.sock" "UserID nobody"
    mtl_start priv "$T/priv.conf" || t_fail "start as nobody"
    uid=$(awk '/^Uid:/ {print $2 "," $3 "," $4 "," $5}' "/proc/$MTL_PID/status")
    t_check "process runs as nobody (uid $uid)" test "$uid" = "$(id -u nobody),$(id -u nobody),$(id -u nobody),$(id -u nobody)"
    t_check "socket owned by nobody" test "$(stat -c %U "$T/run/sub/p.sock")" = nobody
    t_check "socket directory created for nobody" test "$(stat -c %U "$T/run/sub")" = nobody
    t_grep "no root warning with UserID" "starting mssante-milter .* user=nobody" "$T/priv.log"
    mtl_stop "$MTL_PID"
else
    echo "# not root: privilege tests skipped"
fi
t_done
