#include "models/scenario/tcp_reader.h"

namespace netsim::scenario {

const std::vector<std::string>& tcp_keys() {
  static const std::vector<std::string> keys{"preset",
                                             "mss",
                                             "window_scaling",
                                             "timestamps",
                                             "sack",
                                             "send_buffer",
                                             "receive_buffer",
                                             "initial_rto",
                                             "syn_rto",
                                             "min_rto",
                                             "max_rto",
                                             "clock_granularity",
                                             "syn_retries",
                                             "data_retries",
                                             "congestion",
                                             "initial_window",
                                             "dupack_threshold",
                                             "limited_transmit",
                                             "grow_cwnd_when_rate_limited",
                                             "ssthresh_from_pipe",
                                             "recover_inclusive",
                                             "delayed_ack",
                                             "delayed_ack_count",
                                             "delayed_ack_timeout",
                                             "nagle",
                                             "msl",
                                             "time_wait"};
  return keys;
}

tcp::TcpConfig read_tcp(const YamlValue& value, const tcp::TcpConfig& base) {
  const YamlMap map = value.map();
  map.allow_only(tcp_keys());
  tcp::TcpConfig c = base;
  if (auto v = map.find("preset")) c = *tcp::tcp_preset(v->choice({"rfc", "linux", "ns3"}));
  if (auto v = map.find("mss")) {
    const sim::Bytes mss = v->size();
    if (mss.count() < 88 || mss.count() > 65495) v->fail("an MSS is from 88 to 65495 bytes");
    c.mss = static_cast<std::uint16_t>(mss.count());
  }
  if (auto v = map.find("window_scaling")) c.window_scaling = v->boolean();
  if (auto v = map.find("timestamps")) c.timestamps = v->boolean();
  if (auto v = map.find("sack")) c.sack = v->boolean();
  const auto buffer = [](const YamlValue& v) {
    const sim::Bytes b = v.size();
    if (b.count() < 1 || b.count() > (std::int64_t{1} << 30))
      v.fail("a buffer holds from 1 byte to 1 GiB");
    return static_cast<std::uint32_t>(b.count());
  };
  if (auto v = map.find("send_buffer")) c.send_buffer = buffer(*v);
  if (auto v = map.find("receive_buffer")) c.receive_buffer = buffer(*v);
  const auto positive = [](const YamlValue& v) {
    const sim::Duration d = v.duration();
    if (d <= sim::Duration::zero()) v.fail("must be longer than 0s");
    return d;
  };
  if (auto v = map.find("initial_rto")) c.initial_rto = positive(*v);
  if (auto v = map.find("syn_rto")) c.syn_rto = positive(*v);
  if (auto v = map.find("min_rto")) c.min_rto = v->duration();
  if (auto v = map.find("max_rto")) c.max_rto = positive(*v);
  if (auto v = map.find("clock_granularity")) c.clock_granularity = v->duration();
  if (auto v = map.find("syn_retries"))
    c.syn_retries = static_cast<int>(v->unsigned_integer(0, 100));
  if (auto v = map.find("data_retries"))
    c.data_retries = static_cast<int>(v->unsigned_integer(0, 100));
  if (auto v = map.find("congestion")) {
    const std::string a = v->choice({"reno", "newreno", "cubic"});
    c.congestion = a == "reno"    ? tcp::CongestionAlgorithm::Reno
                   : a == "cubic" ? tcp::CongestionAlgorithm::Cubic
                                  : tcp::CongestionAlgorithm::NewReno;
  }
  if (auto v = map.find("initial_window"))
    c.initial_window = static_cast<std::uint32_t>(v->unsigned_integer(1, 1000));
  if (auto v = map.find("dupack_threshold"))
    c.dupack_threshold = static_cast<std::uint32_t>(v->unsigned_integer(1, 100));
  if (auto v = map.find("limited_transmit")) c.limited_transmit = v->boolean();
  if (auto v = map.find("grow_cwnd_when_rate_limited"))
    c.grow_cwnd_when_rate_limited = v->boolean();
  if (auto v = map.find("ssthresh_from_pipe")) c.ssthresh_from_pipe = v->boolean();
  if (auto v = map.find("recover_inclusive")) c.recover_inclusive = v->boolean();
  if (auto v = map.find("delayed_ack")) c.delayed_ack = v->boolean();
  if (auto v = map.find("delayed_ack_count"))
    c.delayed_ack_count = static_cast<std::uint32_t>(v->unsigned_integer(1, 100));
  if (auto v = map.find("delayed_ack_timeout")) c.delayed_ack_timeout = positive(*v);
  if (auto v = map.find("nagle")) c.nagle = v->boolean();
  if (auto v = map.find("msl")) c.msl = v->duration();
  if (auto v = map.find("time_wait")) c.time_wait = v->duration();
  if (c.min_rto > c.max_rto) map.self().fail("min_rto is above max_rto");
  return c;
}

}  // namespace netsim::scenario
