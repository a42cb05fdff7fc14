// Data transfer traced segment by segment: the RFC 6298 estimator's formulas, delayed ACKs,
// Nagle, fast retransmit, NewReno partial ACKs, SACK recovery, limited transmit, window scaling,
// zero windows and persist probes, and sequence-number wraparound.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "models/tcp/congestion/cubic.h"
#include "tests/tcp/tcp_trace.h"

namespace netsim::tcp {
namespace {

using testing::kIss;
using testing::kPeerIss;
using testing::plain_config;
using testing::seg;
using testing::Trace;

// Connected at 0, SYN-ACK at 100 ms with the given window and options.
void establish(Trace& t, testing::Seg synack = seg().syn().seq(0).ack_no(1).win(65535).mss(1000)) {
  t.connect(0);
  t.next();
  t.inject(100, synack);
  t.next();
}

// --- RFC 6298 -------------------------------------------------------------------------------

TEST(RttEstimator, FollowsRfc6298Formulas) {
  RttEstimator e(sim::sec(1), sim::ms(200), sim::sec(60), sim::ms(1));
  EXPECT_EQ(e.rto(), sim::sec(1));  // (2.1)
  e.add_sample(sim::ms(100));       // (2.2): SRTT 100, RTTVAR 50, RTO 100 + 200 = 300
  EXPECT_EQ(e.srtt(), sim::ms(100));
  EXPECT_EQ(e.rttvar(), sim::ms(50));
  EXPECT_EQ(e.rto(), sim::ms(300));
  e.add_sample(sim::ms(
      200));  // (2.3): RTTVAR = 3/4·50 + 1/4·|100 − 200| = 62.5; SRTT = 7/8·100 + 1/8·200 = 112.5
  EXPECT_EQ(e.rttvar(), sim::us(62'500));
  EXPECT_EQ(e.srtt(), sim::us(112'500));
  EXPECT_EQ(e.rto(), sim::us(112'500 + 4 * 62'500));
  e.back_off();  // (5.5)
  EXPECT_EQ(e.rto(), sim::us(2 * (112'500 + 4 * 62'500)));
  for (int i = 0; i < 20; ++i) e.back_off();
  EXPECT_EQ(e.rto(), sim::sec(60));  // (2.5) maximum
}

TEST(RttEstimator, MinimumAndGranularity) {
  RttEstimator e(sim::sec(1), sim::sec(1), sim::sec(60), sim::ms(1));
  e.add_sample(sim::ms(10));
  EXPECT_EQ(e.rto(), sim::sec(1));  // (2.4) rounded up to the minimum
  RttEstimator g(sim::sec(1), sim::Duration::zero(), sim::sec(60), sim::ms(50));
  for (int i = 0; i < 50; ++i) g.add_sample(sim::ms(10));  // RTTVAR decays towards 0
  EXPECT_EQ(g.rto(), g.srtt() + sim::ms(50));              // max(G, 4·RTTVAR) = G
}

TEST(Retransmission, TimeoutResendsTheFirstSegmentAndBacksOff) {
  Trace t(plain_config());
  establish(t);
  t.write(200, 3000);
  t.expect({"ACK", 1, 1, 1000});
  t.expect({"ACK", 1001, 1, 1000});
  t.expect({"PSH,ACK", 2001, 1, 1000});
  // RTO 1 s (SRTT 100 ms → 300 ms, raised to the 1 s minimum): all lost.
  t.at_ms(1200);
  t.expect({"ACK", 1, 1, 1000});        // go back: the first unacknowledged segment
  EXPECT_EQ(t.conn.cwnd(), 1000u);      // RFC 5681 (4): one segment
  EXPECT_EQ(t.conn.ssthresh(), 2000u);  // max(FlightSize/2 = 1500, 2·SMSS)
  EXPECT_EQ(t.conn.stats().timeouts, 1u);
  t.at_ms(3200);  // backed off: 2 s
  t.expect({"ACK", 1, 1, 1000});
  t.inject(3300, seg().seq(1).ack_no(1001).win(65535));  // Karn: no sample from this
  EXPECT_EQ(t.conn.rtt().srtt(), sim::ms(100));
  t.expect({"ACK", 1001, 1, 1000});  // slow start resumes: cwnd 2000
  t.expect({"PSH,ACK", 2001, 1, 1000});
}

TEST(Retransmission, DataRetriesLimitAbortsTheConnection) {
  TcpConfig c = plain_config();
  c.data_retries = 3;
  Trace t(c);
  establish(t);
  t.write(200, 100);
  t.at_ms(100'000);
  EXPECT_TRUE(t.has_event(TcpEvent::Kind::TimedOut));
  t.expect_state(TcpState::Closed);
  EXPECT_EQ(t.conn.stats().timeouts, 3u);
}

// --- receiving ----------------------------------------------------------------------------

void peer_syn(Trace& t, TcpConfig) {
  t.conn.listen();
  t.inject(0, seg().syn().seq(0).win(65535).mss(1000));
  t.next();
  t.inject(10, seg().seq(1).ack_no(1).win(65535));
}

TEST(Receiving, DelayedAcksEverySecondSegmentOrAfterTheTimeout) {
  TcpConfig c = plain_config();
  c.delayed_ack = true;
  Trace t(c);
  peer_syn(t, c);
  t.inject(100, seg().seq(1).ack_no(1).len(1000).win(65535));
  t.expect_nothing();
  t.inject(101, seg().seq(1001).ack_no(1).len(1000).win(65535));
  t.expect({"ACK", 1, 2001, 0});  // the second full segment is acknowledged at once
  t.inject(200, seg().seq(2001).ack_no(1).len(1000).win(65535));
  t.expect_nothing();
  t.at_ms(399);
  t.expect_nothing();
  t.at_ms(400);  // 200 ms delayed-ACK timeout
  t.expect({"ACK", 1, 3001, 0});
}

TEST(Receiving, SmallSegmentsCountTowardsTheDelayedAck) {
  TcpConfig c = plain_config();
  c.delayed_ack = true;
  Trace t(c);
  peer_syn(t, c);
  t.inject(100, seg().seq(1).ack_no(1).len(200).win(65535));
  t.expect_nothing();
  t.inject(110, seg().seq(201).ack_no(1).len(200).win(65535));
  t.expect({"ACK", 1, 401, 0});  // two segments, full-sized or not (as ns-3 and Linux do)
}

TEST(Receiving, OutOfOrderDataIsAcknowledgedAtOnceAndKept) {
  TcpConfig c = plain_config();
  c.delayed_ack = true;
  c.sack = true;
  Trace t(c);
  t.conn.listen();
  t.inject(0, seg().syn().seq(0).win(65535).mss(1000).sack_ok());
  t.next();
  t.inject(10, seg().seq(1).ack_no(1).win(65535));
  t.inject(100, seg().seq(1001).ack_no(1).len(1000).win(65535));  // 1..1000 missing
  const TcpSegment dup = t.next();
  EXPECT_EQ(dup.header.acknowledgment, kPeerIss + 1);
  ASSERT_EQ(dup.header.options.sack_count, 1);  // RFC 2018: the block just received
  EXPECT_EQ(dup.header.options.sack[0].left, kPeerIss + 1001);
  EXPECT_EQ(dup.header.options.sack[0].right, kPeerIss + 2001);
  t.inject(101, seg().seq(3001).ack_no(1).len(1000).win(65535));
  const TcpSegment dup2 = t.next();
  ASSERT_EQ(dup2.header.options.sack_count, 2);  // most recent first
  EXPECT_EQ(dup2.header.options.sack[0].left, kPeerIss + 3001);
  EXPECT_EQ(dup2.header.options.sack[1].left, kPeerIss + 1001);
  t.inject(102, seg().seq(1).ack_no(1).len(1000).win(65535));  // fills the first hole
  t.expect({"ACK", 1, 2001, 0});  // at once (filled a hole), up to the next hole
  EXPECT_EQ(t.conn.stats().bytes_delivered, 2000u);
  EXPECT_EQ(t.conn.stats().out_of_order_segments, 2u);
}

TEST(Receiving, DuplicateDataIsCountedAndAcknowledged) {
  Trace t(plain_config());
  peer_syn(t, plain_config());
  t.inject(100, seg().seq(1).ack_no(1).len(1000).win(65535));
  t.next();
  t.inject(200, seg().seq(1).ack_no(1).len(1000).win(65535));
  t.expect({"ACK", 1, 1001, 0});
  EXPECT_EQ(t.conn.stats().duplicate_segments, 1u);
  EXPECT_EQ(t.conn.stats().bytes_delivered, 1000u);
}

// --- sending --------------------------------------------------------------------------------

TEST(Sending, InitialWindowAndSlowStart) {
  TcpConfig c = plain_config();
  c.initial_window = 3;
  Trace t(c);
  establish(t);
  t.write(200, 20'000);
  for (int i = 0; i < 3; ++i) t.expect({"ACK", 1 + 1000u * i, 1, 1000});
  t.expect_nothing();
  t.inject(300, seg().seq(1).ack_no(1001).win(65535));  // cwnd 4000: two more
  t.expect({"ACK", 3001, 1, 1000});
  t.expect({"ACK", 4001, 1, 1000});
  EXPECT_EQ(t.conn.cwnd(), 4000u);
}

TEST(Sending, NagleHoldsSmallSegmentsWhileDataIsUnacknowledged) {
  TcpConfig c = plain_config();
  c.nagle = true;
  Trace t(c);
  establish(t);
  t.write(200, 100);
  t.expect({"PSH,ACK", 1, 1, 100});
  t.write(201, 100);
  t.write(202, 100);
  t.expect_nothing();  // RFC 896: one small segment in flight
  t.inject(300, seg().seq(1).ack_no(101).win(65535));
  t.expect({"PSH,ACK", 101, 1, 200});  // the held bytes go together
}

TEST(Sending, WithoutNagleSmallSegmentsGoAtOnce) {
  Trace t(plain_config());
  establish(t);
  t.write(200, 100);
  t.write(201, 100);
  t.expect({"PSH,ACK", 1, 1, 100});
  t.expect({"PSH,ACK", 101, 1, 100});
}

// --- loss recovery --------------------------------------------------------------------------

// 10 segments out; the first is lost; three duplicate ACKs (RFC 5681 §3.2): retransmit, ssthresh
// = FlightSize/2, cwnd = ssthresh + 3·SMSS, +SMSS per further duplicate; the full ACK ends
// recovery with cwnd = ssthresh (RFC 6582).
TEST(Recovery, FastRetransmitOnTheThirdDuplicateAck) {
  Trace t(plain_config());
  establish(t);
  t.write(200, 10'000);
  for (int i = 0; i < 10; ++i) t.next();
  t.inject(300, seg().seq(1).ack_no(1).win(65535));
  t.inject(301, seg().seq(1).ack_no(1).win(65535));
  EXPECT_FALSE(t.conn.in_recovery());
  t.inject(302, seg().seq(1).ack_no(1).win(65535));
  EXPECT_TRUE(t.conn.in_recovery());
  t.expect({"ACK", 1, 1, 1000});  // the retransmission
  EXPECT_EQ(t.conn.ssthresh(), 5000u);
  EXPECT_EQ(t.conn.cwnd(), 8000u);
  EXPECT_EQ(t.conn.stats().fast_retransmits, 1u);
  t.inject(303, seg().seq(1).ack_no(1).win(65535));
  EXPECT_EQ(t.conn.cwnd(), 9000u);
  t.inject(400, seg().seq(1).ack_no(10'001).win(65535));  // everything
  EXPECT_FALSE(t.conn.in_recovery());
  EXPECT_EQ(t.conn.cwnd(), 5000u);
}

// RFC 3042: the first two duplicate ACKs each release one new segment.
TEST(Recovery, LimitedTransmit) {
  TcpConfig c = plain_config();
  c.initial_window = 4;
  Trace t(c);
  establish(t);
  t.write(200, 10'000);
  for (int i = 0; i < 4; ++i) t.next();
  t.inject(300, seg().seq(1).ack_no(1).win(65535));
  t.expect({"ACK", 4001, 1, 1000});
  t.inject(301, seg().seq(1).ack_no(1).win(65535));
  t.expect({"ACK", 5001, 1, 1000});
  t.inject(302, seg().seq(1).ack_no(1).win(65535));
  t.expect({"ACK", 1, 1, 1000});  // fast retransmit on the third
}

// After a timeout the sender goes back to SND.UNA; duplicate ACKs for segments sent before it
// (still arriving) release nothing: limited transmit sends only previously unsent data (RFC 3042
// §2), and fast retransmit waits until `recover` is covered (RFC 6582 §3.2 step 1).
TEST(Recovery, NoLimitedTransmitOrFastRetransmitWhileGoingBackAfterATimeout) {
  TcpConfig c = plain_config();
  c.initial_window = 4;
  Trace t(c);
  establish(t);
  t.write(200, 10'000);
  for (int i = 0; i < 4; ++i) t.next();
  t.at_ms(1200);                  // RTO: all four presumed lost
  t.expect({"ACK", 1, 1, 1000});  // cwnd one segment
  for (int i = 0; i < 3; ++i) {
    t.inject(1250 + i, seg().seq(1).ack_no(1).win(65535));  // late duplicates from the first flight
    t.expect_nothing();
  }
  t.inject(1400, seg().seq(1).ack_no(1001).win(65535));  // the resend is acknowledged: slow start
  t.expect({"ACK", 1001, 1, 1000});
  t.expect({"ACK", 2001, 1, 1000});
}

// Ten segments out with more to send; the first is lost. Limited transmit sends two more on the
// first two duplicate ACKs, but ssthresh is still half of the ten: "data sent in limited
// transmit MUST NOT be included" (RFC 5681 §3.2 step 2). ns-3 halves its own estimate instead,
// FlightSize less a segment per duplicate ACK: (12 − 3)/2 segments.
TEST(Recovery, LimitedTransmitDataIsLeftOutOfSsthresh) {
  for (const bool ns3 : {false, true}) {
    TcpConfig c = plain_config();
    c.ssthresh_from_pipe = ns3;
    Trace t(c);
    establish(t);
    t.write(200, 20'000);
    for (int i = 0; i < 10; ++i) t.next();
    t.inject(300, seg().seq(1).ack_no(1).win(65535));
    t.expect({"ACK", 10'001, 1, 1000});
    t.inject(301, seg().seq(1).ack_no(1).win(65535));
    t.expect({"ACK", 11'001, 1, 1000});
    t.inject(302, seg().seq(1).ack_no(1).win(65535));
    t.expect({"ACK", 1, 1, 1000});
    EXPECT_EQ(t.conn.ssthresh(), ns3 ? 4500u : 5000u) << ns3;
  }
}

// A recovery whose full ACK lands exactly on `recover`, and the next segment is lost: its
// duplicate ACKs acknowledge `recover` but nothing above it, so RFC 6582 §3.2 step 1 forbids a
// new fast retransmit (the timer repairs it); ns-3 (recover_inclusive) allows one.
TEST(Recovery, DuplicateAcksAtRecoverStartNoNewRecoveryUnlessInclusive) {
  for (const bool inclusive : {false, true}) {
    TcpConfig c = plain_config();
    c.recover_inclusive = inclusive;
    c.limited_transmit = false;
    Trace t(c);
    establish(t);
    t.write(200, 10'000);
    for (int i = 0; i < 10; ++i) t.next();
    for (int i = 0; i < 3; ++i) t.inject(300 + i, seg().seq(1).ack_no(1).win(65535));
    t.expect({"ACK", 1, 1, 1000});                          // recover = 10001
    t.write(350, 5'000);                                    // more data: sent as the window allows
    t.inject(400, seg().seq(1).ack_no(10'001).win(65535));  // full ACK, exactly `recover`
    EXPECT_FALSE(t.conn.in_recovery());
    t.sent.clear();  // the new segments; 10001 is lost
    for (int i = 0; i < 3; ++i) t.inject(450 + i, seg().seq(1).ack_no(10'001).win(65535));
    EXPECT_EQ(t.conn.in_recovery(), inclusive) << inclusive;
    EXPECT_EQ(t.conn.stats().fast_retransmits, inclusive ? 2u : 1u);
  }
}

// NewReno (RFC 6582): segments 1 and 5 of 10 are lost. The ACK for the retransmitted first one is
// partial (it stops at segment 5): retransmit segment 5 at once, deflate cwnd by the amount
// acknowledged and add back one SMSS; the full ACK then ends recovery.
TEST(Recovery, NewRenoPartialAckRetransmitsTheNextHole) {
  Trace t(plain_config());
  establish(t);
  t.write(200, 10'000);
  for (int i = 0; i < 10; ++i) t.next();
  for (int i = 0; i < 3; ++i) t.inject(300 + i, seg().seq(1).ack_no(1).win(65535));
  t.expect({"ACK", 1, 1, 1000});
  for (int i = 0; i < 5; ++i)
    t.inject(310 + i, seg().seq(1).ack_no(1).win(65535));  // 8 dupacks in all
  const std::uint32_t before = t.conn.cwnd();              // 8000 + 5·1000
  EXPECT_EQ(before, 13'000u);
  t.inject(400, seg().seq(1).ack_no(4001).win(65535));  // partial: segments 1-4
  EXPECT_TRUE(t.conn.in_recovery());
  t.expect({"ACK", 4001, 1, 1000});  // the next hole, at once
  EXPECT_EQ(t.conn.cwnd(), before - 4000 + 1000);
  t.inject(500, seg().seq(1).ack_no(10'001).win(65535));
  EXPECT_FALSE(t.conn.in_recovery());
  EXPECT_EQ(t.conn.cwnd(), t.conn.ssthresh());
}

TEST(Recovery, RenoLeavesRecoveryOnThePartialAck) {
  TcpConfig c = plain_config();
  c.congestion = CongestionAlgorithm::Reno;
  Trace t(c);
  establish(t);
  t.write(200, 10'000);
  for (int i = 0; i < 10; ++i) t.next();
  for (int i = 0; i < 3; ++i) t.inject(300 + i, seg().seq(1).ack_no(1).win(65535));
  t.next();
  t.inject(400, seg().seq(1).ack_no(4001).win(65535));
  EXPECT_FALSE(t.conn.in_recovery());  // RFC 5681: any new ACK ends fast recovery
}

// SACK (RFC 2018) with RFC 6675 recovery: segments 1 and 4 (bytes 1-1000, 3001-4000) lost.
// Recovery starts on the second duplicate ACK, because IsLost(HighACK + 1) already holds: 3000
// bytes are SACKed above it, more than (DupThresh − 1)·SMSS (§5 step 2b). Segment 4 counts as
// lost once 3 segments are SACKed above it, and NextSeg rule 1 sends it as soon as cwnd − pipe
// allows; cwnd = ssthresh throughout, without inflation.
TEST(Recovery, SackRecoveryRetransmitsEachHole) {
  TcpConfig c = plain_config();
  c.sack = true;
  Trace t(c);
  establish(t, seg().syn().seq(0).ack_no(1).win(65535).mss(1000).sack_ok());
  ASSERT_TRUE(t.conn.sack_enabled());
  t.write(200, 10'000);
  for (int i = 0; i < 10; ++i) t.next();
  t.inject(300, seg().seq(1).ack_no(1).win(65535).sack(1001, 3001));
  t.expect_nothing();
  EXPECT_FALSE(t.conn.in_recovery());
  t.inject(301, seg().seq(1).ack_no(1).win(65535).sack(4001, 5001).sack(1001, 3001));
  EXPECT_TRUE(t.conn.in_recovery());
  EXPECT_EQ(t.conn.cwnd(), 5000u);
  t.expect({"ACK", 1, 1, 1000});  // HighACK + 1
  t.expect_nothing();             // pipe: 1000 retransmitted + 1000 (3001-4000) + 5000 ≥ cwnd
  t.inject(302, seg().seq(1).ack_no(1).win(65535).sack(4001, 7001).sack(1001, 3001));
  t.expect({"ACK", 3001, 1, 1000});  // now lost (3 segments SACKed above it): pipe 4000 < 5000
  t.inject(303, seg().seq(1).ack_no(1).win(65535).sack(4001, 10'001).sack(1001, 3001));
  t.inject(400, seg().seq(1).ack_no(3001).win(65535).sack(4001, 10'001));
  EXPECT_TRUE(t.conn.in_recovery());
  t.inject(401, seg().seq(1).ack_no(10'001).win(65535));
  EXPECT_FALSE(t.conn.in_recovery());
}

TEST(SackScoreboard, MergesAndComputesLossAndPipe) {
  SackScoreboard sb;
  const SeqNum una(1000);
  const SeqNum max(11000);
  const std::array<net::SackBlock, 2> blocks{net::SackBlock{3000, 5000},
                                             net::SackBlock{6000, 9000}};
  sb.update(una, max, blocks);
  ASSERT_EQ(sb.ranges().size(), 2u);
  const std::array<net::SackBlock, 1> more{net::SackBlock{5000, 6000}};
  sb.update(una, max, more);
  ASSERT_EQ(sb.ranges().size(), 1u);  // 3000-9000 merged
  // 6 segments SACKed above 1000: bytes below 3000 are lost (more than 2·1000 SACKed above).
  EXPECT_EQ(sb.lost_boundary(una, 3, 1000), SeqNum(3000));
  // Pipe: 1000-3000 lost (not counted), 9000-11000 in flight: 2000.
  EXPECT_EQ(sb.pipe(una, max, una, 3, 1000), 2000u);
  // After retransmitting 1000-2000: +1000.
  EXPECT_EQ(sb.pipe(una, max, SeqNum(2000), 3, 1000), 3000u);
  EXPECT_EQ(sb.first_hole(SeqNum(2000), max), (SeqRange{SeqNum(2000), SeqNum(3000)}));
  EXPECT_EQ(sb.first_hole(SeqNum(3500), max), (SeqRange{SeqNum(9000), SeqNum(11000)}));
  // A cumulative ACK past a range drops it.
  sb.update(SeqNum(9500), max, {});
  EXPECT_TRUE(sb.empty());
}

// --- windows ---------------------------------------------------------------------------------

TEST(Windows, ScaleIsNegotiatedAndApplied) {
  TcpConfig c = plain_config();
  c.window_scaling = true;
  c.receive_buffer = 1 << 20;  // 1 MiB needs a shift of 5
  Trace t(c);
  t.connect(0);
  const TcpSegment syn = t.next();
  EXPECT_EQ(syn.header.options.window_scale, 5);
  EXPECT_EQ(syn.header.window, 65535);  // never scaled in a SYN
  t.inject(100, seg().syn().seq(0).ack_no(1).win(65535).mss(1000).wscale(7));
  const TcpSegment ack = t.next();
  EXPECT_EQ(ack.header.window, (1 << 20) >> 5);  // our field, scaled by our shift
  EXPECT_EQ(t.conn.send_window_shift(), 7);
  t.inject(200, seg().seq(1).ack_no(1).win(100));
  EXPECT_EQ(t.conn.send_window(), 100u << 7);  // their field, scaled by theirs
}

TEST(Windows, NoScalingUnlessBothOffer) {
  TcpConfig c = plain_config();
  c.window_scaling = true;
  Trace t(c);
  t.connect(0);
  t.next();
  t.inject(100, seg().syn().seq(0).ack_no(1).win(65535).mss(1000));  // no WS option
  t.inject(200, seg().seq(1).ack_no(1).win(100));
  EXPECT_EQ(t.conn.send_window(), 100u);
}

TEST(Windows, TheSenderRespectsThePeerWindow) {
  Trace t(plain_config());
  establish(t, seg().syn().seq(0).ack_no(1).win(2500).mss(1000));
  t.write(200, 10'000);
  t.expect({"ACK", 1, 1, 1000});
  t.expect({"ACK", 1001, 1, 1000});
  t.expect_nothing();  // 500 bytes of window left: less than half the largest window, wait
}

// Zero window (RFC 9293 §3.8.6.1): the sender stops, probes with one byte after an RTO, backs
// off, and resumes when a probe's ACK shows the window open.
TEST(Windows, ZeroWindowIsProbed) {
  Trace t(plain_config());
  establish(t);
  t.write(200, 3000);
  for (int i = 0; i < 3; ++i) t.next();
  t.inject(300, seg().seq(1).ack_no(3001).win(0));
  t.write(300, 2000);
  t.expect_nothing();
  t.at_ms(300 + 1000);  // persist: one RTO (1 s)
  t.expect({"ACK", 3001, 1, 1});
  t.inject(1350, seg().seq(1).ack_no(3001).win(0));  // still closed: the probe was not taken
  t.at_ms(300 + 1000 + 2000);                        // backed off to 2 s
  t.expect({"ACK", 3001, 1, 1});
  t.inject(3400, seg().seq(1).ack_no(3002).win(65535));  // open, and the probe byte taken
  t.expect({"ACK", 3002, 1, 1000});
  t.expect({"PSH,ACK", 4002, 1, 999});
  t.expect_nothing();
}

TEST(Windows, AStalledReaderClosesTheWindowAndReadingReopensIt) {
  TcpConfig c = plain_config();
  c.receive_buffer = 4000;
  Trace t(c);
  t.conn.set_auto_read(false);
  t.conn.listen();
  t.inject(0, seg().syn().seq(0).win(65535).mss(1000));
  t.next();
  t.inject(10, seg().seq(1).ack_no(1).win(65535));
  for (int i = 0; i < 4; ++i)
    t.inject(100 + i, seg().seq(1 + 1000u * i).ack_no(1).len(1000).win(65535));
  TcpSegment last;
  while (!t.sent.empty()) last = t.next();
  EXPECT_EQ(last.header.window, 0);  // buffer full
  t.at_ms(200);
  t.conn.read(t.now, 3000);  // the application catches up: announce the window
  const TcpSegment update = t.conn.outbox().back();
  EXPECT_EQ(update.header.window, 3000);
}

// --- sequence numbers -------------------------------------------------------------------------

TEST(Sequence, TransferAcrossTheWrap) {
  TcpConfig c = plain_config();
  Trace t(c, 0xffffff00u);  // our ISS 256 bytes below 2^32
  t.connect(0);
  t.next();
  TcpSegment synack = seg().syn().seq(0).win(65535).mss(1000);
  synack.header.acknowledgment = 0xffffff01u;
  synack.header.flags |= net::tcp_flags::kAck;
  t.inject(100, synack);
  t.next();
  t.write(200, 3000);
  std::uint32_t expected = 0xffffff01u;
  for (int i = 0; i < 3; ++i) {
    const TcpSegment s = t.next();
    EXPECT_EQ(s.header.sequence, expected);
    expected += s.length;  // wraps past 0
  }
  TcpSegment ack = seg().seq(1).win(65535);
  ack.header.flags |= net::tcp_flags::kAck;
  ack.header.acknowledgment = expected;
  t.inject(300, ack);
  EXPECT_EQ(t.conn.bytes_in_flight(), 0u);
  EXPECT_EQ(t.conn.snd_una(), SeqNum(0xffffff01u + 3000));
}

TEST(Sequence, ComparisonsWrap) {
  EXPECT_LT(SeqNum(0xfffffff0u), SeqNum(5));
  EXPECT_EQ(SeqNum(5) - SeqNum(0xfffffff0u), 21);
  EXPECT_GT(SeqNum(0x7fffffff), SeqNum(0));
  EXPECT_EQ(seq_distance(SeqNum(0xffffffffu), SeqNum(1)), 2u);
}

// --- timestamps -----------------------------------------------------------------------------

TEST(Timestamps, RttSamplesComeFromTheEcho) {
  TcpConfig c = plain_config();
  c.timestamps = true;
  Trace t(c);
  t.connect(0);
  const TcpSegment syn = t.next();
  ASSERT_TRUE(syn.header.options.timestamps);
  t.inject(100, seg().syn().seq(0).ack_no(1).win(65535).mss(1000).ts(
                    7, syn.header.options.timestamps->value));
  ASSERT_TRUE(t.conn.timestamps_enabled());
  EXPECT_EQ(t.conn.mss(), 988u);  // 1000 − 12 bytes of timestamp option
  const TcpSegment ack = t.next();
  EXPECT_EQ(ack.header.options.timestamps->echo, 7u);  // TS.Recent echoed
  t.write(200, 988);
  const TcpSegment data = t.next();
  // The ACK echoes the data segment's TSval 150 ms later: a 150 ms sample.
  t.inject(350, seg().seq(1).ack_no(989).win(65535).ts(8, data.header.options.timestamps->value));
  EXPECT_EQ(t.conn.stats().rtt_samples, 2u);
  EXPECT_EQ(t.conn.stats().rtt_max, sim::ms(150));
}

// --- CUBIC ----------------------------------------------------------------------------------

TEST(Cubic, WindowFollowsTheCubicFunction) {
  Cubic cubic;
  CongestionState s{100'000, 0, 1000};  // 100 segments
  // A loss at W = 100 segments: ssthresh = 70 (β = 0.7); K = ∛(100·0.3/0.4) = ∛75 ≈ 4.217 s.
  s.ssthresh = cubic.ssthresh_after_loss(s, 100'000, sim::Time::zero());
  EXPECT_EQ(s.ssthresh, 70'000u);
  s.cwnd = s.ssthresh;
  cubic.on_ack(s, 1000, sim::Time::zero(), sim::ms(100));  // starts the epoch
  EXPECT_NEAR(cubic.k(), std::cbrt(75.0), 1e-9);
  EXPECT_DOUBLE_EQ(cubic.w_max(), 100.0);
  EXPECT_NEAR(cubic.w_cubic(0), 70.0, 1e-9);               // W(0) = W_max − C·K³ = β·W_max
  EXPECT_NEAR(cubic.w_cubic(cubic.k()), 100.0, 1e-9);      // the plateau at K
  EXPECT_NEAR(cubic.w_cubic(cubic.k() + 1), 100.4, 1e-9);  // convex beyond: + C·1³
  // A second loss below W_max: fast convergence lowers W_max to cwnd·(1 + β)/2.
  s.cwnd = 80'000;
  cubic.ssthresh_after_loss(s, 80'000, sim::Time::zero() + sim::sec(1));
  EXPECT_DOUBLE_EQ(cubic.w_max(), 80.0 * 1.7 / 2);
}

}  // namespace
}  // namespace netsim::tcp
