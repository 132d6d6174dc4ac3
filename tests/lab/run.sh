#!/usr/bin/env bash
# shellcheck disable=SC2054 # commas inside qemu option values are intended
# Boot the lab VM once and run SCRIPT [ARGS...] inside it as root.
#
#   tests/lab/run.sh tests/lab/smoke.sh
#
# The VM's root is the host's / (9p, read-only) under a tmpfs overlay, so the
# checkout, dotnet, ipvsadm, iproute2 and busybox are at the same paths as on
# the host. The job runs in the host's current directory. SCRIPT is run with
# bash if it is a file without the execute bit, else executed as a command.
#
# Env:
#   LAB_OUT      host directory shared read-write at the same path in the VM
#                (default: $REPO/artifacts/lab)
#   LAB_TIMEOUT  wall-clock limit in seconds for the whole VM (default 1200)
#   LAB_ENV      "NAME1 NAME2": host variables to pass in (nothing else is)
#   LAB_KERNEL   kernel series, see prepare.sh (default: 6.1)
#   LAB_CACHE    cache directory (default: $REPO/.lab)
#   LAB_MEM      guest memory in MiB (default 4096)
#   LAB_SMP      guest vCPUs (default 2)
#   LAB_ACCEL    tcg (default) or kvm; kvm only helps with real VMX/SVM
#   LAB_VERBOSE  1: also stream the boot log
#   LAB_APISERVER_PORT  a host TCP port on 127.0.0.1 (an API server): the VM
#                gets one user-mode NIC whose only reachable address is
#                10.0.2.100:6443, forwarded to that port by socat on the host
#                (the guest brings it up: modprobe virtio_net, 10.0.2.15/24)
#
# Exit status: the script's, or 124 on timeout, 125 if the VM ended without
# reporting one.
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$LAB_DIR/../.." && pwd)"
export LAB_CACHE="${LAB_CACHE:-$REPO/.lab}"
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

