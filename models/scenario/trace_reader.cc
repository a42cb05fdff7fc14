#include "models/scenario/trace_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "models/engineio/json.h"
#include "models/scenario/quantity.h"
#include "models/scenario/reachability.h"
#include "models/scenario/realtime_reader.h"
#include "models/scenario/suggest.h"
#include "models/scenario/tcp_reader.h"
#include "models/scenario/yaml_reader.h"

namespace netsim::scenario {

namespace {

constexpr std::array<std::pair<TraceAction, std::string_view>, 7> kActions{{
    {TraceAction::Connect, "connect"},
    {TraceAction::Disconnect, "disconnect"},
    {TraceAction::Emit, "emit"},
    {TraceAction::Listen, "listen"},
    {TraceAction::Unlisten, "unlisten"},
    {TraceAction::Join, "join"},
    {TraceAction::Leave, "leave"},
}};

// A field of a line as written: its text (empty: not given) and where it starts.
struct Field {
  std::string text;
  int column = 1;
};
using Fields = std::map<std::string, Field>;

// Where the line is, for errors about one of its fields.
class LineRef {
 public:
  LineRef(const std::string& file, int line) : file_(file), line_(line) {}

  [[noreturn]] void fail(int column, const std::string& field, const std::string& message) const {
    throw ScenarioError({file_, line_, column}, field, message);
  }

