# sendmail.sh - private sendmail instances for the tests (sourced after
# common.sh and postfix.sh, whose smtp-sink and swaks helpers it shares;
# bash).
#
# Debian's sendmail-bin, sendmail-base and sendmail-cf conflict with postfix,
# so they are never installed: sm_fetch downloads the three packages with
# "apt-get download" and unpacks them with "dpkg -x" into a private root,
# kept in a cache directory so that later runs do not download them again.
# Each instance is rooted in its own ABSOLUTE directory DIR: its sendmail.cf
# (built with the m4 files of sendmail-cf, the lines of the project's
# contrib/sendmail/mssante-milter.mc and the instance's own lines), its queue
# (DIR/queue), pid file, and its standard output (sendmail -d debug output,
# DIR/sendmail.out). It listens on 127.0.0.1:PORT only and relays every
# message to [127.0.0.1]:RELAYPORT. Nothing touches /etc/mail, the system
# MTA or the system queue.
#
#	sm_fetch		make sure the private root exists; prints
#				nothing, fails with a message when the
#				packages cannot be had
#	sm_available		true when the private root is (or can be) made
#	sm_create DIR PORT RELAYPORT [MILTER_SOCKET]
#		write the instance's m4 input; MILTER_SOCKET (as sendmail
#		writes it: local:/path or inet:PORT@HOST) replaces the S=
#		of the INPUT_MAIL_FILTER line of mssante-milter.mc, whose
#		confMILTER_MACROS_* lines are used as they are; "" or
#		omitted: no milter
#	sm_mc DIR LINE...	add m4 lines to the instance (before sm_start)
#	sm_tls DIR CERT KEY CAFILE
#		offer STARTTLS with CERT/KEY and ask clients for a
#		certificate, verified against CAFILE
#	sm_daemon DIR NAME PORT	one more listening port, whose
#		{daemon_name} is NAME (the first one is "MTA")
#	sm_start DIR		build DIR/sendmail.cf and start the daemon
#		(queue run every second); the first start registers
#		sm_stop_all with t_on_exit
#	sm_stop DIR / sm_stop_all
#	sm_cf DIR		print the path of the instance's sendmail.cf
#	sm_queue_count DIR	messages in the instance's queue
#	sm_wait_queue N DIR [SECS]	wait until N messages are queued
#	sm_wait_queue_empty DIR [SECS]
#	sm_flush DIR		run the queue once, now (sendmail -q)
#
# pf_swaks, pf_port, sink_* and sw_reply of postfix.sh work on a sendmail
# instance too (the port is kept in DIR/port as there).

SM_CACHE=${MSS_SENDMAIL_CACHE:-/var/cache/mssante-test-sendmail}
SM_ROOT=$SM_CACHE/root
SM_BIN=$SM_ROOT/usr/libexec/sendmail/sendmail
SM_CF_DIR=$SM_ROOT/usr/share/sendmail/cf
SM_MC=$top_srcdir/contrib/sendmail/mssante-milter.mc
SM_RUNNING=""

