#!/bin/bash
# mkcorpus.sh - (re)build the fuzz seed corpora for documents from the
# readable files of this directory, with zip(1) and base64(1):
#   tests/fuzz/corpus/xdm/       zip archives (valid and hostile)
#   tests/fuzz/corpus/metadata/  the XML files
#   tests/fuzz/corpus/mime/      messages, one with an IHE_XDM.zip part
# Usage: tests/data/docs/mkcorpus.sh   (from anywhere; needs zip, base64)
# The outputs are small and kept in the repository so that every build
# replays them; crash inputs found by libFuzzer are added beside them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=$top/tests/fuzz/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/xdm" "$out/metadata" "$out/mime"

# metadata: the XML files as they are.
for f in "$here"/*.xml; do cp "$f" "$out/metadata/$(basename "$f" .xml)"; done

# mkzip NAME FILE=ENTRY... : one archive from files placed at entry paths.
mkzip() {
    local name=$1; shift
    rm -rf "$work/z"; mkdir -p "$work/z"
    local spec src dst
    for spec in "$@"; do
        src=${spec%%=*}; dst=${spec#*=}
        mkdir -p "$work/z/$(dirname "$dst")"
        cp "$src" "$work/z/$dst"
    done
    rm -f "$out/xdm/$name.zip"
    (cd "$work/z" && zip -q -X -r "$out/xdm/$name.zip" .)
}
mkzip one-subset "$here/metadata-cda.xml=IHE_XDM/SUBSET01/METADATA.XML" \
    "$here/cda.xml=IHE_XDM/SUBSET01/DOC0001.XML"
mkzip two-subsets "$here/metadata-cda.xml=IHE_XDM/SUBSET01/METADATA.XML" \
    "$here/cda.xml=IHE_XDM/SUBSET01/DOC0001.XML" \
    "$here/metadata-pdf.xml=IHE_XDM/SUBSET02/METADATA.XML" \
    "$here/README=IHE_XDM/SUBSET02/BIO0001.PDF"
mkzip no-metadata "$here/cda.xml=IHE_XDM/SUBSET01/DOC0001.XML"
mkzip xml-bomb "$here/bomb-laughs.xml=IHE_XDM/SUBSET01/METADATA.XML"
cp "$out/xdm/one-subset.zip" "$work/inner.zip"
mkzip nested "$work/inner.zip=IHE_XDM/SUBSET01/INNER.ZIP"
head -c 2000000 /dev/zero >"$work/zero.pdf"
mkzip zip-bomb "$here/metadata-pdf.xml=IHE_XDM/SUBSET01/METADATA.XML" \
    "$work/zero.pdf=IHE_XDM/SUBSET01/BIO0001.PDF"

# mime: a plain message, a multipart with QP and RFC 2231, and one with XDM.
printf 'Subject: =?UTF-8?B?W0ZJTl0=?=\r\nFrom: a@x.mssante.fr\r\n\r\nFin.\r\n' \
    >"$out/mime/fin"
printf '%s\r\n' 'Subject: =?UTF-8?Q?Compte_rendu?=' '  =?UTF-8?Q?_de_consultation?=' \
    'Content-Type: multipart/mixed; boundary=b' '' '--b' \
    'Content-Type: text/plain; charset=utf-8' 'Content-Transfer-Encoding: quoted-printable' \
    '' 'Caf=C3=A9 tr=' 'onqu=C3=A9' '--b' \
    "Content-Disposition: attachment; filename*=utf-8''CR%20d%C3%A9c%C3%A8s.pdf" \
    'Content-Transfer-Encoding: base64' '' 'JVBERi0xLjQK' '--b--' >"$out/mime/multipart"
{
    printf '%s\r\n' 'Subject: XDM/1.0/DDM+CR DUPONT Jean' 'X-MSS-CODECDA: 11488-4' \
        'X-MSS-INS: O' 'X-MSS-NIL: SEED 1.0' 'Content-Type: multipart/mixed; boundary=x' \
        '' '--x' 'Content-Type: application/zip; name=IHE_XDM.zip' \
        'Content-Transfer-Encoding: base64' ''
    base64 -w 76 "$out/xdm/one-subset.zip" | sed 's/$/\r/'
    printf '%s\r\n' '--x--'
} >"$out/mime/xdm"
echo "corpora written under $out"
