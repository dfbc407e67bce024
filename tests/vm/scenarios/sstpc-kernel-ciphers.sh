#!/bin/bash
# sstpd --datapath kernel with each TLS version and each cipher the kernel
# takes (TLS 1.2 and 1.3 x AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305),
# forced on the server while sstpc keeps OpenSSL's defaults: the session
# gets the kernel data path with that version and cipher (kTLS both ways,
# for 1.3 receive installed by sstpd itself), ping goes both ways, iperf3
# runs 5 s each way with sstp.ko's counters covering its bytes and sstpd
# under 5% of the CPU, and the client leaves nothing behind.  An AES-CBC
# session, which the kernel cannot take, runs in user mode with the reason
# logged, and works.
# timeout: 900
# shellcheck source=tests/vm/lib.sh
. "$SSTP_SRC/tests/vm/lib.sh"
# shellcheck source=tests/vm/sstpd.sh
. "$SSTP_SRC/tests/vm/sstpd.sh"

vm_load_modules
pppd_opts=(refuse-pap refuse-chap refuse-mschap)

# one VERSION OPTION CIPHER: a whole session with that cipher forced.
one() {
	local version=$1 option=$2 cipher=$3 name
	name="tls$version-$cipher"
	vm_step "TLS $version, $cipher"
	SSTPD_MODE=kernel
	sstpd_start --datapath kernel --tls-version "$version" "$option" "$cipher"
	TUN_NAME=$name tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
	grep -q "sess $TUN_SESS: data path kernel: TLSv$version $cipher, sstp.ko session" \
		"$VM_RESULTS/sstpd.log" || vm_fail "$name: not the kernel path with TLSv$version $cipher"
	tunnel_ping
	kernel_transfer_check "$name"
	tunnel_client_leaves
	sstpd_stop
	mv "$VM_RESULTS/sstpd.log" "$VM_RESULTS/sstpd-$name.log"
}

for cipher in ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384 ECDHE-RSA-CHACHA20-POLY1305; do
	one 1.2 --ciphers "$cipher"
done
for cipher in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
	one 1.3 --ciphersuites "$cipher"
done

vm_step "TLS 1.2 AES-CBC: user mode, with the reason"
SSTPD_MODE=user
sstpd_start --datapath kernel --tls-version 1.2 --ciphers ECDHE-RSA-AES128-SHA
TUN_NAME=cbc tunnel_up alice "correct horse" mschapv2 "${pppd_opts[@]}"
grep "sess $TUN_SESS: data path user: " "$VM_RESULTS/sstpd.log"
grep -q "sess $TUN_SESS: data path user: TLSv1.2 ECDHE-RSA-AES128-SHA: OpenSSL did not move transmit to kTLS" \
	"$VM_RESULTS/sstpd.log" || vm_fail "AES-CBC: no user-mode line with the reason"
kernel_has_no_session || vm_fail "AES-CBC: sstp.ko holds a session"
tunnel_ping
tunnel_client_leaves
sstpd_stop
cat "$VM_RESULTS/figures.txt"
