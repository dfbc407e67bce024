#!/bin/bash
# A Call Disconnect that the owner queues with CONTROL_SEND right before
# SESSION_DEL reaches the client, followed by a TLS close_notify and the end
# of the stream, TLS 1.2 and 1.3.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-kmod-faults
vm_need_file "$tool" "sstp-kmod-faults"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-kmod-faults goodbye (TLS 1.2)"
"$tool" goodbye
vm_step "sstp-kmod-faults goodbye --tls13"
"$tool" goodbye --tls13

vm_step "no session, channel or socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
