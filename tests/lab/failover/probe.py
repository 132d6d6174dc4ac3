#!/usr/bin/python3
"""Traffic for the failover lab (tests/lab/failover/README.md), run with the VM's python3.

  probe.py loop VIP:PORT FILE SRC...     a new HTTP connection every INTERVAL s (threads, so an attempt stuck on a
                                         dead director does not hold the next one back), source addresses in turn,
                                         until FILE.stop exists; a line per attempt: START|END|OK|SERVER|SRC|ERROR
  probe.py long VIP:PORT FILE            one TCP connection kept open: a line every 0.1 s, echoed by the real
                                         server; a line per round trip: SENT|RECEIVED|REPLY, and a last line
                                         "closed|TIME|REASON" when it breaks or FILE.stop appears
  probe.py echo ADDRESS:PORT NAME        the long-lived connection's server on a real server: echoes "NAME LINE"
  probe.py takeover EVENTS FILE          per event (EVENTS: NAME|KILL|CUT a line, epoch seconds: the kill and the
                                         moment the old master could no longer forward), the first request
                                         answered after CUT, counted from KILL, and the failures after it up to
                                         the next event; then median and worst per event kind. Only "death..."
                                         events are takeovers; the others (graceful stop, preemption) count
                                         their failures. Exit 1 if a takeover had no answer or failures after
                                         its first answer

Why Python, not curl: an exec costs 0.1-0.5 s under the VM's emulated CPU, which would blur a takeover of a few
hundred milliseconds; here an attempt starts every 50 ms whatever the previous ones do.
"""
import os
import socket
import socketserver
import statistics
import sys
import threading
import time

INTERVAL = float(os.environ.get("PROBE_INTERVAL", "0.05"))
TIMEOUT = float(os.environ.get("PROBE_TIMEOUT", "3"))


def split(target):
    host, port = target.rsplit(":", 1)
    return host, int(port)


def attempt(target, src, out, lock):
    start = time.time()
    server, error = "", ""
    try:
        with socket.create_connection(target, timeout=TIMEOUT, source_address=(src, 0)) as s:
            s.settimeout(max(0.1, TIMEOUT - (time.time() - start)))
            s.sendall(b"GET / HTTP/1.0\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            if head.startswith(b"HTTP/1.") and b" 200 " in head.split(b"\r\n", 1)[0]:
                server = body.decode(errors="replace").strip()
            else:
                error = "status " + head.split(b"\r\n", 1)[0].decode(errors="replace")
    except OSError as e:
        error = type(e).__name__ + (f" {e.errno}" if e.errno else "")
    ok = 1 if server and not error else 0
    with lock:
        out.write(f"{start:.6f}|{time.time():.6f}|{ok}|{server}|{src}|{error}\n")
        out.flush()


def loop(target, path, sources):
    target, lock, i = split(target), threading.Lock(), 0
    threads = []
    with open(path, "a") as out:
        next_at = time.time()
        while not os.path.exists(path + ".stop"):
            t = threading.Thread(target=attempt, args=(target, sources[i % len(sources)], out, lock), daemon=True)
            t.start()
            threads.append(t)
            i += 1
            next_at += INTERVAL
            time.sleep(max(0.0, next_at - time.time()))
            threads = [t for t in threads if t.is_alive()]
        for t in threads:
            t.join()


def long(target, path):
    with open(path, "a") as out, socket.create_connection(split(target), timeout=5) as s:
        f = s.makefile("rb")
        n = 0
        reason = "stopped"
        while not os.path.exists(path + ".stop"):
            n += 1
            sent = time.time()
            try:
                s.sendall(f"{n}\n".encode())
                reply = f.readline()
            except OSError as e:
                reason = type(e).__name__ + (f" {e.errno}" if e.errno else "")
                break
            if not reply:
                reason = "closed by peer"
                break
            out.write(f"{sent:.6f}|{time.time():.6f}|{reply.decode(errors='replace').strip()}\n")
            out.flush()
            time.sleep(0.1)
        out.write(f"closed|{time.time():.6f}|{reason}\n")


def echo(address, name):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                self.wfile.write(f"{name} {line.decode(errors='replace').strip()}\n".encode())

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    with socketserver.ThreadingTCPServer(split(address), Handler) as server:
        server.serve_forever()


def takeover(events_path, path):
    rows = [line.rstrip("\n").split("|") for line in open(path)]
    requests = sorted((float(r[0]), float(r[1]), r[2] == "1") for r in rows if len(r) >= 3)
    events = [(e[0], float(e[1]), float(e[2])) for e in (line.strip().split("|") for line in open(events_path)) if len(e) == 3]
    times, failed_after = {}, 0
    for i, (name, kill, cut) in enumerate(events):
        until = events[i + 1][1] if i + 1 < len(events) else float("inf")
        if not name.startswith("death"):
            # A graceful hand-over or a preemption: the old master forwards until the new one holds the VIP, so
            # the first answer says nothing about who answered; only what failed counts.
            bad = sum(1 for start, end, ok in requests if not ok and kill <= start < until)
            print(f"{name:<12} {bad} failed from it to the next event")
            continue
        answered = [end for start, end, ok in requests if ok and cut <= start < until]
        if not answered:
            print(f"{name:<12} no request answered after it")
            failed_after += 1
            continue
        first = min(answered)
        late = sum(1 for start, end, ok in requests if not ok and first <= start < until)
        lost = sum(1 for start, end, ok in requests if not ok and kill <= start < first)
        failed_after += late
        times.setdefault(name, []).append(first - kill)
        print(f"{name:<12} first answer {first - kill:6.3f} s after the kill; {lost} failed in the window, {late} after it")
    for name, values in times.items():
        print(f"{name:<12} n={len(values)} median {statistics.median(values):.3f} s, worst {max(values):.3f} s")
    return 0 if failed_after == 0 else 1


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "loop":
        loop(args[0], args[1], args[2:])
    elif mode == "long":
        long(args[0], args[1])
    elif mode == "echo":
        echo(args[0], args[1])
    elif mode == "takeover":
        sys.exit(takeover(args[0], args[1]))
    else:
        sys.exit(f"unknown mode {mode}")
