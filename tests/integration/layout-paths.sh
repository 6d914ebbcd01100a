#!/bin/bash
# layout-paths.sh - one set of paths everywhere: the socket, the programs,
# the configuration, the pid file, the audit trail and its key, the
# document spool, as the daemon's defaults, the example configuration, the
# systemd unit, tmpfiles.d, the logrotate file, the Postfix and Sendmail
# snippets, the manual pages, README.md and the Debian packaging state them
# (README.md, "Install on a server"). Reads files only: no root needed.
. "$top_srcdir/tests/lib/common.sh"
t_init layout-paths
cd "$top_srcdir" || exit 99

SOCK=/var/spool/postfix/mssante-milter/mssante-milter.sock
CHROOT=/var/spool/postfix
PID=/run/mssante-milter/mssante-milter.pid
AUDIT=/var/log/mssante-milter/audit.log
KEY=/etc/mssante-milter/audit.key
SPOOL=/var/spool/mssante-milter
CONF=/etc/mssante-milter/mssante-milter.conf
UNIT=contrib/systemd/mssante-milter.service
TMPF=debian/mssante-milter.tmpfiles
EXAMPLE=contrib/mssante-milter.conf
MAN8=milter/daemon/mssante-milter.8
MAN5=milter/conf/mssante-milter.conf.5

# deb CHECK...: a check of the Debian packaging; a release tarball (make
# distcheck) has no debian/, and its other paths are still checked.
if [ -d debian ]; then deb() { "$@"; }
else deb() { :; }; echo "# no debian/ in this tree (a release tarball): packaging checks not applicable"; fi

same() {	# same DESC GOT WANT
    if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1: '$2', expected '$3'"; fi
}
# conf_value KEY [FILE] - the value of a key, commented or not, in the example
conf_value() { sed -n "s/^#\{0,1\}$1  *//p" "${2:-$EXAMPLE}" | head -1; }
unit_value() { sed -n "s/^$1=//p" "$UNIT"; }
# man_text FILE - a manual page with the roff escapes of paths removed
man_text() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$1"; }

# --- the socket -------------------------------------------------------------
same "daemon default Socket (mssante-milter.conf(5))" \
    "$(man_text "$MAN5" | sed -n 's/^(socket; default: \([^;]*\);.*/\1/p')" "local:$SOCK"
same "example configuration Socket" "$(conf_value Socket)" "local:$SOCK"
same "main.cf.mssante smtpd_milters: the socket seen from the smtpd chroot" \
    "$(sed -n 's/^smtpd_milters = //p' contrib/postfix/main.cf.mssante)" "unix:${SOCK#"$CHROOT"}"
same "mssante-milter(8) POSTFIX section smtpd_milters" \
    "$(man_text "$MAN8" | sed -n 's/^smtpd_milters = //p')" "unix:${SOCK#"$CHROOT"}"
t_check "mssante-milter(8) FILES names the socket" \
    sh -c "man_text() { sed -e 's/\\\\-/-/g' \"\$1\"; }; man_text $MAN8 | grep -qx '.I $SOCK'"
same "Sendmail snippet socket" \
    "$(sed -n 's/.*S=\(local:[^,]*\),.*/\1/p' contrib/sendmail/mssante-milter.mc)" "local:$SOCK"
t_grep "README: the socket in the Socket row" "^\| \`Socket\` \| \`local:$SOCK\` \|" README.md
t_grep "README: the socket in the install layout" "^\| socket \| \`$SOCK\`.*\`unix:${SOCK#"$CHROOT"}\`" README.md
deb same "tmpfiles.d makes the socket directory (0750, mssante-milter)" \
    "$(awk -v d="$(dirname "$SOCK")" '$1 == "d" && $2 == d { print $3, $4, $5 }' "$TMPF")" \
    "0750 mssante-milter mssante-milter"
