// A simulated packet: header structs, a payload length, and out-of-band measurement data.
// Payload bytes are not materialised: a UDP message stream needs only their count.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/net/headers.h"
#include "models/net/receive_state.h"
#include "sim/assert.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::net {

// Measurement data that travels with a packet but is not on the wire (ns-3 calls this a tag):
// which application message the packet carries, so that receivers and drop counters can
// attribute it.
struct MessageTag {
  static constexpr std::uint32_t kNoFlow = 0xffffffff;
  std::uint32_t flow = kNoFlow;  // index of the application flow in the run
  std::uint64_t sequence = 0;    // message number within the flow, from 0
  sim::Time sent;                // when the application handed the message to the transport
};

struct Packet {
  Ipv4Header ip;
  UdpHeader udp;       // valid when ip.protocol is Udp
  TcpHeader tcp;       // valid when ip.protocol is Tcp
  sim::Bytes payload;  // application bytes above the transport header
  MessageTag tag;
  // Set by a corrupting link (netem `corrupt`): the bit flipped, counted from the start of the IPv4
  // header. The receiver's checksum check drops the packet; pcap output shows the flipped bit.
  std::int32_t corrupted_bit = -1;
  // Out of band, like the tag, and for speed only: where the sending transport endpoint's
  // receive path reads, and the receiving one's as far as the sender knows it (from the peer's
  // packets). A link fetches the receiving paths of a burst a few packets ahead of their
  // arrivals (Channel::prefetch_arrivals). Never dereferenced beyond the list itself: a stale
  // address costs a useless prefetch, which never faults.
  const ReceiveState* sender_state = nullptr;
  const ReceiveState* receiver_state = nullptr;

  // Bytes a link serializes: the IPv4 datagram (link-layer framing is not counted).
  sim::Bytes wire_size() const { return sim::Bytes(ip.total_length); }
};

using PacketId = std::uint32_t;

// Owns every packet of a run. Packets are recycled through a free list, so the steady state does
// not allocate; storage comes in fixed chunks, so a Packet& stays valid while others are
// allocated. Ids are what queues and events carry.
class PacketPool {
 public:
  PacketId allocate() {
    if (free_.empty()) add_chunk();
    const PacketId id = free_.back();
    free_.pop_back();
    live_[id] = true;
    (*this)[id] = Packet{};
    // The next packet to hand out: a burst (a broadcast's segments) takes one after another,
    // each last used a whole burst ago, long out of the cache. Fetched for writing now, it is
    // there when the next segment is built.
    if (!free_.empty()) sim::prefetch_object<sim::Intent::Write>(&(*this)[free_.back()]);
    return id;
  }

  void release(PacketId id) {
    NETSIM_ASSERT(id < live_.size() && live_[id], "packet released twice or never allocated");
    live_[id] = false;
    free_.push_back(id);
  }

  Packet& operator[](PacketId id) { return chunks_[id >> kChunkBits][id & (kChunkSize - 1)]; }
  const Packet& operator[](PacketId id) const {
    return chunks_[id >> kChunkBits][id & (kChunkSize - 1)];
  }

  std::size_t in_use() const { return live_.size() - free_.size(); }

 private:
  static constexpr int kChunkBits = 10;
  static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;

  void add_chunk() {
    const auto base = static_cast<PacketId>(chunks_.size() * kChunkSize);
    chunks_.push_back(std::make_unique<Packet[]>(kChunkSize));
    live_.resize(live_.size() + kChunkSize, false);
    // Hand out low ids first, which keeps recently used packets together in memory.
    for (std::size_t i = kChunkSize; i-- > 0;) free_.push_back(base + static_cast<PacketId>(i));
  }

  std::vector<std::unique_ptr<Packet[]>> chunks_;
  std::vector<bool> live_;
  std::vector<PacketId> free_;
};

}  // namespace netsim::net
