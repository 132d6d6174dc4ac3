#!/usr/bin/env bash
# make demo: boots the kernel lab and programs examples/ into real IPVS, then
# sends client traffic through the DR, NAT and TUN services (demo/in-vm.sh).
#   1. tests/lab/prepare.sh: lab packages and kernel (idempotent; about a
#      second with a warm cache);
#   2. lvsctl's plans of examples/ computed here, on the host: the same
#      lvsctl on the same manifests, but one second instead of 10-20 s of JIT
#      under the VM's emulated CPU (tests/lab/topology.sh, _topo_plan);
#   3. tests/lab/run.sh demo/in-vm.sh: one VM boot, the demo, its checks.
# Exit status: the demo's (non-zero if a check failed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
t0=$SECONDS

tests/lab/prepare.sh

lvsctl=src/LvsOperator.Cli/bin/Debug/net10.0/lvsctl.dll
if [[ ! -f $lvsctl ]]; then
    # `make demo` has built the solution; demo/run.sh alone builds lvsctl.
    dotnet build src/LvsOperator.Cli --nologo -v quiet
fi

export LAB_OUT="${LAB_OUT:-$repo/artifacts/lab}"
export TOPO_PLAN_CACHE="$LAB_OUT/demo/plans"
mkdir -p "$TOPO_PLAN_CACHE"
# The cache key holds lvsctl's and the manifests' paths, sizes and mtimes,
# which the VM sees unchanged through 9p, so the VM finds these.
bash -c 'set -euo pipefail; source tests/lab/topology.sh; topo_plan_prefetch examples'

set +e
LAB_TIMEOUT="${LAB_TIMEOUT:-600}" tests/lab/run.sh demo/in-vm.sh
rc=$?
set -e
echo "demo: $((SECONDS - t0)) s in all (prepare, plans, VM boot, demo), exit $rc"
exit "$rc"
