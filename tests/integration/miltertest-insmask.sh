#!/bin/bash
# miltertest-insmask.sh - no INS in clear, whatever the spelling: patient
# addresses with a trailing dot, a blank before ">", no brackets, another
# case, a quoted local part, a source route, 2A/2B, 13 characters, and INS
# in a Message-ID, a Subject or a HELO, glued to a hex letter
# ("dossier-f2880...") or after a lone "OU=" (no certificate DN), reach
# neither the audit trail (which holds the keyed pseudonym of the parsed
# address), nor the log, nor a header the milter adds (X-MSSante-Category
# from X-MSS-CODECDA); a reload that changes PatientDomain masks the new
# domain in the trail; a quoted local part cannot forge fields of the
# summary line; forged X-MSSante-* headers (X-MSSante-Conversation
# included) are deleted. Driven by tests/miltertest/insmask.lua against a
# daemon in Mode monitor.
. "${top_srcdir:-.}/tests/lib/common.sh"
t_init miltertest-insmask
t_need_cmd "${MILTERTEST:-miltertest}" slapd openssl
. "$top_srcdir/tests/integration/miltertest-lib.sh"

mtl_directory || { t_fail "private slapd"; t_done; }
sock=$T/milter.sock
A=$T/audit
KEY=$T/audit.key
KEYHEX=6d7373616e74652d61756469742d6d696c7465722d746573742d6b65792d3031
mkdir -p "$A"
printf '%s\n' "$KEYHEX" >"$KEY"
chmod 600 "$KEY"
LOG=$T/insmask.log
TRAIL=$A/audit.log

# hmac INS - the trail's pseudonym: HMAC-SHA256 of the upper-cased local part
hmac() {
    printf %s "$1" | tr a-z A-Z | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEYHEX" \
        | sed 's/^.*= *//'
}

# clear WHAT FILE PATTERN... - none of the patterns is in FILE
clear_of() {
    _what=$1 _file=$2
    shift 2
    _bad=
    for _p in "$@"; do
        grep -qiF -- "$_p" "$_file" && _bad="$_bad $_p"
    done
    if [ -z "$_bad" ]; then t_ok "$_what"
    else t_fail "$_what (in clear:$_bad)"; grep -iF -e "${_bad# }" "$_file" | sed 's/^/#   /' | head -5; fi
}

mtl_config "$T/live.conf" "Socket local:$sock" "Mode monitor" \
    "AuditLog $TRAIL" "AuditKeyFile $KEY" "AuditSync every"
MTL_WAIT_SNAPSHOT=1 mtl_start insmask "$T/live.conf" || { t_fail "start"; t_done; }
pid=$MTL_PID
mtl_miltertest insmask.lua "unix:$sock" part=spellings

# A reload that changes PatientDomain.
echo "PatientDomain patient.test.example" >>"$T/live.conf"
kill -HUP "$pid"
n=50
while [ $n -gt 0 ] && ! grep -q 'configuration 2 loaded' "$LOG"; do sleep 0.1; n=$((n - 1)); done
t_grep "reloaded with the new PatientDomain" 'configuration 2 loaded' "$LOG"
mtl_miltertest insmask.lua "unix:$sock" part=reloaded
mtl_stop "$pid"

INS="253072A07300443 288091234567823 288091234567824 288091234567825 288091234567826
     253072b0730044 2530720730045 288091234567827 288091234567828
     288091234567829 288091234567830 253072A07300444"
# shellcheck disable=SC2086
clear_of "the audit trail holds no INS, whatever the spelling" "$TRAIL" $INS
# shellcheck disable=SC2086
clear_of "the log holds no INS, whatever the spelling" "$LOG" $INS
for ins in 253072A07300443 288091234567823 288091234567824 288091234567825 \
    288091234567826 253072b0730044 2530720730045; do
    t_grep "trail: pseudonym of the parsed address for $ins" \
        "\"hmac:$(hmac $ins)@patient\.mssante\.fr\"" "$TRAIL"
done
t_grep "trail: the INS of a Message-ID is pseudonymised" \
    "\"<hmac:$(hmac 288091234567827)\.x@mail\.example>\"" "$TRAIL"
t_grep "trail: an INS glued to a hex letter (a short hex run, no hash) is pseudonymised" \
    "\"<dossier-fhmac:$(hmac 288091234567830)@mail\.example>\"" "$TRAIL"
t_grep "trail: an INS after a lone OU= (no certificate DN) is pseudonymised" \
    "\"OU=hmac:$(hmac 288091234567829)\"" "$TRAIL"
t_grep "log: the same in the list of documents" 'QIDS05: documents: e253\.\.\./header' "$LOG"
t_grep "log: the summary line masks the sender with a trailing dot" \
    'QIDS01: from=<253\.\.\.@patient\.mssante\.fr> dir=inbound' "$LOG"

# The reload reached the trail: the new domain is masked, even for a
# local part that has no INS shape.
clear_of "after the reload, the new domain's local parts are not in clear" "$TRAIL" \
    2850377284 "dupont 12345"
clear_of "after the reload, nor in the log" "$LOG" 2850377284 "dupont 12345"
t_grep "trail: pseudonym under the new PatientDomain" \
    "\"hmac:$(hmac 2850377284)@patient\.test\.example\"" "$TRAIL"
t_grep "trail: pseudonym of a quoted local part under the new PatientDomain" \
    "\"hmac:$(hmac 'dupont 12345')@patient\.test\.example\"" "$TRAIL"

# Injection through a quoted local part: one line, the forged fields escaped.
line=$(grep 'QIDS02: from=' "$LOG")
t_check "summary line: the quoted blanks and brackets are escaped" \
    grep -qF 'QIDS02: from=<"x\x3e\x20action=reject\x20mode=enforce\x20rcpts=9\x20\x5c"\x20\x3c"@medecin.mssante.fr> dir=inbound' "$LOG"
n=$(printf '%s\n' "$line" | grep -o ' action=' | wc -l)
if [ "$n" = 1 ] && [[ $line == *" mode=monitor" ]]; then t_ok "summary line: one action= field, the real mode"
else t_fail "summary line: one action= field, the real mode (got: $line)"; fi
t_check "summary line: CR LF in a quoted local part start no forged line" \
    sh -c "! grep -q '^[^ ]*: QIDFAKE' '$LOG' && grep -qF 'QIDS03: from=<\"a??QIDFAKE:\x20from=\x3cb@c\x3e\x20action=reject\"@medecin.mssante.fr>' '$LOG'"
t_check "the trail verifies" "$top_builddir/contrib/audit/mssante-audit" verify --key-file "$KEY" "$TRAIL"
t_done
