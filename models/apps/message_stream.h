// The message-stream application: a sender emits fixed-size messages at a fixed or Poisson
// interval between start and stop; a receiver records each arrival. Each message is one datagram,
// so its one-way latency is what the network did to that datagram.
#pragma once

#include <cstdint>

#include "models/apps/message_log.h"
#include "models/udp/udp.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::apps {

enum class Arrival : std::uint8_t {
  Fixed,    // one message every `interval`, the first at `start`
  Poisson,  // exponential gaps with mean `interval`, the first one gap after `start`
};

struct MessageStreamConfig {
  sim::Bytes size;
  sim::Duration interval;
  Arrival arrival = Arrival::Fixed;
  sim::Time start;
  sim::Time stop;  // messages are sent at times t with start ≤ t < stop
};

class MessageStreamSender {
 public:
  // `gaps` is only drawn from for Poisson arrivals.
  MessageStreamSender(sim::Simulator& simulator, udp::UdpSocket& socket,
                      net::Ipv4Address destination, std::uint16_t port, std::uint32_t flow_index,
                      MessageLog& log, const MessageStreamConfig& config, sim::Rng gaps);

  void start();

 private:
  sim::Duration next_gap();
  void send_message();

  sim::Simulator& simulator_;
  udp::UdpSocket& socket_;
  net::Ipv4Address destination_;
  std::uint16_t port_;
  std::uint32_t flow_index_;
  MessageLog& log_;
  MessageStreamConfig config_;
  sim::Rng gaps_;
};

class MessageStreamReceiver final : public udp::DatagramSink {
 public:
  MessageStreamReceiver(sim::Simulator& simulator, MessageLog& log)
      : simulator_(simulator), log_(log) {}
  void on_datagram(const net::Packet& packet) override;

 private:
  sim::Simulator& simulator_;
  MessageLog& log_;
};

}  // namespace netsim::apps
