#!/bin/bash
# sstpd's kTLS hand-off (ktls.c) without sstp.ko: for TLS 1.2 and 1.3 and
# each AEAD cipher, OpenSSL's drained plaintext plus what the kernel then
# decrypts is the client's stream exactly (no byte lost or doubled, no
# EBADMSG from a wrong record sequence number), also when the drain meets
# a half-read record; kTLS runs both ways (/proc/net/tls_stat); an AES-CBC
# session is refused with its reason (it stays in user mode).
# timeout: 480
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"

tool=$SSTP_BUILD/tests/tools/ktls-handoff
vm_need_file "$tool" "ktls-handoff"
modprobe tls || vm_fail "modprobe tls"
# One certificate for every run: its RSA key takes seconds under TCG.
state=$(mktemp -d /run/ktls-handoff.XXXXXX)

# handoff NAME ARGS...: one run; its output in $VM_RESULTS/ktls-NAME.log.
handoff() {
	local name=$1 log
	shift
	log=$VM_RESULTS/ktls-$name.log
	vm_step "$name: ktls-handoff $*"
	"$tool" --state-dir "$state" "$@" > "$log" 2>&1 ||
		{ cat "$log"; vm_fail "$name: ktls-handoff $*"; }
	cat "$log"
	grep -q '^handoff: ' "$log" || vm_fail "$name: no hand-off"
	grep -q '^client: .* bytes echoed intact' "$log" || vm_fail "$name: no intact echo"
	# Our socket alone had kTLS in software, both ways, and nothing failed.
	grep -q '^after:.* TlsCurrTxSw=1 TlsCurrRxSw=1' "$log" ||
		vm_fail "$name: kTLS is not on in both directions after the hand-off"
	if grep -q 'TlsDecryptError=[1-9]' "$log"; then
		vm_fail "$name: the kernel failed to decrypt a record"
	fi
}

for v in 1.2 1.3; do
	if [ "$v" = 1.2 ]; then
		set -- ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384 \
			ECDHE-RSA-CHACHA20-POLY1305
		opt=--ciphers
	else
		set -- TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256
		opt=--ciphersuites
	fi
	for c; do
		handoff "$v-$c-late" --tls-version "$v" "$opt" "$c" --early 0 --late 5
		handoff "$v-$c-early" --tls-version "$v" "$opt" "$c" --early 7 --late 5
		handoff "$v-$c-split" --tls-version "$v" "$opt" "$c" --early 3 --late 3 --split
	done
	# The initial bytes are the early records: OpenSSL had them, not the kernel.
	grep -q '^handoff: .* initial 7000 ' "$VM_RESULTS/ktls-$v-$c-early.log" ||
		vm_fail "TLS $v: the early records were not drained from OpenSSL"
	# TLS 1.3 receive is ours: the drain must finish a half-read record
	# (the records after it may land on either side).  For 1.2 OpenSSL
	# reads through kTLS already: the kernel holds a partial record.
	if [ "$v" = 1.3 ]; then
		grep -Eq '^handoff: .* initial [123]000 waited [1-9]' \
			"$VM_RESULTS/ktls-$v-$c-split.log" ||
			vm_fail "TLS $v: the drain did not wait for the split record"
	fi
done

vm_step "AES-CBC stays in user mode, with its reason"
rc=0
"$tool" --state-dir "$state" --tls-version 1.2 --ciphers ECDHE-RSA-AES128-SHA \
	> "$VM_RESULTS/ktls-cbc.log" 2>&1 || rc=$?
cat "$VM_RESULTS/ktls-cbc.log"
[ "$rc" -eq 3 ] || vm_fail "AES-CBC: exit $rc, expected 3 (user mode)"
grep -q '^user mode: TLSv1.2 ECDHE-RSA-AES128-SHA: OpenSSL did not move transmit' \
	"$VM_RESULTS/ktls-cbc.log" || vm_fail "AES-CBC: no user-mode reason"
