# Test tools: programs that play a peer in host and VM scenarios.

TEST_TOOLS := $(BUILD)/tests/tools/sstp-testclient

$(BUILD)/tests/tools/sstp-testclient: $(BUILD)/tests/tools/sstp-testclient.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

USER_PROGS += $(TEST_TOOLS)
