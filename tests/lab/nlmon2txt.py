#!/usr/bin/env python3
"""Turn an nlmon pcap into one readable hex file per captured command.

Used by capture-netlink.sh (inside the lab VM, with the host's python3; stdlib
only). Input: a classic pcap written by tcpdump on an nlmon device
(LINKTYPE_NETLINK, 253) and an index of commands with the wall-clock window
each ran in. Output: NN-slug.txt files in the format described in
tests/LvsOperator.Netlink.Tests/Golden/Captured/README.md.

Each pcap record is one netlink datagram (skb) as seen by the nlmon tap: a
16-byte cooked header (like LINUX_SLL: packet type, ARPHRD_NETLINK, address
length, address, netlink protocol) followed by one or more netlink messages.
We strip the cooked header and split the datagram into nlmsghdr-framed
messages. The tap marks every packet PACKET_OUTGOING, so the direction comes
from the message itself: the kernel never sets NLM_F_REQUEST, user space
always does on a request.
"""
import argparse
import errno
import os
import struct
import sys

LINKTYPE_NETLINK = 253
COOKED_LEN = 16

NETLINK_PROTOCOLS = {0: "NETLINK_ROUTE", 16: "NETLINK_GENERIC"}

NLM_F = [(0x01, "REQUEST"), (0x02, "MULTI"), (0x04, "ACK"), (0x08, "ECHO"),
         (0x10, "DUMP_INTR"), (0x20, "DUMP_FILTERED")]
# Meaning of the high flag bits depends on the message kind.
NLM_F_GET = [(0x100, "ROOT"), (0x200, "MATCH"), (0x400, "ATOMIC")]
NLM_F_NEW = [(0x100, "REPLACE"), (0x200, "EXCL"), (0x400, "CREATE"), (0x800, "APPEND")]
NLM_F_ERR = [(0x100, "CAPPED"), (0x200, "ACK_TLVS")]

NLMSG_TYPES = {1: "NLMSG_NOOP", 2: "NLMSG_ERROR", 3: "NLMSG_DONE", 4: "NLMSG_OVERRUN"}
GENL_ID_CTRL = 0x10

RTM = {16: "RTM_NEWLINK", 17: "RTM_DELLINK", 18: "RTM_GETLINK", 19: "RTM_SETLINK",
       20: "RTM_NEWADDR", 21: "RTM_DELADDR", 22: "RTM_GETADDR",
       24: "RTM_NEWROUTE", 25: "RTM_DELROUTE", 26: "RTM_GETROUTE",
       28: "RTM_NEWNEIGH", 29: "RTM_DELNEIGH", 30: "RTM_GETNEIGH",
       72: "RTM_GETNETCONF", 80: "RTM_NEWNETCONF", 82: "RTM_GETSTATS",
       88: "RTM_NEWNSID", 90: "RTM_GETNSID"}

CTRL_CMD = {1: "CTRL_CMD_NEWFAMILY", 2: "CTRL_CMD_DELFAMILY", 3: "CTRL_CMD_GETFAMILY",
            7: "CTRL_CMD_NEWMCAST_GRP", 10: "CTRL_CMD_GETPOLICY"}
CTRL_ATTR = {1: "CTRL_ATTR_FAMILY_ID", 2: "CTRL_ATTR_FAMILY_NAME", 3: "CTRL_ATTR_VERSION",
             4: "CTRL_ATTR_HDRSIZE", 5: "CTRL_ATTR_MAXATTR", 6: "CTRL_ATTR_OPS",
             7: "CTRL_ATTR_MCAST_GROUPS"}

# include/uapi/linux/ip_vs.h
IPVS_CMD = ["IPVS_CMD_UNSPEC", "IPVS_CMD_NEW_SERVICE", "IPVS_CMD_SET_SERVICE",
            "IPVS_CMD_DEL_SERVICE", "IPVS_CMD_GET_SERVICE", "IPVS_CMD_NEW_DEST",
            "IPVS_CMD_SET_DEST", "IPVS_CMD_DEL_DEST", "IPVS_CMD_GET_DEST",
            "IPVS_CMD_NEW_DAEMON", "IPVS_CMD_DEL_DAEMON", "IPVS_CMD_GET_DAEMON",
            "IPVS_CMD_SET_CONFIG", "IPVS_CMD_GET_CONFIG", "IPVS_CMD_SET_INFO",
            "IPVS_CMD_GET_INFO", "IPVS_CMD_ZERO", "IPVS_CMD_FLUSH"]
