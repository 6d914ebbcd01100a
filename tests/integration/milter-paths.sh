#!/bin/bash
# milter-paths.sh - what root creates before dropping privileges cannot be
# turned against it (issue 17, point 1): the audit trail, the pid file, the
# unix socket and its directory live in directories the run-as user may
# write, so that user can plant symbolic links, hard links, FIFOs or files
# of its own there, before the start or in the window between libmilter's
# bind() and root's chown(). Each attack aims at a root-owned 0600 file,
# which must stay root's and unchanged while the daemon refuses with a
# clear message. Also: the umask, the detached parent's exit status (its
# child's death by a signal reported, even when the caller ignores
# SIGCHLD) and the startup error on stderr with Syslog no, inet:PORT on
# loopback only.
. "${top_srcdir:-.}/tests/lib/common.sh"
t_init milter-paths
t_need_root
t_need_cmd prlimit perl
id nobody >/dev/null 2>&1 || { echo "SKIP: no user nobody"; exit 77; }
. "$top_srcdir/tests/integration/miltertest-lib.sh"

SLAPD_URI=ldap://127.0.0.1:1/
out=$T/out
U=nobody
KEY=$T/audit.key
printf '%s\n' 6d7373616e74652d61756469742d6d696c7465722d746573742d6b65792d3031 >"$KEY"
chmod 600 "$KEY"

# The file the attacker wants: root's, 0600.
VICTIM=$T/victim
printf 'root:secret:1\n' >"$VICTIM"
chmod 600 "$VICTIM"
victim_sum=$(sha256sum <"$VICTIM")
victim_intact() {
    # victim_intact DESC: owner, mode and content unchanged
    t_check "$1: victim still root's" test "$(stat -c %U "$VICTIM")" = root
    t_check "$1: victim still 0600" test "$(stat -c %a "$VICTIM")" = 600
    t_check "$1: victim unchanged" test "$(sha256sum <"$VICTIM")" = "$victim_sum"
    # Put it back for the next case if it was not.
    chown root:root "$VICTIM"; chmod 600 "$VICTIM"; printf 'root:secret:1\n' >"$VICTIM"
}
# A directory the run-as user may write (the documented setup).
userdir() {
    rm -rf "$1"; mkdir -p "$1"; chown "$U" "$1"; chmod 750 "$1"
}
# refuses DESC REGEX CONF: the daemon (-f) exits 1 with REGEX on stderr.
refuses() {
    timeout -k 2 10 "$MILTER" -f -c "$3" >"$out" 2>&1
    _st=$?
    t_check "$1: daemon refuses to start (exit $_st)" test "$_st" = 1
    t_grep "$1: clear message" "$2" "$out"
}

# 1. The audit trail.
A=$T/alog
audit_conf() {
    mtl_config "$T/a.conf" "Socket local:$T/a.sock" "UserID $U" \
        "AuditLog $A/audit.log" "AuditKeyFile $KEY" "$@"
}
audit_conf
userdir "$A"; ln -s "$VICTIM" "$A/audit.log"
refuses "audit symlink" "audit.log is a symbolic link: refused" "$T/a.conf"
victim_intact "audit symlink"
userdir "$A"; ln "$VICTIM" "$A/audit.log"
refuses "audit hard link" "audit.log has 2 hard links: refused" "$T/a.conf"
victim_intact "audit hard link"
userdir "$A"; mkfifo "$A/audit.log"
refuses "audit FIFO" "audit.log is not a regular file: refused" "$T/a.conf"
userdir "$A"; : >"$A/audit.log"; chown daemon "$A/audit.log"
refuses "audit file of another user" "audit.log is owned by uid $(id -u daemon), not by the daemon's user: refused" "$T/a.conf"
t_check "audit file of another user: not given away" test "$(stat -c %U "$A/audit.log")" = daemon
t_check "audit file of another user: nothing appended" test ! -s "$A/audit.log"

# 2. The pid file.
P=$T/prun
pid_conf() { mtl_config "$T/p.conf" "Socket local:$T/p.sock" "UserID $U" "PidFile $P/m.pid"; }
pid_conf
userdir "$P"; ln -s "$VICTIM" "$P/m.pid"
refuses "pid symlink" "PidFile: .*m.pid is a symbolic link: refused" "$T/p.conf"
victim_intact "pid symlink"
userdir "$P"; ln "$VICTIM" "$P/m.pid"
refuses "pid hard link" "PidFile: .*m.pid has 2 hard links: refused" "$T/p.conf"
victim_intact "pid hard link"
userdir "$P"; echo 1 >"$P/m.pid"; chown "$U" "$P/m.pid"
refuses "pid file of the run-as user" "PidFile: .*m.pid is owned by uid $(id -u $U)" "$T/p.conf"
userdir "$P"; mkfifo "$P/m.pid"
refuses "pid FIFO" "PidFile: .*m.pid is not a regular file: refused" "$T/p.conf"

