# docs-milter-lib.sh - shared by the documents tests through Postfix
# (docs-milter*.sh) and the documents benchmark: real IHE_XDM archives and
# messages built at run time with zip(1) and base64(1) from the readable
# files of tests/data/docs (sourced after common.sh; bash).
#
#	docs_zip OUT SRC=ENTRY...	a zip archive OUT holding each file SRC
#				at the path ENTRY
#	docs_xdm OUT [INS]	the standard valid archive: one subset with
#				metadata-cda.xml (patient INS, default
#				285037728417346) and cda.xml as DOC0001.XML
#	docs_msg OUT ZIP [HEADER...]
#				a message: the HEADER lines, a text part and
#				ZIP attached as IHE_XDM.zip (base64); ZIP "-"
#				means no attachment, "A:B:..." one part each
#	docs_pdf OUT FROM TO TAG [HEADER...]
#				a message "CR DUPONT Jean TAG" with a PDF
#				attached and no category anywhere
#	docs_headers FILE NAME	the values of every NAME header of a message
#				dump (unfolded), one per line
#	docs_app_mailbox ADDR	add a mailbox of type APP to the private slapd
#				(the public extraction has none)
#
# Addresses of the test directory (tests/data/postfix-*): professionals of
# medecin.mssante.fr and ch-exemple.mssante.fr, patients of
# patient.mssante.fr.

DOCS_DATA=$top_srcdir/tests/data/docs
DOCS_INS=285037728417346		# the patient of metadata-cda.xml
DOCS_INS_OTHER=279035121518989		# another valid INS

docs_zip() {
    _out=$1; shift
    _w=$(mktemp -d "$T/zip.XXXXXX")
    for _spec in "$@"; do
        mkdir -p "$_w/$(dirname "${_spec#*=}")"
        cp "${_spec%%=*}" "$_w/${_spec#*=}" || return 1
    done
    rm -f "$_out"
    (cd "$_w" && zip -q -X -r "$_out" .) || return 1
    rm -rf "$_w"
}

docs_xdm() {
    _out=$1 _ins=${2:-$DOCS_INS}
    sed "s/$DOCS_INS^^^/$_ins^^^/" "$DOCS_DATA/metadata-cda.xml" >"$T/metadata.$$.xml"
    docs_zip "$_out" "$T/metadata.$$.xml=IHE_XDM/SUBSET01/METADATA.XML" \
        "$DOCS_DATA/cda.xml=IHE_XDM/SUBSET01/DOC0001.XML"
}

docs_pdf() {
    _o=$1 _f=$2 _t=$3 _g=$4; shift 4
    {
        printf '%s\n' "From: <$_f>" "To: <$_t>" "Subject: CR DUPONT Jean $_g" "$@" \
            "MIME-Version: 1.0" 'Content-Type: multipart/mixed; boundary="b"' "" \
            "--b" "Content-Type: text/plain" "" "Compte rendu joint." \
            "--b" 'Content-Type: application/pdf; name="cr.pdf"' \
            'Content-Disposition: attachment; filename="cr.pdf"' \
            "Content-Transfer-Encoding: base64" ""
        printf '%%PDF-1.4 compte rendu\n' | base64
        printf '%s\n' "--b--"
    } >"$_o"
}

docs_msg() {
    _out=$1 _zip=$2; shift 2
    {
        for _h in "$@"; do printf '%s\n' "$_h"; done
        printf '%s\n' "MIME-Version: 1.0" \
            'Content-Type: multipart/mixed; boundary="=_docs_="' "" \
            "--=_docs_=" "Content-Type: text/plain; charset=us-ascii" "" \
            "Compte rendu joint."
        _IFS=$IFS; IFS=:
        for _z in $_zip; do
            [ "$_z" = - ] && continue
            printf '%s\n' "--=_docs_=" 'Content-Type: application/zip; name="IHE_XDM.zip"' \
                'Content-Disposition: attachment; filename="IHE_XDM.zip"' \
                "Content-Transfer-Encoding: base64" ""
            base64 -w 76 "$_z"
        done
        IFS=$_IFS
        printf '%s\n' "--=_docs_=--"
    } >"$_out"
}

docs_headers() {
    awk -v want="$(echo "$2" | tr 'A-Z' 'a-z')" '
        /^$/ { exit }
        /^[ \t]/ { if (h != "") h = h " " $0; next }
        { if (h != "") print h; h = "" }
        { n = tolower($0); sub(/:.*/, "", n)
          if (n == want) { h = $0; sub(/^[^:]*: */, "", h) } }
        END { if (h != "") print h }' "$1" | sed 's/[ \t][ \t]*/ /g'
}

docs_app_mailbox() {
    _id=$(printf '%s' "$1" | tr 'A-Z' 'a-z' | sha256sum | cut -c1-32)
    cat >"$T/app.$$.ldif" <<EOF
dn: mssMailboxId=$_id,ou=mailboxes,$SLAPD_SUFFIX
changetype: add
objectClass: mssMailbox
mssMailboxId: $_id
mail: $1
mssMailboxType: APP
EOF
    slapd_modify "$T/app.$$.ldif" >/dev/null
}
