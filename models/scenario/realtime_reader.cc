#include "models/scenario/realtime_reader.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "models/scenario/suggest.h"
#include "models/scenario/tcp_reader.h"

namespace netsim::scenario {

namespace {

const std::vector<std::string> kSectionKeys{"servers", "clients", "mitigations"};
const std::vector<std::string> kRecoveryKeys{"enabled", "max_disconnection_duration",
                                             "skip_middlewares"};
const std::vector<std::string> kServerListenerKeys{"event", "any", "after", "remove_after"};
const std::vector<std::string> kClientListenerKeys{"event", "any", "at", "remove_at",
                                                   "in_connect_handler"};
const std::vector<std::string> kJoinKeys{"client", "room", "at", "leave_at"};
const std::vector<std::string> kConnectAgainKeys{"at", "disconnect_at"};
const std::vector<std::string> kScheduleKeys{"event", "size", "at",       "interval", "arrival",
                                             "start", "stop", "volatile", "ack"};
// The largest group, and the most retries: far beyond any use, small enough to stay cheap.
constexpr std::uint64_t kMaxGroup = 100'000;
constexpr std::uint64_t kMaxRetries = 1'000'000;
// An epoch in milliseconds up to the year 275760 (ECMAScript's largest Date).
constexpr std::uint64_t kMaxEpochMs = 8'640'000'000'000'000;

std::vector<std::string> with(std::vector<std::string> keys, const std::vector<std::string>& more) {
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

sim::Duration positive(const YamlValue& v) {
  const sim::Duration d = v.duration();
  if (d <= sim::Duration::zero()) v.fail("must be longer than 0s");
  return d;
}

std::vector<socketio::Transport> read_transports(const YamlValue& v) {
  std::vector<socketio::Transport> out;
  for (const YamlValue& item : v.sequence()) {
    const socketio::Transport t = item.choice({"polling", "websocket"}) == "polling"
                                      ? socketio::Transport::Polling
                                      : socketio::Transport::WebSocket;
    if (std::find(out.begin(), out.end(), t) != out.end()) item.fail("listed twice");
    out.push_back(t);
  }
  if (out.empty()) v.fail("at least one transport: polling, websocket");
  return out;
}

// A list of names, or one name alone (`to: lobby` is `to: [lobby]`).
std::vector<std::string> read_names(const YamlValue& v) {
  if (v.is_scalar()) return {v.scalar()};
  std::vector<std::string> out;
  for (const YamlValue& item : v.sequence()) out.push_back(item.scalar());
  return out;
}

// The file GET {path}socket.io.js serves: socket.io 4.8.3's unless a size is given. A
// compressed size not given is the reference file's, scaled with the file's size. The server
// holds the body in memory: a size beyond 1 GiB is a typo, not a web page's script.
void read_client_script(const YamlMap& map, realtime::ClientScript& script) {
  constexpr std::uint64_t kMaxBytes = 1ULL << 30;
  const auto bytes_of = [](const YamlValue& v, std::uint64_t least, const std::string& why) {
    const auto n = static_cast<std::uint64_t>(v.size().count());
    if (n < least) v.fail(why);
    if (n > kMaxBytes) v.fail("at most 1GiB (the server holds the file in memory)");
    return n;
  };
  const realtime::ClientScript reference;
  if (auto size = map.find("client_script_size")) script.bytes = bytes_of(*size, 0, "");
  const auto scaled = [&](std::uint64_t reference_bytes, std::uint64_t least) {
    const double ratio =
        static_cast<double>(reference_bytes) / static_cast<double>(reference.bytes);
    return std::max(
        least, static_cast<std::uint64_t>(std::llround(ratio * static_cast<double>(script.bytes))));
  };
  const auto gzip = map.find("client_script_gzip_size");
  script.gzip_bytes =
      gzip ? bytes_of(*gzip, realtime::ClientScript::kMinGzipBytes,
                      "a gzip body has at least 20 bytes (RFC 1952: header, an empty block, "
                      "trailer)")
           : scaled(reference.gzip_bytes, realtime::ClientScript::kMinGzipBytes);
  const auto br = map.find("client_script_br_size");
  script.br_bytes = br ? bytes_of(*br, 1, "a brotli body has at least 1 byte (RFC 7932)")
                       : scaled(reference.br_bytes, 1);
}

std::string event_name(const YamlValue& v) {
  const std::string name = v.scalar();
  if (name.empty()) v.fail("an event has a name");
  const auto& reserved = reserved_events();
  if (std::find(reserved.begin(), reserved.end(), name) != reserved.end()) {
    std::string list;
    for (const auto& r : reserved) list += (list.empty() ? "" : ", ") + r;
    v.fail("'" + name + "' is reserved by Socket.IO (" + list + ")");
  }
  return name;
}

// `namespace: /chat`: a Socket.IO namespace starts with '/' (SIO-SPEC "Namespaces").
std::string namespace_name(const YamlValue& v) {
  const std::string nsp = v.scalar();
  if (nsp.empty() || nsp.front() != '/') v.fail("a namespace starts with '/', e.g. / or /chat");
  return nsp;
}

class Reader {
 public:
  explicit Reader(const RealtimeScope& scope) : scope_(scope) {}

  RealtimeConfig read(const YamlValue& value) {
    const YamlMap map = value.map();
    map.allow_only(kSectionKeys);
    if (auto servers = map.find("servers")) {
      const YamlMap entries = servers->map();
      for (const auto& entry : entries.entries()) read_server(entry.key, entry.value);
    }
    if (auto clients = map.find("clients")) {
      const YamlMap entries = clients->map();
      for (const auto& entry : entries.entries()) read_client(entry.key, entry.value);
    }
    check_join_clients();
    if (auto mitigations = map.find("mitigations")) read_mitigations(*mitigations);
    return std::move(config_);
  }

 private:
  // `mitigations: [none, state_recovery, [acks_retries, dedup]]`: strategies, each one
  // mitigation or a list of them applied together.
  void read_mitigations(const YamlValue& value) {
    const auto one = [](const YamlValue& v) {
      const std::optional<Mitigation> m = mitigation_from_name(v.scalar());
      if (!m) {
        std::string names;
        for (const std::string& n : mitigation_names()) names += (names.empty() ? "" : ", ") + n;
        v.fail("unknown mitigation '" + v.scalar() + "' (one of: " + names + ")");
      }
      return *m;
    };
    for (const YamlValue& item : value.sequence()) {
      MitigationSet set;
      if (!item.is_scalar()) {
        for (const YamlValue& part : item.sequence()) set.parts.push_back(one(part));
        if (set.parts.empty()) item.fail("an empty list of mitigations");
      } else {
        set.parts.push_back(one(item));
      }
      for (const MitigationSet& other : config_.mitigations) {
        if (other.name() == set.name())
          item.fail("the strategy '" + set.name() + "' is listed twice");
      }
      config_.mitigations.push_back(std::move(set));
    }
    if (config_.clients.empty() && !config_.mitigations.empty()) {
      value.fail("mitigations need realtime clients to compare");
    }
  }

  // --- names and times ------------------------------------------------------------------------

  // Servers, clients and group members share one namespace: the reports name them.
  void take_name(const std::string& name, const std::string& owner, const YamlValue& where) {
    const auto [it, fresh] = names_.emplace(name, owner);
    if (!fresh) where.fail("the name '" + name + "' is already taken by " + it->second);
  }

  // A time in the run, not before `earliest` (the client's start, or 0).
  sim::Time time(const YamlValue& v, sim::Time earliest) const {
    const sim::Time t = sim::Time::zero() + v.duration();
    if (t.since_start() > scope_.duration) {
      v.fail("after the end of the run (" + sim::to_string(scope_.duration) + ")");
    }
    if (t < earliest) {
      v.fail("before the client starts (" + sim::to_string(earliest) +
             "): its page has not run yet");
    }
    return t;
  }

  // `at`, or `interval` with `arrival`, `start` and `stop`; times from `origin` on.
  apps::EmitSchedule schedule(const YamlMap& map, sim::Time origin) const {
    apps::EmitSchedule s;
    const auto at = map.find("at");
    const auto interval = map.find("interval");
    if (at && interval) interval->fail("an emit happens once (`at`) or every `interval`, not both");
    if (!at && !interval) {
      map.self().fail("an emit needs a time: `at` (once) or `interval` (repeatedly)");
    }
    if (at) {
      for (const char* key : {"arrival", "start", "stop"}) {
        if (auto v = map.find(key)) v->fail("`" + std::string(key) + "` goes with `interval`");
      }
      s.at = time(*at, origin);
      return s;
    }
    s.interval = interval->duration();
    if (s.interval <= sim::Duration::zero()) interval->fail("the interval must be longer than 0s");
    if (auto a = map.find("arrival")) {
      s.arrival = a->choice({"fixed", "poisson"}) == "poisson" ? apps::Arrival::Poisson
                                                               : apps::Arrival::Fixed;
    }
    const auto start = map.find("start");
    const auto stop = map.find("stop");
    s.start = start ? time(*start, origin) : origin;
    s.stop = stop ? time(*stop, origin) : sim::Time::zero() + scope_.duration;
    if (s.start >= s.stop) {
      (start ? *start : map.self())
          .fail("start (" + sim::to_string(s.start) + ") must be before stop (" +
                sim::to_string(s.stop) + ")");
    }
    return s;
  }

  // --- servers --------------------------------------------------------------------------------

  void read_server(const YamlValue& key, const YamlValue& value) {
    RealtimeServerConfig s;
    s.name = key.name();
    take_name(s.name, "realtime server '" + s.name + "'", key);
    const YamlMap map = value.map();
    map.allow_only(realtime_server_keys());
    s.node = scope_.host(map.required("node"));
    s.spec.name = s.name;
    const auto port = map.find("port");
    if (port) s.spec.port = static_cast<std::uint16_t>(port->unsigned_integer(1, 65535));
    check_port(s, port ? *port : map.required("node"));
    if (auto p = map.find("path")) {
      s.spec.path = p->scalar();
      if (s.spec.path.empty() || s.spec.path.front() != '/') {
        p->fail("a path starts with '/', e.g. /socket.io/");
      }
    }
    read_server_options(map, s.spec.options);
    if (auto e = map.find("epoch_unix_ms")) {
      s.spec.epoch_unix_ms = static_cast<std::int64_t>(e->unsigned_integer(0, kMaxEpochMs));
    }
    read_client_script(map, s.spec.client_script);
    if (auto k = map.find("keep_alive_timeout")) s.spec.keep_alive_timeout = k->duration();
    s.spec.tcp = realtime_tcp_base(scope_.tcp_defaults);
    if (auto t = map.find("tcp")) s.spec.tcp = read_tcp(*t, s.spec.tcp);
    if (auto r = map.find("rooms")) s.script.rooms = read_names(*r);
    if (auto a = map.find("rooms_after")) s.script.rooms_after = a->duration();
    if (auto l = map.find("listeners")) {
      for (const YamlValue& item : l->sequence())
        s.script.listeners.push_back(server_listener(item));
    }
    if (auto e = map.find("emits")) {
      for (const YamlValue& item : e->sequence()) s.script.emits.push_back(server_emit(item));
    }
    if (auto j = map.find("joins")) {
      for (const YamlValue& item : j->sequence()) s.script.joins.push_back(server_join(s, item));
    }
    config_.servers.push_back(std::move(s));
  }

  // `{client, room, at, leave_at}`: the client is checked once every client is read.
  apps::RoomJoinScript server_join(const RealtimeServerConfig& s, const YamlValue& item) {
    const YamlMap map = item.map();
    map.allow_only(kJoinKeys);
    apps::RoomJoinScript j;
    const YamlValue client = map.required("client");
    j.client = client.name();
    const YamlValue room = map.required("room");
    j.room = room.scalar();
    if (j.room.empty()) room.fail("a room has a name");
    if (std::find(s.script.rooms.begin(), s.script.rooms.end(), j.room) != s.script.rooms.end()) {
      room.fail("every socket of '" + s.name + "' joins '" + j.room + "' already (its `rooms`)");
    }
    const auto at = map.find("at");
    j.at = at ? time(*at, sim::Time::zero()) : sim::Time::zero();
    if (auto l = map.find("leave_at")) {
      j.leave_at = time(*l, sim::Time::zero());
      if (*j.leave_at <= j.at) l->fail("leaves before it joins (at: " + sim::to_string(j.at) + ")");
    }
    for (const apps::RoomJoinScript& other : s.script.joins) {
      const bool overlap = other.client == j.client && other.room == j.room &&
                           (!other.leave_at || j.at < *other.leave_at) &&
                           (!j.leave_at || other.at < *j.leave_at);
      if (overlap) {
        item.fail("'" + j.client + "' is in '" + j.room + "' already then (joined at " +
                  sim::to_string(other.at) + ")");
      }
    }
    join_clients_.emplace_back(s.name, client);
    return j;
  }

  // Each join names a client (or a group member) of its server.
  void check_join_clients() const {
    std::map<std::string, std::string> server_of;  // client or member → its server
    for (const RealtimeClientConfig& c : config_.clients) {
      for (std::uint32_t k = 1; k <= c.count; ++k) {
        server_of[c.count == 1 ? c.name : c.name + "-" + std::to_string(k)] = c.server;
      }
    }
    for (const auto& [server, client] : join_clients_) {
      const std::string name = client.scalar();
      const auto it = server_of.find(name);
      if (it == server_of.end()) {
        std::vector<std::string> names;
        for (const auto& entry : server_of) names.push_back(entry.first);
        client.fail("unknown realtime client '" + name + "'" + did_you_mean(name, names));
      }
      if (it->second != server) {
        client.fail("'" + name + "' is a client of '" + it->second + "', not of '" + server + "'");
      }
    }
  }

  void check_port(const RealtimeServerConfig& s, const YamlValue& where) const {
    const std::string at =
        "port " + std::to_string(s.spec.port) + " on '" + s.node + "' is already used by ";
    if (const auto flow = scope_.tcp_listener(s.node, s.spec.port))
      where.fail(at + "flow '" + *flow + "'");
    for (const RealtimeServerConfig& other : config_.servers) {
      if (other.node == s.node && other.spec.port == s.spec.port) {
        where.fail(at + "realtime server '" + other.name + "'");
      }
    }
  }

  static void read_server_options(const YamlMap& map, socketio::ServerOptions& o) {
    if (auto v = map.find("ping_interval")) o.ping_interval = positive(*v);
    if (auto v = map.find("ping_timeout")) o.ping_timeout = positive(*v);
    if (auto v = map.find("upgrade_timeout")) o.upgrade_timeout = positive(*v);
    if (auto v = map.find("max_http_buffer_size")) {
      o.max_http_buffer_size = v->size().count();
      if (o.max_http_buffer_size == 0) v->fail("a buffer holds at least one byte");
    }
    if (auto v = map.find("transports")) o.transports = read_transports(*v);
    if (auto v = map.find("allow_upgrades")) o.allow_upgrades = v->boolean();
    if (auto v = map.find("per_message_deflate")) {
      o.per_message_deflate = v->boolean();
      if (o.per_message_deflate) {
        v->fail("permessage-deflate (RFC 7692) is not modelled: WebSocket frames go uncompressed");
      }
    }
    if (auto v = map.find("http_compression_threshold")) {
      o.http_compression_threshold = v->size().count();
    }
    if (auto v = map.find("connect_timeout")) o.connect_timeout = positive(*v);
    if (auto v = map.find("connection_state_recovery")) {
      const YamlMap csr = v->map();
      csr.allow_only(kRecoveryKeys);
      auto& r = o.connection_state_recovery;
      if (auto e = csr.find("enabled")) r.enabled = e->boolean();
      if (auto d = csr.find("max_disconnection_duration"))
        r.max_disconnection_duration = positive(*d);
      if (auto s = csr.find("skip_middlewares")) r.skip_middlewares = s->boolean();
    }
  }

  static void listener_target(const YamlMap& map, std::string& event) {
    const auto any = map.find("any");
    const auto name = map.find("event");
    if (any && any->boolean()) {
      if (name) name->fail("an onAny listener (`any: true`) hears every event: no `event`");
      return;
    }
    if (!name) map.self().fail("a listener needs an `event` (or `any: true` for onAny)");
    event = event_name(*name);
  }

  static apps::ServerListenerScript server_listener(const YamlValue& item) {
    const YamlMap map = item.map();
    map.allow_only(kServerListenerKeys);
    apps::ServerListenerScript l;
    listener_target(map, l.event);
    if (auto a = map.find("after")) l.after = a->duration();
    if (auto r = map.find("remove_after")) {
      l.remove_after = r->duration();
      if (*l.remove_after <= l.after) {
        r->fail("removed before it is registered (after: " + sim::to_string(l.after) + ")");
      }
    }
    return l;
  }

  apps::ServerEmitScript server_emit(const YamlValue& item) const {
    const YamlMap map = item.map();
    map.allow_only(with(kScheduleKeys, {"to", "except", "namespace"}));
    apps::ServerEmitScript e;
    e.event = event_name(map.required("event"));
    e.size = map.required("size").size();
    e.when = schedule(map, sim::Time::zero());
    if (auto t = map.find("to")) e.audience.rooms = read_names(*t);
    if (auto x = map.find("except")) e.audience.except = read_names(*x);
    if (auto n = map.find("namespace")) e.audience.nsp = namespace_name(*n);
    if (auto v = map.find("volatile")) e.is_volatile = v->boolean();
    if (auto a = map.find("ack")) e.ack = a->boolean();
    return e;
  }

  // --- clients --------------------------------------------------------------------------------

  void read_client(const YamlValue& key, const YamlValue& value) {
    RealtimeClientConfig c;
    c.name = key.name();
    const YamlMap map = value.map();
    map.allow_only(realtime_client_keys());
    if (auto n = map.find("count"))
      c.count = static_cast<std::uint32_t>(n->unsigned_integer(1, kMaxGroup));
    if (auto m = map.find("multiplex_with")) {
      share_page(map, *m, c);  // the count too
    } else {
      c.node = scope_.host(map.required("node"));
      const RealtimeServerConfig& server = server_ref(map.required("server"));
      c.server = server.name;
      if (c.node == server.node) {
        map.find("node")->fail("a client runs on another node than its server ('" + server.node +
                               "')");
      }
      if (!scope_.reachable(c.node, server.node)) {
        map.find("server")->fail("'" + server.node + "' (server '" + server.name +
                                 "') cannot be reached from '" + c.node +
                                 "' (hosts do not forward; connect them through routers)");
      }
      c.spec.port = server.spec.port;
      c.spec.path = server.spec.path;
      c.spec.host = server.node;
      c.spec.server_name = server.name;
    }
    if (c.count == 1) {
      take_name(c.name, "realtime client '" + c.name + "'", key);
    } else {
      for (std::uint32_t k = 1; k <= c.count; ++k) {
        take_name(c.name + "-" + std::to_string(k), "a member of client group '" + c.name + "'",
                  key);
      }
    }
    const auto start = map.find("start");
    if (start) c.script.start = time(*start, sim::Time::zero());
    if (c.script.start.since_start() >= scope_.duration) {
      start->fail("the client must start before the end of the run (" +
                  sim::to_string(scope_.duration) + ")");
    }
    const auto stagger = map.find("stagger");
    if (stagger) c.stagger = stagger->duration();
    const sim::Time last = c.script.start + c.stagger * (c.count - 1);
    if (last.since_start() >= scope_.duration) {
      // The stagger may be the other client's (multiplex_with).
      const YamlValue where = stagger ? *stagger : start ? *start : *map.find("multiplex_with");
      where.fail("the last of the " + std::to_string(c.count) + " clients would start at " +
                 sim::to_string(last) + ", not before the end of the run (" +
                 sim::to_string(scope_.duration) + ")");
    }
    if (c.multiplex_with) {
      check_namespace_is_free(map, c);
    } else if (auto n = map.find("namespace")) {
      c.spec.nsp = namespace_name(*n);
    }
    if (auto f = map.find("fetch_script")) c.spec.fetch_script = f->boolean();
    if (auto u = map.find("user_agent")) c.spec.user_agent = u->scalar();
    if (auto a = map.find("accept_encoding")) c.spec.accept_encoding = a->scalar();
    if (auto e = map.find("epoch_unix_ms")) {
      c.spec.epoch_unix_ms = static_cast<std::int64_t>(e->unsigned_integer(0, kMaxEpochMs));
    }
    read_client_options(map, c.spec.options);
    if (!c.multiplex_with) c.spec.tcp = realtime_tcp_base(scope_.tcp_defaults);
    if (auto t = map.find("tcp")) c.spec.tcp = read_tcp(*t, c.spec.tcp);
    if (auto l = map.find("listeners")) {
      for (const YamlValue& item : l->sequence()) {
        c.script.listeners.push_back(client_listener(item, c.script.start));
      }
    }
    if (auto e = map.find("emits")) {
      for (const YamlValue& item : e->sequence()) {
        c.script.emits.push_back(client_emit(item, c.script.start));
      }
    }
    if (auto d = map.find("disconnect_at")) {
      c.script.disconnect_at = time(*d, c.script.start);
      if (*c.script.disconnect_at == c.script.start) d->fail("the client disconnects as it starts");
    }
    if (auto a = map.find("connect_again")) read_connect_again(*a, c.script);
    config_.clients.push_back(std::move(c));
  }

  // `multiplex_with: <client>`: io(url + nsp) on the page of a client defined above, for another
  // namespace. socket.io-client (lookup.ts) gives it that page's Manager — the same Engine.IO
  // connection, with the Manager's options — so the connection's keys are not its own; a group
  // shares member by member with a group of the same size.
  void share_page(const YamlMap& map, const YamlValue& value, RealtimeClientConfig& c) const {
    const std::string name = value.scalar();
    const RealtimeClientConfig* page = client_above(name);
    if (page == nullptr) {
      std::vector<std::string> names;
      for (const RealtimeClientConfig& other : config_.clients) names.push_back(other.name);
      value.fail("unknown realtime client '" + name +
                 "' (a client shares the page of one defined above it)" +
                 did_you_mean(name, names));
    }
    for (const std::string& key : realtime_connection_keys()) {
      if (auto v = map.find(key)) {
        v->fail("`" + key + "` belongs to the connection, which is the one of '" + name +
                "' (multiplex_with): set it there");
      }
    }
    if (const auto n = map.find("count"); n && c.count != page->count) {
      n->fail("a client multiplexed with '" + name + "' has its count (" +
              std::to_string(page->count) + "): member k shares the connection of member k");
    }
    c.count = page->count;  // each member of a group opens this namespace too
    c.multiplex_with = name;
    c.node = page->node;
    c.server = page->server;
    c.spec = page->spec;  // the connection's options; the socket's own are read next
    c.spec.options.retries.reset();
    c.spec.options.ack_timeout.reset();
    // By default the page opens this namespace as it opens its first (io() twice in a row).
    c.script.start = page->script.start;
    c.stagger = page->stagger;
  }

  // lookup.ts: a second io() on a namespace the page's Manager already has gets a Manager of its
  // own (`sameNamespace`), so a multiplexed client names a namespace no other socket of the
  // page joins.
  void check_namespace_is_free(const YamlMap& map, RealtimeClientConfig& c) const {
    const YamlValue n = map.required("namespace");
    c.spec.nsp = namespace_name(n);
    const std::string page = root_page(c);
    for (const RealtimeClientConfig& other : config_.clients) {
      if (other.spec.nsp == c.spec.nsp && root_page(other) == page) {
        n.fail("'" + other.name + "' already joins '" + c.spec.nsp +
               "' on this connection (socket.io-client would open another one for it: drop "
               "multiplex_with)");
      }
    }
  }

  const RealtimeClientConfig* client_above(const std::string& name) const {
    for (const RealtimeClientConfig& other : config_.clients) {
      if (other.name == name) return &other;
    }
    return nullptr;
  }

  // The client whose Manager `c` uses (itself unless multiplexed).
  std::string root_page(const RealtimeClientConfig& c) const {
    const RealtimeClientConfig* page = &c;
    while (page->multiplex_with) page = client_above(*page->multiplex_with);
    return page->name;
  }

  // `[{at, disconnect_at}, …]`: each at or after the disconnect before it.
  void read_connect_again(const YamlValue& value, apps::ClientScript& script) const {
    const std::vector<YamlValue> items = value.sequence();
    if (items.empty()) return;
    if (!script.disconnect_at) {
      value.fail("socket.connect() again comes after a socket.disconnect(): set `disconnect_at`");
    }
    sim::Time previous = *script.disconnect_at;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const YamlMap map = items[i].map();
      map.allow_only(kConnectAgainKeys);
      apps::ConnectAgainScript again;
      const YamlValue at = map.required("at");
      again.at = time(at, script.start);
      if (again.at < previous) {
        at.fail("before the disconnect it follows (" + sim::to_string(previous) + ")");
      }
      if (auto d = map.find("disconnect_at")) {
        again.disconnect_at = time(*d, script.start);
        if (*again.disconnect_at <= again.at) {
          d->fail("disconnects before it connects again (at: " + sim::to_string(again.at) + ")");
        }
        previous = *again.disconnect_at;
      } else if (i + 1 < items.size()) {
        items[i].fail("only the last connect may stay connected: give it a `disconnect_at`");
      }
      script.connect_again.push_back(again);
    }
  }

  const RealtimeServerConfig& server_ref(const YamlValue& value) const {
    const std::string name = value.scalar();
    std::vector<std::string> names;
    for (const RealtimeServerConfig& s : config_.servers) {
      if (s.name == name) return s;
      names.push_back(s.name);
    }
    value.fail("unknown realtime server '" + name + "'" + did_you_mean(name, names));
  }

  static void read_client_options(const YamlMap& map, socketio::ClientOptions& o) {
    if (auto v = map.find("transports")) o.transports = read_transports(*v);
    if (auto v = map.find("upgrade")) o.upgrade = v->boolean();
    if (auto v = map.find("remember_upgrade")) {
      o.remember_upgrade = v->boolean();
      if (o.remember_upgrade) {
        v->fail(
            "rememberUpgrade is not modelled: every connection starts with the first of "
            "`transports`");
      }
    }
    if (auto v = map.find("timestamp_requests")) o.timestamp_requests = v->boolean();
    if (auto v = map.find("reconnection")) o.reconnection = v->boolean();
    if (auto v = map.find("reconnection_attempts")) {
      // manager.ts: `opts.reconnectionAttempts || Infinity`, so 0 is Infinity too.
      const std::string text = v->scalar();
      const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char ch) {
        return ch >= '0' && ch <= '9';
      });
      if (text != "infinity" && !digits) {
        v->fail("expected a whole number of attempts or infinity, got '" + text + "'");
      }
      const std::uint64_t n = text == "infinity" ? 0 : v->unsigned_integer(0, 1'000'000'000);
      o.reconnection_attempts =
          n == 0 ? std::nullopt : std::optional<std::int64_t>(static_cast<std::int64_t>(n));
    }
    // manager.ts: `opts.reconnectionDelay || 1000`, `opts.reconnectionDelayMax || 5000`.
    if (auto v = map.find("reconnection_delay")) {
      o.reconnection_delay = v->duration();
      if (o.reconnection_delay == sim::Duration::zero()) o.reconnection_delay = sim::ms(1000);
    }
    if (auto v = map.find("reconnection_delay_max")) {
      o.reconnection_delay_max = v->duration();
      if (o.reconnection_delay_max == sim::Duration::zero())
        o.reconnection_delay_max = sim::ms(5000);
    }
    if (auto v = map.find("randomization_factor")) o.randomization_factor = v->fraction();
    if (auto v = map.find("timeout")) o.timeout = positive(*v);
    if (auto v = map.find("retries")) {
      o.retries = static_cast<int>(v->unsigned_integer(0, kMaxRetries));
    }
    if (auto v = map.find("ack_timeout")) o.ack_timeout = positive(*v);
  }

