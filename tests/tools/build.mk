# Test tools: programs that play a peer in host and VM scenarios.

TEST_TOOLS := $(BUILD)/tests/tools/sstp-testclient $(BUILD)/tests/tools/ktls-handoff

$(BUILD)/tests/tools/sstp-testclient: $(BUILD)/tests/tools/sstp-testclient.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

# sstpd's kTLS hand-off against a user-space OpenSSL client (VM: needs kTLS).
$(BUILD)/tests/tools/ktls-handoff: $(BUILD)/tests/tools/ktls-handoff.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

# sstp.ko driven from both ends of a loopback kTLS pair (VM: needs the module).
TEST_TOOLS += $(BUILD)/tests/tools/sstp-ktls-pair
KPAIR_OBJS := $(BUILD)/tests/tools/kpair.o $(BUILD)/sstpd-ctl/kernel/genl.o \
	      $(BUILD)/sstpd-ctl/proto/deframe.o $(BUILD)/sstpd-ctl/proto/wire.o
$(BUILD)/tests/tools/sstp-ktls-pair: $(BUILD)/tests/tools/sstp-ktls-pair.o $(KPAIR_OBJS)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(NL_LIBS)

# Faults sstp.ko must survive: resets under traffic, floods, odd records.
TEST_TOOLS += $(BUILD)/tests/tools/sstp-kmod-faults
$(BUILD)/tests/tools/sstp-kmod-faults: $(BUILD)/tests/tools/sstp-kmod-faults.o $(KPAIR_OBJS)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(NL_LIBS) -lcrypto -lpthread

$(BUILD)/tests/tools/sstp-ktls-pair.o $(BUILD)/tests/tools/kpair.o \
$(BUILD)/tests/tools/sstp-kmod-faults.o: USER_CFLAGS += $(NL_CFLAGS)

# sstp.ko's sessions and counters, one line each (VM scenarios).
TEST_TOOLS += $(BUILD)/tests/tools/sstp-sessions
$(BUILD)/tests/tools/sstp-sessions: $(BUILD)/tests/tools/sstp-sessions.o $(BUILD)/sstpd-ctl/kernel/genl.o
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(NL_LIBS)

# A server that Naks, Aborts or fakes MS-CHAPv2 success (host scenarios).
TEST_TOOLS += $(BUILD)/tests/tools/sstp-badserver
$(BUILD)/tests/tools/sstp-badserver: $(BUILD)/tests/tools/sstp-badserver.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

USER_PROGS += $(TEST_TOOLS)
