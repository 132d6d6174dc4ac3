#!/usr/bin/env bash
# Capture the netlink conversation of real ipvsadm and ip commands against the
# lab kernel, one file per command, as golden data for the netlink codec.
#
# Inside the VM (writes $LAB_OUT/netlink-captures/, or DIR):
#   tests/lab/run.sh tests/lab/capture-netlink.sh [DIR]
# On the host (does the above, then replaces the committed captures in
# tests/LvsOperator.Netlink.Tests/Golden/Captured/):
#   tests/lab/capture-netlink.sh
#
# How: a fresh netns gets an nlmon device, the netlink tap, which sees every
# netlink message to or from a socket in that netns, both directions. One
# tcpdump records the whole session; each command's wall-clock window says
# which datagrams are its own; nlmon2txt.py writes the files.
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$LAB_DIR/../.." && pwd)"
CAPTURED="$REPO/tests/LvsOperator.Netlink.Tests/Golden/Captured"
NS=nlcap

# --- host mode: run in the VM, then install the result ----------------------
# The default kernel's captures live in Captured/, another series' in
# Captured/kernel-<series>/ (LAB_KERNEL=6.12 -> Captured/kernel-6.12/).
if [[ ${LAB:-} != 1 ]]; then
    # shellcheck source=lib.sh
    source "$LAB_DIR/lib.sh"
    series="$(lab_series)"
    dest="$CAPTURED"
    [[ $series == 6.1 ]] || dest="$CAPTURED/kernel-$series"
    export LAB_OUT="${LAB_OUT:-$REPO/artifacts/lab}"
    mkdir -p "$LAB_OUT"
    LAB_OUT="$(realpath "$LAB_OUT")"
    "$LAB_DIR/run.sh" "$LAB_DIR/capture-netlink.sh" "$LAB_OUT/netlink-captures-$series"
    mkdir -p "$dest"
    find "$dest" -maxdepth 1 -name '[0-9]*-*.txt' -delete
    cp "$LAB_OUT/netlink-captures-$series"/[0-9]*-*.txt "$dest/"
    echo "installed $(find "$dest" -maxdepth 1 -name '[0-9]*-*.txt' | wc -l) captures in $dest"
    exit 0
fi

