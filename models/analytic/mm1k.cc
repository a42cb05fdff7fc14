#include "models/analytic/mm1k.h"

#include <cmath>
#include <stdexcept>

namespace netsim::analytic {

Mm1k::Mm1k(double arrival_rate, double service_rate, int capacity)
    : arrival_rate_(arrival_rate), service_rate_(service_rate), capacity_(capacity) {
  if (!(arrival_rate > 0) || !(service_rate > 0) || capacity < 1) {
    throw std::invalid_argument("M/M/1/K needs λ > 0, μ > 0 and K ≥ 1");
  }
  const int n = capacity + 1;
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    if (i + 1 < n) q(i, i + 1) = arrival_rate;
    if (i > 0) q(i, i - 1) = service_rate;
    q(i, i) = -q.row(i).sum();
  }
  // π Q = 0 with one equation replaced by Σ π = 1.
  Eigen::MatrixXd a = q.transpose();
  a.row(n - 1).setOnes();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
  rhs(n - 1) = 1;
  occupancy_ = a.fullPivLu().solve(rhs);
}

Eigen::VectorXd Mm1k::occupancy_closed_form() const {
  const double rho = arrival_rate_ / service_rate_;
  Eigen::VectorXd out(capacity_ + 1);
  for (int k = 0; k <= capacity_; ++k) {
    // ρ = 1 is the uniform limit.
    out(k) = std::abs(rho - 1) < 1e-12
                 ? 1.0 / (capacity_ + 1)
                 : std::pow(rho, k) * (1 - rho) / (1 - std::pow(rho, capacity_ + 1));
  }
  return out;
}

double Mm1k::mean_in_system() const {
  double l = 0;
  for (int k = 0; k <= capacity_; ++k) l += k * occupancy_(k);
  return l;
}

double Mm1k::mean_delay() const {
  return mean_in_system() / (arrival_rate_ * (1 - drop_probability()));
}

}  // namespace netsim::analytic
