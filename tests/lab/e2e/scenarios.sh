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
# A request's give-up time, not its expected time (issue 15). A refused or reset connection fails at once
# whatever this is, and a path that drops packets still fails, here; what a longer cap forgives is only a slow
# answer. On a quiet VM a request takes ~10 ms; at host load 35-58 live paths took up to 3.1 s, past the old
# 3 s, while an ordinary process in the VM was held up to several seconds at a time (the run's longest lag is
# noted at the end, lag.sh). 10 s is three times the slowest answer seen; a path black-holed for good still
# times out, only later.
export TOPO_TIMEOUT="${TOPO_TIMEOUT:-10}"
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
gue_port_open() { # NAME PORT: the real server has an IPv4 GUE receive port on PORT
    ip -n "$(topo_ns "$1")" fou show | grep -qx "port $2 gue"
}
same() { # FILE-A FILE-B: equal, or the diff and failure
    diff -u "$1" "$2" >&2
}
nat12_weight() { edit nat.yaml "s/^        weight: [0-9]*\$/        weight: $1/"; } # the only explicit weight in nat.yaml
# agent_applied NODE: "Applied:" lines in the agent's log since its last start, but a destination's edit that a
# health verdict on that destination logged before explains: the restart's own doing. On a loaded host the
# 500 ms checks of health-*.yaml time out now and then (issue 15: 46 false "down" verdicts in one run after the
# source NAT restart), and the weight edits that follow are the checker's, not a re-applied state.
agent_applied() {
    awk '/^=== .* agent_start/ {n = 0; split("", seen); next}
        /Real server .* -> .* is (down|up)/ {match($0, /-> [^ ]+ is/); seen[substr($0, RSTART + 3, RLENGTH - 6)] = 1; next}
        /Applied: (add|edit|drain|delete) destination / {for (d in seen) if (index($0, " destination " d " of ")) next}
        /Applied:/ {n++}
        END {print n + 0}' "$TOPO_STATE/agent/$1.log"
}
# drained NODE SINCE VIP:PORT RS:PORT: the kernel shows RS at weight 0, or the agent's log says it drained RS
# since SINCE. Weight 0 lasts only until the connections end or the 5 s grace passes; a sampler the VM holds
# up for seconds (issue 15: lag.sh saw up to 5 s) can miss it and find the destination already deleted.
drained() {
    weight_is "$3" "$4" 0 || [[ -n "$(agent_log_time "$1" "$2" "Applied: drain destination $4 ")" ]]
}
secs() { [[ -n $1 && -n $2 ]] || return 0; awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; } # FROM TO; empty if either is

# shellcheck source=lag.sh
source tests/lab/e2e/lag.sh
LAG="$OUT/vm-lag.txt"
lag_monitor_start "$LAG"

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
check "edge-11's agent opened its GUE port: ip fou show says port 6080 gue" gue_port_open edge-11 6080
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
t_edit=$EPOCHREALTIME
edit nat.yaml '/- address: 198.18.1.10$/,+1d'
check "NAT 198.18.1.10 drained: weight 0 at once" wait_until 15 drained director "$t_edit" 192.0.2.80:80 198.18.1.10:8080
sleep 2
check "zero failed requests while 198.18.1.10 drains" client_loop_stop "$OUT/loop-remove-nat.txt"
check "then deleted (connections ended or the 5 s grace passed)" wait_until 60 weight_is 192.0.2.80:80 198.18.1.10:8080 absent

