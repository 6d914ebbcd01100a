#!/bin/bash
# conv-milter.sh - Mon espace sante conversations through a real Postfix,
# slapd and mssante-milter (Conversations yes): a patient cannot write
# first; a professional's message opens the conversation and the patient's
# reply is accepted; a Subject [FIN] (plain, and RFC 2047 encoded) closes it
# and the reply is then refused with 550 5.7.1; NearMissFin warn, fix and
# reject; an APP mailbox's message gets X-MSS-MES: FIN; a pharmacy ORG
# mailbox accepts a patient who writes first; the patient's read receipt
# (MDN, RFC 8098) and a DSN after [FIN] are delivered and leave the
# conversation closed, an MDN to a mailbox that never wrote to the patient
# is refused. The directory holds the INS HMAC and the encrypted address,
# never the INS.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init conv-milter
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd openssl ldapsearch
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

KEY=$T/site.key
( umask 077; openssl rand -hex 32 >"$KEY" )
LOG=$T/milter.log
PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
PHARMA=officine@pharmacie-exemple.mssante.fr
APP=robot@ch-exemple.mssante.fr
INS=285037728417346
PAT=$INS@patient.mssante.fr

# conf LINE... - the stack's milter configuration with these extra lines
conf() {
    mss_config "$MSS_CONF" "local:$T/milter.sock" enforce \
        "LDAPBindDN $SLAPD_ROOTDN" "LDAPBindPasswordFile $SLAPD_PWFILE" \
        "PeerCertificate off" "Conversations ${CONV:-yes}" "AuditKeyFile $KEY" \
        "AppMailboxes $APP" "$@"
}

# reconf LINE... - rewrite the configuration and reload, wait for it
reconf() {
    _n=$(grep -c "configuration [0-9]* loaded" "$LOG")
    conf "$@"
    mss_reload
    for _i in $(seq 50); do
        [ "$(grep -c "configuration [0-9]* loaded" "$LOG")" -gt "$_n" ] && return 0
        sleep 0.1
    done
    echo "# reload not seen"; return 1
}

# send N FROM TO SUBJECT [SWAKS ARGS...] - one message, dialogue in $T/swN
send() {
    _n=$1 _f=$2 _t=$3 _s=$4; shift 4
    pf_swaks "$PF" "$T/sw$_n" --from "$_f" --to "$_t" --header "Subject: $_s" \
        --header "X-Test: m$_n" "$@"
}

# state - mssConversationState of the (PRO, PAT) entry, or "absent"
state() {
    _s=$(slapd_search "(&(objectClass=mssConversation)(mssProfessionalMailbox=${1:-$PRO}))" \
        mssConversationState | sed -n 's/^mssConversationState: //p')
    echo "${_s:-absent}"
}

SLAPD_DIR=$T/slapd
PF=$T/postfix SINK_DIR=$T/sink MSS_CONF=$T/milter.conf
mss_dir_start || { t_fail "slapd starts"; t_done; }
sink_start "$SINK_DIR" "$(t_port)" || { t_fail "sink starts"; t_done; }

# 0. Conversations without AuditKeyFile: the daemon refuses to start.
mss_config "$T/nokey.conf" "local:$T/nokey.sock" enforce "Conversations yes"
t_check "no AuditKeyFile: -n fails" sh -c "! '$MSS_MILTER' -n -c '$T/nokey.conf' 2>'$T/nokey.err'"
t_grep "no AuditKeyFile: clear message" "Conversations: needs AuditKeyFile" "$T/nokey.err"

conf
mss_start "$MSS_CONF" "$LOG" || { t_fail "milter starts"; t_done; }
pf_create "$PF" "$(t_port)" "$(cat "$SINK_DIR.port")" "$MSS_SOCK" || { t_fail "postfix"; t_done; }
pf_start "$PF"
t_ok "slapd, mssante-milter (Conversations yes), Postfix and smtp-sink started"

# 1. The patient cannot write first.
send 1 "$PAT" "$PRO" "bonjour docteur"
t_check "patient first: refused" [ $? != 0 ]
sw_reply "$T/sw1" "RCPT TO:<$PRO>" >"$T/r1"
t_grep "patient first: 550 5.7.1 conv.not_opened" "^550 5\.7\.1 Message refuse: un patient ne peut pas ecrire le premier a <$PRO>.*\[regle conv\.not_opened\]" "$T/r1"
t_check "patient first: no entry written" [ "$(state)" = absent ]

