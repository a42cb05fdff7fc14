// Kernel invariants. A failed invariant is a bug in netsim, not a user error, so it stops the
// process with a message naming the place and the broken rule. The checks stay on in Release
// builds: they guard cheap conditions (causality, handle validity) whose violation would
// otherwise silently corrupt a run.
#pragma once

namespace netsim::sim::detail {
[[noreturn]] void assertion_failed(const char* condition, const char* message, const char* file,
                                   int line);
}  // namespace netsim::sim::detail

#define NETSIM_ASSERT(condition, message)                                                 \
  do {                                                                                    \
    if (!(condition)) [[unlikely]]                                                        \
      ::netsim::sim::detail::assertion_failed(#condition, (message), __FILE__, __LINE__); \
  } while (false)
