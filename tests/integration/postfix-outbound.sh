#!/bin/bash
# postfix-outbound.sh - mssante-milter in enforce mode behind a real Postfix,
# mail from the establishment's own network (InternalHosts): a message
# between professionals is relayed and tagged; a recipient outside the trust
# space is refused alone while the other recipient is delivered; a patient
# address with a wrong INS key is refused at RCPT with 550 5.1.3; a sender
# outside the trust space is refused at MAIL; the replies are US-ASCII
# French that name the address and the rule; the milter logs one line per
# transaction and never a full INS.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init postfix-outbound
t_need_root
t_need_cmd postfix smtp-sink swaks slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
mss_stack enforce "InternalHosts 127.0.0.1/32" || { t_fail "stack starts"; t_done; }
t_ok "slapd, mssante-milter, Postfix and smtp-sink started"

PRO=jean.exemple@medecin.mssante.fr
ORG=cardiologie@ch-exemple.mssante.fr
OUT=dupont@gmail.example
BADINS=288091234567823@patient.mssante.fr
PAT2A=253072A07300443@patient.mssante.fr
LOG=$T/milter.log

# ascii FILE - every server reply of a dialogue is US-ASCII
ascii() { ! grep -E '^ *<' "$1" | LC_ALL=C grep -q '[^ -~]'; }

# 1. Professional to professional: relayed, tagged once.
pf_swaks "$PF" "$T/sw1" --from "$PRO" --to "$ORG" --header "Subject: t1"
t_check "pro->org: swaks exits 0" [ $? = 0 ]
t_grep "pro->org: queued" "^250 2\.0\.0 Ok: queued as" <(sw_reply "$T/sw1" .)
sink_wait "$SINK_DIR" 1 10
m1=$(sink_await "$SINK_DIR" '^Subject: t1$')
t_check "pro->org: delivered" [ -n "$m1" ]
mss_policy "${m1:-/dev/null}" >"$T/pol1"
t_check "pro->org: exactly one X-MSSante-Policy" [ "$(wc -l <"$T/pol1")" = 1 ]
t_grep "pro->org: policy says enforce, outbound, accept" \
    "mode=enforce; dir=outbound; trust\.sender_domain=pass; trust\.rcpt_domain=pass;.*result=accept$" "$T/pol1"
t_grep "pro->org: log line" \
    "[0-9A-F]+: from=<$PRO> dir=outbound\(internal_host\) .* rcpts=1 accepted=1 rejected=0 tempfailed=0 action=continue mode=enforce" "$LOG"

# 2. One recipient inside, one outside: only the outside one is refused.
pf_swaks "$PF" "$T/sw2" --from "$PRO" --to "$ORG,$OUT" --header "Subject: t2"
t_check "mixed: message accepted for the other recipient" [ $? = 0 ]
t_check "mixed: inside recipient 250" [ "$(sw_code "$T/sw2" "RCPT TO:<$ORG>")" = 250 ]
sw_reply "$T/sw2" "RCPT TO:<$OUT>" >"$T/r2"
t_grep "mixed: outside recipient 550 5.7.1" "^550 5\.7\.1 " "$T/r2"
t_grep "mixed: reply names the address and the domain" \
    "Destinataire <$OUT> refuse: le domaine gmail\.example n'appartient pas a l'espace de confiance MSSante" "$T/r2"
t_grep "mixed: reply names the rule" "\[regle trust\.rcpt_domain\]" "$T/r2"
sink_wait "$SINK_DIR" 2 10
m2=$(sink_await "$SINK_DIR" '^Subject: t2$')
t_check "mixed: delivered" [ -n "$m2" ]
t_grep "mixed: delivered to the inside recipient" "^X-Rcpt-Args: <$ORG>" "${m2:-/dev/null}"
t_check "mixed: not to the outside one" sh -c "! grep -q '^X-Rcpt-Args: <$OUT>' '${m2:-/dev/null}'"
t_grep "mixed: policy marks the failed recipient check" \
    "trust\.rcpt_domain=fail;.*result=accept" <(mss_policy "${m2:-/dev/null}")
