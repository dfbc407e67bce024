#!/bin/bash
# sstpd's client role in user mode (TUN) against sstpd in kernel mode
# (sstp.ko, kTLS both ways, a ppp unit), TLS 1.3, MS-CHAPv2 with a SHA-256
# crypto binding: ping crosses both ways and iperf3 runs 5 s each way; the
# server's sstp.ko counts the iperf3 bytes and its sstpd stays out of the
# data (under 5% of the machine's busy CPU ticks); sstpctl show -j lists
# the session with role client on the client (its counters from its TUN)
# and role server on the server.  The client stops: nothing is left.
# timeout: 600
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
SSTPD_MODE=kernel
sstpd_start --datapath kernel --control "$VM_STATE/server.sock"

vm_step "our client, user mode, TLS 1.3"
client_start tls13 --datapath user --tls-version 1.3
grep -E 'sess 1: up: address 10\.99\.0\.[0-9]+ peer 10\.99\.0\.1 on sstp1 \(user mode\), DNS 192\.0\.2\.53' \
	"$CLIENT_LOG" || vm_fail "no up line with address, peer and DNS on a TUN"
grep -q 'data path kernel' "$CLIENT_LOG" && vm_fail "the client took the kernel data path"
[ -z "$(client_sessions)" ] || vm_fail "the client's namespace has a session of sstp.ko"
vm_wait 30 grep -q "auth ok: user 'alice' (mschapv2)" "$VM_RESULTS/sstpd.log"
sess=$(last_session_of alice)
grep -q "sess $sess: data path kernel: TLSv1.3 " "$VM_RESULTS/sstpd.log" ||
	vm_fail "the server did not run sess $sess on sstp.ko with TLS 1.3"
grep -q "sess $sess: sstp: call connected, crypto binding verified (SHA-256)" \
	"$VM_RESULTS/sstpd.log" || vm_fail "the server did not verify a SHA-256 binding"
vm_wait 30 grep -Eq "sess $sess: up: user 'alice' address $CLIENT_ADDR on ppp[0-9]+ \(kernel mode\)" \
	"$VM_RESULTS/sstpd.log"
TUN_ADDR=$CLIENT_ADDR
TUN_IFACE=$(sed -En "s/.*sess $sess: up: .* on ([a-z0-9]+) .*/\1/p" "$VM_RESULTS/sstpd.log")

tunnel_ping
kernel_transfer_check tls13
up=$(iperf_bytes tls13 up) down=$(iperf_bytes tls13 down)

vm_step "sstpctl show -j on both ends"
ctl_session_check client "$VM_STATE/client.sock" client role=client state=up \
	inner="$CLIENT_ADDR" user=alice auth=mschapv2 datapath=user tls=TLSv1.3 \
	tx_bytes\>="$up" rx_bytes\>="$down"
ctl_session_check server "$VM_STATE/server.sock" server role=server state=up \
	inner="$CLIENT_ADDR" user=alice datapath=kernel rx_bytes\>="$up" tx_bytes\>="$down"

vm_step "the client stops: both ends keep nothing"
kill -TERM "$CLIENT_PID"
wait "$CLIENT_PID" || vm_fail "the client exited $? after SIGTERM"
vm_wait 30 grep -q "sess $sess: disconnect: client disconnected" "$VM_RESULTS/sstpd.log"
vm_wait 30 kernel_has_no_session
vm_wait 30 server_has_no_iface "$TUN_IFACE"
sstpd_stop
