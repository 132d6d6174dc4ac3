#!/usr/bin/python3
"""A sync daemon stopped before its kernel thread first ran gets no netlink answer (tests/lab/failover/README.md,
"The sync daemon that did not answer"). Inside the lab VM, as root, in a fresh network namespace:

  ip netns add eintr && ip netns exec eintr python3 tests/lab/failover/daemon-eintr.py [ROUNDS]

Each round sends IPVS_CMD_NEW_DAEMON (master on a veth) and, at once on the same socket, IPVS_CMD_DEL_DAEMON, then
waits up to 2 s for each acknowledgement; afterwards IPVS_CMD_GET_DAEMON shows whether the daemon is gone. Prints
how many DEL_DAEMON requests went unanswered while the daemon was in fact stopped. Why: start_sync_thread
kthread_run()s the thread, stop_sync_thread returns what kthread_stop() returns, which is -EINTR when the thread
had not run yet (kernel/kthread.c, kthread(): ret = -EINTR unless it gets past KTHREAD_SHOULD_STOP), and
netlink_rcv_skb() sends no ACK for a handler's -EINTR (net/netlink/af_netlink.c: "goto skip", the value a dump
start returns). Plain sockets and struct, no tools: a witness only, nothing of the product.
"""
import select
import socket
import struct
import subprocess
import sys

NETLINK_GENERIC, GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
# include/uapi/linux/ip_vs.h
IPVS_CMD_NEW_DAEMON, IPVS_CMD_DEL_DAEMON, IPVS_CMD_GET_DAEMON = 9, 10, 11
IPVS_CMD_ATTR_DAEMON, IPVS_DAEMON_ATTR_STATE, IPVS_DAEMON_ATTR_MCAST_IFN, IPVS_DAEMON_ATTR_SYNC_ID = 3, 1, 2, 3
IP_VS_STATE_MASTER = 1
NLA_F_NESTED = 0x8000


def attr(kind, payload):
    padded = payload + b"\0" * (-len(payload) % 4)
    return struct.pack("=HH", 4 + len(payload), kind) + padded


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.bind((0, 0))
        self.seq = 0

    def send(self, family, cmd, flags, attrs=b""):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + attrs
        self.sock.send(struct.pack("=IHHII", 16 + len(body), family, NLM_F_REQUEST | flags, self.seq, 0) + body)
        return self.seq

    def replies(self, seq, timeout):
        """The messages answering seq until an ACK, an error or DONE; None if nothing came within timeout."""
        out = []
        while True:
            if not select.select([self.sock], [], [], timeout)[0]:
                return None
            data = self.sock.recv(65536)
            offset = 0
            while offset + 16 <= len(data):
                length, kind, _, got, _ = struct.unpack_from("=IHHII", data, offset)
                message = data[offset:offset + length]
                offset += (length + 3) & ~3
                if got != seq:
                    continue
                if kind == NLMSG_ERROR:
                    return out + [("error", -struct.unpack_from("=i", message, 16)[0])]
                if kind == NLMSG_DONE:
                    return out
                out.append(("data", message))

    def family(self, name):
        seq = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK, attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        for kind, message in self.replies(seq, 2):
            offset = 20
            while kind == "data" and offset + 4 <= len(message):
                length, attribute = struct.unpack_from("=HH", message, offset)
                if attribute == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack_from("=H", message, offset + 4)[0]
                offset += (length + 3) & ~3
        raise SystemExit("no IPVS family")


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    subprocess.run(["ip", "link", "add", "eintr0", "type", "veth", "peer", "name", "eintr1"], check=True)
    subprocess.run(["ip", "addr", "add", "10.99.0.1/24", "dev", "eintr0"], check=True)
    subprocess.run(["ip", "link", "set", "eintr0", "up"], check=True)
    genl = Genl()
    ipvs = genl.family("IPVS")
    daemon = attr(IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED,
                  attr(IPVS_DAEMON_ATTR_STATE, struct.pack("=I", IP_VS_STATE_MASTER))
                  + attr(IPVS_DAEMON_ATTR_MCAST_IFN, b"eintr0\0")
                  + attr(IPVS_DAEMON_ATTR_SYNC_ID, struct.pack("=I", 51)))
    stop = attr(IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED, attr(IPVS_DAEMON_ATTR_STATE, struct.pack("=I", IP_VS_STATE_MASTER)))
    unanswered = stopped_anyway = other = 0
    for _ in range(rounds):
        start = genl.replies(genl.send(ipvs, IPVS_CMD_NEW_DAEMON, NLM_F_ACK, daemon), 2)
        if start != [("error", 0)]:
            other += 1
            continue
        answer = genl.replies(genl.send(ipvs, IPVS_CMD_DEL_DAEMON, NLM_F_ACK, stop), 2)
        running = genl.replies(genl.send(ipvs, IPVS_CMD_GET_DAEMON, NLM_F_DUMP), 2)
        if answer is None:
            unanswered += 1
            stopped_anyway += running == []
        elif answer != [("error", 0)]:
            other += 1
    print(f"{rounds} start+stop rounds: {unanswered} IPVS_CMD_DEL_DAEMON without an answer "
          f"({stopped_anyway} of them with the daemon stopped all the same), {other} other outcomes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
