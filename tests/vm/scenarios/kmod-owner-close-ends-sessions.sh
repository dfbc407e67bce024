#!/bin/bash
# Sessions belong to the netlink socket that created them: when the process
# owning it exits, every one of its sessions ends with reason owner-gone
# (announced on the events group), their connections close and their
# channels go; none is left in the dump and no socket stays behind.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-ktls-pair owner-gone 8"
"$tool" owner-gone 8

vm_step "no socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
