#!/bin/bash
# Debian's sstpc + pppd against sstpd in user mode with MS-CHAPv2 and crypto
# binding: tunnel up with a pool address and DNS, ping both ways, iperf3 5 s
# each way, clean disconnect, and no TUN, pool address or descriptor left.
# timeout: 240
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

sstpd_start --datapath user
sstpc_tunnel_check alice "correct horse" mschapv2 \
	refuse-pap refuse-chap refuse-mschap
sstpd_stop
