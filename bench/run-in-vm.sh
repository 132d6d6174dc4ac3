#!/usr/bin/env bash
# Program SERVICES x DESTS IPVS tables through the netlink adapter and through `ipvsadm -R`, each into
# an empty table in a fresh network namespace, read them back both ways, and compare times.
#
#   dotnet build bench/LvsOperator.Netlink.Bench -c Release      # on the host
#   tests/lab/run.sh bench/run-in-vm.sh [SIZES...]                # default: 1000x10 10000x10
#
# Prints, per size: wall, user and system seconds of each run; for the adapter also the in-process
# phases (after .NET start-up) and ratios. The kernel executes each request inside the sender's
# sendmsg, so the adapter's system time in its program phase is the kernel's own cost (the floor);
# its user time there is what the adapter adds. Results also go to $LAB_OUT/bench/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
DLL="$HERE/LvsOperator.Netlink.Bench/bin/Release/net10.0/LvsOperator.Netlink.Bench.dll"
OUT="${LAB_OUT:-$REPO/artifacts/lab}/bench"

if [[ ${LAB:-} != 1 ]]; then
    echo "run-in-vm.sh: runs inside the lab VM; use tests/lab/run.sh $0" >&2
    exit 2
fi
[[ -f $DLL ]] || { echo "build first: dotnet build bench/LvsOperator.Netlink.Bench -c Release" >&2; exit 2; }
mkdir -p "$OUT"
export DOTNET_CLI_HOME=/tmp/dotnet-home HOME=/tmp/dotnet-home
mkdir -p "$HOME"
sizes=("$@")
((${#sizes[@]})) || sizes=(1000x10 10000x10)

# Load what both sides need, outside the timed runs.
modprobe -a ip_vs ip_vs_wrr
echo "kernel $(uname -r), $(nproc) vCPU, $(ipvsadm --version 2>&1 | head -n1)"
# One throw-away run so the page cache holds dotnet and the dll (the first start under TCG is slow).
unshare -n dotnet "$DLL" rules 1 1 >/dev/null

# timed NAME COMMAND...: runs in the current netns, appends "NAME wall user sys" to $times.
timed() {
    local name="$1"; shift
    local t
    t="$( { TIMEFORMAT='%R %U %S'; time "$@" >"$work/$name.out" 2>"$work/$name.err"; } 2>&1 )" || {
        echo "$name failed:"; cat "$work/$name.err"; exit 1; }
    echo "$name $t" >>"$times"
}

for size in "${sizes[@]}"; do
    services="${size%x*}" dests="${size#*x}"
    work="$(mktemp -d)"
    times="$work/times"
    : >"$times"
    dotnet "$DLL" rules "$services" "$dests" >"$work/rules"

    # ipvsadm: restore, then list (GET_SERVICE dump, then one GET_DEST dump per service).
    export -f timed
    export work times
    unshare -n bash -c '
        ip link set lo up
        timed ipvsadm-restore ipvsadm -R <"$work/rules"
        timed ipvsadm-list ipvsadm -Ln
        [[ $(grep -c "^TCP" "$work/ipvsadm-list.out") == '"$services"' ]] || { echo "ipvsadm: wrong service count"; exit 1; }
        [[ $(grep -c -- "-> 172\." "$work/ipvsadm-list.out") == '"$((services * dests))"' ]] || { echo "ipvsadm: wrong destination count"; exit 1; }
    '
    # The adapter: the same table in one process (start-up included in the outer time).
    unshare -n bash -c '
        ip link set lo up
        timed adapter-process dotnet "'"$DLL"'" program '"$services"' '"$dests"'
    '

    {
        echo "== $services services x $dests destinations ($((services * (dests + 1))) operations)"
        printf '%-24s %9s %9s %9s\n' run wall_s user_s sys_s
        while read -r name wall user sys; do printf '%-24s %9s %9s %9s\n' "$name" "$wall" "$user" "$sys"; done <"$times"
        while read -r phase wall user sys count; do printf '%-24s %9s %9s %9s  (%s)\n' "adapter:$phase" "$wall" "$user" "$sys" "$count"; done <"$work/adapter-process.out"
        awk -v t="$times" '
            FILENAME == t { w[$1] = $2; u[$1] = $3; s[$1] = $4; next }
            { pw[$1] = $2; pu[$1] = $3; ps[$1] = $4 }
            END {
                printf "ipvsadm restore / adapter program (wall):       %.2f\n", w["ipvsadm-restore"] / pw["program"]
                printf "ipvsadm list / adapter dump (wall):             %.2f\n", w["ipvsadm-list"] / pw["dump"]
                printf "adapter program wall / its kernel time (floor): %.3f\n", pw["program"] / ps["program"]
                printf "adapter program user / its kernel time:         %.3f\n", pu["program"] / ps["program"]
                printf "adapter whole process / ipvsadm restore (wall): %.2f\n", w["adapter-process"] / w["ipvsadm-restore"]
            }' "$times" "$work/adapter-process.out"
    } | tee "$OUT/bench-$size-$(uname -r).txt"
    rm -rf "$work"
done
