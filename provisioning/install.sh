#!/usr/bin/env bash
# Installs or upgrades Peron on a Debian 12 box: `sudo provisioning/install-site.sh` or `… install-hub.sh` (both
# call this with the role). One command: Node.js 24 LTS (ensure-node.sh), Peron under /opt/peron (this tree
# without tests and benchmarks, `npm ci --omit=dev`), the `peron` system user, /etc/peron/<role>.yaml from the
# example (kept if present), the systemd units, then enables and starts the service and prints what to do next.
# Running it again upgrades in place: the new tree is prepared beside the old one and swapped in; /etc/peron and
# /var/lib/peron (the data) are never touched. It opens no port and changes no firewall: the service listens on
# the ports in <role>.yaml only.
#
#   install.sh site|hub [--root DIR] [--node-modules DIR] [--no-start]
#     --root DIR          install into DIR as if it were / (DESTDIR style, for tests and image builds): no user is
#                         created, nothing is started, the running Node.js is used and written into the units
#     --node-modules DIR  copy this node_modules instead of running npm ci (offline installs, tests; hard-linked
#                         when on the same file system; a checkout's node_modules brings its dev dependencies too)
#     --no-start          install and enable nothing in systemd; print the commands instead
set -euo pipefail

role="${1:-}"
[ "$role" = site ] || [ "$role" = hub ] || { echo "usage: install.sh site|hub [--root DIR] [--node-modules DIR] [--no-start]" >&2; exit 2; }
shift
ROOT=""
MODULES=""
START=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(realpath -m "${2:?--root needs a folder}")"; START=0; shift 2 ;;
    --node-modules) MODULES="$(realpath "${2:?--node-modules needs a folder}")"; shift 2 ;;
    --no-start) START=0; shift ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
src="$(cd "$(dirname "$0")/.." && pwd)"
say() { echo "peron-install: $*"; }

if [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then echo "install.sh: run as root (sudo), or with --root DIR" >&2; exit 1; fi

# Node.js 24 LTS: installed from the npm registry when the system one is older (not in --root mode: the
# folder is not a system to change; the running node must already be 24)
if [ -z "$ROOT" ]; then
  # shellcheck source=provisioning/ensure-node.sh
  source "$src/provisioning/ensure-node.sh"
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 24 ]; then
  echo "install.sh: --root needs Node.js 24 on PATH (found $(node --version))" >&2; exit 1
fi
NODE="$(readlink -f "$(command -v node)")"
say "Node.js $(node --version) at $NODE"

opt="$ROOT/opt/peron"
etc="$ROOT/etc/peron"
units="$ROOT/etc/systemd/system"
data="$ROOT/var/lib/peron"
upgrade=0
[ -f "$opt/package.json" ] && upgrade=1

# 1. the tree: everything that runs, nothing that only tests or measures; prepared beside the old one, then swapped
new="$opt.new-$$"
rm -rf "$new" && mkdir -p "$new"
tar -C "$src" --exclude=./.git --exclude=./node_modules --exclude=./test --exclude=./bench --exclude=./data \
  --exclude=./.ci --exclude='*.test.ts' --exclude='./*.log' -cf - . | tar -C "$new" -xf -
if [ -n "$MODULES" ]; then
  # hard links when on the same file system (fast, no extra space; npm replaces files rather than editing them)
  cp -al "$MODULES" "$new/node_modules" 2>/dev/null || { rm -rf "$new/node_modules"; cp -a "$MODULES" "$new/node_modules"; }
