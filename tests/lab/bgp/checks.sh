# shellcheck shell=bash
# The BGP lab's helpers (sourced by tests/lab/bgp/scenarios.sh, inside the VM, after its globals: NS, ADDR, ROUTER,
# CLIENT, OUT, LOOP, WEB, ECHO, DIRECTORS): FRR and agent start, the router's nexthops, the directors' IPVS tables
# and mh order, the looping client and its failures, the long-lived connections' owners.

router_frr_up() {
    local d
    mkdir -p "/etc/netns/$ROUTER/frr"
    {
        printf 'frr defaults traditional\n!\nrouter bgp 64500\n bgp router-id 198.18.0.1\n'
        printf ' no bgp ebgp-requires-policy\n neighbor directors peer-group\n neighbor directors remote-as 64512\n'
        printf ' neighbor directors timers 3 9\n neighbor directors timers connect 2\n'
        for d in "${DIRECTORS[@]}"; do printf ' neighbor %s peer-group directors\n' "${ADDR[$d]}"; done
        printf ' !\n address-family ipv4 unicast\n  maximum-paths 8\n exit-address-family\nexit\n'
    } >"/etc/netns/$ROUTER/frr/frr.conf"
    frr_up "$ROUTER" router && ip netns exec "$ROUTER" vtysh -N router -f /etc/frr/frr.conf
}

# The withdrawal on stop gets 60 s, not the product's 10 s: it is two vtysh execs and the end of a reload, which took
# 83 ms on an idle host but 18-21 s in this VM at host load 45-60 (each exec 0.1-5 s under TCG stalls).
director_start() { # NODE
    local node="$1"
    agent_start "${NS[$node]}" "$node" "$M" --node-labels lvsoperator.io/director=true \
        --bgp=true --bgp-router-id "${ADDR[$node]}" --frr-pathspace "$node" --bgp-withdraw-timeout 00:01:00 &&
        agent_wait_ready "$node" 180
}

# The VIP's nexthops in the router's kernel table (zebra installed them from BGP), one address a line.
nexthops() {
    ip -n "$ROUTER" -4 route show "$VIP/32" | grep -oE 'via [0-9.]+' | awk '{print $2}' | sort
}
nexthop_count_is() { [[ $(nexthops | grep -c .) == "$1" ]]; }
# wait_nexthops N BOUND: until the router has N nexthops; prints the seconds it took.
wait_nexthops() {
    local t0="$EPOCHREALTIME" end=$((SECONDS + $2))
    while ((SECONDS < end)); do
        if nexthop_count_is "$1"; then
            awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f\n", b - a}'
            return 0
        fi
        sleep 0.05
    done
    return 1
}
# wait_nexthop_gone ADDRESS BOUND: until the router has no nexthop via ADDRESS (whatever the others do: a director
# that did not come back in scenario 3 must not fail scenario 4); prints the seconds it took.
wait_nexthop_gone() {
    local t0="$EPOCHREALTIME" end=$((SECONDS + $2))
    while ((SECONDS < end)); do
        if ! nexthops | grep -qx "$1"; then
            awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f\n", b - a}'
            return 0
        fi
        sleep 0.05
    done
    return 1
}
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f", b - a}'; }

