#!/bin/bash
# sendmail-tls.sh - inbound mail over REAL TLS through a real sendmail
# (tests/lib/sendmail.sh) built with contrib/sendmail/mssante-milter.mc.
# Sendmail asks every client for a certificate, verifies it against its
# CACertFile (the test IGC-Sante chain, plus another CA so that a
# certificate outside TrustedIssuers reaches the milter as verified), and
# hands the milter {cert_subject} and {cert_issuer} as whole DNs in
# X509_NAME_oneline() form, xtext-encoded ("+20" for a blank), with {verify}.
# mssante-milter decodes them and compares the WHOLE subject DN with the
# whitelist's DNCertificatOperateur: listed certificates pass (a UTF-8
# value included); another operator, the right CN in another operator's DN
# (cert-cn-diff-dn), a listed certificate for another domain, an expired
# one, one from a CA outside TrustedIssuers, TLS without a certificate and
# no TLS are refused at MAIL FROM, in French, as the sendmail client reads
# it. The -v log and the audit record say the whole DN was compared.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/tlsca.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/sendmail.sh"

t_init sendmail-tls
t_need_root
t_need_cmd smtp-sink swaks slapd slapadd openssl m4 apt-get dpkg
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
perl -MNet::SSLeay -e 1 2>/dev/null || { echo "SKIP: swaks needs Net::SSLeay (libnet-ssleay-perl) for TLS"; exit 77; }
sm_fetch || { t_fail "the sendmail packages (apt-get download)"; t_done; }
tls_make_pki "$T/pki" || { t_fail "test PKI"; t_done; }
cat "$T/pki/igc-chain.pem" "$T/pki/other-root.crt" >"$T/pki/sendmail-ca.pem"

mss_audit_files || { t_fail "audit directory and key"; t_done; }
# The only client is loopback: make it external.
sm_stack enforce "InternalHosts 192.0.2.0/24" "PeerCertificate reject" "${MSS_AUDIT[@]}" \
    || { t_fail "stack starts"; t_done; }
sm_tls "$SM" "$T/pki/server.crt" "$T/pki/server.key" "$T/pki/sendmail-ca.pem"
sm_start "$SM" || { t_fail "sendmail starts"; t_done; }
t_ok "slapd, mssante-milter, sendmail and smtp-sink started"

# The .mc lines reached sendmail.cf: the milter and the macros it needs.
CF=$(sm_cf "$SM")
t_grep "sendmail.cf: the milter, F=T" "^Xmssante, S=inet:[0-9]+@127\.0\.0\.1, F=T" "$CF"
t_grep "sendmail.cf: HELO macros with the certificate and {verify}" \
    "^O Milter\.macros\.helo=.*\{cert_subject\}, \{cert_issuer\}, \{verify\}" "$CF"
t_grep "sendmail.cf: connect macros with {daemon_name}" "^O Milter\.macros\.connect=j, \{daemon_name\}" "$CF"
t_grep "sendmail.cf: MAIL macros with {auth_authen}" "^O Milter\.macros\.envfrom=i, .*\{auth_authen\}" "$CF"

PRO=jean.exemple@medecin.mssante.fr
REG=secretariat@region.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log
n=0

# send NAME CERT FROM [swaks args]: one inbound message, over TLS with CERT
# ("-" for no TLS, "none" for TLS without a certificate); Subject NAME
send() {
    _name=$1 _cert=$2 _from=$3; shift 3
    case $_cert in
    -) ;;
    none) set -- --tls "$@" ;;
    *) set -- --tls --tls-cert "$T/pki/$_cert.crt" --tls-key "$T/pki/$_cert.key" "$@" ;;
    esac
    pf_swaks "$SM" "$T/sw-$_name" --from "$_from" --to "$ORG" --header "Subject: $_name" "$@"
}

# delivered NAME: the message reached the sink
delivered() {
    n=$((n + 1))
    sink_wait "$SINK_DIR" "$n" 15 >/dev/null
    _m=$(sink_await "$SINK_DIR" "^Subject: $1\$" 5)
    t_check "$1: delivered" [ -n "$_m" ]
    M=${_m:-/dev/null}
}

# refused NAME FROM DETAIL: MAIL FROM answered 550 5.7.1, as sendmail
# writes it ("550 5.7.1 <addr>... " then the milter's French text), with
# DETAIL (an ERE) and the rule
refused() {
    sw_reply "$T/sw-$1" "MAIL FROM:<$2>" >"$T/r-$1"
    t_grep "$1: refused 550 5.7.1 at MAIL, sendmail's <addr>... prefix" \
        "^550 5\.7\.1 <$2>\.\.\. Message de <$2> refuse: " "$T/r-$1"
    t_grep "$1: the reason" "$3" "$T/r-$1"
    t_grep "$1: reply names the rule" "\[regle trust\.peer_cert\]$" "$T/r-$1"
    t_check "$1: reply is US-ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$T/r-$1'"
    t_check "$1: not relayed" [ -z "$(sink_find "$SINK_DIR" "^Subject: $1\$")" ]
}