# DR: the RealServer goes; the director drains it and node-104's agent takes
# the VIP off lo once the drain grace has passed (until then it must accept the
# drained connections). Persistence keeps pinned clients on node-104 while it drains.
client_loop_start 192.0.2.120:10087 "$OUT/loop-remove-dr.txt"
sleep 3
t_edit=$EPOCHREALTIME
drop_document dr.yaml web-dr-104
check "DR 198.18.0.104 drained: weight 0" wait_until 15 drained director "$t_edit" 192.0.2.120:10087 198.18.0.104:10087
check "then deleted" wait_until 90 weight_is 192.0.2.120:10087 198.18.0.104:10087 absent
sleep 2
check "zero failed requests while node-104 left the service" client_loop_stop "$OUT/loop-remove-dr.txt"
check "node-104's agent took the VIP off lo" wait_until 15 bash -c "! ip -n $(topo_ns node-104) addr show dev lo | grep -q 192.0.2.120"
# Each agent starts its grace when it sees the edit: the director drains for up to 5 s, node-104 keeps the
# VIP for 5 s. Looking at lo the moment the weight 0 showed raced the two agents and the sampler itself on a
# loaded host (issue 15: ipvsadm under TCG took seconds). What must hold, from the timestamped logs: node-104
# dropped the VIP no sooner than the grace after the edit, and after the director began draining.
t_drain="$(agent_log_time director "$t_edit" 'Applied: drain destination 198.18.0.104:10087')"
t_vip_off="$(agent_log_time node-104 "$t_edit" 'Applied: address del 192.0.2.120')"
note "after the edit: the director drained at +$(secs "$t_edit" "$t_drain") s, node-104 dropped the VIP at +$(secs "$t_edit" "$t_vip_off") s"
vip_held() { at_least "$t_edit" "$t_vip_off" 5 && at_least "$t_drain" "$t_vip_off" 0; }
check "node-104 keeps the VIP on lo while the director drains it (the 5 s grace, and past the drain's start)" vip_held
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
# What woke them, by the agent's own metric: the 0.2 s resync and the weight edits both.
wakes() { agent_status director /metrics | awk -F'[{}"= ]+' -v c="$1" '$1 == "lvsoperator_reconcile_wakes_total" && $3 == c {n = $NF} END {print n + 0}'; }
note "wakes: timer $(wakes timer), desired_state $(wakes desired_state)"
check "lvsoperator_reconcile_wakes_total counts timer and desired_state wakes" test "$(wakes timer)" -ge 1 -a "$(wakes desired_state)" -ge 1
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

