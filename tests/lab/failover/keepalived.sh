# shellcheck shell=bash
# Keepalived interoperability (issue 7), sourced by scenarios.sh inside the lab VM: Debian's keepalived (2.2.7)
# is the second director, in its own namespace on br-lan (lab-keepalived, 198.18.0.4), with the same VRID and
# plain unauthenticated VRRPv3 at 100 ms adverts, the VIP on its own d-lan and the two services in its own
# virtual_server blocks, as a keepalived director is set up. director-b's agent is stopped first, so the
# election is between director-a's agent (priority 150) and keepalived only.
#   keepalived_scenarios REPEATS   the scenarios of tests/lab/failover/README.md ("Keepalived interoperability");
#                                  keepalived's namespace ($K) must be on br-lan before the traffic starts (setup)
# Uses scenarios.sh's helpers and variables (check, note, node_death, restore_a, holds_vip, PEER, ...).

K="$(topo_ns keepalived)"
KDIR="$TOPO_STATE/keepalived"

# keepalived_conf PRIORITY: one vrrp_instance and the lab's two DR services; state BACKUP with preemption (the
# default), so the priorities alone decide who is master, as for the agents. No `lvs_sync_daemon`: keepalived
# 2.2.7 switches the IPVS sync daemon on each transition (stop the other role's daemon, start its own) and waits
# for each netlink acknowledgement with no timeout; on the 6.1 kernel a daemon stopped before its kernel thread
# first ran is stopped with no acknowledgement (README.md, "The sync daemon that did not answer"), so a MASTER
# entry undone within a moment (a stall of the whole VM does that) leaves keepalived's VRRP process blocked in
# netlink_recvmsg for good, holding the VIP and sending nothing. keepalived-hang.sh reproduces it within 60-90 s
# of flapping, with no agent running. The sync daemons of keepalived's namespace are started once with ipvsadm
# instead (keepalived_sync).
keepalived_conf() {
    local port rs
    cat <<CONF
global_defs {
    router_id lab-keepalived
    vrrp_version 3
}
vrrp_instance VI_51 {
    state BACKUP
    interface d-lan
    virtual_router_id 51
    priority $1
    advert_int 0.1
    virtual_ipaddress {
        $VIP/32 dev d-lan
    }
}
CONF
    for port in 10087 10088; do
        printf 'virtual_server %s %s {\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n' "$VIP" "$port"
        for rs in 102 103 104; do printf '    real_server 198.18.0.%s %s {\n        weight 1\n    }\n' "$rs" "$port"; done
        printf '}\n'
    done
}

# keepalived_start PRIORITY: in the foreground (-n), logging to its stderr (-l -D) and not to syslog (-G: without
# a syslog socket glibc writes to /dev/console, the VM's serial line), pid files in KDIR (no systemd in the VM);
# every log line stamped with the time it was written.
keepalived_start() {
    mkdir -p "$KDIR"
    keepalived_conf "$1" >"$KDIR/keepalived.conf"
    printf '=== %s keepalived_start priority %s\n' "$EPOCHREALTIME" "$1" >>"$KDIR/keepalived.log"
    ip netns exec "$K" keepalived -n -l -D -G -f "$KDIR/keepalived.conf" \
        -p "$KDIR/keepalived.pid" -r "$KDIR/vrrp.pid" -c "$KDIR/checkers.pid" \
        </dev/null > >(exec >>"$KDIR/keepalived.log" 2>/dev/null; _topo_stamp) 2>&1 &
    printf '%s\n' "$!" >"$KDIR/main.pid"
}

# keepalived_sync: the master and the backup sync daemon of keepalived's namespace (sync id 51 on d-lan, as the
# agents use), both running for the whole suite, so that nothing switches them at a transition: the backup daemon
# learns the agent master's connections, the master daemon sends keepalived's own when it is master.
keepalived_sync() {
    ip netns exec "$K" ipvsadm --start-daemon master --mcast-interface d-lan --syncid 51
    ip netns exec "$K" ipvsadm --start-daemon backup --mcast-interface d-lan --syncid 51
}

