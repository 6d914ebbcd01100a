# mirror-common.sh - test data and helpers shared by the mirror-*.sh tests
# (sourced after common.sh and slapd.sh; not a test itself).
#
#	mirror_data DIR		write DIR/whitelist.xml (unsigned) and
#				DIR/Extraction_Correspondance_MSSante_202611200300.txt
#				(sets WL and EX to them)
#	mirror_extraction_header	print the exact 31-column header
#	mirror_line TYPE ADDR [STRUCT_NAME [BRAND [PROF_CODE]]]
#				print one synthetic extraction line
#	mirror_ca DIR		make the test IGC-Sante chain in DIR:
#				TEST AC RACINE IGC-SANTE ELEMENTAIRE ->
#				TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS -> signer;
#				DIR/bundle.pem (root + intermediate), DIR/signer.{key,pem},
#				DIR/inter.pem, and a rogue self-signed DIR/rogue.{key,pem}
#	mirror_sign IN OUT KEY CERTS...	sign IN (a whitelist) into OUT with
#				xmlsec1 --sign and an empty Signature template
#				(exc-c14n, rsa-sha256, Reference URI="")
#	mirror_run ARGS...	run mssante-mirror, stdout in $T/out, stderr in
#				$T/err; returns its status
#	mirror_https_pki DIR	the PKI of the stand-ins for the ANS servers:
#				DIR/ca.pem, DIR/good.{pem,key} (127.0.0.1 and
#				localhost, under ca.pem), DIR/rogue.{pem,key}
#				(the same names under another CA),
#				DIR/othername.{pem,key} (under ca.pem, for
#				other.example only)
#	mirror_https_serve NAME WWW CERT	serve WWW over HTTPS on loopback
#				(mirror-https.py) with CERT.pem and CERT.key, on
#				a new port put in NAME_PORT; log in $T/NAME.log;
#				stopped at the test's exit

MIRROR=$top_builddir/ldap-schema/mssante-mirror

mirror_run() {
    "$MIRROR" "$@" >"$T/out" 2>"$T/err"
}

mirror_extraction_header() {
    printf '%s\n' "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice|Nom d'exercice|Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession|Libellé Profession|Code savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|L4NUMEROVOIE structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|Code postal structure BAL|Département structure BAL|Pays structure BAL"
}

mirror_line() {
    printf '%s|%s||||1|1000000009|||||||%s||||true|%s|%s|||||||||75001|75|FRANCE\n' \
        "$1" "$2" "${5:-}" "${3:-}" "${4:-}"
}

mirror_data() {
    _d=$1
    mkdir -p "$_d"
    WL=$_d/whitelist.xml
    EX=$_d/Extraction_Correspondance_MSSante_202611200300.txt
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">'
        echo '  <DateDeGeneration>2026-11-20T03:00:00Z</DateDeGeneration>'
        echo '  <ListeDomaines>'
        _dom medecin.mssante.fr 'CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR'
        _dom medecin.mssante.fr 'CN=mx2.operateur-a.example, OU=300000000000001, O=OPERATEUR A, ST=Paris (75), C=FR'
        _dom ch-exemple.mssante.fr 'CN=smtp.ch-exemple.example,OU=1000000001,O=CENTRE HOSPITALIER EXEMPLE,L=Lyon (69),C=FR'
        _dom pharmacie-exemple.mssante.fr 'CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR'
        _dom patient.mssante.fr 'CN=smtp.patient-operateur.example,OU=300000000000002,O=CNAM,ST=Paris (75),C=FR'
        _dom region.mssante.fr 'CN=smtpmss.region.example,OU=1000000003,O=GCS REGION,ST=Rhône (69),C=FR'
        _dom ehpad.region.mssante.fr 'CN=smtpmss.region.example,OU=1000000003,O=GCS REGION,ST=Rhône (69),C=FR'
        _dom UC-EXEMPLE.mssante.fr 'CN=mx1.operateur-a.example,OU=300000000000001,O=OPERATEUR A,ST=Paris (75),C=FR'
        _dom mssante.passerelle.example 'CN=mailin.passerelle.example,OU=300000000000003,O=PASSERELLE,ST=Paris (75),C=FR'
        _dom nodn.mssante.fr ''
        echo '  </ListeDomaines>'
        echo '</ListeBlancheMSSante>'
    } >"$WL"
    {
        mirror_extraction_header
        echo "PER|jean.exemple@medecin.mssante.fr|8|10000000001|810000000001||||DR|EXEMPLE|Jean|C|Civil|10|Médecin|SM54|Médecine Générale|true|||||||||||75001||FRANCE"
        echo "ORG|cardiologie@ch-exemple.mssante.fr||||1|1000000001|Cardiologie||||||||||true|CENTRE HOSPITALIER EXEMPLE||||||||||69000|69|FRANCE"
        echo "ORG|officine@pharmacie-exemple.mssante.fr||||1|1000000002|||||||||||true|PHARMACIE EXEMPLE|Pharmacie du Centre|||||||||69000|69|FRANCE"
        echo "PER|marie.exemple@ch-exemple.mssante.fr|8|10000000002|810000000002|1|1000000001||MME|EXEMPLE|Marie|||60|Infirmier|||true|CENTRE HOSPITALIER EXEMPLE||||||||||69000||FRANCE"
        mirror_line ORG 'pui@ch-exemple.mssante.fr' 'PHARMACIE CENTRALE HOPITAL'
        mirror_line ORG 'selarl@region.mssante.fr' 'SELARL DUPONT'
        mirror_line PER 'star*@medecin.mssante.fr' '' '' 10
        mirror_line ORG 'secretariat@mssante.passerelle.example' 'PASSERELLE'
        mirror_line PER 'pharmacien@medecin.mssante.fr' 'PHARMACIE DU MARCHE' '' 21
        # The second line of marie, written in another case and another structure.
        echo "PER|Marie.Exemple@CH-Exemple.mssante.fr|8|10000000002|810000000002|3|30000000000001||MME|EXEMPLE|Marie|||60|Infirmier|||false|CABINET EXEMPLE||||||||||69000||FRANCE"
        _i=1
        while [ $_i -le 40 ]; do
            mirror_line PER "pro$_i@medecin.mssante.fr" '' '' 10
            _i=$((_i + 1))
        done
    } >"$EX"
}

