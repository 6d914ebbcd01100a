#!/bin/bash
# debian-install.sh - the Debian packages, installed and used as an
# administrator would: the commands of README.md's "Install on a server"
# block, in order, then mail through a private Postfix whose smtpd is
# CHROOTED (Debian's default) with the packaged main.cf lines: one message
# accepted, one refused; the audit trail, its key and its rotation; and
# "dpkg --purge" leaving nothing but the system user and group.
#
# MSS_DEB_DIR names the directory of the .debs (.ci/run builds them with
# dpkg-buildpackage); without it, or without root, the test is skipped
# (77). It is also skipped when mssante-milter is already installed: an
# administrator's installation is never touched. It purges what it
# installed, and removes the user and group when it created them, so the
# machine is left as it was.
#
# How README's commands reach private instances (no systemd runs here, and
# the system's slapd and Postfix are not touched):
#   - the site's values in the block are replaced by the test's (readme_cmds
#     below): the mirror's URI, the test IGC-Sante chain and a whitelist
#     signed under it, the sample extraction, the private slapd.conf and
#     database directory, the rootdn's password file;
#   - after README's edit of mirror.conf, the test adds the keys that name
#     its stand-ins for the ANS: a local HTTPS server (mirror-https.py)
#     serving the same signed list and the sample extraction in its ZIP,
#     the test signer and its issuer, the private slapd's URI;
#   - apt-get, systemctl, postfix and postconf are shell functions: apt-get
#     adds -y; "systemctl stop|start slapd" stops or starts the private
#     slapd; "systemctl restart mssante-milter" runs the installed unit's
#     ExecStartPre and ExecStart lines as the unit's User= and Group=;
#     "systemctl start mssante-mirror-update.service" makes that unit's
#     StateDirectory= and runs its ExecStart line (as root: it has no User=);
#     postfix and postconf act on the private instance (-c DIR), whose
#     queue directory gets, like Debian's /var/spool/postfix, the /etc
#     files of the chroot, and the packaged socket directory bind-mounted
#     at the same place (mssante-milter/).
. "$top_srcdir/tests/lib/common.sh"
# The reasons to skip come before t_init, which would keep its directory.
T_NAME=debian-install
t_need_root
if [ -z "${MSS_DEB_DIR:-}" ] || ! ls "$MSS_DEB_DIR"/mssante-milter_*.deb >/dev/null 2>&1; then
    echo "SKIP: debian-install needs the .debs (MSS_DEB_DIR; .ci/run builds them)"; exit 77
fi
MSS_DEB_DIR=$(cd "$MSS_DEB_DIR" && pwd)
t_need_cmd apt-get dpkg setpriv mount slapd slapadd postfix swaks xmlsec1 openssl \
    systemd-analyze logrotate python3 zip
if dpkg -s mssante-milter >/dev/null 2>&1 || dpkg -s mssante-mirror >/dev/null 2>&1; then
    echo "SKIP: debian-install: mssante-milter is installed on this machine"; exit 77
fi
t_init debian-install
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"
. "$top_srcdir/tests/lib/readme.sh"

UNIT=/lib/systemd/system/mssante-milter.service
CONF=/etc/mssante-milter/mssante-milter.conf
KEY=/etc/mssante-milter/audit.key
SOCKDIR=/var/spool/postfix/mssante-milter
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
user_existed=no
getent passwd mssante-milter >/dev/null && user_existed=yes
out=$T/out

# --- the test's stand-ins for the site ------------------------------------
mirror_ca "$T/ca" || { echo "cannot make the test CA"; exit 99; }
mirror_sign "$top_srcdir/tests/data/postfix-whitelist.xml" "$T/listeblanchemssante.xml" \
    "$T/ca/signer.key" "$T/ca/signer.pem" "$T/ca/inter.pem" || { echo "cannot sign"; exit 99; }
slapd_setup || exit 99
# The ANS servers: the same signed list, and the sample extraction as the
# web service gives it (one dated entry in a ZIP).
mirror_https_pki "$T/https" || { echo "cannot make the HTTPS PKI"; exit 99; }
mkdir -p "$T/www" "$T/zip"
cp "$T/listeblanchemssante.xml" "$T/www/"
cp "$top_srcdir/tests/data/postfix-extraction.txt" "$T/zip/Extraction_Correspondance_MSSante_202611200300.txt"
# (zip names its archive *.zip: renamed to the web service's name)
(cd "$T/zip" && zip -q -X ex.zip Extraction_Correspondance_MSSante_*.txt) \
    && mv "$T/zip/ex.zip" "$T/www/Extraction_Correspondance_MSSante" || exit 99
