#include "models/tcp/tcp_config.h"

namespace netsim::tcp {

std::string_view to_string(CongestionAlgorithm algorithm) {
  switch (algorithm) {
    case CongestionAlgorithm::Reno:
      return "reno";
    case CongestionAlgorithm::NewReno:
      return "newreno";
    case CongestionAlgorithm::Cubic:
      return "cubic";
  }
  return "unknown";
}

std::optional<TcpConfig> tcp_preset(std::string_view name) {
  TcpConfig c;  // the RFC defaults
  if (name == "rfc") return c;
  if (name == "linux") {
    // Linux: RTO_min 200 ms (TCP_RTO_MIN), delayed ACKs from 40 ms (TCP_DELACK_MIN), SYN retries
    // at 1, 2, 4, 8, 16, 32 s (tcp_syn_retries 6), TIME-WAIT 60 s, CUBIC, SACK, timestamps and
    // window scaling on by default, 15 data retries (tcp_retries2), RTO at most 120 s
    // (TCP_RTO_MAX).
    c.min_rto = sim::ms(200);
    c.max_rto = sim::sec(120);
    c.delayed_ack_timeout = sim::ms(40);
    c.syn_rto = sim::sec(1);
    c.syn_retries = 6;
    c.time_wait = sim::sec(60);
    c.congestion = CongestionAlgorithm::Cubic;
    c.sack = true;
    c.timestamps = true;
    c.data_retries = 15;
    return c;
  }
  if (name == "ns3") {
    // ns-3 3.37 TcpSocket/TcpSocketBase defaults (PROTOCOLS.md §5): TcpCubic, SegmentSize 536,
    // InitialCwnd 10, DelAckCount 2, DelAckTimeout 200 ms, MinRto 1 s, ClockGranularity 1 ms,
    // ConnTimeout 3 s, ConnCount 6, DataRetries 6, Sack, Timestamp and WindowScaling on,
    // LimitedTransmit on, ReTxThreshold 3, TcpNoDelay on (Nagle off), buffers 131072,
    // MaxSegLifetime 120 s.
    c.congestion = CongestionAlgorithm::Cubic;
    // ns-3's SegmentSize is the payload of a full segment, options come on top of it (TcpSocketBase
    // sends m_segmentSize bytes and adds the options to the header); here options come out of the
    // MSS, as in Linux. 536 + 12 (timestamps, padded) gives ns-3's 536-byte payloads.
    c.mss = 548;
    c.initial_window = 10;
    c.delayed_ack_count = 2;
    c.delayed_ack_timeout = sim::ms(200);
    c.min_rto = sim::sec(1);
    c.clock_granularity = sim::ms(1);
    c.initial_rto = sim::sec(3);
    c.syn_rto = sim::sec(3);
    c.syn_retries = 6;
    c.data_retries = 6;
    c.sack = true;
    c.timestamps = true;
    c.window_scaling = true;
    c.limited_transmit = true;
    c.grow_cwnd_when_rate_limited = true;
    c.ssthresh_from_pipe = true;  // TcpSocketBase::EnterRecovery and ReTxTimeout
    c.recover_inclusive = true;   // TcpSocketBase::DupAck
    c.dupack_threshold = 3;
    c.nagle = false;
    c.send_buffer = 131072;
    c.receive_buffer = 131072;
    c.msl = sim::sec(120);
    return c;
  }
  return std::nullopt;
}

}  // namespace netsim::tcp