if (($# < 1)); then
    echo "usage: $0 SCRIPT [ARGS...]" >&2
    exit 2
fi

LAB_TIMEOUT="${LAB_TIMEOUT:-1200}"
LAB_MEM="${LAB_MEM:-4096}"
LAB_SMP="${LAB_SMP:-2}"
LAB_VERBOSE="${LAB_VERBOSE:-0}"
LAB_OUT="${LAB_OUT:-$REPO/artifacts/lab}"
mkdir -p "$LAB_OUT"
LAB_OUT="$(realpath "$LAB_OUT")"
case "$LAB_OUT" in
    / | /proc | /proc/* | /sys | /sys/* | /dev | /dev/*)
        echo "lab: LAB_OUT cannot be $LAB_OUT" >&2; exit 2 ;;
esac

say() { printf 'lab: %s\n' "$*" >&2; }

# --- kernel cache -----------------------------------------------------------
series="$(lab_series)"
env_file="$LAB_CACHE/kernel-$series.env"
needs_prepare() {
    [[ -f $env_file ]] || return 0
    # shellcheck source=/dev/null
    source "$env_file"
    [[ -f $LAB_VMLINUX && -f $LAB_INITRD && -d $LAB_MODULES/$LAB_KVER ]] || return 0
    # The initramfs is rebuilt when guest/init or prepare.sh changed.
    [[ "$(cat "$LAB_CACHE/$LAB_KVER/ready" 2>/dev/null)" == "$(lab_initramfs_inputs_hash)" ]] || return 0
    command -v qemu-system-x86_64 >/dev/null || return 0
    return 1
}
if needs_prepare; then
    "$LAB_DIR/prepare.sh"
fi
# shellcheck source=/dev/null
source "$env_file"

# --- accelerator ------------------------------------------------------------
# /dev/kvm may be kvm_pvm (software nested virtualisation) where a stock
# kernel does not finish booting: use KVM only with real VMX/SVM.
accel="${LAB_ACCEL:-}"
if [[ -z $accel ]]; then
    accel=tcg
    if [[ -w /dev/kvm && ! -d /sys/module/kvm_pvm ]] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
        accel=kvm
    fi
fi
case "$accel" in
    tcg) accel_args=(-accel tcg,thread=multi -cpu max) ;;
    # qemu 7.2 aborts on MSR 0x10a with plain -cpu host.
    kvm) accel_args=(-accel kvm -cpu host,-arch-capabilities) ;;
    *) say "LAB_ACCEL must be tcg or kvm"; exit 2 ;;
esac

# --- the job ----------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/lab-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT
nonce="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

cmd=("$@")
if [[ -f $1 && ! -x $1 ]]; then
    cmd=(/bin/bash "$@")
fi
pass_env=()
for name in ${LAB_ENV:-}; do
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { say "bad name in LAB_ENV: $name"; exit 2; }
    if [[ -n ${!name+x} ]]; then
        pass_env+=("$name=${!name}")
    fi
done

# job.env is read by busybox sh in stage 1 (scalars, POSIX quoting);
# job.bash adds the arrays for stage 2 (bash).
sh_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
mkdir -p "$work/job/job"
{
    echo "LAB_NONCE=$(sh_quote "$nonce")"
    echo "LAB_OUT=$(sh_quote "$LAB_OUT")"
    echo "LAB_CWD=$(sh_quote "$PWD")"
    echo "LAB_REPO=$(sh_quote "$REPO")"
    echo "LAB_VERBOSE=$(sh_quote "$LAB_VERBOSE")"
} >"$work/job/job/job.env"
{
    printf 'LAB_CMD=('; printf ' %q' "${cmd[@]}"; printf ' )\n'
    printf 'LAB_PASS_ENV=('; ((${#pass_env[@]} == 0)) || printf ' %q' "${pass_env[@]}"; printf ' )\n'
} >"$work/job/job/job.bash"
cp "$LAB_DIR/guest/stage2.sh" "$work/job/job/stage2.sh"
# The kernel unpacks concatenated cpio archives in order: the cached
# initramfs plus this small per-run one with /job.
(cd "$work/job" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$work/job.cpio.gz"
cat "$LAB_INITRD" "$work/job.cpio.gz" >"$work/initrd"

# --- boot -------------------------------------------------------------------
# -nodefaults and no -nic/-netdev: the VM has no network device at all; all
# lab traffic stays in namespaces inside it (but LAB_APISERVER_PORT's NIC).
# no_timer_check: under TCG on a loaded host (load 58 on 2 cores, issue 15's
# make test-under-load) the boot's check that the timer IRQ ticks through
# the IO-APIC missed its window and the kernel panicked ("IO-APIC + timer
# doesn't work!"); the emulated PIT is fine, only late (cloud images pass it too).
qemu=(
    qemu-system-x86_64 -nodefaults -no-user-config -machine pc
    "${accel_args[@]}" -smp "$LAB_SMP" -m "$LAB_MEM"
    -display none -serial stdio -no-reboot
    -kernel "$LAB_VMLINUX" -initrd "$work/initrd"
    -append "console=ttyS0 panic=-1 quiet mitigations=off no_timer_check"
    -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
    -fsdev "local,id=labmods,path=$LAB_MODULES,security_model=none,readonly=on"
    -device virtio-9p-pci,fsdev=labmods,mount_tag=labmods
    -fsdev "local,id=labout,path=$LAB_OUT,security_model=none,multidevs=remap"
    -device virtio-9p-pci,fsdev=labout,mount_tag=labout
)
# The cluster suite's one way out: restrict=on lets the guest reach nothing
# but the guestfwd, a TCP connection to 10.0.2.100:6443 that qemu hands to a
# socat it starts on the host, connected to the API server on loopback.
if [[ -n ${LAB_APISERVER_PORT:-} ]]; then
    [[ $LAB_APISERVER_PORT =~ ^[0-9]+$ ]] || { say "LAB_APISERVER_PORT must be a port number"; exit 2; }
    command -v socat >/dev/null || { say "LAB_APISERVER_PORT needs socat on the host (prepare.sh)"; exit 2; }
    qemu+=(
        -netdev "user,id=api,restrict=on,guestfwd=tcp:10.0.2.100:6443-cmd:socat - TCP:127.0.0.1:$LAB_APISERVER_PORT"
        -device virtio-net-pci,netdev=api
    )
fi

# Reads the serial console: strips CRs, hides the boot log (kept for error
# reports) until the start marker, streams the job's output, and records the
# exit status from the end marker.
# Seconds between two $EPOCHREALTIME values, one decimal.
elapsed() {
    local us=$(( (${2/./} - ${1/./}) / 100000 ))
    printf '%d.%ds' $((us / 10)) $((us % 10))
}
filter() {
    local line phase=boot t0=$EPOCHREALTIME t1 head
    while IFS= read -r line || [[ -n $line ]]; do
        line="${line//$'\r'/}"
        case "$line" in
            *"@@LAB:$nonce:start@@"*)
                phase=run
                t1=$EPOCHREALTIME
                : >"$work/started"
                say "$LAB_KVER booted in $(elapsed "$t0" "$t1") ($accel)"
                continue
                ;;
            *"@@LAB:$nonce:exit="*)
                head="${line%%@@LAB:*}"
                [[ -z $head ]] || printf '%s\n' "$head"
                line="${line#*@@LAB:"$nonce":exit=}"
                echo "${line%%@@*}" >"$work/rc"
                say "job finished in $(elapsed "${t1:-$t0}" "$EPOCHREALTIME"), exit ${line%%@@*}"
                phase=finished
                continue
                ;;
            *"@@LAB:$nonce:fail@@"*)
                phase=failed
                continue
                ;;
        esac
        printf '%s\n' "$line" >>"$work/console.log"
        if [[ $phase == run || $LAB_VERBOSE == 1 ]]; then
            printf '%s\n' "$line"
        fi
    done
}

set +e
# --foreground: stay in the terminal's process group so Ctrl-C reaches qemu
# too (otherwise it would outlive run.sh until LAB_TIMEOUT).
timeout --foreground -k 10 "$LAB_TIMEOUT" "${qemu[@]}" </dev/null 2>"$work/qemu.err" | filter
status=("${PIPESTATUS[@]}")
set -e

if [[ -f $work/rc ]]; then
    exit "$(cat "$work/rc")"
fi
if [[ ${status[0]} == 124 || ${status[0]} == 137 ]]; then
    say "TIMEOUT: the VM did not finish within LAB_TIMEOUT=${LAB_TIMEOUT}s (no exit marker)"
    rc=124
else
    say "the VM ended without reporting an exit status (qemu exit ${status[0]})"
    rc=125
fi
if [[ -s $work/qemu.err ]]; then
    say "qemu stderr:"; sed 's/^/  /' "$work/qemu.err" >&2
fi
# The job's own output was streamed already; a boot that never reached the
# job was hidden, so show its end.
if [[ ! -f $work/started && -s $work/console.log && $LAB_VERBOSE != 1 ]]; then
    say "last boot console lines:"; tail -n 40 "$work/console.log" | sed 's/^/  /' >&2
fi
exit "$rc"
