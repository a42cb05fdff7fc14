#!/usr/bin/env bash
# The README's first command: installs what is missing (Debian packages), builds netsim in
# Release and runs the bundled quickstart scenario. Extra arguments go to `netsim run`.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh
echo "Building netsim (Release) in build/ ..." >&2
tools/build.sh build -- netsim
echo >&2
build/tools/netsim/netsim run scenarios/quickstart.yaml "$@"
echo
echo "Next: build/tools/netsim/netsim run <scenario.yaml>   (see docs/scenarios.md)"
