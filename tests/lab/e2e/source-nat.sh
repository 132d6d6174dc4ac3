# shellcheck shell=bash
# Source NAT on the director, sourced by scenarios.sh once the topology and the director's agent run
# (README.md, scenario 8). A real server "pod" on br-lan (198.18.0.150) with the router as its default route,
# so its replies bypass the director unless the director masquerades. Uses scenarios.sh's check, note, edit, httpd_start,
# heading, $M, $OUT and $DIRECTOR.

SNAT_VIP=192.0.2.90:80
ROUTER="$(topo_ns router)"
POD="$(topo_ns pod)"

pod_up() { # a namespace on the router's LAN bridge, default route via the router (as a pod's via its node)
    ip netns add "$POD"
    ip link add eth0 netns "$POD" type veth peer name pod netns "$ROUTER"
    ip -n "$ROUTER" link set pod master br-lan up
    ip -n "$ROUTER" route add "${SNAT_VIP%:*}/32" dev br-lan # the VIP on-link, as the others
    ip -n "$POD" -batch - <<<"link set lo up
addr add 198.18.0.150/24 dev eth0
link set eth0 up
route add default via 198.18.0.1"
    httpd_start pod 198.18.0.150:8080
}
snat_table() { ip netns exec "$DIRECTOR" nft -j list table inet lvsoperator; }
# The witness: the comments of the rules nft lists in the agent's table, one a line.
snat_rules() { snat_table 2>/dev/null | python3 -c 'import json, sys
for item in json.load(sys.stdin)["nftables"]:
    if "rule" in item: print(item["rule"].get("comment", "(none)"))'; }
snat_rules_are() { [[ "$(snat_rules | paste -sd,)" == "$1" ]]; }
conntrack_is() { [[ "$(ip netns exec "$DIRECTOR" sysctl -n net.ipv4.vs.conntrack)" == "$1" ]]; }
no_table() { ! ip netns exec "$DIRECTOR" nft list table inet lvsoperator >/dev/null 2>&1; }
# The sources of the SYNs the pod received while N requests went through the VIP, one a line, sorted unique.
# The requests start once tcpdump says it is listening (a SYN before that is never seen: a fixed 1 s wait
# was not enough on a loaded host, issue 15), and tcpdump ends with the Nth SYN, which the pod has by the
# time the last request is answered; its timeout only ends a run that is broken anyway.
pod_sees() {
    local n="$1" capture="$OUT/snat-pod-syns.txt" log="$OUT/snat-tcpdump.log"
    ip netns exec "$POD" timeout 300 tcpdump -lni eth0 -c "$n" 'tcp dst port 8080 and tcp[tcpflags] & tcp-syn != 0' \
        >"$capture" 2>"$log" &
    local tcpdump=$!
    wait_until 120 grep -q '^listening on eth0' "$log" || true
    client_requests "$SNAT_VIP" "$n" >/dev/null || true
    wait "$tcpdump" || true
    awk '{print $3}' "$capture" | sed 's/\.[0-9]*$//' | sort -u
}
requests_fail() { ! TOPO_TIMEOUT=1 client_requests "$SNAT_VIP" 4 >/dev/null; }

heading "Source NAT: a NAT real server that does not route back through the director (sourceNat Always)"
# Scenario 4's foreign arp_ignore=1 on the director is done with: put back the default, or the director does
# not answer the router's ARP for a VIP on lvs0 (the new one here; the others once their entries expire).
ip netns exec "$DIRECTOR" sysctl -qw net.ipv4.conf.all.arp_ignore=0
check "pod 198.18.0.150:8080 on br-lan, default route via the router" pod_up
ip netns exec "$DIRECTOR" nft -f - <<'NFT'
table inet foreign {
    chain post {
        type nat hook postrouting priority srcnat + 10; policy accept;
        ip daddr 198.51.100.200 masquerade comment "an admin's own rule"
    }
}
NFT
ip netns exec "$DIRECTOR" nft list table inet foreign >"$OUT/snat-foreign-before.txt"
conntrack_before="$(ip netns exec "$DIRECTOR" sysctl -n net.ipv4.vs.conntrack)"
cp tests/lab/e2e/source-nat.yaml "$TOPO_STATE/edit.tmp" && mv "$TOPO_STATE/edit.tmp" "$M/source-nat.yaml" # a rename, as manifest_edit
check "one masquerade rule, named by its service (nft -j list table inet lvsoperator)" wait_until 15 snat_rules_are "TCP 192.0.2.90:80"
snat_table >"$OUT/snat-table.json"
check "the rule matches the VIP, port and protocol, and a destination no longer the VIP" \
    bash -c "ip netns exec $DIRECTOR nft list table inet lvsoperator | grep -q 'meta l4proto tcp ct original ip daddr 192.0.2.90 ct original proto-dst 80 ip daddr != 192.0.2.90 masquerade'"
check "net.ipv4.vs.conntrack=1 (was $conntrack_before)" conntrack_is 1
check "$SNAT_VIP: 40 requests, none failed" client_requests "$SNAT_VIP" 40
check "the pod sees the director (198.18.0.2) as the source, never a client" bash -c "[[ \"\$1\" == 198.18.0.2 ]]" _ "$(pod_sees 8)"
check "classic NAT beside it still works (192.0.2.80:80, no source NAT)" client_requests 192.0.2.80:80 20

heading "Source NAT: director agent killed (-9) and restarted"
snat_table >"$OUT/snat-before-kill.json"
check "kill -9" agent_stop director KILL
agent_start "$DIRECTOR" director "$M" --node-labels "$TOPO_DIRECTOR_LABELS"
check "restarted and ready (same ledger)" agent_wait_ready director 60
sleep 2
snat_table >"$OUT/snat-after-restart.json"
check "adopted: the table, chain and rule handles as before" same "$OUT/snat-before-kill.json" "$OUT/snat-after-restart.json"
check "the restarted agent applied 0 operations" test "$(agent_applied director)" -eq 0

heading "Source NAT: drift repaired, foreign table untouched"
ip netns exec "$DIRECTOR" nft delete table inet lvsoperator
check "table deleted by hand: back within 15 s" wait_until 15 snat_rules_are "TCP 192.0.2.90:80"
handle="$(snat_table | python3 -c 'import json, sys; print([i["rule"]["handle"] for i in json.load(sys.stdin)["nftables"] if "rule" in i][0])')"
ip netns exec "$DIRECTOR" nft delete rule inet lvsoperator postrouting handle "$handle"
check "rule deleted by hand: back within 15 s" wait_until 15 snat_rules_are "TCP 192.0.2.90:80"
ip netns exec "$DIRECTOR" nft add rule inet lvsoperator postrouting counter comment '"TCP 192.0.2.90:80"'
check "a duplicate rule added by hand: removed, one left" wait_until 15 snat_rules_are "TCP 192.0.2.90:80"
check "traffic after the repairs" client_requests "$SNAT_VIP" 20
ip netns exec "$DIRECTOR" nft list table inet foreign >"$OUT/snat-foreign-after.txt"
check "the foreign table byte for byte unchanged" same "$OUT/snat-foreign-before.txt" "$OUT/snat-foreign-after.txt"

heading "Source NAT: Never, then Always again"
edit source-nat.yaml 's/sourceNat: Always/sourceNat: Never/'
check "the agent's table deleted (nothing needs it)" wait_until 15 no_table
check "net.ipv4.vs.conntrack restored to $conntrack_before" wait_until 15 conntrack_is "$conntrack_before"
check "without source NAT the pod's replies bypass the director: requests fail" requests_fail
check "the foreign table still there, unchanged" bash -c "ip netns exec $DIRECTOR nft list table inet foreign | diff -u $OUT/snat-foreign-before.txt -"
edit source-nat.yaml 's/sourceNat: Never/sourceNat: Always/'
check "the rule back" wait_until 15 snat_rules_are "TCP 192.0.2.90:80"
check "traffic again: 40 requests, none failed" client_requests "$SNAT_VIP" 40
check "the director's agent reports no failed operation" bash -c "! grep -q 'Failed:' $TOPO_STATE/agent/director.log"
