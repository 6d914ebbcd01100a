#!/bin/bash
# miltertest-modes.sh - monitor mode, PeerCertificate monitor, the directory
# down (no trust snapshot: 451 4.4.3, or accept), and SIGHUP reloads: a good
# new configuration applies to new connections only, a bad one is refused
# and the old one kept. Driven by tests/miltertest/modes.lua.
. "${top_srcdir:-.}/tests/lib/common.sh"
t_init miltertest-modes
t_need_cmd "${MILTERTEST:-miltertest}" slapd
. "$top_srcdir/tests/integration/miltertest-lib.sh"

mtl_directory || { t_fail "private slapd"; t_done; }
sock=$T/milter.sock

# Monitor mode.
mtl_config "$T/monitor.conf" "Socket local:$sock" "Mode monitor" "PatientMaxSize 1k"
MTL_WAIT_SNAPSHOT=1 mtl_start monitor "$T/monitor.conf" || { t_fail "start"; t_done; }
mtl_miltertest modes.lua "unix:$sock" part=monitor
mtl_stop "$MTL_PID"
t_grep "monitor: would-reject logged" \
    'QIDM01: .* \[trust.sender_domain,ins.key,trust.rcpt_domain,trust.header_from\] action=continue would=reject mode=monitor$' \
    "$T/monitor.log"
t_grep "monitor: verbose trace says would refuse" 'QIDM01: would refuse MAIL FROM <someone@gmail.com>: trust.sender_domain 550 5.7.1' "$T/monitor.log"

# PeerCertificate monitor in enforce mode.
mtl_config "$T/peer.conf" "Socket local:$sock" "PeerCertificate monitor"
MTL_WAIT_SNAPSHOT=1 mtl_start peer "$T/peer.conf" || { t_fail "start"; t_done; }
mtl_miltertest modes.lua "unix:$sock" part=peermonitor
mtl_stop "$MTL_PID"

# Directory down from the start: port 1 on loopback refuses connections.
SLAPD_URI=ldap://127.0.0.1:1/ mtl_config "$T/down.conf" "Socket local:$sock"
mtl_start down "$T/down.conf" || { t_fail "start"; t_done; }
t_ok "the daemon starts without its directory"
mtl_miltertest modes.lua "unix:$sock" part=dirdown
t_grep "no snapshot warning" 'trust snapshot load failed' "$T/down.log"
t_grep "dir.error logged as tempfail" 'QIDD01: .* rcpts=1 accepted=0 rejected=0 tempfailed=1 \[dir.error\] action=tempfail' "$T/down.log"
mtl_stop "$MTL_PID"
echo "On-DirectoryError accept" >>"$T/down.conf"
mtl_start downaccept "$T/down.conf" || { t_fail "start"; t_done; }
mtl_miltertest modes.lua "unix:$sock" part=dirdown-accept
mtl_stop "$MTL_PID"

# Reload: enforce -> monitor while a connection is open.
mtl_config "$T/live.conf" "Socket local:$sock" "Mode enforce"
mtl_config "$T/next.conf" "Socket local:$sock" "Mode monitor"
MTL_WAIT_SNAPSHOT=1 mtl_start reload "$T/live.conf" || { t_fail "start"; t_done; }
pid=$MTL_PID
mtl_miltertest modes.lua "unix:$sock" part=reload pid="$pid" swap="cp $T/next.conf $T/live.conf"
t_grep "reload logged" 'signal HUP: reloading' "$T/reload.log"
t_grep "new configuration loaded" 'configuration 2 loaded from .*live.conf \(mode=monitor\)' "$T/reload.log"
t_grep "trust snapshot reloaded" 'trust snapshot 2 loaded' "$T/reload.log"

# A bad configuration is refused; the daemon keeps running with the last good one.
sed -i 's/^Mode .*/Mode sometimes/' "$T/live.conf"
kill -USR1 "$pid"
sleep 0.5
t_check "daemon survives a bad reload" kill -0 "$pid"
t_grep "bad reload names file, line and key" \
    "reload: .*live.conf:[0-9]+: Mode: expected one of: enforce\|monitor; keeping the current configuration" \
    "$T/reload.log"
# A restart-only key changed: warned, not applied.
mtl_config "$T/live.conf" "Socket local:$T/other.sock" "Mode enforce"
kill -HUP "$pid"
sleep 0.5
t_grep "restart-only key warned" 'reload: Socket changed: a restart is needed' "$T/reload.log"
t_check "still on the old socket" test -S "$sock"
mtl_stop "$pid"
t_done
