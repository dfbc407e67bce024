#!/bin/bash
# SESSION_NEW refuses what it cannot take (a file, UDP, an unconnected or
# already taken socket, a transport that does not match, an MRU out of
# range) and the other requests what is wrong (no such session, not an SSTP
# control packet), each with its errno and an extended-ack message;
# SESSION_GET reports channel, state and idle time.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-ktls-pair refuse"
"$tool" refuse

vm_step "no socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
