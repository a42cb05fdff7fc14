// Writes what crosses the links as pcap files that Wireshark and tshark open: one file per
// interface, i.e. per (node, link) end, named "<node>-<link>.pcap", like ns-3's per-device
// captures. A file holds the packets the node sent on that link (stamped when their transmission
// started) and those it received from it (stamped on arrival). Frames are Ethernet II with
// locally administered MAC addresses 02:00:NN:NN:LL:LL (node id, link index); IPv4 and UDP/TCP
// checksums are computed. Payload bytes come from a PayloadSource where one is set and knows them
// (the TCP byte streams, so that HTTP and WebSocket decode); otherwise they are zeros, since a
// packet carries only its payload length. Checksums cover the bytes written. Timestamps are
// simulated time to the nanosecond (nanosecond pcap format). A bit flipped by a corrupting link
// shows in the receiver's capture (flipped after the payload and checksums are in place, so the
// checksum fails as it did in the simulation). Written through libpcap (pcap_open_dead +
// pcap_dump).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/net/network.h"
#include "models/net/packet_tap.h"
#include "models/net/payload_source.h"

namespace netsim::net {

class PcapWriter final : public PacketTap {
 public:
  // Opens the files in `directory` (which must exist) for every link of `network`.
  PcapWriter(const Network& network, const std::filesystem::path& directory);
  ~PcapWriter() override;
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void on_transmit(const Channel& channel, const Packet& packet, sim::Time now) override;
  void on_arrive(const Channel& channel, const Packet& packet, sim::Time now) override;

  // Where payload bytes come from (null: zeros). The source must outlive the writer's use.
  void set_payload_source(const PayloadSource* source) { payload_source_ = source; }

  // Flushes and closes every file; throws std::runtime_error if one could not be written.
  void close();

  // The files, in link order (a's end, then b's).
  const std::vector<std::filesystem::path>& files() const { return paths_; }

 private:
  struct Ends {
    std::size_t sender_file;
    std::size_t receiver_file;
    EthernetHeader ethernet;
  };

  void write(std::size_t file, const EthernetHeader& ethernet, const Packet& packet, sim::Time now,
             bool apply_corruption);
  // Asks the payload source for the bytes of the datagram in frame_ and, if it knows them,
  // recomputes the transport checksum over them.
  void fill_payload(const Packet& packet);

  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::vector<std::filesystem::path> paths_;
  std::map<const Channel*, Ends> ends_;
  std::vector<std::uint8_t> frame_;  // reused buffer
  const PayloadSource* payload_source_ = nullptr;
};

MacAddress interface_mac(NodeId node, std::size_t link_index);

}  // namespace netsim::net
