#!/usr/bin/env bash
# EndpointSlice PATCH -> IPVS, start -> all destinations / every VirtualService Programmed, and memory: the
# whole operator against kube-proxy's IPVS mode on the same objects (issue 14), in one lab VM boot.
#
#   bench/e2e-kube-proxy.sh [SERVICES [ENDPOINTS]]        # make bench-e2e; default 1000 x 10
#
# On the host: a real kube-apiserver + etcd (tests/lab/cluster/apiserver.sh, service range 198.19.0.0/16), the
# operator's CRDs, RBAC and tokens (tests/lab/cluster/host.sh), SERVICES ClusterIP Services with one hand-made
# EndpointSlice of ENDPOINTS ready endpoints each and a Service-backed VirtualService per Service
# (bench/e2e-kube-proxy-objects.sh), created in one server-side apply; then lvs-controller, timed from its exec
# to its /readyz (its first pass compiled every VirtualService into NodeSlices) with its CPU time and RSS.
# In the VM (tests/lab/run.sh, TCG): bench/e2e-kube-proxy-vm.sh. Meanwhile the host polls the VirtualServices'
# Programmed condition (kubectl get) from the agent's start until all are True.
# Env: KUBEBUILDER_ASSETS (default ../shared/envtest/bin beside the checkout), KUBE_PROXY (default
# ../shared/peers/bin/kube-proxy), PATCH_ROUNDS (5 of each kind), RSS_MINUTES (5), LAB_TIMEOUT (3600),
# AGENT_PROFILE_SECONDS (perf of the idle agent after Programmed), AGENT_PROFILE_ONLY=1 (stop after it) and
# AGENT_PROFILE_START (seconds of perf of the agent from its /readyz, while it writes its first statuses).
# Results: artifacts/lab/bench-e2e/ (results.txt, controller and API server logs) and its vm/ folder.
# Numbers under TCG move by tens of percent with host load: the host's load is printed; compare ratios.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export SERVICES="${1:-1000}" ENDPOINTS="${2:-10}"
export PATCH_ROUNDS="${PATCH_ROUNDS:-5}" RSS_MINUTES="${RSS_MINUTES:-5}"
export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}"
shared="$(cd "$repo/.." && pwd)/shared"
export KUBEBUILDER_ASSETS="${KUBEBUILDER_ASSETS:-$shared/envtest/bin}"
export KUBE_PROXY="${KUBE_PROXY:-$shared/peers/bin/kube-proxy}"
export APISERVER_SERVICE_CIDR=198.19.0.0/16
# shellcheck source=../tests/lab/lib.sh
source tests/lab/lib.sh
# shellcheck source=../tests/lab/cluster/apiserver.sh
source tests/lab/cluster/apiserver.sh
# shellcheck source=../tests/lab/cluster/host.sh
source tests/lab/cluster/host.sh
# shellcheck source=e2e-kube-proxy-objects.sh
source bench/e2e-kube-proxy-objects.sh

[[ -x $KUBE_PROXY ]] || { echo "no kube-proxy at $KUBE_PROXY (KUBE_PROXY)" >&2; exit 2; }
# kube-proxy's IPVS mode execs these; the VM runs the host's root.
for tool in iptables ipset conntrack; do
    command -v "$tool" >/dev/null || { echo "kube-proxy needs $tool: apt-get install -y --no-install-recommends iptables ipset conntrack" >&2; exit 2; }
done

CLUSTER_DIR="$LAB_OUT/bench-e2e" # not the cluster suite's folder, which each of its runs empties
RESULTS="$CLUSTER_DIR/results.txt"
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

tests/lab/prepare.sh >/dev/null
TOPO_AGENT_CMD="$(lab_publish_aot src/LvsOperator.Agent lvs-agent)"
rm -rf "$CLUSTER_DIR"
mkdir -p "$CLUSTER_DIR"
poller=""
# shellcheck disable=SC2329 # the EXIT trap
stop_all() {
    [[ -z $poller ]] || kill "$poller" 2>/dev/null || true
    cluster_host_down
    rm -f "$CLUSTER_DIR/agent-started" "$CLUSTER_DIR/programmed"
}
trap stop_all EXIT

say "== bench/e2e-kube-proxy.sh $SERVICES $ENDPOINTS ($(date -u '+%F %H:%M UTC'), $(git rev-parse --short HEAD)); host: $(nproc) cores, load $(load)"
cluster_host_up director
# kube-proxy reads its node's address from the Node object (there is no kubelet to report it).
k patch node director --subresource status --type merge \
    -p '{"status":{"addresses":[{"type":"InternalIP","address":"10.0.2.15"}]}}' >/dev/null
