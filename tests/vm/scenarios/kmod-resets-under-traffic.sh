#!/bin/bash
# Hundreds of sessions reset by their client while frames flow both ways at
# full rate (a thread writes to the ppp channels as the teardown runs), then
# the same with rmmod in the middle: every session ends, no socket or
# session object stays behind, and the module's slab cache is empty when it
# is destroyed (slab_nomerge keeps it apart, so that the kernel would report
# any object left in it).
# timeout: 600
# cmdline: slab_nomerge
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/sstp-kmod-faults
vm_need_file "$tool" "sstp-kmod-faults"
vm_load_modules
base=$(vm_tcp_sockets)

# slab_objects: objects of sstp.ko's session cache, active and total, for
# the log (SLUB counts objects of per-CPU slabs as active); the exact check
# is kmem_cache_destroy()'s at rmmod.
slab_objects() {
	awk '$1 == "sstp_session" { print $2, $3 }' /proc/slabinfo
}

vm_step "the session cache is the module's own"
[ -n "$(slab_objects)" ] || vm_fail "no sstp_session cache in /proc/slabinfo"
echo "sstp_session before: $(slab_objects)"

vm_step "100 rounds of 4 resets under traffic"
"$tool" resets 100

vm_step "no session, socket or object left"
[ -z "$("$SSTP_BUILD/tests/tools/sstp-sessions")" ] || vm_fail "sessions left"
vm_wait_tcp_sockets "$base"
echo "sstp_session after: $(slab_objects)"
# kmem_cache_destroy() at rmmod reports any object still allocated.
vm_unload_module
if dmesg | grep -E 'sstp_session|Objects remaining'; then
	vm_fail "the session cache was not empty at unload"
fi

vm_step "resets until rmmod, in the background"
insmod "$SSTP_KO"
log=$VM_RESULTS/resets-unload.log
"$tool" resets 100000 --until-unload > "$log" 2>&1 &
pid=$!
vm_wait 300 grep -q '^round 20:' "$log"
vm_unload_module
wait "$pid" || { cat "$log"; vm_fail "sstp-kmod-faults resets --until-unload failed"; }
tail -n 5 "$log"
grep -q '^the module went away after' "$log" || vm_fail "the run did not see the module go"
vm_wait_tcp_sockets "$base"
if dmesg | grep -E 'sstp_session|Objects remaining'; then
	vm_fail "the session cache was not empty at unload"
fi

vm_step "the module loads again and works"
insmod "$SSTP_KO"
"$tool" resets 2
vm_unload_module
