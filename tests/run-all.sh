#!/usr/bin/env bash
# Runs every test suite: the host .NET suites, the offline CRD schema suite (Node), and the kernel suite
# inside the lab VM. Every suite runs even when an earlier one fails, so the summary counts them all.
# Results land in artifacts/test-results; the last line printed is "N passed, N failed".
# Env: LAB_SKIP=1 skips the lab suites (a quick local loop), LAB_ONLY=1 runs only them (tests/run-under-load.sh).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
results="$repo/artifacts/test-results"
# The real-API-server suites (tests/LvsOperator.ApiServer.Tests) start kube-apiserver and etcd from here.
export KUBEBUILDER_ASSETS="${KUBEBUILDER_ASSETS:-$(cd "$repo/.." && pwd)/shared/envtest/bin}"
rm -rf "$results" && mkdir -p "$results"
status=0

step() { echo; echo "==> $*"; }

host_suite() { # project [test filter]
  local name; name=$(basename "$1")
  step "$name"
  dotnet test "$repo/$1" --no-build --nologo ${2:+--filter "$2"} --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" || status=1
}

# Issue 13's manifest fuzzing at 1,000,000 inputs: built in Release (about twice Debug's inputs per second), one
# worker per core with disjoint seeds. Its result counts as one test in the summary (ManifestFuzz.trx); the step
# prints "fuzz: N inputs, X/s, N findings" and how long it took, build included.
fuzz_suite() {
  local project="$repo/tests/LvsOperator.Manifests.Tests" started=$SECONDS
  step "Manifest fuzzing (${LVS_FUZZ_INPUTS:-1000000} inputs, Release)"
  dotnet build "$project" -c Release --nologo -v quiet || { status=1; return; }
  LVS_FUZZ_INPUTS="${LVS_FUZZ_INPUTS:-1000000}" dotnet test "$project" --no-build -c Release --nologo \
    --filter "FullyQualifiedName~ManifestFuzz" --logger "trx;LogFileName=ManifestFuzz.trx" \
    --logger "console;verbosity=detailed" --results-directory "$results" >"$results/fuzz.log" 2>&1 || status=1
  local line; line=$(grep -E '^ *fuzz: ' "$results/fuzz.log" | tail -1)
  if [ -n "$line" ]; then echo "${line#"${line%%fuzz:*}"}"; else tail -50 "$results/fuzz.log"; status=1; fi
  echo "fuzz step: $((SECONDS - started)) s"
}

# scenario_suite NAME SCRIPT: a lab scenario suite (tests/lab/e2e, cluster, failover, bgp). Its scenarios end
# with "N passed, N failed"; that is kept as TAP counts (NAME.tap) for the summary.
scenario_suite() {
  local name="$1" counts
  "$2" 2>&1 | tee "$results/$name.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  counts=$(grep -oE '^ *[0-9]+ passed, [0-9]+ failed' "$results/$name.log" | tail -1 | tr -s ' ' | sed 's/^ //')
  if [ -n "$counts" ]; then
    printf '# pass %s\n# fail %s\n' "$(cut -d' ' -f1 <<<"$counts")" "$(cut -d' ' -f3 <<<"$counts")" >"$results/$name.tap"
  else
    echo "$name scenarios printed no counts"; printf '# pass 0\n# fail 1\n' >"$results/$name.tap"; status=1
  fi
}

if [ -n "${LAB_ONLY:-}" ]; then
  # tests/run-under-load.sh: the lab suites only, the ones a busy host breaks; the summary says so.
  echo "LAB_ONLY set: host suites, fuzzing, CRD schema and chart suites did not run" | tee "$results/host-skipped.txt"
else
  # Every *.Tests project but the kernel suite, which needs IPVS and runs in the lab VM below.
  # The manifest fuzzing runs in its own Release step below, not at Debug's speed here.
  for project in "$repo"/tests/*.Tests; do
    project=${project#"$repo/"}
    case "$project" in
      tests/LvsOperator.Kernel.Tests) ;;
      tests/LvsOperator.Manifests.Tests) host_suite "$project" "FullyQualifiedName!~ManifestFuzz" ;;
      *) host_suite "$project" ;;
    esac
  done

  fuzz_suite

  step "CRD schema and CEL rules (node --test)"
  "$repo/tests/schema/run.sh" --test-reporter=tap --test-reporter-destination=stdout \
    | tee "$results/schema.tap" || status=1

  step "Helm chart, RBAC, samples and Dockerfile (helm lint/template, Kubernetes schemas, dotnet publish)"
  "$repo/tests/chart/run.sh" | tee "$results/chart.tap" || status=1
fi

if [ -n "${LAB_SKIP:-}" ]; then
  # Only for a quick local loop; CI never sets it, and the summary says the lab did not run.
  echo "LAB_SKIP set: the kernel suite did not run" | tee "$results/lab-skipped.txt"
else
  step "Kernel suite in the lab VM (real IPVS)"
  rm -f "$repo"/artifacts/lab/*.trx # only this run's results count
  LAB_OUT="$repo/artifacts/lab" "$repo/tests/lab/run.sh" "$repo/tests/LvsOperator.Kernel.Tests/run-in-vm.sh" || status=1
  cp "$repo"/artifacts/lab/*.trx "$results/" 2>/dev/null || { echo "kernel suite left no results"; status=1; }

  step "Agent end to end in the lab VM (real traffic through DR, NAT and TUN)"
  scenario_suite e2e "$repo/tests/lab/e2e/run.sh"

  step "The operator in a cluster: real API server and controller on the host, agents in the lab VM (real traffic)"
  scenario_suite cluster "$repo/tests/lab/cluster/run.sh"

  # Node deaths kept to 3 here (the suite's default is 5) and one takeover each way with keepalived: 47 checks,
  # about 5 minutes in the VM (tests/lab/failover/README.md).
  step "Director failover in the lab VM (VRRP takeovers, connection sync, keepalived interoperability)"
  FAILOVER_REPEATS=3 KEEPALIVED_REPEATS=1 scenario_suite failover "$repo/tests/lab/failover/run.sh"

  # Issue 17: three directors, FRR in each and in the router (ECMP), mh; a death, a return and a graceful stop
  # (tests/lab/bgp/README.md, which records the wall time measured).
  step "Active/active directors in the lab VM (BGP to an ECMP router, mh, a director's death, return and graceful stop)"
  scenario_suite bgp "$repo/tests/lab/bgp/run.sh"
fi

"$repo/tests/tools/summarize.sh" "$results" | tee "$results/summary.txt"
exit $status
