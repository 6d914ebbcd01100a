# postfix-stack.sh - the system under test of the Postfix tests, the demo and
# the benchmark: a private slapd holding the mirror of a whitelist and an
# extraction, and mssante-milter (sourced after common.sh, slapd.sh and
# postfix.sh; bash).
#
#	mss_available		true when mssante-milter and mssante-mirror
#				are built
#	mss_dir_start [WHITELIST EXTRACTION]
#				start a private slapd (tests/lib/slapd.sh)
#				loaded with "mssante-mirror ldif --no-verify"
#				of the two files (default: the samples,
#				tests/data/postfix-*.{xml,txt})
#	mss_config FILE SOCKET MODE [LINE...]
#				write a milter configuration: Socket SOCKET,
#				Mode MODE (enforce|monitor), the private slapd,
#				the test IGC issuer, the source tree's
#				document type table, syslog off; each LINE
#				("Key value") is appended, and replaces a
#				default line of the same key
#	mss_start CONF [LOG]	start mssante-milter -c CONF -f -v, standard
#				error to LOG (default $T/milter.log); sets
#				MSS_PID and MSS_SOCK (the Socket, as Postfix
#				writes it: unix:/path or inet:HOST:PORT);
#				fails when the socket does not appear
#	mss_stop		stop it (SIGTERM, bounded wait); returns its
#				exit status
#	mss_reload		SIGHUP: re-read the configuration
#	mss_stack MODE [LINE...]
#				all of it at once: slapd (mss_dir_start),
#				smtp-sink in $SINK_DIR ($T/sink), the milter
#				on a unix socket ($T/milter.sock) with
#				mss_config's LINEs, and a Postfix instance
#				in $PF ($T/postfix) that relays to the sink;
#				sets PF, SINK_DIR, MSS_CONF
#	mss_policy FILE		print the X-MSSante-Policy value(s) of a
#				dumped message (one line each)
#	mss_log_clean [LOG]	true when the milter's log (default
#				$T/milter.log) holds no fatal error, panic
#				or sanitizer report
#	mss_audit_files		an audit trail for the test: the directory
#				$T/audit (0755, $A) and the test key
#				$T/audit.key (0600, $KEY); sets MSS_AUDIT to
#				the configuration lines (AuditLog,
#				AuditKeyFile, AuditSync 200ms)
#	mss_audit_rec SENDER	print the last transaction record of the
#				trail whose sender is SENDER
#
# The paths of the binaries: $top_builddir/milter/daemon/mssante-milter,
# $top_builddir/ldap-schema/mssante-mirror.

MSS_MILTER=${MSS_MILTER:-$top_builddir/milter/daemon/mssante-milter}
MSS_MIRROR=${MSS_MIRROR:-$top_builddir/ldap-schema/mssante-mirror}
MSS_DATA=$top_srcdir/tests/data
MSS_PID=
MSS_SOCK=
MSS_LSOCK=

mss_available() {
    [ -x "$MSS_MILTER" ] && [ -x "$MSS_MIRROR" ] && [ -f "$top_srcdir/tests/lib/slapd.sh" ]
}

# mss_dir_start - slapd with the mirror of a whitelist and an extraction
mss_dir_start() {
    _wl=${1:-$MSS_DATA/postfix-whitelist.xml}
    _ex=${2:-$MSS_DATA/postfix-extraction.txt}
    slapd_setup || return 1
    "$MSS_MIRROR" ldif --whitelist "$_wl" --extraction "$_ex" --no-verify \
        >"$SLAPD_DIR/mirror.ldif" 2>"$SLAPD_DIR/mirror.err" \
        || { cat "$SLAPD_DIR/mirror.err"; return 1; }
    slapd_load "$SLAPD_DIR/mirror.ldif" || return 1
    slapd_start
}

# mss_config - a milter configuration for the private stack
mss_config() {
    _f=$1 _sock=$2 _mode=$3; shift 3
    {
        echo "# written by tests/lib/postfix-stack.sh"
        echo "Socket $_sock"
        echo "SocketMode 0666"
        echo "Mode $_mode"
        echo "Syslog no"
        echo "LDAPURI $SLAPD_URI/"
        echo "LDAPBase $SLAPD_SUFFIX"
        echo "LDAPTimeout 1s"
        echo "InternalHosts 127.0.0.0/8"
        echo "PatientDomain patient.mssante.fr"
        echo "TrustedIssuers TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"
        echo "CategoryTable $top_srcdir/milter/docs/data/jdv-j07-typecode.tsv"
    } >"$_f.base"
    # A LINE given by the caller replaces the default line of its key.
    cp "$_f.base" "$_f"
    for _l in "$@"; do
        _k=${_l%% *}
        grep -viE "^$_k( |$)" "$_f" >"$_f.tmp"; mv "$_f.tmp" "$_f"
        echo "$_l" >>"$_f"
    done
    rm -f "$_f.base"
}

