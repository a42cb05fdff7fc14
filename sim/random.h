// Random numbers: one independent, named stream per component.
//
// A stream's seed is a hash of (scenario seed, run index, component name), so a component draws
// the same numbers whatever other components exist or in which order they were created: adding
// a flow does not change the loss pattern of an unrelated link. Generators and distributions are
// written out here (not <random>'s distributions, whose output is implementation-defined), so a
// run reproduces across standard libraries.
#pragma once

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace netsim::sim {

// SplitMix64 (Steele, Lea, Flood 2014): seeds and hashes 64-bit values.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a, 64-bit: a stable hash of a name (std::hash is not stable across implementations).
constexpr std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// xoshiro256** (Blackman and Vigna 2018): 256 bits of state, period 2^256 − 1, fast, and passes
// BigCrush. A value type: a component owns its generator.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // True with probability p (p ≤ 0 never, p ≥ 1 always). Draws exactly one number either way,
  // so the stream's position does not depend on p.
  bool bernoulli(double p) { return uniform() < p; }

  // Exponential with the given mean, by inversion: −mean·ln(U) with U in (0, 1].
  double exponential(double mean) {
    const double u = static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53;
    return -mean * std::log(u);
  }

  // Uniform integer in [0, n) without modulo bias (Lemire 2019, multiply-and-reject).
  std::uint64_t below(std::uint64_t n);

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// Hands out named streams for one run. A name may be taken once: two components sharing a
// stream would draw correlated numbers, which is a bug in whoever named them.
class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed, std::uint64_t run = 0) : seed_(seed), run_(run) {}

  std::uint64_t seed() const { return seed_; }
  std::uint64_t run() const { return run_; }

  Rng stream(std::string_view name);

  // The seed a stream of this name gets, without claiming the name.
  std::uint64_t stream_seed(std::string_view name) const;

 private:
  std::uint64_t seed_;
  std::uint64_t run_;
  std::set<std::string, std::less<>> taken_;
};

}  // namespace netsim::sim
