#!/usr/bin/env bash
# Does keepalived 2.2.7 hang when its lvs_sync_daemon switch meets a sync daemon stopped before its kernel thread
# ran (README.md, "Keepalived's hang")? Inside the lab VM:
#   tests/lab/run.sh tests/lab/failover/keepalived-hang.sh [SECONDS] [SYNC]
# Two namespaces on a veth: vrrp-flap.py sends priority-150 adverts with gaps around the master-down interval of
# keepalived (priority 100, 100 ms adverts), so keepalived flaps BACKUP -> MASTER -> BACKUP. SYNC (default 1):
# keepalived's config has `lvs_sync_daemon`; 0: without it (the control). At the end keepalived must be BACKUP;
# if it is MASTER and silent, where its VRRP process waits is printed. Also shows that IPVS sync daemons are per
# network namespace (a daemon started in one is not seen in another).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
SECONDS_FLAP="${1:-60}" SYNC="${2:-1}"
D=/tmp/khang
rm -rf "$D"; mkdir -p "$D"
ip netns add kh-a; ip netns add kh-k
cleanup() {
    [[ ! -s $D/main.pid ]] || kill "$(<"$D/main.pid")" 2>/dev/null || true
    sleep 1
    ip netns del kh-a 2>/dev/null || true; ip netns del kh-k 2>/dev/null || true
}
trap cleanup EXIT
ip link add v netns kh-a type veth peer name v netns kh-k
ip -n kh-a addr add 198.18.200.1/24 dev v; ip -n kh-a link set v up
ip -n kh-k addr add 198.18.200.2/24 dev v; ip -n kh-k link set v up
ip -n kh-a link set lo up; ip -n kh-k link set lo up

echo "== per-namespace sync daemons: master daemon started in kh-a"
ip netns exec kh-a ipvsadm --start-daemon master --mcast-interface v --syncid 52
echo "kh-a: $(ip netns exec kh-a ipvsadm -L --daemon | tr '\n' ' ')"
echo "kh-k: $(ip netns exec kh-k ipvsadm -L --daemon | tr '\n' ' ')(empty: not shared)"
ip netns exec kh-a ipvsadm --stop-daemon master

{
    echo "global_defs {"
    echo "    router_id kh"
    echo "    vrrp_version 3"
    ((SYNC)) && echo "    lvs_sync_daemon v VI_52 id 52"
    echo "}"
    echo "vrrp_instance VI_52 {"
    echo "    state BACKUP"
    echo "    interface v"
    echo "    virtual_router_id 52"
    echo "    priority 100"
    echo "    advert_int 0.1"
    echo "    virtual_ipaddress {"
    echo "        192.0.2.200/32 dev v"
    echo "    }"
    echo "}"
} >"$D/keepalived.conf"
ip netns exec kh-k keepalived -n -l -D -G -f "$D/keepalived.conf" -p "$D/keepalived.pid" -r "$D/vrrp.pid" \
    </dev/null >"$D/keepalived.log" 2>&1 &
echo "$!" >"$D/main.pid"
sleep 3
echo "== flapping for $SECONDS_FLAP s (sync daemon in keepalived's config: $SYNC)"
ip netns exec kh-a python3 vrrp-flap.py v 198.18.200.1 52 150 "$SECONDS_FLAP" "$D/gaps.txt" &
flap=$!
# The flapper now sends steady adverts for 20 s: a live keepalived is BACKUP within one of them.
sleep "$((SECONDS_FLAP + 5))"
vrrp="$(<"$D/vrrp.pid")"
masters="$(grep -c 'Entering MASTER' "$D/keepalived.log" || true)"
last="$(sed -n 's/.*(VI_52) Entering \([A-Z]*\) STATE.*/\1/p' "$D/keepalived.log" | tail -n 1)"
echo "gaps: $(wc -l <"$D/gaps.txt"), keepalived MASTER entries: $masters, last state (steady adverts coming): $last"
echo "keepalived's sync daemons now: $(ip netns exec kh-k ipvsadm -L --daemon | tr '\n' ' ')"
echo "keepalived VRRP process $vrrp waits in: $(cat "/proc/$vrrp/wchan" 2>/dev/null)"
sed 's/^/  /' "/proc/$vrrp/stack" 2>/dev/null || true
tail -n 4 "$D/keepalived.log" | sed 's/^/  log: /'
wait "$flap" || true
cp "$D/keepalived.log" "${LAB_OUT:-/tmp}/keepalived-hang-sync$SYNC.log" 2>/dev/null || true
if [[ $last != BACKUP ]]; then echo "RESULT: keepalived did not follow the adverts (last state ${last:-none})"; exit 1; fi
echo "RESULT: keepalived settled as $last"
