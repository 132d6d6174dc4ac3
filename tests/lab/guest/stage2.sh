#!/bin/bash
# Stage 2, PID 1 after switch_root, running the host's own bash from the
# shared root. Finishes the system setup, runs the job, prints the exit
# marker run.sh waits for, and powers off.
set -u
# shellcheck source=/dev/null
source /run/lab/job.env
# shellcheck source=/dev/null
source /run/lab/job.bash

marker() { printf '@@LAB:%s:%s@@\n' "$LAB_NONCE" "$1"; }
poweroff_now() {
    [[ -n ${kernel_log_pid:-} ]] && kill "$kernel_log_pid" 2>/dev/null
    sync
    umount "$LAB_OUT" 2>/dev/null
    echo o >/proc/sysrq-trigger
    sleep 10
    echo b >/proc/sysrq-trigger # -no-reboot turns a reboot into a qemu exit
}
setup() {
    # /tmp (tmpfs) was mounted by stage 1, before the results share.
    mkdir -p /dev/pts /dev/shm &&
    mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts &&
    mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm &&
    mount -t cgroup2 cgroup2 /sys/fs/cgroup &&
    # devtmpfs has no /dev/fd: bash process substitution needs it.
    ln -sfn /proc/self/fd /dev/fd &&
    ln -sfn /proc/self/fd/0 /dev/stdin &&
    ln -sfn /proc/self/fd/1 /dev/stdout &&
    ln -sfn /proc/self/fd/2 /dev/stderr &&
    # `ip netns add` bind-mounts under /run/netns (/var/run -> /run).
    mkdir -p /run/netns /run/lock &&
    ip link set lo up &&
    hostname lab
}
if ! setup; then
    echo "lab: stage2 setup failed"
    marker fail
    poweroff_now
fi

# The guest's kernel log, every level, kept in the results share as it is written: the console shows only
# errors (quiet), and a VM that wedges (a soft lockup, an RCU stall) must still leave its backtraces behind.
# All CPUs' backtraces on a soft lockup: one stuck CPU often waits on another.
# Named after the job's script (the cluster suite's command is bash with the script as its argument).
job_script="${LAB_CMD[0]}"
for arg in "${LAB_CMD[@]}"; do [[ $arg != *.sh ]] || { job_script="$arg"; break; }; done
kernel_log="$LAB_OUT/guest-kernel/$(basename "$(dirname "$job_script")")-$(basename "$job_script" .sh).log"
mkdir -p "${kernel_log%/*}"
dmesg --follow --time-format iso >"$kernel_log" 2>&1 &
kernel_log_pid=$!
sysctl -qw kernel.softlockup_all_cpu_backtrace=1 2>/dev/null

cd "$LAB_CWD" 2>/dev/null || { echo "lab: no such directory in the VM: $LAB_CWD"; cd /; }

# The job's environment is built from scratch: nothing leaks in from the host
# except what LAB_ENV named (LAB_PASS_ENV, NAME=VALUE entries).
job_env=(
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    HOME=/root
    USER=root
    LOGNAME=root
    SHELL=/bin/bash
    TERM=dumb
    LANG=C.UTF-8
    LAB=1
    LAB_OUT="$LAB_OUT"
    LAB_KVER="$(uname -r)"
    DOTNET_CLI_TELEMETRY_OPTOUT=1
    DOTNET_NOLOGO=1
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    DOTNET_gcServer=0
    "${LAB_PASS_ENV[@]}"
)

marker start
env -i "${job_env[@]}" "${LAB_CMD[@]}" </dev/null
rc=$?
marker "exit=$rc"
poweroff_now
