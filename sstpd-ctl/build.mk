# User space: libsstp (codecs, no I/O) and the programs built on it.

# The parsers of what arrives from the network: no I/O, no libraries.
CODEC_SRCS   := sstpd-ctl/proto/wire.c sstpd-ctl/proto/deframe.c sstpd-ctl/proto/http.c
LIBSSTP_SRCS := $(CODEC_SRCS)
LIBSSTP      := $(BUILD)/libsstp.a

# MS-CHAPv2 with its RFC 3079 keys, and SSTP crypto binding, on libcrypto.
LIBSSTP_SRCS += sstpd-ctl/auth/mschapv2.c sstpd-ctl/proto/binding.c

# Our PPP engine on any link (ppp/ppp.h): the RFC 1661 automaton, LCP,
# IPCP, IPv6CP, PAP and CHAP (MD5 and MS-CHAPv2).
PPP_SRCS := sstpd-ctl/ppp/ppp.c sstpd-ctl/ppp/fsm.c sstpd-ctl/ppp/options.c \
	    sstpd-ctl/ppp/names.c sstpd-ctl/ppp/lcp.c sstpd-ctl/ppp/ipcp.c \
	    sstpd-ctl/ppp/ipv6cp.c sstpd-ctl/auth/pap.c sstpd-ctl/auth/chap.c
LIBSSTP_SRCS += $(PPP_SRCS)

# The rest, by layer, in the library too so that unit tests and test tools
# link exactly what sstpd runs.  proto/: the SSTP call machine (pure, like
# the codecs above); lib/: the event loop, logging, records; kernel/: the
# kernel's interfaces (netlink to sstp.ko, kTLS, TUN, rtnetlink); daemon/:
# sstpd's sessions and links, both roles, the control socket.
LIBSSTP_SRCS += sstpd-ctl/proto/sstp.c
LIBSSTP_SRCS += sstpd-ctl/lib/log.c sstpd-ctl/lib/loop.c sstpd-ctl/lib/record.c \
		sstpd-ctl/lib/closer.c sstpd-ctl/lib/private_file.c
LIBSSTP_SRCS += sstpd-ctl/kernel/genl.c sstpd-ctl/kernel/ktls.c sstpd-ctl/kernel/tun.c \
		sstpd-ctl/kernel/netcfg.c
LIBSSTP_SRCS += sstpd-ctl/daemon/config.c sstpd-ctl/daemon/secrets.c sstpd-ctl/daemon/pool.c \
		sstpd-ctl/daemon/admission.c \
		sstpd-ctl/daemon/tls.c sstpd-ctl/daemon/server.c sstpd-ctl/daemon/client.c \
		sstpd-ctl/daemon/session.c sstpd-ctl/daemon/session_call.c \
		sstpd-ctl/daemon/link_user.c sstpd-ctl/daemon/link_kernel.c \
		sstpd-ctl/daemon/datapath.c sstpd-ctl/daemon/ctl.c sstpd-ctl/daemon/control.c

NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 libnl-route-3.0 2>/dev/null)
NL_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 libnl-route-3.0 2>/dev/null)
# Everything a program linking libsstp may need.
LIBSSTP_LDLIBS := -lssl -lcrypto $(NL_LIBS) -pthread

$(BUILD)/sstpd-ctl/kernel/netcfg.o $(BUILD)/sstpd-ctl/kernel/genl.o: USER_CFLAGS += $(NL_CFLAGS)

$(LIBSSTP): $(LIBSSTP_SRCS:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

USER_PROGS += $(LIBSSTP)

$(BUILD)/sstpd: $(BUILD)/sstpd-ctl/daemon/sstpd.o $(LIBSSTP)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(LIBSSTP_LDLIBS)

USER_PROGS += $(BUILD)/sstpd

# The generic netlink client and sstpctl.
$(BUILD)/sstpctl: $(BUILD)/sstpd-ctl/sstpctl.o $(BUILD)/sstpd-ctl/kernel/genl.o \
		  $(BUILD)/sstpd-ctl/lib/record.o
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(NL_LIBS)

USER_PROGS += $(BUILD)/sstpctl
