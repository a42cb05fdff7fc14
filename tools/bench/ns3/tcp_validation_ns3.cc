// The ns-3 3.37 side of the TCP/UDP validation: one lossy bottleneck run on ns-3, printing the
// figures netsim's side reports for the same experiment, so that the two can be set side by side.
//
// Experiment: n0 (10.1.1.1, sender) - n1 (10.1.1.2, receiver), one point-to-point link of
// 10 Mbit/s and 20 ms with the device queue DropTail 100 packets and no queue disc; packets
// arriving at n1 are dropped with probability --loss (data direction only: n1's ACKs are never
// lost). TCP is NewReno with SACK off and a 1448-byte SegmentSize, all else at ns-3 defaults
// (listed in docs/validation.md), recovery RFC 6582 style. Applications, one per run (--app):
//   bulk      n0 keeps its TCP send buffer full for the whole run; goodput at n1's application.
//   messages  n0 writes a 200-byte message into one TCP connection every 10 ms; message i is
//             bytes [200 i, 200 (i+1)) of the stream and counts as received when the receiving
//             application has read that far.
//   udp       n0 sends one 200-byte UDP datagram every 10 ms.
// Messages and datagrams are generated at t = 0, 10 ms, ... while t < --duration; the run stops at
// --duration, so whatever is still in flight then is not delivered.
//
// Usage: tcp_validation_ns3 --app=bulk|messages|udp --loss=0.01 --duration=60 --run=1
// Prints a CSV header and one row:
//   app,loss,run,duration_s,goodput_mbps,sent,delivered,p50_ms,p95_ms,p99_ms,mean_ms,max_ms,
//   segments,retransmissions,timeouts,events,wall_s
// goodput_mbps is application bytes delivered in [0, duration] · 8 / duration / 1e6 (for messages
// and udp: delivered · 200 bytes). Latency is receive time minus the time the message was
// generated; percentiles interpolate between ranks (see Quantile). Empty fields do not apply:
// message counts and latencies for bulk, TCP counters for udp.
// segments counts data segments sent (SYNs, FINs and pure ACKs are not), retransmissions those
// sent again, timeouts counts expiries of the
// retransmission timer with data outstanding; both are the sender's. events is
// Simulator::GetEventCount() after Run(); wall_s is the steady-clock time of Run() alone.

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/type-id.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
// The same percentile definition as netsim's reports (type 7), so both sides agree.
#include "tools/report/flow_summary.h"

namespace {

constexpr std::uint16_t kPort = 5000;
constexpr std::uint32_t kMessageBytes = 200;
constexpr std::int64_t kMessageIntervalMs = 10;
constexpr std::uint32_t kSegmentSize = 1448;
// The loss model's own RNG stream, fixed so that a run does not depend on how many random
// variables ns-3 happened to create before it; --run picks the substream.
constexpr std::int64_t kLossStream = 0;

struct Options {
  std::string app = "bulk";
  double loss = 0.0;
  double duration_s = 60.0;
  std::uint32_t run = 1;
};

// When message i is generated: i · 10 ms, from i rather than by adding intervals, so that the
// schedule cannot drift.
ns3::Time MessageTime(std::size_t message) {
  return ns3::MilliSeconds(kMessageIntervalMs * static_cast<std::int64_t>(message));
}

// When each message was generated, and the latency of each one received, in order of receipt.
class MessageLog {
 public:
  // Returns the new message's number (0, 1, 2, ...).
  std::size_t Generate(ns3::Time now) {
    sent_.push_back(now);
    return sent_.size() - 1;
  }
  void Receive(std::size_t message, ns3::Time now) {
    latencies_ns_.push_back((now - sent_.at(message)).GetNanoSeconds());
  }
  std::size_t generated() const { return sent_.size(); }
  std::size_t delivered() const { return latencies_ns_.size(); }
  const std::vector<std::int64_t>& latencies_ns() const { return latencies_ns_; }