 private:
  const std::string& file_;
  int line_;
};

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool plain_number(std::string_view s) {
  // Digits with at most one decimal point: seconds (`time`) or bytes (`size`) without a unit.
  if (s.empty() || s == ".") return false;
  return std::count(s.begin(), s.end(), '.') <= 1 && std::all_of(s.begin(), s.end(), [](char c) {
           return c == '.' || std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

bool valid_name(std::string_view s) {
  // As a scenario's names (YamlValue::name): they name files and columns of reports.
  return !s.empty() && s.front() != '.' && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
  });
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// --- fields → entry ----------------------------------------------------------------------------

// Which actions a field goes with (node and server go with any action of a client).
bool field_applies(const std::string& field, TraceAction a) {
  using A = TraceAction;
  if (field == "event") return a == A::Emit || a == A::Listen || a == A::Unlisten;
  if (field == "room") return a == A::Emit || a == A::Join || a == A::Leave;
  if (field == "size" || field == "volatile" || field == "ack") return a == A::Emit;
  return true;
}

sim::Time read_time(const Field& f, const LineRef& at) {
  try {
    // A bare number is seconds ("1.5"); parse_duration takes every other form ("1.5s", "250ms").
    return sim::Time::zero() + parse_duration(plain_number(f.text) ? f.text + "s" : f.text);
  } catch (const QuantityError& e) {
    // Something like a number ("-1s", "1.5x", "1e3") gets the quantity's own diagnosis; anything
    // else the forms a time takes here.
    const char first = f.text.empty() ? ' ' : f.text.front();
    const bool numeric =
        std::isdigit(static_cast<unsigned char>(first)) != 0 || first == '.' || first == '-';
    at.fail(f.column, "time",
            numeric
                ? std::string(e.what())
                : "expected a time such as 1.5s, 250ms or 1.5 (seconds), got " + quoted(f.text));
  }
}

sim::Bytes read_size(const Field& f, const LineRef& at) {
  try {
    // A bare integer is bytes ("200"), as a size column usually holds.
    return parse_size(plain_number(f.text) ? f.text + "B" : f.text);
  } catch (const QuantityError& e) {
    at.fail(f.column, "size", e.what());
  }
}

bool read_flag(const Field& f, const std::string& name, const LineRef& at) {
  if (f.text == "true") return true;
  if (f.text == "false") return false;
  at.fail(f.column, name, "expected true or false, got " + quoted(f.text));
}

TraceAction read_action(const Field& f, const LineRef& at) {
  std::vector<std::string> names;
  for (const auto& [action, name] : kActions) {
    if (f.text == name) return action;
    names.emplace_back(name);
  }
  at.fail(f.column, "action",
          "unknown action " + quoted(f.text) + did_you_mean(f.text, names) +
              "; actions: " + joined(names));
}

std::string read_event(const Field& f, TraceAction action, bool& any, const LineRef& at) {
  if (f.text == "*") {
    if (action == TraceAction::Emit) {
      at.fail(f.column, "event", "'*' stands for every event (onAny) in listen and unlisten only");
    }
    any = true;
    return {};
  }
  const auto& reserved = reserved_events();
  if (std::find(reserved.begin(), reserved.end(), f.text) != reserved.end()) {
    at.fail(f.column, "event",
            quoted(f.text) + " is reserved by Socket.IO (" + joined(reserved) + ")");
  }
  return f.text;
}

// The fields of one line (empty ones left out) as an entry, each checked on its own.
TraceEntry entry_from(const Fields& fields, int line, const std::string& file) {
  const LineRef at(file, line);
  TraceEntry e;
  e.line = line;
  const auto given = [&](const char* name) -> const Field* {
    const auto it = fields.find(name);
    return it == fields.end() || it->second.text.empty() ? nullptr : &it->second;
  };
  const auto column_of = [&](const char* name) {
    const auto it = fields.find(name);
    return it == fields.end() ? 1 : it->second.column;
  };
  for (const char* name : {"time", "client", "action"}) {
    if (given(name) == nullptr) {
      at.fail(column_of(name), name, "missing: every line has a time, a client and an action");
    }
  }
  e.time = read_time(*given("time"), at);
  e.client = given("client")->text;
  if (!valid_name(e.client)) {
    at.fail(column_of("client"), "client",
            quoted(e.client) +
                " is not a valid name (use letters, digits, '_', '-' and '.', not starting with "
                "'.')");
  }
  e.action = read_action(*given("action"), at);
  const std::string action(to_string(e.action));
  for (const auto& [name, field] : fields) {
    e.columns[name] = field.column;
    if (!field.text.empty() && !field_applies(name, e.action)) {
      at.fail(field.column, name, "`" + action + "` has no " + name);
    }
  }
  const bool needs_event = e.action == TraceAction::Emit || e.action == TraceAction::Listen ||
                           e.action == TraceAction::Unlisten;
  if (needs_event) {
    if (given("event") == nullptr) {
      at.fail(column_of("event"), "event", "`" + action + "` needs an event");
    }
    e.event = read_event(*given("event"), e.action, e.any, at);
  }
  if (e.action == TraceAction::Join || e.action == TraceAction::Leave) {
    if (given("room") == nullptr) {
      at.fail(column_of("room"), "room", "`" + action + "` needs a room");
    }
  }
  if (const Field* r = given("room")) e.room = r->text;
  if (e.action == TraceAction::Emit) {
    if (given("size") == nullptr) at.fail(column_of("size"), "size", "`emit` needs a size");
    e.size = read_size(*given("size"), at);
    if (const Field* v = given("volatile")) e.is_volatile = read_flag(*v, "volatile", at);
    if (const Field* a = given("ack")) e.ack = read_flag(*a, "ack", at);
  }
  if (const Field* n = given("node")) e.node = n->text;
  if (const Field* s = given("server")) e.server = s->text;
  return e;
}

// --- CSV (RFC 4180, one record per line) -------------------------------------------------------

// The fields of a CSV line and the columns they start at. A quoted field may hold commas and
// doubled quotes, not line breaks; spaces around a field are dropped.
std::vector<Field> split_csv(std::string_view line, const LineRef& at) {
  std::vector<Field> out;
  std::size_t pos = 0;
  while (true) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    Field f;
    f.column = static_cast<int>(pos) + 1;
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      while (true) {
        if (pos >= line.size()) {
          at.fail(f.column, "",
                  "a quoted field does not end on its line (a trace has one action "
                  "per line)");
        }
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            f.text += '"';
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        f.text += line[pos++];
      }
      while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
      if (pos < line.size() && line[pos] != ',') {
        at.fail(static_cast<int>(pos) + 1, "", "text after a closing quote");
      }
    } else {
      const std::size_t end = std::min(line.find(',', pos), line.size());
      f.text = std::string(trim_spaces(line.substr(pos, end - pos)));
      pos = end;
    }
    out.push_back(std::move(f));
    if (pos >= line.size()) return out;
    ++pos;  // the comma
  }
}

// --- reading ---------------------------------------------------------------------------------

// Calls `each(number, line)` for every line that is not blank or a `#` comment (lines counted
// from 1, CR LF endings and a UTF-8 byte order mark allowed).
template <typename Each>
void for_each_line(std::string_view text, Each each) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  int number = 0;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    const std::string_view content = trim_spaces(line);
    if (content.empty() || content.front() == '#') continue;
    each(number, line);
  }
}