# sm_fetch - download and unpack the packages once (serialised: parallel
# tests share the cache)
sm_fetch() {
    [ -x "$SM_BIN" ] && [ -f "$SM_CF_DIR/m4/cf.m4" ] && return 0
    mkdir -p "$SM_CACHE" || return 1
    (
        flock 9
        [ -x "$SM_BIN" ] && [ -f "$SM_CF_DIR/m4/cf.m4" ] && exit 0
        rm -rf "$SM_CACHE/debs" "$SM_ROOT.new"
        mkdir -p "$SM_CACHE/debs" && cd "$SM_CACHE/debs" || exit 1
        # _apt cannot write into a root-owned directory: let it.
        chown _apt "$SM_CACHE/debs" 2>/dev/null
        if ! apt-get download sendmail-bin sendmail-base sendmail-cf \
            >"$SM_CACHE/download.log" 2>&1; then
            apt-get update >>"$SM_CACHE/download.log" 2>&1
            apt-get download sendmail-bin sendmail-base sendmail-cf \
                >>"$SM_CACHE/download.log" 2>&1 || exit 1
        fi
        for _deb in ./*.deb; do dpkg -x "$_deb" "$SM_ROOT.new" || exit 1; done
        mv "$SM_ROOT.new" "$SM_ROOT"
    ) 9>"$SM_CACHE/.lock" || {
        echo "# sm_fetch: cannot get the sendmail packages (see $SM_CACHE/download.log)"
        tail -5 "$SM_CACHE/download.log" 2>/dev/null | sed 's/^/#   /'
        return 1
    }
    [ -x "$SM_BIN" ]
}

sm_available() {
    command -v m4 >/dev/null 2>&1 && sm_fetch >/dev/null 2>&1
}

# sm_create - the m4 input of a private instance
sm_create() {
    _d=$1 _port=$2 _relay=$3 _sock=${4:-}
    case $_d in /*) ;; *) echo "# sm_create: $_d is not absolute" >&2; return 1 ;; esac
    mkdir -p "$_d/queue" || return 1
    chmod 755 "$_d"; chmod 700 "$_d/queue"
    echo "$_port" >"$_d/port"
    : >"$_d/local.m4"
    printf 'hosts files\naliases files\n' >"$_d/service.switch"
    printf '127.0.0.1 mta-%s.test.example localhost\n' "$_port" >"$_d/hosts"
    : >"$_d/aliases"
    {
        echo "divert(-1)"
        echo "# Private test instance (tests/lib/sendmail.sh): loopback only,"
        echo "# no DNS, everything relayed to [127.0.0.1]:$_relay."
        echo "divert(0)dnl"
        echo "include(\`$SM_CF_DIR/m4/cf.m4')dnl"
        echo "VERSIONID(\`mssante-milter test instance')dnl"
        echo "OSTYPE(\`linux')dnl"
        echo "define(\`confDOMAIN_NAME', \`mta-$_port.test.example')dnl"
        echo "define(\`QUEUE_DIR', \`$_d/queue')dnl"
        echo "define(\`confPID_FILE', \`$_d/sendmail.pid')dnl"
        echo "define(\`STATUS_FILE', \`$_d/statistics')dnl"
        echo "define(\`ALIAS_FILE', \`$_d/aliases')dnl"
        echo "define(\`HELP_FILE', \`$SM_ROOT/etc/mail/helpfile')dnl"
        echo "define(\`confSERVICE_SWITCH_FILE', \`$_d/service.switch')dnl"
        echo "define(\`confHOSTS_FILE', \`$_d/hosts')dnl"
        # /tmp is world-writable: sendmail refuses the paths under it.
        echo "define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit,GroupWritableDirPathSafe,NonRootSafeAddr,AssumeSafeChown,GroupReadableKeyFile,GroupWritableAliasFile,RunWritableProgram,WriteMapToHardLink,WriteMapToSymLink,WriteStatsToHardLink,WriteStatsToSymLink,InsufficientEntropy')dnl"
        echo "define(\`SMART_HOST', \`relay:[127.0.0.1]')dnl"
        echo "define(\`RELAY_MAILER_ARGS', \`TCP \$h $_relay')dnl"
        echo "define(\`ESMTP_MAILER_ARGS', \`TCP \$h $_relay')dnl"
        echo "define(\`confTO_QUEUEWARN', \`0')dnl"
        echo "define(\`confTO_CONNECT', \`5s')dnl"
        echo "define(\`confMIN_QUEUE_AGE', \`0')dnl"
        echo "define(\`confDELIVERY_MODE', \`background')dnl"
        echo "define(\`confREFUSE_LA', \`999')dnl"
        echo "define(\`confQUEUE_LA', \`999')dnl"
        echo "define(\`confDELAY_LA', \`0')dnl"
        echo "define(\`confMAX_DAEMON_CHILDREN', \`0')dnl"
        echo "define(\`confCONNECTION_RATE_THROTTLE', \`0')dnl"
        echo "define(\`confBAD_RCPT_THROTTLE', \`0')dnl"
        echo "define(\`confPRIVACY_FLAGS', \`authwarnings')dnl"
        echo "define(\`confLOG_LEVEL', \`9')dnl"
        echo "FEATURE(\`nocanonify')dnl"
        echo "FEATURE(\`accept_unresolvable_domains')dnl"
        echo "FEATURE(\`accept_unqualified_senders')dnl"
        echo "FEATURE(\`promiscuous_relay')dnl"
        echo "FEATURE(\`nouucp', \`reject')dnl"
        # No default MSA on port 587: parallel instances would fight for it.
        echo "FEATURE(\`no_default_msa')dnl"
        echo "DAEMON_OPTIONS(\`Port=$_port, Addr=127.0.0.1, Family=inet, Name=MTA')dnl"
    } >"$_d/head.m4"
    if [ -n "$_sock" ]; then
        # The project's lines, with the test's socket.
        sed "s|S=[^,']*|S=$_sock|" "$SM_MC" >"$_d/milter.m4" || return 1
    else
        : >"$_d/milter.m4"
    fi
}

sm_mc() {
    _d=$1; shift
    for _l in "$@"; do echo "$_l" >>"$_d/local.m4"; done
}

# sm_tls - STARTTLS offered, client certificate asked for and verified
sm_tls() {
    sm_mc "$1" "define(\`confSERVER_CERT', \`$2')dnl" \
        "define(\`confSERVER_KEY', \`$3')dnl" \
        "define(\`confCACERT', \`$4')dnl" \
        "define(\`confCACERT_PATH', \`$(dirname "$4")')dnl" \
        "define(\`confTLS_SRV_OPTIONS', \`')dnl"
}

sm_daemon() {
    sm_mc "$1" "DAEMON_OPTIONS(\`Port=$3, Addr=127.0.0.1, Family=inet, Name=$2')dnl"
}

sm_cf() { echo "$1/sendmail.cf"; }

# _sm_build - sendmail.cf from the m4 pieces
_sm_build() {
    cat "$1/head.m4" "$1/local.m4" "$1/milter.m4" >"$1/sendmail.mc"
    echo "MAILER(\`smtp')dnl" >>"$1/sendmail.mc"
    m4 "$1/sendmail.mc" >"$1/sendmail.cf" 2>"$1/m4.err" || { cat "$1/m4.err"; return 1; }
    chmod 644 "$1/sendmail.cf"
}

# sm_start - build the configuration and start the daemon
sm_start() {
    _sm_build "$1" || return 1
    rm -f "$1/sendmail.pid"
    # -bd: daemon (it forks; the pid file names it); -q1s: a queue run
    # every second, so a deferred message leaves as soon as it may.
    _sm_run "$1" -bd -q1s >>"$1/sendmail.out" 2>&1 \
        || { cat "$1/sendmail.out"; return 1; }
    [ -n "$SM_RUNNING" ] || t_on_exit "sm_stop_all"
    SM_RUNNING="$SM_RUNNING $1"
    t_wait_file "$1/sendmail.pid" 10 && t_wait_port "$(cat "$1/port")" 10
}

# _sm_run DIR ARGS... - sendmail -C DIR/sendmail.cf ARGS, cut off from DNS.
# At start sendmail looks its own host name up (A, AAAA, the addresses of
# the interfaces) through the system resolver, and sleeps 60 s when the
# name has no dot and no record ("My unqualified host name ... unknown;
# sleeping for retry"); a slow resolver delays it too. So it runs in its
# own UTS and mount namespaces (unshare): host name mta-PORT.test.example,
# /etc/hosts naming it, /etc/resolv.conf pointing at a port where nothing
# answers. Neither the system's host name nor its files change.
_sm_run() {
    _dir=$1; shift
    _name=mta-$(cat "$_dir/port").test.example
    if unshare -m -u true 2>/dev/null; then
        printf '127.0.0.1 %s localhost\n::1 %s localhost\n' "$_name" "$_name" >"$_dir/etc-hosts"
        printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$_dir/resolv.conf"
        unshare -m -u sh -c 'mount --bind "$1/etc-hosts" /etc/hosts &&
            mount --bind "$1/resolv.conf" /etc/resolv.conf &&
            hostname "$2" && shift 2 && exec "$@"' sh "$_dir" "$_name" \
            "$SM_BIN" -C "$_dir/sendmail.cf" "$@"
    else
        RES_OPTIONS="timeout:1 attempts:1" "$SM_BIN" -C "$_dir/sendmail.cf" "$@"
    fi
}

_sm_pid() {
    _m=$(head -1 "$1/sendmail.pid" 2>/dev/null | tr -d ' ')
    [ -n "$_m" ] && kill -0 "$_m" 2>/dev/null && echo "$_m"
}

# sm_stop - stop the daemon and its children (session leader)
sm_stop() {
    _p=$(_sm_pid "$1")
    [ -n "$_p" ] || return 0
    kill -TERM "$_p" 2>/dev/null
    _n=100
    while [ $_n -gt 0 ] && kill -0 "$_p" 2>/dev/null; do sleep 0.05; _n=$((_n - 1)); done
    kill -0 "$_p" 2>/dev/null && kill -KILL "$_p" 2>/dev/null
    return 0
}

sm_stop_all() {
    for _d in $SM_RUNNING; do sm_stop "$_d"; done
    SM_RUNNING=""
}

# sm_queue_count - one qf file per queued message
sm_queue_count() {
    find "$1/queue" -maxdepth 1 -name 'qf*' -type f 2>/dev/null | wc -l
}

sm_wait_queue() {
    _n=$(( ${3:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        [ "$(sm_queue_count "$2")" -ge "$1" ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $2: $(sm_queue_count "$2") queued, expected $1"; return 1
}

sm_wait_queue_empty() {
    _n=$(( ${2:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        [ "$(sm_queue_count "$1")" = 0 ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $1: $(sm_queue_count "$1") message(s) still queued"; return 1
}

sm_flush() {
    _sm_run "$1" -q >>"$1/sendmail.out" 2>&1
}

# sm_stack MODE [LINE...] - slapd, sink, milter and sendmail, ready to
# receive mail: mss_stack of postfix-stack.sh (sourced before this call)
# with a sendmail instance in $SM ($T/sendmail) instead of Postfix; sets
# SM, SINK_DIR, MSS_CONF
sm_stack() {
    _mode=$1; shift
    SM=$T/sendmail SINK_DIR=$T/sink MSS_CONF=$T/milter.conf
    mss_dir_start || return 1
    sink_start "$SINK_DIR" "$(t_port)" || return 1
    # An inet socket: sendmail refuses a unix socket below /tmp (its
    # directory path is world-writable).
    _msp=$(t_port)
    mss_config "$MSS_CONF" "inet:$_msp@127.0.0.1" "$_mode" "$@"
    mss_start "$MSS_CONF" || return 1
    sm_create "$SM" "$(t_port)" "$(cat "$SINK_DIR.port")" "inet:$_msp@127.0.0.1"
}