 private:
  std::vector<ns3::Time> sent_;
  std::vector<std::int64_t> latencies_ns_;
};

// The sender's loss-recovery counters, fed by its socket.
class TcpCounters {
 public:
  // "Tx" trace of TcpSocketBase: every segment handed to IP. A data segment that starts below the
  // highest sequence number sent so far is a retransmission: fast retransmit, NewReno's partial-ACK
  // retransmit, or a resend after a timeout (without SACK, ns-3 then marks everything outstanding
  // lost and sends it all again). SYN, FIN and pure ACKs carry no payload and are skipped.
  void OnTx(ns3::Ptr<const ns3::Packet> payload, const ns3::TcpHeader& header,
            ns3::Ptr<const ns3::TcpSocketBase> /*socket*/) {
    if (payload->GetSize() == 0) return;
    ++segments;
    const ns3::SequenceNumber32 seq = header.GetSequenceNumber();
    const ns3::SequenceNumber32 end = seq + payload->GetSize();
    if (high_ && seq < *high_) ++retransmissions;
    if (!high_ || end > *high_) high_ = end;
  }

  std::uint64_t segments = 0;  // data segments sent, first transmissions and retransmissions
  std::uint64_t retransmissions = 0;
  std::uint64_t timeouts = 0;

 private:
  std::optional<ns3::SequenceNumber32> high_;  // one past the highest byte sent, once data went out
};

// TcpNewReno that also counts retransmission timeouts. In ns-3 3.37 the only caller of
// CwndEvent(CA_EVENT_LOSS) is TcpSocketBase::ReTxTimeout, once per expiry with data outstanding
// (SYN retransmissions return before it). ns-3 offers no trace source that fires once per RTO:
// "CongState" and "CongestionWindow" only fire on a change, so back-to-back timeouts (already in
// CA_LOSS, cwnd already 1 segment) would be missed.
class TimeoutCountingNewReno : public ns3::TcpNewReno {
 public:
  explicit TimeoutCountingNewReno(std::uint64_t& timeouts) : timeouts_(&timeouts) {}

  void CwndEvent(ns3::Ptr<ns3::TcpSocketState> tcb,
                 const ns3::TcpSocketState::TcpCAEvent_t event) override {
    if (event == ns3::TcpSocketState::CA_EVENT_LOSS) ++*timeouts_;
    ns3::TcpNewReno::CwndEvent(tcb, event);
  }

  // A forked copy (a listening socket's clone) would count into the same counter; only the
  // connecting sender uses this class, so it never forks in practice.
  ns3::Ptr<ns3::TcpCongestionOps> Fork() override {
    return ns3::CopyObject<TimeoutCountingNewReno>(this);
  }

 private:
  std::uint64_t* timeouts_;
};

// A TCP socket on `node` whose losses are counted into `counters`. It runs NewReno as configured
// by SocketType, with the counting subclass in place of ns-3's own instance.
ns3::Ptr<ns3::Socket> CountedTcpSocket(ns3::Ptr<ns3::Node> node, TcpCounters& counters) {
  ns3::Ptr<ns3::Socket> socket =
      ns3::Socket::CreateSocket(node, ns3::TcpSocketFactory::GetTypeId());
  ns3::Ptr<ns3::TcpSocketBase> tcp = ns3::DynamicCast<ns3::TcpSocketBase>(socket);
  tcp->SetCongestionControlAlgorithm(ns3::CreateObject<TimeoutCountingNewReno>(counters.timeouts));
  tcp->TraceConnectWithoutContext("Tx", ns3::MakeCallback(&TcpCounters::OnTx, &counters));
  return socket;
}

// Keeps the send buffer full from connection to the end of the run.
class BulkSender {
 public:
  BulkSender(ns3::Ptr<ns3::Node> node, ns3::Address peer, TcpCounters& counters)
      : node_(node), peer_(peer), counters_(counters) {}

