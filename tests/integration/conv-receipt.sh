#!/bin/bash
# conv-receipt.sh - read receipts from patients (README, "Conversations"),
# through libmilter (miltertest, tests/miltertest/conv-receipt.lua) against
# a real slapd: a patient's MDN (envelope the patient, or the null sender
# with the patient's From) and a DSN from the patient domain are accepted
# for a conversation that is open or closed, and change nothing in it (the
# entry is read back: still closed, last activity not refreshed); an MDN
# to a mailbox that never wrote to the patient is refused (conv.not_opened);
# the patient's ordinary reply after [FIN], and a fake report, are refused
# at end of message (conv.closed).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/integration/miltertest-lib.sh"
. "$top_srcdir/tests/integration/conv-lib.sh"

t_init conv-receipt
t_need_cmd "${MILTERTEST:-miltertest}" slapd slapadd openssl ldapsearch
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }

PRO=jean.exemple@medecin.mssante.fr
NEVER=marie.autre@medecin.mssante.fr

# entry MAILBOX - the conversation attributes of MAILBOX, sorted
entry() {
    slapd_search "(&(objectClass=mssConversation)(mssProfessionalMailbox=$1))" \
        mssConversationState mssOpenedAt mssLastActivity mssClosedAt mssClosedHow |
        grep -v '^dn:' | sort
}

# attr MAILBOX NAME - one attribute, or "absent"
attr() {
    _v=$(entry "$1" | sed -n "s/^$2: //p")
    echo "${_v:-absent}"
}

conv_milter_start

mtl_miltertest conv-receipt.lua "unix:$T/milter.sock" part=open
t_check "the professional's message opened the conversation" [ "$(attr $PRO mssConversationState)" = open ]
LAST=$(attr $PRO mssLastActivity)

mtl_miltertest conv-receipt.lua "unix:$T/milter.sock" part=mdn-open
t_check "MDNs to an open conversation: still open" [ "$(attr $PRO mssConversationState)" = open ]
t_check "MDNs to an open conversation: last activity not refreshed ($LAST)" \
    [ "$(attr $PRO mssLastActivity)" = "$LAST" ]
t_grep "the patient's MDN is logged as a report, state kept" \
    'RR02: conversation inbound mdn report \(state kept\) mailbox=jean\.exemple@medecin\.mssante\.fr .*state=open' "$LOG"

mtl_miltertest conv-receipt.lua "unix:$T/milter.sock" part=fin
t_check "[FIN] closed the conversation" [ "$(attr $PRO mssConversationState)" = closed ]
entry $PRO >"$T/closed.before"

mtl_miltertest conv-receipt.lua "unix:$T/milter.sock" part=closed
entry $PRO >"$T/closed.after"
t_check "after the receipts and the refused replies: still closed" \
    [ "$(attr $PRO mssConversationState)" = closed ]
t_check "the closed entry is unchanged (closedHow, times)" cmp -s "$T/closed.before" "$T/closed.after"
t_grep "closed by the [FIN]" "^mssClosedHow: subject-fin" "$T/closed.after"
t_grep "RCPT of the ordinary reply: held until end of message" \
    'RR13: conversation inbound \(closed: refused at end of message unless a report\)' "$LOG"
t_grep "the ordinary reply is refused as conv.closed" 'RR13: from=<285\.\.\.@patient\.mssante\.fr> .*\[conv\.closed\] action=reject' "$LOG"
t_grep "the fake report is refused as conv.closed" 'RR14: from=<285\.\.\.@patient\.mssante\.fr> .*\[conv\.closed\] action=reject' "$LOG"
t_grep "the null-sender fake report is refused as conv.closed" 'RR15: from=<> .*\[conv\.closed\] action=reject' "$LOG"
t_grep "the MDN to a mailbox that never wrote: conv.not_opened" '\[conv\.not_opened\]' <(grep 'RR16: ' "$LOG")
t_grep "the null-sender MDN to a mailbox that never wrote: conv.not_opened" 'RR17: from=<> .*\[conv\.not_opened\] action=reject' "$LOG"
t_check "no conversation for the mailbox that never wrote" [ "$(attr $NEVER mssConversationState)" = absent ]
t_check "milter still running" kill -0 "$MSS_PID"
t_check "no sanitizer report or panic" mss_log_clean "$LOG"
t_done