# 3. The socket and its directory: the attacker wins the race between
# bind()/mkdir() and root's chown (tests/integration/swaplink.c).
cc -shared -fPIC -w -o "$T/swaplink.so" "$top_srcdir/tests/integration/swaplink.c" -ldl \
    || t_fail "cannot build the swaplink shim"
# Under ASan (tests/run --sanitize) the shim comes before the ASan runtime.
SWAP_ASAN=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
S=$T/srun
sock_conf() { mtl_config "$T/s.conf" "Socket local:$S/sub/m.sock" "UserID $U" "SocketMode 0666"; }
sock_conf
swap() {
    # swap DESC REGEX PATH HOW
    timeout -k 2 10 env LD_PRELOAD="$T/swaplink.so" ASAN_OPTIONS="$SWAP_ASAN" \
        SWAP_PATH="$3" SWAP_TARGET="$VICTIM" \
        SWAP_HOW="$4" "$MILTER" -f -c "$T/s.conf" >"$out" 2>&1
    _st=$?
    t_check "$1: daemon refuses to start (exit $_st)" test "$_st" = 1
    t_grep "$1: clear message" "$2" "$out"
    victim_intact "$1"
}
userdir "$S"; mkdir "$S/sub"; chown "$U" "$S/sub"
swap "socket swapped for a symlink" "m.sock is a symbolic link, not a socket: refused" "$S/sub/m.sock" symlink
userdir "$S"; mkdir "$S/sub"; chown "$U" "$S/sub"
swap "socket swapped for a hard link" "m.sock is not a socket: refused" "$S/sub/m.sock" hardlink
# The directory: created by the daemon, swapped for a link to a root dir.
VDIR=$T/victimdir
mkdir -p "$VDIR"; chmod 700 "$VDIR"
userdir "$S"
timeout -k 2 10 env LD_PRELOAD="$T/swaplink.so" ASAN_OPTIONS="$SWAP_ASAN" \
    SWAP_PATH="$S/sub" SWAP_TARGET="$VDIR" \
    SWAP_HOW=symlink "$MILTER" -f -c "$T/s.conf" >"$out" 2>&1
st=$?
t_check "socket directory swapped for a symlink: daemon refuses (exit $st)" test "$st" = 1
t_grep "socket directory swapped: clear message" "sub is not a directory \(a symbolic link\?\): refused" "$out"
t_check "socket directory swapped: target directory still root's" test "$(stat -c %U "$VDIR")" = root
t_check "socket directory swapped: target directory still 0700" test "$(stat -c %a "$VDIR")" = 700

# 4. A good start under a hostile umask: exact modes, owners by descriptor.
userdir "$A"; userdir "$P"; userdir "$S"
mtl_config "$T/g.conf" "Socket local:$S/sub/m.sock" "UserID $U" "SocketMode 0660" \
    "PidFile $P/m.pid" "AuditLog $A/audit.log" "AuditKeyFile $KEY"
(umask 077; mtl_start good "$T/g.conf"; echo "$MTL_PID" >"$T/good.pid") || t_fail "good start"
MTL_PID=$(cat "$T/good.pid")
t_on_exit "kill -9 $MTL_PID"
t_wait_file "$P/m.pid" 5
t_check "socket directory 0755 despite umask 077" test "$(stat -c %a "$S/sub")" = 755
t_check "socket directory owned by $U" test "$(stat -c %U "$S/sub")" = "$U"
t_check "socket 0660 and owned by $U" test "$(stat -c %a:%U "$S/sub/m.sock")" = "660:$U"
t_check "pid file 0644 despite umask 077, root's" test "$(stat -c %a:%U "$P/m.pid")" = 644:root
t_check "audit log 0640, owned by $U" test "$(stat -c %a:%U "$A/audit.log")" = "640:$U"
# Rotation after the drop: a link planted at the new name is refused and
# the records go on into the renamed file.
mv "$A/audit.log" "$A/audit.log.1"
ln -s "$VICTIM" "$A/audit.log"
kill -USR1 "$MTL_PID"
n=30; while [ $n -gt 0 ] && ! grep -q 'records go on' "$T/good.log"; do sleep 0.1; n=$((n - 1)); done
t_grep "rotation onto a symlink refused" "audit.log is a symbolic link: refused.*records go on into the previous file" "$T/good.log"
victim_intact "rotation onto a symlink"
mtl_stop "$MTL_PID"
t_check "pid file removed at exit" test ! -e "$P/m.pid"