mirror_https_serve ANS "$T/www" "$T/https/good" || exit 99
SINK_DIR=$T/sink PF=$T/postfix
sink_start "$SINK_DIR" "$(t_port)" || exit 99
pf_create "$PF" "$(t_port)" "$(cat "$SINK_DIR.port")" "" || exit 99
# smtpd chrooted in the queue directory, as in Debian's master.cf.
sed -i "s/^\(127\.0\.0\.1:[0-9]* inet n - \)n\( - - smtpd\)$/\1y\2/" "$PF/etc/master.cf"
t_grep "the private smtpd is chrooted" '^127\.0\.0\.1:[0-9]+ inet n - y - - smtpd$' "$PF/etc/master.cf"
# What Debian's postfix does for its chroot (configure-instance.sh).
mkdir -p "$PF/queue/etc"
for f in localtime services resolv.conf hosts host.conf nsswitch.conf; do
    [ -f "/etc/$f" ] && cp "/etc/$f" "$PF/queue/etc/$f"
done

# --- the functions README's commands meet ---------------------------------
MILTER_PID=
apt-get() { command apt-get -y -q "$@"; }
postconf() {
    case $1 in -c) command postconf "$@" ;; *) command postconf -c "$PF/etc" "$@" ;; esac
}
postfix() {	# tests/lib/postfix.sh calls it with -c too
    case $1 in
    -c) command postfix "$@" ;;
    reload) _pf_cool "$PF"
        if [ -n "$(_pf_master "$PF")" ]; then command postfix -c "$PF/etc" reload
        else pf_start "$PF"; fi ;;
    *) command postfix -c "$PF/etc" "$@" ;;
    esac
}
# unit_line KEY [UNIT] - the value of KEY= in the installed unit
unit_line() { sed -n "s/^$1=//p" "${2:-$UNIT}"; }
unit_run() {	# as systemd would: User=, Group= (and its groups), the command
    setpriv --reuid="$(unit_line User)" --regid="$(unit_line Group)" --init-groups -- "$@"
}
milter_start() {
    # shellcheck disable=SC2046
    unit_run $(unit_line ExecStartPre) >"$T/execstartpre.out" 2>&1 || {
        echo "# ExecStartPre failed:"; sed 's/^/#   /' "$T/execstartpre.out"; return 1; }
    # Not through the function: $! must be the daemon itself (setpriv
    # execs it), not a subshell.
    # shellcheck disable=SC2046
    setpriv --reuid="$(unit_line User)" --regid="$(unit_line Group)" --init-groups -- \
        $(unit_line ExecStart) >>"$T/milter.log" 2>&1 &
    MILTER_PID=$!
    t_wait_file "$SOCKDIR/mssante-milter.sock" 10
}
MUNIT=/lib/systemd/system/mssante-mirror-update.service
mirror_update_start() {	# as systemd would: StateDirectory=, then ExecStart (root)
    install -d -m "$(unit_line StateDirectoryMode "$MUNIT")" \
        "/var/lib/$(unit_line StateDirectory "$MUNIT")" || return 1
    # shellcheck disable=SC2046
    $(unit_line ExecStart "$MUNIT")
}
systemctl() {
    case "$1 $2" in
    "stop slapd") slapd_stop ;;
    "start slapd") slapd_start ;;
    "start mssante-mirror-update.service") mirror_update_start ;;
    "restart mssante-milter")
        [ -n "$MILTER_PID" ] && milter_stop "$MILTER_PID" "unix:$SOCKDIR/mssante-milter.sock"
        milter_start ;;
    *) echo "# systemctl $*: not emulated" >&2; return 1 ;;
    esac
}
PURGE_ST=
cleanup() {
    [ -n "$MILTER_PID" ] && milter_stop "$MILTER_PID" "unix:$SOCKDIR/mssante-milter.sock"
    MILTER_PID=
    pf_stop_all
    mountpoint -q "$PF/queue/mssante-milter" && umount "$PF/queue/mssante-milter"
    if [ -z "$PURGE_ST" ]; then
        dpkg --purge mssante-audit mssante-mirror mssante-milter >"$T/purge.out" 2>&1
        PURGE_ST=$?
    fi
    return 0
}
# At exit, after cleanup (t_on_exit runs the last added first): a user and
# group this test made go too, pass or fail, so the machine is left as it
# was found.
remove_user() {
    [ $user_existed = no ] || return 0
    deluser --quiet --system mssante-milter
    getent group mssante-milter >/dev/null && delgroup --quiet mssante-milter
    return 0
}
t_on_exit remove_user
t_on_exit cleanup

