#!/usr/bin/env bash
# The lab VM's half of bench/e2e-kube-proxy.sh (which boots it): lvs-agent in cluster mode and kube-proxy in
# IPVS mode on the same Services and EndpointSlices, one after the other, then side by side.
#
#   1. lvs-agent (NativeAOT, its ServiceAccount) in namespace lab-director, node `director`: exec -> all
#      SERVICES x ENDPOINTS destinations of the VirtualServices in its kernel (ipvsadm -Ln there); the host
#      times exec -> every VirtualService Programmed (it sees $CLUSTER_DIR/agent-started);
#   2. kube-proxy --proxy-mode=ipvs in the VM's initial namespace, same node: exec -> all destinations of
#      the ClusterIPs in its kernel, then -> its first full sync done (its metric);
#   3. PATCH_ROUNDS EndpointSlice PATCHes of each kind, both running: one endpoint replaced, one added; each
#      timed from the PATCH leaving to the new destination in each kernel (ipvsadm -Ln -t, every 20 ms);
#   4. both processes' VmRSS, then every minute for RSS_MINUTES.
# Ours and kube-proxy's are told apart by namespace and address: VIP 192.0.2.200:(20000+i) in lab-director,
# ClusterIP 198.19.x.y:80 in the initial namespace; every endpoint is 198.18.x.y:8080.
# Env (from the host): CLUSTER_DIR, TOPO_AGENT_CMD, KUBE_PROXY, SERVICES, ENDPOINTS, PATCH_ROUNDS, RSS_MINUTES,
# AGENT_PROFILE_SECONDS, AGENT_PROFILE_ONLY, AGENT_PROFILE_START.
# Results: $CLUSTER_DIR/vm/ (results.txt, the polls, both logs).
set -euo pipefail

if [[ ${LAB:-} != 1 || -z ${CLUSTER_DIR:-} ]]; then
    echo "e2e-kube-proxy-vm.sh runs inside the lab VM: bench/e2e-kube-proxy.sh" >&2
    exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The agent's defaults (resync 10 s, drain grace 900 s), not the cluster suite's short test settings.
export TOPO_AGENT_ARGS="${TOPO_AGENT_ARGS:-}"
# shellcheck source=../tests/lab/topology.sh
source tests/lab/topology.sh
# shellcheck source=../tests/lab/cluster/api-relay.sh
source tests/lab/cluster/api-relay.sh
# shellcheck source=../tests/lab/cluster/slices.sh
source tests/lab/cluster/slices.sh
# shellcheck source=e2e-kube-proxy-objects.sh
source bench/e2e-kube-proxy-objects.sh

