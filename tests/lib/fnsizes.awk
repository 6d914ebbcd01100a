# fnsizes.awk - the length of every function definition in C sources.
#
#	awk -f tests/lib/fnsizes.awk FILE.c...
#
# prints one line "FILE<TAB>FUNCTION<TAB>LINES" per definition, LINES
# counted from the first line of the definition (return type, name and
# parameters) to its closing brace. It reads the house style, not C: a
# definition starts with a line at column 0 and its body is closed by the
# first "}" at column 0. A brace block whose declaration holds "=" is an
# initialiser (a data table) and one without "(" is a struct, union or
# enum: neither is a function. Check's START_TEST(name) bodies count as
# functions named after the test. Comments, string and character literals
# and preprocessor lines are ignored, so that a "{" in them opens nothing.

# strip(LINE) - LINE without comments and with literals emptied, read one
# character at a time; incomment carries an unterminated /* comment over
# to the next line.
function strip(s,   out, i, n, c, q) {
    out = ""
    n = length(s)
    for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (incomment) {
            if (c == "*" && substr(s, i + 1, 1) == "/") { incomment = 0; i++; out = out " " }
        } else if (q != "") {
            if (c == "\\") i++
            else if (c == q) { out = out q q; q = "" }
        } else if (c == "/" && substr(s, i + 1, 1) == "*") {
            incomment = 1; i++
        } else if (c == "/" && substr(s, i + 1, 1) == "/") {
            break
        } else if (c == "\"" || c == "'") {
            q = c
        } else
            out = out c
    }
    return out
}

# name_of(DECL) - the name declared: the identifier before the first "("
# (the argument of START_TEST for a Check test).
function name_of(t,   p, h) {
    p = index(t, "(")
    h = substr(t, 1, p - 1)
    sub(/[ \t]+$/, "", h)
    match(h, /[A-Za-z_][A-Za-z_0-9]*$/)
    h = substr(h, RSTART, RLENGTH)
    if (h == "START_TEST") {
        t = substr(t, p + 1)
        match(t, /[A-Za-z_][A-Za-z_0-9]*/)
        h = substr(t, RSTART, RLENGTH)
    }
    return h
}

FNR == 1 { infn = 0; inblk = 0; cand = 0; incomment = 0; inmacro = 0 }
{
    raw = $0
    if (inmacro) { inmacro = (raw ~ /\\$/); next }
    s = strip(raw)
    if (infn || inblk) {
        if (raw ~ /^}/) {
            if (infn) printf "%s\t%s\t%d\n", FILENAME, fname, FNR - fstart + 1
            infn = inblk = 0
        }
        next
    }
    if (raw ~ /^#/) { inmacro = (raw ~ /\\$/); cand = 0; next }
    if (s ~ /^[ \t]*$/ || s ~ /^END_TEST/) { cand = 0; next }
    # cand: the first line of the declaration being read, 0 between them
    if (!cand && s ~ /^[A-Za-z_]/) { cand = FNR; decl = "" }
    if (cand) decl = decl " " s
    if (s ~ /^{/ || s ~ /{[ \t]*$/) {
        if (cand && decl ~ /\(/ && decl !~ /=/) {
            infn = 1; fstart = cand; fname = name_of(decl)
        } else
            inblk = 1
        cand = 0
        next
    }
    if (s ~ /;[ \t]*$/) cand = 0
}
