# shellcheck shell=bash
# The lab's traffic side, sourced inside the lab VM (tests/lab/run.sh) by
# demo/in-vm.sh and the agent e2e scenarios: network namespaces, veths,
# bridges, routing and HTTP real servers for LVS-DR, LVS-NAT and LVS-TUN with
# the addresses of examples/, a client with many source addresses that
# measures, and lvs-agent on the director and the real servers. Callers run
# with `set -euo pipefail`.
#
#   lab-client                 lab-router                         lab-director
#   c0 198.51.100.10-49/24 --- r-client 198.51.100.1/24
#                              br-lan 198.18.0.1/24 ------------- d-lan 198.18.0.2/24, VIPs on lvs0
#                               |- node-102/103/104  (DR)         br-nat 198.18.1.1/24
#                              br-tun 198.19.0.1/24                 |- nat-10/11/12  (NAT, gw = director)
#                               |- edge-10/11  (TUN, a routed hop away from the director)
#
# The router holds every VIP as an on-link /32 on br-lan, so it ARPs for the
# VIPs the way an upstream router does on a real LVS segment: only the
# director may answer, so the real servers' arp_ignore/arp_announce matter
# here (check_router_arp). Real servers reply through the router (DR, TUN) or
# through the director (NAT). The bridges live in the router's namespace.
#
# Interface (every function returns non-zero on failure):
#   topology_up                              build it all, HTTP servers listening
#   teardown                                 remove it all (loops, servers, namespaces)
#   topo_ns NAME                             namespace of client|router|director|<real server>
#   topo_real_servers [dr|nat|tun|all]       "KIND NAME ADDRESS LISTEN" per real server
#   topo_client_addrs                        the client's source addresses, one a line
#   program_director NS MANIFESTS_DIR        the director's lvs-agent (labelled), until ready
#   prepare_real_servers MANIFESTS_DIR       lvs-agent on every DR/TUN real server, until ready
#   agent_start NS NODE DIR [ARGS]           lvs-agent in NS (background); agent_stop NODE [SIGNAL]
#   agent_wait_ready NODE, agent_cycles NODE, agent_status NODE PATH, wait_until SECONDS CMD...
#   agent_timeline NODE [SINCE]              its log (timestamped lines) as seconds since its start
#   agent_log_time NODE SINCE PATTERN        the time of its first log line after SINCE matching PATTERN
#   at_least FROM TO SECONDS                 0 iff TO is at least SECONDS after FROM (both known)
#   manifest_edit FILE SED-SCRIPT            edit a manifest the way an editor saves it (a rename)
#   client_requests VIP:PORT N [RAW]         N requests over all source addresses; per-server table
#   client_loop_start VIP:PORT FILE          background client recording every request in FILE
#   client_loop_stop FILE                    stop it, print a summary; 0 iff no request failed
#   client_shares TABLE COLUMN WANT TOL      client_requests' table with shares; 0 iff each within TOL
#   director_stats VIP:PORT                  "CONNS INPKTS OUTPKTS INBYTES OUTBYTES" of the service
#   director_wait_conns VIP:PORT N           wait until the (lagging) stats count N connections
#   dest_weight VIP:PORT RS:PORT, weight_is VIP:PORT RS:PORT W   a destination's weight on the director
#   real_server_state NS                     VIPs on lo/tunl0, fou ports, arp/rp_filter sysctls
#   check_real_server NS dr|tun VIP          0 iff prepared for that method
#   check_router_arp VIP                     0 iff the router reaches VIP at the director's MAC

TOPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOPO_REPO="$(cd "$TOPO_DIR/../.." && pwd)"
TOPO_PREFIX="${TOPO_PREFIX:-lab-}"
# Runtime state (web roots, pids, agents' logs and ledgers): the VM's /tmp is a fresh tmpfs.
TOPO_STATE="${TOPO_STATE:-/tmp/lvs-topology}"
# Persistence and the sh/mh schedulers hash the client address: proportions
# only show across many of them.
TOPO_CLIENTS="${TOPO_CLIENTS:-40}"
TOPO_PARALLEL="${TOPO_PARALLEL:-8}"    # concurrent curl processes in client_requests
TOPO_TIMEOUT="${TOPO_TIMEOUT:-3}"      # seconds per request
TOPO_LOOP_BATCH="${TOPO_LOOP_BATCH:-10}" # requests per curl process in the looping client

