#!/usr/bin/env bash
# Starts Chromium full screen on one station board, with a fresh profile every time (no restored tabs, no
# "Chromium didn't shut down correctly" bubble) and autoplay allowed (the speech signal plays without a tap).
# It never waits for the internet: it opens a local page that forwards to the board as soon as the site answers.
#   usage: peron-kiosk-launch.sh <display-id>
#   env: PERON_SITE_URL (default http://127.0.0.1:8080), PERON_CHROMIUM (browser binary),
#        PERON_KIOSK_KEY (the display key: `curl -H "Authorization: Bearer …" <site>/api/displays/<id>/key` on the
#        site; it rides on the board URL's fragment, never sent over the network; without it the board only watches),
#        PERON_KIOSK_EXTRA_FLAGS (more Chromium flags, e.g. --force-device-scale-factor=1.5)
set -euo pipefail

id="${1:?usage: peron-kiosk-launch.sh <display-id>}"
[[ "$id" =~ ^[a-z0-9-]+$ ]] || { echo "peron-kiosk: bad display id '$id'" >&2; exit 2; }
site="${PERON_SITE_URL:-http://127.0.0.1:8080}"
here="$(cd "$(dirname "$0")" && pwd)"
browser="${PERON_CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"

key="${PERON_KIOSK_KEY:-}"
[[ -z "$key" || "$key" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "peron-kiosk: PERON_KIOSK_KEY has characters other than A-Z a-z 0-9 _ -" >&2; exit 2; }
[ -n "$key" ] || echo "peron-kiosk: PERON_KIOSK_KEY is not set: the board will show departures but the site will not count its heartbeats" >&2
fragment="${key:+#key=$key}"

profile="$(mktemp -d -t peron-kiosk-XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$profile"; }
trap cleanup EXIT
trap 'exit 143' TERM INT
# shellcheck disable=SC2206
extra=(${PERON_KIOSK_EXTRA_FLAGS:-})

# screen blanking and power saving off (X11); harmless when there is no X server
if command -v xset >/dev/null && [ -n "${DISPLAY:-}" ]; then xset s off -dpms s noblank || true; fi

"$browser" \
  --kiosk "file://$here/waiting.html#$site/kiosk/$id$fragment" \
  --user-data-dir="$profile" \
  --no-first-run \
  --no-default-browser-check \
  --noerrdialogs \
  --disable-infobars \
  --disable-session-crashed-bubble \
  --disable-restore-session-state \
  --disable-features=Translate,InfiniteSessionRestore,MediaRouter,PasswordManagerOnboarding \
  --disable-background-networking \
  --disable-component-update \
  --disable-sync \
  --disable-default-apps \
  --disable-extensions \
  --disable-breakpad \
  --disable-pinch \
  --overscroll-history-navigation=0 \
  --deny-permission-prompts \
  --password-store=basic \
  --check-for-update-interval=31536000 \
  --autoplay-policy=no-user-gesture-required \
  --allow-file-access-from-files \
  --start-fullscreen \
  --window-position=0,0 \
  "${extra[@]}" &
pid=$!
wait "$pid"
