# User space: libsstp (codecs, no I/O) and the programs built on it.

# The parsers of what arrives from the network: no I/O, no libraries.
CODEC_SRCS   := sstpd-ctl/wire.c sstpd-ctl/deframe.c sstpd-ctl/http.c
LIBSSTP_SRCS := $(CODEC_SRCS)
LIBSSTP      := $(BUILD)/libsstp.a

# MS-CHAPv2 with its RFC 3079 keys, and SSTP crypto binding, on libcrypto.
LIBSSTP_SRCS += sstpd-ctl/auth/mschapv2.c sstpd-ctl/binding.c

# Our PPP engine on any link (ppp/ppp.h): the RFC 1661 automaton, LCP,
# IPCP, IPv6CP, PAP and CHAP (MD5 and MS-CHAPv2).
PPP_SRCS := sstpd-ctl/ppp/ppp.c sstpd-ctl/ppp/fsm.c sstpd-ctl/ppp/options.c \
	    sstpd-ctl/ppp/names.c sstpd-ctl/ppp/lcp.c sstpd-ctl/ppp/ipcp.c \
	    sstpd-ctl/ppp/ipv6cp.c sstpd-ctl/auth/pap.c sstpd-ctl/auth/chap.c
LIBSSTP_SRCS += $(PPP_SRCS)

# The daemon's modules, in the library too so that unit tests and test
# tools link exactly what sstpd runs.
LIBSSTP_SRCS += sstpd-ctl/log.c sstpd-ctl/loop.c sstpd-ctl/config.c \
		sstpd-ctl/secrets.c sstpd-ctl/pool.c sstpd-ctl/sstp.c \
		sstpd-ctl/tls.c sstpd-ctl/ktls.c sstpd-ctl/tun.c sstpd-ctl/netcfg.c \
		sstpd-ctl/session.c sstpd-ctl/session_call.c sstpd-ctl/server.c \
		sstpd-ctl/link_user.c sstpd-ctl/link_kernel.c sstpd-ctl/datapath.c \
		sstpd-ctl/genl.c sstpd-ctl/record.c sstpd-ctl/ctl.c sstpd-ctl/control.c \
		sstpd-ctl/client.c

NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 libnl-route-3.0 2>/dev/null)
NL_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 libnl-route-3.0 2>/dev/null)
# Everything a program linking libsstp may need.
LIBSSTP_LDLIBS := -lssl -lcrypto $(NL_LIBS)

$(BUILD)/sstpd-ctl/netcfg.o $(BUILD)/sstpd-ctl/genl.o: USER_CFLAGS += $(NL_CFLAGS)

$(LIBSSTP): $(LIBSSTP_SRCS:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

USER_PROGS += $(LIBSSTP)

$(BUILD)/sstpd: $(BUILD)/sstpd-ctl/sstpd.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

USER_PROGS += $(BUILD)/sstpd

# The generic netlink client and sstpctl.
$(BUILD)/sstpctl: $(BUILD)/sstpd-ctl/sstpctl.o $(BUILD)/sstpd-ctl/genl.o \
		  $(BUILD)/sstpd-ctl/record.o
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(NL_LIBS)

USER_PROGS += $(BUILD)/sstpctl
