#!/usr/bin/env bash
# lvs-agent's start: from exec to /readyz answering 200 and to its first "Reconciled:" log line, and its
# memory after that first cycle, on a generated manifest folder of SERVICES NAT VirtualServices with DESTS
# static real servers each (all directed by this node).
#
#   bench/agent-start.sh [SERVICES] [DESTS] [RUNS]     # default 1000 10 5; on the host
#   AGENT_COMPARE=/path/to/other/lvs-agent bench/agent-start.sh ...  # that build too, in the same VM boot
#
# On the host: publishes the agent NativeAOT when stale (tests/lab/lib.sh), generates the folder into
# $LAB_OUT/bench/agent-start/, measures what the host can (it has no IPVS: the agent stops at its first
# netlink call, so exec to exit; and lvsctl validate of the folder, the same manifest loading), then boots
# the lab VM and runs itself there: one untimed cold start (page cache, modules), then RUNS starts, each in
# a fresh network namespace with an empty IPVS table and ledger. Prints every run and min/median/max; no
# thresholds. The VM's CPU is emulated (TCG): slower than hardware, and noisy when the host is busy.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SERVICES="${1:-1000}" DESTS="${2:-10}" RUNS="${3:-5}"
export LAB_OUT="${LAB_OUT:-$REPO/artifacts/lab}"
WORK="$LAB_OUT/bench/agent-start"
MANIFESTS="$WORK/manifests-${SERVICES}x$DESTS"
AGENT="$LAB_OUT/aot/lvs-agent/lvs-agent"
LABEL=lvsoperator.io/director=true
TIMEOUT=600 # seconds per start, generous for TCG on a loaded host

# generate: SERVICES VirtualServices in files of 100; VIP i is 10.96.x.y, its real server d 172.(16+d).x.y.
generate() {
    rm -rf "$MANIFESTS"
    mkdir -p "$MANIFESTS"
    awk -v services="$SERVICES" -v dests="$DESTS" -v dir="$MANIFESTS" -v label="${LABEL%=*}" 'BEGIN {
        for (i = 0; i < services; i++) {
            file = sprintf("%s/services-%03d.yaml", dir, int(i / 100))
            x = int(i / 250); y = i % 250 + 1
            printf "%sapiVersion: lvsoperator.io/v1alpha1\nkind: VirtualService\nmetadata: {name: svc-%05d, namespace: bench}\n", (i % 100 ? "---\n" : ""), i > file
            printf "spec:\n  addresses: [10.96.%d.%d]\n  port: 80\n  scheduler: {name: wlc}\n  forwarding: {method: NAT}\n", x, y > file
            printf "  directors: {nodeSelector: {%s: \"true\"}}\n  realServers:\n    static:\n", label > file
            for (d = 0; d < dests; d++) printf "      - {address: 172.%d.%d.%d, port: 8080}\n", 16 + d, x, y > file
        }
    }'
}

# summary NAME UNIT VALUES...: "NAME  min  median  max" (the median of an even count is the upper middle).
summary() {
    local name="$1" unit="$2"; shift 2
    printf '%s\n' "$@" | sort -g | awk -v name="$name" -v unit="$unit" '
        {v[NR] = $1} END {printf "%-34s %9.3f %9.3f %9.3f  %s\n", name, v[1], v[int(NR / 2) + 1], v[NR], unit}'
}
seconds_since() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.1f", kb / 1024}'; } # kB -> MB

