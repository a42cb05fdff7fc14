// One TCP connection endpoint as a sans-IO state machine (RFC 9293). It never reads a clock or
// schedules anything: every call takes `now`; segments to send accumulate in outbox(), events
// for the application in events(), and next_deadline() says when on_timer() must be called. An
// adapter (tcp_socket.h) turns that into packets and simulator events; tests drive it directly.
//
// Implemented: all eleven states and their transitions (RFC 9293 §3.3.2, §3.10); SYN and SYN-ACK
// retransmission with backoff and a retry limit; simultaneous open and close; TIME-WAIT; RST
// generation and processing with RFC 5961 challenge ACKs (RFC 9293 §3.10.7.3); MSS, window
// scale, SACK-permitted and timestamp options (RFC 9293 §3.7.1, RFC 7323, RFC 2018); flow
// control with receiver and sender silly-window avoidance (§3.8.6.2); zero-window probing
// (§3.8.6.1); delayed ACKs (§3.8.6.3, RFC 5681 §4.2); Nagle (§3.7.4); RFC 6298 retransmission
// timer with Karn's rule or RFC 7323 timestamp samples; fast retransmit (RFC 5681 §3.2),
// NewReno (RFC 6582) or Reno recovery, or SACK-based recovery (RFC 6675); limited transmit
// (RFC 3042); pluggable window growth (congestion/).
#pragma once

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "models/tcp/congestion/congestion_control.h"
#include "models/tcp/rtt_estimator.h"
#include "models/tcp/sack_scoreboard.h"
#include "models/tcp/seq.h"
#include "models/tcp/tcp_config.h"
#include "models/tcp/tcp_segment.h"
#include "models/tcp/tcp_state.h"
#include "sim/time.h"

namespace netsim::tcp {

struct TcpEvent {
  enum class Kind : std::uint8_t {
    Established,    // handshake complete
    Delivered,      // in-order bytes handed to the application; `bytes` = total so far
    Buffered,       // out-of-order bytes arrived and wait for a hole: stream offsets [from, bytes)
    Acknowledged,   // the peer acknowledged application bytes; `bytes` = total so far
    PeerClosed,     // the peer's FIN arrived (no more data will come)
    Closed,         // the connection reached CLOSED after an orderly close
    Reset,          // a valid RST arrived
    ConnectFailed,  // no answer to the SYN after the configured retries
    TimedOut,       // data retransmissions exhausted; the connection was aborted
    // connect() found no free local port (EADDRNOTAVAIL): no SYN was sent.
    AddressUnavailable,
  };
  Kind kind;
  std::uint64_t bytes = 0;
  std::uint64_t from = 0;  // Buffered only
  bool operator==(const TcpEvent&) const = default;
};

// A connection's events since the socket last took them: usually one or two, held in place
// (a heap buffer per connection was one more cache miss per arrival in a many-connection burst).
using TcpEventList = boost::container::small_vector<TcpEvent, 2>;

struct TcpStats {
  std::optional<sim::Time> connect_started;  // active open
  std::optional<sim::Time> established_at;
  std::uint64_t segments_sent = 0;
  std::uint64_t bytes_sent = 0;  // application bytes, first transmissions
  std::uint64_t segments_retransmitted = 0;
  std::uint64_t bytes_retransmitted = 0;
  std::uint64_t syn_retransmissions = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t fast_retransmits = 0;       // entries into fast recovery
  std::uint64_t bytes_delivered = 0;        // in-order bytes received
  std::optional<sim::Time> first_delivery;  // when the first in-order byte arrived
  std::optional<sim::Time> last_delivery;
  std::uint64_t duplicate_segments = 0;  // data segments received entirely below RCV.NXT
  std::uint64_t out_of_order_segments = 0;
  std::uint64_t rtt_samples = 0;
  sim::Duration rtt_sum;
  sim::Duration rtt_min = sim::Duration::max();
  sim::Duration rtt_max;
};

class TcpConnection {
 public:
  TcpConnection(const TcpConfig& config, std::uint32_t initial_sequence);
  // Connections made alike share one config: it is read on every segment, and one shared copy
  // stays in cache where thousands of private ones would each cost misses.
  TcpConnection(std::shared_ptr<const TcpConfig> config, std::uint32_t initial_sequence);
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  // --- the application ---------------------------------------------------------------------
  void connect(sim::Time now);  // active open: CLOSED → SYN-SENT
  // An active open that could not bind a local port: it stays CLOSED and ends at once
  // (AddressUnavailable), as connect() failing with EADDRNOTAVAIL.
  void fail_to_bind(sim::Time now);
  void listen();  // passive open: CLOSED → LISTEN
  // Queues bytes for sending; returns how many fit in the send buffer.
  std::uint64_t send(sim::Time now, std::uint64_t bytes);
  // Orderly close: a FIN follows the queued data.
  void close(sim::Time now);
  // Sends a RST and forgets the connection.
  void abort(sim::Time now);
  // Forgets the connection without sending anything (its host crashed).
  void forget();
  // With auto_read (the default) delivered data is consumed at once; otherwise it occupies the
  // receive buffer until read(), and the window shrinks (to zero, when the application stalls).
  void set_auto_read(bool on) { auto_read_ = on; }
  void read(sim::Time now, std::uint64_t bytes);

