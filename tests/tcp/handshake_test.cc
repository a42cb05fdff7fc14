// Connection establishment and teardown, traced segment by segment (RFC 9293 §3.5, §3.6,
// §3.10), SYN retransmission timing (RFC 6298 (5.5), the presets' retry schedules), and RST
// generation and handling in each state.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "tests/tcp/tcp_trace.h"

namespace netsim::tcp {
namespace {

using testing::kIss;
using testing::kPeerIss;
using testing::plain_config;
using testing::seg;
using testing::Trace;

// Brings `t` to ESTABLISHED: we connected at t = 0, the SYN-ACK came at 100 ms (with the
// timestamp `tsval`, if given).
void establish(Trace& t, std::optional<std::uint32_t> tsval = std::nullopt) {
  t.connect(0);
  t.next();
  auto syn_ack = seg().syn().seq(0).ack_no(1).win(65535).mss(1000);
  if (tsval) syn_ack.ts(*tsval, 0);
  t.inject(100, syn_ack);
  t.next();
}

TEST(Handshake, ActiveOpenSendsSynThenAcksTheSynAck) {
  Trace t(plain_config());
  t.connect(0);
  t.expect_state(TcpState::SynSent);
  const TcpSegment syn = t.next();
  EXPECT_EQ(testing::flag_names(syn), "SYN");
  EXPECT_EQ(syn.header.sequence, kIss);
  EXPECT_EQ(syn.header.options.mss, 1000);
  EXPECT_FALSE(syn.header.options.window_scale);  // disabled in this config
  t.inject(100, seg().syn().seq(0).ack_no(1).win(65535).mss(1460));
  t.expect_state(TcpState::Established);
  t.expect({"ACK", 1, 1, 0});
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::Established));
  EXPECT_EQ(t.conn.mss(), 1000u);  // min(our 1000, their 1460)
  // RFC 6298 (2.2): R = 100 ms, SRTT = R, RTTVAR = R/2, RTO = 100 + 4·50 = 300 ms → 1 s minimum.
  EXPECT_EQ(t.conn.rtt().srtt(), sim::ms(100));
  EXPECT_EQ(t.conn.rtt().rttvar(), sim::ms(50));
  EXPECT_EQ(t.conn.rtt().rto(), sim::sec(1));
  EXPECT_EQ(t.conn.stats().established_at, sim::Time::zero() + sim::ms(100));
}

TEST(Handshake, PassiveOpenAnswersSynWithSynAck) {
  Trace t(plain_config());
  t.conn.listen();
  t.expect_state(TcpState::Listen);
  t.inject(0, seg().syn().seq(0).win(65535).mss(1460));
  t.expect_state(TcpState::SynReceived);
  t.expect({"SYN,ACK", 0, 1, 0});
  t.inject(50, seg().seq(1).ack_no(1).win(65535));
  t.expect_state(TcpState::Established);
  t.expect_nothing();
  EXPECT_EQ(t.conn.rtt().srtt(), sim::ms(50));
}

TEST(Handshake, PeerWithoutMssOptionMeans536) {
  Trace t(plain_config());
  t.conn.listen();
  t.inject(0, seg().syn().seq(0).win(65535));  // no MSS option: RFC 9293 §3.7.1 default
  EXPECT_EQ(t.conn.mss(), 536u);
}

// RFC 6298 (5.5): the SYN is resent after 1, then 2, 4, 8, 16, 32 s; after the sixth retry's
// timeout (64 s more) connect() fails: 127 s in all, Linux's tcp_syn_retries = 6.
TEST(Handshake, SynRetransmissionBacksOffThenFails) {
  Trace t(plain_config());
  t.connect(0);
  t.at_ms(200'000);
  ASSERT_EQ(t.sent_at.size(), 7u);
  const double expected_s[] = {0, 1, 3, 7, 15, 31, 63};
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(t.sent_at[i],
              sim::Time::zero() + sim::ms(static_cast<std::int64_t>(expected_s[i] * 1000)))
        << i;
    t.expect({"SYN", 0, 0, 0});
  }
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::ConnectFailed));
  t.expect_state(TcpState::Closed);
  EXPECT_EQ(t.conn.stats().syn_retransmissions, 6u);
  EXPECT_FALSE(t.conn.next_deadline());
}

