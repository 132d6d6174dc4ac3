# shellcheck shell=bash
# Scenario part, sourced by scenarios.sh after deletion.sh: a Service `type: LoadBalancer` of class
# lvsoperator.io/lvs, without selector, its EndpointSlice written by hand (no kube-controller-manager) naming
# nat-10 and nat-11 on 8080. The controller gives it an address from AddressPool lab-pool, writes it to
# status.loadBalancer.ingress and generates VirtualService web-lb-http-<hash> (labelled lvsoperator.io/service:
# web-lb, owned by the Service): the defaults,
# NAT with source NAT to the endpoints, wlc. Timed from the Service's POST: the address in its status, and the
# first request the client gets answered. Then the Service deleted: its VirtualService and IPVS service go.
#
# The pool's two addresses are among TOPO_VIPS (scenarios.sh), so the router holds them on-link towards the
# director like the examples' VIPs. The Service goes out with curl, as endpoints.sh's PATCHes do, so the clock
# starts right before the request leaves.

LB_ADDRESS=192.0.2.95
LB_NAMESPACE=lvs-demo
LB_SERVICE_URL=https://10.0.2.100:6443/api/v1/namespaces/$LB_NAMESPACE/services
LB_TIMES="$TOPO_STATE/loadbalancer-times" # "NAME SECONDS" a line

_api() { curl -s --max-time 10 --cacert "$CLUSTER_DIR/ca.crt" -H "Authorization: Bearer $ADMIN_TOKEN" "$@"; }
_lb_ingress() { _api "$LB_SERVICE_URL/web-lb" | python3 -c '
import json, sys
ingress = (json.load(sys.stdin).get("status", {}).get("loadBalancer", {}).get("ingress") or [{}])
print(ingress[0].get("ip", ""))'; }
_lb_answered() { ip netns exec "$(topo_ns client)" curl -s -o /dev/null --max-time 1 "http://$LB_ADDRESS/"; }
LB_VS_URL="https://10.0.2.100:6443/apis/lvsoperator.io/v1alpha1/namespaces/$LB_NAMESPACE/virtualservices?labelSelector=lvsoperator.io%2Fservice%3Dweb-lb"
_lb_owned() { # one generated VirtualService, web-lb-http-<hash>, naming Service web-lb (its uid) as its controller
    local uid owners
    uid="$(kk get svc -n "$LB_NAMESPACE" web-lb -o jsonpath='{.metadata.uid}')"
    owners="$(_api "$LB_VS_URL" | python3 -c '
import json, sys
for vs in json.load(sys.stdin)["items"]:
    refs = [r for r in vs["metadata"].get("ownerReferences", []) if r.get("controller")]
    print(vs["metadata"]["name"], " ".join("%s/%s/%s" % (r["kind"], r["name"], r["uid"]) for r in refs))')"
    echo "$owners"
    [[ $owners =~ ^web-lb-http-[a-z0-9]{5}\ Service/web-lb/$uid$ ]]
}
_lb_gone() { ! ip netns exec "$DIRECTOR" ipvsadm -Ln -t "$LB_ADDRESS:80" >/dev/null 2>&1; }
_lb_released() { [[ $(kk get addresspool lab-pool -o jsonpath='{.status.assigned}') == 0 ]]; }
_lb_vs_gone() { _api "$LB_VS_URL" | python3 -c 'import json, sys; sys.exit(len(json.load(sys.stdin)["items"]) != 0)'; }

heading "LoadBalancer Service web-lb (class lvsoperator.io/lvs, no selector): address, VirtualService, traffic"
: >"$LB_TIMES"
check "AddressPool lab-pool: 192.0.2.95-192.0.2.96" kk apply -f - <<EOF
apiVersion: lvsoperator.io/v1alpha1
kind: AddressPool
metadata:
  name: lab-pool
spec:
  addresses: [192.0.2.95-192.0.2.96]
EOF
check "EndpointSlice web-lb-1 of Service web-lb: 198.18.1.10 and 198.18.1.11 on 8080" kk apply -f - <<EOF
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-lb-1
  namespace: $LB_NAMESPACE
  labels: {kubernetes.io/service-name: web-lb}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints: $(endpoints_json 198.18.1.10 198.18.1.11)
EOF
created=$EPOCHREALTIME
code="$(_api -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' "$LB_SERVICE_URL" --data '{
  "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web-lb", "namespace": "'"$LB_NAMESPACE"'"},
  "spec": {"type": "LoadBalancer", "loadBalancerClass": "lvsoperator.io/lvs",
           "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}}')"
check "Service web-lb created (POST answered $code)" test "$code" = 201
t_ingress="" t_answer="" ingress=""
for ((i = 0; i < 900; i++)); do # 90 s at most
    [[ -n $t_ingress ]] || { ingress="$(_lb_ingress)"; [[ -z $ingress ]] || t_ingress=$EPOCHREALTIME; }
    [[ -n $t_answer ]] || ! _lb_answered || t_answer=$EPOCHREALTIME
    [[ -n $t_ingress && -n $t_answer ]] && break
    sleep 0.1
done
[[ -z $t_ingress ]] || echo "service-create-to-ingress $(seconds_between "$created" "$t_ingress")" >>"$LB_TIMES"
[[ -z $t_answer ]] || echo "service-create-to-first-answer $(seconds_between "$created" "$t_answer")" >>"$LB_TIMES"
cp "$LB_TIMES" "$OUT/loadbalancer-times.txt"
check "status.loadBalancer.ingress[0].ip $LB_ADDRESS, +$(seconds_between "$created" "${t_ingress:-$created}") s after the POST" \
    test "$ingress" = "$LB_ADDRESS"
check "the client's first request to $LB_ADDRESS:80 answered +$(seconds_between "$created" "${t_answer:-$created}") s after the POST" \
    test -n "$t_answer"
check "VirtualService web-lb-http-<hash> generated, owned by Service web-lb" _lb_owned
{
    kk get svc -n "$LB_NAMESPACE" web-lb
    kk get vs -n "$LB_NAMESPACE" -l lvsoperator.io/service=web-lb
    kk get addresspools
    ip netns exec "$DIRECTOR" ipvsadm -Ln -t "$LB_ADDRESS:80"
} 2>&1 | indent || true
lb="$(client_requests "$LB_ADDRESS:80" 60)" || true
check "wlc over the two endpoints" client_shares "$lb" requests "nat-10=0.5 nat-11=0.5" 0.2
check "no failed request" grep -qx 'failed *0 *0' <<<"$lb"

deleted=$EPOCHREALTIME
check "Service web-lb deleted" kk delete svc -n "$LB_NAMESPACE" web-lb --wait=false
check "$LB_ADDRESS:80 gone from the director's kernel" wait_until 60 _lb_gone
check "VirtualService web-lb-http-<hash> gone (the controller deletes what it generated)" wait_until 30 _lb_vs_gone
note "gone from the kernel and the API within $(elapsed "$deleted") of the delete"
check "$LB_ADDRESS off the director's lvs0" \
    wait_until 15 bash -c "! ip -n $DIRECTOR -4 addr show dev lvs0 | grep -qw $LB_ADDRESS"
check "AddressPool lab-pool: the address back (status.assigned 0)" wait_until 30 _lb_released
note "timings (also in $OUT/loadbalancer-times.txt): $(tr '\n' ' ' <"$LB_TIMES")"
