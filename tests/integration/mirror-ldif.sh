#!/bin/bash
# mirror-ldif.sh - mssante-mirror ldif, slapadd -q, then what ldapsearch sees:
# one entry per address (duplicates merged), the pharmacy flag from the rule
# and the list, normalised operator DNs, metadata; and the extraction checks
# (bad lines reported with their numbers, --max-bad-lines, the header); the
# extraction's file-name time, French local time, stored as UTC.
. "$top_srcdir/tests/lib/common.sh"
t_init mirror-ldif
t_need_cmd slapadd slapd ldapsearch
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"

mirror_data "$T/data"
printf '%s\n' '# pharmacies' 'selarl@region.mssante.fr' '!pui@ch-exemple.mssante.fr' \
    'absent@nowhere.mssante.fr' >"$T/pharmacies"

t_check "ldif succeeds" mirror_run ldif --no-verify --whitelist "$WL" --extraction "$EX" \
    --pharmacies "$T/pharmacies"
cp "$T/out" "$T/full.ldif"
t_grep "an unused pharmacy list entry is reported" \
    'line 4: absent@nowhere.mssante.fr is not in the extraction' "$T/err"

slapd_setup
t_check "slapadd -q loads the LDIF" slapd_load "$T/full.ldif"
slapd_start || { t_fail "slapd starts"; t_done; }

t_check "49 mailbox entries (50 lines, one address twice)" \
    test "$(slapd_count '(objectClass=mssMailbox)')" = 49
t_check "9 domain entries (10 Domaine elements)" \
    test "$(slapd_count '(objectClass=mssTrustedDomain)')" = 9
t_check "ou=conversations exists" \
    test "$(slapd_count '(ou=conversations)')" = 1

slapd_search '(mail=marie.exemple@ch-exemple.mssante.fr)' >"$T/marie"
t_grep "merged entry: both structures" '^mssStructureId: 1:1000000001$' "$T/marie"
t_grep "merged entry: second structure" '^mssStructureId: 3:30000000000001$' "$T/marie"
t_grep "merged entry: dematerialisation TRUE when one line says true" \
    '^mssDematerialisation: TRUE$' "$T/marie"
t_check "merged entry: one mail value" test "$(grep -c '^mail:' "$T/marie")" = 1
t_check "lookup is case-insensitive" \
    test "$(slapd_count '(mail=MARIE.EXEMPLE@ch-exemple.MSSANTE.fr)')" = 1
_id=$(printf '%s' 'marie.exemple@ch-exemple.mssante.fr' | sha256sum | cut -c1-32)
t_grep "RDN is the SHA-256 prefix of the lower-cased address" \
    "^dn: mssMailboxId=$_id,ou=mailboxes,o=mssante$" "$T/marie"

slapd_search '(mssPharmacy=TRUE)' mail >"$T/pharma"
t_grep "rule: structure name PHARMACIE, ORG" '^mail: officine@pharmacie-exemple.mssante.fr$' "$T/pharma"
t_grep "list: an ORG the rule misses" '^mail: selarl@region.mssante.fr$' "$T/pharma"
t_check "list: '!' overrides the rule" sh -c "! grep -q pui@ $T/pharma"
t_check "rule: a PER pharmacist is not a pharmacy mailbox" sh -c "! grep -q pharmacien@ $T/pharma"
t_check "exactly two pharmacies" test "$(grep -c '^mail:' "$T/pharma")" = 2

slapd_search '(mssDomain=ch-exemple.mssante.fr)' >"$T/ch"
t_grep "operator DN normalised (L= read as ST=, fixed order)" \
    '^mssOperatorDN: C=FR,ST=Lyon \(69\),O=CENTRE HOSPITALIER EXEMPLE,OU=1000000001,CN=smtp.ch-exemple.example$' "$T/ch"
t_grep "operator DN kept raw" \
    '^mssOperatorDNRaw: CN=smtp.ch-exemple.example,OU=1000000001,O=CENTRE HOSPITALIER EXEMPLE,L=Lyon \(69\),C=FR$' "$T/ch"
slapd_search '(mssDomain=medecin.mssante.fr)' mssOperatorDN mssOperatorCN >"$T/med"
t_check "two operator DNs merged on one domain" test "$(grep -c '^mssOperatorDN:' "$T/med")" = 2
t_grep "spaces after commas normalised away" \
    '^mssOperatorDN: C=FR,ST=Paris \(75\),O=OPERATEUR A,OU=300000000000001,CN=mx2.operateur-a.example$' "$T/med"
slapd_search '(mssDomain=uc-exemple.mssante.fr)' mssDomain mssDomainSpelling >"$T/uc"
t_grep "upper-case domain stored lower-case" '^mssDomain: uc-exemple.mssante.fr$' "$T/uc"
t_grep "and its spelling kept" '^mssDomainSpelling: UC-EXEMPLE.mssante.fr$' "$T/uc"
slapd_search '(mssDomain=nodn.mssante.fr)' >"$T/nodn"
t_check "a domain without DN has no mssOperatorDN" sh -c "! grep -q mssOperatorDN $T/nodn"

