#!/usr/bin/env bash
# Proves the lab works. Runs inside the VM:  tests/lab/run.sh tests/lab/smoke.sh
# Checks: kernel, ip_vs + ipvsadm in a fresh netns, ipip's tunl0, dotnet, and
# one HTTP request through an IPVS NAT service (client -> VIP:80 -> RS:8080).
set -euo pipefail

if [[ ${LAB:-} != 1 ]]; then
    echo "smoke.sh runs inside the lab VM: tests/lab/run.sh tests/lab/smoke.sh" >&2
    exit 2
fi

passed=0
failed=0
log=/tmp/smoke-check.log
# check NAME COMMAND...: runs COMMAND in a subshell with errexit (a plain
# `if cmd` would silently disable set -e inside it), shows its output
# indented, counts, and never aborts the script.
check() {
    local name="$1" rc; shift
    set +e
    (set -e; "$@") >"$log" 2>&1
    rc=$?
    set -e
    sed 's/^/    /' "$log"
    if ((rc == 0)); then
        passed=$((passed + 1)); echo "ok   - $name"
    else
        failed=$((failed + 1)); echo "FAIL - $name (exit $rc)"
    fi
}

namespaces=(smoke-ipvs smoke-ipip smoke-client smoke-director smoke-rs)
cleanup() {
    local ns
    for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    [[ ! -f /tmp/smoke-httpd.pid ]] || kill "$(cat /tmp/smoke-httpd.pid)" 2>/dev/null || true
}
trap cleanup EXIT

echo "kernel: $(uname -r)"

check "modprobe ip_vs" modprobe ip_vs

ipvs_in_netns() {
    ip netns add smoke-ipvs
    # IPVS rejects a destination (EINVAL) while the netns has no local
    # routing table yet, which is so until an address exists: bring lo up.
    ip -n smoke-ipvs link set lo up
    ip netns exec smoke-ipvs ipvsadm -A -t 192.0.2.1:80 -s wrr
    ip netns exec smoke-ipvs ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.2:80 -g -w 2
    local out
    out="$(ip netns exec smoke-ipvs ipvsadm -Ln)"
    printf '%s\n' "$out"
    grep -Eq '^TCP +192\.0\.2\.1:80 wrr' <<<"$out"
    grep -Eq -- '-> 198\.18\.0\.2:80 +Route +2 ' <<<"$out"
    # A fresh netns starts empty: nothing leaked in from another one.
    [[ -z "$(ipvsadm -Ln | grep -E '^(TCP|UDP|SCTP|FWM)' || true)" ]]
}
check "ipvsadm service + destination in a fresh netns" ipvs_in_netns

ipip_in_netns() {
    modprobe ipip
    ip netns add smoke-ipip
    ip netns exec smoke-ipip ip link show tunl0
}
check "modprobe ipip; tunl0 in a new netns" ipip_in_netns

check "dotnet --version" dotnet --version

# NAT topology, all inside the VM:
#   client 203.0.113.2 --veth-- 203.0.113.1 director (VIP 192.0.2.1/32 on lo)
#   director br0 198.18.0.1/24 --veth-- 198.18.0.2 rs (httpd :8080, gw director)
nat_traffic() {
    local c=smoke-client d=smoke-director r=smoke-rs
    ip netns add $c; ip netns add $d; ip netns add $r
    for ns in $c $d $r; do ip -n $ns link set lo up; done

    ip link add c-eth0 netns $c type veth peer name d-client netns $d
    ip -n $c addr add 203.0.113.2/24 dev c-eth0
    ip -n $c link set c-eth0 up
    ip -n $c route add 192.0.2.1/32 via 203.0.113.1
    ip -n $d addr add 203.0.113.1/24 dev d-client
    ip -n $d link set d-client up

    ip -n $d link add br0 type bridge
    ip -n $d addr add 198.18.0.1/24 dev br0
    ip -n $d link set br0 up
    ip link add r-eth0 netns $r type veth peer name d-rs1 netns $d
    ip -n $d link set d-rs1 master br0 up
    ip -n $r addr add 198.18.0.2/24 dev r-eth0
    ip -n $r link set r-eth0 up
    # NAT: replies must come back through the director to be un-NATed.
    ip -n $r route add default via 198.18.0.1

    ip -n $d addr add 192.0.2.1/32 dev lo
    ip netns exec $d sysctl -qw net.ipv4.ip_forward=1
    # Otherwise ICMP redirects teach the RS to bypass the director.
    ip netns exec $d sysctl -qw net.ipv4.conf.all.send_redirects=0
    ip netns exec $d sysctl -qw net.ipv4.conf.br0.send_redirects=0

    ip netns exec $d ipvsadm -A -t 192.0.2.1:80 -s rr
    ip netns exec $d ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.2:8080 -m -w 1

    local www=/tmp/smoke-www
    mkdir -p $www
    echo "hello from rs1" >$www/index.html
    ip netns exec $r busybox httpd -f -p 198.18.0.2:8080 -h $www &
    echo $! >/tmp/smoke-httpd.pid

    local body=""
    # busybox 1.35's `wget -T` segfaults (Debian bookworm): bound it with
    # timeout(1) instead. The loop waits for httpd to listen.
    for _ in $(seq 1 50); do
        body="$(ip netns exec $c timeout 5 busybox wget -qO- http://192.0.2.1/ 2>/dev/null)" && break
        sleep 0.2
    done
    echo "response: $body"
    [[ $body == "hello from rs1" ]]
    ip netns exec $d ipvsadm -Ln --stats
    # The request really went through IPVS: one connection counted.
    ip netns exec $d ipvsadm -Lnc | grep -q '198.18.0.2:8080'
}
check "HTTP via IPVS NAT: 192.0.2.1:80 -> 198.18.0.2:8080" nat_traffic

echo "$passed passed, $failed failed"
((failed == 0))
