#!/bin/bash
# sendmail-outbound.sh - mssante-milter behind a real sendmail
# (tests/lib/sendmail.sh, built with contrib/sendmail/mssante-milter.mc):
# the end-to-end cases of postfix-outbound.sh and postfix-monitor.sh, as a
# sendmail client reads them. Sendmail listens on two ports: "MTA" (an
# external client: the loopback is not in InternalHosts) and "MSA", named
# in InternalDaemons, so {daemon_name} makes its mail outbound. Outbound:
# a message between professionals is relayed and tagged once; a recipient
# outside the trust space is refused alone; a wrong INS key is refused at
# RCPT with 550 5.1.3, a valid 2A INS passes; a sender outside the trust
# space is refused at MAIL; a From, Reply-To or Disposition-Notification-To
# header outside the trust space is refused at end of message; a message with an IHE_XDM document gets its
# X-MSSante-Category. Inbound on the MTA port without TLS, the peer check
# refuses. After a reload into monitor mode nothing is refused and the
# tags say what enforce would have done. Every reply is US-ASCII French
# with the rule, behind sendmail's own "<addr>... " prefix.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/sendmail.sh"
. "$top_srcdir/tests/integration/docs-milter-lib.sh"

t_init sendmail-outbound
t_need_root
t_need_cmd smtp-sink swaks slapd slapadd m4 apt-get dpkg zip base64
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
sm_fetch || { t_fail "the sendmail packages (apt-get download)"; t_done; }
CONF_LINES=("InternalHosts 192.0.2.0/24" "InternalDaemons MSA" "PeerCertificate reject")
sm_stack enforce "${CONF_LINES[@]}" || { t_fail "stack starts"; t_done; }
MSA_PORT=$(t_port)
sm_daemon "$SM" MSA "$MSA_PORT"
sm_start "$SM" || { t_fail "sendmail starts"; t_done; }
t_wait_port "$MSA_PORT" 10
t_ok "slapd, mssante-milter, sendmail (MTA and MSA ports) and smtp-sink started"
# The MSA port, for pf_swaks.
MSA=$T/msa; mkdir -p "$MSA"; echo "$MSA_PORT" >"$MSA/port"

PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
OUT=dupont@gmail.example
BADINS=288091234567823@patient.mssante.fr
PAT2A=253072A07300443@patient.mssante.fr
LOG=$T/milter.log
n=0

# ascii FILE - every server reply of a dialogue is US-ASCII
ascii() { ! grep -E '^ *<' "$1" | LC_ALL=C grep -q '[^ -~]'; }

# got SUBJECT: wait for the message in the sink, set M
got() {
    n=$((n + 1))
    sink_wait "$SINK_DIR" "$n" 15 >/dev/null
    M=$(sink_await "$SINK_DIR" "^Subject: $1\$" 5)
    t_check "$1: delivered" [ -n "$M" ]
    M=${M:-/dev/null}
}

# 1. Professional to professional through the MSA port: outbound by
# {daemon_name}, relayed, tagged once.
pf_swaks "$MSA" "$T/sw1" --from "$PRO" --to "$ORG" --header "Subject: t1"
t_check "pro->org: accepted" [ $? = 0 ]
t_grep "pro->org: sendmail queued it" "^250 2\.0\.0 [0-9A-Za-z]+ Message accepted for delivery" <(sw_reply "$T/sw1" .)
got t1
mss_policy "$M" >"$T/pol1"
t_check "pro->org: exactly one X-MSSante-Policy" [ "$(wc -l <"$T/pol1")" = 1 ]
t_grep "pro->org: policy says enforce, outbound, accept" \
    "mode=enforce; dir=outbound; trust\.sender_domain=pass; trust\.rcpt_domain=pass;.*result=accept$" "$T/pol1"
t_grep "pro->org: log line, outbound by {daemon_name}, sendmail queue id" \
    "[0-9A-Za-z]{14}: from=<$PRO> dir=outbound\(daemon\) .* rcpts=1 accepted=1 rejected=0 tempfailed=0 action=continue mode=enforce" "$LOG"

# 2. The same message on the MTA port, without TLS: inbound, refused.
pf_swaks "$SM" "$T/sw2" --from "$PRO" --to "$ORG" --header "Subject: t2"
t_check "inbound without TLS: refused" [ $? != 0 ]
t_grep "inbound without TLS: 550 5.7.1, sendmail prefix, French, rule" \
    "^550 5\.7\.1 <$PRO>\.\.\. Message de <$PRO> refuse: connexion sans TLS\..*\[regle trust\.peer_cert\]$" <(sw_reply "$T/sw2" "MAIL FROM:<$PRO>")

