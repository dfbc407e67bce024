# Test tools: programs that play a peer in host and VM scenarios.

TEST_TOOLS := $(BUILD)/tests/tools/sstp-testclient $(BUILD)/tests/tools/ktls-handoff

$(BUILD)/tests/tools/sstp-testclient: $(BUILD)/tests/tools/sstp-testclient.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

# sstpd's kTLS hand-off against a user-space OpenSSL client (VM: needs kTLS).
$(BUILD)/tests/tools/ktls-handoff: $(BUILD)/tests/tools/ktls-handoff.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

USER_PROGS += $(TEST_TOOLS)
