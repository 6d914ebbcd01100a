#!/bin/bash
# conv-2mta.sh - Mon espace sante conversations across two MTAs: two slapd
# instances replicate the conversation subtree with syncrepl in
# multi-provider mode (syncprov overlay, refreshAndPersist, loopback), each
# of two milters (same AuditKeyFile) writes to its own slapd, behind its own
# private Postfix. A conversation opened through MTA A accepts the patient's
# reply through MTA B; closed through A ([FIN]), the reply through B is
# refused. The replication delay (A's write seen by B's slapd) is measured
# by polling B with ldapsearch and printed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init conv-2mta
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd openssl ldapsearch
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
[ -e /usr/lib/ldap/syncprov.la ] || ls /usr/lib/ldap/syncprov* >/dev/null 2>&1 ||
    { echo "SKIP: no syncprov overlay module"; exit 77; }

KEY=$T/site.key
( umask 077; openssl rand -hex 32 >"$KEY" )
PRO=jean.exemple@medecin.mssante.fr
PAT=285037728417346@patient.mssante.fr
PORT_A=$(t_port) PORT_B=$(t_port)
SUB="ou=conversations,o=mssante"

# replicate ID PEER-PORT - make the current slapd.conf a provider that
# also consumes the conversation subtree of the peer (multi-provider)
replicate() {
    sed -i "s|^moduleload	back_mdb|&\nmoduleload	syncprov\nserverID	$1|" "$SLAPD_CONF"
    cat >>"$SLAPD_CONF" <<EOF
index	entryCSN,entryUUID	eq
overlay	syncprov
syncprov-checkpoint	100 1
syncrepl	rid=00$1 provider=ldap://127.0.0.1:$2 bindmethod=simple
	binddn="$SLAPD_ROOTDN" credentials=$(cat "$SLAPD_PWFILE")
	searchbase="$SUB" type=refreshAndPersist retry="1 +" timeout=2
	network-timeout=2
multiprovider	on
EOF
}

# side A|B - select the slapd of a side for slapd_* (one shared password)
side() {
    SLAPD_DIR=$T/slapd-$1
    eval "SLAPD_PORT=\$PORT_$1"
    SLAPD_URI="ldap://127.0.0.1:$SLAPD_PORT"
    SLAPD_LDAPI="ldapi://$(printf '%s' "$SLAPD_DIR/ldapi" | sed 's#/#%2F#g')"
    SLAPD_CONF=$SLAPD_DIR/slapd.conf
    SLAPD_PWFILE=$SLAPD_DIR/rootpw
}

# state SIDE - mssConversationState of (PRO, PAT) in that side's slapd
state() {
    side "$1"
    _s=$(slapd_search "(&(objectClass=mssConversation)(mssProfessionalMailbox=$PRO))" \
        mssConversationState | sed -n 's/^mssConversationState: //p')
    echo "${_s:-absent}"
}

# wait_state SIDE STATE - poll until the state shows (5 s); print the ms
wait_state() {
    _t0=$(date +%s%N)
    for _i in $(seq 500); do
        [ "$(state "$1")" = "$2" ] && { echo $(( ($(date +%s%N) - _t0) / 1000000 )); return 0; }
        sleep 0.01
    done
    echo timeout; return 1
}

"$MSS_MIRROR" ldif --whitelist "$MSS_DATA/postfix-whitelist.xml" \
    --extraction "$MSS_DATA/postfix-extraction.txt" --no-verify >"$T/mirror.ldif" 2>"$T/mirror.err" ||
    { t_fail "mirror LDIF"; t_done; }
for s in A B; do
    SLAPD_DIR=$T/slapd-$s; eval "SLAPD_PORT=\$PORT_$s"
    slapd_setup || { t_fail "slapd $s set up"; t_done; }
