#include "sim/assert.h"

#include <cstdio>
#include <cstdlib>

namespace netsim::sim::detail {

void assertion_failed(const char* condition, const char* message, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: netsim invariant violated: %s (%s)\n", file, line, message,
               condition);
  std::fflush(stderr);
  std::abort();
}

}  // namespace netsim::sim::detail
