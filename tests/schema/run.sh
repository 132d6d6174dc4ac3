#!/usr/bin/env bash
# Offline CRD schema + CEL tests: installs the pinned packages when they are missing or stale, then runs node --test.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund
fi
exec node --test "$@"
