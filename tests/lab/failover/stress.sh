#!/usr/bin/env bash
# The election under load (issue 15, `make stress-election`): a VRRP master at 100 ms and at 1 s advertisements
# while its namespace runs a CPU and memory hog (stress-ng), counting the master transitions its two backups make.
# First director-a's agent is the master (priority 150) with keepalived and director-b's agent as backups (100);
# then keepalived is the master (200) under the same hog, with both agents as backups: the peer figure. A backup
# going master means the master's advertisements stopped for longer than the master-down interval (0.36 s at
# 100 ms, 3.6 s at 1 s). A stall monitor at SCHED_FIFO 90 in the VM counts the stalls of the whole VM (the
# host not running qemu), which no process inside can prevent and which hit both kinds of master alike.
#
# On the host: tests/lab/failover/stress.sh boots the lab VM once (as run.sh does) and runs itself inside.
# Env: STRESS_SECONDS (default 150) per cell; STRESS_INTERVALS (default "100ms 1s"); STRESS_MASTERS (default
# "agent keepalived"); STRESS_AGENT_ARGS (default "--vrrp-rt-priority 10 --lock-memory true"), the directors'
# VRRP switches; keepalived gets the same two settings (vrrp_rt_priority 10, vrrp_no_swap). Not part of make test.
set -euo pipefail

if [[ ${LAB:-} != 1 ]]; then
    repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
    cd "$repo"
    export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}" STRESS_SECONDS="${STRESS_SECONDS:-150}"
    export STRESS_INTERVALS="${STRESS_INTERVALS:-100ms 1s}" STRESS_MASTERS="${STRESS_MASTERS:-agent keepalived}"
    export STRESS_AGENT_ARGS="${STRESS_AGENT_ARGS:---vrrp-rt-priority 10 --lock-memory true}"
    echo "host before: $(cut -d' ' -f1-3 /proc/loadavg) (load average 1/5/15 min, $(nproc) CPUs)"
    samples="$(mktemp)"
    (while sleep 10; do cut -d' ' -f1 /proc/loadavg; done) >"$samples" &
    sampler=$!
    # shellcheck source=../lib.sh
    source tests/lab/lib.sh
    rc=0
    LAB_TIMEOUT="${LAB_TIMEOUT:-3000}" lab_run_agent_scenarios stress-election tests/lab/failover/stress.sh \
        STRESS_SECONDS STRESS_INTERVALS STRESS_MASTERS STRESS_AGENT_ARGS || rc=$?
    kill "$sampler"
    awk '{s += $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1} END {
        if (NR) printf "host load average (1 min) during the run: min %.1f, mean %.1f, max %.1f (%d samples)\n", lo, s / NR, hi, NR}' "$samples"
    rm -f "$samples"
    exit "$rc"
fi

cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
export TOPO_PREFIX=st- TOPO_STATE=/tmp/lvs-stress
export TOPO_AGENT_ARGS="--resync 00:00:01 --drain-grace 00:00:05 --node-labels lvsoperator.io/director=true $STRESS_AGENT_ARGS"
# shellcheck source-path=SCRIPTDIR source=../topology.sh
source tests/lab/topology.sh
# shellcheck source=stalls.sh
source tests/lab/failover/stalls.sh

OUT="$LAB_OUT/failover-stress"
rm -rf "$OUT" "$TOPO_STATE"
mkdir -p "$OUT" "$TOPO_STATE/manifests"
VIP=192.0.2.120
LAN="$(topo_ns lan)"
A="$(topo_ns a)" B="$(topo_ns b)" K="$(topo_ns k)"
KLOG="$TOPO_STATE/keepalived.log"
ROWS="$OUT/table.txt"

# One bridge namespace and three directors on it: 198.18.0.2 (director-a), .3 (director-b), .4 (keepalived).
lan_up() {
    local ns addr
    ip netns add "$LAN"
    ip -n "$LAN" link add br0 type bridge
    ip -n "$LAN" link set br0 up
    for ns in "$A:2" "$B:3" "$K:4"; do
        addr="${ns#*:}" ns="${ns%%:*}"
        ip netns add "$ns"
        ip link add d-lan netns "$ns" type veth peer name "p$addr" netns "$LAN"
        ip -n "$LAN" link set "p$addr" master br0 up
        ip -n "$ns" addr add "198.18.0.$addr/24" dev d-lan
        ip -n "$ns" link set d-lan up
        ip -n "$ns" link set lo up
    done
}

# manifest INTERVAL: the failover suite's own manifests (a known-good desired state: the agent is ready only once a
# cycle applied one) with the advertisement interval changed.
manifest() {
    sed "s/advertisementInterval: 100ms/advertisementInterval: $1/" tests/lab/failover/manifests/dr-failover.yaml \
        >"$TOPO_STATE/manifests/dr-failover.yaml"
}

