// Per-packet loss models, with netem's vocabulary and state machines (Linux sch_netem.c
// loss_event, loss_4state, loss_gilb_ell; iproute2 tc/q_netem.c for parameters and defaults).
#pragma once

#include <cstdint>
#include <string_view>

#include "models/net/impairment/correlated_random.h"
#include "sim/random.h"

namespace netsim::net {

struct LossConfig {
  enum class Model : std::uint8_t {
    None,
    Random,          // `loss random P [CORRELATION]`: Bernoulli, optionally correlated
    GilbertElliott,  // `loss gemodel p [r [1-h [1-k]]]`
    FourState,       // `loss state p13 [p31 [p32 [p23 [p14]]]]` (Salsano et al. 2012)
  };
  Model model = Model::None;
  double probability = 0;  // Random
  double correlation = 0;  // Random
  // Gilbert-Elliott: p = P(good→bad), r = P(bad→good), loss probability 1−h in bad and 1−k in
  // good. iproute2 defaults: r = 1 − p, 1−h = 1, 1−k = 0.
  double p = 0, r = 1, one_minus_h = 1, one_minus_k = 0;
  // 4-state: defaults p31 = 1 − p13, p32 = 0, p23 = 1, p14 = 0.
  double p13 = 0, p31 = 1, p32 = 0, p23 = 1, p14 = 0;

  static LossConfig random(double probability, double correlation = 0) {
    LossConfig c;
    c.model = probability > 0 ? Model::Random : Model::None;
    c.probability = probability;
    c.correlation = correlation;
    return c;
  }

  // The long-run loss fraction, for reports and sanity checks.
  double mean_loss() const;
  bool operator==(const LossConfig&) const = default;
};

std::string_view to_string(LossConfig::Model model);

class LossModel {
 public:
  LossModel() = default;
  LossModel(const LossConfig& config, sim::Rng& rng);

  // One packet: true if lost. Draws from `rng` exactly as netem does for the model.
  bool lose(sim::Rng& rng);

 private:
  enum State : std::uint8_t {
    Good = 1,
    Bad = 2,
    TxInGap = 1,
    TxInBurst = 2,
    LostInBurst = 3,
    LostInGap = 4
  };

  LossConfig::Model model_ = LossConfig::Model::None;
  std::uint32_t a1_ = 0, a2_ = 0, a3_ = 0, a4_ = 0, a5_ = 0;  // netem's clgstate parameters
  std::uint8_t state_ = 1;
  CorrelatedUniform random_;
  std::uint32_t probability_ = 0;
};

}  // namespace netsim::net
