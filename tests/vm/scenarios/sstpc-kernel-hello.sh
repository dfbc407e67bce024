#!/bin/bash
# In kernel mode no data packet passes through sstpd, yet any packet from
# the client must restart the SSTP hello timer ([MS-SSTP] 3.2.2.3): when
# the timer runs out, sstpd asks sstp.ko how long the client has been
# silent, and a client that kept talking (ping through the tunnel) is
# neither sent an echo request nor dropped.  (--datapath auto: it picks
# the kernel path when sstp.ko is there.)
# timeout: 300
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
SSTPD_MODE=kernel
sstpd_start --datapath auto
tunnel_up alice "correct horse" mschapv2 refuse-pap refuse-chap refuse-mschap

vm_step "ping through the tunnel for 75 s: past the 60 s hello interval"
ip netns exec client ping -q -c 75 -i 1 -W 5 10.99.0.1 | tee "$VM_RESULTS/ping.txt"
grep -q ' 0% packet loss' "$VM_RESULTS/ping.txt" || vm_fail "the tunnel lost packets"
grep "sess $TUN_SESS: sstp.ko: client last heard" "$VM_RESULTS/sstpd.log" ||
	vm_fail "sstpd never asked sstp.ko when the client was last heard"
idle=$(sed -n "s/.*sess $TUN_SESS: sstp.ko: client last heard \([0-9]*\) ms ago/\1/p" \
	"$VM_RESULTS/sstpd.log" | head -n 1)
[ "$idle" -lt 5000 ] || vm_fail "sstp.ko says the client was silent for $idle ms during a ping"
if grep -q "sess $TUN_SESS: disconnect:" "$VM_RESULTS/sstpd.log"; then
	vm_fail "the session ended while the client was talking"
fi
[ "$(kernel_field state)" = connected ] || vm_fail "sstp.ko's session is not connected"
tunnel_client_leaves
sstpd_stop