# 2. The professional writes: the conversation opens.
send 2 "$PRO" "$PAT" "Resultats"
t_check "pro->patient: accepted" [ $? = 0 ]
t_check "pro->patient: conversation open" [ "$(state)" = open ]
t_grep "pro->patient: event logged with the queue id" "^.*[0-9A-F]+: conversation outbound mailbox=$PRO patient=hmac:[0-9a-f]{16} .*events=opened state=open" "$LOG"
slapd_search "(objectClass=mssConversation)" >"$T/dump1"
t_grep "entry: encrypted patient address" "^mssPatientAddressEnc: v1:" "$T/dump1"
t_check "entry: no INS anywhere in the directory" sh -c "! grep -q $INS '$T/dump1'"
t_check "log: no INS" sh -c "! grep -q $INS '$LOG'"

# 3. The patient answers: accepted.
send 3 "$PAT" "$PRO" "merci"
t_check "patient reply while open: accepted" [ $? = 0 ]

# 4. [FIN] encoded in RFC 2047 closes; the reply is refused.
send 4 "$PRO" "$PAT" "=?UTF-8?B?W0ZJTl0=?="
t_check "encoded [FIN]: accepted" [ $? = 0 ]
t_check "encoded [FIN]: conversation closed" [ "$(state)" = closed ]
t_grep "encoded [FIN]: closed by the subject" "^mssClosedHow: subject-fin" <(slapd_search "(objectClass=mssConversation)" mssClosedHow)
send 5 "$PAT" "$PRO" "encore une question"
t_check "reply after [FIN]: refused" [ $? != 0 ]
t_grep "reply after [FIN]: 550 5.7.1 conv.closed" "^550 5\.7\.1 Message refuse: la conversation Mon espace sante avec <$PRO> est close .*\[regle conv\.closed\]" <(sw_reply "$T/sw5" .)

# 5. Reopen, then a plain [FIN] closes.
send 6 "$PRO" "$PAT" "Nouveau resultat"
t_check "pro writes again: reopened" [ "$(state)" = open ]
send 7 "$PRO" "$PAT" "[FIN]"
t_check "plain [FIN]: closed" [ "$(state)" = closed ]
send 8 "$PAT" "$PRO" "et maintenant"
t_check "reply after plain [FIN]: refused" [ "$(sw_code "$T/sw8" .)" = 550 ]

# 6. NearMissFin warn (default): delivered, rule logged, stays open.
send 9 "$PRO" "$PAT" "RE: [FIN]"
t_check "near miss (warn): delivered" [ $? = 0 ]
t_check "near miss (warn): conversation open" [ "$(state)" = open ]
t_grep "near miss (warn): rule in the log line" "from=<$PRO> .*conv\.near_miss_fin" "$LOG"
sink_wait "$SINK_DIR" 6 10
m9=$(sink_await "$SINK_DIR" '^X-Test: m9$')
t_grep "near miss (warn): message tagged" "^X-MSSante-Conversation: near-miss; rule=conv\.near_miss_fin; class=near\.prefix; action=warn$" "${m9:-/dev/null}"
send 10 "$PAT" "$PRO" "ok"
t_check "near miss (warn): patient may still answer" [ $? = 0 ]

# 7. NearMissFin fix: X-MSS-MES: FIN added, the conversation closes.
reconf "NearMissFin fix" || t_fail "reload (fix)"
send 11 "$PRO" "$PAT" "[fin]"
t_check "near miss (fix): delivered" [ $? = 0 ]
sink_wait "$SINK_DIR" 8 10
m11=$(sink_await "$SINK_DIR" '^X-Test: m11$')
t_grep "near miss (fix): X-MSS-MES: FIN added" "^X-MSS-MES: FIN$" "${m11:-/dev/null}"
t_check "near miss (fix): closed" [ "$(state)" = closed ]
t_grep "near miss (fix): closed by the header" "^mssClosedHow: x-mss-mes" <(slapd_search "(objectClass=mssConversation)" mssClosedHow)

# 8. NearMissFin reject: 550 5.7.1 with the exact form.
reconf "NearMissFin reject" || t_fail "reload (reject)"
send 12 "$PRO" "$PAT" "Re: [FIN]"
t_check "near miss (reject): refused" [ $? != 0 ]
t_grep "near miss (reject): 550 5.7.1 with the exact form" \
    "^550 5\.7\.1 Message pour le patient <?$PAT>? refuse: .*Ecrivez l'objet exactement \[FIN\] ou ajoutez l'en-tete X-MSS-MES: FIN.*\[regle conv\.near_miss_fin\]" \
    <(sw_reply "$T/sw12" ".")
t_check "near miss (reject): state unchanged" [ "$(state)" = closed ]

