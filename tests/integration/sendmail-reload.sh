#!/bin/bash
# sendmail-reload.sh - reload under load through a real sendmail: while
# smtp-source pushes N messages through sendmail (10 sessions),
# mssante-milter gets a SIGHUP every 0.1 s with a configuration that
# changes between reloads (Hostname). Every message must reach the sink
# exactly once: smtp-source sees no refusal, the sink holds N messages
# with N distinct sendmail queue ids, sendmail's queue ends empty, the
# milter is still running, and messages checked after a reload carry the
# new host name.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/sendmail.sh"
. "$top_srcdir/tests/lib/reload-load.sh"

t_init sendmail-reload
t_need_root
t_need_cmd smtp-sink smtp-source slapd slapadd m4 apt-get dpkg
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
sm_fetch || { t_fail "the sendmail packages (apt-get download)"; t_done; }
N=${RELOAD_MESSAGES:-200}
sm_stack enforce "InternalHosts 127.0.0.1/32" "Hostname before-reload" || { t_fail "stack starts"; t_done; }
sm_start "$SM" || { t_fail "sendmail starts"; t_done; }
LOG=$T/milter.log

reload_under_load "$(pf_port "$SM")" "$N" "sm_wait_queue_empty $SM 30" \
    's/^.*(8\.[0-9.]*\/8\.[0-9.]*) with E\{0,1\}SMTP id \([0-9A-Za-z]*\).*$/\1/p'
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
