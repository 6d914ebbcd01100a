#!/bin/bash
# postfix-harness.sh - the Postfix test harness itself, without mssante-milter:
# a private Postfix relays to smtp-sink; the swaks dialogue parser reads
# codes; the queue is seen empty; a dead milter means 451 (tempfail), never
# a lost or accepted message; the test PKI is trusted or not as the
# MSSante tests expect (expired and non-IGC certificates: untrusted); and,
# when bench/noop-milter is built, a no-op milter on a unix and an inet
# socket passes every message.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/tlsca.sh"

t_init postfix-harness
t_need_root
t_need_cmd postfix postconf smtp-sink smtp-source swaks openssl

PORT=$(t_port) SINK=$(t_port) MPORT=$(t_port)
PF=$T/postfix
sink_start "$T/sink" "$SINK" || t_fail "smtp-sink starts"

# 1. No milter: two recipients relayed, one dump file, queue empty.
pf_create "$PF" "$PORT" "$SINK"
pf_start "$PF" || { t_fail "postfix starts"; t_done; }
t_ok "private postfix listens on 127.0.0.1:$PORT"
pf_swaks "$PF" "$T/sw1" --from a@x.example --to b@y.example,c@z.example \
    --header "Subject: harness"
t_check "swaks exits 0" [ $? = 0 ]
t_check "RCPT of c answered 250 2.1.5" [ "$(sw_reply "$T/sw1" 'RCPT TO:<c@z.example>')" = "250 2.1.5 Ok" ]
t_grep "end of data answered 250 queued" "^250 2.0.0 Ok: queued as" <(sw_reply "$T/sw1" .)
sink_wait "$T/sink" 1 10; t_check "sink received 1 message" [ "$(sink_count "$T/sink")" = 1 ]
t_check "queue empty" pf_wait_queue_empty "$PF" 10
f=$(sink_await "$T/sink" '^Subject: harness')
t_grep "dump holds both recipients" '^X-Rcpt-Args: <c@z.example>' "${f:-/dev/null}"

# 2. smtp-source load, no milter.
pf_source "$PF" -s 5 -m 50 -l 1024 -f a@x.example -t b@y.example >"$T/src1" 2>&1
t_check "smtp-source exits 0" [ $? = 0 ]
sink_wait "$T/sink" 51 20
t_check "sink received 51 messages" [ "$(sink_count "$T/sink")" = 51 ]
t_check "queue empty after load" pf_wait_queue_empty "$PF" 10

# 3. A milter that is not there: milter_default_action = tempfail.
pf_conf "$PF" "smtpd_milters = inet:127.0.0.1:$MPORT"
pf_reload "$PF"; sleep 0.3
pf_swaks "$PF" "$T/sw3" --from a@x.example --to b@y.example
t_check "dead milter: swaks fails" [ $? != 0 ]
t_grep "dead milter: 451 4.7.1" "^451 4\.7\.1 " <(grep -E '^ *<\*\*' "$T/sw3" | sed 's/^ *<\*\* *//')
t_check "dead milter: nothing queued" [ "$(pf_queue_count "$PF")" = 0 ]
t_check "dead milter: nothing relayed" [ "$(sink_count "$T/sink")" = 51 ]

# 4. The test PKI seen by Postfix: trusted (the milter gets {cert_subject}
# = the CN and {cert_issuer}) or untrusted (no certificate macros at all).
tls_make_pki "$T/pki" || t_fail "test PKI"
pf_conf "$PF" "smtpd_milters ="
if ! perl -MNet::SSLeay -e 1 2>/dev/null; then
    echo "# swaks cannot do TLS without Net::SSLeay (libnet-ssleay-perl): TLS part skipped"
else
    pf_tls "$PF" "$T/pki/server.crt" "$T/pki/server.key" "$T/pki/igc-chain.pem"
    pf_reload "$PF"; sleep 0.3
    for c in mx1:Trusted other:Trusted expired:Untrusted nonigc:Untrusted; do
        n=${c%%:*} want=${c#*:}
        before=$(wc -l <"$PF/maillog")
        pf_swaks "$PF" "$T/sw-$n" --tls --tls-cert "$T/pki/$n.crt" --tls-key "$T/pki/$n.key" \
            --from a@x.example --to b@y.example
        t_check "TLS with $n.crt accepted" [ $? = 0 ]
        tail -n +"$((before + 1))" "$PF/maillog" >"$T/log-$n"
        t_grep "$n.crt: $want TLS connection" "postfix/smtpd.*: $want TLS connection" "$T/log-$n"
    done
    t_grep "relayed message shows TLS in Received" "using TLSv1\.[23]" "$(sink_files "$T/sink" | tail -1)"
fi

# 5. The no-op milter of bench/ (built by "make", not by "make check").
NOOP=$top_builddir/bench/noop-milter
if [ -x "$NOOP" ]; then
    pf_conf "$PF" "smtpd_tls_security_level = none"
    for sock in "unix:$T/noop.sock" "inet:$MPORT@127.0.0.1"; do
        "$NOOP" -p "$sock" -H 2>"$T/noop.err" &
        pid=$!
        t_on_exit "milter_stop $pid $sock"
        case $sock in
        unix:*) t_wait_file "$T/noop.sock" 5; pfsock=$sock ;;
        inet:*) t_wait_port "$MPORT" 5; pfsock=inet:127.0.0.1:$MPORT ;;
        esac
        pf_conf "$PF" "smtpd_milters = $pfsock"
        pf_reload "$PF"; sleep 0.3
        n0=$(sink_count "$T/sink")
        pf_source "$PF" -s 5 -m 40 -l 2048 -f a@x.example -t b@y.example >"$T/src-noop" 2>&1
        t_check "noop milter $pfsock: smtp-source exits 0" [ $? = 0 ]
        sink_wait "$T/sink" $((n0 + 40)) 20
        t_check "noop milter $pfsock: 40 messages relayed" [ "$(sink_count "$T/sink")" = $((n0 + 40)) ]
        t_grep "noop milter $pfsock: header added" '^X-Noop: yes' "$(sink_files "$T/sink" | tail -1)"
        milter_stop "$pid" "$sock"
    done
else
    echo "# $NOOP not built (run make first): no-op milter part skipped"
fi

t_check "queue empty at the end" pf_wait_queue_empty "$PF" 10
t_done
