#!/bin/bash
# mirror-schema.sh - the schema in both forms: mssante.schema (slapd.conf)
# and mssante.ldif (cn=config) define the same attribute types and object
# classes, the cn=config form loads into a slapd.d and accepts the LDIF that
# mssante-mirror writes; the example slapd.conf passes slaptest.
. "$top_srcdir/tests/lib/common.sh"
t_init mirror-schema
t_need_cmd slapadd slapd slaptest ldapsearch
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"

S=$top_srcdir/ldap-schema
names() {	# the NAMEs defined by a schema file, sorted
    grep -o "NAME '[A-Za-z]*'" "$1" | sort
}
names "$S/mssante.schema" >"$T/schema.names"
names "$S/mssante.ldif" >"$T/ldif.names"
t_check "both forms define the same names" cmp -s "$T/schema.names" "$T/ldif.names"
t_check "and define them all (54: 50 attribute types, 4 classes)" \
    test "$(wc -l <"$T/schema.names")" = 54
# Same definitions once blanks are squeezed, in the same order.
awk '/^(attributetype|objectclass)/ { if (d) print d; d = $0; sub(/^[a-z]+[ \t]+/, "", d); next }
     /^[ \t]/ && d { d = d " " $0 } END { print d }' "$S/mssante.schema" \
    | tr -s ' \t' '  ' >"$T/schema.defs"
sed -n 's/^olc\(AttributeTypes\|ObjectClasses\): //p' "$S/mssante.ldif" | tr -s ' \t' '  ' >"$T/ldif.defs"
t_check "both forms hold the same definitions" cmp -s "$T/schema.defs" "$T/ldif.defs"
t_check "one OID arc for everything" \
    test "$(grep -c '^objectIdentifier mssArc 1.3.6.1.4.1.99999.1$' "$S/mssante.schema")" = 1

# The example configuration is valid once its paths point here.
mkdir -p "$T/example/db"
sed -e "s#/etc/ldap/schema/mssante.schema#$S/mssante.schema#" -e "s#/run/slapd#$T/example#" \
    -e "s#/var/lib/ldap/mssante#$T/example/db#" "$S/slapd.conf.example" >"$T/example/slapd.conf"
t_check "slapd.conf.example passes slaptest" slaptest -Q -u -f "$T/example/slapd.conf"

# cn=config with mssante.ldif: load the mirror and look an entry up.
mirror_data "$T/data"
mirror_run ldif --no-verify --whitelist "$WL" --extraction "$EX" || { cat "$T/err"; exit 1; }
cp "$T/out" "$T/full.ldif"
t_check "a slapd.d built with mssante.ldif" slapd_setup_olc
t_check "slapadd into it" slapd_load "$T/full.ldif"
slapd_start || { t_fail "slapd (cn=config) starts"; t_done; }
t_check "lookup by mail (cn=config)" test "$(slapd_count '(mail=jean.exemple@medecin.mssante.fr)')" = 1
t_check "lookup by domain (cn=config)" test "$(slapd_count '(mssDomain=medecin.mssante.fr)')" = 1
# A conversation entry fits its class.
cat >"$T/conv.ldif" <<LDIF
dn: mssConversationId=0123456789abcdef,ou=conversations,o=mssante
changetype: add
objectClass: mssConversation
mssConversationId: 0123456789abcdef
mssProfessionalMailbox: jean.exemple@medecin.mssante.fr
mssPatientInsHmac: 9f86d081884c7d659a2feaa0c55ad015
mssConversationState: open
mssOpenedAt: 20261120100000Z
mssLastActivity: 20261120100000Z
LDIF
slapd_modify "$T/conv.ldif" >"$T/conv.out" 2>&1
t_check "a conversation entry is accepted" test $? = 0
t_check "and found by its two keys" test "$(slapd_count '(&(mssProfessionalMailbox=jean.exemple@medecin.mssante.fr)(mssPatientInsHmac=9f86d081884c7d659a2feaa0c55ad015))')" = 1
t_done
