#!/bin/bash
# conv-race.sh - Mon espace sante conversations against interleaved
# messages and the null sender, through libmilter (miltertest,
# tests/miltertest/conv-race.lua) against a real slapd: a patient's reply
# that read "open" at RCPT TO and ends after a [FIN] accepted on another
# connection is refused and does not reopen the conversation; a null-sender
# message whose From is the patient meets the conversation rule, a real MDN
# passes. Then the conditional write itself (convprobe): a write decided on
# a state that another writer changed meanwhile is a conflict and changes
# nothing; two first writes at once create the entry once. close-idle
# reads each conversation again before sending its [FIN].
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/miltertest-lib.sh"
. "$top_srcdir/tests/integration/conv-lib.sh"

t_init conv-race
t_need_cmd "${MILTERTEST:-miltertest}" slapd slapadd openssl ldapsearch
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

PRO=jean.exemple@medecin.mssante.fr

conv_milter_start

mtl_miltertest conv-race.lua "unix:$T/milter.sock" part=race
t_grep "the late reply is refused as conv.closed" 'RACE02: from=<285\.\.\.@patient\.mssante\.fr> .*\[conv\.closed\] action=reject' "$LOG"
t_grep "its conversation is logged as changed meanwhile" 'RACE02: conversation inbound, changed meanwhile .*state=closed rule=conv\.closed' "$LOG"
t_check "the late reply did not reopen the conversation" [ "$(conv_state "$PRO")" = closed ]
t_grep "closed by the [FIN]" "^mssClosedHow: subject-fin" <(slapd_search "(objectClass=mssConversation)" mssClosedHow)

mtl_miltertest conv-race.lua "unix:$T/milter.sock" part=null
t_grep "null sender, From the patient: conv.closed" 'NULL01: from=<> .*\[conv\.closed\] action=reject' "$LOG"
t_grep "null sender MDN: accepted" 'NULL02: from=<> .*action=continue' "$LOG"
t_check "the conversation is open again only by the professional" [ "$(conv_state "$PRO")" = open ]
t_grep "the patient's null-sender reply refreshed it" 'NULL04: conversation inbound mailbox=jean.exemple@medecin.mssante.fr .*events=refreshed' "$LOG"

# The conditional write itself, on the directory client of the daemon.
PROBE=$top_builddir/tests/integration/convprobe
probe() {
    CONVPROBE_BIND_DN=$SLAPD_ROOTDN CONVPROBE_PASSWORD=$(cat "$SLAPD_PWFILE") \
        "$PROBE" "$SLAPD_URI/" "$SLAPD_SUFFIX" "$KEY" "$@"
}
M2=cardiologie@ch-exemple.mssante.fr
INS2=285037728417346
O=1700000100 L=1700000200 F=1700000300
t_check "probe: first write of an absent entry" [ "$(probe $M2 $INS2 write absent open,$O,$O)" = written ]
t_check "probe: a second creator meets a conflict" [ "$(probe $M2 $INS2 write absent closed,$O,$O,$O)" = conflict ]
t_check "probe: the entry is the first writer's" [ "$(probe $M2 $INS2 read)" = "open opened=$O last=$O" ]
t_check "probe: [FIN] written on the state it read" [ "$(probe $M2 $INS2 write open,$O,$O closed,$O,$L,$L)" = written ]
t_check "probe: a stale reply (read open) cannot reopen" [ "$(probe $M2 $INS2 write open,$O,$O open,$O,$F)" = conflict ]
t_check "probe: still closed" [ "$(probe $M2 $INS2 read)" = "closed opened=$O last=$L closed=$L how=subject-fin" ]
t_check "probe: a write on the current state succeeds" [ "$(probe $M2 $INS2 write closed,$O,$L,$L open,$F,$F)" = written ]
t_check "probe: the same write again: conflict, nothing changed" [ "$(probe $M2 $INS2 write closed,$O,$L,$L open,$F,$F)" = conflict ]
t_check "probe: reads back" [ "$(probe $M2 $INS2 read)" = "open opened=$F last=$F" ]

# tally FILE... - "answer=count " for each answer, sorted
tally() {
    cat "$@" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }'
}

# Two first writes at once, many times: one entry, one winner each time.
for i in $(seq 10); do
    INS=$((285037728417346 + i * 97))
    probe $M2 $INS write absent open,$O,$O >"$T/w1.$i" & p1=$!
    probe $M2 $INS write absent closed,$O,$O,$O >"$T/w2.$i" & p2=$!
    wait $p1 $p2
done
t_check "probe: concurrent creations: exactly one written each time" \
    [ "$(tally "$T"/w[12].*)" = "conflict=10 written=10 " ]
# Two writers on the same read state at once: one wins, one conflicts.
for i in $(seq 10); do
    INS=$((285037728417346 + i * 89))
    probe $M2 $INS write absent open,$O,$O >/dev/null
    probe $M2 $INS write open,$O,$O open,$O,$((L + i)) >"$T/x1.$i" & p1=$!
    probe $M2 $INS write open,$O,$O closed,$O,$F,$F >"$T/x2.$i" & p2=$!
    wait $p1 $p2
done
t_check "probe: concurrent updates of one state: exactly one written each time" \
    [ "$(tally "$T"/x[12].*)" = "conflict=10 written=10 " ]
# close-idle reads each conversation again before its [FIN]: here the
# first [FIN] (a fake sendmail) refreshes every other conversation of the
# mailbox, as messages coming in meanwhile would; they are then kept.
slapd_search "(&(objectClass=mssConversation)(mssProfessionalMailbox=$M2)(mssConversationState=open))" 1.1 |
    sed -n 's/^dn: //p' >"$T/open.dns"
NOPEN=$(grep -c . "$T/open.dns")
while read -r dn; do
    printf 'dn: %s\nchangetype: modify\nreplace: mssLastActivity\nmssLastActivity: %s\n\n' \
        "$dn" "$(date -u +%Y%m%d%H%M%SZ)"
done <"$T/open.dns" >"$T/refresh.ldif"
{
    echo '#!/bin/sh'
    echo "cat >>'$T/sm.out'"
    echo "[ -e '$T/refreshed' ] && exit 0"
    echo "touch '$T/refreshed'"
    echo "ldapmodify -x -H '$SLAPD_URI/' -D '$SLAPD_ROOTDN' -y '$SLAPD_PWFILE' -f '$T/refresh.ldif' >/dev/null"
} >"$T/fake-sendmail"
chmod +x "$T/fake-sendmail"
"$top_builddir/milter/conv/mssante-conversations" -c "$T/milter.conf" close-idle --days 30 \
    --mailbox $M2 --send --sendmail "$T/fake-sendmail" >"$T/idle.out" 2>&1
t_check "close-idle: several idle conversations to start with ($NOPEN)" [ "$NOPEN" -ge 3 ]
t_check "close-idle: one [FIN] sent" [ "$(grep -c '^closed .*\[FIN\] sent' "$T/idle.out")" = 1 ]
t_check "close-idle: the conversations refreshed meanwhile are kept" \
    [ "$(grep -c '^kept ' "$T/idle.out")" = $((NOPEN - 1)) ]
t_check "milter still running" kill -0 "$MSS_PID"
t_check "no sanitizer report or panic" mss_log_clean "$LOG"
t_done