# --- health checks ----------------------------------------------------------------
# tests/lab/e2e/health-*.yaml: checks every 1 s, timeout 0.5 s, fall 2, rise 2,
# so a death shows within fall x interval + timeout = 2.5 s and a return
# within rise x interval = 2 s. Times come from the director's timestamped log.
HEALTH_DOWN_BOUND=2.5
HEALTH_UP_BOUND=2
HEALTH_SLACK=1.5 # the agent's own work under TCG: a reconcile cycle and its netlink edit
# The bounds hold in the VM's time: the lag an ordinary process saw over the same window is added (lag.sh).
httpd_stop() { # NAME
    local ns pid
    ns="$(topo_ns "$1")"
    pid="$(<"$TOPO_STATE/pids/httpd-$ns")"
    kill "$pid"
    # Gone, or a zombie of this shell: either way its socket is closed.
    while [[ -e /proc/$pid && $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; do sleep 0.05; done
}
httpd_start() { # NAME LISTEN
    local ns
    ns="$(topo_ns "$1")"
    _topo_httpd "$ns" "$1" "$2"
    wait_until 10 bash -c "ip netns exec $ns ss -Hltn 'sport = :${2##*:}' | grep -q LISTEN"
}
log_time() { # SINCE PATTERN: the director log's first line after SINCE matching PATTERN, as its timestamp
    awk -v since="$1" -v re="$2" '$1 !~ /^===/ && $1 >= since && $0 ~ re {print $1; exit}' "$TOPO_STATE/agent/director.log"
}
within() { awk -v t="$1" -v bound="$2" -v slack="$HEALTH_SLACK" -v lag="$3" 'BEGIN {exit !(t != "" && t <= bound + slack + lag)}'; } # T BOUND LAG
failures() { awk -F'|' '!($3 == 200 && $4 == 0 && $2 != "") {n++} END {print n + 0}' "$1"; } # LOOP-FILE
# health_transition NAME SINCE STATE VIP:PORT RS:PORT: when the director's
# log says RS went STATE (down|up) and when the kernel edit for it was
# applied; prints both, sets T_STATE and T_KERNEL (empty if not found), so it
# runs in this shell, not under check.
health_transition() {
    local what="$1" since="$2" state="$3" service="$4" rs="$5"
    T_STATE="$(log_time "$since" "Real server TCP $service -> $rs is $state")"
    T_KERNEL="$(log_time "${T_STATE:-$since}" "Applied: .*destination $rs (of|to) TCP $service")"
    note "$what: $state $(secs "$since" "${T_STATE:-$since}") s after the change, in the kernel $(secs "${T_STATE:-$since}" "${T_KERNEL:-$since}") s later"
}
health_manifest() { # SOURCE TARGET: put a manifest in the agents' folder with a rename
    cp "$1" "$TOPO_STATE/edit.tmp" && mv "$TOPO_STATE/edit.tmp" "$M/$2"
}
# shellcheck disable=SC2016 # awk programs
failed_after() { awk -F'|' -v t="$1" '$1 > t && !($3 == 200 && $4 == 0 && $2 != "") {bad++} END {exit bad > 0}' "$2"; } # T LOOP-FILE: 0 iff none failed
# shellcheck disable=SC2016
answered_after() { awk -F'|' -v t="$1" -v rs="$3" '$1 > t && $2 == rs {n++} END {exit n == 0}' "$2"; } # T LOOP-FILE NAME: 0 iff NAME answered
targets_up() { agent_status director /metrics | grep -qx "lvsoperator_health_targets{state=\"up\"} $1"; }

heading "Health checks: setup (DR real servers serve their own address too; a sorry server on the NAT segment)"
# busybox httpd on every address of the DR real servers: the director checks
# 198.18.0.10x:10087, clients still come in on the VIP.
for name in node-102 node-103 node-104; do httpd_stop "$name"; httpd_start "$name" 10087; done
sorry_up() { # a namespace on the director's NAT bridge, as nat-10..12 (teardown removes it with the others)
    local ns
    ns="$(topo_ns sorry)"
    ip netns add "$ns"
    ip link add eth0 netns "$ns" type veth peer name sorry netns "$DIRECTOR"
    ip -n "$DIRECTOR" link set sorry master br-nat up
    ip -n "$ns" -batch - <<<"link set lo up
addr add 198.18.1.20/24 dev eth0
link set eth0 up
route add default via 198.18.1.1"
    httpd_start sorry 198.18.1.20:8080
}
check "sorry server listening on 198.18.1.20:8080" sorry_up
health_manifest tests/lab/e2e/health-dr.yaml dr.yaml
health_manifest tests/lab/e2e/health-nat.yaml nat.yaml
check "DR and NAT services checked, all 6 real servers up" wait_until 30 targets_up 6
check "node-104 back in the DR service (its RealServer restored)" wait_until 15 weight_is 192.0.2.120:10087 198.18.0.104:10087 1
check "nat-10 back in the NAT service" wait_until 15 weight_is 192.0.2.80:80 198.18.1.10:8080 1
check "traffic through both before the failures" client_requests 192.0.2.120:10087 40

heading "Health checks, DR (HTTP, inhibit): node-103's web server stopped and started under a looping client"
client_loop_start 192.0.2.120:10087 "$OUT/loop-health-dr-down.txt"
sleep 3
t_kill=$EPOCHREALTIME
httpd_stop node-103
check "node-103 at weight 0 (ipvsadm -Ln)" wait_until 15 weight_is 192.0.2.120:10087 198.18.0.103:10087 0
health_transition "node-103" "$t_kill" down 192.0.2.120:10087 198.18.0.103:10087
check "the transition logged and applied" test -n "$T_KERNEL"
dr_down="$(secs "$t_kill" "$T_STATE")" dr_down_kernel="$(secs "$t_kill" "$T_KERNEL")" lag="$(lag_between "$t_kill" "$T_KERNEL" "$LAG")"
check "down within fall x interval + timeout ($HEALTH_DOWN_BOUND s, +$HEALTH_SLACK s slack, +$lag s VM lag): $dr_down_kernel s" \
    within "$dr_down_kernel" "$HEALTH_DOWN_BOUND" "$lag"
sleep 1
client_loop_stop "$OUT/loop-health-dr-down.txt" >"$OUT/loop-health-dr-down.summary" || true
dr_failed="$(failures "$OUT/loop-health-dr-down.txt")"
note "$dr_failed of $(wc -l <"$OUT/loop-health-dr-down.txt") requests failed (refused by the stopped server) before the kernel edit"
check "no failed request started after the kernel edit" failed_after "$T_KERNEL" "$OUT/loop-health-dr-down.txt"
client_loop_start 192.0.2.120:10087 "$OUT/loop-health-dr-out.txt"
sleep 4
check "while it is out: zero failed requests" client_loop_stop "$OUT/loop-health-dr-out.txt"
check "and node-103 answered none" bash -c "! grep -q '|node-103|' $OUT/loop-health-dr-out.txt"
# A restart keeps the verdicts (issue 15): before, the restarted agent started node-103 in its initialState
# (Up), put it back at weight 1 in its first cycle, and new clients were refused until the checks took it out
# again. After the first cycle (ready), the wait covers fall x interval + timeout, the time such a mistake
# would have stood before the checks undid it.
client_loop_start 192.0.2.120:10087 "$OUT/loop-health-dr-restart.txt"
check "kill -9 the director's agent while node-103 is out" agent_stop director KILL
agent_start "$DIRECTOR" director "$M" --node-labels "$TOPO_DIRECTOR_LABELS"
check "restarted and ready (same ledger, same verdicts)" agent_wait_ready director 60
sleep "$HEALTH_DOWN_BOUND"
check "node-103 still at weight 0 after the restart" weight_is 192.0.2.120:10087 198.18.0.103:10087 0
check "the restarted agent applied 0 operations (node-103 restored down)" test "$(agent_applied director)" -eq 0
check "zero failed requests across the kill and the restart" client_loop_stop "$OUT/loop-health-dr-restart.txt"
client_loop_start 192.0.2.120:10087 "$OUT/loop-health-dr-up.txt"
sleep 2
t_start=$EPOCHREALTIME
httpd_start node-103 10087
check "node-103 back at weight 1" wait_until 15 weight_is 192.0.2.120:10087 198.18.0.103:10087 1
health_transition "node-103" "$t_start" up 192.0.2.120:10087 198.18.0.103:10087
check "the transition logged and applied" test -n "$T_KERNEL"
dr_up_kernel="$(secs "$t_start" "$T_KERNEL")" lag="$(lag_between "$t_start" "$T_KERNEL" "$LAG")"
check "up within rise x interval ($HEALTH_UP_BOUND s, +$HEALTH_SLACK s slack, +$lag s VM lag): $dr_up_kernel s" \
    within "$dr_up_kernel" "$HEALTH_UP_BOUND" "$lag"
sleep 4
check "zero failed requests across the return" client_loop_stop "$OUT/loop-health-dr-up.txt"
check "node-103 receives traffic again" answered_after "$T_KERNEL" "$OUT/loop-health-dr-up.txt" node-103

heading "Health checks, NAT (TCP, remove): nat-11's web server stopped and started under a looping client"
client_loop_start 192.0.2.80:80 "$OUT/loop-health-nat-down.txt"
sleep 3
t_kill=$EPOCHREALTIME
httpd_stop nat-11
check "nat-11 drained (weight 0)" wait_until 15 bash -c "[[ \$(ip netns exec $DIRECTOR ipvsadm -Ln -t 192.0.2.80:80 | awk '\$2 == \"198.18.1.11:8080\" {print \$4}') =~ ^0?\$ ]]"
health_transition "nat-11" "$t_kill" down 192.0.2.80:80 198.18.1.11:8080
check "the transition logged and applied" test -n "$T_KERNEL"
nat_down="$(secs "$t_kill" "$T_STATE")" nat_down_kernel="$(secs "$t_kill" "$T_KERNEL")" lag="$(lag_between "$t_kill" "$T_KERNEL" "$LAG")"
check "down within fall x interval + timeout ($HEALTH_DOWN_BOUND s, +$HEALTH_SLACK s slack, +$lag s VM lag): $nat_down_kernel s" \
    within "$nat_down_kernel" "$HEALTH_DOWN_BOUND" "$lag"
sleep 1
client_loop_stop "$OUT/loop-health-nat-down.txt" >"$OUT/loop-health-nat-down.summary" || true
nat_failed="$(failures "$OUT/loop-health-nat-down.txt")"
note "$nat_failed of $(wc -l <"$OUT/loop-health-nat-down.txt") requests failed (refused by the stopped server) before the kernel edit"
check "no failed request started after the kernel edit" failed_after "$T_KERNEL" "$OUT/loop-health-nat-down.txt"
check "then deleted from the service" wait_until 30 weight_is 192.0.2.80:80 198.18.1.11:8080 absent
client_loop_start 192.0.2.80:80 "$OUT/loop-health-nat-out.txt"
sleep 4
check "while it is out: zero failed requests" client_loop_stop "$OUT/loop-health-nat-out.txt"
check "and nat-11 answered none" bash -c "! grep -q '|nat-11|' $OUT/loop-health-nat-out.txt"
client_loop_start 192.0.2.80:80 "$OUT/loop-health-nat-up.txt"
sleep 2
t_start=$EPOCHREALTIME
httpd_start nat-11 198.18.1.11:8080
check "nat-11 back at weight 1" wait_until 15 weight_is 192.0.2.80:80 198.18.1.11:8080 1
health_transition "nat-11" "$t_start" up 192.0.2.80:80 198.18.1.11:8080
check "the transition logged and applied" test -n "$T_KERNEL"
nat_up_kernel="$(secs "$t_start" "$T_KERNEL")" lag="$(lag_between "$t_start" "$T_KERNEL" "$LAG")"
check "up within rise x interval ($HEALTH_UP_BOUND s, +$HEALTH_SLACK s slack, +$lag s VM lag): $nat_up_kernel s" \
    within "$nat_up_kernel" "$HEALTH_UP_BOUND" "$lag"
sleep 4
check "zero failed requests across the return" client_loop_stop "$OUT/loop-health-nat-up.txt"
check "nat-11 receives traffic again" answered_after "$T_KERNEL" "$OUT/loop-health-nat-up.txt" nat-11

heading "Health checks, NAT: every real server down, the sorry server answers"
t_kill=$EPOCHREALTIME
for name in nat-10 nat-11 nat-12; do httpd_stop "$name"; done
check "the sorry server 198.18.1.20:8080 in the table" wait_until 15 weight_is 192.0.2.80:80 198.18.1.20:8080 1
t_sorry="$(log_time "$t_kill" "Applied: add destination 198.18.1.20:8080")"
note "sorry server in the kernel $(secs "$t_kill" "$t_sorry") s after the last server died"
sorry_answers() { client_requests 192.0.2.80:80 20 "$OUT/health-sorry.txt" && test "$(grep -c '^sorry|' "$OUT/health-sorry.txt")" -eq 20; }
check "20 requests, all answered by the sorry server" sorry_answers
for name in nat-10 nat-11 nat-12; do httpd_start "$name" "198.18.1.${name#nat-}:8080"; done
check "the real servers back, the sorry server out" wait_until 15 weight_is 192.0.2.80:80 198.18.1.20:8080 absent
check "traffic through the real servers again" client_requests 192.0.2.80:80 40
check "the director's agent reports no failed operation" bash -c "! grep -q 'Failed:' $TOPO_STATE/agent/director.log"
agent_status director /metrics | grep '^lvsoperator_health_' | grep -v '_bucket' >"$OUT/health-metrics.txt" || true
check "health metrics exported (targets, per-target state, check durations, transitions)" \
    bash -c "grep -q '^lvsoperator_health_targets' $OUT/health-metrics.txt && grep -q '^lvsoperator_health_target_up' $OUT/health-metrics.txt && grep -q '^lvsoperator_health_check_duration_seconds_count' $OUT/health-metrics.txt && grep -q '^lvsoperator_health_transitions_total{state=\"down\"}' $OUT/health-metrics.txt"
note "measured (director log, s after the web server stopped/started): DR down $dr_down (kernel $dr_down_kernel), up in kernel $dr_up_kernel; NAT down $nat_down (kernel $nat_down_kernel), up in kernel $nat_up_kernel; requests failed before the edit: DR $dr_failed, NAT $nat_failed"

# --- source NAT -------------------------------------------------------------------
# shellcheck source=source-nat.sh
source tests/lab/e2e/source-nat.sh

lag_monitor_stop "$LAG"
note "VM lag (an ordinary process's late wake-ups over 0.1 s): $(awk '{n++; s += $2; if ($2 > m) m = $2} END {printf "%d, %.1f s in all, longest %.2f s", n, s, m}' "$LAG")"
cp -r "$TOPO_STATE/agent" "$OUT/agent-logs"
teardown
heading "Summary"
echo "    $passed passed, $failed failed, $(elapsed "$t0") in the VM; logs and loop records in $OUT"
((failed == 0))