progress() { printf '  %s %s\n' "$(date +%T)" "$*"; }

keepalived_start() { # PRIORITY INTERVAL-SECONDS
    cat >"$TOPO_STATE/keepalived.conf" <<EOF
global_defs {
    router_id stress-keepalived
    vrrp_version 3
    vrrp_rt_priority 10
    vrrp_no_swap
}
vrrp_instance VI_51 {
    state BACKUP
    interface d-lan
    virtual_router_id 51
    priority $1
    advert_int $2
    virtual_ipaddress {
        $VIP/32 dev d-lan
    }
}
EOF
    ip netns exec "$K" keepalived -n -l -D -G -f "$TOPO_STATE/keepalived.conf" -p "$TOPO_STATE/k.pid" \
        -r "$TOPO_STATE/k-vrrp.pid" -c "$TOPO_STATE/k-checkers.pid" \
        </dev/null > >(exec >>"$KLOG" 2>/dev/null; _topo_stamp) 2>&1 &
    printf '%s\n' "$!" >"$TOPO_STATE/k-main.pid"
}

keepalived_stop() {
    local f
    for f in k-main k k-vrrp k-checkers; do
        [[ -s $TOPO_STATE/$f.pid ]] && kill "$(<"$TOPO_STATE/$f.pid")" 2>/dev/null || true
    done
    [[ ! -s $TOPO_STATE/k-main.pid ]] || wait "$(<"$TOPO_STATE/k-main.pid")" 2>/dev/null || true
    rm -f "$TOPO_STATE"/k*.pid
    ip -n "$K" addr del "$VIP/32" dev d-lan 2>/dev/null || true
}

holds_vip() { ip -n "$1" -4 -o addr show 2>/dev/null | grep -qw "$VIP/32"; }
only_holder() { # NS: holds the VIP, and no other director does
    local ns
    holds_vip "$1" || return 1
    for ns in "$A" "$B" "$K"; do [[ $ns == "$1" ]] || ! holds_vip "$ns" || return 1; done
}

# went_master SINCE UNTIL FILE PATTERN: lines of FILE matching PATTERN stamped within [SINCE, UNTIL].
went_master() {
    awk -v s="$1" -v u="$2" -v p="$4" '$1 >= s && $1 <= u && $0 ~ p {n++} END {print n + 0}' "$3"
}

# unexplained SINCE UNTIL EXCUSE FILE PATTERN: of those lines, the ones no vCPU stall of EXCUSE seconds or more
# explains (ended within 2 s before the line's stamp or 0.5 s after, as backup_kept in stalls.sh).
unexplained() {
    awk -v s="$1" -v u="$2" -v min="$3" -v p="$5" 'FILENAME == ARGV[1] { if ($2 >= min) ends[++n] = $1; next }
        $1 >= s && $1 <= u && $0 ~ p {
            vm = 0
            for (i = 1; i <= n; i++) if (ends[i] >= $1 - 2 && ends[i] <= $1 + 0.5) vm = 1
            if (!vm) bad++
        }
        END { print bad + 0 }' "$OUT/stalls.txt" "$4"
}

unsettled() { # who holds the VIP, and what each daemon said last about the election
    local ns
    for ns in "$A" "$B" "$K"; do printf '    %s: %s\n' "$ns" "$(ip -n "$ns" -4 -o addr show | grep -w "$VIP/32" | awk '{print $2}')"; done
    grep -h 'VRRP' "$TOPO_STATE"/agent/director-*.log | tail -n 8 | sed 's/^/    /' || true
    grep -h 'VI_51' "$KLOG" | tail -n 6 | sed 's/^/    /' || true
    ip netns exec "$A" timeout 3 tcpdump -n -p -c 4 -i d-lan vrrp 2>&1 | sed 's/^/    a: /' || true
}

