#!/bin/bash
# postfix-reload.sh - reload under load: while smtp-source pushes N messages
# through Postfix (10 sessions), mssante-milter gets a SIGHUP every 0.1 s,
# with a configuration that changes between reloads (Hostname). Every
# message must reach the sink exactly once: smtp-source sees no refusal,
# the sink holds N messages with N distinct Postfix queue ids, the queue
# ends empty, the milter is still running, and messages checked after a
# reload carry the new host name.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/common.sh"
. "$top_srcdir/tests/lib/slapd.sh"
. "$top_srcdir/tests/lib/postfix.sh"
. "$top_srcdir/tests/lib/postfix-stack.sh"
. "$top_srcdir/tests/lib/reload-load.sh"

t_init postfix-reload
t_need_root
t_need_cmd postfix smtp-sink smtp-source slapd slapadd
mss_available || { echo "SKIP: mssante-milter or mssante-mirror not built"; exit 77; }
N=${RELOAD_MESSAGES:-400}
mss_stack enforce "InternalHosts 127.0.0.1/32" "Hostname before-reload" || { t_fail "stack starts"; t_done; }
LOG=$T/milter.log

reload_under_load "$(pf_port "$PF")" "$N" "pf_wait_queue_empty $PF 30" \
    's/^.*(Postfix) with E\{0,1\}SMTP id \([0-9A-F][0-9A-F]*\).*$/\1/p'
t_check "milter stops cleanly (exit 0)" mss_stop
t_check "milter log: no fatal error, panic or sanitizer report" mss_log_clean
t_done
