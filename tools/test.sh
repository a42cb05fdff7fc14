#!/usr/bin/env bash
# The README's second command, and what CI runs (.ci/run): installs what is missing, builds
# everything and runs every test. With CI=true warnings are errors, and the byte parsers' suites
# (HTTP, WebSocket, Engine.IO, Socket.IO: the code that reads bytes from peers) are also built
# and run under AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/; any finding fails
# the run. `tools/test.sh --sanitize`
# runs the whole suite under the sanitizers instead (about twice as long: a separate command, as
# the benchmarks are — see tools/bench.sh; benchmarks are built here but not run).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh
jobs=$(nproc)
ci=false
[[ "${CI:-}" == "true" ]] && ci=true
sanitize_all=false
[[ "${1:-}" == "--sanitize" ]] && sanitize_all=true

export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
sanitized_build() {  # [ninja targets...]: build-asan with ASan + UBSan
  tools/build.sh build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETSIM_BUILD_TESTS=ON \
    -DNETSIM_BUILD_BENCHMARKS=OFF -DNETSIM_WERROR=ON -DNETSIM_SANITIZE=address,undefined \
    ${1+-- "$@"}
}

if $sanitize_all; then
  echo "--sanitize: building and running every test under ASan + UBSan in build-asan/" >&2
  sanitized_build
  ctest --test-dir build-asan --parallel "$jobs" --output-on-failure
  exit 0
fi

tools/build.sh build -DNETSIM_BUILD_TESTS=ON -DNETSIM_WERROR=$ci
ctest --test-dir build --parallel "$jobs" --output-on-failure

if $ci; then
  echo "CI=true: the byte parsers' suites under ASan + UBSan in build-asan/" >&2
  suites=(websocket/websocket_test socketio/socketio_test)
  sanitized_build "${suites[@]##*/}"
  for suite in "${suites[@]}"; do "build-asan/tests/$suite" --gtest_brief=1; done
fi