# No other socket path anywhere (the old /run one in particular).
others=$(grep -rhoE '(local:|unix:)?/[A-Za-z0-9_./-]*mssante-milter\.sock' README.md contrib \
    milter/*/*.[58] ldap-schema/*.8 contrib/audit/*.1 debian 2>/dev/null | sed 's/^\(local\|unix\)://' \
    | grep -vxF -e "$SOCK" -e "${SOCK#"$CHROOT"}" | sort -u | tr '\n' ' ')
t_check "no other socket path in README, contrib/, man pages, debian/${others:+ (found: $others)}" \
    test -z "$others"

# --- the programs ------------------------------------------------------------
same "unit ExecStart program" "$(unit_value ExecStart | cut -d' ' -f1)" /usr/sbin/mssante-milter
same "unit ExecStartPre program" "$(unit_value ExecStartPre | cut -d' ' -f1)" /usr/sbin/mssante-milter
same "unit -c configuration" "$(unit_value ExecStart | sed -n 's/.* -c \([^ ]*\).*/\1/p')" "$CONF"
same "daemon's default configuration file (milter/conf/cfg.h)" \
    "$(sed -n 's/^#define CFG_DEFAULT_PATH[[:space:]]*"\(.*\)"/\1/p' milter/conf/cfg.h)" "$CONF"
for p in mssante-milter:sbin mssante-mirror:sbin mssante-conversations:sbin mssante-audit:bin; do
    prog=${p%:*} dir=/usr/${p#*:}
    deb t_check "debian/*.install puts $prog in $dir" grep -qx "${dir#/}/$prog" debian/*.install
    kind=${p#*:}
    t_check "automake installs $prog in ${kind}dir" \
        sh -c "find . -name '*.am' ! -path './build*' -exec cat {} + | grep -E '^${kind}_PROGRAMS \+?= ' | grep -qE '(= | |/)$prog( |\$)'"
    # Every bin/ or sbin/ path to the program in the docs is that one
    # (debian/*.install writes it without the leading slash).
    bad=$(grep -rhoE "[A-Za-z0-9_./-]*bin/$prog[A-Za-z0-9_.-]*" README.md contrib milter/*/*.[58] \
        ldap-schema/*.8 ldap-schema/README contrib/audit/*.1 debian 2>/dev/null \
        | grep -E "bin/$prog\$" | sed 's#^usr/#/usr/#' | grep -vxF "$dir/$prog" | sort -u | tr '\n' ' ')
    t_check "no other path to $prog in README, contrib/, man pages, debian/${bad:+ (found: $bad)}" \
        test -z "$bad"
done

# --- one configuration directory; the mirror's configuration and state ----------
# /etc/mssante-milter/ holds every file of the site (mssante-milter.conf,
# audit.key, mirror.conf, mirror.secret, igc-sante.pem): no other /etc
# directory of ours in the docs, the examples, the packaging or the mirror.
stray=$(grep -rIlF --exclude-dir=build /etc/mssante/ README.md contrib debian ldap-schema doc \
    milter/*/*.[1-8] 2>/dev/null | sort -u | tr '\n' ' ')
t_check "no /etc/mssante/ in README, man pages, contrib/, debian/, ldap-schema/${stray:+ (found: $stray)}" \
    test -z "$stray"
MUNIT=contrib/systemd/mssante-mirror-update.service
MCONF=$(sed -n 's/^#define MIRROR_CONF_PATH[[:space:]]*"\(.*\)"/\1/p' ldap-schema/mirror_conf.h)
same "mirror's default configuration (MIRROR_CONF_PATH) is in /etc/mssante-milter" \
    "$(dirname "$MCONF")" "$(dirname "$CONF")"
same "mirror update unit --config is MIRROR_CONF_PATH" \
    "$(sed -n 's/^ExecStart=.* --config \([^ ]*\).*/\1/p' "$MUNIT")" "$MCONF"
# dh_install copies a file into the directory named (it never renames).
deb same "debian/mssante-mirror.install puts mirror.conf at MIRROR_CONF_PATH" \
    "$(awk '$1 ~ /(^|\/)mirror\.conf$/ { d = $2; sub(/\/$/, "", d); n = $1; sub(/.*\//, "", n);
        print "/" d "/" n }' debian/mssante-mirror.install)" "$MCONF"
