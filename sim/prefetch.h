// Cache hints for software pipelining (docs/architecture.md): a prefetch changes no result and
// never faults, whatever the address.
#pragma once

#include <cstddef>
#include <cstdint>

namespace netsim::sim {

// Fetches every cache line of [p, p + bytes).
inline void prefetch_lines(const void* p, std::size_t bytes) {
  constexpr std::uintptr_t kLine = 64;
  const auto begin = reinterpret_cast<std::uintptr_t>(p) & ~(kLine - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(p) + bytes;
  for (std::uintptr_t line = begin; line < end; line += kLine)
    __builtin_prefetch(reinterpret_cast<const void*>(line));
}

// Every line of *p.
template <typename T>
void prefetch_object(const T* p) {
  prefetch_lines(p, sizeof(T));
}

// Every line of *p, about to be written (fetched in a state that allows writing).
template <typename T>
void prefetch_object_for_write(const T* p) {
  constexpr std::uintptr_t kLine = 64;
  const auto begin = reinterpret_cast<std::uintptr_t>(p) & ~(kLine - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(p) + sizeof(T);
  for (std::uintptr_t line = begin; line < end; line += kLine)
    __builtin_prefetch(reinterpret_cast<const void*>(line), 1);
}

}  // namespace netsim::sim