Trace parse_csv(std::string_view text, const std::string& label) {
  Trace trace;
  trace.file = label;
  std::vector<std::string> header;
  for_each_line(text, [&](int number, std::string_view line) {
    const LineRef at(trace.file, number);
    if (header.empty()) {
      for (const Field& f : split_csv(line, at)) {
        const auto& known = trace_fields();
        if (std::find(known.begin(), known.end(), f.text) == known.end()) {
          at.fail(f.column, "",
                  "unknown column " + quoted(f.text) + did_you_mean(f.text, known) +
                      "; columns: " + joined(trace_fields()));
        }
        if (std::find(header.begin(), header.end(), f.text) != header.end()) {
          at.fail(f.column, "", "the column " + quoted(f.text) + " appears twice");
        }
        header.push_back(f.text);
      }
      for (const char* required : {"time", "client", "action"}) {
        if (std::find(header.begin(), header.end(), required) == header.end()) {
          at.fail(1, "",
                  std::string("the header has no `") + required +
                      "` column (every line has a time, a client and an action)");
        }
      }
      return;
    }
    const std::vector<Field> cells = split_csv(line, at);
    if (cells.size() != header.size()) {
      at.fail(1, "",
              std::to_string(cells.size()) + " fields, but the header has " +
                  std::to_string(header.size()) + " (" + joined(header) + ")");
    }
    Fields fields;
    for (std::size_t i = 0; i < cells.size(); ++i) fields[header[i]] = cells[i];
    trace.entries.push_back(entry_from(fields, number, trace.file));
  });
  if (header.empty()) {
    throw ScenarioError({label, 0, 0}, "",
                        "empty: a CSV trace starts with a header line, e.g. time,client,action");
  }
  return trace;
}

// --- JSON lines --------------------------------------------------------------------------------

Trace parse_json_lines(std::string_view text, const std::string& label) {
  namespace json = engineio::json;
  Trace trace;
  trace.file = label;
  for_each_line(text, [&](int number, std::string_view line) {
    const LineRef at(trace.file, number);
    const std::optional<std::vector<json::Member>> members = json::object_members(line);
    if (!members) {
      at.fail(1, "",
              "not a JSON object (one per line, e.g. {\"time\": \"1.5s\", \"client\": \"alice\", "
              "\"action\": \"connect\"})");
    }
    Fields fields;
    for (const json::Member& m : *members) {
      const std::size_t value_at = static_cast<std::size_t>(m.value.data() - line.data());
      const int column = static_cast<int>(value_at) + 1;
      // The key's opening quote: the second '"' before the ':' before the value.
      const std::size_t key_close = line.rfind('"', line.rfind(':', value_at));
      const int key_column = static_cast<int>(line.rfind('"', key_close - 1)) + 1;
      const auto& known = trace_fields();
      if (std::find(known.begin(), known.end(), m.key) == known.end()) {
        at.fail(key_column, m.key,
                "unknown field" + did_you_mean(m.key, known) + "; fields: " + joined(known));
      }
      if (fields.count(m.key) > 0) at.fail(key_column, m.key, "given twice");
      Field f;
      f.column = column;
      switch (*json::parse_kind(m.value)) {
        case json::Kind::String:
          f.text = *json::read_string(m.value);
          break;
        case json::Kind::Number:
        case json::Kind::True:
        case json::Kind::False:
          f.text = std::string(m.value);
          break;
        case json::Kind::Null:
          break;  // as if not given
        case json::Kind::Object:
        case json::Kind::Array:
          at.fail(column, m.key, "expected a string, a number, true or false");
      }
      fields[m.key] = std::move(f);
    }
    trace.entries.push_back(entry_from(fields, number, trace.file));
  });
  return trace;
}

