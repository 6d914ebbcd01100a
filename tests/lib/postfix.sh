# postfix.sh - private Postfix instances and an SMTP sink for the tests
# (sourced after common.sh; bash).
#
# A test builds one or more private Postfix instances, each rooted in its own
# ABSOLUTE directory (its config in DIR/etc, queue in DIR/queue, data in
# DIR/data, log in DIR/maillog), listening on 127.0.0.1:PORT only and
# relaying every message to [127.0.0.1]:RELAYPORT (an smtp-sink, or another
# instance). Nothing touches /etc/postfix or the system queue. Every start
# registers its stop with t_on_exit, so a failing test still cleans up.
#
#	pf_create DIR PORT RELAYPORT [MILTERS]
#		write main.cf and master.cf of an instance; MILTERS is the
#		value of smtpd_milters ("" or omitted: no milter); the milter
#		macros the mssante-milter uses are always configured
#	pf_conf DIR NAME=VALUE...	change main.cf (postconf -e), keep it "cool"
#	pf_tls DIR CERT KEY CAFILE	offer STARTTLS with CERT/KEY and ask
#		clients for a certificate verified against CAFILE
#	pf_start DIR / pf_stop DIR / pf_reload DIR / pf_flush DIR
#		start (the first start registers pf_stop_all with t_on_exit),
#		stop, reload, flush the queue (postqueue -f)
#	pf_stop_all			stop every started instance at once
#	pf_port DIR			print the instance's SMTP port
#	pf_log DIR			print the path of the instance's maillog
#	pf_queue_count DIR		messages in the queue (all queues)
#	pf_deferred_count DIR		messages in the deferred queue
#	pf_wait_queue_empty DIR [SECS]	wait until the queue is empty
#	pf_wait_deferred DIR N [SECS]	wait until N messages are deferred;
#		set the instance's queue_run_delay and backoff times to 1h
#		first (pf_conf), else its 1-2 s retries move the messages
#		between active/ and deferred/ and a sample can miss them
#	pf_wait_log DIR ERE [SECS]	wait until the maillog matches ERE
#	pf_swaks DIR OUT ARGS...	send one message with swaks to the
#		instance; the whole SMTP dialogue goes to OUT; returns swaks'
#		status (0: accepted, 23-25: refused at MAIL/RCPT/DATA...)
#	pf_source DIR ARGS...		smtp-source ARGS... 127.0.0.1:PORT (killed
#		after 2 minutes)
#	sw_reply OUT CMD		print the server's reply (every line of
#		it) to the first client line of OUT starting with CMD (e.g.
#		"RCPT TO:<a@b>", "MAIL FROM", "."), without swaks' prefixes
#	sw_code OUT CMD			the 3-digit code of that reply
#
#	milter_stop PID SOCKET		SIGTERM a libmilter daemon and wait for
#		it to exit (at most 10 s); SOCKET (unix:/path or inet:PORT@HOST)
#		is poked once a second so that libmilter's listener, which
#		polls every 5 s, notices the signal at once; returns the
#		daemon's exit status (1 when it had to be killed)
#
#	sink_start DIR PORT		smtp-sink on 127.0.0.1:PORT, one dump
#		file DIR/msg.* per message received
#	sink_stop DIR
#	sink_count DIR			messages received so far
#	sink_wait DIR N [SECS]		wait until N messages were received
#	sink_files DIR			the dump files, oldest first
#	sink_find DIR PATTERN		dump files whose content matches the
#		extended regex PATTERN (now, no waiting: for "not delivered")
#	sink_await DIR PATTERN [SECS]	wait for a dump file matching PATTERN,
#		complete, and print its name (for "delivered, with ...")
#
# Waits take a number of seconds (default 10) and fail with a message
# rather than hang. Everything listens on 127.0.0.1 only.

PF_MILTER_MACROS="\
milter_connect_macros = j {daemon_name} {daemon_addr} {client_addr} {client_name} {client_port} v _
milter_helo_macros = {tls_version} {cipher} {cipher_bits} {cert_subject} {cert_issuer}
milter_mail_macros = i {auth_type} {auth_authen} {auth_author} {mail_addr} {mail_host} {mail_mailer} {tls_version} {cipher} {cert_subject} {cert_issuer}
milter_rcpt_macros = i {rcpt_addr} {rcpt_host} {rcpt_mailer}
milter_data_macros = i
milter_end_of_header_macros = i
milter_end_of_data_macros = i"

