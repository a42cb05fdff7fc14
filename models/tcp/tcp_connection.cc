#include "models/tcp/tcp_connection.h"

#include <algorithm>

#include "sim/assert.h"

namespace netsim::tcp {

namespace {

using net::tcp_flags::kAck;
using net::tcp_flags::kFin;
using net::tcp_flags::kPsh;
using net::tcp_flags::kRst;
using net::tcp_flags::kSyn;

// The smallest shift that lets a 16-bit field describe the whole buffer (RFC 7323 §2.3; at most
// 14).
std::uint8_t window_shift_for(std::uint32_t buffer) {
  std::uint8_t shift = 0;
  while (shift < 14 && (buffer >> shift) > 65535) ++shift;
  return shift;
}

// RFC 7323: timestamp options take 12 bytes of every segment (10, padded), which come out of the
// payload: MSS 1460 carries 1448 data bytes.
constexpr std::uint32_t kTimestampOptionBytes = 12;
constexpr std::uint32_t kSsthreshInfinity = 0x7fffffff;

}  // namespace

TcpConnection::TcpConnection(const TcpConfig& config, std::uint32_t initial_sequence)
    : TcpConnection(std::make_shared<const TcpConfig>(config), initial_sequence) {}

TcpConnection::TcpConnection(std::shared_ptr<const TcpConfig> shared_config,
                             std::uint32_t initial_sequence)
    : config_(std::move(shared_config)),
      iss_(initial_sequence),
      snd_una_(iss_),
      snd_nxt_(iss_),
      snd_max_(iss_),
      cc_(make_congestion_control(config_->congestion)),
      recover_(iss_),
      high_rxt_(iss_),
      rtt_(config_->initial_rto, config_->min_rto, config_->max_rto, config_->clock_granularity) {
  cc_state_.mss = config_->mss;
  cc_state_.ssthresh = kSsthreshInfinity;
  rcv_wscale_ = config_->window_scaling ? window_shift_for(config_->receive_buffer) : 0;
}

void TcpConnection::set_state(TcpState s) { state_ = s; }

std::uint32_t TcpConnection::ts_now(sim::Time now) const {
  // RFC 7323 §5.4: a clock ticking once per millisecond; +1 so that no TSval is 0.
  return static_cast<std::uint32_t>(now.ns() / 1'000'000 + 1);
}

std::uint32_t TcpConnection::receive_window() const {
  std::uint64_t held = unread_;
  for (const auto& r : out_of_order_) held += r.length();
  return held >= config_->receive_buffer
             ? 0
             : static_cast<std::uint32_t>(config_->receive_buffer - held);
}

std::uint16_t TcpConnection::advertised_window(bool syn) {
  std::uint32_t window = receive_window();
  if (syn)
    return static_cast<std::uint16_t>(std::min<std::uint32_t>(window, 65535));  // RFC 7323 §2.2
  // RFC 9293 §3.8.6.2.2: the right edge never moves left.
  if (rcv_adv_ > rcv_nxt_ && rcv_nxt_ + window < rcv_adv_)
    window = seq_distance(rcv_nxt_, rcv_adv_);
  const std::uint8_t shift = wscale_ok_ ? rcv_wscale_ : 0;
  const auto field = static_cast<std::uint16_t>(std::min<std::uint32_t>(window >> shift, 65535));
  const SeqNum edge = rcv_nxt_ + (static_cast<std::uint32_t>(field) << shift);
  if (edge > rcv_adv_) rcv_adv_ = edge;
  return field;
}

TcpSegment TcpConnection::make_segment(sim::Time now, SeqNum seq, std::uint8_t flags) {
  TcpSegment s;
  s.header.sequence = seq.value();
  s.header.flags = flags;
  if (flags & kAck) {
    s.header.acknowledgment = rcv_nxt_.value();
    s.header.window = advertised_window(false);
    last_ack_sent_ = rcv_nxt_;
    delack_at_.reset();
    segments_unacked_ = 0;
  }
  if (ts_ok_) s.header.options.timestamps = net::TcpTimestamps{ts_now(now), ts_recent_};
  // RFC 2018 §4: the first block reports the most recent arrival; at most 3 with timestamps.
  if (sack_ok_ && (flags & kAck) && !out_of_order_.empty()) {
    const std::size_t room = ts_ok_ ? 3 : 4;
    const std::size_t n = std::min(room, out_of_order_.size());
    for (std::size_t i = 0; i < n; ++i)
      s.header.options.sack[i] = {out_of_order_[i].begin.value(), out_of_order_[i].end.value()};
    s.header.options.sack_count = static_cast<std::uint8_t>(n);
  }
  return s;
}

// --- the application -----------------------------------------------------------------------

void TcpConnection::connect(sim::Time now) {
  NETSIM_ASSERT(state_ == TcpState::Closed, "connect() on an open connection");
  stats_.connect_started = now;
  set_state(TcpState::SynSent);
  rtt_.reset_rto(config_->syn_rto);
  send_syn(now, false);
}

void TcpConnection::fail_to_bind(sim::Time now) {
  NETSIM_ASSERT(state_ == TcpState::Closed, "fail_to_bind() on an open connection");
  stats_.connect_started = now;
  fail(TcpEvent::Kind::AddressUnavailable);
}

void TcpConnection::listen() {
  NETSIM_ASSERT(state_ == TcpState::Closed, "listen() on an open connection");
  set_state(TcpState::Listen);
}

std::uint64_t TcpConnection::send(sim::Time now, std::uint64_t bytes) {
  const bool open = state_ == TcpState::SynSent || state_ == TcpState::SynReceived ||
                    state_ == TcpState::Established || state_ == TcpState::CloseWait;
  if (!open || close_requested_) return 0;
  const std::uint64_t acked =
      snd_una_ > iss_ ? seq_distance(iss_ + 1, seq_min(snd_una_, data_end())) : 0;
  const std::uint64_t held = app_written_ - acked;
  const std::uint64_t room = held >= config_->send_buffer ? 0 : config_->send_buffer - held;
  const std::uint64_t accepted = std::min(bytes, room);
  app_written_ += accepted;
  output(now);
  return accepted;
}

void TcpConnection::close(sim::Time now) {
  switch (state_) {
    case TcpState::Listen:
    case TcpState::SynSent:
      set_state(TcpState::Closed);
      rto_at_.reset();
      events_.push_back({TcpEvent::Kind::Closed});
      return;
    case TcpState::SynReceived:
    case TcpState::Established:
      close_requested_ = true;
      set_state(TcpState::FinWait1);  // the FIN follows the queued data (RFC 9293 §3.10.4)
      break;
    case TcpState::CloseWait:
      close_requested_ = true;
      set_state(TcpState::LastAck);
      break;
    default:
      return;
  }
  output(now);
}

void TcpConnection::abort(sim::Time) {
  const bool synchronized =
      state_ != TcpState::Closed && state_ != TcpState::Listen && state_ != TcpState::SynSent;
  if (synchronized) send_rst(snd_nxt_, std::nullopt);  // RFC 9293 §3.10.5
  set_state(TcpState::Closed);
  rto_at_.reset();
  delack_at_.reset();
  persist_at_.reset();
  time_wait_at_.reset();
}

void TcpConnection::forget() {
  set_state(TcpState::Closed);
  rto_at_.reset();
  delack_at_.reset();
  persist_at_.reset();
  time_wait_at_.reset();
}

void TcpConnection::read(sim::Time now, std::uint64_t bytes) {
  const std::uint32_t before = receive_window();
  unread_ -= std::min(bytes, unread_);
  // RFC 9293 §3.8.6.2.2 (receiver SWS avoidance): announce the opened window only once it has
  // grown by min(buffer/2, MSS), or when it was closed.
  const std::uint32_t after = receive_window();
  const std::uint32_t threshold = std::min(config_->receive_buffer / 2, cc_state_.mss);
  if (state_ != TcpState::Closed &&
      (before == 0 ? after >= threshold : after - before >= threshold)) {
    send_ack(now);
  }
}

// --- segment arrival -------------------------------------------------------------------------

void TcpConnection::on_segment(sim::Time now, const TcpSegment& seg) {
  switch (state_) {
    case TcpState::Closed:
      // RFC 9293 §3.10.7.1: answer anything but a RST with a RST.
      if (!seg.has(kRst)) {
        if (seg.has(kAck)) {
          send_rst(seg.ack(), std::nullopt);
        } else {
          send_rst(SeqNum(0), seg.seq() + seg.seq_length());
        }
      }
      return;
    case TcpState::Listen:
      segment_in_listen(now, seg);
      return;
    case TcpState::SynSent:
      segment_in_syn_sent(now, seg);
      return;
    default:
      segment_synchronized(now, seg);
      return;
  }
}

void TcpConnection::read_options(const TcpSegment& seg) {
  const net::TcpOptions& o = seg.header.options;
  peer_mss_ = o.mss.value_or(536);
  wscale_ok_ = config_->window_scaling && o.window_scale.has_value();
  // RFC 7323 §2.3: a shift above 14 is used as 14. Without the option on both sides, neither
  // side scales.
  snd_wscale_ = wscale_ok_ ? std::min<std::uint8_t>(*o.window_scale, 14) : 0;
  if (!wscale_ok_) rcv_wscale_ = 0;
  sack_ok_ = config_->sack && o.sack_permitted;
  ts_ok_ = config_->timestamps && o.timestamps.has_value();
  if (ts_ok_) ts_recent_ = o.timestamps->value;
  cc_state_.mss =
      std::min<std::uint32_t>(peer_mss_, config_->mss) - (ts_ok_ ? kTimestampOptionBytes : 0);
  cc_state_.cwnd = config_->initial_window *
                   cc_state_.mss;  // RFC 6928 (the 14600-byte cap binds only above 1460)
}

void TcpConnection::segment_in_listen(sim::Time now, const TcpSegment& seg) {
  // RFC 9293 §3.10.7.2.
  if (seg.has(kRst)) return;
  if (seg.has(kAck)) {
    send_rst(seg.ack(), std::nullopt);
    return;
  }
  if (!seg.has(kSyn)) return;
  irs_ = seg.seq();
  rcv_nxt_ = irs_ + 1;
  read_options(seg);
  snd_wnd_ = seg.header.window;  // unscaled in a SYN (RFC 7323 §2.2)
  max_snd_wnd_ = snd_wnd_;
  set_state(TcpState::SynReceived);
  send_syn(now, true);
}

void TcpConnection::segment_in_syn_sent(sim::Time now, const TcpSegment& seg) {
  // RFC 9293 §3.10.7.3.
  bool acceptable_ack = false;
  if (seg.has(kAck)) {
    if (seg.ack() <= iss_ || seg.ack() > snd_max_) {
      if (!seg.has(kRst)) send_rst(seg.ack(), std::nullopt);
      return;
    }
    acceptable_ack = snd_una_ < seg.ack() && seg.ack() <= snd_max_;
  }
  if (seg.has(kRst)) {
    if (acceptable_ack) fail(TcpEvent::Kind::Reset);
    return;
  }
  if (!seg.has(kSyn)) return;
  irs_ = seg.seq();
  rcv_nxt_ = irs_ + 1;
  read_options(seg);
  snd_wnd_ = seg.header.window;
  max_snd_wnd_ = snd_wnd_;
  snd_wl1_ = seg.seq();
  if (acceptable_ack) {
    snd_una_ = seg.ack();
    snd_wl2_ = seg.ack();
    take_rtt_sample(now, seg, seg.ack());
    // RFC 6298 (5.7): after a SYN timed out, data transmission starts with an RTO of 3 s.
    if (syn_timed_out_ && !rtt_.has_sample() && rtt_.rto() < sim::sec(3))
      rtt_.reset_rto(sim::sec(3));
    rto_at_.reset();
    set_state(TcpState::Established);
    stats_.established_at = now;
    events_.push_back({TcpEvent::Kind::Established});
    send_ack(now);
    output(now);
    return;
  }
  // Simultaneous open: both SYNs crossed (RFC 9293 §3.5, figure 8).
  set_state(TcpState::SynReceived);
  send_syn(now, true);
}

bool TcpConnection::acceptable(const TcpSegment& seg) const {
  // RFC 9293 §3.10.7.4, the four cases of segment length and receive window.
  const std::uint32_t advertised = rcv_adv_ > rcv_nxt_ ? seq_distance(rcv_nxt_, rcv_adv_) : 0;
  const std::uint32_t window = std::max(advertised, receive_window());
  const std::uint32_t length = seg.seq_length();
  const auto in_window = [&](SeqNum s) { return rcv_nxt_ <= s && s < rcv_nxt_ + window; };
  if (length == 0) return window == 0 ? seg.seq() == rcv_nxt_ : in_window(seg.seq());
  if (window == 0) return false;
  return in_window(seg.seq()) || in_window(seg.seq() + (length - 1));
}

void TcpConnection::segment_synchronized(sim::Time now, const TcpSegment& arrived) {
  // A retransmitted SYN in SYN-RECEIVED means our SYN-ACK was lost: send it again.
  if (state_ == TcpState::SynReceived && arrived.has(kSyn) && !arrived.has(kAck) &&
      arrived.seq() == irs_) {
    send_syn(now, true);
    return;
  }
  // RFC 9293 §3.10.7.4: of a segment straddling RCV.NXT only the new part is processed. A SYN
  // at IRS is old: strip it, so that the SYN-ACK of a simultaneous open is processed for its ACK.
  TcpSegment seg = arrived;
  if (seg.has(kSyn) && seg.seq() == irs_) {
    seg.header.flags &= static_cast<std::uint8_t>(~kSyn);
    seg.header.sequence = (irs_ + 1).value();
  }
  // First: sequence number check.
  if (!acceptable(seg)) {
    if (seg.length > 0 && seg.seq() + seg.length <= rcv_nxt_) ++stats_.duplicate_segments;
    if (seg.has(kRst)) return;
    // In TIME-WAIT the only thing that can arrive is a retransmission of the peer's FIN:
    // acknowledge it and restart the 2·MSL timer (RFC 9293 §3.10.7.4, eighth step).
    if (state_ == TcpState::TimeWait && seg.has(kFin))
      time_wait_at_ = now + config_->time_wait_duration();
    send_ack(now);
    return;
  }
  // RFC 7323 §4.3: remember the peer's timestamp for echoing.
  if (ts_ok_ && seg.header.options.timestamps && seg.seq() <= last_ack_sent_ &&
      static_cast<std::int32_t>(seg.header.options.timestamps->value - ts_recent_) >= 0) {
    ts_recent_ = seg.header.options.timestamps->value;
  }
  // Second: RST.
  if (seg.has(kRst)) {
    process_rst(now, seg);
    return;
  }
  // Fourth: a SYN in a synchronized state gets a challenge ACK (RFC 9293 §3.10.7.4, RFC 5961 §4).
  if (seg.has(kSyn)) {
    send_ack(now);
    return;
  }
  // Fifth: ACK.
  if (!seg.has(kAck)) return;
  if (!process_ack(now, seg)) return;
  // Seventh: segment text; eighth: FIN.
  if (seg.length > 0) process_text(now, seg);
  if (seg.has(kFin)) process_fin(now, seg);
  output(now);
}

void TcpConnection::process_rst(sim::Time now, const TcpSegment& seg) {
  // RFC 9293 §3.10.7.4 with RFC 5961 §3.2: only a RST at exactly RCV.NXT resets; one elsewhere in
  // the window draws a challenge ACK (it may be forged or stale).
  if (seg.seq() != rcv_nxt_) {
    send_ack(now);
    return;
  }
  if (state_ == TcpState::Closing || state_ == TcpState::LastAck || state_ == TcpState::TimeWait) {
    set_state(TcpState::Closed);
    rto_at_.reset();
    time_wait_at_.reset();
    events_.push_back({TcpEvent::Kind::Closed});
    return;
  }
  fail(TcpEvent::Kind::Reset);
}

void TcpConnection::take_rtt_sample(sim::Time now, const TcpSegment& seg, SeqNum acked_to) {
  std::optional<sim::Duration> sample;
  const auto& ts = seg.header.options.timestamps;
  if (ts_ok_ && ts && ts->echo != 0) {
    // RFC 7323 §4.1: RTT = now − TSecr, from any ACK that advances the left edge.
    sample = sim::ms(static_cast<std::int64_t>(ts_now(now) - ts->echo));
  } else if (timed_seq_ && acked_to >= *timed_seq_) {
    sample = now - timed_at_;  // Karn: timed_seq_ is cleared whenever it is retransmitted
  }
  if (acked_to >= timed_seq_.value_or(acked_to)) timed_seq_.reset();
  if (!sample) return;
  rtt_.add_sample(*sample);
  ++stats_.rtt_samples;
  stats_.rtt_sum += *sample;
  stats_.rtt_min = std::min(stats_.rtt_min, *sample);
  stats_.rtt_max = std::max(stats_.rtt_max, *sample);
}

bool TcpConnection::process_ack(sim::Time now, const TcpSegment& seg) {
  const SeqNum ack = seg.ack();
  if (state_ == TcpState::SynReceived) {
    if (!(snd_una_ < ack && ack <= snd_max_)) {
      send_rst(ack, std::nullopt);
      return false;
    }
    take_rtt_sample(now, seg, ack);
    set_state(TcpState::Established);
    stats_.established_at = now;
    events_.push_back({TcpEvent::Kind::Established});
    snd_wl1_ = seg.seq();
    snd_wl2_ = ack;
    snd_wnd_ = static_cast<std::uint32_t>(seg.header.window) << snd_wscale_;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
  }
  if (ack > snd_max_) {
    send_ack(now);  // acknowledges something not yet sent
    return false;
  }
  const std::uint32_t old_window = snd_wnd_;
  // Window update (RFC 9293 §3.10.7.4): from the newest segment only.
  if (snd_una_ <= ack && (snd_wl1_ < seg.seq() || (snd_wl1_ == seg.seq() && snd_wl2_ <= ack))) {
    snd_wnd_ = static_cast<std::uint32_t>(seg.header.window) << snd_wscale_;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = seg.seq();
    snd_wl2_ = ack;
  }
  if (sack_ok_) {
    const auto& o = seg.header.options;
    scoreboard_.update(seq_max(ack, snd_una_), snd_max_, std::span(o.sack.data(), o.sack_count));
  }
  if (ack > snd_una_) {
    const std::uint32_t acked = seq_distance(snd_una_, ack);
    take_rtt_sample(now, seg, ack);
    snd_una_ = ack;
    if (snd_nxt_ < snd_una_) snd_nxt_ = snd_una_;
    consecutive_timeouts_ = 0;
    events_.push_back(
        {TcpEvent::Kind::Acknowledged, seq_distance(iss_ + 1, seq_min(ack, data_end()))});
    on_new_ack(now, acked, ack);
    if (fin_sent_ && snd_una_ == fin_seq_ + 1) {
      // Our FIN is acknowledged.
      if (state_ == TcpState::FinWait1) set_state(TcpState::FinWait2);
      if (state_ == TcpState::Closing) {
        set_state(TcpState::TimeWait);
        time_wait_at_ = now + config_->time_wait_duration();
      }
      if (state_ == TcpState::LastAck) {
        set_state(TcpState::Closed);
        rto_at_.reset();
        events_.push_back({TcpEvent::Kind::Closed});
        return false;
      }
    }
  } else if (ack == snd_una_ && seg.length == 0 && !seg.has(kSyn) && !seg.has(kFin) &&
             snd_wnd_ == old_window && snd_max_ > snd_una_) {
    on_duplicate_ack(now);  // RFC 5681 §2's definition of a duplicate ACK
  }
  if (snd_wnd_ > 0) persist_at_.reset();
  return true;
}

// Whether the congestion window, rather than the application or the peer's window, limited a
// sender that had `flight` bytes out. cwnd grows only then (RFC 9438 §5.8,
// draft-ietf-ccwg-ratelimited-increase): otherwise it would grow without bound while the
// receive window or the application sets the pace. In slow start the test is Linux's
// (tcp_is_cwnd_limited): cwnd may reach twice the flight.
bool TcpConnection::cwnd_limited(std::uint32_t flight) const {
  if (cc_state_.cwnd < cc_state_.ssthresh) return cc_state_.cwnd < 2 * std::uint64_t{flight};
  return std::uint64_t{flight} + cc_state_.mss > cc_state_.cwnd;
}

void TcpConnection::on_new_ack(sim::Time now, std::uint32_t acked, SeqNum ack) {
  dupacks_ = 0;
  switch (recovery_) {
    case Recovery::None:
      if (config_->grow_cwnd_when_rate_limited || cwnd_limited(flight_size() + acked)) {
        cc_->on_ack(cc_state_, acked, now, rtt_.srtt());
      }
      break;
    case Recovery::Fast:
      if (ack >= recover_ || config_->congestion == CongestionAlgorithm::Reno) {
        // Full ACK (RFC 6582 §3.2 step 3), or Reno's exit on any new ACK (RFC 5681 step 6).
        cc_state_.cwnd = cc_state_.ssthresh;
        recovery_ = Recovery::None;
      } else {
        // Partial ACK (RFC 6582 §3.2 step 3): retransmit the next hole, deflate cwnd by what was
        // acknowledged and add back one SMSS if at least that much was, so that about
        // ssthresh bytes stay in flight; restart the timer for the first partial ACK only.
        retransmit_first(now);
        cc_state_.cwnd -= std::min(cc_state_.cwnd, acked);
        if (acked >= cc_state_.mss) cc_state_.cwnd += cc_state_.mss;
        if (!partial_ack_seen_) restart_rto(now);
        partial_ack_seen_ = true;
      }
      break;
    case Recovery::Sack:
      // RFC 6675 §5: recovery ends when the cumulative ACK covers RecoveryPoint.
      if (ack >= recover_) recovery_ = Recovery::None;
      break;
  }
  // RFC 6298 (5.2)/(5.3): stop the timer when all is acknowledged, else restart it.
  if (snd_una_ == snd_max_) {
    rto_at_.reset();
  } else if (recovery_ != Recovery::Fast || !partial_ack_seen_) {
    restart_rto(now);
  }
}

void TcpConnection::on_duplicate_ack(sim::Time now) {
  if (++dupacks_ == 1) flight_at_first_dupack_ = flight_size();
  if (recovery_ == Recovery::Fast) {
    cc_state_.cwnd += cc_state_.mss;  // RFC 5681 step 4: inflate for each segment that left
    return;
  }
  if (recovery_ == Recovery::Sack) return;  // the pipe estimate accounts for it
  // RFC 6582 §3.2 step 1: no new recovery until the cumulative ACK is above `recover` (avoids
  // a second fast retransmit after a timeout or within one window). ns-3 allows one as soon as
  // the ACK reaches `recover` (TcpSocketBase::DupAck: m_highRxAckMark >= m_recover).
  const bool past_recover = config_->recover_inclusive ? snd_una_ >= recover_ : snd_una_ > recover_;
  if (!past_recover && stats_.fast_retransmits + stats_.timeouts > 0) return;
  const bool lost = sack_ok_ && scoreboard_.lost_boundary(snd_una_, config_->dupack_threshold,
                                                          cc_state_.mss) > snd_una_;
  if (dupacks_ >= config_->dupack_threshold || lost) enter_recovery(now);
}

// The FlightSize a loss response halves (RFC 5681 (4)). At a fast retransmit, data sent by limited
// transmit MUST NOT count (RFC 5681 §3.2 step 2), so it is FlightSize at the first duplicate ACK.
// ns-3 3.37 instead halves its "bytes in flight" estimate, in which each duplicate ACK has taken
// one segment out of the network (TcpTxBuffer's Reno-SACK emulation when SACK is off), at a fast
// retransmit and at a timeout alike.
std::uint32_t TcpConnection::loss_flight(bool timeout) const {
  if (config_->ssthresh_from_pipe) {
    const std::uint64_t left = std::uint64_t{dupacks_} * cc_state_.mss;
    return flight_size() > left ? static_cast<std::uint32_t>(flight_size() - left) : 0;
  }
  if (timeout || dupacks_ == 0) return flight_size();
  return std::min(flight_size(), flight_at_first_dupack_);
}

void TcpConnection::enter_recovery(sim::Time now) {
  ++stats_.fast_retransmits;
  cc_state_.ssthresh = cc_->ssthresh_after_loss(cc_state_, loss_flight(false), now);
  recover_ = snd_max_;
  partial_ack_seen_ = false;
  timed_seq_.reset();
  if (sack_ok_) {
    // RFC 6675 §5 steps 3-4: cwnd = ssthresh, retransmit the first segment presumed lost; the
    // pipe rule decides the rest.
    recovery_ = Recovery::Sack;
    cc_state_.cwnd = cc_state_.ssthresh;
    high_rxt_ = snd_una_;
    retransmit_first(now);
    high_rxt_ = snd_una_ + std::min(cc_state_.mss, seq_distance(snd_una_, snd_max_));
    return;
  }
  // RFC 5681 §3.2 steps 2-3: retransmit, then cwnd = ssthresh + 3·SMSS.
  recovery_ = Recovery::Fast;
  retransmit_first(now);
  cc_state_.cwnd = cc_state_.ssthresh + 3 * cc_state_.mss;
}

void TcpConnection::process_text(sim::Time now, const TcpSegment& seg) {
  if (state_ != TcpState::Established && state_ != TcpState::FinWait1 &&
      state_ != TcpState::FinWait2)
    return;
  SeqNum begin = seg.seq();
  SeqNum end = seg.seq() + seg.length;
  if (end <= rcv_nxt_) {
    ++stats_.duplicate_segments;
    send_ack(now);
    return;
  }
  if (begin < rcv_nxt_) begin = rcv_nxt_;
  // Keep only what fits the buffer.
  const SeqNum limit =
      rcv_nxt_ +
      std::max(receive_window(), rcv_adv_ > rcv_nxt_ ? seq_distance(rcv_nxt_, rcv_adv_) : 0u);
  if (end > limit) end = limit;
  if (end <= begin) {
    send_ack(now);
    return;
  }
  if (begin > rcv_nxt_) {
    // Out of order: keep it, most recent first with neighbours merged (RFC 2018 §4), and send
    // an immediate duplicate ACK (RFC 5681 §4.2).
    ++stats_.out_of_order_segments;
    SeqRange merged{begin, end};
    std::erase_if(out_of_order_, [&](const SeqRange& r) {
      if (r.end < merged.begin || r.begin > merged.end) return false;
      merged.begin = seq_min(merged.begin, r.begin);
      merged.end = seq_max(merged.end, r.end);
      return true;
    });
    out_of_order_.insert(out_of_order_.begin(), merged);
    // Tell the application what arrived, so that it can measure how long complete messages
    // wait behind the hole (head-of-line blocking).
    events_.push_back({TcpEvent::Kind::Buffered,
                       stats_.bytes_delivered + seq_distance(rcv_nxt_, end),
                       stats_.bytes_delivered + seq_distance(rcv_nxt_, begin)});
    send_ack(now);
    return;
  }
  // In order: deliver, then whatever the out-of-order queue now joins.
  const bool filled_hole = !out_of_order_.empty();
  const SeqNum before = rcv_nxt_;
  rcv_nxt_ = end;
  for (bool merged = true; merged;) {
    merged = false;
    for (auto it = out_of_order_.begin(); it != out_of_order_.end(); ++it) {
      if (it->begin <= rcv_nxt_) {
        rcv_nxt_ = seq_max(rcv_nxt_, it->end);
        out_of_order_.erase(it);
        merged = true;
        break;
      }
    }
  }
  const std::uint32_t delivered = seq_distance(before, rcv_nxt_);
  stats_.bytes_delivered += delivered;
  if (delivered > 0) {
    if (!stats_.first_delivery) stats_.first_delivery = now;
    stats_.last_delivery = now;
  }
  if (!auto_read_) unread_ += delivered;
  events_.push_back({TcpEvent::Kind::Delivered, stats_.bytes_delivered});
  // ACK policy (RFC 5681 §4.2, RFC 9293 §3.8.6.3): at once after filling a hole, else every
  // `delayed_ack_count` segments, else within the delayed-ACK timeout. The RFCs say "full-sized"
  // segments; stacks count smaller ones too (ns-3's TcpSocketBase counts every data segment, Linux
  // measures the peer's segment size and ACKs small pushed segments promptly), and counting only
  // full ones would let an application-limited sender of small messages stall on the 200 ms timer.
  ++segments_unacked_;
  if (filled_hole || !config_->delayed_ack || segments_unacked_ >= config_->delayed_ack_count) {
    send_ack(now);
  } else if (!delack_at_) {
    delack_at_ = now + config_->delayed_ack_timeout;
  }
}

void TcpConnection::process_fin(sim::Time now, const TcpSegment& seg) {
  // The FIN counts only once everything before it has arrived; otherwise the peer resends it.
  if (seg.seq() + seg.length != rcv_nxt_ || fin_received_) {
    if (fin_received_ && state_ == TcpState::TimeWait) {
      time_wait_at_ = now + config_->time_wait_duration();  // a retransmitted FIN restarts 2·MSL
      send_ack(now);
    }
    return;
  }
  fin_received_ = true;
  rcv_nxt_ = rcv_nxt_ + 1;
  events_.push_back({TcpEvent::Kind::PeerClosed});
  send_ack(now);
  switch (state_) {
    case TcpState::SynReceived:
    case TcpState::Established:
      set_state(TcpState::CloseWait);
      break;
    case TcpState::FinWait1:
      set_state(TcpState::Closing);
      break;  // our FIN is not acked yet
    case TcpState::FinWait2:
      set_state(TcpState::TimeWait);
      time_wait_at_ = now + config_->time_wait_duration();
      rto_at_.reset();
      break;
    default:
      break;
  }
}

// --- sending --------------------------------------------------------------------------------

void TcpConnection::send_syn(sim::Time now, bool ack) {
  TcpSegment s;
  s.header.sequence = iss_.value();
  s.header.flags = ack ? (kSyn | kAck) : kSyn;
  if (ack) s.header.acknowledgment = rcv_nxt_.value();
  s.header.window = advertised_window(true);
  auto& o = s.header.options;
  o.mss = config_->mss;
  // A SYN offers what we support; a SYN-ACK answers only what the peer offered.
  if (config_->window_scaling && (!ack || wscale_ok_)) o.window_scale = rcv_wscale_;
  if (config_->sack && (!ack || sack_ok_)) o.sack_permitted = true;
  if (config_->timestamps && (!ack || ts_ok_))
    o.timestamps = net::TcpTimestamps{ts_now(now), ack ? ts_recent_ : 0};
  if (ack) last_ack_sent_ = rcv_nxt_;
  snd_nxt_ = iss_ + 1;
  snd_max_ = seq_max(snd_max_, iss_ + 1);
  if (!timed_seq_ && stats_.syn_retransmissions == 0) {
    timed_seq_ = iss_ + 1;
    timed_at_ = now;
  }
  if (!rto_at_) rto_at_ = now + rtt_.rto();
  ++stats_.segments_sent;
  outbox_.push_back(s);
}

void TcpConnection::send_ack(sim::Time now) {
  outbox_.push_back(make_segment(now, snd_nxt_, kAck));
}

void TcpConnection::send_rst(SeqNum seq, std::optional<SeqNum> ack) {
  TcpSegment s;
  s.header.sequence = seq.value();
  s.header.flags = ack ? (kRst | kAck) : kRst;
  if (ack) s.header.acknowledgment = ack->value();
  outbox_.push_back(s);
}

void TcpConnection::send_data(sim::Time now, SeqNum seq, std::uint32_t length) {
  std::uint8_t flags = kAck;
  // The FIN rides on the segment that carries the last byte (or goes alone at data_end).
  const bool carries_fin = close_requested_ && seq + length == data_end();
  if (carries_fin) flags |= kFin;
  if (length > 0 && seq + length == data_end()) flags |= kPsh;
  TcpSegment s = make_segment(now, seq, flags);
  s.length = length;
  const bool retransmission = seq < snd_max_;
  ++stats_.segments_sent;
  if (retransmission) {
    ++stats_.segments_retransmitted;
    stats_.bytes_retransmitted += length;
    if (timed_seq_ && seq < *timed_seq_) timed_seq_.reset();  // Karn's rule
  } else {
    stats_.bytes_sent += length;
    if (!timed_seq_ && length > 0) {
      timed_seq_ = seq + length;
      timed_at_ = now;
    }
  }
  SeqNum end = seq + length;
  if (carries_fin) {
    fin_sent_ = true;
    fin_seq_ = data_end();
    end = end + 1;
  }
  snd_nxt_ = seq_max(snd_nxt_, end);
  snd_max_ = seq_max(snd_max_, end);
  if (!rto_at_ && !persist_at_) rto_at_ = now + rtt_.rto();  // RFC 6298 (5.1)
  outbox_.push_back(s);
}

void TcpConnection::retransmit_first(sim::Time now) {
  const std::uint32_t data_left = snd_una_ < data_end() ? seq_distance(snd_una_, data_end()) : 0;
  send_data(now, snd_una_, std::min(cc_state_.mss, data_left));
}

bool TcpConnection::send_next_sack_segment(sim::Time now) {
  const std::uint32_t mss = cc_state_.mss;
  const std::uint32_t pipe =
      scoreboard_.pipe(snd_una_, snd_max_, high_rxt_, config_->dupack_threshold, mss);
  if (cc_state_.cwnd < pipe + mss) return false;  // RFC 6675 §5 step (C): cwnd − pipe ≥ 1 SMSS
  const SeqNum from = seq_max(high_rxt_, snd_una_);
  const SeqNum lost_below = scoreboard_.lost_boundary(snd_una_, config_->dupack_threshold, mss);
  // NextSeg rule 1: the first unsacked byte above HighRxt that is presumed lost.
  if (const auto hole =
          scoreboard_.first_hole(from, seq_min(seq_min(lost_below, snd_max_), data_end()))) {
    const std::uint32_t length = std::min(mss, hole->length());
    send_data(now, hole->begin, length);
    high_rxt_ = hole->begin + length;
    return true;
  }
  // Rule 2: new data, if the receiver's window allows.
  const SeqNum edge = snd_una_ + snd_wnd_;
  if (snd_max_ < data_end() && snd_max_ < edge) {
    const std::uint32_t length =
        std::min({mss, seq_distance(snd_max_, data_end()), seq_distance(snd_max_, edge)});
    send_data(now, snd_max_, length);
    return true;
  }
  // Rule 3: an unsacked byte above HighRxt below the highest SACKed one.
  if (const auto highest = scoreboard_.highest_sacked()) {
    if (const auto hole = scoreboard_.first_hole(from, seq_min(*highest, data_end()))) {
      const std::uint32_t length = std::min(mss, hole->length());
      send_data(now, hole->begin, length);
      high_rxt_ = hole->begin + length;
      return true;
    }
  }
  return false;
}

void TcpConnection::output(sim::Time now) {
  const bool can_send = state_ == TcpState::Established || state_ == TcpState::CloseWait ||
                        state_ == TcpState::FinWait1 || state_ == TcpState::LastAck ||
                        state_ == TcpState::Closing;
  if (!can_send) return;
  if (recovery_ == Recovery::Sack) {
    while (send_next_sack_segment(now)) {
    }
    return;
  }
  const std::uint32_t mss = cc_state_.mss;
  for (;;) {
    // RFC 3042 limited transmit: the first two duplicate ACKs may each release one segment of
    // previously unsent data (§2) — not one of a go-back-N resend after a timeout.
    std::uint32_t congestion_limit = cc_state_.cwnd;
    if (recovery_ == Recovery::None && config_->limited_transmit && dupacks_ > 0 &&
        dupacks_ < config_->dupack_threshold && snd_nxt_ == snd_max_) {
      congestion_limit += dupacks_ * mss;
    }
    const std::uint32_t limit = std::min(congestion_limit, snd_wnd_);
    const std::uint32_t in_flight = seq_distance(snd_una_, snd_nxt_);
    const std::uint32_t available = snd_nxt_ < data_end() ? seq_distance(snd_nxt_, data_end()) : 0;
    if (available == 0) {
      // Everything is out: the FIN, if the application closed and it has not gone (or must go
      // again after a timeout rewound snd_nxt).
      if (close_requested_ && snd_nxt_ == data_end() && (!fin_sent_ || snd_nxt_ == fin_seq_))
        send_data(now, snd_nxt_, 0);
      break;
    }
    const std::uint32_t room = limit > in_flight ? limit - in_flight : 0;
    const std::uint32_t length = std::min({mss, available, room});
    if (length == 0) break;
    if (length < mss) {
      if (length < available) {
        // Window-limited: wait for a bigger window unless it is a fair share of the largest
        // one offered (sender SWS avoidance, RFC 9293 §3.8.6.2.1).
        if (in_flight > 0 && room < max_snd_wnd_ / 2) break;
      } else if (config_->nagle && in_flight > 0) {
        break;  // Nagle (RFC 896): one small segment in flight at a time
      }
    }
    send_data(now, snd_nxt_, length);
  }
  maybe_arm_persist(now);
}

// --- timers ---------------------------------------------------------------------------------

void TcpConnection::on_timer(sim::Time now) {
  if (time_wait_at_ && now >= *time_wait_at_) {
    end_time_wait();
    return;
  }
  if (delack_at_ && now >= *delack_at_) send_ack(now);
  if (rto_at_ && now >= *rto_at_) on_rto(now);
  if (persist_at_ && now >= *persist_at_) on_persist(now);
}

bool TcpConnection::reusable_by(const TcpSegment& syn) const {
  if (state_ != TcpState::TimeWait) return false;
  if (syn.seq() > rcv_nxt_) return true;
  const auto& ts = syn.header.options.timestamps;
  return ts_ok_ && ts && static_cast<std::int32_t>(ts_recent_ - ts->value) < 0;
}

void TcpConnection::end_time_wait() {
  time_wait_at_.reset();
  set_state(TcpState::Closed);
  rto_at_.reset();
  delack_at_.reset();
  events_.push_back({TcpEvent::Kind::Closed});
}

void TcpConnection::restart_rto(sim::Time now) {
  if (snd_una_ != snd_max_) rto_at_ = now + rtt_.rto();
}

void TcpConnection::fail(TcpEvent::Kind why) {
  set_state(TcpState::Closed);
  rto_at_.reset();
  delack_at_.reset();
  persist_at_.reset();
  time_wait_at_.reset();
  events_.push_back({why});
}

void TcpConnection::on_rto(sim::Time now) {
  rto_at_.reset();
  if (state_ == TcpState::SynSent || state_ == TcpState::SynReceived) {
    if (static_cast<int>(stats_.syn_retransmissions) >= config_->syn_retries) {
      fail(TcpEvent::Kind::ConnectFailed);
      return;
    }
    // RFC 6298 (5.5)-(5.6): back off and resend; Karn: no RTT sample from a retransmitted SYN.
    ++stats_.syn_retransmissions;
    syn_timed_out_ = true;
    timed_seq_.reset();
    rtt_.back_off();
    send_syn(now, state_ == TcpState::SynReceived);
    rto_at_ = now + rtt_.rto();
    return;
  }
  if (snd_una_ == snd_max_) return;
  if (consecutive_timeouts_ >= config_->data_retries) {
    fail(TcpEvent::Kind::TimedOut);
    return;
  }
  ++consecutive_timeouts_;
  ++stats_.timeouts;
  // RFC 5681 (4): ssthresh from FlightSize, cwnd to one segment; a repeated timeout of the same
  // data leaves ssthresh alone. RFC 6582 §4.2 / RFC 6675 §5.1: recovery ends; `recover` marks
  // everything sent so far; the scoreboard is forgotten.
  if (consecutive_timeouts_ == 1) {
    cc_->on_timeout(cc_state_, loss_flight(true), now);
  } else {
    cc_state_.cwnd = cc_state_.mss;
  }
  recovery_ = Recovery::None;
  dupacks_ = 0;
  recover_ = snd_max_;
  scoreboard_.clear();
  high_rxt_ = snd_una_;
  timed_seq_.reset();
  rtt_.back_off();      // (5.5)
  snd_nxt_ = snd_una_;  // go back N: resend from the first unacknowledged byte
  retransmit_first(now);
  rto_at_ = now + rtt_.rto();  // (5.6)
}

void TcpConnection::maybe_arm_persist(sim::Time now) {
  // RFC 9293 §3.8.6.1: with data to send, a zero window and nothing in flight to bring an ACK,
  // probe the window periodically.
  const bool waiting = snd_wnd_ == 0 && data_end() > snd_nxt_ && snd_una_ == snd_nxt_;
  if (!waiting) return;
  if (!persist_at_) {
    persist_backoff_ = rtt_.rto();
    persist_at_ = now + persist_backoff_;
    rto_at_.reset();
  }
}

void TcpConnection::on_persist(sim::Time now) {
  persist_at_.reset();
  if (snd_wnd_ > 0) return;
  // One byte beyond the window: the peer answers with its current window.
  const std::uint32_t outstanding = seq_distance(snd_una_, snd_nxt_);
  const SeqNum probe = outstanding > 0 ? snd_una_ : snd_nxt_;
  if (probe < data_end()) send_data(now, probe, 1);
  rto_at_.reset();  // the persist timer, not the retransmission timer, runs while probing
  persist_backoff_ = std::min(persist_backoff_ * 2, config_->max_rto);
  persist_at_ = now + persist_backoff_;
}

// --- printing ---------------------------------------------------------------------------------

std::string_view to_string(TcpState state) {
  switch (state) {
    case TcpState::Closed:
      return "CLOSED";
    case TcpState::Listen:
      return "LISTEN";
    case TcpState::SynSent:
      return "SYN-SENT";
    case TcpState::SynReceived:
      return "SYN-RECEIVED";
    case TcpState::Established:
      return "ESTABLISHED";
    case TcpState::FinWait1:
      return "FIN-WAIT-1";
    case TcpState::FinWait2:
      return "FIN-WAIT-2";
    case TcpState::CloseWait:
      return "CLOSE-WAIT";
    case TcpState::Closing:
      return "CLOSING";
    case TcpState::LastAck:
      return "LAST-ACK";
    case TcpState::TimeWait:
      return "TIME-WAIT";
  }
  return "?";
}

std::string to_string(const TcpSegment& s) {
  std::string flags;
  const auto add = [&](std::uint8_t f, const char* name) {
    if (s.has(f)) flags += (flags.empty() ? "" : ",") + std::string(name);
  };
  add(kSyn, "SYN");
  add(kFin, "FIN");
  add(kRst, "RST");
  add(kPsh, "PSH");
  add(kAck, "ACK");
  std::string out = flags + " seq=" + std::to_string(s.header.sequence);
  if (s.has(kAck)) out += " ack=" + std::to_string(s.header.acknowledgment);
  out += " win=" + std::to_string(s.header.window) + " len=" + std::to_string(s.length);
  const auto& o = s.header.options;
  std::string opts;
  if (o.mss) opts += "mss " + std::to_string(*o.mss) + ",";
  if (o.window_scale) opts += "ws " + std::to_string(*o.window_scale) + ",";
  if (o.sack_permitted) opts += "sackOK,";
  if (o.timestamps)
    opts += "ts " + std::to_string(o.timestamps->value) + " " + std::to_string(o.timestamps->echo) +
            ",";
  for (int i = 0; i < o.sack_count; ++i) {
    opts += "sack " + std::to_string(o.sack[i].left) + "-" + std::to_string(o.sack[i].right) + ",";
  }
  if (!opts.empty()) out += " <" + opts.substr(0, opts.size() - 1) + ">";
  return out;
}

}  // namespace netsim::tcp
