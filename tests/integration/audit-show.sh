#!/bin/bash
# audit-show.sh - "mssante-audit show" and "stats" on a trail written by
# the real writer: every filter, every output format, the patient search
# by INS (with the key), and that no INS is ever written in clear.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
t_init audit-show

AUDIT=$top_builddir/contrib/audit/mssante-audit
GEN=$top_builddir/tests/unit/check_audit_gen
[ -x "$AUDIT" ] && [ -x "$GEN" ] || { echo "SKIP: build mssante-audit and check_audit_gen first"; exit 77; }

cd "$T" || exit 99
printf '%s\n' 6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839 >key
chmod 600 key
"$GEN" audit.log key 200 10 80 >gen.out 2>gen.err || { cat gen.err; t_fail "generator"; t_done; }
mapfile -t FILES < <(grep -v '^patient' gen.out)
PATIENT_TXNS=$(sed -n 's/^patient //p' gen.out)
t_check "the generator wrote messages about the test patient" [ "${PATIENT_TXNS:-0}" -gt 0 ]

# count CMD...: number of output lines
count() { "$@" 2>/dev/null | wc -l; }

# No INS in clear, anywhere.
for ins in 285037728417346 279035121518989 295109912611193 253072B07300470 192039741104293; do
    if grep -qi "$ins" "${FILES[@]}"; then t_fail "INS $ins in clear in the log"; else t_ok "INS $ins never in clear"; fi
done
t_check "patients appear as hmac: pseudonyms" grep -q '"addr":"hmac:[0-9a-f]\{64\}@patient.mssante.fr"' "${FILES[@]}"

# All transactions, JSON lines.
n=$(count "$AUDIT" show --format json "${FILES[@]}")
t_check "show --format json: one line per transaction (200)" [ "$n" = 200 ]
n=$(count "$AUDIT" show --all --format json "${FILES[@]}")
t=$(cat "${FILES[@]}" | wc -l)
t_check "show --all: every record ($t)" [ "$n" = "$t" ]

# Text is aligned under upper-case headings.
"$AUDIT" show --action reject "${FILES[@]}" >out
t_grep "text heading" '^TIME +QID +DIRECTION +ACTION +RULE +SENDER +RECIPIENTS$' out
t_check "text: every row a reject" [ "$(tail -n +2 out | awk '{print $4}' | sort -u)" = reject ]

# The patient, by INS with the key; by address; by INS on stdin.
n=$(count "$AUDIT" show --format json --ins 285037728417346 --key-file key "${FILES[@]}")
t_check "--ins finds the patient's $PATIENT_TXNS transactions (got $n)" [ "$n" = "$PATIENT_TXNS" ]
n=$(echo 285037728417346 | "$AUDIT" show --format json --ins - --key-file key "${FILES[@]}" | wc -l)
t_check "--ins - reads the INS from stdin" [ "$n" = "$PATIENT_TXNS" ]
n=$(count "$AUDIT" show --format json --mailbox '<285037728417346@patient.mssante.fr>' --key-file key "${FILES[@]}")
t_check "--mailbox of a patient is pseudonymised with the key" [ "$n" = "$PATIENT_TXNS" ]
"$AUDIT" show --ins 285037728417346 "${FILES[@]}" >out 2>&1
t_check "--ins without --key-file: exit 2" [ $? = 2 ]
t_grep "--ins without --key-file says why" 'needs --key-file' out
n=$(count "$AUDIT" show --format json --ins 285037728417347 --key-file key "${FILES[@]}")
t_check "another INS finds nothing" [ "$n" = 0 ]

# Professional mailbox, case-insensitive.
n=$(count "$AUDIT" show --format json --mailbox SOMEONE@GMAIL.COM "${FILES[@]}")
m=$(grep -c '"someone@gmail.com"' "${FILES[@]}" | awk -F: '{s += $2} END {print s}')
t_check "--mailbox matches sender or recipients ($m)" [ "$n" = "$m" ] 