on_host() {
    tests/lab/prepare.sh >&2
    # shellcheck source=../tests/lab/lib.sh
    source tests/lab/lib.sh
    AGENT="$(lab_publish_aot src/LvsOperator.Agent lvs-agent)"
    local lvsctl
    lvsctl="$(lab_publish_aot src/LvsOperator.Cli lvsctl)"
    generate
    echo "== host: $(uname -r) (no IPVS), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $SERVICES services x $DESTS real servers"
    "$lvsctl" validate -f "$MANIFESTS"
    local i t0 rc first
    local -a exits=() validates=()
    for ((i = 1; i <= RUNS; i++)); do
        t0=$EPOCHREALTIME
        rc=0
        timeout 120 "$AGENT" --manifests "$MANIFESTS" --node director --node-labels "$LABEL" --state-dir "$(mktemp -d)" \
            --status-address http://127.0.0.1:19473/ >"$WORK/host-agent.log" 2>&1 </dev/null || rc=$?
        exits+=("$(seconds_since "$t0" "$EPOCHREALTIME")")
        t0=$EPOCHREALTIME
        "$lvsctl" validate -f "$MANIFESTS" >/dev/null
        validates+=("$(seconds_since "$t0" "$EPOCHREALTIME")")
    done
    first="$(grep -m1 -o 'NetlinkException: [^ ]* [^ ]* [^:]*: [A-Z]*' "$WORK/host-agent.log" || head -n1 "$WORK/host-agent.log")"
    printf '%-34s %9s %9s %9s\n' "$RUNS runs" min median max
    summary "agent exec -> exit (exit $rc)" s "${exits[@]}"
    summary "lvsctl validate (NativeAOT)" s "${validates[@]}"
    echo "the agent stopped at: $first"
    echo
    local compare=""
    if [[ -n ${AGENT_COMPARE:-} ]]; then
        # The VM sees only $LAB_OUT and the checkout: the other build is copied beside this one.
        compare="$LAB_OUT/aot/lvs-agent-compare/lvs-agent"
        mkdir -p "${compare%/*}"
        cp "$AGENT_COMPARE" "$compare"
    fi
    AGENT_COMPARE="$compare" LAB_ENV="AGENT_COMPARE" LAB_TIMEOUT="${LAB_TIMEOUT:-1800}" \
        tests/lab/run.sh bench/agent-start.sh "$SERVICES" "$DESTS" "$RUNS"
}

# One start in the current (fresh) network namespace. Prints "STARTED LOADED RECONCILED READY CYCLE
# RSS_KB HWM_KB SERVICES": seconds from exec to the agent's log lines "started" (runtime, host, netlink
# open), "Loaded" (manifests read, checked, compiled) and the first "Reconciled:", and to /readyz
# answering 200, all seen by polling every 20 ms without forking (a read on the log, /dev/tcp); the
# agent's own duration of that first cycle; VmRSS and VmHWM right after; the IPVS services the kernel
# then holds.
measure_one() {
    local state log pid t0 started="" loaded="" reconciled="" ready="" line part="" status cycle rss hwm i
    state="$(mktemp -d)" log="$(mktemp)"
    t0=$EPOCHREALTIME
    "$AGENT" --manifests "$MANIFESTS" --node director --node-labels "$LABEL" --state-dir "$state" \
        --resync 01:00:00 </dev/null >"$log" 2>&1 &
    pid=$!
    exec 3<"$log"
    for ((i = 0; i < TIMEOUT * 50; i++)); do
        while IFS= read -r -u 3 line; do
            line="$part$line" part=""
            case "$line" in
                *" started; "*) started=${started:-$EPOCHREALTIME} ;;
                *"] Loaded "*) loaded=${loaded:-$EPOCHREALTIME} ;;
                *"Reconciled: "*) [[ -n $reconciled ]] || reconciled=$EPOCHREALTIME cycle="${line##* in }" ;;
            esac
        done
        part+="$line"
        if [[ -z $ready ]] && { exec 4<>/dev/tcp/127.0.0.1/9473; } 2>/dev/null; then
            printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&4
            IFS= read -r -t 5 status <&4 || status=""
            exec 4<&-
            [[ $status != "HTTP/1."?" 200"* ]] || ready=$EPOCHREALTIME
        fi
        [[ -n $ready && -n $reconciled ]] && break
        kill -0 "$pid" 2>/dev/null || { echo "agent exited:" >&2; cat "$log" >&2; return 1; }
        sleep 0.02
    done
    [[ -n $ready && -n $reconciled ]] || { echo "not ready within $TIMEOUT s:" >&2; tail -n 5 "$log" >&2; return 1; }
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")" hwm="$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")"
    kill "$pid"
    wait "$pid" || true
    exec 3<&-
    grep -q 'Failed: ' "$log" && { echo "failed operations:" >&2; grep -m3 'Failed: ' "$log" >&2; return 1; }
    local since
    for since in "${started:-$t0}" "${loaded:-$t0}" "$reconciled" "$ready"; do printf '%s ' "$(seconds_since "$t0" "$since")"; done
    echo "$cycle $rss $hwm $(ipvsadm -Ln | grep -c '^TCP')"
    rm -rf "$state" "$log"
}

