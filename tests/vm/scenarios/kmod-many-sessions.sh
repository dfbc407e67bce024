#!/bin/bash
# 64 sessions at once on one owner: each carries a frame both ways, the dump
# lists them all, SESSION_DEL ends every other one (userspace) while the
# rest go on, and closing the owner's socket ends the rest (owner-gone).
# Nothing is left: no session, channel or socket.
# timeout: 180
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-ktls-pair many 64"
"$tool" many 64

vm_step "no socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
