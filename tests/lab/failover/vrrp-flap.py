#!/usr/bin/python3
"""VRRPv3 adverts with flaps, to drive a keepalived backup through fast MASTER/BACKUP transitions (keepalived-hang.sh).

  python3 vrrp-flap.py IFACE SOURCE VRID PRIORITY SECONDS LOG

Sends an advert (100 ms interval field) every 0.1 s; every tenth one is followed by a gap drawn from 0.30-0.45 s
instead, around a priority-100 backup's master-down interval of 0.36 s: the backup sometimes goes MASTER just as
the next advert arrives and goes BACKUP at once, which is what a stall of the whole VM does to it. After SECONDS of
that, 20 s of steady adverts, in which a live backup settles (keepalived-hang.sh looks at it then). Each gap's start goes to LOG. A witness only, nothing
of the product: plain sockets and struct.
"""
import random
import socket
import struct
import sys
import time

GROUP = "224.0.0.18"


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def advert(source, vrid, priority, address):
    body = struct.pack("!BBBBH", 0x31, vrid, priority, 1, 10) + socket.inet_aton(address)
    pseudo = socket.inet_aton(source) + socket.inet_aton(GROUP) + struct.pack("!BBH", 0, 112, len(body) + 2)
    # checksum over pseudo-header and the packet with its checksum field zero
    packet = body[:6] + b"\0\0" + body[6:]
    return packet[:6] + struct.pack("!H", checksum(pseudo + packet)) + packet[8:]


def main():
    iface, source, vrid, priority, seconds, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(source))
    packet = advert(source, vrid, priority, "192.0.2.200")
    end = time.monotonic() + seconds
    n = 0
    with open(log, "a", buffering=1) as out:
        while time.monotonic() < end:
            sock.sendto(packet, (GROUP, 0))
            n += 1
            if n % 10 == 0:
                gap = random.uniform(0.30, 0.45)
                out.write(f"{time.time():.3f} gap {gap:.3f}\n")
                time.sleep(gap)
            else:
                time.sleep(0.1)
        steady = time.monotonic() + 20
        while time.monotonic() < steady:
            sock.sendto(packet, (GROUP, 0))
            time.sleep(0.1)
    print(f"{n} adverts")


main()