# attribute tables: id -> (name, kind, nested table)
STATS = {1: ("CONNS", "u32"), 2: ("INPKTS", "u32"), 3: ("OUTPKTS", "u32"),
         4: ("INBYTES", "u64"), 5: ("OUTBYTES", "u64"), 6: ("CPS", "u32"),
         7: ("INPPS", "u32"), 8: ("OUTPPS", "u32"), 9: ("INBPS", "u32"),
         10: ("OUTBPS", "u32"), 11: ("PAD", "bin")}
STATS64 = {k: (n, "u64" if n != "PAD" else "bin") for k, (n, _) in STATS.items()}
SVC = {1: ("IPVS_SVC_ATTR_AF", "u16"), 2: ("IPVS_SVC_ATTR_PROTOCOL", "u16"),
       3: ("IPVS_SVC_ATTR_ADDR", "addr"), 4: ("IPVS_SVC_ATTR_PORT", "be16"),
       5: ("IPVS_SVC_ATTR_FWMARK", "u32"), 6: ("IPVS_SVC_ATTR_SCHED_NAME", "str"),
       7: ("IPVS_SVC_ATTR_FLAGS", "flags"), 8: ("IPVS_SVC_ATTR_TIMEOUT", "u32"),
       9: ("IPVS_SVC_ATTR_NETMASK", "hex32"), 10: ("IPVS_SVC_ATTR_STATS", STATS),
       11: ("IPVS_SVC_ATTR_PE_NAME", "str"), 12: ("IPVS_SVC_ATTR_STATS64", STATS64)}
DEST = {1: ("IPVS_DEST_ATTR_ADDR", "addr"), 2: ("IPVS_DEST_ATTR_PORT", "be16"),
        3: ("IPVS_DEST_ATTR_FWD_METHOD", "u32"), 4: ("IPVS_DEST_ATTR_WEIGHT", "u32"),
        5: ("IPVS_DEST_ATTR_U_THRESH", "u32"), 6: ("IPVS_DEST_ATTR_L_THRESH", "u32"),
        7: ("IPVS_DEST_ATTR_ACTIVE_CONNS", "u32"), 8: ("IPVS_DEST_ATTR_INACT_CONNS", "u32"),
        9: ("IPVS_DEST_ATTR_PERSIST_CONNS", "u32"), 10: ("IPVS_DEST_ATTR_STATS", STATS),
        11: ("IPVS_DEST_ATTR_ADDR_FAMILY", "u16"), 12: ("IPVS_DEST_ATTR_STATS64", STATS64),
        13: ("IPVS_DEST_ATTR_TUN_TYPE", "u8"), 14: ("IPVS_DEST_ATTR_TUN_PORT", "be16"),
        15: ("IPVS_DEST_ATTR_TUN_FLAGS", "u16")}
DAEMON = {1: ("IPVS_DAEMON_ATTR_STATE", "u32"), 2: ("IPVS_DAEMON_ATTR_MCAST_IFN", "str"),
          3: ("IPVS_DAEMON_ATTR_SYNC_ID", "u32"), 4: ("IPVS_DAEMON_ATTR_SYNC_MAXLEN", "u16"),
          5: ("IPVS_DAEMON_ATTR_MCAST_GROUP", "ip4"), 6: ("IPVS_DAEMON_ATTR_MCAST_GROUP6", "ip6"),
          7: ("IPVS_DAEMON_ATTR_MCAST_PORT", "u16"), 8: ("IPVS_DAEMON_ATTR_MCAST_TTL", "u8")}
IPVS_CMD_ATTR = {1: ("IPVS_CMD_ATTR_SERVICE", SVC), 2: ("IPVS_CMD_ATTR_DEST", DEST),
                 3: ("IPVS_CMD_ATTR_DAEMON", DAEMON), 4: ("IPVS_CMD_ATTR_TIMEOUT_TCP", "u32"),
                 5: ("IPVS_CMD_ATTR_TIMEOUT_TCP_FIN", "u32"), 6: ("IPVS_CMD_ATTR_TIMEOUT_UDP", "u32")}
