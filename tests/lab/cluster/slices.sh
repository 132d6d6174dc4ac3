# shellcheck shell=bash
# EndpointSlices written and timed as the EndpointSlice controller would write them (there is no
# kube-controller-manager in the lab), sourced in the VM by scenarios.sh, endpoints.sh and
# bench/e2e-kube-proxy-vm.sh. Needs CLUSTER_DIR (the CA and admin-vm.kubeconfig).
#
#   ADMIN_TOKEN                                    the admin's bearer token, for curl (deletion.sh, loadbalancer.sh)
#   endpoints_json ADDRESS...                      an endpoints list, each ready
#   slice_patch NAMESPACE NAME JSON                merge-PATCHes the slice's endpoints with curl (one exec, where
#                                                  kubectl spends most of a second starting under TCG); prints
#                                                  the HTTP status (000: no answer within 10 s)
#   kernel_wait_weight NS VIP:PORT RS:PORT WEIGHT FILE [SECONDS]
#                                                  in the background: writes the time (EPOCHREALTIME) at which
#                                                  the kernel of namespace NS ("" the VM's own) shows RS:PORT with
#                                                  WEIGHT under VIP:PORT into FILE, "timeout" after SECONDS (60)

ADMIN_TOKEN="$(awk '$1 == "token:" {print $2; exit}' "$CLUSTER_DIR/admin-vm.kubeconfig")"

endpoints_json() {
    local a sep=""
    printf '['
    for a; do printf '%s{"addresses":["%s"],"conditions":{"ready":true}}' "$sep" "$a"; sep=,; done
    printf ']'
}

slice_patch() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$CLUSTER_DIR/ca.crt" -X PATCH \
        -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/merge-patch+json' \
        --data "{\"endpoints\":$3}" "https://10.0.2.100:6443/apis/discovery.k8s.io/v1/namespaces/$1/endpointslices/$2" ||
        true # curl has printed 000 (no answer, e.g. its 10 s ran out): the caller says so, where set -e would end it silently
}

kernel_wait_weight() {
    local ns="$1"
    local -a run=()
    [[ -z $ns ]] || run=(ip netns exec "$ns")
    # Polled every 20 ms, plus the time ipvsadm takes to list the one service.
    # shellcheck disable=SC2016 # the loop runs in its own bash
    "${run[@]}" bash -c '
        for ((i = 0; i < $4 * 50; i++)); do
            w="$(ipvsadm -Ln -t "$1" 2>/dev/null | awk -v rs="$2" "\$2 == rs {print \$4}")"
            [[ $w == "$3" ]] && { echo "$EPOCHREALTIME"; exit; }
            sleep 0.02
        done
        echo timeout' _ "$2" "$3" "$4" "${6:-60}" >"$5" &
}
