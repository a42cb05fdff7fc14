// A metric's estimate across replications: mean, sample standard deviation and a 95% confidence
// interval from Student's t distribution, mean ± t(0.975, n−1)·s/√n. The interval assumes the
// replications are independent (they draw from independent random streams) and that the mean is
// roughly normal, which holds for means of many packets even when single values are skewed.
#pragma once

#include <cstddef>
#include <vector>

namespace netsim::report {

struct Estimate {
  std::size_t n = 0;     // replications with a value (NaN values, e.g. no latency, are left out)
  double mean = 0;       // NaN when n = 0
  double sd = 0;         // sample standard deviation (n − 1 in the denominator); NaN when n < 2
  double ci95_low = 0;   // NaN when n < 2
  double ci95_high = 0;  // NaN when n < 2
};

Estimate estimate(const std::vector<double>& values);

// The 0.975 quantile of Student's t distribution with `dof` degrees of freedom (12.706 for 1).
double student_t_975(std::size_t dof);

}  // namespace netsim::report