TEST(Handshake, Ns3PresetStartsAtThreeSeconds) {
  TcpConfig c = *tcp_preset("ns3");
  Trace t(c);
  t.connect(0);
  t.at_ms(10'000);
  // ConnTimeout 3 s, doubling: 0, 3, 9 s.
  ASSERT_EQ(t.sent_at.size(), 3u);
  EXPECT_EQ(t.sent_at[1], sim::Time::zero() + sim::sec(3));
  EXPECT_EQ(t.sent_at[2], sim::Time::zero() + sim::sec(9));
}

// Karn: no RTT sample from the retransmitted SYN; RFC 6298 (5.7): the RTO for data is 3 s.
TEST(Handshake, TimedOutSynGivesNoSampleAndAThreeSecondRto) {
  Trace t(plain_config());
  t.connect(0);
  t.next();
  t.at_ms(1000);
  t.next();  // the retransmission
  t.inject(1100, seg().syn().seq(0).ack_no(1).win(65535).mss(1000));
  t.expect_state(TcpState::Established);
  EXPECT_FALSE(t.conn.rtt().has_sample());
  EXPECT_EQ(t.conn.rtt().rto(), sim::sec(3));
}

TEST(Handshake, SimultaneousOpen) {
  Trace t(plain_config());
  t.connect(0);
  t.expect({"SYN", 0, 0, 0});
  // The peer's SYN crosses ours (RFC 9293 figure 8).
  t.inject(10, seg().syn().seq(0).win(65535).mss(1000));
  t.expect_state(TcpState::SynReceived);
  t.expect({"SYN,ACK", 0, 1, 0});
  // Its SYN-ACK arrives: acceptable ACK of our SYN.
  t.inject(20, seg().syn().seq(0).ack_no(1).win(65535));
  t.expect_state(TcpState::Established);
}

TEST(Handshake, LostSynAckIsResentWhenTheSynComesAgain) {
  Trace t(plain_config());
  t.conn.listen();
  t.inject(0, seg().syn().seq(0).win(65535));
  t.expect({"SYN,ACK", 0, 1, 0});
  t.inject(900, seg().syn().seq(0).win(65535));  // the peer's SYN retransmission
  t.expect({"SYN,ACK", 0, 1, 0});
}

TEST(Teardown, ActiveCloseGoesThroughFinWaitToTimeWait) {
  Trace t(plain_config());
  establish(t);
  t.close(200);
  t.expect_state(TcpState::FinWait1);
  t.expect({"FIN,ACK", 1, 1, 0});
  t.inject(300, seg().seq(1).ack_no(2).win(65535));
  t.expect_state(TcpState::FinWait2);
  t.inject(400, seg().fin().seq(1).ack_no(2).win(65535));
  t.expect_state(TcpState::TimeWait);
  t.expect({"ACK", 2, 2, 0});
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::PeerClosed));
  // 2·MSL = 240 s later (RFC 9293 §3.4.2, MSL 2 min).
  t.at_ms(400 + 239'999);
  t.expect_state(TcpState::TimeWait);
  t.at_ms(400 + 240'000);
  t.expect_state(TcpState::Closed);
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::Closed));
}

// From ESTABLISHED: we close at 200 ms, the peer's ACK and FIN come together at 300 ms (with
// the timestamp `tsval`, if given).
void to_time_wait(Trace& t, std::optional<std::uint32_t> tsval = std::nullopt) {
  t.close(200);
  t.next();
  auto fin = seg().fin().seq(1).ack_no(2).win(65535);
  if (tsval) fin.ts(*tsval, 0);
  t.inject(300, fin);
  t.next();
  t.expect_state(TcpState::TimeWait);
}

