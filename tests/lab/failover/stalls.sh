# shellcheck shell=bash
# Stalls of the lab VM's vCPUs, sourced by scenarios.sh and stress.sh. Under TCG on a loaded host qemu's threads go
# unscheduled for a while and every process on that vCPU (or on all) stops at once; on waking, a VRRP backup's master-down
# timer (0.36 s at 100 ms adverts) is overdue and a master's advert may not be there yet, whichever daemon is the
# master. No process inside the VM can prevent that, so the checks tell such a stall from a stalled master.
#   stall_monitor_start FILE   a SCHED_FIFO 90 loop per vCPU sleeping 10 ms appends "EPOCH LATENESS cpuN" to
#                              FILE for each wake-up more than 0.2 s late; the first loop's pid goes to FILE.pid
#   stall_monitor_stop FILE
#   vm_stalled FILE SINCE UNTIL SECONDS   the VM stalled SECONDS or longer between SINCE and UNTIL (EPOCHREALTIME)
#   backup_kept FILE LOG PATTERN SINCE    no line of LOG (stamped: epoch first) matching PATTERN since SINCE, except
#                                         right after a stall of the VM of STALL_EXCUSE (0.26 s) or more in FILE

stall_monitor_start() {
    : >"$1"
    # One sleeper per vCPU, pinned: with multi-threaded TCG each vCPU is a host thread, and the host can stop one
    # while the other runs. The guest does not know, so a process on the stopped vCPU (a master's advert thread,
    # the softirq carrying an advert) stops with it, and a single unpinned sleeper on the other vCPU sees nothing.
    chrt -f 90 python3 - "$1" >/dev/null 2>&1 <<'PY' &
import os, sys, time
cpus = sorted(os.sched_getaffinity(0))
for cpu in cpus[1:]:
    if os.fork() == 0:
        cpus = [cpu]
        break
cpu = cpus[0]
os.sched_setaffinity(0, {cpu})
last = time.monotonic()
with open(sys.argv[1], "a", buffering=1) as out:
    while True:
        time.sleep(0.01)
        now = time.monotonic()
        if now - last > 0.2:
            out.write(f"{time.time():.3f} {now - last:.3f} cpu{cpu}\n")
        last = now
PY
    printf '%s\n' "$!" >"$1.pid"
}

stall_monitor_stop() { # the sleepers are the first one and its children
    local pid
    if [[ -s $1.pid ]]; then
        pid="$(<"$1.pid")"
        pkill -P "$pid" 2>/dev/null || true
        kill "$pid" 2>/dev/null || true
    fi
    rm -f "$1.pid"
}

vm_stalled() {
    # A stall is written when it ends: the window reaches one stall past UNTIL.
    awk -v s="$2" -v u="$3" -v min="$4" '$1 >= s && $1 - $2 <= u && $2 >= min {found = 1} END {exit !found}' "$1"
}

# A backup at priority 100 with 100 ms adverts declares the master down 3 x 0.1 + (256 - 100) / 256 x 0.1 = 0.361 s
# after the last advert it read; that advert is up to one interval (0.1 s) old when the VM stops, so a stall of the
# whole VM of 0.261 s or more can elect it whatever the master does. Its log line is stamped when the stamping pipe
# reads it (up to 2 s late on a loaded VM); the stall is written when it ends (up to 0.5 s after the entry).
STALL_EXCUSE="${STALL_EXCUSE:-0.26}"
backup_kept() {
    awk -v s="$4" -v p="$3" -v min="$STALL_EXCUSE" 'FILENAME == ARGV[1] { if ($2 >= min) ends[++n] = $1; next }
        $1 >= s && $0 ~ p {
            vm = 0
            for (i = 1; i <= n; i++) if (ends[i] >= $1 - 2 && ends[i] <= $1 + 0.5) vm = 1
            if (vm) excused++; else { bad++; printf "went master at %.3f with no VM stall\n", $1 }
        }
        END { if (excused) printf "%d master entries right after a stall of the whole VM\n", excused; exit bad > 0 }' \
        "$1" "$2"
}
