#!/bin/bash
# sstp.ko de-frames the SSTP stream however TLS records and TCP segments
# cut it: packets of every size up to 4095 written in pieces of every size
# from 1 byte up (each piece its own record) reach the ppp channel (data)
# and the owner (control) whole and in order, starting with initial-data;
# IP is dropped both ways until the session is connected; frames written to
# the channel come out as SSTP packets with FF 03 and the protocol as
# PPPIOCSFLAGS says, CONTROL_SEND in order between them, through
# back-pressure.  With kTLS 1.2, kTLS 1.3 and plain TCP.
# timeout: 240
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-ktls-pair
vm_need_file "$tool" "sstp-ktls-pair"
vm_load_modules

for mode in "" --tls13 --plain; do
	vm_step "stream ${mode:-(kTLS 1.2)}"
	"$tool" stream $mode
done
