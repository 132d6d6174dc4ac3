#!/usr/bin/env bash
# Director failover in the lab VM (tests/lab/failover/README.md): two directors electing over VRRP, real
# traffic, kills and takeovers measured. On the host:
#   1. tests/lab/prepare.sh (idempotent);
#   2. lvs-agent published NativeAOT when stale (tests/lab/lib.sh, lab_publish_aot): the scenarios restart
#      the master's agent a dozen times, and a JIT start under the VM's emulated CPU takes 10-20 s;
#   3. tests/lab/run.sh tests/lab/failover/scenarios.sh: one VM boot.
# Env: LVS_AGENT_CMD, an agent command to use instead, skips step 2; FAILOVER_REPEATS (default 5), the
# node deaths measured; KEEPALIVED_REPEATS (default 2), the takeovers each way between agent and keepalived;
# FAILOVER_SCENARIOS (default "2 3 5 6"), which scenarios run after setup and 1 (3 includes 4, 6 includes 7).
# Exit status: the scenarios' (non-zero if a check failed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$repo"
export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}"
export FAILOVER_REPEATS="${FAILOVER_REPEATS:-5}" KEEPALIVED_REPEATS="${KEEPALIVED_REPEATS:-2}"
export FAILOVER_SCENARIOS="${FAILOVER_SCENARIOS:-2 3 5 6}"

# shellcheck source=../lib.sh
source tests/lab/lib.sh
lab_run_agent_scenarios failover tests/lab/failover/scenarios.sh FAILOVER_REPEATS KEEPALIVED_REPEATS FAILOVER_SCENARIOS
