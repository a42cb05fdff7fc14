#include "tools/report/tcp_report.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "tools/report/csv.h"

namespace netsim::report {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

double ms(sim::Duration d) { return static_cast<double>(d.ns()) / 1e6; }

void write_end(CsvRow& row, std::ostream& out, const scenario::TrafficConfig& flow,
               const char* role, const tcp::TcpSocket* self, const tcp::TcpSocket* peer) {
  const std::string& local = role[0] == 'c' ? flow.from : flow.to;
  const std::string& remote = role[0] == 'c' ? flow.to : flow.from;
  row.add(flow.name).add(scenario::to_string(flow.app)).add(role).add(local).add(remote);
  if (self == nullptr) {
    // The connection never reached this end: the server is still listening (RFC 9293 §3.3.2), the
    // client never opened (its node was down at the flow's start).
    row.add(role[0] == 's' ? "LISTEN" : "CLOSED");
    for (int i = 0; i < 19; ++i) row.add_empty();
    row.write_to(out);
    return;
  }
  const tcp::TcpConnection& c = self->connection();
  const tcp::TcpStats& s = c.stats();
  const double handshake =
      s.connect_started && s.established_at ? ms(*s.established_at - *s.connect_started) : kNan;
  const double goodput = s.first_delivery && s.last_delivery && s.established_at &&
                                 *s.last_delivery > *s.established_at
                             ? static_cast<double>(s.bytes_delivered) * 8 /
                                   (*s.last_delivery - *s.established_at).to_seconds() * 1e-6
                             : kNan;
  const std::uint64_t spurious =
      peer != nullptr ? peer->connection().stats().duplicate_segments : 0;
  row.add(std::string(tcp::to_string(c.state())))
      .add_fixed(handshake, 6)
      .add_fixed(s.established_at ? s.established_at->to_seconds() : kNan, 9)
      .add(s.bytes_sent)
      .add(s.bytes_delivered)
      .add_fixed(goodput, 6)
      .add(s.segments_sent)
      .add(s.segments_retransmitted)
      .add(s.bytes_retransmitted)
      .add(s.syn_retransmissions)
      .add(s.timeouts)
      .add(s.fast_retransmits)
      .add(spurious)
      .add(s.out_of_order_segments)
      .add(s.rtt_samples)
      .add_fixed(s.rtt_samples > 0 ? ms(s.rtt_sum) / static_cast<double>(s.rtt_samples) : kNan, 6)
      .add_fixed(s.rtt_samples > 0 ? ms(s.rtt_min) : kNan, 6)
      .add_fixed(s.rtt_samples > 0 ? ms(s.rtt_max) : kNan, 6)
      .add(static_cast<std::uint64_t>(c.mss()))
      .write_to(out);
}

}  // namespace

void write_flows_csv(std::ostream& out, const scenario::ScenarioConfig& config,
                     const scenario::ScenarioRun& run) {
  CsvRow row;
  for (const char* column : {"flow",
                             "app",
                             "role",
                             "local",
                             "remote",
                             "state",
                             "handshake_ms",
                             "established_s",
                             "bytes_sent",
                             "bytes_received",
                             "goodput_mbps",
                             "segments_sent",
                             "segments_retransmitted",
                             "bytes_retransmitted",
                             "syn_retransmissions",
                             "timeouts",
                             "fast_retransmits",
                             "spurious_retransmissions",
                             "out_of_order_segments",
                             "rtt_samples",
                             "rtt_mean_ms",
                             "rtt_min_ms",
                             "rtt_max_ms",
                             "mss"}) {
    row.add(column);
  }
  row.write_to(out);
  for (const auto& f : run.tcp_flows()) {
    const scenario::TrafficConfig& flow = config.traffic[f.flow_index];
    const tcp::TcpSocket* client = f.client();
    const tcp::TcpSocket* server = f.server();
    write_end(row, out, flow, "client", client, server);
    write_end(row, out, flow, "server", server, client);
  }
}

void write_timeseries_csv(std::ostream& out, const scenario::ScenarioConfig& config,
                          const scenario::ScenarioRun& run) {
  CsvRow row;
  for (const char* column : {"time_ns", "flow", "role", "state", "cwnd", "ssthresh", "srtt_ms",
                             "rto_ms", "bytes_in_flight", "send_window", "receive_window"}) {
    row.add(column);
  }
  row.write_to(out);
  if (run.sampler() == nullptr) return;
  // Sample source → (flow, role).
  std::vector<std::pair<std::string, const char*>> sources;
  for (const auto& f : run.tcp_flows()) {
    const std::string& name = config.traffic[f.flow_index].name;
    if (sources.size() <= f.server_sample_source) sources.resize(f.server_sample_source + 1);
    sources[f.client_sample_source] = {name, "client"};
    sources[f.server_sample_source] = {name, "server"};
  }
  for (const tcp::TcpSample& s : run.sampler()->samples()) {
    row.add(static_cast<std::int64_t>(s.at.ns()))
        .add(sources[s.source].first)
        .add(sources[s.source].second)
        .add(std::string(tcp::to_string(s.state)))
        .add(static_cast<std::uint64_t>(s.cwnd));
    if (s.ssthresh >= 0x7fffffff) {
      row.add_empty();  // still "infinite": no loss yet
    } else {
      row.add(static_cast<std::uint64_t>(s.ssthresh));
    }
    row.add_fixed(ms(s.srtt), 6)
        .add_fixed(ms(s.rto), 6)
        .add(static_cast<std::uint64_t>(s.in_flight))
        .add(static_cast<std::uint64_t>(s.send_window))
        .add(static_cast<std::uint64_t>(s.receive_window))
        .write_to(out);
  }
}

}  // namespace netsim::report
