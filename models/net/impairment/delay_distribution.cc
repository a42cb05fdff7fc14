#include "models/net/impairment/delay_distribution.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace netsim::net {

std::string_view to_string(DelayDistribution distribution) {
  switch (distribution) {
    case DelayDistribution::Uniform:
      return "uniform";
    case DelayDistribution::Normal:
      return "normal";
    case DelayDistribution::Pareto:
      return "pareto";
    case DelayDistribution::ParetoNormal:
      return "paretonormal";
  }
  return "unknown";
}

namespace {

std::int16_t clamp16(double v) {
  return static_cast<std::int16_t>(std::clamp(v, -32768.0, 32767.0));
}

// iproute2 netem/normal.c: scan x over [−10, 10) in steps of 5·10^-5, record x at the bin
// rint(16384·Φ(x)) (the last x for a bin wins), keep every 4th bin, scale by 8192.
std::vector<double> normal_quantiles() {
  constexpr int kBins = 16384;
  std::vector<double> bins(kBins + 1, 0.0);
  // An integer step count avoids the drift of repeatedly adding 0.00005 (iproute2 adds a double;
  // the recorded x per bin differs from ours by less than the step).
  for (int step = 0; step < 401'000; ++step) {
    const double x = -10.0 + step * 0.00005;
    const double phi = 0.5 + 0.5 * std::erf(x / std::sqrt(2.0));
    bins[static_cast<std::size_t>(std::rint(kBins * phi))] = x;
  }
  std::vector<double> out;
  for (int i = 0; i < kBins; i += 4) out.push_back(bins[static_cast<std::size_t>(i)]);
  return out;
}

// iproute2 netem/pareto.c: for i = 65536, 65520, ..., 16: u = i/65536, d = u^(−1/3),
// table = (d − 1.5) · 4/3 · 8192, capped at 32767.
double pareto_entry(int k) {
  const double u = (65536.0 - 16.0 * k) / 65536.0;
  const double d = std::pow(u, -1.0 / 3.0);
  return std::min((d - 1.5) * (4.0 / 3.0) * kDistScale, 32767.0);
}

DistTable build(DelayDistribution distribution) {
  DistTable table{};
  const std::vector<double> normal =
      distribution == DelayDistribution::Pareto ? std::vector<double>() : normal_quantiles();
  for (int k = 0; k < kDistTableSize; ++k) {
    switch (distribution) {
      case DelayDistribution::Normal:
        table[k] = clamp16(std::rint(normal[k] * kDistScale));
        break;
      case DelayDistribution::Pareto:
        table[k] = clamp16(std::rint(pareto_entry(k)));
        break;
      case DelayDistribution::ParetoNormal: {
        // paretonormal.c: (normvalue + 3·parvalue) / 4 with C integer division.
        const auto norm = static_cast<std::int64_t>(std::rint(normal[k] * kDistScale));
        const auto par = static_cast<std::int64_t>(std::rint(pareto_entry(k)));
        table[k] = clamp16(static_cast<double>((norm + 3 * par) / 4));
        break;
      }
      case DelayDistribution::Uniform:
        break;
    }
  }
  return table;
}

}  // namespace

const DistTable& distribution_table(DelayDistribution distribution) {
  // Immutable after construction; function-local statics are initialized once, thread-safely.
  static const DistTable normal = build(DelayDistribution::Normal);
  static const DistTable pareto = build(DelayDistribution::Pareto);
  static const DistTable paretonormal = build(DelayDistribution::ParetoNormal);
  switch (distribution) {
    case DelayDistribution::Normal:
      return normal;
    case DelayDistribution::Pareto:
      return pareto;
    default:
      return paretonormal;
  }
}

std::int64_t tabledist(std::int64_t mu, std::int64_t sigma, std::uint32_t rnd,
                       DelayDistribution distribution) {
  if (sigma == 0) return mu;
  if (distribution == DelayDistribution::Uniform) {
    return static_cast<std::int64_t>(rnd % (2 * static_cast<std::uint64_t>(sigma))) + mu - sigma;
  }
  const std::int64_t t = distribution_table(distribution)[rnd % kDistTableSize];
  // sigma·t/8192 without overflow, rounding the fractional part half away from zero.
  std::int64_t x = (sigma % kDistScale) * t;
  x += x >= 0 ? kDistScale / 2 : -kDistScale / 2;
  return x / kDistScale + (sigma / kDistScale) * t + mu;
}

}  // namespace netsim::net
