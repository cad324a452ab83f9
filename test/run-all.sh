#!/usr/bin/env bash
# `npm test`: checks the system packages the tests drive (Chromium, FreeRADIUS radclient), installs them in CI
# (CI=true, as root) or prints the command, type-checks, runs every test once, and ends with one plain line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# Node.js 24 LTS, and the Debian packages the tests drive as real peers: one line each, "check|package".
# Installed only in CI (CI=true, as root); anywhere else the exact command is printed and nothing is changed.
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 24 ]; then
  if [ "${CI:-}" = true ]; then source provisioning/ensure-node.sh || exit 1
  else echo "test: Node.js $(node --version) is too old; run: sudo bash -c 'source provisioning/ensure-node.sh'"; echo "0 passed, 1 failed"; exit 1; fi
fi
need=()
while IFS='|' read -r check pkg; do
  [ -z "$check" ] || [ "${check:0:1}" = '#' ] && continue
  eval "$check" >/dev/null 2>&1 || need+=("$pkg")
done < test/system-packages.txt
if [ ${#need[@]} -gt 0 ]; then
  if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing ${need[*]} (Debian packages the tests use as real peers)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || { echo "test: apt-get install ${need[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "test: missing system packages: ${need[*]}"
    echo "      install them with: sudo apt-get update && sudo apt-get install -y ${need[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

echo "test: type-checking"
npx tsc -p tsconfig.json && npx tsc -p tsconfig.kiosk-client.json || { echo "0 passed, 1 failed"; exit 1; }

report=$(mktemp -t peron-vitest-XXXX.json)
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0 || r.numFailedTestSuites > 0) process.exitCode = 1;
' "$report" || status=1
rm -f "$report"
exit $status
