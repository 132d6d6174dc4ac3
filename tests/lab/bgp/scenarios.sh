#!/usr/bin/env bash
# Active/active directors inside the lab VM (tests/lab/bgp/run.sh boots it): the topology of tests/lab/topology.sh,
# three directors on br-lan each running lvs-agent --bgp beside its own FRR, the router's FRR peering with all three
# (ECMP, maximum-paths, hold time 9 s), the DR real servers, a client looping new connections from 40 source addresses and 40
# long-lived ones; the scenarios of tests/lab/bgp/README.md. Prints a results table and `N passed, N failed`.
set -euo pipefail

if [[ ${LAB:-} != 1 ]]; then
    echo "scenarios.sh runs inside the lab VM: tests/lab/bgp/run.sh" >&2
    exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
export TOPO_AGENT_ARGS="${TOPO_AGENT_ARGS:---resync 00:00:01}"
# shellcheck source-path=SCRIPTDIR source=../topology.sh
source tests/lab/topology.sh
# shellcheck source=frr.sh
source tests/lab/bgp/frr.sh

OUT="$LAB_OUT/bgp"
rm -rf "$OUT"
mkdir -p "$OUT"
M="$TOPO_STATE/manifests"
VIP=192.0.2.120
WEB="$VIP:10087"
ECHO="$VIP:10088"
PROBE=tests/lab/failover/probe.py
LONGS=tests/lab/bgp/longs.py
ROUTER="$(topo_ns router)"
CLIENT="$(topo_ns client)"
LOOP="$OUT/loop.txt"
LONG="$OUT/long.txt"
DIRECTORS=(director-a director-b director-c)
declare -A NS=([director-a]="$(topo_ns director)" [director-b]="$(topo_ns director-b)" [director-c]="$(topo_ns director-c)")
declare -A ADDR=([director-a]=198.18.0.2 [director-b]=198.18.0.3 [director-c]=198.18.0.4)
declare -A PORT=([director-a]=director [director-b]=director-b [director-c]=director-c)
DR_SERVERS=(node-102 node-103 node-104)
VICTIM=director-b  # scenario 2 and 3
STOPPED=director-c # scenario 4
SCENARIOS=" ${BGP_SCENARIOS:-2 4} " # 0 and 1 always run; 2 brings 3 with it
declare -A RESULT=()
passed=0
failed=0

note() { printf '    %s\n' "$*"; }
wanted() { [[ $SCENARIOS == *" $1 "* ]]; }
# shellcheck source=../failover/stalls.sh
source tests/lab/failover/stalls.sh
# shellcheck source=checks.sh
source tests/lab/bgp/checks.sh

