#!/usr/bin/env bash
# `make demo`, the part inside the lab VM (demo/run.sh boots it): builds the
# traffic topology of tests/lab/topology.sh, runs lvs-agent (NativeAOT,
# standalone) on the director and on every DR/TUN real server over a copy of
# examples/, sends real client traffic through each forwarding method, shows
# what the kernel did, and changes a weight live. Exits non-zero if any check
# fails.
set -euo pipefail

if [[ ${LAB:-} != 1 ]]; then
    echo "demo/in-vm.sh runs inside the lab VM: demo/run.sh (or make demo)" >&2
    exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source-path=SCRIPTDIR/.. source=tests/lab/topology.sh
source tests/lab/topology.sh
# demo/run.sh publishes lvsctl NativeAOT (a JIT start costs 10-20 s here).
read -ra LVSCTL <<<"${DEMO_LVSCTL:-dotnet $TOPO_REPO/src/LvsOperator.Cli/bin/Debug/net10.0/lvsctl.dll}"
OUT="$LAB_OUT/demo"

M="$TOPO_STATE/manifests" # the agents' folder: a copy of examples/, edited live in the last step
REQUESTS=120 # per service: 3 from each of the 40 client addresses
t0=$EPOCHREALTIME
passed=0
failed=0

indent() { sed 's/^/    /'; }
same_text() { diff <(echo "$1") <(echo "$2") >&2; }
# agent_story NODE [SINCE]: agent_timeline without the host's boilerplate,
# categories shortened.
agent_story() {
    agent_timeline "$@" | { grep -v 'Microsoft.Hosting.Lifetime' || true; } | sed 's/ LvsOperator\.[A-Za-z]*\.\([A-Za-z]*\)\[[0-9]*\]/ \1/'
}
elapsed() { printf '%d.%d s' $(((${EPOCHREALTIME/./} - ${1/./}) / 1000000)) $(((${EPOCHREALTIME/./} - ${1/./}) / 100000 % 10)); }

# --- 1. topology ----------------------------------------------------------------
heading "Topology: client -> router -> director -> real servers (namespaces in the lab VM, kernel $(uname -r))"
s=$EPOCHREALTIME
topology_up
cat <<EOF
    $(topo_ns client)    $TOPO_CLIENTS source addresses 198.51.100.10-$((10 + TOPO_CLIENTS - 1)), gateway the router
    $(topo_ns router)    198.51.100.1, 198.18.0.1 (br-lan), 198.19.0.1 (br-tun); VIPs on-link on br-lan
    $(topo_ns director)  198.18.0.2 on br-lan, 198.18.1.1 (br-nat, gateway of the NAT real servers)
EOF
while read -r kind name addr listen; do
    case "$kind" in
        dr) how="DR,  br-lan, gateway the router, HTTP on $listen (the VIP)" ;;
        nat) how="NAT, br-nat, gateway the director, HTTP on $listen" ;;
        tun) how="TUN, br-tun (routed hop), gateway the router, HTTP on $listen (the VIP)" ;;
    esac
    printf '    %-14s %-13s %s\n' "$(topo_ns "$name")" "$addr" "$how"
done < <(topo_real_servers all)
echo "    built in $(elapsed "$s")"

