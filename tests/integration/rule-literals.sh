#!/bin/bash
# rule-literals.sh - no rule id is written as a string outside the table.
#
# Every rule id ("trust.rcpt_domain") is written once, in the table of rules
# (policy/rule_table.h); code names a rule by its enum (RULE_TRUST_RCPT_DOMAIN,
# rule_id()), so that a renamed or mistyped id cannot compile. This test greps
# the C sources of policy/, milter/, contrib/ and ldap-schema/ for a string
# literal shaped like a rule id and fails listing each one, except in the
# files of rule-literals.allow (which must end empty). Inputs stay strings
# elsewhere: tests/ and the JSON policy examples are not searched. An
# #include "x.h" is not an id.
. "$top_srcdir/tests/lib/common.sh"
t_init rule-literals

cd "$top_srcdir" || exit 99
pattern='"(addr|trust|ins|size|doc|conv|mbpol|audit|internal|dir|report)\.[a-z_]+"'
allow=tests/integration/rule-literals.allow
grep -rnE --include='*.c' --include='*.h' "$pattern" policy milter contrib ldap-schema \
    | grep -vE '^[^:]+:[0-9]+:#[[:space:]]*include[[:space:]]' \
    | grep -vE '^[^:]+:[0-9]+:/\*[[:space:]]*#include[[:space:]]' \
    | grep -v '^policy/rule_table\.h:' >"$T/hits"
grep -v '^#' "$allow" | grep -v '^$' >"$T/allow"
awk -F: 'NR == FNR { ok[$0] = 1; next } !($1 in ok)' "$T/allow" "$T/hits" >"$T/bad"
t_check "no rule id written as a string outside policy/rule_table.h" test ! -s "$T/bad"
sed 's/^/#   /' "$T/bad"

# The allow list names only files that still hold literals: a converted file
# leaves it.
stale=
while read -r f; do
    grep -q "^$f:" "$T/hits" || stale="$stale $f"
done <"$T/allow"
t_check "rule-literals.allow lists only files with literals${stale:+ (remove:$stale)}" test -z "$stale"

# The pattern finds what it must: the table itself.
t_check "the pattern matches the table" grep -qE "$pattern" policy/rule_table.h
t_done
