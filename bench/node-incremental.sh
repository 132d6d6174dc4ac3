#!/usr/bin/env bash
# Inside the lab VM: tests/lab/run.sh bench/node-incremental.sh [services] [destinations-per-service] [changes]
# One endpoint change in a large IPVS table through the agent's reconciler: mutations and latency.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ip netns add bench
trap 'ip netns del bench' EXIT
ip -n bench link set lo up
ip netns exec bench dotnet "$here/LvsOperator.Node.Bench/bin/Release/net10.0/LvsOperator.Node.Bench.dll" "$@"