# pf_create - write the configuration of a private instance
pf_create() {
    _d=$1 _port=$2 _relay=$3 _milters=${4:-}
    case $_d in /*) ;; *) echo "# pf_create: $_d is not absolute" >&2; return 1 ;; esac
    mkdir -p "$_d/etc" "$_d/queue" "$_d/data" || return 1
    chmod 755 "$_d" "$_d/etc"
    chown postfix "$_d/data"
    echo "$_port" >"$_d/port"
    cat >"$_d/etc/main.cf" <<EOF
# Private test instance (tests/lib/postfix.sh): loopback only, no DNS,
# no local delivery, everything relayed to [127.0.0.1]:$_relay.
compatibility_level = 3.6
queue_directory = $_d/queue
data_directory = $_d/data
maillog_file = $_d/maillog
maillog_file_prefixes = $_d
myhostname = mta-$_port.test.example
mydomain = test.example
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$_relay
local_transport = error:local delivery is disabled
alias_maps =
alias_database =
biff = no
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
smtpd_tls_security_level = none
smtp_tls_security_level = none
smtp_connection_cache_on_demand = no
delay_warning_time = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 1000
smtpd_hard_error_limit = 1000
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
default_process_limit = 100
milter_default_action = tempfail
milter_protocol = 6
smtpd_milters = $_milters
$PF_MILTER_MACROS
EOF
    # chroot n everywhere: the services see the same paths as this script.
    cat >"$_d/etc/master.cf" <<EOF
127.0.0.1:$_port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    _pf_cool "$_d"
}

# _pf_cool - backdate the config so Postfix does not wait for it to "cool down"
_pf_cool() {
    touch -d '-10 sec' "$1/etc/main.cf" "$1/etc/master.cf"
}

# pf_conf - set main.cf parameters
pf_conf() {
    _d=$1; shift
    postconf -c "$_d/etc" -e "$@" || return 1
    _pf_cool "$_d"
}

# pf_tls - offer STARTTLS and ask for (not require) a client certificate
pf_tls() {
    pf_conf "$1" "smtpd_tls_security_level = may" \
        "smtpd_tls_chain_files = $3, $2" \
        "smtpd_tls_CAfile = $4" \
        "smtpd_tls_ask_ccert = yes" \
        "smtpd_tls_ccert_verifydepth = 5" \
        "smtpd_tls_received_header = yes" \
        "smtpd_tls_loglevel = 1" \
        "smtpd_tls_session_cache_database ="
}

pf_port() { cat "$1/port"; }
pf_log() { echo "$1/maillog"; }

# pf_start - start the instance; the first start registers the stop of all
PF_RUNNING=""
pf_start() {
    postfix -c "$1/etc" start >"$1/start.out" 2>&1 || { cat "$1/start.out"; return 1; }
    [ -n "$PF_RUNNING" ] || t_on_exit "pf_stop_all"
    PF_RUNNING="$PF_RUNNING $1"
    t_wait_port "$(pf_port "$1")" 10
}

# pf_stop - stop an instance, waiting for its master to exit
pf_stop() {
    _pfs_pid=$(_pf_master "$1")
    # SIGTERM to the master is what "postfix stop" does, minus the
    # script's polling; the master exits about 1 s later.
    [ -n "$_pfs_pid" ] && kill -TERM "$_pfs_pid" 2>/dev/null
    _pf_wait_gone "$_pfs_pid"
}

# pf_stop_all - stop every instance started, in parallel
pf_stop_all() {
    _pfs_pids=""
    for _d in $PF_RUNNING; do
        _p=$(_pf_master "$_d")
        [ -n "$_p" ] && kill -TERM "$_p" 2>/dev/null && _pfs_pids="$_pfs_pids $_p"
    done
    for _p in $_pfs_pids; do _pf_wait_gone "$_p"; done
    PF_RUNNING=""
}

_pf_master() {
    _m=$(head -1 "$1/queue/pid/master.pid" 2>/dev/null | tr -d ' ')
    [ -n "$_m" ] && kill -0 "$_m" 2>/dev/null && echo "$_m"
}

# _pf_wait_gone PID - wait (10 s at most) for a master to exit, then kill
# its process group (the master is a session leader)
_pf_wait_gone() {
    [ -n "$1" ] || return 0
    _n=100
    while [ $_n -gt 0 ] && kill -0 "$1" 2>/dev/null; do sleep 0.05; _n=$((_n - 1)); done
    kill -0 "$1" 2>/dev/null && kill -KILL -- "-$1" 2>/dev/null
    return 0
}

pf_reload() { _pf_cool "$1"; postfix -c "$1/etc" reload >/dev/null 2>&1; }
pf_flush() { postqueue -c "$1/etc" -f; }

# pf_queue_count - messages in all queues (queue files are named by queue id)
pf_queue_count() {
    find "$1/queue/maildrop" "$1/queue/incoming" "$1/queue/active" \
        "$1/queue/deferred" "$1/queue/hold" -type f 2>/dev/null | wc -l
}

pf_deferred_count() {
    find "$1/queue/deferred" -type f 2>/dev/null | wc -l
}

# pf_wait_queue_empty - wait until every message left the queue
pf_wait_queue_empty() {
    _n=$(( ${2:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        [ "$(pf_queue_count "$1")" = 0 ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $1: $(pf_queue_count "$1") message(s) still queued"; return 1
}

# pf_wait_deferred - wait until N messages sit in the deferred queue
pf_wait_deferred() {
    _n=$(( ${3:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        [ "$(pf_deferred_count "$1")" -ge "$2" ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $1: $(pf_deferred_count "$1") deferred, expected $2"; return 1
}

# pf_wait_log - wait until a line of the instance's maillog matches an ERE
pf_wait_log() {
    _n=$(( ${3:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        grep -Eq -- "$2" "$1/maillog" 2>/dev/null && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $1/maillog: no /$2/"; return 1
}

# pf_swaks - one message through the instance, dialogue captured in OUT
pf_swaks() {
    _d=$1 _out=$2; shift 2
    timeout 30 swaks --server "127.0.0.1:$(pf_port "$_d")" --timeout 20 \
        --helo client.test.example "$@" >"$_out" 2>&1
}

# pf_source - smtp-source against the instance (2 minutes at most)
pf_source() {
    _d=$1; shift
    timeout 120 smtp-source "$@" "127.0.0.1:$(pf_port "$_d")"
}

# sw_reply - the server's reply to a client command in a swaks dialogue
sw_reply() {
    # swaks marks client lines " -> " (" ~> " under TLS), server lines
    # "<- " / "<~ " and refusals "<** " / "<~* "; a multi-line reply
    # ends with its "NNN " line. swaks does not pipeline unless asked
    # to, so the reply to a command is the next server reply.
    awk -v cmd="$2" '
        function strip(l) { sub(/^ *(->|~>|<-|<~|<\*\*|<~\*) */, "", l); return l }
        /^ *(->|~>) / { if (found) exit; l = strip($0)
                        if (l == cmd || (length(cmd) > 1 && index(l, cmd) == 1)) found = 1
                        next }
        found && /^ *(<-|<~|<\*\*|<~\*) / { l = strip($0); print l
                        if (l ~ /^[0-9][0-9][0-9]( |$)/) exit }' "$1"
}

