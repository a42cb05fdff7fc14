#include "tools/report/link_report.h"

#include "tools/report/csv.h"

namespace netsim::report {

namespace {

void write_row(CsvRow& row, const std::string& link, const char* direction, net::Network& network,
               net::Channel& channel, sim::Duration elapsed, std::ostream& out) {
  const net::ChannelCounters& c = channel.counters();
  const double seconds = elapsed.to_seconds();
  const auto bytes = [](sim::Bytes b) { return static_cast<std::int64_t>(b.count()); };
  const sim::Bytes headers = c.link_header_bytes + c.ip_header_bytes + c.transport_header_bytes;
  const double transmitted = static_cast<double>(c.transmitted_bytes.count());
  row.add(link)
      .add(direction)
      .add(network.node(channel.from()).name())
      .add(network.node(channel.to()).name())
      .add(static_cast<std::int64_t>(channel.config().rate.bits_per_second()))
      .add(c.offered_packets)
      .add(bytes(c.offered_bytes))
      .add(c.delivered_packets)
      .add(bytes(c.delivered_bytes))
      .add(c.queue_drops)
      .add(bytes(c.queue_drop_bytes))
      .add(c.lost_packets)
      .add(c.corrupted_packets)
      .add(c.duplicated_packets)
      .add(c.reordered_packets)
      .add(c.too_big)
      .add(c.link_down)
      .add(c.transmitted_packets)
      .add(bytes(c.transmitted_bytes))
      .add(bytes(c.link_header_bytes))
      .add(bytes(c.ip_header_bytes))
      .add(bytes(c.transport_header_bytes))
      .add(bytes(c.payload_bytes))
      .add_fixed(transmitted > 0 ? static_cast<double>(headers.count()) / transmitted : 0.0, 6)
      .add_fixed(seconds > 0 ? c.queue_packet_ns / static_cast<double>(elapsed.ns()) : 0.0, 6)
      .add(static_cast<std::uint64_t>(c.peak_queue_packets))
      .add_fixed(seconds > 0 ? c.busy_time.to_seconds() / seconds : 0.0, 6)
      .add_fixed(seconds > 0 ? static_cast<double>(c.payload_bytes.bits()) / seconds * 1e-6 : 0.0,
                 6)
      .write_to(out);
}

}  // namespace

void write_links_csv(std::ostream& out, net::Network& network, sim::Duration elapsed) {
  CsvRow row;
  for (const char* column : {"link",
                             "direction",
                             "from",
                             "to",
                             "rate_bps",
                             "offered_packets",
                             "offered_bytes",
                             "delivered_packets",
                             "delivered_bytes",
                             "queue_drops",
                             "queue_drop_bytes",
                             "lost_packets",
                             "corrupted_packets",
                             "duplicated_packets",
                             "reordered_packets",
                             "too_big_packets",
                             "link_down_packets",
                             "transmitted_packets",
                             "transmitted_bytes",
                             "link_header_bytes",
                             "ip_header_bytes",
                             "transport_header_bytes",
                             "payload_bytes",
                             "header_fraction",
                             "mean_queue_packets",
                             "max_queue_packets",
                             "utilization",
                             "payload_mbps"}) {
    row.add(column);
  }
  row.write_to(out);
  for (net::Link& link : network.links()) {
    write_row(row, link.name, "forward", network, link.forward, elapsed, out);
    write_row(row, link.name, "reverse", network, link.reverse, elapsed, out);
  }
}

}  // namespace netsim::report