  void Start() {
    socket_ = CountedTcpSocket(node_, counters_);
    socket_->SetConnectCallback(ns3::MakeCallback(&BulkSender::OnConnected, this),
                                ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
    socket_->SetSendCallback(ns3::MakeCallback(&BulkSender::OnSendSpace, this));
    socket_->Connect(peer_);
  }

 private:
  void OnConnected(ns3::Ptr<ns3::Socket> /*socket*/) { Fill(); }
  void OnSendSpace(ns3::Ptr<ns3::Socket> /*socket*/, std::uint32_t /*available*/) { Fill(); }

  // The payload's content does not matter, so the packet is ns-3's zero-filled virtual data.
  void Fill() {
    const std::uint32_t space = socket_->GetTxAvailable();
    if (space > 0) socket_->Send(ns3::Create<ns3::Packet>(space));
  }

  ns3::Ptr<ns3::Node> node_;
  ns3::Address peer_;
  TcpCounters& counters_;
  ns3::Ptr<ns3::Socket> socket_;
};

// Generates a 200-byte message every 10 ms and writes it into the connection. What the socket
// cannot take yet waits here and is written when the socket reports room; its generation time is
// already in the log. Messages generated before the handshake completes are held here too (ns-3
// would buffer them in SYN-SENT, but the experiment writes them once connected).
class MessageSender {
 public:
  MessageSender(ns3::Ptr<ns3::Node> node, ns3::Address peer, TcpCounters& counters, MessageLog& log,
                ns3::Time stop)
      : node_(node), peer_(peer), counters_(counters), log_(log), stop_(stop) {}

  void Start() {
    socket_ = CountedTcpSocket(node_, counters_);
    socket_->SetConnectCallback(ns3::MakeCallback(&MessageSender::OnConnected, this),
                                ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
    socket_->SetSendCallback(ns3::MakeCallback(&MessageSender::OnSendSpace, this));
    socket_->Connect(peer_);
    Generate();
  }

 private:
  void OnConnected(ns3::Ptr<ns3::Socket> /*socket*/) {
    connected_ = true;
    Push();
  }
  void OnSendSpace(ns3::Ptr<ns3::Socket> /*socket*/, std::uint32_t /*available*/) { Push(); }

  void Generate() {
    const std::size_t message = log_.Generate(ns3::Simulator::Now());
    unwritten_bytes_ += kMessageBytes;
    Push();
    const ns3::Time next = MessageTime(message + 1);
    if (next < stop_) {
      ns3::Simulator::Schedule(next - ns3::Simulator::Now(), &MessageSender::Generate, this);
    }
  }

  void Push() {
    if (!connected_ || unwritten_bytes_ == 0) return;
    const auto bytes = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(unwritten_bytes_, socket_->GetTxAvailable()));
    if (bytes == 0) return;
    socket_->Send(ns3::Create<ns3::Packet>(bytes));
    unwritten_bytes_ -= bytes;
  }

  ns3::Ptr<ns3::Node> node_;
  ns3::Address peer_;
  TcpCounters& counters_;
  MessageLog& log_;
  ns3::Time stop_;
  ns3::Ptr<ns3::Socket> socket_;
  bool connected_ = false;
  std::uint64_t unwritten_bytes_ = 0;  // generated but not yet accepted by the socket
};

// Accepts the connection and counts the bytes the application reads. With a message log, also
// marks message i received once 200 (i+1) bytes have been read.
class TcpReceiver {
 public:
  TcpReceiver(ns3::Ptr<ns3::Node> node, MessageLog* log) : node_(node), log_(log) {}

  void Start() {
    listener_ = ns3::Socket::CreateSocket(node_, ns3::TcpSocketFactory::GetTypeId());
    listener_->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), kPort));
    listener_->Listen();
    listener_->SetAcceptCallback(
        ns3::MakeNullCallback<bool, ns3::Ptr<ns3::Socket>, const ns3::Address&>(),
        ns3::MakeCallback(&TcpReceiver::OnAccept, this));
  }

  std::uint64_t bytes() const { return bytes_; }

 private:
  void OnAccept(ns3::Ptr<ns3::Socket> socket, const ns3::Address& /*from*/) {
    socket->SetRecvCallback(ns3::MakeCallback(&TcpReceiver::OnReadable, this));
  }

  void OnReadable(ns3::Ptr<ns3::Socket> socket) {
    while (ns3::Ptr<ns3::Packet> packet = socket->Recv()) {
      if (packet->GetSize() == 0) break;
      bytes_ += packet->GetSize();
    }
    if (log_ == nullptr) return;
    while (next_message_ < log_->generated() && bytes_ >= kMessageBytes * (next_message_ + 1)) {
      log_->Receive(next_message_++, ns3::Simulator::Now());
    }
  }

  ns3::Ptr<ns3::Node> node_;
  MessageLog* log_;  // null for bulk
  ns3::Ptr<ns3::Socket> listener_;
  std::uint64_t bytes_ = 0;
  std::size_t next_message_ = 0;
};