# 9. An APP mailbox writing to a patient: X-MSS-MES: FIN.
send 13 "$APP" "$PAT" "Votre compte rendu"
t_check "APP mailbox: delivered" [ $? = 0 ]
sink_wait "$SINK_DIR" 9 10
m13=$(sink_await "$SINK_DIR" '^X-Test: m13$')
t_grep "APP mailbox: X-MSS-MES: FIN set" "^X-MSS-MES: FIN$" "${m13:-/dev/null}"
t_check "APP mailbox: its conversation is closed" [ "$(state "$APP")" = closed ]
reconf "NearMissFin warn" "AppMailboxReplies $APP" || t_fail "reload (replies)"
send 14 "$APP" "$PAT" "Votre compte rendu 2"
sink_wait "$SINK_DIR" 10 10
m14=$(sink_await "$SINK_DIR" '^X-Test: m14$')
t_check "APP mailbox in AppMailboxReplies: no X-MSS-MES" sh -c "! grep -q '^X-MSS-MES' '${m14:-/dev/null}'"
t_check "APP mailbox in AppMailboxReplies: open" [ "$(state "$APP")" = open ]

# 10. Pharmacy ORG mailbox: the patient may write first.
t_grep "pharmacy flag in the mirror" "^mssPharmacy: TRUE" <(slapd_search "(mail=$PHARMA)" mssPharmacy)
send 15 "$PAT" "$PHARMA" "ordonnance"
t_check "patient -> pharmacy first: accepted" [ $? = 0 ]
t_check "patient -> pharmacy: conversation opened" [ "$(state "$PHARMA")" = open ]
send 16 "$PAT" "$ORG" "question"
t_check "patient -> other ORG first: refused" [ "$(sw_code "$T/sw16" "RCPT TO:<$ORG>")" = 550 ]

# 11. mssante-conversations: list, dry run, close through sendmail -t.
MC=$top_builddir/milter/conv/mssante-conversations
sleep 1
"$MC" -c "$MSS_CONF" list >"$T/list" 2>&1
t_grep "tool: lists the open pharmacy conversation" "^$PHARMA +[0-9]+d " "$T/list"
t_check "tool: a closed conversation is not listed" sh -c "! grep -q '^$PRO ' '$T/list'"
"$MC" -c "$MSS_CONF" list --json >"$T/list.json" 2>&1
t_grep "tool: JSON lines" "^\{\"mailbox\":\"$PHARMA\",\"id\":\"[0-9a-f]{64}\"" "$T/list.json"
"$MC" -c "$MSS_CONF" close-idle --days 0 >"$T/dry" 2>&1
t_grep "tool: dry run by default" "^would close $PHARMA " "$T/dry"
printf '#!/bin/sh\necho "$@" >>"%s/sm.args"\ncat >>"%s/sm.out"\n' "$T" "$T" >"$T/fake-sendmail"
chmod +x "$T/fake-sendmail"
"$MC" -c "$MSS_CONF" close-idle --days 0 --send --sendmail "$T/fake-sendmail" >"$T/sent" 2>&1
t_grep "tool: sendmail -t from the professional" "^-t -oi -f $PHARMA$" "$T/sm.args"
t_grep "tool: the patient address decrypted" "^To: $PAT$" "$T/sm.out"
t_grep "tool: Subject [FIN]" "^Subject: \[FIN\]$" "$T/sm.out"
send 18 "$PHARMA" "$PAT" "[FIN]"
t_check "tool's [FIN] through Postfix closes it" [ "$(state "$PHARMA")" = closed ]

# 11b. Conversations needs a restart: a reload that turns it off warns and
# keeps the checks (the site key was read as root at start).
t_check "before the reload: the conversation is closed" [ "$(state)" = closed ]
CONV=no reconf || t_fail "reload (Conversations no)"
t_grep "reload: Conversations needs a restart" "reload: Conversations changed: a restart is needed" "$LOG"
send 19 "$PAT" "$PRO" "encore apres rechargement"
t_check "after reload with Conversations no: closed conversation still refused" \
    [ "$(sw_code "$T/sw19" .)" = 550 ]
reconf || t_fail "reload (Conversations yes)"

