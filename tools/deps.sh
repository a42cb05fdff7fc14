#!/usr/bin/env bash
# Installs the Debian packages netsim builds against, and nothing else.
#
# Usage: tools/deps.sh [extra-package ...]
#   Checks each package with dpkg; if all are present it does nothing (so a second run is quick).
#   As root it runs apt-get; otherwise it prints the apt-get line to run and exits 1.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libyaml-cpp-dev     # scenario files, with line:column marks
  libboost-graph-dev  # topology and routing (pulls the Boost headers: Math, Histogram)
  libeigen3-dev       # analytic models
  libgtest-dev libgmock-dev  # unit tests
  libbenchmark-dev    # micro-benchmarks
  libcli11-dev        # command line
  libfmt-dev          # formatting (g++ 12 has no std::format)
  libssl-dev          # SHA-256 of scenario files (libcrypto)
  libpcap-dev         # pcap output (netsim run --pcap)
  tshark              # tests decode our pcap files with Wireshark's dissectors
  gnuplot-nox         # netsim plot: PNG and SVG figures
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "netsim needs these Debian packages. Install them with:" >&2
  echo "  sudo apt-get update && sudo $line" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
