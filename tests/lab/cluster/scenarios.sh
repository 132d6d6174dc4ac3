#!/usr/bin/env bash
# The operator in a cluster, inside the lab VM (tests/lab/cluster/run.sh boots it with the API-server NIC):
# lvs-agent in cluster mode on the director and every DR/TUN real server of tests/lab/topology.sh, the
# controller on the host, `kubectl apply -f examples/`, real traffic through DR, NAT and TUN, an
# EndpointSlice edit timed from the PATCH to the director's kernel, a deletion through the finalizer, a
# LoadBalancer Service given an address from an AddressPool and answering.
# Prints `N passed, N failed`; non-zero if a check failed.
set -euo pipefail

if [[ ${LAB:-} != 1 || -z ${CLUSTER_DIR:-} ]]; then
    echo "scenarios.sh runs inside the lab VM: tests/lab/cluster/run.sh (or make demo-cluster)" >&2
    exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
# A drain grace of seconds, not IPVS's 900 s, so the deletion finishes in the test.
export TOPO_AGENT_ARGS="${TOPO_AGENT_ARGS:---resync 00:00:01 --drain-grace 00:00:05}"
# shellcheck source-path=SCRIPTDIR source=../topology.sh
source tests/lab/topology.sh
# shellcheck source=api-relay.sh
source tests/lab/cluster/api-relay.sh
# shellcheck source=slices.sh
source tests/lab/cluster/slices.sh
# examples/service-backed.yaml's VIP and loadbalancer.sh's AddressPool, routed to the director like the others.
TOPO_VIPS+=(192.0.2.90 192.0.2.95 192.0.2.96)

OUT="$LAB_OUT/cluster/vm"
mkdir -p "$OUT"
DIRECTOR="$(topo_ns director)"
REQUESTS=120 # per service: 3 from each of the 40 client addresses
t0=$EPOCHREALTIME
passed=0
failed=0

kk() { kubectl --kubeconfig "$CLUSTER_DIR/admin-vm.kubeconfig" "$@"; }
note() { printf '    %s\n' "$*"; }
indent() { sed 's/^/    /'; }
elapsed() { printf '%d.%d s' $(((${EPOCHREALTIME/./} - ${1/./}) / 1000000)) $(((${EPOCHREALTIME/./} - ${1/./}) / 100000 % 10)); }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
agent_nodes() { echo director; topo_real_servers dr | awk '{print $2}'; topo_real_servers tun | awk '{print $2}'; }

# --- the way to the API server ----------------------------------------------------
heading "The API server: host 127.0.0.1 -> qemu guestfwd 10.0.2.100:6443 -> the VM -> each agent's namespace"
s=$EPOCHREALTIME
check "the VM's NIC up (10.0.2.15/24, user-mode, restrict=on)" api_nic_up
check "kubectl (admin) reaches https://10.0.2.100:6443 from the VM: $(kk version -o json 2>/dev/null |
    awk -F'"' '/gitVersion/ {v = $4} END {print v}')" kk get --raw /readyz
topology_up
check "relay into the namespaces of director, node-102..104, edge-10, edge-11" api_relay_up $(agent_nodes)
check "from the director's namespace: TLS to 10.0.2.100:6443 verified with the cluster's CA" \
    ip netns exec "$DIRECTOR" curl -sf --max-time 10 --cacert "$CLUSTER_DIR/ca.crt" https://10.0.2.100:6443/readyz
note "topology and relays up in $(elapsed "$s")"

heading "lvs-agent in cluster mode (NativeAOT) on 6 nodes, as ServiceAccount lvs-operator-agent"
s=$EPOCHREALTIME
agent_tls_store
note "lvs-agent --kubeconfig $CLUSTER_DIR/agent.kubeconfig (https://10.0.2.100:6443, the cluster CA, the agent's token)"
start_agents() {
    local node
    for node in $(agent_nodes); do
        agent_start "$(topo_ns "$node")" "$node" "" --kubeconfig "$CLUSTER_DIR/agent.kubeconfig" || return 1
    done
    for node in $(agent_nodes); do agent_wait_ready "$node" 120 || return 1; done
}
check "every agent ready: listed its NodeSlices (fieldSelector spec.nodeName) and applied them" start_agents
note "ready in $(elapsed "$s")"
# What RBAC lets the agents' token do (kubectl auth can-i, a SelfSubjectAccessReview, as the agent).
agent_may() { [[ $(kubectl --kubeconfig "$CLUSTER_DIR/agent.kubeconfig" auth can-i "$@" 2>/dev/null) == yes ]]; }
agent_allowed() { agent_may watch nodeslices.lvsoperator.io -A && agent_may patch nodeslices.lvsoperator.io --subresource status -A; }
agent_bounded() {
    ! agent_may get secrets -A && ! agent_may patch nodeslices.lvsoperator.io -A &&
        ! agent_may update virtualservices.lvsoperator.io -A
}
check "the agents' token may watch NodeSlices and patch their status" agent_allowed
check "and no more: no Secrets, no NodeSlice spec, no VirtualService" agent_bounded
kk get nodes -L lvsoperator.io/director | indent
note "(STATUS Unknown: no kubelet reports on these Node objects; the operator reads only their names and labels)"