# 5. Detached (no -f), Syslog no: a failure after the fork exits non-zero
# and its reason reaches the caller's stderr.
# A daemon that does start here (the attack won) detaches: stop it at exit,
# found through its configuration in $T.
t_on_exit 'for _p in /proc/[0-9]*; do grep -qs "$T/" "$_p/cmdline" && case $(tr "\0" " " <"$_p/cmdline") in *mssante-milter*) kill -9 "${_p#/proc/}";; esac; done'
userdir "$A"; ln -s "$VICTIM" "$A/audit.log"
timeout -k 2 10 "$MILTER" -c "$T/a.conf" >"$out" 2>&1
st=$?
t_check "detached, audit refused: parent exit status non-zero ($st)" test "$st" != 0 -a "$st" != 124
t_grep "detached, audit refused: reason on stderr" "audit.log is a symbolic link: refused" "$out"
victim_intact "detached start"
# A failure the old code also saw after the fork, without telling why.
userdir "$A"; mkdir "$A/audit.log"
timeout -k 2 10 "$MILTER" -c "$T/a.conf" >"$out" 2>&1
st=$?
t_check "detached, audit log a directory: parent exit status non-zero ($st)" test "$st" != 0 -a "$st" != 124
t_grep "detached, audit log a directory: reason on stderr" "audit.log: Is a directory" "$out"
userdir "$P"; ln "$VICTIM" "$P/m.pid"
timeout -k 2 10 "$MILTER" -c "$T/p.conf" >"$out" 2>&1
st=$?
t_check "detached, pid file refused: parent exit status non-zero ($st)" test "$st" != 0 -a "$st" != 124
t_grep "detached, pid file refused: reason on stderr" "PidFile: .*hard links: refused" "$out"
victim_intact "detached pid file"
# A caller that ignores SIGCHLD, and a child killed by a signal (SIGXFSZ
# when it writes its pid file): the parent still learns how it ended. The
# file size limit is the daemon's only: stderr goes through a pipe.
userdir "$P"
timeout -k 2 10 prlimit --fsize=0 -- perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die' \
    "$MILTER" -c "$T/p.conf" 2>&1 | cat >"$out"
st=${PIPESTATUS[0]}
t_check "detached, SIGCHLD ignored, child killed: parent exit status 1 ($st)" test "$st" = 1
t_grep "detached, SIGCHLD ignored, child killed: the signal on stderr" \
    "the daemon was killed by signal 25 .* before it was ready" "$out"

# 6. inet:PORT without a host listens on loopback only.
listeners() {
    # listeners FILE PORT: local addresses in LISTEN state on PORT
    awk -v p="$(printf %04X "$2")" '$4 == "0A" && $2 ~ ":" p "$" {print $2}' "$1"
}
port=$(t_port)
mtl_config "$T/i.conf" "Socket inet:$port"
mtl_start inet "$T/i.conf" || t_fail "start on inet:$port"
t_check "inet:$port listens on 127.0.0.1 only ($(listeners /proc/net/tcp "$port" | tr '\n' ' '))" \
    test "$(listeners /proc/net/tcp "$port")" = "0100007F:$(printf %04X "$port")"
mtl_stop "$MTL_PID"
if [ -r /proc/net/tcp6 ] && ip -6 addr show lo 2>/dev/null | grep -q '::1'; then
    port=$(t_port)
    mtl_config "$T/i6.conf" "Socket inet6:$port"
    "$MILTER" -f -v -c "$T/i6.conf" >"$T/inet6.log" 2>&1 &
    pid6=$!
    t_on_exit "kill -9 $pid6"
    n=50; while [ $n -gt 0 ] && [ -z "$(listeners /proc/net/tcp6 "$port")" ]; do sleep 0.1; n=$((n - 1)); done
    t_check "inet6:$port listens on ::1 only ($(listeners /proc/net/tcp6 "$port"))" \
        test "$(listeners /proc/net/tcp6 "$port")" = "00000000000000000000000001000000:$(printf %04X "$port")"
    mtl_stop "$pid6"
fi
# Every interface only when asked for.
port=$(t_port)
mtl_config "$T/w.conf" "Socket inet:$port@0.0.0.0"
mtl_start wild "$T/w.conf" || t_fail "start on inet:$port@0.0.0.0"
t_check "inet:$port@0.0.0.0 listens on every interface" \
    test "$(listeners /proc/net/tcp "$port")" = "00000000:$(printf %04X "$port")"
mtl_stop "$MTL_PID"
t_done
