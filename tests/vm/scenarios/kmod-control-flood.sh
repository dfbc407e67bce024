#!/bin/bash
# A client that sends thousands of SSTP control packets (each one a netlink
# message to the owner) has its session ended as control-flood after at
# most 32 reached the owner, while another session keeps carrying data.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-kmod-faults
vm_need_file "$tool" "sstp-kmod-faults"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-kmod-faults flood"
"$tool" flood

vm_step "no session, channel or socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
