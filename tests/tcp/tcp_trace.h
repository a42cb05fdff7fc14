// Trace-style TCP tests (in the manner of packetdrill): a connection under test, a clock that
// fires its timers as time advances, segments injected at given times, and the segments it sent
// checked one by one. Sequence numbers are written relative to each side's ISS: ours is
// kIss, the peer's kPeerIss.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "models/tcp/tcp_connection.h"

namespace netsim::tcp::testing {

inline constexpr std::uint32_t kIss = 1000;
inline constexpr std::uint32_t kPeerIss = 5000;

// A segment built field by field: seg().ack().seq(1).ack_no(1).len(100).
struct Seg {
  TcpSegment s;
  Seg& flags(std::uint8_t f) {
    s.header.flags |= f;
    return *this;
  }
  Seg& syn() { return flags(net::tcp_flags::kSyn); }
  Seg& ack() { return flags(net::tcp_flags::kAck); }
  Seg& fin() { return flags(net::tcp_flags::kFin); }
  Seg& rst() { return flags(net::tcp_flags::kRst); }
  // Peer sequence number kPeerIss + n.
  Seg& seq(std::uint32_t n) {
    s.header.sequence = kPeerIss + n;
    return *this;
  }
  // Acknowledges our kIss + n.
  Seg& ack_no(std::uint32_t n) {
    s.header.acknowledgment = kIss + n;
    return flags(net::tcp_flags::kAck);
  }
  Seg& win(std::uint16_t w) {
    s.header.window = w;
    return *this;
  }
  Seg& len(std::uint32_t n) {
    s.length = n;
    return *this;
  }
  Seg& mss(std::uint16_t m) {
    s.header.options.mss = m;
    return *this;
  }
  Seg& wscale(std::uint8_t w) {
    s.header.options.window_scale = w;
    return *this;
  }
  Seg& sack_ok() {
    s.header.options.sack_permitted = true;
    return *this;
  }
  // A SACK block of our sequence numbers [kIss + left, kIss + right).
  Seg& sack(std::uint32_t left, std::uint32_t right) {
    auto& o = s.header.options;
    o.sack[o.sack_count++] = {kIss + left, kIss + right};
    return *this;
  }
  Seg& ts(std::uint32_t value, std::uint32_t echo) {
    s.header.options.timestamps = net::TcpTimestamps{value, echo};
    return *this;
  }
  operator TcpSegment() const { return s; }  // NOLINT: builder
};

inline Seg seg() { return Seg{}; }

// What a sent segment looks like, relative to the ISSs, for assertions.
struct Sent {
  std::string flags;      // e.g. "SYN", "ACK", "FIN,ACK", "PSH,ACK"
  std::uint32_t seq = 0;  // relative to kIss
  std::uint32_t ack = 0;  // relative to kPeerIss (0 if no ACK flag)
  std::uint32_t len = 0;
};

inline std::string flag_names(const TcpSegment& s) {
  std::string f;
  const auto add = [&](std::uint8_t bit, const char* name) {
    if (s.has(bit)) f += (f.empty() ? "" : ",") + std::string(name);
  };
  add(net::tcp_flags::kSyn, "SYN");
  add(net::tcp_flags::kFin, "FIN");
  add(net::tcp_flags::kRst, "RST");
  add(net::tcp_flags::kPsh, "PSH");
  add(net::tcp_flags::kAck, "ACK");
  return f;
}

class Trace {
 public:
  explicit Trace(const TcpConfig& config, std::uint32_t iss = kIss) : conn(config, iss) {}

  // Moves the clock to t (ms), running every timer that falls due on the way.
  void at_ms(double t) { advance(sim::Time::from_ns(static_cast<std::int64_t>(t * 1e6))); }
  void advance(sim::Time t) {
    while (auto d = conn.next_deadline()) {
      if (*d > t) break;
      now = std::max(now, *d);
      conn.on_timer(now);
      collect();
    }
    now = t;
  }
  void inject(double t_ms, const TcpSegment& s) {
    at_ms(t_ms);
    conn.on_segment(now, s);
    collect();
  }
  void connect(double t_ms) {
    at_ms(t_ms);
    conn.connect(now);
    collect();
  }
  void write(double t_ms, std::uint64_t bytes) {
    at_ms(t_ms);
    conn.send(now, bytes);
    collect();
  }
  void close(double t_ms) {
    at_ms(t_ms);
    conn.close(now);
    collect();
  }

  // The next sent segment (fails the test if there is none).
  TcpSegment next() {
    if (sent.empty()) {
      ADD_FAILURE() << "expected a segment, none was sent";
      return {};
    }
    TcpSegment s = sent.front();
    sent.pop_front();
    return s;
  }
  // Checks the next sent segment's flags, relative seq/ack and length.
  void expect(const Sent& e, const std::string& where = "") {
    const TcpSegment s = next();
    EXPECT_EQ(flag_names(s), e.flags) << where << " " << to_string(s);
    EXPECT_EQ(s.header.sequence - kIss, e.seq) << where << " " << to_string(s);
    if (s.has(net::tcp_flags::kAck)) {
      EXPECT_EQ(s.header.acknowledgment - kPeerIss, e.ack) << where;
    }
    EXPECT_EQ(s.length, e.len) << where << " " << to_string(s);
  }
  void expect_nothing(const std::string& where = "") {
    EXPECT_TRUE(sent.empty()) << where << ": unexpected "
                              << (sent.empty() ? "" : to_string(sent.front()));
  }
  void expect_state(TcpState s) { EXPECT_EQ(to_string(conn.state()), to_string(s)); }
  bool has_event(TcpEvent::Kind k) const {
    for (const auto& e : events) {
      if (e.kind == k) return true;
    }
    return false;
  }

  TcpConnection conn;
  sim::Time now;
  std::deque<TcpSegment> sent;
  std::vector<TcpEvent> events;
  std::vector<sim::Time> sent_at;  // when each segment (in order of sending) left

 private:
  void collect() {
    for (auto& s : conn.outbox()) {
      sent.push_back(s);
      sent_at.push_back(now);
    }
    conn.outbox().clear();
    for (auto& e : conn.events()) events.push_back(e);
    conn.events().clear();
  }
};

// The RFC defaults with the options and behaviours that make traces short and exact: no
// timestamps/SACK/window scaling unless a test turns them on, immediate ACKs.
inline TcpConfig plain_config() {
  TcpConfig c;
  c.window_scaling = false;
  c.delayed_ack = false;
  c.nagle = false;
  c.mss = 1000;
  c.receive_buffer = 65535;
  c.send_buffer = 1 << 20;
  return c;
}

}  // namespace netsim::tcp::testing
