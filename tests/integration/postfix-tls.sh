#!/bin/bash
# postfix-tls.sh - inbound mail over REAL TLS: Postfix asks for a client
# certificate (smtpd_tls_ask_ccert) and verifies it against the test
# IGC-Sante chain (tests/lib/tlsca.sh); mssante-milter, seeing the client
# as external (InternalHosts excludes loopback), accepts the message only
# when the certificate is one listed in the whitelist for the sender's
# domain: a matching certificate passes; another CN of the same CA, an
# expired certificate, one from another CA and no TLS at all are refused at
# MAIL FROM. An X-MSSante-Policy header forged by the sender is removed.
# The null sender passes for a real DSN, and a plain message sent with it
# is held to the From rule. Postfix gives the milter only the peer's CN:
# the -v log and the audit record say the CN was compared (sendmail-tls.sh
# has the whole-DN side).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/tlsca.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init postfix-tls
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd openssl
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
perl -MNet::SSLeay -e 1 2>/dev/null || { echo "SKIP: swaks needs Net::SSLeay (libnet-ssleay-perl) for TLS"; exit 77; }
tls_make_pki "$T/pki" || { t_fail "test PKI"; t_done; }
mss_audit_files || { t_fail "audit directory and key"; t_done; }
# The only client is loopback: make it external.
mss_stack enforce "InternalHosts 192.0.2.0/24" "PeerCertificate reject" "${MSS_AUDIT[@]}" \
    || { t_fail "stack starts"; t_done; }
pf_tls "$PF" "$T/pki/server.crt" "$T/pki/server.key" "$T/pki/igc-chain.pem"
pf_reload "$PF"; sleep 0.5

PRO=jean.exemple@medecin.mssante.fr
REG=secretariat@region.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log
n=0

# send NAME CERT FROM [swaks args]: one inbound message, over TLS with CERT
# ("-" for no TLS); its Subject is NAME
send() {
    _name=$1 _cert=$2 _from=$3; shift 3
    if [ "$_cert" = - ]; then set -- "$@"
    else set -- --tls --tls-cert "$T/pki/$_cert.crt" --tls-key "$T/pki/$_cert.key" "$@"; fi
    pf_swaks "$PF" "$T/sw-$_name" --from "$_from" --to "$ORG" --header "Subject: $_name" "$@"
}

# delivered NAME: the message reached the sink
delivered() {
    n=$((n + 1))
    sink_wait "$SINK_DIR" "$n" 10 >/dev/null
    _m=$(sink_await "$SINK_DIR" "^Subject: $1\$")
    t_check "$1: delivered" [ -n "$_m" ]
    M=${_m:-/dev/null}
}

# refused NAME CMD: CMD was answered 550 5.7.x naming the peer rule
refused() {
    sw_reply "$T/sw-$1" "$2" >"$T/r-$1"
    t_grep "$1: refused 550 5.7.x at ${2%%:*}" "^550 5\.7\.[0-9] " "$T/r-$1"
    t_grep "$1: reply names the rule" "\[regle trust\.peer_cert\]" "$T/r-$1"
    t_check "$1: not relayed" [ -z "$(sink_find "$SINK_DIR" "^Subject: $1\$")" ]
}

# 1. The certificate of an operator listed for medecin.mssante.fr (mx1),
# with a forged X-MSSante-Policy in the message.
send match mx1 "$PRO" --header "X-MSSante-Policy: host=forged; result=accept"
t_check "match: accepted" [ $? = 0 ]
t_grep "match: STARTTLS done" "^=== TLS started with cipher TLSv1\.[23]" "$T/sw-match"
delivered match
mss_policy "$M" >"$T/pol-match"
t_check "match: exactly one X-MSSante-Policy" [ "$(wc -l <"$T/pol-match")" = 1 ]
t_check "match: the forged header is gone" sh -c "! grep -q 'host=forged' '$M'"
t_grep "match: inbound, certificate checked" \
    "mode=enforce; dir=inbound;.*trust\.peer_cert=pass;.*result=accept$" "$T/pol-match"