# 3. One recipient inside, one outside: only the outside one is refused.
pf_swaks "$MSA" "$T/sw3" --from "$PRO" --to "$ORG,$OUT" --header "Subject: t3"
t_check "mixed: accepted for the other recipient" [ $? = 0 ]
t_check "mixed: inside recipient 250" [ "$(sw_code "$T/sw3" "RCPT TO:<$ORG>")" = 250 ]
sw_reply "$T/sw3" "RCPT TO:<$OUT>" >"$T/r3"
t_grep "mixed: outside recipient 550 5.7.1 with sendmail's prefix" "^550 5\.7\.1 <$OUT>\.\.\. " "$T/r3"
t_grep "mixed: reply names the address and the domain" \
    "Destinataire <$OUT> refuse: le domaine gmail\.example n'appartient pas a l'espace de confiance MSSante" "$T/r3"
t_grep "mixed: reply names the rule" "\[regle trust\.rcpt_domain\]" "$T/r3"
got t3
t_check "mixed: delivered to the inside recipient" grep -q "^X-Rcpt-Args: <$ORG>" "$M"
t_check "mixed: not to the outside one" sh -c "! grep -q '^X-Rcpt-Args: <$OUT>' '$M'"
t_grep "mixed: policy marks the failed recipient check" \
    "trust\.rcpt_domain=fail;.*result=accept" <(mss_policy "$M")

# 4. A patient address whose INS key is wrong.
pf_swaks "$MSA" "$T/sw4" --from "$PRO" --to "$BADINS" --header "Subject: t4"
t_check "bad INS: refused" [ $? != 0 ]
sw_reply "$T/sw4" "RCPT TO:<$BADINS>" >"$T/r4"
t_grep "bad INS: 550 5.1.3" "^550 5\.1\.3 <$BADINS>\.\.\. " "$T/r4"
t_grep "bad INS: reply says the key is wrong" "Adresse patient <$BADINS> invalide: la cle de controle" "$T/r4"
t_grep "bad INS: reply names the rule" "\[regle ins\.key\]" "$T/r4"
t_check "bad INS: the full INS is never logged" sh -c "! grep -q 288091234567823 '$LOG'"

# 5. A patient born in Corsica (2A): valid INS.
pf_swaks "$MSA" "$T/sw5" --from "$PRO" --to "$PAT2A" --header "Subject: t5"
t_check "INS 2A: accepted" [ $? = 0 ]
got t5
t_grep "INS 2A: checked" "ins=pass;.*result=accept" <(mss_policy "$M")

# 6. A sender outside the trust space: refused at MAIL FROM.
pf_swaks "$MSA" "$T/sw6" --from secretariat@cabinet.example --to "$ORG" --header "Subject: t6"
t_check "outside sender: refused" [ $? != 0 ]
t_grep "outside sender: 550 5.7.1 at MAIL" \
    "^550 5\.7\.1 <secretariat@cabinet\.example>\.\.\. Expediteur <secretariat@cabinet\.example> refuse.*\[regle trust\.sender_domain\]" \
    <(sw_reply "$T/sw6" "MAIL FROM:<secretariat@cabinet.example>")

# 7. A From, Reply-To (a member of a group) or Disposition-Notification-To
# header outside the trust space: refused at end of data, each by its
# rule, with the same texts as through Postfix.
# header_out NAME HEADER REPLY: the message NAME with HEADER is refused,
# REPLY (an ERE, after "550 5.7.1 ") being the whole reply
header_out() {
    pf_swaks "$MSA" "$T/sw$1" --from "$PRO" --to "$ORG" --header "Subject: $1" --header "$2"
    t_check "$1 (${2%%:*} outside): refused" [ $? != 0 ]
    t_grep "$1 (${2%%:*} outside): 550 5.7.1 at end of data, French text, rule" \
        "^550 5\.7\.1 $3\$" <(sw_reply "$T/sw$1" .)
    t_check "$1 (${2%%:*} outside): not relayed" [ -z "$(sink_find "$SINK_DIR" "^Subject: $1\$")" ]
}
header_out t7 "From: Dupont <dupont@gmail.example>" \
    "Message refuse: l'adresse dupont@gmail\.example de l'en-tete From n'appartient pas a l'espace de confiance MSSante \(domaine gmail\.example absent de la liste blanche ANS\)\. L'en-tete From doit etre une adresse MSSante\. \[regle trust\.header_from\]"