_dom() {
    echo '    <Domaine>'
    echo "      <Nom>$1</Nom>"
    echo "      <Description>Domaine $1 é</Description>"
    [ -n "$2" ] && echo "      <DNCertificatOperateur>$2</DNCertificatOperateur>"
    echo '      <ResponsableContact>0100000000, responsable@example.org</ResponsableContact>'
    echo '      <SupportContact>0100000001, support@example.org</SupportContact>'
    echo '      <DateMAJ>2026-01-27T15:49:34Z</DateMAJ>'
    echo '    </Domaine>'
}

mirror_ca() {
    _c=$1
    mkdir -p "$_c"
    cat >"$_c/ext.cnf" <<'EOF'
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    _subj="/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$_c/root.key" -out "$_c/root.pem" \
        -days 30 -subj "$_subj/CN=TEST AC RACINE IGC-SANTE ELEMENTAIRE" \
        -extensions ca -config "$_c/ext.cnf" 2>/dev/null || return 1
    openssl req -newkey rsa:2048 -nodes -keyout "$_c/inter.key" -out "$_c/inter.csr" \
        -subj "$_subj/CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS" 2>/dev/null || return 1
    openssl x509 -req -in "$_c/inter.csr" -CA "$_c/root.pem" -CAkey "$_c/root.key" \
        -CAcreateserial -days 30 -extfile "$_c/ext.cnf" -extensions ca \
        -out "$_c/inter.pem" 2>/dev/null || return 1
    openssl req -newkey rsa:2048 -nodes -keyout "$_c/signer.key" -out "$_c/signer.csr" \
        -subj "/C=FR/O=AGENCE DU NUMERIQUE EN SANTE/OU=0002 187512751/CN=TEST LISTE BLANCHE MSSANTE" \
        2>/dev/null || return 1
    openssl x509 -req -in "$_c/signer.csr" -CA "$_c/inter.pem" -CAkey "$_c/inter.key" \
        -CAcreateserial -days 30 -extfile "$_c/ext.cnf" -extensions leaf \
        -out "$_c/signer.pem" 2>/dev/null || return 1
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$_c/rogue.key" -out "$_c/rogue.pem" \
        -days 30 -subj "/C=FR/O=AGENCE DU NUMERIQUE EN SANTE/CN=TEST LISTE BLANCHE MSSANTE" \
        2>/dev/null || return 1
    cat "$_c/root.pem" "$_c/inter.pem" >"$_c/bundle.pem"
}

mirror_sign() {
    _in=$1 _out=$2 _key=$3
    shift 3
    _certs=$(printf '%s,' "$@")
    # The template goes just before the closing root tag (enveloped signature).
    sed 's#</ListeBlancheMSSante>#<Signature xmlns="http://www.w3.org/2000/09/xmldsig\#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n\#"/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more\#rsa-sha256"/><Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig\#enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n\#"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc\#sha256"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature></ListeBlancheMSSante>#' \
        "$_in" >"$_out.tmpl"
    xmlsec1 --sign --privkey-pem "$_key,${_certs%,}" --output "$_out" "$_out.tmpl" \
        >"$_out.log" 2>&1 || { cat "$_out.log"; return 1; }
}

mirror_https_pki() {
    _h=$1
    mkdir -p "$_h"
    printf '[s]\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$_h/ext.cnf"
    printf '[s]\nsubjectAltName=DNS:other.example\nextendedKeyUsage=serverAuth\n' >"$_h/other.cnf"
    for _ca in ca rogue-ca; do
        openssl req -x509 -newkey rsa:2048 -nodes -keyout "$_h/$_ca.key" -out "$_h/$_ca.pem" \
            -days 30 -subj "/CN=TEST $_ca" 2>/dev/null || return 1
    done
    for _s in good:ca:ext:localhost rogue:rogue-ca:ext:localhost othername:ca:other:other.example; do
        set -- ${_s//:/ }
        openssl req -newkey rsa:2048 -nodes -keyout "$_h/$1.key" -out "$_h/$1.csr" \
            -subj "/CN=$4" 2>/dev/null &&
        openssl x509 -req -in "$_h/$1.csr" -CA "$_h/$2.pem" -CAkey "$_h/$2.key" \
            -CAcreateserial -days 30 -extfile "$_h/$3.cnf" -extensions s \
            -out "$_h/$1.pem" 2>/dev/null || return 1
    done
}

mirror_https_serve() {
    _port=$(t_port)
    python3 "$top_srcdir/tests/integration/mirror-https.py" "$_port" "$2" "$3.pem" "$3.key" \
        2>"$T/$1.log" &
    t_on_exit "kill $!"
    t_wait_port "$_port" || return 1
    eval "${1}_PORT=$_port"
}