# keepalived_pids: the parent (ip netns exec execs it, and keepalived.pid names it again) and its VRRP and
# checker children. Builtins only: an exec costs 0.1-0.5 s under TCG.
keepalived_pids() {
    local f
    for f in main keepalived vrrp checkers; do
        [[ -s $KDIR/$f.pid ]] && printf '%s\n' "$(<"$KDIR/$f.pid")"
    done
    return 0
}

# keepalived_stop SIGNAL: TERM is a clean stop (priority 0, VIP and services removed), KILL a crash.
keepalived_stop() {
    local pid i alive
    for pid in $(keepalived_pids); do kill "-$1" "$pid" 2>/dev/null || true; done
    # The parent is this shell's child: wait reaps it (a zombie would still answer kill -0).
    [[ ! -s $KDIR/main.pid ]] || wait "$(<"$KDIR/main.pid")" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        alive=0
        for pid in $(keepalived_pids); do
            if running "$pid"; then alive=1; fi # not `running && alive=1`: a loop ending false trips set -e
        done
        ((alive)) || break
        sleep 0.1
    done
    rm -f "$KDIR"/*.pid
}

running() { # PID: exists and is not a zombie (the children's new parent may not reap them at once)
    local stat
    # read, not $(<...): under set -e a failed $(<file) ends the shell whatever || follows.
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    stat="${stat##*) }"
    [[ ${stat%% *} != Z ]]
}

keepalived_state() { # the last state keepalived entered: MASTER, BACKUP, FAULT
    sed -n 's/.*(VI_51) Entering \([A-Z]*\) STATE.*/\1/p' "$KDIR/keepalived.log" | tail -n 1
}
keepalived_is() { [[ $(keepalived_state) == "$1" ]]; }

# keepalived_became_master SINCE: seconds from SINCE to keepalived's first "Entering MASTER STATE" after it.
keepalived_became_master() {
    awk -v since="$1" '$1 >= since && /Entering MASTER STATE/ {printf "%.3f\n", $1 - since; found = 1; exit} END {exit !found}' \
        "$KDIR/keepalived.log"
}

# keepalived_death: keepalived's node dies: every keepalived process killed (-9), its link cut, its VIP gone.
keepalived_death() {
    local kill cut pid pids
    pids="$(keepalived_pids)"
    kill="$EPOCHREALTIME"
    for pid in $pids; do kill -9 "$pid" 2>/dev/null || true; done
    ip -n "$K" link set d-lan down
    cut="$EPOCHREALTIME"
    # Only now the wait for the processes to be gone: under TCG their exit takes up to seconds.
    keepalived_stop KILL
    ip -n "$K" addr del "$VIP/32" dev d-lan 2>/dev/null || true
    printf 'death-to-agent|%s|%s\n' "$kill" "$cut" >>"$EVENTS"
    printf '%s\n' "$kill"
}

keepalived_back() { # PRIORITY: keepalived's node back (link, route) and keepalived started
    ip -n "$K" link set d-lan up
    ip -n "$K" route replace default via 198.18.0.1
    keepalived_start "$1"
}

# agent_went_backup NODE SINCE: the agent logged a Master -> Backup transition after SINCE.
agent_went_backup() {
    awk -v since="$2" '$1 >= since && /VRRP 51 \(InterNetwork\): Master -> Backup/ {found = 1} END {exit !found}' \
        "$TOPO_STATE/agent/$1.log"
}

# vrrp_seen NS SOURCE PRIORITY: tcpdump on NS's d-lan sees SOURCE's VRRPv3 adverts for VRID 51 at PRIORITY.
vrrp_seen() {
    local out
    out="$(ip netns exec "$1" timeout 5 tcpdump -n -p -c 3 -i d-lan vrrp 2>/dev/null || true)"
    printf '%s\n' "$out" | head -n 1
    grep -q "$2 > 224.0.0.18: VRRPv3, Advertisement, vrid 51, prio $3" <<<"$out"
}