# _mss_sockets - Postfix's form of the configured socket, and its file
_mss_sockets() {
    _s=$(awk 'tolower($1) == "socket" { print $2 }' "$1")
    case $_s in
    local:*|unix:*) MSS_LSOCK=${_s#*:}; MSS_SOCK=unix:$MSS_LSOCK ;;
    /*) MSS_LSOCK=$_s; MSS_SOCK=unix:$_s ;;
    inet:*) _p=${_s#inet:}; MSS_LSOCK=; MSS_SOCK=inet:${_p#*@}:${_p%@*} ;;
    esac
    MSS_MSOCK=$_s
}

# mss_start - run the milter in the foreground of a background job
mss_start() {
    _conf=$1 _log=${2:-$T/milter.log}
    _mss_sockets "$_conf"
    [ -n "$MSS_LSOCK" ] && rm -f "$MSS_LSOCK"
    "$MSS_MILTER" -c "$_conf" -f -v 2>>"$_log" &
    MSS_PID=$!
    t_on_exit "milter_stop $MSS_PID $MSS_MSOCK"
    case $MSS_SOCK in
    unix:*) t_wait_file "$MSS_LSOCK" 10 ;;
    inet:*) _p=${MSS_SOCK##*:}; t_wait_port "$_p" 10 ;;
    esac
    if ! kill -0 "$MSS_PID" 2>/dev/null || { [ -n "$MSS_LSOCK" ] && [ ! -S "$MSS_LSOCK" ]; }; then
        echo "# mssante-milter did not start:"; tail -20 "$_log" | sed 's/^/#   /'
        return 1
    fi
    return 0
}

mss_stop() {
    _st=0
    [ -n "$MSS_PID" ] && { milter_stop "$MSS_PID" "$MSS_MSOCK"; _st=$?; }
    MSS_PID=
    return $_st
}

mss_reload() {
    kill -HUP "$MSS_PID"
}

# mss_stack - slapd, sink, milter and Postfix, ready to receive mail
mss_stack() {
    _mode=$1; shift
    PF=$T/postfix SINK_DIR=$T/sink MSS_CONF=$T/milter.conf
    mss_dir_start || return 1
    sink_start "$SINK_DIR" "$(t_port)" || return 1
    mss_config "$MSS_CONF" "local:$T/milter.sock" "$_mode" "$@"
    mss_start "$MSS_CONF" || return 1
    pf_create "$PF" "$(t_port)" "$(cat "$SINK_DIR.port")" "$MSS_SOCK" || return 1
    pf_start "$PF"
}

# mss_policy - the X-MSSante-Policy header(s) of a message dump, unfolded
mss_policy() {
    awk 'BEGIN { IGNORECASE = 1 }
        /^$/ { exit }
        /^[ \t]/ { if (h != "") h = h " " $0; next }
        { if (h != "") print h; h = "" }
        tolower($0) ~ /^x-mssante-policy:/ { h = $0; sub(/^[^:]*: */, "", h) }
        END { if (h != "") print h }' "$1" | sed 's/[ \t][ \t]*/ /g'
}

# mss_log_clean - no fatal error, panic or sanitizer report in a milter log
mss_log_clean() {
    ! grep -qE 'fatal:|panic:|AddressSanitizer|LeakSanitizer|runtime error:' "${1:-$T/milter.log}"
}

# mss_audit_files - the directory and the key of a test audit trail
mss_audit_files() {
    A=$T/audit KEY=$T/audit.key
    mkdir -p "$A" && chmod 755 "$A" || return 1
    printf '%s\n' 6d7373616e74652d61756469742d6d696c7465722d746573742d6b65792d3031 >"$KEY"
    chmod 600 "$KEY"
    MSS_AUDIT=("AuditLog $A/audit.log" "AuditKeyFile $KEY" "AuditSync 200ms")
}

# mss_audit_rec - the last transaction record of a sender (AuditSync 200ms)
mss_audit_rec() {
    sleep 0.3
    grep '"type":"txn"' "$A/audit.log" | grep -F "\"sender\":\"$1\"" | tail -1
}