# The addresses of examples/: dr-seed.yaml, nat-port-mapping.yaml, tun.yaml.
# Routed to the director by the router (on-link on br-lan).
TOPO_VIPS=(192.0.2.120 192.0.2.80 203.0.113.10)
# KIND NAME ADDRESS LISTEN. NAME is the namespace suffix, the HTTP answer and,
# for DR and TUN, the RealServer's spec.nodeName. DR and TUN servers listen on
# the VIP itself (the packet still carries it); NAT servers on their own
# address and the mapped port.
TOPO_REAL_SERVERS=(
    "dr node-102 198.18.0.102 192.0.2.120:10087"
    "dr node-103 198.18.0.103 192.0.2.120:10087"
    "dr node-104 198.18.0.104 192.0.2.120:10087"
    "nat nat-10 198.18.1.10 198.18.1.10:8080"
    "nat nat-11 198.18.1.11 198.18.1.11:8080"
    "nat nat-12 198.18.1.12 198.18.1.12:8080"
    "tun edge-10 198.19.0.10 203.0.113.10:443"
    "tun edge-11 198.19.0.11 203.0.113.10:443"
)

topo_ns() { printf '%s%s\n' "$TOPO_PREFIX" "$1"; }

topo_real_servers() {
    local kind="${1:-all}" entry
    for entry in "${TOPO_REAL_SERVERS[@]}"; do
        [[ $kind == all || $entry == "$kind "* ]] && printf '%s\n' "$entry"
    done
    return 0
}

topo_client_addrs() {
    local i
    for ((i = 0; i < TOPO_CLIENTS; i++)); do printf '198.51.100.%d\n' $((10 + i)); done
}

_topo_log() { printf 'topology: %s\n' "$*" >&2; }
_topo_sysctl() { # NS KEY=VALUE...
    local ns="$1"; shift
    ip netns exec "$ns" sysctl -qw "$@" >/dev/null
}
# _topo_wait_all PID...: waits for every one; fails if any failed.
_topo_wait_all() {
    local pid rc=0
    for pid in "$@"; do wait "$pid" || rc=1; done
    return "$rc"
}

# Every `ip` or `ip netns exec` costs about 0.1 s under TCG, so the build is
# a few batches: one in the initial namespace (namespaces, veths across
# them), one per namespace (addresses, links, routes), one sysctl call per
# namespace.
topology_up() {
    teardown >/dev/null 2>&1 || true
    mkdir -p "$TOPO_STATE/www" "$TOPO_STATE/pids"
    # No node prerequisites: a TUN real server's agent asks the kernel for
    # tunl0, which loads ipip (netdev-tunl0), and a GUE real server's agent
    # opens its fou receive port, loading fou (tests/lab/e2e/README.md, finding 2).

    local client router director
    client="$(topo_ns client)" router="$(topo_ns router)" director="$(topo_ns director)"
    local -A batch=()
    local init="" kind name addr listen ns vip a bns br gw

    init+="netns add $client"$'\n'"netns add $router"$'\n'"netns add $director"$'\n'
    # A namespace without an address has no local routing table yet, and IPVS
    # rejects destinations there (tests/lab/README.md): lo up everywhere.
    for ns in "$client" "$router" "$director"; do batch[$ns]="link set lo up"$'\n'; done

    # Router, which also holds the bridges of the LAN and TUN segments.
    batch[$router]+="link add br-lan type bridge
link add br-tun type bridge
addr add 198.18.0.1/24 dev br-lan
addr add 198.19.0.1/24 dev br-tun
link set br-lan up
link set br-tun up
"
    # Client: one veth, TOPO_CLIENTS addresses (curl --interface picks one).
    init+="link add c0 netns $client type veth peer name r-client netns $router"$'\n'
    batch[$router]+="addr add 198.51.100.1/24 dev r-client"$'\n'"link set r-client up"$'\n'
    while read -r a; do batch[$client]+="addr add $a/24 dev c0"$'\n'; done < <(topo_client_addrs)
    batch[$client]+="link set c0 up"$'\n'"route add default via 198.51.100.1"$'\n'

    # Director: on the LAN segment with the DR real servers, gateway of the
    # NAT segment.
    init+="link add d-lan netns $director type veth peer name director netns $router"$'\n'
    batch[$router]+="link set director master br-lan up"$'\n'
    batch[$director]+="addr add 198.18.0.2/24 dev d-lan
link set d-lan up
route add default via 198.18.0.1
link add br-nat type bridge
addr add 198.18.1.1/24 dev br-nat
link set br-nat up
"
    # VIPs on-link: the router ARPs for them, as in front of the seed's
    # LVS-DR segment, and only the director may answer.
    for vip in "${TOPO_VIPS[@]}"; do batch[$router]+="route add $vip/32 dev br-lan"$'\n'; done

    local -a servers=()
    while read -r kind name addr listen; do
        ns="$(topo_ns "$name")"
        servers+=("$ns")
        case "$kind" in
            dr) bns="$router" br=br-lan gw=198.18.0.1 ;;
            tun) bns="$router" br=br-tun gw=198.19.0.1 ;;
            nat) bns="$director" br=br-nat gw=198.18.1.1 ;; # replies go back through the director
        esac
        init+="netns add $ns"$'\n'"link add eth0 netns $ns type veth peer name $name netns $bns"$'\n'
        batch[$bns]+="link set $name master $br up"$'\n'
        batch[$ns]="link set lo up