# Time range.
"$AUDIT" show --format csv --since 2024-05-30 "${FILES[@]}" >out
t_check "--since: nothing before" [ "$(tail -n +2 out | cut -c1-10 | sort -u | tr '\n' ' ')" = "2024-05-30 2024-05-31 " ]
"$AUDIT" show --format csv --until 2024-05-23 "${FILES[@]}" >out
t_check "--until DATE includes that day" [ "$(tail -n +2 out | cut -c1-10 | sort -u | tail -1)" = 2024-05-23 ]
"$AUDIT" show --format csv --since 2024-05-25T12:00:00Z --until 2024-05-25T18:00:00+02:00 "${FILES[@]}" >out
t_check "--since/--until with times and offsets" [ "$(tail -n +2 out | cut -c1-13 | sort -u | tr '\n' ' ')" = "2024-05-25T12 2024-05-25T13 2024-05-25T14 2024-05-25T15 " ]
"$AUDIT" show --since yesterday audit.log >out 2>&1
t_check "bad time: exit 2" [ $? = 2 ]

# Direction, rule, action lists, queue id.
"$AUDIT" show --format csv --direction inbound "${FILES[@]}" >out
t_check "--direction" [ "$(tail -n +2 out | cut -d, -f4 | sort -u)" = inbound ]
n=$(count "$AUDIT" show --format json --rule 'trust.*' "${FILES[@]}")
m=$(count "$AUDIT" show --format json --rule trust.rcpt_domain "${FILES[@]}")
k=$(count "$AUDIT" show --format json --rule trust.sender_domain "${FILES[@]}")
t_check "--rule prefix* covers the exact rules ($n >= $m + $k)" [ "$n" -ge $((m + k)) ] 
t_check "--rule finds something" [ "$m" -gt 0 ]
n=$(count "$AUDIT" show --format json --action reject,tempfail "${FILES[@]}")
r=$(count "$AUDIT" show --format json --action reject "${FILES[@]}")
f=$(count "$AUDIT" show --format json --action tempfail "${FILES[@]}")
t_check "--action list is a union" [ "$n" = $((r + f)) ]
qid=$(sed -n '5p' audit.log | grep -o '"qid":"[^"]*"' | cut -d'"' -f4)
n=$(count "$AUDIT" show --format json --qid "$qid" "${FILES[@]}")
t_check "--qid finds one transaction" [ "$n" = 1 ]

# CSV: RFC 4180 and formula-safe.
"$AUDIT" show --format csv "${FILES[@]}" >out
t_check "CSV lines end in CRLF" [ "$(head -1 out | od -c | grep -c '\\r  \\n')" = 1 ]
t_grep "CSV heading" '^time,host,qid,direction,mode,client_addr' out
Z=0000000000000000000000000000000000000000000000000000000000000000
printf '%s\n' '{"v":1,"type":"txn","time":"2024-05-01T00:00:00.000Z","sender":"=HYPERLINK(\"http://x/\")@evil","rcpts":[{"addr":"a,b@x.fr","action":"reject","rule":"r","reply":null}],"action":"reject","rule":"r","reply":"550 5.7.1 \"quoted\"","seq":0,"prev":"'$Z'"}' >hostile.log
"$AUDIT" show --format csv hostile.log >out
t_grep "CSV: a formula is defused with a quote" "\"'=HYPERLINK\\(\"\"http://x/\"\"\\)@evil\"" out
t_grep "CSV: commas and quotes are quoted" '"a,b@x.fr reject r"' out
"$AUDIT" show hostile.log >out
t_grep "text shows hostile values as plain text" '=HYPERLINK' out

# Stats, three formats, consistent with show.
"$AUDIT" stats "${FILES[@]}" >out
t_grep "stats text: total" '^Transactions: 200 from 2024-05-22' out
t_grep "stats text: by action" "^reject +$r\$" out
t_grep "stats text: by day" '^2024-05-31 +[0-9]+' out
t_grep "stats text: top refused senders" '^someone@gmail.com +[0-9]+' out
"$AUDIT" stats --format json "${FILES[@]}" >out
t_grep "stats json: total" '"transactions": 200' out
t_grep "stats json: top refused recipients" '"top_refused_recipients"' out
"$AUDIT" stats --format csv --top 2 "${FILES[@]}" >out
t_grep "stats csv: by action" "^by_action,reject,,$r" out
t_check "stats csv: --top cuts the lists" [ "$(grep -c '^top_refused_senders,' out)" = 2 ]
"$AUDIT" stats --direction outbound --format json "${FILES[@]}" >out
o=$(count "$AUDIT" show --format json --direction outbound "${FILES[@]}")
t_grep "stats applies the filters" "\"transactions\": $o," out
"$AUDIT" stats --format yaml audit.log >out 2>&1
t_check "unknown format: exit 2" [ $? = 2 ]

t_done
