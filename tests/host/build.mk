# tests/host: scenarios on this machine itself (network namespaces, TUN),
# for everything that needs no module, kTLS or /dev/ppp.
#
#   make check-host                       every scenario
#   tests/host/run NAME                   one (logs in build/host/NAME/)

.PHONY: check-host
CHECK_LAYERS += check-host

check-host:
	@SSTP_BUILD='$(abspath $(BUILD))' tests/host/run
