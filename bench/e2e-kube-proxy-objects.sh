# shellcheck shell=bash
# The objects of bench/e2e-kube-proxy.sh, sourced on the host (to create them) and in the VM (to PATCH
# and watch them). Service I (0-based) of namespace bench:
#   Service bench_name I, ClusterIP bench_cluster_ip I (198.19.0.0/16, the API server's service range), port
#   80 (http) -> 8080; EndpointSlice NAME-1, endpoints bench_endpoints I N (198.18.x.y, ready, no
#   kube-controller-manager here); VirtualService NAME, 192.0.2.200:(20000 + I), rr, NAT, the Service's
#   port http, directed by the nodes labelled lvsoperator.io/director=true.

bench_name() { printf 'svc-%04d\n' "$1"; }
bench_cluster_ip() { printf '198.19.%d.%d\n' $(($1 / 200)) $(($1 % 200 + 10)); }
bench_vip() { printf '192.0.2.200:%d\n' $((20000 + $1)); }
# bench_endpoint I J: Service I's J-th endpoint address (J < 20; 0..N-1 at first, the rest for PATCHes).
bench_endpoint() { printf '198.18.%d.%d\n' $(($1 / 10)) $(($1 % 10 * 20 + $2 + 1)); }
bench_endpoints() {
    local j
    for ((j = 0; j < $2; j++)); do bench_endpoint "$1" "$j"; done
}

# bench_objects SERVICES ENDPOINTS: every object as one multi-document YAML stream (one awk: a subshell per
# address made this take minutes on a loaded host). Its addresses are the functions' above.
bench_objects() {
    awk -v n="$1" -v e="$2" 'BEGIN {
        for (i = 0; i < n; i++) {
            name = sprintf("svc-%04d", i)
            printf "---\napiVersion: v1\nkind: Service\nmetadata: {name: %s, namespace: bench}\n", name
            printf "spec:\n  clusterIP: 198.19.%d.%d\n", int(i / 200), i % 200 + 10
            printf "  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]\n"
            printf "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
            printf "metadata:\n  name: %s-1\n  namespace: bench\n  labels: {kubernetes.io/service-name: %s}\n", name, name
            printf "addressType: IPv4\nports: [{name: http, port: 8080, protocol: TCP}]\nendpoints:\n"
            for (j = 0; j < e; j++)
                printf "  - {addresses: [\"198.18.%d.%d\"], conditions: {ready: true}}\n", int(i / 10), i % 10 * 20 + j + 1
            printf "---\napiVersion: lvsoperator.io/v1alpha1\nkind: VirtualService\nmetadata: {name: %s, namespace: bench}\n", name
            printf "spec:\n  addresses: [192.0.2.200]\n  port: %d\n  scheduler: {name: rr}\n  forwarding: {method: NAT}\n", 20000 + i
            printf "  realServers: {service: {name: %s, port: http}}\n", name
            printf "  directors: {nodeSelector: {lvsoperator.io/director: \"true\"}}\n"
        }
    }'
}
