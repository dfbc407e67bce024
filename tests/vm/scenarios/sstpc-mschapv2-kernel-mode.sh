#!/bin/bash
# Debian's sstpc + pppd against sstpd --datapath kernel (sstp.ko, kTLS both
# ways) with MS-CHAPv2 and crypto binding: the tunnel comes up on a ppp
# unit, ping goes both ways, iperf3 runs 5 s each way; sstp.ko's counters
# account for the iperf3 bytes, and sstpd's own CPU time grows by less than
# 5% of the machine's during the transfer (the data does not pass through
# it).  The client leaves: no session, channel, ppp unit, pool address or
# descriptor is left.  The same transfer in user mode first, in the same
# VM, gives the figures to compare with (measured, not asserted).
# timeout: 480
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
pppd_opts=(refuse-pap refuse-chap refuse-mschap)

vm_step "user mode first, for the figures"
SSTPD_MODE=user
sstpd_start --datapath user
TUN_NAME=user tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
measured_iperf user
user_cpu=$CPU_SSTPD user_busy=$CPU_BUSY
tunnel_client_leaves
sstpd_stop

vm_step "kernel mode"
SSTPD_MODE=kernel
sstpd_start --datapath kernel
grep -q 'listening on .*, data path kernel$' "$VM_RESULTS/sstpd.log" ||
	vm_fail "sstpd does not say it runs the kernel data path"
idle_fds=$(sstpd_fds)
TUN_NAME=kernel tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
kernel_sessions | tee "$VM_RESULTS/sessions-up.txt"
tunnel_ping
kernel_transfer_check kernel
tunnel_client_leaves
vm_wait 30 sstpd_fds_are "$idle_fds"
sstpd_stop

python3 - "$VM_RESULTS" "$user_cpu" "$user_busy" "$CPU_SSTPD" "$CPU_BUSY" <<'PY' |
import json, sys
res, ucpu, ubusy, kcpu, kbusy = sys.argv[1], *map(int, sys.argv[2:])
def mbit(mode, d):
    return json.load(open(f"{res}/iperf3-{d}-{mode}.json"))["end"]["sum_received"]["bits_per_second"] / 1e6
for d in ("up", "down"):
    u, k = mbit("user", d), mbit("kernel", d)
    print(f"{d}: user {u:.1f} Mbit/s, kernel {k:.1f} Mbit/s, kernel/user {k / u:.2f}")
print(f"sstpd's share of busy CPU: user mode {100 * ucpu / max(ubusy, 1):.1f}%, "
      f"kernel mode {100 * kcpu / max(kbusy, 1):.1f}%")
PY
	tee -a "$VM_RESULTS/figures.txt"
