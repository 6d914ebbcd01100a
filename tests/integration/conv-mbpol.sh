#!/bin/bash
# conv-mbpol.sh - conversations with the per-mailbox policy, the audit trail
# and the documents, through a real Postfix, slapd and mssante-milter:
# patient_replies false on a PER mailbox makes its messages to patients
# carry X-MSS-MES: FIN (the conversation closes); patients_may_start true
# on an ORG mailbox that is not a pharmacy accepts a patient who writes
# first, false on a pharmacy refuses one; require_category on an APP
# mailbox refuses a message to a patient without a categorised document
# (mbpol.category_required) and delivers one with an IHE_XDM archive; a
# message tempfailed because its audit record cannot be written changes no
# conversation state; ConversationCheck monitor delivers and reports
# would-reject (summary line and X-MSSante-Policy).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/docs-milter-lib.sh"

t_init conv-mbpol
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd openssl ldapsearch zip base64 prlimit
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

KEY=$T/site.key
( umask 077; openssl rand -hex 32 >"$KEY" )
mkdir -p "$T/audit"
LOG=$T/milter.log
POL=$T/policy.json
PRO=jean.exemple@medecin.mssante.fr	# PER, patient_replies false
PER2=marie.exemple@ch-exemple.mssante.fr	# PER, no policy
ORG=cardiologie@ch-exemple.mssante.fr	# ORG, not a pharmacy
PHARMA=officine@pharmacie-exemple.mssante.fr
APP=cr-noreply@ch-exemple.mssante.fr	# APP (added to the directory)
PAT=$DOCS_INS@patient.mssante.fr
PAT2=$DOCS_INS_OTHER@patient.mssante.fr

cat >"$POL" <<JSON
{ "version": 1,
  "mailboxes": [
    { "name": "no replies", "match": { "sender": "$PRO" }, "patient_replies": false },
    { "name": "service open to patients", "match": { "recipient": "$ORG" },
      "patients_may_start": true },
    { "name": "pharmacy closed to patients", "match": { "recipient": "$PHARMA" },
      "patients_may_start": false },
    { "name": "documents required", "match": { "sender": "$APP" },
      "require_category": true }
  ] }
JSON

# conf LINE... - the milter configuration with these extra lines
conf() {
    mss_config "$MSS_CONF" "local:$T/milter.sock" enforce \
        "LDAPBindDN $SLAPD_ROOTDN" "LDAPBindPasswordFile $SLAPD_PWFILE" \
        "PeerCertificate off" "Conversations yes" "AuditKeyFile $KEY" \
        "AuditLog $T/audit/audit.log" "PolicyFile $POL" "DocumentSpool $T" "$@"
}

# send N FROM TO SUBJECT [SWAKS ARGS...] - one message, dialogue in $T/swN
send() {
    _n=$1 _f=$2 _t=$3 _s=$4; shift 4
    pf_swaks "$PF" "$T/sw$_n" --from "$_f" --to "$_t" --header "Subject: $_s" \
        --header "X-Test: m$_n" "$@"
}

# state MAILBOX [PATIENT-INS] - mssConversationState, or "absent"
state() {
    _s=$(slapd_search "(&(objectClass=mssConversation)(mssProfessionalMailbox=$1))" \
        mssConversationState | sed -n 's/^mssConversationState: //p')
    echo "${_s:-absent}"
}

# delivered N - the sink's copy of message N (X-Test: mN), or /dev/null
delivered() {
    sink_wait "$SINK_DIR" "$2" 10
    _m=$(sink_await "$SINK_DIR" "^X-Test: m$1\$")
    echo "${_m:-/dev/null}"
}

SLAPD_DIR=$T/slapd
PF=$T/postfix SINK_DIR=$T/sink MSS_CONF=$T/milter.conf
mss_dir_start || { t_fail "slapd starts"; t_done; }
sink_start "$SINK_DIR" "$(t_port)" || { t_fail "sink starts"; t_done; }
docs_app_mailbox "$APP" || t_fail "APP mailbox added to the directory"
conf
# The audit file size limit of step 4 must fail write(), not kill the milter.
trap '' XFSZ
mss_start "$MSS_CONF" "$LOG" || { t_fail "milter starts"; t_done; }
pf_create "$PF" "$(t_port)" "$(cat "$SINK_DIR.port")" "$MSS_SOCK" || { t_fail "postfix"; t_done; }
pf_start "$PF"
t_ok "slapd, mssante-milter (Conversations, PolicyFile, AuditLog), Postfix, smtp-sink"

