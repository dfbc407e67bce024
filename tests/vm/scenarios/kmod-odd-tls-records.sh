#!/bin/bash
# Records the module's kTLS reading must not misread, TLS 1.2 and 1.3: an
# empty application-data record (legal) changes nothing; a record header
# kTLS cannot parse ends the session as tls-error at once, not at a timer.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-kmod-faults
vm_need_file "$tool" "sstp-kmod-faults"
vm_load_modules
base=$(vm_tcp_sockets)

vm_step "sstp-kmod-faults records (TLS 1.2)"
"$tool" records
vm_step "sstp-kmod-faults records --tls13"
"$tool" records --tls13

vm_step "no session, channel or socket left"
vm_wait_tcp_sockets "$base"
vm_unload_module