slapd_search '(cn=metadata)' >"$T/meta"
t_grep "metadata: extraction lines" '^mssExtractionLines: 50$' "$T/meta"
t_grep "metadata: distinct addresses" '^mssExtractionMailboxes: 49$' "$T/meta"
t_grep "metadata: generation date from the file name, French winter time as UTC" \
    '^mssExtractionGenerated: 20261120020000Z$' "$T/meta"
# The name's time is French local time (Europe/Paris, the EU rule since
# 1996): UTC+1, UTC+2 from the last Sunday of March to the last Sunday of
# October at 01:00 UTC. No tz database is read: TZ here changes nothing.
mkdir -p "$T/names"
for c in 202607011200:20260701100000Z 202601010030:20251231233000Z \
    202603290159:20260329005900Z 202603290300:20260329010000Z \
    202610250159:20261024235900Z 202610250300:20261025020000Z \
    202410270300:20241027020000Z 202403310300:20240331010000Z; do
    n=$T/names/Extraction_Correspondance_MSSante_${c%:*}.txt
    cp "$EX" "$n"
    TZ=America/New_York mirror_run ldif --no-verify --whitelist "$WL" --extraction "$n"
    got=$(sed -n 's/^mssExtractionGenerated: //p' "$T/out")
    if [ "$got" = "${c#*:}" ]; then t_ok "extraction named ${c%:*} (Paris): ${c#*:}"
    else t_fail "extraction named ${c%:*} (Paris): $got, want ${c#*:}"; fi
done
t_grep "metadata: whitelist SHA-256" "^mssWhitelistSHA256: $(sha256sum "$WL" | cut -c1-64)$" "$T/meta"
t_grep "metadata: extraction SHA-256" "^mssExtractionSHA256: $(sha256sum "$EX" | cut -c1-64)$" "$T/meta"
t_grep "metadata: signature status" '^mssSignatureStatus: not verified' "$T/meta"

# Malformed lines: reported with their line numbers, skipped, counted.
BAD=$T/data/bad.txt
{
    mirror_extraction_header
    mirror_line PER ok1@medecin.mssante.fr
    echo "PER|short@medecin.mssante.fr|8"
    mirror_line XYZ badtype@medecin.mssante.fr
    mirror_line PER 'no-at-sign.medecin.mssante.fr'
    mirror_line PER latin1@medecin.mssante.fr "$(printf 'J\351r\364me')"
    mirror_line PER ok2@medecin.mssante.fr
} >"$BAD"
t_check "2 good lines, 4 bad ones accepted by default" mirror_run ldif --no-verify \
    --whitelist "$WL" --extraction "$BAD"
t_grep "bad field count: line 3" 'line 3: 3 fields, expected 31' "$T/err"
t_grep "bad type: line 4" 'line 4: unknown "Type de BAL" "XYZ"' "$T/err"
t_grep "bad address: line 5" 'line 5: invalid "Adresse BAL"' "$T/err"
t_grep "invalid UTF-8: line 6" 'line 6: invalid UTF-8' "$T/err"
t_check "only the good lines are in the LDIF" test "$(grep -c '^mail:' "$T/out")" = 2
mirror_run ldif --no-verify --whitelist "$WL" --extraction "$BAD" --max-bad-lines 3
t_check "more than --max-bad-lines: exit 4" test $? = 4
t_grep "and says why" '4 malformed lines, more than the 3 allowed' "$T/err"

sed '1s/Adresse BAL/Adresse/' "$EX" >"$T/data/badheader.txt"
mirror_run ldif --no-verify --whitelist "$WL" --extraction "$T/data/badheader.txt"
t_check "a wrong header is refused: exit 4" test $? = 4
t_grep "naming the column" 'unknown column "Adresse"' "$T/err"
# Columns are taken by name: swapping two columns in the header and in
# every line gives the same entries.
awk -F'|' -v OFS='|' '{ t = $1; $1 = $2; $2 = t; print }' "$EX" >"$T/data/swapped.txt"
mirror_run ldif --no-verify --whitelist "$WL" --extraction "$T/data/swapped.txt"
grep -v '^mss\(LastSync\|Extraction\)' "$T/out" >"$T/swapped.ldif"
sed -i '/^dn: cn=metadata/,$d' "$T/swapped.ldif"
mirror_run ldif --no-verify --whitelist "$WL" --extraction "$EX"
grep -v '^mss\(LastSync\|Extraction\)' "$T/out" | sed '/^dn: cn=metadata/,$d' >"$T/orig.ldif"
t_check "a reordered header gives the same entries" cmp -s "$T/orig.ldif" "$T/swapped.ldif"

t_done