# 1. patient_replies false on a PER mailbox: X-MSS-MES: FIN, closed.
send 1 "$PRO" "$PAT" "Resultats"
t_check "patient_replies false: delivered" [ $? = 0 ]
t_grep "patient_replies false: X-MSS-MES: FIN set" "^X-MSS-MES: FIN$" "$(delivered 1 1)"
t_check "patient_replies false: conversation closed" [ "$(state "$PRO")" = closed ]
t_grep "patient_replies false: event logged (fin_set)" "conversation outbound mailbox=$PRO .*events=[a-z,_]*fin_set" "$LOG"
send 2 "$PAT" "$PRO" "merci"
t_check "patient_replies false: the patient's reply is refused" [ "$(sw_code "$T/sw2" .)" = 550 ]
send 3 "$PER2" "$PAT" "Resultats"
t_check "no policy (PER): no X-MSS-MES" sh -c "! grep -q '^X-MSS-MES' '$(delivered 3 2)'"
t_check "no policy (PER): conversation open" [ "$(state "$PER2")" = open ]

# 2. patients_may_start true on an ORG that is not a pharmacy; false on one.
t_check "the ORG mailbox is not a pharmacy" [ -z "$(slapd_search "(mail=$ORG)" mssPharmacy | grep '^mssPharmacy: TRUE')" ]
send 4 "$PAT" "$ORG" "question"
t_check "patients_may_start true: the patient writes first, accepted" [ $? = 0 ]
t_check "patients_may_start true: conversation opened" [ "$(state "$ORG")" = open ]
send 5 "$PAT" "$PHARMA" "ordonnance"
t_check "patients_may_start false on a pharmacy: refused" [ "$(sw_code "$T/sw5" "RCPT TO:<$PHARMA>")" = 550 ]
t_check "patients_may_start false on a pharmacy: no entry" [ "$(state "$PHARMA")" = absent ]

# 3. require_category on an APP mailbox: a category is needed for patients.
H=("From: <$APP>" "To: <$PAT>" "Subject: XDM/1.0/DDM+CR de consultation"
    "X-MSS-INS: O" "X-MSS-NIL: DPI-TEST 1.0")
docs_xdm "$T/xdm.zip" || t_fail "archive built"
docs_msg "$T/m6" - "${H[@]}" "X-Test: m6"
pf_swaks "$PF" "$T/sw6" --from "$APP" --to "$PAT" --data "$T/m6"
t_check "require_category, no document: refused" [ $? != 0 ]
t_grep "require_category, no document: 550 mbpol.category_required" \
    "^550 5\.6\.0 Message pour le patient $PAT refuse: .*exige un document avec sa categorie.*\[regle mbpol\.category_required\]" <(sw_reply "$T/sw6" .)
t_check "require_category, refused: no conversation state" [ "$(state "$APP")" = absent ]
docs_msg "$T/m7" "$T/xdm.zip" "${H[@]}" "X-Test: m7"
pf_swaks "$PF" "$T/sw7" --from "$APP" --to "$PAT" --data "$T/m7"
t_check "require_category, XDM archive with a category: accepted" [ $? = 0 ]
t_grep "require_category, XDM archive: delivered with its category" "^X-MSSante-Category: " "$(delivered 7 3)"

# 4. The audit record cannot be written: tempfailed, no state change.
prlimit --pid "$MSS_PID" --fsize="$(stat -c %s "$T/audit/audit.log")":unlimited
send 8 "$PER2" "$PAT2" "Resultats"
t_grep "audit unwritable: 451 4.3.0 audit.error" "^451 4\.3\.0 .*\[regle audit\.error\]" <(sw_reply "$T/sw8" .)
t_check "audit unwritable: the conversation was not opened" \
    [ "$(slapd_count "(&(objectClass=mssConversation)(mssProfessionalMailbox=$PER2))")" = 1 ]
send 9 "$PER2" "$PAT" "[FIN]"
t_check "audit unwritable: [FIN] tempfailed" [ $? != 0 ]
t_check "audit unwritable: [FIN] did not close" [ "$(state "$PER2")" = open ]
prlimit --pid "$MSS_PID" --fsize=unlimited:unlimited
send 10 "$PER2" "$PAT" "[FIN]"
t_check "audit writable again: [FIN] accepted" [ $? = 0 ]
t_check "audit writable again: closed" [ "$(state "$PER2")" = closed ]

# 5. ConversationCheck monitor: delivered, would-reject reported.
_n=$(grep -c "configuration [0-9]* loaded" "$LOG")
conf "ConversationCheck monitor"
mss_reload
for _i in $(seq 50); do
    [ "$(grep -c "configuration [0-9]* loaded" "$LOG")" -gt "$_n" ] && break
    sleep 0.1
done
send 11 "$PAT2" "$PRO" "bonjour"
t_check "monitor: the patient writing first is accepted" [ $? = 0 ]
t_grep "monitor: summary line lists the rule and would=reject" \
    "from=<${DOCS_INS_OTHER:0:3}\.\.\.@patient\.mssante\.fr> .*\[conv\.not_opened.* would=reject" "$LOG"
t_grep "monitor: X-MSSante-Policy result=would-reject" "result=would-reject" \
    <(mss_policy "$(delivered 11 5)")
t_check "no milter error besides the audit failures" \
    sh -c "! grep -iE 'fatal|panic|error:' '$LOG' | grep -v 'audit'"
t_check "milter log clean" mss_log_clean "$LOG"
t_done
