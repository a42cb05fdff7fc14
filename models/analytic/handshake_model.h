// TCP connection setup time under SYN loss, as an absorbing Markov chain (PROTOCOLS.md §4).
//
// The client's k-th SYN (k = 1 … retries + 1) gets through with s = (1 − p_syn)(1 − p_synack)
// (the SYN and the SYN-ACK each lost independently); the handshake then completes one RTT after
// that SYN. Otherwise the client waits RTO_k = min(syn_rto · 2^(k−1), max_rto) (RFC 6298 (5.5)
// backoff; RFC 9293 §3.8.1) and sends SYN k + 1; after the last one times out, connect fails.
// Transient states are the attempts, absorbing ones "established" and "failed"; with the
// fundamental matrix N = (I − Q)⁻¹: success probability N·b, and E[T · 1{established}] = N·g.
//
// Exact when only SYNs are lost. With SYN-ACK loss the server also retransmits its SYN-ACK on
// its own timer (RFC 9293 §3.8.1), which this chain does not have: it then overestimates.
#pragma once

#include <vector>

namespace netsim::analytic {

struct HandshakeParameters {
  double p_syn = 0;      // loss probability of each SYN
  double p_synack = 0;   // loss probability of each SYN-ACK
  double rtt_s = 0.1;    // SYN sent → SYN-ACK received, without loss
  double syn_rto_s = 1;  // the first SYN's timeout
  double max_rto_s = 60;
  int syn_retries = 6;  // SYNs after the first
};

class HandshakeModel {
 public:
  explicit HandshakeModel(const HandshakeParameters& parameters);

  // P(the connection is established).
  double success_probability() const { return success_; }
  // E[setup time | established], in seconds.
  double mean_setup_time_s() const { return mean_time_; }

  struct Outcome {
    int attempt;         // the SYN that got through, 1 = the first
    double time_s;       // setup time then
    double probability;  // P(established by exactly this SYN)
  };
  std::vector<Outcome> outcomes() const;

 private:
  HandshakeParameters parameters_;
  double success_ = 0;
  double mean_time_ = 0;
};

}  // namespace netsim::analytic
