#!/bin/bash
# The VM's kernel is one the module can live in: kTLS and PPP load as
# modules, /dev/ppp appears, and veth pairs between namespaces carry traffic.
# timeout: 120
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

vm_step "the guest runs the kernel we asked for"
[ "$(uname -r)" = "$KVER" ] || vm_fail "guest runs $(uname -r), expected $KVER"

vm_step "modprobe tls ppp_generic"
modprobe tls
modprobe ppp_generic
grep -qw '^tls' /proc/modules || vm_fail "tls is not in /proc/modules"
grep -qw '^ppp_generic' /proc/modules || vm_fail "ppp_generic is not in /proc/modules"
vm_wait 30 test -c /dev/ppp

vm_step "kTLS keeps its counters in /proc/net/tls_stat"
grep -q '^TlsCurrTxSw' /proc/net/tls_stat || vm_fail "no /proc/net/tls_stat after modprobe tls"

vm_step "namespaces joined by veth"
vm_netns_pair client server
ip netns exec client ping -c 1 -W 5 "$VM_SERVER_ADDR"
ip netns exec client ping -c 1 -W 5 "$VM_SERVER_ADDR6"
