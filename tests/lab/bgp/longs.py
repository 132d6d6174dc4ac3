#!/usr/bin/python3
"""Long-lived connections for the BGP lab (tests/lab/bgp/README.md), run with the VM's python3.

  longs.py run VIP:PORT FILE SRC...   one TCP connection per source address, each sending a line every 0.2 s and
                                      reading the real server's echo ("NAME LINE", probe.py echo), until FILE.stop
                                      exists; then a line per connection in FILE:
                                      SRC:PORT|FIRST-SERVER|ROUND-TRIPS|SERVERS-SEEN|LAST-REPLY|LONGEST-GAP|ENDED
                                      ENDED is "stopped" for a connection that lived until the stop, else the error;
                                      FILE.ready holds SRC:PORT per connection once all are open.
A connection that moved to another director keeps its real server (same mh table), so SERVERS-SEEN stays 1.
"""
import os
import socket
import sys
import threading
import time

TIMEOUT = float(os.environ.get("LONGS_TIMEOUT", "20"))


def one(target, src, path, results, opened, lock):
    rec = {"id": f"{src}:?", "first": "", "n": 0, "servers": set(), "last": 0.0, "gap": 0.0, "ended": "stopped"}
    try:
        s = socket.create_connection(target, timeout=5, source_address=(src, 0))
    except OSError as e:
        rec["ended"] = "connect " + type(e).__name__
        with lock:
            results.append(rec)
        opened.release()
        return
    rec["id"] = "%s:%d" % s.getsockname()[:2]
    opened.release()
    s.settimeout(TIMEOUT)
    f = s.makefile("rb")
    previous = time.time()
    try:
        while not os.path.exists(path + ".stop"):
            rec["n"] += 1
            s.sendall(f"{rec['n']}\n".encode())
            reply = f.readline()
            if not reply:
                rec["ended"] = "closed by peer"
                break
            now = time.time()
            name = reply.decode(errors="replace").split(" ", 1)[0]
            rec["first"] = rec["first"] or name
            rec["servers"].add(name)
            rec["gap"] = max(rec["gap"], now - previous)
            rec["last"] = previous = now
            time.sleep(0.2)
    except OSError as e:
        rec["ended"] = type(e).__name__ + (f" {e.errno}" if e.errno else "")
    finally:
        s.close()
    with lock:
        results.append(rec)


def run(target, path, sources):
    host, port = target.rsplit(":", 1)
    results, lock, opened = [], threading.Lock(), threading.Semaphore(0)
    threads = [threading.Thread(target=one, args=((host, int(port)), src, path, results, opened, lock)) for src in sources]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for _ in threads:
        opened.acquire()
    time.sleep(1)
    with open(path + ".ready", "w") as ready:
        ready.write("ready\n")
    for t in threads:
        t.join()
    with open(path, "w") as out:
        for r in sorted(results, key=lambda r: r["id"]):
            out.write(f"{r['id']}|{r['first']}|{r['n']}|{len(r['servers'])}|{r['last']:.6f}|{r['gap']:.3f}|{r['ended']}\n")


if __name__ == "__main__":
    if len(sys.argv) < 5 or sys.argv[1] != "run":
        sys.exit(__doc__)
    run(sys.argv[2], sys.argv[3], sys.argv[4:])