TEST(Teardown, RetransmittedFinInTimeWaitIsAckedAndRestartsTheTimer) {
  Trace t(plain_config());
  establish(t);
  to_time_wait(t);
  t.inject(10'000, seg().fin().seq(1).ack_no(2).win(65535));
  t.expect({"ACK", 2, 2, 0});
  t.at_ms(300 + 240'000);
  t.expect_state(TcpState::TimeWait);  // restarted at 10 s
  t.at_ms(10'000 + 240'000);
  t.expect_state(TcpState::Closed);
}

TEST(Teardown, Rfc6191ANewSynMayEndTimeWaitOnlyIfItIsNewer) {
  Trace t(plain_config());
  establish(t);
  to_time_wait(t);  // RCV.NXT = kPeerIss + 2
  // RFC 1122 §4.2.2.13 / RFC 6191 §2 (as Linux tests it): a SYN beyond RCV.NXT is a new
  // incarnation; one at or below it may be an old duplicate.
  EXPECT_TRUE(t.conn.reusable_by(seg().syn().seq(100'000).s));
  EXPECT_FALSE(t.conn.reusable_by(seg().syn().seq(2).s));
  EXPECT_FALSE(t.conn.reusable_by(seg().syn().seq(0).s));
  t.conn.end_time_wait();
  t.expect_state(TcpState::Closed);
  ASSERT_FALSE(t.conn.events().empty());
  EXPECT_EQ(t.conn.events().back().kind, TcpEvent::Kind::Closed);
  EXPECT_FALSE(t.conn.next_deadline());  // no 2·MSL timer left
}

TEST(Teardown, Rfc6191WithTimestampsANewerTimestampEndsTimeWait) {
  TcpConfig c = plain_config();
  c.timestamps = true;
  Trace t(c);
  establish(t, 500);
  to_time_wait(t, 700);  // TS.Recent = 700
  // RFC 6191 §2: with timestamps, a SYN whose TSval is newer may reuse the pair even if its
  // sequence number is not beyond RCV.NXT (the peer's ISN generator says nothing then).
  EXPECT_TRUE(t.conn.reusable_by(seg().syn().seq(0).ts(701, 0).s));
  EXPECT_FALSE(t.conn.reusable_by(seg().syn().seq(0).ts(700, 0).s));
  EXPECT_FALSE(t.conn.reusable_by(seg().syn().seq(0).ts(699, 0).s));
}

TEST(Teardown, OnlyTimeWaitIsReusable) {
  Trace t(plain_config());
  establish(t);
  const TcpSegment newer = seg().syn().seq(100'000).s;
  EXPECT_FALSE(t.conn.reusable_by(newer));  // ESTABLISHED
  t.close(200);
  t.next();
  t.expect_state(TcpState::FinWait1);
  EXPECT_FALSE(t.conn.reusable_by(newer));
  t.inject(300, seg().fin().seq(1).ack_no(2).win(65535));
  t.expect_state(TcpState::TimeWait);
  EXPECT_TRUE(t.conn.reusable_by(newer));
  t.conn.end_time_wait();
  EXPECT_FALSE(t.conn.reusable_by(newer));  // CLOSED: nothing left to take over
}

TEST(Teardown, PassiveCloseGoesThroughCloseWaitAndLastAck) {
  Trace t(plain_config());
  establish(t);
  t.inject(200, seg().fin().seq(1).ack_no(1).win(65535));
  t.expect_state(TcpState::CloseWait);
  t.expect({"ACK", 1, 2, 0});
  t.close(300);
  t.expect_state(TcpState::LastAck);
  t.expect({"FIN,ACK", 1, 2, 0});
  t.inject(400, seg().seq(2).ack_no(2).win(65535));
  t.expect_state(TcpState::Closed);
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::Closed));
}

TEST(Teardown, SimultaneousCloseGoesThroughClosing) {
  Trace t(plain_config());
  establish(t);
  t.close(200);
  t.expect({"FIN,ACK", 1, 1, 0});
  t.inject(250, seg().fin().seq(1).ack_no(1).win(65535));  // their FIN, not acking ours
  t.expect_state(TcpState::Closing);
  t.expect({"ACK", 2, 2, 0});
  t.inject(300, seg().seq(2).ack_no(2).win(65535));
  t.expect_state(TcpState::TimeWait);
}

TEST(Teardown, FinAndAckTogetherGoStraightToTimeWait) {
  Trace t(plain_config());
  establish(t);
  t.close(200);
  t.next();
  t.inject(300, seg().fin().seq(1).ack_no(2).win(65535));
  t.expect_state(TcpState::TimeWait);
}

TEST(Teardown, FinIsRetransmittedOnTimeout) {
  Trace t(plain_config());
  establish(t);
  t.close(200);
  t.expect({"FIN,ACK", 1, 1, 0});
  t.at_ms(200 + 1000);  // RTO 1 s
  t.expect({"FIN,ACK", 1, 1, 0});
}

TEST(Teardown, DataBeforeTheFinIsSentFirst) {
  Trace t(plain_config());
  t.connect(0);
  t.next();
  t.inject(100, seg().syn().seq(0).ack_no(1).win(2000).mss(1000));  // a 2000-byte window
  t.next();
  t.write(200, 2500);
  t.close(200);
  t.expect({"ACK", 1, 1, 1000});
  t.expect({"ACK", 1001, 1, 1000});
  t.expect_nothing();  // the window is full; the rest and the FIN wait
  t.inject(300, seg().seq(1).ack_no(2001).win(2000));
  t.expect({"FIN,PSH,ACK", 2001, 1, 500});  // the FIN rides on the last data segment
  // A close after everything was sent sends the FIN alone.
  Trace u(plain_config());
  establish(u);
  u.write(200, 500);
  u.expect({"PSH,ACK", 1, 1, 500});
  u.close(210);
  u.expect({"FIN,ACK", 501, 1, 0});
}

TEST(Teardown, TimeWaitDurationIsConfigurable) {
  TcpConfig c = plain_config();
  c.time_wait = sim::sec(60);
  Trace t(c);
  establish(t);
  t.close(200);
  t.next();
  t.inject(300, seg().fin().seq(1).ack_no(2).win(65535));
  t.at_ms(300 + 60'000);
  t.expect_state(TcpState::Closed);
}

// --- RST ------------------------------------------------------------------------------------

TEST(Rst, ClosedAnswersWithRst) {
  Trace t(plain_config());
  t.inject(0, seg().seq(0).ack_no(7).len(10));  // RFC 9293 §3.10.7.1: <SEQ=SEG.ACK><CTL=RST>
  t.expect({"RST", 7, 0, 0});
  t.inject(1, seg().syn().seq(0));  // no ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
  const TcpSegment r = t.next();
  EXPECT_EQ(testing::flag_names(r), "RST,ACK");
  EXPECT_EQ(r.header.acknowledgment, kPeerIss + 1);
  t.inject(2, seg().rst().seq(0));  // never answer a RST
  t.expect_nothing();
}

TEST(Rst, ListenIgnoresRstAndResetsAcks) {
  Trace t(plain_config());
  t.conn.listen();
  t.inject(0, seg().rst().seq(0));
  t.expect_nothing();
  t.inject(1, seg().seq(0).ack_no(99));
  t.expect({"RST", 99, 0, 0});
  t.expect_state(TcpState::Listen);
}

TEST(Rst, SynSentAcceptsRstOnlyWithAnAcceptableAck) {
  Trace t(plain_config());
  t.connect(0);
  t.next();
  t.inject(10, seg().rst().seq(0).ack_no(5));  // unacceptable ACK: dropped
  t.expect_state(TcpState::SynSent);
  t.expect_nothing();
  t.inject(20, seg().rst().seq(0).ack_no(1));  // "connection refused"
  t.expect_state(TcpState::Closed);
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::Reset));
}

TEST(Rst, SynSentAnswersAnUnacceptableAckWithRst) {
  Trace t(plain_config());
  t.connect(0);
  t.next();
  t.inject(10, seg().syn().seq(0).ack_no(50).win(100));
  t.expect({"RST", 50, 0, 0});
  t.expect_state(TcpState::SynSent);
}

TEST(Rst, SynReceivedResetsOnExactRst) {
  Trace t(plain_config());
  t.conn.listen();
  t.inject(0, seg().syn().seq(0).win(65535));
  t.next();
  t.inject(10, seg().rst().seq(1));
  t.expect_state(TcpState::Closed);
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::Reset));
}

TEST(Rst, SynReceivedAnswersABadAckWithRst) {
  Trace t(plain_config());
  t.conn.listen();
  t.inject(0, seg().syn().seq(0).win(65535));
  t.next();
  t.inject(10, seg().seq(1).ack_no(77).win(65535));
  t.expect({"RST", 77, 0, 0});
}

// RFC 5961 §3.2, adopted by RFC 9293 §3.10.7.4: a RST exactly at RCV.NXT resets; one elsewhere
// in the window draws a challenge ACK; one outside it is dropped.
TEST(Rst, EstablishedChallengesInWindowRsts) {
  Trace t(plain_config());
  establish(t);
  t.inject(200, seg().rst().seq(100));
  t.expect({"ACK", 1, 1, 0});
  t.expect_state(TcpState::Established);
  t.inject(210, seg().rst().seq(1'000'000));  // outside the window
  t.expect_nothing();
  t.inject(220, seg().rst().seq(1));
  t.expect_state(TcpState::Closed);
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::Reset));
}

