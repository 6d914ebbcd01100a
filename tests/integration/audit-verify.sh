#!/bin/bash
# audit-verify.sh - the audit writer and "mssante-audit verify" together.
#
# A trail written by the real writer (through check_audit_gen, with two
# rotations) must verify; then one line is modified, deleted, inserted or
# swapped, files are given out of order, the chain is rewritten by someone
# without the key, the wrong key is given, a line is cut: verify must fail
# with exit status 1 and name the file and line of the first problem.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
t_init audit-verify

AUDIT=$top_builddir/contrib/audit/mssante-audit
GEN=$top_builddir/tests/unit/check_audit_gen
[ -x "$AUDIT" ] && [ -x "$GEN" ] || { echo "SKIP: build mssante-audit and check_audit_gen first"; exit 77; }
t_need_cmd openssl sed

cd "$T" || exit 99
printf '%s\n' 6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839 >key
chmod 600 key
printf '%s\n' 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff >otherkey
chmod 600 otherkey

"$GEN" audit.log key 150 5 60 >gen.out 2>gen.err || { cat gen.err; t_fail "generator"; t_done; }
mapfile -t FILES < <(grep -v '^patient' gen.out)
t_check "generator wrote 3 files (2 rotations)" [ "${#FILES[@]}" = 3 ]

# verify_fails DESC EXPECTED_REGEX FILE...: exit 1 and the message
verify_fails() {
    _d=$1 _re=$2; shift 2
    "$AUDIT" verify "$@" >out 2>&1; _st=$?
    if [ $_st = 1 ] && grep -Eq -- "$_re" out; then t_ok "$_d"
    else t_fail "$_d (exit $_st, want 1 and /$_re/)"; sed 's/^/#   /' out; fi
}

"$AUDIT" verify "${FILES[@]}" >out 2>&1
t_check "intact trail verifies (exit 0)" [ $? = 0 ]
t_grep "summary counts every record" '^OK: 1[0-9][0-9] records in 3 file' out
"$AUDIT" verify --key-file key "${FILES[@]}" >out 2>&1
t_check "checkpoints verify with the key" [ $? = 0 ]
t_grep "checkpoints reported as verified" 'checkpoints: [1-9][0-9]*, all verified with key 3821404771a80b7d' out

# One line modified (a decision changed from reject to accept).
cp audit.log m.log
n=$(grep -n '"action":"reject"' m.log | head -1 | cut -d: -f1)
sed -i "${n}s/\"action\":\"reject\"/\"action\":\"accept\"/" m.log
verify_fails "modified record named with its line" "^m.log:$n: record modified" "${FILES[0]}" "${FILES[1]}" m.log

# One line deleted.
cp audit.log d.log; sed -i '7d' d.log
verify_fails "deleted record named" "^d.log:7: record deleted before this one" "${FILES[0]}" "${FILES[1]}" d.log

# Three lines deleted.
cp audit.log d3.log; sed -i '7,9d' d3.log
verify_fails "three deleted records counted" "^d3.log:7: 3 records deleted" "${FILES[0]}" "${FILES[1]}" d3.log

# One forged line inserted (a copy of line 5 with its own link recomputed).
cp audit.log i.log
sed -n '5p' audit.log >forged
sed -i "5r forged" i.log
verify_fails "inserted record named" "^i.log:6: record inserted" "${FILES[0]}" "${FILES[1]}" i.log

# Two lines swapped.
cp audit.log s.log; sed -i '10{h;d};11G' s.log
verify_fails "swapped records named" "^s.log:10: records reordered: this record and the next one \\(line 11\\) are swapped" "${FILES[0]}" "${FILES[1]}" s.log

# A record moved further away.
cp audit.log r.log; sed -n '12p' audit.log >moved; sed -i '12d' r.log; sed -i '4r moved' r.log
verify_fails "moved record detected" "^r.log:5: " "${FILES[0]}" "${FILES[1]}" r.log

# Files out of order, a file missing.
verify_fails "files out of order" "^${FILES[0]}:1: this file does not continue ${FILES[1]}" "${FILES[1]}" "${FILES[0]}" audit.log
verify_fails "missing middle file" "^audit.log:1: this file does not continue ${FILES[0]}" "${FILES[0]}" audit.log

# First record of a file deleted.
cp "${FILES[0]}" f.log; sed -i '1d' f.log
verify_fails "records deleted at the beginning" "^f.log:1: the file does not begin with a file-start" f.log

# Garbage line, cut line.
cp audit.log g.log; sed -i '3s/^{/X{/' g.log
verify_fails "damaged line" "^g.log:3: not JSON" "${FILES[0]}" "${FILES[1]}" g.log
cp audit.log c.log; truncate -s -20 c.log
verify_fails "cut last line" "^c.log:[0-9]+: the last line is incomplete" "${FILES[0]}" "${FILES[1]}" c.log

# The chain rewritten from the first rejected message on, by someone
# without the key: every later link recomputed, so the bare chain
# verifies; the checkpoints do not.
cp audit.log w.log
sed -i "${n}s/\"action\":\"reject\"/\"action\":\"accept\"/" w.log
if cmp -s audit.log w.log; then t_fail "the rewrite changed the file"
else t_ok "the rewrite changed the file"; fi
prev=$(sed -n "${n}p" w.log | tr -d '\n' | openssl dgst -sha256 -r | cut -d' ' -f1)
total=$(wc -l <w.log)
for ((i = n + 1; i <= total; i++)); do
    sed -i "${i}s/\"prev\":\"[0-9a-f]*\"}\$/\"prev\":\"$prev\"}/" w.log
    prev=$(sed -n "${i}p" w.log | tr -d '\n' | openssl dgst -sha256 -r | cut -d' ' -f1)
done
"$AUDIT" verify "${FILES[0]}" "${FILES[1]}" w.log >out 2>&1
t_check "a rewritten chain passes without the key (documented limit)" [ $? = 0 ]
verify_fails "a rewritten chain fails the checkpoint MAC with the key" \
    "^w.log:[0-9]+: checkpoint MAC is wrong" --key-file key "${FILES[0]}" "${FILES[1]}" w.log

# The wrong key.
verify_fails "another key is named as such" "written with key 3821404771a80b7d, but the key given is" \
    --key-file otherkey "${FILES[@]}"

# Usage errors and unreadable files: exit 2.
"$AUDIT" verify nonexistent.log >out 2>&1
t_check "missing file: exit 2" [ $? = 2 ]
t_grep "missing file named" 'cannot open nonexistent.log' out
"$AUDIT" verify >out 2>&1
t_check "no file: exit 2" [ $? = 2 ]
"$AUDIT" frobnicate x >out 2>&1
t_check "unknown command: exit 2" [ $? = 2 ]

t_done