// One 200-byte datagram every 10 ms. The first four payload bytes carry the message number (big
// endian) so that the receiver can match it to its send time; the rest are zero.
class UdpSender {
 public:
  UdpSender(ns3::Ptr<ns3::Node> node, ns3::Address peer, MessageLog& log, ns3::Time stop)
      : node_(node), peer_(peer), log_(log), stop_(stop) {}

  void Start() {
    socket_ = ns3::Socket::CreateSocket(node_, ns3::UdpSocketFactory::GetTypeId());
    socket_->Connect(peer_);
    Send();
  }

 private:
  void Send() {
    const std::size_t message = log_.Generate(ns3::Simulator::Now());
    std::array<std::uint8_t, kMessageBytes> payload{};
    for (int i = 0; i < 4; ++i) payload[i] = static_cast<std::uint8_t>(message >> (24 - 8 * i));
    socket_->Send(ns3::Create<ns3::Packet>(payload.data(), kMessageBytes));
    const ns3::Time next = MessageTime(message + 1);
    if (next < stop_) {
      ns3::Simulator::Schedule(next - ns3::Simulator::Now(), &UdpSender::Send, this);
    }
  }

  ns3::Ptr<ns3::Node> node_;
  ns3::Address peer_;
  MessageLog& log_;
  ns3::Time stop_;
  ns3::Ptr<ns3::Socket> socket_;
};

class UdpReceiver {
 public:
  UdpReceiver(ns3::Ptr<ns3::Node> node, MessageLog& log) : node_(node), log_(log) {}

  void Start() {
    socket_ = ns3::Socket::CreateSocket(node_, ns3::UdpSocketFactory::GetTypeId());
    socket_->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), kPort));
    socket_->SetRecvCallback(ns3::MakeCallback(&UdpReceiver::OnReadable, this));
  }

 private:
  void OnReadable(ns3::Ptr<ns3::Socket> socket) {
    while (ns3::Ptr<ns3::Packet> packet = socket->Recv()) {
      std::array<std::uint8_t, 4> header{};
      packet->CopyData(header.data(), header.size());
      const std::size_t message = (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) |
                                  (std::size_t{header[2]} << 8) | std::size_t{header[3]};
      log_.Receive(message, ns3::Simulator::Now());
    }
  }

  ns3::Ptr<ns3::Node> node_;
  MessageLog& log_;
  ns3::Ptr<ns3::Socket> socket_;
};

// Before any socket exists: TcpL4Protocol reads SocketType, and sockets their attributes, when
// they are created. The rest (timestamps, window scaling, delayed ACK 2 / 200 ms, MinRto 1 s,
// initial cwnd 10, Nagle off, 131072-byte buffers) is ns-3's default already.
void ConfigureTcp() {
  ns3::Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                          ns3::TypeIdValue(ns3::TcpNewReno::GetTypeId()));
  ns3::Config::SetDefault("ns3::TcpSocket::SegmentSize", ns3::UintegerValue(kSegmentSize));
  ns3::Config::SetDefault("ns3::TcpSocketBase::Sack", ns3::BooleanValue(false));
  // ns-3's default recovery is PRR (RFC 6937); netsim's NewReno recovers as RFC 6582 says (cwnd
  // inflated by one SMSS per duplicate ACK, deflated on partial ACKs), which is ns-3's "classic".
  ns3::Config::SetDefault("ns3::TcpL4Protocol::RecoveryType",
                          ns3::TypeIdValue(ns3::TcpClassicRecovery::GetTypeId()));
}

// n0 and n1 on one 10 Mbit/s, 20 ms link, addressed 10.1.1.1 and 10.1.1.2, with `loss` applied
// to packets arriving at n1.
ns3::NodeContainer BuildLink(double loss) {
  ns3::NodeContainer nodes;
  nodes.Create(2);

  ns3::PointToPointHelper p2p;
  p2p.SetDeviceAttribute("DataRate", ns3::StringValue("10Mbps"));
  p2p.SetChannelAttribute("Delay", ns3::StringValue("20ms"));
  p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", ns3::StringValue("100p"));
  const ns3::NetDeviceContainer devices = p2p.Install(nodes);

  ns3::InternetStackHelper stack;
  stack.Install(nodes);
  ns3::Ipv4AddressHelper addresses;
  addresses.SetBase("10.1.1.0", "255.255.255.0");
  addresses.Assign(devices);
  // Assign installs an FqCoDel queue disc on both devices; remove it so that the bottleneck is
  // the plain drop-tail device queue. Only after Assign: before it Uninstall crashes.
  ns3::TrafficControlHelper().Uninstall(devices);

  ns3::Ptr<ns3::RateErrorModel> error_model = ns3::CreateObject<ns3::RateErrorModel>();
  error_model->SetUnit(ns3::RateErrorModel::ERROR_UNIT_PACKET);
  error_model->SetRate(loss);
  error_model->AssignStreams(kLossStream);
  devices.Get(1)->SetAttribute("ReceiveErrorModel", ns3::PointerValue(error_model));
  return nodes;
}