# readme_cmds - the commands of README's block, with the test's values
readme_cmds() {
    readme_block '## Install on a server' \
    | sed -e "s|ldapi:///|$SLAPD_URI/|" \
        -e "s|/etc/mssante-milter/igc-sante.pem|$T/ca/bundle.pem|" \
        -e "s|--signer \"CN=alb.mssante.fr,[^\"]*\"|--signer \"$TEST_SIGNER\"|" \
        -e "s| listeblanchemssante.xml| $T/listeblanchemssante.xml|" \
        -e "s| Extraction_Correspondance_MSSante.txt| $top_srcdir/tests/data/postfix-extraction.txt|" \
        -e "s|/etc/ldap/slapd.conf|$SLAPD_CONF|" \
        -e "s|/var/lib/ldap/mssante|$SLAPD_DIR/db|" \
        -e "s|/etc/mssante-milter/mirror.secret|$SLAPD_PWFILE|"
}
# The test list's signer (tests/integration/mirror-common.sh), as a whole DN.
TEST_SIGNER="CN=TEST LISTE BLANCHE MSSANTE,OU=0002 187512751,O=AGENCE DU NUMERIQUE EN SANTE,C=FR"
readme_cmds >"$T/readme.sh"
t_check "README's block has the five steps' commands" \
    test "$(grep -cvE '^(#|$)' "$T/readme.sh")" -ge 12
# Each command runs in order; after the few that make a step, the test
# looks at what they did.
n=0
run_step() {	# run_step PATTERN: the README commands up to one matching PATTERN
    while IFS= read -r cmd <&3; do
        case $cmd in ''|'#'*) continue ;; esac
        n=$((n + 1))
        # From the .debs' directory (README's "./mssante-milter_*.deb").
        readme_run "$n" "$MSS_DEB_DIR" "$T/cmd$n.out" "$cmd"
        case $cmd in $1) return 0 ;; esac
    done
    return 1
}
exec 3<"$T/readme.sh"

# --- 1. install, the two edits, -n ---------------------------------------
run_step 'apt-get install *'
cp "$T/cmd$n.out" "$T/install.out"
t_check "packages installed" sh -c 'dpkg -s mssante-milter mssante-mirror >/dev/null'
t_check "programs in /usr/sbin" test -x /usr/sbin/mssante-milter -a -x /usr/sbin/mssante-mirror \
    -a -x /usr/sbin/mssante-conversations
t_check "system user mssante-milter" test "$(getent passwd mssante-milter | cut -d: -f7)" = /usr/sbin/nologin
t_check "postfix is in group mssante-milter" \
    sh -c "id -nG postfix | tr ' ' '\n' | grep -qx mssante-milter"
t_check "configuration is a conffile" grep -qx "$CONF" /var/lib/dpkg/info/mssante-milter.conffiles
t_check "site key: 0600 mssante-milter" test "$(stat -c '%a %U' "$KEY")" = "600 mssante-milter"
t_check "site key: 64 hex digits" grep -Eqx '[0-9a-f]{64}' "$KEY"
t_check "site key not in the installation's output" \
    sh -c "! grep -qF '$(cat "$KEY")' '$T/install.out'"
t_check "socket directory 0750 mssante-milter:mssante-milter" \
    test "$(stat -c '%a %U:%G' "$SOCKDIR")" = "750 mssante-milter:mssante-milter"
t_check "spool, log and run directories" test -d /var/spool/mssante-milter -a \
    -d /var/log/mssante-milter -a -d /run/mssante-milter
t_check "logrotate file installed" test -f /etc/logrotate.d/mssante-milter
for u in mssante-milter.service mssante-mirror-update.service mssante-mirror-update.timer; do
    t_check "unit $u installed" test -f "/lib/systemd/system/$u"
done
t_check "mirror.conf installed (a conffile)" \
    grep -qx /etc/mssante-milter/mirror.conf /var/lib/dpkg/info/mssante-mirror.conffiles
