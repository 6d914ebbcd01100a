#!/bin/bash
# progress.sh - the progress lines of the long jobs (progress(3)), under a
# real pseudo-terminal (script(1): stderr is then a tty): mssante-mirror
# ldif and sync on a generated extraction (bench/mirror-gen), and
# mssante-audit verify on a long generated trail. Each shows lines with a
# rate, an ETA where the size is known, updated in place with "\r", and a
# final summary ending with a newline; its exit status and stdout are those
# of the same run with stderr in a file, which shows nothing of it;
# --no-progress silences it on a terminal, --progress forces it into a
# file. (The download's progress is checked by mirror-update.sh.)
. "$top_srcdir/tests/lib/common.sh"
t_init progress
t_need_cmd script slapadd slapd ldapsearch
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"

AUDIT=$top_builddir/contrib/audit/mssante-audit
GEN=$top_builddir/tests/unit/check_audit_gen
CR=$'\r'
cd "$T" || exit 99

# on_tty OUT TTY CMD...: CMD with stdout in OUT and stderr on a terminal,
# whose output goes to TTY; the status is CMD's
on_tty() {
    _out=$1 _tty=$2
    shift 2
    script -qfec "$* >$_out" /dev/null </dev/null >"$_tty"
}
# quiet DESC FILE: nothing of a progress line in FILE (the terminal's
# "\r\n" aside)
quiet() {
    if sed "s/$CR\$//" "$2" | grep -Eq "$CR|/s\$|/s,| in [0-9]+:[0-9][0-9]"; then
        t_fail "$1"; sed 's/^/#   /' "$2" | head -5
    else t_ok "$1"; fi
}
# updates FILE LABEL: how many in-place updates of LABEL's line FILE holds
updates() {
    tr '\r' '\n' <"$1" | grep -Ec "^$2: [0-9,]+ [a-z]+, [0-9,]+/s"
}
# grouped: numbers on stdin with thousands separators, as progress shows them
grouped() {
    sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'
}
# no_times: the LDIF without the times of the run
no_times() {
    grep -Ev '^mss(LastSync|WhitelistLoaded|ExtractionLoaded):' "$1"
}

# 1. ldif: 200,000 lines, two passes (about 35 MB).
"$top_srcdir/bench/mirror-gen" "$T/big" 200000 500 || exit 99
BIGWL=$T/big/whitelist.xml
BIGEX=$T/big/Extraction_Correspondance_MSSante_202611200300.txt
ldif() { echo "$MIRROR ldif --no-verify --whitelist $BIGWL --extraction $BIGEX $*"; }

$(ldif) >plain.ldif 2>plain.err
t_check "ldif with stderr in a file: exit 0" test $? = 0
quiet "ldif with stderr in a file: no progress" plain.err
on_tty tty.ldif tty.log "$(ldif)"
t_check "ldif on a terminal: exit 0" test $? = 0
t_check "ldif on a terminal: the same LDIF on stdout" cmp -s <(no_times plain.ldif) <(no_times tty.ldif)
t_check "ldif on a terminal: several updates of the entries' line ($(updates tty.log 'writing entries'))" \
    test "$(updates tty.log 'writing entries')" -ge 2
t_grep "ldif on a terminal: count, rate, percentage and ETA (the file size is known)" \
    "writing entries: [0-9,]+ entries, [0-9,]+/s, [0-9]+%, ETA [0-9]+:[0-9]{2}$CR" tty.log
t_grep "ldif on a terminal: the first pass's summary" \
    "checking extraction: 200,000 lines in [0-9]+:[0-9]{2}(, [0-9,]+/s)? *$CR\$" tty.log
t_grep "ldif on a terminal: the second pass's summary, ending the line" \
    "writing entries: [0-9,]+ entries in [0-9]+:[0-9]{2}, [0-9,]+/s *$CR\$" tty.log
t_grep "ldif on a terminal: the warnings still appear" 'signature NOT verified' tty.log
on_tty tty2.ldif tty2.log "$(ldif --no-progress)"
t_check "ldif --no-progress on a terminal: exit 0" test $? = 0
quiet "ldif --no-progress on a terminal: no progress" tty2.log
$(ldif --progress) >forced.ldif 2>forced.err
t_check "ldif --progress with stderr in a file: exit 0" test $? = 0
t_grep "ldif --progress with stderr in a file: the summaries are written" \
    '^writing entries: [0-9,]+ entries in ' <(tr '\r' '\n' <forced.err)
t_check "ldif --progress: the same LDIF on stdout" cmp -s <(no_times plain.ldif) <(no_times forced.ldif)
# A refused extraction: the same exit status on a terminal.
printf 'not|a|header\n' >"$T/bad.txt"
$MIRROR ldif --no-verify --whitelist "$BIGWL" --extraction "$T/bad.txt" >/dev/null 2>bad.err
_st=$?
on_tty /dev/null bad.log "$MIRROR ldif --no-verify --whitelist $BIGWL --extraction $T/bad.txt"
t_check "a refused extraction: exit $_st on a terminal too" test $? = "$_st" -a "$_st" = 4

