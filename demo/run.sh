#!/usr/bin/env bash
# make demo: boots the kernel lab and runs lvs-agent on examples/ there: a
# director and DR/TUN real servers programmed by their agents, client traffic
# through the DR, NAT and TUN services, a live weight change (demo/in-vm.sh).
#   1. tests/lab/prepare.sh: lab packages and kernel (idempotent; about a
#      second with a warm cache);
#   2. lvs-agent and lvsctl published NativeAOT into $LAB_OUT/aot/ when stale
#      (tests/lab/lib.sh, lab_publish_aot; a minute or two each, then
#      nothing): under the VM's emulated CPU they start in well under a
#      second, where a JIT start takes 10-20 s;
#   3. tests/lab/run.sh demo/in-vm.sh: one VM boot, the demo, its checks.
# Exit status: the demo's (non-zero if a check failed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
t0=$SECONDS
export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}"

tests/lab/prepare.sh

# shellcheck source=../tests/lab/lib.sh
source tests/lab/lib.sh
TOPO_AGENT_CMD="$(lab_publish_aot src/LvsOperator.Agent lvs-agent)"
DEMO_LVSCTL="$(lab_publish_aot src/LvsOperator.Cli lvsctl)"
export TOPO_AGENT_CMD DEMO_LVSCTL
t1=$SECONDS

set +e
LAB_ENV="TOPO_AGENT_CMD DEMO_LVSCTL" LAB_TIMEOUT="${LAB_TIMEOUT:-600}" tests/lab/run.sh demo/in-vm.sh
rc=$?
set -e
echo "demo: $((SECONDS - t0)) s in all ($((t1 - t0)) s preparing and publishing, $((SECONDS - t1)) s VM boot and demo), exit $rc"
exit "$rc"