// --- the trace against the scenario ------------------------------------------------------------

// Turns the entries, in order, into clients and scripts, keeping what each client is doing.
class TraceBuilder {
 public:
  TraceBuilder(const Trace& trace, const tcp::TcpConfig& client_tcp, ScenarioConfig& config)
      : trace_(trace), client_tcp_(client_tcp), config_(config), realtime_(config.realtime) {}

  void build() {
    for (const RealtimeServerConfig& s : realtime_.servers) taken_[s.name] = "a realtime server";
    for (const RealtimeClientConfig& c : realtime_.clients) {
      for (std::uint32_t k = 1; k <= c.count; ++k) {
        taken_[c.count == 1 ? c.name : c.name + "-" + std::to_string(k)] = "a realtime client";
      }
    }
    collect_rooms();
    std::optional<sim::Time> previous;
    for (const TraceEntry& e : trace_.entries) {
      if (previous && e.time < *previous) {
        fail(e, "time",
             "time goes backwards: " + sim::to_string(e.time) + " after " +
                 sim::to_string(*previous) + " (a trace is in time order)");
      }
      previous = e.time;
      if (e.time.since_start() > config_.duration) {
        fail(e, "time", "after the end of the run (" + sim::to_string(config_.duration) + ")");
      }
      if (const auto server = server_index(e.client)) {
        server_line(e, *server);
      } else {
        client_line(e);
      }
    }
  }

 private:
  // A client of the trace and what it is doing at the current line.
  struct Client {
    std::size_t index = 0;            // in realtime_.clients
    std::size_t server = 0;           // in realtime_.servers
    std::optional<int> connect_line;  // the connect it is connected by, if connected
    sim::Time connected_at;
    int disconnect_line = 0;
    // Listeners registered and not removed, by event ("" for onAny): (index in the script's
    // listeners, line).
    std::map<std::string, std::vector<std::pair<std::size_t, int>>> listening;
    // Rooms it is in: (index in its server's joins, line).
    std::map<std::string, std::pair<std::size_t, int>> rooms;
  };

  [[noreturn]] void fail(const TraceEntry& e, const std::string& field,
                         const std::string& message) const {
    const auto it = e.columns.find(field);
    throw ScenarioError({trace_.file, e.line, it == e.columns.end() ? 1 : it->second}, field,
                        message);
  }

  std::optional<std::size_t> server_index(const std::string& name) const {
    for (std::size_t i = 0; i < realtime_.servers.size(); ++i) {
      if (realtime_.servers[i].name == name) return i;
    }
    return std::nullopt;
  }

  // The rooms each server's emits may name: its `rooms`, and the rooms its clients join, in the
  // scenario or anywhere in the trace (an emit to a room nobody has joined yet is no mistake).
  void collect_rooms() {
    rooms_.resize(realtime_.servers.size());
    for (std::size_t i = 0; i < realtime_.servers.size(); ++i) {
      const apps::ServerScript& script = realtime_.servers[i].script;
      rooms_[i].insert(script.rooms.begin(), script.rooms.end());
      for (const apps::RoomJoinScript& j : script.joins) rooms_[i].insert(j.room);
    }
    std::map<std::string, std::optional<std::size_t>> server_of;  // by each client's first line
    for (const TraceEntry& e : trace_.entries) {
      if (server_index(e.client) || server_of.count(e.client) > 0) continue;
      server_of[e.client] = e.server                        ? server_index(*e.server)
                            : realtime_.servers.size() == 1 ? std::optional<std::size_t>(0)
                                                            : std::nullopt;
    }
    for (const TraceEntry& e : trace_.entries) {
      const auto it = server_of.find(e.client);
      if (e.action == TraceAction::Join && it != server_of.end() && it->second) {
        rooms_[*it->second].insert(e.room);
      }
    }
  }

