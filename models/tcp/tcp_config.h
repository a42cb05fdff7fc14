// Everything a TCP endpoint can be configured with, and the named presets. Defaults are the
// RFCs' where they give one ("rfc" preset); "linux" and "ns3" follow those stacks (sources in
// PROTOCOLS.md §3 and §5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace netsim::tcp {

enum class CongestionAlgorithm : std::uint8_t { Reno, NewReno, Cubic };
std::string_view to_string(CongestionAlgorithm algorithm);

struct TcpConfig {
  // Segments.
  std::uint16_t mss = 1460;  // advertised in the SYN (RFC 9293 §3.7.1); 536 if the peer sends none
  bool window_scaling = true;  // RFC 7323 §2
  bool timestamps = false;     // RFC 7323 §3 (RTT samples from TSecr, 10 option bytes per segment)
  bool sack = false;           // RFC 2018 SACK, with RFC 6675 recovery
  std::uint32_t send_buffer = 131072;     // bytes the application may have unacknowledged
  std::uint32_t receive_buffer = 131072;  // bytes the receiver can hold: the largest window

  // Retransmission (RFC 6298).
  sim::Duration initial_rto = sim::sec(1);       // before any RTT sample (2.1)
  sim::Duration syn_rto = sim::sec(1);           // first SYN retransmission timeout
  sim::Duration min_rto = sim::sec(1);           // (2.4)
  sim::Duration max_rto = sim::sec(60);          // (2.5)
  sim::Duration clock_granularity = sim::ms(1);  // G in RTO = SRTT + max(G, 4·RTTVAR)
  int syn_retries = 6;                           // SYN retransmissions before connect() fails
  int data_retries = 15;  // consecutive RTO expirations before the connection is aborted

  // Congestion control.
  CongestionAlgorithm congestion = CongestionAlgorithm::NewReno;
  std::uint32_t initial_window = 10;   // segments (RFC 6928)
  std::uint32_t dupack_threshold = 3;  // RFC 5681 §3.2
  bool limited_transmit = true;        // RFC 3042
  // ns-3 3.37 grows cwnd on every ACK even when the application or the receive window, not cwnd,
  // limits the sender (nsnam/ns-3-dev#966); RFC 9438 §5.8 and Linux do not.
  bool grow_cwnd_when_rate_limited = false;
  // Two ns-3 3.37 departures from RFC 5681/6582 loss recovery, for side-by-side runs: ssthresh
  // halves ns-3's bytes-in-flight estimate (FlightSize less one segment per duplicate ACK) instead
  // of FlightSize, and a new fast retransmit is allowed once the cumulative ACK reaches `recover`
  // rather than only above it.
  bool ssthresh_from_pipe = false;
  bool recover_inclusive = false;

  // Acknowledgments and sending.
  bool delayed_ack = true;              // RFC 5681 §4.2 / RFC 9293 §3.8.6.3
  std::uint32_t delayed_ack_count = 2;  // ACK at least every this many full segments
  sim::Duration delayed_ack_timeout = sim::ms(200);
  bool nagle = true;  // RFC 896 / RFC 9293 §3.7.4

  // Closing.
  sim::Duration msl = sim::sec(120);       // TIME-WAIT lasts 2·MSL (RFC 9293 §3.4.2)
  std::optional<sim::Duration> time_wait;  // overrides 2·MSL (Linux holds TIME-WAIT 60 s)

  sim::Duration time_wait_duration() const { return time_wait ? *time_wait : msl * 2; }
  bool operator==(const TcpConfig&) const = default;
};

// "rfc", "linux" or "ns3"; nullopt for an unknown name.
std::optional<TcpConfig> tcp_preset(std::string_view name);

}  // namespace netsim::tcp
