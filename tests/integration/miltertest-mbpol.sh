#!/bin/bash
# miltertest-mbpol.sh - the per-mailbox sender rules (PolicyFile) judge the
# null sender's message by its From authors: with a professionals-only
# mailbox, a patient is refused (mbpol.sender_class) as the envelope sender
# at RCPT TO and as the From of a plain message from MAIL FROM:<> at end of
# message; a professional's From and real DSNs and MDNs pass, the latter
# to a patients-only mailbox too; outbound, an APP mailbox that writes to
# patients only is held to it (mbpol.rcpt_class) as the From of
# MAIL FROM:<> too. Driven by tests/miltertest/mbpol.lua.
. "${top_srcdir:-.}/tests/lib/common.sh"
t_init miltertest-mbpol
t_need_cmd "${MILTERTEST:-miltertest}" slapd
. "$top_srcdir/tests/integration/miltertest-lib.sh"

mtl_directory || { t_fail "private slapd"; t_grep "log: the null sender with the APP mailbox's From refused (outbound)" \
    'NMB09: from=<> dir=outbound.*\[mbpol\.rcpt_class\] action=reject' "$LOG"
t_grep "log: NMB10 accepted" 'NMB10: from=<> dir=outbound.* action=continue' "$LOG"
t_done; }
sock=$T/milter.sock
LOG=$T/mbpol.log
cat >"$T/policy.json" <<'JSON'
{ "version": 1,
  "mailboxes": [
    { "name": "professionals only",
      "match": { "recipient": "jean.exemple@medecin.mssante.fr", "direction": "inbound" },
      "allowed_senders": { "patients": false, "professionals": true } },
    { "name": "patients only",
      "match": { "recipient": "marie@ch-exemple.mssante.fr" },
      "allowed_senders": { "patients": true } },
    { "name": "APP to patients only",
      "match": { "sender": "lettres-sortie_noreply@ch-exemple.mssante.fr", "direction": "outbound" },
      "allowed_recipients": { "patients": true } } ] }
JSON
mtl_config "$T/m.conf" "Socket local:$sock" "Mode enforce" \
    "InternalHosts 192.0.2.99/32" "PolicyFile $T/policy.json"
MTL_WAIT_SNAPSHOT=1 mtl_start mbpol "$T/m.conf" || { t_fail "start"; t_grep "log: the null sender with the APP mailbox's From refused (outbound)" \
    'NMB09: from=<> dir=outbound.*\[mbpol\.rcpt_class\] action=reject' "$LOG"
t_grep "log: NMB10 accepted" 'NMB10: from=<> dir=outbound.* action=continue' "$LOG"
t_done; }
mtl_miltertest mbpol.lua "unix:$sock"
mtl_stop "$MTL_PID"

t_grep "log: the patient sender refused at RCPT TO" \
    'NMB01: from=<285\.\.\.@patient\.mssante\.fr> .* rejected=1 .*\[mbpol\.sender_class\]' "$LOG"
t_grep "log: the null sender with the patient's From refused at end of message" \
    'NMB02: reject end of message from <>: mbpol\.sender_class 550 5\.7\.1' "$LOG"
t_grep "log: its summary line" 'NMB02: from=<> .*\[mbpol\.sender_class\] action=reject' "$LOG"
for q in NMB03 NMB04 NMB05 NMB06; do
    t_grep "log: $q accepted" "$q: from=<> .* action=continue" "$LOG"
done
t_grep "log: the null sender with a professional's From refused by a patients-only mailbox" \
    'NMB07: from=<> .*\[mbpol\.sender_class\] action=reject' "$LOG"
t_grep "log: the null sender with the APP mailbox's From refused (outbound)" \
    'NMB09: from=<> dir=outbound.*\[mbpol\.rcpt_class\] action=reject' "$LOG"
t_grep "log: NMB10 accepted" 'NMB10: from=<> dir=outbound.* action=continue' "$LOG"
t_done
