#!/bin/bash
# A malformed SSTP header from the network (version other than 0x10, length
# below 4, a length-3 header split across records) ends that session with
# reason bad-packet and closes its connection, while another session goes on
# carrying frames both ways; packets that are malformed but harmless (no
# frame, FF without 03, a 6-byte control packet) and a frame above the MRU
# are counted and dropped without ending anything.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-ktls-pair malformed"
"$tool" malformed

vm_step "no session, channel or socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
