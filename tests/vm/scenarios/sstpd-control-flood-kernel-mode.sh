#!/bin/bash
# While sstpc + pppd move data through sstpd --datapath kernel with iperf3,
# another client completes its call (bob, MS-CHAPv2, crypto binding) and
# then floods SSTP Echo Requests, valid in that state (16,384, 128 KB):
# sstp.ko ends that session as control-flood, alice's tunnel goes on
# carrying iperf3 to its end, and sstpd's netlink socket never overruns
# (no ENOBUFS in its log; each control packet is a notification to it).
# timeout: 300
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
SSTPD_MODE=kernel
sstpd_start --datapath kernel
tunnel_up alice "correct horse" mschapv2 refuse-pap refuse-chap refuse-mschap

vm_step "iperf3 for 30 s through the tunnel, in the background"
ip netns exec server iperf3 -s -1 -B 10.99.0.1 > /dev/null 2>&1 &
server_pid=$!
vm_wait 30 iperf3_listening
ip netns exec client iperf3 -c 10.99.0.1 -t 30 -i 1 -J > "$VM_RESULTS/iperf3-flood.json" &
client_pid=$!
rx0=$(kernel_field rx_bytes)
tunnel_moves() {
	[ "$(kernel_field rx_bytes)" -gt $((rx0 + 1000000)) ]
}
vm_wait 30 tunnel_moves

vm_step "a second client, authenticated as bob, floods Echo Requests"
ip netns exec client "$SSTP_BUILD/tests/tools/sstp-testclient" --server "$VM_SERVER_ADDR:443" \
	--user bob --password s3cret --flood-echo 16384 --duration 120 \
	> "$VM_RESULTS/flooder.log" 2>&1 || { cat "$VM_RESULTS/flooder.log"; vm_fail "the flooding client failed"; }
cat "$VM_RESULTS/flooder.log"
grep -q '^flood ' "$VM_RESULTS/flooder.log" || vm_fail "the flooder never came up"
flooder=$(last_session_of bob)
vm_wait 30 grep -q "sess $flooder: disconnect: " "$VM_RESULTS/sstpd.log"
grep "sess $flooder: disconnect: " "$VM_RESULTS/sstpd.log"
grep -q "sess $flooder: disconnect: sstp.ko: control-flood" "$VM_RESULTS/sstpd.log" ||
	vm_fail "bob's session did not end as control-flood"

vm_step "alice's tunnel moves on after the flood, iperf3 runs to its end"
rx0=$(kernel_field rx_bytes)
tunnel_moves_on() {
	[ "$(kernel_field rx_bytes)" -gt $((rx0 + 200000)) ]
}
vm_wait 60 tunnel_moves_on
wait "$client_pid" || vm_fail "iperf3 failed"
wait "$server_pid" || true
# For the log only: a second without data can be TCP recovering a loss in
# an emulated guest, not the flood.
python3 - "$VM_RESULTS/iperf3-flood.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("bytes per second:", " ".join(str(i["sum"]["bytes"]) for i in r["intervals"]))
PY
if grep -E 'ENOBUFS|overrun' "$VM_RESULTS/sstpd.log"; then
	vm_fail "sstpd's netlink socket overran"
fi
tunnel_ping
tunnel_client_leaves
sstpd_stop
