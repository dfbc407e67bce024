#!/bin/bash
# Throughput through sstp.ko against kTLS alone, both directions, on a
# loopback TCP pair in one guest: the ceiling the module is measured by.
# timeout: 300
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

vm_load_modules
"$SSTP_BUILD/tests/tools/sstp-ktls-pair" bench 8 | tee "$VM_RESULTS/figures.txt"