  // --- a server's emit ----------------------------------------------------------------------

  void server_line(const TraceEntry& e, std::size_t index) {
    RealtimeServerConfig& server = realtime_.servers[index];
    if (e.action != TraceAction::Emit) {
      fail(e, "action",
           quoted(e.client) + " is a server: its lines are emits, got `" +
               std::string(to_string(e.action)) + "`");
    }
    if (e.node) fail(e, "node", "a server's emit has no node");
    if (e.server) fail(e, "server", "a server's emit has no server");
    apps::ServerEmitScript emit;
    emit.event = e.event;
    emit.size = e.size;
    emit.when.at = e.time;
    if (!e.room.empty()) {
      if (rooms_[index].count(e.room) == 0) {
        const std::vector<std::string> known(rooms_[index].begin(), rooms_[index].end());
        fail(e, "room",
             "unknown room " + quoted(e.room) + did_you_mean(e.room, known) + ": no client of " +
                 quoted(server.name) + " joins it, and it is not in its `rooms`");
      }
      emit.audience.rooms = {e.room};
    }
    emit.is_volatile = e.is_volatile;
    emit.ack = e.ack;
    server.script.emits.push_back(std::move(emit));
  }

  // --- a client's action --------------------------------------------------------------------

  void client_line(const TraceEntry& e) {
    auto it = clients_.find(e.client);
    if (it == clients_.end()) {
      it = clients_.emplace(e.client, new_client(e)).first;
    } else {
      same_as_first(e, it->second);
    }
    Client& c = it->second;
    apps::ClientScript& script = realtime_.clients[c.index].script;
    switch (e.action) {
      case TraceAction::Connect:
        if (c.connect_line) {
          fail(e, "action",
               quoted(e.client) + " is connected already (connect on line " +
                   std::to_string(*c.connect_line) + ")");
        }
        // The first connect made the client (its `start`); a later one is socket.connect().
        if (c.disconnect_line > 0) script.connect_again.push_back({e.time, std::nullopt});
        c.connect_line = e.line;
        c.connected_at = e.time;
        break;
      case TraceAction::Disconnect:
        if (!c.connect_line) {
          fail(e, "action",
               quoted(e.client) + " is not connected (it disconnected on line " +
                   std::to_string(c.disconnect_line) + ")");
        }
        if (e.time == c.connected_at) {
          fail(e, "time",
               quoted(e.client) + " disconnects as it connects (line " +
                   std::to_string(*c.connect_line) + ")");
        }
        (script.connect_again.empty() ? script.disconnect_at
                                      : script.connect_again.back().disconnect_at) = e.time;
        c.connect_line.reset();
        c.disconnect_line = e.line;
        break;
      case TraceAction::Emit:
        client_emit(e, script);
        break;
      case TraceAction::Listen:
        c.listening[e.event].emplace_back(script.listeners.size(), e.line);
        script.listeners.push_back({e.event, false, e.time, std::nullopt});
        break;
      case TraceAction::Unlisten:
        unlisten(e, c, script);
        break;
      case TraceAction::Join:
        join(e, c);
        break;
      case TraceAction::Leave:
        leave(e, c);
        break;
    }
  }

  Client new_client(const TraceEntry& e) {
    if (const auto it = taken_.find(e.client); it != taken_.end()) {
      fail(e, "client",
           "the name " + quoted(e.client) + " is already taken by " + it->second +
               " of the scenario");
    }
    if (e.action != TraceAction::Connect) {
      fail(e, "action",
           quoted(e.client) + " appears first with `" + std::string(to_string(e.action)) +
               "`: a client's first line is its `connect`");
    }
    if (e.time.since_start() >= config_.duration) {
      fail(e, "time",
           "the client must start before the end of the run (" + sim::to_string(config_.duration) +
               ")");
    }
    Client c;
    c.server = server_of(e);
    const RealtimeServerConfig& server = realtime_.servers[c.server];
    RealtimeClientConfig config;
    config.name = e.client;
    config.node = node_of(e, server);
    config.server = server.name;
    // As the scenario reader makes a client of `server` (realtime_reader.cc read_client).
    config.spec.port = server.spec.port;
    config.spec.path = server.spec.path;
    config.spec.host = server.node;
    config.spec.server_name = server.name;
    config.spec.tcp = client_tcp_;
    config.script.start = e.time;
    c.index = realtime_.clients.size();
    realtime_.clients.push_back(std::move(config));
    return c;
  }

