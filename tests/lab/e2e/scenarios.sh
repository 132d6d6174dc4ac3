#!/usr/bin/env bash
# lvs-agent end to end, inside the lab VM (tests/lab/e2e/run.sh boots it): the
# traffic topology of tests/lab/topology.sh with lvs-agent on the director
# and on every DR/TUN real server, real clients looping through the VIPs, and
# the scenarios of tests/lab/e2e/README.md. Prints `N passed, N failed`;
# non-zero if a check failed.
set -euo pipefail

if [[ ${LAB:-} != 1 ]]; then
    echo "scenarios.sh runs inside the lab VM: tests/lab/e2e/run.sh" >&2
    exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
# A drain grace of seconds, not IPVS's 900 s, so removals finish in the test;
# a resync of 1 s so drift repair shows quickly.
export TOPO_AGENT_ARGS="${TOPO_AGENT_ARGS:---resync 00:00:01 --drain-grace 00:00:05}"
# shellcheck source-path=SCRIPTDIR source=../topology.sh
source tests/lab/topology.sh

OUT="$LAB_OUT/e2e"
rm -rf "$OUT"
mkdir -p "$OUT"
M="$TOPO_STATE/manifests" # the agents' folder; scenarios edit it
DIRECTOR="$(topo_ns director)"
t0=$EPOCHREALTIME
passed=0
failed=0

note() { printf '    %s\n' "$*"; }
elapsed() { printf '%d s' $(((${EPOCHREALTIME/./} - ${1/./}) / 1000000)); }

edit() { manifest_edit "$M/$1" "$2"; } # FILE SED-SCRIPT
drop_document() { # FILE NAME: removes the YAML document whose metadata.name is NAME
    awk -v name="$2" 'BEGIN {RS = "\n---\n"; ORS = ""} $0 !~ ("\n  name: " name "\n") {printf "%s%s", (n++ ? "\n---\n" : ""), $0}' \
        "$M/$1" >"$TOPO_STATE/edit.tmp"
    mv "$TOPO_STATE/edit.tmp" "$M/$1"
}

director_state() { # what the director's agent owns, as the kernel shows it
    ip netns exec "$DIRECTOR" ipvsadm -Sn
    # lvs0's addresses as a set: a VIP put back comes after a foreign one.
    ip -n "$DIRECTOR" -br addr show dev lvs0 | awk '{for (i = 3; i <= NF; i++) print "lvs0", $i}' | sort
    ip netns exec "$DIRECTOR" sysctl net.ipv4.ip_forward
}
rs_state() { # NAME: a real server's prepared state
    ip -n "$(topo_ns "$1")" -4 -br addr show dev lo
    ip -n "$(topo_ns "$1")" -4 -br addr show dev tunl0
    ip netns exec "$(topo_ns "$1")" sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce \
        net.ipv4.conf.all.rp_filter
}
same() { # FILE-A FILE-B: equal, or the diff and failure
    diff -u "$1" "$2" >&2
}
nat12_weight() { edit nat.yaml "s/^        weight: [0-9]*\$/        weight: $1/"; } # the only explicit weight in nat.yaml
agent_applied() { # NODE: "Applied:" lines in the agent's log since its last start
    awk '/^=== .* agent_start/ {n = 0} /Applied:/ {n++} END {print n + 0}' "$TOPO_STATE/agent/$1.log"
}

# --- setup ------------------------------------------------------------------------
heading "Setup: topology, lvs-agent on the director and on every DR/TUN real server"
s=$EPOCHREALTIME
topology_up
mkdir -p "$M"
# The examples the topology carries traffic for, under short names the
# scenarios edit by.
cp examples/dr-seed.yaml "$M/dr.yaml"
cp examples/nat-port-mapping.yaml "$M/nat.yaml"
cp examples/tun.yaml "$M/tun.yaml"
note "agent: $TOPO_AGENT_CMD $TOPO_AGENT_ARGS"
check "director agent ready (labels $TOPO_DIRECTOR_LABELS)" program_director "$DIRECTOR" "$M"
check "real-server agents ready: node-102..104, edge-10, edge-11" prepare_real_servers "$M"
note "up in $(elapsed "$s")"

heading "Traffic through what the agents programmed"
check "DR 192.0.2.120:10087: 40 requests, none failed" client_requests 192.0.2.120:10087 40
check "NAT 192.0.2.80:80: 40 requests, none failed" client_requests 192.0.2.80:80 40
check "TUN 203.0.113.10:443 (ipip + gue): 40 requests, none failed" client_requests 203.0.113.10:443 40

# --- weight change ----------------------------------------------------------------
heading "Weight change under a looping client (NAT: 198.18.1.12 weight 0 -> 2)"
client_loop_start 192.0.2.80:80 "$OUT/loop-weight.txt"
sleep 3
nat12_weight 2
check "the director's agent set the weight" wait_until 15 weight_is 192.0.2.80:80 198.18.1.12:8080 2
sleep 3
check "zero failed requests across the change" client_loop_stop "$OUT/loop-weight.txt"
check "nat-12 answered after the change" grep -q '|nat-12|200|' "$OUT/loop-weight.txt"

