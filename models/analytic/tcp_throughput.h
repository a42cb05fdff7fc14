// Steady-state throughput of a long-lived TCP Reno/NewReno flow under random loss.
//
// Mathis, Semke, Mahdavi, Ott 1997, "The macroscopic behavior of the TCP congestion avoidance
// algorithm": B = (MSS/RTT)·C/√p, C = √(3/(2b)), b segments acknowledged per ACK. Congestion
// avoidance only: no timeouts, so an upper bound once timeouts happen.
//
// Padhye, Firoiu, Towsley, Kurose 1998, "Modeling TCP throughput: a simple model and its
// empirical validation", eq. (33), the "full model" approximation:
//   B = min(W_max/RTT, 1 / (RTT·√(2bp/3) + T0·min(1, 3·√(3bp/8))·p·(1 + 32p²))) segments/s,
// T0 the retransmission timeout. Facts: PROTOCOLS.md §4.
#pragma once

#include <optional>

namespace netsim::analytic {

struct TcpPath {
  double mss_bytes = 1460;   // payload bytes per segment
  double rtt_s = 0.1;        // round-trip time
  double loss = 0.01;        // p: probability a segment is lost (a loss indication, in PFTK)
  double acked_per_ack = 2;  // b: 2 with delayed ACKs
  double rto_s = 1;          // T0 (PFTK only)
  std::optional<double> max_window_bytes;  // W_max (PFTK only); none: unlimited
};

// Mathis's constant C = √(3/(2b)): 1.2247 for b = 1, 0.8660 for b = 2.
double mathis_constant(double acked_per_ack);

// Goodput in bit/s.
double mathis_throughput_bps(const TcpPath& path);
double pftk_throughput_bps(const TcpPath& path);

}  // namespace netsim::analytic
