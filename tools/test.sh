#!/usr/bin/env bash
# The README's second command, and what CI runs (.ci/run): installs what is missing, builds
# everything and runs every test. With CI=true warnings are errors, and it then builds the suite
# again with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ and runs it; any
# finding fails the run. Benchmarks are built (so they keep compiling) but not run: see
# tools/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh
jobs=$(nproc)
ci=false
[[ "${CI:-}" == "true" ]] && ci=true

tools/build.sh build -DNETSIM_BUILD_TESTS=ON -DNETSIM_WERROR=$ci
ctest --test-dir build --parallel "$jobs" --output-on-failure

if $ci; then
  echo "CI=true: building and running the tests under ASan + UBSan in build-asan/" >&2
  tools/build.sh build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETSIM_BUILD_TESTS=ON \
    -DNETSIM_BUILD_BENCHMARKS=OFF -DNETSIM_WERROR=ON -DNETSIM_SANITIZE=address,undefined
  ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:strict_string_checks=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --parallel "$jobs" --output-on-failure
fi
