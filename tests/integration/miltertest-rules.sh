#!/bin/bash
# miltertest-rules.sh - every rule of mssante-milter through libmilter, with
# miltertest (tests/miltertest/rules.lua), on a unix socket and then on
# inet:PORT@127.0.0.1, against a private slapd loaded by mssante-mirror;
# then the one-line-per-message log.
. "${top_srcdir:-.}/tests/lib/common.sh"
t_init miltertest-rules
t_need_cmd "${MILTERTEST:-miltertest}" slapd
. "$top_srcdir/tests/integration/miltertest-lib.sh"

mtl_directory || { t_fail "private slapd"; t_done; }
RULES=(
    "Mode enforce"
    "PatientMaxSize 1k"
    "InternalHosts 127.0.0.0/8, ::1/128"
    "InternalDaemons submission"
)

# Unix socket (the default kind), in a directory the daemon creates.
mtl_config "$T/unix.conf" "Socket local:$T/run/milter.sock" "${RULES[@]}"
MTL_WAIT_SNAPSHOT=1 mtl_start unix "$T/unix.conf" || { t_fail "start on a unix socket"; t_done; }
t_ok "daemon listens on local:$T/run/milter.sock"
mtl_miltertest rules.lua "unix:$T/run/milter.sock"
mtl_stop "$MTL_PID"
t_check "unix socket removed at exit" test ! -e "$T/run/milter.sock"

# One summary line per transaction, with the queue id, the direction and
# the rules; no full INS in the log.
log=$T/unix.log
t_grep "summary of an accepted message" \
    '^mssante-milter: QID001: from=<jean.exemple@medecin.mssante.fr> dir=inbound\(external\) client=mx1.operateur-a.example\[192.0.2.10\] rcpts=1 accepted=1 rejected=0 tempfailed=0 action=continue mode=enforce$' "$log"
t_grep "summary of a refused sender" \
    '^mssante-milter: QID002: from=<someone@gmail.com> dir=inbound\(external\) .* rcpts=0 accepted=0 rejected=0 tempfailed=0 \[trust.sender_domain\] action=reject mode=enforce$' "$log"
t_grep "summary with a refused recipient" \
    'QID010: .* rcpts=3 accepted=1 rejected=2 tempfailed=0 \[trust.rcpt_domain,addr.rcpt_syntax\] action=continue' "$log"
t_grep "summary of INS refusals" 'QID020: .*\[ins.key,ins.length,ins.corsica_case\]' "$log"
t_grep "outbound by internal host" 'QID050: .* dir=outbound\(internal_host\)' "$log"
t_grep "outbound by authentication" 'QID052: .* dir=outbound\(auth\)' "$log"
t_grep "outbound by service" 'QID053: .* dir=outbound\(daemon\)' "$log"
t_grep "null sender, forged From: trust.header_from" 'QID072: from=<> .*\[trust.header_from\] action=reject' "$log"
t_grep "null sender, fake report: trust.header_from" 'QID073: from=<> .*\[trust.header_from\] action=reject' "$log"
t_grep "null sender, no From: trust.header_from" 'QID074: from=<> .*\[trust.header_from\] action=reject' "$log"
t_grep "null sender, From of another operator: trust.peer_cert" 'QID075: from=<> .*\[trust.peer_cert\] action=reject' "$log"
t_grep "real DSN and MDN accepted" 'QID077: from=<> .* action=continue' "$log"
t_grep "aborted transaction logged" 'QID080: .* rcpts=1 accepted=1 rejected=0 tempfailed=0 action=continue' "$log"
t_grep "verbose trace masks the INS" 'QID020: reject RCPT TO <288\.\.\.@patient.mssante.fr>: ins.key 550 5.1.3' "$log"
t_check "no full INS in the log" bash -c "! grep -E '2880912345678|285037728417346|28503772841734' '$log'"

# The same rules on an inet socket (TCP_NODELAY set on the listener).
port=$(t_port)
mtl_config "$T/inet.conf" "Socket inet:$port@127.0.0.1" "${RULES[@]}"
MTL_WAIT_SNAPSHOT=1 mtl_start inet "$T/inet.conf" || { t_fail "start on inet:$port"; t_done; }
t_grep "TCP_NODELAY set on the inet listener" "TCP_NODELAY set on inet:$port@127.0.0.1" "$T/inet.log"
mtl_miltertest rules.lua "inet:$port@127.0.0.1"
mtl_stop "$MTL_PID"
t_done