save_logs() {
    local f
    for f in "$TOPO_STATE"/agent/*.log; do [[ -e $f ]] && cp "$f" "$OUT/"; done
    mkdir -p "$OUT/frr" && cp "$FRR_LOGS"/* "$OUT/frr/" 2>/dev/null
    return 0
}
trap save_logs EXIT

# --- setup ------------------------------------------------------------------------------------------------
heading "Setup: topology, three directors on br-lan, FRR in the router and in each director, agents"
topology_up
# The router learns the VIP from BGP only: no on-link route. L4 hashing spreads the client's connections.
ip -n "$ROUTER" route del "$VIP/32" dev br-lan
_topo_sysctl "$ROUTER" net.ipv4.fib_multipath_hash_policy=1
director_ns_up "${NS[director-b]}" director-b 198.18.0.3
_topo_sysctl "${NS[director-b]}" net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0
director_ns_up "${NS[director-c]}" director-c 198.18.0.4
_topo_sysctl "${NS[director-c]}" net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0
mkdir -p "$M"
cp tests/lab/bgp/manifests/dr-active-active.yaml "$M/"
for name in "${DR_SERVERS[@]}"; do
    ip netns exec "$(topo_ns "$name")" python3 "$PROBE" echo "$ECHO" "$name" </dev/null >/dev/null 2>&1 &
    printf '%s\n' "$!" >>"$OUT/echo.pids"
done
stall_monitor_start "$OUT/stalls.txt"
note "agent: $TOPO_AGENT_CMD $TOPO_AGENT_ARGS; FRR $(dpkg-query -W -f='${Version}' frr)"
check "router FRR up (AS 64500, maximum-paths 8, hold time 9 s)" router_frr_up
for d in "${DIRECTORS[@]}"; do check "$d FRR up" frr_up "${NS[$d]}" "$d"; done
for d in "${DIRECTORS[@]}"; do check "$d agent ready (--bgp)" director_start "$d"; done
for name in "${DR_SERVERS[@]}"; do agent_start "$(topo_ns "$name")" "$name" "$M"; done
for name in "${DR_SERVERS[@]}"; do check "real server $name ready" agent_wait_ready "$name" 120; done

# --- 0 ----------------------------------------------------------------------------------------------------
heading "0. The router has one nexthop per director; every director has the same mh table"
# Bound: the agents' first cycle, a reload (2-3 s measured, several times that on a loaded host) and the session.
check "router: $VIP/32 via all three directors" within 120 nexthop_count_is 3
ip -n "$ROUTER" route show "$VIP/32" | sed 's/^/    /'
check "every director's IPVS table (ipvsadm -Sn) identical: mh, both services, three real servers each" tables_identical
mh_table director-a | sed 's/^/    /'
kernel_list director-a | sed 's/^/    /'
check "the real servers in the planner's order (/proc/net/ip_vs walks the kernel's list: newest first, descending)" \
    mh_order_wanted director-a
MARK="$(wc -l <"$TOPO_STATE/agent/director-c.log")"
check "director-c: its lowest real server deleted by hand (ipvsadm -d)" deleted_by_hand director-c
# Bound: the agent reads the whole kernel every second (--resync); a cycle takes seconds on a loaded TCG VM.
check "director-c's agent adds it back and moves the ones after it (delete, add): kernel lists identical again" \
    within 60 reordered_by_agent director-c
grep "Applied: .* destination" <(tail -n +"$((MARK + 1))" "$TOPO_STATE/agent/director-c.log") | sed 's/^/    /' || true
check "sloppy_tcp on every director" sloppy_on
if ! nexthop_count_is 3; then
    frr_vtysh "$ROUTER" router "show bgp summary" | sed 's/^/    /' || true
    for d in "${DIRECTORS[@]}"; do note "$d:"; grep -i 'bgp\|frr' "$TOPO_STATE/agent/$d.log" | tail -n 8 | sed 's/^/      /'; done
    printf '\n%d passed, %d failed\n' "$passed" "$((failed + 1))"
    exit 1
fi

# --- 1 ----------------------------------------------------------------------------------------------------
heading "1. Traffic spreads over all directors (240 connections from 40 source addresses)"
declare -A before=()
for d in "${DIRECTORS[@]}"; do before[$d]="$(conns "$d")"; done
client_requests "$WEB" 240 >"$OUT/spread.txt" || true
sleep 3 # the stats lag (tests/lab/README.md)
share=""
total=0
declare -A got=()
for d in "${DIRECTORS[@]}"; do got[$d]=$(($(conns "$d") - before[$d])); total=$((total + got[$d])); done
for d in "${DIRECTORS[@]}"; do share+="$d ${got[$d]} ($((100 * got[$d] / (total > 0 ? total : 1))) %)  "; done
note "connections per director: $share"
RESULT[share]="$share"
check "240 connections scheduled, each director at least 15 % of them" \
    awk -v t="$total" -v a="${got[director-a]}" -v b="${got[director-b]}" -v c="${got[director-c]}" \
    'BEGIN {exit !(t >= 240 && a >= 0.15 * t && b >= 0.15 * t && c >= 0.15 * t)}'

loop_start
if wanted 2; then
    : >"$LONG"
    # shellcheck disable=SC2046 # one argument per source address
    ip netns exec "$CLIENT" python3 "$LONGS" run "$ECHO" "$LONG" $(topo_client_addrs) </dev/null 2>"$OUT/long.err" &
    long_pid=$!
    # Bound: a hang detector. In the VM's time longs.py is ready within 8 s (40 connects 0.05 s apart, each failing
    # at 5 s at worst, then 1 s); it took 71 s of the host's with the host at load 40.
    check "40 long-lived connections open" within 300 test -e "$LONG.ready"
    sleep 2
    long_owners >"$OUT/owners.txt"
    on_victim="$(awk -v v="$VICTIM" '$2 == v' "$OUT/owners.txt" | wc -l)"
    note "long-lived connections per director: $(awk '{n[$2]++} END {for (d in n) printf "%s %d  ", d, n[d]}' "$OUT/owners.txt")"

    # --- 2 ------------------------------------------------------------------------------------------------
    heading "2. $VICTIM dies: link down, agent and FRR killed (-9)"
    t_cut="$EPOCHREALTIME"
    ip -n "$ROUTER" link set "${PORT[$VICTIM]}" down
    ip -n "${NS[$VICTIM]}" link set d-lan down
    kill -9 "$(agent_pid "$VICTIM")"
    frr_kill "$VICTIM" KILL
    # Bound: the router's hold timer (9 s) fires late when the VM stalls: 14-21 s measured at host load 50.
    if took="$(wait_nexthop_gone "${ADDR[$VICTIM]}" 60)"; then
        t_gone="$EPOCHREALTIME"
        how="$(frr_vtysh "$ROUTER" router "show bgp neighbors ${ADDR[$VICTIM]} json" 2>/dev/null |
            grep -oE '"lastNotificationReason":"[^"]*"|"lastResetDueTo":"[^"]*"' | cut -d'"' -f4 | paste -sd';' -)" || true
        note "the router removed ${ADDR[$VICTIM]} ${took} s after the link went down (polled every 0.05 s; $how)"
        RESULT[withdrawal]="$took s ($how)"
        passed=$((passed + 1)); printf '  ok    %s\n' "router withdrew $VICTIM's nexthop within 60 s"
    else
        t_gone="$EPOCHREALTIME"
        RESULT[withdrawal]="not within 60 s"
        failed=$((failed + 1)); printf '  FAIL  %s\n' "router withdrew $VICTIM's nexthop within 60 s"
    fi
    ip -n "$ROUTER" route show "$VIP/32" | sed 's/^/    /'
    sleep 8
    RESULT[failed-after]="$(failures "$t_gone" "$EPOCHREALTIME")"
    RESULT[failed-window]="$(failures "$t_cut" "$t_gone")"
    note "in the window (link down to withdrawal): ${RESULT[failed-window]}"
    check "no new connection failed after the withdrawal" none_failed "$t_gone" "$EPOCHREALTIME"

    # --- 3 ------------------------------------------------------------------------------------------------
    heading "3. $VICTIM returns: link up, FRR and agent started"
    t_back="$EPOCHREALTIME"
    ip -n "$ROUTER" link set "${PORT[$VICTIM]}" up
    ip -n "${NS[$VICTIM]}" link set d-lan up
    ip -n "${NS[$VICTIM]}" route replace default via 198.18.0.1
    check "$VICTIM FRR up again" frr_up "${NS[$VICTIM]}" "$VICTIM"
    MARK="$(wc -l <"$TOPO_STATE/agent/$VICTIM.log")"
    check "$VICTIM agent ready again" director_start "$VICTIM"
    # The agent is ready before its first FRR apply (a frr-reload.py: 2-3 s on a quiet host, 108-264 s at host load
    # 50 in run 1); the 600 s bound only catches a hang. Then the route follows within a session's start (connect retry
    # 2 s, OPEN, UPDATE): 60 s.
    check "$VICTIM agent configured FRR again" within 600 frr_configured_since "$VICTIM"
    if took="$(wait_nexthops 3 60)"; then
        RESULT[return]="$(since "$t_back") s from link up ($took s after the agent configured FRR)"
        passed=$((passed + 1)); printf '  ok    %s\n' "router: three nexthops again"
    else
        RESULT[return]="not within 60 s of the agent configuring FRR"
        failed=$((failed + 1)); printf '  FAIL  %s\n' "router: three nexthops again"
    fi
    note "routes back: ${RESULT[return]}"
    sleep 8
    RESULT[failed-return]="$(failures "$t_back" "$EPOCHREALTIME")"
    check "no connection failed while $VICTIM came back" none_failed "$t_back" "$EPOCHREALTIME"

    touch "$LONG.stop"
    wait "$long_pid" || true
    RESULT[long]="$(awk -F'|' '$7 == "stopped" && $4 == 1 {ok++} END {printf "%d/%d", ok, NR}' "$LONG")"
    RESULT[long-victim]="$(awk -F'|' -v v="$VICTIM" 'FILENAME == ARGV[1] {owner[$1] = $2; next} owner[$1] == v && $7 == "stopped" && $4 == 1 {ok++}
        owner[$1] == v {n++} END {printf "%d/%d", ok, n}' <(tr ' ' '|' <"$OUT/owners.txt") "$LONG")"
    note "long-lived connections alive at the end on the same real server: ${RESULT[long]}; of those on $VICTIM: ${RESULT[long-victim]}"
    awk -F'|' '$7 != "stopped" || $4 != 1' "$LONG" | sed 's/^/    broke: /'
    note "longest gap in a connection: $(awk -F'|' '$6 > g {g = $6} END {printf "%.2f s", g}' "$LONG")"
    check "every long-lived connection survived, on its own real server" \
        awk -F'|' -v want="$(topo_client_addrs | wc -l)" '$7 == "stopped" && $4 == 1 {ok++} END {exit !(ok == want && NR == want)}' "$LONG"
    check "$VICTIM held long-lived connections before its death ($on_victim)" test "$on_victim" -gt 0
fi
if wanted 4; then

    # --- 4 ------------------------------------------------------------------------------------------------
    heading "4. Graceful stop of $STOPPED (SIGTERM): it withdraws before it stops"
    t_term="$EPOCHREALTIME"
    agent_stop "$STOPPED" TERM &
    stop_pid=$!
    # Bound: the agent's withdrawal bound (60 s, director_start) plus the router's UPDATE processing.
    if took="$(wait_nexthop_gone "${ADDR[$STOPPED]}" 90)"; then
        RESULT[graceful]="withdrawn $took s after SIGTERM"
        passed=$((passed + 1)); printf '  ok    %s\n' "router withdrew $STOPPED's nexthop"
    else
        RESULT[graceful]="not withdrawn within 90 s"
        failed=$((failed + 1)); printf '  FAIL  %s\n' "router withdrew $STOPPED's nexthop"
    fi
    wait "$stop_pid" || true
    RESULT[graceful]+=", agent gone $(since "$t_term") s after it"
    note "${RESULT[graceful]}"
    check "$STOPPED's agent logged the withdrawal before it stopped" grep -q 'withdrawing every VIP' "$TOPO_STATE/agent/$STOPPED.log"
    sleep 5
    RESULT[failed-graceful]="$(failures "$t_term" "$EPOCHREALTIME")"
    check "0 failed requests through the graceful stop" none_failed "$t_term" "$EPOCHREALTIME"
fi

# --- results ----------------------------------------------------------------------------------------------
loop_stop
stall_monitor_stop "$OUT/stalls.txt"
heading "Results"
printf '    %-44s %s\n' "connections per director (scenario 1)" "${RESULT[share]}" \
    "death -> router withdrew the nexthop" "${RESULT[withdrawal]:-}" \
    "requests in that window" "${RESULT[failed-window]:-}" \
    "requests after the window" "${RESULT[failed-after]:-}" \
    "long-lived connections that survived (all)" "${RESULT[long]:-}" \
    "long-lived connections on the dead director" "${RESULT[long-victim]:-}" \
    "director back: routes again" "${RESULT[return]:-}" \
    "requests while it came back" "${RESULT[failed-return]:-}" \
    "graceful stop" "${RESULT[graceful]:-}" \
    "requests through the graceful stop" "${RESULT[failed-graceful]:-}" \
    "requests in all" "$(wc -l <"$LOOP")" \
    "VM stalls of 0.25 s or more" "$(awk '$2 >= 0.25 {n++; if ($2 > w) w = $2} END {printf "%d, worst %.2f s", n, w}' "$OUT/stalls.txt")"
save_logs
printf '\n%d passed, %d failed\n' "$passed" "$failed"
while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$OUT/echo.pids"
teardown >/dev/null 2>&1 || true
for d in router "${DIRECTORS[@]}"; do frr_kill "$d" TERM; done
ip netns del "${NS[director-b]}" 2>/dev/null || true
ip netns del "${NS[director-c]}" 2>/dev/null || true
((failed == 0))
