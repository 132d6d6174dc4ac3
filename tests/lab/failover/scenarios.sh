#!/usr/bin/env bash
# Director failover inside the lab VM (tests/lab/failover/run.sh boots it): the topology of
# tests/lab/topology.sh plus a second director on br-lan, lvs-agent on both directors (VRRP VRID 51,
# director-a priority 150, director-b 100, 100 ms advertisements) and on the DR real servers, a client opening
# a new connection every 50 ms, and the scenarios of tests/lab/failover/README.md. Prints `N passed, N failed`.
set -euo pipefail

if [[ ${LAB:-} != 1 ]]; then
    echo "scenarios.sh runs inside the lab VM: tests/lab/failover/run.sh" >&2
    exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
export TOPO_AGENT_ARGS="${TOPO_AGENT_ARGS:---resync 00:00:01 --drain-grace 00:00:05}"
# shellcheck source-path=SCRIPTDIR source=../topology.sh
source tests/lab/topology.sh

OUT="$LAB_OUT/failover"
rm -rf "$OUT"
mkdir -p "$OUT"
M="$TOPO_STATE/manifests"
REPEATS="${FAILOVER_REPEATS:-5}"
SCENARIOS=" ${FAILOVER_SCENARIOS:-2 3 5 6} " # 1 always runs; 3 brings 4 with it, 6 brings 7
STALLS="$OUT/stalls.txt"                    # the VM's own stalls (stalls.sh)
VIP=192.0.2.120
WEB="$VIP:10087"
ECHO="$VIP:10088"
PROBE=tests/lab/failover/probe.py
A="$(topo_ns director)"   # director-a, 198.18.0.2: the topology's director
B="$(topo_ns director-b)" # director-b, 198.18.0.3: added here
PEER="$B"                 # the other director of the election: director-b, then keepalived (keepalived.sh)
ROUTER="$(topo_ns router)"
CLIENT="$(topo_ns client)"
LOOP="$OUT/loop.txt"     # every request of the looping client (probe.py loop)
EVENTS="$OUT/events.txt" # NAME|KILL|CUT per disruption (probe.py takeover)
DR_SERVERS=(node-102 node-103 node-104)
passed=0
failed=0

note() { printf '    %s\n' "$*"; }
wants() { [[ $SCENARIOS == *" $1 "* ]]; }
# shellcheck source=stalls.sh
source tests/lab/failover/stalls.sh
# shellcheck source=keepalived.sh
source tests/lab/failover/keepalived.sh

# The readiness bound is a hang detector, not a measure: an agent start takes 4-26 s under TCG on a quiet host and
# several times that on a loaded one; the wait ends as soon as /readyz answers or the agent exits, and the time
# the election took is reported on its own ("director-a master N s after its start").
start_director() { # NODE NS
    agent_start "$2" "$1" "$M" --node-labels lvsoperator.io/director=true && agent_wait_ready "$1" 180
}

# The long-lived connection's server on each DR real server (it binds the VIP: ip_nonlocal_bind is on there).
echo_servers_up() {
    local name
    for name in "${DR_SERVERS[@]}"; do
        ip netns exec "$(topo_ns "$name")" python3 "$PROBE" echo "$ECHO" "$name" </dev/null >/dev/null 2>&1 &
        printf '%s\n' "$!" >>"$OUT/echo.pids"
    done
}

# On any interface: the agents put the VIP on lvs0, keepalived on d-lan.
holds_vip() { ip -n "$1" -4 -o addr show 2>/dev/null | grep -qw "$VIP/32"; }
lacks_vip() { ! holds_vip "$1"; }
only_holder() { # NS-THAT-HOLDS NS-THAT-DOES-NOT
    holds_vip "$1" && lacks_vip "$2"
}
vip_table() {
    local ns
    for ns in "$A" "$PEER"; do printf '%-16s %s\n' "$ns" "$(ip -n "$ns" -4 -o addr show 2>/dev/null | grep -w "$VIP/32" | awk '{print $2}' || true)"; done
}
has_both_services() { # NS: both services with their three real servers each
    ip netns exec "$1" ipvsadm -Ln | grep -c -- '-> 198.18.0.10' | grep -qx 6
}
knows_connection() { # NS PORT: NS's IPVS connection table has an entry for the VIP's PORT
    # Not a pipe: grep -q leaves at the first match, and with a long table ipvsadm then dies of SIGPIPE (pipefail).
    grep -q ":$2 " < <(ip netns exec "$1" ipvsadm -Lnc)
}
router_points_at() { # NS: the router's neighbour entry for the VIP is NS's d-lan MAC
    local want got
    want="$(ip -n "$1" -br link show d-lan | awk '{print $3}')"
    got="$(ip -n "$ROUTER" neigh show "$VIP" dev br-lan | awk '{print $3}')"
    [[ -n $got && $got == "$want" ]]
}