  std::size_t server_of(const TraceEntry& e) const {
    std::vector<std::string> names;
    for (const RealtimeServerConfig& s : realtime_.servers) names.push_back(s.name);
    if (!e.server) {
      if (names.size() == 1) return 0;
      fail(e, "client",
           "which server does " + quoted(e.client) + " connect to? The scenario has " +
               joined(names) + ": give its first line a `server`");
    }
    if (const auto index = server_index(*e.server)) return *index;
    fail(e, "server",
         "unknown realtime server " + quoted(*e.server) + did_you_mean(*e.server, names));
  }

  // The client's host: its `node`, or the first host that runs no realtime server.
  std::string node_of(const TraceEntry& e, const RealtimeServerConfig& server) const {
    std::string node;
    if (e.node) {
      std::vector<std::string> names;
      const NodeConfig* found = nullptr;
      for (const NodeConfig& n : config_.nodes) {
        names.push_back(n.name);
        if (n.name == *e.node) found = &n;
      }
      if (found == nullptr) {
        fail(e, "node", "unknown node " + quoted(*e.node) + did_you_mean(*e.node, names));
      }
      if (found->kind != net::NodeKind::Host) {
        fail(e, "node", quoted(*e.node) + " is a router; applications run on hosts");
      }
      if (*e.node == server.node) {
        fail(e, "node",
             "a client runs on another node than its server (" + quoted(server.node) + ")");
      }
      node = *e.node;
    } else {
      for (const NodeConfig& n : config_.nodes) {
        const bool serves =
            std::any_of(realtime_.servers.begin(), realtime_.servers.end(),
                        [&n](const RealtimeServerConfig& s) { return s.node == n.name; });
        if (n.kind == net::NodeKind::Host && !serves) {
          node = n.name;
          break;
        }
      }
      if (node.empty()) {
        fail(e, "client",
             "no host for " + quoted(e.client) +
                 ": every host runs a realtime server; give its first line a `node`");
      }
    }
    if (!reachable(config_, node, server.node)) {
      fail(e, e.node ? "node" : "client",
           quoted(server.node) + " (server " + quoted(server.name) + ") cannot be reached from " +
               quoted(node) + " (hosts do not forward; connect them through routers)");
    }
    return node;
  }

  // `node` and `server` on a later line, if given, say what the first line said.
  void same_as_first(const TraceEntry& e, const Client& c) const {
    const RealtimeClientConfig& config = realtime_.clients[c.index];
    if (e.node && *e.node != config.node) {
      fail(e, "node", quoted(e.client) + " runs on " + quoted(config.node));
    }
    if (e.server && *e.server != config.server) {
      fail(e, "server", quoted(e.client) + " connects to " + quoted(config.server));
    }
  }

  void client_emit(const TraceEntry& e, apps::ClientScript& script) const {
    if (!e.room.empty()) {
      fail(e, "room",
           "a client's emit goes to its server: no room (rooms are for a server's emits)");
    }
    apps::ClientEmitScript emit;
    emit.event = e.event;
    emit.size = e.size;
    emit.when.at = e.time;
    emit.options.is_volatile = e.is_volatile;
    emit.options.ack = e.ack;
    script.emits.push_back(std::move(emit));
  }

