// The M/M/1/K queue: Poisson arrivals at rate λ, exponential service at rate μ, room for K
// customers in the system (one in service, K − 1 waiting); arrivals finding it full are lost.
// The stationary occupancy solves the birth-death generator Q (π Q = 0, Σ π = 1) with Eigen and
// matches the closed form π_n = ρⁿ (1 − ρ) / (1 − ρ^(K+1)), ρ = λ/μ (PROTOCOLS.md §4; Kleinrock
// 1975 §3.6). For a link: μ = rate / mean packet bits, K = queue limit + 1 (the transmitter).
#pragma once

#include <Eigen/Dense>

namespace netsim::analytic {

class Mm1k {
 public:
  Mm1k(double arrival_rate, double service_rate, int capacity);

  // π_n, n = 0 … K, from the generator.
  const Eigen::VectorXd& occupancy() const { return occupancy_; }
  // The closed form, for comparison.
  Eigen::VectorXd occupancy_closed_form() const;
  // Probability an arrival is lost (PASTA: arrivals see time averages): π_K.
  double drop_probability() const { return occupancy_(capacity_); }
  // Mean number in the system, L = Σ n π_n.
  double mean_in_system() const;
  // Mean time in the system of an accepted customer, by Little's law: L / (λ (1 − π_K)).
  double mean_delay() const;
  // Mean time waiting before service: mean_delay − 1/μ.
  double mean_wait() const { return mean_delay() - 1 / service_rate_; }

 private:
  double arrival_rate_;
  double service_rate_;
  int capacity_;
  Eigen::VectorXd occupancy_;
};

}  // namespace netsim::analytic
