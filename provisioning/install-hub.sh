#!/usr/bin/env bash
# One-command install or in-place upgrade of a Peron county hub on Debian 12:
#   sudo provisioning/install-hub.sh            (options: see provisioning/install.sh)
exec "$(dirname "$0")/install.sh" hub "$@"