OUT="$CLUSTER_DIR/vm"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: >"$RESULTS"
DIRECTOR="$(topo_ns director)"
WANT=$((SERVICES * ENDPOINTS))
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
rss() { awk -v n="$2" '$1 == n":" {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; } # utime + stime, clock ticks of 1/100 s
# min/median/max of the numbers on stdin.
mmm() { sort -g | awk '{v[NR] = $1} END {printf "%s / %s / %s", v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR]}'; }

# count_until NS LOG T0: polls ipvsadm -Ln in NS ("" the initial one) until WANT destinations to 198.18.x.y
# are listed; each poll is a line "START END COUNT" (seconds since T0) in LOG. Prints the last line.
count_until() {
    local ns="$1" log="$2" t0="$3" a n i
    local -a run=()
    [[ -z $ns ]] || run=(ip netns exec "$ns")
    : >"$log"
    for ((i = 0; i < 3000; i++)); do
        a=$EPOCHREALTIME
        n="$("${run[@]}" ipvsadm -Ln | grep -c -- '-> 198\.18\.')" || true
        printf '%s %s %s\n' "$(secs "$t0" "$a")" "$(secs "$t0" "$EPOCHREALTIME")" "$n" >>"$log"
        ((n >= WANT)) && break
        sleep 0.5
    done
    tail -n 1 "$log"
}
# poll_summary LOG: "reached at +END s (the poll before: +END' s; a poll takes A..B s)".
poll_summary() {
    awk '{d = $2 - $1; if (NR == 1 || d < lo) lo = d; if (d > hi) hi = d; prev = last; last = $2}
        END {printf "+%s s (previous poll ended +%s s; one ipvsadm -Ln took %.2f..%.2f s)", last, prev + 0, lo, hi}' "$1"
}

say "== e2e-kube-proxy: $SERVICES Services x $ENDPOINTS endpoints; kernel $(uname -r), $(nproc) vCPU; load in the VM $(cut -d' ' -f1-3 /proc/loadavg)"
api_nic_up
modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack ip_set
mkdir -p "$TOPO_STATE"
ip netns add "$DIRECTOR"
ip -n "$DIRECTOR" link set lo up
api_relay_up director
agent_tls_store

# --- 1. lvs-agent ------------------------------------------------------------------
t0=$EPOCHREALTIME
agent_start "$DIRECTOR" director "" --kubeconfig "$CLUSTER_DIR/agent.kubeconfig"
echo "$t0" >"$CLUSTER_DIR/agent-started"
agent="$(agent_pid director)"
last="$(count_until "$DIRECTOR" "$OUT/agent-count.txt" "$t0")"
say "lvs-agent exec -> $(awk '{print $3}' <<<"$last") destinations in IPVS: $(poll_summary "$OUT/agent-count.txt")"
agent_wait_ready director 120 || true
say "lvs-agent /readyz 200 at +$(secs "$t0" "$EPOCHREALTIME") s; VmRSS $(rss "$agent" VmRSS) MiB, VmHWM $(rss "$agent" VmHWM) MiB, CPU $(cpu "$agent") s"
# AGENT_PROFILE_START=SECONDS: perf samples (call graphs) of the agent for SECONDS from /readyz (its first cycle
# done), while it reports its first statuses, into $OUT/agent-start-profile.txt: self time, then inclusive time.
if ((${AGENT_PROFILE_START:-0} > 0)); then
    start_data="$(mktemp -d)" # in the VM: perf mmaps its file, which the host's shared folder refused
    perf record -F 250 -g -p "$agent" -o "$start_data/agent.perf" -- sleep "$AGENT_PROFILE_START" 2>>"$OUT/perf.log" || true
    for mode in --no-children --children; do
        perf report -i "$start_data/agent.perf" --stdio -g none "$mode" --sort sym 2>>"$OUT/perf.log" | grep -E '^ +[0-9.]+%' | head -n 60
    done >"$OUT/agent-start-profile.txt" || true
fi
# The host polls the VirtualServices' Programmed condition; wait for it (or 10 minutes) before going on.
for ((i = 0; i < 1200; i++)); do
    [[ -f $CLUSTER_DIR/programmed ]] && break
    sleep 0.5
done
say "host: $(cat "$CLUSTER_DIR/programmed" 2>/dev/null || echo 'not every VirtualService Programmed within 10 min')"
say "lvs-agent after Programmed: VmRSS $(rss "$agent" VmRSS) MiB, VmHWM $(rss "$agent" VmHWM) MiB, CPU $(cpu "$agent") s"

# The agent with nothing changing: AGENT_PROFILE_SECONDS of perf samples (call graphs) into
# $OUT/agent-profile.txt, its hottest symbols; AGENT_PROFILE_ONLY=1 stops the run there, before kube-proxy.
# Its cycles in the window and their time, from its own metric (scraped outside the window: a scrape dumps IPVS).
reconcile_totals() { agent_status director /metrics | awk '/^lvsoperator_reconcile_duration_seconds_(sum|count)/ {v[$1] += $2} END {printf "%d %.3f", v["lvsoperator_reconcile_duration_seconds_count"], v["lvsoperator_reconcile_duration_seconds_sum"]}'; }
if ((${AGENT_PROFILE_SECONDS:-0} > 0)); then
    # perf's data stays in the VM: perf mmaps its file, which the host's shared folder refused ("failed to mmap file").
    PERF_DATA="$(mktemp -d)"
    read -r n0 s0 <<<"$(reconcile_totals)"
    c0="$(cpu "$agent")"
    perf record -F 250 -g -p "$agent" -o "$PERF_DATA/agent.perf" -- sleep "$AGENT_PROFILE_SECONDS" 2>>"$OUT/perf.log" || true
    c1="$(cpu "$agent")"
    read -r n1 s1 <<<"$(reconcile_totals)"
    say "lvs-agent idle for $AGENT_PROFILE_SECONDS s: CPU $(awk -v a="$c0" -v b="$c1" 'BEGIN {printf "%.2f", b - a}') s; $((n1 - n0)) cycle(s) taking $(awk -v a="$s0" -v b="$s1" 'BEGIN {printf "%.2f", b - a}') s; wakes since exec: $(agent_status director /metrics | awk -F'[{}"= ]+' '/^lvsoperator_reconcile_wakes_total\{/ {printf "%s %s ", $3, $NF}')"
    cp "$TOPO_STATE/agent/director.log" "$OUT/agent.log" 2>/dev/null || true
    perf report -i "$PERF_DATA/agent.perf" --stdio --no-children --sort sym 2>>"$OUT/perf.log" |
        grep -E '^ +[0-9.]+%' | head -n 60 >"$OUT/agent-profile.txt" || true
    [[ ${AGENT_PROFILE_ONLY:-} != 1 ]] || exit 0
fi

# --- 2. kube-proxy -------------------------------------------------------------------
agent_cpu0="$(cpu "$agent")"
t0=$EPOCHREALTIME
"$KUBE_PROXY" --proxy-mode=ipvs --kubeconfig="$CLUSTER_DIR/admin-vm.kubeconfig" --hostname-override=director \
    --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256 --v=2 \
    >"$OUT/kube-proxy.log" 2>&1 </dev/null &
kp=$!
last="$(count_until "" "$OUT/kube-proxy-count.txt" "$t0")"
say "kube-proxy exec -> $(awk '{print $3}' <<<"$last") destinations in IPVS: $(poll_summary "$OUT/kube-proxy-count.txt")"
# Completed syncs (its histogram's count, summed over any labels; 0 while it does not answer yet).
syncs() { curl -s --max-time 5 http://127.0.0.1:10249/metrics | awk '/^kubeproxy_sync_proxy_rules_duration_seconds_count/ {n += $2} END {print n + 0}'; }
# At most about 8 minutes: past that the PATCHes go out during its first sync (said so).
for ((i = 0; i < 720; i++)); do
    (($(syncs) >= 1)) && break
    sleep 0.5
done
say "kube-proxy first full sync $( (($(syncs) >= 1)) && echo done || echo 'NOT done') at +$(secs "$t0" "$EPOCHREALTIME") s (kubeproxy_sync_proxy_rules_duration_seconds_count $(syncs)); VmRSS $(rss "$kp" VmRSS) MiB, CPU $(cpu "$kp") s"
say "lvs-agent CPU while kube-proxy started: $(awk -v a="$agent_cpu0" -v b="$(cpu "$agent")" 'BEGIN {printf "%.2f", b - a}') s"

# --- 3. EndpointSlice PATCHes, both watching --------------------------------------------
# patch_both KIND I ADDRESS...: PATCHes Service I's slice to ADDRESS... and times the last one's arrival in
# both kernels; appends "KIND OURS KUBE-PROXY" (seconds from the PATCH leaving) to $OUT/patches.txt.
patch_both() {
    local kind="$1" i="$2" new ours kp code sent answered
    shift 2
    new="${*: -1}:8080"
    ours="$(mktemp "$TOPO_STATE/ours.XXXXXX")" kp="$(mktemp "$TOPO_STATE/kp.XXXXXX")"
    kernel_wait_weight "$DIRECTOR" "$(bench_vip "$i")" "$new" 1 "$ours" 180
    local w1=$!
    kernel_wait_weight "" "$(bench_cluster_ip "$i"):80" "$new" 1 "$kp" 180
    local w2=$!
    sent=$EPOCHREALTIME
    code="$(slice_patch bench "$(bench_name "$i")-1" "$(endpoints_json "$@")")"
    answered="$(secs "$sent" "$EPOCHREALTIME")"
    wait "$w1" "$w2" || true
    [[ $code == 200 ]] || say "PATCH of $(bench_name "$i") answered $code"
    # The third time is the PATCH's own round trip (curl's TLS handshake included), which both sides wait for.
    printf '%s %s %s %s\n' "$kind" "$(_kernel_at "$sent" "$ours")" "$(_kernel_at "$sent" "$kp")" "$answered" | tee -a "$OUT/patches.txt" "$RESULTS"
}
_kernel_at() { local t; t="$(<"$2")"; [[ $t == timeout ]] && echo timeout || secs "$1" "$t"; }
: >"$OUT/patches.txt"
for ((r = 0; r < PATCH_ROUNDS; r++)); do
    mapfile -t eps < <(bench_endpoints "$r" "$ENDPOINTS")
    # replaced: the first endpoint gone, a new one in its place
    patch_both replaced "$r" "${eps[@]:1}" "$(bench_endpoint "$r" "$((ENDPOINTS + 1))")"
    sleep 2
    mapfile -t eps < <(bench_endpoints "$((r + PATCH_ROUNDS))" "$ENDPOINTS")
    patch_both added "$((r + PATCH_ROUNDS))" "${eps[@]}" "$(bench_endpoint "$((r + PATCH_ROUNDS))" "$ENDPOINTS")"
    sleep 2
done
for kind in replaced added; do
    say "PATCH -> IPVS, endpoint $kind (min / median / max of $PATCH_ROUNDS, s): lvs-agent $(awk -v k=$kind '$1 == k {print $2}' "$OUT/patches.txt" | mmm); kube-proxy $(awk -v k=$kind '$1 == k {print $3}' "$OUT/patches.txt" | mmm); the PATCH answered $(awk -v k=$kind '$1 == k {print $4}' "$OUT/patches.txt" | mmm)"
done

# --- 4. memory over time -------------------------------------------------------------
for ((m = 0; m <= RSS_MINUTES; m++)); do
    say "RSS +${m} min after the PATCHes: lvs-agent VmRSS $(rss "$agent" VmRSS) MiB (VmHWM $(rss "$agent" VmHWM), CPU $(cpu "$agent") s); kube-proxy VmRSS $(rss "$kp" VmRSS) MiB (VmHWM $(rss "$kp" VmHWM), CPU $(cpu "$kp") s); VM load $(cut -d' ' -f1-3 /proc/loadavg)"
    ((m == RSS_MINUTES)) || sleep 60
done

kill "$kp" 2>/dev/null || true
wait "$kp" 2>/dev/null || true
agent_stop director || true
cp "$TOPO_STATE/agent/director.log" "$OUT/agent.log" 2>/dev/null || true
teardown >/dev/null 2>&1 || true