header_out t7b "Reply-To: Equipe: a@medecin.mssante.fr, b@yahoo.fr;" \
    "Message refuse: l'adresse de reponse b@yahoo\.fr \(en-tete Reply-To\) n'appartient pas a l'espace de confiance MSSante \(domaine yahoo\.fr\)\. Indiquez une adresse MSSante ou supprimez l'en-tete Reply-To\. \[regle trust\.header_reply_to\]"
header_out t7c "Disposition-Notification-To: <receipts@evil.example>" \
    "Message refuse: l'accuse de lecture \(en-tete Disposition-Notification-To\) est demande vers receipts@evil\.example, hors de l'espace de confiance MSSante \(domaine evil\.example\)\. Indiquez une adresse MSSante ou retirez la demande d'accuse de lecture\. \[regle trust\.header_dnt\]"

# 8. A document (IHE_XDM, CDA 11488-4): X-MSSante-Category.
docs_xdm "$T/xdm.zip" || t_fail "archive built"
docs_msg "$T/m8" "$T/xdm.zip" "From: <$PRO>" "To: <$ORG>" \
    "Subject: XDM/1.0/DDM+CR de consultation DUPONT Jean t8" \
    "Message-ID: <t8.$$@test.example>" "X-MSS-CODECDA: 11488-4" "X-MSS-INS: O" \
    "X-MSSante-Category: code=FORGED; source=xdm"
pf_swaks "$MSA" "$T/sw8" --from "$PRO" --to "$ORG" --data "$T/m8"
t_check "document: accepted" [ $? = 0 ]
got 'XDM/1\.0/DDM\+CR de consultation DUPONT Jean t8'
docs_headers "$M" X-MSSante-Category >"$T/cat8"
t_check "document: one X-MSSante-Category" [ "$(wc -l <"$T/cat8")" = 1 ]
t_grep "document: the CDA's code, system and label" \
    '^code=11488-4; system=2\.16\.840\.1\.113883\.6\.1; display="CR ou fiche de consultation ou de visite"' "$T/cat8"
t_check "document: the forged category is gone" sh -c "! grep -q FORGED '$M'"
t_grep "document: X-MSSante-Policy says doc=pass" "; doc=pass; result=accept$" <(mss_policy "$M")

# 9. Reload into monitor mode: nothing is refused, the tags say what
# enforce would have done.
mss_config "$MSS_CONF" "$MSS_MSOCK" monitor "${CONF_LINES[@]}"
mss_reload
t_check "monitor: the reload is logged" sh -c "n=0; while [ \$n -lt 50 ]; do grep -qi 'reload' '$LOG' && exit 0; sleep 0.1; n=\$((n+1)); done; exit 1"
sleep 0.5
pf_swaks "$MSA" "$T/sw9" --from "$PRO" --to "$ORG,$OUT" --header "Subject: t9"
t_check "monitor: outside recipient not refused" [ $? = 0 ]
t_check "monitor: no refusal in the dialogue" sh -c "! grep -qE '^ *<\\*\\*' '$T/sw9'"
got t9
t_grep "monitor: would-reject" "mode=monitor;.*trust\.rcpt_domain=fail;.*result=would-reject$" <(mss_policy "$M")
pf_swaks "$MSA" "$T/sw10" --from "$PRO" --to "$BADINS" --header "Subject: t10"
t_check "monitor: bad INS accepted" [ $? = 0 ]
got t10
t_grep "monitor: ins=fail, would-reject" "mode=monitor;.*ins=fail;.*result=would-reject$" <(mss_policy "$M")
pf_swaks "$SM" "$T/sw11" --from "$PRO" --to "$ORG" --header "Subject: t11"
t_check "monitor: inbound without TLS accepted" [ $? = 0 ]
got t11
t_grep "monitor: inbound, peer check fails, would-reject" \
    "mode=monitor; dir=inbound;.*trust\.peer_cert=fail;.*result=would-reject$" <(mss_policy "$M")
t_grep "monitor: log line says would=reject" "from=<$PRO> .* would=reject" "$LOG"

# Every dialogue of this test (sw1 ... sw11, sw7b, sw7c).
for f in "$T"/sw*; do t_check "$(basename "$f"): replies are US-ASCII" ascii "$f"; done
t_check "sendmail queue empty" sm_wait_queue_empty "$SM" 15
t_check "$n messages delivered in all" [ "$(sink_count "$SINK_DIR")" = "$n" ]
t_check "milter still running" kill -0 "$MSS_PID"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
