#!/bin/bash
# sizes.sh - the house limits on source size (GUIDE: files under 800
# lines, functions under 100): fails listing every .c file of policy/,
# milter/, ldap-schema/, contrib/, bench/ and tests/ over 800 lines and
# every function definition over 100 lines (tests/lib/fnsizes.awk says how
# a definition is found and measured; data tables are not functions).
#
# sizes.allow lists the known offenders that other work is splitting, one
# "path" (a file) or "path:function" per line. An entry that no longer
# offends fails too, so that the list is emptied as the splits land.
# Reads files only: no root needed.
. "$top_srcdir/tests/lib/common.sh"
t_init sizes
cd "$top_srcdir" || exit 99

MAX_FILE=800
MAX_FUNC=100
ALLOW=tests/integration/sizes.allow

FILES=$(find policy milter ldap-schema contrib bench tests -name '*.c' | LC_ALL=C sort)
[ -n "$FILES" ] || { t_fail "no C source found under $PWD"; t_done; }

# offenders - "path" or "path:function" and its length, one a line
{
    # shellcheck disable=SC2086
    wc -l $FILES | awk -v max=$MAX_FILE '$2 != "total" && $1 > max { print $2 "\t" $1 }'
    # shellcheck disable=SC2086
    awk -f tests/lib/fnsizes.awk $FILES |
        awk -F'\t' -v max=$MAX_FUNC '$3 > max { print $1 ":" $2 "\t" $3 }'
} > "$T/offenders"
sed -e 's/[[:space:]]*#.*//' -e '/^[[:space:]]*$/d' "$ALLOW" | LC_ALL=C sort > "$T/allowed"

while IFS="$(printf '\t')" read -r what lines; do
    case $what in *:*) limit=$MAX_FUNC kind=function;; *) limit=$MAX_FILE kind=file;; esac
    if grep -qxF -- "$what" "$T/allowed"; then
        t_ok "$what: $lines lines, over $limit but allowed ($ALLOW)"
    else
        t_fail "$what: $kind of $lines lines, over $limit"
    fi
done < "$T/offenders"

cut -f1 "$T/offenders" | LC_ALL=C sort > "$T/offending"
while IFS= read -r what; do
    t_fail "$what is in $ALLOW but no longer over the limit: remove it"
done < <(LC_ALL=C comm -23 "$T/allowed" "$T/offending")

[ -s "$T/offenders" ] || t_ok "no .c file over $MAX_FILE lines, no function over $MAX_FUNC"
t_done