  // socket.off(event): every listener for the event registered and not removed.
  void unlisten(const TraceEntry& e, Client& c, apps::ClientScript& script) const {
    auto& open = c.listening[e.event];
    if (open.empty()) {
      fail(e, "event",
           quoted(e.client) + " has no " + (e.any ? "onAny" : quoted(e.event)) +
               " listener to remove");
    }
    for (const auto& [index, line] : open) {
      apps::ClientListenerScript& l = script.listeners[index];
      if (l.at == e.time) {
        fail(e, "time",
             quoted(e.client) + " removes the listener of line " + std::to_string(line) +
                 " as it registers it");
      }
      l.remove_at = e.time;
    }
    open.clear();
  }

  void join(const TraceEntry& e, Client& c) {
    apps::ServerScript& script = realtime_.servers[c.server].script;
    if (const auto it = c.rooms.find(e.room); it != c.rooms.end()) {
      fail(e, "room",
           quoted(e.client) + " is in " + quoted(e.room) + " already (joined on line " +
               std::to_string(it->second.second) + ")");
    }
    if (std::find(script.rooms.begin(), script.rooms.end(), e.room) != script.rooms.end()) {
      fail(e, "room",
           "every socket of " + quoted(realtime_.servers[c.server].name) + " joins " +
               quoted(e.room) + " already (its `rooms`)");
    }
    c.rooms[e.room] = {script.joins.size(), e.line};
    script.joins.push_back({e.client, e.room, e.time, std::nullopt});
  }

  void leave(const TraceEntry& e, Client& c) {
    const auto it = c.rooms.find(e.room);
    if (it == c.rooms.end()) fail(e, "room", quoted(e.client) + " is not in " + quoted(e.room));
    apps::RoomJoinScript& j = realtime_.servers[c.server].script.joins[it->second.first];
    if (j.at == e.time) {
      fail(e, "time",
           quoted(e.client) + " leaves " + quoted(e.room) + " as it joins it (line " +
               std::to_string(it->second.second) + ")");
    }
    j.leave_at = e.time;
    c.rooms.erase(it);
  }

  const Trace& trace_;
  const tcp::TcpConfig& client_tcp_;
  const ScenarioConfig& config_;
  RealtimeConfig& realtime_;
  std::map<std::string, std::string> taken_;  // names of the scenario's servers and clients
  std::vector<std::set<std::string>> rooms_;  // per server: the rooms an emit may name
  std::map<std::string, Client> clients_;
};

}  // namespace

std::string_view to_string(TraceAction action) {
  for (const auto& [a, name] : kActions) {
    if (a == action) return name;
  }
  return "?";
}

const std::vector<std::string>& trace_fields() {
  static const std::vector<std::string> fields{"time", "client", "action", "event",    "room",
                                               "size", "node",   "server", "volatile", "ack"};
  return fields;
}

Trace parse_trace(std::string_view text, const std::string& label, TraceFormat format) {
  Trace trace = format == TraceFormat::Csv ? parse_csv(text, label) : parse_json_lines(text, label);
  if (trace.entries.empty()) {
    throw ScenarioError({label, 0, 0}, "", "no actions: a trace has one line per action");
  }
  return trace;
}

Trace read_trace(const std::string& path) {
  const std::string extension = path.substr(std::min(path.rfind('.'), path.size()));
  if (extension != ".csv" && extension != ".jsonl") {
    throw ScenarioError({path, 0, 0}, "",
                        "a trace is CSV (.csv) or JSON lines (.jsonl), told by its extension");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({path, 0, 0}, "", "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_trace(text.str(), path,
                     extension == ".csv" ? TraceFormat::Csv : TraceFormat::JsonLines);
}

void add_trace(const Trace& trace, const tcp::TcpConfig& client_tcp, ScenarioConfig& config) {
  TraceBuilder(trace, client_tcp, config).build();
}

tcp::TcpConfig realtime_client_tcp(const DocPtr& document) {
  // scenario_loader.cc: the top-level `tcp` over the `rfc` preset.
  tcp::TcpConfig tcp = *tcp::tcp_preset("rfc");
  if (const DocPtr t = document->find("tcp")) tcp = read_tcp(YamlValue(t, "tcp"), tcp);
  return realtime_tcp_base(tcp);
}

}  // namespace netsim::scenario