in_vm() {
    [[ -x $AGENT && -d $MANIFESTS ]] || { echo "run bench/agent-start.sh on the host: it publishes and generates first" >&2; exit 2; }
    echo "== lab VM: kernel $(uname -r), $(nproc) vCPU (qemu TCG); $SERVICES services x $DESTS real servers, NAT"
    modprobe -a ip_vs ip_vs_wlc
    local i r ns
    local -a started=() loaded=() reconciled=() ready=() cycle=() rss=() hwm=() cycle_s=() rss_mb=()
    # ns_run NAME: measure_one in a fresh namespace (lo up: IPVS refuses destinations without a local
    # table), then its IPVS table cleared at once (a deleted namespace is cleaned up in the background,
    # which would overlap the next run).
    ns_run() {
        ns="bench-agent-$1"
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip netns exec "$ns" bash -c "$(declare -f measure_one seconds_since); AGENT='$AGENT' MANIFESTS='$MANIFESTS' \
            LABEL='$LABEL' TIMEOUT=$TIMEOUT measure_one"
        ip netns exec "$ns" ipvsadm -C
        ip netns del "$ns"
    }
    echo "seconds from exec to: the log's 'started', 'Loaded', first 'Reconciled:' lines, and /readyz 200"
    printf '%-5s %8s %8s %11s %8s %17s %7s %7s %8s\n' run started loaded reconciled ready "cycle (its log)" rss_MB hwm_MB services
    for ((i = 0; i <= RUNS; i++)); do
        r="$(ns_run "$i")"
        read -r 'started[i]' 'loaded[i]' 'reconciled[i]' 'ready[i]' 'cycle[i]' 'rss[i]' 'hwm[i]' services <<<"$r"
        printf '%-5s %8s %8s %11s %8s %17s %7s %7s %8s\n' "$([[ $i == 0 ]] && echo cold || echo "$i")" "${started[i]}" \
            "${loaded[i]}" "${reconciled[i]}" "${ready[i]}" "${cycle[i]}" "$(mb "${rss[i]}")" "$(mb "${hwm[i]}")" "$services"
        ((services == SERVICES)) || { echo "expected $SERVICES services in the kernel" >&2; exit 1; }
        ((i == 0)) && continue
        cycle_s+=("$(awk -F: '{print $1 * 3600 + $2 * 60 + $3}' <<<"${cycle[i]}")")
        rss_mb+=("$(mb "${rss[i]}")")
    done
    printf '%-34s %9s %9s %9s\n' "$RUNS warm runs" min median max
    summary "exec -> 'started' line" s "${started[@]:1}"
    summary "exec -> 'Loaded' line" s "${loaded[@]:1}"
    summary "exec -> first 'Reconciled:' line" s "${reconciled[@]:1}"
    summary "exec -> /readyz 200" s "${ready[@]:1}"
    summary "first cycle (the agent's own)" s "${cycle_s[@]}"
    summary "VmRSS after the first cycle" MB "${rss_mb[@]}"
}

cd "$REPO"
if [[ ${LAB:-} == 1 ]]; then
    # With AGENT_COMPARE, each build in turn, the other first: two builds measured in one boot of one VM.
    for AGENT in ${AGENT_COMPARE:-} "$AGENT"; do
        echo "== $AGENT"
        in_vm
    done | tee "$WORK/vm-${SERVICES}x$DESTS-$(uname -r).txt"
else
    mkdir -p "$WORK"
    on_host
fi