TEST(Rst, SynInASynchronizedStateDrawsAChallengeAck) {
  Trace t(plain_config());
  establish(t);
  t.inject(200, seg().syn().seq(1).win(65535));
  t.expect({"ACK", 1, 1, 0});
  t.expect_state(TcpState::Established);
}

TEST(Rst, ResetInEachClosingState) {
  for (const char* which :
       {"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"}) {
    Trace t(plain_config());
    establish(t);
    const std::string w = which;
    std::uint32_t peer_seq = 1;
    if (w == "FIN-WAIT-1" || w == "FIN-WAIT-2" || w == "CLOSING" || w == "TIME-WAIT") {
      t.close(200);
      if (w != "FIN-WAIT-1" && w != "CLOSING") t.inject(210, seg().seq(1).ack_no(2).win(65535));
      if (w == "CLOSING" || w == "TIME-WAIT") {
        t.inject(220, seg().fin().seq(1).ack_no(w == "CLOSING" ? 1 : 2).win(65535));
        peer_seq = 2;
      }
    } else {
      t.inject(200, seg().fin().seq(1).ack_no(1).win(65535));
      peer_seq = 2;
      if (w == "LAST-ACK") t.close(210);
    }
    EXPECT_EQ(to_string(t.conn.state()), w);
    t.inject(300, seg().rst().seq(peer_seq));
    t.expect_state(TcpState::Closed);
    const bool orderly = w == "CLOSING" || w == "LAST-ACK" || w == "TIME-WAIT";
    EXPECT_EQ(t.has_event(orderly ? TcpEvent::Kind::Closed : TcpEvent::Kind::Reset), true) << w;
  }
}

TEST(Rst, AbortSendsRst) {
  Trace t(plain_config());
  establish(t);
  t.at_ms(200);
  t.conn.abort(t.now);
  const TcpSegment r = t.conn.outbox().front();
  EXPECT_EQ(testing::flag_names(r), "RST");
  EXPECT_EQ(r.header.sequence, kIss + 1);
  EXPECT_EQ(to_string(t.conn.state()), "CLOSED");
}

}  // namespace
}  // namespace netsim::tcp