# became_master NODE SINCE: seconds from SINCE (EPOCHREALTIME) to the agent's first "-> Master" log line after it.
became_master() {
    awk -v since="$2" '$1 >= since && /-> Master/ {printf "%.3f\n", $1 - since; found = 1; exit} END {exit !found}' \
        "$TOPO_STATE/agent/$1.log"
}

loop_start() {
    : >"$LOOP"
    # shellcheck disable=SC2046 # one argument per source address
    ip netns exec "$CLIENT" python3 "$PROBE" loop "$WEB" "$LOOP" $(topo_client_addrs) </dev/null &
    printf '%s\n' "$!" >"$LOOP.pid"
}
loop_stop() {
    touch "$LOOP.stop"
    wait "$(<"$LOOP.pid")" || true
}
loop_made() { (($(wc -l <"$LOOP") >= $1)); } # N: the looping client has logged N requests
# window_ok SINCE: requests started after SINCE, none failed (and some were made).
window_ok() {
    awk -F'|' -v since="$1" '$1 >= since {n++; if ($3 != 1) bad++} END {printf "%d requests, %d failed\n", n, bad; exit !(n > 0 && bad == 0)}' "$LOOP"
}

# node_death NAME: the master's node dies: its agent killed (-9), its LAN link cut, its VIP gone. KILL is the
# kill, CUT the moment the link was down (from then on only director-b can answer).
node_death() {
    local pid kill cut
    pid="$(agent_pid director-a)"
    kill="$EPOCHREALTIME"
    kill -9 "$pid"
    ip -n "$A" link set d-lan down
    cut="$EPOCHREALTIME"
    ip -n "$A" addr del "$VIP/32" dev lvs0 2>/dev/null || true
    printf '%s|%s|%s\n' "$1" "$kill" "$cut" >>"$EVENTS"
    printf '%s\n' "$kill"
}

# restore_a: director-a's node back (link, route) and its agent started: it preempts.
restore_a() {
    local t
    ip -n "$A" link set d-lan up
    ip -n "$A" route replace default via 198.18.0.1
    t="$EPOCHREALTIME"
    printf 'preempt|%s|%s\n' "$t" "$t" >>"$EVENTS"
    start_director director-a "$A" || return 1
    wait_until 15 only_holder "$A" "$PEER" || { vip_table; split_brain_evidence; return 1; }
    printf 'director-a master %s s after its start\n' "$(became_master director-a "$t")"
}

# split_brain_evidence: both hold the VIP; which adverts reach each side (tcpdump on both d-lan links, and on the
# router's bridge port of director-a), and what director-a's VRRP thread said last.
split_brain_evidence() {
    local ns
    for ns in "$A" "$PEER"; do
        printf '%s d-lan:\n' "$ns"
        ip netns exec "$ns" timeout 3 tcpdump -n -p -c 6 -i d-lan vrrp 2>&1 | sed 's/^/  /' || true
    done
    printf 'router port director-a:\n'
    ip netns exec "$ROUTER" timeout 3 tcpdump -n -p -c 6 -i "$(ip -n "$ROUTER" -o link show master br-lan | awk -F': ' 'NR == 1 {print $2}' | cut -d@ -f1)" vrrp 2>&1 | sed 's/^/  /' || true
    ip -n "$A" -s link show d-lan | sed 's/^/  /'
    grep -h 'VRRP' "$TOPO_STATE/agent/director-a.log" | tail -n 5 | sed 's/^/  /'
    # A keepalived that holds the VIP and sends nothing is stuck, not outvoted: where its VRRP process waits.
    [[ $PEER != "$K" || ! -s $KDIR/vrrp.pid ]] || printf "keepalived's VRRP process waits in: %s\n" \
        "$(cat "/proc/$(<"$KDIR/vrrp.pid")/wchan" 2>/dev/null; tr '\n' ' ' <"/proc/$(<"$KDIR/vrrp.pid")/stack" 2>/dev/null)"
}