# --- VM, second stage: inside the capture netns -----------------------------
if [[ ${1:-} == --in-netns ]]; then
    out="$2" work="$3"
    index="$work/index.tsv"
    : >"$index"

    ip link add nlmon0 type nlmon
    ip link set nlmon0 up
    # -U: write each packet as it comes; -s 0: whole datagrams (dumps are big).
    tcpdump -i nlmon0 -s 0 -U -w "$work/capture.pcap" 2>"$work/tcpdump.err" &
    tcpdump_pid=$!
    for _ in $(seq 1 100); do
        grep -q 'listening on' "$work/tcpdump.err" && break
        sleep 0.1
    done
    grep -q 'listening on' "$work/tcpdump.err" || { cat "$work/tcpdump.err"; exit 1; }
    sleep 0.5

    n=0
    # cap SLUG COMMAND...: run one command alone in its own time window.
    # Failing commands are captured too (their NLMSG_ERROR is golden data).
    cap() {
        local slug="$1"; shift
        n=$((n + 1))
        local id t0 t1 rc
        id="$(printf '%02d' "$n")"
        t0="$(date +%s.%N)"
        set +e
        "$@" >"$work/$id.out" 2>&1
        rc=$?
        set -e
        t1="$(date +%s.%N)"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$slug" "$t0" "$t1" "$rc" "$id.out" "$*" >>"$index"
        printf '%s %-34s exit %s  %s\n' "$id" "$slug" "$rc" "$*"
        # A gap between windows, so no datagram sits on a boundary.
        sleep 0.2
    }

    # Before lo is up the netns has no local routing table, and IPVS rejects
    # every destination with EINVAL: a real-world pitfall worth a golden file.
    cap ipvs-add-service-tcp4-lo-down ipvsadm -A -t 192.0.2.1:80 -s wrr
    cap ipvs-add-dest-einval-lo-down ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.2:80 -g -w 2
    cap link-set-lo-up ip link set lo up
    cap ipvs-del-service-tcp4 ipvsadm -D -t 192.0.2.1:80

    # Services: protocols, families, fwmarks, schedulers with flags,
    # persistence, one-packet scheduling, persistence engine.
    cap ipvs-add-service-tcp4 ipvsadm -A -t 192.0.2.1:80 -s wrr
    cap ipvs-edit-service-tcp4 ipvsadm -E -t 192.0.2.1:80 -s rr
    cap ipvs-add-service-udp4 ipvsadm -A -u 192.0.2.1:53 -s rr
    cap ipvs-add-service-sctp4 ipvsadm -A --sctp-service 192.0.2.1:3868 -s rr
    cap ipvs-add-service-tcp6 ipvsadm -A -t '[2001:db8::1]:80' -s wlc
    cap ipvs-add-service-udp6 ipvsadm -A -u '[2001:db8::1]:53' -s lc
    cap ipvs-add-service-sctp6 ipvsadm -A --sctp-service '[2001:db8::1]:3868' -s rr
    cap ipvs-add-service-fwmark4 ipvsadm -A -f 1 -s rr
    cap ipvs-add-service-fwmark6 ipvsadm -A -f 2 -6 -s rr
    cap ipvs-add-service-sh-flags ipvsadm -A -t 192.0.2.2:80 -s sh -b sh-fallback,sh-port
    cap ipvs-add-service-mh-port ipvsadm -A -t 192.0.2.3:80 -s mh -b mh-port
    cap ipvs-add-service-persistent4 ipvsadm -A -t 192.0.2.4:443 -s rr -p 60 -M 255.255.255.0
    cap ipvs-add-service-persistent6 ipvsadm -A -t '[2001:db8::4]:443' -s rr -p 300 -M 64
    cap ipvs-add-service-ops ipvsadm -A -u 192.0.2.5:53 -s rr -o
    cap ipvs-add-service-pe-sip ipvsadm -A -u 192.0.2.6:5060 -s rr -p 60 --pe sip
    cap ipvs-edit-service-persistent4 ipvsadm -E -t 192.0.2.4:443 -s wrr -p 120 -M 255.255.255.0
    cap ipvs-edit-service-udp6 ipvsadm -E -u '[2001:db8::1]:53' -s wrr
    cap ipvs-edit-service-fwmark6 ipvsadm -E -f 2 -6 -s wrr
    cap ipvs-add-service-exists ipvsadm -A -t 192.0.2.1:80 -s rr

    # Destinations: forwarding methods, weights, thresholds, tunnel types.
    cap ipvs-add-dest-route ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.2:80 -g -w 2
    cap ipvs-add-dest-masq-portmap ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.3:8080 -m -w 1
    cap ipvs-add-dest-tunnel ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.4:80 -i -w 3
    cap ipvs-add-dest-thresholds ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.5:80 -m -w 5 -x 1000 -y 100
    cap ipvs-add-dest-tunnel-gue ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.6:80 -i --tun-type gue --tun-port 6080 --tun-nocsum
    cap ipvs-add-dest-tunnel-gre ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.7:80 -i --tun-type gre --tun-csum
    cap ipvs-add-dest-udp4 ipvsadm -a -u 192.0.2.1:53 -r 198.18.0.2:53 -m
    cap ipvs-add-dest-tcp6 ipvsadm -a -t '[2001:db8::1]:80' -r '[2001:db8:1::2]:8080' -m -w 1
    cap ipvs-add-dest-fwmark4 ipvsadm -a -f 1 -r 198.18.0.8 -g -w 1
    # ipvsadm wants a port after a bracketed IPv6 address; 0 is what it
    # sends for an IPv4 one without a port.
    cap ipvs-add-dest-fwmark6 ipvsadm -a -f 2 -6 -r '[2001:db8:1::8]:0' -g
    cap ipvs-add-dest-exists ipvsadm -a -t 192.0.2.1:80 -r 198.18.0.2:80 -g
    cap ipvs-edit-dest-drain ipvsadm -e -t 192.0.2.1:80 -r 198.18.0.2:80 -g -w 0
    cap ipvs-edit-dest-thresholds ipvsadm -e -t 192.0.2.1:80 -r 198.18.0.5:80 -m -w 5 -x 2000 -y 200

    # Reads. GET_INFO comes first in every ipvsadm run; -L dumps services,
    # then destinations per service.
    cap ipvs-list ipvsadm -L -n
    cap ipvs-list-stats ipvsadm -L -n --stats
    cap ipvs-list-rate ipvsadm -L -n --rate
    cap ipvs-list-one-service ipvsadm -L -n -t 192.0.2.1:80
    cap ipvs-list-tun-info ipvsadm -L -n --tun-info
    # Connections are read from /proc/net/ip_vs_conn, not netlink.
    cap ipvs-list-connections ipvsadm -L -n -c
    cap ipvs-zero-all ipvsadm -Z
    cap ipvs-zero-service ipvsadm -Z -t 192.0.2.1:80

    # Timeouts and the sync daemon.
    cap ipvs-set-timeouts ipvsadm --set 900 120 300
    cap ipvs-list-timeouts ipvsadm -L --timeout
    cap ipvs-start-daemon-master ipvsadm --start-daemon master --mcast-interface lo --syncid 5
    cap ipvs-start-daemon-backup ipvsadm --start-daemon backup --mcast-interface lo --syncid 5
    cap ipvs-list-daemon ipvsadm -L --daemon
    cap ipvs-stop-daemon-master ipvsadm --stop-daemon master
    cap ipvs-start-daemon-master-options ipvsadm --start-daemon master --mcast-interface lo --syncid 6 \
        --sync-maxlen 1400 --mcast-group 239.255.0.1 --mcast-port 8849 --mcast-ttl 2
    cap ipvs-list-daemon-options ipvsadm -L --daemon
    cap ipvs-stop-daemon-master-options ipvsadm --stop-daemon master
    cap ipvs-stop-daemon-backup ipvsadm --stop-daemon backup

    # Removal, and the errors for what is not there.
    cap ipvs-del-dest ipvsadm -d -t 192.0.2.1:80 -r 198.18.0.4:80
    cap ipvs-del-dest-missing ipvsadm -d -t 192.0.2.1:80 -r 198.18.0.99:80
    cap ipvs-del-service-missing ipvsadm -D -t 192.0.2.99:80
    cap ipvs-del-service-tcp4-with-dests ipvsadm -D -t 192.0.2.1:80
    cap ipvs-del-service-udp4 ipvsadm -D -u 192.0.2.1:53
    cap ipvs-del-service-sctp4 ipvsadm -D --sctp-service 192.0.2.1:3868
    cap ipvs-del-service-tcp6 ipvsadm -D -t '[2001:db8::1]:80'
    cap ipvs-del-service-udp6 ipvsadm -D -u '[2001:db8::1]:53'
    cap ipvs-del-service-sctp6 ipvsadm -D --sctp-service '[2001:db8::1]:3868'
    cap ipvs-del-service-fwmark4 ipvsadm -D -f 1
    cap ipvs-del-service-fwmark6 ipvsadm -D -f 2 -6
    # The product never flushes (it deletes only what it owns); captured
    # for the codec's completeness.
    cap ipvs-flush ipvsadm -C
    cap ipvs-list-empty ipvsadm -L -n

    # rtnetlink: addresses and a dummy interface for VIPs.
    cap addr-add-ip4 ip addr add 192.0.2.10/32 dev lo
    cap addr-add-ip4-exists ip addr add 192.0.2.10/32 dev lo
    cap addr-del-ip4 ip addr del 192.0.2.10/32 dev lo
    cap addr-del-ip4-missing ip addr del 192.0.2.10/32 dev lo
    cap addr-add-ip6-nodad ip -6 addr add 2001:db8::10/128 dev lo nodad
    cap addr-del-ip6 ip -6 addr del 2001:db8::10/128 dev lo
    cap link-add-dummy ip link add lvs0 type dummy
    cap link-set-dummy-up ip link set lvs0 up
    cap addr-add-ip4-dummy ip addr add 192.0.2.11/32 dev lvs0
    cap addr-add-ip6-dummy ip -6 addr add 2001:db8::11/128 dev lvs0 nodad
    cap addr-show ip addr show
    cap addr-show-dev ip -4 addr show dev lvs0
    cap link-show ip link show
    cap link-del-dummy ip link del lvs0

    sleep 0.5
    kill -INT "$tcpdump_pid"
    wait "$tcpdump_pid" || true
    cat "$work/tcpdump.err"

    python3 "$LAB_DIR/nlmon2txt.py" --pcap "$work/capture.pcap" --index "$index" --out "$out" \
        --header "kernel: $(uname -r)" \
        --header "ipvsadm: $(ipvsadm --version 2>&1 | head -n1)" \
        --header "iproute2: $(ip -V 2>&1 | head -n1)"
    exit 0
fi

# --- VM, first stage: set up the netns and re-enter this script inside it ---
out="${1:-$LAB_OUT/netlink-captures}"
rm -rf "$out"
mkdir -p "$out"
# raw/ keeps the pcap, the command index and outputs: nlmon2txt.py can be
# re-run on them on the host without booting the VM.
work="$out/raw"
mkdir -p "$work"

# Load modules up front so module loading never happens inside a window
# (ip_vs itself would also autoload on the genl family lookup).
modprobe -a nlmon ip_vs ip_vs_rr ip_vs_wrr ip_vs_wlc ip_vs_lc ip_vs_sh ip_vs_mh \
    ip_vs_pe_sip dummy
# Only tunnel types the kernel and ipvsadm know can be captured.
help="$(ipvsadm --help 2>&1 || true)"
[[ $help == *--tun-type* ]] ||
    echo "note: this ipvsadm has no --tun-type; the gue/gre captures will show its error"

ip netns add "$NS"
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT
ip netns exec "$NS" bash "$LAB_DIR/capture-netlink.sh" --in-netns "$out" "$work"
echo "captures in $out"
