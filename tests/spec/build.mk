# The netlink spec and the shared headers.

.PHONY: regen check-spec
CHECK_LAYERS += check-spec

# After editing include/netlink/sstp.yaml: rewrite the files generated from it.
regen:
	$(PYTHON) tools/nlspec-gen.py include/netlink/sstp.yaml include/sstp_genl.h \
		kmod/netlink-gen.h kmod/netlink-gen.c docs/netlink.md

check-spec:
	@tests/spec/run $(BUILD) $(KDIR)