conns() { # NODE: connections the director's web service scheduled so far
    ip netns exec "${NS[$1]}" ipvsadm -Ln --stats -t "$WEB" | awk '$1 == "TCP" {print $3}'
}
mh_table() { ip netns exec "${NS[$1]}" ipvsadm -Sn; }
# The kernel's own list order, which mh builds its table in: /proc/net/ip_vs walks svc->destinations (ipvsadm sorts
# them). "PROTO SERVICE REALSERVER" a line, addresses in hex; services sorted (their hash order differs per namespace).
kernel_list() { # NODE
    ip netns exec "${NS[$1]}" cat /proc/net/ip_vs |
        awk '$1 ~ /^(TCP|UDP|SCTP|FWM)$/ {svc = $1 " " $2} $1 == "->" && svc != "" {print svc, $2}' | sort -s -k1,2
}
tables_identical() {
    local d ref list
    ref="$(mh_table director-a)"
    list="$(kernel_list director-a)"
    grep -q -- '-s mh' <<<"$ref" && [[ $(grep -c -- '-r 198.18.0.10' <<<"$ref") == 6 ]] || { printf '%s\n' "$ref"; return 1; }
    for d in director-b director-c; do
        [[ $(mh_table "$d") == "$ref" ]] || { printf '%s differs:\n%s\n' "$d" "$(mh_table "$d")"; return 1; }
        [[ $(kernel_list "$d") == "$list" ]] || { printf '%s: kernel list differs:\n%s\n' "$d" "$(kernel_list "$d")"; return 1; }
    done
}
# The planner's order for mh (src/LvsOperator.Core/Planning/MhOrder.cs): real servers added by ascending address; the
# kernel puts each new one at the head of its list, so the list descends.
mh_order_wanted() { # NODE
    local listed
    listed="$(kernel_list "$1")"
    [[ $(sort -s -k1,2 -k3,3r <<<"$listed") == "$listed" ]] || { printf '%s\n' "$listed"; return 1; }
}
# deleted_by_hand NODE: deletes the web service's lowest real server, the oldest in its list, as an admin could. The
# agent adds it back, at the head of the list, out of the planner's order: it must then move the others after it.
deleted_by_hand() {
    ip netns exec "${NS[$1]}" ipvsadm -d -t "$WEB" -r "$(mh_table "$1" | awk -v s="$WEB" '$1 == "-a" && $3 == s {print $5; exit}')"
}
reordered_by_agent() { # NODE: real servers moved (deleted and added again) since MARK, and the kernel lists agree
    tail -n +"$((MARK + 1))" "$TOPO_STATE/agent/$1.log" | grep -q "Applied: delete destination .* of TCP $WEB" &&
        tables_identical && mh_order_wanted "$1"
}
frr_configured_since() { tail -n +"$((MARK + 1))" "$TOPO_STATE/agent/$1.log" | grep -q 'BGP: FRR configured'; } # NODE
# within SECONDS CMD...: until CMD succeeds, bounded in seconds (each exec takes 0.1-0.5 s under TCG: no iteration count).
within() {
    local end=$((SECONDS + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < end)) || return 1
        sleep 0.2
    done
}
sloppy_on() {
    local d
    for d in "${DIRECTORS[@]}"; do
        [[ $(ip netns exec "${NS[$d]}" sysctl -n net.ipv4.vs.sloppy_tcp) == 1 ]] || { echo "$d: sloppy_tcp off"; return 1; }
    done
}

loop_start() {
    : >"$LOOP"
    # shellcheck disable=SC2046 # one argument per source address
    ip netns exec "$CLIENT" python3 "$PROBE" loop "$WEB" "$LOOP" $(topo_client_addrs) </dev/null &
    printf '%s\n' "$!" >"$LOOP.pid"
}
loop_stop() { touch "$LOOP.stop"; wait "$(<"$LOOP.pid")" || true; }
# failures FROM TO: requests of the looping client started in [FROM, TO) (epoch seconds): "N requests, N failed".
# A request that timed out while the VM's vCPUs stood still for STALL_EXCUSE seconds or more in all (stalls.sh; both
# vCPUs' stalls add up) is counted apart: at host load 40-50 the VM stalled 572 times in ten minutes, up to 3.9 s, and
# requests timed out (3 s) before any director died. Refused, reset or unreachable always count as failed.
STALL_EXCUSE=1.0
failures() {
    awk -F'|' -v a="$1" -v b="$2" -v min="$STALL_EXCUSE" '
        FILENAME == ARGV[1] {n_st++; split($0, f, " "); end[n_st] = f[1]; len[n_st] = f[2]; next}
        $1 >= a && $1 < b {
            n++
            if ($3 == 1) next
            stalled = 0
            for (i = 1; i <= n_st; i++) if (end[i] >= $1 && end[i] - len[i] <= $2) stalled += len[i]
            if ($6 ~ /^TimeoutError/ && stalled >= min) excused++; else bad++
        }
        END {printf "%d requests, %d failed (%d more timed out in VM stalls)\n", n, bad, excused}' "$OUT/stalls.txt" "$LOOP"
}
none_failed() { # FROM TO
    local r; r="$(failures "$1" "$2")"; echo "$r"
    [[ $r =~ ^([0-9]+)\ requests,\ 0\ failed && ${BASH_REMATCH[1]} -gt 0 ]]
}

# Which director carries each long-lived connection: "SRC:PORT NODE" from the directors' IPVS connection tables.
# A flow the router moved earlier (a session reset re-hashes) leaves an entry on its old director too; the one
# carrying it is the one whose entry was refreshed last (the longest expiry left).
long_owners() {
    local d
    for d in "${DIRECTORS[@]}"; do
        ip netns exec "${NS[$d]}" ipvsadm -Lnc | awk -v d="$d" '$5 == "'"$ECHO"'" && $3 == "ESTABLISHED" {
            split($2, t, ":"); print $4, d, t[1] * 60 + t[2]}'
    done | sort -k1,1 -k3,3nr | awk '!seen[$1]++ {print $1, $2}'
}
