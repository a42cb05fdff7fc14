#include "models/scenario/quantity.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <utility>

namespace netsim::scenario {

namespace {

struct Decimal {
  bool negative = false;
  std::string_view whole;     // digits before the point
  std::string_view fraction;  // digits after the point
  std::string_view unit;      // what follows, spaces trimmed
};

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Splits "[-]digits[.digits][ ]unit". Returns false if there is no number.
bool split(std::string_view text, Decimal& out) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) out.negative = text[i++] == '-';
  const std::size_t whole_start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  out.whole = text.substr(whole_start, i - whole_start);
  if (i < text.size() && text[i] == '.') {
    const std::size_t fraction_start = ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    out.fraction = text.substr(fraction_start, i - fraction_start);
  }
  if (out.whole.empty() && out.fraction.empty()) return false;
  while (i < text.size() && text[i] == ' ') ++i;
  out.unit = text.substr(i);
  while (!out.unit.empty() && out.unit.back() == ' ') out.unit.remove_suffix(1);
  return true;
}

// value × multiplier, exactly. Throws if the result is not whole or overflows int64.
std::int64_t scale(const Decimal& d, std::int64_t multiplier, std::string_view text,
                   std::string_view what) {
  using Wide = __int128;
  constexpr Wide kLimit = static_cast<Wide>(INT64_MAX);
  Wide whole = 0;
  for (const char c : d.whole) {
    whole = whole * 10 + (c - '0');
    if (whole > kLimit) throw QuantityError(quoted(text) + " is too large");
  }
  Wide fraction = 0;
  Wide denominator = 1;
  for (const char c : d.fraction) {
    if (denominator > kLimit) throw QuantityError(quoted(text) + " has too many decimals");
    fraction = fraction * 10 + (c - '0');
    denominator *= 10;
  }
  const Wide scaled_fraction = fraction * multiplier;
  if (scaled_fraction % denominator != 0) {
    throw QuantityError(quoted(text) + " is not a whole number of " + std::string(what));
  }
  const Wide value = whole * multiplier + scaled_fraction / denominator;
  if (value > kLimit) throw QuantityError(quoted(text) + " is too large");
  return static_cast<std::int64_t>(value);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

sim::Duration parse_duration(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 7> kUnits{{
      {"ns", 1},
      {"us", 1'000},
      {"µs", 1'000},
      {"ms", 1'000'000},
      {"s", 1'000'000'000},
      {"min", 60'000'000'000},
      {"h", 3'600'000'000'000},
  }};
  const std::string expected =
      "expected a duration such as '20ms' (units: ns, us, ms, s, min, h), got " + quoted(text);
  Decimal d;
  if (!split(text, d)) throw QuantityError(expected);
  if (d.negative) throw QuantityError("a duration cannot be negative, got " + quoted(text));
  if (d.unit.empty()) {
    if (scale(d, 1, text, "nanoseconds") == 0) return sim::Duration::zero();
    throw QuantityError("missing unit: " + expected);
  }
  for (const auto& [unit, multiplier] : kUnits) {
    if (d.unit == unit) return sim::ns(scale(d, multiplier, text, "nanoseconds"));
  }
  throw QuantityError(expected);
}

sim::DataRate parse_rate(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> kUnits{{
      {"bps", 1},
      {"kbps", 1'000},
      {"mbps", 1'000'000},
      {"gbps", 1'000'000'000},
      {"tbps", 1'000'000'000'000},
  }};
  const std::string expected =
      "expected a bit rate such as '10Mbps' (units: bps, kbps, Mbps, Gbps, Tbps), got " +
      quoted(text);
  Decimal d;
  if (!split(text, d)) throw QuantityError(expected);
  if (d.negative) throw QuantityError("a rate must be positive, got " + quoted(text));
  for (const auto& [unit, multiplier] : kUnits) {
    if (iequals(d.unit, unit)) {
      const std::int64_t bps = scale(d, multiplier, text, "bits per second");
      if (bps == 0) throw QuantityError("a rate must be positive, got " + quoted(text));
      return sim::DataRate::bps(bps);
    }
  }
  throw QuantityError(d.unit.empty() ? "missing unit: " + expected : expected);
}

sim::Bytes parse_size(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 7> kUnits{{
      {"B", 1},
      {"KB", 1'000},
      {"MB", 1'000'000},
      {"GB", 1'000'000'000},
      {"KiB", 1 << 10},
      {"MiB", 1 << 20},
      {"GiB", 1 << 30},
  }};
  const std::string expected =
      "expected a size such as '1500B' (units: B, KB, MB, GB, KiB, MiB, GiB), got " + quoted(text);
  Decimal d;
  if (!split(text, d)) throw QuantityError(expected);
  if (d.negative) throw QuantityError("a size cannot be negative, got " + quoted(text));
  for (const auto& [unit, multiplier] : kUnits) {
    if (d.unit == unit) return sim::Bytes(scale(d, multiplier, text, "bytes"));
  }
  throw QuantityError(d.unit.empty() ? "missing unit: " + expected : expected);
}

double parse_percent(std::string_view text) {
  const std::string expected = "expected a percentage such as '1%', got " + quoted(text);
  Decimal d;
  if (!split(text, d)) throw QuantityError(expected);
  // A bare 0 is unambiguous (0 = 0%), and sweeps read better with it: [0, 0.1%, 1%].
  const bool zero =
      d.unit.empty() &&
      (std::string(d.whole) + std::string(d.fraction)).find_first_not_of('0') == std::string::npos;
  if (zero) return 0;
  if (d.unit != "%") {
    throw QuantityError(d.unit.empty() ? "missing '%': " + expected : expected);
  }
  if (d.negative) throw QuantityError("a percentage cannot be negative, got " + quoted(text));
  // Exact decimal → parts per 10^12, then one division: "0.1%" is exactly 0.001 as a double.
  const std::int64_t ppt = scale(d, 10'000'000'000, text, "parts per 10^12");
  if (ppt > 1'000'000'000'000)
    throw QuantityError("a percentage is at most 100%, got " + quoted(text));
  return static_cast<double>(ppt) / 1e12;
}

net::QueueLimit parse_queue_limit(std::string_view text) {
  Decimal d;
  if (split(text, d) && (d.unit == "packets" || d.unit == "packet")) {
    if (d.negative || !d.fraction.empty()) {
      throw QuantityError("a packet count is a whole, non-negative number, got " + quoted(text));
    }
    return net::QueueLimit::packets(scale(d, 1, text, "packets"));
  }
  try {
    return net::QueueLimit::bytes(parse_size(text).count());
  } catch (const QuantityError&) {
    throw QuantityError("expected a queue limit such as '100 packets' or '64KB', got " +
                        quoted(text));
  }
}

}  // namespace netsim::scenario
