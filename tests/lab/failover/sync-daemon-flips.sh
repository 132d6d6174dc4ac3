#!/usr/bin/env bash
# How long the kernel takes to start and stop IPVS sync daemons when roles flip fast (tests/lab/failover/README.md,
# "The sync daemon that did not answer"). Inside the lab VM:
#   flock /tmp/lab-vm.lock tests/lab/run.sh tests/lab/failover/sync-daemon-flips.sh [FLIPS]
# Two namespaces on a veth pair, each flipping master <-> backup FLIPS times (default 100) with ipvsadm, the way an
# election flips them (stop the other role, start this one), both at once so their commands meet on the kernel's
# global genl_mutex and rtnl_lock; a third namespace keeps the link of one of them going down and up (a node
# death's cut) and adds and deletes services meanwhile. Prints per command the count, median, 99th percentile and
# worst duration and the failures (a master cannot start while its link is down: ENETUNREACH from the multicast
# connect), and fails if any command took longer than 5 s (SyncDaemonControl.ReplyTimeout).
set -euo pipefail
if [[ ${LAB:-} != 1 ]]; then
    echo "sync-daemon-flips.sh runs inside the lab VM: tests/lab/run.sh $0" >&2
    exit 2
fi
FLIPS="${1:-100}"
OUT="$LAB_OUT/sync-daemon-flips"
rm -rf "$OUT" && mkdir -p "$OUT"
modprobe ip_vs

ip netns add sd-1 && ip netns add sd-2 && ip netns add sd-3
ip link add sd0 netns sd-1 type veth peer name sd0 netns sd-2
ip -n sd-1 addr add 10.9.0.1/24 dev sd0 && ip -n sd-1 link set sd0 up && ip -n sd-1 link set lo up
ip -n sd-2 addr add 10.9.0.2/24 dev sd0 && ip -n sd-2 link set sd0 up && ip -n sd-2 link set lo up
ip -n sd-3 link set lo up

# timed NS LABEL CMD...: one line "LABEL START END RC" per command.
timed() {
    local ns="$1" label="$2" t rc=0
    shift 2
    t=$EPOCHREALTIME
    ip netns exec "$ns" "$@" >/dev/null 2>&1 || rc=$?
    printf '%s %s %s %s\n' "$label" "$t" "$EPOCHREALTIME" "$rc"
}

flipper() { # NS: FLIPS role changes, as SyncDaemonControl.ApplyAsync makes them
    local ns="$1" i
    ip netns exec "$ns" ipvsadm --start-daemon backup --mcast-interface sd0 --syncid 51
    for ((i = 0; i < FLIPS; i++)); do
        timed "$ns" stop-backup ipvsadm --stop-daemon backup
        timed "$ns" start-master ipvsadm --start-daemon master --mcast-interface sd0 --syncid 51
        timed "$ns" stop-master ipvsadm --stop-daemon master
        timed "$ns" start-backup ipvsadm --start-daemon backup --mcast-interface sd0 --syncid 51
    done
}

disturber() { # link flaps on sd-1 and service churn in sd-3 until the flippers are done
    local i=0
    while [[ ! -e $OUT/done ]]; do
        ip -n sd-1 link set sd0 down
        ip netns exec sd-3 ipvsadm -A -t "192.0.2.$((i % 200 + 1)):80" -s rr
        ip -n sd-1 link set sd0 up
        ip netns exec sd-3 ipvsadm -D -t "192.0.2.$((i % 200 + 1)):80"
        i=$((i + 1))
    done
    echo "disturber: $i link flaps" >&2
}

disturber &
d=$!
t0=$SECONDS
flipper sd-1 >"$OUT/sd-1.txt" &
f1=$!
flipper sd-2 >"$OUT/sd-2.txt" &
f2=$!
wait "$f1" "$f2"
touch "$OUT/done"
wait "$d"
echo "$((FLIPS * 2)) role flips in two namespaces, $((SECONDS - t0)) s"
dmesg | grep -c 'IPVS: sync thread started' | sed 's/^/sync threads started (dmesg): /'
dmesg | grep -i 'ipvs' | grep -vi 'sync thread started\|stopping .* sync thread' | tail -n 5 || true

python3 - "$OUT"/sd-1.txt "$OUT"/sd-2.txt <<'PY'
import statistics, sys
rows = [line.split() for path in sys.argv[1:] for line in open(path)]
bad = 0
for label in ("stop-backup", "start-master", "stop-master", "start-backup"):
    times = sorted(float(r[2]) - float(r[1]) for r in rows if r[0] == label)
    failed = sum(1 for r in rows if r[0] == label and r[3] != "0")
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{label:<13} n={len(times)} median {statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, worst {times[-1] * 1000:.0f} ms, failed {failed}")
    bad += sum(1 for t in times if t > 5)
print("ok" if bad == 0 else f"FAIL: {bad} commands took over 5 s")
sys.exit(1 if bad else 0)
PY

# The same stop, with no exec between start and stop: the daemon stopped before its thread ran (daemon-eintr.py).
ip netns add eintr
ip netns exec eintr python3 "$(dirname "${BASH_SOURCE[0]}")/daemon-eintr.py" 200