sw_code() { sw_reply "$1" "$2" | head -1 | cut -c1-3; }

# milter_stop - stop a libmilter daemon promptly
milter_stop() {
    _pid=$1 _sock=$2
    kill -0 "$_pid" 2>/dev/null || return 0
    kill -TERM "$_pid"
    _n=100
    while [ $_n -gt 0 ] && kill -0 "$_pid" 2>/dev/null; do
        if [ $((_n % 10)) = 0 ]; then
            case $_sock in
            unix:*|local:*) perl -MIO::Socket::UNIX -e \
                'IO::Socket::UNIX->new(Peer => $ARGV[0])' "${_sock#*:}" 2>/dev/null ;;
            inet:*) _p=${_sock#inet:}; _h=${_p#*@}; [ "$_h" = "$_p" ] && _h=127.0.0.1
                (exec 3<>"/dev/tcp/$_h/${_p%@*}") 2>/dev/null ;;
            esac
        fi
        sleep 0.1; _n=$((_n - 1))
    done
    if kill -0 "$_pid" 2>/dev/null; then
        kill -KILL "$_pid"; wait "$_pid" 2>/dev/null; return 1
    fi
    # The exit status, when the daemon is a child of this shell.
    wait "$_pid" 2>/dev/null
}

# sink_start - smtp-sink writing one file per message into DIR
sink_start() {
    mkdir -p "$1" && chown nobody "$1" && chmod 755 "$1" || return 1
    echo "$2" >"$1.port"
    smtp-sink -u nobody -d "$1/msg." "127.0.0.1:$2" 256 >"$1.log" 2>&1 &
    echo $! >"$1.pid"
    t_on_exit "sink_stop '$1'"
    t_wait_port "$2" 10
}

sink_stop() {
    [ -f "$1.pid" ] || return 0
    kill "$(cat "$1.pid")" 2>/dev/null
    rm -f "$1.pid"
}

# sink_count - messages received: one dump file per message (in every run
# seen, a message's file exists once Postfix logs it as sent; tests wait
# for the queue to be empty before they read the files)
sink_count() {
    find "$1" -maxdepth 1 -name 'msg.*' -type f 2>/dev/null | wc -l
}

sink_wait() {
    _n=$(( ${3:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        [ "$(sink_count "$1")" -ge "$2" ] && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $1: $(sink_count "$1") message(s) received, expected $2"; return 1
}

sink_files() {
    # shellcheck disable=SC2012
    ls -tr "$1"/msg.* 2>/dev/null
}

sink_find() {
    grep -lE -- "$2" "$1"/msg.* 2>/dev/null
}

sink_await() {
    # Delivery to the sink is asynchronous (Postfix's queue), and a count of
    # messages says nothing about which one arrived: wait for the one wanted.
    _n=$(( ${3:-10} * 10 ))
    while [ $_n -gt 0 ]; do
        _f=$(sink_find "$1" "$2" | head -1)
        if [ -n "$_f" ]; then
            # smtp-sink writes the dump as the message arrives: let it settle.
            _s1=x _s2=$(wc -c <"$_f")
            while [ "$_s1" != "$_s2" ]; do sleep 0.1; _s1=$_s2; _s2=$(wc -c <"$_f"); done
            echo "$_f"; return 0
        fi
        sleep 0.1; _n=$((_n - 1))
    done
    echo "# $1: no message matching /$2/" >&2; return 1
}