# GET_INFO's reply (IPVS_CMD_SET_INFO) uses the info attribute space.
IPVS_INFO_ATTR = {1: ("IPVS_INFO_ATTR_VERSION", "u32"), 2: ("IPVS_INFO_ATTR_CONN_TAB_SIZE", "u32")}
CTRL_ATTRS = {1: ("CTRL_ATTR_FAMILY_ID", "u16"), 2: ("CTRL_ATTR_FAMILY_NAME", "str"),
              3: ("CTRL_ATTR_VERSION", "u32"), 4: ("CTRL_ATTR_HDRSIZE", "u32"),
              5: ("CTRL_ATTR_MAXATTR", "u32"), 6: ("CTRL_ATTR_OPS", "bin"),
              7: ("CTRL_ATTR_MCAST_GROUPS", "bin")}
IFA = {1: ("IFA_ADDRESS", "ip"), 2: ("IFA_LOCAL", "ip"), 3: ("IFA_LABEL", "str"),
       4: ("IFA_BROADCAST", "ip"), 6: ("IFA_CACHEINFO", "bin"), 8: ("IFA_FLAGS", "hex32"),
       9: ("IFA_RT_PRIORITY", "u32"), 11: ("IFA_PROTO", "u8")}
IFLA_INFO = {1: ("IFLA_INFO_KIND", "str"), 2: ("IFLA_INFO_DATA", "bin"),
             3: ("IFLA_INFO_XSTATS", "bin"), 4: ("IFLA_INFO_SLAVE_KIND", "str")}
IFLA = {1: ("IFLA_ADDRESS", "bin"), 2: ("IFLA_BROADCAST", "bin"), 3: ("IFLA_IFNAME", "str"),
        4: ("IFLA_MTU", "u32"), 5: ("IFLA_LINK", "u32"), 6: ("IFLA_QDISC", "str"),
        7: ("IFLA_STATS", "bin"), 10: ("IFLA_MASTER", "u32"), 13: ("IFLA_TXQLEN", "u32"),
        14: ("IFLA_MAP", "bin"),
        16: ("IFLA_OPERSTATE", "u8"), 17: ("IFLA_LINKMODE", "u8"), 18: ("IFLA_LINKINFO", IFLA_INFO),
        19: ("IFLA_NET_NS_PID", "u32"), 20: ("IFLA_IFALIAS", "str"), 21: ("IFLA_NUM_VF", "u32"),
        23: ("IFLA_STATS64", "bin"), 26: ("IFLA_AF_SPEC", "bin"), 27: ("IFLA_GROUP", "u32"),
        29: ("IFLA_EXT_MASK", "hex32"), 30: ("IFLA_PROMISCUITY", "u32"),
        31: ("IFLA_NUM_TX_QUEUES", "u32"), 32: ("IFLA_NUM_RX_QUEUES", "u32"),
        33: ("IFLA_CARRIER", "u8"), 35: ("IFLA_CARRIER_CHANGES", "u32"),
        39: ("IFLA_PROTO_DOWN", "u8"),
        40: ("IFLA_GSO_MAX_SEGS", "u32"), 41: ("IFLA_GSO_MAX_SIZE", "u32"),
        43: ("IFLA_XDP", "bin"), 47: ("IFLA_CARRIER_UP_COUNT", "u32"),
        48: ("IFLA_CARRIER_DOWN_COUNT", "u32"), 50: ("IFLA_MIN_MTU", "u32"),
        51: ("IFLA_MAX_MTU", "u32"), 52: ("IFLA_PROP_LIST", "bin"), 53: ("IFLA_ALT_IFNAME", "str"),
        54: ("IFLA_PERM_ADDRESS", "bin"), 55: ("IFLA_PROTO_DOWN_REASON", "bin"),
        56: ("IFLA_PARENT_DEV_NAME", "str"), 57: ("IFLA_PARENT_DEV_BUS_NAME", "str"),
        58: ("IFLA_GRO_MAX_SIZE", "u32"), 59: ("IFLA_TSO_MAX_SIZE", "u32"),
        60: ("IFLA_TSO_MAX_SEGS", "u32"), 61: ("IFLA_ALLMULTI", "u32"),
        62: ("IFLA_DEVLINK_PORT", "bin"), 63: ("IFLA_GSO_IPV4_MAX_SIZE", "u32"),
        64: ("IFLA_GRO_IPV4_MAX_SIZE", "u32")}
