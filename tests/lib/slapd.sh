# slapd.sh - a private slapd with the mirror schema, for integration tests.
#
# Source it after common.sh and t_init (it needs $T, t_port, t_on_exit,
# t_wait_port). Every instance lives in $T/slapd (or the directory given),
# listens on loopback only, and is stopped at exit.
#
#	slapd_setup [SUFFIX]	write a slapd.conf in $SLAPD_DIR ($T/slapd unless
#				set before): core + mssante schema, one mdb
#				database for SUFFIX (default o=mssante), rootdn
#				cn=admin,SUFFIX with a random password stored in
#				$SLAPD_PWFILE (mode 600), indexes as in
#				ldap-schema/slapd.conf.example. Sets SLAPD_CONF,
#				SLAPD_SUFFIX, SLAPD_ROOTDN, SLAPD_PWFILE, and picks
#				SLAPD_PORT (t_port), SLAPD_URI (ldap://127.0.0.1:PORT)
#				and SLAPD_LDAPI (ldapi:// URL of $SLAPD_DIR/ldapi).
#	slapd_setup_olc [SUFFIX] the same with a cn=config directory built
#				by slapadd -n0 from ldap-schema/mssante.ldif
#				(SLAPD_CONFDIR set, SLAPD_CONF unset).
#	slapd_load LDIF		slapadd -q the file into the database (slapd must
#				be stopped: that is how the mirror is bulk-loaded).
#	slapd_start		start slapd on $SLAPD_URI and $SLAPD_LDAPI, wait
#				until it answers (10 s at most); a second call
#				after slapd_stop restarts it on the same port.
#	slapd_stop		stop it: TERM, wait up to 10 s, then KILL.
#	slapd_search ARGS...	ldapsearch -LLL -o ldif-wrap=no as the rootdn on
#				$SLAPD_URI under $SLAPD_SUFFIX; ARGS are the
#				filter and attributes (and options before them).
#	slapd_count FILTER	number of entries matching FILTER under the suffix.
#	slapd_modify LDIF	ldapmodify as the rootdn (changetype records).
#
# Set SLAPD_DEBUG=stats (for example) to get slapd's log in $SLAPD_DIR/slapd.log.

SLAPD_BIN=${SLAPD:-$(command -v slapd || echo /usr/sbin/slapd)}
SLAPADD_BIN=$(command -v slapadd || echo /usr/sbin/slapadd)
SLAPD_SCHEMA_DIR=${SLAPD_SCHEMA_DIR:-/etc/ldap/schema}
SLAPD_PID=