# 2. sync into an empty directory: 20,000 lines added, then unchanged.
"$top_srcdir/bench/mirror-gen" "$T/mid" 20000 500 || exit 99
slapd_setup
slapd_start || { t_fail "slapd starts"; t_done; }
sync() {
    echo "$MIRROR sync --uri $SLAPD_LDAPI --bind-dn $SLAPD_ROOTDN --password-file" \
        "$SLAPD_PWFILE --no-verify --whitelist $T/mid/whitelist.xml" \
        "--extraction $T/mid/Extraction_Correspondance_MSSante_202611200300.txt $*"
}
$(sync --dry-run) >dry.out 2>dry.err
t_check "sync --dry-run with stderr in a file: exit 0" test $? = 0
quiet "sync --dry-run with stderr in a file: no progress" dry.err
on_tty sync.out sync.log "$(sync)"
t_check "sync on a terminal: exit 0" test $? = 0
t_check "sync on a terminal: the counts on stdout as the dry run said" \
    cmp -s <(sed 's/^(dry run) //' dry.out) sync.out
t_grep "sync on a terminal: the adds have a count, rate, percentage and ETA" \
    "writing entries: [0-9,]+ entries, [0-9,]+/s, [0-9]+%, ETA [0-9]+:[0-9]{2}$CR" sync.log
t_grep "sync on a terminal: the (empty) directory's read is summed up" \
    "reading directory: 0 entries in [0-9]+:[0-9]{2}" sync.log
t_check "sync filled the directory" \
    test "$(slapd_count '(objectClass=mssMailbox)')" -gt 19000
$(sync) >again.out 2>again.err
t_check "sync again with stderr in a file: exit 0" test $? = 0
quiet "sync again with stderr in a file: no progress" again.err
t_grep "sync again: nothing to change" '^mailboxes: added=0 modified=0 deleted=0 unchanged=' again.out
$(sync --progress) >forced.out 2>forced.err
t_check "sync --progress with stderr in a file: the same stdout" cmp -s again.out forced.out
_mb=$(sed -n 's/^mailboxes: .*unchanged=\([0-9]*\) .*/\1/p' again.out | grouped)
t_grep "sync --progress: the directory's entries are counted ($_mb)" \
    "(^|$CR)reading directory: $_mb entries in " forced.err
t_grep "sync --progress: and the file's" "(^|$CR)writing entries: $_mb entries in " forced.err
slapd_stop

# 3. audit verify: a long trail in three files (about 60 MB).
[ -x "$GEN" ] && [ -x "$AUDIT" ] || { t_fail "mssante-audit and check_audit_gen are built"; t_done; }
printf '%s\n' 6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839 >key
chmod 600 key
"$GEN" audit.log key 60000 5 24000 >gen.out 2>gen.err || { cat gen.err; t_fail "generator"; t_done; }
mapfile -t FILES < <(grep -v '^patient' gen.out)
# no_ago: the verify report without the age of the last seal (it moves)
no_ago() { sed 's/ ([^)]* ago)//' "$1"; }
"$AUDIT" verify --key-file key "${FILES[@]}" >verify.out 2>verify.err
t_check "verify with stderr in a file: exit 0" test $? = 0
quiet "verify with stderr in a file: no progress" verify.err
t_check "verify with stderr in a file: nothing on stderr" test ! -s verify.err
on_tty vtty.out vtty.log "$AUDIT verify --key-file key ${FILES[*]}"
t_check "verify on a terminal: exit 0" test $? = 0
t_check "verify on a terminal: the same report on stdout" cmp -s <(no_ago verify.out) <(no_ago vtty.out)
t_grep "verify on a terminal: count, rate, percentage and ETA" \
    "verifying: [0-9,]+ records, [0-9,]+/s, [0-9]+%, ETA [0-9]+:[0-9]{2}$CR" vtty.log
t_check "verify on a terminal: several updates ($(updates vtty.log verifying))" \
    test "$(updates vtty.log verifying)" -ge 2
_n=$(sed -n 's/^OK: \([0-9]*\) records.*/\1/p' verify.out | grouped)
t_grep "verify on a terminal: the summary counts every record ($_n)" \
    "verifying: $_n records in [0-9]+:[0-9]{2}, [0-9,]+/s *$CR\$" vtty.log
on_tty /dev/null vquiet.log "$AUDIT verify --no-progress --key-file key ${FILES[*]}"
t_check "verify --no-progress on a terminal: exit 0" test $? = 0
quiet "verify --no-progress on a terminal: no progress" vquiet.log
# A damaged trail: exit 1 and the same report, terminal or not.
cp "${FILES[1]}" damaged.log
sed -i '500s/"action":"[a-z]*"/"action":"accept"/;500s/"seq":/"seq" :/' damaged.log
_files="${FILES[0]} damaged.log ${FILES[2]}"
"$AUDIT" verify $_files >bad.out 2>/dev/null
_st=$?
on_tty badtty.out badtty.log "$AUDIT verify $_files"
t_check "a damaged trail: exit 1 on a terminal too" test $? = 1 -a "$_st" = 1
t_check "a damaged trail: the same report on stdout" cmp -s bad.out badtty.out
t_grep "a damaged trail: the progress line ends before the report" \
    "verifying: [0-9,]+ records in " badtty.log

t_done
