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

# shellcheck source=host.sh
source tests/lab/cluster/host.sh

tests/lab/prepare.sh
TOPO_AGENT_CMD="$(lab_publish_aot src/LvsOperator.Agent lvs-agent)"

# The VM reads this folder (LAB_OUT is its read-write share): the admin's and the agents' credentials, the
# CA. A fresh one each run; the tokens die with the API server.
CLUSTER_DIR="$LAB_OUT/cluster"
rm -rf "$CLUSTER_DIR"
mkdir -p "$CLUSTER_DIR"
trap cluster_host_down EXIT

s=$SECONDS
cluster_host_up director node-102 node-103 node-104 edge-10 edge-11
say "kube-apiserver $(k version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])') on 127.0.0.1:$(<"$CLUSTER_DIR/apiserver/port") (RBAC), ready in $((SECONDS - s)) s"
say "CRDs established; namespace lvs-operator, config/rbac/, Nodes: $(k get nodes -o name | sed 's|node/||' | tr '\n' ' ')"
cluster_controller_start
say "lvs-controller (pid $CLUSTER_CONTROLLER_PID) as lvs-operator-controller (--kubeconfig); log $CLUSTER_DIR/controller.log"
port="$(<"$CLUSTER_DIR/apiserver/port")"
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
