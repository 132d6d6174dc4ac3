#!/usr/bin/env bash
# The lab suites of tests/run-all.sh (kernel, agent e2e, cluster, failover, bgp) on a busy host (issue 15): a
# background CPU hog of 2 x nproc busy processes at nice 0 runs for the whole time, so that a check which only
# holds on a quiet machine fails here, before a user's loaded node finds it. The hog dies with this script
# (trap), however it ends. Prints the load average at the start and the end, the wall time, and last, as
# run-all.sh does, "N passed, N failed".
#   make test-under-load              (or tests/run-under-load.sh)
# Env: LOAD_PROCS, the number of busy processes (default 2 x nproc); LAB_TIMEOUT per VM (default 3600 s).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
procs="${LOAD_PROCS:-$(($(nproc) * 2))}"
hogs=()
stop_hogs() {
  ((${#hogs[@]} == 0)) || kill "${hogs[@]}" 2>/dev/null
  wait "${hogs[@]}" 2>/dev/null
  hogs=()
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM

for ((i = 0; i < procs; i++)); do
  # A busy loop in its own bash; nice 0 as the suites themselves run, so they compete for every core.
  nice -n 0 bash -c 'while :; do :; done' &
  hogs+=("$!")
done
# The VM's wall-clock limit (tests/lab/run.sh, 1200 s) is sized for a quiet host; a suite under load takes
# two to three times as long, and a limit is not what this run measures.
export LAB_TIMEOUT="${LAB_TIMEOUT:-3600}"
t0=$SECONDS
echo "under load: $procs busy processes on $(nproc) cores; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
LAB_ONLY=1 "$repo/tests/run-all.sh"
status=$?
summary=$(tail -n1 "$repo/artifacts/test-results/summary.txt" 2>/dev/null || echo "0 passed, 1 failed")
echo "under load: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $((SECONDS - t0)) s in all"
stop_hogs
echo "$summary"
exit $status