addr add $addr/24 dev eth0
link set eth0 up
route add default via $gw
"
    done < <(topo_real_servers all)

    ip -batch - <<<"$init"
    # Namespaces are independent from here on: configure them concurrently.
    local -a pids=()
    for ns in "${!batch[@]}"; do
        ip -n "$ns" -batch - <<<"${batch[$ns]}" &
        pids+=($!)
    done
    _topo_wait_all "${pids[@]}"

    # Router: forwards, and must not drop the real servers' replies sourced
    # from a VIP it routes elsewhere (TUN replies arrive on br-tun while the
    # VIP is on br-lan): rp_filter off, as on a router in front of LVS.
    _topo_sysctl "$router" net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    # Director: no ICMP redirects, or they teach NAT real servers to bypass
    # it (KERNEL-LAB.md). Forwarding itself is the agent's (ip_forward).
    _topo_sysctl "$director" net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0 \
        net.ipv4.conf.d-lan.send_redirects=0 net.ipv4.conf.br-nat.send_redirects=0
    # Real servers: a hardened baseline, as many distributions ship: strict
    # reverse-path filtering, so a TUN real server drops the decapsulated
    # packets (they arrive on tunl0, the route back is eth0) until it is
    # prepared, and the lab shows that the preparation works rather than a
    # lax default. ip_nonlocal_bind: the HTTP server binds the VIP before the
    # agent has put it on lo/tunl0, as on a node where both start
    # independently. NAT real servers ignore redirects: their replies must
    # keep going through the director to be un-NATed.
    pids=()
    while read -r kind name addr listen; do
        ns="$(topo_ns "$name")"
        _topo_sysctl "$ns" net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1 \
            net.ipv4.conf.eth0.rp_filter=1 net.ipv4.ip_nonlocal_bind=1 \
            net.ipv4.conf.all.accept_redirects=0 net.ipv4.conf.eth0.accept_redirects=0 &
        pids+=($!)
    done < <(topo_real_servers all)
    _topo_wait_all "${pids[@]}"
    while read -r kind name addr listen; do
        _topo_httpd "$(topo_ns "$name")" "$name" "$listen"
    done < <(topo_real_servers all)

    _topo_wait_listening
}

# One busybox httpd per real server answering its own NAME (no newline, so a
# client's write-out can follow it on the same line).
_topo_httpd() {
    local ns="$1" name="$2" listen="$3" www="$TOPO_STATE/www/$1"
    mkdir -p "$www"
    printf '%s' "$name" >"$www/index.html"
    ip netns exec "$ns" busybox httpd -f -p "$listen" -h "$www" </dev/null >/dev/null 2>&1 &
    echo $! >"$TOPO_STATE/pids/httpd-$ns"
}