  apps::ClientListenerScript client_listener(const YamlValue& item, sim::Time start) const {
    const YamlMap map = item.map();
    map.allow_only(kClientListenerKeys);
    apps::ClientListenerScript l;
    listener_target(map, l.event);
    if (auto h = map.find("in_connect_handler")) l.in_connect_handler = h->boolean();
    if (l.in_connect_handler) {
      for (const char* key : {"at", "remove_at"}) {
        if (auto v = map.find(key)) {
          v->fail(
              "a listener registered in the connect handler is added on every connect: it "
              "has no `" +
              std::string(key) + "`");
        }
      }
      return l;
    }
    l.at = map.find("at") ? time(*map.find("at"), start) : start;
    if (auto r = map.find("remove_at")) {
      l.remove_at = time(*r, start);
      if (*l.remove_at <= l.at) {
        r->fail("removed before it is registered (at: " + sim::to_string(l.at) + ")");
      }
    }
    return l;
  }

  apps::ClientEmitScript client_emit(const YamlValue& item, sim::Time start) const {
    const YamlMap map = item.map();
    map.allow_only(with(kScheduleKeys, {"timeout"}));
    apps::ClientEmitScript e;
    e.event = event_name(map.required("event"));
    e.size = map.required("size").size();
    e.when = schedule(map, start);
    if (auto v = map.find("volatile")) e.options.is_volatile = v->boolean();
    if (auto a = map.find("ack")) e.options.ack = a->boolean();
    if (auto t = map.find("timeout")) {
      if (!e.options.ack) t->fail("a timeout is for the acknowledgement: it goes with `ack: true`");
      e.options.timeout = positive(*t);
    }
    return e;
  }

