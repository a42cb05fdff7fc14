// Simulated time. Signed 64-bit integer nanoseconds (±292 years): exact, so a run is a pure
// function of its inputs, with no floating-point rounding in event order. `Duration` is a span,
// `Time` a point since the start of the run (Time - Time = Duration, Time + Duration = Time).
// Floating point appears only in to_seconds()/to_ms(), for reports.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace netsim::sim {

namespace detail {
// Named constructors multiply by a unit; an overflow there is a caller's error, reported as an
// exception (at compile time, in constant expressions).
constexpr std::int64_t checked_mul(std::int64_t value, std::int64_t unit) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(value, unit, &out)) throw std::overflow_error("netsim: time overflow");
  return out;
}
constexpr std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw std::overflow_error("netsim: time overflow");
  return out;
}
constexpr std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(a, b, &out)) throw std::overflow_error("netsim: time overflow");
  return out;
}
}  // namespace detail

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration from_ns(std::int64_t ns) { return Duration(ns); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration max() { return Duration(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double to_seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr double to_ms() const { return static_cast<double>(ns_) * 1e-6; }

  constexpr auto operator<=>(const Duration&) const = default;

  constexpr Duration operator+(Duration o) const {
    return Duration(detail::checked_add(ns_, o.ns_));
  }
  constexpr Duration operator-(Duration o) const {
    return Duration(detail::checked_sub(ns_, o.ns_));
  }
  constexpr Duration operator-() const { return Duration(detail::checked_sub(0, ns_)); }
  constexpr Duration operator*(std::int64_t k) const {
    return Duration(detail::checked_mul(ns_, k));
  }
  // Integer division truncates toward zero, like the underlying int64.
  constexpr Duration operator/(std::int64_t k) const { return Duration(ns_ / k); }
  constexpr std::int64_t operator/(Duration o) const { return ns_ / o.ns_; }
  constexpr Duration operator%(Duration o) const { return Duration(ns_ % o.ns_); }
  constexpr Duration& operator+=(Duration o) { return *this = *this + o; }
  constexpr Duration& operator-=(Duration o) { return *this = *this - o; }

 private:
  constexpr explicit Duration(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

constexpr Duration operator*(std::int64_t k, Duration d) { return d * k; }

constexpr Duration ns(std::int64_t v) { return Duration::from_ns(v); }
constexpr Duration us(std::int64_t v) { return Duration::from_ns(detail::checked_mul(v, 1'000)); }
constexpr Duration ms(std::int64_t v) {
  return Duration::from_ns(detail::checked_mul(v, 1'000'000));
}
constexpr Duration sec(std::int64_t v) {
  return Duration::from_ns(detail::checked_mul(v, 1'000'000'000));
}

class Time {
 public:
  constexpr Time() = default;
  static constexpr Time from_ns(std::int64_t ns) { return Time(ns); }
  static constexpr Time zero() { return Time(0); }
  static constexpr Time max() { return Time(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double to_seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr Duration since_start() const { return Duration::from_ns(ns_); }

  constexpr auto operator<=>(const Time&) const = default;

  constexpr Time operator+(Duration d) const { return Time(detail::checked_add(ns_, d.ns())); }
  constexpr Time operator-(Duration d) const { return Time(detail::checked_sub(ns_, d.ns())); }
  constexpr Duration operator-(Time o) const {
    return Duration::from_ns(detail::checked_sub(ns_, o.ns_));
  }
  constexpr Time& operator+=(Duration d) { return *this = *this + d; }

 private:
  constexpr explicit Time(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

constexpr Time operator+(Duration d, Time t) { return t + d; }

// The earlier of two optional deadlines (an object's next timer among several that may be off).
constexpr std::optional<Time> earliest(std::optional<Time> a, std::optional<Time> b) {
  if (!a) return b;
  if (!b) return a;
  return *b < *a ? b : a;
}

// Shortest exact rendering with the largest unit that divides it: "20ms", "1500us", "0s".
std::string to_string(Duration d);
std::string to_string(Time t);

}  // namespace netsim::sim
