#!/bin/bash
# postfix-tls-policy.sh - outbound TLS from the whitelist, through real
# Postfix: mssante-mirror postfix-tls-policy writes the smtp_tls_policy_maps
# table; a private sending Postfix uses it (texthash:, the test IGC-Sante
# chain as smtp_tls_CAfile) and delivers over real TLS to two receiving
# Postfix instances on loopback; the list is signed under the test
# IGC-Sante chain and verified with --ca, as README runs it (a tampered or
# unsigned list, another CA or another signer: exit 3, the table kept), and
# --no-verify gives the same table. The domains are routed by their names
# (no transport map, so the policy is looked up by domain, as in
# production): the sender runs in its own mount namespace whose /etc/hosts
# maps medecin.mssante.fr to 127.0.0.77 and ch-exemple.mssante.fr to
# 127.0.0.78. The first receiver presents mx1.operateur-a.example (listed
# for medecin.mssante.fr): delivered. The second presents a certificate of
# the same CA whose CN the whitelist does not list for ch-exemple.mssante.fr:
# deferred, and nothing reaches its sink. Without the table the same message
# goes through, so the table is what refuses it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/tlsca.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"

t_init postfix-tls-policy
t_need_root
t_need_cmd postfix smtp-sink swaks openssl unshare mount xmlsec1
[ -x "$MIRROR" ] || { echo "SKIP: mssante-mirror not built"; exit 77; }
tls_make_pki "$T/pki" || { t_fail "test PKI"; t_done; }
mirror_data "$T/data"

mirror_ca "$T/ca" || { t_fail "the test IGC-Sante chain of the list"; t_done; }
mirror_sign "$WL" "$T/signed.xml" "$T/ca/signer.key" "$T/ca/signer.pem" "$T/ca/inter.pem" \
    || { t_fail "the signed list"; t_done; }

# As a site runs it (README): the signed list, verified with --ca.
"$MIRROR" postfix-tls-policy --ca "$T/ca/bundle.pem" --whitelist "$T/signed.xml" \
    --output "$T/tls_policy" >"$T/maincf" 2>"$T/err"
t_check "postfix-tls-policy --ca on a signed list writes the table" test $? = 0 -a -s "$T/tls_policy"
t_check "... with no warning but the missing --signer's" \
    test "$(grep -vc 'without --signer any certificate under the CA bundle is accepted' "$T/err")" = 0
t_grep "the main.cf lines name the CA that verified the list" "^smtp_tls_CAfile = $T/ca/bundle\.pem\$" "$T/maincf"
t_grep "the table's header too" "^#   smtp_tls_CAfile = $T/ca/bundle\.pem\$" "$T/tls_policy"
"$MIRROR" postfix-tls-policy --ca "$T/ca/bundle.pem" --signer "$(openssl x509 -in "$T/ca/signer.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')" \
    --whitelist "$T/signed.xml" >"$T/stdout.tbl" 2>"$T/err"
