#!/usr/bin/env bash
# Configures (once) and builds netsim. Used by quickstart.sh and test.sh.
#
# Usage: tools/build.sh DIR [cmake -D options...] [-- ninja targets...]
#   Configures DIR with Ninja in Release unless the options say otherwise, then builds.
#   Later calls only rebuild what changed (CMake re-runs itself when a CMakeLists.txt changes).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$1
shift
options=()
while [[ $# -gt 0 && $1 != "--" ]]; do options+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
targets=("$@")

if [[ ! -f "$dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${options[@]}" >/dev/null
elif [[ ${#options[@]} -gt 0 ]]; then
  cmake "$dir" "${options[@]}" >/dev/null
fi
cmake --build "$dir" --parallel "$(nproc)" ${targets[@]+--target "${targets[@]}"}