k create namespace bench >/dev/null
bench_objects "$SERVICES" "$ENDPOINTS" >"$CLUSTER_DIR/objects.yaml"
s="$(now)"
k apply --server-side -f "$CLUSTER_DIR/objects.yaml" >/dev/null
say "created $SERVICES Services, EndpointSlices and VirtualServices (kubectl apply --server-side, one stream) in $(secs "$s" "$(now)") s; load $(load)"

s="$(now)"
cluster_controller_start
until curl -sf -o /dev/null "http://127.0.0.1:$CLUSTER_STATUS_PORT/readyz"; do
    kill -0 "$CLUSTER_CONTROLLER_PID" 2>/dev/null || { tail -n 20 "$CLUSTER_DIR/controller.log"; exit 1; }
    sleep 0.1
done
ctl_status() { awk -v n="$1" '$1 == n":" {printf "%.1f", $2 / 1024}' "/proc/$CLUSTER_CONTROLLER_PID/status"; }
ctl_cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$CLUSTER_CONTROLLER_PID/stat"; }
say "lvs-controller (dotnet $CLUSTER_CONTROLLER_DLL) exec -> /readyz (first pass compiled) $(secs "$s" "$(now)") s; CPU $(ctl_cpu) s; VmRSS $(ctl_status VmRSS) MiB, VmHWM $(ctl_status VmHWM) MiB; NodeSlices $(k get nodeslices -A --no-headers | wc -l); load $(load)"

# The Programmed poll: from the agent's exec (the VM's marker file, seen within 0.1 s) until every
# VirtualService reports Programmed=True; each kubectl get is a line "SECONDS-SINCE-EXEC DURATION COUNT".
programmed_poll() {
    local t0 a n
    until [[ -f $CLUSTER_DIR/agent-started ]]; do sleep 0.1; done
    t0="$(now)"
    while :; do
        a="$(now)"
        n="$(k get vs -n bench -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Programmed")].status}{"\n"}{end}' |
            grep -c True)" || true
        printf '%s %s %s\n' "$(secs "$t0" "$(now)")" "$(secs "$a" "$(now)")" "$n" >>"$CLUSTER_DIR/programmed-poll.txt"
        if ((n >= SERVICES)); then
            echo "every VirtualService Programmed $(secs "$t0" "$(now)") s after the agent's exec (kubectl get took $(secs "$a" "$(now)") s; the poll before ended $(tail -n 2 "$CLUSTER_DIR/programmed-poll.txt" | head -n 1 | cut -d' ' -f1) s)" >"$CLUSTER_DIR/programmed.tmp"
            mv "$CLUSTER_DIR/programmed.tmp" "$CLUSTER_DIR/programmed"
            return
        fi
        sleep 1
    done
}
programmed_poll &
poller=$!

export TOPO_AGENT_CMD CLUSTER_DIR
set +e
LAB_APISERVER_PORT="$(<"$CLUSTER_DIR/apiserver/port")" LAB_TIMEOUT="${LAB_TIMEOUT:-3600}" \
    LAB_ENV="TOPO_AGENT_CMD CLUSTER_DIR KUBE_PROXY SERVICES ENDPOINTS PATCH_ROUNDS RSS_MINUTES AGENT_PROFILE_SECONDS AGENT_PROFILE_ONLY AGENT_PROFILE_START" \
    tests/lab/run.sh bench/e2e-kube-proxy-vm.sh
rc=$?
set -e
say "$(cat "$CLUSTER_DIR/programmed" 2>/dev/null || echo "not every VirtualService Programmed")"
say "lvs-controller at the end: CPU $(ctl_cpu) s; VmRSS $(ctl_status VmRSS) MiB, VmHWM $(ctl_status VmHWM) MiB; host load $(load)"
# What the controller wrote meanwhile: its passes, and the Events on the VirtualServices.
say "lvs-controller passes: $(grep -c 'Pass (' "$CLUSTER_DIR/controller.log") ($(grep -c 'Pass (full' "$CLUSTER_DIR/controller.log") full), status writes $(sed -n 's/.* \([0-9]*\) status write(s).*/\1/p' "$CLUSTER_DIR/controller.log" | awk '{n += $1} END {print n + 0}'), Events in namespace bench $(k get events -n bench --no-headers 2>/dev/null | wc -l)"
k get events -n bench --sort-by=.lastTimestamp >"$CLUSTER_DIR/events.txt" 2>&1 || true
cat "$CLUSTER_DIR/vm/results.txt" >>"$RESULTS" 2>/dev/null || true
echo "results: $RESULTS; VM exit $rc"
exit "$rc"