t_grep "match: log line" "from=<$PRO> dir=inbound.* accepted=1 rejected=0 tempfailed=0 action=continue" "$LOG"
t_grep "match: -v log says the CN was compared (Postfix gives only the CN)" \
    "trust\.peer_cert: CN \(cn\) compared: subject \"mx1\.operateur-a\.example\" with the operator certificates of medecin\.mssante\.fr: pass" "$LOG"
mss_audit_rec "$PRO" >"$T/rec"
t_grep "match: audit record, Postfix's CNs, no {verify} (Postfix has none), compared cn" \
    '"tls":\{"version":"TLSv1\.[23]","cipher":"[^"]+","subject":"mx1\.operateur-a\.example","issuer":"TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS","verify":null,"compared":"cn"\}' "$T/rec"

# 2. The second operator certificate listed for the same domain (mx2).
send match2 mx2 "$PRO"
t_check "match2 (mx2): accepted" [ $? = 0 ]
delivered match2

# 3. A certificate from the IGC chain but whose CN no entry lists.
send other-cn other "$PRO"
t_check "other-cn: refused" [ $? != 0 ]
refused other-cn "MAIL FROM:<$PRO>"
t_grep "other-cn: -v log, CN compared, fail" \
    "trust\.peer_cert: CN \(cn\) compared: subject \"mx9\.inconnu\.example\" with the operator certificates of medecin\.mssante\.fr: fail" "$LOG"

# 4. A listed certificate, but for another domain: mx1 is not listed for
# region.mssante.fr (smtpmss.region.example is).
send wrong-domain mx1 "$REG"
refused wrong-domain "MAIL FROM:<$REG>"
send region region "$REG"
t_check "region cert for region.mssante.fr: accepted" [ $? = 0 ]
delivered region

# 5. Expired: Postfix does not trust it, so no {cert_subject} reaches the milter.
send expired expired "$PRO"
t_check "expired: refused" [ $? != 0 ]
refused expired "MAIL FROM:<$PRO>"

# 6. The right subject, issued by a CA outside IGC-Sante.
send non-igc nonigc "$PRO"
t_check "non-igc: refused" [ $? != 0 ]
refused non-igc "MAIL FROM:<$PRO>"

# 7. No TLS at all.
send no-tls - "$PRO"
t_check "no-tls: refused" [ $? != 0 ]
refused no-tls "MAIL FROM:<$PRO>"

# 8. A bounce (null sender, a real DSN) over TLS with an IGC certificate:
# the issuer is checked, there is no sender domain to match.
DSN=$'Rapport de remise.\r\n--b\r\nContent-Type: text/plain\r\n\r\nEchec.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; x@medecin.mssante.fr\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n'
send bounce other "<>" --header "From: MAILER-DAEMON@mx.example (Mail Delivery System)" \
    --add-header "Content-Type: multipart/report; report-type=delivery-status; boundary=b" \
    --body "$DSN"
t_check "null sender, IGC certificate: accepted" [ $? = 0 ]
delivered bounce
send bounce-forged other "<>" --header "From: Dr Faux <dr@gmail.com>"
t_check "null sender, not a report, forged From: refused" [ $? != 0 ]
t_grep "null sender, forged From: 550 5.7.1 trust.header_from at end of data" \
    '^550 5\.7\.1 .*trust\.header_from' <(sw_reply "$T/sw-bounce-forged" .)
send bounce-nonigc nonigc "<>"
t_check "null sender, non-IGC certificate: refused" [ $? != 0 ]

t_check "Postfix saw the expired certificate as untrusted" \
    grep -q "Untrusted TLS connection established" "$(pf_log "$PF")"
t_check "queue empty" pf_wait_queue_empty "$PF" 10
t_check "4 messages delivered" [ "$(sink_count "$SINK_DIR")" = 4 ]
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
