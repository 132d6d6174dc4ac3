#!/usr/bin/env bash
# How long after its start an agent answers /healthz on a node whose DNS does not answer (issue 15). Inside
# the lab VM (the agent needs IPVS):
#   tests/lab/run.sh tests/lab/status-without-dns.sh [AGENT-BINARY...]   (default: the lab's NativeAOT agent)
# Per agent: a network namespace with lo only; a resolver on 127.0.0.53 that reads queries and never answers
# (a black hole), named by the namespace's resolv.conf (ip netns exec mounts /etc/netns/NS/resolv.conf); a
# host name /etc/hosts does not list (a UTS namespace), so looking up the machine's own name waits for DNS.
# The control: the same with no resolver at all on 127.0.0.53 (a query is refused at once), the node's
# normal time. Prints, per agent, resolver and run, the seconds from its start to the first 200 from /healthz.
set -euo pipefail
if [[ ${LAB:-} != 1 ]]; then
    echo "status-without-dns.sh runs inside the lab VM: tests/lab/run.sh tests/lab/status-without-dns.sh" >&2
    exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
(($# > 0)) || set -- "${LAB_OUT:-artifacts/lab}/aot/lvs-agent/lvs-agent"
runs="${RUNS:-3}" ns=status-nodns work=/tmp/status-nodns
ip netns add "$ns"
ip -n "$ns" link set lo up
mkdir -p "/etc/netns/$ns" "$work/manifests"
echo "nameserver 127.0.0.53" >"/etc/netns/$ns/resolv.conf"
ip netns exec "$ns" /usr/bin/python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.53", 53))
while True: s.recv(4096)' &
resolver=$!
trap 'kill "$resolver" 2>/dev/null || true' EXIT
healthz() { ip netns exec "$ns" curl -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1:9473/healthz || true; }
# DNS: black-hole (the python one above answers nothing) or refused (stopped: ICMP port unreachable).
measure() { # AGENT DNS
    local agent="$1" dns="$2" run log pid t0
    for ((run = 1; run <= runs; run++)); do
        log="$work/agent-$run.log"
        t0=$EPOCHREALTIME
        ip netns exec "$ns" unshare --uts sh -c 'hostname lab-nodns-host && exec "$@"' _ "$agent" --node lab-nodns \
            --manifests "$work/manifests" --state-dir "$work/state" --status-address http://+:9473/ >"$log" 2>&1 &
        pid=$!
        until [[ $(healthz) == 200 ]]; do
            kill -0 "$pid" 2>/dev/null || { echo "$agent exited:"; cat "$log"; exit 1; }
            sleep 0.05
        done
        awk -v a="$t0" -v b="$EPOCHREALTIME" -v agent="$agent" -v run="$run" -v r="$dns" \
            'BEGIN {printf "%s, DNS %s, run %d: /healthz 200 after %.2f s\n", agent, r, run, b - a}'
        kill "$pid" && wait "$pid" 2>/dev/null || true
    done
}
for agent in "$@"; do measure "$agent" black-hole; done
kill "$resolver" && wait "$resolver" 2>/dev/null || true
for agent in "$@"; do measure "$agent" refused; done
