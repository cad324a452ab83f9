#!/usr/bin/env bash
# `npm run bench`: every benchmark in turn; each prints its own figures and ratios.
set -uo pipefail
cd "$(dirname "$0")/.."
for b in startup portal radius departures sync kiosk opendata; do
  if [ -f "bench/$b.bench.ts" ]; then echo "== bench:$b"; npm run -s "bench:$b" || echo "bench:$b failed"; fi
done
