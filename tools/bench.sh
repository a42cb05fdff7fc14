#!/usr/bin/env bash
# Runs the benchmarks (never part of the test run) and prints the figures as ratios against
# baselines measured in the same run: the bare heap under the engine, and ns-3 3.37's schedulers
# (this installs Debian's libns3-dev; ns-3 is optional for building netsim itself).
#
# Usage: tools/bench.sh [extra Google Benchmark flags, e.g. --benchmark_repetitions=5]
# Raw JSON goes to build/bench/. The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh libns3-dev python3
tools/build.sh build -DNETSIM_BUILD_BENCHMARKS=ON -- bench_hold bench_hold_ns3
out=build/bench
mkdir -p "$out"

echo "netsim hold model ..." >&2
build/tools/bench/bench_hold --benchmark_out="$out/hold_netsim.json" --benchmark_out_format=json "$@"
echo "ns-3 hold model ..." >&2
build/tools/bench/ns3/bench_hold_ns3 --benchmark_out="$out/hold_ns3.json" --benchmark_out_format=json "$@"

python3 tools/bench/hold_report.py "$out/hold_netsim.json" "$out/hold_ns3.json"