  const RealtimeScope& scope_;
  RealtimeConfig config_;
  std::map<std::string, std::string> names_;                     // taken name → what took it
  std::vector<std::pair<std::string, YamlValue>> join_clients_;  // (server, a join's `client`)
};

}  // namespace

const std::vector<std::string>& realtime_server_keys() {
  static const std::vector<std::string> keys{"node",
                                             "port",
                                             "path",
                                             "ping_interval",
                                             "ping_timeout",
                                             "upgrade_timeout",
                                             "max_http_buffer_size",
                                             "transports",
                                             "allow_upgrades",
                                             "per_message_deflate",
                                             "http_compression_threshold",
                                             "connect_timeout",
                                             "connection_state_recovery",
                                             "epoch_unix_ms",
                                             "client_script_size",
                                             "client_script_gzip_size",
                                             "client_script_br_size",
                                             "keep_alive_timeout",
                                             "tcp",
                                             "rooms",
                                             "rooms_after",
                                             "listeners",
                                             "emits",
                                             "joins"};
  return keys;
}

const std::vector<std::string>& realtime_connection_keys() {
  static const std::vector<std::string> keys{"node",
                                             "server",
                                             "fetch_script",
                                             "user_agent",
                                             "accept_encoding",
                                             "epoch_unix_ms",
                                             "transports",
                                             "upgrade",
                                             "remember_upgrade",
                                             "timestamp_requests",
                                             "reconnection",
                                             "reconnection_attempts",
                                             "reconnection_delay",
                                             "reconnection_delay_max",
                                             "randomization_factor",
                                             "timeout",
                                             "tcp"};
  return keys;
}

const std::vector<std::string>& realtime_client_keys() {
  // The connection's keys, and the socket's own.
  static const std::vector<std::string> keys =
      with(realtime_connection_keys(),
           {"count", "stagger", "start", "namespace", "multiplex_with", "retries", "ack_timeout",
            "listeners", "emits", "disconnect_at", "connect_again"});
  return keys;
}

const std::vector<std::string>& reserved_events() {
  static const std::vector<std::string> names{"connect",       "connect_error", "disconnect",
                                              "disconnecting", "newListener",   "removeListener"};
  return names;
}

tcp::TcpConfig realtime_tcp_base(const tcp::TcpConfig& scenario_defaults) {
  tcp::TcpConfig c = scenario_defaults;
  c.nagle = false;
  return c;
}

RealtimeConfig read_realtime(const YamlValue& value, const RealtimeScope& scope) {
  return Reader(scope).read(value);
}

}  // namespace netsim::scenario
