#!/bin/bash
# audit-verify.sh - the audit writer and "mssante-audit verify" together.
#
# A trail written by the real writer (through check_audit_gen, with two
# rotations) must verify; then one line is modified, deleted, inserted or
# swapped, files are given out of order, the chain is rewritten by someone
# without the key, the wrong key is given, a line is cut: verify must fail
# with exit status 1 and name the file and line of the first problem.
# Then the seals (a trail with AuditCheckpoint, as the daemon's timer
# writes it): a trail cut right after a checkpoint (the live file, with the
# heads the daemon logged as --anchor; a rotated file, which must end with
# its closing checkpoint), the chain recomputed without its checkpoints,
# checkpoints missing over a span, the live tail reported unsealed with
# its age as of the time the copy was taken (--at) but refused as of now,
# the chain recomputed without checkpoints and every record given the
# file-start's time (refused: its unsealed tail is older than the
# interval), --anchor with every head present, one missing, one rewritten.
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

# relink FILE N: after line N was changed, recompute every later prev (as
# someone without the key would, to make the bare chain hold again)
relink() {
    _prev=$(sed -n "${2}p" "$1" | tr -d '\n' | openssl dgst -sha256 -r | cut -d' ' -f1)
    _total=$(wc -l <"$1")
    for ((_i = $2 + 1; _i <= _total; _i++)); do
        sed -i "${_i}s/\"prev\":\"[0-9a-f]*\"}\$/\"prev\":\"$_prev\"}/" "$1"
        _prev=$(sed -n "${_i}p" "$1" | tr -d '\n' | openssl dgst -sha256 -r | cut -d' ' -f1)
    done
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
relink w.log "$n"
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

# ---- Seals: a trail written with AuditCheckpoint 600 (the generator's
# clock ticks through every second, as the daemon's timer would), two
# rotations; the heads it logged (stderr) stand for syslog.
"$GEN" sealed.log key 120 2 40 600 >sgen.out 2>sgen.err || { cat sgen.err; t_fail "sealed generator"; t_done; }
mapfile -t S < <(grep -v '^patient' sgen.out)
sed 's/^/Dec  4 15:00:00 mx1 mssante-milter[42]: /' sgen.err >syslog
t_check "sealed generator: 3 files" [ "${#S[@]}" = 3 ]
"$AUDIT" verify --key-file key --anchor syslog "${S[@]}" >out 2>&1
t_check "sealed trail verifies with the key and every anchor (exit 0)" [ $? = 0 ]
t_grep "the interval is read from the start records" '^interval: a seal at least every 600 s' out
t_grep "every anchor found, syslog prefixes and all" '^anchors: ([0-9]+) of the \1 heads in syslog found' out
t_grep "the last file is closed (stop)" '^closed: the last file ends with a closing checkpoint' out
t_grep "the last seal is named with its age" '^sealed: up to seq [0-9]+, by the checkpoint \(stop\) of 2024-05-31T23:00:00.250Z \([0-9]+ d' out
t_check "every rotated file ends with a rotate checkpoint" \
    [ "$(tail -qn1 "${S[0]}" "${S[1]}" | grep -c '"type":"checkpoint",.*"reason":"rotate"')" = 2 ]

# The rotated generations alone, with every anchor: those of the live file
# begin with its file-start, right after the closing checkpoint.
"$AUDIT" verify --key-file key --anchor syslog "${S[0]}" "${S[1]}" >out 2>&1
t_check "rotated generations alone, all anchors: verify (exit 0)" [ $? = 0 ]
t_grep "... the next file's anchors counted, not checked" '^anchors: [0-9]+ more from the next file on \(seq [0-9]+: its file-start\)' out

# The live file cut right after a checkpoint: the chain and the seals
# hold; the heads the daemon logged later are missing. As of now, its last
# seal is far older than the interval: the daemon would have sealed again.
n=$(grep -n '"type":"checkpoint"' "${S[2]}" | sed -n 20p | cut -d: -f1)
head -n "$n" "${S[2]}" >cut.log
verify_fails "live file cut at a checkpoint, as of now: its last seal is too old" \
    "^cut.log:$n: the last file is open \\(no closing checkpoint\\) and its last seal, the checkpoint \\(interval\\) of .* is [0-9]+ d [0-9]+ h older than .* \\(now\\): .* give --at" \
    --key-file key "${S[0]}" "${S[1]}" cut.log
# at_plus RECORD_LINE SECONDS: --at that many seconds after a record's time
at_plus() {
    _t=$(printf '%s\n' "$1" | sed 's/.*"time":"\([^".]*\)[^"]*".*/\1/')
    date -u -d "@$(( $(date -u -d "${_t}Z" +%s) + $2 ))" +%Y-%m-%dT%H:%M:%SZ
}
at=$(at_plus "$(tail -1 cut.log)" 60)
"$AUDIT" verify --key-file key --at "$at" "${S[0]}" "${S[1]}" cut.log >out 2>&1
t_check "... as of a minute after that seal (--at $at), the seals cannot tell (exit 0)" [ $? = 0 ]
t_grep "... and the age of the last seal is shown as of --at" \
    '^sealed: up to seq [0-9]+, by the checkpoint \(interval\) of .* \([0-9]+ s before --at\)' out
verify_fails "live file cut at a checkpoint, as of then: a later anchored head is missing" \
    "^cut.log:$n: the trail ends here \\(seq [0-9]+\\), but the daemon logged head [0-9a-f]{64} for seq [0-9]+ \\(syslog:[0-9]+\\): records were removed" \
    --key-file key --at "$at" --anchor syslog "${S[0]}" "${S[1]}" cut.log

# A rotated file cut right after a checkpoint: it no longer ends with its
# closing checkpoint.
n=$(grep -n '"type":"checkpoint"' "${S[0]}" | sed -n 20p | cut -d: -f1)
head -n "$n" "${S[0]}" >g1cut.log
verify_fails "rotated file cut at a checkpoint (--closed): no closing checkpoint" \
    "^g1cut.log:$n: the last file does not end with a closing checkpoint, but --closed" \
    --key-file key --closed g1cut.log
verify_fails "rotated file cut at a checkpoint, next file given: the chain breaks" \
    "^${S[1]}:1: this file does not continue g1cut.log" --key-file key g1cut.log "${S[1]}" "${S[2]}"
# Its closing checkpoint removed and the next file relinked to the new end
# (copytruncate would leave the same): caught without the key too.
head -n -1 "${S[0]}" >g1open.log
"$GEN" --forge "${S[1]}" g2relinked.log 1 0 >/dev/null 2>&1
prev=$(tail -1 g1open.log | tr -d '\n' | openssl dgst -sha256 -r | cut -d' ' -f1)
seq=$(tail -1 g1open.log | sed 's/.*"seq":\([0-9]*\),.*/\1/')
sed -i "1s/\"seq\":[0-9]*,\"prev\":\"[0-9a-f]*\"}\$/\"seq\":$((seq + 1)),\"prev\":\"$prev\"}/" g2relinked.log
"$GEN" --forge g2relinked.log g2forged.log 1 0 >/dev/null 2>&1
verify_fails "rotated file without its closing checkpoint (no key)" \
    "^g1open.log:[0-9]+: the file ends without a closing checkpoint" g1open.log g2forged.log
verify_fails "... and with the key" \
    "^g1open.log:[0-9]+: the file ends without a closing checkpoint" --key-file key g1open.log g2forged.log
verify_fails "the relinked file-start's MAC fails with the key" \
    "^g2forged.log:1: file-start MAC is wrong" --key-file key g2forged.log

# The chain recomputed without any checkpoint (the attacker without the
# key): the bare chain holds; the seals' gaps do not.
"$GEN" --forge "${S[2]}" forged.log >/dev/null 2>&1
t_check "forged file has no checkpoint left" [ "$(grep -c '"type":"checkpoint"' forged.log)" = 0 ]
verify_fails "chain recomputed without checkpoints: a span with no seal" \
    "^forged.log:[0-9]+: no checkpoint for [0-9]+ min [0-9]+ s before this record, since the file-start \\(reopen\\) of" \
    --key-file key "${S[0]}" "${S[1]}" forged.log
# Checkpoints dropped over a span in the middle only.
"$GEN" --forge "${S[1]}" span.log 30 60 >/dev/null 2>&1
verify_fails "checkpoints missing over a span" \
    "^span.log:[0-9]+: no checkpoint for .* since the checkpoint \\(interval\\) of .*\\(span.log:29\\)" \
    --key-file key "${S[0]}" span.log

# A record rewritten, every link and checkpoint kept (as someone holding
# the key would do; verify is given no key here): only the anchors tell.
cp "${S[1]}" rw.log
n=$(grep -n '"type":"txn"' rw.log | sed -n 5p | cut -d: -f1)
sed -i "${n}s/\"host\":\"[^\"]*\"/\"host\":\"forged.example\"/" rw.log
relink rw.log "$n"
"$AUDIT" verify "${S[0]}" rw.log >out 2>&1
t_check "rewritten with links recomputed: passes without key and anchors" [ $? = 0 ]
verify_fails "rewritten record: the anchored head of its seq differs" \
    "^rw.log:[0-9]+: not the record the daemon sealed: it logged head [0-9a-f]{64} for seq [0-9]+ \\(syslog:[0-9]+\\)" \
    --anchor syslog "${S[0]}" rw.log

# The live tail: records after the last seal are reported with their age,
# as of the time the copy was taken (--at): the daemon sealed it at most
# the interval before.
head -n -1 "${S[2]}" >live.log
"$AUDIT" verify --key-file key --at 2024-05-31T23:00:01Z "${S[0]}" "${S[1]}" live.log >out 2>&1
t_check "live tail as of the copy (--at): verifies (exit 0)" [ $? = 0 ]
t_grep "live tail: reported unsealed with its age" \
    '^unsealed: the last 1 record\(s\), seq [0-9]+ to [0-9]+, follow the last seal; the oldest was written 2024-05-31T23:00:00.250Z \(0 s before --at\)' out
t_grep "live tail: the file is open" '^open: the last file does not end with a closing checkpoint' out
verify_fails "the same tail as of now: its last seal is too old" \
    "^live.log:[0-9]+: 1 record\\(s\\) after the last seal, the checkpoint \\(interval\\) of .* \\(live.log:[0-9]+\\), [0-9]+ d [0-9]+ h before .* \\(now\\)" \
    --key-file key "${S[0]}" "${S[1]}" live.log
verify_fails "--at before the last record: the copy was taken later" \
    "^live.log:[0-9]+: a record of 2024-05-31T23:00:00.250Z is later than --at 2024-05-31T22:00:00.000Z" \
    --key-file key --at 2024-05-31T22:00:00Z "${S[0]}" "${S[1]}" live.log

# The chain recomputed without any checkpoint and every record given the
# time of the file-start (the attacker without the key who compresses the
# clock, so that no span between seals looks too long): all of it is an
# unsealed tail whose seal is as old as the file.
"$GEN" --forge "${S[2]}" compressed.log 1 999999999 compress >/dev/null 2>&1
t_check "compressed forgery: no checkpoint left, one time for all" \
    [ "$(grep -c '"type":"checkpoint"' compressed.log)" = 0 ] &&
    [ "$(sed 's/.*"time":"\([^"]*\)".*/\1/' compressed.log | sort -u | wc -l)" = 1 ]
"$AUDIT" verify "${S[0]}" "${S[1]}" compressed.log >out 2>&1
t_check "compressed forgery: passes without the key (documented limit)" [ $? = 0 ]
verify_fails "compressed forgery, as of now: its records follow a seal far too old" \
    "^compressed.log:[0-9]+: [0-9]+ record\\(s\\) after the last seal, the file-start \\(reopen\\) of .* \\(compressed.log:1\\), [0-9]+ d [0-9]+ h before .* \\(now\\): the daemon seals its live file at least every 600 s" \
    --key-file key "${S[0]}" "${S[1]}" compressed.log
verify_fails "compressed forgery, as of the time the copy was taken (--at)" \
    "^compressed.log:[0-9]+: [0-9]+ record\\(s\\) after the last seal, the file-start \\(reopen\\) of .*, [0-9]+ h [0-9]+ min before 2024-05-31T23:00:01.000Z \\(--at\\)" \
    --key-file key --at 2024-05-31T23:00:01Z "${S[0]}" "${S[1]}" compressed.log

# --anchor usage: a file without any anchor, a missing file.
echo 'Dec  4 15:00:00 mx1 mssante-milter[42]: starting' >noanchor
"$AUDIT" verify --anchor noanchor "${S[@]}" >out 2>&1
t_check "--anchor without any head: exit 2" [ $? = 2 ]
t_grep "--anchor without any head: said so" 'no "seq N, head H" in noanchor' out
"$AUDIT" verify --anchor nonexistent "${S[@]}" >out 2>&1
t_check "--anchor missing file: exit 2" [ $? = 2 ]

t_done
