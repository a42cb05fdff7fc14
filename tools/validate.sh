#!/usr/bin/env bash
# Runs netsim's TCP and UDP side by side with ns-3 3.37 on the validation experiment (issue 4:
# 10 Mbit/s, 20 ms, loss 0 / 0.1 / 1 / 5% on the data direction, NewReno without SACK, 60 s; bulk
# goodput and 200-byte-message latency) and prints the Markdown table kept in docs/validation.md.
# Installs Debian's libns3-dev (ns-3 is never needed to build or test netsim itself).
#
# Usage: tools/validate.sh [--runs N]   (default 10 runs per case; about 3 minutes)
# Exits 1 if a comparison is outside its tolerance. Scenarios and outputs go to build/validation/.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh libns3-dev python3
tools/build.sh build -DNETSIM_BUILD_BENCHMARKS=ON -- netsim tcp_validation_ns3
python3 tools/bench/tcp_validation.py build/tools/netsim/netsim build/tools/bench/ns3/tcp_validation_ns3 \
  --work build/validation "$@"