# ProtectSystem=strict: the update unit makes writable the directory of the
# example's PostfixTLSPolicy table (rewritten by a rename in that directory).
same "mirror update unit ReadWritePaths: the directory of PostfixTLSPolicy (contrib/mirror.conf)" \
    "$(sed -n 's/^ReadWritePaths=-\{0,1\}//p' "$MUNIT")" \
    "$(dirname "$(conf_value PostfixTLSPolicy contrib/mirror.conf)")"
# The update's StateDirectory= is mirror.conf's default, and purge removes it.
MSTATE=/var/lib/$(sed -n 's/^StateDirectory=//p' "$MUNIT")
same "mirror update unit StateDirectory is the default StateDirectory" \
    "$(sed -n 's/.*"StateDirectory", CONF_STR, O(state_dir), "\([^"]*\)".*/\1/p' ldap-schema/mirror_conf.c)" \
    "$MSTATE"
deb t_grep "mssante-mirror's postrm removes it on purge" "^ *rm -rf $MSTATE\$" debian/mssante-mirror.postrm
# The audit trail's format is read by mssante-audit(1)'s users, on
# workstations without the daemon: the page ships with that tool.
deb t_check "mssante-milter-audit(5) is in the mssante-audit package" \
    grep -qx usr/share/man/man5/mssante-milter-audit.5 debian/mssante-audit.install
deb t_check "and in no other package" \
    sh -c '! grep -lx usr/share/man/man5/mssante-milter-audit.5 debian/*.install | grep -vqx debian/mssante-audit.install'

# --- pid file, audit trail, key, spool -------------------------------------------
same "example PidFile" "$(conf_value PidFile)" "$PID"
t_grep "logrotate signals that pid file" "^ *pid=$PID$" contrib/logrotate/mssante-milter
same "unit RuntimeDirectory holds it" "/run/$(unit_value RuntimeDirectory)" "$(dirname "$PID")"
same "example AuditLog" "$(conf_value AuditLog)" "$AUDIT"
t_grep "logrotate rotates that file" "^$AUDIT \{" contrib/logrotate/mssante-milter
same "unit LogsDirectory holds it" "/var/log/$(unit_value LogsDirectory)" "$(dirname "$AUDIT")"
same "example AuditKeyFile" "$(conf_value AuditKeyFile)" "$KEY"
deb t_grep "postinst generates that key" "^KEY=$KEY$" debian/mssante-milter.postinst
deb t_grep "postrm removes it on purge" "rm -f $KEY " debian/mssante-milter.postrm
same "example DocumentSpool" "$(conf_value DocumentSpool)" "$SPOOL"
for d in "$(dirname "$SOCK")" "$SPOOL" "$(dirname "$PID")" "$(dirname "$AUDIT")"; do
    deb t_check "tmpfiles.d makes $d" awk -v d="$d" '$1 == "d" && $2 == d { f = 1 } END { exit !f }' "$TMPF"
done
# ProtectSystem=strict: the unit makes writable exactly the socket directory
# and the spool (the run and log directories come from RuntimeDirectory= and
# LogsDirectory=).
t_grep "unit keeps ProtectSystem=strict" '^ProtectSystem=strict$' "$UNIT"
same "unit ReadWritePaths" "$(unit_value ReadWritePaths)" "$(dirname "$SOCK") $SPOOL"
deb same "debian/mssante-milter.service is the unit" "$(readlink debian/mssante-milter.service)" "../$UNIT"
deb same "debian/mssante-milter.logrotate is the logrotate file" \
    "$(readlink debian/mssante-milter.logrotate)" ../contrib/logrotate/mssante-milter
# The packaged configuration turns on the commented AuditLog, AuditKeyFile
# and DocumentSpool lines of the example (debian/rules), nothing else.
deb t_grep "debian/rules uncomments AuditLog, AuditKeyFile, DocumentSpool" \
    "s\|\^#\\\\\(AuditLog" debian/rules
t_done