_slapd_common() {
    : "${SLAPD_DIR:=$T/slapd}"
    SLAPD_SUFFIX=${1:-o=mssante}
    SLAPD_ROOTDN="cn=admin,$SLAPD_SUFFIX"
    SLAPD_PWFILE=$SLAPD_DIR/rootpw
    mkdir -p "$SLAPD_DIR/db" && chmod 755 "$SLAPD_DIR"
    (umask 077; od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$SLAPD_PWFILE")
    : "${SLAPD_PORT:=$(t_port)}"
    SLAPD_URI="ldap://127.0.0.1:$SLAPD_PORT"
    SLAPD_LDAPI="ldapi://$(printf '%s' "$SLAPD_DIR/ldapi" | sed 's#/#%2F#g')"
}

slapd_setup() {
    _slapd_common "$@"
    SLAPD_CONF=$SLAPD_DIR/slapd.conf
    SLAPD_CONFDIR=
    cat >"$SLAPD_CONF" <<EOF
include		$SLAPD_SCHEMA_DIR/core.schema
include		$top_srcdir/ldap-schema/mssante.schema
pidfile		$SLAPD_DIR/slapd.pid
modulepath	/usr/lib/ldap
moduleload	back_mdb
sizelimit	10000
tool-threads	2
database	mdb
suffix		"$SLAPD_SUFFIX"
rootdn		"$SLAPD_ROOTDN"
rootpw		$(cat "$SLAPD_PWFILE")
directory	$SLAPD_DIR/db
maxsize		1073741824
dbnosync
index	objectClass	eq
index	mail	eq
index	mssDomain	eq
index	mssProfessionalMailbox,mssPatientInsHmac	eq
EOF
}

slapd_setup_olc() {
    _slapd_common "$@"
    SLAPD_CONF=
    SLAPD_CONFDIR=$SLAPD_DIR/slapd.d
    mkdir -p "$SLAPD_CONFDIR"
    cat >"$SLAPD_DIR/config.ldif" <<EOF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $SLAPD_DIR/slapd.pid

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

EOF
    cat "$SLAPD_SCHEMA_DIR/core.ldif" >>"$SLAPD_DIR/config.ldif"
    echo >>"$SLAPD_DIR/config.ldif"
    grep -v '^#' "$top_srcdir/ldap-schema/mssante.ldif" >>"$SLAPD_DIR/config.ldif"
    cat >>"$SLAPD_DIR/config.ldif" <<EOF

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $SLAPD_SUFFIX
olcRootDN: $SLAPD_ROOTDN
olcRootPW: $(cat "$SLAPD_PWFILE")
olcDbDirectory: $SLAPD_DIR/db
olcDbMaxSize: 1073741824
olcDbNoSync: TRUE
olcDbIndex: objectClass eq
olcDbIndex: mail eq
olcDbIndex: mssDomain eq
EOF
    "$SLAPADD_BIN" -n0 -F "$SLAPD_CONFDIR" -l "$SLAPD_DIR/config.ldif" \
        >"$SLAPD_DIR/slapadd-config.out" 2>&1 || { cat "$SLAPD_DIR/slapadd-config.out"; return 1; }
}

_slapd_cfg() {
    if [ -n "${SLAPD_CONFDIR:-}" ]; then echo "-F $SLAPD_CONFDIR"; else echo "-f $SLAPD_CONF"; fi
}

slapd_load() {
    # shellcheck disable=SC2046
    "$SLAPADD_BIN" -q $(_slapd_cfg) -l "$1" >"$SLAPD_DIR/slapadd.out" 2>&1 \
        || { tail -5 "$SLAPD_DIR/slapadd.out"; return 1; }
}

slapd_start() {
    rm -f "$SLAPD_DIR/ldapi"
    # shellcheck disable=SC2046
    "$SLAPD_BIN" $(_slapd_cfg) -h "$SLAPD_URI/ $SLAPD_LDAPI/" -d "${SLAPD_DEBUG:-0}" \
        >>"$SLAPD_DIR/slapd.log" 2>&1 &
    SLAPD_PID=$!
    # No job-control chatter when it is stopped; slapd_stop polls instead of wait.
    disown "$SLAPD_PID" 2>/dev/null
    if [ -z "${_slapd_exit_set:-}" ]; then t_on_exit slapd_stop; _slapd_exit_set=1; fi
    if ! t_wait_port "$SLAPD_PORT" 10; then
        tail -5 "$SLAPD_DIR/slapd.log"; return 1
    fi
    t_wait_file "$SLAPD_DIR/ldapi" 5
}

slapd_stop() {
    [ -n "$SLAPD_PID" ] || return 0
    kill "$SLAPD_PID" 2>/dev/null
    _n=100
    while kill -0 "$SLAPD_PID" 2>/dev/null && [ $_n -gt 0 ]; do sleep 0.1; _n=$((_n - 1)); done
    kill -9 "$SLAPD_PID" 2>/dev/null
    SLAPD_PID=
}

slapd_search() {
    ldapsearch -x -LLL -o ldif-wrap=no -H "$SLAPD_URI" -D "$SLAPD_ROOTDN" -y "$SLAPD_PWFILE" \
        -b "$SLAPD_SUFFIX" "$@"
}

slapd_count() {
    slapd_search "$1" 1.1 | grep -c '^dn:'
}

slapd_modify() {
    ldapmodify -x -H "$SLAPD_URI" -D "$SLAPD_ROOTDN" -y "$SLAPD_PWFILE" -f "$1"
}
