# shellcheck shell=bash
# Scenario part, sourced by scenarios.sh after endpoints.sh: VirtualService web-dr deleted. The controller's
# finalizer holds it while the director drains (weight 0 on every real server for the agents' drain grace,
# 5 s here) and then removes the service; once the director reports it gone, the finalizer is released and
# the object disappears. One loop watches the kernel and the API together and notes when each step shows.

DR_VIP=192.0.2.120:10087
DR_SERVERS=(198.18.0.102:10087 198.18.0.103:10087 198.18.0.104:10087)
VS_URL=https://10.0.2.100:6443/apis/lvsoperator.io/v1alpha1/namespaces/lvs-demo/virtualservices/web-dr

# _dr_state: "drained" (the service with every real server at weight 0), "gone" (no service) or "serving".
_dr_state() {
    local table rs
    table="$(ip netns exec "$DIRECTOR" ipvsadm -Ln -t "$DR_VIP" 2>/dev/null)" || { echo gone; return; }
    for rs in "${DR_SERVERS[@]}"; do
        awk -v rs="$rs" '$2 == rs && $4 == 0 {found = 1} END {exit !found}' <<<"$table" || { echo serving; return; }
    done
    echo drained
}
_vs_code() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$CLUSTER_DIR/ca.crt" \
        -H "Authorization: Bearer $ADMIN_TOKEN" "$VS_URL"
}

heading "kubectl delete vs web-dr: drained, then gone from the kernel, then the finalizer released"
finalizers="$(kk get vs -n lvs-demo web-dr -o jsonpath='{.metadata.finalizers}')"
check "web-dr carries the controller's finalizer: $finalizers" test -n "$finalizers"
deleted=$EPOCHREALTIME
kk delete vs -n lvs-demo web-dr --wait=false | indent
t_drained="" t_gone="" t_released="" at_release=""
for ((i = 0; i < 300; i++)); do
    state="$(_dr_state)"
    [[ -n $t_drained || $state != drained ]] || t_drained=$EPOCHREALTIME
    [[ -n $t_gone || $state != gone ]] || t_gone=$EPOCHREALTIME
    if [[ -z $t_released && $(_vs_code) == 404 ]]; then
        t_released=$EPOCHREALTIME
        # The kernel read again right after the 404 (not the sample above, taken before the API's answer).
        at_release="$(_dr_state)"
    fi
    [[ -n $t_gone && -n $t_released ]] && break
    sleep 0.1
done
since() { [[ -n $1 ]] && printf '+%s s' "$(seconds_between "$deleted" "$1")" || printf 'never (60 s)'; }
note "first seen, after the delete (one round of ipvsadm and a GET takes most of a second here):"
note "  drained (weight 0 on 198.18.0.102-104)  $(since "$t_drained")"
note "  gone from the director's kernel         $(since "$t_gone")"
note "  VirtualService gone (finalizer off)     $(since "$t_released"), the kernel read right after it: ${at_release:-?}"
# Weight 0 lasts the 5 s grace; a VM that a loaded host holds up takes seconds per sample and can miss it (a
# run at host load 15-30 saw the service only serving, then gone). The director's timestamped log is the
# witness then: each real server drained after the delete and no later than the service's removal.
drained_in_log() {
    local rs removed
    removed="$(agent_log_time director "$deleted" "Applied: delete service .*$DR_VIP")"
    for rs in "${DR_SERVERS[@]}"; do
        at_least "$(agent_log_time director "$deleted" "Applied: drain destination $rs ")" "$removed" 0 || return 1
    done
}
drained_first() { [[ -n $t_drained ]] || drained_in_log; }
check "drained first: every real server at weight 0 while the service stayed" drained_first

check "then removed from the director's kernel" test -n "$t_gone"
check "the finalizer released once the director had removed it" \
    test "$at_release" = gone
check "192.0.2.120 off the director's lvs0" \
    wait_until 15 bash -c "! ip -n $DIRECTOR -4 addr show dev lvs0 | grep -qw 192.0.2.120"
check "the other services still there: web-nat, tls-tun, web" \
    ip netns exec "$DIRECTOR" bash -c 'ipvsadm -Ln -t 192.0.2.80:80 && ipvsadm -Ln -t 203.0.113.10:443 && ipvsadm -Ln -t 192.0.2.90:80'
kk get vs -A | indent
