#!/bin/bash
# Kernel-mode sessions end without leftovers however they end: no session
# in sstp.ko's dump, no ppp unit in the server, pool address released and
# the reason in sstpd's log, after
#   - the server disconnecting (SIGTERM: Call Disconnect to the client),
#   - sstpd killed with SIGKILL (sstp.ko ends the orphans: owner-gone),
#   - rmmod sstp with a live session (sstpd goes on, refuses sessions
#     while the module is away, and takes the kernel path again once it
#     is back).
# (The client disconnecting is in sstpc-mschapv2-kernel-mode.)
# timeout: 420
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
SSTPD_MODE=kernel
pppd_opts=(refuse-pap refuse-chap refuse-mschap)

server_has_no_ppp_unit() {
	! ip -n server -o link show | grep -q ' ppp[0-9]*:'
}

# Nothing of a kernel session left: module, interfaces.
nothing_left() {
	vm_wait 30 kernel_has_no_session
	vm_wait 30 server_has_no_ppp_unit
	ip -n server -o link show
}

vm_step "the server disconnects: SIGTERM"
sstpd_start --datapath kernel
TUN_NAME=term tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
tunnel_ping
sstpd_stop
grep "sess $TUN_SESS: disconnect:" "$VM_RESULTS/sstpd.log"
grep -q "sess $TUN_SESS: disconnect: server shutting down" "$VM_RESULTS/sstpd.log" ||
	vm_fail "SIGTERM: the session did not end with 'server shutting down'"
grep -q "sess $TUN_SESS: released address $TUN_ADDR, 0 in use" "$VM_RESULTS/sstpd.log" ||
	vm_fail "SIGTERM: the pool address was not released"
nothing_left
# The client got the Call Disconnect and went away by itself.
vm_wait 20 sh -c "! kill -0 $SSTPC_PID 2>/dev/null"

vm_step "sstpd killed with SIGKILL"
sstpd_start --datapath kernel
TUN_NAME=kill tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
tunnel_ping
kill -KILL "$SSTPD_PID"
wait "$SSTPD_PID" || true
nothing_left
dmesg | grep -q 'sstp: sess [0-9]*: down: owner-gone' ||
	vm_fail "SIGKILL: sstp.ko did not end the session as owner-gone"
vm_wait 30 sh -c "! kill -0 $SSTPC_PID 2>/dev/null"

vm_step "rmmod sstp with a live session"
sstpd_start --datapath kernel
TUN_NAME=rmmod tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
tunnel_ping
vm_unload_module
vm_wait 30 grep -q "sess $TUN_SESS: disconnect: sstp.ko: unload" "$VM_RESULTS/sstpd.log"
vm_wait 30 grep -q "sess $TUN_SESS: released address $TUN_ADDR, 0 in use" "$VM_RESULTS/sstpd.log"
vm_wait 30 grep -q 'sstp.ko was unloaded: new sessions are refused until it is back' \
	"$VM_RESULTS/sstpd.log"
vm_wait 30 server_has_no_ppp_unit
kill -0 "$SSTPD_PID" || vm_fail "sstpd did not survive rmmod"
vm_wait 30 sh -c "! kill -0 $SSTPC_PID 2>/dev/null"

vm_step "no sstp.ko: --datapath kernel refuses the next session"
sstpc_start refused alice "correct horse" "${pppd_opts[@]}"
vm_wait 30 grep -q 'disconnect: datapath kernel: sstp.ko is not loaded' "$VM_RESULTS/sstpd.log"
vm_wait 30 sh -c "! kill -0 $SSTPC_PID 2>/dev/null"
server_has_no_ppp_unit || vm_fail "a ppp unit for a refused session"

vm_step "sstp.ko back: the next session runs in kernel mode again"
insmod "$SSTP_KO" || vm_fail "insmod $SSTP_KO"
TUN_NAME=again tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
tunnel_ping
[ "$(kernel_sessions | wc -l)" -eq 1 ] || vm_fail "sstp.ko does not hold the new session"
tunnel_client_leaves
nothing_left
sstpd_stop