  // --- the network and the clock -------------------------------------------------------------
  void on_segment(sim::Time now, const TcpSegment& segment);
  // A new SYN for this address pair may end TIME-WAIT and open a new connection (RFC 6191 §2,
  // RFC 1122 §4.2.2.13, Linux tcp_timewait_state_process): true in TIME-WAIT for a SYN whose
  // sequence number is beyond RCV.NXT, or whose timestamp is newer than TS.Recent.
  bool reusable_by(const TcpSegment& syn) const;
  // Leaves TIME-WAIT for CLOSED at once (a new connection takes the pair over).
  void end_time_wait();
  void on_timer(sim::Time now);
  // Asked after every segment and timer event (TcpSocket::arm): inline, and a minimum over plain
  // integers rather than pairwise optional comparisons.
  std::optional<sim::Time> next_deadline() const {
    std::int64_t at = std::numeric_limits<std::int64_t>::max();
    for (const std::optional<sim::Time>* timer :
         {&rto_at_, &delack_at_, &persist_at_, &time_wait_at_}) {
      if (*timer) at = std::min(at, (*timer)->ns());
    }
    if (at == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
    return sim::Time::from_ns(at);
  }

  // --- outputs ----------------------------------------------------------------------------
  std::vector<TcpSegment>& outbox() { return outbox_; }
  TcpEventList& events() { return events_; }

  // --- state, for reports and tests ------------------------------------------------------
  TcpState state() const { return state_; }
  const TcpStats& stats() const { return stats_; }
  std::uint32_t cwnd() const { return cc_state_.cwnd; }
  std::uint32_t ssthresh() const { return cc_state_.ssthresh; }
  std::uint32_t mss() const { return cc_state_.mss; }
  std::uint32_t bytes_in_flight() const { return seq_distance(snd_una_, snd_nxt_); }
  std::uint32_t send_window() const { return snd_wnd_; }
  std::uint32_t receive_window() const;
  const RttEstimator& rtt() const { return rtt_; }
  bool in_recovery() const { return recovery_ != Recovery::None; }
  SeqNum iss() const { return iss_; }
  SeqNum snd_una() const { return snd_una_; }
  SeqNum snd_nxt() const { return snd_nxt_; }
  SeqNum rcv_nxt() const { return rcv_nxt_; }
  bool sack_enabled() const { return sack_ok_; }
  bool timestamps_enabled() const { return ts_ok_; }
  std::uint8_t send_window_shift() const { return snd_wscale_; }

 private:
  enum class Recovery : std::uint8_t { None, Fast, Sack };

  void set_state(TcpState s);
  // Segment arrival, by state (RFC 9293 §3.10.7).
  void segment_in_listen(sim::Time now, const TcpSegment& seg);
  void segment_in_syn_sent(sim::Time now, const TcpSegment& seg);
  void segment_synchronized(sim::Time now, const TcpSegment& seg);
  bool acceptable(const TcpSegment& seg) const;
  void process_rst(sim::Time now, const TcpSegment& seg);
  bool process_ack(sim::Time now, const TcpSegment& seg);
  void process_text(sim::Time now, const TcpSegment& seg);
  void process_fin(sim::Time now, const TcpSegment& seg);
  void read_options(const TcpSegment& seg);
  void take_rtt_sample(sim::Time now, const TcpSegment& seg, SeqNum acked_to);
  // Acknowledgment of new data: window growth, recovery, timers.
  void on_new_ack(sim::Time now, std::uint32_t acked, SeqNum ack);
  bool cwnd_limited(std::uint32_t flight) const;
  std::uint32_t loss_flight(bool timeout) const;
  void on_duplicate_ack(sim::Time now);
  void enter_recovery(sim::Time now);
  // Sending.
  void output(sim::Time now);
  bool send_next_sack_segment(sim::Time now);
  void send_data(sim::Time now, SeqNum seq, std::uint32_t length);
  void retransmit_first(sim::Time now);
  void send_syn(sim::Time now, bool ack);
  void send_ack(sim::Time now);
  void send_rst(SeqNum seq, std::optional<SeqNum> ack);
  TcpSegment make_segment(sim::Time now, SeqNum seq, std::uint8_t flags);
  // Timers.
  void on_rto(sim::Time now);
  void on_persist(sim::Time now);
  void restart_rto(sim::Time now);
  void maybe_arm_persist(sim::Time now);
  void fail(TcpEvent::Kind why);

  SeqNum data_end() const { return iss_ + 1 + static_cast<std::uint32_t>(app_written_); }
  std::uint16_t advertised_window(bool syn);
  std::uint32_t flight_size() const { return seq_distance(snd_una_, snd_max_); }
  std::uint32_t ts_now(sim::Time now) const;

  std::shared_ptr<const TcpConfig> config_;
  TcpState state_ = TcpState::Closed;

  // Send sequence variables (RFC 9293 §3.3.1).
  SeqNum iss_;                     // initial send sequence number
  SeqNum snd_una_;                 // oldest unacknowledged
  SeqNum snd_nxt_;                 // next to send
  SeqNum snd_max_;                 // highest sent + 1 (snd_nxt falls back below it after a timeout)
  std::uint32_t snd_wnd_ = 0;      // peer's window, bytes (scaled)
  std::uint32_t max_snd_wnd_ = 0;  // largest window the peer offered (sender SWS avoidance)
  SeqNum snd_wl1_;                 // segment sequence number of the last window update
  SeqNum snd_wl2_;                 // segment acknowledgment number of the last window update
  std::uint64_t app_written_ = 0;  // bytes the application queued
  bool close_requested_ = false;
  bool fin_sent_ = false;
  SeqNum fin_seq_;

  // Receive sequence variables.
  SeqNum irs_;                // initial receive sequence number
  SeqNum rcv_nxt_;            // next expected
  SeqNum rcv_adv_;            // right edge of the window last advertised (never moved left)
  std::uint64_t unread_ = 0;  // delivered, not yet read by the application
  std::vector<SeqRange> out_of_order_;  // received above rcv_nxt, merged, most recent first
  bool fin_received_ = false;
  bool auto_read_ = true;

  // Negotiated options.
  std::uint32_t peer_mss_ = 536;  // RFC 9293 §3.7.1: 536 without the option (IPv4)
  std::uint8_t snd_wscale_ = 0;   // applied to the peer's window field
  std::uint8_t rcv_wscale_ = 0;   // applied by the peer to ours
  bool wscale_ok_ = false;
  bool sack_ok_ = false;
  bool ts_ok_ = false;
  std::uint32_t ts_recent_ = 0;  // RFC 7323 TS.Recent
  SeqNum last_ack_sent_;         // RFC 7323 Last.ACK.sent

  // Congestion control and loss recovery.
  std::unique_ptr<CongestionControl> cc_;
  CongestionState cc_state_;
  Recovery recovery_ = Recovery::None;
  SeqNum recover_;   // RFC 6582 / RFC 6675 RecoveryPoint
  SeqNum high_rxt_;  // RFC 6675 HighRxt
  std::uint32_t dupacks_ = 0;
  std::uint32_t flight_at_first_dupack_ = 0;  // FlightSize before limited transmit added to it
  bool partial_ack_seen_ = false;
  SackScoreboard scoreboard_;

  // Retransmission timing.
  RttEstimator rtt_;
  std::optional<SeqNum> timed_seq_;  // Karn: the segment being timed ends here
  sim::Time timed_at_;
  int consecutive_timeouts_ = 0;
  bool syn_timed_out_ = false;

  // Timers (deadlines; the adapter calls on_timer at the earliest).
  std::optional<sim::Time> rto_at_;
  std::optional<sim::Time> delack_at_;
  std::optional<sim::Time> persist_at_;
  std::optional<sim::Time> time_wait_at_;
  sim::Duration persist_backoff_;
  std::uint32_t segments_unacked_ = 0;  // full segments received since our last ACK

  std::vector<TcpSegment> outbox_;
  TcpEventList events_;
  TcpStats stats_;
};

}  // namespace netsim::tcp