# --- 2. lvs-agent ---------------------------------------------------------------
heading "lvs-agent on the director (NativeAOT, standalone, labelled $TOPO_DIRECTOR_LABELS)"
mkdir -p "$M" "$OUT"
cp examples/*.yaml "$M/"
echo "    $TOPO_AGENT_CMD --manifests <copy of examples/> --node director --node-labels $TOPO_DIRECTOR_LABELS $TOPO_AGENT_ARGS"
s=$EPOCHREALTIME
check "director's agent ready: /readyz 200 once a cycle reached the kernel" program_director "$(topo_ns director)" "$M"
echo "    /readyz answered 200 $(elapsed "$s") after the exec (polled every 0.25 s); its log, in seconds after the exec:"
agent_story director | { grep -v 'Applied: ' || true; } | indent | indent
echo "    ($(agent_story director | grep -c 'Applied: ') operations applied, one log line each, left out)"

heading "lvs-agent on each DR and TUN real server (the same folder, no label: no director role)"
s=$EPOCHREALTIME
check "real servers' agents ready: $(topo_real_servers dr | awk '{printf "%s ", $2}')$(topo_real_servers tun | awk '{printf "%s ", $2}')" \
    prepare_real_servers "$M"
echo "    all ready $(elapsed "$s") after their exec; each one's first cycle, in seconds after its exec:"
while read -r _ name _; do
    printf '%-9s %s\n' "$name" "$(agent_story "$name" | grep -m1 'Reconciled: ')"
done < <(topo_real_servers dr; topo_real_servers tun) | indent

# An admin's own service next to the agent's: lvsctl list leaves it unmarked,
# and the agent never touches it (checked at the end).
FOREIGN=198.18.0.2:2222
ip netns exec "$(topo_ns director)" ipvsadm -A -t "$FOREIGN" -s rr
heading "The director's table: lvsctl list (' [lvs]': the agent's), and its VIPs"
table="$(ip netns exec "$(topo_ns director)" "${LVSCTL[@]}" list --state-dir "$TOPO_STATE/agent/director.state")" || true # the check below fails
indent <<<"$table"
ip -n "$(topo_ns director)" -br addr show dev lvs0 | indent
# shellcheck disable=SC2016 # an awk program
check "every service and real server of examples/ marked [lvs], the admin's $FOREIGN not" \
    awk -v f="TCP  $FOREIGN " '/^(TCP|UDP|SCTP|FWM) |^  ->/ && !/-> RemoteAddress/ {
            mine = / \[lvs\]$/; n += mine
            if (index($0, f) == 1) { foreign = 1; bad += mine } else bad += !mine
        } END { exit !(foreign && n > 0 && !bad) }' <<<"$table"

# --- 3. traffic -----------------------------------------------------------------
# Persistence (DR) and the schedulers' balance only show across many client
# addresses: each of the 40 sends 3 requests, each a new TCP connection.
heading "DR: web-dr 192.0.2.120:10087, wrr 2:1:1, persistent 60 s ($REQUESTS requests from $TOPO_CLIENTS client addresses)"
s=$EPOCHREALTIME
dr="$(client_requests 192.0.2.120:10087 "$REQUESTS")" || true
check "wrr 2:1:1 across client addresses (persistence pins each address)" \
    client_shares "$dr" clients "node-102=0.5 node-103=0.25 node-104=0.25" 0.05
check "no failed request" grep -qx 'failed *0 *0' <<<"$dr"
# shellcheck disable=SC2016 # an awk program
check "persistent: each client address answered by one real server" \
    awk -v n="$TOPO_CLIENTS" 'NR > 1 && $1 != "failed" {c += $3} END {exit c != n}' <<<"$dr"
echo "    in $(elapsed "$s")"

heading "NAT: web-nat 192.0.2.80:80 -> :8080, wlc, 198.18.1.12 weight 0"
s=$EPOCHREALTIME
nat="$(client_requests 192.0.2.80:80 "$REQUESTS")" || true
check "wlc splits evenly over the two weight-1 servers; weight 0 gets none" \
    client_shares "$nat" requests "nat-10=0.5 nat-11=0.5 nat-12=0" 0.15
check "no failed request" grep -qx 'failed *0 *0' <<<"$nat"
echo "    in $(elapsed "$s")"

heading "TUN: tls-tun 203.0.113.10:443, lc, 198.19.0.10 ipip, 198.19.0.11 gue :6080 with checksum"
s=$EPOCHREALTIME
tun="$(client_requests 203.0.113.10:443 "$REQUESTS")" || true
check "lc splits evenly over both tunnels" client_shares "$tun" requests "edge-10=0.5 edge-11=0.5" 0.2
check "no failed request" grep -qx 'failed *0 *0' <<<"$tun"
# Proof of each encapsulation on the real servers themselves.
tunl0_rx() { ip -n "$(topo_ns "$1")" -s link show tunl0 | awk '/RX:/ {getline; print $2; exit}'; }
# shellcheck disable=SC2016 # awk programs
udp_in() { ip netns exec "$(topo_ns "$1")" awk '/^Udp:/ {n++} /^Udp:/ && n == 2 {print $2}' /proc/net/snmp; }
check "edge-10 decapsulated IP-in-IP on tunl0: $(tunl0_rx edge-10) packets, no UDP" \
    test "$(tunl0_rx edge-10)" -gt 0 -a "$(udp_in edge-10)" -eq 0
check "edge-11 received GUE (UDP :6080, fou) into tunl0: $(udp_in edge-11) datagrams, $(tunl0_rx edge-11) packets" \
    test "$(udp_in edge-11)" -gt 0 -a "$(tunl0_rx edge-11)" -gt 0
echo "    in $(elapsed "$s")"

# --- 4. return paths ------------------------------------------------------------
heading "Return paths: ipvsadm -Ln --stats --exact (DR and TUN replies bypass the director)"
for svc in 192.0.2.120:10087 192.0.2.80:80 203.0.113.10:443; do director_wait_conns "$svc" "$REQUESTS" || true; done
# The IPv6 services of examples/ipv6-fwmark.yaml get no traffic here: left out.
ip netns exec "$(topo_ns director)" ipvsadm -Ln --stats --exact |
    awk '/^(TCP|UDP|SCTP|FWM) / {skip = ($2 ~ /^\[/ || $1 == "FWM")} !skip' | indent
outpkts() { director_stats "$1" | awk '{print $3}'; }
check "DR 192.0.2.120:10087: OutPkts 0 ($(director_stats 192.0.2.120:10087 | awk '{print $1}') connections)" test "$(outpkts 192.0.2.120:10087)" -eq 0
check "TUN 203.0.113.10:443: OutPkts 0 ($(director_stats 203.0.113.10:443 | awk '{print $1}') connections)" test "$(outpkts 203.0.113.10:443)" -eq 0
check "NAT 192.0.2.80:80: OutPkts $(outpkts 192.0.2.80:80) (replies un-NATed by the director)" test "$(outpkts 192.0.2.80:80)" -gt 0
arp_all() { local v; for v in "${TOPO_VIPS[@]}"; do check_router_arp "$v"; done; }
check "ARP: the router reaches every VIP at the director's MAC (the real servers stay silent)" arp_all

# --- 5. real servers ------------------------------------------------------------
heading "Real servers' prepared state (VIP on lo for DR, on tunl0 for TUN; arp/rp_filter sysctls)"
while read -r kind name addr listen; do
    real_server_state "$(topo_ns "$name")" | indent
    check "$name prepared for ${kind^^} (${listen%:*} on $([[ $kind == dr ]] && echo lo || echo tunl0))" \
        check_real_server "$(topo_ns "$name")" "$kind" "${listen%:*}"
done < <(topo_real_servers dr; topo_real_servers tun)

# --- 6. a live change ----------------------------------------------------------
DR_VIP=192.0.2.120:10087
heading "Live change: web-dr-103's weight 1 -> 3 in the agents' copy of examples/dr-seed.yaml"
# Counters per line, "ADDRESS CONNS INPKTS OUTPKTS": the service and each real server.
dr_counters() {
    ip netns exec "$(topo_ns director)" ipvsadm -Ln --stats --exact -t "$DR_VIP" |
        awk '$1 == "TCP" {print "service", $3, $4, $5} $1 == "->" && $2 != "RemoteAddress:Port" {print $2, $3, $4, $5}'
}
before="$(dr_counters)"
s=$EPOCHREALTIME
manifest_edit "$M/dr-seed.yaml" '/^  name: web-dr-103$/,/^  weight:/ s/^  weight: 1$/  weight: 3/'
check "the director's kernel has weight 3" wait_until 15 weight_is "$DR_VIP" 198.18.0.103:10087 3
echo "    the director's agent, in seconds after the edit:"
agent_story director "$s" | indent | indent
ip netns exec "$(topo_ns director)" "${LVSCTL[@]}" list --state-dir "$TOPO_STATE/agent/director.state" |
    awk -v vip="$DR_VIP" '/^(TCP|UDP|SCTP|FWM) / {show = (index($0, "TCP  " vip " ") == 1)} NR <= 3 || show' | indent
one_edit() { [[ $(agent_story director "$s" | sed -n 's/.*Applied: //p') == "edit destination 198.18.0.103:10087 of "*" weight 3" ]]; }
check "changed in place: one operation, an edit of 198.18.0.103's weight" one_edit
echo "    counters before and after (address, connections, packets in, packets out):"
paste -d'|' <(echo "$before") <(dr_counters) | awk -F'|' '{printf "%-45s -> %s\n", $1, $2}' | indent | indent
check "no counter reset: the service and every real server count what they counted" same_text "$before" "$(dr_counters)"
check "the admin's $FOREIGN still there, untouched" ip netns exec "$(topo_ns director)" ipvsadm -Ln -t "$FOREIGN"

cp "$TOPO_STATE"/agent/*.log "$OUT/"
teardown
heading "Summary"
echo "    $passed passed, $failed failed, $(elapsed "$t0") in the VM; the agents' logs in $OUT"
((failed == 0))
