#!/bin/bash
# mirror-sync.sh - mssante-mirror sync against a live slapd: a sync right
# after an ldif load changes nothing; changed files give the expected adds,
# modifies and deletes; a second run changes nothing; a mass deletion (a
# truncated file) is refused with exit 5 and the directory unchanged; a
# refused extraction changes nothing; --dry-run writes nothing; an empty
# server is filled from scratch.
. "$top_srcdir/tests/lib/common.sh"
t_init mirror-sync
t_need_cmd slapadd slapd ldapsearch
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"

mirror_data "$T/data"
mirror_run ldif --no-verify --whitelist "$WL" --extraction "$EX" || { cat "$T/err"; exit 1; }
cp "$T/out" "$T/full.ldif"
slapd_setup
slapd_load "$T/full.ldif" || exit 1
slapd_start || exit 1

sync_run() {	# sync_run WHITELIST EXTRACTION [OPTIONS...]
    _w=$1 _x=$2
    shift 2
    mirror_run sync --uri "$SLAPD_LDAPI" --bind-dn "$SLAPD_ROOTDN" \
        --password-file "$SLAPD_PWFILE" --no-verify --whitelist "$_w" --extraction "$_x" "$@"
}
snapshot() {	# the loader's content, metadata aside
    slapd_search '(|(objectClass=mssMailbox)(objectClass=mssTrustedDomain))' \
        | grep -v '^$' | LC_ALL=C sort >"$1"
}

t_check "sync after an ldif load succeeds" sync_run "$WL" "$EX"
t_grep "ldif and sync agree: no domain changed" \
    '^domains: added=0 modified=0 deleted=0 unchanged=9 failed=0$' "$T/out"
t_grep "ldif and sync agree: no mailbox changed" \
    '^mailboxes: added=0 modified=0 deleted=0 unchanged=49 failed=0$' "$T/out"

# New files: 1 domain added, 1 modified; 1 mailbox added, 2 modified
# (one label changed, one attribute dropped), 2 deleted.
mkdir -p "$T/v2"
WL2=$T/v2/whitelist.xml
EX2=$T/v2/Extraction_Correspondance_MSSante_202611210300.txt
sed -e 's#L=Lyon (69)#ST=Rhone (69)#' \
    -e 's#</ListeDomaines>#<Domaine><Nom>nouveau.mssante.fr</Nom><DNCertificatOperateur>CN=mx.nouveau.example,O=NOUVEAU,C=FR</DNCertificatOperateur></Domaine></ListeDomaines>#' \
    "$WL" >"$WL2"
sed -e '/^PER|pro1@/d' -e '/^PER|pro2@/d' \
    -e 's/|Médecine Générale|/|Médecine générale (SM54)|/' \
    -e 's/|PHARMACIE EXEMPLE|Pharmacie du Centre|/|PHARMACIE EXEMPLE||/' "$EX" >"$EX2"
mirror_line PER newbie@medecin.mssante.fr '' '' 10 >>"$EX2"
snapshot "$T/before-v2"
t_check "sync with changed files" sync_run "$WL2" "$EX2"
t_grep "domains: 1 added, 1 modified" \
    '^domains: added=1 modified=1 deleted=0 unchanged=8 failed=0$' "$T/out"
t_grep "mailboxes: 1 added, 2 modified, 2 deleted" \
    '^mailboxes: added=1 modified=2 deleted=2 unchanged=45 failed=0$' "$T/out"
t_check "deleted address gone" test "$(slapd_count '(mail=pro1@medecin.mssante.fr)')" = 0
t_check "added address present" test "$(slapd_count '(mail=newbie@medecin.mssante.fr)')" = 1
slapd_search '(mail=jean.exemple@medecin.mssante.fr)' -o ldif-wrap=no mssSavoirFaireLabel >"$T/jean"
t_grep "modified value replaced" "^mssSavoirFaireLabel:: $(printf 'Médecine générale (SM54)' | base64 -w0)$" "$T/jean"
slapd_search '(mail=officine@pharmacie-exemple.mssante.fr)' >"$T/officine"
t_check "dropped attribute removed" sh -c "! grep -q mssStructureBrand $T/officine"
t_grep "the pharmacy flag stays (structure name rule)" '^mssPharmacy: TRUE$' "$T/officine"
slapd_search '(mssDomain=ch-exemple.mssante.fr)' mssOperatorDN >"$T/ch"
t_grep "domain DN replaced" '^mssOperatorDN: C=FR,ST=Rhone \(69\),O=CENTRE' "$T/ch"
t_check "new domain present" test "$(slapd_count '(mssDomain=nouveau.mssante.fr)')" = 1
slapd_search '(cn=metadata)' >"$T/meta"
t_grep "metadata follows the new extraction" '^mssExtractionFile: Extraction_Correspondance_MSSante_202611210300.txt$' "$T/meta"

