#!/usr/bin/env bash
# Adds up test results in a folder: TRX files (dotnet test, also from the lab VM) and TAP files (node --test).
# Prints one line: "N passed, N failed".
set -euo pipefail
dir=$1
passed=0 failed=0
for trx in "$dir"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(grep -o ' passed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')
  f=$(grep -o ' failed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')
  passed=$((passed + p)) failed=$((failed + f))
done
for tap in "$dir"/*.tap; do
  [ -e "$tap" ] || continue
  p=$(grep -E '^# pass [0-9]+' "$tap" | tail -1 | grep -o '[0-9]*' || echo 0)
  f=$(grep -E '^# fail [0-9]+' "$tap" | tail -1 | grep -o '[0-9]*' || echo 0)
  passed=$((passed + p)) failed=$((failed + f))
done
echo "$passed passed, $failed failed"
