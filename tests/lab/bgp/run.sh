#!/usr/bin/env bash
# Active/active directors in the lab VM (tests/lab/bgp/README.md): three directors announcing the VIP over BGP to
# an ECMP router, real traffic, a director's death, its return and a graceful stop measured. On the host:
#   1. FRR (Debian frr, frr-pythontools) installed if missing: the VM runs the host's own root file system. Not in
#      tests/lab/prepare.sh, whose content keys the shared initramfs cache of every lab suite;
#   2. tests/lab/prepare.sh (idempotent), lvs-agent published NativeAOT when stale (tests/lab/lib.sh);
#   3. tests/lab/run.sh tests/lab/bgp/scenarios.sh: one VM boot.
# Env: LVS_AGENT_CMD, an agent command to use instead; BGP_SCENARIOS (default "2 4"), which scenarios run after
# setup, 0 and 1 (2 includes 3). Exit status: the scenarios' (non-zero if a check failed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$repo"
export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}"

missing=()
for p in frr frr-pythontools; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
    [[ $(id -u) == 0 ]] || { echo "bgp: need root to install ${missing[*]}" >&2; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# shellcheck source=../lib.sh
source tests/lab/lib.sh
export BGP_SCENARIOS="${BGP_SCENARIOS:-2 4}"
# The VM's limit, a hang detector: run 1 took about 23 min in the VM at host load 45 (2044 s with the NativeAOT
# publish, README.md); the scenarios' own bounds (agent starts, withdrawals, return) end a stuck step before it.
export LAB_TIMEOUT="${LAB_TIMEOUT:-2400}"
lab_run_agent_scenarios bgp tests/lab/bgp/scenarios.sh BGP_SCENARIOS
