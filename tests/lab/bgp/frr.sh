# shellcheck shell=bash
# FRR in the BGP lab's namespaces (sourced by tests/lab/bgp/scenarios.sh, inside the VM). Each namespace gets its
# own FRR: zebra, bgpd and bfdd with the pathspace NAME (-N: vty sockets and pid files under /var/run/frr/NAME), and
# its own /etc/frr through `ip netns exec`'s /etc/netns/NS/frr bind mount, so the agent beside it writes
# /etc/frr/frr.conf (its default) without touching the others'. Logs in $FRR_LOGS/NAME.log (a directory the
# daemons can write once they run as the frr user; not under LAB_OUT, whose 9p mount is root's).
#
#   frr_up NS NAME        start the three daemons in NS (empty configuration); 0 once bgpd's vty answers
#   frr_kill NAME [SIG]   signal the daemons (default KILL) and wait until they are gone
#   frr_vtysh NS NAME CMD one vtysh command against NAME's daemons

FRR_LOGS="${FRR_LOGS:-/tmp/lvs-frr}"
FRR_DAEMONS=(zebra bfdd bgpd)

frr_up() {
    local ns="$1" name="$2" daemon i
    mkdir -p "/etc/netns/$ns/frr" "/var/run/frr/$name" "$FRR_LOGS"
    chown frr:frr "/var/run/frr/$name"
    chmod 1777 "$FRR_LOGS"
    # vtysh -N NAME and frr-reload --pathspace NAME read /etc/frr/NAME/vtysh.conf.
    mkdir -p "/etc/netns/$ns/frr/$name"
    printf 'service integrated-vtysh-config\n' | tee "/etc/netns/$ns/frr/vtysh.conf" >"/etc/netns/$ns/frr/$name/vtysh.conf"
    [[ -e /etc/netns/$ns/frr/frr.conf ]] || printf 'frr defaults traditional\n' >"/etc/netns/$ns/frr/frr.conf"
    for daemon in "${FRR_DAEMONS[@]}"; do
        # -P 0: no TCP vty (the Unix socket only); --log: a file per namespace, all daemons in it.
        ip netns exec "$ns" "/usr/lib/frr/$daemon" -d -N "$name" -P 0 -F traditional \
            --log "file:$FRR_LOGS/$name.log" --log-level info </dev/null >>"$FRR_LOGS/$name.start" 2>&1 || return 1
    done
    for ((i = 0; i < 150; i++)); do
        frr_vtysh "$ns" "$name" "show bgp summary json" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "FRR $name in $ns: bgpd's vty does not answer" >&2
    tail -n 20 "$FRR_LOGS/$name.start" "$FRR_LOGS/$name.log" >&2 2>/dev/null
    return 1
}

frr_kill() {
    local name="$1" sig="${2:-KILL}" daemon pid i
    local -a pids=()
    for daemon in "${FRR_DAEMONS[@]}"; do
        pid="$(cat "/var/run/frr/$name/$daemon.pid" 2>/dev/null)" || continue
        kill "-$sig" "$pid" 2>/dev/null && pids+=("$pid")
    done
    for pid in "${pids[@]}"; do
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
    rm -f "/var/run/frr/$name"/*.pid "/var/run/frr/$name"/*.vty
}

frr_vtysh() {
    ip netns exec "$1" vtysh -N "$2" -c "$3"
}
