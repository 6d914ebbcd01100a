# tlsca.sh - a test PKI shaped like IGC-Sante, made with openssl (sourced; bash).
#
#	tls_make_pki DIR	make the whole PKI below in DIR (about 0.3 s)
#
# Files written in DIR (KEY.key is the private key of KEY.crt; EC P-256
# keys: quick to make, and the chain logic is what the tests exercise):
#
#	root.crt	"TEST AC RACINE IGC-SANTE ELEMENTAIRE" (self-signed)
#	inter.crt	"TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS", issued by
#			root: CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,
#			OU=IGC-SANTE TEST,OU=0002 187512751,O=ASIP-SANTE,C=FR
#	igc-chain.pem	inter.crt + root.crt: the CAfile an MTA trusts
#	mx1.crt		operator cert issued by inter, subject of the sample
#			whitelist: CN=mx1.operateur-a.example,OU=300000000000001,
#			O=OPERATEUR A,ST=Paris (75),C=FR (serverAuth+clientAuth)
#	mx2.crt		the second whitelisted cert of operateur A (mx2)
#	region.crt	CN=smtpmss.region.example,...,O=GCS REGION (whitelisted
#			for region.mssante.fr and ehpad.region.mssante.fr)
#	other.crt	issued by inter, but a CN no whitelist entry names:
#			CN=mx9.inconnu.example,OU=300000000000009,O=INCONNU,...
#	cndiff.crt	issued by inter, the CN of mx1 but another operator's
#			O and OU (the ANS probe "cert-cn-diff-dn"): an MTA
#			that gives the whole DN (sendmail) refuses it, one
#			that gives only the CN (Postfix) cannot tell
#	expired.crt	the subject of mx1, issued by inter, valid only from
#			2020-01-01 to 2021-01-01
#	nonigc.crt	the subject of mx1, issued by "AUTRE AC TEST" (not in
#			the IGC chain; its root is other-root.crt)
#	server.crt	the MTA under test: CN=mta.test.example
#
# The subjects of the whitelist are written CN,OU,O,ST,C; openssl orders
# them the other way (C first), as real certificates are.

TLS_INTER_SUBJ="/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"
TLS_ROOT_SUBJ="/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN=TEST AC RACINE IGC-SANTE ELEMENTAIRE"
TLS_MX1_SUBJ="/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=mx1.operateur-a.example"

# _tls_key - a new EC private key
_tls_key() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# _tls_ext - the x509v3 extension sections used below
_tls_ext() {
    cat >"$1" <<'EOF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
}

# _tls_issue DIR NAME SUBJ ISSUER EXT - NAME.crt signed by ISSUER.crt
_tls_issue() {
    _dir=$1 _name=$2 _subj=$3 _iss=$4 _ext=$5
    _tls_key "$_dir/$_name.key" &&
    openssl req -new -utf8 -key "$_dir/$_name.key" -subj "$_subj" \
        -out "$_dir/$_name.csr" 2>/dev/null &&
    openssl x509 -req -in "$_dir/$_name.csr" -CA "$_dir/$_iss.crt" \
        -CAkey "$_dir/$_iss.key" -set_serial "0x$(openssl rand -hex 8)" \
        -days 825 -sha256 -extfile "$_dir/ext.cnf" -extensions "$_ext" \
        -out "$_dir/$_name.crt" 2>/dev/null
}

# _tls_root DIR NAME SUBJ - a self-signed root
_tls_root() {
    _tls_key "$1/$2.key" &&
    openssl req -new -x509 -key "$1/$2.key" -subj "$3" -days 3650 -sha256 \
        -config "$1/ext.cnf" -extensions ca -out "$1/$2.crt" 2>/dev/null
}

# _tls_expired DIR NAME SUBJ ISSUER - a leaf valid in 2020 only (openssl ca
# is the one tool that takes explicit dates)
_tls_expired() {
    _dir=$1
    mkdir -p "$_dir/ca-db" && : >"$_dir/ca-db/index.txt" &&
    cat >"$_dir/ca-db/ca.cnf" <<EOF
[ca]
default_ca = igc
[igc]
database = $_dir/ca-db/index.txt
new_certs_dir = $_dir/ca-db
serial = $_dir/ca-db/serial
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
[anything]
countryName = optional
stateOrProvinceName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
EOF
    openssl rand -hex 8 >"$_dir/ca-db/serial"
    _tls_key "$_dir/$2.key" &&
    openssl req -new -key "$_dir/$2.key" -subj "$3" -out "$_dir/$2.csr" 2>/dev/null &&
    openssl ca -batch -notext -config "$_dir/ca-db/ca.cnf" -cert "$_dir/$4.crt" \
        -keyfile "$_dir/$4.key" -startdate 20200101000000Z -enddate 20210101000000Z \
        -preserveDN -extfile "$_dir/ext.cnf" -extensions leaf \
        -in "$_dir/$2.csr" -out "$_dir/$2.crt" 2>/dev/null
}

# tls_make_pki - the whole test PKI in DIR
tls_make_pki() {
    _d=$1
    mkdir -p "$_d" && chmod 755 "$_d" || return 1
    _tls_ext "$_d/ext.cnf"
    _tls_root "$_d" root "$TLS_ROOT_SUBJ" &&
    _tls_issue "$_d" inter "$TLS_INTER_SUBJ" root ca &&
    cat "$_d/inter.crt" "$_d/root.crt" >"$_d/igc-chain.pem" &&
    _tls_issue "$_d" mx1 "$TLS_MX1_SUBJ" inter leaf &&
    _tls_issue "$_d" mx2 "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=mx2.operateur-a.example" inter leaf &&
    _tls_issue "$_d" region "/C=FR/ST=Rhône (69)/O=GCS REGION/OU=1000000003/CN=smtpmss.region.example" inter leaf &&
    _tls_issue "$_d" other "/C=FR/ST=Paris (75)/O=INCONNU/OU=300000000000009/CN=mx9.inconnu.example" inter leaf &&
    _tls_issue "$_d" cndiff "/C=FR/ST=Paris (75)/O=AUTRE OPERATEUR/OU=300000000000099/CN=mx1.operateur-a.example" inter leaf &&
    _tls_expired "$_d" expired "$TLS_MX1_SUBJ" inter &&
    _tls_root "$_d" other-root "/C=FR/O=AUTRE/CN=AUTRE AC TEST" &&
    _tls_issue "$_d" nonigc "$TLS_MX1_SUBJ" other-root leaf &&
    _tls_issue "$_d" server "/C=FR/O=TEST/CN=mta.test.example" inter leaf || {
        echo "# tls_make_pki: openssl failed in $_d" >&2; return 1; }
    # Postfix (user postfix) reads the server key only through master (root);
    # keys stay 0600, certificates world-readable.
    chmod 600 "$_d"/*.key
    chmod 644 "$_d"/*.crt "$_d/igc-chain.pem"
}