# cell MASTER INTERVAL: set up, settle, load the master's namespace for STRESS_SECONDS, count, tear down.
cell() {
    local master="$1" interval="$2" kint hog t0 t1 a b k stalls worst excuse u
    kint=$([[ $interval == 100ms ]] && echo 0.1 || echo 1)
    manifest "$interval"
    progress "$master master at $interval: starting"
    if [[ $master == agent ]]; then
        agent_start "$A" director-a "$TOPO_STATE/manifests"
        agent_wait_ready director-a 180 || return 1
        wait_until 30 only_holder "$A" || return 1
        agent_start "$B" director-b "$TOPO_STATE/manifests"
        keepalived_start 100 "$kint"
        agent_wait_ready director-b 180 || return 1
        hog="$A"
    else
        keepalived_start 200 "$kint"
        wait_until 30 only_holder "$K" || return 1
        agent_start "$A" director-a "$TOPO_STATE/manifests"
        agent_start "$B" director-b "$TOPO_STATE/manifests"
        agent_wait_ready director-a 180 || return 1
        agent_wait_ready director-b 180 || return 1
        hog="$K"
    fi
    progress "settled; stress-ng for ${STRESS_SECONDS}s"
    sleep 5
    if ! wait_until 10 only_holder "$([[ $master == agent ]] && echo "$A" || echo "$K")"; then
        echo "  not settled: no single master"
        unsettled
        return 1
    fi
    t0="$EPOCHREALTIME"
    ip netns exec "$hog" stress-ng --cpu "$(nproc)" --vm 2 --vm-bytes 20% --timeout "${STRESS_SECONDS}s" \
        >"$OUT/stress-ng-$master-$interval.txt" 2>&1 || true
    t1="$EPOCHREALTIME"
    sleep 3 # the stampers' lines of the last seconds
    a=$(went_master "$t0" "$t1" "$TOPO_STATE/agent/director-a.log" '-> Master')
    b=$(went_master "$t0" "$t1" "$TOPO_STATE/agent/director-b.log" '-> Master')
    k=$(went_master "$t0" "$t1" "$KLOG" 'Entering MASTER STATE')
    # A priority-100 backup's master-down interval less one advert interval: 3.6 s - 1 s at 1 s adverts.
    excuse=$([[ $interval == 100ms ]] && echo 0.26 || echo 2.61)
    u=0
    [[ $master == keepalived ]] || u=$((u + $(unexplained "$t0" "$t1" "$excuse" "$KLOG" 'Entering MASTER STATE')))
    [[ $master == agent ]] || u=$((u + $(unexplained "$t0" "$t1" "$excuse" "$TOPO_STATE/agent/director-a.log" '-> Master')))
    u=$((u + $(unexplained "$t0" "$t1" "$excuse" "$TOPO_STATE/agent/director-b.log" '-> Master')))
    printf '%s %s %s %s\n' "$master" "$interval" "$t0" "$t1" >>"$OUT/cells.txt"
    stalls=$(awk -v s="$t0" -v u="$t1" '$1 >= s && $1 <= u && $2 > 0.3 {n++} END {print n + 0}' "$OUT/stalls.txt")
    worst=$(awk -v s="$t0" -v u="$t1" '$1 >= s && $1 <= u && $2 > w {w = $2} END {printf "%.2f", w}' "$OUT/stalls.txt")
    printf '%-10s %-8s %6s %9s %9s %9s %11s %11s %10s %6s\n' "$master" "$interval" "${STRESS_SECONDS}s" \
        "$([[ $master == agent ]] && echo - || echo "$a")" "$b" "$([[ $master == keepalived ]] && echo - || echo "$k")" \
        "$u" "$stalls" "$worst" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$ROWS"
    agent_stop director-a TERM || true
    agent_stop director-b TERM || true
    keepalived_stop
    for ns in "$A" "$B"; do ip -n "$ns" addr flush dev lvs0 2>/dev/null || true; done
}

cleanup() {
    cp "$TOPO_STATE"/agent/*.log "$KLOG" "$OUT/" 2>/dev/null || true
    agent_stop director-a KILL || true
    agent_stop director-b KILL || true
    keepalived_stop || true
    stall_monitor_stop "$OUT/stalls.txt"
    for ns in "$A" "$B" "$K" "$LAN"; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT

lan_up
stall_monitor_start "$OUT/stalls.txt"
echo "VM: $(nproc) vCPUs; agent: $TOPO_AGENT_CMD $TOPO_AGENT_ARGS; stress-ng --cpu $(nproc) --vm 2 --vm-bytes 20% in the master's namespace"
printf '%-10s %-8s %6s %9s %9s %9s %11s %11s %10s %6s\n' master advert load "a->master" "b->master" "k->master" \
    "no stall" "VM stalls" "worst (s)" "VM load" | tee "$ROWS"
failed=0
for master in $STRESS_MASTERS; do
    for interval in $STRESS_INTERVALS; do
        cell "$master" "$interval" || { echo "$master $interval: could not run the cell"; failed=1; }
    done
done
echo "Transitions: a backup's entries into MASTER while the master lived (a: director-a's agent, b: director-b's"
echo "agent, k: keepalived). No stall: those of them that no vCPU stall of the backup's master-down interval less"
echo "one advert interval explains. VM stalls: wake-ups of a SCHED_FIFO 90 sleeper per vCPU more than 0.3 s late."
grep -h 'SCHED_RR\|mlockall' "$TOPO_STATE"/agent/director-a.log | sed 's/^[^ ]* //' | sort -u | head -n 4 || true
exit "$failed"
