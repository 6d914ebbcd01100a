# readme.sh - README.md's command blocks, for the tests that run them as a
# site would (sourced after common.sh; bash).
#
#	readme_block HEADING	print the first ```sh block after the line
#				HEADING of README.md ("## Install on a server")
#	readme_run N DIR OUT CMD
#				run README command number N, CMD, from the
#				directory DIR in this shell (the caller's shell
#				functions stand in for systemctl and the like,
#				and keep their state), its output in OUT;
#				t_ok or t_fail on its exit status, which it
#				returns (1 when DIR or $T cannot be entered)

readme_block() {
    awk -v h="$1" '$0 == h { s = 1 } s && /^```sh$/ { b = 1; next }
        b && /^```$/ { exit } b' "$top_srcdir/README.md"
}

readme_run() {
    echo "# README command $1: $4"
    cd "$2" || return 1
    { eval "$4"; } >"$3" 2>&1
    _rr_st=$?
    cd "$T" || return 1
    if [ $_rr_st = 0 ]; then t_ok "README command $1 (exit 0)"
    else t_fail "README command $1 exited $_rr_st"; sed 's/^/#   /' "$3" | tail -20; fi
    return $_rr_st
}
