#!/usr/bin/env bash
# Builds `netsim` and `bench_realtime` tuned for this machine, for large runs: compiled for this
# CPU (-march=native), with link-time optimization, and profile-guided (PGO): an instrumented
# build first runs a training workload, then the final build is optimized with its profile.
# A tuned binary simulates exactly what a plain one does (floating-point contraction stays off;
# tools/bench.sh checks the event counts match), but it may not run on another CPU, and Eigen's
# analytic models (the "theory" columns of `netsim compare`) may round differently in the last
# bits (the bundled reports are byte-identical).
#
# The training is smaller than, and different from, what gets measured: the realtime benchmark
# with 2,000 clients for 2 simulated minutes (with its raw-TCP baseline) and the bundled chat
# room scenario, so the profile covers the realtime stack, TCP, links and the scenario reader.
#
# Usage: tools/bench/tuned_build.sh [DIR]     (default build-tuned; about 6 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."

dir=${1:-build-tuned}
targets=(bench_realtime netsim)
common=(-DCMAKE_BUILD_TYPE=Release -DNETSIM_BUILD_TESTS=OFF -DNETSIM_BUILD_BENCHMARKS=ON
        -DNETSIM_NATIVE=ON)

tools/deps.sh
# Stage 1: instrumented. Profiles from an older build would not match this code: start clean.
tools/build.sh "$dir" "${common[@]}" -DNETSIM_LTO=OFF -DNETSIM_PGO=generate -- "${targets[@]}"
rm -rf "$dir/pgo"
echo "tuned build: training ..." >&2
"$dir/tools/bench/bench_realtime" --clients 2000 --minutes 2 >/dev/null
training_out=$(mktemp -d)
trap 'rm -rf "$training_out"' EXIT
"$dir/tools/netsim/netsim" run scenarios/chat-room.yaml -o "$training_out/chat-room" >/dev/null

# Stage 2: every object is rebuilt with the profile (the flags changed).
tools/build.sh "$dir" "${common[@]}" -DNETSIM_LTO=ON -DNETSIM_PGO=use -- "${targets[@]}"
echo "tuned build: $dir/tools/bench/bench_realtime and $dir/tools/netsim/netsim" >&2
