# shellcheck shell=bash
# The host side of the operator in a cluster, sourced after apiserver.sh by tests/lab/cluster/run.sh and
# bench/e2e-kube-proxy.sh: the control plane with the operator's objects, one token per component, the
# controller. Run from the repository root; CLUSTER_DIR (the VM reads it: LAB_OUT's cluster folder) must be set.
#
#   cluster_host_up NODE...     API server in $CLUSTER_DIR/apiserver, the CRDs, namespace lvs-operator,
#                               config/rbac, one Node object per NODE (director labelled
#                               lvsoperator.io/director=true), controller.kubeconfig (127.0.0.1) and
#                               agent.kubeconfig (10.0.2.100:6443) with their ServiceAccounts' tokens, the CA
#                               and admin-vm.kubeconfig in $CLUSTER_DIR; defines k (kubectl as the admin)
#   cluster_controller_start    lvs-controller in the background (pid in CLUSTER_CONTROLLER_PID, log
#                               $CLUSTER_DIR/controller.log, status endpoint http://127.0.0.1:CLUSTER_STATUS_PORT/)
#   cluster_host_down           the controller and the API server stopped; tokens, keys and kubeconfigs deleted

CLUSTER_CONTROLLER_DLL="src/LvsOperator.Controller/bin/Debug/net10.0/lvs-controller.dll"

k() { kubectl --kubeconfig "$CLUSTER_DIR/apiserver/admin.kubeconfig" "$@"; }

cluster_host_up() {
    local api="$CLUSTER_DIR/apiserver" node label sa port
    apiserver_start "$api" || return 1
    port="$(<"$api/port")"
    k apply --server-side -f config/crd/ >/dev/null
    k wait --for condition=Established crd --all --timeout 60s >/dev/null
    k create namespace lvs-operator >/dev/null
    k apply -f config/rbac/ >/dev/null
    # No kubelet: examples/ select directors by this label.
    for node; do
        label=""
        [[ $node == director ]] && label="lvsoperator.io/director: \"true\""
        k apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: $node
  labels: {kubernetes.io/hostname: $node${label:+, $label}}
NODE
    done
    # Each component with its own ServiceAccount token in its own kubeconfig: what config/rbac grants it and
    # nothing more. The agents' kubeconfig names the address they dial in the VM.
    for sa in controller agent; do
        k create token "lvs-operator-$sa" -n lvs-operator --duration 2h >"$CLUSTER_DIR/$sa.token"
    done
    kubeconfig_for "$CLUSTER_DIR/controller.kubeconfig" "https://127.0.0.1:$port" "$api/ca.crt" "$(<"$CLUSTER_DIR/controller.token")"
    kubeconfig_for "$CLUSTER_DIR/agent.kubeconfig" "https://10.0.2.100:6443" "$api/ca.crt" "$(<"$CLUSTER_DIR/agent.token")"
    cp "$api/ca.crt" "$CLUSTER_DIR/ca.crt"
    cp "$api/admin-vm.kubeconfig" "$CLUSTER_DIR/admin-vm.kubeconfig"
}

cluster_controller_start() {
    [[ -f $CLUSTER_CONTROLLER_DLL ]] ||
        dotnet build src/LvsOperator.Controller/LvsOperator.Controller.csproj --nologo -v quiet >&2 || return 1
    CLUSTER_STATUS_PORT="$(_apiserver_free_port)"
    # --director-selector: the VirtualServices a LoadBalancer Service generates name no directors, so every node
    # the selector admits directs them; without it the DR and TUN nodes would take the pool's addresses too.
    dotnet "$CLUSTER_CONTROLLER_DLL" --kubeconfig "$CLUSTER_DIR/controller.kubeconfig" \
        --leader-election-namespace lvs-operator --director-selector lvsoperator.io/director=true \
        --status-address "http://127.0.0.1:$CLUSTER_STATUS_PORT/" >"$CLUSTER_DIR/controller.log" 2>&1 </dev/null &
    CLUSTER_CONTROLLER_PID=$!
}

cluster_host_down() {
    if [[ -n ${CLUSTER_CONTROLLER_PID:-} ]]; then
        kill "$CLUSTER_CONTROLLER_PID" 2>/dev/null || true
        wait "$CLUSTER_CONTROLLER_PID" 2>/dev/null || true
    fi
    apiserver_stop "$CLUSTER_DIR/apiserver"
    rm -f "$CLUSTER_DIR"/*.kubeconfig "$CLUSTER_DIR"/*.token "$CLUSTER_DIR/apiserver"/*.key \
        "$CLUSTER_DIR/apiserver"/*.kubeconfig "$CLUSTER_DIR/apiserver/tokens.csv"
}
