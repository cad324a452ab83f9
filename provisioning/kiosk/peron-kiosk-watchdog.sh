#!/usr/bin/env bash
# Restarts a station display's browser when the site has had no heartbeat from it for several checks in a row
# (Chromium "Aw, Snap!", OOM, a hung renderer: the process lives, the board does not). Run by its timer every
# minute. It does nothing while the site itself is unreachable: the board then shows "information unavailable"
# on its own and a browser restart would not help.
#   usage: peron-kiosk-watchdog.sh <display-id>   env: PERON_SITE_URL, PERON_KIOSK_DOWN_CHECKS (default 3)
set -uo pipefail

id="${1:?usage: peron-kiosk-watchdog.sh <display-id>}"
[[ "$id" =~ ^[a-z0-9-]+$ ]] || { echo "peron-kiosk-watchdog: bad display id '$id'" >&2; exit 2; }
site="${PERON_SITE_URL:-http://127.0.0.1:8080}"
limit="${PERON_KIOSK_DOWN_CHECKS:-3}"
state_dir="${RUNTIME_DIRECTORY:-/run/peron-kiosk}"
mkdir -p "$state_dir"
count_file="$state_dir/$id.down"

body="$(curl -fsS --max-time 5 "$site/kiosk/$id/status.json" 2>/dev/null)" || { echo 0 >"$count_file"; exit 0; }
if grep -q '"up":true' <<<"$body"; then
  echo 0 >"$count_file"
  exit 0
fi
n=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$count_file"
echo "peron-kiosk-watchdog: display $id has no fresh heartbeat ($n/$limit): $body"
if [ "$n" -ge "$limit" ]; then
  echo 0 >"$count_file"
  echo "peron-kiosk-watchdog: restarting peron-kiosk@$id.service"
  systemctl restart "peron-kiosk@$id.service"
fi