done
cp "$T/slapd-A/rootpw" "$T/slapd-B/rootpw"
sed -i "s|^rootpw.*|rootpw		$(cat "$T/slapd-A/rootpw")|" "$T/slapd-B/slapd.conf"
side A; replicate 1 "$PORT_B"
side B; replicate 2 "$PORT_A"
for s in A B; do
    side "$s"
    slaptest -u -f "$SLAPD_CONF" >"$SLAPD_DIR/slaptest.out" 2>&1 ||
        { cat "$SLAPD_DIR/slaptest.out"; t_fail "slapd $s: configuration"; t_done; }
    slapd_load "$T/mirror.ldif" || { t_fail "slapd $s: mirror loaded"; t_done; }
    slapd_start || { t_fail "slapd $s starts"; t_done; }
    eval "PID_$s=\$SLAPD_PID"
done
# slapd_stop at exit knows only the last one started.
t_on_exit "kill $PID_A 2>/dev/null"
t_ok "two slapd (multi-provider syncrepl of $SUB) on ports $PORT_A and $PORT_B"

SINK_DIR=$T/sink
sink_start "$SINK_DIR" "$(t_port)" || { t_fail "sink starts"; t_done; }
for s in A B; do
    side "$s"
    mss_config "$T/milter-$s.conf" "local:$T/milter-$s.sock" enforce \
        "LDAPBindDN $SLAPD_ROOTDN" "LDAPBindPasswordFile $SLAPD_PWFILE" \
        "PeerCertificate off" "Conversations yes" "AuditKeyFile $KEY"
    mss_start "$T/milter-$s.conf" "$T/milter-$s.log" || { t_fail "milter $s starts"; t_done; }
    pf_create "$T/postfix-$s" "$(t_port)" "$(cat "$SINK_DIR.port")" "$MSS_SOCK" ||
        { t_fail "postfix $s"; t_done; }
    pf_start "$T/postfix-$s"
done
t_ok "milter A -> slapd A behind Postfix A; milter B -> slapd B behind Postfix B"

# 1. The patient cannot write first, through either MTA.
pf_swaks "$T/postfix-B" "$T/sw1" --from "$PAT" --to "$PRO" --header "Subject: bonjour"
t_check "patient first through B: refused" [ "$(sw_code "$T/sw1" "RCPT TO:<$PRO>")" = 550 ]

# 2. Opened through A; replicated to B; the reply through B is accepted.
pf_swaks "$T/postfix-A" "$T/sw2" --from "$PRO" --to "$PAT" --header "Subject: Resultats"
t_check "pro -> patient through A: accepted" [ $? = 0 ]
t_check "slapd A: open" [ "$(state A)" = open ]
ms_open=$(wait_state B open)
t_check "slapd B: open after replication ($ms_open ms)" [ "$ms_open" != timeout ]
echo "# replication delay (open, A -> B): $ms_open ms"
pf_swaks "$T/postfix-B" "$T/sw3" --from "$PAT" --to "$PRO" --header "Subject: merci"
t_check "patient reply through B: accepted" [ $? = 0 ]

# 3. Closed through A ([FIN]); the reply through B is refused.
pf_swaks "$T/postfix-A" "$T/sw4" --from "$PRO" --to "$PAT" --header "Subject: [FIN]"
t_check "[FIN] through A: accepted" [ $? = 0 ]
ms_close=$(wait_state B closed)
t_check "slapd B: closed after replication ($ms_close ms)" [ "$ms_close" != timeout ]
echo "# replication delay (close, A -> B): $ms_close ms"
pf_swaks "$T/postfix-B" "$T/sw5" --from "$PAT" --to "$PRO" --header "Subject: encore"
t_grep "patient reply through B after [FIN]: 550 5.7.1 conv.closed" \
    "^550 5\.7\.1 .*\[regle conv\.closed\]" <(sw_reply "$T/sw5" .)

# 4. The other way: reopened through B, seen by A.
pf_swaks "$T/postfix-B" "$T/sw6" --from "$PRO" --to "$PAT" --header "Subject: Nouveau"
ms_back=$(wait_state A open)
t_check "reopened through B: open in slapd A ($ms_back ms)" [ "$ms_back" != timeout ]
echo "# replication delay (open, B -> A): $ms_back ms"
t_check "milter logs clean" mss_log_clean "$T/milter-A.log"
t_check "milter B log clean" mss_log_clean "$T/milter-B.log"
t_done
