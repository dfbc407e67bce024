#!/bin/bash
# A user without capabilities gets EPERM for every request but version-get,
# and cannot join the events group: session ids, counters and idle times
# are for the administrator only.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules

vm_step "sstp-ktls-pair eperm as nobody, no capabilities"
setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
	--bounding-set=-all --no-new-privs "$tool" eperm

vm_step "sstpctl version as nobody"
setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
	--bounding-set=-all --no-new-privs "$SSTP_BUILD/sstpctl" version
vm_unload_module
