# shellcheck shell=bash
# The agents' way to the API server inside the lab VM, sourced by scenarios.sh after topology.sh.
#
# qemu's user-mode NIC (tests/lab/run.sh, LAB_APISERVER_PORT) sits in the VM's initial namespace, and its
# only reachable address is 10.0.2.100:6443. The agents run in the lab's namespaces, whose routes lead
# through the lab's router and must stay as they are (the traffic checks depend on them). Rather than a
# veth per namespace, routes and masquerading in the initial namespace, each agent namespace gets
# 10.0.2.100/32 on its lo and a socat listening there that passes every connection through one unix socket
# (a path in the file system, so it crosses namespaces) to a socat in the initial namespace, which dials
# the real 10.0.2.100:6443. The agents dial https://10.0.2.100:6443 as they would in a cluster whose API
# server has that address, and TLS is end to end (the serving certificate names 10.0.2.100).
#
#   api_nic_up                      the NIC up as api0: virtio_net, 10.0.2.15/24
#   api_relay_up NODE...            the relay into each NODE's namespace (pids under $TOPO_STATE/pids)
#   agent_tls_store                 the agents' TLS trust store: the cluster CA alone (exported)

API_ADDRESS=10.0.2.100
API_PORT=6443
API_SOCKET=/run/lvs-apiserver.sock

api_nic_up() {
    local dev
    modprobe virtio_net
    for dev in /sys/class/net/*; do
        dev="${dev##*/}"
        [[ $dev != lo ]] && break
    done
    [[ $dev != lo ]] || { echo "no network device besides lo" >&2; return 1; }
    # Renamed: topology.sh creates each real server's eth0 from the initial namespace, and the kernel
    # refuses a second eth0 there.
    ip link set "$dev" name api0
    ip addr add 10.0.2.15/24 dev api0
    ip link set api0 up
}

api_relay_up() {
    local node ns i
    mkdir -p "$TOPO_STATE/pids"
    rm -f "$API_SOCKET"
    socat "UNIX-LISTEN:$API_SOCKET,fork" "TCP:$API_ADDRESS:$API_PORT" </dev/null >/dev/null 2>&1 &
    echo $! >"$TOPO_STATE/pids/relay-root"
    for node; do
        ns="$(topo_ns "$node")"
        ip -n "$ns" addr add "$API_ADDRESS/32" dev lo
        ip netns exec "$ns" socat "TCP-LISTEN:$API_PORT,bind=$API_ADDRESS,reuseaddr,fork" "UNIX-CONNECT:$API_SOCKET" \
            </dev/null >/dev/null 2>&1 &
        echo $! >"$TOPO_STATE/pids/relay-$node"
    done
    for ((i = 0; i < 50; i++)); do
        [[ -S $API_SOCKET ]] && return 0
        sleep 0.1
    done
    echo "the relay's socket $API_SOCKET did not appear" >&2
    return 1
}

agent_tls_store() {
    # The agents trust the cluster CA alone (ClusterCaTrust's chain policy), but on Linux every chain .NET
    # builds loads the system store, even under CustomRootTrust (it is searched for intermediates): about
    # 150 files over 9p, which under this emulated CPU made each agent's first list take 20-30 s (a timeout,
    # then a retry) instead of about 5 s. A store of just the cluster CA keeps them out.
    mkdir -p /run/lvs-empty-certs
    export SSL_CERT_FILE="$CLUSTER_DIR/ca.crt" SSL_CERT_DIR=/run/lvs-empty-certs
}
