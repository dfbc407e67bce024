#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the uapi header and the kernel policy tables of a generic netlink
family from its YAML spec (the subset of the kernel's genetlink spec format
that sstp.ko uses).

    nlspec-gen.py SPEC UAPI_H KERNEL_H KERNEL_C [DOC_MD]
                                    write the files (DOC_MD: docs in markdown)
    nlspec-gen.py --check SPEC UAPI_H KERNEL_H KERNEL_C [DOC_MD]
                                    exit 1 if any differs

The kernel's own generator (tools/net/ynl) is not packaged for Debian 12, so
this small one produces the same shape of output for the features we use.
"""

import sys

import yaml

SCALAR_POLICY = {
    "u8": "NLA_U8", "u16": "NLA_U16", "u32": "NLA_U32", "u64": "NLA_U64",
    "s8": "NLA_S8", "s16": "NLA_S16", "s32": "NLA_S32", "s64": "NLA_S64",
    "uint": "NLA_UINT", "sint": "NLA_SINT", "flag": "NLA_FLAG",
}
BANNER = ("/* Do not edit directly, generated from {spec} by tools/nlspec-gen.py. */")


class SpecError(Exception):
    pass


def c_upper(name):
    return name.upper().replace("-", "_")


def c_lower(name):
    return name.lower().replace("-", "_")


def wrap_doc(doc, indent):
    """Return doc as C comment lines (already stripped of YAML folding)."""
    words = " ".join(doc.split()).split(" ")
    lines, line = [], ""
    for w in words:
        if line and len(indent) + 3 + len(line) + 1 + len(w) > 78:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    if len(lines) == 1:
        return [f"{indent}/* {lines[0]} */"]
    return [f"{indent}/*"] + [f"{indent} * {l}" for l in lines] + [f"{indent} */"]


class Family:
    def __init__(self, spec_path):
        with open(spec_path) as f:
            self.y = yaml.safe_load(f)
        self.spec_path = spec_path
        if self.y.get("protocol") != "genetlink":
            raise SpecError("only protocol: genetlink is supported")
        self.name = self.y["name"]
        self.prefix = c_upper(self.name)
        self.lower = c_lower(self.name)
        self.version = self.y.get("version", 1)
        self.consts = {}
        self.definitions = self.y.get("definitions", [])
        for d in self.definitions:
            if d["type"] == "const":
                self.consts[d["name"]] = d["value"]
        self.sets = {}
        for s in self.y.get("attribute-sets", []):
            attrs = []
            value = 1
            for a in s["attributes"]:
                value = a.get("value", value)
                attrs.append(dict(a, value=value))
                value += 1
            self.sets[s["name"]] = attrs
        self.ops = []
        value = 1
        for o in self.y["operations"]["list"]:
            value = o.get("value", value)
            self.ops.append(dict(o, value=value))
            value += 1
        self.mcgrp_list = self.y.get("mcast-groups", {}).get("list", [])
        self.mcgrps = [g["name"] for g in self.mcgrp_list]

    # names
    def attr_enum(self, set_name, attr_name):
        if set_name == self.name:
            return f"{self.prefix}_A_{c_upper(attr_name)}"
        return f"{self.prefix}_A_{c_upper(set_name)}_{c_upper(attr_name)}"

    def set_max(self, set_name):
        if set_name == self.name:
            return f"{self.prefix}_A_MAX"
        return f"{self.prefix}_A_{c_upper(set_name)}_MAX"

    def cmd_enum(self, op):
        return f"{self.prefix}_CMD_{c_upper(op['name'])}"

    def find_attr(self, set_name, attr_name):
        for a in self.sets[set_name]:
            if a["name"] == attr_name:
                return a
        raise SpecError(f"attribute '{attr_name}' not in set '{set_name}'")

    def value_of(self, v):
        if isinstance(v, str):
            if v not in self.consts:
                raise SpecError(f"unknown constant '{v}'")
            return f"{self.prefix}_{c_upper(v)}"
        return str(v)

    # uapi header
    def uapi(self, guard):
        out = [BANNER.format(spec=self.spec_path), "", f"#ifndef {guard}", f"#define {guard}", "",
               f'#define {self.prefix}_FAMILY_NAME\t"{self.name}"',
               f"#define {self.prefix}_FAMILY_VERSION\t{self.version}", ""]
        for d in self.definitions:
            if "doc" in d:
                out += wrap_doc(d["doc"], "")
            if d["type"] == "const":
                out += [f"#define {self.prefix}_{c_upper(d['name'])} {d['value']}", ""]
                continue
            out.append(f"enum {self.lower}_{c_lower(d['name'])} {{")
            for i, e in enumerate(d["entries"]):
                if isinstance(e, str):
                    e = {"name": e}
                if "doc" in e:
                    out += wrap_doc(e["doc"], "\t")
                val = (1 << i) if d["type"] == "flags" else i + d.get("value-start", 0)
                out.append(f"\t{self.prefix}_{c_upper(d['name'])}_{c_upper(e['name'])} = {val},")
            out += ["};", ""]
        for set_name, attrs in self.sets.items():
            out.append("enum {")
            for a in attrs:
                if "doc" in a:
                    out += wrap_doc(a["doc"], "\t")
                out.append(f"\t{self.attr_enum(set_name, a['name'])} = {a['value']},")
            tail = self.set_max(set_name)
            out += ["", f"\t__{tail},", f"\t{tail} = (__{tail} - 1)", "};", ""]
        out.append("enum {")
        for op in self.ops:
            if "doc" in op:
                out += wrap_doc(op["doc"], "\t")
            out.append(f"\t{self.cmd_enum(op)} = {op['value']},")
        tail = f"{self.prefix}_CMD_MAX"
        out += ["", f"\t__{tail},", f"\t{tail} = (__{tail} - 1)", "};", ""]
        for g in self.mcgrps:
            out.append(f'#define {self.prefix}_MCGRP_{c_upper(g)}\t"{g}"')
        if self.mcgrps:
            out.append("")
        out += [f"#endif /* {guard} */", ""]
        return "\n".join(out)

    # kernel policies
    def policy_entry(self, set_name, a):
        t = a["type"]
        checks = a.get("checks", {})
        name = self.attr_enum(set_name, a["name"])
        if t == "nest":
            inner = a["nested-attributes"]
            return f"[{name}] = NLA_POLICY_NESTED({self.lower}_{c_lower(inner)}_nl_policy),"
        if t == "string":
            if "max-len" in checks:
                return f"[{name}] = {{ .type = NLA_NUL_STRING, .len = {self.value_of(checks['max-len'])}, }},"
            return f"[{name}] = {{ .type = NLA_NUL_STRING, }},"
        if t == "binary":
            if "exact-len" in checks:
                return f"[{name}] = NLA_POLICY_EXACT_LEN({self.value_of(checks['exact-len'])}),"
            if "min-len" in checks and "max-len" in checks:
                return (f"[{name}] = NLA_POLICY_RANGE(NLA_BINARY, {self.value_of(checks['min-len'])}, "
                        f"{self.value_of(checks['max-len'])}),")
            if "max-len" in checks:
                # .len is the maximum payload of NLA_BINARY in every kernel
                # (NLA_POLICY_MAX_LEN is 6.2+, and its s16 bound in 6.1 is short).
                return f"[{name}] = {{ .type = NLA_BINARY, .len = {self.value_of(checks['max-len'])}, }},"
            if "min-len" in checks:
                return f"[{name}] = NLA_POLICY_MIN_LEN({self.value_of(checks['min-len'])}),"
            return f"[{name}] = {{ .type = NLA_BINARY, }},"
        if t not in SCALAR_POLICY:
            raise SpecError(f"attribute type '{t}' is not supported")
        pt = SCALAR_POLICY[t]
        if a.get("enum-as-flags"):
            return f"[{name}] = NLA_POLICY_MASK({pt}, {self.flags_mask(a['enum'])}),"
        if "enum" in a:
            return f"[{name}] = NLA_POLICY_MAX({pt}, {self.enum_max(a['enum'])}),"
        if "min" in checks and "max" in checks:
            return f"[{name}] = NLA_POLICY_RANGE({pt}, {self.value_of(checks['min'])}, {self.value_of(checks['max'])}),"
        if "max" in checks:
            return f"[{name}] = NLA_POLICY_MAX({pt}, {self.value_of(checks['max'])}),"
        if "min" in checks:
            return f"[{name}] = NLA_POLICY_MIN({pt}, {self.value_of(checks['min'])}),"
        return f"[{name}] = {{ .type = {pt}, }},"

    def enum_max(self, enum_name):
        for d in self.definitions:
            if d["name"] == enum_name and d["type"] == "enum":
                return str(len(d["entries"]) - 1 + d.get("value-start", 0))
        raise SpecError(f"'{enum_name}' is not an enum definition")

    def flags_mask(self, enum_name):
        for d in self.definitions:
            if d["name"] == enum_name and d["type"] == "flags":
                return hex((1 << len(d["entries"])) - 1)
        raise SpecError(f"'{enum_name}' is not a flags definition")

    def nested_sets(self):
        """Attribute sets used as nests, inner first, so each is defined before use."""
        order = []

        def visit(set_name):
            for a in self.sets[set_name]:
                if a["type"] == "nest":
                    inner = a["nested-attributes"]
                    visit(inner)
                    if inner not in order:
                        order.append(inner)
        for op in self.ops:
            if "attribute-set" in op:
                visit(op["attribute-set"])
        return order

    def request_attrs(self, op):
        names = []
        for mode in ("do", "dump"):
            req = (op.get(mode) or {}).get("request", {})
            for n in req.get("attributes", []):
                if n not in names:
                    names.append(n)
        return [self.find_attr(op["attribute-set"], n) for n in names]

    def handlers(self, op):
        base = f"{self.lower}_nl_{c_lower(op['name'])}"
        h = []
        if "do" in op:
            h.append(("doit", f"int {base}_doit(struct sk_buff *skb, struct genl_info *info)"))
        if "dump" in op:
            h.append(("dumpit", f"int {base}_dumpit(struct sk_buff *skb, struct netlink_callback *cb)"))
        return h

    def kernel_h(self, guard, uapi_include):
        out = [BANNER.format(spec=self.spec_path), "", f"#ifndef {guard}", f"#define {guard}", "",
               "#include <net/netlink.h>", "#include <net/genetlink.h>", "",
               f'#include "{uapi_include}"', ""]
        nested = self.nested_sets()
        for s in nested:
            out.append(f"extern const struct nla_policy {self.lower}_{c_lower(s)}_nl_policy"
                       f"[{self.set_max(s)} + 1];")
        if nested:
            out.append("")
        for op in self.ops:
            for _, proto in self.handlers(op):
                out.append(proto + ";")
        n_ops = sum(1 for op in self.ops if self.handlers(op))
        out += ["", f"extern const struct genl_ops {self.lower}_nl_ops[{n_ops}];"]
        if self.mcgrps:
            out += ["", "enum {"]
            out += [f"\t{self.prefix}_NLGRP_{c_upper(g)}," for g in self.mcgrps]
            out += ["};", "",
                    f"extern const struct genl_multicast_group {self.lower}_nl_mcgrps[{len(self.mcgrps)}];"]
        out += ["", f"#endif /* {guard} */", ""]
        return "\n".join(out)

    def kernel_c(self, kernel_h):
        out = ["// SPDX-License-Identifier: GPL-2.0", BANNER.format(spec=self.spec_path), "",
               f'#include "{kernel_h}"', ""]
        for s in self.nested_sets():
            out.append(f"const struct nla_policy {self.lower}_{c_lower(s)}_nl_policy[{self.set_max(s)} + 1] = {{")
            out += ["\t" + self.policy_entry(s, a) for a in self.sets[s] if a["type"] != "pad"]
            out += ["};", ""]
        for op in self.ops:
            attrs = self.request_attrs(op)
            if not attrs:
                continue
            top = max(attrs, key=lambda a: a["value"])
            out.append(f"static const struct nla_policy {self.lower}_{c_lower(op['name'])}_nl_policy"
                       f"[{self.attr_enum(op['attribute-set'], top['name'])} + 1] = {{")
            out += ["\t" + self.policy_entry(op["attribute-set"], a) for a in attrs]
            out += ["};", ""]
        n_ops = sum(1 for op in self.ops if self.handlers(op))
        out.append(f"const struct genl_ops {self.lower}_nl_ops[{n_ops}] = {{")
        for op in self.ops:
            handlers = self.handlers(op)
            if not handlers:
                continue
            out += ["\t{", f"\t\t.cmd\t\t= {self.cmd_enum(op)},"]
            for kind, _ in handlers:
                out.append(f"\t\t.{kind}\t\t= {self.lower}_nl_{c_lower(op['name'])}_{kind},")
            attrs = self.request_attrs(op)
            if attrs:
                top = max(attrs, key=lambda a: a["value"])
                out.append(f"\t\t.policy\t\t= {self.lower}_{c_lower(op['name'])}_nl_policy,")
                out.append(f"\t\t.maxattr\t= {self.attr_enum(op['attribute-set'], top['name'])},")
            flags = op.get("flags", [])
            cflags = []
            if "admin-perm" in flags:
                cflags.append("GENL_ADMIN_PERM")
            if "uns-admin-perm" in flags:
                cflags.append("GENL_UNS_ADMIN_PERM")
            if cflags:
                out.append(f"\t\t.flags\t\t= {' | '.join(cflags)},")
            out.append("\t},")
        out += ["};", ""]
        if self.mcgrps:
            out.append(f"const struct genl_multicast_group {self.lower}_nl_mcgrps[{len(self.mcgrps)}] = {{")
            for g in self.mcgrp_list:
                name = g["name"]
                entry = f"\t[{self.prefix}_NLGRP_{c_upper(name)}] = {{ .name = {self.prefix}_MCGRP_{c_upper(name)},"
                if "cap-net-admin" in g.get("flags", []):
                    entry += " .flags = GENL_MCAST_CAP_NET_ADMIN,"
                out.append(entry + " },")
            out += ["};", ""]
        return "\n".join(out)

    # operator and programmer documentation
    def markdown(self):
        def para(text):
            return " ".join(str(text).split())

        def checks_text(a):
            c = a.get("checks", {})
            parts = []
            for key in ("min", "max", "min-len", "max-len", "exact-len"):
                if key in c:
                    parts.append(f"{key} {c[key]}")
            if "enum" in a:
                parts.append(("flags " if a.get("enum-as-flags") else "enum ") + a["enum"])
            if a["type"] == "nest":
                parts.append(f"nest of `{a['nested-attributes']}`")
            return ", ".join(parts)

        out = [f"<!-- Do not edit directly, generated from {self.spec_path} by tools/nlspec-gen.py. -->",
               "", f"# The `{self.name}` generic netlink family", "",
               para(self.y.get("doc", "")), "",
               f"Family name `{self.name}`, version {self.version}; resolve its id with the generic",
               "netlink controller (`genl ctrl get name " + self.name + "`). Constants and enums are in",
               "`include/sstp_genl.h`. Requests marked *admin* need CAP_NET_ADMIN; where it says",
               "\"the network namespace's user namespace\", a container with its own user and",
               "network namespaces may run the daemon, as with WireGuard. Every rejection",
               "carries an extended-ack message naming the problem. Unknown attributes are refused",
               "(strict validation).", ""]
        if self.definitions:
            out += ["## Definitions", ""]
            for d in self.definitions:
                out += [f"### {d['name']} ({d['type']})", ""]
                if "doc" in d:
                    out += [para(d["doc"]), ""]
                if d["type"] == "const":
                    out += [f"Value: {d['value']}", ""]
                    continue
                out += ["| name | value | meaning |", "| --- | --- | --- |"]
                for i, e in enumerate(d["entries"]):
                    if isinstance(e, str):
                        e = {"name": e}
                    val = (1 << i) if d["type"] == "flags" else i + d.get("value-start", 0)
                    out.append(f"| `{e['name']}` | {val} | {para(e.get('doc', ''))} |")
                out.append("")
        out += ["## Attribute sets", ""]
        for set_name, attrs in self.sets.items():
            out += [f"### {set_name}", "", "| attribute | id | type | checks | meaning |",
                    "| --- | --- | --- | --- | --- |"]
            for a in attrs:
                out.append(f"| `{a['name']}` | {a['value']} | {a['type']} | {checks_text(a)} | "
                           f"{para(a.get('doc', ''))} |")
            out.append("")
        out += ["## Operations", ""]
        for op in self.ops:
            out += [f"### {op['name']} ({op['value']})", ""]
            if "doc" in op:
                out += [para(op["doc"]), ""]
            flags = op.get("flags", [])
            if "admin-perm" in flags:
                perm = "admin (CAP_NET_ADMIN in the initial user namespace)"
            elif "uns-admin-perm" in flags:
                perm = "admin (CAP_NET_ADMIN in the network namespace's user namespace)"
            else:
                perm = "any user"
            if "notify" in op or "event" in op:
                group = op.get("mcgrp")
                out += [f"Notification, attribute set `{op['attribute-set']}`" +
                        (f", multicast group `{group}`." if group else "."), ""]
                continue
            out += [f"Attribute set `{op['attribute-set']}`; permission: {perm}.", ""]
            for mode in ("do", "dump"):
                if mode not in op:
                    continue
                body = op[mode] or {}
                req = ", ".join(f"`{n}`" for n in body.get("request", {}).get("attributes", [])) or "none"
                rep = ", ".join(f"`{n}`" for n in body.get("reply", {}).get("attributes", [])) or "ack only"
                out.append(f"- {mode}: request {req}; reply {rep}")
            out.append("")
        if self.mcgrps:
            out += ["## Multicast groups", ""]
            for g in self.mcgrp_list:
                who = ("joined only with CAP_NET_ADMIN in the network namespace's user namespace"
                       if "cap-net-admin" in g.get("flags", []) else "open to any user")
                line = f"- `{g['name']}`: {who}."
                if "doc" in g:
                    line += " " + para(g["doc"])
                out.append(line)
            out.append("")
        return "\n".join(out)


def main(argv):
    check = False
    if argv and argv[0] == "--check":
        check = True
        argv = argv[1:]
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    spec, uapi_path, kh_path, kc_path = argv[:4]
    doc_path = argv[4] if len(argv) == 5 else None
    try:
        fam = Family(spec)
        uapi_name = uapi_path.rsplit("/", 1)[-1]
        kh_name = kh_path.rsplit("/", 1)[-1]
        guard = "_UAPI_" + c_upper(uapi_name.replace(".", "_"))
        files = {
            uapi_path: fam.uapi(guard),
            kh_path: fam.kernel_h(c_upper(fam.name) + "_NETLINK_GEN_H", uapi_name),
            kc_path: fam.kernel_c(kh_name),
        }
        if doc_path:
            files[doc_path] = fam.markdown()
    except (SpecError, KeyError, yaml.YAMLError) as e:
        print(f"{spec}: {e}", file=sys.stderr)
        return 1
    status = 0
    for path, text in files.items():
        if check:
            try:
                with open(path) as f:
                    current = f.read()
            except OSError as e:
                print(f"{path}: {e.strerror}", file=sys.stderr)
                status = 1
                continue
            if current != text:
                print(f"{path}: differs from {spec}; run 'make regen'", file=sys.stderr)
                status = 1
        else:
            with open(path, "w") as f:
                f.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