# --- real-server removal ----------------------------------------------------------
heading "Real-server removal under a looping client"
client_loop_start 192.0.2.80:80 "$OUT/loop-remove-nat.txt"
sleep 3
edit nat.yaml '/- address: 198.18.1.10$/,+1d'
check "NAT 198.18.1.10 drained: weight 0 at once" wait_until 15 weight_is 192.0.2.80:80 198.18.1.10:8080 0
sleep 2
check "zero failed requests while 198.18.1.10 drains" client_loop_stop "$OUT/loop-remove-nat.txt"
check "then deleted (connections ended or the 5 s grace passed)" wait_until 60 weight_is 192.0.2.80:80 198.18.1.10:8080 absent

# DR: the RealServer goes; the director drains it and node-104's agent takes
# the VIP off lo. Persistence keeps pinned clients on node-104 while it drains.
client_loop_start 192.0.2.120:10087 "$OUT/loop-remove-dr.txt"
sleep 3
drop_document dr.yaml web-dr-104
check "DR 198.18.0.104 drained: weight 0" wait_until 15 weight_is 192.0.2.120:10087 198.18.0.104:10087 0
check "then deleted" wait_until 90 weight_is 192.0.2.120:10087 198.18.0.104:10087 absent
sleep 2
check "zero failed requests while node-104 left the service" client_loop_stop "$OUT/loop-remove-dr.txt"
check "node-104's agent took the VIP off lo" wait_until 15 bash -c "! ip -n $(topo_ns node-104) addr show dev lo | grep -q 192.0.2.120"
note "node-104's agent: $(grep -c 'Applied:' "$TOPO_STATE/agent/node-104.log") operations applied in all; last: $(grep 'Applied:' "$TOPO_STATE/agent/node-104.log" | tail -n1 | sed 's/.*Applied: //')"

# --- kill -9 and restart ----------------------------------------------------------
heading "Director agent killed (-9) and restarted under traffic"
client_loop_start 192.0.2.120:10087 "$OUT/loop-kill-dr.txt"
client_loop_start 192.0.2.80:80 "$OUT/loop-kill-nat.txt"
sleep 2
director_state >"$OUT/director-before-kill.txt"
check "kill -9" agent_stop director KILL
sleep 3
director_state >"$OUT/director-while-dead.txt"
check "the kernel kept everything while the agent was dead" same "$OUT/director-before-kill.txt" "$OUT/director-while-dead.txt"
agent_start "$DIRECTOR" director "$M" --node-labels "$TOPO_DIRECTOR_LABELS"
check "restarted and ready (same ledger)" agent_wait_ready director 60
sleep 2
director_state >"$OUT/director-after-restart.txt"
check "adopted its own entries: nothing re-created or changed" same "$OUT/director-before-kill.txt" "$OUT/director-after-restart.txt"
check "the restarted agent applied 0 operations" test "$(agent_applied director)" -eq 0
check "zero failed DR requests across kill and restart" client_loop_stop "$OUT/loop-kill-dr.txt"
check "zero failed NAT requests across kill and restart" client_loop_stop "$OUT/loop-kill-nat.txt"

# --- foreign entries --------------------------------------------------------------
heading "Foreign service, address and sysctl untouched over 100 cycles"
ip netns exec "$DIRECTOR" ipvsadm -A -t 203.0.113.99:80 -s rr
ip netns exec "$DIRECTOR" ipvsadm -a -t 203.0.113.99:80 -r 198.18.1.11:8080 -m -w 3
ip netns exec "$DIRECTOR" ipvsadm -A -t 192.0.2.80:8443 -s sh # an owned VIP, another port
ip -n "$DIRECTOR" addr add 192.0.2.99/32 dev lvs0              # on the agent's own link
ip -n "$DIRECTOR" addr add 192.0.2.98/32 dev lo
ip netns exec "$DIRECTOR" sysctl -qw net.ipv4.conf.all.arp_ignore=1
foreign() {
    ip netns exec "$DIRECTOR" ipvsadm -Sn | grep -e 203.0.113.99 -e 192.0.2.80:8443
    ip -n "$DIRECTOR" -4 addr show | grep -e 192.0.2.99 -e 192.0.2.98
    ip netns exec "$DIRECTOR" sysctl net.ipv4.conf.all.arp_ignore
}
foreign >"$OUT/foreign-before.txt"
# Faster cycles for this one, and a weight toggling so that the cycles apply
# changes next to the foreign entries rather than finding nothing to do.
agent_stop director
agent_start "$DIRECTOR" director "$M" --node-labels "$TOPO_DIRECTOR_LABELS" --resync 00:00:00.2
agent_wait_ready director 60
c0="$(agent_cycles director)"
toggles=0
s=$EPOCHREALTIME
while (($(agent_cycles director) < c0 + 100)) && ((toggles < 300)); do
    nat12_weight $((2 + toggles % 2))
    toggles=$((toggles + 1))
    sleep 0.5
