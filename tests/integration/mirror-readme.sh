#!/bin/bash
# mirror-readme.sh - README.md's directory block ("The directory mirror"),
# every command in order, as a site that builds from source runs it, from
# an empty slapd: mirror.conf installed and given its three site keys (the
# same sed as step 3 of "Install on a server", which package users run on
# the packaged file), config, the first update, the units installed and
# pointed at the installed program, systemctl daemon-reload and enable --now of
# the timer, status, and postfix-tls-policy with the CA on the list the
# mirror loaded (signed, verified). After each command the test looks at
# what it did.
#
# How the commands reach private instances (nothing of the system is
# touched):
#   - the site's paths (/etc/mssante-milter, /etc/systemd/system,
#     /etc/postfix, /var/lib/mssante-mirror) are under $R, where the test
#     puts what the site has: the IGC-Sante bundle (the test chain), the
#     rootdn's password file, and mssante-mirror (the build) on the PATH
#     in $R/usr/local/sbin, where make install puts it;
#   - after the sed of mirror.conf, the test adds the keys that name its
#     stand-ins: the private slapd, a local HTTPS server (mirror-https.py)
#     serving a list signed an hour ago and the extraction of that hour in
#     its ZIP, the test signer and its issuer, the state directory;
#   - systemctl is a shell function: "daemon-reload" checks the unit files
#     with systemd-analyze verify, as systemd reads them; "enable --now
#     X.timer" checks its [Install] and schedule, then runs what the timer
#     starts, X.service's ExecStart (as root, the unit has no User=), in
#     the unit's StateDirectory=, as its first elapse would.
. "$top_srcdir/tests/lib/common.sh"
t_init mirror-readme
t_need_cmd slapadd slapd ldapsearch xmlsec1 openssl python3 zip systemd-analyze
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"
. "$top_srcdir/tests/lib/readme.sh"
[ -x "$MIRROR" ] || { echo "SKIP: mssante-mirror not built"; exit 77; }

TEST_SIGNER="CN=TEST LISTE BLANCHE MSSANTE,OU=0002 187512751,O=AGENCE DU NUMERIQUE EN SANTE,C=FR"
TEST_ISSUER="CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE TEST,OU=0002 187512751,O=ASIP-SANTE,C=FR"
out=$T/out

# The ANS stand-in: the sample list generated an hour ago, signed under the
# test chain; the sample extraction named in French time, an hour ago.
mirror_data "$T/data"
mirror_ca "$T/ca" || { echo "cannot make the test CA"; exit 99; }
mirror_https_pki "$T/https" || { echo "cannot make the HTTPS PKI"; exit 99; }
sed "s#<DateDeGeneration>.*</DateDeGeneration>#<DateDeGeneration>$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)</DateDeGeneration>#" \
    "$WL" >"$T/data/recent.xml"
mkdir -p "$T/www"
mirror_sign "$T/data/recent.xml" "$T/www/listeblanchemssante.xml" "$T/ca/signer.key" \
    "$T/ca/signer.pem" "$T/ca/inter.pem" || exit 99
X=Extraction_Correspondance_MSSante_$(TZ='CET-1CEST,M3.5.0,M10.5.0/3' date -d '-1 hour' +%Y%m%d%H%M).txt
cp "$EX" "$T/data/$X"
(cd "$T/data" && zip -q -X ex.zip "$X") || exit 99
mv "$T/data/ex.zip" "$T/www/Extraction_Correspondance_MSSante"
mirror_https_serve ANS "$T/www" "$T/https/good" || exit 99

slapd_setup
slapd_start || exit 1

# The site: what it has before the block, under $R.
R=$T/root
mkdir -p "$R/etc/mssante-milter" "$R/etc/systemd/system" "$R/etc/postfix" "$R/var/lib" \
    "$R/usr/local/sbin"
cp "$T/ca/bundle.pem" "$R/etc/mssante-milter/igc-sante.pem"
install -m 600 "$SLAPD_PWFILE" "$R/etc/mssante-milter/mirror.secret"
ln -s "$MIRROR" "$R/usr/local/sbin/mssante-mirror"
PATH=$R/usr/local/sbin:$PATH
MCONF=$R/etc/mssante-milter/mirror.conf
SUNIT=$R/etc/systemd/system/mssante-mirror-update.service
TUNIT=$R/etc/systemd/system/mssante-mirror-update.timer

# site: the site's paths of the text (stdin to stdout) under $R, where a
# path starts (a line, a blank, "|", "=" or a quote before it)
site() {
    _p="(^|[ |=\"'])"
    sed -E -e "s#$_p/etc/(mssante-milter|systemd/system|postfix)/#\1$R/etc/\2/#g" \
        -e "s#$_p/var/lib/mssante-mirror/#\1$R/var/lib/mssante-mirror/#g"
}
# unit_line KEY UNIT: the value of KEY= in a unit file
unit_line() { sed -n "s/^$1=//p" "$2"; }