NLMSGERR_ATTR = {1: ("NLMSGERR_ATTR_MSG", "str"), 2: ("NLMSGERR_ATTR_OFFS", "u32"),
                 3: ("NLMSGERR_ATTR_COOKIE", "bin"), 4: ("NLMSGERR_ATTR_POLICY", "bin"),
                 5: ("NLMSGERR_ATTR_MISS_TYPE", "u32"), 6: ("NLMSGERR_ATTR_MISS_NEST", "u32")}


def read_pcap(path):
    """Yield (timestamp_us, cooked_header, payload) for each record."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        sys.exit(f"{path}: not a classic pcap file")
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(end + "I", data[20:24])[0] & 0x0FFFFFFF
    if linktype != LINKTYPE_NETLINK:
        sys.exit(f"{path}: link type {linktype}, expected {LINKTYPE_NETLINK} (NETLINK)")
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        rec = data[off:off + incl]
        off += incl
        if incl < orig:
            sys.exit(f"{path}: truncated record ({incl} of {orig} bytes); capture with -s 0")
        us = sec * 1_000_000 + (frac // 1000 if nano else frac)
        yield us, rec[:COOKED_LEN], rec[COOKED_LEN:]


def split_messages(payload):
    """Split one datagram into nlmsghdr-framed messages (NLMSG_ALIGN 4)."""
    off = 0
    while off + 16 <= len(payload):
        length = struct.unpack_from("<I", payload, off)[0]
        if length < 16 or off + length > len(payload):
            yield payload[off:]  # malformed: keep the rest as is
            return
        yield payload[off:off + length]
        off += (length + 3) & ~3


def flag_names(flags, mtype, proto):
    names = [n for bit, n in NLM_F if flags & bit]
    high = NLM_F_ERR if mtype == 2 else None
    if high is None and flags & 0x01:
        # Requests: GET-style bits for dumps/gets, NEW-style for the rest.
        is_get = False
        if proto == 0 and mtype in RTM:
            is_get = RTM[mtype].startswith("RTM_GET")
        high = NLM_F_GET if is_get or (flags & 0x300) == 0x300 else NLM_F_NEW
    names += [n for bit, n in (high or []) if flags & bit]
    rest = flags & ~sum(b for b, _ in NLM_F + (high or []))
    if rest:
        names.append(f"0x{rest:x}")
    return "|".join(names) or "0"


def fmt_value(kind, v, af=None):
    try:
        if kind == "u8":
            return str(v[0])
        if kind == "u16":
            return str(struct.unpack("<H", v)[0])
        if kind == "be16":
            return f"{struct.unpack('>H', v)[0]} (big-endian)"
        if kind == "u32":
            return str(struct.unpack("<I", v)[0])
        if kind == "u64":
            return str(struct.unpack("<Q", v)[0])
        if kind == "hex32":
            return f"0x{struct.unpack('<I', v)[0]:08x} (bytes {v.hex()})"
        if kind == "str":
            return repr(v.rstrip(b"\0").decode("utf-8", "replace"))
        if kind == "flags":
            fl, mask = struct.unpack("<II", v)
            return f"flags=0x{fl:x} mask=0x{mask:x}"
        if kind == "ip4":
            return ".".join(str(b) for b in v)
        if kind == "ip6":
            return ip6(v)
        if kind == "ip":
            return ".".join(str(b) for b in v) if len(v) == 4 else ip6(v) if len(v) == 16 else v.hex()
        if kind == "addr":
            # union nf_inet_addr: 16 bytes, IPv4 in the first 4; which one
            # it is comes from the AF attribute next to it.
            if len(v) == 16 and af == 2:
                return f"{'.'.join(str(b) for b in v[:4])} (IPv4 in 16-byte nf_inet_addr)"
            if len(v) == 16 and af == 10:
                return ip6(v)
            return v.hex()
    except (struct.error, IndexError):
        pass
    if len(v) > 32:
        return f"({len(v)} bytes, see hex)"
    return v.hex() if v else "(empty)"


def ip6(v):
    import ipaddress
    return str(ipaddress.IPv6Address(bytes(v)))


def sibling_af(buf, table):
    """The address family given by an *_AF / *_ADDR_FAMILY attribute in buf."""
    af_types = [t for t, (name, _) in (table or {}).items() if name.endswith(("_AF", "_ADDR_FAMILY"))]
    off = 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("<HH", buf, off)
        if alen < 4:
            break
        if atype & 0x3FFF in af_types and alen == 6:
            return struct.unpack_from("<H", buf, off + 4)[0]
        off += (alen + 3) & ~3
    return None


def decode_attrs(buf, table, depth, out, af=None):
    af = sibling_af(buf, table) or af
    if table is IPVS_CMD_ATTR and af is None:
        # A destination without IPVS_DEST_ATTR_ADDR_FAMILY has its service's.
        sub = 0
        while sub + 4 <= len(buf):
            alen, atype = struct.unpack_from("<HH", buf, sub)
            if alen < 4:
                break
            if atype & 0x3FFF == 1:
                af = sibling_af(buf[sub + 4:sub + alen], SVC)
            sub += (alen + 3) & ~3
    off = 0
    pad = "#   " + "  " * depth
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("<HH", buf, off)
        if alen < 4 or off + alen > len(buf):
            out.append(f"{pad}(malformed attribute at +{off})")
            return
        nested = bool(atype & 0x8000)
        t = atype & 0x3FFF
        v = buf[off + 4:off + alen]
        name, kind = (table or {}).get(t, (f"attr {t}", "bin"))
        tag = f"{name} (type {t}{', NLA_F_NESTED' if nested else ''}, len {alen})"
        if isinstance(kind, dict):
            out.append(f"{pad}{tag}:")
            decode_attrs(v, kind, depth + 1, out, af)
        else:
            out.append(f"{pad}{tag} = {fmt_value(kind, v, af)}")
        off += (alen + 3) & ~3


def describe(msg, proto, ipvs_id, out):
    """Append '#' comment lines decoding msg; return a one-line summary."""
    if len(msg) < 16:
        return "short message"
    length, mtype, flags, seq, pid = struct.unpack_from("<IHHII", msg)
    body = msg[16:]
    summary = f"len={length} type={mtype}"
    if mtype in NLMSG_TYPES:
        summary += f" ({NLMSG_TYPES[mtype]})"
        if mtype == 2 and len(body) >= 4:
            err = struct.unpack_from("<i", body)[0]
            ename = errno.errorcode.get(-err, "") if err else "ack"
            summary += f" error={err}" + (f" ({ename}: {os.strerror(-err)})" if err else " (ack)")
            if len(body) >= 20:
                olen, otype, oflags, oseq, opid = struct.unpack_from("<IHHII", body, 4)
                out.append(f"#   in reply to: len={olen} type={otype} flags=0x{oflags:x} seq={oseq} pid={opid}")
                capped = flags & 0x100
                tlv_off = 4 + (16 if capped else olen)
                if flags & 0x200 and tlv_off < len(body):
                    decode_attrs(body[tlv_off:], NLMSGERR_ATTR, 0, out)
        elif mtype == 3 and len(body) >= 4:
            summary += f" status={struct.unpack_from('<i', body)[0]}"
    elif proto == 16:
        cmd, ver = (body[0], body[1]) if len(body) >= 2 else (None, None)
        if mtype == GENL_ID_CTRL:
            summary += f" (GENL_ID_CTRL) cmd={cmd} ({CTRL_CMD.get(cmd, '?')}) version={ver}"
            decode_attrs(body[4:], CTRL_ATTRS, 0, out)
        elif mtype == ipvs_id:
            cname = IPVS_CMD[cmd] if cmd is not None and cmd < len(IPVS_CMD) else "?"
            summary += f" (IPVS family) cmd={cmd} ({cname}) version={ver}"
            table = IPVS_INFO_ATTR if cmd in (14, 15) and not flags & 0x01 else IPVS_CMD_ATTR
            decode_attrs(body[4:], table, 0, out)
        else:
            summary += f" (genl family {mtype}) cmd={cmd} version={ver}"
    elif proto == 0 and mtype in RTM:
        name = RTM[mtype]
        summary += f" ({name})"
        if "ADDR" in name and len(body) >= 8:
            fam, plen, fl, scope, idx = struct.unpack_from("<BBBBI", body)
            out.append(f"#   ifaddrmsg: family={fam} prefixlen={plen} flags=0x{fl:x} scope={scope} index={idx}")
            decode_attrs(body[8:], IFA, 0, out)
        elif "LINK" in name and len(body) >= 16:
            fam, _, itype, idx, ifl, chg = struct.unpack_from("<BBHiII", body)
            out.append(f"#   ifinfomsg: family={fam} type={itype} index={idx} flags=0x{ifl:x} change=0x{chg:x}")
            decode_attrs(body[16:], IFLA, 0, out)
    summary += f" flags=0x{flags:04x} ({flag_names(flags, mtype, proto)}) seq={seq} pid={pid}"
    return summary


def hex_lines(msg):
    lines = []
    for i in range(0, len(msg), 16):
        chunk = msg[i:i + 16]
        words = " ".join(chunk[j:j + 4].hex() for j in range(0, len(chunk), 4))
        lines.append(f"{i:04x}: {words}")
    return lines


def find_ipvs_family_id(records):
    """The IPVS genl family id is dynamic: read it from the controller's reply."""
    for _, _, payload in records:
        for msg in split_messages(payload):
            length, mtype, flags = struct.unpack_from("<IHH", msg)
            if mtype != GENL_ID_CTRL or flags & 0x01 or len(msg) < 20:
                continue
            attrs, off, fid, name = msg[20:], 0, None, None
            while off + 4 <= len(attrs):
                alen, atype = struct.unpack_from("<HH", attrs, off)
                if alen < 4:
                    break
                v = attrs[off + 4:off + alen]
                if atype == 1:
                    fid = struct.unpack("<H", v[:2])[0]
                elif atype == 2:
                    name = v.rstrip(b"\0").decode()
                off += (alen + 3) & ~3
            if name == "IPVS" and fid is not None:
                return fid
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pcap", required=True)
    ap.add_argument("--index", required=True,
                    help="TSV: n, slug, start epoch s, end epoch s, exit status, output file"
                         " (relative to the index), command line")
    ap.add_argument("--out", required=True)
    ap.add_argument("--header", action="append", default=[], help="'key: value' added to every file")
    args = ap.parse_args()

    records = list(read_pcap(args.pcap))
    ipvs_id = find_ipvs_family_id(records)
    used = set()
    os.makedirs(args.out, exist_ok=True)
    with open(args.index) as f:
        entries = [line.rstrip("\n").split("\t", 6) for line in f if line.strip()]

    for n, slug, t0, t1, rc, outfile, cmdline in entries:
        lo = int(round(float(t0) * 1e6)) - 1
        hi = int(round(float(t1) * 1e6)) + 1
        mine = [(i, r) for i, r in enumerate(records) if lo <= r[0] <= hi]
        used.update(i for i, _ in mine)
        lines = [
            "# LvsOperator netlink capture (generated by tests/lab/capture-netlink.sh; do not edit)",
            f"# command: {cmdline}",
            f"# exit-status: {rc}",
        ]
        lines += [f"# {h}" for h in args.header]
        lines.append(f"# ipvs-genl-family-id: {ipvs_id if ipvs_id is not None else 'unknown'}"
                     + (f" (0x{ipvs_id:04x}); dynamic: normalise nlmsg_type == {ipvs_id} on NETLINK_GENERIC"
                        " messages" if ipvs_id is not None else ""))
        body = []
        count = 0
        base = mine[0][1][0] if mine else 0
        for dgram, (_, (us, cooked, payload)) in enumerate(mine, 1):
            proto = struct.unpack(">H", cooked[14:16])[0] if len(cooked) == 16 else -1
            pname = NETLINK_PROTOCOLS.get(proto, f"netlink protocol {proto}")
            for part, msg in enumerate(split_messages(payload), 1):
                count += 1
                flags = struct.unpack_from("<H", msg, 6)[0] if len(msg) >= 8 else 0
                direction = "user->kernel" if flags & 0x01 else "kernel->user"
                decoded = []
                summary = describe(msg, proto, ipvs_id, decoded)
                body.append("")
                body.append(f"@ {count} {direction} {pname} datagram={dgram}.{part}"
                            f" t=+{(us - base) / 1000:.3f}ms {summary}")
                body += decoded
                body += hex_lines(msg)
        lines.append(f"# messages: {count}")
        with open(os.path.join(os.path.dirname(os.path.abspath(args.index)), outfile),
                  errors="replace") as f:
            output = f.read().rstrip("\n")
        lines.append("# command output:" + ("" if output else " (none)"))
        lines += [f"#   | {line}" for line in output.splitlines()]
        path = os.path.join(args.out, f"{n}-{slug}.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines + body) + "\n")

    stray = [r for i, r in enumerate(records) if i not in used]
    print(f"nlmon2txt: {len(records)} datagrams, {len(entries)} commands, "
          f"IPVS family id {ipvs_id}, {len(stray)} datagrams outside any command window")
    return 0


if __name__ == "__main__":
    sys.exit(main())