struct Result {
  std::optional<std::uint64_t> tcp_bytes_delivered;  // bulk only
  std::optional<MessageLog> messages;                // messages and udp
  std::optional<TcpCounters> tcp;                    // bulk and messages
  std::uint64_t events = 0;
  double wall_s = 0.0;
};

// Runs Simulator::Run() to `stop`, timing it, and records the event count into `result`.
void RunTimed(ns3::Time stop, Result& result) {
  ns3::Simulator::Stop(stop);
  const auto start = std::chrono::steady_clock::now();
  ns3::Simulator::Run();
  const auto end = std::chrono::steady_clock::now();
  result.wall_s = std::chrono::duration<double>(end - start).count();
  result.events = ns3::Simulator::GetEventCount();
}

// Builds the experiment, runs it and tears the simulator down. The applications live on this
// stack frame; Simulator::Destroy() drops every event and socket that points at them before they
// go out of scope.
Result RunExperiment(const Options& options) {
  ns3::RngSeedManager::SetRun(options.run);
  const ns3::NodeContainer nodes = BuildLink(options.loss);
  const ns3::InetSocketAddress peer(ns3::Ipv4Address("10.1.1.2"), kPort);
  const ns3::Time stop = ns3::Seconds(options.duration_s);

  Result result;
  // Sockets are created and connected from events at t = 0 (receiver first), never from here:
  // the traffic-control layer is initialised when Run() starts and connecting earlier crashes.
  if (options.app == "udp") {
    MessageLog& log = result.messages.emplace();
    UdpReceiver receiver(nodes.Get(1), log);
    UdpSender sender(nodes.Get(0), peer, log, stop);
    ns3::Simulator::Schedule(ns3::Seconds(0), &UdpReceiver::Start, &receiver);
    ns3::Simulator::Schedule(ns3::Seconds(0), &UdpSender::Start, &sender);
    RunTimed(stop, result);
    ns3::Simulator::Destroy();
    return result;
  }

  TcpCounters& counters = result.tcp.emplace();
  if (options.app == "messages") {
    MessageLog& log = result.messages.emplace();
    TcpReceiver receiver(nodes.Get(1), &log);
    MessageSender sender(nodes.Get(0), peer, counters, log, stop);
    ns3::Simulator::Schedule(ns3::Seconds(0), &TcpReceiver::Start, &receiver);
    ns3::Simulator::Schedule(ns3::Seconds(0), &MessageSender::Start, &sender);
    RunTimed(stop, result);
    ns3::Simulator::Destroy();
    return result;
  }

  TcpReceiver receiver(nodes.Get(1), nullptr);
  BulkSender sender(nodes.Get(0), peer, counters);
  ns3::Simulator::Schedule(ns3::Seconds(0), &TcpReceiver::Start, &receiver);
  ns3::Simulator::Schedule(ns3::Seconds(0), &BulkSender::Start, &sender);
  RunTimed(stop, result);
  result.tcp_bytes_delivered = receiver.bytes();
  ns3::Simulator::Destroy();
  return result;
}

// Adds one CSV field; an empty optional leaves the field empty.
class CsvRow {
 public:
  CsvRow& Add(const std::string& text) {
    if (fields_++ > 0) line_ << ',';
    line_ << text;
    return *this;
  }
  template <typename T>
  CsvRow& Add(const std::optional<T>& value) {
    return Add(value ? ToText(*value) : std::string());
  }
  CsvRow& AddFixed(std::optional<double> value, int decimals) {
    if (!value) return Add(std::string());
    std::ostringstream text;
    text << std::fixed << std::setprecision(decimals) << *value;
    return Add(text.str());
  }
  std::string str() const { return line_.str(); }

