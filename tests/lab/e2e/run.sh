#!/usr/bin/env bash
# lvs-agent end-to-end scenarios in the lab VM (tests/lab/e2e/README.md).
#   1. tests/lab/prepare.sh (idempotent);
#   2. the agent published NativeAOT into $LAB_OUT/aot/lvs-agent/ when stale
#      (tests/lab/lib.sh, lab_publish_aot): the scenarios start seven agents
#      and restart some, each in well under a second where the JIT build
#      takes 10-20 s under the VM's emulated CPU;
#   3. tests/lab/run.sh tests/lab/e2e/scenarios.sh: one VM boot.
# Env: LVS_AGENT_CMD, an agent command to use instead (e.g. "dotnet
# src/LvsOperator.Agent/bin/Debug/net10.0/lvs-agent.dll"), skips step 2.
# Exit status: the scenarios' (non-zero if a check failed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$repo"
export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}"

# shellcheck source=../lib.sh
source tests/lab/lib.sh
lab_run_agent_scenarios e2e tests/lab/e2e/scenarios.sh
