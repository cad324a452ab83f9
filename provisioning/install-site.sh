#!/usr/bin/env bash
# One-command install or in-place upgrade of a Peron station (site server, display units) on Debian 12:
#   sudo provisioning/install-site.sh            (options: see provisioning/install.sh)
exec "$(dirname "$0")/install.sh" site "$@"
