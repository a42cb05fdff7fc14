// Cache hints for software pipelining (docs/architecture.md): a prefetch changes no result and
// never faults, whatever the address.
#pragma once

#include <cstddef>
#include <cstdint>

namespace netsim::sim {

// What the fetched lines are for: reading, or writing (fetched in a state that allows it, so the
// store does not wait for a second request).
enum class Intent : int { Read = 0, Write = 1 };

// Fetches every cache line of [p, p + bytes).
template <Intent I = Intent::Read>
void prefetch_lines(const void* p, std::size_t bytes) {
  constexpr std::uintptr_t kLine = 64;
  const auto begin = reinterpret_cast<std::uintptr_t>(p) & ~(kLine - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(p) + bytes;
  for (std::uintptr_t line = begin; line < end; line += kLine)
    __builtin_prefetch(reinterpret_cast<const void*>(line), static_cast<int>(I));
}

// Every line of *p.
template <Intent I = Intent::Read, typename T>
void prefetch_object(const T* p) {
  prefetch_lines<I>(p, sizeof(T));
}

}  // namespace netsim::sim
