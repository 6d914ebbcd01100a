#!/bin/bash
# conv-tool.sh - mssante-conversations against a real slapd: "list --json"
# writes valid JSON (python3's json module reads every line back) whatever
# the directory values hold (quotes, backslashes, control characters; the
# IA5 syntax keeps bytes that are not UTF-8 out), with the values intact;
# "close-idle --days" refuses a negative, a huge (days * 86400 would
# overflow) or a malformed count.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"

t_init conv-tool
t_need_root
t_need_cmd slapd slapadd ldapmodify python3
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
MC=$top_builddir/milter/conv/mssante-conversations
CONF=$T/milter.conf

mss_dir_start || { t_fail "slapd starts"; t_done; }
mss_config "$CONF" "local:$T/milter.sock" enforce \
    "LDAPBindDN $SLAPD_ROOTDN" "LDAPBindPasswordFile $SLAPD_PWFILE"

# Three open conversations whose mailbox values a hand-made JSON line breaks.
python3 - "$SLAPD_SUFFIX" >"$T/add.ldif" <<'PY'
import base64, sys
base = sys.argv[1]
vals = [b'quote"in@medecin.mssante.fr', b'back\\slash\ttab@x.mssante.fr',
        b'nl\nctl\x01@x.mssante.fr']
for i, v in enumerate(vals):
    cid = '%064x' % (i + 1)
    print('dn: mssConversationId=%s,ou=conversations,%s' % (cid, base))
    print('changetype: add')
    print('objectClass: mssConversation')
    print('mssConversationId: ' + cid)
    print('mssProfessionalMailbox:: ' + base64.b64encode(v).decode())
    print('mssPatientInsHmac: ' + 'ab' * 32)
    print('mssConversationState: open')
    print('mssOpenedAt: 20261101000000Z')
    print('')
PY
slapd_modify "$T/add.ldif" >"$T/add.out" 2>&1
t_check "three conversations with hostile mailbox values added" [ $? = 0 ] || sed 's/^/#   /' "$T/add.out"

"$MC" -c "$CONF" list --json >"$T/list.json" 2>"$T/list.err"
t_check "list --json: exit 0" [ $? = 0 ]
python3 - "$T/list.json" >"$T/parsed" 2>&1 <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1], 'rb'):
    o = json.loads(line)
    assert set(o) == {'mailbox', 'id', 'patient_hmac', 'opened', 'last_activity', 'idle_days'}, o
    assert o['patient_hmac'] == 'ab' * 8, o
    print(repr(o['mailbox']))
    n += 1
print('lines', n)
PY
t_check "list --json: every line is valid JSON with the six members" [ $? = 0 ] || sed 's/^/#   /' "$T/parsed"
t_grep "list --json: three conversations" "^lines 3$" "$T/parsed"
t_grep "list --json: a quote kept as a value" "^'quote\"in@medecin.mssante.fr'$" "$T/parsed"
t_grep "list --json: backslash and tab kept" "^'back\\\\\\\\slash\\\\ttab@x.mssante.fr'$" "$T/parsed"
t_grep "list --json: newline and control character kept" \
    "^'nl\\\\nctl\\\\x01@x.mssante.fr'$" "$T/parsed"
t_check "list --json: a raw control character never reaches the output" \
    python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit(any(b < 32 and b != 10 for b in d))' "$T/list.json"

for d in -1 36501 200000000000000 99999999999999999999 1e3 '' 3x; do
    "$MC" -c "$CONF" close-idle --days "$d" >"$T/ci.out" 2>&1
    t_check "close-idle --days '$d': usage error (exit 2)" [ $? = 2 ]
    t_grep "close-idle --days '$d': says the range" "--days: expected a number of days from 0 to 36500" "$T/ci.out"
done
"$MC" -c "$CONF" close-idle --days 36500 >"$T/ci.out" 2>&1
t_check "close-idle --days 36500: accepted, nothing that old" [ $? = 0 ]
"$MC" -c "$CONF" close-idle --days 1 >"$T/ci.out" 2>&1
t_check "close-idle --days 1: exit 0" [ $? = 0 ]
t_check "close-idle --days 1 (dry run): three would close" [ "$(grep -c '^would close ' "$T/ci.out")" = 3 ]
t_done
