#!/bin/bash
# sstp.ko loads on top of tls and ppp_generic, registers the generic netlink
# family "sstp" that iproute2 and sstpctl both see, answers a version query
# with its own release, and unloads leaving no family behind.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

sstpctl=$SSTP_BUILD/sstpctl
vm_need_file "$sstpctl" "sstpctl"

vm_step "load tls, ppp_generic and $SSTP_KO"
vm_load_modules
[ -d /sys/module/sstp ] || vm_fail "no /sys/module/sstp after insmod"

vm_step "genl ctrl get name sstp"
genl ctrl get name sstp | tee "$VM_RESULTS/genl.txt"
grep -q 'Name: sstp' "$VM_RESULTS/genl.txt" || vm_fail "genl does not list the family 'sstp'"

vm_step "sstpctl version"
"$sstpctl" version | tee "$VM_RESULTS/version.txt"
release=$(modinfo -F version "$SSTP_KO")
grep -qx "module $release" "$VM_RESULTS/version.txt" ||
	vm_fail "sstpctl version has no line 'module $release'"
grep -qE '^api [0-9]+$' "$VM_RESULTS/version.txt" || vm_fail "sstpctl version has no line 'api N'"
grep -q '^features' "$VM_RESULTS/version.txt" || vm_fail "sstpctl version has no line 'features ...'"

vm_step "rmmod sstp"
vm_unload_module
[ ! -d /sys/module/sstp ] || vm_fail "/sys/module/sstp is still there after rmmod"
if genl ctrl get name sstp; then
	vm_fail "the family 'sstp' is still registered after rmmod"
fi
if "$sstpctl" version; then
	vm_fail "sstpctl version succeeds without the module"
fi
