#!/bin/bash
# audit-report.sh - "mssante-audit report --html": a self-contained page
# (no script, no outside resource, values escaped), rendered in headless
# Chromium; the screenshot must show the chart (its colours counted by a
# second Chromium page, as no image tool is assumed). Installs chromium
# when missing and it can (root, apt-get); skips (77) when it cannot.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
t_init audit-report

AUDIT=$top_builddir/contrib/audit/mssante-audit
GEN=$top_builddir/tests/unit/check_audit_gen
[ -x "$AUDIT" ] && [ -x "$GEN" ] || { echo "SKIP: build mssante-audit and check_audit_gen first"; exit 77; }

cd "$T" || exit 99
printf '%s\n' 6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839 >key
chmod 600 key
"$GEN" audit.log key 400 21 150 >gen.out 2>gen.err || { cat gen.err; t_fail "generator"; t_done; }
mapfile -t FILES < <(grep -v '^patient' gen.out)

# The page, and what it must not contain.
"$AUDIT" report --html report.html --key-file key "${FILES[@]}" >out 2>&1
t_check "report: exit 0 on an intact trail" [ $? = 0 ]
t_check "report written" [ -s report.html ]
t_grep "inline SVG chart" '<svg xmlns="http://www.w3.org/2000/svg"' report.html
t_grep "inline CSS" '<style>' report.html
t_grep "CSP forbids outside resources" "default-src 'none'" report.html
t_grep "integrity stated" 'Integrity: chain intact</b> over [0-9]+ records' report.html
t_grep "checkpoints verified with the key" 'checkpoints verified with the site key' report.html
t_grep "one bar segment per day and action, with a tooltip" '<title>2024-05-31 accept: [0-9]+</title>' report.html
if grep -Eiq '<script|src=|href=|@import|url\(' report.html; then
    t_fail "no script and no outside resource"; grep -Eio '<script|src=[^ ]*|href=[^ ]*|@import|url\([^)]*' report.html | head
else t_ok "no script and no outside resource"; fi
if grep -Eq '285037728417346|279035121518989' report.html; then t_fail "no INS in the page"; else t_ok "no INS in the page"; fi

# Hostile values are escaped.
Z=0000000000000000000000000000000000000000000000000000000000000000
printf '%s\n' '{"v":1,"type":"file-start","time":"2024-05-01T00:00:00.000Z","seq":0,"prev":"'$Z'"}' >hostile.log
prev=$(head -1 hostile.log | tr -d '\n' | openssl dgst -sha256 -r | cut -d' ' -f1)
printf '%s\n' '{"v":1,"type":"txn","time":"2024-05-01T01:00:00.000Z","sender":"<script>alert(1)</script>@x.fr","rcpts":[],"action":"reject","rule":"<b>r</b>","seq":1,"prev":"'$prev'"}' >>hostile.log
"$AUDIT" report --html hostile.html hostile.log >out 2>&1
t_check "report on a hand-made log" [ $? = 0 ]
t_grep "values are HTML-escaped" '&lt;script&gt;alert\(1\)&lt;/script&gt;@x.fr' hostile.html
if grep -q '<script' hostile.html; then t_fail "no script element from the log"; else t_ok "no script element from the log"; fi

# A tampered trail: the page says so and the exit status too.
cp audit.log bad.log
sed -i '5s/"size":[0-9]*/"size":1/' bad.log
"$AUDIT" report --html bad.html "${FILES[0]}" "${FILES[1]}" bad.log >out 2>&1
t_check "report on a tampered trail: exit 1" [ $? = 1 ]
t_grep "the page says the integrity check failed" 'Integrity: FAILED' bad.html

# Filters apply to the report.
"$AUDIT" report --html f.html --direction inbound --since 2024-05-30 "${FILES[@]}" >out 2>&1
t_grep "filters are stated on the page" 'direction inbound; since 2024-05-30' f.html
if grep -q '<title>2024-05-29' f.html; then t_fail "filters apply to the chart"; else t_ok "filters apply to the chart"; fi

# Render it.
CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROMIUM" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "# installing chromium (once)"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q \
        -o DPkg::Lock::Timeout=120 --no-install-recommends chromium fonts-dejavu-core \
        >apt.log 2>&1 || tail -5 apt.log
    CHROMIUM=$(command -v chromium)
fi
if [ -z "$CHROMIUM" ]; then
    echo "# chromium not available: rendering not checked"
    t_done
fi
shoot() {
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --user-data-dir="$T/chr" "$@" 2>>chromium.log
}
shoot --screenshot="$T/shot.png" --window-size=1200,900 "file://$T/report.html" >/dev/null
t_check "screenshot taken" [ -s shot.png ]
size=$(stat -c %s shot.png 2>/dev/null || echo 0)
t_check "screenshot is not blank ($size bytes)" [ "$size" -gt 20000 ]

# Count its colours in a second page (the image inline, so the canvas may
# read it), and the pixels of the accept and reject colours of the chart.
{
    printf '%s\n' '<!DOCTYPE html><html><body><canvas id="c"></canvas><script>' \
        'var img = new Image();' \
        'img.onload = function () {' \
        '  var c = document.getElementById("c"); c.width = img.width; c.height = img.height;' \
        '  var x = c.getContext("2d"); x.drawImage(img, 0, 0);' \
        '  var d = x.getImageData(0, 0, img.width, img.height).data, seen = {}, n = 0, g = 0, r = 0;' \
        '  for (var i = 0; i < d.length; i += 4) {' \
        '    var k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];' \
        '    if (!seen[k]) { seen[k] = 1; n++; }' \
        '    if (k === 0x2e7d32) g++;' \
        '    if (k === 0xc62828) r++;' \
        '  }' \
        '  document.body.setAttribute("data-result", "size=" + img.width + "x" + img.height + " colours=" + n + " green=" + g + " red=" + r);' \
        '};'
    printf "img.src = 'data:image/png;base64,%s';\n" "$(base64 -w0 shot.png)"
    printf '%s\n' '</script></body></html>'
} >count.html
result=$(shoot --virtual-time-budget=10000 --dump-dom "file://$T/count.html" | grep -o 'data-result="[^"]*"')
echo "# $result"
set -- $(echo "$result" | sed 's/.*size=\([0-9]*\)x\([0-9]*\) colours=\([0-9]*\) green=\([0-9]*\) red=\([0-9]*\).*/\1 \2 \3 \4 \5/')
t_check "screenshot is 1200x900" [ "${1:-0}x${2:-0}" = 1200x900 ]
t_check "screenshot has many colours (${3:-0})" [ "${3:-0}" -gt 50 ]
t_check "the chart's accept bars are drawn (${4:-0} green pixels)" [ "${4:-0}" -gt 20000 ]
t_check "the chart's reject bars are drawn (${5:-0} red pixels)" [ "${5:-0}" -gt 1000 ]
t_done