# 1. The certificate listed for medecin.mssante.fr (mx1), with a forged
# X-MSSante-Policy in the message.
send match mx1 "$PRO" --header "X-MSSante-Policy: host=forged; result=accept"
t_check "match: accepted" [ $? = 0 ]
t_grep "match: STARTTLS done" "^=== TLS started with cipher TLSv1\.[23]" "$T/sw-match"
delivered match
mss_policy "$M" >"$T/pol-match"
t_check "match: exactly one X-MSSante-Policy" [ "$(wc -l <"$T/pol-match")" = 1 ]
t_check "match: the forged header is gone" sh -c "! grep -q 'host=forged' '$M'"
t_grep "match: inbound, certificate checked" \
    "mode=enforce; dir=inbound;.*trust\.peer_cert=pass;.*result=accept$" "$T/pol-match"
t_grep "match: -v log says the whole DN was compared" \
    "trust\.peer_cert: whole DN \(dn\) compared: subject \"/C=FR/ST=Paris \(75\)/O=OPERATEUR A/OU=300000000000001/CN=mx1\.operateur-a\.example\" with the operator certificates of medecin\.mssante\.fr: pass" "$LOG"
mss_audit_rec "$PRO" >"$T/rec"
t_grep "match: audit record, decoded DNs, verify OK, compared dn" \
    '"tls":\{"version":"TLSv1\.[23]","cipher":"[^"]+","subject":"/C=FR/ST=Paris \(75\)/O=OPERATEUR A/OU=300000000000001/CN=mx1\.operateur-a\.example","issuer":"/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS","verify":"OK","compared":"dn"\}' "$T/rec"

# 2. The second certificate listed for the domain (mx2).
send match2 mx2 "$PRO"
t_check "match2 (mx2): accepted" [ $? = 0 ]
delivered match2

# 3. A subject with a non-ASCII value (ST=Rhone with a circumflex):
# sendmail writes it \xC3\xB4 and xtext-encodes the blanks.
send region region "$REG"
t_check "region (UTF-8 subject): accepted" [ $? = 0 ]
delivered region

# 4. Another operator's certificate from the IGC chain.
send other-operator other "$PRO"
t_check "other-operator: refused" [ $? != 0 ]
refused other-operator "$PRO" \
    "le certificat /C=FR/ST=Paris \(75\)/O=INCONNU/OU=300000000000009/CN=mx9\.inconnu\.example n'est pas celui d'un operateur du domaine medecin\.mssante\.fr"

# 5. The CN of mx1 in another operator's DN: only the whole DN tells.
send cn-diff-dn cndiff "$PRO"
t_check "cn-diff-dn: refused" [ $? != 0 ]
refused cn-diff-dn "$PRO" "/O=AUTRE OPERATEUR/.*n'est pas celui d'un operateur"
t_grep "cn-diff-dn: -v log, whole DN compared, fail" \
    "whole DN \(dn\) compared: subject \"[^\"]*O=AUTRE OPERATEUR[^\"]*\" with the operator certificates of medecin\.mssante\.fr: fail" "$LOG"

# 6. A listed certificate, but not for this domain.
send wrong-domain mx1 "$REG"
refused wrong-domain "$REG" "n'est pas celui d'un operateur du domaine region\.mssante\.fr"

# 7. Expired: sendmail does not verify it ({verify} is not OK).
send expired expired "$PRO"
t_check "expired: refused" [ $? != 0 ]
refused expired "$PRO" "aucun certificat client verifie"
mss_audit_rec "$PRO" >"$T/rec"
t_grep "expired: audit record keeps sendmail's {verify}" '"verify":"FAIL"' "$T/rec"

# 8. The subject of mx1 from a CA that sendmail trusts but that is not in
# TrustedIssuers: the issuer's CN, decoded, is named.
send non-igc nonigc "$PRO"
t_check "non-igc: refused" [ $? != 0 ]
refused non-igc "$PRO" "certificat client emis par une autorite non reconnue \(/C=FR/O=AUTRE/CN=AUTRE AC TEST\)"

# 9. TLS, but no client certificate ({verify} NO).
send no-cert none "$PRO"
t_check "no-cert: refused" [ $? != 0 ]
refused no-cert "$PRO" "aucun certificat client verifie"
mss_audit_rec "$PRO" >"$T/rec"
t_grep "no-cert: audit record, verify NO" '"verify":"NO"' "$T/rec"

# 10. No TLS at all.
send no-tls - "$PRO"
t_check "no-tls: refused" [ $? != 0 ]
refused no-tls "$PRO" "connexion sans TLS"

# 11. A bounce (null sender, a real DSN: anything else with <> meets the
# header rules) over TLS with an IGC certificate: issuer checked, no domain.
DSN=$'Rapport de remise.\r\n--b\r\nContent-Type: text/plain\r\n\r\nEchec.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; x@medecin.mssante.fr\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n'
send bounce other "<>" --header "From: MAILER-DAEMON@mx.example (Mail Delivery System)" \
    --add-header "Content-Type: multipart/report; report-type=delivery-status; boundary=b" \
    --body "$DSN"
t_check "null sender, IGC certificate: accepted" [ $? = 0 ]
delivered bounce

t_check "queue empty" sm_wait_queue_empty "$SM" 15
t_check "4 messages delivered" [ "$(sink_count "$SINK_DIR")" = 4 ]
t_check "no xtext decoding error" sh -c "! grep -q 'is not xtext-encoded' '$LOG'"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
