// Loss processes driven by a Markov chain: packet n is in state X_n of a chain with transition
// matrix P, and is lost with probability loss[X_n]. Solved with Eigen: the stationary
// distribution, the mean loss rate and the distribution of loss-burst lengths (runs of
// consecutive losses), to compare with netem's models as the simulator runs them (PROTOCOLS.md
// §1). With L = diag(loss), R = diag(1 − loss) and α = π R P L (a loss right after a reception:
// a burst starting), P(burst length = n) = α (P L)^(n−1) P R 1 / (α 1).
#pragma once

#include <Eigen/Dense>
#include <vector>

namespace netsim::analytic {

class MarkovLoss {
 public:
  // `transition` is row-stochastic (each row sums to 1); `loss[i]` the loss probability in
  // state i. Throws std::invalid_argument otherwise.
  MarkovLoss(Eigen::MatrixXd transition, Eigen::VectorXd loss);

  // netem `loss gemodel p r 1-h 1-k` as netsim (and netem's loss_gilb_ell) runs it: a packet is
  // lost with the probability of the state it starts in (good: 1−k, bad: 1−h), then the chain
  // moves (good → bad with p, bad → good with r).
  static MarkovLoss gilbert_elliott(double p, double r, double one_minus_h, double one_minus_k);
  // netem `loss state p13 p31 p32 p23 p14` (Salsano et al. 2012): a packet is lost when the
  // chain enters state 3 (loss in a burst) or 4 (isolated loss); X_n is the state entered.
  static MarkovLoss four_state(double p13, double p31, double p32, double p23, double p14);

  // π with π P = π, Σ π = 1 (the chain must have a single recurrent class).
  const Eigen::VectorXd& stationary() const { return stationary_; }
  // Long-run fraction of packets lost: π · loss.
  double mean_loss() const;
  // Mean length of a run of consecutive losses: mean loss / rate of bursts starting.
  double mean_burst_length() const;
  // P(burst length = n) for n = 1 … max_length.
  std::vector<double> burst_length_distribution(int max_length) const;

 private:
  Eigen::MatrixXd transition_;
  Eigen::VectorXd loss_;
  Eigen::VectorXd stationary_;
};

}  // namespace netsim::analytic
