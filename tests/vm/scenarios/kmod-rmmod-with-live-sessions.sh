#!/bin/bash
# rmmod sstp while 16 sessions carry traffic both ways: each ends with
# reason unload (its owner told), their connections close, their channels
# go, no socket stays behind, the module is gone and loads again.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules
base=$(vm_tcp_sockets)
log=$VM_RESULTS/hold.log

vm_step "sstp-ktls-pair hold 16, in the background"
"$tool" hold 16 > "$log" 2>&1 &
pid=$!
vm_wait 60 grep -q '^ready' "$log"
sleep 1

vm_step "rmmod sstp under traffic"
vm_unload_module
[ ! -d /sys/module/sstp ] || vm_fail "/sys/module/sstp is still there after rmmod"

vm_step "every session ended with reason unload"
wait "$pid" || { cat "$log"; vm_fail "sstp-ktls-pair hold failed"; }
cat "$log"
[ "$(grep -c '^down [0-9]* unload$' "$log")" -eq 16 ] || vm_fail "not 16 sessions ended with unload"

vm_step "no socket left; the module loads again"
vm_wait_tcp_sockets "$base"
insmod "$SSTP_KO"
"$SSTP_BUILD/sstpctl" version
vm_unload_module