done
note "$(($(agent_cycles director) - c0)) cycles in $(elapsed "$s"), $toggles weight edits"
check "at least 100 cycles" test "$(($(agent_cycles director) - c0))" -ge 100
foreign >"$OUT/foreign-after.txt"
check "foreign service, address on lvs0 and on lo, sysctl: unchanged" same "$OUT/foreign-before.txt" "$OUT/foreign-after.txt"
check "the director's agent reports no failed operation" bash -c "! grep -q 'Failed:' $TOPO_STATE/agent/director.log"
nat12_weight 2
agent_stop director
agent_start "$DIRECTOR" director "$M" --node-labels "$TOPO_DIRECTOR_LABELS"
agent_wait_ready director 60

# --- drift ------------------------------------------------------------------------
heading "Drift repaired (director and a real server)"
wait_until 15 weight_is 192.0.2.80:80 198.18.1.12:8080 2 || true
sleep 2
director_state >"$OUT/drift-before.txt"
rs_state node-103 >"$OUT/drift-rs-before.txt"
ip netns exec "$DIRECTOR" ipvsadm -D -t 192.0.2.80:80
ip netns exec "$DIRECTOR" ipvsadm -e -t 192.0.2.120:10087 -r 198.18.0.103:10087 -g -w 7
ip -n "$DIRECTOR" addr del 203.0.113.10/32 dev lvs0
ip -n "$(topo_ns node-103)" addr del 192.0.2.120/32 dev lo
ip netns exec "$(topo_ns node-103)" sysctl -qw net.ipv4.conf.all.arp_ignore=0
director_matches() { director_state >"$OUT/drift-now.txt"; cmp -s "$OUT/drift-before.txt" "$OUT/drift-now.txt"; }
rs_matches() { rs_state node-103 >"$OUT/drift-rs-now.txt"; cmp -s "$OUT/drift-rs-before.txt" "$OUT/drift-rs-now.txt"; }
check "director: deleted service, changed weight, removed VIP all back" wait_until 15 director_matches
check "node-103: VIP back on lo, arp_ignore back to 1" wait_until 15 rs_matches
check "traffic fine after repair" client_requests 192.0.2.80:80 40

# --- broken manifests -------------------------------------------------------------
heading "Broken manifest source: the kernel stays as it was"
director_state >"$OUT/broken-before.txt"
rs_state node-102 >"$OUT/broken-rs-before.txt"
client_loop_start 192.0.2.120:10087 "$OUT/loop-broken.txt"
unchanged() {
    sleep 3 # three resyncs
    director_state >"$OUT/broken-now.txt"
    rs_state node-102 >"$OUT/broken-rs-now.txt"
    same "$OUT/broken-before.txt" "$OUT/broken-now.txt" && same "$OUT/broken-rs-before.txt" "$OUT/broken-rs-now.txt"
}
printf 'apiVersion: lvsoperator.io/v1alpha1\nkind: VirtualService\nmetadata: {name: x, namespace: lvs-demo}\nspec: {addresses: [192.0.2.7], port: 80, scheduler: {name: nope}, realServers: {static: [{address: 198.18.1.10}]}}\n' >"$TOPO_STATE/bad.yaml"
mv "$TOPO_STATE/bad.yaml" "$M/bad.yaml"
check "a manifest the schema rejects (unknown scheduler): unchanged" unchanged
printf 'kind: VirtualService\nspec: [unclosed\n' >"$TOPO_STATE/bad.yaml"
mv "$TOPO_STATE/bad.yaml" "$M/bad.yaml"
check "a file that is not YAML: unchanged" unchanged
# While the folder is broken, a valid edit elsewhere waits too (fail static
# for the whole folder).
nat12_weight 4
check "a valid edit next to a broken file is not applied" unchanged
mv "$M" "$M.away"
check "the folder gone: unchanged" unchanged
mv "$M.away" "$M"
rm "$M/bad.yaml"
check "folder back and fixed: the pending edit applies" wait_until 15 weight_is 192.0.2.80:80 198.18.1.12:8080 4
nat12_weight 1
check "and later edits still apply (the watcher survived the folder's rename)" wait_until 15 weight_is 192.0.2.80:80 198.18.1.12:8080 1
check "zero failed requests throughout" client_loop_stop "$OUT/loop-broken.txt"

cp -r "$TOPO_STATE/agent" "$OUT/agent-logs"
teardown
heading "Summary"
echo "    $passed passed, $failed failed, $(elapsed "$t0") in the VM; logs and loop records in $OUT"
((failed == 0))