else
  say "npm ci --omit=dev (production dependencies only)"
  (cd "$new" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
fi
if [ -d "$opt" ]; then rm -rf "$opt.old" && mv "$opt" "$opt.old"; fi
mv "$new" "$opt"
rm -rf "$opt.old"
say "$([ $upgrade = 1 ] && echo upgraded || echo installed) Peron $(node -p "require('$opt/package.json').version") in $opt"

# 2. the system user that runs the service, and its data folder (kept across upgrades)
if [ -z "$ROOT" ]; then
  if ! id peron >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/peron --no-create-home --shell /usr/sbin/nologin peron
    say "created system user peron"
  fi
fi
install -d -m 0750 "$data"
[ -z "$ROOT" ] && chown peron:peron "$data"

# 3. configuration: from the example the first time, never overwritten
install -d -m 0755 "$etc"
example="$src/provisioning/$role/$role.yaml.example"
if [ ! -f "$etc/$role.yaml" ]; then
  install -m 0644 "$example" "$etc/$role.yaml"
  say "wrote $etc/$role.yaml from the example: edit it (location, publicUrl, radius.clients)"
else
  say "kept $etc/$role.yaml"
fi
if [ ! -f "$etc/$role.env" ]; then
  printf '# secrets of the Peron %s, read by its systemd unit (KEY=value lines); mode 0640, group peron\n' "$role" >"$etc/$role.env"
  chmod 0640 "$etc/$role.env"
  [ -z "$ROOT" ] && chgrp peron "$etc/$role.env"
fi

# 4. the peron command for the technician: this role's config and data dir by default
install -d "$ROOT/usr/local/bin"
cat >"$ROOT/usr/local/bin/peron" <<EOF
#!/bin/sh
# peron with the installed configuration (written by provisioning/install.sh)
role=site; [ "\${1:-}" = hub ] && role=hub
[ -r /etc/peron/\$role.yaml ] && export PERON_CONFIG="\${PERON_CONFIG:-/etc/peron/\$role.yaml}"
export PERON_DATA_DIR="\${PERON_DATA_DIR:-/var/lib/peron}"
exec $NODE /opt/peron/bin/peron.js "\$@"
EOF
chmod 0755 "$ROOT/usr/local/bin/peron"

# 5. systemd units, with the absolute path of Node.js 24
install -d "$units"
unit() { sed "s|@NODE@|$NODE|g" "$1" >"$units/$(basename "$1")"; chmod 0644 "$units/$(basename "$1")"; }
if [ "$role" = site ]; then
  unit "$src/provisioning/site/peron-site.service"
  for f in peron-kiosk@.service peron-kiosk-watchdog@.service peron-kiosk-watchdog@.timer; do unit "$src/provisioning/kiosk/$f"; done
  [ -f "$etc/kiosk.env" ] || install -m 0644 "$src/provisioning/kiosk/kiosk.env.example" "$etc/kiosk.env"
else
  unit "$src/provisioning/hub/peron-hub.service"
fi
unit "$src/provisioning/backup/peron-backup@.service"
unit "$src/provisioning/backup/peron-backup@.timer"
say "systemd units in $units"

svc="peron-$role"
if [ "$START" = 1 ] && [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ]; then
  systemctl daemon-reload
  systemctl enable "$svc.service" "peron-backup@$role.timer" >/dev/null
  if [ $upgrade = 1 ]; then systemctl restart "$svc.service"; else systemctl start "$svc.service"; fi
  systemctl start "peron-backup@$role.timer"
  say "$svc is $(systemctl is-active "$svc.service"); logs: journalctl -u $svc -f"
else
  say "not started; as root: systemctl daemon-reload && systemctl enable --now $svc peron-backup@$role.timer"
fi

echo
if [ "$role" = site ]; then
  echo "Next: enrol this site with the county hub. On the hub:  peron hub site add <site-id> --location <location-id>"
  echo "then here, with the token it prints:"
  echo "  sudo -u peron peron site enrol <hub-url> <token>  &&  sudo systemctl restart peron-site"
  echo "Displays: systemctl enable --now peron-kiosk@<display-id> peron-kiosk-watchdog@<display-id>.timer (on the display box)"
else
  echo "Next: register each station:  sudo -u peron peron hub site add <site-id> --location <location-id>"
  echo "and run the enrolment command it prints on that station."
fi
