# miltertest-lib.sh - helpers for the daemon's integration tests (sourced
# after common.sh; not a test itself).
#
#	mtl_directory		make a whitelist and an (empty) extraction, turn
#				them into LDIF with mssante-mirror, load it into
#				a private slapd (tests/lib/slapd.sh) and start it
#	mtl_config FILE [LINE...]	write a daemon configuration for the tests
#				(logging to stderr only, the test directory,
#				the private slapd) plus the extra "Key value" lines
#	mtl_start NAME CONF [ARGS...]	start mssante-milter -f -v -c CONF ARGS,
#				log in $T/NAME.log, stopped at exit; waits until
#				it listens and says it starts (MTL_WAIT_SNAPSHOT=1:
#				also until the trust snapshot is loaded); sets MTL_PID
#	mtl_stop PID		TERM, then wait (2 s at most)
#	mtl_miltertest SCRIPT SOCK [VAR=VALUE...]
#				run tests/miltertest/SCRIPT against SOCK and turn
#				each of its "ok"/"not ok" lines into t_ok/t_fail
#
# The test whitelist: medecin.mssante.fr (operator CN mx1.operateur-a.example),
# ch-exemple.mssante.fr (smtp.ch-exemple.example), patient.mssante.fr, and
# nodn.mssante.fr listed without any operator certificate.

MILTER=$top_builddir/milter/daemon/mssante-milter
MIRROR=$top_builddir/ldap-schema/mssante-mirror
. "$top_srcdir/tests/lib/slapd.sh"

_mtl_domain() {
    printf '    <Domaine><Nom>%s</Nom><Description>test</Description>' "$1"
    printf '<DNCertificatOperateur>%s</DNCertificatOperateur>' "$2"
    printf '<ResponsableContact>0100000000, resp@example.org</ResponsableContact>'
    printf '<SupportContact>0100000001, support@example.org</SupportContact>'
    printf '<DateMAJ>2026-01-01T00:00:00Z</DateMAJ></Domaine>\n'
}

mtl_directory() {
    _d=$T/data
    mkdir -p "$_d"
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">'
        echo '  <DateDeGeneration>2026-11-20T03:00:00Z</DateDeGeneration>'
        echo '  <ListeDomaines>'
        _mtl_domain medecin.mssante.fr 'CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR'
        _mtl_domain ch-exemple.mssante.fr 'CN=smtp.ch-exemple.example,OU=1000000001,O=CENTRE HOSPITALIER EXEMPLE,L=Lyon (69),C=FR'
        _mtl_domain patient.mssante.fr 'CN=smtp.patient-operateur.example,OU=300000000000002,O=CNAM,ST=Paris (75),C=FR'
        _mtl_domain nodn.mssante.fr ''
        echo '  </ListeDomaines>'
        echo '</ListeBlancheMSSante>'
    } >"$_d/whitelist.xml"
    printf '%s\n' "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice|Nom d'exercice|Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession|Libellé Profession|Code savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|L4NUMEROVOIE structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|Code postal structure BAL|Département structure BAL|Pays structure BAL" \
        >"$_d/Extraction_Correspondance_MSSante_202611200300.txt"
    "$MIRROR" ldif --whitelist "$_d/whitelist.xml" --no-verify \
        --extraction "$_d/Extraction_Correspondance_MSSante_202611200300.txt" \
        >"$_d/mirror.ldif" 2>"$_d/mirror.err" || { cat "$_d/mirror.err"; return 1; }
    slapd_setup || return 1
    slapd_load "$_d/mirror.ldif" || return 1
    slapd_start
}

mtl_config() {
    _f=$1
    shift
    {
        echo "# written by $T_NAME"
        echo "Syslog no"
        echo "Hostname mx-test.example"
        echo "LDAPURI ${SLAPD_URI:-ldap://127.0.0.1:1/}"
        echo "LDAPBase o=mssante"
        echo "LDAPTimeout 500ms"
        echo "TrustedIssuers TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"
        for _l in "$@"; do echo "$_l"; done
    } >"$_f"
}

mtl_start() {
    _name=$1 _conf=$2
    shift 2
    "$MILTER" -f -v -c "$_conf" "$@" >"$T/$_name.log" 2>&1 &
    MTL_PID=$!
    t_on_exit "kill -9 $MTL_PID"
    _sock=$(sed -n 's/^Socket //p' "$_conf")
    _prev=
    for _a in "$@"; do
        case $_prev in -p) _sock=$_a ;; esac
        _prev=$_a
    done
    _prev=
    _n=50
    while [ $_n -gt 0 ]; do
        kill -0 "$MTL_PID" 2>/dev/null || { echo "# $_name exited:"; sed 's/^/#   /' "$T/$_name.log"; return 1; }
        # The socket exists before its mode and owner are set: wait for
        # the line logged after that.
        if grep -q 'starting mssante-milter' "$T/$_name.log"; then
            case $_sock in
            local:*) [ -S "${_sock#local:}" ] && break ;;
            inet:*) _p=${_sock#inet:}; _p=${_p%@*}
                (exec 3<>"/dev/tcp/127.0.0.1/$_p") 2>/dev/null && break ;;
            esac
        fi
        sleep 0.1
        _n=$((_n - 1))
    done
    [ $_n -gt 0 ] || { echo "# $_name does not listen on $_sock"; return 1; }
    if [ -n "${MTL_WAIT_SNAPSHOT:-}" ]; then
        _n=50
        while [ $_n -gt 0 ] && ! grep -q 'trust snapshot [0-9]* loaded' "$T/$_name.log"; do
            sleep 0.1
            _n=$((_n - 1))
        done
        [ $_n -gt 0 ] || { echo "# $_name: no trust snapshot"; sed 's/^/#   /' "$T/$_name.log"; return 1; }
    fi
    return 0
}

mtl_stop() {
    kill -TERM "$1" 2>/dev/null
    _n=20
    while kill -0 "$1" 2>/dev/null && [ $_n -gt 0 ]; do sleep 0.1; _n=$((_n - 1)); done
    wait "$1" 2>/dev/null
}

mtl_miltertest() {
    _script=$1 _sock=$2
    shift 2
    _defs=()
    for _v in "$@"; do _defs+=(-D "$_v"); done
    timeout 60 "${MILTERTEST:-miltertest}" -s "$top_srcdir/tests/miltertest/$_script" \
        -D sock="$_sock" -D lib="$top_srcdir/tests/miltertest/lib.lua" "${_defs[@]}" \
        >"$T/mt.out" 2>&1
    _st=$?
    while IFS= read -r _line; do
        case $_line in
        "ok "*) t_ok "${_script%.lua}: ${_line#ok * - }" ;;
        "not ok "*) t_fail "${_script%.lua}: ${_line#not ok * - }" ;;
        *) echo "# $_line" ;;
        esac
    done <"$T/mt.out"
    [ $_st = 0 ] || t_fail "$_script: miltertest exit status $_st"
}
