# tests/unit: one cmocka program per module, linked with libsstp.
#
#   make check-unit    build and run them; one verdict per test case
#
# Another fragment adds a test with UNIT_TESTS += name (for test_name.c here)
# and its extra objects or libraries with
#   $(BUILD)/tests/unit/test_name: $(BUILD)/sstpd-ctl/daemon/name.o
#   $(BUILD)/tests/unit/test_name: UNIT_LDLIBS += -lcrypto
# SSTP_CAPTURE_DIR is the decrypted Windows 7 capture test_capture replays.


UNIT_TESTS += wire wire_errors deframe http capture
UNIT_TESTS += mschapv2 binding loop config secrets pool sstp record
UNIT_TESTS += ppp_lcp ppp_auth ppp_ncp ppp_e2e ppp_capture ppp_capture_client
UNIT_TESTS += sstp_capture_client
UNIT_TESTS += ktls closer admission
UNIT_LDLIBS += $(LIBSSTP_LDLIBS)
UNIT_BINS   = $(UNIT_TESTS:%=$(BUILD)/tests/unit/test_%)

# Objects before archives, so that any object may use libsstp.
$(BUILD)/tests/unit/test_%: $(BUILD)/tests/unit/test_%.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) \
		-lcmocka $(UNIT_LDLIBS)

# The objects are not intermediate: keep them for incremental builds.
.SECONDARY: $(UNIT_TESTS:%=$(BUILD)/tests/unit/test_%.o)

.PHONY: unit check-unit
unit: $(UNIT_BINS)

# Built here rather than as a prerequisite so that a build failure is
# recorded as a failed check instead of silently skipping the layer.
check-unit:
	@if $(MAKE) --no-print-directory unit; then \
		status=0; \
		for t in $(UNIT_BINS); do \
			SSTP_CAPTURE_DIR='$(SSTP_CAPTURE_DIR)' tests/unit/run $$t || status=1; \
		done; \
		exit $$status; \
	else \
		tests/lib/record fail unit/build "building the unit tests failed"; \
		exit 1; \
	fi

CHECK_LAYERS += check-unit