# The units: every one the packages install, with their programs and manual
# pages installed (systemd-analyze checks both).
units=$(ls /lib/systemd/system/mssante-* 2>/dev/null)
systemd-analyze verify $units >"$out" 2>&1
t_check "systemd-analyze verify $(echo $units) (exit 0, silent)" \
    test $? = 0 -a ! -s "$out"
[ -s "$out" ] && sed 's/^/#   /' "$out"
t_check "unit: ProtectSystem=strict" grep -qx 'ProtectSystem=strict' "$UNIT"
t_check "unit: ReadWritePaths is the socket directory and the spool" \
    test "$(unit_line ReadWritePaths)" = "$SOCKDIR /var/spool/mssante-milter"
key_sum=$(sha256sum "$KEY")
run_step 'sed -i *'
run_step 'mssante-milter -n'

# --- 2. the mirror ---------------------------------------------------------
run_step 'systemctl start slapd'
t_check "the mirror holds the sample domains" \
    test "$(slapd_count '(mssDomain=*)')" -ge 1

# --- 3. the daily refresh ---------------------------------------------------
run_step 'sed -i *mirror.conf'
MCONF=/etc/mssante-milter/mirror.conf
t_check "mirror.conf: the README's three keys set" test "$(grep -cxE \
    "(BindDN $SLAPD_ROOTDN|PasswordFile $SLAPD_PWFILE|SignatureCAFile $T/ca/bundle.pem)" "$MCONF")" = 3
# The test's stand-ins for what a site leaves at its default: the ANS
# servers, the signer of the real list, the local slapd.
cat >>"$MCONF" <<EOF
# debian-install.sh: the test's stand-ins
LDAPURI $SLAPD_URI/
WhitelistURL https://127.0.0.1:$ANS_PORT/listeblanchemssante.xml
ExtractionURL https://127.0.0.1:$ANS_PORT/Extraction_Correspondance_MSSante
HTTPSCAFile $T/https/ca.pem
Signer $TEST_SIGNER
SignerIssuer CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE TEST,OU=0002 187512751,O=ASIP-SANTE,C=FR
EOF
run_step 'systemctl start mssante-mirror-update*'
t_grep "the update downloaded, verified and synced: nothing to change" \
    '^domains: added=0 modified=0 deleted=0 unchanged=[1-9][0-9]* failed=0$' "$T/cmd$n.out"
t_check "the update keeps the loaded files in its StateDirectory" \
    test -f /var/lib/mssante-mirror/current/whitelist.xml \
    -a -f /var/lib/mssante-mirror/current/Extraction_Correspondance_MSSante_202611200300.txt
t_check "StateDirectory mode 0750" test "$(stat -c %a /var/lib/mssante-mirror)" = 750

# --- 4. the Postfix lines, 5. reload ----------------------------------------
run_step 'grep *'
t_check "main.cf: the packaged milter socket" \
    test "$(postconf -h smtpd_milters)" = "unix:/mssante-milter/mssante-milter.sock"
# The test has no IGC-Sante certificate, and its relay is an smtp-sink
# without TLS ("adapt the TLS paths" in README): TLS off both ways.
postconf -e smtpd_tls_security_level=none smtp_tls_security_level=none
# The packaged socket directory, at the same place in this instance's chroot.
mkdir -p "$PF/queue/mssante-milter"
mount --bind "$SOCKDIR" "$PF/queue/mssante-milter" || { echo "# mount --bind failed"; t_fail "bind mount"; t_done; }
run_step 'systemctl restart mssante-milter'
t_check "the daemon runs as mssante-milter" \
    test "$(ps -o uid= -p "$MILTER_PID" | tr -d ' ')" = "$(id -u mssante-milter)"
t_check "socket owned mssante-milter, mode 0660" \
    test "$(stat -c '%a %U' "$SOCKDIR/mssante-milter.sock")" = "660 mssante-milter"
run_step 'postfix reload'
t_check "every README command ran" test "$(grep -cvE '^(#|$)' "$T/readme.sh")" = "$n"

# --- mail through the chrooted smtpd ----------------------------------------
pf_swaks "$PF" "$T/sw1" --from "$PRO" --to "$ORG" --header "Message-Id: <deb-1@test.example>"
t_check "message in the trust space accepted (250)" test "$(sw_code "$T/sw1" .)" = 250
f=$(sink_await "$SINK_DIR" '<deb-1@test\.example>' 15)
t_check "it is delivered" test -n "$f"
[ -n "$f" ] && t_grep "with the milter's header" '^X-MSSante-Policy: .*result=accept' "$f"
pf_swaks "$PF" "$T/sw2" --from "$PRO" --to dupont@gmail.example
t_check "recipient outside the trust space refused (550)" \
    test "$(sw_code "$T/sw2" "RCPT TO:<dupont@gmail.example>")" = 550