# keepalived_kept_backup SINCE: keepalived entered MASTER state no time since SINCE while the agent lived, except
# right after a stall of the whole VM (stalls.sh, backup_kept): the agent's next advert sends keepalived back at
# once. A MASTER entry with no such stall is the agent's advertisements stopping.
keepalived_kept_backup() { backup_kept "$STALLS" "$KDIR/keepalived.log" 'Entering MASTER STATE' "$1"; }

keepalived_scenarios() {
    local repeats="$1" i t
    heading "6. Keepalived interoperability: keepalived is the second director (VRID 51, VRRPv3, 100 ms)"
    check "director-b's agent stopped (the election is agent against keepalived)" agent_stop director-b TERM
    PEER="$K"
    check "keepalived's namespace runs a master and a backup sync daemon (ipvsadm)" keepalived_sync
    keepalived_start 100
    check "keepalived (priority 100) is backup to director-a's agent (150)" wait_until 10 keepalived_is BACKUP
    check "keepalived programmed both services from its virtual_server blocks" has_both_services "$K"
    t="$EPOCHREALTIME"
    check "keepalived receives the agent's adverts: tcpdump in its namespace" vrrp_seen "$K" 198.18.0.2 150
    sleep 2
    check "keepalived stayed backup (the agent's adverts reset its master-down timer)" keepalived_kept_backup "$t"
    # After a stall of the whole VM both may hold it for one advertisement interval: wait for the steady state.
    check "only director-a holds the VIP" wait_until 5 only_holder "$A" "$K"
    check "keepalived's backup sync daemon learns the agent's connections" wait_until 10 knows_connection "$K" 10087

    for ((i = 1; i <= repeats; i++)); do
        t="$(node_death death-to-keepalived)"
        check "agent death $i: keepalived holds the VIP" wait_until 15 only_holder "$K" "$A"
        note "keepalived master $(keepalived_became_master "$t" || echo '?') s after the kill"
        check "agent death $i: the router reaches the VIP at keepalived's MAC" wait_until 5 router_points_at "$K"
        sleep 3
        check "agent death $i: director-a back, preempts keepalived (150 > 100)" restore_a
        # Its log comes through a stamping pipe that lags on a loaded VM.
        check "agent death $i: keepalived went back to backup" wait_until 15 keepalived_is BACKUP
        sleep 2
    done

    heading "7. Keepalived master (priority 200): the agent yields, and takes over when keepalived dies"
    for ((i = 1; i <= repeats; i++)); do
        keepalived_stop TERM
        t="$EPOCHREALTIME"
        printf 'preempt-by-keepalived|%s|%s\n' "$t" "$t" >>"$EVENTS"
        keepalived_back 200
        check "keepalived $i: master at priority 200, preempting the agent" wait_until 15 only_holder "$K" "$A"
        note "keepalived master $(keepalived_became_master "$t" || echo '?') s after its start"
        check "keepalived $i: director-a's agent went backup on keepalived's adverts" agent_went_backup director-a "$t"
        check "keepalived $i: the agent receives keepalived's adverts: tcpdump in director-a" vrrp_seen "$A" 198.18.0.4 200
        check "keepalived $i: the router reaches the VIP at keepalived's MAC" wait_until 5 router_points_at "$K"
        sleep 3
        t="$(keepalived_death)"
        check "keepalived death $i: director-a holds the VIP" wait_until 15 only_holder "$A" "$K"
        note "director-a master $(became_master director-a "$t" || echo '?') s after the kill"
        check "keepalived death $i: the router reaches the VIP at director-a's MAC" wait_until 5 router_points_at "$A"
        sleep 3
    done
    note "keepalived's transitions:"
    grep -h "Entering\|sync daemon\|IPVS" "$KDIR/keepalived.log" | tail -n 20 | sed "s/^/      /" || true
}
