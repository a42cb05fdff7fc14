#include "models/analytic/handshake_model.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace netsim::analytic {

namespace {
double rto(const HandshakeParameters& p, int attempt) {
  return std::min(p.syn_rto_s * std::pow(2.0, attempt - 1), p.max_rto_s);
}
}  // namespace

HandshakeModel::HandshakeModel(const HandshakeParameters& parameters) : parameters_(parameters) {
  const int n = parameters.syn_retries + 1;  // transient states: attempts 1 … n
  const double s = (1 - parameters.p_syn) * (1 - parameters.p_synack);
  // Q: attempt k → attempt k + 1 when the k-th SYN fails.
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(n, n);
  for (int k = 0; k + 1 < n; ++k) q(k, k + 1) = 1 - s;
  const Eigen::MatrixXd fundamental = (Eigen::MatrixXd::Identity(n, n) - q).inverse();
  // b: absorbed in "established" from each attempt.
  const Eigen::VectorXd b = Eigen::VectorXd::Constant(n, s);
  const Eigen::VectorXd h = fundamental * b;  // P(established | at attempt k)
  // g: expected time earned in attempt k on paths that end established: the RTT if this SYN
  // gets through, or its timeout if it fails and a later one gets through.
  Eigen::VectorXd g(n);
  for (int k = 0; k < n; ++k) {
    const double later = k + 1 < n ? h(k + 1) : 0;
    g(k) = s * parameters.rtt_s + (1 - s) * rto(parameters, k + 1) * later;
  }
  const Eigen::VectorXd timed = fundamental * g;  // E[T · 1{established} | at attempt k]
  success_ = h(0);
  mean_time_ = success_ > 0 ? timed(0) / success_ : 0;
}

std::vector<HandshakeModel::Outcome> HandshakeModel::outcomes() const {
  const double s = (1 - parameters_.p_syn) * (1 - parameters_.p_synack);
  std::vector<Outcome> out;
  double waited = 0;
  double reach = 1;  // P(attempt k is made)
  for (int k = 1; k <= parameters_.syn_retries + 1; ++k) {
    out.push_back({k, waited + parameters_.rtt_s, reach * s});
    waited += rto(parameters_, k);
    reach *= 1 - s;
  }
  return out;
}

}  // namespace netsim::analytic