# --- kubectl apply -f examples/ ----------------------------------------------------
heading "kubectl apply -f examples/ (and the Service web's EndpointSlice: no kube-controller-manager here)"
s=$EPOCHREALTIME
kk create namespace lvs-demo >/dev/null
check "kubectl apply -f examples/" kk apply -f examples/
note "(kubectl itself took $(elapsed "$s"): one request after another, each slow under the VM's emulated CPU)"
# What the EndpointSlice controller would write for Service web's pods: nat-10 ready on 8080.
check "EndpointSlice web-1 of Service web: 198.18.1.10:8080" kk apply -f - <<EOF
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-1
  namespace: lvs-demo
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints: $(endpoints_json 198.18.1.10)
EOF
programmed() { # every VirtualService of the traffic READY and PROGRAMMED True
    local vs
    for vs in web-dr web-nat tls-tun web; do
        [[ $(kk get vs -n lvs-demo "$vs" -o jsonpath='{.status.conditions[?(@.type=="Programmed")].status}') == True ]] ||
            return 1
    done
}
check "web-dr, web-nat, tls-tun and web Programmed=True (the directors' reports)" wait_until 90 programmed
note "programmed $(elapsed "$s") after the apply; each service in the director's kernel, seconds after the apply:"
agent_timeline director "$s" | sed -n 's/^\(+ *[0-9.]* s\).*Applied: \(add service .*\)$/\1  \2/p' | indent | indent
kk get vs -A | indent
note "(api-v6 stays PROGRAMMED False: its real servers are nodes node-v6-10/11, which this lab has no agent on)"
kk get nodeslices -A | indent
ip netns exec "$DIRECTOR" ipvsadm -Ln | awk '/^(TCP|UDP|FWM) / {skip = ($2 ~ /^\[/ || $1 == "FWM")} !skip' | indent

# --- traffic ---------------------------------------------------------------------
heading "DR: web-dr 192.0.2.120:10087, wrr 2:1:1, persistent 60 s ($REQUESTS requests from $TOPO_CLIENTS client addresses)"
dr="$(client_requests 192.0.2.120:10087 "$REQUESTS")" || true
check "wrr 2:1:1 across client addresses (persistence pins each address)" \
    client_shares "$dr" clients "node-102=0.5 node-103=0.25 node-104=0.25" 0.05
check "no failed request" grep -qx 'failed *0 *0' <<<"$dr"

heading "NAT: web-nat 192.0.2.80:80 -> :8080, wlc, 198.18.1.12 weight 0"
nat="$(client_requests 192.0.2.80:80 "$REQUESTS")" || true
check "wlc splits evenly over the two weight-1 servers; weight 0 gets none" \
    client_shares "$nat" requests "nat-10=0.5 nat-11=0.5 nat-12=0" 0.15
check "no failed request" grep -qx 'failed *0 *0' <<<"$nat"

heading "TUN: tls-tun 203.0.113.10:443, lc, 198.19.0.10 ipip, 198.19.0.11 gue :6080"
tun="$(client_requests 203.0.113.10:443 "$REQUESTS")" || true
check "lc splits over both tunnels" client_shares "$tun" requests "edge-10=0.5 edge-11=0.5" 0.2
check "no failed request" grep -qx 'failed *0 *0' <<<"$tun"

heading "Service-backed NAT: web 192.0.2.90:80, rr over Service web's ready endpoints, source NAT"
web="$(client_requests 192.0.2.90:80 60)" || true
check "every request to nat-10, the one endpoint" client_shares "$web" requests "nat-10=1" 0
check "no failed request" grep -qx 'failed *0 *0' <<<"$web"

# shellcheck source=endpoints.sh
source tests/lab/cluster/endpoints.sh
# shellcheck source=deletion.sh
source tests/lab/cluster/deletion.sh
# shellcheck source=loadbalancer.sh
source tests/lab/cluster/loadbalancer.sh

cp "$TOPO_STATE"/agent/*.log "$OUT/" 2>/dev/null || true
teardown
heading "Summary"
echo "    $passed passed, $failed failed, $(elapsed "$t0") in the VM; the agents' logs in $OUT"
((failed == 0))