_topo_wait_listening() {
    local f pid port i kind name addr listen
    while read -r kind name addr listen; do
        pid="$(<"$TOPO_STATE/pids/httpd-$(topo_ns "$name")")"
        port="$(printf '%04X' "${listen##*:}")"
        for ((i = 0; i < 100; i++)); do
            # /proc/PID/net/tcp is the sockets of PID's namespace: a
            # listener (state 0A) on the port, without a process per poll.
            while read -r _ f _ st _; do
                [[ $f == *":$port" && $st == 0A ]] && continue 3
            done <"/proc/$pid/net/tcp"
            sleep 0.1
        done
        _topo_log "httpd in $(topo_ns "$name") does not listen on $listen"
        return 1
    done < <(topo_real_servers all)
}

teardown() {
    local f pid ns
    for f in "$TOPO_STATE"/pids/agent-*; do
        [[ -e $f ]] || continue
        agent_stop "${f##*/agent-}" >/dev/null 2>&1 || true
    done
    for f in "$TOPO_STATE"/pids/loop-*; do
        [[ -e $f ]] || continue
        client_loop_stop "$(cat "$f")" >/dev/null 2>&1 || true
    done
    for f in "$TOPO_STATE"/pids/*; do
        [[ -e $f ]] || continue
        pid="$(cat "$f")"
        kill "$pid" 2>/dev/null || true
        rm -f "$f"
    done
    while read -r ns _; do
        [[ $ns == "$TOPO_PREFIX"* ]] && ip netns del "$ns"
    done < <(ip netns list)
    rm -rf "$TOPO_STATE"
}

# --- programming the nodes: lvs-agent ----------------------------------------------
# lvs-agent in each node's namespace, standalone on a manifest folder. The
# director carries the label examples/ select directors by
# (spec.directors.nodeSelector); real servers carry none, so their agents only
# prepare them (VIP on lo or tunl0, sysctls) for the services naming them.
TOPO_DIRECTOR_LABELS="${TOPO_DIRECTOR_LABELS:-lvsoperator.io/director=true}"

# program_director NS MANIFESTS_DIR: the director's agent, left running;
# returns once its first cycle has reached the kernel.
program_director() {
    agent_start "$1" director "$2" --node-labels "$TOPO_DIRECTOR_LABELS" && agent_wait_ready director
}

# prepare_real_servers MANIFESTS_DIR: an agent on every DR and TUN real server
# (a NAT real server needs no preparation), started together; returns once
# each is ready.
prepare_real_servers() {
    local name
    while read -r _ name _; do
        agent_start "$(topo_ns "$name")" "$name" "$1" || return 1
    done < <(topo_real_servers dr; topo_real_servers tun)
    while read -r _ name _; do
        agent_wait_ready "$name" 120 || return 1
    done < <(topo_real_servers dr; topo_real_servers tun)
}

# --- lvs-agent ---------------------------------------------------------------------
# The agent's command: the build's apphost dll by default (JIT: 10-20 s to
# start under TCG); a NativeAOT binary starts in well under a second.
TOPO_AGENT_CMD="${TOPO_AGENT_CMD:-dotnet $TOPO_REPO/src/LvsOperator.Agent/bin/Debug/net10.0/lvs-agent.dll}"
# A short resync so drift repair shows within seconds; set but empty means the agent's own defaults (the bench).
TOPO_AGENT_ARGS="${TOPO_AGENT_ARGS---resync 00:00:01}"

_topo_agent_ns() { printf '%s\n' "$(<"$TOPO_STATE/agent/$1.ns")"; }

# agent_start NS NODE MANIFESTS_DIR [AGENT_ARGS...]: lvs-agent for NODE in
# NS, in the background; log in $TOPO_STATE/agent/NODE.log (appended across
# restarts, timestamped: agent_timeline), ledger in $TOPO_STATE/agent/NODE.state (kept across restarts).
# An empty MANIFESTS_DIR is cluster mode: the agent watches its NodeSlices.
agent_start() {
    local ns="$1" node="$2" dir="$3"; shift 3
    local -a cmd extra source=()
    read -ra cmd <<<"$TOPO_AGENT_CMD"
    read -ra extra <<<"$TOPO_AGENT_ARGS"
    [[ -z $dir ]] || source=(--manifests "$dir")
    mkdir -p "$TOPO_STATE/agent/$node.state" "$TOPO_STATE/pids"
    printf '%s\n' "$ns" >"$TOPO_STATE/agent/$node.ns"
    printf '=== %s agent_start %s\n' "$EPOCHREALTIME" "$*" >>"$TOPO_STATE/agent/$node.log"
    # $! is the agent itself (ip netns exec execs it), not the stamper. The
    # stamper replaces its own stdout and stderr with exec: it lives as long
    # as the agent, and a caller's $(...) (check) would wait for every
    # descriptor of its pipe to close.
    ip netns exec "$ns" "${cmd[@]}" "${source[@]}" --node "$node" \
        --state-dir "$TOPO_STATE/agent/$node.state" "${extra[@]}" "$@" \
        </dev/null > >(exec >>"$TOPO_STATE/agent/$node.log" 2>/dev/null; _topo_stamp) 2>&1 &
    echo $! >"$TOPO_STATE/pids/agent-$node"
}

# The agent's console log has no timestamps: each line gets the time it was
# written (EPOCHREALTIME) in front, as the "=== TIME agent_start" line has,
# so a reader can tell how long after its start the agent got somewhere.
_topo_stamp() {
    local line
    while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done
}

# agent_timeline NODE [SINCE]: the agent's log lines since its last start, or
# since SINCE (an EPOCHREALTIME), each with the seconds after that instead of
# its timestamp.
agent_timeline() {
    # shellcheck disable=SC2016 # an awk program
    awk -v since="${2:-}" '
        /^=== / { if (since == "") { t0 = $2; n = 0 }; next }
        since != "" { t0 = since; if ($1 < since) next }
        { line = $0; sub(/^[^ ]+ /, "", line); out[++n] = sprintf("+%6.2f s  %s", $1 - t0, line) }
        END { for (i = 1; i <= n; i++) print out[i] }' "$TOPO_STATE/agent/$1.log"
}

# agent_log_time NODE SINCE PATTERN: the time stamp of the agent log's first line after SINCE matching PATTERN.
agent_log_time() {
    awk -v since="$2" -v re="$3" '$1 !~ /^===/ && $1 >= since && $0 ~ re {print $1; exit}' "$TOPO_STATE/agent/$1.log"
}

# at_least FROM TO SECONDS: 0 iff both times are known and TO is at least SECONDS after FROM.
at_least() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN {exit !(a != "" && b != "" && b - a >= d)}'; }

# agent_pid NODE: the running agent's pid; fails if it is not running.
agent_pid() {
    local pid
    pid="$(cat "$TOPO_STATE/pids/agent-$1" 2>/dev/null)" && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# agent_stop NODE [SIGNAL]: TERM (a clean stop) or e.g. KILL; waits for the
# process to be gone.
agent_stop() {
    local node="$1" sig="${2:-TERM}" pid i
    pid="$(agent_pid "$node")" || return 0
    kill "-$sig" "$pid"
    for ((i = 0; i < 200; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
    rm -f "$TOPO_STATE/pids/agent-$node"
    ! kill -0 "$pid" 2>/dev/null
}

# agent_status NODE PATH: GET the agent's status endpoint (/readyz,
# /healthz, /metrics) from inside its namespace.
agent_status() {
    ip netns exec "$(_topo_agent_ns "$1")" curl -s --max-time 10 "http://127.0.0.1:9473$2"
}

# agent_wait_ready NODE [TIMEOUT]: until /readyz answers 200, i.e. a cycle
# applied a valid desired state (default 90 s: a JIT start under TCG).
agent_wait_ready() {
    local node="$1" t="${2:-90}" i code
    for ((i = 0; i < t * 4; i++)); do
        agent_pid "$node" >/dev/null || { _topo_log "agent $node exited"; tail -n 20 "$TOPO_STATE/agent/$node.log" >&2; return 1; }
        code="$(ip netns exec "$(_topo_agent_ns "$node")" curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
            http://127.0.0.1:9473/readyz 2>/dev/null)" || true
        [[ $code == 200 ]] && return 0
        sleep 0.25
    done
    _topo_log "agent $node not ready after ${t}s"; tail -n 20 "$TOPO_STATE/agent/$node.log" >&2
    return 1
}

# agent_cycles NODE: reconcile cycles so far (the agent's own metric).
agent_cycles() {
    agent_status "$1" /metrics | awk '/^lvsoperator_reconcile_duration_seconds_count/ {n += $2} END {print n + 0}'
}

# wait_until TIMEOUT COMMAND...: polls COMMAND (quietly) until it succeeds.
wait_until() {
    local t="$1" i; shift
    for ((i = 0; i < t * 5; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    _topo_log "not within ${t}s: $*"
    return 1
}

# manifest_edit FILE SED-SCRIPT: the edited copy lands with a rename, as an
# editor or config management writes it, so an agent never reads half a file.
manifest_edit() {
    # Written outside the folder (an agent would see a temporary file in it),
    # on the same file system, so the mv is a rename.
    sed "$2" "$1" >"$TOPO_STATE/edit.tmp" && mv "$TOPO_STATE/edit.tmp" "$1"
}

# --- the client ---------------------------------------------------------------
# One outcome per request, a line: SERVER|HTTP_CODE|CURL_EXIT|SECONDS|SRC
# (SERVER is the body, the real server's name: empty on failure). A request
# counts as served only with HTTP 200, curl exit 0 and a body.

# _topo_curl TARGET TIMEOUT SRC:COUNT...: every request in ONE curl process
# (an exec costs 0.1-0.5 s under TCG, a request a few ms): `--next` starts
# a group of URLs with its own source address and write-out. busybox httpd
# closes every connection, and Connection: close makes sure, so each request
# is a new TCP connection and a new IPVS scheduling decision.
_topo_curl() {
    local target="$1" t="$2" spec src i; shift 2
    local -a args=()
    for spec in "$@"; do
        src="${spec%:*}"
        ((${#args[@]} == 0)) || args+=(--next)
        args+=(-s --interface "$src" --connect-timeout "$t" --max-time "$t" -H 'Connection: close'
            -w "|%{http_code}|%{exitcode}|%{time_total}|$src\n")
        for ((i = 0; i < ${spec##*:}; i++)); do args+=("http://$target/"); done
    done
    # curl goes on after a failed transfer and writes its line; its exit
    # status is the last transfer's only, so the lines are what count.
    curl "${args[@]}" 2>/dev/null || true
}

# _topo_fanout OUTDIR TARGET TIMEOUT PARALLEL SRC:COUNT...: runs in the
# client's namespace; the specs dealt round-robin to PARALLEL curl processes.
_topo_fanout() {
    local out="$1" target="$2" t="$3" par="$4"; shift 4
    local -a specs=("$@") mine
    local p i
    for ((p = 0; p < par && p < ${#specs[@]}; p++)); do
        mine=()
        for ((i = p; i < ${#specs[@]}; i += par)); do mine+=("${specs[i]}"); done
        _topo_curl "$target" "$t" "${mine[@]}" >"$out/$p" &
    done
    wait
}

# _topo_summary FIELD_OFFSET FILE: per server, requests and distinct client
# addresses; then "failed REQUESTS CLIENTS".
_topo_summary() {
    awk -F'|' -v o="$1" '
        { srv = $(o + 1); src = $(o + 5); ok = ($(o + 2) == 200 && $(o + 3) == 0 && srv != "") }
        ok  { n[srv]++; if (!seen[srv, src]++) c[srv]++ }
        !ok { f++; if (!fseen[src]++) fc++ }
        END {
            printf "%-10s %8s %8s\n", "server", "requests", "clients"
            for (s in n) printf "%-10s %8d %8d\n", s, n[s], c[s] | "sort"
            close("sort")
            printf "%-10s %8d %8d\n", "failed", f, fc
        }' "$2"
}

# client_requests VIP:PORT N [RAW]: N requests spread evenly over the
# client's source addresses (address i gets the i-th share), in
# TOPO_PARALLEL concurrent streams. Prints the per-server table: requests
# and distinct client addresses per server, then failures. RAW keeps every
# outcome line. Returns 0 iff every request was served.
client_requests() {
    local target="$1" n="$2" raw="${3:-}" out k i cnt client served
    local -a addrs specs=()
    mapfile -t addrs < <(topo_client_addrs)
    k=${#addrs[@]}
    for i in "${!addrs[@]}"; do
        cnt=$((n / k + (i < n % k ? 1 : 0)))
        ((cnt == 0)) || specs+=("${addrs[i]}:$cnt")
    done
    mkdir -p "$TOPO_STATE"
    out="$(mktemp -d "$TOPO_STATE/req.XXXXXX")"
    client="$(topo_ns client)"
    ip netns exec "$client" bash -c "$(declare -f _topo_curl _topo_fanout); _topo_fanout \"\$@\"" _ \
        "$out" "$target" "$TOPO_TIMEOUT" "$TOPO_PARALLEL" "${specs[@]}"
    cat "$out"/* >"$out.all"
    rm -rf "$out"
    [[ -z $raw ]] || cp "$out.all" "$raw"
    _topo_summary 0 "$out.all"
    # SERVER|HTTP_CODE|CURL_EXIT|SECONDS|SRC of the first failures: curl's exit tells refused (7) and reset
    # (56) from a timeout (28).
    awk -F'|' '!($2 == 200 && $3 == 0 && $1 != "")' "$out.all" | head -n 5 | sed 's/^/failed: /'
    served="$(awk -F'|' '$2 == 200 && $3 == 0 && $1 != ""' "$out.all" | wc -l)"
    rm -f "$out.all"
    ((served == n))
}

# The loop (in the client's namespace): rounds of TOPO_LOOP_BATCH requests,
# one curl process each, source addresses in turn, until FILE.stop exists.
# Each line: TIMESTAMP|SERVER|HTTP_CODE|CURL_EXIT|SECONDS|SRC, the timestamp
# being the round's start plus the requests before it (they run one after
# the other), in seconds with microseconds.
_topo_loop() {
    local file="$1" target="$2" t="$3" per_round="$4"; shift 4
    local -a addrs=("$@") specs
    local i=0 j start line us rest
    while [[ ! -e $file.stop ]]; do
        specs=()
        for ((j = 0; j < per_round; j++)); do specs+=("${addrs[i++ % ${#addrs[@]}]}:1"); done
        start="${EPOCHREALTIME/./}"
        while IFS= read -r line; do
            printf '%d.%06d|%s\n' $((start / 1000000)) $((start % 1000000)) "$line"
            rest="${line#*|*|*|}" us="${rest%%|*}" us="${us/./}"
            start=$((start + 10#${us:-0}))
        done < <(_topo_curl "$target" "$t" "${specs[@]}") >>"$file"
    done
}

# client_loop_start VIP:PORT FILE: starts the loop in the background (in the
# client's namespace) recording every request's outcome in FILE.
client_loop_start() {
    local target="$1" file="$2" client
    local -a addrs
    mapfile -t addrs < <(topo_client_addrs)
    client="$(topo_ns client)"
    : >"$file"
    rm -f "$file.stop"
    ip netns exec "$client" bash -c "$(declare -f _topo_curl _topo_loop); _topo_loop \"\$@\"" _ \
        "$file" "$target" "$TOPO_TIMEOUT" "$TOPO_LOOP_BATCH" "${addrs[@]}" </dev/null &
    echo $! >"$file.pid"
    mkdir -p "$TOPO_STATE/pids"
    printf '%s\n' "$file" >"$TOPO_STATE/pids/loop-$!"
}

# client_loop_stop FILE: lets the round in flight finish (a kill would
# record a false failure), then prints the summary, the slowest request and
# the first failures. Returns 0 iff there were requests and none failed.
client_loop_stop() {
    local file="$1" pid i total bad
    pid="$(<"$file.pid")"
    touch "$file.stop"
    for ((i = 0; i < (TOPO_TIMEOUT * TOPO_LOOP_BATCH + 10) * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    rm -f "$TOPO_STATE/pids/loop-$pid"
    _topo_summary 1 "$file"
    awk -F'|' 'NR == 1 {t0 = $1} $5 > m {m = $5} END {printf "%d requests in %.1f s, slowest %.3f s\n", NR, $1 - t0, m}' "$file"
    awk -F'|' '!($3 == 200 && $4 == 0 && $2 != "")' "$file" | head -n 5 | sed 's/^/failed: /'
    total="$(wc -l <"$file")"
    bad="$(awk -F'|' '!($3 == 200 && $4 == 0 && $2 != "")' "$file" | wc -l)"
    ((total > 0 && bad == 0))
}

# client_shares TABLE COLUMN "NAME=SHARE..." TOLERANCE: client_requests' table with
# each server's share of COLUMN (requests or clients) next to the expected
# one; fails if a share is off by more than TOLERANCE (absolute) or a server
# not expected served anything.
client_shares() {
    awk -v col="$2" -v want="$3" -v tol="$4" '
        BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) { split(w[i], kv, "="); exp_[kv[1]] = kv[2] } }
        NR == 1 { c = ($2 == col) ? 2 : 3; print $0 "    share  expected"; next }
        $1 == "failed" { failed_line = $0; next }
        { name[++m] = $1; line[m] = $0; v[$1] = $c; total += $c }
        END {
            bad = 0
            for (i = 1; i <= m; i++) {
                s = total ? v[name[i]] / total : 0
                e = (name[i] in exp_) ? exp_[name[i]] : 0
                printf "%s   %5.1f%%    %5.1f%%\n", line[i], 100 * s, 100 * e
                if (s - e > tol || e - s > tol) bad = 1
            }
            for (k in exp_) if (!(k in v) && exp_[k] > 0) { printf "%-10s never answered, expected %.1f%%\n", k, 100 * exp_[k]; bad = 1 }
            print failed_line
            exit bad
        }' <<<"$1"
}

# --- observations ---------------------------------------------------------------

# director_stats VIP:PORT: the TCP service's counters, exact.
director_stats() {
    ip netns exec "$(topo_ns director)" ipvsadm -Ln --stats --exact -t "$1" |
        awk '$1 == "TCP" {print $3, $4, $5, $6, $7; exit}'
}

# director_wait_conns VIP:PORT N: the stats are folded in by the estimator
# (every 2 s), so they lag behind traffic; wait up to 10 s.
director_wait_conns() {
    local i conns
    for ((i = 0; i < 50; i++)); do
        conns="$(director_stats "$1" | awk '{print $1}')"
        ((${conns:-0} >= $2)) && return 0
        sleep 0.2
    done
    _topo_log "$1: $conns connections counted, expected $2"
    return 1
}

# dest_weight VIP:PORT RS:PORT: the destination's weight on the director, or
# "absent".
dest_weight() {
    # shellcheck disable=SC2016 # an awk program
    ip netns exec "$(topo_ns director)" ipvsadm -Ln -t "$1" |
        awk -v rs="$2" '$2 == rs {print $4; found = 1} END {if (!found) print "absent"}'
}
weight_is() { [[ $(dest_weight "$1" "$2") == "$3" ]]; }

# _topo_confs NS DEV/KEY...: the IPv4 conf values, one a line, in one
# process in NS (bash builtins read them; an exec per value is slow in TCG).
_topo_confs() {
    local ns="$1"; shift
    # shellcheck disable=SC2016 # the script runs in NS's bash
    ip netns exec "$ns" bash -c 'for k; do read -r v <"/proc/sys/net/ipv4/conf/$k" || v=-; echo "$v"; done' _ "$@"
}

real_server_state() {
    local ns="$1" dev state addrs fou line
    local -a devs=() vals
    printf '%s\n' "$ns"
    for dev in lo tunl0; do
        line="$(ip -n "$ns" -br link show "$dev" 2>/dev/null)" || continue
        read -r _ state _ <<<"$line"
        addrs="$(ip -n "$ns" -4 -o addr show dev "$dev" scope global | awk '{printf "%s ", $4}')"
        printf '  %-6s %-8s %s\n' "$dev" "$state" "$addrs"
    done
    fou="$(ip -n "$ns" fou show 2>/dev/null | tr '\n' ' ')"
    [[ -z $fou ]] || printf '  fou    %s\n' "$fou"
    printf '  %-6s %-12s %-12s %s\n' sysctl arp_ignore arp_announce rp_filter
    for dev in all lo eth0 tunl0; do devs+=("$dev/arp_ignore" "$dev/arp_announce" "$dev/rp_filter"); done
    mapfile -t vals < <(_topo_confs "$ns" "${devs[@]}")
    for dev in all lo eth0 tunl0; do
        [[ ${vals[0]} != - ]] && printf '  %-6s %-12s %-12s %s\n' "$dev" "${vals[@]:0:3}"
        vals=("${vals[@]:3}")
    done
    return 0
}

# check_real_server NS dr|tun VIP: what DR/TUN need on a real server, read
# from the kernel. The kernel applies max(all, dev) for arp_ignore,
# arp_announce and rp_filter, so both must be checked.
check_real_server() {
    local ns="$1" kind="$2" vip="$3" dev
    local -a v
    case "$kind" in
        dr) dev=lo ;;
        tun) dev=tunl0 ;;
        *) _topo_log "check_real_server: kind must be dr or tun"; return 2 ;;
    esac
    ip -n "$ns" -4 -o addr show dev "$dev" | grep -qw "$vip/32" ||
        { _topo_log "$ns: $vip not on $dev"; return 1; }
    if [[ $kind == dr ]]; then
        mapfile -t v < <(_topo_confs "$ns" all/arp_ignore all/arp_announce)
        [[ ${v[0]} -ge 1 && ${v[1]} -eq 2 ]] || { _topo_log "$ns: all.arp_ignore/arp_announce not 1/2"; return 1; }
    else
        ip -n "$ns" link show tunl0 | grep -q '[<,]UP[,>]' || { _topo_log "$ns: tunl0 down"; return 1; }
        mapfile -t v < <(_topo_confs "$ns" all/rp_filter tunl0/rp_filter)
        [[ ${v[0]} -eq 0 && ${v[1]} -eq 0 ]] || { _topo_log "$ns: rp_filter not 0 on all and tunl0"; return 1; }
    fi
}

# check_router_arp VIP: the router's neighbour entry for VIP is the
# director's MAC. A DR real server that answered ARP for the VIP, or
# announced it as the source of its own ARP requests, would take the VIP's
# traffic away from the director.
check_router_arp() {
    local vip="$1" want got
    want="$(ip -n "$(topo_ns director)" -br link show d-lan | awk '{print $3}')"
    got="$(ip -n "$(topo_ns router)" neigh show "$vip" dev br-lan | awk '{print $3}')"
    printf '%-14s router has %s, director is %s\n' "$vip" "${got:-<none>}" "$want"
    [[ -n $got && $got == "$want" ]]
}

# --- reporting, for the scripts that use this library ---------------------------
heading() { printf '\n== %s ==\n' "$*"; }

# check NAME COMMAND...: runs COMMAND in a subshell with errexit (`if cmd`
# would silently switch set -e off inside it), shows its output indented and
# counts it in the caller's `passed` and `failed`.
check() {
    local name="$1" rc out
    shift
    set +e
    out="$( (set -e; "$@") 2>&1)"
    rc=$?
    set -e
    [[ -z $out ]] || printf '%s\n' "$out" | sed 's/^/    /'
    if ((rc == 0)); then
        passed=$((passed + 1)); printf '  ok    %s\n' "$name"
    else
        failed=$((failed + 1)); printf '  FAIL  %s\n' "$name"
    fi
}

# director_ns_up NS PORT ADDRESS: another director (failover, bgp): a veth into the router's br-lan (the router's end named
# PORT), named d-lan like the first one's, so the manifest's failover.interface names both.
director_ns_up() {
    local router
    router="$(topo_ns router)"
    ip netns add "$1"
    ip link add d-lan netns "$1" type veth peer name "$2" netns "$router"
    ip -n "$router" link set "$2" master br-lan up
    ip -n "$1" -batch - <<EOF
link set lo up
addr add $3/24 dev d-lan
link set d-lan up
route add default via 198.18.0.1
EOF
}