t_grep "mixed: log line counts 1 accepted, 1 rejected" \
    "from=<$PRO> .* rcpts=2 accepted=1 rejected=1 tempfailed=0 \[trust\.rcpt_domain\] action=continue" "$LOG"

# 3. A patient address whose INS key is wrong: 550 5.1.3 at RCPT.
pf_swaks "$PF" "$T/sw3" --from "$PRO" --to "$BADINS" --header "Subject: t3"
t_check "bad INS: swaks reports the refusal" [ $? != 0 ]
sw_reply "$T/sw3" "RCPT TO:<$BADINS>" >"$T/r3"
t_grep "bad INS: 550 5.1.3" "^550 5\.1\.3 " "$T/r3"
t_grep "bad INS: reply says the key is wrong" "Adresse patient <$BADINS> invalide: la cle de controle" "$T/r3"
t_grep "bad INS: reply names the rule" "\[regle ins\.key\]" "$T/r3"
t_check "bad INS: no DATA sent" [ -z "$(sw_reply "$T/sw3" DATA)" ]
t_grep "bad INS: log line masks the INS" "reject RCPT TO .*288\.\.\.@patient\.mssante\.fr.*ins\.key 550" "$LOG"
t_check "bad INS: the full INS is never logged" sh -c "! grep -q 288091234567823 '$LOG'"

# 4. A patient born in Corsica (2A): valid INS, accepted.
pf_swaks "$PF" "$T/sw4" --from "$PRO" --to "$PAT2A" --header "Subject: t4"
t_check "INS 2A: accepted" [ $? = 0 ]
sink_wait "$SINK_DIR" 3 10
m4=$(sink_await "$SINK_DIR" '^Subject: t4$')
t_grep "INS 2A: delivered and checked" "ins=pass;.*result=accept" <(mss_policy "${m4:-/dev/null}")

# 5. A sender outside the trust space: refused at MAIL FROM.
pf_swaks "$PF" "$T/sw5" --from secretariat@cabinet.example --to "$ORG" --header "Subject: t5"
t_check "outside sender: refused" [ $? != 0 ]
sw_reply "$T/sw5" "MAIL FROM:<secretariat@cabinet.example>" >"$T/r5"
t_grep "outside sender: 550 5.7.1 at MAIL" "^550 5\.7\.1 Expediteur <secretariat@cabinet\.example> refuse" "$T/r5"
t_grep "outside sender: reply names the rule" "\[regle trust\.sender_domain\]" "$T/r5"
t_grep "outside sender: log line" \
    "NOQUEUE: from=<secretariat@cabinet\.example> .* action=reject mode=enforce" "$LOG"

# 6. Exact, case-insensitive domain match: an upper-case listed domain is in,
# a subdomain of a listed domain is not.
pf_swaks "$PF" "$T/sw6" --from "$PRO" --to accueil@uc-exemple.MSSANTE.fr --header "Subject: t6"
t_check "upper-case listed domain: accepted" [ $? = 0 ]
pf_swaks "$PF" "$T/sw7" --from "$PRO" --to x@sous.medecin.mssante.fr --header "Subject: t7"
t_check "subdomain of a listed domain: refused 550 5.7.1" \
    [ "$(sw_reply "$T/sw7" 'RCPT TO:<x@sous.medecin.mssante.fr>' | cut -c1-9)" = "550 5.7.1" ]

# 7. Every reply was US-ASCII; the queue ends empty; exactly 4 delivered.
for f in "$T"/sw?; do t_check "$(basename "$f"): replies are US-ASCII" ascii "$f"; done
t_check "queue empty" pf_wait_queue_empty "$PF" 10
sink_wait "$SINK_DIR" 4 5
t_check "4 messages delivered in all" [ "$(sink_count "$SINK_DIR")" = 4 ]
t_check "milter still running" kill -0 "$MSS_PID"
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