 private:
  template <typename T>
  static std::string ToText(const T& value) {
    std::ostringstream text;
    text << value;
    return text.str();
  }

  std::ostringstream line_;
  int fields_ = 0;
};

void PrintResult(const Options& options, const Result& result) {
  constexpr double kNsPerMs = 1e6;
  std::optional<double> goodput;
  std::optional<std::uint64_t> sent;
  std::optional<std::uint64_t> delivered;
  std::optional<double> p50, p95, p99, mean, max;
  if (result.tcp_bytes_delivered) {
    goodput = static_cast<double>(*result.tcp_bytes_delivered) * 8 / options.duration_s / 1e6;
  }
  if (result.messages) {
    sent = result.messages->generated();
    delivered = result.messages->delivered();
    goodput = static_cast<double>(*delivered * kMessageBytes) * 8 / options.duration_s / 1e6;
    std::vector<std::int64_t> sorted = result.messages->latencies_ns();
    std::sort(sorted.begin(), sorted.end());
    if (!sorted.empty()) {
      p50 = netsim::report::quantile(sorted, 0.50) / kNsPerMs;
      p95 = netsim::report::quantile(sorted, 0.95) / kNsPerMs;
      p99 = netsim::report::quantile(sorted, 0.99) / kNsPerMs;
      mean = static_cast<double>(std::accumulate(sorted.begin(), sorted.end(), std::int64_t{0})) /
             static_cast<double>(sorted.size()) / kNsPerMs;
      max = static_cast<double>(sorted.back()) / kNsPerMs;
    }
  }
  std::optional<std::uint64_t> segments;
  std::optional<std::uint64_t> retransmissions;
  std::optional<std::uint64_t> timeouts;
  if (result.tcp) {
    segments = result.tcp->segments;
    retransmissions = result.tcp->retransmissions;
    timeouts = result.tcp->timeouts;
  }

  std::cout << "app,loss,run,duration_s,goodput_mbps,sent,delivered,p50_ms,p95_ms,p99_ms,mean_ms,"
               "max_ms,segments,retransmissions,timeouts,events,wall_s\n";
  CsvRow row;
  row.Add(options.app)
      .Add(std::optional<double>(options.loss))
      .Add(std::optional<std::uint32_t>(options.run))
      .Add(std::optional<double>(options.duration_s))
      .AddFixed(goodput, 6)
      .Add(sent)
      .Add(delivered)
      .AddFixed(p50, 6)
      .AddFixed(p95, 6)
      .AddFixed(p99, 6)
      .AddFixed(mean, 6)
      .AddFixed(max, 6)
      .Add(segments)
      .Add(retransmissions)
      .Add(timeouts)
      .Add(std::optional<std::uint64_t>(result.events))
      .AddFixed(result.wall_s, 6);
  std::cout << row.str() << '\n';
}

// Empty when the options are usable, else what is wrong with them.
std::string CheckOptions(const Options& options) {
  if (options.app != "bulk" && options.app != "messages" && options.app != "udp") {
    return "--app must be bulk, messages or udp, not '" + options.app + "'";
  }
  if (!(options.loss >= 0.0 && options.loss <= 1.0)) return "--loss must be in [0, 1]";
  if (!(options.duration_s > 0.0)) return "--duration must be positive";
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  // Before parsing, so that --PrintAttributes=ns3::TcpSocket (or ns3::TcpSocketBase) shows the
  // values this program runs with, and --ns3::TcpSocket::SegmentSize=... and the like override
  // them.
  ConfigureTcp();
  Options options;
  ns3::CommandLine command_line(__FILE__);
  command_line.AddValue("app", "bulk, messages or udp", options.app);
  command_line.AddValue("loss", "probability that a packet arriving at n1 is dropped",
                        options.loss);
  command_line.AddValue("duration", "simulated seconds", options.duration_s);
  command_line.AddValue("run", "ns3::RngSeedManager run number", options.run);
  command_line.Parse(argc, argv);

  if (const std::string error = CheckOptions(options); !error.empty()) {
    std::cerr << "tcp_validation_ns3: " << error << '\n';
    return 2;
  }
  PrintResult(options, RunExperiment(options));
  return 0;
}
