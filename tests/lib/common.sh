# common.sh - shared helpers for the integration tests (sourced, POSIX sh + bash).
#
# Every integration test runs private instances (slapd, Postfix, smtp-sink,
# the milter) in its own temporary directory, on ports chosen by freeport,
# and stops them all on exit, pass or fail. Results are counted with t_ok /
# t_fail and t_done turns them into the exit status the automake harness
# reads (0 pass, 1 fail, 77 skip).
#
#	t_init NAME		create $T (0755 temp dir), set traps
#	t_need_root		skip (77) unless root
#	t_need_cmd CMD...	skip (77) unless each command exists
#	t_port			print one free 127.0.0.1 TCP port
#	t_wait_port PORT [SECS]	wait until something listens on PORT
#	t_wait_file PATH [SECS]	wait until PATH exists (socket, pid file)
#	t_on_exit CMD		run CMD (a string) at exit, last added first
#	t_ok MSG / t_fail MSG	count and print one assertion result
#	t_check DESC CMD...	t_ok if CMD succeeds, else t_fail
#	t_grep DESC PATTERN FILE	t_ok if grep -E finds PATTERN in FILE
#	t_done			print the tally and exit with its status

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export PATH="$PATH:/usr/sbin:/sbin"

T_PASS=0
T_FAIL=0
T_EXIT_CMDS=""
T_NAME=test

t_init() {
    T_NAME=$1
    T=$(mktemp -d "/tmp/mss-$T_NAME.XXXXXX") || exit 99
    # Postfix and slapd run as other users: every directory must be traversable.
    chmod 755 "$T"
    trap 't_run_exit' EXIT
    trap 'exit 1' INT TERM HUP
    echo "# $T_NAME: work directory $T"
}

t_on_exit() {
    T_EXIT_CMDS="$1
$T_EXIT_CMDS"
}

t_run_exit() {
    _st=$?
    printf '%s\n' "$T_EXIT_CMDS" | while IFS= read -r _cmd; do
        [ -n "$_cmd" ] && eval "$_cmd" >/dev/null 2>&1
    done
    if [ -n "${T:-}" ] && [ -d "$T" ]; then
        if [ "$_st" = 0 ] && [ -z "${T_KEEP:-}" ]; then rm -rf "$T"
        else echo "# $T_NAME: kept $T for inspection"; fi
    fi
    exit $_st
}

t_need_root() {
    if [ "$(id -u)" != 0 ]; then echo "SKIP: $T_NAME needs root (private Postfix/slapd)"; exit 77; fi
}

t_need_cmd() {
    for _c in "$@"; do
        command -v "$_c" >/dev/null 2>&1 || { echo "SKIP: $T_NAME needs $_c"; exit 77; }
    done
}

t_port() {
    "$top_builddir/tests/lib/freeport" 1
}

t_wait_port() {
    _p=$1; _n=$(( ${2:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        (exec 3<>"/dev/tcp/127.0.0.1/$_p") 2>/dev/null && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# nothing listens on 127.0.0.1:$_p"; return 1
}

t_wait_file() {
    _f=$1; _n=$(( ${2:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        [ -e "$_f" ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $_f did not appear"; return 1
}

t_ok()   { T_PASS=$((T_PASS + 1)); echo "ok $((T_PASS + T_FAIL)) - $*"; }
t_fail() { T_FAIL=$((T_FAIL + 1)); echo "not ok $((T_PASS + T_FAIL)) - $*"; }

t_check() {
    _d=$1; shift
    if "$@"; then t_ok "$_d"; else t_fail "$_d"; fi
}

t_grep() {
    if grep -Eq -- "$2" "$3"; then t_ok "$1"
    else t_fail "$1 (no /$2/ in $3)"; sed 's/^/#   /' "$3" | tail -20; fi
}

t_done() {
    echo "# $T_NAME: $T_PASS passed, $T_FAIL failed"
    [ $T_FAIL -eq 0 ] && [ $T_PASS -gt 0 ] && exit 0
    exit 1
}
