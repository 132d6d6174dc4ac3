# shellcheck shell=bash
# How long the lab VM kept an ordinary process from running (issue 15), sourced by scenarios.sh. The agents'
# health-check timers and reconcile cycles are ordinary threads (SCHED_OTHER, nice 0): when the host starves
# qemu, or the VM's two vCPUs are busy with seven agents and the looping clients, they fire late by as much as
# any other such process. A bound on "the checks took a server out within fall x interval + timeout" holds in
# VM time; lag_within adds the lag measured over the same window, so the check still fails when the agent is
# slower than its own timers allow, not when the machine is.
#   lag_monitor_start FILE   a nice-0 loop sleeping 50 ms appends "EPOCH LATENESS" for each wake-up more than
#                            0.1 s late; its pid goes to FILE.pid
#   lag_monitor_stop FILE
#   lag_between SINCE UNTIL FILE   seconds of lateness within [SINCE, UNTIL] (EPOCHREALTIME); 0.00 if either is empty

lag_monitor_start() {
    : >"$1"
    python3 - "$1" >/dev/null 2>&1 <<'PY' &
import sys, time
period = 0.05
last = time.monotonic()
with open(sys.argv[1], "a", buffering=1) as out:
    while True:
        time.sleep(period)
        now = time.monotonic()
        late = now - last - period
        if late > 0.1:
            out.write(f"{time.time():.3f} {late:.3f}\n")
        last = now
PY
    printf '%s\n' "$!" >"$1.pid"
}

lag_monitor_stop() {
    [[ ! -s $1.pid ]] || kill "$(<"$1.pid")" 2>/dev/null || true
    rm -f "$1.pid"
}

lag_between() {
    [[ -n $1 && -n $2 ]] || { echo 0.00; return; }
    # A late wake-up is written when it ends, so one that ended past UNTIL but began before it counts in part.
    awk -v s="$1" -v u="$2" '$1 >= s && $1 - $2 <= u {
            from = $1 - $2 < s ? s : $1 - $2; to = $1 > u ? u : $1; if (to > from) sum += to - from
        } END {printf "%.2f", sum + 0}' "$3"
}
