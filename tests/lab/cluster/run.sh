#!/usr/bin/env bash
# The operator in a cluster, with real traffic (make demo-cluster; tests/run-all.sh runs it too). On the host:
#   1. tests/lab/prepare.sh (idempotent); lvs-agent published NativeAOT when stale (tests/lab/lib.sh);
#      the controller's build output (make build, or built here when missing);
#   2. a real kube-apiserver + etcd (apiserver.sh, KUBEBUILDER_ASSETS), the CRDs, config/rbac, the
#      namespaces and one Node object per lab node (there is no kubelet): the director labelled
#      lvsoperator.io/director=true;
#   3. lvs-controller with its own ServiceAccount token (config/rbac) in a kubeconfig, not the admin's;
#   4. one VM boot (tests/lab/run.sh with LAB_APISERVER_PORT: the VM reaches the API server at
#      10.0.2.100:6443 and nothing else) running tests/lab/cluster/scenarios.sh: the agents in cluster mode
#      in the lab's namespaces, kubectl apply -f examples/, traffic, an EndpointSlice edit, a deletion.
# Env: KUBEBUILDER_ASSETS (default ../shared/envtest/bin beside the checkout, as .ci/run sets it).
# Exit status: the scenarios' (non-zero if a check failed); the last line is the wall time.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$repo"
t0=$SECONDS
export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}"
export KUBEBUILDER_ASSETS="${KUBEBUILDER_ASSETS:-$(cd "$repo/.." && pwd)/shared/envtest/bin}"
# shellcheck source=../lib.sh
source tests/lab/lib.sh
# shellcheck source=apiserver.sh
source tests/lab/cluster/apiserver.sh

say() { printf 'cluster: %s\n' "$*"; }

tests/lab/prepare.sh
TOPO_AGENT_CMD="$(lab_publish_aot src/LvsOperator.Agent lvs-agent)"
controller_dll="src/LvsOperator.Controller/bin/Debug/net10.0/lvs-controller.dll"
[[ -f $controller_dll ]] || dotnet build src/LvsOperator.Controller/LvsOperator.Controller.csproj --nologo -v quiet

# The VM reads this folder (LAB_OUT is its read-write share): the admin's and the agents' credentials, the
# CA. A fresh one each run; the tokens die with the API server.
CLUSTER_DIR="$LAB_OUT/cluster"
rm -rf "$CLUSTER_DIR"
mkdir -p "$CLUSTER_DIR"
api="$CLUSTER_DIR/apiserver"
pids=()
cleanup() {
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
    apiserver_stop "$api"
    rm -f "$CLUSTER_DIR"/*.kubeconfig "$CLUSTER_DIR"/*.token "$api"/*.key "$api"/tokens.csv
}
trap cleanup EXIT

s=$SECONDS
apiserver_start "$api"
port="$(<"$api/port")"
k() { kubectl --kubeconfig "$api/admin.kubeconfig" "$@"; }
say "kube-apiserver $(k version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])') on 127.0.0.1:$port (RBAC), ready in $((SECONDS - s)) s"

k apply --server-side -f config/crd/ >/dev/null
k wait --for condition=Established crd --all --timeout 60s >/dev/null
k create namespace lvs-operator >/dev/null
k apply -f config/rbac/ >/dev/null
# The lab's nodes: the director and the DR/TUN real servers that run an agent (tests/lab/topology.sh);
# examples/ select directors by this label.
for node in director node-102 node-103 node-104 edge-10 edge-11; do
    label=""
    [[ $node == director ]] && label="lvsoperator.io/director: \"true\""
    k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $node
  labels: {kubernetes.io/hostname: $node${label:+, $label}}
EOF
done
say "CRDs established; namespace lvs-operator, config/rbac/, Nodes: $(k get nodes -o name | sed 's|node/||' | tr '\n' ' ')"

# Each component with its own ServiceAccount token in its own kubeconfig: what config/rbac grants it and
# nothing more. The agents' kubeconfig names the address they dial in the VM.
for sa in controller agent; do
    k create token "lvs-operator-$sa" -n lvs-operator --duration 2h >"$CLUSTER_DIR/$sa.token"
done
kubeconfig_for "$CLUSTER_DIR/controller.kubeconfig" "https://127.0.0.1:$port" "$api/ca.crt" "$(<"$CLUSTER_DIR/controller.token")"
kubeconfig_for "$CLUSTER_DIR/agent.kubeconfig" "https://10.0.2.100:6443" "$api/ca.crt" "$(<"$CLUSTER_DIR/agent.token")"
cp "$api/ca.crt" "$CLUSTER_DIR/ca.crt"
cp "$api/admin-vm.kubeconfig" "$CLUSTER_DIR/admin-vm.kubeconfig"

status_port="$(_apiserver_free_port)"
# --director-selector: the VirtualServices a LoadBalancer Service generates name no directors, so every node
# the selector admits directs them; without it the DR and TUN nodes would take the pool's addresses too.
dotnet "$controller_dll" --kubeconfig "$CLUSTER_DIR/controller.kubeconfig" --leader-election-namespace lvs-operator \
    --director-selector lvsoperator.io/director=true \
    --status-address "http://127.0.0.1:$status_port/" >"$CLUSTER_DIR/controller.log" 2>&1 </dev/null &
pids+=($!)
say "lvs-controller (pid $!) as lvs-operator-controller (--kubeconfig); log $CLUSTER_DIR/controller.log"
export TOPO_AGENT_CMD CLUSTER_DIR
t1=$SECONDS

set +e
LAB_APISERVER_PORT="$port" LAB_ENV="TOPO_AGENT_CMD CLUSTER_DIR" LAB_TIMEOUT="${LAB_TIMEOUT:-600}" \
    tests/lab/run.sh tests/lab/cluster/scenarios.sh
rc=$?
set -e
if ((rc != 0)); then
    say "controller log, last lines:"
    tail -n 15 "$CLUSTER_DIR/controller.log" | sed 's/^/    /'
fi
echo "cluster: $((SECONDS - t0)) s in all ($((t1 - t0)) s preparing, API server and controller; $((SECONDS - t1)) s VM boot and scenarios), exit $rc"
exit "$rc"
