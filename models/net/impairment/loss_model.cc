#include "models/net/impairment/loss_model.h"

namespace netsim::net {

std::string_view to_string(LossConfig::Model model) {
  switch (model) {
    case LossConfig::Model::None:
      return "none";
    case LossConfig::Model::Random:
      return "random";
    case LossConfig::Model::GilbertElliott:
      return "gemodel";
    case LossConfig::Model::FourState:
      return "state";
  }
  return "unknown";
}

double LossConfig::mean_loss() const {
  switch (model) {
    case Model::None:
      return 0;
    case Model::Random:
      return probability;
    case Model::GilbertElliott: {
      // Stationary distribution of the two-state chain: π_bad = p / (p + r).
      if (p + r == 0) return one_minus_k;
      const double bad = p / (p + r);
      return (1 - bad) * one_minus_k + bad * one_minus_h;
    }
    case Model::FourState: {
      // Stationary π of the chain 1→{4: p14, 3: p13}, 2→3: p23, 3→{2: p32, 1: p31}, 4→1; a
      // packet is lost when the chain enters state 3 or 4, i.e. π3 + π4 of the visited states.
      // Balance: π4 = p14·π1; π2·p23 = p32·π3; π3·(p31 + p32) = p13·π1 + p23·π2.
      // ⇒ π3·p31 = p13·π1, so π3 = p13/p31·π1 and π2 = p32/p23·π3.
      if (p31 == 0 || p23 == 0) return p13 + p14 > 0 ? 1 : 0;
      const double pi3 = p13 / p31;
      const double pi2 = p32 / p23 * pi3;
      const double pi4 = p14;
      return (pi3 + pi4) / (1 + pi2 + pi3 + pi4);
    }
  }
  return 0;
}

LossModel::LossModel(const LossConfig& config, sim::Rng& rng) : model_(config.model) {
  switch (config.model) {
    case LossConfig::Model::None:
      break;
    case LossConfig::Model::Random:
      probability_ = netem_probability(config.probability);
      random_ = CorrelatedUniform(config.correlation, rng);
      break;
    case LossConfig::Model::GilbertElliott:
      // iproute2 passes h = 2^32 − 1 − (1−h) to the kernel, which loses a bad-state packet when
      // a draw exceeds h: the loss probability in bad is the user's 1−h.
      a1_ = netem_probability(config.p);
      a2_ = netem_probability(config.r);
      a3_ = 0xffffffffu - netem_probability(config.one_minus_h);
      a4_ = netem_probability(config.one_minus_k);
      state_ = Good;
      break;
    case LossConfig::Model::FourState:
      a1_ = netem_probability(config.p13);
      a2_ = netem_probability(config.p31);
      a3_ = netem_probability(config.p32);
      a4_ = netem_probability(config.p14);
      a5_ = netem_probability(config.p23);
      state_ = TxInGap;
      break;
  }
}

bool LossModel::lose(sim::Rng& rng) {
  switch (model_) {
    case LossConfig::Model::None:
      return false;
    case LossConfig::Model::Random:
      return random_.event(probability_, rng);
    case LossConfig::Model::GilbertElliott: {
      // Two draws per packet: the transition first, then the loss draw with the parameter of the
      // state the packet started in (loss_gilb_ell).
      if (state_ == Good) {
        if (uniform_u32(rng) < a1_) state_ = Bad;
        return uniform_u32(rng) < a4_;
      }
      if (uniform_u32(rng) < a2_) state_ = Good;
      return uniform_u32(rng) > a3_;
    }
    case LossConfig::Model::FourState: {
      // One draw per packet; the packet is lost when the chain enters state 3 or 4 (loss_4state,
      // with the contiguous ranges of the 2026 kernel fix).
      const std::uint32_t rnd = uniform_u32(rng);
      switch (state_) {
        case TxInGap:
          if (rnd < a4_) {
            state_ = LostInGap;
            return true;
          }
          if (rnd < a1_ + a4_) {
            state_ = LostInBurst;
            return true;
          }
          return false;
        case TxInBurst:
          if (rnd < a5_) {
            state_ = LostInBurst;
            return true;
          }
          return false;
        case LostInBurst:
          if (rnd < a3_) {
            state_ = TxInBurst;
            return false;
          }
          if (rnd < a2_ + a3_) {
            state_ = TxInGap;
            return false;
          }
          return true;
        default:  // LostInGap
          state_ = TxInGap;
          return false;
      }
    }
  }
  return false;
}

}  // namespace netsim::net
