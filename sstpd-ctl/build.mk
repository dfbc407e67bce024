# User space: libsstp (codecs, no I/O) and the programs built on it.

LIBSSTP_SRCS := sstpd-ctl/wire.c sstpd-ctl/deframe.c sstpd-ctl/http.c
LIBSSTP      := $(BUILD)/libsstp.a

$(LIBSSTP): $(LIBSSTP_SRCS:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

USER_PROGS += $(LIBSSTP)

# The generic netlink client and sstpctl.
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)

$(BUILD)/sstpd-ctl/genl.o: USER_CFLAGS += $(NL_CFLAGS)

$(BUILD)/sstpctl: $(BUILD)/sstpd-ctl/sstpctl.o $(BUILD)/sstpd-ctl/genl.o
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(NL_LIBS)

USER_PROGS += $(BUILD)/sstpctl
