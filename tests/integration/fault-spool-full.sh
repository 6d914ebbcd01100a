#!/bin/bash
# fault-spool-full.sh - the document spool's file system is full.
# DocumentSpool is a private 1 MB tmpfs filled by a filler file; a message
# larger than 256 KB must spill there to be read.
# Stated outcome: a large message gets 451 4.3.0 (rule internal.error,
# On-InternalError tempfail) at the end of DATA and is not delivered: no
# message is judged on a document that could not be read; a small message
# (read in memory) is still accepted; a relaying upstream keeps the large
# ones deferred, and once the space returns each is delivered exactly once
# by the same daemon process, with its verdict; no spool file is left.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/faults.sh"

t_init fault-spool-full
t_need_root
t_need_cmd postfix smtp-sink smtp-source swaks slapd slapadd mount umount
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
N=${FAULT_MESSAGES:-20}
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
LOG=$T/milter.log UP=$T/upstream MTA=$T/postfix SINK_DIR=$T/sink
S=$T/spool

mkdir -p "$S"
mount -t tmpfs -o size=1m,mode=1777 mss-spool-test "$S" 2>"$T/mount.err" \
    || { echo "SKIP: cannot mount a tmpfs here: $(cat "$T/mount.err")"; exit 77; }
t_on_exit "umount -l $S"

mss_dir_start || { t_fail "slapd starts"; t_done; }
mss_config "$T/milter.conf" "local:$T/milter.sock" enforce "InternalHosts 127.0.0.1/32" \
    "DocumentSpool $S" "On-InternalError tempfail"
mss_start "$T/milter.conf" || { t_fail "milter starts"; t_done; }
pid0=$MSS_PID
f_two_mtas "$MSS_SOCK" || { t_fail "sink and both Postfix instances start"; t_done; }

# A 400 KB message: text lines, past the 256 KB kept in memory.
big() {
    printf 'From: <%s>\nTo: <%s>\nSubject: %s\nMessage-Id: <%s@test.example>\n\n' \
        "$PRO" "$ORG" "$1" "$1"
    awk 'BEGIN { for (i = 0; i < 5000; i++) printf "ligne %06d du compte rendu de consultation, texte de remplissage .......\n", i }'
}
big big-before >"$T/big-before.eml"
pf_swaks "$MTA" "$T/sw-before" --from "$PRO" --to "$ORG" --data "@$T/big-before.eml"
t_check "space free: a large message is accepted" [ "$(f_swaks_code "$T/sw-before")" = 250 ]

dd if=/dev/zero of="$S/filler" bs=512 2>/dev/null
t_check "the spool file system is full" [ "$(df --output=avail -k "$S" | tail -1 | tr -d ' ')" -lt 4 ]
big big-full >"$T/big-full.eml"
pf_swaks "$MTA" "$T/sw-full" --from "$PRO" --to "$ORG" --data "@$T/big-full.eml"
t_check "full: a large message gets 451 at the end of DATA" [ "$(sw_code "$T/sw-full" .)" = 451 ]
t_grep "full: 4.3.0, rule internal.error" "^451 4\.3\.0 .*internal\.error" <(sw_reply "$T/sw-full" .)
pf_swaks "$MTA" "$T/sw-small" --from "$PRO" --to "$ORG" --header "Subject: small"
t_check "full: a small message is still accepted" [ "$(f_swaks_code "$T/sw-small")" = 250 ]
timeout 120 smtp-source -s 4 -m "$N" -l 400000 -f "$PRO" -t "$ORG" \
    "127.0.0.1:$(pf_port "$UP")" >"$T/source.out" 2>&1
t_check "full: the upstream accepted $N large messages" [ $? = 0 ]
t_check "full: the upstream defers them on the 451" pf_wait_log "$UP" "status=deferred .*451 4\.3\.0" 20
t_check "full: the refused message was not delivered" [ -z "$(sink_find "$SINK_DIR" '^Subject: big-full')" ]
t_check "full: none of the load was delivered" [ "$(sink_count "$SINK_DIR")" = 2 ]

rm -f "$S/filler"
f_drain
f_once $((N + 2))    # 2 probes and the load
t_check "each carries the milter's verdict" \
    [ "$(grep -li '^X-MSSante-Policy: .*result=accept' "$SINK_DIR"/msg.* | wc -l)" = $((N + 2)) ]
t_check "the same daemon process" [ "$MSS_PID" = "$pid0" ]
t_check "no spool file left behind" [ -z "$(ls -A "$S")" ]
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