snapshot "$T/after-v2"
t_check "second sync with the same files" sync_run "$WL2" "$EX2"
t_grep "second run: no domain change" '^domains: added=0 modified=0 deleted=0 unchanged=10 failed=0$' "$T/out"
t_grep "second run: no mailbox change" '^mailboxes: added=0 modified=0 deleted=0 unchanged=48 failed=0$' "$T/out"
snapshot "$T/after-v2-again"
t_check "second run: entries identical" cmp -s "$T/after-v2" "$T/after-v2-again"

# A truncated extraction (10 lines left) would delete most mailboxes.
head -11 "$EX2" >"$T/v2/truncated.txt"
sync_run "$WL2" "$T/v2/truncated.txt"
t_check "mass deletion refused: exit 5" test $? = 5
t_grep "the refusal says how many and what to do" \
    'refusing to delete 39 of the 48 mailbox entries .* --max-delete-percent 5: is the extraction truncated\? Nothing was changed' "$T/err"
snapshot "$T/after-refusal"
t_check "mass deletion refused: directory unchanged" cmp -s "$T/after-v2" "$T/after-refusal"
# Removing 2 of 10 domains (20%) is refused too, unless the limit allows it.
awk '/<Domaine>/ { buf = $0 "\n"; inb = 1; next }
     inb { buf = buf $0 "\n"; if (/<Nom>nodn/) skip = 1
           if (/<\/Domaine>/) { if (!skip) printf "%s", buf; inb = 0; skip = 0 }
           next }
     { print }' "$WL" >"$T/v2/fewer.xml"
sync_run "$T/v2/fewer.xml" "$EX2"
t_check "domain mass deletion refused: exit 5" test $? = 5
t_grep "names the whitelist" 'refusing to delete 2 of the 10 domain entries.*is the whitelist truncated' "$T/err"
t_check "with --max-delete-percent 25 it goes through" sync_run "$T/v2/fewer.xml" "$EX2" --max-delete-percent 25
t_grep "two domains deleted" '^domains: added=0 modified=1 deleted=2 unchanged=7 failed=0$' "$T/out"

# --dry-run counts without writing.
snapshot "$T/before-dry"
t_check "dry run" sync_run "$WL2" "$EX" --dry-run
t_grep "dry run counts" '^\(dry run\) mailboxes: added=2 modified=2 deleted=1 unchanged=45 failed=0$' "$T/out"
snapshot "$T/after-dry"
t_check "dry run changes nothing" cmp -s "$T/before-dry" "$T/after-dry"

# A refused extraction (bad header) changes nothing either.
sed '1s/Pays structure BAL/Pays/' "$EX" >"$T/v2/badheader.txt"
sync_run "$WL2" "$T/v2/badheader.txt"
t_check "bad header: exit 4" test $? = 4
snapshot "$T/after-bad"
t_check "bad header: directory unchanged" cmp -s "$T/before-dry" "$T/after-bad"
sync_run "$WL2" "$EX2" --max-bad-lines 0
t_check "a good file with --max-bad-lines 0 passes" test $? = 0
printf 'not-the-password' >"$T/badpw"
mirror_run sync --uri "$SLAPD_URI" --bind-dn "$SLAPD_ROOTDN" --password-file "$T/badpw" \
    --no-verify --whitelist "$WL2" --extraction "$EX2"
t_check "bad credentials: exit 1" test $? = 1
t_grep "bad credentials: said so" 'bind as cn=admin,o=mssante: Invalid credentials' "$T/err"

# An empty server: sync creates the base, the containers and every entry.
slapd_stop
SLAPD_DIR=$T/slapd2
SLAPD_PORT=
slapd_setup
slapd_start || t_fail "second slapd starts"
t_check "sync into an empty directory" sync_run "$WL" "$EX"
t_grep "every domain added" '^domains: added=9 modified=0 deleted=0 unchanged=0 failed=0$' "$T/out"
t_grep "every mailbox added" '^mailboxes: added=49 modified=0 deleted=0 unchanged=0 failed=0$' "$T/out"
t_check "the containers exist" test "$(slapd_count '(objectClass=organizationalUnit)')" = 3
t_check "metadata written" test "$(slapd_count '(objectClass=mssMirrorMetadata)')" = 1

t_done
