#!/bin/bash
# Every way a session ends is told with its reason in SESSION_DOWN_NTF, the
# connection closed and the ppp channel gone: a TLS 1.3 KeyUpdate, which
# these kernels cannot follow (tls-rekey), a TLS alert (tls-alert), a record
# that does not authenticate (tls-error), the client's FIN (peer-closed),
# its RST (transport-error), SESSION_DEL (userspace).
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-ktls-pair reasons"
"$tool" reasons

vm_step "the KeyUpdate was logged once"
[ "$(dmesg | grep -c 'cannot rekey kTLS')" -eq 1 ] || vm_fail "no single log line for the KeyUpdate"

vm_step "no session, channel or socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
