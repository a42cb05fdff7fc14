#include "models/analytic/markov_loss.h"

#include <cmath>
#include <stdexcept>

namespace netsim::analytic {

MarkovLoss::MarkovLoss(Eigen::MatrixXd transition, Eigen::VectorXd loss)
    : transition_(std::move(transition)), loss_(std::move(loss)) {
  const Eigen::Index n = transition_.rows();
  if (n == 0 || transition_.cols() != n || loss_.size() != n) {
    throw std::invalid_argument("a Markov loss model needs an n×n matrix and n loss values");
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::abs(transition_.row(i).sum() - 1) > 1e-9 || transition_.row(i).minCoeff() < 0) {
      throw std::invalid_argument("transition matrix rows must be probabilities summing to 1");
    }
  }
  // π (P − I) = 0 with Σ π = 1: the transposed system with one balance equation replaced by
  // the normalization (the balance equations are linearly dependent).
  Eigen::MatrixXd a = transition_.transpose() - Eigen::MatrixXd::Identity(n, n);
  a.row(n - 1).setOnes();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
  rhs(n - 1) = 1;
  stationary_ = a.fullPivLu().solve(rhs);
}

MarkovLoss MarkovLoss::gilbert_elliott(double p, double r, double one_minus_h, double one_minus_k) {
  Eigen::MatrixXd transition(2, 2);
  transition << 1 - p, p, r, 1 - r;  // state 0 good, 1 bad
  Eigen::VectorXd loss(2);
  loss << one_minus_k, one_minus_h;
  return {transition, loss};
}

MarkovLoss MarkovLoss::four_state(double p13, double p31, double p32, double p23, double p14) {
  // States 0..3 are netem's 1..4: 1 good reception, 2 good reception within a burst, 3 loss
  // within a burst, 4 isolated loss. X_n is the state packet n moves the chain into.
  Eigen::MatrixXd transition(4, 4);
  transition << 1 - p13 - p14, 0, p13, p14,  //
      0, 1 - p23, p23, 0,                    //
      p31, p32, 1 - p31 - p32, 0,            //
      1, 0, 0, 0;
  Eigen::VectorXd loss(4);
  loss << 0, 0, 1, 1;
  return {transition, loss};
}

double MarkovLoss::mean_loss() const { return stationary_.dot(loss_); }

double MarkovLoss::mean_burst_length() const {
  // Bursts start at a lost packet whose predecessor was received: rate π R P loss.
  const Eigen::VectorXd received = Eigen::VectorXd::Ones(loss_.size()) - loss_;
  const Eigen::RowVectorXd after_received =
      stationary_.cwiseProduct(received).transpose() * transition_;
  const double starts = after_received.dot(loss_);
  return starts > 0 ? mean_loss() / starts : 0;
}

std::vector<double> MarkovLoss::burst_length_distribution(int max_length) const {
  const Eigen::VectorXd received = Eigen::VectorXd::Ones(loss_.size()) - loss_;
  // α: the state of a packet that follows a received one, weighted by that packet being lost.
  Eigen::RowVectorXd alpha = stationary_.cwiseProduct(received).transpose() * transition_;
  alpha = alpha.cwiseProduct(loss_.transpose());  // α L: the first packet of the burst is lost
  const double total = alpha.sum();
  std::vector<double> out;
  if (total <= 0) return out;
  // v: (state, burst still going) after the n-th loss; the burst ends when the next is received.
  Eigen::RowVectorXd v = alpha / total;
  for (int n = 1; n <= max_length; ++n) {
    const Eigen::RowVectorXd next = v * transition_;
    out.push_back(next.dot(received));         // length exactly n
    v = next.cwiseProduct(loss_.transpose());  // still lost: the burst goes on
  }
  return out;
}

}  // namespace netsim::analytic
