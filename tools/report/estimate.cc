#include "tools/report/estimate.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace netsim::report {

double student_t_975(std::size_t dof) {
  const boost::math::students_t distribution(static_cast<double>(dof));
  return boost::math::quantile(distribution, 0.975);
}

Estimate estimate(const std::vector<double>& values) {
  constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
  Estimate e;
  // Sums of deviations from the first value (shifted data): exact for equal values (sd 0, not
  // 1e-16) and free of the cancellation of Σx² − n·x̄².
  double origin = kNan;
  double sum = 0;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    if (e.n == 0) origin = v;
    sum += v - origin;
    ++e.n;
  }
  if (e.n == 0) {
    e.mean = e.sd = e.ci95_low = e.ci95_high = kNan;
    return e;
  }
  const double shift = sum / static_cast<double>(e.n);
  e.mean = origin + shift;
  if (e.n < 2) {
    e.sd = e.ci95_low = e.ci95_high = kNan;
    return e;
  }
  double squares = 0;
  for (const double v : values) {
    if (!std::isnan(v)) squares += (v - origin - shift) * (v - origin - shift);
  }
  e.sd = std::sqrt(squares / static_cast<double>(e.n - 1));
  const double half = student_t_975(e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n));
  e.ci95_low = e.mean - half;
  e.ci95_high = e.mean + half;
  return e;
}

}  // namespace netsim::report