save_logs() {
    local f
    for f in "$TOPO_STATE"/agent/*.log "$TOPO_STATE"/keepalived/keepalived.*; do [[ -e $f ]] && cp "$f" "$OUT/"; done
    return 0
}
trap save_logs EXIT

# --- setup ------------------------------------------------------------------------------------------------
heading "Setup: topology, a second director on br-lan, agents on both directors and the DR real servers"
topology_up
director_ns_up "$B" director-b 198.18.0.3
# Keepalived's namespace joins br-lan now, before any traffic: a port added to a bridge can change the bridge's
# MAC address, and the real servers would then send to the router's old MAC until their neighbour entry expires.
director_ns_up "$K" keepalived 198.18.0.4
mkdir -p "$M"
cp tests/lab/failover/manifests/dr-failover.yaml "$M/"
: >"$EVENTS"
echo_servers_up
stall_monitor_start "$STALLS"
note "agent: $TOPO_AGENT_CMD $TOPO_AGENT_ARGS"
check "director-a agent ready (priority 150)" start_director director-a "$A"
check "director-b agent ready (priority 100)" start_director director-b "$B"
for name in "${DR_SERVERS[@]}"; do agent_start "$(topo_ns "$name")" "$name" "$M"; done
for name in "${DR_SERVERS[@]}"; do check "real server $name ready" agent_wait_ready "$name" 60; done

# --- 1 ----------------------------------------------------------------------------------------------------
heading "1. Only the master holds the VIP; both directors keep the IPVS table"
check "director-a holds $VIP on lvs0, director-b does not" wait_until 15 only_holder "$A" "$B"
vip_table | sed 's/^/    /'
if ! holds_vip "$A"; then
    # Nothing below means anything without an elected master: show why, and stop.
    for node in director-a director-b; do note "$node:"; grep -v 'Applied\|Reconcil' "$TOPO_STATE/agent/$node.log" | tail -n 25 | sed 's/^/      /'; done
    printf '\n%d passed, %d failed\n' "$passed" "$((failed + 1))"
    exit 1
fi
check "director-b has both services programmed (a takeover needs no reprogramming)" has_both_services "$B"
# director-b may go master only on a stall of the whole VM long enough to outlast its master-down interval
# (stalls.sh, backup_kept); director-a's next advert sends it back, which "only director-a holds" above waited for.
check "VRRP: director-a master, director-b backup (agents' logs)" bash -c "grep -q -- '-> Master' $TOPO_STATE/agent/director-a.log"
check "director-b never went master but on a stall of a vCPU" backup_kept "$STALLS" "$TOPO_STATE/agent/director-b.log" '-> Master' 0
loop_start
s=$EPOCHREALTIME
# The client's first request comes after Python's start, 1-3 s under TCG and tens of seconds on a loaded host:
# wait for 60 requests (3 s of the loop at one per 50 ms) rather than for a fixed 3 s; 120 s is a hang detector.
check "looping client started (60 requests made)" wait_until 120 loop_made 60
check "looping client through director-a: none failed" window_ok "$s"
# Only now: the router learns the VIP's MAC from its first ARP for it (a gratuitous ARP updates an entry, it
# creates none with arp_accept=0).
check "the router reaches the VIP at director-a's MAC" router_points_at "$A"

# --- 2 ----------------------------------------------------------------------------------------------------
if wants 2; then
    heading "2. Node death of the master ($REPEATS times): kill -9, link cut, VIP gone; then it comes back"
    for ((i = 1; i <= REPEATS; i++)); do
        t="$(node_death "death")"
        check "death $i: director-b holds the VIP" wait_until 15 only_holder "$B" "$A"
        note "director-b master $(became_master director-b "$t" || echo '?') s after the kill"
        check "death $i: the router reaches the VIP at director-b's MAC (gratuitous ARP)" wait_until 5 router_points_at "$B"
        sleep 3 # requests after the takeover window
        check "death $i: director-a back, preempts (priority 150, preempt on)" restore_a
        sleep 2
    done
fi

# --- 3 ----------------------------------------------------------------------------------------------------
if wants 3; then
    heading "3. Graceful stop of the master (SIGTERM: priority 0)"
    t="$EPOCHREALTIME"
    printf 'graceful|%s|%s\n' "$t" "$t" >>"$EVENTS"
    agent_stop director-a TERM
    check "graceful: director-b master" wait_until 15 holds_vip "$B"
    note "director-b master $(became_master director-b "$t" || echo '?') s after SIGTERM"
    check "graceful: director-a gave the VIP up when it stopped" lacks_vip "$A"
    vip_table | sed 's/^/    /'
    check "graceful: the router reaches the VIP at director-b's MAC" wait_until 5 router_points_at "$B"
    sleep 3

    # --- 4 ----------------------------------------------------------------------------------------------------
    heading "4. The old master back: it preempts"
    check "director-a back, preempts" restore_a
    check "the router reaches the VIP at director-a's MAC" wait_until 5 router_points_at "$A"
    sleep 3
fi

# --- 5 ----------------------------------------------------------------------------------------------------
if wants 5; then
    heading "5. A long-lived TCP connection through a node death (IPVS connection sync)"
    LONG="$OUT/long.txt"
    : >"$LONG"
    ip netns exec "$CLIENT" python3 "$PROBE" long "$ECHO" "$LONG" </dev/null 2>"$OUT/long.err" &
    long_pid=$!
    check "long-lived connection echoing" wait_until 10 test -s "$LONG"
    sleep 2
    note "director-b's connection table before the kill (synced from director-a):"
    ip netns exec "$B" ipvsadm -Lnc | grep -- ':10088' | sed 's/^/      /' || note "  (no 10088 entry)"
    check "director-b knows the connection before the takeover" knows_connection "$B" 10088
    t="$(node_death "death-long")"
    check "long: director-b holds the VIP" wait_until 15 only_holder "$B" "$A"
    sleep 4
    touch "$LONG.stop"
    wait "$long_pid" || true
    awk -F'|' -v t="$t" '$1 != "closed" {if (p && $1 - p > gap) {gap = $1 - p; at = p}; p = $1; n++; if ($1 > t) after++; last = $3}
        $1 == "closed" {reason = $3}
        END {printf "    %d round trips, %d after the kill, longest gap %.3f s (from %.3f s after the kill), last reply \"%s\", ended: %s\n", n, after, gap, at - t, last, reason}' "$LONG"
    check "long: the connection survived the takeover (round trips after the kill, ended by us)" \
        awk -F'|' -v t="$t" '$1 != "closed" && $1 > t + 1 {after++} $1 == "closed" && $3 == "stopped" {ok = 1} END {exit !(ok && after > 0)}' "$LONG"
    check "director-a back after the long-lived test" restore_a
fi

# --- 6, 7 -------------------------------------------------------------------------------------------------
if wants 6; then
    keepalived_scenarios "${KEEPALIVED_REPEATS:-2}"
fi

# --- results ----------------------------------------------------------------------------------------------
heading "Takeover times (first request answered through the new master, counted from the kill)"
loop_stop
check "zero failed requests after each takeover window" python3 "$PROBE" takeover "$EVENTS" "$LOOP"
note "$(wc -l <"$LOOP") requests in all"
for node in director-a director-b; do cp "$TOPO_STATE/agent/$node.log" "$OUT/$node.log"; done
cp "$KDIR/keepalived.log" "$KDIR/keepalived.conf" "$OUT/" 2>/dev/null || true # teardown empties TOPO_STATE
heading "director-b's VRRP transitions"
grep -h -- 'VRRP\|sync daemon' "$TOPO_STATE/agent/director-b.log" | tail -n 20 | sed 's/^/    /' || true

stall_monitor_stop "$STALLS"
note "VM stalls of 0.25 s or more during the run: $(awk '$2 >= 0.25 {n++; if ($2 > w) w = $2} END {printf "%d, worst %.2f s", n, w}' "$STALLS")"
printf '\n%d passed, %d failed\n' "$passed" "$failed"
while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$OUT/echo.pids"
teardown >/dev/null 2>&1 || true
keepalived_stop TERM
ip netns del "$B" 2>/dev/null || true
ip netns del "$K" 2>/dev/null || true
((failed == 0))