# systemctl, as systemd would do it here.
systemctl() {
    case "$*" in
    daemon-reload)
        systemd-analyze verify --man=no "$SUNIT" "$TUNIT" ;;
    "enable --now mssante-mirror-update.timer")
        grep -qx 'WantedBy=timers.target' "$TUNIT" || { echo "no WantedBy=timers.target"; return 1; }
        # The timer elapses: its service runs, in its StateDirectory=.
        install -d -m "$(unit_line StateDirectoryMode "$SUNIT")" \
            "$R/var/lib/$(unit_line StateDirectory "$SUNIT")" || return 1
        # shellcheck disable=SC2046
        $(unit_line ExecStart "$SUNIT" | site) ;;
    *) echo "# systemctl $*: not emulated" >&2; return 1 ;;
    esac
}

readme_block '## The directory mirror' | site >"$T/block.sh"
t_check "README's directory block has its ten commands" \
    test "$(grep -cvE '^(#|$)' "$T/block.sh")" = 10
# The sed of mirror.conf is step 3's of "Install on a server", for package users.
t_check "its edit of mirror.conf is step 3's of Install on a server" \
    test "$(readme_block '## The directory mirror' | grep "^sed -i .*mirror\.conf$")" = \
    "$(readme_block '## Install on a server' | grep "^sed -i .*mirror\.conf$")"

n=0
while IFS= read -r cmd <&3; do
    case $cmd in ''|'#'*) continue ;; esac
    n=$((n + 1))
    # From the source tree (contrib/...).
    readme_run "$n" "$top_srcdir" "$out" "$cmd"
    case $cmd in
    install\ -D*mirror.conf)
        t_check "mirror.conf is contrib's, mode 640" \
            sh -c "cmp -s '$top_srcdir/contrib/mirror.conf' '$MCONF' && test \$(stat -c %a '$MCONF') = 640" ;;
    sed\ -i*mirror.conf)
        t_check "mirror.conf: the three site keys set" test "$(grep -cxE \
            "(BindDN $SLAPD_ROOTDN|PasswordFile $R/etc/mssante-milter/mirror.secret|SignatureCAFile $R/etc/mssante-milter/igc-sante.pem)" \
            "$MCONF")" = 3
        # The test's stand-ins for what a site leaves at its default.
        cat >>"$MCONF" <<EOF
# mirror-readme.sh: the test's stand-ins
LDAPURI $SLAPD_LDAPI
WhitelistURL https://127.0.0.1:$ANS_PORT/listeblanchemssante.xml
ExtractionURL https://127.0.0.1:$ANS_PORT/Extraction_Correspondance_MSSante
HTTPSCAFile $T/https/ca.pem
Signer $TEST_SIGNER
SignerIssuer $TEST_ISSUER
StateDirectory $R/var/lib/mssante-mirror
EOF
        ;;
    *mssante-mirror\ config*)
        t_grep "config: the site's BindDN" "^BindDN $SLAPD_ROOTDN\$" "$out"
        t_grep "config: the stand-in Signer" "^Signer $TEST_SIGNER\$" "$out"
        t_grep "config: a default" '^MaxDeletePercent 5$' "$out" ;;
    *mssante-mirror\ update*)
        t_check "update: the domains loaded" test "$(slapd_count '(objectClass=mssTrustedDomain)')" = 9
        t_check "update: the mailboxes loaded" test "$(slapd_count '(objectClass=mssMailbox)')" = 49
        t_check "update: the list verified, its files kept" test -f "$R/var/lib/mssante-mirror/current/whitelist.xml" \
            -a -f "$R/var/lib/mssante-mirror/current/$X" ;;
    install\ -m\ 644*)
        t_check "the units installed" test -f "$SUNIT" -a -f "$TUNIT" ;;
    sed\ -i*.service)
        t_check "the service runs the installed program" test "$(unit_line ExecStart "$SUNIT")" = \
            "$R/usr/local/sbin/mssante-mirror update --config /etc/mssante-milter/mirror.conf" ;;
    *enable\ --now*)
        t_check "the timer: daily at 05:30, up to an hour later" \
            test "$(unit_line OnCalendar "$TUNIT") $(unit_line RandomizedDelaySec "$TUNIT")" = '*-*-* 05:30:00 1h'
        t_grep "its service's run: both files unchanged" '^not modified' "$out" ;;
    *mssante-mirror\ status*)
        t_grep "status: OK, the ages of an hour" \
            '^MIRROR OK - whitelist age 1\.[0-9] h, 9 domains; extraction age 1\.[0-9] h, 49 mailboxes' "$out" ;;
    *postfix-tls-policy*)
        t_grep "the table from the verified list" \
            '^medecin\.mssante\.fr secure match=mx1\.operateur-a\.example:mx2\.operateur-a\.example protocols=>=TLSv1\.2$' \
            "$R/etc/postfix/mssante_tls_policy"
        t_grep "the main.cf lines: the table" \
            "^smtp_tls_policy_maps = texthash:$R/etc/postfix/mssante_tls_policy\$" "$out"
        t_grep "the main.cf lines: the CA" "^smtp_tls_CAfile = $R/etc/mssante-milter/igc-sante.pem\$" "$out" ;;
    esac
done 3<"$T/block.sh"
t_check "every command of the block ran" test "$n" = 10

t_done