t_check "with --signer, the signer's whole DN: the table on stdout" test $? = 0
t_check "the same table" cmp -s <(grep -v '^#' "$T/stdout.tbl") <(grep -v '^#' "$T/tls_policy")
cp "$T/tls_policy" "$T/tls_policy.good"
# Refusals: exit 3, and the table is not touched.
sed 's#<Nom>medecin\.mssante\.fr</Nom>#<Nom>evil.example</Nom>#' "$T/signed.xml" >"$T/tampered.xml"
for c in "tampered list:--ca $T/ca/bundle.pem --whitelist $T/tampered.xml" \
    "another CA:--ca $T/ca/rogue.pem --whitelist $T/signed.xml" \
    "another signer:--ca $T/ca/bundle.pem --signer CN=alb.mssante.fr,O=X,C=FR --whitelist $T/signed.xml" \
    "unsigned list:--ca $T/ca/bundle.pem --whitelist $WL"; do
    # shellcheck disable=SC2086
    "$MIRROR" postfix-tls-policy ${c#*:} --output "$T/tls_policy" >"$T/out" 2>"$T/err"
    st=$?
    if [ $st = 3 ] && grep -q 'whitelist refused' "$T/err" && cmp -s "$T/tls_policy" "$T/tls_policy.good"; then
        t_ok "${c%%:*}: exit 3, the table unchanged"
    else t_fail "${c%%:*}: exit $st, $(head -c 300 "$T/err")"; fi
done

# --no-verify: the same table from the same list, unsigned.
"$MIRROR" postfix-tls-policy --no-verify --whitelist "$WL" --output "$T/tls_policy.nv" \
    >"$T/maincf.nv" 2>"$T/err"
t_check "postfix-tls-policy --no-verify writes the table" test $? = 0 -a -s "$T/tls_policy.nv"
t_check "the same domains and CNs as from the verified list" \
    cmp -s <(grep -v '^#' "$T/tls_policy.nv") <(grep -v '^#' "$T/tls_policy")
t_grep "a listed domain: secure, matching its operators' CNs" \
    '^medecin\.mssante\.fr secure match=mx1\.operateur-a\.example:mx2\.operateur-a\.example protocols=>=TLSv1\.2$' "$T/tls_policy"
t_grep "a domain without an operator DN: secure alone" '^nodn\.mssante\.fr secure protocols=>=TLSv1\.2$' "$T/tls_policy"
t_grep "domains lower-cased" '^uc-exemple\.mssante\.fr secure ' "$T/tls_policy"
t_grep "the main.cf lines on stdout" "^smtp_tls_policy_maps = texthash:$T/tls_policy\$" "$T/maincf"
t_grep "the header says what is inferred" '^# operators\. Inferred: ' "$T/tls_policy"
t_check "postfix accepts the table" postmap -q medecin.mssante.fr "texthash:$T/tls_policy"

# Two receivers on the same port of two loopback addresses, each relaying
# to its own sink.
P=$(t_port)
receiver() {	# receiver NAME ADDR CERT
    _s=$(t_port)
    sink_start "$T/sink-$1" "$_s" || return 1
    pf_create "$T/$1" "$P" "$_s" || return 1
    sed -i "s/^127\.0\.0\.1:$P inet/$2:$P inet/" "$T/$1/etc/master.cf"
    # master.cf binds the address; inet_interfaces only accepts interface
    # addresses, which 127.0.0.77 is not (it is routed to lo).
    pf_conf "$T/$1" "inet_interfaces = all" "myhostname = $1.test.example"
    pf_tls "$T/$1" "$T/pki/$3.crt" "$T/pki/$3.key" "$T/pki/igc-chain.pem"
    postfix -c "$T/$1/etc" start >"$T/$1/start.out" 2>&1 || { cat "$T/$1/start.out"; return 1; }
    [ -n "$PF_RUNNING" ] || t_on_exit "pf_stop_all"
    PF_RUNNING="$PF_RUNNING $T/$1"
    _n=50
    until (exec 3<>"/dev/tcp/$2/$P") 2>/dev/null; do
        _n=$((_n - 1)); [ $_n -gt 0 ] || return 1; sleep 0.1
    done
}
receiver good 127.0.0.77 mx1 || { t_fail "receiver with the listed certificate starts"; t_done; }
receiver other 127.0.0.78 other || { t_fail "receiver with another certificate starts"; t_done; }

# The sender: the table, the IGC chain, its own client certificate, port P.
S=$T/sender
SP=$(t_port)
pf_create "$S" "$SP" 1 || exit 99
pf_conf "$S" "relayhost =" "smtp_tcp_port = $P" \
    "smtp_tls_policy_maps = texthash:$T/tls_policy" \
    "smtp_tls_CAfile = $T/pki/igc-chain.pem" \
    "smtp_tls_cert_file = $T/pki/server.crt" "smtp_tls_key_file = $T/pki/server.key" \
    "smtp_tls_loglevel = 1" \
    "queue_run_delay = 1h" "minimal_backoff_time = 1h" "maximal_backoff_time = 1h"
# A deferred message stays in deferred/ until the control flushes it: with
# the test instances' 1-2 s backoff it moved between active/ and deferred/,
# and a loaded machine could miss it there (the wait below failed so).
printf '127.0.0.77 medecin.mssante.fr\n127.0.0.78 ch-exemple.mssante.fr\n' >"$T/hosts"
chmod 644 "$T/hosts"
sender_start() {
    unshare -m --propagation private sh -c \
        "mount --bind '$T/hosts' /etc/hosts && exec postfix -c '$S/etc' start" \
        >"$S/start.out" 2>&1 || { cat "$S/start.out"; return 1; }
    PF_RUNNING="$PF_RUNNING $S"
    t_wait_port "$SP" 10
}
sender_start || { t_fail "sender starts"; t_done; }

pf_swaks "$S" "$T/sw1" --from a@test.example --to jean.exemple@medecin.mssante.fr \
    --header "Subject: listed"
t_check "sender accepts the message for medecin.mssante.fr" test $? = 0
t_check "delivered through the receiver with the listed certificate" sink_wait "$T/sink-good" 1 20
t_check "over verified TLS to the domain" \
    pf_wait_log "$S" 'Verified TLS connection established to medecin\.mssante\.fr\[127\.0\.0\.77\]' 5

pf_swaks "$S" "$T/sw2" --from a@test.example --to cardiologie@ch-exemple.mssante.fr \
    --header "Subject: unlisted"
t_check "sender accepts the message for ch-exemple.mssante.fr" test $? = 0
t_check "a server certificate the whitelist does not list: deferred" pf_wait_deferred "$S" 1 20
t_check "the log says why: hostname mismatch" \
    pf_wait_log "$S" 'server certificate verification failed for ch-exemple\.mssante\.fr\[127\.0\.0\.78\]:[0-9]+: num=62:hostname mismatch' 5
t_check "and defers" pf_wait_log "$S" 'to=<cardiologie@ch-exemple\.mssante\.fr>.*status=deferred \(Server certificate not verified\)' 5
t_check "nothing reached that receiver's sink" test "$(sink_count "$T/sink-other")" = 0

# Control: without the table, the same message goes through in clear.
pf_conf "$S" "smtp_tls_policy_maps ="
pf_reload "$S"
sleep 1
pf_flush "$S"
t_check "without the table the deferred message is delivered" sink_wait "$T/sink-other" 1 20

t_done
