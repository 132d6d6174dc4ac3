#!/usr/bin/env bash
# Run the kernel test suite inside the lab VM and leave a TRX in $LAB_OUT.
#
#   dotnet build tests/LvsOperator.Kernel.Tests          # on the host
#   tests/lab/run.sh tests/LvsOperator.Kernel.Tests/run-in-vm.sh [FILTER]
#
# The VM shares the host's root, so the built test dll and dotnet are at the
# same paths; building inside the VM would cost minutes under TCG. The runner is
# `dotnet test DLL` (vstest against an already built dll, no MSBuild): about
# 15 s of start-up under TCG, then the tests. FILTER is a vstest --filter
# expression. Exits non-zero if any test fails or none ran.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DLL="$HERE/bin/Debug/net10.0/LvsOperator.Kernel.Tests.dll"
OUT="${LAB_OUT:-$REPO/artifacts/lab}"
TRX="kernel-tests-$(uname -r).trx"

if [[ ${LAB:-} != 1 ]]; then
    echo "run-in-vm.sh: runs inside the lab VM; use tests/lab/run.sh $0" >&2
    exit 2
fi
[[ -f $DLL ]] || { echo "run-in-vm.sh: $DLL missing: dotnet build tests/LvsOperator.Kernel.Tests first" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT/$TRX"

echo "kernel $(uname -r); ipvsadm $(ipvsadm --version 2>&1 | head -n1)"
export DOTNET_CLI_HOME=/tmp/dotnet-home HOME=/tmp/dotnet-home
# vstest waits 90 s for its testhost to connect; under TCG on a loaded host (make test-under-load) the
# testhost's start took longer and the run aborted with no test run (issue 15). Its start is all it waits for.
export VSTEST_CONNECTION_TIMEOUT="${VSTEST_CONNECTION_TIMEOUT:-900}"
mkdir -p "$HOME"

args=("$DLL" --logger "trx;LogFileName=$TRX" --logger "console;verbosity=normal" --results-directory "$OUT")
if (($# > 0)); then
    args+=(--filter "$1")
fi
set +e
dotnet test "${args[@]}"
rc=$?
set -e

[[ -f $OUT/$TRX ]] || { echo "run-in-vm.sh: no TRX written" >&2; exit 1; }
# A TRX with no executed test is a failure too.
executed="$(grep -o 'executed="[0-9]*"' "$OUT/$TRX" | head -n1 | tr -dc 0-9)"
passed="$(grep -o 'passed="[0-9]*"' "$OUT/$TRX" | head -n1 | tr -dc 0-9)"
failed="$(grep -o ' failed="[0-9]*"' "$OUT/$TRX" | head -n1 | tr -dc 0-9)"
echo "${passed:-0} passed, ${failed:-0} failed"
if [[ $rc -ne 0 || ${executed:-0} -eq 0 ]]; then
    exit 1
fi
