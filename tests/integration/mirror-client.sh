#!/bin/bash
# mirror-client.sh - the directory client (milter/dir/dir.c, trustsnap.c) against
# a real slapd loaded by mssante-mirror: lookups found / not found, RFC 4515
# escaping of hostile addresses, the trust snapshot; slapd stopped gives
# DIR_TEMPFAIL (never not found) and keeps the old snapshot; slapd restarted
# is picked up by the same client.
. "$top_srcdir/tests/lib/common.sh"
t_init mirror-client
t_need_cmd slapadd slapd ldapsearch
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/integration/mirror-common.sh"

mirror_data "$T/data"
mirror_run ldif --no-verify --whitelist "$WL" --extraction "$EX" || { cat "$T/err"; exit 1; }
cp "$T/out" "$T/full.ldif"
slapd_setup
slapd_load "$T/full.ldif" || exit 1
slapd_start || exit 1

# One client for the whole test, so that it lives through a slapd restart.
coproc PROBE { exec "$top_builddir/tests/integration/dirprobe" "$SLAPD_LDAPI" o=mssante 2 1000 100 2>"$T/probe.err"; }
t_on_exit "kill $PROBE_PID"
ask() {
    echo "$1" >&"${PROBE[1]}"
    REPLY=
    read -r -t 15 REPLY <&"${PROBE[0]}"
}
expect() {	# expect DESC COMMAND REPLY
    ask "$2"
    if [ "$REPLY" = "$3" ]; then t_ok "$1"
    else t_fail "$1 (\"$2\" gave \"$REPLY\", expected \"$3\")"; fi
}

expect "PER found" "lookup jean.exemple@medecin.mssante.fr" "found PER pharmacy=0"
expect "case-insensitive" "lookup JEAN.Exemple@MEDECIN.mssante.fr" "found PER pharmacy=0"
expect "pharmacy ORG" "lookup officine@pharmacie-exemple.mssante.fr" "found ORG pharmacy=1"
expect "ORG, not a pharmacy" "lookup cardiologie@ch-exemple.mssante.fr" "found ORG pharmacy=0"
expect "unknown address" "lookup nobody@medecin.mssante.fr" "notfound"
expect "negative answer cached" "lookup nobody@medecin.mssante.fr" "notfound"

# Escaping: each of these would match other entries (or break the filter)
# if it reached the filter unescaped; escaped, it matches nothing.
expect "'*' is literal" "lookup *@medecin.mssante.fr" "notfound"
expect "a lone '*'" "lookup *" "notfound"
expect "an address that contains '*' is found" "lookup star*@medecin.mssante.fr" "found PER pharmacy=0"
expect "'*' does not act as a wildcard" "lookup sta*@medecin.mssante.fr" "notfound"
expect "')(' cannot inject a filter" "lookup x)(objectClass=*" "notfound"
expect "'(|' cannot inject an OR" "lookup *)(|(mail=*" "notfound"
expect "a lone '('" "lookup (" "notfound"
expect "a lone ')'" "lookup )" "notfound"
expect "'\\' is literal" 'lookup jean.exemple\2a@medecin.mssante.fr' "notfound"
expect "'\\2a' does not become '*'" 'lookup \2a@medecin.mssante.fr' "notfound"
# jean.exemple@medecin.mssante.fr NUL x: must not match jean's entry.
expect "NUL inside the address" \
    "lookuphex $(printf 'jean.exemple@medecin.mssante.fr' | od -An -tx1 | tr -d ' \n')0078" "notfound"
expect "NUL then '*'" "lookuphex 002a" "notfound"
ask stats
t_check "lookups reached the directory (queries > 0, no error)" \
    sh -c "echo '$REPLY' | grep -q 'queries=[1-9].* errors=0 '"

expect "trust snapshot loads" "trust" "trust ok gen=1 domains=9 dns=9"
expect "listed domain" "contains medecin.mssante.fr" "yes"
expect "upper-case listed domain" "contains UC-EXEMPLE.mssante.fr" "yes"
expect "subdomain of a listed domain" "contains x.medecin.mssante.fr" "no"
expect "peer DN in another form (ST= for L=)" \
    "peer ch-exemple.mssante.fr CN=smtp.ch-exemple.example, OU=1000000001, O=CENTRE HOSPITALIER EXEMPLE, ST=Lyon (69), C=FR" \
    "match"
expect "domain listed without DN" "peer nodn.mssante.fr CN=x" "no_dn"

# slapd stops: failures are temporary, never "not found"; the snapshot stays.
slapd_stop
expect "slapd down: uncached address is tempfail" "lookup pro1@medecin.mssante.fr" "tempfail"
expect "slapd down: unknown address is tempfail, not notfound" "lookup nobody2@medecin.mssante.fr" "tempfail"
_t0=$(date +%s%N)
ask "lookup pro2@medecin.mssante.fr"
ask "lookup pro3@medecin.mssante.fr"
ask "lookup pro4@medecin.mssante.fr"
_ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
t_check "slapd down: failures are fast ($_ms ms for 3)" test "$_ms" -lt 3000
expect "slapd down: cached answer still served" "lookup jean.exemple@medecin.mssante.fr" "found PER pharmacy=0"
expect "slapd down: refresh fails, snapshot 1 kept" "trust" "trust failed gen=1 domains=9 dns=9"
expect "slapd down: old snapshot still answers" "contains medecin.mssante.fr" "yes"
t_grep "the failure is logged" 'keeping snapshot 1' "$T/probe.err"

# slapd restarts: the same client recovers by itself (backoff <= 500 ms here).
slapd_start || t_fail "slapd restarts"
_n=0
while [ $_n -lt 40 ]; do
    ask "lookup pro5@medecin.mssante.fr"
    [ "$REPLY" = "found PER pharmacy=0" ] && break
    sleep 0.25; _n=$((_n + 1))
done
t_check "slapd back: lookups recover without restarting the client" \
    test "$REPLY" = "found PER pharmacy=0"
expect "slapd back: snapshot refreshed" "trust" "trust ok gen=2 domains=9 dns=9"
t_grep "recovery is logged" 'answers again' "$T/probe.err"

# A bound client over TCP, and a wrong password: tempfail, not notfound.
printf 'wrong' >"$T/badpw"
DIRPROBE_BIND_DN=$SLAPD_ROOTDN DIRPROBE_PASSWORD_FILE=$SLAPD_PWFILE \
    "$top_builddir/tests/integration/dirprobe" "$SLAPD_URI" o=mssante 1 1000 <<<"lookup jean.exemple@medecin.mssante.fr" >"$T/bound" 2>&1
t_grep "simple bind over TCP" '^found PER pharmacy=0$' "$T/bound"
DIRPROBE_BIND_DN=$SLAPD_ROOTDN DIRPROBE_PASSWORD_FILE=$T/badpw \
    "$top_builddir/tests/integration/dirprobe" "$SLAPD_URI" o=mssante 1 1000 <<<"lookup jean.exemple@medecin.mssante.fr" >"$T/badbind" 2>&1
t_grep "bad credentials give tempfail" '^tempfail$' "$T/badbind"
"$top_builddir/tests/integration/dirprobe" "$SLAPD_URI" o=nonexistent 1 1000 \
    <<<"lookup jean.exemple@medecin.mssante.fr" >"$T/nobase" 2>&1
t_grep "a missing base gives tempfail" '^tempfail$' "$T/nobase"

t_done