chrooted=no
for p in $(pgrep -x smtpd); do
    [ "$(readlink "/proc/$p/root")" = "$PF/queue" ] && chrooted=yes
done
t_check "smtpd runs chrooted in the queue directory" test $chrooted = yes
if grep -q 'connect to Milter service' "$PF/maillog"; then
    t_fail "smtpd could not reach the milter"; grep milter "$PF/maillog" | tail -5
else t_ok "smtpd reached the milter through the chroot"; fi

# --- the audit trail, its key and its rotation --------------------------------
apt-get install "$MSS_DEB_DIR"/mssante-audit_*.deb >"$out" 2>&1
t_check "mssante-audit installed in /usr/bin" test -x /usr/bin/mssante-audit
t_check "mssante-milter-audit(5), the format mssante-audit(1) refers to, comes with it" \
    test "$(dpkg -S /usr/share/man/man5/mssante-milter-audit.5.gz 2>/dev/null | cut -d: -f1)" = mssante-audit
t_grep "the audit trail has the accepted message" '<deb-1@test\.example>' /var/log/mssante-milter/audit.log
logrotate -f -s "$T/logrotate.state" /etc/logrotate.d/mssante-milter >"$out" 2>&1
t_check "logrotate with the installed file (exit 0)" test $? = 0
t_wait_file /var/log/mssante-milter/audit.log 5
pf_swaks "$PF" "$T/sw3" --from "$PRO" --to "$ORG" --header "Message-Id: <deb-3@test.example>"
t_grep "after the rotation the record is in the new file" '<deb-3@test\.example>' \
    /var/log/mssante-milter/audit.log
mssante-audit verify --key-file "$KEY" /var/log/mssante-milter/audit.log.1 \
    /var/log/mssante-milter/audit.log >"$out" 2>&1
t_check "mssante-audit verify across the rotation, with the generated key" test $? = 0
# A reinstallation keeps the key.
dpkg -i "$MSS_DEB_DIR"/mssante-milter_*.deb >"$out" 2>&1
t_check "reinstallation (exit 0)" test $? = 0
t_check "the key is not replaced" test "$(sha256sum "$KEY")" = "$key_sum"

# --- purge ---------------------------------------------------------------------
dpkg -L mssante-milter mssante-mirror mssante-audit 2>/dev/null | sort -u >"$T/files"
# What the daily update (README step 3) left in its StateDirectory=: the
# last loaded files, their validators, the lock; purge removes it.
t_check "before the purge, the update's state is there" \
    test -f /var/lib/mssante-mirror/lock -a -f /var/lib/mssante-mirror/current/whitelist.xml
cleanup
t_check "dpkg --purge (exit 0)" test "$PURGE_ST" = 0
[ "$PURGE_ST" = 0 ] || sed 's/^/#   /' "$T/purge.out"
t_check "packages gone" sh -c '! dpkg -s mssante-milter mssante-mirror mssante-audit 2>/dev/null | grep -q "^Status: install"'
left=
while IFS= read -r p; do
    # Files and links; not directories (nor /lib, a link to one).
    { [ -f "$p" ] || [ -L "$p" ]; } && [ ! -d "$p" ] && left="$left $p"
done <"$T/files"
for p in /etc/mssante-milter /var/log/mssante-milter /var/spool/mssante-milter "$SOCKDIR" \
    /run/mssante-milter /var/lib/mssante-mirror \
    /etc/systemd/system/multi-user.target.wants/mssante-milter.service \
    /etc/systemd/system/timers.target.wants/mssante-mirror-update.timer \
    /var/lib/systemd/deb-systemd-helper-enabled/mssante-milter.service.dsh-also \
    /var/lib/systemd/deb-systemd-helper-enabled/mssante-mirror-update.timer.dsh-also; do
    [ -e "$p" ] || [ -L "$p" ] && left="$left $p"
done
t_check "nothing left after the purge${left:+ (left:$left)}" test -z "$left"
t_check "the system user stays (Debian policy)" sh -c 'getent passwd mssante-milter >/dev/null'
t_done
