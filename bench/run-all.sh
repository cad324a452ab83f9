#!/usr/bin/env bash
# `npm run bench`: every benchmark in turn; each prints its own figures and ratios.
set -uo pipefail
cd "$(dirname "$0")/.."
for b in startup portal radius departures sync kiosk opendata import; do
  if grep -q "\"bench:$b\"" package.json; then echo "== bench:$b"; npm run -s "bench:$b" || echo "bench:$b failed"; fi
done