# 11c. Read receipts (README, "Conversations"): the professional asks for
# one, then closes; the patient's MDN arrives after the [FIN]. It is
# delivered and changes nothing in the closed entry; a DSN relayed from
# the patient domain too. An MDN to a mailbox that never wrote to the
# patient is refused at RCPT, like any first message of a patient.
NEVER=marie.exemple@ch-exemple.mssante.fr
# (A preamble first: swaks would read a body starting with "--" as an option.)
MDN=$'Accuse de lecture.\r\n--m\r\nContent-Type: text/plain\r\n\r\nLu.\r\n--m\r\nContent-Type: message/disposition-notification\r\n\r\nReporting-UA: mon-espace-sante.example\r\nFinal-Recipient: rfc822; '$PAT$'\r\nOriginal-Message-ID: <rr20@test.example>\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n--m--\r\n'
DSN=$'Rapport de remise.\r\n--d\r\nContent-Type: text/plain\r\n\r\nRemis.\r\n--d\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; smtp.patient-operateur.example\r\n\r\nFinal-Recipient: rfc822; '$PAT$'\r\nAction: delivered\r\nStatus: 2.0.0\r\n--d--\r\n'
# entry - the (PRO, PAT) conversation attributes, sorted
entry() {
    slapd_search "(&(objectClass=mssConversation)(mssProfessionalMailbox=$PRO))" \
        mssConversationState mssOpenedAt mssLastActivity mssClosedAt mssClosedHow |
        grep -v '^dn:' | sort
}
send 20 "$PRO" "$PAT" "Resultats avec accuse" --header "Message-ID: <rr20@test.example>" \
    --header "Disposition-Notification-To: <$PRO>"
t_check "receipt asked: delivered, conversation open" [ "$(state)" = open ]
send 21 "$PRO" "$PAT" "[FIN]"
t_check "receipt: the [FIN] closed the conversation" [ "$(state)" = closed ]
entry >"$T/rr.before"
sleep 1		# a refresh of the last activity would show
send 22 "$PAT" "$PRO" "Lu : Resultats avec accuse" --header "MIME-Version: 1.0" \
    --add-header "Content-Type: multipart/report; report-type=disposition-notification; boundary=m" \
    --body "$MDN"
t_check "patient's MDN after [FIN]: accepted" [ $? = 0 ]
t_check "patient's MDN after [FIN]: 250 at end of data" [ "$(sw_code "$T/sw22" .)" = 250 ]
t_check "patient's MDN after [FIN]: delivered" [ -n "$(sink_await "$SINK_DIR" '^X-Test: m22$')" ]
t_grep "patient's MDN: logged as a report, state kept" \
    "conversation inbound mdn report \(state kept\) mailbox=$PRO .*state=closed" "$LOG"
send 23 "$PAT" "$PRO" "Remis : Resultats avec accuse" --header "MIME-Version: 1.0" \
    --add-header "Content-Type: multipart/report; report-type=delivery-status; boundary=d" \
    --body "$DSN"
t_check "DSN from the patient domain after [FIN]: accepted" [ "$(sw_code "$T/sw23" .)" = 250 ]
t_check "DSN from the patient domain after [FIN]: delivered" [ -n "$(sink_await "$SINK_DIR" '^X-Test: m23$')" ]
t_grep "DSN: logged as a report, state kept" \
    "conversation inbound dsn report \(state kept\) mailbox=$PRO .*state=closed" "$LOG"
entry >"$T/rr.after"
t_check "after the receipts: still closed" [ "$(state)" = closed ]
t_grep "after the receipts: still closed by the [FIN]" "^mssClosedHow: subject-fin" "$T/rr.after"
t_check "after the receipts: the entry is unchanged (closedHow, times)" cmp -s "$T/rr.before" "$T/rr.after"
send 24 "$PAT" "$NEVER" "Lu : Resultats" --header "MIME-Version: 1.0" \
    --add-header "Content-Type: multipart/report; report-type=disposition-notification; boundary=m" \
    --body "$MDN"
t_check "MDN to a mailbox that never wrote: refused" [ $? != 0 ]
t_grep "MDN to a mailbox that never wrote: 550 5.7.1 conv.not_opened at RCPT" \
    "^550 5\.7\.1 Message refuse: un patient ne peut pas ecrire le premier a <$NEVER>.*\[regle conv\.not_opened\]" \
    <(sw_reply "$T/sw24" "RCPT TO:<$NEVER>")
t_check "MDN to a mailbox that never wrote: not delivered" [ -z "$(sink_find "$SINK_DIR" '^X-Test: m24$')" ]
t_check "MDN to a mailbox that never wrote: no entry written" [ "$(state "$NEVER")" = absent ]

# 12. Directory down: the conversation state is unknown, tempfail.
slapd_stop
send 17 "$PAT" "$PRO" "annuaire"
t_check "directory down: patient mail tempfailed (4xx)" \
    sh -c "sw_code() { :; }; grep -qE '^<\*\* +4[0-9][0-9] |^<- +4[0-9][0-9] ' '$T/sw17'"
t_check "milter still running" kill -0 "$MSS_PID"
t_done
